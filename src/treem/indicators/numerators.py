# ruff: noqa: S608 — the SQL is built from this module's constant names; every value is a parameter.
"""The computed indicators' numerators, kept per commune and key for a few years (ADR 0033).

The populations are counts the triggers keep (ADR 0011). The numerators — children in special
circumstances, those also supported, abused children, child labour, injuries and injury deaths — are not
additive per record (a second support of a child adds nothing, a "none" labour record takes a child out),
so a trigger cannot add ±1 without knowing the child's whole year, and two transactions doing so at once
would count a child twice. Instead:

- triggers on the register and on its facts (``registry_child``, circumstances, supports, labour records,
  injuries, cases) only **append the changed children's ids** to ``indicators_numeratordirty`` in the
  changing transaction — a plain INSERT, which waits for no other writer;
- ``fold()`` (a periodic job, one at a time under an advisory lock) takes those ids out, recomputes each
  child's part of every kept year from its records (``_parts_sql``), and moves the kept counts
  (``NumeratorCount``) by the difference with the part it folded last time (``NumeratorChild``);
- the catalogue (``selectors.catalogue_counts``) reads the kept counts of the year **and corrects them in
  the same statement** for the children still waiting to be folded (their new part minus their kept
  part), so a figure is current the moment a change commits, and the read costs the keys plus the
  children changed since the last fold, not the children with facts.

The populations of a kept year (ADR 0040) are kept in the same rows, per age band: the triggers of ADR
0011 append their delta rows to ``indicators_populationcount`` as before (unfolded); ``fold()`` marks the
rows it sees folded and adds them to the kept counts of every kept year, in the same transaction; the
catalogue adds the rows not folded yet. So the read of a kept year costs its keys (communes × sexes × age
bands × ethnic groups) plus the rows and children changed since the last fold, whatever the register's
size — not the population rows' keys, which grow with birth years, registration and death years.

Years not kept (``NumeratorYear``) are computed from the facts as before. The migration back-fills the
year before, this year and the next; ``keep_window()`` (in the same job) moves that window at New Year.
"""

from __future__ import annotations

import datetime
import itertools
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from treem.indicators import rules

# Table names are fixed by the models' Meta (the migration that back-fills uses this module too).
DIRTY = "indicators_numeratordirty"
POPULATIONS = "indicators_populationcount"
PARTS = "indicators_numeratorchild"
COUNTS = "indicators_numeratorcount"
YEARS = "indicators_numeratoryear"
LOCK = "SELECT pg_advisory_xact_lock(hashtext('indicators_numerators'))"

# The window ``keep_window`` keeps around today's year: the year before (reports, the status's previous
# year), this year, and the next (ready before New Year's first change).
YEARS_BEFORE, YEARS_AFTER = 1, 1

# ``kinds``: bit 1 a special circumstance in force, 2 a support, 4 an abuse case, 8 child labour.
KEY = "year, commune_id, sex, birth_year, ethnic_group"
PART_COLUMNS = f"child_id, {KEY}, kinds, injuries, deaths"
# The counts are kept per age band at 31/12 of their year rather than per birth year: a few bands are all
# the reads tell apart (``_band_starts``), so a year has about four times fewer keys to read.
COUNT_KEY = "year, commune_id, sex, age_band, ethnic_group"
COUNT_COLUMNS = "hcdb, hcdb_supported, abused, labour, injuries, injury_deaths"
# The populations kept in the same rows (ADR 0040): the children counted, and those birth-registered.
POPULATION_COLUMNS = "children, registered"
ALL_COLUMNS = f"{POPULATION_COLUMNS}, {COUNT_COLUMNS}"


def _band_starts() -> list[int]:
    """The first age of each band: every age where an indicator's population or an age group of the
    breakdown begins or ends (0–4, 5–9, 10–14, 15, 16–17 with today's rules)."""
    from treem.indicators.selectors import AGE_GROUPS

    starts = {0, rules.LABOUR_MIN_AGE, rules.CHILD_AGE_LIMIT, rules.BIRTH_REGISTRATION_AGE_LIMIT}
    starts |= {int(group.split("-")[0]) for group in AGE_GROUPS}
    return sorted(starts)


