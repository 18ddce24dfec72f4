"""QĐ 23 indicators 22–24 computed from activities where a commune keeps them, reported elsewhere."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.activities import services
from treem.activities.tests.conftest import data, make_child
from treem.indicators import selectors as indicators
from treem.indicators.models import Indicator, ReportedValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_a1(world: Any) -> None:
    """Phường Sài Gòn, 2026. Children: G (girl, born 01/07/2014: 11 at the forum), B (boy, 2019: 7),
    C (boy, 2012), Y (girl, 2021: 5) and seven boys born in 2015.
    Forum 01/06: G, B named; anonymous boys 11–15: 2, girls under 7: 4.
    Core group 01/07: G (again), Y named. Communication 01/09: C named; anonymous girls 7–10: 3.
    QD23-22 (forum, consultation, core group; 7+): {G, B} + 2 = 4 of the 10 children aged 7–15.
    QD23-24 (forum, core group; 11+): {G} + 2 = 3 of the 9 aged 11–15.
    QD23-23 (all participation and communication; any age): {G, B, Y, C} + 2 + 4 + 3 = 13, capped at
    the 11 children under 16.
    Phường Tân Sơn Nhất recorded no activity and reported 30 of 60 for QD23-22."""
    from treem.indicators.reference import load_indicators

    load_indicators()
    g = make_child(world.a1, datetime.date(2014, 7, 1), "F")
    b = make_child(world.a1, datetime.date(2019, 1, 1), "M")
    c = make_child(world.a1, datetime.date(2012, 3, 3), "M")
    y = make_child(world.a1, datetime.date(2021, 5, 5), "F")
    for n in range(7):
        make_child(world.a1, datetime.date(2015, 2, 1 + n), "M")
    july, sept = datetime.date(2026, 7, 1), datetime.date(2026, 9, 1)
    actor = world.worker_a1
    services.activity_create(  # the forum, on 01/06/2026 (``data``'s default)
        actor=actor,
        data=data(world.a1, child_ids=[g.pk, b.pk], child_counts={("M", "11_15"): 2, ("F", "0_6"): 4}),
    )
    services.activity_create(
        actor=actor,
        data=data(world.hamlet_a1, kind="core_group", start_date=july, end_date=july, child_ids=[g.pk, y.pk]),
    )
    services.activity_create(
        actor=actor,
        data=data(
            world.a1,
            kind="communication",
            start_date=sept,
            end_date=sept,
            child_ids=[c.pk],
            child_counts={("F", "7_10"): 3},
        ),
    )
    ReportedValue.objects.create(
        unit=world.a2,
        indicator=Indicator.objects.get(code="QD23-22"),
        year=2026,
        numerator=30,
        denominator=60,
    )


def _counts(code: str, world: Any, sex: str = "") -> dict[int, tuple[int, int]]:
    communes = indicators.current_communes(world.a).values("pk")
    return indicators.COMPUTERS[code](communes, 2026, sex)


def test_counts_worked_by_hand(world: Any, year_of_a1: None) -> None:
    assert _counts("QD23-22", world) == {world.a1.pk: (4, 10)}
    assert _counts("QD23-24", world) == {world.a1.pk: (3, 9)}
    assert _counts("QD23-23", world) == {world.a1.pk: (11, 11)}
    assert _counts("QD23-22", world, "F") == {world.a1.pk: (1, 1)}  # G; Y is under 7


def test_computed_where_recorded_reported_elsewhere(world: Any, year_of_a1: None) -> None:
    indicator = Indicator.objects.get(code="QD23-22")
    assert indicator.source == "reported"  # still enterable on the reported-values page
    province = indicators.figure(indicator, world.a, 2026)
    assert (province.numerator, province.denominator) == (34, 70)
    assert province.value == indicator.value_of(34, 70)
    commune = indicators.figure(indicator, world.a2, 2026)
    assert (commune.numerator, commune.denominator) == (30, 60)
    ReportedValue.objects.create(unit=world.a, indicator=indicator, year=2025, numerator=5, denominator=50)
    earlier = indicators.figure(indicator, world.a, 2025)  # nothing recorded in 2025: the reported figure
    assert (earlier.numerator, earlier.denominator) == (5, 50)
    row = next(r for r in indicators.scorecard(world.a, 2026) if r.indicator.code == "QD23-22")
    assert (row.figure.numerator, row.figure.denominator) == (34, 70)


def test_the_scorecard_reads_the_fallback_figures_as_each_one_alone(world: Any, year_of_a1: None) -> None:
    """The scorecard takes the indicators computed where recorded, reported elsewhere, from the reported
    values it reads once for every indicator (issue #20): each row equals ``evaluate`` of that indicator
    alone — a commune's computed figure, another's reported one, the province's own, the year before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    codes = ("QD23-22", "QD23-23", "QD23-24")
    for code, unit, year, numerator in (
        ("QD23-23", world.a2, 2026, 12),
        ("QD23-24", world.a, 2025, 5),
        ("QD23-22", world.a2, 2025, 7),
        ("QD23-22", world.b1, 2026, 9),  # another province's: never counted here
    ):
        indicator = Indicator.objects.get(code=code)
        ReportedValue.objects.create(
            unit=unit, indicator=indicator, year=year, numerator=numerator, denominator=40
        )
    for unit in (world.a, world.a1, world.a2):
        with CaptureQueriesContext(connection) as queries:
            rows = indicators.scorecard(unit, 2026)
        reads = [q for q in queries.captured_queries if '"indicators_reportedvalue"' in q["sql"]]
        assert len(reads) <= 2, unit  # this year's values, and the year before's
        for row in rows:
            if row.indicator.code not in codes:
                continue
            one = indicators.evaluate(row.indicator, unit, 2026, by_sex=True)
            assert (row.figure, row.status, row.by_sex, row.parts) == (
                one.figure,
                one.status,
                one.by_sex,
                one.parts,
            ), (unit, row.indicator.code)
    row = next(r for r in indicators.scorecard(world.a, 2026) if r.indicator.code == "QD23-23")
    assert (row.figure.numerator, row.figure.denominator) == (11 + 12, 11 + 40)


def test_the_communes_keeping_records_are_read_once_each(world: Any, year_of_a1: None) -> None:
    """Three activities in Phường Sài Gòn, none in Tân Sơn Nhất: the communes keeping their records in 2026
    are one row, Sài Gòn's (the model's ordering in the DISTINCT gave one row per activity); none in 2025."""
    from treem.activities.indicators import keeping

    communes = indicators.current_communes(world.a).values("pk")
    assert keeping(communes, 2026) == [world.a1.pk]
    assert keeping(communes, 2025) == []
