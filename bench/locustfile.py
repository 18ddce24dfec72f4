"""Pages under load: one Locust user class per role, reading the plan that bench_pages.py writes.

Run by ``bench/bench_pages.py`` (which builds the data, starts gunicorn, logs the users in and writes the
plan), with Locust from a separate environment (requirements/bench.txt, bench/README.md)::

    BENCH_PAGES_PLAN=plan.json locust -f bench/locustfile.py --headless -u 20 -r 5 -t 60s --host URL

The plan (JSON) holds, per role, session cookies of one logged-in user (each simulated user takes its
own session, as each browser has one) and, per page type, the URLs
to request (one is drawn at random each time, e.g. a search among 100 names). Every request is named by
its page type (``commune: search`` …), so that Locust's statistics are per page type; every role also
asks for the trivial page (``trivial``), the baseline of the same run. The readers ask GET only: they
write nothing but the session (``SESSION_SAVE_EVERY_REQUEST``) and the audit of reads; the plan's
``writers`` (``bench_pages.py --writers``), when there are any, save their own commune's records through
the forms (``Writer`` below). Each user waits
``wait_min``–``wait_max`` seconds of the plan between two pages (``bench_pages.py --wait``: 0.5–1.5, the
stress pace, by default; 5–15, the working pace, ADR 0041).

This file imports nothing of Treem: it runs in Locust's own virtual environment.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
from typing import Any

from locust import HttpUser, between, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _forms  # beside this file: the standard library only

PLAN: dict[str, Any] = json.loads(open(os.environ["BENCH_PAGES_PLAN"], encoding="utf-8").read())  # noqa: SIM115


class _Role(HttpUser):
    abstract = True
    role = ""
    wait_time = between(PLAN.get("wait_min", 0.5), PLAN.get("wait_max", 1.5))

    def on_start(self) -> None:
        spec = PLAN["roles"][self.role]
        self.client.cookies.set(PLAN["cookie_name"], random.choice(spec["sessions"]))
        self.pages: dict[str, list[str]] = spec["pages"]
        self.names = list(self.pages)

    def _get(self, page: str) -> None:
        url = random.choice(self.pages[page])
        with self.client.get(
            url, name=f"{self.role}: {page}", catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task(10)
    def page(self) -> None:
        self._get(random.choice(self.names))

    @task(1)
    def trivial(self) -> None:
        url = PLAN["trivial"]
        with self.client.get(url, name="trivial", catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")


class CommuneWorker(_Role):
    role = "commune"
    weight = PLAN["roles"]["commune"]["weight"]


class Chairman(_Role):
    role = "chairman"
    weight = PLAN["roles"]["chairman"]["weight"]


class Province(_Role):
    role = "province"
    weight = PLAN["roles"]["province"]["weight"]


class Hotline(_Role):
    role = "hotline"
    weight = PLAN["roles"]["hotline"]["weight"]


class Agency(_Role):
    role = "agency"
    weight = PLAN["roles"]["agency"]["weight"]


if "ministry" in PLAN["roles"]:  # bench_pages.py --nation: the nation's scorecard and report

    class Ministry(_Role):
        role = "ministry"
        weight = PLAN["roles"]["ministry"]["weight"]


# -- the writers (bench_pages.py --writers): commune workers saving their own commune's records ----------

WRITERS: list[dict[str, Any]] = PLAN.get("writers") or []
_taken = itertools.count()

if WRITERS:

    class Writer(HttpUser):
        """A commune worker of the plan's ``writers`` (one simulated user each, on top of the readers): every
        ``write_min``–``write_max`` seconds it opens a form of its own commune — a child's record, a
        support for a child, a task of its commune's plan —, changes what a worker types in and sends it
        back with the page's CSRF token, as a browser does (HTTP 302 expected)."""

        fixed_count = len(WRITERS)
        wait_time = between(PLAN.get("write_min", 20), PLAN.get("write_max", 40))

        def on_start(self) -> None:
            self.spec = WRITERS[next(_taken) % len(WRITERS)]
            self.client.cookies.set(PLAN["cookie_name"], self.spec["session"])
            self.kinds = list(self.spec["writes"])
            self.weights = [PLAN["write_kinds"][k]["weight"] for k in self.kinds]

        @task
        def save(self) -> None:
            kind = random.choices(self.kinds, self.weights)[0]
            spec = PLAN["write_kinds"][kind]
            url = random.choice(self.spec["writes"][kind])
            with self.client.get(url, name=f"writer: {kind} (form)", catch_response=True) as r:
                found = _forms.form_with(r.text, spec["field"]) if r.status_code == 200 else None
                if found is None:
                    r.failure(f"HTTP {r.status_code}" if r.status_code != 200 else "no form")
                    return
            action, fields = found
            values = {
                "n": random.randrange(1, 1000),
                "pct": random.randrange(10, 91),
                "amount": 100_000 * random.randrange(1, 20),
                "today": time.strftime("%d/%m/%Y"),
                "year": time.strftime("%Y"),
            }
            changes = {name: value.format(**values) for name, value in spec["changes"].items()}
            with self.client.post(
                action or url,
                data=_forms.filled(fields, changes),
                name=f"writer: {kind} (save)",
                headers={"Referer": self.host + url},
                catch_response=True,
                allow_redirects=False,
            ) as r:
                if r.status_code != 302:
                    r.failure(f"HTTP {r.status_code}")
