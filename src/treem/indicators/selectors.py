"""Reads of indicators: computed values, targets with inheritance, status, the scorecard.

Every figure for a unit is built per current commune under it, then rolled up by SUMMING numerators and
denominators (ARCHITECTURE §4 rule 6) — never by averaging commune percentages. Callers scope the unit
(``access.access_unit(user, id, "indicators.view_indicator")``) before asking for its figures.
"""

from __future__ import annotations

import contextvars
import datetime
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from treem.geo import selectors as geo
from treem.geo.models import LEVEL_DEPTH, AdminUnit, Generation, Level, UnitSuccession
from treem.indicators import rules
from treem.indicators.models import (
    Comparator,
    Direction,
    Indicator,
    ReportedValue,
    Source,
    Target,
    TargetKind,
)

Counts = dict[int, tuple[int, int]]  # commune id → (numerator, denominator)


# -- the populations --------------------------------------------------------------------------------------
def current_communes(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The current communes in ``unit``'s subtree (the unit itself when it is a commune); for a former
    unit (2008 map), the current communes covering its territory (``geo.territory``, ADR 0024), whose
    figures ``roll_up_for`` counts with their shares."""
    if not unit.is_current:
        return AdminUnit.objects.filter(pk__in=geo.territory(unit).commune_ids)
    return AdminUnit.objects.filter(
        level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=unit.path
    )


# Children of these hamlets only (``in_hamlets``): a former unit's exact part of a shared commune (ADR 0024).
_HAMLETS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("treem_hamlets", default=None)


@contextmanager
def in_hamlets(hamlets: list[int]) -> Iterator[None]:
    """Within the block, the built-in computers count only the children recorded in ``hamlets``."""
    token = _HAMLETS.set(hamlets)
    try:
        yield
    finally:
        _HAMLETS.reset(token)


def population(communes: Any, year: int, *, min_age: int, max_age: int, sex: str = "") -> QuerySet[Any]:
    """Children counted in ``year``: aged ``min_age``…``max_age`` at 31/12 of the year, living in one of
    ``communes``; records merged into another record are left out (the survivor counts), as are children
    who moved away, and children who died before the year began."""
    from treem.registry.models import Child, ChildStatus

    first, last = rules.birth_years(year, min_age, max_age)
    year_start = datetime.date(year, 1, 1)
    qs = (
        Child.objects.filter(
            commune__in=communes,
            merged_into__isnull=True,
            date_of_birth__year__gte=first,
            date_of_birth__year__lte=last,
        )
        .exclude(status=ChildStatus.MOVED_AWAY)
        .exclude(
            Q(status=ChildStatus.DECEASED) & (Q(status_date__isnull=True) | Q(status_date__lt=year_start))
        )
    )
    if sex:
        qs = qs.filter(sex=sex)
    hamlets = _HAMLETS.get()
    if hamlets is not None:
        qs = qs.filter(hamlet_id__in=hamlets)
    return qs


def _children_under_16(communes: Any, year: int, sex: str) -> QuerySet[Any]:
    return population(communes, year, min_age=0, max_age=rules.CHILD_AGE_LIMIT - 1, sex=sex)


def _by_commune(qs: QuerySet[Any], **annotations: Any) -> list[dict[str, Any]]:
    return list(qs.order_by().values("commune_id").annotate(**annotations))


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# -- one function per computed indicator: per-commune (numerator, denominator) ------------------------------
def _special_circumstances(communes: Any, year: int, sex: str) -> QuerySet[Any]:
    from treem.registry.models import ChildCircumstance

    start, end = _year_bounds(year)
    active = ChildCircumstance.objects.filter(child_id=OuterRef("pk"), start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    return _children_under_16(communes, year, sex).filter(Exists(active))


def _ratio(numerator_qs: QuerySet[Any], denominator_qs: QuerySet[Any]) -> Counts:
    den = {r["commune_id"]: r["n"] for r in _by_commune(denominator_qs, n=Count("pk"))}
    num = {r["commune_id"]: r["n"] for r in _by_commune(numerator_qs, n=Count("pk"))}
    return {c: (num.get(c, 0), d) for c, d in den.items()}


def hcdb_share(communes: Any, year: int, sex: str) -> Counts:
    """QD23-08a: children under 16 with a special circumstance in force on some day of the year."""
    return _ratio(_special_circumstances(communes, year, sex), _children_under_16(communes, year, sex))


def hcdb_supported(communes: Any, year: int, sex: str) -> Counts:
    """QD23-08b: of those, children with at least one support recorded in the year."""
    from treem.registry.models import Support

    start, end = _year_bounds(year)
    base = _special_circumstances(communes, year, sex)
    supported = base.filter(
        Exists(Support.objects.filter(child_id=OuterRef("pk"), date__gte=start, date__lte=end))
    )
    return _ratio(supported, base)


def abused(communes: Any, year: int, sex: str) -> Counts:
    """QD23-09: children under 16 with an abuse case received in the year (a case filed against a record
    since merged counts for the surviving record); unsubstantiated and transferred cases do not count."""
    import zoneinfo

    from django.conf import settings

    from treem.cases.choices import CaseStatus, Category
    from treem.cases.models import Case

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    cases = Case.objects.filter(category=Category.ABUSE, received_at__gte=start, received_at__lt=end).exclude(
        status__in=[CaseStatus.NOT_SUBSTANTIATED, CaseStatus.TRANSFERRED]
    )
    base = _children_under_16(communes, year, sex)
    victims = base.filter(
        Exists(cases.filter(child_id=OuterRef("pk")))
        | Exists(cases.filter(child__merged_into=OuterRef("pk")))
    )
    return _ratio(victims, base)


def child_labour(communes: Any, year: int, sex: str) -> Counts:
    """QD23-10: children 5–17 whose latest labour record of the year says child labour or hazardous work."""
    from treem.registry.models import LabourRecord

    start, end = _year_bounds(year)
    base = population(communes, year, min_age=rules.LABOUR_MIN_AGE, max_age=rules.LABOUR_MAX_AGE, sex=sex)
    latest = (
        LabourRecord.objects.filter(child_id=OuterRef("pk"), recorded_on__gte=start, recorded_on__lte=end)
        .order_by("-recorded_on", "-id")
        .values("status")[:1]
    )
    working = base.annotate(latest_labour=Subquery(latest)).filter(
        latest_labour__in=[LabourRecord.Status.CHILD_LABOUR, LabourRecord.Status.HAZARDOUS]
    )
    return _ratio(working, base)


def _injuries(communes: Any, year: int, sex: str, *, deaths: bool) -> Counts:
    from treem.registry.models import Injury

    start, end = _year_bounds(year)
    base = _children_under_16(communes, year, sex)
    injuries = Injury.objects.filter(child__in=base.values("pk"), date__gte=start, date__lte=end)
    if deaths:
        injuries = injuries.filter(outcome=Injury.Outcome.DEATH)
    den = {r["commune_id"]: r["n"] for r in _by_commune(base, n=Count("pk"))}
    num = {
        r["child__commune_id"]: r["n"]
        for r in injuries.order_by().values("child__commune_id").annotate(n=Count("pk"))
    }
    return {c: (num.get(c, 0), d) for c, d in den.items()}


def injury_rate(communes: Any, year: int, sex: str) -> Counts:
    """QD23-11a: injuries (events) of children under 16 in the year, per 100,000 children under 16."""
    return _injuries(communes, year, sex, deaths=False)


def injury_deaths(communes: Any, year: int, sex: str) -> Counts:
    """QD23-11b: injuries of the year that ended in death, per 100,000 children under 16."""
    return _injuries(communes, year, sex, deaths=True)


def birth_registration(communes: Any, year: int, sex: str) -> Counts:
    """QD23-14: children under 5 recorded as birth-registered (unknown counts as not registered)."""
    base = population(communes, year, min_age=0, max_age=rules.BIRTH_REGISTRATION_AGE_LIMIT - 1, sex=sex)
    return _ratio(base.filter(birth_registered=True), base)


COMPUTERS: dict[str, Callable[[Any, int, str], Counts]] = {
    "QD23-08a": hcdb_share,
    "QD23-08b": hcdb_supported,
    "QD23-09": abused,
    "QD23-10": child_labour,
    "QD23-11a": injury_rate,
    "QD23-11b": injury_deaths,
    "QD23-14": birth_registration,
    # Thông tư 13/2021 counts: the numerators above (or the population itself) as a number of children.
    "TT13-I-0101": lambda communes, year, sex: _ratio(
        _children_under_16(communes, year, sex), _children_under_16(communes, year, sex)
    ),
    "TT13-I-0301": hcdb_share,
    "TT13-II-0101": abused,
}


# Indicators computed by apps above this one (``treem.assessment`` registers QD23-01 in its AppConfig.ready):
# ``register_computer(code, fn)`` with ``fn(communes, year, sex) -> Counts``. They are computed one at a
# time, never in ``catalogue_counts``. The indicator's ``source`` in indicators.csv must say "computed".
PROVIDED: set[str] = set()
# Reported indicators that an app above computes where its records allow (``treem.activities`` registers
# QD23-22…24 with ``fallback=True``): the catalogue keeps them "reported" so that their figures can still
# be entered; a commune's computed figure is used when the computer returns one, its reported figure
# otherwise (``computed_or_reported``).
WITH_FALLBACK: set[str] = set()


def register_computer(
    code: str, computer: Callable[[Any, int, str], Counts], *, fallback: bool = False
) -> None:
    COMPUTERS[code] = computer
    PROVIDED.add(code)
    if fallback:
        WITH_FALLBACK.add(code)


# -- the whole catalogue at once ---------------------------------------------------------------------------
# Each computed indicator as (numerator column, denominator column) of the grouped query below.
_CATALOGUE_COLUMNS: dict[str, tuple[str, str]] = {
    "QD23-08a": ("hcdb", "under_16"),
    "QD23-08b": ("hcdb_supported", "hcdb"),
    "QD23-09": ("abused", "under_16"),
    "QD23-10": ("labour", "aged_5_17"),
    "QD23-11a": ("injuries", "under_16"),
    "QD23-11b": ("injury_deaths", "under_16"),
    "QD23-14": ("registered", "under_5"),
    "TT13-I-0101": ("under_16", "under_16"),
    "TT13-I-0301": ("hcdb", "under_16"),
    "TT13-II-0101": ("abused", "under_16"),
}
CATALOGUE_SEXES = ("", "M", "F")


AGE_GROUPS = ("0-4", "5-9", "10-14", "15-17")  # age at 31/12 of the year (Thông tư 13/2021's nhóm tuổi)
# Dân tộc as the plans report it: Kinh, the ethnic minorities (the 53 other groups), or not recorded.
KINH_CODE = "01"  # data/reference/ethnicities.csv
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("kinh", "Kinh"),
    ("minority", "Dân tộc thiểu số"),
    ("unknown", "Chưa ghi nhận dân tộc"),
)
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "sex": ("M", "F", "U"),  # "U": the sex was not known (registry.ChildSex) — its own bucket, never male
    "age": AGE_GROUPS,
    "ethnicity": tuple(key for key, _ in ETHNIC_GROUPS),
}


def _ethnic_group_sql(column: str) -> tuple[str, list[Any]]:
    """``PopulationCount.ethnic_group`` of a child's ``ethnicity_id`` column: 0 not recorded, 1 Kinh,
    2 a minority — what the triggers of indicators migration 0002 store."""
    from treem.registry.models import Ethnicity

    kinh = f'(SELECT id FROM "{Ethnicity._meta.db_table}" WHERE code = %s)'  # noqa: S608
    return f"CASE WHEN {column} IS NULL THEN 0 WHEN {column} = {kinh} THEN 1 ELSE 2 END", [KINH_CODE]


def _category_sql(
    year: int, by: str, *, sex: str, birth_year: str, ethnic_group: tuple[str, list[Any]]
) -> tuple[str, list[Any]]:
    """The breakdown key in a grouped query, with its parameters — the sex, the age group at 31/12, or
    Kinh / ethnic minority / not recorded — from the given column expressions."""
    if by == "sex":
        return sex, []
    if by == "ethnicity":
        group, params = ethnic_group
        return f"CASE {group} WHEN 0 THEN 'unknown' WHEN 1 THEN 'kinh' ELSE 'minority' END", params
    if by != "age":
        raise ValueError(f"unknown breakdown {by!r}")
    age = f"({int(year)} - {birth_year})"
    return (
        f"CASE WHEN {age} <= 4 THEN '0-4' WHEN {age} <= 9 THEN '5-9' "
        f"WHEN {age} <= 14 THEN '10-14' ELSE '15-17' END",
        [],
    )


# When the communes hold less than this share of the register (a province of the nation, a commune of
# a province), the numerators' query reads only the facts of their children (a semi-join on the register
# first); else the facts of the whole register, then joined to the children (the nation's tables, and a
# province that holds the whole register). Reading every fact for one commune made a commune's scorecard
# cost as much as its province's (issue #20); reading the communes' children first costs 2.5 times the
# whole register's facts when they are the whole register (bench/README.md).
FACTS_SCOPED_SHARE = 0.25


def _catalogue_sql(communes: Any, year: int, by: str = "sex", *, kept: bool = False) -> list[tuple[str, Any]]:
    """Two grouped queries giving, per (commune, category), every column of ``_CATALOGUE_COLUMNS`` — the
    definitions of the functions in ``COMPUTERS`` (tested against ``compute``): the populations from the
    counts the triggers keep (``PopulationCount``), then the numerators from what the children have in
    the year (one row per child with any of it), joined to their records — in two forms, the facts of
    the whole register, then those of the communes' children only (``_numerators_sql``); the caller runs
    one of them. When ``kept``, the populations and the numerators come instead from the counts kept for
    the year (``numerators.counts_sql``, ADR 0033, 0040): one query, which gives every column."""
    from treem.indicators.models import PopulationCount

    oldest, youngest = rules.birth_years(year, 0, rules.LABOUR_MAX_AGE)
    u16_first, _ = rules.birth_years(year, 0, rules.CHILD_AGE_LIMIT - 1)
    u5_first, _ = rules.birth_years(year, 0, rules.BIRTH_REGISTRATION_AGE_LIMIT - 1)
    lab_first, lab_last = rules.birth_years(year, rules.LABOUR_MIN_AGE, rules.LABOUR_MAX_AGE)
    # The communes as one array parameter, unnested into a hashed semi-join ("= ANY" of a long array is
    # a linear search per row; "IN" a queryset became a join per row).
    commune_ids = list(communes.order_by().values_list("pk", flat=True))
    if not commune_ids:
        raise EmptyResultSet
    # Table names come from the models' Meta; every value is a parameter.
    category, category_params = _category_sql(
        year, by, sex="p.sex", birth_year="p.birth_year", ethnic_group=("p.ethnic_group", [])
    )
    populations = f"""
        SELECT p.commune_id, {category} AS category,
            sum(p.n) FILTER (WHERE p.birth_year >= %s) AS under_16,
            sum(p.n) FILTER (WHERE p.birth_year >= %s AND p.birth_year <= %s) AS aged_5_17,
            sum(p.n) FILTER (WHERE p.birth_year >= %s) AS under_5,
            sum(p.n) FILTER (WHERE p.birth_year >= %s AND p.registered) AS registered
        FROM "{PopulationCount._meta.db_table}" p
        WHERE p.commune_id IN (SELECT unnest(%s::bigint[])) AND p.n <> 0
          AND p.birth_year >= %s AND p.birth_year <= %s AND p.until_year >= %s
        GROUP BY 1, 2
    """  # noqa: S608
    populations_params = [
        *category_params,
        u16_first,
        lab_first,
        lab_last,
        u5_first,
        u5_first,
        commune_ids,
        oldest,
        youngest,
        year,
    ]
    if kept:
        from treem.indicators.numerators import counts_sql

        # the kept counts have an age band (its first age) instead of a birth year
        category, category_params = _category_sql(
            year, by, sex="r.sex", birth_year=f"({int(year)} - r.band)", ethnic_group=("r.ethnic_group", [])
        )
        assert not category_params  # the kept query's parameters are named
        return [counts_sql(commune_ids, year, category)]
    return [
        (populations, populations_params),
        _numerators_sql(year, by, commune_ids, scoped=False),
        _numerators_sql(year, by, commune_ids, scoped=True),
    ]


def _numerators_sql(year: int, by: str, commune_ids: list[int], *, scoped: bool) -> tuple[str, list[Any]]:
    """The numerators' query of ``_catalogue_sql``: ``scoped``, the facts of the communes' children only
    (a semi-join on the register first), else the facts of the whole register."""
    import zoneinfo

    from django.conf import settings

    from treem.cases.choices import CaseStatus, Category
    from treem.cases.models import Case
    from treem.registry.models import (
        Child,
        ChildCircumstance,
        ChildStatus,
        Injury,
        LabourRecord,
        Support,
    )

    start, end = _year_bounds(year)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    oldest, youngest = rules.birth_years(year, 0, rules.LABOUR_MAX_AGE)
    u16_first, _ = rules.birth_years(year, 0, rules.CHILD_AGE_LIMIT - 1)
    lab_first, lab_last = rules.birth_years(year, rules.LABOUR_MIN_AGE, rules.LABOUR_MAX_AGE)
    child = Child._meta.db_table
    # The population of the year (see ``population``), for the children with something in the year.
    counted = """
        c.commune_id IN (SELECT unnest(%s::bigint[]))
        AND c.merged_into_id IS NULL
        AND c.date_of_birth >= %s AND c.date_of_birth <= %s
        AND c.status <> %s
        AND NOT (c.status = %s AND (c.status_date IS NULL OR c.status_date < %s))
    """
    counted_params = [
        commune_ids,
        datetime.date(oldest, 1, 1),
        datetime.date(youngest, 12, 31),
        ChildStatus.MOVED_AWAY,
        ChildStatus.DECEASED,
        start,
    ]
    u16 = datetime.date(u16_first, 1, 1)
    category, category_params = _category_sql(
        year,
        by,
        sex="c.sex",
        birth_year="extract(year from c.date_of_birth)::int",
        ethnic_group=_ethnic_group_sql("c.ethnicity_id"),
    )
    mine = (
        f"""mine AS MATERIALIZED (
            SELECT id FROM "{child}" WHERE commune_id IN (SELECT unnest(%s::bigint[]))
        ),"""  # noqa: S608
        if scoped
        else ""
    )

    def within(column: str) -> str:
        return f" AND {column} IN (SELECT id FROM mine)" if scoped else ""  # noqa: S608 — our columns

    # ``kinds`` has bit 1 for a special circumstance, 2 a support, 4 abuse, 8 child labour.
    numerators = f"""
        WITH {mine} facts AS (
            SELECT child_id, bit_or(kind) AS kinds, sum(injuries) AS injuries, sum(deaths) AS deaths
            FROM (
                SELECT child_id, 1 AS kind, 0 AS injuries, 0 AS deaths
                FROM "{ChildCircumstance._meta.db_table}"
                WHERE start_date <= %s AND (end_date IS NULL OR end_date >= %s){within("child_id")}
                UNION ALL
                SELECT child_id, 2, 0, 0 FROM "{Support._meta.db_table}"
                WHERE date >= %s AND date <= %s{within("child_id")}
                UNION ALL
                -- a case filed against a record since merged counts for the surviving record
                SELECT coalesce(m.merged_into_id, m.id), 4, 0, 0
                FROM "{Case._meta.db_table}" y JOIN "{child}" m ON m.id = y.child_id
                WHERE y.category = %s AND y.received_at >= %s AND y.received_at < %s
                  AND y.status <> ALL(%s){within("coalesce(m.merged_into_id, m.id)")}
                UNION ALL
                SELECT child_id, 8, 0, 0 FROM (
                    SELECT DISTINCT ON (child_id) child_id, status FROM "{LabourRecord._meta.db_table}"
                    WHERE recorded_on >= %s AND recorded_on <= %s{within("child_id")}
                    ORDER BY child_id, recorded_on DESC, id DESC
                ) latest WHERE status = ANY(%s)
                UNION ALL
                SELECT child_id, 0, 1, (outcome = %s)::int FROM "{Injury._meta.db_table}"
                WHERE date >= %s AND date <= %s{within("child_id")}
            ) f
            GROUP BY child_id
        )
        SELECT c.commune_id, {category} AS category,
            count(*) FILTER (WHERE c.date_of_birth >= %s AND f.kinds & 1 > 0) AS hcdb,
            count(*) FILTER (WHERE c.date_of_birth >= %s AND f.kinds & 3 = 3) AS hcdb_supported,
            count(*) FILTER (WHERE c.date_of_birth >= %s AND f.kinds & 4 > 0) AS abused,
            count(*) FILTER (
                WHERE c.date_of_birth >= %s AND c.date_of_birth <= %s AND f.kinds & 8 > 0
            ) AS labour,
            coalesce(sum(f.injuries) FILTER (WHERE c.date_of_birth >= %s), 0) AS injuries,
            coalesce(sum(f.deaths) FILTER (WHERE c.date_of_birth >= %s), 0) AS injury_deaths
        FROM facts f JOIN "{child}" c ON c.id = f.child_id
        WHERE {counted}
        GROUP BY 1, 2
    """  # noqa: S608
    facts_params: list[Any] = [
        *([commune_ids] if scoped else []),
        end,
        start,
        start,
        end,
        Category.ABUSE,
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
        [CaseStatus.NOT_SUBSTANTIATED, CaseStatus.TRANSFERRED],
        start,
        end,
        [LabourRecord.Status.CHILD_LABOUR, LabourRecord.Status.HAZARDOUS],
        Injury.Outcome.DEATH,
        start,
        end,
    ]
    lab = [datetime.date(lab_first, 1, 1), datetime.date(lab_last, 12, 31)]
    columns_params = [u16, u16, u16, *lab, u16, u16]
    return numerators, [*facts_params, *category_params, *columns_params, *counted_params]


# The working memory of the numerators' query: the year's facts are hashed in memory, not in batches on
# disk — some 200 MB for the nation's 25 million children.
CATALOGUE_WORK_MEM = "128MB"


def _read_columns(
    cursor: Any, sql: str, params: list[Any], columns: dict[tuple[int, str], dict[str, int]]
) -> int:
    """Run one query of ``_catalogue_sql`` into ``columns``; returns the sum of its first column."""
    cursor.execute(sql, params)
    names = [d[0] for d in cursor.description]
    first = 0
    for commune_id, sex, *values in cursor.fetchall():
        columns.setdefault((commune_id, sex), {}).update(zip(names[2:], values, strict=True))
        first += int(values[0] or 0)
    return first


def catalogue_counts(
    communes: Any, year: int, *, by: str = "sex", from_scratch: bool = False
) -> dict[tuple[str, str], Counts]:
    """Every computed indicator for ``communes`` (a queryset of commune pks) in ``year``, by sex ("" for
    both): ``{(code, sex): {commune id: (numerator, denominator)}}`` — the same numbers as
    ``COMPUTERS[code](communes, year, sex)`` (communes with a zero denominator omitted), from two grouped
    queries instead of one query per indicator and sex. For whole-nation or whole-province tables.
    ``by="age"`` keys the parts by ``AGE_GROUPS`` instead of sex (age at 31/12; "15-17" holds only the
    15-year-olds for the indicators of children under 16), ``by="ethnicity"`` by ``ETHNIC_GROUPS``.
    The numerators of a year kept by ``numerators`` (ADR 0033) come from its kept counts, corrected for
    the children changed since the last fold; ``from_scratch`` computes them from the facts all the same
    (the benchmark's baseline, the tests' reference)."""
    from django.db import connection, transaction

    from treem.indicators import numerators
    from treem.registry.models import Child

    categories = ("", *BREAKDOWNS[by])
    result: dict[tuple[str, str], Counts] = {(c, s): {} for c in _CATALOGUE_COLUMNS for s in categories}
    columns: dict[tuple[int, str], dict[str, int]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            kept = not from_scratch and numerators.is_kept(year)
            queries = _catalogue_sql(communes, year, by, kept=kept)
        except EmptyResultSet:  # no communes at all
            return result
        cursor.execute("SELECT set_config('work_mem', %s, true)", [CATALOGUE_WORK_MEM])
        if kept:  # the kept counts (ADR 0033, 0040): one query whatever the share
            _read_columns(cursor, *queries[0], columns)
        else:
            populations, *numerator_queries = queries
            children = _read_columns(cursor, *populations, columns)  # the children under 16 in the communes
            whole, scoped = numerator_queries
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Child._meta.db_table])
            register = float(cursor.fetchone()[0])
            # the communes' facts only when they hold a small share of the register (FACTS_SCOPED_SHARE)
            _read_columns(cursor, *(scoped if children < FACTS_SCOPED_SHARE * register else whole), columns)
    # Each (commune, category) is one row: its part is set once, and the categories are added up for the
    # commune's whole figure (categories with a zero denominator left out, as ever). The columns made
    # whole numbers once, then one comprehension per indicator and category: the loop over 6,600 rows ×
    # 10 indicators at 25M, a tuple looked up, made and stored twice per figure, took 0.15–0.2 s
    # (issue #20, ADR 0046).
    communes = [commune_id for commune_id, _ in columns]
    kinds = [category for _, category in columns]
    names = {name for pair in _CATALOGUE_COLUMNS.values() for name in pair}
    column = {name: [int(v.get(name) or 0) for v in columns.values()] for name in names}
    for code, (num_col, den_col) in _CATALOGUE_COLUMNS.items():
        nums, dens = column[num_col], column[den_col]
        for category in categories[1:]:
            result[code, category].update(
                {
                    c: (n, d)
                    for c, k, n, d in zip(communes, kinds, nums, dens, strict=True)
                    if d and k == category
                }
            )
        total_n: dict[int, int] = {}
        total_d: dict[int, int] = {}
        for c, n, d in zip(communes, nums, dens, strict=True):
            if d:
                if c in total_n:
                    total_n[c] += n
                    total_d[c] += d
                else:
                    total_n[c] = n
                    total_d[c] = d
        result[code, ""].update({c: (n, total_d[c]) for c, n in total_n.items()})
    return result


@functools.lru_cache(maxsize=1 << 16)
def _units_on(path: str) -> tuple[int, ...]:
    """The ids of the units on a materialised ``path`` ("/1/23/456/"), parsed once per path."""
    return tuple(int(part) for part in path.strip("/").split("/"))


def tree_sums(counts: Counts, paths: dict[int, str]) -> dict[int, tuple[int, int]]:
    """Per-commune ``counts`` summed into every unit on the communes' ``paths`` (the commune itself, its
    province, the nation): numerators and denominators are added, never percentages."""
    nums: dict[int, int] = {}
    dens: dict[int, int] = {}
    for commune_id, (num, den) in counts.items():
        for unit_id in _units_on(paths[commune_id]):
            if unit_id in nums:
                nums[unit_id] += num
                dens[unit_id] += den
            else:
                nums[unit_id] = num
                dens[unit_id] = den
    return {unit_id: (num, dens[unit_id]) for unit_id, num in nums.items()}


def catalogue_figures(
    counts: dict[tuple[str, str], Counts],
    indicators: dict[str, Indicator],
    paths: dict[int, str],
    units: list[int],
) -> dict[tuple[str, str], dict[int, tuple[int, int, Decimal | None]]]:
    """Every figure of ``catalogue_counts`` for each of ``units``: ``{(code, sex): {unit id: (numerator,
    denominator, value)}}`` — ``tree_sums`` of each indicator and sex (over the communes' ``paths``) and
    ``Indicator.value_of`` of the sums, (0, 0) for a unit without a commune counted. The same figures as
    those two per unit, worked out set-wise: each commune's units parsed once for all the indicators, the
    sums added into lists in the order of ``units``, the values by ``Indicator.valuer`` (the nation's
    134,240 figures: 0.4–0.9 s of Python at 25M before, issue #20, ADR 0046)."""
    position = {unit_id: i for i, unit_id in enumerate(units)}
    chains: dict[int, list[int]] = {}
    size = len(units)
    figures: dict[tuple[str, str], dict[int, tuple[int, int, Decimal | None]]] = {}
    for (code, sex), per_commune in counts.items():
        nums = [0] * size
        dens = [0] * size
        for commune_id, (num, den) in per_commune.items():
            chain = chains.get(commune_id)
            if chain is None:
                chain = chains[commune_id] = [
                    position[u] for u in _units_on(paths[commune_id]) if u in position
                ]
            for i in chain:
                nums[i] += num
                dens[i] += den
        value = indicators[code].valuer()
        figures[code, sex] = {
            unit_id: (num, den, value(num, den)) for unit_id, num, den in zip(units, nums, dens, strict=True)
        }
    return figures


# -- values ------------------------------------------------------------------------------------------------
@dataclass
class Figure:
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    # Held back by small-cell suppression (``privacy.protect``): numerator and value are None, shown as "< 5".
    suppressed: bool = False
    # A former unit's figure that counts a share of a current commune only partly inside it (ADR 0024):
    # an estimate, shown with "≈".
    approximate: bool = False


def commune_counts(indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = "") -> Counts:
    """(numerator, denominator) of each current commune under ``unit`` (communes without children omitted)."""
    computer = COMPUTERS.get(indicator.code)
    if computer is None:
        raise ValueError(f"{indicator.code} is not computed from the register")
    return computer(current_communes(unit).values("pk"), year, sex)


def _decimal(share: Fraction) -> Decimal:
    return Decimal(share.numerator) / Decimal(share.denominator)


def roll_up_for(
    indicator: Indicator, unit: AdminUnit, counts: Counts, *, year: int | None = None, sex: str = ""
) -> Figure:
    """``roll_up`` of ``unit``'s communes; for a former unit each current commune counts with its share of
    the unit's territory (ADR 0024): whole communes exactly, a commune only partly inside by the share of
    its predecessors that lay in the unit — then the figure is approximate (numerator and denominator
    rounded to whole children, the value from the unrounded sums). Given the ``year``, the children of
    a shared commune recorded in a hamlet known to lie inside (or outside) the unit count exactly, and
    only the others are shared out (the indicators computed here; not those other apps provide)."""
    if unit.is_current:
        return roll_up(indicator, counts)
    land = geo.territory(unit)
    exact_parts: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}
    if year is not None and indicator.code in _CATALOGUE_COLUMNS:
        for commune_id in land.shared_ids:
            if commune_id in counts and (land.hamlets_in.get(commune_id) or land.hamlets_out.get(commune_id)):
                exact_parts[commune_id] = (
                    _hamlet_counts(indicator, commune_id, land.hamlets_in.get(commune_id, []), year, sex),
                    _hamlet_counts(indicator, commune_id, land.hamlets_out.get(commune_id, []), year, sex),
                )
    num = den = Fraction(0)
    approximate = False
    for commune_id, (n, d) in counts.items():
        share = land.shares.get(commune_id, Fraction(0))
        if commune_id in exact_parts:
            (n_in, d_in), (n_out, d_out) = exact_parts[commune_id]
            rest_n, rest_d = n - n_in - n_out, d - d_in - d_out
            num += n_in + share * rest_n
            den += d_in + share * rest_d
            approximate = approximate or bool(rest_n or rest_d)
        else:
            num += share * n
            den += share * d
            approximate = approximate or share not in (0, 1)
    if not approximate and num.denominator == 1 and den.denominator == 1:
        return roll_up(indicator, {0: (int(num), int(den))})
    return Figure(
        round(num), round(den), indicator.value_of(_decimal(num), _decimal(den)), approximate=approximate
    )


def _hamlet_counts(
    indicator: Indicator, commune_id: int, hamlets: list[int], year: int, sex: str
) -> tuple[int, int]:
    if not hamlets:
        return 0, 0
    with in_hamlets(hamlets):
        pair = COMPUTERS[indicator.code](AdminUnit.objects.filter(pk=commune_id).values("pk"), year, sex)
    return pair.get(commune_id, (0, 0))


def roll_up(indicator: Indicator, counts: Counts) -> Figure:
    """Sum of numerators over sum of denominators — the only way figures go up the tree."""
    numerator = sum(n for n, _ in counts.values())
    denominator = sum(d for _, d in counts.values())
    return Figure(numerator, denominator, indicator.value_of(numerator, denominator))


def compute(
    indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = ""
) -> tuple[int, int, Decimal | None]:
    """(numerator, denominator, value) of a computed indicator for ``unit`` in ``year``."""
    fig = roll_up_for(indicator, unit, commune_counts(indicator, unit, year, sex=sex), year=year, sex=sex)
    return int(fig.numerator or 0), int(fig.denominator or 0), fig.value


def _reported_from(
    indicator: Indicator, unit: AdminUnit, rows: list[ReportedValue], heirs: dict[int, int | None]
) -> Figure:
    """The unit's own figure, else the sum of the figures below it: each current commune's own figure,
    or else those recorded under the former communes it succeeded (``heirs``: former → current commune,
    None for a divided former commune, which counts only where all its successors lie under ``unit``)."""
    own = [r for r in rows if r.unit_id == unit.pk]
    if own:
        return Figure(own[0].numerator, own[0].denominator, own[0].value)
    current = {r.unit_id for r in rows if r.unit_id not in heirs}
    below = [
        r
        for r in rows
        if r.unit_id != unit.pk
        and (r.unit_id not in heirs or (heirs[r.unit_id] is None or heirs[r.unit_id] not in current))
    ]
    if not below:
        return Figure(None, None, None)
    if indicator.is_ratio:
        num = sum(r.numerator or 0 for r in below)
        den = sum(r.denominator or 0 for r in below)
        return Figure(num, den, indicator.value_of(num, den))
    total = sum((r.value or Decimal(0) for r in below), Decimal(0))
    return Figure(None, None, total)


def _sum_reported(
    indicator: Indicator, rows: list[tuple[ReportedValue, Fraction]], *, approximate: bool = False
) -> Figure:
    """The figures of ``rows``, each counted with its share: ratio of sums, counts added up."""
    if not rows:
        return Figure(None, None, None)
    if indicator.is_ratio:
        num = sum((Fraction(r.numerator or 0) * w for r, w in rows), Fraction(0))
        den = sum((Fraction(r.denominator or 0) * w for r, w in rows), Fraction(0))
        return Figure(
            round(num), round(den), indicator.value_of(_decimal(num), _decimal(den)), approximate=approximate
        )
    total = sum((Fraction(r.value or 0) * w for r, w in rows), Fraction(0))
    return Figure(None, None, _decimal(total).quantize(rules.VALUE_PLACES), approximate=approximate)


def former_reported(
    indicator: Indicator, unit: AdminUnit, years: list[int], *, sex: str = ""
) -> dict[int, Figure]:
    """A reported indicator of a former ``unit`` (2008 map) per year, ADR 0024:

    - the figures reported for the unit itself or for former units under it keep the unit they were
      reported for: the unit's own figure, else the sum of the highest former units under it that have
      one (a district's own figure replaces its communes') — exact;
    - without any, the figures reported by the current communes on its territory, each counted with its
      share of the unit (``geo.territory``): exact when all of them lie wholly inside, else approximate.
    """
    subtree = AdminUnit.objects.filter(generation=Generation.FORMER, path__startswith=unit.path)
    base = ReportedValue.objects.filter(indicator=indicator, year__in=years, sex=sex)
    former_rows = list(base.filter(unit__in=subtree.values("pk")).select_related("unit"))
    land = geo.territory(unit)
    current_rows: list[ReportedValue] = []
    if any(not any(r.year == y for r in former_rows) for y in years):
        current_rows = list(base.filter(unit_id__in=land.commune_ids))
    result: dict[int, Figure] = {}
    for year in years:
        mine = [r for r in former_rows if r.year == year]
        if mine:
            reported_for = {r.unit_id for r in mine}
            kept = [r for r in mine if not reported_for & set(r.unit.ancestor_ids()[:-1])]
            result[year] = _sum_reported(indicator, [(r, Fraction(1)) for r in kept])
            continue
        shared = [(r, land.shares[r.unit_id]) for r in current_rows if r.year == year]
        result[year] = _sum_reported(indicator, shared, approximate=any(w != 1 for _r, w in shared))
    return result


def former_heirs(unit: AdminUnit) -> dict[int, int | None]:
    """Former communes whose figures roll into ``unit`` (2025 map, ADR 0007): those merged whole into a
    current commune under it → that commune; those divided among several communes all under it → None.
    Kept on the unit object for its lifetime (one request): a scorecard asks once per indicator, and at the
    nation the answer (10,035 former communes) took 0.3 s each time."""
    cached: dict[int, int | None] | None = getattr(unit, "_treem_former_heirs", None)
    if cached is not None:
        return cached
    heirs = _former_heirs(unit)
    unit._treem_former_heirs = heirs  # type: ignore[attr-defined]
    return heirs


def _former_heirs(unit: AdminUnit) -> dict[int, int | None]:
    """``former_heirs`` read in one grouped query, the unit's communes a subquery: every former commune
    with a succession into one of them, the number of those successions, whether any is partial, the
    commune of the first, and whether all of its successions (anywhere) land among them. At the nation
    the two queries with the 3,321 communes and then the 10,035 former communes written as IN-lists, and
    the sets built in Python, took 130–180 ms of the scorecard's 0.5 s (issue #20)."""
    from django.db import connection

    mine_sql, mine_params = current_communes(unit).values("pk").query.sql_with_params()
    succession, unit_table = UnitSuccession._meta.db_table, AdminUnit._meta.db_table
    sql = f"""
        WITH mine (id) AS MATERIALIZED ({mine_sql})
        SELECT s.predecessor_id,
               count(m.id) AS into_mine,
               bool_or(s.is_partial) FILTER (WHERE m.id IS NOT NULL) AS partial,
               min(m.id) AS heir,
               bool_and(m.id IS NOT NULL) AS all_mine
        FROM {succession} s
        JOIN {unit_table} p ON p.id = s.predecessor_id AND p.level = %s
        LEFT JOIN mine m ON m.id = s.successor_id
        GROUP BY s.predecessor_id
        HAVING count(m.id) > 0
    """  # noqa: S608 (table names from the models, the communes' query compiled by Django)
    heirs: dict[int, int | None] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*mine_params, Level.COMMUNE])
        for pred, into_mine, partial, heir, all_mine in cursor.fetchall():
            if into_mine == 1 and not partial:
                heirs[pred] = heir
            elif all_mine:
                heirs[pred] = None
    return heirs


