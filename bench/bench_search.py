"""Search in the children register at province scale: the application's selector against bare SQL.

    .venv/bin/python bench/bench_search.py --rows 1000000

Generates ``--rows`` synthetic children over ``--communes`` communes of one province (COPY loader,
name_folded and name_sort_key computed as the services do), ANALYZEs, then runs ``--queries`` queries
of each kind — exact full name without accents, prefix of the name (family + middle name), the full
name with one typo (a letter dropped, doubled or replaced), the full name with two neighbouring letters
swapped (one typo too, ADR 0029), the given name alone, personal ID (and, asked with ``--kinds``, a given
name alone with one typo; the middle and given names without the family name, as typed and with one
typo) — as a provincial officer would
(``--as-commune``: a commune worker; ``--as-nation``: a reader of the whole nation, as a hotline
operator with a central assignment to the register):

- page (the headline): ``selectors.child_page(selectors.child_list(user=…, filters=ChildFilters(q=q)))``
  — the first page (50 rows) with the bounded count (up to 10,000), as the list page and the API run it;
- selector: the same without the count (``with_count=False``);
- bare SQL (baseline, same run, same table and indexes): the simplest hand-written query answering
  the same question, ordered the same way, LIMIT 50, no scope, no ORM.

Prints p50/p95/p99 in milliseconds per kind, the ratio page ÷ bare SQL, the load average before and after,
and the peak RSS. ``--explain N`` then runs the N slowest page searches of each kind again under PostgreSQL's
auto_explain and prints every statement of theirs that took ``--explain-min-ms`` or more with its plan
(EXPLAIN ANALYZE, BUFFERS), as run — the search's own ``SET LOCAL`` settings included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import _setup

PAGE = 50
KINDS = ("exact", "prefix", "typo", "swap", "given", "personal_id")
# Measured only when asked (``--kinds``): the given name alone with one typo (ADR 0043); the name without
# its family name — the middle and given names, two or three common syllables, as a hotline operator types
# them who does not know the family name ("van anh", "thi hong nhung") —, as typed and with one typo
# (ADR 0045): found inside names, never at their start, through words that most names hold.
EXTRA_KINDS = ("given_typo", "inside", "inside_typo")
# The search pages are ordered by the folded name under the "C" collation (registry_child_fold_c_idx), so
# the baselines are too.
BARE_SQL = {
    "exact": 'SELECT id, full_name FROM registry_child WHERE name_folded COLLATE "C" = %s '
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "prefix": 'SELECT id, full_name FROM registry_child WHERE name_folded COLLATE "C" LIKE %s '
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "typo": "SELECT id, full_name FROM registry_child WHERE name_folded %% %s "
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "swap": "SELECT id, full_name FROM registry_child WHERE name_folded %% %s "
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "given": "SELECT id, full_name FROM registry_child WHERE name_folded LIKE %s "
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "given_typo": "SELECT id, full_name FROM registry_child WHERE name_folded %% %s "
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "inside": "SELECT id, full_name FROM registry_child WHERE name_folded LIKE %s "
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "inside_typo": "SELECT id, full_name FROM registry_child WHERE name_folded %% %s "
    'ORDER BY name_folded COLLATE "C", id LIMIT 50',
    "personal_id": "SELECT id, full_name FROM registry_child WHERE personal_id = %s "
    "ORDER BY name_sort_key, id LIMIT 50",
}


def typo(rng: random.Random, folded: str) -> str:
    """One letter dropped, doubled or replaced in a word other than the family name."""
    words = folded.split(" ")
    i = rng.randrange(1, len(words))
    w = words[i]
    pos = rng.randrange(len(w))
    kind = rng.randrange(3)
    if kind == 0 and len(w) > 2:
        w = w[:pos] + w[pos + 1 :]
    elif kind == 1:
        w = w[:pos] + w[pos] + w[pos:]
    else:
        w = w[:pos] + rng.choice([c for c in "aeioudhnmtgc" if c != w[pos]]) + w[pos + 1 :]
    words[i] = w
    return " ".join(words)


def swap(rng: random.Random, folded: str) -> str:
    """Two neighbouring letters swapped ("thao" → "thoa") in a word other than the family name."""
    words = folded.split(" ")
    candidates = [i for i in range(1, len(words)) if len(set(words[i])) > 1] or [0]
    i = rng.choice(candidates)
    w = words[i]
    spots = [p for p in range(len(w) - 1) if w[p] != w[p + 1]]
    if spots:
        p = rng.choice(spots)
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    words[i] = w
    return " ".join(words)


def given_typo(rng: random.Random, folded: str) -> str:
    """The given name (the last word) alone, with one letter dropped, doubled or replaced, or two
    neighbouring letters swapped."""
    given = folded.rsplit(" ", 1)[-1]
    return swap(rng, f"x {given}")[2:] if rng.randrange(4) == 0 else typo(rng, f"x {given}")[2:]


def without_family(folded: str) -> str:
    """The name without its first word (the family name): its middle and given names."""
    return folded.split(" ", 1)[-1]


def inside_typo(rng: random.Random, folded: str) -> str:
    """The middle and given names with one letter dropped, doubled or replaced, or two neighbouring
    letters swapped, in one of their words."""
    rest = without_family(folded)
    return swap(rng, f"x {rest}")[2:] if rng.randrange(4) == 0 else typo(rng, f"x {rest}")[2:]


def queries(n: int, seed: int, commune_id: int | None = None) -> dict[str, list[str]]:
    """Queries from names on the register (of one commune with ``commune_id``)."""
    from django.db import connection

    rng = random.Random(seed)
    with connection.cursor() as cur:
        if commune_id is None:
            cur.execute("SELECT min(id), max(id) FROM registry_child")
            low, high = cur.fetchone()
            ids = rng.sample(range(low, high + 1), min(high - low + 1, 4 * n))
        else:
            cur.execute("SELECT id FROM registry_child WHERE commune_id = %s", [commune_id])
            held = [r[0] for r in cur.fetchall()]
            ids = rng.sample(held, min(len(held), 4 * n))
        cur.execute("SELECT name_folded, personal_id FROM registry_child WHERE id = ANY(%s)", [ids])
        rows = cur.fetchall()
    rng.shuffle(rows)
    names = [r[0] for r in rows][:n]
    inside_names = [r[0] for r in rows if r[0].count(" ") >= 2][:n]
    return {
        "exact": names,
        "prefix": [" ".join(name.split(" ")[:2]) for name in names],
        "typo": [typo(rng, name) for name in names],
        "swap": [swap(rng, name) for name in names],
        "given": [name.rsplit(" ", 1)[-1] for name in names],
        "given_typo": [given_typo(rng, name) for name in names],
        # Names of two words have no middle name: the given name alone is the "given" kind.
        "inside": [without_family(name) for name in inside_names],
        "inside_typo": [inside_typo(rng, name) for name in inside_names],
        "personal_id": [r[1] for r in rows if r[1]][:n],
    }


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(
    officer: Any,
    qs_by_kind: dict[str, list[str]],
    *,
    with_count: bool = True,
    bare_kinds: tuple[str, ...] = KINDS,
    commune_id: int | None = None,
    explain: int = 0,
    explain_min_ms: float = 1.0,
) -> None:
    from django.db import connection, transaction

    from treem.registry import selectors

    def selector(q: str, with_count: bool) -> int:
        page = selectors.child_page(
            selectors.child_list(user=officer, filters=selectors.ChildFilters(q=q)),
            limit=PAGE,
            with_count=with_count,
        )
        return len(page.items)

    def bare(kind: str, q: str) -> int:
        with transaction.atomic(), connection.cursor() as cur:
            if kind in ("typo", "swap", "given_typo", "inside_typo"):
                cur.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", ["0.4"])
            value = q + "%" if kind == "prefix" else f"% {q}%" if kind in ("given", "inside") else q
            if commune_id is None:
                cur.execute(BARE_SQL[kind], [value])
            else:  # the commune worker's question is about the commune
                sql = BARE_SQL[kind].replace("WHERE ", "WHERE commune_id = %s AND ", 1)
                cur.execute(sql, [commune_id, value])
            return len(cur.fetchall())

    # Warm-up (plans, caches, the access module's per-user state).
    for kind, qs in qs_by_kind.items():
        for q in qs[:5]:
            selector(q, with_count)
            if kind in bare_kinds:
                bare(kind, q)
    head = "cnt" if with_count else "sel"
    print()
    print(f"load average before: {_load()}")
    print(
        f"{'kind':<12} {'n':>4} {'page p50':>8} {'page p95':>8} {'page p99':>8} "
        f"{'sel p50':>8} {'sel p95':>8} {'sel p99':>8} {'SQL p50':>8} {'SQL p95':>8} {'SQL p99':>8} "
        f"{'ratio p50':>9} {'ratio p95':>9} {'rows':>6} {'SQLrows':>7}"
    )
    slowest: dict[str, list[tuple[float, str]]] = {}
    for kind, qs in qs_by_kind.items():
        times: dict[str, list[float]] = {"sel": [], "cnt": [], "sql": []}
        found = {"sel": 0, "sql": 0}
        timed: list[tuple[float, str]] = []
        for q in qs:  # interleaved, so that other load on the machine hits both alike
            if with_count:
                t = time.perf_counter()
                selector(q, True)
                times["cnt"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            found["sel"] += selector(q, False)
            times["sel"].append((time.perf_counter() - t) * 1000)
            timed.append((times[head][-1], q))
            if kind in bare_kinds:
                t = time.perf_counter()
                found["sql"] += bare(kind, q)
                times["sql"].append((time.perf_counter() - t) * 1000)
        slowest[kind] = sorted(timed, reverse=True)[:explain]
        p = {k: tuple(_setup.percentile(v, share) for share in (0.5, 0.95, 0.99)) for k, v in times.items()}
        print(
            f"{kind:<12} {len(qs):>4} {p['cnt'][0]:>8.2f} {p['cnt'][1]:>8.2f} {p['cnt'][2]:>8.2f} "
            f"{p['sel'][0]:>8.2f} {p['sel'][1]:>8.2f} {p['sel'][2]:>8.2f} "
            f"{p['sql'][0]:>8.2f} {p['sql'][1]:>8.2f} {p['sql'][2]:>8.2f} "
            f"{p[head][0] / p['sql'][0]:>9.2f} {p[head][1] / p['sql'][1]:>9.2f} "
            f"{found['sel'] / len(qs):>6.1f} {found['sql'] / len(qs):>7.1f}",
            flush=True,
        )
    print(
        "(ms; page = first page + bounded count, as the list page and the API; sel = without the count; "
        f"ratio = {'page' if with_count else 'sel'} ÷ bare SQL; rows = mean rows on the first page)"
    )
    print(f"load average after: {_load()}")
    if explain:
        explain_slowest(slowest, lambda q: selector(q, with_count), explain_min_ms)


def explain_slowest(slowest: dict[str, list[tuple[float, str]]], search: Any, min_ms: float) -> None:
    """Each query of ``slowest`` searched again under auto_explain: every statement of
    ``min_ms`` or more, with its plan, as PostgreSQL ran it (notices sent to this client)."""
    from django.db import connection

    notices: list[str] = []
    with connection.cursor() as cur:
        cur.execute("LOAD 'auto_explain'")
        for setting, value in (
            ("auto_explain.log_min_duration", f"{min_ms}ms"),
            ("auto_explain.log_analyze", "on"),
            ("auto_explain.log_buffers", "on"),
            ("auto_explain.log_timing", "on"),
            ("auto_explain.log_nested_statements", "on"),
            ("auto_explain.log_level", "notice"),
            ("client_min_messages", "notice"),
        ):
            cur.execute("SELECT set_config(%s, %s, false)", [setting, value])
    raw = connection.connection
    raw.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
    try:
        for kind, timed in slowest.items():
            for ms, q in timed:
                notices.clear()
                t = time.perf_counter()
                search(q)
                again = (time.perf_counter() - t) * 1000
                print(f"\n=== {kind} {q!r}: {ms:.1f} ms measured, {again:.1f} ms again under auto_explain")
                for notice in notices:
                    print(notice)
    finally:
        with connection.cursor() as cur:
            cur.execute("SET auto_explain.log_min_duration = -1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-count", action="store_true", help="skip the selector+count timing")
    parser.add_argument(
        "--bare-kinds",
        default=",".join(KINDS),
        help="the kinds whose bare SQL baseline is timed (default: all; '' for none, to compare two versions "
        "on the same data; the trigram baseline of typo and swap takes seconds a query at 5M)",
    )
    parser.add_argument("--chunk", type=int, default=500_000, help="records generated and copied at once")
    parser.add_argument(
        "--data",
        type=Path,
        help="keep the database in this folder; a later run with the same folder measures its children "
        "again instead of generating them",
    )
    parser.add_argument(
        "--kinds",
        default=",".join(KINDS),
        help=f"the kinds measured, comma-separated (default: {KINDS}; also {EXTRA_KINDS})",
    )
    parser.add_argument(
        "--explain",
        type=int,
        default=0,
        metavar="N",
        help="then print the plans (auto_explain: ANALYZE, BUFFERS) of the N slowest searches of each kind",
    )
    parser.add_argument(
        "--explain-min-ms", type=float, default=1.0, help="with --explain, statements of at least this long"
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--as-commune", action="store_true", help="search as a commune worker, for names of that commune"
    )
    who.add_argument(
        "--as-nation",
        action="store_true",
        help="search as a reader of the whole nation (a hotline operator with a central assignment)",
    )
    who.add_argument(
        "--as-nation-sensitive",
        action="store_true",
        help="the same, also allowed the sensitive fields: personal ID searches find their child",
    )
    args = parser.parse_args()

    _setup.start(keep=args.data)
    province, communes = _setup.province_with_communes(args.communes)
    officer = _setup.provincial_officer(province)
    marker = args.data / "loaded.json" if args.data is not None else None
    if marker is not None and marker.exists():
        generated = json.loads(marker.read_text())["children"]
        _setup.log(f"reusing the {generated:,} children in {args.data}")
        vacuum_words()
    else:
        generated = load(args, communes)
        if marker is not None:
            marker.write_text(json.dumps({"children": generated}))
    if args.as_commune:
        # A commune worker of the first commune, searching the names of that commune.
        officer = _setup.commune_worker(communes[0])
        _setup.log(f"as a commune worker of {communes[0].name} (commune id {communes[0].pk})")
    elif args.as_nation or args.as_nation_sensitive:
        officer = _setup.nation_reader(sensitive=args.as_nation_sensitive)
        too = " (sensitive fields too)" if args.as_nation_sensitive else ""
        _setup.log(f"as a reader of the whole nation{too}")
    commune_id = communes[0].pk if args.as_commune else None
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS) - set(EXTRA_KINDS)
    if unknown:
        parser.error(f"unknown kinds: {sorted(unknown)}")
    asked = {k: v for k, v in queries(args.queries, args.seed, commune_id).items() if k in kinds}
    run(
        officer,
        asked,
        with_count=not args.no_count,
        bare_kinds=tuple(k for k in args.bare_kinds.split(",") if k),
        commune_id=commune_id,
        explain=args.explain,
        explain_min_ms=args.explain_min_ms,
    )
    print(f"rows={generated:,} communes={len(communes)} peak RSS {_setup.peak_rss_mib():,.0f} MiB")


def vacuum_words() -> None:
    """VACUUM ANALYZE the words of names in name order (ADR 0038), where the code has them: migration
    0017 fills the table for a kept register on its first run, and its count is read from the index alone
    only once a VACUUM has marked the table's pages all-visible (autovacuum does it, in its own time)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('registry_childword') IS NOT NULL")
        if not cur.fetchone()[0]:
            return
        started = time.perf_counter()
        cur.execute("VACUUM ANALYZE registry_childword")
        cur.execute(
            "SELECT reltuples::bigint, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class "
            "WHERE relname = 'registry_childword'"
        )
        rows, size = cur.fetchone()
    _setup.log(
        f"VACUUM ANALYZE registry_childword {time.perf_counter() - started:.0f} s: {rows:,} rows, {size}"
    )


def load(args: argparse.Namespace, communes: list[Any]) -> int:
    from django.db import connection

    from treem.registry import synthetic

    _setup.log(f"{len(communes)} communes; generating {args.rows:,} children")
    started = time.perf_counter()
    generated = 0
    records = synthetic.generate(args.rows, seed=args.seed, problems=synthetic.REALISTIC)
    while generated < args.rows:
        chunk = [r for _, r in zip(range(args.chunk), records, strict=False)]
        if not chunk:
            break
        # Keys restart per chunk in the loader's twin/duplicate placement: offsets keep them unique.
        synthetic.copy_children(chunk, communes, seed=args.seed + generated)
        generated += len(chunk)
        _setup.log(f"  {generated:,} rows loaded ({time.perf_counter() - started:.0f} s)")
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    vacuum_words()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE registry_child")
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('registry_child'))")
        size = cur.fetchone()[0]
    _setup.log(
        f"generated+loaded {generated:,} children in {load_s:.0f} s ({generated / load_s:,.0f} rows/s); "
        f"VACUUM ANALYZE {time.perf_counter() - started:.0f} s; table with indexes {size}"
    )
    return generated


if __name__ == "__main__":
    main()
