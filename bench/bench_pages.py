"""Pages under load: a synthetic province served by gunicorn, five roles' pages asked by Locust.

    nice -n 10 .venv/bin/python bench/bench_pages.py --rows 100000 --communes 20 --users 20 \\
        --locust /tmp/locustenv/bin/locust

Set-up (not timed in the result), with the generators of the other benchmarks: ``--rows`` synthetic
children over ``--communes`` communes of the province with the most communes (COPY loader, guardians and
special circumstances), supports for a tenth of them, HCMC's plan (seed 003) imported into the province
and derived to every commune, this year's reporting obligations, every commune's yearly report built and
sent — accepted by the province except the first commune's, which waits for review —, ``--cases`` cases
filed in the first commune, and one user per role (commune worker and chairman of the first commune,
provincial officer, agency officer of an agency of the province, and a hotline operator who may read the
whole nation's register, ``_setup.nation_reader``). The changed children are then folded into the kept
numerators (``numerators.fold``, the five-minute periodic job; also on kept data). Each user is logged
in ``--users`` times (``Client.force_login``: one session per simulated browser).

Then gunicorn serves Treem (``config.wsgi``, ``--workers``, the launcher's settings) and the driver:

1. asks up to 20 URLs of every page type once, in one process, checking HTTP 200, and records the
   HTML size per page type (the largest URL of the type); a page over 200 KB is flagged;
2. runs Locust headless (``bench/locustfile.py``) with ``--users`` concurrent users spread over the roles
   for ``--time`` seconds (after ``--warm`` seconds of warm-up that are not counted), every role also
   asking for the trivial page (the notification list of a user with none) — the baseline of the run;
3. prints per page type: the median time of a request alone (step 1) and its ratio to the trivial
   page's; under load, requests, failures, p50 and p95 (ms) and p95 ÷ the trivial page's p95; the
   HTML size; the load average; and the peak RSS (VmHWM) of each gunicorn worker and of this process.

Locust is not a dependency of Treem: install it into its own environment (requirements/bench.txt) and
pass its ``locust`` with ``--locust`` (or ``LOCUST``).

``--nation`` (with ``--data DIR``): the pages of one province of a kept nation register instead — the one
``bench_indicators.py`` or ``bench_search.py`` stored in DIR (its ``loaded.json``; e.g. the 25M children
over all 3,321 current communes). No child is generated or changed: the set-up adds only what the pages
need on top of the stored children, for ``--province`` (by name; default: the province with the most
communes, Thành phố Hồ Chí Minh) and ALL its current communes — this year's supports for a tenth of the
province's children unless some of them has one this year (the register's own facts), the plan, the
obligations and the communes' reports, the cases and the users as above —, and records it in
``DIR/pages-<province code>.json`` (a later run reuses it; ``--forget`` removes what it added). The
hotline's nationwide search then searches the whole register, and the province's pages read the province
as one of the nation's (``--rows`` and ``--communes`` are not used). A sixth role joins them there, the
ministry's officer (``national_officer`` over the nation): the nation's scorecard and the nation's
consolidated report, on seed plan 003 imported as a plan of the nation (``_setup.nation_obligation``, kept
in DIR like bench_report_nation.py's; ``--forget`` leaves it); with ``--writers`` every save in the
province moves the nation's report's stamp, and the run prints that report's hits and misses too.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import _setup

HEAVY_KB = 200
SIZED = 20  # URLs of each page type asked once before the load, for their status and size


def pace(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    try:
        bounds = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MIN,MAX in seconds, got {text!r}") from None
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"expected 0 <= MIN <= MAX, got {text!r}")
    return bounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--time", type=int, default=60, help="seconds measured")
    parser.add_argument("--warm", type=int, default=10, help="seconds of warm-up, not measured")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the launcher's default)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (> 1: the gthread worker class)"
    )
    parser.add_argument(
        "--keep-alive", type=int, default=None, help="gunicorn --keep-alive (s; 0: close each connection)"
    )
    parser.add_argument("--queries", type=int, default=100, help="search texts per searching role")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--locust", default=os.environ.get("LOCUST", "locust"))
    parser.add_argument("--data", type=Path, help="keep the database in this folder and reuse its data")
    parser.add_argument(
        "--nation",
        action="store_true",
        help="with --data: a kept nation register (bench_indicators.py's or bench_search.py's loaded.json); "
        "add only one province's plan, reports, cases and users on top of its children",
    )
    parser.add_argument(
        "--province",
        help="with --nation: the province, by name (default: the one with the most communes)",
    )
    parser.add_argument(
        "--forget",
        action="store_true",
        help="with --nation: remove what an earlier --nation set-up added to the kept register, then stop",
    )
    parser.add_argument(
        "--wait",
        type=pace,
        default=(0.5, 1.5),
        metavar="MIN,MAX",
        help="seconds each simulated user waits between two pages, uniform in [MIN, MAX] (Locust's between); "
        "0.5,1.5: the stress pace (capacity probe), 5,15: the working pace (ADR 0041)",
    )
    parser.add_argument(
        "--writers",
        type=int,
        default=0,
        help="commune workers who write at the same time, one per commune, each in its own commune "
        "(register edits, supports given, task progress), on top of --users",
    )
    parser.add_argument(
        "--write-in",
        choices=("own", "elsewhere"),
        default="own",
        help="own: the writers work in the measured province's communes; elsewhere: in another province's "
        "(its children and plan made once, DATA/pages-elsewhere.json)",
    )
    parser.add_argument(
        "--write-wait",
        type=pace,
        default=(20.0, 40.0),
        metavar="MIN,MAX",
        help="seconds each writer waits between two saves (each save: the form asked, then sent)",
    )
    parser.add_argument(
        "--reporting-at",
        metavar="MIGRATION",
        help="take the reporting app back to this migration after the set-up (e.g. 0005: the change log's "
        "triggers before 0006), the before side of an alternation on the same data; the next run without it "
        "migrates forward again",
    )
    args = parser.parse_args()
    if args.nation and (args.data is None or not (args.data / "loaded.json").exists()):
        parser.error("--nation needs --data DIR holding a kept register (its loaded.json)")
    if (args.province or args.forget) and not args.nation:
        parser.error("--province and --forget go with --nation")

    _setup.start(keep=args.data)
    if args.nation:
        province, communes = nation_province(args.province)
        marker = args.data / f"pages-{province.code}.json"
    else:
        province, communes = _setup.province_with_communes(args.communes)
        marker = args.data / "pages.json" if args.data is not None else None
    if args.forget:
        forget(marker, province)
        return
    if marker is not None and marker.exists():
        _setup.log(f"reusing the data in {args.data} ({marker.name})")
        args.built = json.loads(marker.read_text())
    elif args.nation:
        args.built = build_nation(args, province, communes)
        marker.write_text(json.dumps(args.built))
    else:
        build(args, province, communes)
        args.built = {"children": args.rows}
        if marker is not None:
            marker.write_text(json.dumps(args.built))
    fold_numerators()
    from django.core.management import call_command

    if args.reporting_at:
        call_command("migrate", "reporting", args.reporting_at, verbosity=0, interactive=False)
        _setup.log(f"reporting taken back to {args.reporting_at}")

    call_command(
        "collectstatic", interactive=False, verbosity=0
    )  # into the run's TREEM_VAR_DIR, as the launcher
    work = Path(tempfile.mkdtemp(prefix="treem-pages-"))
    args.province_pk = province.pk
    plan = make_plan(args, province, communes)
    if args.writers:
        plan["writers"] = make_writers(args, province, communes)
        plan["write_min"], plan["write_max"] = args.write_wait
        plan["write_kinds"] = WRITES
    misses_log()
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(args, port, work)
    try:
        wait_ready(base, plan)
        args.load_start = os.getloadavg()[0]
        sizes = page_sizes(base, plan)
        stats = run_locust(args, base, plan, work)
        workers_rss = gunicorn_rss(server.pid)
    finally:
        stop(server)
    args.kept = kept_figures_count(args, province)
    report(stats, sizes, workers_rss, args)


# -- set-up -----------------------------------------------------------------------------------------------


def fold_numerators() -> None:
    """Fold the children the set-up changed into the kept numerators, as the periodic job does within five
    minutes (``indicators.tasks.numerators_fold``, ADR 0033): else every catalogue read corrects the kept
    counts for all of them (every child with a fact: 150,000 at 1,000,000 children), which a served
    province never waits on."""
    from treem.indicators import numerators

    started = time.perf_counter()
    numerators.keep_window()
    folded = numerators.fold()
    _setup.log(f"numerators: {folded:,} changed children folded in {time.perf_counter() - started:.0f} s")


def build(args: argparse.Namespace, province: Any, communes: list[Any]) -> None:
    from django.db import connection
    from django.utils import timezone

    from treem.registry import synthetic

    _setup.log(f"{province.name}: {len(communes)} communes; generating {args.rows:,} children")
    started = time.perf_counter()
    records = list(synthetic.generate(args.rows, seed=args.seed, problems=synthetic.REALISTIC))
    synthetic.copy_children(records, communes, seed=args.seed)
    del records
    year = timezone.localdate().year
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO registry_support
                (child_id, kind, date, amount, source, provider_name, note, created_at, updated_at)
            SELECT id, (ARRAY['gift','scholarship','school_supplies','health_insurance'])[1 + id %% 4],
                   make_date(%s, 1 + (id %% 11)::int, 1 + (id %% 27)::int), 500000 + (id %% 5) * 100000,
                   'budget', '', '', now(), now()
            FROM registry_child WHERE id %% 10 = 0
            """,
            [year],
        )
        cur.execute("VACUUM ANALYZE")
    _setup.log(f"children and supports loaded in {time.perf_counter() - started:.0f} s")
    build_province(args, province, communes)


