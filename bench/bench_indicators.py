"""The whole indicator catalogue for every unit of the nation, against DuckDB on the same data in Parquet.

    nice -n 10 .venv/bin/python bench/bench_indicators.py --rows 25000000     # the nation (issue #5)
    nice -n 10 .venv/bin/python bench/bench_indicators.py --rows 2000000      # what fits in a session

Set-up (timed, not part of the result): ``--rows`` synthetic children (``synthetic.generate`` +
``copy_children``, special circumstances included, guardians only with ``--guardians``) spread over ALL
current communes (3,321), so the per-unit fan-out is the nation's whatever the scale. 1 % of the records
are re-entries of an earlier child, half of which are merged into it. Then, through SQL (``setseed`` so
the run repeats): moves and deaths, children under 5 not (or not known to be) birth-registered,
supports in the year (most children in special circumstances, a few others), labour records (some
children with a later "none" record), injuries (some fatal) and protection cases (abuse and others,
some not substantiated or transferred, some filed against merged records), in the year and the year
before. ``VACUUM ANALYZE``.

Measured, each engine in a fresh Python process (so that its peak RSS is its own):

- Back-fill (set-up, timed): what migration indicators/0010 does on an existing register —
  ``numerators.keep_year`` for each kept year (the year before today's, this year, the next) — then
  ``numerators.fold`` of what the loader logged, and the hourly compaction of the population counts.
- *Treem*: every computed indicator (QD23-08a … QD23-14), for both sexes together and for each sex
  (as the scorecard shows them), for the nation, every province and every commune, for ``--year``:
  ``selectors.catalogue_counts`` over the nation's communes (two grouped queries: the populations from
  the counts the triggers keep, ``indicators_populationcount`` — ADR 0011 —, then the numerators from
  the counts kept for the year, ``indicators_numeratorcount`` — ADR 0033), then
  ``selectors.catalogue_figures`` (numerators and denominators added up the tree and the values of every
  unit, set-wise — ADR 0046; ``tree_sums`` + ``Indicator.value_of`` per unit before); the two queries
  are also timed alone. In the same run, the earlier way: the numerators computed from what the children
  have in the year, joined to them (``catalogue_counts(..., from_scratch=True)``), same numbers required.
  Also, unless ``--no-per-indicator``, ``selectors.commune_counts`` once per indicator and sex
  (21 queries) rolled up the same way — timed and checked to give the same numbers.
- *DuckDB*: the same numbers in DuckDB SQL over the tables exported to Parquet in the same run (export
  = ``COPY … TO STDOUT (FORMAT csv)`` from PostgreSQL, then DuckDB ``COPY … TO parquet``; its time is
  reported apart). Rolled up to every unit in SQL. The two sides must agree on every unit, indicator
  and sex, or the run fails.
- Ratio = Treem seconds ÷ DuckDB seconds (best of ``--repeat`` runs each). Goal: ≤ 3.
- The triggers' cost on writes (ADR 0033): the ``--changes`` writes (another seed) and an INSERT of
  supports for 5 % of the children, in transactions rolled back, with the numerators' triggers and with
  them disabled (``ALTER TABLE … DISABLE TRIGGER``, every other trigger kept), best of ``--repeat``.
- Refresh: ``--changes`` random children changed in one transaction through SQL (birth registration
  flipped, moved away, died before the year, a new special circumstance, a new support; the triggers
  keep the population counts and log the changed children in that transaction, its time includes
  them), then the catalogue read (a) at once — the kept counts corrected in the query for the children
  not folded yet —, (b) from scratch, the numerators from the facts (the earlier way), (a') at once
  again — (a) is the first read of the changed rows and pays their visibility checks, which (b) then
  finds done: (a') is as warm as (b) —, (c) after ``numerators.fold`` (the periodic job, timed). Checked
  (a) = (a') = (b) = (c) = DuckDB on a new export. Goal (issue #20): current within 1 s at 25M.
- Database size (``pg_database_size``), the tables' sizes with indexes, Parquet size, peak RSS of each
  engine's process (``VmHWM``; PostgreSQL's own processes not included).

Scale: the numerators' query grows with the number of children that have something in the year; the
populations' read with communes × birth years. Per-million figures are printed for comparison between
runs. ``--data DIR`` keeps the database so that the nation's 25M children are generated once;
``--complete-setup`` finishes, on such a kept register, a set-up that stopped after storing the children
(``complete_setup``: the same shares, two scans of the register, the merges as random pairs within a
commune), then measures. The triggers' cost is measured last (``--no-trigger-cost`` skips it), with the
changes' writes broken down by trigger (one disabled at a time, ``--breakdown-repeat`` runs each).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path
from typing import Any

import _setup

# The tables the computed indicators read: (name, SELECT, DuckDB column types).
EXPORTS: list[tuple[str, str, dict[str, str]]] = [
    (
        "children",
        "SELECT id, commune_id, sex, date_of_birth, birth_registered, status, status_date, merged_into_id "
        "FROM registry_child",
        {
            "id": "BIGINT",
            "commune_id": "BIGINT",
            "sex": "VARCHAR",
            "date_of_birth": "DATE",
            "birth_registered": "BOOLEAN",
            "status": "VARCHAR",
            "status_date": "DATE",
            "merged_into_id": "BIGINT",
        },
    ),
    (
        "circumstances",
        "SELECT child_id, start_date, end_date FROM registry_childcircumstance",
        {"child_id": "BIGINT", "start_date": "DATE", "end_date": "DATE"},
    ),
    (
        "supports",
        "SELECT child_id, date FROM registry_support",
        {"child_id": "BIGINT", "date": "DATE"},
    ),
    (
        "cases",
        "SELECT child_id, category, status, received_at AT TIME ZONE 'UTC' AS received_at_utc "
        "FROM cases_case",
        {"child_id": "BIGINT", "category": "VARCHAR", "status": "VARCHAR", "received_at_utc": "TIMESTAMP"},
    ),
    (
        "labour",
        "SELECT id, child_id, status, recorded_on FROM registry_labourrecord",
        {"id": "BIGINT", "child_id": "BIGINT", "status": "VARCHAR", "recorded_on": "DATE"},
    ),
    (
        "injuries",
        "SELECT child_id, date, outcome FROM registry_injury",
        {"child_id": "BIGINT", "date": "DATE", "outcome": "VARCHAR"},
    ),
    (
        "units",
        "SELECT id, path, level, generation FROM geo_adminunit",
        {"id": "BIGINT", "path": "VARCHAR", "level": "VARCHAR", "generation": "VARCHAR"},
    ),
]
COLUMNS = [
    "under_16",
    "hcdb",
    "hcdb_supported",
    "abused",
    "aged_5_17",
    "labour",
    "injuries",
    "injury_deaths",
    "under_5",
    "registered",
]


def own_peak_rss_mib() -> float:
    """``VmHWM`` of this process (``_setup.own_peak_rss_mib``: ``ru_maxrss`` would include the parent's)."""
    return _setup.own_peak_rss_mib()


# -- the data ---------------------------------------------------------------------------------------------
def load(args: argparse.Namespace) -> dict[str, Any]:
    """Generate and store the children, then the supports, labour, injuries and cases of the years."""
    from django.db import connection

    from treem.geo.models import AdminUnit, Generation, Level
    from treem.registry import synthetic

    communes = list(
        AdminUnit.objects.filter(generation=Generation.CURRENT, level=Level.COMMUNE).order_by("code")
    )
    _setup.log(f"{len(communes):,} current communes; generating {args.rows:,} children")
    started = time.perf_counter()
    # One generator (personal IDs stay unique), stored in chunks (memory stays flat).
    records = synthetic.generate(args.rows, seed=args.seed, problems=synthetic.Problems(duplicates=0.01))
    pks: list[int] = []
    merges: list[tuple[int, int]] = []
    rng = random.Random(args.seed)
    for i in itertools.count():
        chunk = list(itertools.islice(records, args.chunk))
        if not chunk:
            break
        pks.extend(synthetic.copy_children(chunk, communes, seed=args.seed + i, guardians=args.guardians))
        for r in chunk:
            if r["duplicate_of"] is not None and rng.random() < 0.5:
                merges.append((pks[r["key"]], pks[r["duplicate_of"]]))
        _setup.log(f"  {len(pks):,} children stored ({len(pks) / (time.perf_counter() - started):,.0f}/s)")
    children_s = time.perf_counter() - started
    y = args.year
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.2026)")
        cur.execute(
            "UPDATE registry_child c SET merged_into_id = m.survivor FROM unnest(%s::int[], %s::int[]) "
            "AS m(dup, survivor) WHERE c.id = m.dup",
            [[a for a, _ in merges], [b for _, b in merges]],
        )
        # Moves (1 %), deaths (0.2 %, from two years before), under-5s not or not known registered.
        cur.execute(
            "UPDATE registry_child SET status = 'moved_away', "
            "status_date = make_date(%s::int, 1, 1) + (random() * 1000)::int WHERE random() < 0.01",
            [y - 2],
        )
        cur.execute(
            "UPDATE registry_child SET status = 'deceased', "
            "status_date = make_date(%s::int, 1, 1) + (random() * 1000)::int "
            "WHERE status = 'active' AND random() < 0.002",
            [y - 2],
        )
        cur.execute(
            "UPDATE registry_child SET birth_registered = CASE WHEN random() < 0.25 THEN NULL ELSE false END "
            "WHERE date_of_birth >= make_date(%s::int, 1, 1) AND random() < 0.05",
            [y - 5],
        )
        # Supports: 70 % of children in special circumstances in the year (a second for 40 % of them),
        # 2 % of the others, and the year before.
        support = (
            "INSERT INTO registry_support (child_id, kind, date, amount, source, provider_name, note, "
            "created_at, updated_at) SELECT id, %s, make_date(%s::int, 1, 1) + (random() * 364)::int, "
            "500000, 'budget', '', '', now(), now() FROM "
        )
        cur.execute(
            support
            + "(SELECT DISTINCT child_id AS id FROM registry_childcircumstance) x WHERE random() < 0.7",
            ["gift", y],
        )
        cur.execute(
            support
            + "(SELECT DISTINCT child_id AS id FROM registry_childcircumstance) x WHERE random() < 0.4",
            ["social_allowance", y],
        )
        cur.execute(support + "registry_child WHERE random() < 0.02", ["scholarship", y])
        cur.execute(support + "registry_child WHERE random() < 0.02", ["gift", y - 1])
        # Labour: 5 % of children 5–17 have a record in the year; 30 % of those a later "none".
        cur.execute(
            "INSERT INTO registry_labourrecord (child_id, status, recorded_on, note, created_at, updated_at) "
            "SELECT id, (ARRAY['child_labour','child_labour','hazardous','permitted','none'])"
            "[1 + floor(random() * 5)::int], make_date(%s::int, 1, 1) + (random() * 300)::int, "
            "'', now(), now() "
            "FROM registry_child WHERE date_of_birth >= make_date(%s::int, 1, 1) "
            "AND date_of_birth <= make_date(%s::int, 12, 31) AND random() < 0.05",
            [y, y - 17, y - 5],
        )
        cur.execute(
            "INSERT INTO registry_labourrecord (child_id, status, recorded_on, note, created_at, updated_at) "
            "SELECT child_id, 'none', recorded_on + 1 + (random() * 60)::int, '', now(), now() "
            "FROM registry_labourrecord WHERE random() < 0.3"
        )
        # Injuries: 2 % of children in the year (1.5 % of them fatal), 1 % the year before.
        for year, share in ((y, 0.02), (y - 1, 0.01)):
            cur.execute(
                "INSERT INTO registry_injury (child_id, kind, date, outcome, note, created_at, updated_at) "
                "SELECT id, (ARRAY['traffic','drowning','fall','burn','poisoning','animal','other'])"
                "[1 + floor(random() * 7)::int], make_date(%s::int, 1, 1) + (random() * 364)::int, "
                "CASE WHEN random() < 0.015 THEN 'death' ELSE 'recovered' END, '', now(), now() "
                "FROM registry_child WHERE random() < %s",
                [year, share],
            )
        cases = insert_cases(cur, y)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    extras_s = time.perf_counter() - started
    _setup.log(
        f"generated+loaded {len(pks):,} children in {children_s:.0f} s "
        f"({len(pks) / children_s:,.0f}/s), {len(merges):,} merged; other records in {extras_s:.0f} s"
    )
    return {"children": len(pks), "merged": len(merges), "cases": cases, "load_s": children_s + extras_s}


