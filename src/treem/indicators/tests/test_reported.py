"""Reported values: validation with Vietnamese messages, locking, and roll-up as a ratio of sums."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from treem.accounts.access import AccessDenied
from treem.core.errors import ApplicationError
from treem.indicators import selectors
from treem.indicators.models import Indicator, ReportedValue
from treem.indicators.services import reported_value_set

pytestmark = pytest.mark.django_db


def _ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def _messages(exc: ValidationError) -> list[str]:
    return [m for msgs in exc.message_dict.values() for m in msgs]


def test_percentage_numerator_cannot_exceed_denominator(world: Any, catalogues: None) -> None:
    with pytest.raises(ValidationError) as exc:
        reported_value_set(
            actor=world.worker_a1,
            unit=world.a1,
            indicator=_ind("QD23-05"),
            year=2025,
            numerator=11,
            denominator=10,
        )
    assert "Tử số không được lớn hơn mẫu số đối với chỉ số tính theo tỷ lệ phần trăm." in _messages(exc.value)
    assert not ReportedValue.objects.exists()


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (None, 10, "Chưa nhập tử số."),
        (5, None, "Chưa nhập mẫu số."),
        (0, 0, "Mẫu số phải lớn hơn 0."),
    ],
)
def test_missing_or_zero(
    world: Any, catalogues: None, numerator: Any, denominator: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        reported_value_set(
            actor=world.worker_a1,
            unit=world.a1,
            indicator=_ind("QD23-05"),
            year=2025,
            numerator=numerator,
            denominator=denominator,
        )
    assert message in _messages(exc.value)


def test_year_range_and_computed_indicators_refused(world: Any, catalogues: None) -> None:
    with pytest.raises(ValidationError) as exc:
        reported_value_set(
            actor=world.worker_a1,
            unit=world.a1,
            indicator=_ind("QD23-14"),
            year=1990,
            numerator=1,
            denominator=2,
        )
    messages = _messages(exc.value)
    assert "Năm phải từ 2000 đến 2100." in messages
    assert "Chỉ số này được tính từ cơ sở dữ liệu, không nhập số liệu báo cáo." in messages


def test_count_indicator_takes_a_value_only(world: Any, catalogues: None) -> None:
    count = Indicator.objects.create(
        code="TEST-01",
        name="Số vụ thử",
        definition="Thử.",
        unit="count",
        periodicity="year",
        source="reported",
        direction="lower",
        aggregation="sum",
        citation="Thử nghiệm",
    )
    with pytest.raises(ValidationError) as exc:
        reported_value_set(
            actor=world.worker_a1, unit=world.a1, indicator=count, year=2025, value=Decimal("-1")
        )
    assert "Giá trị không được âm." in _messages(exc.value)
    reported_value_set(actor=world.worker_a1, unit=world.a1, indicator=count, year=2025, value=Decimal("3"))
    reported_value_set(actor=world.worker_a2, unit=world.a2, indicator=count, year=2025, value=Decimal("4"))
    assert selectors.reported(count, world.a, 2025).value == Decimal("7")


def test_scope_lock_and_ratio_of_sums(world: Any, catalogues: None) -> None:
    ind = _ind("QD23-05")
    with pytest.raises(AccessDenied):
        reported_value_set(
            actor=world.worker_a1, unit=world.a2, indicator=ind, year=2025, numerator=1, denominator=2
        )
    v = reported_value_set(
        actor=world.worker_a1, unit=world.a1, indicator=ind, year=2025, numerator=9, denominator=10
    )
    assert v.value == Decimal("90.00")
    reported_value_set(
        actor=world.worker_a2, unit=world.a2, indicator=ind, year=2025, numerator=1, denominator=90
    )
    fig = selectors.reported(ind, world.a, 2025)
    # 10 / 100 = 10 %, not the average of 90 % and 1,11 %.
    assert (fig.numerator, fig.denominator, fig.value) == (10, 100, Decimal("10.00"))
    v.locked = True
    v.save()
    with pytest.raises(ApplicationError):
        reported_value_set(
            actor=world.worker_a1, unit=world.a1, indicator=ind, year=2025, numerator=8, denominator=10
        )
    # A figure the province reports for itself takes precedence over the sum of its communes.
    ReportedValue.objects.create(
        unit=world.a, indicator=ind, year=2025, numerator=96, denominator=100, value=96
    )
    assert selectors.reported(ind, world.a, 2025).value == Decimal("96")


def test_figures_of_former_communes_roll_into_their_successors(world: Any, catalogues: None) -> None:
    """2025 map: Phường Sài Gòn (a1) took in two former wards whole; a third former ward was divided
    between a1 and a2. Their figures for 2024 count for a1 (the whole ones) and for the city (all)."""
    import datetime

    from treem.geo.models import UnitSuccession
    from treem.geo.services import unit_create

    ind = _ind("QD23-05")
    old_province = unit_create(
        level="province",
        unit_type="thanh_pho",
        code="79-2008",
        name="TP. HCM (cũ)",
        parent=world.nation,
        generation="2008",
    )
    old_district = unit_create(
        level="district", unit_type="quan", code="760", name="Quận 1", parent=old_province, generation="2008"
    )
    wards = [
        unit_create(
            level="commune", unit_type="phuong", code=code, name=name, parent=old_district, generation="2008"
        )
        for code, name in (
            ("26734", "Phường Bến Nghé"),
            ("26737", "Phường Đa Kao"),
            ("26743", "Phường Bến Thành"),
        )
    ]
    day = datetime.date(2025, 7, 1)
    UnitSuccession.objects.create(predecessor=wards[0], successor=world.a1, effective_date=day)
    UnitSuccession.objects.create(predecessor=wards[1], successor=world.a1, effective_date=day)
    for successor in (world.a1, world.a2):
        UnitSuccession.objects.create(
            predecessor=wards[2], successor=successor, effective_date=day, is_partial=True
        )
    for ward, (num, den) in zip(wards, ((9, 10), (18, 20), (30, 30)), strict=True):
        ReportedValue.objects.create(unit=ward, indicator=ind, year=2024, numerator=num, denominator=den)

    fig = selectors.reported(ind, world.a1, 2024)
    assert (fig.numerator, fig.denominator) == (27, 30)  # the two whole wards, not the divided one
    assert selectors.reported(ind, world.a2, 2024).denominator is None  # nothing whole came to a2
    city = selectors.reported(ind, world.a, 2024)
    assert (city.numerator, city.denominator) == (57, 60)  # all three: every successor is in the city
    # A commune's own figure for the year replaces its predecessors' (no double count).
    ReportedValue.objects.create(unit=world.a1, indicator=ind, year=2024, numerator=95, denominator=100)
    city = selectors.reported(ind, world.a, 2024)
    assert (city.numerator, city.denominator) == (125, 130)  # a1's own 95/100 + the divided ward's 30/30


def test_the_heirs_of_former_communes_by_hand(world: Any, catalogues: None) -> None:
    """Former wards: two merged whole into a1, one divided between a1 and a2, one divided between a1 and
    b1 (another province), and a former district succeeded by a1 (not a commune: never an heir's). A unit
    inherits a former commune whole when it went into one commune of the unit alone, and as a share of
    nobody (None) when all its parts are in the unit; a ward with a part elsewhere is the unit's in no way."""
    import datetime

    from treem.geo.models import UnitSuccession
    from treem.geo.services import unit_create

    old_province = unit_create(
        level="province",
        unit_type="thanh_pho",
        code="79-2008",
        name="TP cũ",
        parent=world.nation,
        generation="2008",
    )
    old_district = unit_create(
        level="district", unit_type="quan", code="760", name="Quận 1", parent=old_province, generation="2008"
    )
    whole1, whole2, split_a, split_ab = (
        unit_create(
            level="commune", unit_type="phuong", code=c, name=c, parent=old_district, generation="2008"
        )
        for c in ("26734", "26737", "26743", "26746")
    )
    day = datetime.date(2025, 7, 1)
    for predecessor, successor, partial in (
        (whole1, world.a1, False),
        (whole2, world.a1, False),
        (split_a, world.a1, True),
        (split_a, world.a2, True),
        (split_ab, world.a1, True),
        (split_ab, world.b1, True),
        (old_district, world.a1, False),
    ):
        UnitSuccession.objects.create(
            predecessor=predecessor, successor=successor, effective_date=day, is_partial=partial
        )

    def heirs(unit: Any) -> dict[int, int | None]:
        return selectors._former_heirs(type(unit).objects.get(pk=unit.pk))

    # the world's own: Phường 2 and Phường 4 of the former map (the latter with a2's code) merged into a2
    ward_2, ward_4 = (
        type(world.a2).objects.get(generation="2008", level="commune", code=code).pk
        for code in ("26965", "26968")
    )
    in_a2 = {ward_2: world.a2.pk, ward_4: world.a2.pk}
    assert heirs(world.a1) == {whole1.pk: world.a1.pk, whole2.pk: world.a1.pk}
    assert heirs(world.a2) == in_a2
    assert heirs(world.a) == {whole1.pk: world.a1.pk, whole2.pk: world.a1.pk, split_a.pk: None, **in_a2}
    assert heirs(world.b1) == {}
    assert heirs(world.nation) == {
        whole1.pk: world.a1.pk,
        whole2.pk: world.a1.pk,
        split_a.pk: None,
        split_ab.pk: None,
        **in_a2,
    }