def _band(year: str, birth_year: str) -> str:
    """SQL: the age band (its first age) of a child born in ``birth_year`` at the end of ``year``."""
    starts = _band_starts()
    age = f"({year} - {birth_year})"
    whens = " ".join(f"WHEN {age} < {after} THEN {start}" for start, after in itertools.pairwise(starts))
    return f"CASE {whens} ELSE {starts[-1]} END"


def _signed(sign: str) -> str:
    """The count columns of a part's row (``kinds``, ``injuries``, ``deaths``), times ``sign``."""
    return (
        f"{sign} * ((kinds & 1) <> 0)::int, {sign} * ((kinds & 3) = 3)::int, "
        f"{sign} * ((kinds & 4) <> 0)::int, {sign} * ((kinds & 8) <> 0)::int, "
        f"{sign} * injuries, {sign} * deaths"
    )


def _population_rows(rows: str, year: str) -> str:
    """SQL: the (``COUNT_KEY``, ``ALL_COLUMNS``) rows of the population rows ``rows`` (an SQL FROM item
    named ``p`` with ``PopulationCount``'s columns) for each year of ``year`` (an SQL FROM item named ``y``
    with a column ``year``) they count in: its children 0–17 at 31/12 (``selectors.population``: the
    triggers leave out merged records, children moved away and deaths without a date) alive on 1/1."""
    band = _band("y.year", "p.birth_year")
    return f"""
        SELECT y.year, p.commune_id, p.sex, {band}, p.ethnic_group,
            p.n, CASE WHEN p.registered THEN p.n ELSE 0 END, 0, 0, 0, 0, 0, 0
        FROM {rows} JOIN {year} ON p.birth_year >= y.year - %(oldest)s AND p.birth_year <= y.year
            AND p.until_year >= y.year
    """


def _sums() -> str:
    return ", ".join(f"sum({c})" for c in ALL_COLUMNS.split(", "))


