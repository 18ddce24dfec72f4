"""The numerators (ADR 0033) and populations (ADR 0040) kept per commune and key always equal a computation
from scratch: after each kind of change to the register and its facts, the catalogue read through the
kept counts (corrected for the children and population rows not folded yet) equals the catalogue computed
from the facts and the population counts, and after a fold the kept parts and counts equal those
recomputed from every record, the populations those counted from the register itself."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from treem.indicators import numerators, selectors
from treem.indicators.models import (
    NumeratorChild,
    NumeratorCount,
    NumeratorDirty,
    NumeratorYear,
    PopulationCount,
)
from treem.indicators.tests.conftest import make_abuse_case, make_child
from treem.registry.models import (
    Child,
    ChildCircumstance,
    CircumstanceGroup,
    Ethnicity,
    Injury,
    LabourRecord,
    Support,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEARS = (2024, 2025)


def _scratch_parts(years: tuple[int, ...]) -> dict[tuple[int, int], tuple[Any, ...]]:
    """Every child's part of ``years``, recomputed from every record."""
    with connection.cursor() as cursor:
        cursor.execute(numerators._parts_sql(None), numerators._params(list(years)))
        return {(r[0], r[1]): tuple(r[2:]) for r in cursor.fetchall()}


def _kept_parts(years: tuple[int, ...]) -> dict[tuple[int, int], tuple[Any, ...]]:
    return {
        (p.child_id, p.year): (
            p.commune_id,
            p.sex,
            p.birth_year,
            p.ethnic_group,
            p.kinds,
            p.injuries,
            p.deaths,
        )
        for p in NumeratorChild.objects.filter(year__in=years)
    }


