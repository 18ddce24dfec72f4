"""Every page without arguments, asked as one user of a kept register: status, time, queries, HTML size.

    nice -n 10 .venv/bin/python bench/profile_every_page.py --data DIR --user USERNAME [--repeat 3]

Reads the data ``bench_pages.py --data DIR [--nation]`` built and kept (it builds nothing), logs in as
USERNAME (a user of that set-up: ``bench_province``, ``bench_national``, ``bench_nation`` — the hotline's
nation reader — …; the first whose name starts so) and asks every URL of Treem that takes no argument
(``/``, ``/tre-em/``, ``/chi-tieu/`` …) with the Django test client (``config.django.local`` as served),
``--repeat`` times after a first request that fills the per-process caches. Prints per URL, slowest
first: the HTTP status, the median time, the SQL statements of the last request and its HTML size, a page
over 200 KB flagged — what a user of that role meets on each page at that scale (issue #20: every role on
every URL; no page over 200 KB). Pages that need an argument (a child, a case, a report) are
``profile_pages.py``'s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import _setup

HEAVY_KB = 200


def names(patterns: Any, prefix: str = "") -> list[str]:
    """Every named URL pattern, with its namespaces."""
    out = []
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = getattr(pattern, "namespace", None)
            out += names(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
        elif pattern.name:
            out.append(prefix + pattern.name)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument(
        "--user", required=True, help="a user of the kept set-up (the first whose name starts so)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup.start(keep=args.data)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import NoReverseMatch, get_resolver, reverse

    from treem.accounts.models import User

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=["*"],
    ).enable()
    user = User.objects.filter(username__startswith=args.user).order_by("username").first()
    if user is None:
        raise SystemExit(f"no user {args.user!r} in {args.data}: run bench_pages.py --data {args.data} first")
    client = Client()
    client.force_login(user)
    rows = []
    for name in sorted(set(names(get_resolver().url_patterns))):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # it takes an argument
        if name in ("accounts:logout",):
            continue
        client.get(url)  # the per-process caches filled
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
        size = 0 if getattr(response, "streaming", False) else len(response.content)
        rows.append((name, url, response.status_code, statistics.median(times), len(queries), size))
    print(f"\nEvery page as {user.username} on {args.data}, median of {args.repeat} (the load {_load()})")
    print(f"{'page':<42} {'url':<36} {'HTTP':>4} {'ms':>7} {'queries':>7} {'KB':>7}")
    for name, url, status, median, count, size in sorted(rows, key=lambda r: -r[3]):
        flag = "  > 200 KB" if size / 1000 > HEAVY_KB else ""
        print(f"{name:<42} {url:<36} {status:>4} {median * 1000:>7.0f} {count:>7} {size / 1000:>7.1f}{flag}")
    print(f"peak RSS {_setup.peak_rss_mib():.0f} MiB")


def _load() -> str:
    import os

    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