def _reported_rows(
    indicator: Indicator,
    unit: AdminUnit,
    years: list[int],
    sex: str,
    heirs: dict[int, int | None] | None = None,
) -> tuple[list[ReportedValue], dict[int, int | None]]:
    heirs = former_heirs(unit) if heirs is None else heirs
    ids = _reporting_unit_ids(unit) | set(heirs)
    base = ReportedValue.objects.filter(indicator=indicator, year__in=years, sex=sex)
    if len(ids) > _IN_LIST_MOST:
        # A province or the nation: the values of one indicator and sex in these years are far fewer than
        # the units named, so they are read once and kept when their unit is one of ours.
        return [r for r in base if r.unit_id in ids], heirs
    return list(base.filter(unit_id__in=ids)), heirs


_IN_LIST_MOST = 500


def _reporting_unit_ids(unit: AdminUnit) -> set[int]:
    """The unit and its current communes (kept on the unit object for its lifetime, like the heirs)."""
    return {unit.pk, *_commune_ids(unit)}


def _commune_ids(unit: AdminUnit) -> frozenset[int]:
    """The ids of ``current_communes(unit)``, kept on the unit object for its lifetime (one request)."""
    cached: frozenset[int] | None = getattr(unit, "_treem_commune_ids", None)
    if cached is None:
        cached = frozenset(current_communes(unit).values_list("pk", flat=True))
        unit._treem_commune_ids = cached  # type: ignore[attr-defined]
    return cached


