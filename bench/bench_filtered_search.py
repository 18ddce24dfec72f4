"""Words inside names searched with a filter that registry_childword does not carry (ADR 0050).

    nice -n 10 .venv/bin/python bench/bench_filtered_search.py --data DIR [--queries 30] [--repeat 3]
        [--sex F] [--age-band 6-10] [--explain N] [--trigram create|drop]

Reads a register that ``bench_search.py --data DIR`` built and kept (it builds nothing; migrations are
applied). A given name alone, the middle and given names of a name (``inside``), and each with one typo
(``given_typo``, ``inside_typo``), taken from the register's names as ``bench_search.py`` takes them,
searched as its provincial officer and as its nation-wide reader with ``--sex`` (and ``--age-band`` when
given): such a list is not read off registry_childword alone (``selectors._word_scope`` is None), so its
``name_folded LIKE '% text%'`` was answered by the trigram GIN of ``name_folded`` before ADR 0050 and by
a semi-join of registry_childword after it.

Measured: ``child_page(child_list(…), limit=50)`` with its bounded count, each query best of
``--repeat``; per user and kind p50, p95 and the slowest. Printed too, per user and kind, a digest of
every query's page ids and count — equal digests before and after a change mean the same results.
``--trigram create`` creates the trigram index when it is missing (to run the code before ADR 0050 on
data that the code after it migrated), ``--trigram drop`` drops it (to run the code after ADR 0050 again
on the same data); ``--explain N``: the N slowest queries of each kind again under
``auto_explain`` (ANALYZE, BUFFERS, every statement of 1 ms or more).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path
from typing import Any

import _setup
import bench_search

KINDS = ("given", "inside", "given_typo", "inside_typo")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="a register kept by bench_search.py")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sex", default="F")
    parser.add_argument("--age-band", default="")
    parser.add_argument("--explain", type=int, default=0, metavar="N")
    parser.add_argument("--trigram", choices=("create", "drop"), help="the trigram index before ADR 0050")
    args = parser.parse_args()

    _setup.start(keep=args.data)
    from django.db import connection

    from treem.registry import selectors

    if args.trigram:
        with connection.cursor() as cur:
            if args.trigram == "create":
                cur.execute(
                    "CREATE INDEX IF NOT EXISTS registry_child_trgm_idx ON registry_child "
                    "USING gin (name_folded gin_trgm_ops)"
                )
            else:
                cur.execute("DROP INDEX IF EXISTS registry_child_trgm_idx")
            cur.execute("ANALYZE registry_child")
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_child' ORDER BY 1")
        print("indexes of registry_child: " + ", ".join(name for (name,) in cur.fetchall()))
        cur.execute("SELECT count(*) FROM registry_child")
        print(f"{cur.fetchone()[0]:,} children; load average {os.getloadavg()[0]:.2f}")
    province, _communes = _setup.province_with_communes(1)
    users = {"province": _setup.provincial_officer(province), "nation": _setup.nation_reader()}
    asked = {k: v for k, v in bench_search.queries(args.queries, args.seed).items() if k in KINDS}

    def page(user: Any, q: str) -> tuple[list[int], int]:
        filters = selectors.ChildFilters(q=q, sex=args.sex, age_band=args.age_band)
        found = selectors.child_page(selectors.child_list(user=user, filters=filters), limit=50)
        return [c.pk for c in found.items], found.count

    for user in users.values():  # warm-up: plans, caches, the access module's per-user state
        for qs in asked.values():
            for q in qs[:3]:
                page(user, q)
    print(f"filters: sex={args.sex!r} age_band={args.age_band!r}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'user':<9}{'kind':<13}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  slowest query     digest")
    slowest: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for who, user in users.items():
        for kind, qs in asked.items():
            timed, digest = [], hashlib.sha256()
            for q in qs:
                runs = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    ids, count = page(user, q)
                    runs.append((time.perf_counter() - t) * 1000)
                timed.append((min(runs), q))
                digest.update(repr((q, ids, count)).encode())
            ms = sorted(m for m, _ in timed)
            worst = max(timed)
            print(
                f"{who:<9}{kind:<13}{_setup.percentile(ms, 0.5):9.1f}{_setup.percentile(ms, 0.95):9.1f}"
                f"{worst[0]:9.1f}  {worst[1][:16]!r:<18}{digest.hexdigest()[:12]}"
            )
            slowest[(who, kind)] = sorted(timed, reverse=True)[: args.explain]
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if args.explain:
        for (who, kind), timed in slowest.items():
            user = users[who]
            bench_search.explain_slowest({f"{who} {kind}": timed}, lambda q, user=user: page(user, q), 1.0)


if __name__ == "__main__":
    main()