UPDATE_SLICE = 5_000  # children per UPDATE in complete_setup
WORDS_TRIGGER = "registry_child_words_update"  # disabled for complete_setup's UPDATEs (see there)


def complete_setup(args: argparse.Namespace, loaded: dict[str, Any]) -> dict[str, Any]:
    """The rest of ``load``'s set-up on a kept register whose children were stored but whose set-up was
    interrupted (its ``loaded.json`` has no ``load_s``): merges, moves, deaths, unregistered births,
    supports, labour, injuries, cases and ``VACUUM ANALYZE``, on the stored children, each step timed.

    The same shares as ``load``, drawn in SQL (``setseed``), with two scans of the register instead of nine:
    one draws every child's chances of a merge, a move, a death and an unregistered birth and keeps the
    few children drawn (about 3 %), then one UPDATE writes them; one draws the chances of a support, a
    labour record, an injury and a case and keeps those children (about 13 %), from which the INSERTs
    read. Differences from ``load``: the merges cannot come from the generator's ``duplicate_of`` (gone
    once the children are stored), so 0.5 % of the children (as many as ``load`` merges) are merged into
    another child of the same commune, drawn at random from another 1 % — pairs that are not
    the generator's re-entries (those stay unmerged, like duplicates nobody merged yet); ``VACUUM
    ANALYZE`` covers the tables written here (``registry_childword``, 12 GB at 25M, is not written).
    Whatever the numerators' and the population triggers do on these writes (the years kept) is timed
    with them, as in ``load``, whose facts the triggers also log."""
    from django.db import connection

    y = args.year
    steps: dict[str, float] = {}

    def step(name: str, sql: str, params: Any = None) -> int:
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, params)
            rows = int(cur.rowcount)
        steps[name] = time.perf_counter() - started
        _setup.log(f"  {name}: {rows:,} rows in {steps[name]:.1f} s")
        return rows

    started = time.perf_counter()
    _setup.log(f"completing the set-up of the {loaded['children']:,} stored children")
    step("seed", "SELECT setseed(0.2026)")
    # One scan: each child's draws; only the children drawn for something are kept.
    step(
        "draw merges, moves, deaths, births (one scan)",
        "CREATE TEMP TABLE bench_draw AS SELECT * FROM ("
        "SELECT id, commune_id, status, date_of_birth >= make_date(%(y5)s::int, 1, 1) AS young, "
        "random() AS r_merge, random() AS r_move, random() AS r_death, random() AS r_birth, "
        "random() AS r_null, random() AS r_day FROM registry_child WHERE merged_into_id IS NULL) d "
        "WHERE r_merge < 0.015 OR r_move < 0.01 OR r_death < 0.002 OR (young AND r_birth < 0.05)",
        {"y5": y - 5},
    )
    # The merged: 0.5 % of the children, each into a child of its commune drawn from another 1 %.
    step(
        "pair the merged",
        "CREATE TEMP TABLE bench_merge AS SELECT d.id AS dup, s.id AS survivor FROM "
        "(SELECT id, commune_id, row_number() OVER (PARTITION BY commune_id ORDER BY r_day) AS k "
        "FROM bench_draw WHERE r_merge < 0.005) d JOIN "
        "(SELECT id, commune_id, row_number() OVER (PARTITION BY commune_id ORDER BY r_day) AS k "
        "FROM bench_draw WHERE r_merge >= 0.005 AND r_merge < 0.015) s USING (commune_id, k)",
    )
    # Written in slices of UPDATE_SLICE children: the registry's statement triggers join their transition
    # tables (old and new rows), and one UPDATE of 800,000 children at 25M never ended (after 10 minutes of
    # writes, the name words' trigger rescanned its 185 MB transition table from disk in a nested loop;
    # cancelled after 18 minutes in all). Even in slices that trigger cost 65 s per 5,000 children at 25M
    # (2.9 hours for the 809,360), so it is disabled for the slices and its work done set-wise after them:
    # only the status of these children changes (not their name, area or commune), and its DELETE and
    # INSERT of their words then amount to the words' status set to the child's.
    slices = step(
        "the children to write, in slices",
        "CREATE TEMP TABLE bench_write AS SELECT d.*, m.survivor, "
        f"(row_number() OVER (ORDER BY d.id) - 1) / {UPDATE_SLICE} AS slice "
        "FROM bench_draw d LEFT JOIN bench_merge m ON m.dup = d.id "
        "WHERE m.dup IS NOT NULL OR d.r_move < 0.01 OR d.r_death < 0.002 OR (d.young AND d.r_birth < 0.05)",
    )
    with connection.cursor() as cur:
        cur.execute("CREATE INDEX ON bench_write (slice)")
        cur.execute("ANALYZE bench_write")
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE registry_child DISABLE TRIGGER {WORDS_TRIGGER}")
    update_started = time.perf_counter()
    for k in range(-(-slices // UPDATE_SLICE)):
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE registry_child c SET "
                "merged_into_id = coalesce(d.survivor, c.merged_into_id), "
                "status = CASE WHEN d.r_move < 0.01 THEN 'moved_away' "
                "WHEN c.status = 'active' AND d.r_death < 0.002 THEN 'deceased' ELSE c.status END, "
                "status_date = CASE WHEN d.r_move < 0.01 OR (c.status = 'active' AND d.r_death < 0.002) "
                "THEN make_date(%(y2)s::int, 1, 1) + (d.r_day * 1000)::int ELSE c.status_date END, "
                "birth_registered = CASE WHEN d.young AND d.r_birth < 0.05 "
                "THEN CASE WHEN d.r_null < 0.25 THEN NULL ELSE false END ELSE c.birth_registered END "
                "FROM bench_write d WHERE d.slice = %(k)s AND c.id = d.id",
                {"y2": y - 2, "k": k},
            )
        if k % 20 == 19:
            _setup.log(
                f"    {min((k + 1) * UPDATE_SLICE, slices):,} of {slices:,} children written "
                f"({time.perf_counter() - update_started:.0f} s)"
            )
    label = "UPDATE merges, moves, deaths, births (one pass, in slices)"
    steps[label] = time.perf_counter() - update_started
    _setup.log(f"  {label}: {slices:,} rows in {steps[label]:.1f} s")
    step(
        f"the words' status (what {WORDS_TRIGGER} does, set-wise)",
        "UPDATE registry_childword w SET status = c.status FROM registry_child c "
        "WHERE c.id = w.child_id AND c.status <> 'active' AND w.status <> c.status",
    )
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE registry_child ENABLE TRIGGER {WORDS_TRIGGER}")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM bench_merge")
        merged = int(cur.fetchone()[0])
    support = (
        "INSERT INTO registry_support (child_id, kind, date, amount, source, provider_name, note, "
        "created_at, updated_at) SELECT id, %s, make_date(%s::int, 1, 1) + (random() * 364)::int, "
        "500000, 'budget', '', '', now(), now() FROM "
    )
    circumstances = "(SELECT DISTINCT child_id AS id FROM registry_childcircumstance) x"
    step(
        "supports: 70 % of children in circumstances",
        support + circumstances + " WHERE random() < 0.7",
        ["gift", y],
    )
    step(
        "supports: 40 % of them again",
        support + circumstances + " WHERE random() < 0.4",
        ["social_allowance", y],
    )
    # One scan: the draws of the facts; only the children drawn for something are kept.
    step(
        "draw supports, labour, injuries, cases (one scan)",
        "CREATE TEMP TABLE bench_facts AS SELECT * FROM ("
        "SELECT id, province_id, commune_id, merged_into_id, "
        "date_of_birth BETWEEN make_date(%(y17)s::int, 1, 1) AND make_date(%(y5)s::int, 12, 31) AS aged, "
        "random() AS r_scholarship, random() AS r_gift, random() AS r_labour, random() AS r_injury, "
        "random() AS r_injury_before, random() AS r_abuse, random() AS r_abuse_before, random() AS r_risk, "
        "random() AS r_merged_case FROM registry_child) d "
        "WHERE r_scholarship < 0.02 OR r_gift < 0.02 OR (aged AND r_labour < 0.05) OR r_injury < 0.02 "
        "OR r_injury_before < 0.01 OR r_abuse < 0.001 OR r_abuse_before < 0.001 OR r_risk < 0.0005 "
        "OR (merged_into_id IS NOT NULL AND r_merged_case < 0.05)",
        {"y17": y - 17, "y5": y - 5},
    )
    step(
        "supports: 2 % of the others", support + "bench_facts WHERE r_scholarship < 0.02", ["scholarship", y]
    )
    step("supports: 2 % the year before", support + "bench_facts WHERE r_gift < 0.02", ["gift", y - 1])
    step(
        "labour: 5 % of children 5-17",
        "INSERT INTO registry_labourrecord (child_id, status, recorded_on, note, created_at, updated_at) "
        "SELECT id, (ARRAY['child_labour','child_labour','hazardous','permitted','none'])"
        "[1 + floor(random() * 5)::int], make_date(%s::int, 1, 1) + (random() * 300)::int, "
        "'', now(), now() FROM bench_facts WHERE aged AND r_labour < 0.05",
        [y],
    )
    step(
        "labour: a later 'none' for 30 %",
        "INSERT INTO registry_labourrecord (child_id, status, recorded_on, note, created_at, updated_at) "
        "SELECT child_id, 'none', recorded_on + 1 + (random() * 60)::int, '', now(), now() "
        "FROM registry_labourrecord WHERE random() < 0.3",
    )
    for year, column in ((y, "r_injury < 0.02"), (y - 1, "r_injury_before < 0.01")):
        step(
            f"injuries {year}",
            "INSERT INTO registry_injury (child_id, kind, date, outcome, note, created_at, updated_at) "
            "SELECT id, (ARRAY['traffic','drowning','fall','burn','poisoning','animal','other'])"
            "[1 + floor(random() * 7)::int], make_date(%s::int, 1, 1) + (random() * 364)::int, "
            "CASE WHEN random() < 0.015 THEN 'death' ELSE 'recovered' END, '', now(), now() "
            f"FROM bench_facts WHERE {column}",
            [year],
        )
    case_started = time.perf_counter()
    with connection.cursor() as cur:
        cases = insert_cases(cur, y, drawn="bench_facts")
    steps["cases"] = time.perf_counter() - case_started
    _setup.log(f"  cases: {cases:,} rows in {steps['cases']:.1f} s")
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_draw, bench_merge, bench_write, bench_facts")
    vacuum_started = time.perf_counter()
    with connection.cursor() as cur:
        for table in (
            "registry_child",
            "registry_childcircumstance",
            "registry_support",
            "registry_labourrecord",
            "registry_injury",
            "cases_case",
            "indicators_populationcount",
            "indicators_numeratordirty",
        ):
            table_started = time.perf_counter()
            cur.execute(f"VACUUM ANALYZE {table}")
            steps[f"VACUUM ANALYZE {table}"] = time.perf_counter() - table_started
            _setup.log(f"  VACUUM ANALYZE {table}: {steps[f'VACUUM ANALYZE {table}']:.1f} s")
    steps["VACUUM ANALYZE"] = time.perf_counter() - vacuum_started
    completed_s = time.perf_counter() - started
    _setup.log(f"set-up completed in {completed_s:.0f} s; {merged:,} merged, {cases:,} cases")
    return {
        **loaded,
        "merged": merged,
        "cases": cases,
        "load_s": float(loaded.get("children_s", 0.0)) + completed_s,
        "completed_s": completed_s,
        "completed_steps": steps,
        "completed_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def insert_cases(cur: Any, year: int, drawn: str | None = None) -> int:
    """Protection cases: abuse for 0.1 % of children a year (a tenth not substantiated or transferred), other
    categories for 0.05 %, 5 % of the merged records — over this year and the one before. With ``drawn``,
    from that table of children whose chances were drawn already (``complete_setup``) instead of three
    scans of the register."""
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from treem.cases.models import Case
    from treem.registry import synthetic

    given = {
        "code": "'VV-BENCH-' || x.n",
        "province_id": "x.province_id",
        "unit_id": "x.commune_id",
        "child_id": "x.id",
        "status": "(ARRAY['received','verifying','implementing','closed','closed','closed','closed',"
        "'closed','not_substantiated','transferred'])[1 + floor(random() * 10)::int]",
        "channel": "'hotline_111'",
        "received_at": "make_timestamptz(x.y, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh') "
        "+ random() * interval '365 days'",
        "category": "x.category",
        "abuse_form": "CASE WHEN x.category = 'abuse' THEN 'violence' ELSE '' END",
        "summary": "'Bench'",
    }
    defaults = [(c, v) for c, v in synthetic._copy_defaults(Case, timezone.now()) if c not in given]
    columns = list(given) + [c for c, _ in defaults]
    values = list(given.values()) + ["%s"] * len(defaults)
    params = [Jsonb(v) if isinstance(v, dict) else v for _, v in defaults]
    # Column names from the model's Meta; values are parameters or fixed expressions.
    if drawn is None:
        chosen = (
            "SELECT id, province_id, commune_id, 'abuse' AS category, y FROM registry_child, "
            "(VALUES (%s::int), (%s::int)) AS ys(y) WHERE random() < 0.001 "
            "UNION ALL SELECT id, province_id, commune_id, 'risk', %s::int FROM registry_child "
            "WHERE random() < 0.0005 "
            "UNION ALL SELECT id, province_id, commune_id, 'abuse', %s::int FROM registry_child "
            "WHERE merged_into_id IS NOT NULL AND random() < 0.05"
        )
    else:
        chosen = (
            f"SELECT id, province_id, commune_id, 'abuse' AS category, %s::int AS y FROM {drawn} "
            "WHERE r_abuse < 0.001 "
            f"UNION ALL SELECT id, province_id, commune_id, 'abuse', %s::int FROM {drawn} "
            "WHERE r_abuse_before < 0.001 "
            f"UNION ALL SELECT id, province_id, commune_id, 'risk', %s::int FROM {drawn} "
            "WHERE r_risk < 0.0005 "
            f"UNION ALL SELECT id, province_id, commune_id, 'abuse', %s::int FROM {drawn} "
            "WHERE merged_into_id IS NOT NULL AND r_merged_case < 0.05"
        )
    sql = (
        f"INSERT INTO cases_case ({', '.join(columns)}) SELECT {', '.join(values)} FROM ("
        f"SELECT c.*, row_number() OVER () AS n FROM ({chosen}) c) x"
    )
    cur.execute(sql, [*params, year, year - 1, year, year])
    return int(cur.rowcount)


def sizes() -> dict[str, int]:
    from django.db import connection

    tables = [
        "registry_child",
        "registry_guardian",
        "registry_childcircumstance",
        "registry_support",
        "registry_labourrecord",
        "registry_injury",
        "cases_case",
        "indicators_populationcount",
        "indicators_numeratorchild",
        "indicators_numeratorcount",
    ]
    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        out = {"database": int(cur.fetchone()[0])}
        for table in tables:
            cur.execute(
                "SELECT pg_total_relation_size(%s), "
                "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)",
                [table, table],
            )
            size, rows = cur.fetchone()
            out[table] = int(size)
            out[table + ":rows"] = int(max(rows, 0))
    return out


# -- Treem ------------------------------------------------------------------------------------------------
def catalogue_units() -> tuple[dict[str, Any], dict[int, str], list[int], Any]:
    """What the whole catalogue is read for: the computed indicators by code, each current commune's path,
    the ids of the nation, its provinces and communes, and the nation's communes as a scope."""
    from treem.geo.models import AdminUnit, Generation, Level
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    indicators = {i.code: i for i in Indicator.objects.filter(code__in=selectors.COMPUTERS)}
    units = list(
        AdminUnit.objects.filter(
            generation=Generation.CURRENT, level__in=[Level.NATION, Level.PROVINCE, Level.COMMUNE]
        ).values_list("pk", "level", "path")
    )
    paths = {pk: path for pk, level, path in units if level == Level.COMMUNE}
    nation = next(pk for pk, level, _ in units if level == Level.NATION)
    scope = selectors.current_communes(AdminUnit.objects.get(pk=nation)).values("pk")
    return indicators, paths, [pk for pk, _, _ in units], scope


def treem_phase(args: argparse.Namespace) -> None:
    """Child process: time the catalogue for every unit; write the figures (and timings) to ``--out``."""
    import django

    django.setup()
    from django.db import connection

    from treem.geo.models import AdminUnit, Generation, Level
    from treem.indicators import numerators, selectors
    from treem.indicators.models import Indicator

    year = args.year
    out: dict[str, Any] = {"runs": []}
    out["kept"] = numerators.is_kept(year) and not args.from_scratch
    with connection.cursor() as cur:
        cur.execute("SELECT count(DISTINCT child_id) FROM indicators_numeratordirty")
        out["dirty"] = int(cur.fetchone()[0])
    query_s: list[float] = []

    def catalogue() -> tuple[dict[tuple[str, str], selectors.Counts], dict[str, Any]]:
        """(per-commune counts, per-unit figures) for every computed indicator and sex."""
        query_started = time.perf_counter()
        indicators, paths, unit_ids, scope = catalogue_units()
        counts = selectors.catalogue_counts(scope, year, from_scratch=args.from_scratch)
        query_s.append(time.perf_counter() - query_started)
        # every unit's figures set-wise (ADR 0046; tree_sums + value_of per unit before, the same figures)
        every = selectors.catalogue_figures(counts, indicators, paths, unit_ids)
        figures: dict[str, Any] = {"|".join(key): per_unit for key, per_unit in every.items()}
        return counts, figures

    for run in range(args.repeat):
        started = time.perf_counter()
        counts, figures = catalogue()
        seconds = time.perf_counter() - started
        out["runs"].append(seconds)
        _setup.log(f"  treem run {run + 1}: {seconds:.2f} s")
    out["query_s"] = query_s
    # The catalogue's queries timed apart (best of --repeat): kept (ADR 0040), one query for the populations
    # and the numerators (the kept counts + the rows and children not folded yet); kept before ADR 0040,
    # the populations (ADR 0011) and the numerators (ADR 0033); from the facts, the populations and the
    # numerators from the whole register's facts (the form used for the nation; the third, scoped, form
    # is not timed).
    nation_unit = AdminUnit.objects.get(generation=Generation.CURRENT, level=Level.NATION)
    queries = selectors._catalogue_sql(
        selectors.current_communes(nation_unit).values("pk"), year, kept=out["kept"]
    )
    names = ("counts",) if len(queries) == 1 else ("populations", "numerators")
    for name, (sql, params) in zip(names, queries[: len(names)], strict=True):
        times = []
        for _ in range(args.repeat):
            with connection.cursor() as cur:
                started = time.perf_counter()
                cur.execute(sql, params)
                cur.fetchall()
                times.append(time.perf_counter() - started)
        out[f"{name}_s"] = min(times)
    out["units"] = len(next(iter(figures.values())))
    out["communes"] = {"|".join(k): v for k, v in counts.items()}
    out["figures"] = {k: {pk: [n, d] for pk, (n, d, _) in v.items()} for k, v in figures.items()}
    out["values"] = sum(1 for v in figures.values() for f in v.values() if f[2] is not None)
    if args.per_indicator:
        # The earlier way: one commune_counts query per indicator and sex, rolled up the same way.
        nation = AdminUnit.objects.get(generation=Generation.CURRENT, level=Level.NATION)
        started = time.perf_counter()
        old: dict[str, Any] = {}
        # the catalogue's own indicators; those registered by higher apps (ADR 0021, 0022) are not in it
        own = set(selectors.COMPUTERS) - selectors.PROVIDED
        for indicator in Indicator.objects.filter(code__in=own):
            for sex in selectors.CATALOGUE_SEXES:
                old["|".join((indicator.code, sex))] = selectors.commune_counts(
                    indicator, nation, year, sex=sex
                )
        out["per_indicator_s"] = time.perf_counter() - started
        for key, per_commune in old.items():
            code, sex = key.split("|")
            if per_commune != counts[code, sex]:
                raise SystemExit(f"per-indicator commune_counts differ from catalogue_counts for {key}")
        _setup.log(f"  per-indicator commune_counts: {out['per_indicator_s']:.2f} s, same numbers")
    out["peak_rss_mib"] = own_peak_rss_mib()
    Path(args.out).write_text(json.dumps(out))


# -- DuckDB -----------------------------------------------------------------------------------------------
def export(folder: Path) -> tuple[float, int]:
    """The tables as Parquet in ``folder``: (seconds, bytes)."""
    import duckdb
    from django.db import connection

    started = time.perf_counter()
    con = duckdb.connect()
    for name, select, types in EXPORTS:
        csv_path = folder / f"{name}.csv"
        with (
            connection.cursor() as cur,
            csv_path.open("wb") as f,
            cur.copy(f"COPY ({select}) TO STDOUT (FORMAT csv, HEADER)") as copy,
        ):
            for data in copy:
                f.write(data)
        spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
        con.execute(
            f"COPY (FROM read_csv('{csv_path}', header = true, columns = {spec})) "
            f"TO '{folder / name}.parquet' (FORMAT parquet)"
        )
        csv_path.unlink()
    con.close()
    seconds = time.perf_counter() - started
    return seconds, sum(p.stat().st_size for p in folder.glob("*.parquet"))


def duckdb_sql(folder: Path, year: int) -> str:
    """The catalogue per (unit, sex) over the Parquet files — written from the definitions in
    docs/decisions/0007, in DuckDB's dialect (sex NULL = both)."""
    from django.conf import settings

    def t(name: str) -> str:
        return f"read_parquet('{folder / name}.parquet')"

    def d(day: datetime.date) -> str:
        return f"DATE '{day.isoformat()}'"

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    utc = zoneinfo.ZoneInfo("UTC")

    def ts(y: int) -> str:
        moment = datetime.datetime(y, 1, 1, tzinfo=tz).astimezone(utc).replace(tzinfo=None)
        return f"TIMESTAMP '{moment.isoformat(sep=' ')}'"

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return f"""
        WITH communes AS (
            SELECT id, path FROM {t("units")} WHERE level = 'commune' AND generation = '2025'
        ),
        kids AS (
            SELECT c.id, c.commune_id, c.sex, c.birth_registered,
                   c.date_of_birth >= {d(datetime.date(year - 15, 1, 1))} AS under_16,
                   c.date_of_birth >= {d(datetime.date(year - 4, 1, 1))} AS under_5,
                   c.date_of_birth BETWEEN {d(datetime.date(year - 17, 1, 1))}
                       AND {d(datetime.date(year - 5, 12, 31))} AS aged_5_17
            FROM {t("children")} c
            WHERE c.commune_id IN (SELECT id FROM communes) AND c.merged_into_id IS NULL
              AND c.date_of_birth BETWEEN {d(datetime.date(year - 17, 1, 1))} AND {d(end)}
              AND c.status <> 'moved_away'
              AND NOT (c.status = 'deceased' AND (c.status_date IS NULL OR c.status_date < {d(start)}))
        ),
        circumstance AS (
            SELECT DISTINCT child_id FROM {t("circumstances")}
            WHERE start_date <= {d(end)} AND (end_date IS NULL OR end_date >= {d(start)})
        ),
        supported AS (
            SELECT DISTINCT child_id FROM {t("supports")} WHERE date BETWEEN {d(start)} AND {d(end)}
        ),
        year_cases AS (
            SELECT child_id FROM {t("cases")}
            WHERE category = 'abuse' AND received_at_utc >= {ts(year)} AND received_at_utc < {ts(year + 1)}
              AND status NOT IN ('not_substantiated', 'transferred')
        ),
        victims AS (
            SELECT child_id FROM year_cases
            UNION
            SELECT m.merged_into_id FROM year_cases y JOIN {t("children")} m ON m.id = y.child_id
            WHERE m.merged_into_id IS NOT NULL
        ),
        labour AS (
            SELECT child_id, arg_max(status, (recorded_on, id)) AS status FROM {t("labour")}
            WHERE recorded_on BETWEEN {d(start)} AND {d(end)} GROUP BY child_id
        ),
        injuries AS (
            SELECT child_id, count(*) AS n, count(*) FILTER (WHERE outcome = 'death') AS deaths
            FROM {t("injuries")} WHERE date BETWEEN {d(start)} AND {d(end)} GROUP BY child_id
        ),
        per_commune AS (
            SELECT k.commune_id, k.sex,
                count(*) FILTER (WHERE k.under_16) AS under_16,
                count(*) FILTER (WHERE k.under_16 AND ci.child_id IS NOT NULL) AS hcdb,
                count(*) FILTER (WHERE k.under_16 AND ci.child_id IS NOT NULL AND su.child_id IS NOT NULL)
                    AS hcdb_supported,
                count(*) FILTER (WHERE k.under_16 AND vi.child_id IS NOT NULL) AS abused,
                count(*) FILTER (WHERE k.aged_5_17) AS aged_5_17,
                count(*) FILTER (WHERE k.aged_5_17 AND la.status IN ('child_labour', 'hazardous')) AS labour,
                coalesce(sum(inj.n) FILTER (WHERE k.under_16), 0) AS injuries,
                coalesce(sum(inj.deaths) FILTER (WHERE k.under_16), 0) AS injury_deaths,
                count(*) FILTER (WHERE k.under_5) AS under_5,
                count(*) FILTER (WHERE k.under_5 AND k.birth_registered) AS registered
            FROM kids k
            LEFT JOIN circumstance ci ON ci.child_id = k.id
            LEFT JOIN supported su ON su.child_id = k.id
            LEFT JOIN victims vi ON vi.child_id = k.id
            LEFT JOIN labour la ON la.child_id = k.id
            LEFT JOIN injuries inj ON inj.child_id = k.id
            GROUP BY k.commune_id, k.sex
        ),
        tree AS (
            SELECT id AS commune_id, unnest(string_split(trim(path, '/'), '/'))::BIGINT AS unit_id
            FROM communes
        )
        SELECT tree.unit_id, CASE WHEN grouping(p.sex) = 1 THEN '' ELSE p.sex END AS sex,
            {", ".join(f"sum(p.{c})::BIGINT AS {c}" for c in COLUMNS)}
        FROM per_commune p JOIN tree USING (commune_id)
        GROUP BY GROUPING SETS ((tree.unit_id, p.sex), (tree.unit_id))
    """


def duckdb_phase(args: argparse.Namespace) -> None:
    """Child process: time the DuckDB catalogue on the Parquet files; write the figures to ``--out``."""
    import django
    import duckdb

    django.setup()
    from treem.indicators import selectors

    folder = Path(args.parquet)
    sql = duckdb_sql(folder, args.year)
    out: dict[str, Any] = {"runs": []}
    rows: list[Any] = []
    for run in range(args.repeat):
        con = duckdb.connect()
        started = time.perf_counter()
        rows = con.execute(sql).fetchall()
        seconds = time.perf_counter() - started
        con.close()
        out["runs"].append(seconds)
        _setup.log(f"  duckdb run {run + 1}: {seconds:.2f} s ({duckdb.__version__})")
    figures: dict[str, dict[int, list[int]]] = {}
    for row in rows:
        unit_id, sex, *values = row
        by_column = dict(zip(COLUMNS, values, strict=True))
        for code, (num, den) in selectors._CATALOGUE_COLUMNS.items():
            figures.setdefault(f"{code}|{sex}", {})[int(unit_id)] = [by_column[num], by_column[den]]
    out["figures"] = figures
    out["peak_rss_mib"] = own_peak_rss_mib()
    Path(args.out).write_text(json.dumps(out))


# -- the run ----------------------------------------------------------------------------------------------
def phase(name: str, args: argparse.Namespace, folder: Path, *extra: str) -> dict[str, Any]:
    """Run a phase in a fresh process and read its JSON."""
    out = folder / f"{name}-{time.monotonic_ns()}.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_setup.ROOT), str(_setup.SRC)])}
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        name,
        "--out",
        str(out),
        "--year",
        str(args.year),
        "--repeat",
        str(args.repeat),
        "--parquet",
        str(folder / "parquet"),
        *extra,
    ]
    proc = subprocess.run(command, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def compare(treem: dict[str, Any], duck: dict[str, Any], what: str) -> int:
    """Fail loudly unless both give the same (numerator, denominator) for every unit, indicator and sex."""
    checked = 0
    for key, per_unit in treem["figures"].items():
        other = duck["figures"].get(key, {})
        for unit, pair in per_unit.items():
            theirs = other.get(str(unit), [0, 0])  # both sides went through JSON: str keys
            if list(pair) != list(theirs):
                raise SystemExit(f"{what}: {key} unit {unit}: Treem {pair} ≠ DuckDB {theirs}")
            checked += 1
        extra = {str(u) for u, v in other.items() if v != [0, 0]} - {str(u) for u in per_unit}
        if extra:
            raise SystemExit(f"{what}: DuckDB has figures for units Treem lacks: {sorted(extra)[:5]}")
    return checked


def _change(cur: Any, n: int, year: int, seed: int) -> tuple[list[int], float]:
    """The changes of ``change`` on ``cur``: returns the children and the seconds of the writes alone (the
    random choice of the children, a scan of the register, not included)."""
    cur.execute("SELECT setseed(%s)", [seed % 1000 / 1000])
    cur.execute("SELECT id FROM registry_child WHERE merged_into_id IS NULL ORDER BY random() LIMIT %s", [n])
    ids = [r[0] for r in cur.fetchall()]
    return ids, _writes(cur, ids, year)


def _writes(cur: Any, ids: list[int], year: int) -> float:
    """``change``'s writes on ``ids``; returns their seconds."""
    started = time.perf_counter()
    part = len(ids) // 10
    flip, moved, died, circ, support = (
        ids[: 4 * part],
        ids[4 * part : 5 * part + part // 2],
        ids[5 * part + part // 2 : 6 * part],
        ids[6 * part : 8 * part],
        ids[8 * part :],
    )
    cur.execute(
        "UPDATE registry_child SET birth_registered = NOT coalesce(birth_registered, false), "
        "updated_at = now(), version = version + 1 WHERE id = ANY(%s)",
        [flip],
    )
    cur.execute(
        "UPDATE registry_child SET status = 'moved_away', status_date = %s, updated_at = now(), "
        "version = version + 1 WHERE id = ANY(%s)",
        [datetime.date(year, 6, 1), moved],
    )
    cur.execute(
        "UPDATE registry_child SET status = 'deceased', status_date = %s, updated_at = now(), "
        "version = version + 1 WHERE id = ANY(%s)",
        [datetime.date(year - 1, 3, 1), died],
    )
    cur.execute(
        "INSERT INTO registry_childcircumstance (child_id, group_id, start_date, note, created_at, "
        "updated_at) SELECT id, (SELECT min(id) FROM registry_circumstancegroup), %s, '', now(), now() "
        "FROM unnest(%s::int[]) AS id",
        [datetime.date(year, 3, 1), circ],
    )
    cur.execute(
        "INSERT INTO registry_support (child_id, kind, date, amount, source, provider_name, note, "
        "created_at, updated_at) SELECT id, 'gift', %s, 500000, 'budget', '', '', now(), now() "
        "FROM unnest(%s::int[]) AS id",
        [datetime.date(year, 5, 1), support],
    )
    return time.perf_counter() - started


def change(n: int, year: int, seed: int) -> tuple[list[int], float, float]:
    """Change ``n`` random children in one transaction (birth registration flipped, moved away, died the
    year before, a new special circumstance, a new support); returns the affected communes, the seconds
    of the transaction and of its writes alone."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        ids, write_s = _change(cur, n, year, seed)
        cur.execute("SELECT DISTINCT commune_id FROM registry_child WHERE id = ANY(%s)", [ids])
        communes = sorted(r[0] for r in cur.fetchall())
    return communes, time.perf_counter() - started, write_s


def trigger_cost(n: int, year: int, seed: int, repeat: int) -> dict[str, list[float]]:
    """What the numerators' triggers (ADR 0033) add to writes: the ``change`` writes (another seed) and a
    bulk INSERT of supports for 5 % of the children, each with the triggers and with them disabled (every
    other trigger kept), in transactions rolled back, best of ``repeat``."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        cur.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE tgname LIKE 'indicators_numerators_%' ORDER BY 1, 2"
        )
        triggers = cur.fetchall()
    out: dict[str, list[float]] = {}
    bulk = (
        "INSERT INTO registry_support (child_id, kind, date, amount, source, provider_name, note, "
        "created_at, updated_at) SELECT id, 'gift', %s, 1, 'budget', '', '', now(), now() "
        "FROM registry_child WHERE id %% 20 = 0"
    )
    for _ in range(repeat):
        for with_triggers in (False, True):
            suffix = "with" if with_triggers else "without"
            with transaction.atomic(), connection.cursor() as cur:
                if not with_triggers:
                    for table, name in triggers:
                        cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
                _, write_s = _change(cur, n, year, seed + 1)
                started = time.perf_counter()
                cur.execute(bulk, [datetime.date(year, 7, 1)])
                bulk_s = time.perf_counter() - started
                out.setdefault("bulk_rows", []).append(float(cur.rowcount))
                transaction.set_rollback(True)
            out.setdefault(f"changes {suffix}", []).append(write_s)
            out.setdefault(f"bulk {suffix}", []).append(bulk_s)
    return out


def trigger_breakdown(n: int, year: int, seed: int, repeat: int) -> dict[str, float]:
    """Where the ``change`` writes' time goes: the same writes on the same children (another seed, chosen
    once), in transactions rolled back, with every trigger they fire, with each one disabled alone, with
    all of them disabled, and with all again (so that the drift of the cache shows); best of ``repeat``
    for each."""
    from django.db import connection, transaction

    tables = ["registry_child", "registry_childcircumstance", "registry_support"]
    with connection.cursor() as cur:
        cur.execute(
            # the triggers these writes fire: UPDATE (16) on the children, INSERT (4) on the others
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid::regclass::text = ANY(%s) AND tgenabled <> 'D' "
            "AND tgtype & CASE WHEN tgrelid = 'registry_child'::regclass THEN 16 ELSE 4 END <> 0 "
            "ORDER BY 1, 2",
            [tables],
        )
        triggers: list[tuple[str, str]] = cur.fetchall()
        cur.execute("SELECT setseed(%s)", [(seed + 2) % 1000 / 1000])
        cur.execute(
            "SELECT id FROM registry_child WHERE merged_into_id IS NULL ORDER BY random() LIMIT %s", [n]
        )
        ids = [r[0] for r in cur.fetchall()]
    configurations: list[tuple[str, list[tuple[str, str]]]] = [
        ("all triggers", []),
        *((f"without {table}.{name}", [(table, name)]) for table, name in triggers),
        ("no trigger", triggers),
        ("all triggers, again", []),
    ]
    out: dict[str, float] = {}
    for label, disabled in configurations:
        times = []
        for _ in range(repeat):
            with transaction.atomic(), connection.cursor() as cur:
                for table, name in disabled:
                    cur.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
                times.append(_writes(cur, ids, year))
                transaction.set_rollback(True)
        out[label] = min(times)
        _setup.log(f"  writes {label}: {out[label]:.2f} s (runs {', '.join(f'{t:.2f}' for t in times)})")
    return out


def backfill(year: int) -> dict[str, Any]:
    """What migration indicators/0010 does on an existing register: keep each year of the window from the
    facts (``numerators.keep_year``; and ``year``, should it be outside today's window), then fold what
    the set-up logged (the loader's facts)."""
    from django.db import connection

    from treem.indicators import numerators

    out: dict[str, Any] = {"keep_s": {}}
    for kept in sorted({*numerators.kept_years(), year}):
        started = time.perf_counter()
        numerators.keep_year(kept)
        out["keep_s"][kept] = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM indicators_numeratordirty")
        out["logged"] = int(cur.fetchone()[0])
    started = time.perf_counter()
    out["folded"] = numerators.fold()
    out["fold_s"] = time.perf_counter() - started
    from treem.indicators.services import population_compact

    population_compact()  # as the hourly job does: the populations' delta rows folded
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE indicators_populationcount")
        cur.execute("VACUUM ANALYZE indicators_numeratorchild")
        cur.execute("VACUUM ANALYZE indicators_numeratorcount")
        cur.execute("VACUUM ANALYZE indicators_numeratordirty")
    return out


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_000_000, help="children (the nation: 25000000)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--chunk", type=int, default=250_000, help="children generated and stored at once")
    parser.add_argument("--guardians", action="store_true", help="also store the guardians (slower)")
    parser.add_argument("--changes", type=int, default=10_000, help="children changed before the refresh")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each engine (best is kept)")
    parser.add_argument("--no-per-indicator", dest="per_indicator", action="store_false")
    parser.add_argument(
        "--data",
        type=Path,
        help="keep the database in this folder; a later run with the same folder reuses its children "
        "instead of generating them again (the refresh's changes accumulate from run to run)",
    )
    parser.add_argument(
        "--complete-setup",
        action="store_true",
        help="with --data whose loaded.json has no load_s (a set-up stopped after the children were "
        "stored): run the rest of the set-up on them, then measure",
    )
    parser.add_argument(
        "--no-trigger-cost",
        dest="trigger_cost",
        action="store_false",
        help="skip the triggers' cost on writes (measured last)",
    )
    parser.add_argument(
        "--breakdown-repeat", type=int, default=1, help="runs of each of the writes' trigger breakdown"
    )
    parser.add_argument("--phase", choices=["treem", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--parquet", help=argparse.SUPPRESS)
    parser.add_argument("--from-scratch", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "treem":
        treem_phase(args)
        return
    if args.phase == "duckdb":
        duckdb_phase(args)
        return

    total_started = time.perf_counter()
    _setup.start(keep=args.data)
    folder = Path(tempfile.mkdtemp(prefix="treem-bench-ind-"))
    (folder / "parquet").mkdir()
    import atexit

    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    marker = args.data / "loaded.json" if args.data is not None else None
    if marker is not None and marker.exists() and "load_s" not in json.loads(marker.read_text()):
        if not args.complete_setup:
            raise SystemExit(
                f"{marker} has no load_s: its set-up did not end (children without their facts); "
                "--complete-setup runs the rest of it on the stored children"
            )
        loaded = complete_setup(args, json.loads(marker.read_text()))
        marker.write_text(json.dumps(loaded))
    if marker is not None and marker.exists():
        loaded = json.loads(marker.read_text())
        _setup.log(
            f"reusing the {loaded['children']:,} children in {args.data} (set-up {loaded['load_s']:.0f} s)"
        )
    else:
        loaded = load(args)
        if marker is not None:
            marker.write_text(json.dumps(loaded))
    load_rss = _setup.peak_rss_mib()
    _setup.log("keeping the numerators of the window's years (the migration's back-fill), then a fold")
    filled = backfill(args.year)
    _setup.log(
        "  kept "
        + ", ".join(f"{y}: {t:.1f} s" for y, t in filled["keep_s"].items())
        + f"; folded {filled['folded']:,} children in {filled['fold_s']:.1f} s"
    )
    db = sizes()

    _setup.log("Treem: the catalogue for every unit, numerators kept (fresh process)")
    per_indicator = [] if args.per_indicator else ["--no-per-indicator"]
    treem = phase("treem", args, folder, *per_indicator)
    if not treem["kept"]:
        raise SystemExit(f"year {args.year} is not kept: the kept path was not measured")
    _setup.log("Treem: the same, numerators from the facts (the earlier way, fresh process)")
    scratch = phase("treem", args, folder, "--no-per-indicator", "--from-scratch")
    if scratch["figures"] != treem["figures"]:
        raise SystemExit("the kept numerators differ from the numerators computed from the facts")
    _setup.log("exporting to Parquet")
    export_s, parquet_bytes = export(folder / "parquet")
    _setup.log(f"  exported in {export_s:.1f} s ({mib(parquet_bytes)})")
    _setup.log("DuckDB: the same numbers (fresh process)")
    duck = phase("duckdb", args, folder)
    checked = compare(treem, duck, "catalogue")
    _setup.log(f"  identical: {checked:,} (unit, indicator, sex) figures")

    _setup.log(f"changing {args.changes:,} children in one transaction")
    affected, change_s, write_s = change(args.changes, args.year, args.seed)
    _setup.log(f"  {len(affected):,} communes affected; changed in {change_s:.1f} s (writes {write_s:.2f} s)")
    _setup.log("refresh: the catalogue read at once (kept counts + the changed children, fresh process)")
    live = phase("treem", args, folder, "--no-per-indicator")
    _setup.log("refresh: everything again from the facts (the earlier way, fresh process)")
    full = phase("treem", args, folder, "--no-per-indicator", "--from-scratch")
    if live["figures"] != full["figures"]:
        raise SystemExit("refresh: the kept numerators + correction differ from the full recomputation")
    # The first read after the changes pays what any first read of the changed rows pays (their visibility
    # checked and marked), which the "from scratch" read after it then finds done: the kept read again, as
    # warm as the "from scratch" one, is the fair comparison between the two ways (both are printed).
    _setup.log("refresh: the catalogue read at once again (after the first reads, fresh process)")
    live_again = phase("treem", args, folder, "--no-per-indicator")
    if live_again["figures"] != full["figures"]:
        raise SystemExit("refresh: the second kept read differs from the full recomputation")
    folds: list[float] = []
    started = time.perf_counter()
    from treem.indicators import numerators

    folded = numerators.fold()
    folds.append(time.perf_counter() - started)
    _setup.log(f"  folded {folded:,} children in {folds[0]:.2f} s")
    after_fold = phase("treem", args, folder, "--no-per-indicator")
    if after_fold["figures"] != full["figures"] or after_fold["dirty"]:
        raise SystemExit("refresh: the folded numerators differ from the full recomputation")
    shutil.rmtree(folder / "parquet")
    (folder / "parquet").mkdir()
    export2_s, _ = export(folder / "parquet")
    duck2 = phase("duckdb", args, folder)
    checked2 = compare(live, duck2, "after the changes")
    _setup.log(f"  after the changes, identical to DuckDB: {checked2:,} figures")
    db_after = sizes()
    cost: dict[str, list[float]] = {}
    breakdown: dict[str, float] = {}
    if args.trigger_cost:
        _setup.log(f"the triggers' cost: {args.changes:,} changes and a bulk insert, rolled back")
        cost = trigger_cost(args.changes, args.year, args.seed, args.repeat)
        _setup.log(f"the {args.changes:,} changes' writes by trigger, rolled back")
        breakdown = trigger_breakdown(args.changes, args.year, args.seed, args.breakdown_repeat)

    t_best, d_best = min(treem["runs"]), min(duck["runs"])
    millions = loaded["children"] / 1e6
    print()
    print(
        f"=== Indicator catalogue, {loaded['children']:,} children over all current communes, "
        f"year {args.year}"
    )
    print(
        f"units: {treem['units']:,} (nation, provinces, communes) × {len(duck['figures']) // 3} indicators × "
        f"3 (both sexes, M, F) = {checked:,} figures, {treem['values']:,} with a value; identical in "
        f"Treem (kept numerators and from the facts) and DuckDB"
    )
    print(f"merged records {loaded['merged']:,}; cases {loaded['cases']:,}; set-up {loaded['load_s']:.0f} s")
    print(
        "back-fill (migration indicators/0010 on this register): "
        + ", ".join(f"{y} {t:.1f} s" for y, t in filled["keep_s"].items())
        + f"; then the set-up's log ({filled['logged']:,} rows, {filled['folded']:,} children) folded in "
        f"{filled['fold_s']:.1f} s"
    )
    print(f"{'':<48}{'runs (s)':>22}{'best (s)':>10}{'s per 1M':>10}{'peak RSS':>11}")

    def line(label: str, runs: list[float], rss: float | None = None) -> None:
        best = min(runs)
        shown = ", ".join(f"{r:.2f}" for r in runs)
        memory = f"{rss:>8,.0f} MiB" if rss is not None else ""
        print(f"{label:<48}{shown:>22}{best:>10.2f}{best / millions:>10.2f}{memory}")

    line("Treem catalogue + tree_sums + values (kept)", treem["runs"], treem["peak_rss_mib"])
    line("  of which catalogue_counts (the query)", treem["query_s"])
    if "counts_s" in treem:  # ADR 0040: one query
        line("    the kept query alone (populations + numerators)", [treem["counts_s"]])
    else:
        line("    the populations' query alone", [treem["populations_s"]])
        line("    the numerators' query alone (kept)", [treem["numerators_s"]])
    line("    the populations' query alone (from the counts)", [scratch["populations_s"]])
    line("Treem, numerators from the facts (before)", scratch["runs"], scratch["peak_rss_mib"])
    line("  of which catalogue_counts (the query)", scratch["query_s"])
    line("    the numerators' query alone (from the facts)", [scratch["numerators_s"]])
    if args.per_indicator:
        s = treem["per_indicator_s"]
        print(f"{'Treem, one commune_counts per indicator×sex':<48}{s:>22.2f}{s:>10.2f}{s / millions:>10.2f}")
    line("DuckDB over Parquet", duck["runs"], duck["peak_rss_mib"])
    print(
        f"ratio Treem ÷ DuckDB (best runs): {t_best / d_best:.1f} (before: "
        f"{min(scratch['runs']) / d_best:.1f}); the query alone: {min(treem['query_s']) / d_best:.1f}"
    )
    print(f"export to Parquet (COPY csv + DuckDB → parquet): {export_s:.1f} s; Parquet {mib(parquet_bytes)}")
    print()
    print(
        f"refresh after {args.changes:,} children changed (one transaction, {change_s:.1f} s, of which the "
        f"writes {write_s:.2f} s): {len(affected):,} of {len(treem['communes']['QD23-14|'])} communes "
        f"with data affected; {live['dirty']:,} children waiting to be folded"
    )
    line("  read at once: kept counts + changed children", live["runs"], live["peak_rss_mib"])
    line("    of which catalogue_counts (the query)", live["query_s"])
    if "counts_s" in live:
        line("      the kept query alone (kept + rows and children not folded)", [live["counts_s"]])
    else:
        line("      the numerators' query alone (kept + correction)", [live["numerators_s"]])
        line("      the populations' query alone", [live["populations_s"]])
    line("      the populations' query alone (from the counts)", [full["populations_s"]])
    line("  everything again from the facts (before)", full["runs"], full["peak_rss_mib"])
    line("    of which catalogue_counts (the query)", full["query_s"])
    line("      the numerators' query alone (from the facts)", [full["numerators_s"]])
    line("  read at once again, after those (as warm)", live_again["runs"], live_again["peak_rss_mib"])
    line("    of which catalogue_counts (the query)", live_again["query_s"])
    line(f"  the fold (periodic job, {folded:,} children)", folds)
    line("  read after the fold", after_fold["runs"], after_fold["peak_rss_mib"])
    line("    the kept query alone", [after_fold.get("counts_s", after_fold.get("numerators_s", 0.0))])
    print(
        f"  checked against DuckDB on a new export ({export2_s:.1f} s): {checked2:,} figures identical; "
        "the three reads identical"
    )
    if cost:
        print()
        rows = int(min(cost["bulk_rows"]))
        print(
            "the numerators' triggers on writes (rolled back; runs without / with them, best of "
            f"{args.repeat}):"
        )
        for label, key in (
            (f"{args.changes:,} changes (writes only)", "changes"),
            (f"INSERT of {rows:,} supports", "bulk"),
        ):
            without, with_ = min(cost[f"{key} without"]), min(cost[f"{key} with"])
            print(
                f"  {label:<40} {without:.3f} s / {with_:.3f} s  (+{with_ - without:.3f} s, "
                f"{(with_ / without - 1) * 100:+.0f} %)"
            )
    if breakdown:
        print(
            f"the {args.changes:,} changes' writes, one trigger disabled at a time (rolled back, best of "
            f"{args.breakdown_repeat}):"
        )
        for label, seconds in breakdown.items():
            print(f"  {label:<72} {seconds:.2f} s")
    print()
    print(
        f"database {mib(db['database'])} (after the changes {mib(db_after['database'])}); "
        "tables with indexes:"
    )
    for table in [k for k in db if ":" not in k and k != "database"]:
        print(f"  {table:<28}{db[table + ':rows']:>12,} rows{mib(db[table]):>12}")
    print(
        f"peak RSS: loader {load_rss:,.0f} MiB (generator); see the table for the engines (PostgreSQL's own "
        "memory not included)"
    )
    if millions < 25:
        print(
            f"extrapolation to 25M children (linear in children, NOT measured): Treem ≈ "
            f"{t_best / millions * 25:.0f} s, DuckDB ≈ {d_best / millions * 25:.0f} s, "
            f"read after the changes ≈ {min(live['runs']) / millions * 25:.1f} s, everything again ≈ "
            f"{min(full['runs']) / millions * 25:.0f} s, database ≈ {mib(db['database'] / millions * 25)}"
        )
    print(f"whole run {time.perf_counter() - total_started:.0f} s")


if __name__ == "__main__":
    main()