def reported(
    indicator: Indicator,
    unit: AdminUnit,
    year: int,
    *,
    sex: str = "",
    heirs: dict[int, int | None] | None = None,
) -> Figure:
    """A reported indicator: the unit's own reported figure if it has one; otherwise the sums of the
    figures reported by the current communes under it (ratio of sums; counts are added up), a commune
    without its own figure counting those recorded under the former communes it succeeded. A former unit:
    ``former_reported``."""
    if not unit.is_current:
        return former_reported(indicator, unit, [year], sex=sex)[year]
    rows, heirs = _reported_rows(indicator, unit, [year], sex, heirs)
    return _reported_from(indicator, unit, rows, heirs)


def computed_or_reported(indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = "") -> Figure:
    """A reported indicator that records above can compute (``WITH_FALLBACK``): each current commune's
    computed figure where the computer gives one, else the figure the commune reported; the unit's own
    reported figure when no commune under it has a computed one."""
    communes = current_communes(unit)
    counts = dict(COMPUTERS[indicator.code](communes.values("pk"), year, sex))
    if not counts:
        return reported(indicator, unit, year, sex=sex)
    for row in ReportedValue.objects.filter(
        indicator=indicator, year=year, sex=sex, unit__in=communes, numerator__isnull=False
    ).exclude(unit_id__in=list(counts)):
        if row.denominator:
            counts[row.unit_id] = (int(row.numerator or 0), int(row.denominator))
    return roll_up_for(indicator, unit, counts)