def build_province(args: argparse.Namespace, province: Any, communes: list[Any]) -> dict[str, list[int]]:
    """The province's plan derived to ``communes``, this year's obligations, the communes' reports sent (all
    accepted but the first commune's), ``--cases`` cases filed in the first commune. Returns the plans' and
    the cases' ids."""
    from django.utils import timezone

    from treem.accounts.access import system_actor
    from treem.core.errors import ApplicationError
    from treem.plans import drafts, parsing
    from treem.plans import services as plans
    from treem.plans.models import Document
    from treem.reporting import services
    from treem.reporting.models import Obligation

    year = timezone.localdate().year
    started = time.perf_counter()
    actor = system_actor(province)
    seed = Path(_setup.ROOT) / "data" / "plans" / "003_hcmc_4063_qd_ubnd.txt"
    draft = parsing.parse_plan(parsing.extract_text(seed.name, seed.read_bytes())).to_json()
    draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
    documents_before = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        plan = plans.plan_create_from_draft(actor=actor, unit=province, draft=draft)
    except ApplicationError:  # the seed's document is another province's plan already (--nation --province)
        draft["document"]["number"] = f"{draft['document']['number']}-{province.code}"
        plan = plans.plan_create_from_draft(actor=actor, unit=province, draft=draft)
    plan_ids = [plan.pk]
    for commune in communes:
        plan_ids.append(plans.plan_derive(actor=actor, plan=plan, unit=commune).pk)
    _setup.log(
        f"  plan imported and derived to {len(communes)} communes in {time.perf_counter() - started:.0f} s"
    )
    services.obligations_generate(year)
    below = Obligation.objects.filter(reviewer_unit=province, period=str(year)).select_related("unit")
    for obligation in below:
        commune_actor = system_actor(obligation.unit)
        obligation = services.report_save(
            actor=commune_actor,
            obligation=obligation,
            version=obligation.version,
            results="Đã triển khai các nhiệm vụ được giao.",
            shortcomings="",
            proposals="",
        )
        services.report_submit(
            actor=commune_actor,
            obligation=obligation,
            version=obligation.version,
            today=datetime.date(year, 11, 1),
        )
        if obligation.unit_id != communes[0].pk:  # the first commune's report waits for the province
            obligation.refresh_from_db()
            services.report_review(
                actor=actor,
                obligation=obligation,
                version=obligation.version,
                decision="accepted",
                comment="",
            )
    _setup.log(f"plan, obligations and commune reports in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    from treem.cases import services as cases
    from treem.registry.models import Child

    worker = _setup.commune_worker(communes[0])
    rng = random.Random(args.seed)
    ids = list(Child.objects.filter(commune=communes[0]).values_list("pk", flat=True)[:2000])
    case_ids = []
    for n in range(args.cases):
        child = Child.objects.get(pk=rng.choice(ids))
        case = cases.case_intake_create(
            actor=worker,
            commune=communes[0],
            child=child,
            data={
                "summary": f"Trẻ có nguy cơ bị bỏ rơi (tin báo số {n + 1}).",
                "category": "risk",
                "channel": "phone",
                "received_at": timezone.now() - datetime.timedelta(days=n),
            },
        )
        case_ids.append(case.pk)
    _setup.log(f"{args.cases} cases filed in {time.perf_counter() - started:.1f} s")
    documents = list(Document.objects.filter(pk__gt=documents_before).values_list("pk", flat=True))
    return {"plans": plan_ids, "cases": case_ids, "documents": documents}


SUPPORT_NOTE = "bench_pages"  # the supports that --nation adds, so that --forget finds them


def nation_province(name: str | None) -> tuple[Any, list[Any]]:
    """The province of the nation's register whose pages are measured, and ALL its current communes: by
    name, or the one with the most communes."""
    from treem.geo.models import AdminUnit, Generation, Level

    if name is None:
        return _setup.province_with_communes(10**6)
    province = AdminUnit.objects.filter(
        generation=Generation.CURRENT, level=Level.PROVINCE, name=name
    ).first()
    if province is None:
        raise SystemExit(f"no current province named {name!r}")
    communes = list(
        AdminUnit.objects.filter(
            generation=Generation.CURRENT, level=Level.COMMUNE, parent=province
        ).order_by("code")
    )
    return province, communes


def build_nation(args: argparse.Namespace, province: Any, communes: list[Any]) -> dict[str, Any]:
    """What the pages of ``province`` need on top of a kept nation register's children, none generated nor
    changed: this year's supports for a tenth of the province's children, as the province's own set-up,
    unless some of them has one this year (the register's own facts: then none is added), then
    ``build_province`` over all its communes."""
    from django.db import connection
    from django.utils import timezone

    loaded = json.loads((args.data / "loaded.json").read_text())
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM registry_child WHERE province_id = %s", [province.pk])
        children = int(cur.fetchone()[0])
        _setup.log(
            f"nation register of {loaded['children']:,} children (no child generated): {province.name}, "
            f"{len(communes)} communes, {children:,} children ({time.perf_counter() - started:.0f} s)"
        )
        year = timezone.localdate().year
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM registry_support s JOIN registry_child c ON c.id = s.child_id "
            "WHERE c.province_id = %s AND s.date >= make_date(%s, 1, 1))",
            [province.pk, year],
        )
        has_supports = bool(cur.fetchone()[0])
        added = 0
        if not has_supports:
            started = time.perf_counter()
            cur.execute(
                """
                INSERT INTO registry_support
                    (child_id, kind, date, amount, source, provider_name, note, created_at, updated_at)
                SELECT id, (ARRAY['gift','scholarship','school_supplies','health_insurance'])[1 + id %% 4],
                       make_date(%s, 1 + (id %% 11)::int, 1 + (id %% 27)::int), 500000 + (id %% 5) * 100000,
                       'budget', '', %s, now(), now()
                FROM registry_child WHERE province_id = %s AND id %% 10 = 0
                """,
                [year, SUPPORT_NOTE, province.pk],
            )
            added = cur.rowcount
            cur.execute("ANALYZE registry_support")
            _setup.log(f"{added:,} supports added ({time.perf_counter() - started:.0f} s)")
        else:
            _setup.log(f"the province's children have supports in {year} already: none added")
    # Folded before the reports are built: each report reads the scorecard's figures, which otherwise
    # correct the kept counts for every child not folded yet (126,113 at 25M: 2-3 s a report, 168 reports).
    fold_numerators()
    made = build_province(args, province, communes)
    with connection.cursor() as cur:
        for table in ("plans_plan", "plans_task", "reporting_obligation", "cases_case"):
            cur.execute(f"ANALYZE {table}")
    return {
        "nation": loaded["children"],
        "province": province.code,
        "province_name": province.name,
        "communes": len(communes),
        "children": children,
        "supports_added": added,
        **made,
    }


