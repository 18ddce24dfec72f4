"""Computed indicators on a hand-built commune, worked out by hand; roll-up is a ratio of sums."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest

from treem.indicators import selectors
from treem.indicators.models import Indicator
from treem.indicators.tests.conftest import make_abuse_case, make_child
from treem.registry.models import ChildCircumstance, CircumstanceGroup, Injury, LabourRecord, Support

pytestmark = pytest.mark.django_db

D = datetime.date
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


@pytest.fixture
def commune(world: Any, catalogues: None) -> Any:
    """Phường Sài Gòn in 2025 — see each child's comment for what it counts in."""
    a1 = world.a1
    group = CircumstanceGroup.objects.get(number=1)
    # c1: 10 years old, special circumstance since 2024, supported in 2025, birth registered.
    c1 = make_child(a1, D(2015, 6, 1), "M", birth_registered=True)
    ChildCircumstance.objects.create(child=c1, group=group, start_date=D(2024, 1, 1))
    Support.objects.create(child=c1, kind="gift", date=D(2025, 3, 1), source="budget")
    # c2: 13, special circumstance for a month of 2025, supported only in 2024; child labour in 2024 only.
    c2 = make_child(a1, D(2012, 2, 2), "F")
    ChildCircumstance.objects.create(child=c2, group=group, start_date=D(2025, 5, 1), end_date=D(2025, 6, 1))
    Support.objects.create(child=c2, kind="gift", date=D(2024, 12, 31), source="budget")
    LabourRecord.objects.create(child=c2, status="child_labour", recorded_on=D(2024, 6, 1))
    make_abuse_case(c2, datetime.datetime(2024, 12, 31, 23, 0, tzinfo=TZ))  # 2024: not counted
    # c3: 15 at 31/12/2025 (still a child), two abuse cases (counted once); child labour then none.
    c3 = make_child(a1, D(2010, 1, 1), "F")
    make_abuse_case(c3, datetime.datetime(2025, 4, 1, 9, 0, tzinfo=TZ))
    make_abuse_case(c3, datetime.datetime(2025, 10, 1, 9, 0, tzinfo=TZ))
    LabourRecord.objects.create(child=c3, status="child_labour", recorded_on=D(2025, 2, 1))
    LabourRecord.objects.create(child=c3, status="none", recorded_on=D(2025, 9, 1))
    # c4: 16 at 31/12/2025 — not a child (<16) but in the 5–17 labour population; hazardous work.
    c4 = make_child(a1, D(2009, 12, 31), "M")
    LabourRecord.objects.create(child=c4, status="hazardous", recorded_on=D(2025, 3, 1))
    Injury.objects.create(child=c4, kind="traffic", date=D(2025, 5, 5), outcome="recovered")
    # c5: 3 years old, not birth registered, two injuries in 2025 (the second fatal), died in 2025.
    c5 = make_child(
        a1, D(2022, 1, 1), "M", birth_registered=False, status="deceased", status_date=D(2025, 8, 1)
    )
    Injury.objects.create(child=c5, kind="fall", date=D(2025, 7, 1), outcome="recovered")
    Injury.objects.create(child=c5, kind="drowning", date=D(2025, 8, 1), outcome="death")
    # c6: 2 years old, birth registered.
    make_child(a1, D(2023, 1, 1), "F", birth_registered=True)
    # c7: a duplicate merged into c1 — not counted itself; its abuse case counts for c1.
    c7 = make_child(a1, D(2024, 5, 5), "M", birth_registered=True, merged_into=c1)
    make_abuse_case(c7, datetime.datetime(2025, 6, 1, 9, 0, tzinfo=TZ))
    # c8 moved away; c9 died in 2024: neither counts in 2025.
    make_child(a1, D(2014, 1, 1), "M", status="moved_away", status_date=D(2025, 2, 1))
    c9 = make_child(a1, D(2013, 1, 1), "F", status="deceased", status_date=D(2024, 6, 1))
    ChildCircumstance.objects.create(child=c9, group=group, start_date=D(2020, 1, 1))
    # c10: 14, an abuse case found not substantiated; an injury on 31/12/2024 is not in 2025.
    c10 = make_child(a1, D(2011, 3, 3), "M")
    make_abuse_case(c10, datetime.datetime(2025, 2, 2, 9, 0, tzinfo=TZ), status="not_substantiated")
    Injury.objects.create(child=c10, kind="burn", date=D(2024, 12, 31), outcome="recovered")
    # A child of the other commune must never leak into Sài Gòn's figures.
    make_child(world.a2, D(2015, 1, 1), "M", birth_registered=True)
    return a1


