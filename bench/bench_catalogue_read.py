"""The whole indicators catalogue read on a kept register, the Python that assembles it old and new.

    nice -n 10 .venv/bin/python bench/bench_catalogue_read.py --data /tmp/nation25/data [--changes 10000] \\
        [--repeat 3] [--year 2025]

Reads the register ``bench_indicators.py --data DIR`` built and kept (it builds nothing). In one
transaction, **rolled back at the end** (the register is left as it was): ``--changes`` children changed
as ``bench_indicators.py``'s refresh changes them (the same seed: the same children and writes), then,
``--repeat`` times each, alternately (so that the first read after the changes, which finds the
correction's index lookups cold, falls once on each side in turn):

- *new*: ``selectors.catalogue_counts`` over the nation's communes, then ``selectors.catalogue_figures``
  for the nation, every province and every commune (ADR 0046);
- *old*: the same query (``catalogue_counts``' kept path), its rows assembled by the loop
  ``catalogue_counts`` had before ADR 0046 (kept here, ``old_counts``), then ``selectors.tree_sums``
  + ``Indicator.value_of`` per unit, as
  ``bench_indicators.py`` did (its "catalogue + tree_sums + values" figure);

and the kept query alone (``_catalogue_sql``, best of ``--repeat``). Every figure (numerator,
denominator and value, as text) of both sides is compared; the run fails on any difference. The figures
``bench_indicators.py`` checks against DuckDB are the *old* side's.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import _setup


def old_counts(columns: dict[tuple[int, str], dict[str, Any]], categories: tuple[str, ...]) -> dict[Any, Any]:
    """``catalogue_counts``' assembly of its rows before ADR 0046, as it was."""
    from treem.indicators.selectors import _CATALOGUE_COLUMNS

    result: dict[tuple[str, str], dict[int, tuple[int, int]]] = {
        (c, s): {} for c in _CATALOGUE_COLUMNS for s in categories
    }
    pairs = list(_CATALOGUE_COLUMNS.items())
    for (commune_id, category), values in columns.items():
        for code, (num_col, den_col) in pairs:
            den = int(values.get(den_col) or 0)
            if not den:
                continue
            num = int(values.get(num_col) or 0)
            both = result[code, ""]
            n0, d0 = both.get(commune_id, (0, 0))
            both[commune_id] = (n0 + num, d0 + den)
            part = result.get((code, category)) if category else None
            if part is not None:
                n0, d0 = part.get(commune_id, (0, 0))
                part[commune_id] = (n0 + num, d0 + den)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026, help="bench_indicators.py's --seed")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "loaded.json").exists():
        raise SystemExit(f"no kept register in {args.data}: run bench_indicators.py --data {args.data}")
    _setup.start(keep=args.data, catalogues=False)

    import bench_indicators
    from django.db import connection, transaction

    from treem.indicators import numerators, selectors

    year = args.year
    if not numerators.is_kept(year):
        raise SystemExit(f"year {year} is not kept")
    indicators, paths, unit_ids, scope = bench_indicators.catalogue_units()
    categories = ("", *selectors.BREAKDOWNS["sex"])

    def new() -> tuple[dict[Any, Any], float]:
        started = time.perf_counter()
        counts = selectors.catalogue_counts(scope, year)
        query = time.perf_counter() - started
        return selectors.catalogue_figures(counts, indicators, paths, unit_ids), query

    def old() -> tuple[dict[Any, Any], float]:
        started = time.perf_counter()
        columns: dict[tuple[int, str], dict[str, Any]] = {}
        with transaction.atomic(), connection.cursor() as cursor:  # catalogue_counts' kept path, as it was
            queries = selectors._catalogue_sql(scope, year, kept=numerators.is_kept(year))
            cursor.execute("SELECT set_config('work_mem', %s, true)", [selectors.CATALOGUE_WORK_MEM])
            selectors._read_columns(cursor, *queries[0], columns)
        counts = old_counts(columns, categories)
        query = time.perf_counter() - started
        figures = {}
        for (code, sex), per_commune in counts.items():
            sums = selectors.tree_sums(per_commune, paths)
            indicator = indicators[code]
            figures[code, sex] = {
                pk: (*sums.get(pk, (0, 0)), indicator.value_of(*sums.get(pk, (0, 0)))) for pk in unit_ids
            }
        return figures, query

    times: dict[str, list[tuple[float, float]]] = {"new": [], "old": []}
    results: dict[str, Any] = {}
    with transaction.atomic(), connection.cursor() as cur:
        if args.changes:
            _setup.log(f"changing {args.changes:,} children (one transaction, rolled back at the end)")
            started = time.perf_counter()
            ids, writes = bench_indicators._change(cur, args.changes, year, args.seed)
            _setup.log(
                f"  {len(ids):,} children changed in {time.perf_counter() - started:.1f} s "
                f"({writes:.1f} s writes)"
            )
        cur.execute("SELECT count(DISTINCT child_id) FROM indicators_numeratordirty")
        dirty = cur.fetchone()[0]
        _setup.log(f"  {dirty:,} children not folded")
        for run in range(args.repeat):
            for name, read in (("new", new), ("old", old)) if run % 2 == 0 else (("old", old), ("new", new)):
                started = time.perf_counter()
                figures, query = read()
                whole = time.perf_counter() - started
                times[name].append((whole, query))
                results[name] = figures
                _setup.log(f"  {name} run {run + 1}: whole {whole:.3f} s, catalogue_counts {query:.3f} s")
        sql, params = selectors._catalogue_sql(scope, year, kept=True)[0]
        alone = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            alone.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    a, b = results["new"], results["old"]
    figures = sum(len(v) for v in b.values())
    same = a.keys() == b.keys() and all(
        a[k].keys() == b[k].keys()
        and all(
            (n, d, str(v)) == (n2, d2, str(v2))
            for (n, d, v), (n2, d2, v2) in zip(a[k].values(), b[k].values(), strict=True)
        )
        for k in b
    )
    if not same:
        raise SystemExit("the new assembly's figures differ from the old one's")
    values = sum(1 for v in b.values() for f in v.values() if f[2] is not None)
    print(
        f"\n{figures:,} figures ({values:,} with a value), identical old and new; "
        f"{dirty:,} children not folded"
    )
    print(f"the kept query alone: best {min(alone):.3f} s ({', '.join(f'{t:.3f}' for t in alone)})")
    for name in ("old", "new"):
        runs = times[name]
        print(
            f"{name}: whole {', '.join(f'{w:.3f}' for w, _ in runs)} (best {min(w for w, _ in runs):.3f} s); "
            f"catalogue_counts {', '.join(f'{q:.3f}' for _, q in runs)}; "
            f"assembly after it best {min(w - q for w, q in runs):.3f} s"
        )
    print(f"peak RSS {_setup.peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
