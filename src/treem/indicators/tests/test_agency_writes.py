"""Agencies write only their own (issue #14.8, ADR 0020): an agency officer enters reported values only
for the indicators whose lead agency is of their agency's sector; the commune worker and the province
officer (no agency) keep entering every reported indicator of their units."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from treem.accounts import access
from treem.indicators import services
from treem.indicators.models import Indicator, ReportedValue

pytestmark = pytest.mark.django_db

ENTER = reverse("indicators:enter")


@pytest.fixture
def health_typed(world: Any, catalogues: None) -> Any:
    """The world's "Sở Y tế Thành phố Hồ Chí Minh", typed as the catalogue's Sở Y tế (sector health)."""
    from treem.geo.models import AgencyType

    so_y_te = AgencyType.objects.create(code="so_y_te", name="Sở Y tế", sector="health", levels="province")
    agency = next(a.agency for a in access.active_assignments(world.agency_a) if a.agency)
    agency.agency_type = so_y_te
    agency.save()
    access.forget(world.agency_a)
    return agency


def _ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def test_the_catalogue_names_the_lead_sectors(catalogues: None) -> None:
    assert _ind("QD23-05").sectors == {"health"}  # Bộ Y tế
    assert _ind("QD23-07").sectors == {"education"}  # Bộ Giáo dục và Đào tạo
    assert "health" in _ind("QD23-12").sectors  # Bộ Y tế (lĩnh vực trẻ em)
    assert all(i.sectors for i in Indicator.objects.all())


def test_health_officer_cannot_save_an_education_value(world: Any, health_typed: Any) -> None:
    with pytest.raises(access.AccessDenied):
        services.reported_value_set(
            actor=world.agency_a,
            unit=world.a,
            indicator=_ind("QD23-07"),
            year=2025,
            numerator=9,
            denominator=10,
        )
    assert not ReportedValue.objects.exists()
    saved = services.reported_value_set(
        actor=world.agency_a, unit=world.a, indicator=_ind("QD23-05"), year=2025, numerator=9, denominator=10
    )
    assert saved.value is not None


def test_an_agency_without_a_type_writes_nothing(world: Any, catalogues: None) -> None:
    assert not services.may_enter(world.agency_a, _ind("QD23-05"), world.a)


def test_commune_worker_and_province_officer_keep_every_reported_indicator(
    world: Any, catalogues: None
) -> None:
    for code in ("QD23-05", "QD23-07", "QD23-21"):
        assert services.may_enter(world.worker_a1, _ind(code), world.a1)
        assert services.may_enter(world.province_a, _ind(code), world.a1)
    assert not services.may_enter(world.worker_a1, _ind("QD23-05"), world.a2)


def test_the_form_offers_only_the_agencys_indicators(world: Any, health_typed: Any, login: Any) -> None:
    client = login(world.agency_a)
    response = client.get(ENTER, {"unit": world.a.pk, "year": 2025})
    assert response.status_code == 200
    codes = {line["row"].indicator.code for line in response.context["lines"]}
    assert "QD23-05" in codes and "QD23-07" not in codes
    # a forged field for an education indicator saves nothing
    form = response.context["form"]
    data = {"unit": str(world.a.pk), "year": "2025"}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = "" if value is None else str(value)
        if field.show_hidden_initial:
            data[f"initial-{name}"] = data[name]
    data.update({"n-QD23-07-T": "9", "d-QD23-07-T": "10"})
    client.post(ENTER, data)
    assert not ReportedValue.objects.filter(indicator__code="QD23-07").exists()
    # the batch service refuses it outright
    entry = services.ReportedEntry(
        indicator=_ind("QD23-07"),
        sex="",
        numerator=9,
        denominator=10,
        value=None,
        note="",
        expected_updated_at=None,
    )
    with pytest.raises(access.AccessDenied):
        services.reported_values_save(actor=world.agency_a, unit=world.a, year=2025, entries=[entry])
    assert not ReportedValue.objects.exists()
