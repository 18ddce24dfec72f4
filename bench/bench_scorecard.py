"""The scorecard pages of the demo province as a leader sees them: server time and HTML size (issue #19/#20).

    nice -n 10 .venv/bin/python bench/bench_scorecard.py [--data DIR] [--repeat 3] [--year 2026]

Set-up (not timed): a throw-away embedded PostgreSQL (``_setup.start``), the reference catalogues, then
``seed_demo`` — Thành phố Hồ Chí Minh's 168 wards, 3 of them with 1,500 synthetic children each — as
``./treem demo`` does. ``--data DIR`` keeps the database so that a later run measures again at once.

Measured with the Django test client, logged in as the demo leader (``lanhdao.tinh``, the province):
each page's server time (best and median of ``--repeat`` requests, the first one apart: it fills the
per-process caches), its HTML size in bytes and its number of SQL queries. The pages: the province
scorecard, the scorecard of one demo ward, the province's with its five-year charts, and the ward
comparison of one indicator (sorted by gap to target) where the code has it. To compare with the code
before a change under the same load, run a copy of the repository made by ``git archive`` (its own
``bench/``, so that ``_setup`` puts its own ``src`` first).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=0)
    args = parser.parse_args()
    _setup.start(keep=args.data)

    from django.core.management import call_command
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from treem.accounts.models import User
    from treem.geo.models import AdminUnit, Generation
    from treem.registry.models import Child

    if not Child.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        _setup.log(f"seed_demo in {time.perf_counter() - started:.1f} s")
    _setup.log(f"{Child.objects.count()} children")
    year = args.year or timezone.localdate().year
    province = AdminUnit.objects.get(code="79", generation=Generation.CURRENT)
    ward = AdminUnit.objects.get(code="27004", generation=Generation.CURRENT)
    user = User.objects.get(username="lanhdao.tinh")
    from django.conf import settings
    from django.test.utils import override_settings

    # Local settings want collected static files (a manifest); the pages' own work is what is measured.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        DEBUG=False,
    ).enable()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    pages: list[tuple[str, str, dict[str, Any]]] = [
        ("province scorecard", reverse("indicators:scorecard"), {"unit": province.pk, "year": year}),
        ("ward scorecard", reverse("indicators:scorecard"), {"unit": ward.pk, "year": year}),
        (
            "province + charts",
            reverse("indicators:scorecard"),
            {"unit": province.pk, "year": year, "trends": 1},
        ),
    ]
    try:
        compare = reverse("indicators:compare")
    except NoReverseMatch:
        compare = ""
    if compare:
        pages.append(
            (
                "ward comparison",
                compare,
                {"unit": province.pk, "year": year, "indicator": "QD23-14", "sort": "gap"},
            )
        )
    from django.db import connection

    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    for name, url, params in pages:
        times = []
        size = 0
        executed.clear()
        with connection.execute_wrapper(count):
            client.get(url, params)
        queries = len(executed)
        for i in range(args.repeat + 1):
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (name, response.status_code)
            size = len(response.content)
            if i:
                times.append(elapsed)
        print(
            f"{name:20s} best {min(times):6.3f} s  median {statistics.median(times):6.3f} s  "
            f"HTML {size / 1024:7.1f} KiB ({size} bytes)  {queries} queries",
            flush=True,
        )


if __name__ == "__main__":
    main()