def figure(indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = "") -> Figure:
    if indicator.code in WITH_FALLBACK and indicator.code in COMPUTERS:
        return computed_or_reported(indicator, unit, year, sex=sex)
    if indicator.source == Source.COMPUTED and indicator.code in COMPUTERS:
        fig = roll_up_for(indicator, unit, commune_counts(indicator, unit, year, sex=sex), year=year, sex=sex)
        fig.numerator, fig.denominator = int(fig.numerator or 0), int(fig.denominator or 0)
        return fig
    return reported(indicator, unit, year, sex=sex)


def series(indicator: Indicator, unit: AdminUnit, years: list[int], *, sex: str = "") -> list[Figure]:
    """The figures of ``years`` (in that order): one query for a reported indicator, one computation per
    year for a computed one."""
    if indicator.code in WITH_FALLBACK or (
        indicator.source == Source.COMPUTED and indicator.code in COMPUTERS
    ):
        return [figure(indicator, unit, y, sex=sex) for y in years]
    if not unit.is_current:
        by_year = former_reported(indicator, unit, years, sex=sex)
        return [by_year[y] for y in years]
    rows, heirs = _reported_rows(indicator, unit, years, sex)
    return [_reported_from(indicator, unit, [r for r in rows if r.year == y], heirs) for y in years]