def _facts_sql(only: str | None) -> str:
    """``facts``: (child_id, year, kinds, injuries, deaths) of every child with something in a year of
    ``%(years)s`` — of every child, or, given ``only`` (an SQL query of DISTINCT child ids: the children to
    fold), of those children only, each looked up by its id (index scans: the cost follows the children
    asked for, not the size of the tables of facts)."""
    if only is None:
        return """
            SELECT child_id, year, bit_or(kind) AS kinds, sum(injuries)::int AS injuries,
                sum(deaths)::int AS deaths
            FROM (
                SELECT f.child_id, y.year, 1 AS kind, 0 AS injuries, 0 AS deaths
                FROM registry_childcircumstance f JOIN years y
                    ON f.start_date <= make_date(y.year, 12, 31)
                    AND (f.end_date IS NULL OR f.end_date >= make_date(y.year, 1, 1))
                WHERE f.start_date <= %(last)s AND (f.end_date IS NULL OR f.end_date >= %(first)s)
                UNION ALL
                SELECT child_id, extract(year FROM date)::int, 2, 0, 0 FROM registry_support
                WHERE date >= %(first)s AND date <= %(last)s
                UNION ALL
                -- a case filed against a record since merged counts for the surviving record
                SELECT coalesce(m.merged_into_id, m.id),
                    extract(year FROM y.received_at AT TIME ZONE %(tz)s)::int, 4, 0, 0
                FROM cases_case y JOIN registry_child m ON m.id = y.child_id
                WHERE y.category = %(abuse)s AND y.received_at >= %(since)s AND y.received_at < %(until)s
                    AND y.status <> ALL(%(dropped)s)
                UNION ALL
                SELECT child_id, year, 8, 0, 0 FROM (
                    SELECT DISTINCT ON (child_id, extract(year FROM recorded_on)) child_id,
                        extract(year FROM recorded_on)::int AS year, status
                    FROM registry_labourrecord WHERE recorded_on >= %(first)s AND recorded_on <= %(last)s
                    ORDER BY child_id, extract(year FROM recorded_on), recorded_on DESC, id DESC
                ) latest WHERE status = ANY(%(working)s)
                UNION ALL
                SELECT child_id, extract(year FROM date)::int, 0, 1, (outcome = %(death)s)::int
                FROM registry_injury WHERE date >= %(first)s AND date <= %(last)s
            ) f
            GROUP BY child_id, year
        """
    abuse = (
        "y.category = %(abuse)s AND y.received_at >= %(since)s AND y.received_at < %(until)s "
        "AND y.status <> ALL(%(dropped)s)"
    )
    return f"""
        SELECT d.id AS child_id, x.year, bit_or(x.kind) AS kinds, sum(x.injuries)::int AS injuries,
            sum(x.deaths)::int AS deaths
        FROM ({only}) AS d(id) CROSS JOIN LATERAL (
            SELECT y.year, 1 AS kind, 0 AS injuries, 0 AS deaths
            FROM registry_childcircumstance f JOIN years y
                ON f.start_date <= make_date(y.year, 12, 31)
                AND (f.end_date IS NULL OR f.end_date >= make_date(y.year, 1, 1))
            WHERE f.child_id = d.id
            UNION ALL
            SELECT extract(year FROM date)::int, 2, 0, 0 FROM registry_support
            WHERE child_id = d.id AND date >= %(first)s AND date <= %(last)s
            UNION ALL
            -- its own cases (a merged record's part is dropped below) and those of its merged records
            SELECT extract(year FROM y.received_at AT TIME ZONE %(tz)s)::int, 4, 0, 0
            FROM cases_case y WHERE y.child_id = d.id AND {abuse}
            UNION ALL
            SELECT extract(year FROM y.received_at AT TIME ZONE %(tz)s)::int, 4, 0, 0
            FROM registry_child m JOIN cases_case y ON y.child_id = m.id
            WHERE m.merged_into_id = d.id AND {abuse}
            UNION ALL
            SELECT year, 8, 0, 0 FROM (
                SELECT DISTINCT ON (extract(year FROM recorded_on))
                    extract(year FROM recorded_on)::int AS year, status
                FROM registry_labourrecord
                WHERE child_id = d.id AND recorded_on >= %(first)s AND recorded_on <= %(last)s
                ORDER BY extract(year FROM recorded_on), recorded_on DESC, id DESC
            ) latest WHERE status = ANY(%(working)s)
            UNION ALL
            SELECT extract(year FROM date)::int, 0, 1, (outcome = %(death)s)::int
            FROM registry_injury WHERE child_id = d.id AND date >= %(first)s AND date <= %(last)s
        ) x
        GROUP BY d.id, x.year
    """


def _parts_sql(only: str | None) -> str:
    """``SELECT`` of every child's part (``PART_COLUMNS``) in each year of ``%(years)s``: the child's key
    and its facts of the year, for children counted in the year (``selectors.population``) with a
    circumstance, a case, child labour or an injury. ``only``: an SQL query of DISTINCT child ids to
    restrict to (the children to fold), else every child. The definitions of
    ``selectors._catalogue_sql``."""
    return f"""
        WITH years AS (SELECT unnest(%(years)s::int[]) AS year),
        facts AS ({_facts_sql(only)})
        SELECT f.child_id, f.year, c.commune_id, c.sex, extract(year FROM c.date_of_birth)::int AS birth_year,
            CASE WHEN c.ethnicity_id IS NULL THEN 0
                 WHEN c.ethnicity_id = (SELECT id FROM registry_ethnicity WHERE code = %(kinh)s) THEN 1
                 ELSE 2 END AS ethnic_group,
            f.kinds, f.injuries, f.deaths
        FROM facts f JOIN years y ON y.year = f.year JOIN registry_child c ON c.id = f.child_id
        WHERE c.merged_into_id IS NULL AND c.status <> %(moved_away)s
            AND NOT (c.status = %(deceased)s
                     AND (c.status_date IS NULL OR c.status_date < make_date(f.year, 1, 1)))
            AND c.date_of_birth >= make_date(f.year - %(oldest)s, 1, 1)
            AND c.date_of_birth <= make_date(f.year, 12, 31)
            AND (f.kinds & 13 <> 0 OR f.injuries > 0)
    """