def forget(marker: Path | None, province: Any) -> None:
    """Remove what ``build_nation`` added to the kept register (its cases, plans with their obligations and
    reports, supports), fold the numerators again, and the marker. The users and their sessions stay (also
    made by bench_search.py; the audit keeps their reads)."""
    from django.db import connection, transaction

    from treem.cases.models import Case
    from treem.plans.models import Document, Plan
    from treem.reporting.models import Obligation

    if marker is None or not marker.exists():
        raise SystemExit(f"nothing to forget: no {marker}")
    built = json.loads(marker.read_text())
    with transaction.atomic():
        cases = Case.objects.filter(pk__in=built["cases"]).delete()[0]
        obligations = Obligation.objects.filter(plan_id__in=built["plans"]).delete()[0]
        derived = Plan.objects.filter(pk__in=built["plans"], derived_from__isnull=False).delete()[0]
        plans = Plan.objects.filter(pk__in=built["plans"]).delete()[0]
        documents = Document.objects.filter(pk__in=built["documents"]).delete()[0]
        supports = 0
        if built["supports_added"]:
            with connection.cursor() as cur:
                cur.execute(
                    "DELETE FROM registry_support s USING registry_child c WHERE c.id = s.child_id "
                    "AND s.note = %s AND c.province_id = %s",
                    [SUPPORT_NOTE, province.pk],
                )
                supports = cur.rowcount
    _setup.log(
        f"forgot {built['province_name']}'s set-up: {cases:,} case rows, {obligations:,} obligation rows, "
        f"{derived + plans:,} plan rows, {documents:,} document rows, {supports:,} supports (users, their "
        "sessions and notifications, the audit and the plan's indicator targets kept)"
    )
    fold_numerators()
    marker.unlink()


