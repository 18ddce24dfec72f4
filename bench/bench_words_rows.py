"""What the words of names' INSERT trigger computes and writes, apart (ADR 0052).

    nice -n 10 .venv/bin/python bench/bench_words_rows.py --rows 200000 [--repeat 5] [--floor]

The set-up of ``bench_import_floor.py`` (a CSV of valid synthetic children for one commune, imported once
by the application, its children and their ``registry_childword`` rows staged). Then, in ``--repeat``
alternating rounds, each into an emptied copy of ``registry_childword`` with its primary key (``LIKE …
INCLUDING ALL``), one ``INSERT … SELECT … ORDER BY`` the key, as the trigger writes them:

- *staged*: the staged rows themselves (only the sort and the writing: the floor of the trigger);
- *0017*: computed from the staged children by migration 0017's ``ROWS`` (the trigger before ADR 0052);
- *0017, shared 0*: the same with ``shared`` a constant (what 0017's subquery for it costs);
- *0022*: computed by migration 0022's ``ROWS`` (the trigger since ADR 0052).

Each computed variant's rows are checked equal to the staged ones first. Printed per variant: the
PostgreSQL backend's CPU seconds (``/proc/PID/stat``) of each round, the best and the median, the best
wall seconds, and the load average.

With ``--floor``, then in as many alternating rounds: the whole floor of ``bench_import_floor.py`` (the
staged children, the bulk path's ``ANALYZE``, the staged guardians, in one transaction, into the emptied
register) with the words of names' functions as migration 0017/0019 made them and as migration 0022 makes
them, installed in turn in the same cluster: the floor's CPU seconds with each, and the words' INSERT
function's own seconds (``track_functions``), with no other difference between the two.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from importlib import import_module
from pathlib import Path

import _setup
import bench_import_floor as floor

COLUMNS = "word, name_folded, child_id, shared, status, area_id, commune_id"
CHILDREN = "(SELECT id, name_folded, status, area_id, commune_id FROM bench_stage_registry_child)"


def variants() -> dict[str, str]:
    rows17 = import_module("treem.registry.migrations.0017_child_words").ROWS
    out = {
        "staged": f"SELECT {COLUMNS} FROM bench_stage_registry_childword",
        "0017": rows17.format(rows=CHILDREN),
        "0017, shared 0": re.sub(
            r"coalesce\(\(SELECT max\(.*?\), 0\)::smallint", "0::smallint", rows17, count=1, flags=re.S
        ).format(rows=CHILDREN),
    }
    try:
        rows22 = import_module("treem.registry.migrations.0022_child_words_computed_in_one_pass").ROWS
    except ImportError:  # a checkout before ADR 0052
        return out
    out["0022"] = rows22.format(rows=CHILDREN)
    return out


def floor_with_each(repeat: int) -> None:
    """The floor with 0017's and 0022's functions of the words of names' triggers, alternating."""
    from django.db import connection

    from treem.registry import bulk

    m = import_module("treem.registry.migrations.0022_child_words_computed_in_one_pass")
    functions = {
        "0017": m.REVERSE_INSERT_FUNCTION + m._0019.UPDATE_FUNCTION,
        "0022": m.INSERT_FUNCTION + m.UPDATE_FUNCTION,
    }
    floor._sql("SET track_functions = 'pl'")
    tables = floor._tables("registry_guardian", "registry_child", "registry_nameword", "registry_childword")
    runs: dict[str, list[tuple[float, float]]] = {label: [] for label in functions}
    for _ in range(repeat):
        for label, sql in functions.items():
            floor._sql(sql)
            floor._sql(f"TRUNCATE {tables} CASCADE")
            raw = connection.connection
            cpu = floor.backend_cpu()
            started = time.perf_counter()
            with raw.transaction(), raw.cursor() as cur:  # as bench_import_floor.insert_twice
                cur.execute("INSERT INTO registry_child SELECT * FROM bench_stage_registry_child")
                cur.execute(
                    "SELECT pg_stat_get_xact_function_self_time('registry_child_words_insert'::regproc)"
                )
                own = float(cur.fetchone()[0] or 0) / 1000
                cur.execute(bulk.ANALYZE_SQL)
                cur.execute("INSERT INTO registry_guardian SELECT * FROM bench_stage_registry_guardian")
            used, seconds = floor.backend_cpu() - cpu, time.perf_counter() - started
            runs[label].append((used, own))
            print(
                f"  floor with {label}: CPU {used:5.2f} s, the words' INSERT function {own:5.2f} s, "
                f"wall {seconds:5.2f} s; load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
    for label, done in runs.items():
        cpus = [c for c, _ in done]
        print(
            f"  floor with {label}: CPU best {min(cpus):5.2f} s, median {statistics.median(cpus):5.2f} s; "
            f"the words' INSERT function median {statistics.median(f for _, f in done):5.2f} s"
        )
    floor._sql(functions["0022"])  # this checkout's


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5, help="alternating rounds")
    parser.add_argument("--floor", action="store_true", help="then the floor with each trigger function")
    args = parser.parse_args()

    _setup.start()
    work = Path(tempfile.mkdtemp(prefix="treem-bench-words-"))
    try:
        floor.imported_and_staged(work, args.rows)
        floor._sql("DROP TABLE IF EXISTS bench_words")
        floor._sql("CREATE TABLE bench_words (LIKE registry_childword INCLUDING ALL)")
        found = variants()
        for label, select in found.items():
            if label.endswith("shared 0"):
                continue  # other rows: no check
            staged = f"SELECT {COLUMNS} FROM bench_stage_registry_childword"
            (differ,) = floor._sql(
                f"SELECT count(*) FROM (({select}) EXCEPT ALL {staged} "
                f"UNION ALL ({staged} EXCEPT ALL {select})) AS d"
            )[0]
            if differ:
                raise SystemExit(f"{label}: {differ} rows differ from the staged ones")
        (n,) = floor._sql("SELECT count(*) FROM bench_stage_registry_childword")[0]
        print(f"{n:,} rows of {args.rows:,} children; every variant's rows equal the staged ones")
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label in found}
        for _ in range(args.repeat):
            for label, select in found.items():
                floor._sql("TRUNCATE bench_words")
                cpu = floor.backend_cpu()
                started = time.perf_counter()
                floor._sql(f"INSERT INTO bench_words ({COLUMNS}) {select} ORDER BY 1, 2, 3")
                runs[label].append((floor.backend_cpu() - cpu, time.perf_counter() - started))
            print(f"  round done; load {os.getloadavg()[0]:.2f}", flush=True)
        for label, done in runs.items():
            cpus = [c for c, _ in done]
            print(
                f"  {label:<16} CPU best {min(cpus):5.2f} s, median {statistics.median(cpus):5.2f} s "
                f"(runs {', '.join(f'{c:.2f}' for c in cpus)}); wall best {min(w for _, w in done):5.2f} s"
            )
        floor._sql("DROP TABLE bench_words")
        if args.floor:
            floor_with_each(args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
