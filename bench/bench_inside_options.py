"""Words found inside names (ADR 0045): what the names holding two or three common middle/given syllables
("van anh", "thi hong nhung") cost to page and count off registry_childword today, against a table of the
word PAIRS of names (the design ADR 0045 weighed and did not take), on the kept data of bench_search.py.

    .venv/bin/python bench/bench_inside_options.py --rows 1000000 --data /tmp/words21/d1m [--queries 100]

Needs a ``--data`` folder that ``bench_search.py --rows N --data DIR`` generated (it reuses its children).

1. **The write cost.** The rows of both tables computed from registry_child the same way (one SQL query
   each) and inserted into an empty copy with its primary key already built, as the triggers write them:
   the words after the first of each name (registry_childword's rows), and the adjacent pairs of them
   (``"van anh"`` for "Nguyễn Văn Anh"; ``"thi hong"``, ``"hong nhung"`` for "Trần Thị Hồng Nhung"). Prints
   the time and size of each: the pairs' is what every import and every write of a name would pay more.
2. **The read.** For the benchmark's ``inside`` queries (the middle and given names of names on the
   register, as typed), as a provincial officer (``area_id = ANY(…)``; ``--as-nation``: no condition):
   the page (51 ids) and the bounded count (10,001) as the search reads them today (``_WordsInside``:
   the rows of the rarest word, filtered on the name), against the same read off the pairs (the rows of
   the first pair, filtered on the name for three words). The pairs' read is a cost proxy, not the
   search: its count counts a name holding a pair twice twice. And two joins off registry_childword (no
   table added): the rows of the first word joined to the second's by ``(name_folded, child_id)``, as a
   merge join (both lists already in that order) or a nested loop probing the second's key.

Prints p50/p95/max in ms of each read and the load average.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import _setup
import bench_search

WORDS_SQL = """
SELECT t.w, c.name_folded COLLATE "C", c.id, 0, c.status, c.area_id, c.commune_id
FROM registry_child c
CROSS JOIN LATERAL (
  SELECT DISTINCT w FROM unnest((string_to_array(c.name_folded, ' '))[2:]) AS w WHERE w <> ''
) AS t
"""
PAIRS_SQL = """
SELECT t.p, c.name_folded COLLATE "C", c.id, 0, c.status, c.area_id, c.commune_id
FROM registry_child c
CROSS JOIN LATERAL (
  SELECT DISTINCT a[i] || ' ' || a[i + 1] AS p
  FROM (SELECT string_to_array(c.name_folded, ' ') AS a) AS x, generate_series(2, cardinality(a) - 1) AS i
) AS t
"""
TABLE = """
CREATE TABLE {name} (
  word text COLLATE "C" NOT NULL, name_folded text COLLATE "C" NOT NULL, child_id bigint NOT NULL,
  shared smallint NOT NULL, status varchar(12) NOT NULL, area_id bigint NOT NULL, commune_id bigint NOT NULL,
  PRIMARY KEY (word, name_folded, child_id) INCLUDE (shared, status, area_id, commune_id)
)
"""


def write_cost(cur: Any) -> None:
    for name, sql in (("bench_words_again", WORDS_SQL), ("bench_word_pairs", PAIRS_SQL)):
        cur.execute(f"DROP TABLE IF EXISTS {name}")
        cur.execute(TABLE.format(name=name))
        started = time.perf_counter()
        cur.execute(f"INSERT INTO {name} {sql}")
        rows = cur.rowcount
        seconds = time.perf_counter() - started
        cur.execute(f"VACUUM ANALYZE {name}")
        cur.execute(f"SELECT pg_total_relation_size('{name}')")
        size = cur.fetchone()[0] / 2**20
        print(
            f"{name:<18} {rows:>11,} rows  insert {seconds:6.1f} s  {size:8,.0f} MiB  "
            f"load {bench_search._load()}"
        )


def pair_read(cur: Any, q: str, scope: str, scope_params: list[Any]) -> tuple[float, int]:
    """The page and the bounded count of the names holding ``q`` (its last word typed in part) off the
    pairs: two words, the pairs starting with ``q``; three, the first pair whole, filtered on the name."""
    words = q.split(" ")
    if len(words) == 2:
        cond, params = "w.word >= %s AND w.word < %s", [q, q[:-1] + chr(ord(q[-1]) + 1)]
    else:
        cond = "w.word = %s AND strpos(w.name_folded || ' ', %s) > 0"
        params = [" ".join(words[:2]), " " + q]
    sql = (
        f"SELECT ARRAY(SELECT w.child_id FROM bench_word_pairs w WHERE {cond}{scope} "
        "ORDER BY w.word, w.name_folded, w.child_id LIMIT 51), "
        f"(SELECT count(*) FROM (SELECT 1 FROM bench_word_pairs w WHERE {cond}{scope} LIMIT 10001) AS n)"
    )
    started = time.perf_counter()
    cur.execute(sql, [*params, *scope_params, *params, *scope_params])
    _, count = cur.fetchone()
    return (time.perf_counter() - started) * 1000, int(count)


def join_read(cur: Any, q: str, scope: str, scope_params: list[Any], join: str) -> tuple[float, int]:
    """The page and the bounded count off registry_childword joining the rows of the query's first word
    to those of its second (typed in part if last) by ``(name_folded, child_id)`` — both in that order
    within a word, so a merge join needs no sort (``join="merge"``), or each row of the first probing the
    second's key (``join="nested"``) — filtered on the name for three words."""
    words = q.split(" ")
    second, last = words[1], len(words) == 2
    high = second[:-1] + chr(ord(second[-1]) + 1) if last else second + "\x01"
    cond = (
        "a.word = %s AND b.word >= %s AND b.word < %s AND b.shared < %s "
        "AND strpos(a.name_folded || ' ', %s) > 0"
    )
    params = [words[0], second, high, len(second) if last else 32767, " " + q]
    scope = scope.replace("w.", "a.")
    read = (
        "FROM registry_childword a JOIN registry_childword b "
        f"ON b.name_folded = a.name_folded AND b.child_id = a.child_id WHERE {cond}{scope}"
    )
    sql = (
        f"SELECT ARRAY(SELECT a.child_id {read} ORDER BY a.name_folded, a.child_id LIMIT 51), "
        f"(SELECT count(*) FROM (SELECT 1 {read} LIMIT 10001) AS n)"
    )
    off = (
        ("enable_hashjoin", "enable_nestloop") if join == "merge" else ("enable_hashjoin", "enable_mergejoin")
    )
    for setting in off:
        cur.execute(f"SET LOCAL {setting} = off")
    started = time.perf_counter()
    cur.execute(sql, [*params, *scope_params, *params, *scope_params])
    _, count = cur.fetchone()
    return (time.perf_counter() - started) * 1000, int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--as-nation", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="reuse the tables of an earlier run")
    args = parser.parse_args()

    _setup.start(keep=args.data)
    from django.db import connection, transaction

    from treem.registry import selectors

    if not (args.data / "loaded.json").exists():
        parser.error("generate the data with bench_search.py --data first")
    generated = json.loads((args.data / "loaded.json").read_text())["children"]
    province, _ = _setup.province_with_communes(args.communes)
    print(f"{generated:,} children; load average {bench_search._load()}")
    with connection.cursor() as cur:
        if not args.no_write:
            write_cost(cur)
        cur.execute("SET max_parallel_workers_per_gather = 0")
    qs = bench_search.queries(args.queries, args.seed)["inside"]
    areas = None
    if not args.as_nation:
        officer = _setup.provincial_officer(province)
        areas = selectors._jurisdiction(officer).areas
    scope = selectors._WordScope(areas=areas, status="active", commune=None)
    scope_sql, scope_params = scope.sql()
    times: dict[str, list[float]] = {"words": [], "pairs": [], "merge": [], "nested": []}
    worst: list[tuple[float, float, str, int, int]] = []
    print(f"load average before: {bench_search._load()}")
    for q in qs * 2:  # the first round warms the caches; the second is measured
        plan = selectors._WordsInside((selectors._Correction(q, "prefix"),), scope, 0)
        started = time.perf_counter()
        _, words_count = plan.ids_and_count(None, True, 51)
        words_ms = (time.perf_counter() - started) * 1000
        with connection.cursor() as cur:
            pairs_ms, pairs_count = pair_read(cur, q, scope_sql, scope_params)
            for join in ("merge", "nested"):
                with transaction.atomic():
                    times[join].append(join_read(cur, q, scope_sql, scope_params, join)[0])
        times["words"].append(words_ms)
        times["pairs"].append(pairs_ms)
        worst.append((words_ms, pairs_ms, q, words_count, pairs_count))
    for kind, values in times.items():
        values = values[len(qs) :]
        print(
            f"{kind:<6} page+count p50 {_setup.percentile(values, 0.5):7.2f}  "
            f"p95 {_setup.percentile(values, 0.95):7.2f}  max {max(values):7.2f} ms"
        )
    print(f"load average after: {bench_search._load()}")
    print("slowest off the words (words ms, pairs ms, query, count words, count pairs):")
    for row in sorted(worst[len(qs) :], reverse=True)[:8]:
        print(f"  {row[0]:7.2f} {row[1]:7.2f}  {row[2]!r}  {row[3]} {row[4]}")


if __name__ == "__main__":
    main()
