"""People's data outranks reference data (issue #15.7, ADR 0020): ``load_reference`` never overwrites a
target that a user or a plan set; it updates only the rows it owns and nobody changed since. The city's
catalogue targets (QĐ 4063, 2022) are the former city's (ADR 0024)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from treem.accounts.access import system_actor
from treem.indicators import selectors
from treem.indicators.models import Indicator, Target, TargetOrigin
from treem.indicators.reference import load_targets
from treem.indicators.services import target_clear, target_set

pytestmark = pytest.mark.django_db


def _target(unit: Any, code: str, year: int) -> Target:
    return Target.objects.get(unit=unit, indicator__code=code, year=year)


def test_reference_rows_are_reference_owned(world: Any, catalogues: None) -> None:
    target = _target(world.former_a, "QD23-14", 2030)
    assert (target.value, target.comparator, target.origin) == (Decimal(100), "eq", TargetOrigin.REFERENCE)
    assert load_targets()["created"] == 0  # idempotent


def test_a_users_target_survives_reloading(world: Any, catalogues: None) -> None:
    target_set(
        actor=system_actor(world.nation),
        unit=world.former_a,
        indicator=Indicator.objects.get(code="QD23-14"),
        year=2030,
        value=Decimal("98.5"),
        comparator="ge",
        source="Nghị quyết HĐND Thành phố",
    )
    counts = load_targets()
    target = _target(world.former_a, "QD23-14", 2030)
    assert (target.value, target.comparator, target.origin) == (Decimal("98.5"), "ge", TargetOrigin.USER)
    assert target.source == "Nghị quyết HĐND Thành phố"
    assert counts["kept"] >= 1 and counts["updated"] == 0


def test_a_cleared_reference_target_stays_cleared(world: Any, catalogues: None) -> None:
    indicator = Indicator.objects.get(code="QD23-14")
    own = _target(world.former_a, "QD23-14", 2030)
    target_clear(actor=system_actor(world.nation), unit=world.former_a, indicator=indicator, year=2030)
    inherited = selectors.target_for(indicator, world.former_a, 2030)
    assert inherited is not None and inherited.unit_id == world.nation.pk
    load_targets()
    assert selectors.target_for(indicator, world.former_a, 2030) == inherited
    assert Target.objects.get(pk=own.pk).origin == TargetOrigin.CLEARED
    # and setting it again works as before
    target_set(
        actor=system_actor(world.nation),
        unit=world.former_a,
        indicator=indicator,
        year=2030,
        value=Decimal(99),
        comparator="ge",
    )
    assert selectors.target_for(indicator, world.former_a, 2030).value == Decimal(99)  # type: ignore[union-attr]


def test_reference_owned_rows_follow_the_catalogue(world: Any, catalogues: None) -> None:
    """A reference row nobody touched is updated when the catalogue changes (here: the row is made to
    differ from the file, as an older catalogue would have written it)."""
    Target.objects.filter(unit=world.former_a, indicator__code="QD23-14", year=2030).update(value=Decimal(97))
    assert load_targets()["updated"] == 1
    assert _target(world.former_a, "QD23-14", 2030).value == Decimal(100)


def test_a_plans_targets_survive_load_reference(world: Any, catalogues: None) -> None:
    """The restart of #15.7: a plan sets the city's targets, ``load_reference`` runs again, and every
    target — value and comparator exactly as the plan wrote them — is unchanged."""
    from treem.geo.models import AgencyType
    from treem.plans import services as plan_services
    from treem.plans.tests.conftest import hand_draft

    AgencyType.objects.create(code="so_tu_phap", name="Sở Tư pháp", sector="justice", levels="province")
    draft = hand_draft()
    draft["targets"][0].update({"values": {"2025": 99, "2030": 99.5}, "comparator": "gt", "unit": "percent"})
    plan = plan_services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    before = {
        (t.year, t.value, t.comparator, t.source, t.origin)
        for t in Target.objects.filter(unit=world.a, indicator__code="QD23-14")
    }
    assert (2030, Decimal("99.5"), "gt", str(plan.document), TargetOrigin.PLAN) in before
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    after = {
        (t.year, t.value, t.comparator, t.source, t.origin)
        for t in Target.objects.filter(unit=world.a, indicator__code="QD23-14")
    }
    assert after == before
