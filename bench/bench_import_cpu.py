"""CPU time of the children import's Python read, row check and look-up, without PostgreSQL's share.

    nice -n 10 .venv/bin/python bench/bench_import_cpu.py --rows 200000 [--repeat 3]

Starts a throw-away embedded PostgreSQL (for the catalogues the check looks up), writes the CSV of
``bench_import.py`` (valid synthetic children, one commune) and measures ``time.process_time()`` — the
process's own CPU seconds, which other work on a shared machine does not add to — of
``importing.read_table``, of ``_RowChecker.check`` over every row and of the look-up of the file's
personal IDs on the (empty) register (``_candidate_ids`` and ``_on_register`` per ``LOOKUP_CHUNK``, as a
real import makes it), each the best of ``--repeat``. Nothing is written. The figure the import's wall
time contains on one core, measurable on a loaded machine (ADR 0039); run it on two checkouts one after
the other to compare code.
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


def best(label: str, rows: int, repeat: int, fn: Any) -> Any:
    runs = []
    out = None
    for _ in range(repeat):
        start = time.process_time()
        out = fn()
        runs.append(time.process_time() - start)
    print(
        f"{label:<12} best {min(runs):6.2f} s CPU ({', '.join(f'{r:.2f}' for r in runs)}) "
        f"{min(runs) / rows * 1e6:5.1f} us/row",
        flush=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    _setup.start()
    work = Path(tempfile.mkdtemp(prefix="treem-bench-cpu-"))
    try:
        from treem.registry import importing

        importing.MAX_ROWS = max(importing.MAX_ROWS, args.rows)
        importing.MAX_FILE_BYTES = 2 * 1024**3
        commune = bench_import._commune()
        path = work / "children.csv"
        bench_import.write_csv(path, args.rows)
        data = path.read_bytes()
        table = best("read_table", args.rows, args.repeat, lambda: importing.read_table(data))
        mapping = importing.PRESETS["treem"][1]

        def check_all() -> list[Any]:
            checker = importing._RowChecker(
                commune=commune, table=table, mapping=mapping, date_format="dd/mm/yyyy"
            )
            return [checker.check(line, cells)[0] for line, cells in table.rows]

        rows = best("check", args.rows, args.repeat, check_all)
        assert all(r is not None for r in rows), "every synthetic row is valid"
        from treem.registry.management.commands.import_children import system_actor

        actor = system_actor(commune)
        columns = importing.resolve_columns(table.headers, mapping)

        def look_up() -> None:
            candidates = importing._candidate_ids(table, columns)
            for start in range(0, len(candidates), importing.LOOKUP_CHUNK):
                importing._on_register(actor, candidates[start : start + importing.LOOKUP_CHUNK])

        best("look-up", args.rows, args.repeat, look_up)
        print(f"load average {os.getloadavg()[0]:.2f}, peak RSS {_setup.peak_rss_mib():,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