def agency_officer(province: Any) -> Any:
    from treem.geo.models import Agency

    agency = Agency.objects.filter(unit=province, is_active=True).order_by("pk").first()
    if agency is None:
        agency = Agency.objects.create(unit=province, name="Sở Y tế (benchmark)")
    return _setup.agency_officer(agency), agency


def make_plan(args: argparse.Namespace, province: Any, communes: list[Any]) -> dict[str, Any]:
    """Users, their sessions, and the URLs of every page type."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from treem.cases.models import Case
    from treem.reporting.models import Obligation

    year = timezone.localdate().year
    worker = _setup.commune_worker(communes[0])
    chairman = _setup.commune_chairman(communes[0])
    officer = _setup.provincial_officer(province)
    hotline = _setup.nation_reader()
    agency_user, agency = agency_officer(province)
    rng = random.Random(args.seed)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT name_folded FROM registry_child WHERE commune_id = %s ORDER BY random() LIMIT %s",
            [communes[0].pk, args.queries],
        )
        local = [r[0] for r in cur.fetchall()]
        # The whole register's names, by ids drawn at random (no sort of every child: 25M in the nation).
        cur.execute("SELECT min(id), max(id) FROM registry_child")
        low, high = cur.fetchone()
        drawn = rng.sample(range(low, high + 1), min(high - low + 1, 4 * args.queries))
        cur.execute("SELECT id, name_folded FROM registry_child WHERE id = ANY(%s)", [drawn])
        found = dict(cur.fetchall())
        wide = [found[pk] for pk in drawn if pk in found][: args.queries]
        cur.execute(
            "SELECT id FROM registry_child WHERE commune_id = %s ORDER BY random() LIMIT 50", [communes[0].pk]
        )
        profiles = [r[0] for r in cur.fetchall()]

    def searches(names: list[str]) -> list[str]:
        # the kinds of bench_search.py: exact, prefix, a swap of two letters, the given name alone
        out = []
        for i, name in enumerate(names):
            words = name.split()
            q = [name, " ".join(words[:2]), _swapped(rng, name), words[-1]][i % 4]
            out.append(reverse("registry:list") + "?" + urllib.parse.urlencode({"q": q}))
        return out

    # The cases the set-up filed (a kept nation register also holds bench_indicators.py's cases of the
    # commune, abuse among them, which its worker may not open: HTTP 403).
    cases = getattr(args, "built", {}).get("cases") or list(
        Case.objects.filter(unit=communes[0]).values_list("pk", flat=True)
    )
    waiting = Obligation.objects.filter(unit=communes[0], period=str(year)).first()
    own = Obligation.objects.filter(unit=province, period=str(year)).first()
    if waiting is None or own is None:
        raise SystemExit("no yearly obligation for the first commune or the province")
    scorecard = reverse("indicators:scorecard")
    pages = {
        "commune": {
            "search": searches(local),
            "list": [reverse("registry:list")],
            "profile": [reverse("registry:detail", args=[pk]) for pk in profiles],
            "case page": [reverse("cases:detail", args=[pk]) for pk in cases],
            "import page": [reverse("registry:import")],
        },
        "chairman": {"home": [reverse("web:home")], "approvals": [reverse("accounts:approvals")]},
        "province": {
            "scorecard": [f"{scorecard}?unit={province.pk}&year={year}"],
            "drill-down": [f"{scorecard}?unit={c.pk}&year={year}" for c in communes],
            "compare": [reverse("indicators:compare") + f"?unit={province.pk}&year={year}"],
            "home": [reverse("web:home")],
            "cleaning overview": [reverse("registry:cleaning")],
            "collaborator network": [reverse("activities:network_index")],
            "report review": [reverse("reporting:detail", args=[waiting.pk])],
            "consolidated report": [reverse("reporting:detail", args=[own.pk])],
        },
        "hotline": {"intake": [reverse("cases:intake")], "nationwide search": searches(wide)},
        "agency": {
            "reported values": [reverse("indicators:enter") + f"?unit={province.pk}&year={year}"],
            "tasks": [reverse("plans:agency", args=[agency.pk])],
        },
    }
    users = {
        "commune": worker,
        "chairman": chairman,
        "province": officer,
        "hotline": hotline,
        "agency": agency_user,
    }
    weights = {"commune": 8, "chairman": 2, "province": 4, "hotline": 4, "agency": 2}
    if args.nation:  # the ministry's officer: the nation's scorecard and its consolidated report
        nation = _setup.nation_obligation()
        args.nation_obligation = nation.pk
        users["ministry"] = _setup.national_officer()
        weights["ministry"] = 2
        pages["ministry"] = {
            "nation scorecard": [f"{scorecard}?unit={nation.unit_id}&year={year}"],
            "nation report": [reverse("reporting:detail", args=[nation.pk])],
            "nation compare": [reverse("indicators:compare") + f"?unit={nation.unit_id}&year={year}"],
        }
    roles = {}
    for role, user in users.items():
        sessions = []
        for _ in range(max(1, args.users)):
            client = Client()
            client.force_login(user)
            sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        roles[role] = {
            "sessions": sessions,
            "pages": pages[role],
            "weight": weights[role],
            "user": user.username,
        }
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "trivial": reverse("web:notifications"),
        "roles": roles,
        "wait_min": args.wait[0],
        "wait_max": args.wait[1],
    }


# -- the writers ------------------------------------------------------------------------------------------

# What a writer saves, by kind: the field that picks the page's form, and the values it types in (``{n}``,
# ``{pct}``, ``{amount}``: drawn per save by the locustfile; ``{today}``, ``{year}``: the day's).
WRITES: dict[str, dict[str, Any]] = {
    "register edit": {"field": "address", "changes": {"address": "Số {n} đường Nguyễn Trãi"}, "weight": 5},
    "support given": {
        "field": "amount",
        "changes": {"kind": "gift", "date": "{today}", "amount": "{amount}", "source": "budget"},
        "weight": 3,
    },
    "task progress": {
        "field": "percent",
        "changes": {"period": "{year}", "status": "in_progress", "percent": "{pct}", "narrative": "Lần {n}."},
        "weight": 2,
    },
}
EDITS, TASKS = 10, 5  # children and tasks of each writer's commune, each save checked once before the load


def fill(changes: dict[str, str], rng: random.Random) -> dict[str, str]:
    from django.utils import timezone

    today = timezone.localdate()
    values = {
        "n": rng.randrange(1, 1000),
        "pct": rng.randrange(10, 91),
        "amount": 100_000 * rng.randrange(1, 20),
        "today": today.strftime("%d/%m/%Y"),
        "year": today.year,
    }
    return {name: value.format(**values) for name, value in changes.items()}


def make_writers(args: argparse.Namespace, province: Any, communes: list[Any]) -> list[dict[str, Any]]:
    """One commune worker per commune (``--writers`` communes of the measured province, or of another one
    with ``--write-in elsewhere``), each with the pages of its own commune it saves: children's records
    (the edit form), supports (the support form), its commune plan's tasks (the progress form). Each save is
    made once here, with the Django test client, and kept only if it was accepted (HTTP 302)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from treem.plans.models import Plan, Task

    sys.path.insert(0, str(Path(__file__).parent))
    import _forms

    if args.write_in == "elsewhere":
        province, communes = elsewhere(args, province)
    chosen = communes[: args.writers]
    if len(chosen) < args.writers:
        raise SystemExit(f"{province.name} has {len(chosen)} communes, fewer than --writers {args.writers}")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    writers = []

    def saved(client: Any, url: str, kind: str) -> bool:
        page = client.get(url)
        if page.status_code != 200:
            return False
        found = _forms.form_with(page.content.decode(), WRITES[kind]["field"])
        if found is None:
            return False
        action, fields = found
        sent = client.post(action or url, dict(_forms.filled(fields, fill(WRITES[kind]["changes"], rng))))
        return sent.status_code == 302

    for commune in chosen:
        worker = _setup.commune_worker(commune)
        client = Client(HTTP_HOST="127.0.0.1")  # a host the settings allow, as the server's
        client.force_login(worker)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT id FROM registry_child WHERE commune_id = %s ORDER BY id LIMIT %s",
                [commune.pk, 8 * EDITS],
            )
            children = [r[0] for r in cur.fetchall()]
        edits = []
        for pk in children:
            url = reverse("registry:edit", args=[pk])
            if saved(client, url, "register edit"):
                edits.append(pk)
            if len(edits) == EDITS:
                break
        supports = [reverse("registry:support", args=[pk]) for pk in edits]
        if supports and not saved(client, supports[0], "support given"):
            supports = []
        plan = Plan.objects.filter(unit=commune).order_by("pk").first()
        tasks = []
        if plan is not None:
            for task in Task.objects.filter(plan=plan, is_heading=False).order_by("sort_order")[: 2 * TASKS]:
                url = reverse("plans:task", args=[task.pk])
                if saved(client, url, "task progress"):
                    tasks.append(url)
                if len(tasks) == TASKS:
                    break
        writes = {
            "register edit": [reverse("registry:edit", args=[pk]) for pk in edits],
            "support given": supports,
            "task progress": tasks,
        }
        writes = {kind: urls for kind, urls in writes.items() if urls}
        if not writes:
            raise SystemExit(f"no save of {commune.name}'s worker was accepted")
        writers.append(
            {
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "commune": commune.name,
                "writes": writes,
            }
        )
    kinds = {kind: sum(len(w["writes"].get(kind, [])) for w in writers) for kind in WRITES}
    _setup.log(
        f"{len(writers)} writers in {province.name}'s communes, their saves checked in "
        f"{time.perf_counter() - started:.0f} s: {kinds}"
    )
    return writers