def _params(years: list[int]) -> dict[str, Any]:
    from treem.cases.choices import CaseStatus, Category
    from treem.indicators.selectors import KINH_CODE
    from treem.registry.models import ChildStatus, Injury, LabourRecord

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    first, last = min(years), max(years)
    return {
        "years": sorted(years),
        "first": datetime.date(first, 1, 1),
        "last": datetime.date(last, 12, 31),
        "tz": settings.TIME_ZONE,
        "since": datetime.datetime(first, 1, 1, tzinfo=tz),
        "until": datetime.datetime(last + 1, 1, 1, tzinfo=tz),
        "abuse": Category.ABUSE,
        "dropped": [CaseStatus.NOT_SUBSTANTIATED, CaseStatus.TRANSFERRED],
        "working": [LabourRecord.Status.CHILD_LABOUR, LabourRecord.Status.HAZARDOUS],
        "death": Injury.Outcome.DEATH,
        "kinh": KINH_CODE,
        "moved_away": ChildStatus.MOVED_AWAY,
        "deceased": ChildStatus.DECEASED,
        "oldest": rules.LABOUR_MAX_AGE,
    }


def kept_years() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT year FROM {YEARS} ORDER BY year")
        return [year for (year,) in cursor.fetchall()]


def is_kept(year: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {YEARS} WHERE year = %s)", [year])
        return bool(cursor.fetchone()[0])


def keep_year(year: int) -> int:
    """Keep ``year``'s numerators from now on: compute every child's part of it from the facts (the cost
    of one catalogue from scratch) and its counts. Returns the parts stored. Idempotent."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK)
        cursor.execute(f"DELETE FROM {PARTS} WHERE year = %s", [year])
        cursor.execute(f"DELETE FROM {COUNTS} WHERE year = %s", [year])
        params = _params([year])
        cursor.execute(f"INSERT INTO {PARTS} ({PART_COLUMNS}) {_parts_sql(None)}", params)
        parts = int(cursor.rowcount)
        band = _band("year", "birth_year")
        # the numerators from the parts, the populations from the folded population rows (the catalogue
        # adds the others, and the fold will)
        cursor.execute(
            f"INSERT INTO {COUNTS} ({COUNT_KEY}, {ALL_COLUMNS}) "
            f"SELECT {COUNT_KEY}, {_sums()} FROM ("
            f"SELECT year, commune_id, sex, {band}, ethnic_group, 0, 0, {_signed('1')} FROM {PARTS} "
            "WHERE year = %(year)s UNION ALL "
            + _population_rows(f"{POPULATIONS} p", "(SELECT %(year)s::int AS year) y")
            + f" WHERE p.folded) AS p({COUNT_KEY}, {ALL_COLUMNS}) GROUP BY {COUNT_KEY}",
            {**params, "year": year},
        )
        cursor.execute(f"INSERT INTO {YEARS} (year) VALUES (%s) ON CONFLICT DO NOTHING", [year])
        cursor.execute(f"ANALYZE {PARTS}")
        cursor.execute(f"ANALYZE {COUNTS}")
    return parts


def forget_year(year: int) -> None:
    """Stop keeping ``year``: the catalogue computes it from the facts again."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK)
        for table in (YEARS, COUNTS, PARTS):
            cursor.execute(f"DELETE FROM {table} WHERE year = %s", [year])


def keep_window(today: datetime.date | None = None) -> list[int]:
    """Keep the year before ``today``'s, this year and the next (``YEARS_BEFORE``, ``YEARS_AFTER``); forget
    older years. Returns the years newly kept (one at New Year, none on other days)."""
    year = (today or timezone.localdate()).year
    wanted = set(range(year - YEARS_BEFORE, year + YEARS_AFTER + 1))
    kept = set(kept_years())
    for old in sorted(kept - wanted):
        if old < year:
            forget_year(old)
    added = sorted(wanted - kept)
    for new in added:
        keep_year(new)
    return added


