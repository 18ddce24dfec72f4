"""Shared set-up of the benchmarks: a throw-away embedded PostgreSQL and a migrated Django.

``start()`` creates a PostgreSQL cluster in a fresh temporary folder (never ``var/``), points
DATABASE_URL and TREEM_VAR_DIR at temporary places, sets up Django with ``config.django.local``,
migrates quietly and loads the reference catalogues. The server is stopped and its folder removed
when the process exits (atexit), also after an error or Ctrl-C.
"""

from __future__ import annotations

import atexit
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
for path in (ROOT, SRC):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def peak_rss_mib() -> float:
    """Peak resident memory of this process, ``resource.getrusage`` (Linux reports KiB). Every benchmark
    prints it. In a process started by another one it includes the parent's size at the fork (Linux
    keeps ``ru_maxrss`` across fork and exec): such processes print ``own_peak_rss_mib`` too."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_peak_rss_mib() -> float:
    """Peak resident memory of this process since it started its program (``VmHWM``, new at exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def start(*, catalogues: bool = True, keep: Path | None = None) -> Any:
    """Start the server, set up Django, migrate, load reference data. Returns the EmbeddedPostgres.

    With ``keep`` the cluster lives in that folder and survives the run (stopped, not removed), so that
    a large data set generated once can be measured again by later runs (migrations are applied to it).
    """
    from treem.core.pgserver import EmbeddedPostgres

    folder = keep.resolve() if keep is not None else Path(tempfile.mkdtemp(prefix="treem-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = EmbeddedPostgres(folder / "pg")
    started = time.perf_counter()
    info = server.start()

    def cleanup() -> None:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 — best effort at exit
            pass
        try:
            server.stop()
        finally:
            if keep is None:
                shutil.rmtree(folder, ignore_errors=True)

    atexit.register(cleanup)
    log(f"PostgreSQL started in {time.perf_counter() - started:.1f} s ({folder})")
    os.environ["DATABASE_URL"] = info.url
    os.environ["TREEM_VAR_DIR"] = str(folder / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.local"

    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if catalogues:
        call_command("load_reference", verbosity=0)
        from treem.registry.reference import load_circumstances, load_ethnicities

        load_ethnicities()
        load_circumstances()
    log(f"migrated and loaded reference data in {time.perf_counter() - started:.1f} s")
    return server


def province_with_communes(minimum: int = 100) -> tuple[Any, list[Any]]:
    """The current-map province with the most communes, and its first ``minimum`` communes."""
    from django.db.models import Count

    from treem.geo.models import AdminUnit, Generation, Level

    provinces = (
        AdminUnit.objects.filter(generation=Generation.CURRENT, level=Level.PROVINCE)
        .annotate(n=Count("children"))
        .order_by("-n", "code")
    )
    province = provinces.first()
    if province is None:
        raise SystemExit("load_reference wrote no province")
    communes = list(
        AdminUnit.objects.filter(
            generation=Generation.CURRENT, level=Level.COMMUNE, parent=province
        ).order_by("code")[:minimum]
    )
    return province, communes


def provincial_officer(province: Any) -> Any:
    """A user holding the catalogue's province_officer role for ``province`` (as in the test world)."""
    return _user("bench_province", "Cán bộ tỉnh", "province_officer", province)


def commune_worker(commune: Any) -> Any:
    """A user holding the catalogue's commune_worker role for ``commune``."""
    return _user(f"bench_commune_{commune.pk}", "Cán bộ xã", "commune_worker", commune)


def commune_chairman(commune: Any) -> Any:
    """A user holding the catalogue's commune_chairman role for ``commune``."""
    return _user(f"bench_chairman_{commune.pk}", "Chủ tịch UBND xã", "commune_chairman", commune)


def agency_officer(agency: Any) -> Any:
    """A user holding the catalogue's agency_officer role for ``agency`` (over the agency's province)."""
    return _user(f"bench_agency_{agency.pk}", "Cán bộ sở", "agency_officer", agency.unit, agency=agency)


def nation_reader(*, sensitive: bool = False) -> Any:
    """A user who may read the whole nation's register: the catalogue's hotline operator holds no register
    permission of its own (roles.py); a central assignment that does is created by the system
    administrator and approved by the national officer. The benchmarks model it with a bench-only role
    over the nation (hotline intake + register reading); with ``sensitive``, a second such role that may
    also see the sensitive fields (``registry.view_sensitive``), without which a search by personal ID
    finds nobody (ADR 0017)."""
    from treem.accounts.models import Role
    from treem.accounts.services import role_sync
    from treem.geo.models import AdminUnit, Level

    role_sync()
    code = "bench_nation_reader_sensitive" if sensitive else "bench_nation_reader"
    Role.objects.update_or_create(
        code=code,
        defaults={
            "name": "Điện thoại viên Tổng đài 111 (được xem sổ trẻ em toàn quốc)",
            "level": "nation",
            "permissions": ["cases.file_intake", "geo.view_unit", "registry.view_child"]
            + (["registry.view_sensitive"] if sensitive else []),
        },
    )
    nation = AdminUnit.objects.filter(level=Level.NATION).order_by("pk").first()
    username = "bench_nation_sensitive" if sensitive else "bench_nation"
    return _user(username, "Điện thoại viên", code, nation)


def national_officer() -> Any:
    """A user holding the catalogue's national_officer role over the nation (the ministry's officer)."""
    from treem.geo.models import AdminUnit, Level

    nation = AdminUnit.objects.filter(level=Level.NATION).order_by("pk").get()
    return _user("bench_national", "Cán bộ trung ương", "national_officer", nation)


def nation_obligation() -> Any:
    """This year's report on a plan of the nation (seed plan 003 imported for the nation once, then kept with
    the data: bench_report_nation.py and bench_pages.py --nation share it)."""
    from django.utils import timezone

    from treem.accounts.access import system_actor
    from treem.geo.models import AdminUnit, Level
    from treem.plans import drafts, parsing
    from treem.plans import services as plans
    from treem.plans.models import Plan
    from treem.reporting import services
    from treem.reporting.models import Obligation

    nation = AdminUnit.objects.filter(level=Level.NATION).order_by("pk").get()
    plan = Plan.objects.filter(unit=nation).order_by("pk").first()
    if plan is None:
        seed = ROOT / "data" / "plans" / "003_hcmc_4063_qd_ubnd.txt"
        draft = parsing.parse_plan(parsing.extract_text(seed.name, seed.read_bytes())).to_json()
        draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
        draft["document"]["number"] = f"{draft['document']['number']}-QG"
        plan = plans.plan_create_from_draft(actor=system_actor(nation), unit=nation, draft=draft)
    year = str(timezone.localdate().year)
    services.obligations_generate(int(year))
    return Obligation.objects.get(plan=plan, unit=nation, period=year)


def _user(username: str, full_name: str, role: str, unit: Any, agency: Any = None) -> Any:
    import datetime

    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create, role_sync

    role_sync()
    existing = User.objects.filter(username=username).first()
    if existing is not None and not existing.assignments.filter(unit=unit, role__code=role).exists():
        # a kept register where another benchmark made this user for another unit (bench_pages.py --nation
        # --province, after bench_search.py's provincial officer): one user per unit
        username = f"{username}_{unit.pk}"
        existing = User.objects.filter(username=username).first()
    if existing is not None:  # a kept database (--data) measured again
        return existing
    user = User.objects.create_user(username=username, password=None, full_name=full_name)
    assignment_create(
        actor=None,
        user=user,
        unit=unit,
        role=Role.objects.get(code=role),
        agency=agency,
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    return user


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]