# -- targets -----------------------------------------------------------------------------------------------
def target_holders(unit: AdminUnit) -> list[int]:
    """The units whose targets may apply to ``unit``, the first that sets one winning: the unit itself,
    then, most specific first, its ancestors and the former units whose territory holds all of its own
    (``geo.containers``: a target keeps the territory of the plan that set it, ADR 0024) — at the same
    level the current map's unit before the former one. Kept on the unit object."""
    target_holders_of([unit])
    return unit._treem_target_holders  # type: ignore[attr-defined]


def target_holders_of(units: list[AdminUnit]) -> None:
    """``target_holders`` of each of ``units`` in three queries whatever their number, kept on each unit
    object (the compare page asks them for every child unit, issue #20)."""
    todo = [u for u in units if getattr(u, "_treem_target_holders", None) is None]
    geo.containers_of(todo)
    others = {u.pk: [pk for pk in [*u.ancestor_ids(), *geo.containers(u)] if pk != u.pk] for u in todo}
    asked = set().union(*others.values()) if others else set()
    levels = dict(AdminUnit.objects.filter(pk__in=asked).values_list("pk", "level")) if asked else {}
    for unit in todo:
        former = set(geo.containers(unit))

        def key(pk: int, former: set[int] = former) -> tuple[int, bool]:
            return (-LEVEL_DEPTH[Level(levels[pk])], pk in former)

        unit._treem_target_holders = [  # type: ignore[attr-defined]
            unit.pk,
            *sorted(dict.fromkeys(pk for pk in others[unit.pk] if pk in levels), key=key),
        ]


