"""What the import's PostgreSQL backend does beside its floor's: I/O, WAL, and what it waits on (ADR 0053).

    nice -n 10 .venv/bin/python bench/bench_import_io.py --rows 200000 [--repeat 2]
        [--setting shared_buffers=512MB]

The set-up of ``bench_import_floor.py`` (a CSV of valid synthetic children for one commune, imported once
by the application, its rows staged). Then, in ``--repeat`` alternating rounds, into the emptied register:

- *application*: ``importing.read_table`` + ``import_table(dry_run=False)`` as the system actor (the path
  of ``./treem manage import_children`` and of the web job);
- *floor*: the staged rows written again as ``bench_import_floor.py`` writes its floor (children, the
  bulk path's ``ANALYZE``, guardians, one transaction).

Printed for each run, from the backend serving this process: its CPU seconds (``/proc/PID/stat``); the
WAL it wrote (``pg_stat_wal``: records, full-page images, MiB); its temporary files (``pg_stat_database``);
what ``pg_stat_io`` counts for client backends (blocks written, extended, evicted from shared buffers,
read back, and the MiB written); the checkpoints that ran meanwhile; and, sampled every 4 ms by a separate
process through ``pg_stat_activity``, the share of the backend's active samples in each wait event
(``ClientRead``: PostgreSQL waiting for the import's next bytes; none: on the CPU or waiting for one).
These counts are what a loaded machine does not change, where wall seconds are.

``--setting NAME=VALUE`` (repeatable) is written into the throw-away cluster's ``postgresql.conf`` before it
first starts; ``shared_buffers`` is passed as ``TREEM_PG_SHARED_BUFFERS`` instead (the server's command line
sets it, ADR 0054: an eighth of the memory between 128 MB and 1 GB; PostgreSQL's default, 128 MB, before).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _setup
import bench_import
import bench_import_floor as floor

SAMPLER = r"""
import sys, time, json, psycopg
params = json.loads(sys.argv[1])
conn = psycopg.connect(**params, autocommit=True)
out = sys.stdout
while True:
    row = conn.execute(
        "SELECT state, wait_event FROM pg_stat_activity WHERE pid = %s", [int(sys.argv[2])]
    ).fetchone()
    if row and row[0] == "active":
        out.write(f"{row[1] or '(none: CPU)'}\n")
        out.flush()
    time.sleep(0.004)
"""

COUNTS = (
    ("WAL records", "SELECT wal_records FROM pg_stat_wal"),
    ("full-page images", "SELECT wal_fpi FROM pg_stat_wal"),
    ("WAL MiB", "SELECT wal_bytes / 1048576.0 FROM pg_stat_wal"),
    ("temp MiB", "SELECT temp_bytes / 1048576.0 FROM pg_stat_database WHERE datname = current_database()"),
    ("checkpoints", "SELECT num_timed + num_requested FROM pg_stat_checkpointer"),
)
IO = (
    "SELECT coalesce(sum(writes), 0), coalesce(sum(extends), 0), coalesce(sum(evictions), 0), "
    "coalesce(sum(reads), 0), coalesce(sum(write_bytes), 0) / 1048576.0 FROM pg_stat_io "
    "WHERE backend_type = 'client backend'"
)
IO_NAMES = ("writes", "extends", "evictions", "reads", "written MiB")


def counts() -> list[float]:
    time.sleep(1.1)  # the statistics are flushed at most once a second
    floor._sql("SELECT pg_stat_force_next_flush()")
    found = [float(floor._sql(sql)[0][0]) for _name, sql in COUNTS]
    return found + [float(v) for v in floor._sql(IO)[0]]


def application(path: Path, commune: Any) -> None:
    """The application's import of ``path`` (``bench_import.app_import``, its phases not timed)."""
    run = bench_import.app_import(path, commune, bench_import._Timed())
    if run["created"] != run["rows"]:
        raise SystemExit(f"import refused: {run['created']:,} of {run['rows']:,} rows created")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2, help="alternating rounds")
    parser.add_argument("--setting", action="append", default=[], help="NAME=VALUE for the new cluster")
    args = parser.parse_args()

    for setting in list(args.setting):
        name, _eq, value = setting.partition("=")
        if name.strip() == "shared_buffers":  # given on the server's command line (ADR 0054): not the file's
            os.environ["TREEM_PG_SHARED_BUFFERS"] = value.strip()
            args.setting.remove(setting)
    if args.setting:
        from treem.core.pgserver import EmbeddedPostgres

        initialise = EmbeddedPostgres.init

        def init_with_settings(self: Any, *a: Any, **k: Any) -> Any:
            out = initialise(self, *a, **k)
            with (Path(self.pgdata) / "postgresql.conf").open("a") as conf:
                for setting in args.setting:
                    name, _eq, value = setting.partition("=")
                    conf.write(f"\n{name} = '{value}'\n")
            return out

        EmbeddedPostgres.init = init_with_settings  # type: ignore[method-assign]
    _setup.start()
    work = Path(tempfile.mkdtemp(prefix="treem-bench-io-"))
    try:
        from django.db import connection

        floor.imported_and_staged(work, args.rows)
        settings = floor._sql(
            "SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name IN ('shared_buffers', "
            "'work_mem', 'max_wal_size', 'wal_buffers') ORDER BY 1"
        )
        print("  " + ", ".join(f"{n} {s} × {u}" if u else f"{n} {s}" for n, s, u in settings))
        (backend,) = floor._sql("SELECT pg_backend_pid()")[0]
        params = {
            k: v
            for k, v in connection.get_connection_params().items()
            if k in ("dbname", "user", "password", "host", "port")
        }
        commune = bench_import._commune()
        path = work / "children.csv"
        sides = {
            "application": lambda: application(path, commune),
            "floor": lambda: floor.insert_twice("registry_child", "registry_guardian", analyze=True),
        }
        for _ in range(args.repeat):
            for side, run in sides.items():
                floor.empty_register()
                before = counts()
                sampler = subprocess.Popen(
                    [sys.executable, "-c", SAMPLER, json.dumps(params), str(backend)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                time.sleep(0.5)
                load = os.getloadavg()[0]
                cpu = floor.backend_cpu()
                started = time.perf_counter()
                run()
                seconds, used = time.perf_counter() - started, floor.backend_cpu() - cpu
                sampler.terminate()
                text, _err = sampler.communicate()
                after = counts()
                names = [name for name, _sql in COUNTS] + list(IO_NAMES)
                change = {n: b - a for n, a, b in zip(names, before, after, strict=True)}
                waits: dict[str, int] = {}
                for line in text.splitlines():
                    waits[line] = waits.get(line, 0) + 1
                total = sum(waits.values()) or 1
                print(
                    f"{side:<12} {seconds:6.2f} s, PostgreSQL CPU {used:5.2f} s; load {load:.2f} → "
                    f"{os.getloadavg()[0]:.2f}",
                    flush=True,
                )
                print(
                    "    "
                    + ", ".join(
                        f"{n} {v:,.0f}"
                        if n.endswith(("MiB", "records", "images")) or v >= 10
                        else f"{n} {v:g}"
                        for n, v in change.items()
                    )
                )
                print(
                    "    active samples "
                    + f"{total:,}: "
                    + ", ".join(
                        f"{w} {100 * c / total:.1f} %"
                        for w, c in sorted(waits.items(), key=lambda kv: -kv[1])[:6]
                    ),
                    flush=True,
                )
        print(f"peak RSS of the benchmark process {_setup.peak_rss_mib():,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