def _counts_of(parts: dict[tuple[int, int], tuple[Any, ...]]) -> Counter[tuple[Any, ...]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    starts = numerators._band_starts()
    for (_, year), (commune, sex, birth_year, group, kinds, injuries, deaths) in parts.items():
        band = max(start for start in starts if start <= year - birth_year)
        key = (year, commune, sex, band, group)
        counts[(*key, "hcdb")] += bool(kinds & 1)
        counts[(*key, "hcdb_supported")] += kinds & 3 == 3
        counts[(*key, "abused")] += bool(kinds & 4)
        counts[(*key, "labour")] += bool(kinds & 8)
        counts[(*key, "injuries")] += injuries
        counts[(*key, "injury_deaths")] += deaths
    return +counts


def _kept_counts(years: tuple[int, ...]) -> Counter[tuple[Any, ...]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    for k in NumeratorCount.objects.filter(year__in=years):
        key = (k.year, k.commune_id, k.sex, k.age_band, k.ethnic_group)
        for column in numerators.COUNT_COLUMNS.split(", "):
            counts[(*key, column)] += getattr(k, column)
    assert all(n >= 0 for n in counts.values())
    return +counts


def _band(age: int) -> int:
    return max(start for start in numerators._band_starts() if start <= age)


def _scratch_populations(years: tuple[int, ...]) -> Counter[tuple[Any, ...]]:
    """The children counted in each of ``years`` (``selectors.population``, aged 0–17) and those
    birth-registered, per kept key — counted in Python from the register itself."""
    counts: Counter[tuple[Any, ...]] = Counter()
    for child in Child.objects.select_related("ethnicity"):
        if child.merged_into_id is not None or child.status == "moved_away":
            continue
        group = 0 if child.ethnicity is None else 1 if child.ethnicity.code == "01" else 2
        for year in years:
            age = year - child.date_of_birth.year
            died_before = child.status == "deceased" and (
                child.status_date is None or child.status_date < D(year, 1, 1)
            )
            if not 0 <= age <= 17 or died_before:
                continue
            key = (year, child.commune_id, child.sex, _band(age), group)
            counts[(*key, "children")] += 1
            counts[(*key, "registered")] += bool(child.birth_registered)
    return +counts


def _kept_populations(years: tuple[int, ...]) -> Counter[tuple[Any, ...]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    for k in NumeratorCount.objects.filter(year__in=years):
        key = (k.year, k.commune_id, k.sex, k.age_band, k.ethnic_group)
        counts[(*key, "children")] += k.children
        counts[(*key, "registered")] += k.registered
    assert all(n >= 0 for n in counts.values())
    return +counts


def check(world: Any, years: tuple[int, ...] = YEARS) -> None:
    """The catalogue through the kept counts equals the catalogue from the facts, before the fold (the
    changed children corrected in the query) and after it — the nation's and a province's (its kept
    counts read by their key, ADR 0046); the folded state equals a full recomputation."""
    scopes = [selectors.current_communes(unit).values("pk") for unit in (world.nation, world.a)]

    def same_catalogue() -> None:
        for communes in scopes:
            for year in years:
                for by in selectors.BREAKDOWNS:
                    kept = selectors.catalogue_counts(communes, year, by=by)
                    scratch = selectors.catalogue_counts(communes, year, by=by, from_scratch=True)
                    assert kept == scratch, (year, by)

    same_catalogue()
    numerators.fold()
    assert not NumeratorDirty.objects.exists()
    assert not PopulationCount.objects.filter(folded=False).exists()
    scratch = _scratch_parts(years)
    assert _kept_parts(years) == scratch
    assert _kept_counts(years) == _counts_of(scratch)
    assert _kept_populations(years) == _scratch_populations(years)
    same_catalogue()


def _figure(world: Any, code: str, year: int = 2025) -> tuple[int, int]:
    """The nation's (numerator, denominator) of ``code``, through the kept counts."""
    counts = selectors.catalogue_counts(selectors.current_communes(world.nation).values("pk"), year)
    pairs = counts[code, ""].values()
    return sum(n for n, _ in pairs), sum(d for _, d in pairs)


@pytest.fixture
def kept(world: Any, catalogues: None) -> None:
    """The years of the tests kept, from an empty register (the migration kept the years around today)."""
    for year in YEARS:
        numerators.keep_year(year)
    assert set(YEARS) <= set(NumeratorYear.objects.values_list("year", flat=True))


@pytest.fixture
def group(catalogues: None) -> CircumstanceGroup:
    return CircumstanceGroup.objects.get(number=1)


def test_each_kind_of_change_keeps_the_counts_equal_to_a_full_computation(
    world: Any, kept: None, group: CircumstanceGroup
) -> None:
    kinh, _ = Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
    a = make_child(world.a1, D(2015, 6, 1), "M", birth_registered=True, ethnicity=kinh)
    b = make_child(world.a1, D(2012, 2, 2), "F")
    c = make_child(world.a2, D(2009, 12, 31), "M")  # 16 in 2025: labour only
    d = make_child(world.b1, D(2022, 1, 1), "F")
    check(world)

    # A new special circumstance, open-ended (every kept year from its start), and one of a month.
    ChildCircumstance.objects.create(child=a, group=group, start_date=D(2024, 1, 1))
    ChildCircumstance.objects.create(child=b, group=group, start_date=D(2025, 5, 1), end_date=D(2025, 6, 1))
    check(world)
    assert _figure(world, "QD23-08a") == (2, 3)  # a and b of a, b, d
    # A new support (in 2025 for a; in 2024 for b, who was in special circumstances only in 2025).
    Support.objects.create(child=a, kind="gift", date=D(2025, 3, 1), source="budget")
    Support.objects.create(child=b, kind="gift", date=D(2024, 12, 31), source="budget")
    check(world)
    assert _figure(world, "QD23-08b") == (1, 2)
    # Labour: child labour, then a later "none" that takes the child out, then hazardous work at 16.
    LabourRecord.objects.create(child=b, status="child_labour", recorded_on=D(2025, 2, 1))
    check(world)
    LabourRecord.objects.create(child=b, status="none", recorded_on=D(2025, 9, 1))
    LabourRecord.objects.create(child=c, status="hazardous", recorded_on=D(2025, 3, 1))
    check(world)
    # Injuries, one fatal, and an injury moved to another day of the year before.
    Injury.objects.create(child=d, kind="fall", date=D(2025, 7, 1), outcome="recovered")
    fatal = Injury.objects.create(child=d, kind="drowning", date=D(2025, 8, 1), outcome="death")
    check(world)
    Injury.objects.filter(pk=fatal.pk).update(date=D(2024, 8, 1))
    check(world)
    # Abuse cases: received, then found not substantiated, then another category.
    case = make_abuse_case(b, datetime.datetime(2025, 4, 1, 9, 0, tzinfo=TZ))
    check(world)
    assert _figure(world, "QD23-09") == (1, 3)
    type(case).objects.filter(pk=case.pk).update(status="not_substantiated")
    check(world)
    type(case).objects.filter(pk=case.pk).update(status="received", category="risk")
    check(world)
    type(case).objects.filter(pk=case.pk).update(category="abuse")
    # Birth registration flipped, an ethnicity recorded (its own breakdown), an edit that changes nothing.
    Child.objects.filter(pk=d.pk).update(birth_registered=True, ethnicity=kinh)
    check(world)
    assert not NumeratorDirty.objects.exists()
    Child.objects.filter(pk=a.pk).update(full_name="Nguyễn Văn Đổi Tên")
    assert not NumeratorDirty.objects.exists()  # nothing counted changed: nothing to fold
    # A child moving between communes (and provinces), another to another birth date.
    Child.objects.filter(pk=a.pk).update(commune=world.b2, province=world.b, area=world.b2)
    Child.objects.filter(pk=b.pk).update(date_of_birth=D(2013, 3, 3), sex="M")
    check(world)
    # Moved away; died (in 2025: still counted in 2025, and in 2024; then before 2025: not in 2025).
    Child.objects.filter(pk=c.pk).update(status="moved_away", status_date=D(2025, 6, 1))
    Child.objects.filter(pk=d.pk).update(status="deceased", status_date=D(2025, 8, 1))
    check(world)
    Child.objects.filter(pk=d.pk).update(status_date=D(2024, 12, 31))
    check(world)
    # Facts deleted, and a child deleted with its facts.
    Support.objects.filter(child=a).delete()
    LabourRecord.objects.filter(child=b, status="none").delete()
    check(world)
    Child.objects.filter(pk=c.pk).delete()
    check(world)


def test_a_merge_moves_the_facts_and_the_cases_to_the_kept_record(
    world: Any, kept: None, group: CircumstanceGroup
) -> None:
    from treem.registry import dedup
    from treem.registry.models_cleaning import DuplicatePair

    kept_child = make_child(world.a1, D(2015, 3, 7), "M")
    other = make_child(world.a1, D(2015, 3, 7), "M")
    ChildCircumstance.objects.create(child=other, group=group, start_date=D(2020, 1, 1))
    Support.objects.create(child=other, kind="gift", date=D(2025, 6, 1), source="budget")
    Injury.objects.create(child=other, kind="burn", date=D(2025, 2, 1), outcome="recovered")
    make_abuse_case(other, datetime.datetime(2025, 5, 5, 9, 0, tzinfo=TZ))
    check(world)
    assert _figure(world, "QD23-08a") == (1, 2)
    pair = DuplicatePair.objects.create(child_a=kept_child, child_b=other, commune=world.a1, score=0.99)
    dedup.merge(actor=world.worker_a1, pair=pair, keep=kept_child)
    check(world)
    assert _figure(world, "QD23-08a") == (1, 1) and _figure(world, "QD23-09") == (1, 1)
    # A case still filed against a merged record counts for the survivor (the benchmark's data has
    # some); unmerging gives it back.
    survivor = make_child(world.a2, D(2016, 1, 1), "F")
    duplicate = make_child(world.a2, D(2016, 1, 1), "F")
    make_abuse_case(duplicate, datetime.datetime(2024, 12, 31, 23, 0, tzinfo=TZ))
    check(world)
    Child.objects.filter(pk=duplicate.pk).update(merged_into=survivor)
    check(world)
    Child.objects.filter(pk=duplicate.pk).update(merged_into=None)
    check(world)


def test_the_year_boundary(world: Any, kept: None, group: CircumstanceGroup) -> None:
    """Facts on the last and first days of a year count in their own year; a case received late on
    31 December (local time) counts in that year; an open-ended circumstance counts in every kept year;
    at New Year ``keep_window`` keeps the new year and the next, and forgets the oldest."""
    a = make_child(world.a1, D(2012, 1, 1), "F")
    b = make_child(world.a2, D(2010, 12, 31), "M")  # 15 at the end of 2025, 16 in 2026
    ChildCircumstance.objects.create(child=a, group=group, start_date=D(2024, 12, 31))
    ChildCircumstance.objects.create(child=b, group=group, start_date=D(2025, 12, 31), end_date=D(2026, 1, 1))
    Support.objects.create(child=a, kind="gift", date=D(2024, 12, 31), source="budget")
    Support.objects.create(child=b, kind="gift", date=D(2026, 1, 1), source="budget")
    make_abuse_case(a, datetime.datetime(2024, 12, 31, 23, 30, tzinfo=TZ))
    make_abuse_case(b, datetime.datetime(2026, 1, 1, 0, 30, tzinfo=TZ))
    Injury.objects.create(child=b, kind="fall", date=D(2025, 12, 31), outcome="death")
    years = (2024, 2025, 2026, 2027)
    for year in years:
        numerators.keep_year(year)
    check(world, years)
    added = numerators.keep_window(D(2027, 1, 1))
    assert added == [2028]
    assert list(NumeratorYear.objects.values_list("year", flat=True).order_by("year")) == [2026, 2027, 2028]
    assert not NumeratorChild.objects.filter(year__lt=2026).exists()
    ChildCircumstance.objects.filter(child=b).update(end_date=None)
    check(world, (2026, 2027, 2028))
    assert numerators.keep_window(D(2027, 6, 1)) == []
    # A year no longer kept is computed from the facts, as before.
    communes = selectors.current_communes(world.nation).values("pk")
    assert not numerators.is_kept(2025)
    assert selectors.catalogue_counts(communes, 2025)["QD23-08a", ""] == {
        world.a1.pk: (1, 1),
        world.a2.pk: (1, 1),
    }


def test_imports_through_copy_and_bulk_statements(world: Any, kept: None) -> None:
    """The synthetic loader (COPY, circumstances included) and set-wise SQL, as the benchmark changes
    the register, keep the counts; a second fold has nothing to do."""
    from treem.registry import synthetic
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    records = list(synthetic.generate(300, seed=11, today=D(2025, 6, 1)))
    synthetic.copy_children(records, [world.a1, world.a2, world.b1], seed=11, guardians=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_support (child_id, kind, date, amount, source, provider_name, note, "
            "created_at, updated_at) SELECT child_id, 'gift', %s, 1, 'budget', '', '', now(), now() "
            "FROM registry_childcircumstance WHERE child_id %% 2 = 0",
            [D(2025, 5, 1)],
        )
        cursor.execute(
            "INSERT INTO registry_labourrecord (child_id, status, recorded_on, note, created_at, updated_at) "
            "SELECT id, 'child_labour', %s, '', now(), now() FROM registry_child WHERE id %% 5 = 0",
            [D(2025, 3, 1)],
        )
        cursor.execute(
            "INSERT INTO registry_injury (child_id, kind, date, outcome, note, created_at, updated_at) "
            "SELECT id, 'fall', %s, CASE WHEN id %% 3 = 0 THEN 'death' ELSE 'recovered' END, '', "
            "now(), now() "
            "FROM registry_child WHERE id %% 7 = 0",
            [D(2024, 4, 1)],
        )
    assert ChildCircumstance.objects.exists()
    check(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_child SET status = 'moved_away', status_date = %s WHERE id %% 4 = 0",
            [D(2025, 1, 1)],
        )
        cursor.execute("DELETE FROM registry_support WHERE id % 3 = 0")
    check(world)
    assert numerators.fold() == 0
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE registry_child CASCADE")
    assert not NumeratorChild.objects.exists() and not NumeratorCount.objects.exists()
    check(world)


def test_the_periodic_job_keeps_the_window_and_folds(world: Any, group: CircumstanceGroup) -> None:
    from django.utils import timezone

    from treem.indicators.tasks import numerators_fold

    NumeratorYear.objects.all().delete()  # as if the window had moved on since the migration
    child = make_child(world.a1, D(2015, 6, 1), "F")
    ChildCircumstance.objects.create(child=child, group=group, start_date=D(2020, 1, 1))
    assert NumeratorDirty.objects.exists()
    assert numerators_fold(timestamp=0) == 1
    year = timezone.localdate().year
    assert numerators.kept_years() == [year - 1, year, year + 1]
    assert not NumeratorDirty.objects.exists()
    check(world, (year - 1, year, year + 1))


def test_the_migration_back_fills_the_register_as_it_stands(world: Any, group: CircumstanceGroup) -> None:
    import importlib

    from django.utils import timezone

    migration = importlib.import_module("treem.indicators.migrations.0011_populations_kept")
    year = timezone.localdate().year
    child = make_child(world.a1, D(year - 8, 6, 1), "F")
    ChildCircumstance.objects.create(child=child, group=group, start_date=D(year - 2, 1, 1))
    Support.objects.create(child=child, kind="gift", date=D(year, 2, 1), source="budget")
    Injury.objects.create(child=child, kind="fall", date=D(year - 1, 2, 1), outcome="recovered")
    # The register as the migration finds it: no kept year, no log.
    for model in (NumeratorYear, NumeratorChild, NumeratorCount, NumeratorDirty):
        model.objects.all().delete()
    migration.backfill(None, None)
    window = (year - 1, year, year + 1)
    assert numerators.kept_years() == list(window)
    scratch = _scratch_parts(window)
    assert len(scratch) == 3 and _kept_parts(window) == scratch
    assert _kept_counts(window) == _counts_of(scratch)
    check(world, window)


def test_an_import_folds_at_once_after_its_commit(
    world: Any, kept: None, group: CircumstanceGroup, django_capture_on_commit_callbacks: Any
) -> None:
    """A large import can mark many children changed; the figures would carry the correction for each
    until the periodic fold, so the import folds as soon as its rows commit (registry's signal)."""
    from treem.registry import importing

    child = make_child(world.a1, D(2015, 6, 1), "F")
    ChildCircumstance.objects.create(child=child, group=group, start_date=D(2020, 1, 1))
    assert NumeratorDirty.objects.exists()
    text = "Họ và tên,Ngày sinh,Giới tính\nQuàng Pấng,20/11/2016,Nam\n"
    with django_capture_on_commit_callbacks(execute=True):
        result = importing.import_table(
            actor=world.worker_a1,
            commune=world.a1,
            table=importing.read_table(text.encode()),
            mapping=dict(importing.PRESETS["treem"][1]),
            dry_run=False,
        )
    assert result.created == 1 and not result.errors
    assert not NumeratorDirty.objects.exists()  # folded
    check(world)


def test_the_kept_populations_follow_every_change_of_a_child(world: Any, kept: None) -> None:
    """The populations kept per age band (ADR 0040) under inserts, updates of each column they depend on
    (birth date across a band, death, commune, sex, ethnicity, birth registration, moved away), deletes and
    a merge: read at once (the rows not folded added), after the fold, and after the compaction."""
    from treem.indicators.services import population_compact

    kinh, _ = Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
    tay, _ = Ethnicity.objects.get_or_create(code="02", defaults={"name": "Tày"})
    a = make_child(world.a1, D(2021, 1, 1), "M", birth_registered=True)  # 4 in 2025: under 5
    b = make_child(world.a1, D(2015, 6, 1), "F", ethnicity=kinh)
    c = make_child(world.a2, D(2009, 5, 5), "M")  # 16 in 2025: in the 5–17 population only
    d = make_child(world.b1, D(2024, 2, 2), "U", birth_registered=None)
    assert PopulationCount.objects.filter(folded=False).exists()  # the read adds them
    check(world)
    assert _figure(world, "QD23-14") == (1, 2) and _figure(world, "TT13-I-0101") == (3, 3)
    # Birth date across a band (4 → 5 at the end of 2025: out of the under-5s), and back.
    Child.objects.filter(pk=a.pk).update(date_of_birth=D(2020, 12, 31))
    assert PopulationCount.objects.filter(folded=False).exists()
    check(world)
    assert _figure(world, "QD23-14") == (0, 1)
    Child.objects.filter(pk=a.pk).update(date_of_birth=D(2021, 1, 1))
    # Registration, ethnicity, sex, commune (another province).
    Child.objects.filter(pk=d.pk).update(birth_registered=True, ethnicity=tay)
    Child.objects.filter(pk=b.pk).update(sex="M", commune=world.b2, province=world.b, area=world.b2)
    check(world)
    assert _figure(world, "QD23-14") == (2, 2)
    # Death: in 2025 (still counted in 2025), then on 31/12/2024 (not in 2025), then without a date.
    Child.objects.filter(pk=c.pk).update(status="deceased", status_date=D(2025, 1, 1))
    check(world)
    assert _figure(world, "QD23-10")[1] == 2  # b and c (a is 4)
    Child.objects.filter(pk=c.pk).update(status_date=D(2024, 12, 31))
    check(world)
    assert _figure(world, "QD23-10")[1] == 1 and _figure(world, "QD23-10", 2024)[1] == 2
    Child.objects.filter(pk=c.pk).update(status_date=None)
    check(world)
    # Moved away; a record merged into another; deleted.
    Child.objects.filter(pk=b.pk).update(status="moved_away", status_date=D(2025, 3, 1))
    twin = make_child(world.a1, D(2021, 1, 1), "M")
    check(world)
    Child.objects.filter(pk=twin.pk).update(merged_into=a)
    check(world)
    assert _figure(world, "TT13-I-0101") == (2, 2)
    Child.objects.filter(pk=d.pk).delete()
    check(world)
    # Rows appended after a fold are left by the compaction's SQL (it takes the folded rows only) and still
    # added by the read; the job folds them first, then leaves one row per key, the figures unchanged.
    make_child(world.a2, D(2012, 1, 1), "F")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indicators_population_compact()")
    assert PopulationCount.objects.filter(folded=False).exists()
    communes = selectors.current_communes(world.nation).values("pk")
    assert selectors.catalogue_counts(communes, 2025) == selectors.catalogue_counts(
        communes, 2025, from_scratch=True
    )
    population_compact()
    assert not PopulationCount.objects.filter(folded=False).exists()
    keys = ("commune_id", "sex", "birth_year", "registered", "ethnic_group", "until_year")
    assert PopulationCount.objects.values(*keys).distinct().count() == PopulationCount.objects.count()
    check(world)


def test_the_kept_populations_at_the_year_boundary(world: Any) -> None:
    """A child counts in a kept year by its age at 31/12 of that year (17 in 2024, 18 and gone in 2025;
    4 in 2024, 5 in 2025) and while alive on 1/1 (died on 31/12/2024 or on 1/1/2025); a year kept later
    (``keep_window`` at New Year) starts from the folded rows, the rows not folded still added."""
    for year in numerators.kept_years():  # the migration kept the window around today
        numerators.forget_year(year)
    for year in (2024, 2025):
        numerators.keep_year(year)
    old = make_child(world.a1, D(2007, 12, 31), "F")
    small = make_child(world.a1, D(2020, 12, 31), "M", birth_registered=True)
    make_child(world.a2, D(2015, 1, 1), "F", status="deceased", status_date=D(2024, 12, 31))
    make_child(world.a2, D(2015, 1, 1), "M", status="deceased", status_date=D(2025, 1, 1))
    check(world, (2024, 2025))
    assert _figure(world, "QD23-10", 2024)[1] == 3 and _figure(world, "QD23-10", 2025)[1] == 2
    assert _figure(world, "QD23-14", 2024) == (1, 1) and _figure(world, "QD23-14", 2025) == (0, 0)
    Child.objects.filter(pk=old.pk).update(date_of_birth=D(2008, 1, 1))  # 17 in 2025 now
    Child.objects.filter(pk=small.pk).update(sex="F")
    assert PopulationCount.objects.filter(folded=False).exists()
    assert numerators.keep_window(D(2026, 1, 1)) == [2026, 2027]  # rows not folded yet meanwhile
    check(world, (2025, 2026, 2027))
    assert _figure(world, "QD23-10", 2025)[1] == 3  # 17, 5, and the child who died on 1/1/2025
    assert _figure(world, "QD23-10", 2026)[1] == 1  # 18, 6, and two who died before 2026
