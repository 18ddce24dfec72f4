"""The ADX export (IHE ADX, the ministry's exchange file) of a kept register: the nation alone, the nation
with its provinces, and a province with its communes — batched against each figure read alone.

    nice -n 10 .venv/bin/python bench/bench_adx.py --data DIR [--repeat 3] [--province NAME] [--year Y]

DIR holds a kept register (``bench_indicators.py --rows N --data DIR``: N children over all 3,321 current
communes). For each file, both ways in turn (``--repeat`` rounds, alternating):

- *batched* — ``adx.groups_for`` as the page, the API and the export job call it: each exported unit's
  computed indicators from one ``catalogue_counts`` per year (``selectors._Figures``), its child units'
  taken from the same read (``_Figures.below``);
- *alone* — the baseline, the way the file was built before: every figure read alone
  (``selectors.figure`` per indicator and sex, the unbatched reader), the protection of small cells the
  same.

Printed per file and side: the best and median seconds, the SQL statements, the file's size; each
round checks both sides' files equal and valid against the ADX schema. ``--user national`` builds them
for the ministry's officer, who has no record access to the register (small cells left out, ADR 0020),
instead of a trusted caller (``user`` None: every figure). The process's peak RSS is printed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import _setup


def alone(units: list[Any], year: int, *, with_children: bool, user: Any) -> list[Any]:
    """``adx.groups_for`` with every figure read alone (the unbatched reader) — the code before."""
    from treem.indicators import adx, privacy, selectors
    from treem.indicators.models import Indicator

    indicators = list(Indicator.objects.all())
    groups = []
    for unit in units:
        exact = user is None or privacy.exact_for(user, unit)
        reader = selectors._Figures(unit, batched=False)
        groups.append(adx.group_for(unit, year, indicators, exact=exact, user=user, figures=reader))
        children = selectors.child_units(unit) if with_children else []
        protected: dict[int, dict[str, Any]] = {c.pk: {} for c in children}
        if children and not exact:
            among = privacy.hidden_among_siblings(user, unit, year, indicators)
            for indicator in indicators:
                total = selectors.figure(indicator, unit, year)
                if indicator.code in among:
                    total = privacy.hide(indicator, total)
                figures = [selectors.figure(indicator, child, year) for child in children]
                _total, shown = privacy.protect(indicator, total, figures)
                for child, fig in zip(children, shown, strict=True):
                    protected[child.pk][indicator.code] = fig
        for child in children:
            groups.append(
                adx.group_for(
                    child,
                    year,
                    indicators,
                    exact=exact,
                    totals=protected[child.pk],
                    figures=selectors._Figures(child, batched=False),
                )
            )
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="a kept register (bench_indicators.py)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of both sides, alternating")
    parser.add_argument("--province", help="the province whose communes are exported (default: the most)")
    parser.add_argument("--year", type=int, help="the year exported (default: this year)")
    parser.add_argument("--user", choices=("none", "national"), default="none")
    args = parser.parse_args()
    if not (args.data / "loaded.json").exists():
        raise SystemExit(f"no kept register in {args.data}: run bench_indicators.py --data {args.data} first")
    _setup.start(keep=args.data)

    from django.db import connection
    from django.utils import timezone
    from lxml import etree

    from treem.geo.models import AdminUnit, Generation, Level
    from treem.indicators import adx

    year = args.year or timezone.localdate().year
    nation = AdminUnit.objects.filter(level=Level.NATION).order_by("pk").get()
    if args.province:
        province = AdminUnit.objects.get(
            level=Level.PROVINCE, generation=Generation.CURRENT, name=args.province
        )
    else:
        province, _communes = _setup.province_with_communes(1)
    user = None
    if args.user == "national":
        user = _setup.national_officer()
    files = {
        "the nation alone": ([nation], False),
        "the nation with its provinces": ([nation], True),
        f"{province.name} with its communes": ([province], True),
    }
    schema = adx.schema()
    print(
        f"\nADX of {year}, user {args.user}; seconds (statements), {args.repeat} rounds, sides alternating",
        flush=True,
    )
    print(f"{'file':<44} {'side':<8} {'best':>7} {'median':>7} {'statements':>10} {'KB':>7} {'÷ batched':>9}")
    for name, (units, with_children) in files.items():
        times: dict[str, list[float]] = {"batched": [], "alone": []}
        statements: dict[str, int] = {}
        sizes: dict[str, int] = {}
        for _ in range(args.repeat):
            built: dict[str, bytes] = {}
            for side in ("batched", "alone"):
                fresh = [AdminUnit.objects.get(pk=u.pk) for u in units]  # no unit-kept caches between runs
                counted = _Counter()
                with connection.execute_wrapper(counted):
                    started = time.perf_counter()
                    if side == "batched":
                        groups = adx.groups_for(fresh, year, with_children=with_children, user=user)
                    else:
                        groups = alone(fresh, year, with_children=with_children, user=user)
                    content = adx.build(groups, exported=timezone.now().replace(microsecond=0))
                    times[side].append(time.perf_counter() - started)
                statements[side] = counted.statements
                sizes[side] = len(content)
                built[side] = content
                assert schema.validate(etree.fromstring(content)), schema.error_log
            assert _without_time(built["batched"]) == _without_time(built["alone"]), name
        base = statistics.median(times["batched"])
        for side in ("batched", "alone"):
            runs = times[side]
            print(
                f"{name:<44} {side:<8} {min(runs):>7.2f} {statistics.median(runs):>7.2f} "
                f"{statements[side]:>10} {sizes[side] / 1000:>7.1f} {statistics.median(runs) / base:>8.1f}×",
                flush=True,
            )
    print("(both sides' files equal in every round, and valid against the ADX schema)")
    print(f"peak RSS {_setup.peak_rss_mib():.0f} MiB")


class _Counter:
    """An execute wrapper counting the statements (CaptureQueriesContext keeps the last 9,000 only)."""

    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements += 1
        return execute(sql, params, many, context)


def _without_time(content: bytes) -> bytes:
    """The file without its export time (the two sides are built a moment apart)."""
    import re

    return re.sub(rb'exported="[^"]*"', b"", content)


if __name__ == "__main__":
    main()