# Children under 16 in 2025: c1, c2, c3, c5, c6, c10 = 6 (M: c1, c5, c10; F: c2, c3, c6).
EXPECTED = {
    "QD23-08a": (2, 6, Decimal("33.33")),  # c1, c2
    "QD23-08b": (1, 2, Decimal("50.00")),  # c1 of {c1, c2}
    "QD23-09": (2, 6, Decimal("33.33")),  # c3 and c1 (through merged c7)
    "QD23-10": (1, 5, Decimal("20.00")),  # c4 of {c1, c2, c3, c4, c10}
    "QD23-11a": (2, 6, Decimal("33333.33")),  # c5's two injuries per 100,000
    "QD23-11b": (1, 6, Decimal("16666.67")),
    "QD23-14": (1, 2, Decimal("50.00")),  # c6 of {c5, c6}
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_commune_values_worked_out_by_hand(commune: Any, code: str) -> None:
    assert selectors.compute(_ind(code), commune, 2025) == EXPECTED[code]


def test_province_and_nation_equal_the_commune_when_it_is_the_only_one_with_data(
    commune: Any, world: Any
) -> None:
    ind = _ind("QD23-08a")
    n, d, _ = selectors.compute(ind, world.a, 2025)
    assert (n, d) == (2, 7)  # the child of Tân Sơn Nhất joins the denominator
    assert selectors.compute(ind, world.nation, 2025)[:2] == (2, 7)


def test_by_sex(commune: Any) -> None:
    ind = _ind("QD23-08a")
    assert selectors.compute(ind, commune, 2025, sex="M") == (1, 3, Decimal("33.33"))
    assert selectors.compute(ind, commune, 2025, sex="F") == (1, 3, Decimal("33.33"))
    assert selectors.compute(_ind("QD23-14"), commune, 2025, sex="F") == (1, 1, Decimal("100.00"))


def test_age_is_counted_at_the_end_of_the_year(commune: Any) -> None:
    # In 2024, c3 (born 2010) is 14 and c4 (born 31/12/2009) is 15: both children; c6 (2023) is 1.
    # Under 16 in 2024: c1, c2, c3, c4, c5, c6, c10 (c9 died in 2024, so counts in 2024) = 8;
    # c7 is merged; c8 moved away. Special circumstances active in 2024: c1, c9.
    assert selectors.compute(_ind("QD23-08a"), commune, 2024)[:2] == (2, 8)


def _births(commune: Any, registered: int, total: int) -> None:
    for i in range(total):
        make_child(commune, D(2023, 1, 1 + i), birth_registered=i < registered)


def test_aggregation_is_a_ratio_of_sums_never_an_average(world: Any, catalogues: None) -> None:
    _births(world.a1, 1, 2)  # 50 %
    _births(world.a2, 3, 3)  # 100 %
    _births(world.b1, 0, 1)  # 0 %
    _births(world.b2, 2, 2)  # 100 %
    ind = _ind("QD23-14")
    assert selectors.compute(ind, world.a, 2025) == (4, 5, Decimal("80.00"))  # average would be 75
    assert selectors.compute(ind, world.b, 2025) == (2, 3, Decimal("66.67"))  # average would be 50
    # Nation: 6/8 = 75 %, not the average of the provinces (73.33) nor of the communes (62.5).
    assert selectors.compute(ind, world.nation, 2025) == (6, 8, Decimal("75.00"))
    drill = dict(selectors.drill_down(world.nation, 2025, [ind]))
    assert drill[world.a][0].value == Decimal("80.00")
    assert drill[world.b][0].value == Decimal("66.67")


def test_no_children_means_no_value(world: Any, catalogues: None) -> None:
    assert selectors.compute(_ind("QD23-14"), world.b1, 2025) == (0, 0, None)


@pytest.mark.parametrize("scoped", [False, True], ids=["whole register", "communes' children"])
@pytest.mark.parametrize("year", [2024, 2025])
def test_the_whole_catalogue_at_once_equals_compute_for_every_unit(
    commune: Any, world: Any, year: int, scoped: bool, monkeypatch: Any
) -> None:
    """Both forms of the numerators' query (the facts of the whole register, or of the communes' children
    only, chosen by the communes' share of the register) give ``compute``'s numbers."""
    from django.db import connection

    from treem.geo.models import AdminUnit

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_child")  # the register's size, which the choice reads
    monkeypatch.setattr(selectors, "FACTS_SCOPED_SHARE", 1e9 if scoped else 0.0)
    chosen: list[str] = []
    original = selectors._read_columns

    def spy(cursor: Any, sql: str, *rest: Any) -> int:
        chosen.append(sql)
        return original(cursor, sql, *rest)

    monkeypatch.setattr(selectors, "_read_columns", spy)

    # More data in the other communes, so that several communes, both sexes and both provinces count.
    _births(world.a2, 1, 3)
    _births(world.b1, 2, 2)
    b2_child = make_child(world.b2, D(2012, 5, 5), "F")
    ChildCircumstance.objects.create(
        child=b2_child, group=CircumstanceGroup.objects.get(number=1), start_date=D(2023, 1, 1)
    )
    Support.objects.create(child=b2_child, kind="gift", date=D(year, 6, 1), source="budget")
    make_abuse_case(b2_child, datetime.datetime(year, 3, 1, 9, 0, tzinfo=TZ))
    LabourRecord.objects.create(child=b2_child, status="hazardous", recorded_on=D(year, 1, 1))
    Injury.objects.create(child=b2_child, kind="fall", date=D(year, 7, 1), outcome="death")
    # Every indicator computed here is in the catalogue query; those provided by apps above are not.
    assert set(selectors._CATALOGUE_COLUMNS) == set(selectors.COMPUTERS) - selectors.PROVIDED

    # From the facts, so that the form chosen is run even for a year whose numerators are kept (ADR 0033;
    # the kept path is checked against this one in test_numerators.py).
    counts = selectors.catalogue_counts(
        selectors.current_communes(world.nation).values("pk"), year, from_scratch=True
    )
    paths = dict(AdminUnit.objects.values_list("pk", "path"))
    units = [world.nation, world.a, world.b, world.a1, world.a2, world.b1, world.b2]
    for code in selectors._CATALOGUE_COLUMNS:
        for sex in selectors.CATALOGUE_SEXES:
            ind = _ind(code)
            assert counts[code, sex] == selectors.commune_counts(ind, world.nation, year, sex=sex), (
                code,
                sex,
            )
            sums = selectors.tree_sums(counts[code, sex], paths)
            for unit in units:
                n, d, _ = selectors.compute(ind, unit, year, sex=sex)
                assert sums.get(unit.pk, (0, 0)) == (n, d), (code, sex, unit)
    # Every unit's figures at once (ADR 0046; a unit without any commune counted too): the tree sums and
    # value_of of each, value for value.
    indicators = {code: _ind(code) for code in selectors._CATALOGUE_COLUMNS}
    unit_ids = [u.pk for u in units] + [-1]  # -1: on no commune's path
    every = selectors.catalogue_figures(counts, indicators, paths, unit_ids)
    assert set(every) == set(counts)
    for (code, sex), per_unit in every.items():
        sums = selectors.tree_sums(counts[code, sex], paths)
        expected = {
            pk: (*sums.get(pk, (0, 0)), indicators[code].value_of(*sums.get(pk, (0, 0)))) for pk in unit_ids
        }
        assert per_unit == expected, (code, sex)
        assert [str(v) for *_, v in per_unit.values()] == [str(v) for *_, v in expected.values()]
    # Some figures are not trivial, so the comparison means something.
    assert counts["QD23-09", "F"] and counts["QD23-11b", ""] and counts["QD23-10", "M"]
    assert ("mine AS MATERIALIZED" in chosen[1]) is scoped  # the form asked for was the one run
    # One commune, read either way, gives its own part of the nation's counts.
    alone = selectors.catalogue_counts(
        selectors.current_communes(world.b2).values("pk"), year, from_scratch=True
    )
    for key, per_commune in counts.items():
        assert alone[key] == {c: v for c, v in per_commune.items() if c == world.b2.pk}, key
    # No commune at all: nothing, not an error.
    none = selectors.catalogue_counts(AdminUnit.objects.filter(pk__in=[]).values("pk"), year)
    assert none == {key: {} for key in counts}


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_scorecard_equals_evaluating_each_indicator(commune: Any, world: Any, year: int) -> None:
    """The scorecard takes the computed figures from ``catalogue_counts`` (two grouped queries); every
    row, figure by sex and status equals ``evaluate`` one indicator at a time."""
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    for unit in (world.a, world.a1, world.nation):
        rows = selectors.scorecard(unit, year)
        for row, indicator in zip(rows, Indicator.objects.all(), strict=True):
            one = selectors.evaluate(indicator, unit, year, by_sex=True)
            assert (row.figure, row.status, row.by_sex, row.target, row.parts) == (
                one.figure,
                one.status,
                one.by_sex,
                one.target,
                one.parts,
            ), (unit, indicator.code)


def test_the_scorecard_reads_the_targets_once(commune: Any, world: Any) -> None:
    """The targets that may apply to the unit are read in one query (``TargetBook``), not two per
    indicator (96 queries for the catalogue, issue #20) — and give the same targets, splits included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from treem.indicators.models import Indicator, Target, TargetKind

    indicator = Indicator.objects.get(code="QD23-08a")
    for unit, breakdown, value in ((world.a, "", 5), (world.nation, "", 9), (world.nation, "F", 7)):
        Target.objects.update_or_create(
            indicator=indicator,
            unit=unit,
            year=2030,
            breakdown=breakdown,
            defaults={"kind": TargetKind.LEVEL, "comparator": "le", "value": value},
        )
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.scorecard(world.a1, 2025)
    assert len([q for q in queries.captured_queries if '"indicators_target"' in q["sql"]]) == 1
    (row,) = [r for r in rows if r.indicator.code == "QD23-08a"]
    assert row.target is not None and row.target.unit_id == world.a.pk  # the province's, before the nation's
    assert ("F", 7) in [(p.target.breakdown, p.target.value) for p in row.parts]


def test_thong_tu_13_counts(commune: Any, world: Any) -> None:
    """The Thông tư 13/2021 counts are the numbers of children behind the QĐ 23 rates."""
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    def fig(code: str) -> Any:
        return selectors.figure(Indicator.objects.get(code=code), world.a1, 2025)

    assert fig("TT13-I-0101").value == fig("QD23-08a").denominator
    assert fig("TT13-I-0301").value == fig("QD23-08a").numerator
    assert fig("TT13-II-0101").value == fig("QD23-09").numerator


def test_urban_and_rural_are_ratios_of_sums_over_their_communes(commune: Any, world: Any) -> None:
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    indicator = Indicator.objects.get(code="QD23-08a")
    areas, rows = selectors.area_breakdown(world.b, 2025, [indicator])
    assert [key for key, _ in areas] == ["urban", "rural"]  # Ba Đình is a phường, b2 a xã
    urban, rural = rows[0][1]
    b1 = selectors.roll_up(indicator, selectors.commune_counts(indicator, world.b1, 2025))
    assert (urban.numerator, urban.denominator) == (b1.numerator, b1.denominator)
    assert (rural.numerator, rural.denominator, rural.value) == (0, 0, None)  # no child recorded in b2
    areas, rows = selectors.area_breakdown(world.a, 2025, [indicator])
    assert [key for key, _ in areas] == ["urban"]  # only phường in the city of the test world
    whole = selectors.evaluate(indicator, world.a, 2025).figure
    assert (rows[0][1][0].numerator, rows[0][1][0].denominator) == (whole.numerator, whole.denominator)


def test_age_groups_partition_every_computed_figure(commune: Any, world: Any) -> None:
    from treem.indicators import selectors
    from treem.indicators.selectors import AGE_GROUPS, catalogue_counts, current_communes

    communes = current_communes(world.a).values("pk")
    by_sex = catalogue_counts(communes, 2025)
    by_age = catalogue_counts(communes, 2025, by="age")
    for code in selectors._CATALOGUE_COLUMNS:
        assert by_age[(code, "")] == by_sex[(code, "")], code  # the same totals
        for commune_id, (num, den) in by_age[(code, "")].items():
            parts = [by_age[(code, group)].get(commune_id, (0, 0)) for group in AGE_GROUPS]
            assert (sum(n for n, _ in parts), sum(d for _, d in parts)) == (num, den), code
    # Birth registration counts children under 5 only: all of it is in the youngest group.
    assert by_age[("QD23-14", "0-4")] == by_age[("QD23-14", "")]


def test_ethnic_groups_partition_every_computed_figure(commune: Any, world: Any) -> None:
    from treem.indicators import selectors
    from treem.indicators.selectors import BREAKDOWNS, KINH_CODE, catalogue_counts, current_communes
    from treem.registry.models import Child, Ethnicity

    kinh, _ = Ethnicity.objects.get_or_create(code=KINH_CODE, defaults={"name": "Kinh"})
    tay, _ = Ethnicity.objects.get_or_create(code="02", defaults={"name": "Tày"})
    c1, _c2, c3, *_ = Child.objects.filter(commune=commune).order_by("pk")
    Child.objects.filter(pk=c1.pk).update(ethnicity=kinh)  # 10, special circumstance, supported
    Child.objects.filter(pk=c3.pk).update(ethnicity=tay)  # 15, abused
    communes = current_communes(world.a).values("pk")
    by_sex = catalogue_counts(communes, 2025)
    by_ethnicity = catalogue_counts(communes, 2025, by="ethnicity")
    for code in selectors._CATALOGUE_COLUMNS:
        assert by_ethnicity[(code, "")] == by_sex[(code, "")], code
        for commune_id, (num, den) in by_ethnicity[(code, "")].items():
            parts = [by_ethnicity[(code, group)].get(commune_id, (0, 0)) for group in BREAKDOWNS["ethnicity"]]
            assert (sum(n for n, _ in parts), sum(d for _, d in parts)) == (num, den), code
    a1 = commune.pk
    # Children under 16 in Sài Gòn in 2025: c1, c2, c3, c5, c6, c10 — one Kinh, one Tày, four unrecorded.
    assert by_ethnicity[("QD23-08a", "kinh")][a1] == (1, 1)
    assert by_ethnicity[("QD23-08a", "minority")][a1] == (0, 1)
    assert by_ethnicity[("QD23-09", "minority")][a1] == (1, 1)
    assert by_ethnicity[("QD23-08a", "unknown")][a1] == (1, 4)  # c2's month in special circumstances


def test_the_records_behind_each_numerator_are_the_ones_it_counts(commune: Any, world: Any) -> None:
    """The scorecard links 08b, 10, 11a and 11b to the register filtered by what happened in the year;
    the children listed are exactly those the numerator counts (hand-built commune above)."""
    from treem.indicators.views import records_links
    from treem.registry.selectors import ChildFilters, child_list

    links = records_links(world.worker_a1, commune, 2025)
    assert links["QD23-10"][0].endswith(f"?commune={commune.pk}&event=labour&year=2025")
    assert "event=injury_death&year=2025&status=all" in links["QD23-11b"][0]

    def listed(**filters: Any) -> set[str]:
        found = child_list(user=world.worker_a1, filters=ChildFilters(commune=commune.pk, **filters))
        return {str(c.date_of_birth) for c in found}

    # c1 (born 2015-06-01) is supported in 2025; c2's support was on 31/12/2024.
    assert listed(group=0, event="supported", year=2025) == {"2015-06-01"}
    # c4's hazardous work; c3's last record of 2025 says "none"; c2's labour was in 2024.
    assert listed(event="labour", year=2025, status="all") == {"2009-12-31"}
    assert listed(event="labour", year=2024, status="all") == {"2012-02-02"}
    # c4 and c5 were injured in 2025 (c10's injury was on 31/12/2024); c5 died of it.
    assert listed(event="injured", year=2025, status="all") == {"2009-12-31", "2022-01-01"}
    assert listed(event="injury_death", year=2025, status="all") == {"2022-01-01"}
    assert listed(event="injury_death", year=2025) == set()  # the default list shows active children only
    assert ChildFilters.from_mapping({"event": "labour", "year": "2025"}).year == 2025
    assert ChildFilters.from_mapping({"event": "bogus", "year": "99999"}) == ChildFilters()


def test_the_valuer_gives_value_of(catalogues: None) -> None:
    """``Indicator.valuer`` (ADR 0046) is ``value_of`` for whole numbers, digit for digit: every kind of
    unit and multiplier, zero denominators, and quotients on a rounding tie (1/8 % = 12.5 → 12.50; 1 of
    800 = 0.125 % → 0.12, half to even, as ``quantize``)."""
    pairs = [(0, 0), (5, 0), (0, 7), (1, 8), (1, 800), (3, 800), (2, 3), (10**9 + 7, 3), (123, 456789)]
    kinds = {(i.unit, i.is_ratio) for i in Indicator.objects.all()}
    assert len(kinds) > 2
    for indicator in Indicator.objects.all():
        value = indicator.valuer()
        for n, d in pairs:
            expected = indicator.value_of(n, d)
            assert value(n, d) == expected and str(value(n, d)) == str(expected), (indicator.code, n, d)
