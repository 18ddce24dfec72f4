"""The import's storage floor with its rows in another order, or another ``work_mem`` (ADR 0050).

    nice -n 10 .venv/bin/python bench/bench_floor_order.py --rows 200000 [--repeat 3]
        [--variants chunks-id,chunks-name,grow-name,chunks4-name,id,name] [--work-mem 4MB,64MB]
        [--without-each]

The set-up of ``bench_import_floor.py`` (a CSV of valid synthetic children for one commune, imported once
by the application, its rows staged). Then, in alternating rounds (``--repeat``), the floor written again
into the emptied register in one transaction, each variant in turn:

- *id* / *name*: the children in one ``INSERT … SELECT`` in id (file) order, or sorted by folded name
  (then id); the bulk path's ``ANALYZE``; the guardians in one ``INSERT … SELECT``;
- *chunks-id* / *chunks-name*: as the streamed import writes them (ADR 0042): 16 statements of children,
  each a sixteenth of the ids, each followed by its guardians (the ``ANALYZE`` after the first), the
  children of each in id order or sorted by folded name — the order ``importing._CopyData`` sends a chunk
  in since ADR 0050;
- *chunksN-…*: the same with N statements; *grow-…*: as the import writes them since ADR 0051, the first
  statement ``importing.CHUNK_MIN`` rows, each next one twice as many, up to ``importing.CHUNK_MAX``;
- with ``--work-mem``, the variant *id* under each ``work_mem`` in turn instead;
- with ``--without-each``, each variant also with each INSERT trigger of the two tables disabled in turn
  (what the trigger costs that way of writing: the difference).

Printed per run: wall seconds, the PostgreSQL backend's CPU seconds (``/proc/PID/stat``), the temporary
files it wrote (``pg_stat_database.temp_bytes``) and the load average; then the best of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import _setup
import bench_import_floor as floor

CHUNKS = 16
ORDERS = {"id": "ORDER BY id", "name": 'ORDER BY name_folded COLLATE "C", id'}


def temp_bytes() -> int:
    time.sleep(0.6)  # the statistics are flushed at most once a second
    return int(floor._sql("SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()")[0][0])


def _parts(chunked: str) -> int:
    """``chunks`` (16, as the import before ADR 0051), ``chunksN`` (N statements), or '' (one)."""
    if not chunked:
        return 1
    return int(chunked.removeprefix("chunks") or CHUNKS)


def insert_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of every INSERT trigger of the children and the guardians (not the internal)."""
    return [
        (str(table), str(name))
        for table, name in floor._sql(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) "
            "AND NOT tgisinternal AND tgtype & 4 = 4 ORDER BY 1, 2",
            [list(floor.REGISTER)],
        )
    ]


def write(variant: str, without: tuple[str, str] | None = None) -> tuple[float, float]:
    """The staged rows written again as ``variant`` says, in one transaction: (wall, backend CPU). With
    ``without`` (table, trigger), that trigger disabled for the run (what it costs: the difference)."""
    from django.db import connection

    floor._sql("TRUNCATE registry_guardian, registry_child, registry_nameword, registry_childword CASCADE")
    chunked, _, order = variant.rpartition("-")
    low, high = floor._sql("SELECT min(id), max(id) + 1 FROM bench_stage_registry_child")[0]
    if chunked == "grow":  # as the import since ADR 0051: CHUNK_MIN rows, then twice as many each time
        from treem.registry import importing

        edges, size = [low], importing.CHUNK_MIN
        while edges[-1] < high:
            edges.append(min(high, edges[-1] + size))
            size = min(importing.CHUNK_MAX, 2 * size)
    else:
        parts = _parts(chunked)
        step = -(-(high - low) // parts)
        edges = [min(high, low + i * step) for i in range(parts + 1)]
    if without:
        floor._sql(f"ALTER TABLE {without[0]} DISABLE TRIGGER {without[1]}")
    raw = connection.connection
    cpu = floor.backend_cpu()
    started = time.perf_counter()
    with raw.transaction(), raw.cursor() as cur:
        for i in range(len(edges) - 1):
            bounds = [edges[i], edges[i + 1]]
            cur.execute(
                "INSERT INTO registry_child SELECT * FROM bench_stage_registry_child "
                f"WHERE id >= %s AND id < %s {ORDERS[order]}",
                bounds,
            )
            if i == 0:
                from treem.registry import bulk

                cur.execute(bulk.ANALYZE_SQL)
            cur.execute(
                "INSERT INTO registry_guardian SELECT * FROM bench_stage_registry_guardian "
                "WHERE child_id >= %s AND child_id < %s ORDER BY id",
                bounds,
            )
    seconds, used = time.perf_counter() - started, floor.backend_cpu() - cpu
    if without:
        floor._sql(f"ALTER TABLE {without[0]} ENABLE TRIGGER {without[1]}")
    return seconds, used


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds")
    parser.add_argument("--variants", default="chunks-id,chunks-name,id,name")
    parser.add_argument("--work-mem", default="", help="e.g. 4MB,64MB: the variant 'id' under each")
    parser.add_argument(
        "--without-each",
        action="store_true",
        help="each variant also with each INSERT trigger of the two tables disabled in turn",
    )
    args = parser.parse_args()

    _setup.start()
    work = Path(tempfile.mkdtemp(prefix="treem-bench-order-"))
    try:
        floor.imported_and_staged(work, args.rows)
        runs: list[tuple[str, str, tuple[str, str] | None]] = (
            [("id", wm, None) for wm in args.work_mem.split(",")]
            if args.work_mem
            else [(v, "", None) for v in args.variants.split(",")]
        )
        if args.without_each:
            runs += [(v, "", t) for v in args.variants.split(",") for t in insert_triggers()]
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.repeat):
            for variant, work_mem, without in runs:
                label = f"{variant} work_mem={work_mem}" if work_mem else variant
                if without:
                    label = f"{variant} without {without[1]}"
                if work_mem:
                    floor._sql("SELECT set_config('work_mem', %s, false)", [work_mem])
                temp = temp_bytes()
                seconds, cpu = write(variant, without)
                spilled = (temp_bytes() - temp) / 2**20
                if work_mem:
                    floor._sql("RESET work_mem")
                print(
                    f"  {label:<58} {seconds:6.2f} s, PostgreSQL CPU {cpu:5.2f} s, temporary files "
                    f"{spilled:5.0f} MiB; load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
                old = best.get(label)
                best[label] = (min(seconds, old[0]), min(cpu, old[1])) if old else (seconds, cpu)
        print("best:")
        for label, (seconds, cpu) in best.items():
            print(f"  {label:<58} {seconds:6.2f} s, PostgreSQL CPU {cpu:5.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
