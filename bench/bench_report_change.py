"""What the report page's change log costs the register's writes (ADR 0049, amended: the stamp per
province), and what reading a province's stamp costs.

    nice -n 10 .venv/bin/python bench/bench_report_change.py --rows 50000 [--repeat 5] [--single 2000]

Starts a throw-away embedded PostgreSQL, migrates it, loads the catalogues, registers ``--rows`` children
in one commune of the current map and one support each. Then, on heap copies of ``registry_child`` and
``registry_support`` (``LIKE … INCLUDING DEFAULTS``: no index, no other trigger, so that only the log's
trigger differs), each variant in turn, rounds alternating, best and median of ``--repeat``:

- *none*: no trigger;
- *global*: migration 0004's trigger (one row of no province per statement);
- *province*: the real table's triggers copied onto the copy (``REFERENCING NEW TABLE``): since migration
  0009 one row per distinct (province, commune), the support's through a key join to ``registry_child``
  (0005's: one row per distinct province, as measured in ADR 0049's first amendment);

timing ``INSERT INTO copy SELECT * FROM staged`` (``--rows`` rows, one statement) and ``--single``
one-row INSERTs in one transaction (a web edit's statement). Then the children written again into
``registry_child`` itself (every index and trigger, rolled back), with its own triggers or with 0004's in
their place: the register's other triggers capture the statement's new rows already, and
PostgreSQL keeps one transition table per table and event for all of them. Last, the page's stamp read
(``content.stamp_query``: the rows of a province and of none, grouped by part and commune) over a log of
200,000 rows spread over 34 provinces, with its plan.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time
from typing import Any

import _setup

VARIANTS = ("none", "global", "province")


def _sql(statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall() if cur.description else []


COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position"


def stage(rows: int) -> None:
    from django.db import transaction

    from treem.registry.models import Child, Support

    _, communes = _setup.province_with_communes(1)
    commune = communes[0]
    child = Child.objects.create(
        province=commune.parent,
        commune=commune,
        area=commune,
        full_name="Trẻ Mẫu",
        date_of_birth=datetime.date(2015, 1, 1),
        sex="M",
    )
    support = Support.objects.create(
        child=child, kind="gift", date=datetime.date(2026, 2, 1), amount=100_000, source="budget"
    )
    columns = [
        c
        for (c,) in _sql(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'registry_child' AND column_name <> 'id' ORDER BY ordinal_position"
        )
    ]
    with transaction.atomic():
        _sql(
            f"INSERT INTO registry_child ({', '.join(columns)}) SELECT {', '.join(columns)} "
            f"FROM registry_child c, generate_series(1, %s) WHERE c.id = %s",
            [rows - 1, child.pk],
        )
    _sql("CREATE TABLE bench_stage_child AS SELECT * FROM registry_child")
    _sql("CREATE TABLE bench_stage_support AS SELECT * FROM registry_support WHERE false")
    scolumns = [
        c
        for (c,) in _sql(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'registry_support' ORDER BY ordinal_position"
        )
    ]
    picked = ", ".join("c.id" if c == "child_id" else ("s." + c) for c in scolumns)
    _sql(
        f"INSERT INTO bench_stage_support SELECT {picked} FROM registry_support s, registry_child c "
        "WHERE s.id = %s",
        [support.pk],
    )
    _sql("ANALYZE bench_stage_child")
    _sql("ANALYZE bench_stage_support")


def prepare(table: str, variant: str) -> str:
    copy = f"bench_copy_{table}"
    _sql(f"DROP TABLE IF EXISTS {copy}")
    _sql(f"CREATE TABLE {copy} (LIKE {table} INCLUDING DEFAULTS)")
    if variant == "global":
        _sql(
            f"CREATE TRIGGER reporting_report_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {copy} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reporting_report_changed()"
        )
    elif variant == "province":
        for (definition,) in _sql(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass "
            "AND tgname LIKE 'reporting\\_report\\_changed%%'",
            [table],
        ):
            _sql(definition.replace(f" ON public.{table} ", f" ON {copy} ", 1))
    return copy


def bulk(table: str, stage_table: str, variant: str) -> float:
    from django.db import transaction

    copy = prepare(table, variant)
    with transaction.atomic():
        started = time.perf_counter()
        _sql(f"INSERT INTO {copy} SELECT * FROM {stage_table}")
        seconds = time.perf_counter() - started
    return seconds


def single(table: str, stage_table: str, variant: str, n: int) -> float:
    from django.db import connection, transaction

    copy = prepare(table, variant)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE bench_one AS SELECT * FROM {stage_table} LIMIT 1")
        started = time.perf_counter()
        for _ in range(n):
            cur.execute(f"INSERT INTO {copy} SELECT * FROM bench_one")
        seconds = time.perf_counter() - started
        cur.execute("DROP TABLE bench_one")
    return seconds


def real(variant: str) -> float:
    """The staged children written again into ``registry_child`` itself (new ids; every index and
    trigger of the register), rolled back: the global trigger in place of the province's, or not."""
    from django.db import transaction

    columns = [c for (c,) in _sql(COLUMNS, ["registry_child"]) if c != "id"]
    events = ("ins", "upd", "del", "trunc")
    with transaction.atomic():
        if variant == "global":
            for event in events:
                _sql(f"ALTER TABLE registry_child DISABLE TRIGGER reporting_report_changed_{event}")
            _sql(
                "CREATE TRIGGER reporting_report_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                "ON registry_child FOR EACH STATEMENT EXECUTE FUNCTION reporting_report_changed()"
            )
        started = time.perf_counter()
        _sql(
            f"INSERT INTO registry_child ({', '.join(columns)}) "
            f"SELECT {', '.join(columns)} FROM bench_stage_child"
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def stamp_read() -> tuple[float, str]:
    """The page's stamp read (``content.stamp_query``, ADR 0049 amended (5): the changes grouped by part and
    commune) over a log of 200,000 rows spread over the current map's provinces, a tenth of no province,
    each row's part and commune as the triggers write them (a register row: one of 100 communes)."""
    from treem.reporting import content

    provinces = [
        p for (p,) in _sql("SELECT id FROM geo_adminunit WHERE level = 'province' AND generation = '2025'")
    ]
    communes = [p for (p,) in _sql("SELECT id FROM geo_adminunit WHERE level = 'commune' LIMIT 100")]
    _sql("DELETE FROM reporting_reportchange")
    _sql(
        "INSERT INTO reporting_reportchange (province_id, part, commune_id) SELECT CASE WHEN g %% 10 = 0 "
        "THEN NULL ELSE (%s::bigint[])[1 + g %% %s] END, g %% 3, CASE WHEN g %% 3 = 2 "
        "THEN (%s::bigint[])[1 + g %% %s] END FROM generate_series(1, 200000) g",
        [provinces, len(provinces), communes, len(communes)],
    )
    _sql("VACUUM ANALYZE reporting_reportchange")
    query, params = content.stamp_query(provinces[0], 0)
    runs = []
    for _ in range(20):
        started = time.perf_counter()
        _sql(query, params)
        runs.append(time.perf_counter() - started)
    plan = "\n".join(line for (line,) in _sql("EXPLAIN (ANALYZE, COSTS OFF) " + query, params))
    return statistics.median(runs), plan


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--single", type=int, default=2000)
    args = parser.parse_args()

    _setup.start()
    stage(args.rows)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()}; {args.rows:,} children, as many supports")
    for table, stage_table in (
        ("registry_child", "bench_stage_child"),
        ("registry_support", "bench_stage_support"),
    ):
        bulk_s: dict[str, list[float]] = {v: [] for v in VARIANTS}
        single_s: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for round_ in range(args.repeat):
            order = VARIANTS if round_ % 2 == 0 else tuple(reversed(VARIANTS))
            for variant in order:
                bulk_s[variant].append(bulk(table, stage_table, variant))
                single_s[variant].append(single(table, stage_table, variant, args.single))
        print(
            f"{table}: {args.rows:,}-row INSERT … SELECT (best / median ms); {args.single} one-row INSERTs "
            "(median µs per statement)"
        )
        for variant in VARIANTS:
            print(
                f"  {variant:9} {min(bulk_s[variant]) * 1000:8.1f} / "
                f"{statistics.median(bulk_s[variant]) * 1000:8.1f}   "
                f"{statistics.median(single_s[variant]) / args.single * 1e6:8.1f}"
            )
    real_s: dict[str, list[float]] = {v: [] for v in ("global", "province")}
    for round_ in range(args.repeat):
        for variant in ("global", "province") if round_ % 2 == 0 else ("province", "global"):
            real_s[variant].append(real(variant))
    print(
        f"registry_child itself (every index and trigger), {args.rows:,}-row INSERT … SELECT, "
        "best / median ms"
    )
    for variant, runs in real_s.items():
        print(f"  {variant:9} {min(runs) * 1000:8.1f} / {statistics.median(runs) * 1000:8.1f}")
    (log_rows,) = _sql("SELECT count(*) FROM reporting_reportchange")[0]
    print(f"(log rows written by the runs: {log_rows:,})")
    seconds, plan = stamp_read()
    print(
        "stamp read (grouped by part and commune) over 200,000 log rows, 34 provinces: "
        f"median {seconds * 1000:.2f} ms"
    )
    print(plan)
    print(f"load average {os.getloadavg()}; peak RSS {_setup.peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