def fold() -> int:
    """Fold the children changed since the last fold into the kept numerators: each one's part of every
    kept year recomputed, the counts moved by the difference. Returns how many children it folded. One at
    a time (advisory lock); writers of the register never wait for it, nor it for them: it takes out only
    the ids it saw committed, and reads their records after that, so a change committed meanwhile is either
    folded now or waits for the next fold (folding a child twice is harmless)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK)
        cursor.execute("DROP TABLE IF EXISTS pg_temp.numerators_dirty, pg_temp.numerators_parts")
        cursor.execute("CREATE TEMP TABLE numerators_dirty (child_id bigint PRIMARY KEY) ON COMMIT DROP")
        cursor.execute(
            f"WITH gone AS (DELETE FROM {DIRTY} RETURNING child_id) "
            "INSERT INTO numerators_dirty SELECT DISTINCT child_id FROM gone"
        )
        folded = int(cursor.rowcount)
        cursor.execute(f"SELECT array_agg(year ORDER BY year) FROM {YEARS}")
        years: list[int] = cursor.fetchone()[0] or []
        _fold_populations(cursor, years)
        if not folded or not years:
            return folded
        cursor.execute("ANALYZE numerators_dirty")
        only = "SELECT child_id FROM numerators_dirty"
        cursor.execute(
            f"CREATE TEMP TABLE numerators_parts ON COMMIT DROP AS {_parts_sql(only)}", _params(years)
        )
        key = f"year, commune_id, sex, {_band('year', 'birth_year')}, ethnic_group"
        old = f"SELECT {key}, {_signed('-1')} FROM {PARTS} WHERE child_id IN ({only}) AND year = ANY(%s)"
        new = f"SELECT {key}, {_signed('1')} FROM numerators_parts AS p({PART_COLUMNS})"
        sums = ", ".join(f"sum({c})" for c in COUNT_COLUMNS.split(", "))
        cursor.execute(
            f"INSERT INTO {COUNTS} AS k ({COUNT_KEY}, {COUNT_COLUMNS}) "
            f"SELECT {COUNT_KEY}, {sums} FROM ({old} UNION ALL {new}) AS d({COUNT_KEY}, {COUNT_COLUMNS}) "
            f"GROUP BY {COUNT_KEY} HAVING ({sums}) <> (0, 0, 0, 0, 0, 0) ORDER BY {COUNT_KEY} "
            f"ON CONFLICT ({COUNT_KEY}) DO UPDATE SET "
            + ", ".join(f"{c} = k.{c} + EXCLUDED.{c}" for c in COUNT_COLUMNS.split(", ")),
            [years],
        )
        cursor.execute(
            f"DELETE FROM {PARTS} WHERE child_id IN ({only}) AND year = ANY(%s)",
            [years],
        )
        cursor.execute(f"INSERT INTO {PARTS} ({PART_COLUMNS}) SELECT * FROM numerators_parts")
    return folded


def _fold_populations(cursor: Any, years: list[int]) -> int:
    """Mark the population rows not folded yet folded and add them to the kept counts of ``years``, in one
    statement (so the catalogue sees each row either among those not folded or in the counts). Only rows
    committed before it began: a row committed meanwhile stays for the next fold. Returns the count rows
    written (or, with no kept year, the population rows marked)."""
    moved = (
        f"WITH moved AS (UPDATE {POPULATIONS} SET folded = true WHERE NOT folded "
        "RETURNING commune_id, sex, birth_year, registered, ethnic_group, until_year, n) "
    )
    if not years:
        cursor.execute(moved + "SELECT count(*) FROM moved")
        return int(cursor.fetchone()[0])
    sums = _sums()
    cursor.execute(
        moved
        + f"INSERT INTO {COUNTS} AS k ({COUNT_KEY}, {ALL_COLUMNS}) SELECT {COUNT_KEY}, {sums} FROM ("
        + _population_rows("moved p", "(SELECT unnest(%(years)s::int[]) AS year) y")
        + f") AS d({COUNT_KEY}, {ALL_COLUMNS}) GROUP BY {COUNT_KEY} "
        f"HAVING ({sums}) <> (0, 0, 0, 0, 0, 0, 0, 0) ORDER BY {COUNT_KEY} "
        f"ON CONFLICT ({COUNT_KEY}) DO UPDATE SET "
        + ", ".join(f"{c} = k.{c} + EXCLUDED.{c}" for c in POPULATION_COLUMNS.split(", ")),
        {"years": years, "oldest": rules.LABOUR_MAX_AGE},
    )
    return int(cursor.rowcount)


def counts_sql(commune_ids: list[int], year: int, category: str) -> tuple[str, dict[str, Any]]:
    """The populations and numerators of a kept ``year`` per (commune, ``category`` — an expression of the
    columns ``sex``, ``band`` (an age band, ``_band_starts``) and ``ethnic_group``), in one statement (one
    snapshot): the kept counts, plus the population rows not folded yet (ADR 0040), corrected for the
    children not folded yet — their part now minus their kept part (ADR 0033). The columns and the ages
    of each are those of ``selectors._catalogue_sql``."""
    band = _band("p.year", "p.birth_year")
    only = "SELECT child_id FROM dirty"
    # "= ANY" of the array, not a semi-join on its unnested ids: the planner then reads a province's kept
    # counts by their key (year, commune, …: 4,500 of the year's 90,000 rows at 25M, 2 ms) instead of
    # hashing every row of the year against the communes (a parallel scan of the whole table, 45 ms per
    # year read); for the nation it still scans the year, the array hashed (issue #20, ADR 0046).
    communes = "commune_id = ANY(%(communes)s::bigint[])"
    sql = f"""
        WITH dirty AS MATERIALIZED (SELECT DISTINCT child_id FROM {DIRTY}),
        fresh AS ({_parts_sql(only)}),
        rows AS (
            SELECT commune_id, sex, age_band, ethnic_group, {ALL_COLUMNS}
            FROM {COUNTS} WHERE year = %(year)s AND {communes}
            UNION ALL
            SELECT commune_id, sex, age_band, ethnic_group, {ALL_COLUMNS} FROM (
                {_population_rows(f"{POPULATIONS} p", "(SELECT %(year)s::int AS year) y")}
                WHERE NOT p.folded
            ) AS p(year, commune_id, sex, age_band, ethnic_group, {ALL_COLUMNS})
            WHERE p.{communes}
            UNION ALL
            SELECT p.commune_id, p.sex, {band}, p.ethnic_group, 0, 0, {_signed("-1")}
            FROM (
                SELECT p.* FROM dirty d CROSS JOIN LATERAL (
                    SELECT * FROM {PARTS} WHERE child_id = d.child_id AND year = %(year)s OFFSET 0
                ) p
                OFFSET 0  -- the communes on the joined rows, not once per changed child
            ) p
            WHERE p.{communes}
            UNION ALL
            SELECT p.commune_id, p.sex, {band}, p.ethnic_group, 0, 0, {_signed("1")}
            FROM fresh AS p({PART_COLUMNS})
            WHERE p.{communes}
        )
        SELECT commune_id, {category} AS category,
            sum(children) FILTER (WHERE band < %(u16)s) AS under_16,
            sum(children) FILTER (WHERE band >= %(lab_min)s AND band <= %(lab_max)s) AS aged_5_17,
            sum(children) FILTER (WHERE band < %(u5)s) AS under_5,
            sum(registered) FILTER (WHERE band < %(u5)s) AS registered,
            coalesce(sum(hcdb) FILTER (WHERE band < %(u16)s), 0) AS hcdb,
            coalesce(sum(hcdb_supported) FILTER (WHERE band < %(u16)s), 0) AS hcdb_supported,
            coalesce(sum(abused) FILTER (WHERE band < %(u16)s), 0) AS abused,
            coalesce(sum(labour) FILTER (WHERE band >= %(lab_min)s AND band <= %(lab_max)s), 0)
                AS labour,
            coalesce(sum(injuries) FILTER (WHERE band < %(u16)s), 0) AS injuries,
            coalesce(sum(injury_deaths) FILTER (WHERE band < %(u16)s), 0) AS injury_deaths
        FROM rows AS r(commune_id, sex, band, ethnic_group, {ALL_COLUMNS})
        GROUP BY 1, 2
    """
    params = {
        **_params([year]),
        "communes": commune_ids,
        "year": year,
        "u16": rules.CHILD_AGE_LIMIT,
        "u5": rules.BIRTH_REGISTRATION_AGE_LIMIT,
        "lab_min": rules.LABOUR_MIN_AGE,
        "lab_max": rules.LABOUR_MAX_AGE,
    }
    return sql, params
