"""Where a real import's wall time goes, and which process is busy meanwhile (issue #20, ADR 0042).

    nice -n 10 .venv/bin/python bench/bench_import_timeline.py --rows 200000 [--repeat 2]

Same set-up and CSV as ``bench_import_floor.py``. Each run empties the register and imports the file as
the system actor (``importing.read_table`` + ``import_table(dry_run=False)``) with ``importing.TRACE`` set:
the import names each phase as it begins. Meanwhile a separate sampler process reads, every 50 ms, the CPU
time (user + system, ``/proc/PID/stat``) of this Python process (all its threads: psycopg's COPY writer
included) and of the PostgreSQL backend serving it. Printed per phase: wall seconds, and the seconds of
CPU Python and PostgreSQL used in it (so "busy" = CPU ÷ wall: 100 % is one core), for the fastest run.
"""

from __future__ import annotations

import argparse
import itertools
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
import bench_import_floor

SAMPLER = r"""
import os, sys, time
pids = [int(p) for p in sys.argv[1:]]
tick = os.sysconf("SC_CLK_TCK")
out = sys.stdout
while True:
    now = time.perf_counter()
    cpu = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            cpu.append((int(fields[11]) + int(fields[12])) / tick)
        except OSError:
            cpu.append(-1.0)
    out.write(f"{now!r} {' '.join(map(repr, cpu))}\n")
    out.flush()
    time.sleep(0.05)
"""


SERIES = False


def _cpu_at(samples: list[tuple[float, list[float]]], moment: float) -> list[float]:
    """The CPU seconds of each process at ``moment`` (the last sample at or before it)."""
    best = samples[0][1]
    for at, cpu in samples:
        if at > moment:
            break
        best = cpu
    return best


Phases = list[tuple[str, float, float, float]]  # (name, wall s, Python CPU s, PostgreSQL CPU s)


def one_run(path: Path, commune: Any, backend_pid: int) -> tuple[float, Phases]:
    from treem.registry import importing
    from treem.registry.management.commands.import_children import system_actor

    bench_import_floor.empty_register()
    actor = system_actor(commune)
    marks: list[tuple[float, str]] = []
    importing.TRACE = lambda phase: marks.append((time.perf_counter(), phase))
    sampler = subprocess.Popen(
        [sys.executable, "-c", SAMPLER, str(os.getpid()), str(backend_pid)],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.3)
    try:
        start = time.perf_counter()
        marks.append((start, "read"))
        table = importing.read_table(path.read_bytes())
        result = importing.import_table(
            actor=actor,
            commune=commune,
            table=table,
            mapping=importing.PRESETS["treem"][1],
            date_format="dd/mm/yyyy",
            dry_run=False,
            source=path.name,
        )
        end = time.perf_counter()
        time.sleep(0.2)
    finally:
        importing.TRACE = None
        sampler.terminate()
        text, _err = sampler.communicate()
    if result.errors or result.created != len(table.rows):
        raise SystemExit(f"import refused: {result.errors[:5]}")
    samples = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            samples.append((float(parts[0]), [float(parts[1]), float(parts[2])]))
    marks.append((end, "end"))
    if SERIES:
        print("  second  Python%  PG%   (every 0.5 s of the run)")
        t, i = start, 0
        while t < end:
            a, b = _cpu_at(samples, t), _cpu_at(samples, t + 0.5)
            phase = [name for at, name in marks if at <= t][-1] if any(at <= t for at, _n in marks) else ""
            print(f"  {t - start:6.1f} {200 * (b[0] - a[0]):6.0f} {200 * (b[1] - a[1]):5.0f}   {phase}")
            t += 0.5
            i += 1
    worker = [(at, name) for at, name in marks if name.startswith("w:")]
    marks = [(at, name) for at, name in marks if not name.startswith("w:")]
    if SERIES and worker:
        print("  the writing thread's events (s from the start):")
        print("  " + ", ".join(f"{at - start:.2f} {name[2:]}" for at, name in worker))
    if worker:
        # Between the end of a chunk (its guardians, or its children when it had none) and the start of
        # the next, the thread waits for the main thread's next chunk: PostgreSQL has nothing to write.
        ends = [at for at, name in worker if name in ("w:guardians done", "w:children done")]
        starts = [at for at, name in worker if name == "w:children"]
        waits = [nxt - max(e for e in ends if e <= nxt) for nxt in starts[1:] if any(e <= nxt for e in ends)]
        print(
            f"  chunks: {len(starts)} statements of children; the thread waited {sum(waits):.2f} s between "
            f"them (longest {max(waits, default=0):.2f} s)"
        )
    phases = []
    for (at, name), (until, _next) in itertools.pairwise(marks):
        before, after = _cpu_at(samples, at), _cpu_at(samples, until)
        phases.append((name, until - at, after[0] - before[0], after[1] - before[1]))
    return end - start, phases


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--series", action="store_true", help="print the CPU of both every 0.5 s")
    args = parser.parse_args()
    global SERIES
    SERIES = args.series

    _setup.start()
    work = Path(tempfile.mkdtemp(prefix="treem-bench-timeline-"))
    try:
        from django.db import connection

        from treem.registry import importing

        importing.MAX_ROWS = max(importing.MAX_ROWS, args.rows)
        importing.MAX_FILE_BYTES = 2 * 1024**3
        commune = bench_import._commune()
        path = work / "children.csv"
        bench_import.write_csv(path, args.rows)
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (backend,) = cursor.fetchone()
        runs = []
        for _ in range(args.repeat):
            load = os.getloadavg()[0]
            seconds, phases = one_run(path, commune, backend)
            print(f"run: {seconds:.2f} s (load average {load:.2f} → {os.getloadavg()[0]:.2f})")
            runs.append((seconds, phases))
        seconds, phases = min(runs, key=lambda r: r[0])
        print(f"\nfastest run, {args.rows:,} rows: {seconds:.2f} s")
        print(f"  {'phase':<26} {'wall s':>7} {'Python CPU':>11} {'PG CPU':>8}")
        totals = [0.0, 0.0, 0.0]
        for name, wall, py, pg in phases:
            print(f"  {name:<26} {wall:7.2f} {py:8.2f} s {pg:6.2f} s")
            totals = [totals[0] + wall, totals[1] + py, totals[2] + pg]
        print(f"  {'total':<26} {totals[0]:7.2f} {totals[1]:8.2f} s {totals[2]:6.2f} s")
        print(f"peak RSS of the benchmark process {_setup.peak_rss_mib():,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
