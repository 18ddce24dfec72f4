"""The nation's consolidated report after a record edit: its register counts kept per commune, or read whole
(ADR 0049, amended (6)).

    nice -n 10 .venv/bin/python bench/bench_report_nation.py --data DIR [--repeat 7]

DIR holds a kept nation register (``bench_indicators.py --rows N --data DIR``: N children over all 3,321
current communes). The script imports seed plan 003 as a plan of the nation (once, kept in DIR) and this
year's reports, then measures the nation's report figures as its page reads them
(``content.kept_figures``), each side in turn, rounds alternating:

- *kept* — today's code: the report keeps each commune's register counts (``content.keeps_counts``);
- *whole* — the code before amendment (6): the nation's report keeps none, so a register change reads
  every commune's counts again.

For each side: the kept row dropped, a first read (every part read), a hit, then ``--repeat`` times a
child's record of another commune saved (committed, as a commune worker's edit logs it) followed by the
page's read (a miss). Printed per side: the first read, the hit and the misses (median and best, with
their statements), the kept row's size (``pg_column_size`` of its figures, parts and packed counts), and
the process's peak RSS. Each side's last miss is checked against a fresh read of the figures
(``content.figures``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

import _setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="a kept nation register (bench_indicators.py)"
    )
    parser.add_argument("--repeat", type=int, default=7, help="record edits (misses) per side and round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of both sides, alternating")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not (args.data / "loaded.json").exists():
        raise SystemExit(f"no kept register in {args.data}: run bench_indicators.py --data {args.data} first")
    _setup.start(keep=args.data)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from treem.reporting import content
    from treem.reporting.models import Obligation, ReportFigures

    obligation = _setup.nation_obligation()
    today = timezone.localdate()
    communes = _communes_with_children()
    rng = random.Random(args.seed)
    kept_counts = content.keeps_counts
    sides = {"kept": kept_counts, "whole": lambda o: content.report_province(o) is not None}
    _setup.log(f"the nation's report {obligation.pk}, {len(communes):,} communes with children")

    def viewed() -> Any:
        return Obligation.objects.select_related(
            "unit", "unit__parent", "agency", "reviewer_unit", "plan"
        ).get(pk=obligation.pk)

    def read() -> tuple[float, int, dict[str, Any]]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            figures = content.kept_figures(viewed(), today, by_sex=True)
            elapsed = time.perf_counter() - started
        return elapsed, len(queries.captured_queries), figures

    results: dict[str, dict[str, list[tuple[float, int]]]] = {
        side: {"first": [], "hit": [], "miss": []} for side in sides
    }
    sizes: dict[str, tuple[int, int, int]] = {}
    for round_ in range(args.rounds):
        for side, rule in sides.items():
            content.keeps_counts = rule
            ReportFigures.objects.filter(obligation_id=obligation.pk).delete()
            elapsed, queries, _ = read()
            results[side]["first"].append((elapsed, queries))
            elapsed, queries, _ = read()
            results[side]["hit"].append((elapsed, queries))
            for _ in range(args.repeat):
                _edit(connection, rng.choice(communes))
                elapsed, queries, figures = read()
                results[side]["miss"].append((elapsed, queries))
            if round_ == 0:
                fresh = json.loads(json.dumps(content.figures(viewed(), today, by_sex=True)))
                if figures != fresh:
                    raise SystemExit(f"{side}: the kept figures differ from a fresh read")
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT pg_column_size(figures), pg_column_size(parts), "
                    "coalesce(pg_column_size(counts), 0) "
                    "FROM reporting_reportfigures WHERE obligation_id = %s",
                    [obligation.pk],
                )
                sizes[side] = cur.fetchone()
            _setup.log(f"round {round_ + 1}, {side}: done")
    content.keeps_counts = kept_counts

    print(f"\nThe nation's report, {len(communes):,} communes; ms (statements), {args.rounds} rounds")
    print(
        f"{'side':<6} {'first read':>18} {'hit':>16} {'miss median':>18} {'miss best':>16} "
        f"{'row (figures/parts/counts)':>30}"
    )
    for side, kinds in results.items():
        first = min(kinds["first"])
        hit = min(kinds["hit"])
        misses = kinds["miss"]
        median = statistics.median(t for t, _ in misses)
        best = min(misses)
        print(
            f"{side:<6} {first[0] * 1000:>12.0f} ({first[1]:>3}) {hit[0] * 1000:>10.0f} ({hit[1]:>3}) "
            f"{median * 1000:>12.0f} ({misses[0][1]:>3}) {best[0] * 1000:>10.0f} ({best[1]:>3}) "
            f"{sizes[side][0] / 1024:>14.0f} / {sizes[side][1] / 1024:.0f} / {sizes[side][2] / 1024:.0f} KiB"
        )
    print(f"peak RSS {_setup.peak_rss_mib():.0f} MiB")


def _communes_with_children() -> list[int]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT DISTINCT commune_id FROM registry_child")
        return sorted(commune for (commune,) in cur.fetchall())


def _edit(connection: Any, commune: int) -> None:
    """A child's record of ``commune`` saved again (autocommit: committed at once), as
    ``profile_pages.py --change edit`` does: the register's triggers log it for that commune."""
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE registry_child SET address = address, updated_at = now() WHERE id = "
            "(SELECT id FROM registry_child WHERE commune_id = %s ORDER BY id LIMIT 1)",
            [commune],
        )


if __name__ == "__main__":
    main()