def targets_for(
    indicator: Indicator, units: list[AdminUnit], year: int, breakdown: str = ""
) -> dict[int, Target | None]:
    """``target_for`` of each of ``units``, their holders and the targets read in four queries in all."""
    target_holders_of(units)
    holders = {u.pk: target_holders(u) for u in units}
    by_holder: dict[int, Target] = {}
    for target in (
        Target.active()
        .filter(
            indicator=indicator,
            unit_id__in=set().union(*holders.values()) if holders else set(),
            year__gte=year,
            breakdown=breakdown,
        )
        .filter(Q(every_year=False) | Q(year=year))  # a year of an every-year target is no milestone
        .order_by("-year", "-pk")  # each holder's earliest milestone written last
    ):
        by_holder[target.unit_id] = target
    return {
        pk: next((by_holder[h] for h in unit_holders if h in by_holder), None)
        for pk, unit_holders in holders.items()
    }


def target_for(indicator: Indicator, unit: AdminUnit, year: int, breakdown: str = "") -> Target | None:
    """The target that applies to ``unit`` in ``year``: the next milestone (the target of the smallest year
    ≥ ``year``) set by the unit itself, else by the first of ``target_holders`` that sets one (commune →
    former commune → former district → province → former province → nation). A province's target
    therefore overrides the nation's for all its communes; a former city's plan keeps measuring the
    communes on its territory, never those a merger added (ADR 0024). ``breakdown`` picks a split target
    ("urban", "rural", "M", "F"); "" the target for everyone."""
    return targets_for(indicator, [unit], year, breakdown)[unit.pk]


# -- status ------------------------------------------------------------------------------------------------
class Status:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"


STATUS_LABELS = {
    Status.ACHIEVED: "Đạt",
    Status.ON_TRACK: "Đúng tiến độ",
    Status.AT_RISK: "Có nguy cơ không đạt",
    Status.OFF_TRACK: "Chậm tiến độ",
    Status.NO_DATA: "Chưa có số liệu",
    Status.NO_TARGET: "Chưa có chỉ tiêu",
}
STATUS_BADGES = {
    Status.ACHIEVED: "ok",
    Status.ON_TRACK: "ok",
    Status.AT_RISK: "warn",
    Status.OFF_TRACK: "danger",
    Status.NO_DATA: "",
    Status.NO_TARGET: "",
}


def meets(value: Decimal, target: Decimal, comparator: str) -> bool:
    return {
        Comparator.LT: value < target,
        Comparator.LE: value <= target,
        Comparator.EQ: value == target,
        Comparator.GE: value >= target,
        Comparator.GT: value > target,
    }[Comparator(comparator)]


def _num(value: Decimal) -> str:
    """ "7,3", "95", "1.250" — a figure the Vietnamese way."""
    text = f"{value.quantize(Decimal('0.01')):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _target_text(target: Target) -> str:
    if target.kind == TargetKind.RANGE and target.value_high is not None:
        return f"{_num(target.value)}–{_num(target.value_high)}"
    if target.kind == TargetKind.CHANGE:
        return f"{_num(target.value)}%/năm"
    return f"{target.get_comparator_display()} {_num(target.value)}"


def judge(
    value: Decimal | None,
    target: Target | None,
    direction: str,
    *,
    year: int,
    baseline: tuple[int, Decimal] | None = None,
    previous: Decimal | None = None,
) -> tuple[str, str]:
    """(status, why) for every kind of target (ADR 0007, ADR 0026). ``previous`` is the figure of the
    year before, which a yearly change and a "duy trì" target are measured against."""
    if value is None:
        return Status.NO_DATA, f"Chưa có số liệu năm {year}."
    if target is None:
        return Status.NO_TARGET, "Chưa có mục tiêu cho chỉ tiêu này."
    lower = direction == Direction.LOWER
    if target.kind == TargetKind.CHANGE:
        if previous is None or previous == 0:
            return Status.NO_DATA, f"Chưa có số liệu năm {year - 1} để tính mức thay đổi so với năm trước."
        change = (previous - value) / previous * 100 if lower else (value - previous) / previous * 100
        word = "giảm" if lower else "tăng"
        said = (
            f"{word.capitalize()} {_num(change)}% so với năm {year - 1} ({_num(previous)} → {_num(value)}); "
            f"mục tiêu {word} {target.get_comparator_display()} {_num(target.value)}%/năm."
        )
        if change < 0:
            said = (
                f"{'Tăng' if lower else 'Giảm'} {_num(-change)}% so với năm {year - 1} "
                f"({_num(previous)} → {_num(value)}); mục tiêu {word} {_num(target.value)}%/năm."
            )
        ok = meets(change, target.value, target.comparator or Comparator.GE)
        return (Status.ACHIEVED if ok else Status.OFF_TRACK), said
    if target.kind == TargetKind.RANGE and target.value_high is not None:
        inside = target.value <= value <= target.value_high
        where = "trong" if inside else "ngoài"
        said = f"{_num(value)} nằm {where} khoảng mục tiêu {_num(target.value)}–{_num(target.value_high)}."
        return (Status.ACHIEVED if inside else Status.OFF_TRACK), said
    if target.kind == TargetKind.KEEP:
        kept = previous is None or (value <= previous if lower else value >= previous)
        level = meets(value, target.value, target.comparator) if target.comparator else True
        before = f" (năm {year - 1}: {_num(previous)})" if previous is not None else ""
        if kept and level:
            return Status.ACHIEVED, f"Duy trì được: {_num(value)}{before}, mục tiêu {_target_text(target)}."
        if not kept:
            return Status.OFF_TRACK, f"Không duy trì được mức năm trước: {_num(value)}{before}."
        return Status.OFF_TRACK, f"{_num(value)} chưa đạt mức cần duy trì {_target_text(target)}."
    state = status(value, target, direction, year=year, baseline=baseline)
    goal = f"mục tiêu {_target_text(target)} " + (
        f"hằng năm (năm {target.year})" if target.every_year else f"năm {target.year}"
    )
    if state == Status.ACHIEVED:
        return state, f"Đạt: {_num(value)}, {goal}."
    if state == Status.OFF_TRACK and (year >= target.year or direction == Direction.KEEP):
        return state, f"Chưa đạt: {_num(value)}, {goal}."
    if baseline is None or baseline[0] >= year:
        return state, f"Chưa đạt {goal} ({_num(value)}); chưa có số liệu năm trước để xem lộ trình."
    base_year, base_value = baseline
    expected = base_value + (target.value - base_value) * (year - base_year) / (target.year - base_year)
    if state == Status.ON_TRACK:
        return state, f"Đúng lộ trình: {_num(value)}, cần {_num(expected)} năm {year} để đạt {goal}."
    if state == Status.AT_RISK:
        return state, (
            f"Tốt hơn năm {base_year} ({_num(base_value)}) nhưng dưới lộ trình: {_num(value)}, "
            f"cần {_num(expected)} năm {year} để đạt {goal}."
        )
    return state, f"Không tốt hơn năm {base_year} ({_num(base_value)}): {_num(value)}, {goal}."


def status(
    value: Decimal | None,
    target: Target | None,
    direction: str,
    *,
    year: int,
    baseline: tuple[int, Decimal] | None = None,
) -> str:
    """The rule of docs/decisions/0007-indicator-status.md:

    - no value → no_data; no target → no_target;
    - the value meets the target's comparator → achieved;
    - otherwise, in the target's own year (or later), or for a "keep" indicator → off_track;
    - otherwise, before the target year, against the straight line from the baseline (value, year) to
      (target value, target year): at or beyond the line's value for ``year`` → on_track; better than
      the baseline but short of the line → at_risk; no better than the baseline → off_track; without a
      baseline → at_risk.
    """
    if value is None:
        return Status.NO_DATA
    if target is None:
        return Status.NO_TARGET
    if meets(value, target.value, target.comparator):
        return Status.ACHIEVED
    if year >= target.year or direction == Direction.KEEP:
        return Status.OFF_TRACK
    if baseline is None or baseline[0] >= year:
        return Status.AT_RISK
    base_year, base_value = baseline
    expected = base_value + (target.value - base_value) * (year - base_year) / (target.year - base_year)
    sign = Decimal(1) if direction == Direction.RAISE else Decimal(-1)
    if sign * (value - expected) >= 0:
        return Status.ON_TRACK
    if sign * (value - base_value) > 0:
        return Status.AT_RISK
    return Status.OFF_TRACK


