"""Benchmark of the children import against PostgreSQL's own COPY of the same file.

    .venv/bin/python bench/bench_import.py --rows 1000000 [--xlsx-rows 200000] [--profile]

Starts a throw-away embedded PostgreSQL (a temporary folder, removed at the end), migrates it, loads the
reference catalogues, writes a CSV of N valid synthetic children (``treem.registry.synthetic``, one commune,
no hamlet column) and times, in the same run:

(a) the application's import of that file through the code path of ``./treem manage import_children FILE
    --commune CODE`` (``importing.read_table`` + ``importing.import_table`` as the "system" actor; the
    200,000-row and 100 MB limits of the web upload are lifted for the run), split into read / check / write /
    audit + commit (deferred foreign keys); since ADR 0035 the check overlaps the COPY of the new children,
    so "check" is check + that COPY and "write" what is written after the check;
(b) ``COPY bare FROM STDIN (FORMAT csv, HEADER)`` of the same bytes into a bare table with the same
    columns as text (no index, no constraint), best of 3 runs.

``bench_import_floor.py`` adds the second baseline (PostgreSQL's own share of writing valid rows into the
register) and best-of-N runs of the application.

It prints rows/s of each and the ratio (a)/(b); then the seconds of a ``--xlsx-rows`` XLSX import
(xlsxwriter, constant_memory). ``--profile`` runs cProfile over the import and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import _setup  # the shared benchmark set-up: throw-away embedded PostgreSQL, Django, catalogues


def _commune() -> Any:
    from treem.geo.models import AdminUnit, Level

    current = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
    return current.filter(code="26740").first() or current.order_by("code").first()


def write_csv(path: Path, rows: int) -> int:
    from django.utils import timezone

    from treem.registry import synthetic
    from treem.registry.models import Ethnicity

    names = dict(Ethnicity.objects.values_list("code", "name"))
    records = synthetic.generate(rows, seed=2026, today=timezone.localdate())
    return synthetic.write_csv(records, path, ethnicity_names=names)


def write_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter
    from django.utils import timezone

    from treem.registry import synthetic
    from treem.registry.models import Ethnicity

    names = dict(Ethnicity.objects.values_list("code", "name"))
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, synthetic.CSV_HEADERS)
    records = synthetic.generate(rows, seed=2027, today=timezone.localdate())
    for r, record in enumerate(records, start=1):
        sheet.write_row(r, 0, synthetic.csv_row(record, names))  # text cells, as a careful user types IDs
    book.close()


class _Timed:
    """Wraps importing.check_rows and bulk.write_rows to time the phases; what remains of the import's
    time is the audit event and the COMMIT (where PostgreSQL checks the deferred foreign keys).

    The streamed import (ADR 0035) checks and writes the new children at once: its "check" is from the
    start of ``importing._import_streamed`` to the start of ``importing._write_kept`` (the check, the
    overlapped COPY of the children and the lookups after the check), its "write" is ``_write_kept`` (the
    rows kept for after the check, the ANALYZE, the guardians' COPY, the upserts)."""

    check_s = 0.0
    write_s = 0.0

    def install(self) -> None:
        from treem.registry import bulk, importing

        original_check, original_write = importing.check_rows, bulk.write_rows
        if hasattr(importing, "_write_kept"):
            original_streamed, original_kept = importing._import_streamed, importing._write_kept
            started = [0.0]

            def streamed(**kwargs: Any) -> Any:
                started[0] = time.perf_counter()
                return original_streamed(**kwargs)

            def kept(**kwargs: Any) -> Any:
                start = time.perf_counter()
                self.check_s = start - started[0]
                try:
                    return original_kept(**kwargs)
                finally:
                    self.write_s = time.perf_counter() - start

            importing._import_streamed = streamed  # type: ignore[assignment]
            importing._write_kept = kept  # type: ignore[assignment]

        def check(**kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original_check(**kwargs)
            finally:
                self.check_s = time.perf_counter() - start

        def write(**kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original_write(**kwargs)
            finally:
                self.write_s = time.perf_counter() - start

        importing.check_rows = check  # type: ignore[assignment]
        bulk.write_rows = write  # type: ignore[assignment]


def app_import(path: Path, commune: Any, timer: _Timed, profile: bool = False) -> dict[str, Any]:
    from treem.registry import importing
    from treem.registry.management.commands.import_children import system_actor

    actor = system_actor(commune)
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    data = path.read_bytes()
    table = importing.read_table(data)
    read_s = time.perf_counter() - start
    result = importing.import_table(
        actor=actor,
        commune=commune,
        table=table,
        mapping=importing.PRESETS["treem"][1],
        date_format="dd/mm/yyyy",
        dry_run=False,
        source=path.name,
    )
    total = time.perf_counter() - start
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(30)
        stats.sort_stats("tottime").print_stats(25)
    if result.errors:
        raise SystemExit(f"import refused: {result.errors[:5]}")
    return {
        "rows": result.rows,
        "created": result.created,
        "seconds": total,
        "read_s": read_s,
        "check_s": timer.check_s,
        "write_s": timer.write_s,
        "commit_s": total - read_s - timer.check_s - timer.write_s,
    }


def bare_copy(path: Path) -> float:
    from django.db import connection

    from treem.registry import synthetic

    columns = ", ".join(f"c{i} text" for i in range(len(synthetic.CSV_HEADERS)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute(f"CREATE TABLE bench_bare ({columns})")
    raw = connection.connection
    start = time.perf_counter()
    statement = "COPY bench_bare FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
    with raw.transaction(), raw.cursor() as cur, path.open("rb") as fh, cur.copy(statement) as copy:
        while chunk := fh.read(1 << 20):
            copy.write(chunk)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_bare")
        (count,) = cursor.fetchone()
        cursor.execute("DROP TABLE bench_bare")
    print(f"  bare COPY loaded {count:,} rows")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000, help="0 to skip the XLSX import")
    parser.add_argument("--profile", action="store_true", help="cProfile the CSV import")
    args = parser.parse_args()

    _setup.start()  # stops the server and removes its folder at exit
    work = Path(tempfile.mkdtemp(prefix="treem-bench-import-files-"))
    try:
        from django.db import connection

        from treem.registry import importing
        from treem.registry.models import Child

        importing.MAX_ROWS = max(importing.MAX_ROWS, args.rows, args.xlsx_rows)
        importing.MAX_FILE_BYTES = 2 * 1024**3
        commune = _commune()
        print(f"{datetime.datetime.now():%Y-%m-%d %H:%M} · {os.cpu_count()} CPUs · commune {commune}")
        csv_path = work / "children.csv"
        start = time.perf_counter()
        write_csv(csv_path, args.rows)
        size = csv_path.stat().st_size
        print(f"CSV: {args.rows:,} rows, {size / 1e6:.1f} MB, written in {time.perf_counter() - start:.1f} s")

        copy_runs = [bare_copy(csv_path) for _ in range(3)]  # the baseline: best of 3
        copy_s = min(copy_runs)
        print(f"  bare COPY runs: {', '.join(f'{r:.2f}' for r in copy_runs)} s (best counted)")
        timer = _Timed()
        timer.install()
        app = app_import(csv_path, commune, timer, profile=args.profile)
        assert Child.objects.count() == app["created"] == args.rows, "every row should have been created"
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM registry_guardian")
            (guardians,) = cursor.fetchone()

        copy_rate = args.rows / copy_s
        app_rate = args.rows / app["seconds"]
        print(f"(b) COPY into a bare table:  {copy_s:8.1f} s  {copy_rate:12,.0f} rows/s")
        print(
            f"(a) application import:     {app['seconds']:8.1f} s  {app_rate:12,.0f} rows/s "
            f"(read {app['read_s']:.1f} s, check {app['check_s']:.1f} s, write {app['write_s']:.1f} s, "
            f"audit + commit {app['commit_s']:.1f} s; "
            f"{app['created']:,} children, {guardians:,} guardians)"
        )
        print(f"ratio application / COPY:   {app_rate / copy_rate:.1%}")

        if args.xlsx_rows:
            with connection.cursor() as cursor:  # an empty register again: the same IDs would be upserts
                cursor.execute("TRUNCATE registry_guardian, registry_child CASCADE")
            xlsx_path = work / "children.xlsx"
            start = time.perf_counter()
            write_xlsx(xlsx_path, args.xlsx_rows)
            print(
                f"XLSX: {args.xlsx_rows:,} rows, {xlsx_path.stat().st_size / 1e6:.1f} MB, "
                f"written in {time.perf_counter() - start:.1f} s"
            )
            xlsx = app_import(xlsx_path, commune, timer)
            print(
                f"XLSX import: {xlsx['seconds']:.1f} s ({args.xlsx_rows / xlsx['seconds']:,.0f} rows/s; "
                f"read {xlsx['read_s']:.1f} s, check {xlsx['check_s']:.1f} s, write {xlsx['write_s']:.1f} s, "
                f"audit + commit {xlsx['commit_s']:.1f} s)"
            )
        print(f"peak memory of the benchmark process: {_setup.peak_rss_mib():,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
