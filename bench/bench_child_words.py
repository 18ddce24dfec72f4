"""What the words of names' triggers (``registry_childword``, ADRs 0038, 0047) cost on the writes.

    nice -n 10 .venv/bin/python bench/bench_child_words.py --rows 1000000 --data /tmp/words/data

Set-up (once per ``--data`` folder, kept between runs; without ``--data`` a throw-away cluster):
``--rows`` synthetic children stored as ``bench_indicators.py`` stores them (``synthetic.generate`` +
``copy_children`` over all current communes, special circumstances, no guardians), moves (1 %) and
deaths (0.2 %), ``VACUUM ANALYZE``.

Measured, each run in a transaction rolled back, the variants alternating (``--repeat`` rounds, best
kept):

- *changes*: ``bench_indicators._writes`` — the 10,000 changes of the indicators' benchmark (4,000
  birth registrations flipped, 1,500 moved away, 500 deceased, 2,000 new special circumstances, 2,000
  new supports: 3 UPDATEs of registry_child, 2 INSERTs), on the same ``--changes`` children every run;
- *renames*: one UPDATE of the name (``name_folded`` and the name columns) of ``--renames`` children;
- *bulk status*: one UPDATE of the status of ``--bulk`` children (as a bulk correction or the
  set-up of the 25M register does);

each with the name words' triggers as migration 0017 made them (*before*), as today's migrations make
them (*after*, with the numerators' UPDATE functions as today's migrations make them), with the words'
triggers disabled (*none*, every other trigger kept), and with today's words' triggers but the
numerators' UPDATE functions as migration 0010 made them (*numbefore*: the dirty log's join of the
transition tables, ADR 0033/0047). After each *before* / *after* run the words of the children written
are read back (a digest of their ``registry_childword`` rows, before the rollback) and must be identical,
or the run fails; so must the child ids each variant logged to ``indicators_numeratordirty``.

Printed: seconds per run and best, load average at the start and end, peak RSS.

``--first-one``: in each run's transaction, before the timed writes, one UPDATE of one child (its
``updated_at``): every trigger's statements are then planned on a one-row statement, and PL/pgSQL keeps
those plans for the session — as in a long-lived process (a worker, a web process) whose first write
was one child's.

``--explain``: each run also logs, through ``auto_explain`` (``log_nested_statements``, ``log_analyze``),
the plan of every statement of 100 ms or more — the triggers' own statements included — and the plans
logged are printed after the run (the lines of the plan nodes, with their actual rows and loops).
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import _setup

WORD_TRIGGERS = ("registry_child_words_insert", "registry_child_words_update", "registry_child_words_delete")


def load(rows: int, seed: int) -> dict[str, Any]:
    from django.db import connection

    from treem.geo.models import AdminUnit, Generation, Level
    from treem.registry import synthetic

    communes = list(
        AdminUnit.objects.filter(generation=Generation.CURRENT, level=Level.COMMUNE).order_by("code")
    )
    started = time.perf_counter()
    records = synthetic.generate(rows, seed=seed)
    stored = 0
    for i in itertools.count():
        chunk = list(itertools.islice(records, 250_000))
        if not chunk:
            break
        stored += len(synthetic.copy_children(chunk, communes, seed=seed + i, guardians=False))
        _setup.log(f"  {stored:,} children stored ({stored / (time.perf_counter() - started):,.0f}/s)")
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.2026)")
        cur.execute(
            "UPDATE registry_child SET status = 'moved_away', status_date = DATE '2024-01-01' "
            "WHERE random() < 0.01"
        )
        cur.execute(
            "UPDATE registry_child SET status = 'deceased', status_date = DATE '2024-01-01' "
            "WHERE status = 'active' AND random() < 0.002"
        )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return {"children": stored, "load_s": time.perf_counter() - started}


def before_sql() -> str:
    """The triggers as migration 0017 made them (dropped first, whatever today's are)."""
    m = importlib.import_module("treem.registry.migrations.0017_child_words")
    drop = "".join(
        f"DROP TRIGGER IF EXISTS {t} ON registry_child; DROP FUNCTION IF EXISTS {t}();" for t in WORD_TRIGGERS
    )
    return drop + m.TRIGGERS


def numerators_sql(before: bool) -> str:
    """The numerators' UPDATE functions as migration 0010 made them (``before``) or as today's make them."""
    m = importlib.import_module("treem.indicators.migrations.0014_numerators_dirty_without_joins")
    return m.reverse_sql() if before else m.forward_sql()


def dirty(cur: Any, mark: int) -> str:
    """A digest of the numerators' dirty log written after row ``mark`` (child ids, sorted)."""
    cur.execute(
        "SELECT md5(coalesce(string_agg(child_id::text, ',' ORDER BY child_id), '')) "
        "FROM indicators_numeratordirty WHERE id > %s",
        [mark],
    )
    return str(cur.fetchone()[0])


def digest(cur: Any, ids: list[int]) -> str:
    cur.execute(
        "SELECT md5(string_agg(concat_ws('|', word, name_folded, child_id, shared, status, area_id, "
        "commune_id), ',' ORDER BY word, name_folded, child_id)) FROM registry_childword "
        "WHERE child_id = ANY(%s)",
        [ids],
    )
    return str(cur.fetchone()[0])


EXPLAIN = [
    "LOAD 'auto_explain'",
    "SET LOCAL auto_explain.log_min_duration = 100",
    "SET LOCAL auto_explain.log_nested_statements = on",
    "SET LOCAL auto_explain.log_analyze = on",
]


def plans(log: Path, start: int) -> None:
    """The plans auto_explain wrote to the server's log from byte ``start``: statement, time, plan nodes."""
    with log.open("rb") as f:
        f.seek(start)
        text = f.read().decode(errors="replace")
    for entry in text.split("\n20"):
        if "duration:" not in entry or "plan:" not in entry:
            continue
        lines = entry.splitlines()
        print("   ", lines[0].split("LOG:")[-1].strip(), "|", lines[1].strip()[:120])
        for line in lines[2:]:
            if "->" in line or line.strip().startswith(("Insert", "Delete", "Update")):
                print("       ", line.rstrip()[:150])


def run(
    kind: str, variant: str, ids: list[int], year: int, explain: bool = False, first_one: bool = False
) -> tuple[float, str, str]:
    from bench_indicators import _writes
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        if variant == "before":
            cur.execute(before_sql())
        elif variant in ("after", "numbefore"):  # as today's migrations make them (a kept cluster may
            # hold older ones); numbefore: the numerators' UPDATE functions as migration 0010 made them
            cur.execute(
                importlib.import_module(
                    "treem.registry.migrations.0019_child_words_kept_in_place"
                ).UPDATE_FUNCTION
            )
            cur.execute(numerators_sql(before=variant == "numbefore"))
        elif variant == "none":
            for t in WORD_TRIGGERS:
                cur.execute(f"ALTER TABLE registry_child DISABLE TRIGGER {t}")
        if first_one:
            cur.execute("UPDATE registry_child SET updated_at = now() WHERE id = %s", [ids[0]])
        if explain:
            for statement in EXPLAIN:
                cur.execute(statement)
        cur.execute("SELECT coalesce(max(id), 0) FROM indicators_numeratordirty")
        mark = cur.fetchone()[0]
        started = time.perf_counter()
        if kind == "changes":
            _writes(cur, ids, year)
        elif kind == "renames":
            cur.execute(
                "UPDATE registry_child SET full_name = full_name || ' An', "
                "name_folded = name_folded || ' an', updated_at = now(), version = version + 1 "
                "WHERE id = ANY(%s)",
                [ids],
            )
        else:
            cur.execute(
                "UPDATE registry_child SET status = 'moved_away', status_date = DATE '2025-06-01', "
                "updated_at = now(), version = version + 1 WHERE id = ANY(%s)",
                [ids],
            )
        seconds = time.perf_counter() - started
        words = digest(cur, ids) if variant != "none" else ""
        logged = dirty(cur, mark)
        transaction.set_rollback(True)
    return seconds, words, logged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--renames", type=int, default=2_000)
    parser.add_argument("--bulk", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", default="changes,renames,bulk")
    parser.add_argument("--variants", default="before,after,none")
    parser.add_argument("--data", type=Path, help="keep the cluster in this folder (generated once)")
    parser.add_argument("--explain", action="store_true", help="print the plans of the slow statements")
    parser.add_argument("--first-one", action="store_true", help="plan the triggers on one row first")
    args = parser.parse_args()

    _setup.log(f"load average {os.getloadavg()}")
    server = _setup.start(keep=args.data, catalogues=True)
    marker = args.data / "words.json" if args.data is not None else None
    if marker is not None and marker.exists():
        loaded = json.loads(marker.read_text())
        _setup.log(f"reusing {loaded['children']:,} children in {args.data}")
    else:
        _setup.log(f"storing {args.rows:,} children")
        loaded = load(args.rows, args.seed)
        if marker is not None:
            marker.write_text(json.dumps(loaded))
        _setup.log(f"  stored in {loaded['load_s']:.0f} s")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_child")
        children = cur.fetchone()[0]
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('registry_childword'))")
        words_size = cur.fetchone()[0]
    _setup.log(f"{children:,} children; registry_childword {words_size}")
    rng = random.Random(args.seed + 7)
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM registry_child WHERE merged_into_id IS NULL AND status = 'active'")
        active = [r[0] for r in cur.fetchall()]
    sizes = {"changes": args.changes, "renames": args.renames, "bulk": args.bulk}
    kinds = args.kinds.split(",")
    variants = args.variants.split(",")
    chosen = {kind: rng.sample(active, sizes[kind]) for kind in kinds}
    times: dict[tuple[str, str], list[float]] = {}
    for round_ in range(args.repeat):
        for kind in kinds:
            words: dict[str, str] = {}
            logs: dict[str, str] = {}
            for variant in variants if round_ % 2 == 0 else list(reversed(variants)):
                start = server.log_file.stat().st_size
                seconds, words[variant], logs[variant] = run(
                    kind, variant, chosen[kind], args.year, args.explain, args.first_one
                )
                times.setdefault((kind, variant), []).append(seconds)
                now = os.getloadavg()[0]
                _setup.log(f"  {kind} ({sizes[kind]:,}) {variant}: {seconds:.2f} s  load {now:.2f}")
                if args.explain:
                    plans(server.log_file, start)
            kept = {v: w for v, w in words.items() if v != "none"}
            if len(set(kept.values())) > 1:
                raise SystemExit(f"{kind}: the words differ between variants: {kept}")
            if len(set(logs.values())) > 1:
                raise SystemExit(f"{kind}: the numerators' dirty logs differ between variants: {logs}")
    print(f"\n{children:,} children, registry_childword {words_size}; best of {args.repeat} (runs), seconds")
    for kind in kinds:
        for variant in variants:
            runs = times[(kind, variant)]
            listed = ", ".join(f"{t:.2f}" for t in runs)
            print(f"  {kind:8} {sizes[kind]:>7,} {variant:7} {min(runs):8.2f}   ({listed})")
    print(f"load average at the end {os.getloadavg()}; peak RSS {_setup.peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