# -- the scorecard -----------------------------------------------------------------------------------------
@dataclass
class Part:
    """A split target's evaluation (urban/rural, boys/girls) under its indicator's row."""

    target: Target
    figure: Figure
    status: str
    reason: str

    @property
    def label(self) -> str:
        return self.target.get_breakdown_display()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]


@dataclass
class Row:
    indicator: Indicator
    figure: Figure
    target: Target | None
    status: str
    by_sex: dict[str, Figure] = field(default_factory=dict)
    reason: str = ""
    parts: list[Part] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]


class _Figures:
    """Figures of one unit, the computed ones taken from the whole catalogue computed at once per year
    (``catalogue_counts``: two grouped queries) when ``batched``, else one indicator at a time."""

    def __init__(self, unit: AdminUnit, *, batched: bool) -> None:
        self.unit = unit
        self.batched = batched
        self._years: dict[int, dict[tuple[str, str], Counts]] = {}
        self._heirs: dict[int, int | None] | None = None
        self._reported_values: dict[tuple[int, str], dict[int, list[ReportedValue]]] = {}
        self._provided: dict[tuple[str, int, str], Counts] = {}

    def get(self, indicator: Indicator, year: int, sex: str = "") -> Figure:
        if indicator.code in WITH_FALLBACK and indicator.code in COMPUTERS:
            if not self.batched or not self.unit.is_current:
                return computed_or_reported(indicator, self.unit, year, sex=sex)
            return self._computed_or_reported(indicator, year, sex)
        computed = indicator.source == Source.COMPUTED and indicator.code in COMPUTERS
        if not computed:
            if not self.unit.is_current:
                return reported(indicator, self.unit, year, sex=sex)
            if self._heirs is None:
                self._heirs = former_heirs(self.unit)
            if not self.batched:
                return reported(indicator, self.unit, year, sex=sex, heirs=self._heirs)
            rows = self._reported(year, sex).get(indicator.pk, [])
            return _reported_from(indicator, self.unit, rows, self._heirs)
        if not self.batched:
            return figure(indicator, self.unit, year, sex=sex)
        if indicator.code in PROVIDED:  # as ``figure``, the counts read once per page (``provided``)
            fig = roll_up_for(indicator, self.unit, self.provided(indicator, year, sex), year=year, sex=sex)
            fig.numerator, fig.denominator = int(fig.numerator or 0), int(fig.denominator or 0)
            return fig
        counts = self.catalogue(year).get((indicator.code, sex), {})
        return roll_up_for(indicator, self.unit, counts, year=year, sex=sex)

    def provided(self, indicator: Indicator, year: int, sex: str = "") -> Counts:
        """``commune_counts`` of an indicator an app above computes (``register_computer``), read once:
        the figure, the year before's arrow and the urban/rural table ask for the same counts (issue #20)."""
        key = (indicator.code, year, sex)
        if key not in self._provided:
            self._provided[key] = commune_counts(indicator, self.unit, year, sex=sex)
        return self._provided[key]

    def _computed_or_reported(self, indicator: Indicator, year: int, sex: str) -> Figure:
        """``computed_or_reported`` of a current unit, the reported figures taken from the values read
        for every indicator at once (``_reported``) instead of one or two queries per indicator."""
        counts = dict(self.provided(indicator, year, sex))
        if self._heirs is None:
            self._heirs = former_heirs(self.unit)
        rows = self._reported(year, sex).get(indicator.pk, [])
        if not counts:
            return _reported_from(indicator, self.unit, rows, self._heirs)
        communes = _commune_ids(self.unit)
        for row in rows:
            fallback = row.unit_id in communes and row.unit_id not in counts
            if fallback and row.numerator is not None and row.denominator:
                counts[row.unit_id] = (int(row.numerator or 0), int(row.denominator))
        return roll_up_for(indicator, self.unit, counts)

    def _reported(self, year: int, sex: str) -> dict[int, list[ReportedValue]]:
        """The reported values of ``year`` and ``sex`` of the unit, its current communes and the former
        communes they succeeded, every indicator's in one query (``_reported_rows`` of each at once:
        one query per reported indicator made 37 of the scorecard's queries, issue #20)."""
        key = (year, sex)
        if key not in self._reported_values:
            heirs = self._heirs if self._heirs is not None else former_heirs(self.unit)
            ids = _reporting_unit_ids(self.unit) | set(heirs)
            base = ReportedValue.objects.filter(year=year, sex=sex)
            rows = (
                [r for r in base if r.unit_id in ids]
                if len(ids) > _IN_LIST_MOST
                else base.filter(unit_id__in=ids)
            )
            grouped: dict[int, list[ReportedValue]] = {}
            for row in rows:
                grouped.setdefault(row.indicator_id, []).append(row)
            self._reported_values[key] = grouped
        return self._reported_values[key]

    def below(self, unit: AdminUnit, year: int) -> _Figures:
        """A batched reader of ``unit``, a current unit inside this one, whose computed counts of ``year``
        are this reader's, kept to ``unit``'s communes (``catalogue_counts`` of a subset of communes is
        that subset of the counts): one catalogue read for a unit and every unit below it."""
        reader = _Figures(unit, batched=True)
        if self.batched and unit.is_current:
            ids = _commune_ids(unit)
            reader._years[year] = {
                key: {c: v for c, v in counts.items() if c in ids}
                for key, counts in self.catalogue(year).items()
            }
        return reader

    def catalogue(self, year: int) -> dict[tuple[str, str], Counts]:
        """``catalogue_counts`` of the unit's current communes in ``year``, read once."""
        if year not in self._years:
            communes = current_communes(self.unit).values("pk")
            self._years[year] = catalogue_counts(communes, year)
        return self._years[year]


def _judged(indicator: Indicator, year: int, target: Target | None, get: Any) -> tuple[Figure, str, str]:
    """(figure, status, why) of ``indicator`` in ``year``; ``get(year)`` gives the figure of a year."""
    fig = get(year)
    previous: Decimal | None = None
    baseline: tuple[int, Decimal] | None = None
    needs_previous = target is not None and (
        target.kind in (TargetKind.CHANGE, TargetKind.KEEP) or target.year > year
    )
    if fig.value is not None and needs_previous:
        previous = get(year - 1).value
        if previous is not None and target is not None and target.year > year:
            baseline = (year - 1, previous)
    state, reason = judge(
        fig.value, target, indicator.direction, year=year, baseline=baseline, previous=previous
    )
    return fig, state, reason


def _area_figure(indicator: Indicator, unit: AdminUnit, year: int, area: str) -> Figure:
    """The figure of ``indicator`` over the urban or rural communes of ``unit``; none for an indicator
    that Treem does not compute (a reported figure has no split by area): "Chưa có số liệu"."""
    if indicator.code not in COMPUTERS:
        return Figure(None, None, None)
    areas, rows = area_breakdown(unit, year, [indicator])
    keys = [key for key, _label in areas]
    if rows and area in keys:
        return rows[0][1][keys.index(area)]
    return Figure(None, None, None)


def _split_targets(indicator: Indicator, unit: AdminUnit, year: int) -> list[Target]:
    breakdowns = (
        Target.active()
        .filter(indicator=indicator, unit_id__in=unit.ancestor_ids(), year__gte=year)
        .exclude(breakdown="")
        .values_list("breakdown", flat=True)
        .distinct()
    )
    found = [target_for(indicator, unit, year, b) for b in sorted(set(breakdowns))]
    return [t for t in found if t is not None]


