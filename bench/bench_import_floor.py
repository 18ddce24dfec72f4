"""The children import against its two floors, measured in the same run: a bare COPY, and PostgreSQL's
own share of writing already-valid rows into today's register.

    nice -n 10 .venv/bin/python bench/bench_import_floor.py --rows 200000 [--repeat 2] [--no-parts]

Starts a throw-away embedded PostgreSQL, migrates it, loads the catalogues and writes a CSV of ``--rows``
valid synthetic children for one commune (as ``bench_import.py``). Then, each best of ``--repeat``:

(b) *bare COPY*: ``COPY bench_bare FROM STDIN (FORMAT csv, HEADER)`` of the file's bytes into a table
    of 8 text columns, no index, no constraint (best of at least 3: it takes about a second);
(a) *application*: ``importing.read_table`` + ``importing.import_table(dry_run=False)`` as the system
    actor — the path of ``./treem manage import_children`` and of the web job — into an emptied register
    (children, guardians, households and the name-word vocabulary emptied before each run), split into
    read / check / write / audit + COMMIT;
(f) *floor*: the rows the application wrote, kept aside in plain tables, written again into the emptied
    register in one transaction: ``INSERT INTO registry_child SELECT * FROM staged children``, the
    ``ANALYZE registry_child`` the bulk path runs, ``INSERT INTO registry_guardian SELECT …``, COMMIT —
    with every index, trigger (name words, population counts, and since ADR 0034 the set-wise checks of
    the foreign keys) and deferred foreign-key constraint (before ADR 0034) of the tables; no reading,
    no checking, no Python per row. Prints how many keys are constraints and how many key-check triggers.

Unless ``--no-parts``, where the floor goes (once each, same staged rows):
- *heap*: the same INSERTs into copies of the two tables without index, constraint or trigger
  (``LIKE … INCLUDING DEFAULTS``);
- *+indexes*: into copies with their indexes and checks (``LIKE … INCLUDING ALL``), still no trigger and
  no foreign key; so indexes = (+indexes) − heap, triggers and foreign keys = floor − (+indexes), the
  foreign keys alone = the floor's COMMIT;
- *+indexes +<trigger>*: the same with one of the two tables' INSERT triggers (name words, population
  counts, key checks) copied onto the copy of its table, the vocabulary emptied first — each trigger's
  own cost (a key check copied onto the copy finds the referenced rows written by an earlier transaction
  and locks them, where the floor's guardians find children of their own transaction, not locked);
- *set-wise foreign-key check*: for each foreign key of the two models, one anti-join of the staged rows
  against the referenced table (what a set-wise check costs without locking, against the row-by-row
  checks at COMMIT).

With ``--each-index``, after the floor: for the children, the guardians and the words of names (the rows
the application wrote, staged), the INSERT … SELECT into a copy of the table without index, then with one
of its indexes at a time — what each index costs the floor on its own.

Prints rows/s of each, the ratios application ÷ COPY, floor ÷ COPY and application ÷ floor, the floor's
CPU seconds in the PostgreSQL backend (``/proc/PID/stat``: what a loaded machine inflates least), the parts,
each table's indexes with their sizes, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import _setup
import bench_import

REGISTER = ("registry_child", "registry_guardian")


def _sql(statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchall() if cursor.description else []


def _tables(*names: str) -> str:
    """``names`` that exist in this checkout's schema (the words of names only since ADR 0038: the script
    also measures older code), comma-separated."""
    found = _sql("SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'", [list(names)])
    return ", ".join(name for name in names if (name,) in found)


def _words() -> tuple[str, ...]:
    return ("registry_childword",) if _tables("registry_childword") else ()


def empty_register() -> None:
    """An empty register, as a first import finds it (the population counts follow by their trigger)."""
    _sql(
        "TRUNCATE "
        + _tables("registry_guardian", "registry_child", "registry_household", "registry_nameword", *_words())
        + " CASCADE"
    )


def best_copy(path: Path, repeat: int) -> float:
    runs = [bench_import.bare_copy(path) for _ in range(max(3, repeat))]
    print(f"  bare COPY runs: {', '.join(f'{s:.2f}' for s in runs)} s")
    return min(runs)


def best_app(path: Path, commune: Any, repeat: int) -> dict[str, Any]:
    timer = bench_import._Timed()
    timer.install()
    runs = []
    for _ in range(repeat):
        empty_register()
        runs.append(bench_import.app_import(path, commune, timer))
    print("  application runs: " + ", ".join(f"{r['seconds']:.1f}" for r in runs) + " s")
    return min(runs, key=lambda r: r["seconds"])


def imported_and_staged(work: Path, rows: int) -> None:
    """``rows`` synthetic children written as a CSV under ``work``, imported by the application into an
    empty register, and kept aside (``stage``): the set-up of the scripts that time the floor's statements
    (``bench_floor_order.py``, ``bench_words_rows.py``)."""
    from treem.registry import importing

    importing.MAX_ROWS = max(importing.MAX_ROWS, rows)
    importing.MAX_FILE_BYTES = 2 * 1024**3
    path = work / "children.csv"
    bench_import.write_csv(path, rows)
    timer = bench_import._Timed()
    timer.install()
    empty_register()
    bench_import.app_import(path, bench_import._commune(), timer)
    stage()


def stage() -> None:
    """Keep the rows the application wrote (valid, with their ids and computed columns) aside."""
    staged = (*REGISTER, *_words())  # the words of names only for --each-index: the floor writes them
    for table in staged:
        _sql(f"DROP TABLE IF EXISTS bench_stage_{table}")
        _sql(f"CREATE TABLE bench_stage_{table} AS SELECT * FROM {table}")
    _sql("VACUUM ANALYZE " + ", ".join(f"bench_stage_{table}" for table in staged))


def backend_cpu() -> float:
    """CPU seconds (user + system) the PostgreSQL backend serving this connection has used so far
    (``/proc/PID/stat``): what a loaded machine inflates far less than wall time."""
    (pid,) = _sql("SELECT pg_backend_pid()")[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def insert_twice(child_table: str, guardian_table: str, *, analyze: bool) -> dict[str, float]:
    """INSERT … SELECT the staged children and guardians into the given tables in one transaction."""
    from django.db import connection

    raw = connection.connection
    out: dict[str, float] = {}
    cpu = backend_cpu()
    t = time.perf_counter()
    with raw.transaction(), raw.cursor() as cur:
        cur.execute(f"INSERT INTO {child_table} SELECT * FROM bench_stage_registry_child")
        out["children"] = time.perf_counter() - t
        t = time.perf_counter()
        if analyze:  # as bulk._create does after writing ≥ 1,000 children
            from treem.registry import bulk

            statement = getattr(bulk, "ANALYZE_SQL", "ANALYZE registry_child")  # the whole table before
            cur.execute(statement.replace("registry_child", child_table, 1))
        out["analyze"] = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute(f"INSERT INTO {guardian_table} SELECT * FROM bench_stage_registry_guardian")
        out["guardians"] = time.perf_counter() - t
        t = time.perf_counter()
    out["commit"] = time.perf_counter() - t
    out["seconds"] = sum(out.values())
    out["cpu"] = backend_cpu() - cpu
    return out


def best_floor(repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        tables = _tables("registry_guardian", "registry_child", "registry_nameword", *_words())
        _sql(f"TRUNCATE {tables} CASCADE")
        runs.append(insert_twice("registry_child", "registry_guardian", analyze=True))
    print(
        "  floor runs: "
        + ", ".join(f"{r['seconds']:.1f}" for r in runs)
        + " s (PostgreSQL CPU "
        + ", ".join(f"{r['cpu']:.1f}" for r in runs)
        + " s)"
    )
    return min(runs, key=lambda r: r["seconds"])


def parts() -> dict[str, Any]:
    out: dict[str, Any] = {}
    # The register's own INSERT triggers (name words, population counts, and after ADR 0034 the set-wise
    # key checks of both tables), each copied onto the indexed copy of its table.
    triggers = _sql(
        "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal AND tgtype & 4 = 4 "  # 4: INSERT
        "ORDER BY 1, 2",
        [list(REGISTER)],
    )
    variants = [("heap", "INCLUDING DEFAULTS", "", ""), ("+indexes", "INCLUDING ALL", "", "")]
    variants += [
        (f"+indexes +{name}", "INCLUDING ALL", table, definition) for table, name, definition in triggers
    ]
    for label, including, on, trigger in variants:
        for table in REGISTER:
            _sql(f"DROP TABLE IF EXISTS bench_like_{table}")
            _sql(f"CREATE TABLE bench_like_{table} (LIKE {table} {including})")
        if trigger:
            _sql(trigger.replace(f" ON public.{on} ", f" ON bench_like_{on} ", 1))
            _sql(f"TRUNCATE {_tables('registry_nameword', *_words())}")  # as a first import finds them
        out[label] = insert_twice("bench_like_registry_child", "bench_like_registry_guardian", analyze=True)
        for table in REGISTER:
            _sql(f"DROP TABLE bench_like_{table}")
    # One anti-join per foreign key: the set-wise check of what COMMIT checks row by row. The keys are the
    # models' (constraints before ADR 0034, checked by triggers after it).
    keys = foreign_keys()
    t = time.perf_counter()
    missing = 0
    for table, column, target, target_column in keys:
        (n,) = _sql(
            f"SELECT count(*) FROM bench_stage_{table} s WHERE s.{column} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {target} t WHERE t.{target_column} = s.{column})"
        )[0]
        missing += n
    out["set-wise keys"] = (len(keys), time.perf_counter() - t, missing)
    return out


def each_index(repeat: int) -> list[tuple[str, str, float, float]]:
    """For each of the register's tables written by an import (the children, the guardians and the words
    of names): the staged rows' INSERT … SELECT into a copy of the table without index, then with one of
    its indexes at a time (``pg_get_indexdef`` on the copy), each best of ``repeat`` (wall time and the
    backend's CPU seconds apart): what each index costs the floor on its own (ADR 0042, ADR 0050). No
    trigger; the words of names are the rows the application's trigger wrote, staged with the children
    (``stage``)."""
    out = []
    for table in (*REGISTER, *_words()):
        definitions = _sql(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass ORDER BY 1",
            [table],
        )
        for name, definition in [("(none)", ""), *definitions]:
            runs = []
            for _ in range(repeat):
                _sql("DROP TABLE IF EXISTS bench_one_index")
                _sql(f"CREATE TABLE bench_one_index (LIKE {table} INCLUDING DEFAULTS)")
                if definition:
                    index = definition.replace(
                        f"INDEX {name} ON public.{table} ", "INDEX ON bench_one_index ", 1
                    )
                    _sql(index)
                cpu = backend_cpu()
                t = time.perf_counter()
                _sql(f"INSERT INTO bench_one_index SELECT * FROM bench_stage_{table}")
                runs.append((time.perf_counter() - t, backend_cpu() - cpu))
            out.append((table, name, min(r[0] for r in runs), min(r[1] for r in runs)))
    _sql("DROP TABLE IF EXISTS bench_one_index")
    return out


def foreign_keys() -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, its column) of each foreign key of the two tables' models."""
    from treem.registry.models import Child, Guardian

    return sorted(
        (model._meta.db_table, f.column, f.related_model._meta.db_table, f.target_field.column)
        for model in (Child, Guardian)
        for f in model._meta.concrete_fields
        if f.is_relation
    )


def key_checks() -> tuple[int, int]:
    """How many of those keys PostgreSQL checks by a constraint, and how many triggers check (ADR 0034)."""
    (constraints,) = _sql(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
        [list(REGISTER)],
    )[0]
    (triggers,) = _sql(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal "
        "AND tgname LIKE '%%\\_keys\\_%%'",
        [list(REGISTER)],
    )[0]
    return constraints, triggers


def indexes() -> list[tuple[str, str, str]]:
    return _sql(
        """
        SELECT i.indrelid::regclass::text, c.relname, pg_size_pretty(pg_relation_size(c.oid))
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = ANY(%s::regclass[]) ORDER BY 1, pg_relation_size(c.oid) DESC
        """,
        [list(REGISTER)],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs of each")
    parser.add_argument("--no-parts", action="store_true", help="skip the floor's breakdown")
    parser.add_argument(
        "--each-index",
        action="store_true",
        help="the INSERT into the children, the guardians and the words of names with each index alone",
    )
    args = parser.parse_args()

    _setup.start()
    work = Path(tempfile.mkdtemp(prefix="treem-bench-floor-"))
    try:
        from treem.registry import importing

        importing.MAX_ROWS = max(importing.MAX_ROWS, args.rows)
        importing.MAX_FILE_BYTES = 2 * 1024**3
        commune = bench_import._commune()
        path = work / "children.csv"
        bench_import.write_csv(path, args.rows)
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; CSV {args.rows:,} rows")
        copy_s = best_copy(path, args.repeat)
        app = best_app(path, commune, args.repeat)
        (guardians,) = _sql("SELECT count(*) FROM registry_guardian")[0]
        stage()
        floor = best_floor(args.repeat)
        broken = {} if args.no_parts else parts()
        alone = each_index(args.repeat) if args.each_index else []
        listed = indexes()
        constraints, key_triggers = key_checks()

        n = args.rows
        print()
        print(f"(b) bare COPY         {copy_s:8.2f} s {n / copy_s:12,.0f} rows/s")
        print(
            f"(f) floor             {floor['seconds']:8.2f} s {n / floor['seconds']:12,.0f} rows/s "
            f"(children {floor['children']:.2f}, ANALYZE {floor['analyze']:.2f}, guardians "
            f"{floor['guardians']:.2f}, COMMIT {floor['commit']:.2f} s; PostgreSQL CPU {floor['cpu']:.2f} s)"
        )
        print(
            f"    foreign keys: {constraints} constraints (checked row by row), {key_triggers} key-check "
            "triggers (set-wise, inside the INSERTs)"
        )
        print(
            f"(a) application       {app['seconds']:8.2f} s {n / app['seconds']:12,.0f} rows/s "
            f"(read {app['read_s']:.2f}, check {app['check_s']:.2f}, write {app['write_s']:.2f}, "
            f"audit + COMMIT {app['commit_s']:.2f} s; {n:,} children, {guardians:,} guardians)"
        )
        print(
            f"ratios: application ÷ COPY {copy_s / app['seconds']:.2%}, floor ÷ COPY "
            f"{copy_s / floor['seconds']:.2%}, application ÷ floor {floor['seconds'] / app['seconds']:.1%}"
        )
        for label in [k for k in broken if k != "set-wise keys"]:
            if label in broken:
                part = broken[label]
                print(
                    f"  {label:<44} {part['seconds']:8.2f} s (children {part['children']:.2f}, guardians "
                    f"{part['guardians']:.2f}, COMMIT {part['commit']:.2f} s)"
                )
        if broken:
            heap, indexed = broken["heap"]["seconds"], broken["+indexes"]["seconds"]
            keys, seconds, missing = broken["set-wise keys"]
            print(
                f"  so: indexes {indexed - heap:.2f} s, triggers + foreign keys "
                f"{floor['seconds'] - indexed:.2f} s "
                f"(of which COMMIT, the deferred foreign-key constraints, {floor['commit']:.2f} s)"
            )
            print(f"  set-wise check of the {keys} foreign keys: {seconds:.2f} s ({missing} missing)")
        bare, bare_cpu = 0.0, 0.0
        for table, name, seconds, cpu in alone:
            if name == "(none)":
                bare, bare_cpu = seconds, cpu
                print(
                    f"the INSERT into a copy of {table}: {bare:.2f} s without index (PostgreSQL CPU "
                    f"{bare_cpu:.2f} s); with one:"
                )
            else:
                print(f"  {name:<44} {seconds:8.2f} s (+{seconds - bare:.2f} s; CPU +{cpu - bare_cpu:.2f} s)")
        print("indexes:")
        for table, name, size in listed:
            print(f"  {table:<18} {name:<48} {size}")
        print(f"peak RSS of the benchmark process {_setup.peak_rss_mib():,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