def elsewhere(args: argparse.Namespace, province: Any) -> tuple[Any, list[Any]]:
    """Another province where ``--write-in elsewhere``'s writers work: the first by code with enough
    communes, 500 synthetic children in each of its first ``--writers`` communes, the seed plan imported
    there and derived to those communes. Made once, recorded in ``DATA/pages-elsewhere.json``."""
    from django.db import connection
    from django.db.models import Count

    from treem.accounts.access import system_actor
    from treem.core.errors import ApplicationError
    from treem.geo.models import AdminUnit, Generation, Level
    from treem.plans import drafts, parsing
    from treem.plans import services as plans
    from treem.registry import synthetic

    marker = args.data / "pages-elsewhere.json" if args.data is not None else None
    if marker is not None and marker.exists():
        built = json.loads(marker.read_text())
        other = AdminUnit.objects.get(pk=built["province"])
        communes = list(AdminUnit.objects.filter(pk__in=built["communes"]).order_by("code"))
        if len(communes) >= args.writers:
            return other, communes
    other = (
        AdminUnit.objects.filter(generation=Generation.CURRENT, level=Level.PROVINCE)
        .exclude(pk=province.pk)
        .annotate(n=Count("children"))
        .filter(n__gte=args.writers)
        .order_by("code")
        .first()
    )
    if other is None:
        raise SystemExit(f"no other province with {args.writers} communes")
    units = AdminUnit.objects.filter(generation=Generation.CURRENT, level=Level.COMMUNE, parent=other)
    communes = list(units.order_by("code")[: args.writers])
    started = time.perf_counter()
    records = list(synthetic.generate(500 * len(communes), seed=args.seed + 1, problems=synthetic.REALISTIC))
    with connection.cursor() as cur:  # another seed's IDs may be the register's already: those left out
        cur.execute(
            "SELECT personal_id FROM registry_child WHERE personal_id = ANY(%s)",
            [[r["personal_id"] for r in records if r.get("personal_id")]],
        )
        taken = {pid for (pid,) in cur.fetchall()}
    for record in records:
        if record.get("personal_id") in taken:
            record["personal_id"] = None
    synthetic.copy_children(records, communes, seed=args.seed + 1)
    actor = system_actor(other)
    seed = Path(_setup.ROOT) / "data" / "plans" / "003_hcmc_4063_qd_ubnd.txt"
    draft = parsing.parse_plan(parsing.extract_text(seed.name, seed.read_bytes())).to_json()
    draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
    draft["document"]["number"] = f"{draft['document']['number']}-{other.code}"
    try:
        plan = plans.plan_create_from_draft(actor=actor, unit=other, draft=draft)
    except ApplicationError:  # made by an earlier, smaller set-up
        from treem.plans.models import Plan

        plan = Plan.objects.filter(unit=other).order_by("pk").first()
    for commune in communes:
        if not plan.derived.filter(unit=commune).exists():
            plans.plan_derive(actor=actor, plan=plan, unit=commune)
    fold_numerators()
    _setup.log(
        f"elsewhere: {other.name}, {len(communes)} communes, {len(records):,} children and the plan in "
        f"{time.perf_counter() - started:.0f} s"
    )
    if marker is not None:
        marker.write_text(json.dumps({"province": other.pk, "communes": [c.pk for c in communes]}))
    return other, communes