class TargetBook:
    """Every target that may apply to ``unit`` in ``year``, read in one query: ``target_for`` and
    ``_split_targets`` of each indicator answered from memory (the scorecard asked two queries per
    indicator, 96 for the catalogue)."""

    def __init__(self, unit: AdminUnit, year: int) -> None:
        self.unit = unit
        self.year = year
        self.holders = target_holders(unit)
        self.ancestors = set(unit.ancestor_ids())
        rows = Target.active().filter(
            Q(every_year=False) | Q(year=year),  # a year of an every-year target is no later milestone
            unit_id__in={*self.holders, *self.ancestors},
            year__gte=year,
        )
        self._by_indicator: dict[int, list[Target]] = {}
        for target in rows.order_by("year", "pk"):
            self._by_indicator.setdefault(target.indicator_id, []).append(target)

    def target_for(self, indicator: Indicator, breakdown: str = "") -> Target | None:
        """As ``target_for(indicator, unit, year, breakdown)``."""
        candidates = [
            t
            for t in self._by_indicator.get(indicator.pk, [])
            if t.breakdown == breakdown and t.unit_id in self.holders
        ]
        for unit_id in self.holders:
            own = [t for t in candidates if t.unit_id == unit_id]
            if own:
                return own[0]
        return None

    def splits(self, indicator: Indicator) -> list[Target]:
        """As ``_split_targets(indicator, unit, year)``."""
        breakdowns = {
            t.breakdown
            for t in self._by_indicator.get(indicator.pk, [])
            if t.breakdown and t.unit_id in self.ancestors
        }
        found = [self.target_for(indicator, b) for b in sorted(breakdowns)]
        return [t for t in found if t is not None]


def _evaluate(
    indicator: Indicator, year: int, figures: _Figures, *, by_sex: bool, book: TargetBook | None = None
) -> Row:
    target = book.target_for(indicator) if book else target_for(indicator, figures.unit, year)
    fig, state, reason = _judged(indicator, year, target, lambda y: figures.get(indicator, y))
    row = Row(indicator=indicator, figure=fig, target=target, status=state, reason=reason)
    if by_sex and indicator.is_computed:
        row.by_sex = {sex: figures.get(indicator, year, sex) for sex in ("M", "F")}
    splits = book.splits(indicator) if book else _split_targets(indicator, figures.unit, year)
    for split in splits:
        if split.breakdown in ("M", "F"):
            sex = split.breakdown
            part = _judged(indicator, year, split, lambda y, sex=sex: figures.get(indicator, y, sex))
        else:
            area = split.breakdown
            part = _judged(
                indicator, year, split, lambda y, area=area: _area_figure(indicator, figures.unit, y, area)
            )
        row.parts.append(Part(split, *part))
    return row


def evaluate(indicator: Indicator, unit: AdminUnit, year: int, *, by_sex: bool = False) -> Row:
    return _evaluate(indicator, year, _Figures(unit, batched=False), by_sex=by_sex)


def scorecard(
    unit: AdminUnit,
    year: int,
    *,
    by_sex: bool = True,
    figures: _Figures | None = None,
    indicators: list[Indicator] | None = None,
) -> list[Row]:
    """Every indicator of ``unit`` in ``year``; the computed ones from two grouped queries per year.
    ``figures`` (of ``unit``, batched) lets a caller share the figures read with its own later reads;
    ``indicators``: the catalogue when the caller has read it already."""
    figures = figures or _Figures(unit, batched=True)
    book = TargetBook(unit, year)
    catalogue = indicators if indicators is not None else Indicator.objects.all()
    return [_evaluate(i, year, figures, by_sex=by_sex, book=book) for i in catalogue]


# Urban and rural (Thông tư 13/2021's "thành thị/nông thôn"), read from the 2025 commune types.
AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("urban", "Thành thị (phường)", ("phuong", "thi_tran")),
    ("rural", "Nông thôn (xã)", ("xa",)),
    ("special", "Đặc khu", ("dac_khu",)),
)


def area_breakdown(
    unit: AdminUnit,
    year: int,
    indicators: list[Indicator],
    *,
    catalogue: dict[tuple[str, str], Counts] | None = None,
    provided: Callable[[Indicator], Counts] | None = None,
) -> tuple[list[tuple[str, str]], list[tuple[Indicator, list[Figure]]]]:
    """The computed ``indicators`` of ``unit`` split into urban (phường), rural (xã) and special zones,
    each a ratio of sums over those communes; only the kinds of area the unit has. ``catalogue``: the
    ``catalogue_counts`` of the unit's current communes in ``year`` when the caller has read them
    already (the scorecard's figures), else read here; ``provided``: likewise the ``commune_counts`` of
    an indicator an app above computes (``_Figures.provided``)."""
    communes = current_communes(unit)
    kinds = dict(communes.values_list("pk", "unit_type"))
    present = [(key, label, types) for key, label, types in AREAS if any(k in types for k in kinds.values())]
    if catalogue is None:
        catalogue = catalogue_counts(communes.values("pk"), year)
    rows = []
    for indicator in indicators:
        counts = catalogue.get((indicator.code, ""))
        if counts is None:  # a provided indicator (register_computer), not in the catalogue query
            counts = provided(indicator) if provided is not None else commune_counts(indicator, unit, year)
        rows.append(
            (
                indicator,
                [
                    roll_up_for(indicator, unit, {c: v for c, v in counts.items() if kinds.get(c) in types})
                    for _key, _label, types in present
                ],
            )
        )
    return [(key, label) for key, label, _types in present], rows


def breakdown(
    unit: AdminUnit, year: int, indicators: list[Indicator], by: str
) -> list[tuple[Indicator, list[Figure]]]:
    """The computed ``indicators`` of ``unit`` split by ``BREAKDOWNS[by]`` (a ratio of sums within each
    part), from the two grouped queries of ``catalogue_counts``."""
    catalogue = catalogue_counts(current_communes(unit).values("pk"), year, by=by)
    return [
        (
            indicator,
            [
                roll_up_for(indicator, unit, catalogue.get((indicator.code, part), {}))
                for part in BREAKDOWNS[by]
            ],
        )
        for indicator in indicators
    ]


def child_units(unit: AdminUnit) -> list[AdminUnit]:
    """The current units one level down (provinces of the nation, communes of a province)."""
    return list(
        AdminUnit.objects.filter(
            parent=unit, generation=Generation.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE]
        ).order_by("name_folded")
    )


def drill_down(
    unit: AdminUnit, year: int, indicators: list[Indicator]
) -> list[tuple[AdminUnit, list[Figure]]]:
    """Each child unit with the figures of the computed ``indicators``, from the whole catalogue computed
    at ``unit``'s level (two grouped queries), rolled up to the child units by sums."""
    children = child_units(unit)
    if not children:
        return []
    depth = len(unit.ancestor_ids())
    owner: dict[int, int] = {}
    for pk, path in current_communes(unit).values_list("pk", "path"):
        ids = [int(p) for p in path.strip("/").split("/")]
        if len(ids) > depth:
            owner[pk] = ids[depth]
    result: dict[int, list[Figure]] = {c.pk: [] for c in children}
    catalogue = catalogue_counts(current_communes(unit).values("pk"), year)
    for indicator in indicators:
        counts = catalogue.get((indicator.code, ""))
        if counts is None:
            counts = commune_counts(indicator, unit, year)
        grouped: dict[int, Counts] = {c.pk: {} for c in children}
        for commune_id, pair in counts.items():
            child_id = owner.get(commune_id)
            if child_id in grouped:
                grouped[child_id][commune_id] = pair
        for child in children:
            result[child.pk].append(roll_up(indicator, grouped[child.pk]))
    return [(c, result[c.pk]) for c in children]


# -- the two maps side by side (ADR 0024) ------------------------------------------------------------------
REFORM_YEAR = 2025  # the two-tier map took effect on 01/07/2025 (Nghị quyết 202/2025/QH15; legal §9)
REFORM_MOST_UNITS = 12  # columns of the comparison table beside the unit itself


@dataclass
class ReformColumn:
    unit: AdminUnit
    year: int
    figures: list[Figure]

    @property
    def former(self) -> bool:
        return not self.unit.is_current


def reform_years(year: int) -> tuple[int, int]:
    """The year before the reform and the year after it to compare, around the page's ``year``: the last
    whole year of the former map (2024) and the page's year once the current map was in force."""
    return min(year, REFORM_YEAR - 1), max(year, REFORM_YEAR + 1)


def reform_comparison(unit: AdminUnit, year: int, indicators: list[Indicator]) -> list[ReformColumn]:
    """Both maps side by side for the years around the reform (``reform_years``): for a former unit, its
    own figures of the year before and of the year after (its territory read off the current records),
    then each current unit that took it over in the year after; for a current unit, each former unit it
    took over in the year before, then its own figures of both years. Empty for a current unit without
    predecessors (no former map loaded)."""
    before, after = reform_years(year)
    if unit.is_current:
        olds = geo.predecessors(unit)[:REFORM_MOST_UNITS]
        if not olds:
            return []
        plan = [(u, before) for u in olds] + [(unit, before), (unit, after)]
    else:
        news = geo.successors(unit)[:REFORM_MOST_UNITS]
        plan = [(unit, before), (unit, after)] + [(u, after) for u in news]
    columns = []
    for column_unit, column_year in plan:
        figures = _Figures(column_unit, batched=True)
        columns.append(
            ReformColumn(column_unit, column_year, [figures.get(i, column_year) for i in indicators])
        )
    return columns
