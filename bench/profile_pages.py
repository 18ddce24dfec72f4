"""One page type alone, profiled: its SQL queries (count, time each, the slowest), Python time and HTML size.

    nice -n 10 .venv/bin/python bench/profile_pages.py --data /tmp/pages1m/data \\
        [--page "province: consolidated report"] [--repeat 3] [--explain] [--cprofile 25] \\
        [--sort tottime] [--match "treem/|django/template"] [--html DIR] [--change edit|support]

Reads the data ``bench_pages.py --data DIR [--nation]`` built and kept (it builds nothing: run that first;
``--nation [--province NAME]`` for a province set up on a kept nation register), makes the
same plan of users and URLs, and asks the first URL of each page type (or of ``--page``, repeatable) with
the Django test client — ``config.django.local`` as served, static files unhashed —, logged in as the
page's role. Per page: the median server time of ``--repeat`` requests after a first one (which fills the
per-process caches), the number of SQL queries and their total time (``connection.execute_wrapper``),
the slowest queries, the HTML size (``--html DIR``: each page's last HTML written there, to compare two
versions of the code); with ``--cprofile N`` the N functions with the most cumulative time of one more
request; with ``--explain`` ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest query.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from pathlib import Path
from typing import Any

import _setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--page", action="append", default=[], help='e.g. "chairman: home"')
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slowest", type=int, default=8)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--cprofile", type=int, default=0)
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: cumulative, tottime …")
    parser.add_argument("--match", default="", help="cProfile: only the functions whose path matches")
    parser.add_argument(
        "--html", type=Path, help="write each page's last HTML into this folder (to compare two versions)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--change",
        choices=("edit", "support", "edit+support-elsewhere"),
        help="before each measured request, one change in the province's first commune, committed: a child's "
        "record saved again (edit) or a support added (support) — the report's kept figures then miss —; "
        "edit+support-elsewhere: the edit and a support added to a child of another province",
    )
    parser.add_argument(
        "--nation", action="store_true", help="the province that bench_pages.py --nation set up in DATA"
    )
    parser.add_argument(
        "--province", help="with --nation: its name (default: the one with the most communes)"
    )
    args = parser.parse_args()
    if not args.nation and not (args.data / "pages.json").exists():
        raise SystemExit(f"no kept data in {args.data}: run bench_pages.py --data {args.data} first")
    _setup.start(keep=args.data)

    import bench_pages

    if args.nation:
        province, communes = bench_pages.nation_province(args.province)
        if not (args.data / f"pages-{province.code}.json").exists():
            raise SystemExit(f"{province.name} not set up in {args.data}: run bench_pages.py --nation first")
    else:
        province, communes = _setup.province_with_communes(args.communes)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=["*"],
    ).enable()
    plan_args = argparse.Namespace(users=1, queries=20, seed=args.seed, wait=(0.5, 1.5), nation=args.nation)
    plan = bench_pages.make_plan(plan_args, province, communes)
    from treem.accounts.models import User

    for role, spec in plan["roles"].items():
        client = Client()
        client.force_login(User.objects.get(username=spec["user"]))
        for page, urls in spec["pages"].items():
            name = f"{role}: {page}"
            if args.page and name not in args.page:
                continue
            args.commune, args.province = communes[0].pk, province.pk
            profile(client, name, urls[0], args, connection)


def profile(client: Any, name: str, url: str, args: argparse.Namespace, connection: Any) -> None:
    executed: list[tuple[float, str, Any]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            executed.append((time.perf_counter() - started, sql, params))

    client.get(url)  # fills the per-process caches
    times, sql_times, counts = [], [], []
    size = 0
    for _ in range(max(1, args.repeat)):
        change(args, connection)
        executed.clear()
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered HTTP {response.status_code}")
        size = len(response.content)
        sql_times.append(sum(t for t, _, _ in executed))
        counts.append(len(executed))
    if args.html:
        args.html.mkdir(parents=True, exist_ok=True)
        (args.html / (name.replace(": ", "-").replace(" ", "_") + ".html")).write_bytes(response.content)
    total, sql = statistics.median(times), statistics.median(sql_times)
    print(
        f"\n== {name}  {url}\n   {total * 1000:.0f} ms median of {len(times)}; {counts[-1]} queries, "
        f"{sql * 1000:.0f} ms in SQL, {(total - sql) * 1000:.0f} ms elsewhere; HTML {size / 1000:.1f} KB",
        flush=True,
    )
    slowest = sorted(executed, key=lambda e: -e[0])[: args.slowest]
    for seconds, text, _ in slowest:
        print(f"   {seconds * 1000:7.1f} ms  {' '.join(text.split())[:220]}")
    shapes: dict[str, list[float]] = {}
    for seconds, text, _ in executed:
        shapes.setdefault(" ".join(text.split())[:120], []).append(seconds)
    repeated = sorted(((len(v), sum(v), k) for k, v in shapes.items() if len(v) > 1), reverse=True)[:8]
    for n, seconds, text in repeated:
        print(f"   ×{n:<4} {seconds * 1000:7.1f} ms  {text}")
    if args.explain and slowest:
        _, text, params = slowest[0]
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + text, params)
            print("   " + "\n   ".join(r[0] for r in cur.fetchall()))
    if args.cprofile:
        change(args, connection)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        out = io.StringIO()
        restrictions: list[Any] = [args.match, args.cprofile] if args.match else [args.cprofile]
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(*restrictions)
        print(out.getvalue())


def change(args: argparse.Namespace, connection: Any) -> None:
    """``--change``: one write of a commune worker in the province (autocommit: committed at once)."""
    if not args.change:
        return
    support = (
        "INSERT INTO registry_support (child_id, kind, date, amount, source, provider_name, note, "
        "created_at, updated_at) SELECT id, 'gift', current_date, 500000, 'budget', '', "
        "'profile_pages', now(), now() FROM registry_child WHERE {where} ORDER BY id LIMIT 1"
    )
    with connection.cursor() as cur:
        if args.change.startswith("edit"):
            cur.execute(
                "UPDATE registry_child SET address = address, updated_at = now() WHERE id = "
                "(SELECT id FROM registry_child WHERE commune_id = %s ORDER BY id LIMIT 1)",
                [args.commune],
            )
        if args.change == "support":
            cur.execute(support.format(where="commune_id = %s"), [args.commune])
        elif args.change == "edit+support-elsewhere":
            cur.execute(support.format(where="province_id <> %s"), [args.province])


if __name__ == "__main__":
    main()
