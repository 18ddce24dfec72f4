"""Duplicate detection at province scale: the application's ``find_duplicates`` against an exact-key SQL join.

    .venv/bin/python bench/bench_dedup.py --rows 1000000

Generates ``--rows`` synthetic children over ``--communes`` communes of one province, with injected
duplicates (``--duplicates`` share: a typo in the middle or given name, the name without accents,
day and month swapped, or an identical re-entry; usually without the personal ID, sometimes without
the father) and the generator's twins (the hard negatives), and stores them with the COPY loader.

Then, in a fresh Python process (so that its peak RSS is the detection's own, not the generator's):
``dedup.find_duplicates(Child.objects.filter(province=…))`` — reads the records and guardians from the
database, counts given names over the register, blocks and compares with rapidfuzz, writes
DuplicatePair rows. Prints its time (and per phase), the candidate pairs, precision and recall
against the injected truth (every two records of the same child form a true pair), and peak RSS.

Baseline in the same run: a pure SQL self-join on (commune, folded name, birth date) — its time,
pairs, precision and recall — so the ratio shows the cost and the gain of the fuzzy matching.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import _setup

BASELINE_RUNS = 3  # the SQL baseline is the best of this many runs (it takes seconds)


def detect(province_id: int) -> None:
    """Child process: time find_duplicates on the province (phases timed by wrapping the module's
    functions, which find_duplicates looks up at call time)."""
    import django

    django.setup()
    from treem.registry import dedup
    from treem.registry.models import Child

    phases: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    dedup.load_records = timed("read records+guardians", dedup.load_records)
    dedup.register_given_name_counts = timed("given-name counts", dedup.register_given_name_counts)
    dedup.find_candidates = timed("block+compare", dedup.find_candidates)
    dedup.store_candidates = timed("write pairs", dedup.store_candidates)
    started = time.perf_counter()
    examined, created = dedup.find_duplicates(Child.objects.filter(province_id=province_id))
    total = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": total,
                "examined": examined,
                "created": created,
                "phases": phases,
                "peak_rss_mib": _setup.own_peak_rss_mib(),  # ru_maxrss would include the parent's
            }
        )
    )


def score(pairs: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    hits = len(pairs & truth)
    return (hits / len(pairs) if pairs else float("nan"), hits / len(truth) if truth else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--duplicates", type=float, default=0.02, help="share of injected duplicates")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--detect-province", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.detect_province:
        detect(args.detect_province)
        return

    _setup.start()
    from django.db import connection

    from treem.registry import synthetic
    from treem.registry.models_cleaning import DuplicatePair

    province, communes = _setup.province_with_communes(args.communes)
    problems = synthetic.Problems(
        missing_id=0.03,
        malformed_id=0.02,
        missing_ethnicity=0.03,
        missing_guardian=0.02,
        duplicates=args.duplicates,
    )
    _setup.log(f"{province.name}: {len(communes)} communes; generating {args.rows:,} children")
    started = time.perf_counter()
    records = list(synthetic.generate(args.rows, seed=args.seed, problems=problems))
    pks = synthetic.copy_children(records, communes, seed=args.seed)
    # Truth: all records of the same child (an original and its re-entries) pairwise.
    clusters: dict[int, list[int]] = defaultdict(list)
    kinds: dict[str, int] = defaultdict(int)
    twins = 0
    for pk, r in zip(pks, records, strict=True):
        if r["duplicate_of"] is not None:
            clusters[r["duplicate_of"]].append(pk)
            kinds[r.get("duplicate_kind", "?")] += 1
        if r["twin_of"] is not None:
            twins += 1
    for key in clusters:
        clusters[key].append(pks[key])
    truth = {
        (min(a, b), max(a, b)) for members in clusters.values() for a, b in itertools.combinations(members, 2)
    }
    del records
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    _setup.log(
        f"generated+loaded in {time.perf_counter() - started:.0f} s: {len(pks):,} records, "
        f"{sum(kinds.values()):,} injected duplicates {dict(kinds)}, {len(truth):,} true pairs, "
        f"{twins:,} twin pairs"
    )

    # Baseline: exact key self-join in SQL, best of BASELINE_RUNS.
    runs = []
    for _ in range(BASELINE_RUNS):
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT a.id, b.id FROM registry_child a JOIN registry_child b "
                "ON a.commune_id = b.commune_id AND a.name_folded = b.name_folded "
                "AND a.date_of_birth = b.date_of_birth AND a.id < b.id "
                "WHERE a.province_id = %s AND b.province_id = %s",
                [province.pk, province.pk],
            )
            exact = set(cur.fetchall())
        runs.append(time.perf_counter() - started)
    exact_s = min(runs)
    _setup.log(f"SQL self-join runs: {', '.join(f'{r:.2f}' for r in runs)} s (best counted)")
    exact_p, exact_r = score(exact, truth)

    # The application, in a fresh process.
    _setup.log("running dedup.find_duplicates in a fresh process")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_setup.ROOT), str(_setup.SRC)])}
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--detect-province", str(province.pk)],
            stdout=out,
            env=env,
            check=False,
        )
        out.seek(0)
        lines = out.read().strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"detection failed (exit {proc.returncode})")
    result = json.loads(lines[-1])
    found = set(DuplicatePair.objects.values_list("child_a_id", "child_b_id"))
    app_p, app_r = score(found, truth)
    false_pairs = sorted(found - truth)
    # False pairs that look like twins: same birth date and a shared guardian's name.
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM unnest(%s::int[], %s::int[]) AS p(a_id, b_id) "
            "JOIN registry_child a ON a.id = p.a_id JOIN registry_child b ON b.id = p.b_id "
            "WHERE a.date_of_birth = b.date_of_birth AND EXISTS (SELECT 1 FROM registry_guardian ga "
            "JOIN registry_guardian gb ON gb.name_folded = ga.name_folded "
            "WHERE ga.child_id = a.id AND gb.child_id = b.id AND ga.name_folded <> '')",
            [[a for a, _ in false_pairs], [b for _, b in false_pairs]],
        )
        twin_like = cur.fetchone()[0]
    print()
    print(f"rows {len(pks):,}  communes {len(communes)}  true pairs {len(truth):,}")
    print(f"{'method':<28} {'seconds':>8} {'pairs':>8} {'precision':>9} {'recall':>7}")
    app_s = result["seconds"]
    print(f"{'find_duplicates (app)':<28} {app_s:>8.1f} {len(found):>8,} {app_p:>9.3f} {app_r:>7.3f}")
    print(f"{'exact-key SQL join':<28} {exact_s:>8.1f} {len(exact):>8,} {exact_p:>9.3f} {exact_r:>7.3f}")
    print(f"time ratio app ÷ SQL join: {result['seconds'] / exact_s:.1f}")
    print("phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in result["phases"].items()))
    print(
        f"peak RSS: detection process {result['peak_rss_mib']:,.0f} MiB (VmHWM), generator and baseline "
        f"process {_setup.peak_rss_mib():,.0f} MiB; "
        f"false pairs {len(false_pairs):,} (twin-like — same birth date and a shared guardian's name: "
        f"{twin_like:,})"
    )
    missed = truth - found
    if missed:
        with connection.cursor() as cur:
            sample = sorted(missed)[:8]
            cur.execute(
                "SELECT a.full_name, a.date_of_birth, a.commune_id, "
                "b.full_name, b.date_of_birth, b.commune_id "
                "FROM registry_child a, registry_child b WHERE (a.id, b.id) IN "
                "(SELECT * FROM unnest(%s::int[], %s::int[]))",
                [[a for a, _ in sample], [b for _, b in sample]],
            )
            print("some missed pairs:")
            for row in cur.fetchall():
                print("   ", row)


if __name__ == "__main__":
    main()