# -- the kept figures' hits and misses ---------------------------------------------------------------------


def misses_log() -> None:
    """A row trigger (the benchmark's, not Treem's) that notes each write of a report's kept figures: a
    view that missed them (read the figures, wrote them under the new stamp). The views under load minus
    the misses of the province's report while measured are its hits."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            CREATE TABLE IF NOT EXISTS bench_figures_written (
                at timestamptz NOT NULL DEFAULT clock_timestamp(), obligation_id bigint NOT NULL);
            CREATE OR REPLACE FUNCTION bench_figures_written() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO bench_figures_written (obligation_id) VALUES (NEW.obligation_id);
                RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS bench_figures_written ON reporting_reportfigures;
            CREATE TRIGGER bench_figures_written AFTER INSERT OR UPDATE ON reporting_reportfigures
                FOR EACH ROW EXECUTE FUNCTION bench_figures_written();
            """
        )


def database_now() -> Any:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT clock_timestamp()")
        return cur.fetchone()[0]


def report_changes(args: argparse.Namespace) -> int:
    """The logged changes the province's report counts: its province's and those of none."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM reporting_reportchange WHERE province_id IS NULL OR province_id = %s",
            [args.province_pk],
        )
        return int(cur.fetchone()[0])


def kept_figures_count(args: argparse.Namespace, province: Any) -> dict[str, int]:
    from django.db import connection
    from django.utils import timezone

    from treem.reporting.models import Obligation

    own = Obligation.objects.filter(unit=province, period=str(timezone.localdate().year)).first()
    counted = {}
    watched = {"misses": own.pk if own else 0, "nation": getattr(args, "nation_obligation", 0)}
    with connection.cursor() as cur:
        for key, obligation in watched.items():
            cur.execute(
                "SELECT count(*) FROM bench_figures_written "
                "WHERE obligation_id = %s AND at BETWEEN %s AND %s",
                [obligation, *args.window],
            )
            counted[key] = int(cur.fetchone()[0])
        cur.execute("DROP TRIGGER IF EXISTS bench_figures_written ON reporting_reportfigures")
    return {**counted, "moves": args.changes[1] - args.changes[0]}


def _swapped(rng: random.Random, folded: str) -> str:
    words = folded.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    spots = [p for p in range(len(w) - 1) if w[p] != w[p + 1]]
    if spots:
        p = rng.choice(spots)
        words[i] = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    return " ".join(words)


# -- the server --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(args: argparse.Namespace, port: int, work: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(_setup.SRC), str(_setup.ROOT)]))
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--graceful-timeout",
        "5",
        "--timeout",
        "120",
        *(["--keep-alive", str(args.keep_alive)] if args.keep_alive is not None else []),
    ]
    log = (work / "gunicorn.log").open("wb")
    _setup.log(
        f"gunicorn with {args.workers} workers × {args.threads} threads on port {port} "
        f"(log {work / 'gunicorn.log'})"
    )
    return subprocess.Popen(argv, cwd=_setup.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, plan: dict[str, Any]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(base, plan["trivial"], plan["roles"]["commune"]["sessions"][0], plan["cookie_name"])
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def fetch(base: str, path: str, session: str, cookie: str) -> tuple[int, int, float]:
    request = urllib.request.Request(base + path, headers={"Cookie": f"{cookie}={session}"})  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 — our own server
            body = response.read()
            return response.status, len(body), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, len(error.read()), time.perf_counter() - started


def page_sizes(base: str, plan: dict[str, Any]) -> dict[str, tuple[int, int, float]]:
    """Per page type: (worst status, largest HTML in bytes, median seconds of a request alone) — the
    first ``SIZED`` URLs once each, one request at a time (the trivial page ``SIZED`` times)."""
    out: dict[str, tuple[int, int, float]] = {}
    for role, spec in plan["roles"].items():
        for page, urls in spec["pages"].items():
            worst, largest, times = 200, 0, []
            for url in urls[:SIZED]:
                status, size, seconds = fetch(base, url, spec["sessions"][0], plan["cookie_name"])
                if status != 200:
                    _setup.log(f"  {role}: {page}: {url} answered HTTP {status}")
                    worst = status
                largest = max(largest, size)
                times.append(seconds)
            out[f"{role}: {page}"] = (worst, largest, _setup.percentile(times, 0.5))
    session = plan["roles"]["commune"]["sessions"][0]
    trivial = [fetch(base, plan["trivial"], session, plan["cookie_name"]) for _ in range(SIZED)]
    times = [t[2] for t in trivial]
    out["trivial"] = (max(t[0] for t in trivial), trivial[0][1], _setup.percentile(times, 0.5))
    return out


def run_locust(args: argparse.Namespace, base: str, plan: dict[str, Any], work: Path) -> list[dict[str, str]]:
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan))
    env = dict(os.environ, BENCH_PAGES_PLAN=str(plan_file))
    locustfile = str(Path(__file__).with_name("locustfile.py"))
    users = args.users + len(plan.get("writers", []))  # the writers come on top of the readers
    common = [args.locust, "-f", locustfile, "--headless", "--host", base, "-u", str(users)]
    common += ["-r", str(args.spawn_rate), "--only-summary", "--loglevel", "WARNING"]
    if args.warm > 0:
        _setup.log(f"warm-up: {args.users} users for {args.warm} s")
        subprocess.run([*common, "-t", f"{args.warm}s"], env=env, check=False, capture_output=True)
    load = os.getloadavg()[0]
    _setup.log(f"measuring: {args.users} users for {args.time} s (load average {load:.2f})")
    prefix = work / "locust"
    args.window = [database_now(), None]
    args.changes = [report_changes(args), None]
    subprocess.run(
        [*common, "-t", f"{args.time}s", "--csv", str(prefix)], env=env, check=False, capture_output=True
    )
    args.window[1] = database_now()
    args.changes[1] = report_changes(args)
    with (work / "locust_stats.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def gunicorn_rss(master: int) -> dict[int, float]:
    """Peak resident memory (VmHWM, MiB) of the gunicorn master and each worker, read before stopping."""
    out: dict[int, float] = {}
    pids = [master]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    out[pid] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return out


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


# -- the result --------------------------------------------------------------------------------------------


def report(
    stats: list[dict[str, str]], sizes: dict[str, tuple[int, int, float]], rss: dict[int, float], args: Any
) -> None:
    rows = {r["Name"]: r for r in stats if r["Name"] != "Aggregated"}
    trivial = rows.get("trivial")
    base95 = float(trivial["95%"]) if trivial else float("nan")
    alone_trivial = sizes["trivial"][2]
    low, high = args.wait
    print()
    built = getattr(args, "built", {})
    if "nation" in built:
        print(
            f"data: {built['province_name']} ({built['communes']} communes, {built['children']:,} children) "
            f"within a nation register of {built['nation']:,} children ({args.data}); the hotline searches "
            "them all"
        )
    print(
        f"pace: each of {args.users} users waits {low:g}–{high:g} s between pages "
        f"(mean {(low + high) / 2:g} s; --wait {low:g},{high:g})"
    )
    print(
        f"{'page type':<34} {'alone':>6} {'÷triv':>6} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} "
        f"{'p95÷triv':>8} {'HTML KB':>8}"
    )
    order = (
        [name for name in sizes if name != "trivial"]
        + sorted(n for n in rows if n not in sizes)
        + ["trivial"]
    )
    over = []
    for name in order:
        row = rows.get(name)
        status, size, alone = sizes.get(name, (200, 0, float("nan")))  # the writers' pages: not asked alone
        head = (
            f"{name:<34} {alone * 1000:>6.0f} {alone / alone_trivial:>6.1f}"
            if alone == alone
            else f"{name:<34} {'-':>6} {'-':>6}"
        )
        kb = size / 1000  # 0 for the writers' pages
        if kb > HEAVY_KB:
            over.append(name)
        if row is None:
            print(f"{head} {'-':>8} {'-':>5} {'-':>6} {'-':>6} {'-':>8} {kb:>8.1f}")
            continue
        p95 = float(row["95%"])
        print(
            f"{head} {row['Request Count']:>8} {row['Failure Count']:>5} {float(row['50%']):>6.0f} "
            f"{p95:>6.0f} {p95 / base95:>8.1f} {kb:>8.1f}{'  > 200 KB' if kb > HEAVY_KB else ''}"
            f"{'' if status == 200 else f'  HTTP {status}'}"
        )
    total = next((r for r in stats if r["Name"] == "Aggregated"), None)
    if total is not None:
        print(
            f"{'all':<48} {total['Request Count']:>8} {total['Failure Count']:>5} "
            f"{float(total['50%']):>6.0f} {float(total['95%']):>6.0f}  "
            f"({float(total['Requests/s']):.1f} requests/s)"
        )
    print(
        f"(ms; alone = median of up to {SIZED} requests one at a time before the load, ÷triv = over the "
        f"trivial page's; then {args.users} users for {args.time} s, {args.workers} gunicorn workers × "
        f"{args.threads} threads; "
        "HTML = the largest URL of the type)"
    )
    print(f"pages over {HEAVY_KB} KB: {', '.join(over) if over else 'none'}")
    report_row = rows.get("province: consolidated report")
    if report_row is not None:
        asked, missed = int(report_row["Request Count"]), args.kept["misses"]
        saves = sum(int(r["Request Count"]) for name, r in rows.items() if name.endswith("(save)"))
        failed = sum(int(r["Failure Count"]) for name, r in rows.items() if name.endswith("(save)"))
        print(
            f"writers: {args.writers} ({args.write_in}), {saves} saves ({failed} failed, "
            f"{saves / args.time:.2f}/s); the province's report counted {args.kept['moves']} logged changes "
            f"(its province's and none) while measured"
        )
        print(
            f"kept figures of the province's report: {asked} views, {missed} misses (figures read and "
            f"written), {asked - missed} hits: hit rate {(asked - missed) / asked:.0%}"
            if asked
            else "kept figures of the province's report: not viewed"
        )
    nation_row = rows.get("ministry: nation report")
    if nation_row is not None:
        asked, missed = int(nation_row["Request Count"]), args.kept["nation"]
        print(
            f"kept figures of the nation's report: {asked} views, {missed} misses, {asked - missed} hits"
            + (f": hit rate {(asked - missed) / asked:.0%}" if asked else "")
        )
    print(
        f"load average at the start {args.load_start:.2f}, at the end {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} cores"
    )
    workers = ", ".join(f"{v:.0f}" for v in sorted(rss.values(), reverse=True))
    print(f"peak RSS: gunicorn processes {workers} MiB; this process {_setup.peak_rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
