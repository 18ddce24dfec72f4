"""The home page leads to the records behind each figure (issue #19)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from treem.cases.choices import CaseStatus
from treem.cases.tests.test_services import case_in_state
from treem.web import dashboard

pytestmark = pytest.mark.django_db


def test_the_chairmans_pending_plans_and_overdue_deadlines_are_links(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=120)
    with time_machine.travel(later, tick=False):
        page = login(world.chairman_a1).get(reverse("web:home")).content.decode()
    detail = reverse("cases:detail", args=[case.pk])
    pending = page[page.index("Kế hoạch chờ phê duyệt") :]
    assert f'<a href="{detail}">{case.code}</a>' in pending
    overdue = page[page.index("<h2>Quá hạn</h2>") :]
    assert f'<a href="{detail}">{case.code}</a>' in overdue
    assert re.search(r"quá hạn \d+ ngày", overdue)
    cases = reverse("cases:list")
    for query in ("?status=open", "?status=plan_pending_approval", "?overdue=1", "?status=received"):
        assert f'href="{cases}{query}' in page, query
    children = reverse("registry:list")
    queries = ("?sex=M", "?sex=F", "?age_band=0-15", "?group=0", "?missing=personal_id", "?missing=guardian")
    for query in queries:
        assert f'href="{children}{query}' in page, query


def test_overdue_by_says_how_long() -> None:
    due = datetime.datetime(2026, 12, 7, 8, tzinfo=datetime.UTC)  # a Monday
    assert dashboard.overdue_by(due, due + datetime.timedelta(hours=5)) == "quá hạn 5 giờ"
    assert dashboard.overdue_by(due, due + datetime.timedelta(minutes=20)) == "quá hạn 20 phút"
    assert dashboard.overdue_by(due, due + datetime.timedelta(days=3, hours=1)) == "quá hạn 3 ngày"


def test_the_chairmans_home_reads_a_bounded_number_of_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    """The chairman's home with children, a case and the commune's plan (issue #20): a number of queries
    measured once, which grows with none of them (each figure is one aggregate). 24 before the children's
    figures took one statement and the overdue cases joined the cases' aggregate, the jurisdiction's roots
    read once (ADR 0041, "The chairman's home")."""
    from treem.indicators.tests.conftest import make_child
    from treem.plans import services as plans
    from treem.plans.tests.conftest import hand_draft, load_agency_types

    load_agency_types()
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    plan = plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    plans.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    for n in range(5):
        make_child(world.a1, datetime.date(2012 + n, 1, 1))
    case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    chairman = login(world.chairman_a1)
    chairman.get(reverse("web:home"))  # the per-process caches filled, as on a served page
    with django_assert_max_num_queries(22):
        page = chairman.get(reverse("web:home")).content.decode()
    assert "Kế hoạch chờ phê duyệt" in page


def _children_counts_as_before(user: Any, unit: Any) -> dict[str, int]:
    """The home's children figures as they were computed before issue #20's pass on the chairman's home:
    one aggregate probing each child's guardians and circumstances (``EXISTS``) — the reference."""
    from django.db.models import Count, Exists, OuterRef, Q
    from django.utils import timezone

    from treem.accounts import access
    from treem.registry import rules
    from treem.registry.models import Child, ChildCircumstance, ChildStatus, Guardian

    today = timezone.localdate()
    qs = access.scope(Child.objects.all(), user, "registry.view_child", field="area").filter(
        area__path__startswith=unit.path, status=ChildStatus.ACTIVE, merged_into__isnull=True
    )
    special = Exists(
        ChildCircumstance.objects.filter(child=OuterRef("pk"), start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
    )
    guardian = Exists(Guardian.objects.filter(child=OuterRef("pk")))
    under16 = Q(date_of_birth__gt=dashboard._years_ago(today, rules.CHILD_AGE_LIMIT))
    return qs.aggregate(
        total=Count("pk"),
        under16=Count("pk", filter=under16),
        boys=Count("pk", filter=Q(sex="M")),
        girls=Count("pk", filter=Q(sex="F")),
        special=Count("pk", filter=special),
        no_id=Count("pk", filter=Q(personal_id__isnull=True)),
        no_guardian=Count("pk", filter=~guardian),
        provisional=Count("pk", filter=Q(is_provisional=True)),
    )


def test_the_homes_children_figures_equal_the_probe_per_child(world: Any) -> None:
    """Issue #20: the children's figures read in one statement (the guardians and the circumstances each
    by one index scan over the children's ids) equal the former aggregate probing each child, for every
    kind of child the figures tell apart and for users whose scope is the unit, wider or narrower."""
    from django.utils import timezone

    from treem.indicators.tests.conftest import make_child
    from treem.registry.models import ChildCircumstance, ChildStatus, CircumstanceGroup, Guardian
    from treem.registry.reference import load_circumstances

    load_circumstances()
    group1, group2 = CircumstanceGroup.objects.order_by("number")[:2]
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    sixteen = dashboard._years_ago(today, 16)
    ids = iter(range(790000000001, 790000001000))

    def child(commune: Any, dob: datetime.date, sex: str = "M", guardians: int = 0, **fields: Any) -> Any:
        made = make_child(commune, dob, sex, **fields)
        for n in range(guardians):
            Guardian.objects.create(child=made, relationship="mother", full_name=f"Mẹ {n}")
        return made

    def circumstance(kid: Any, start: datetime.date, end: datetime.date | None, group: Any = None) -> None:
        ChildCircumstance.objects.create(child=kid, group=group or group1, start_date=start, end_date=end)

    a1 = world.a1
    two = child(a1, today - 5 * 365 * day, "M", guardians=2, personal_id=str(next(ids)))
    circumstance(two, today - 100 * day, None)
    circumstance(two, today - 10 * day, today + 10 * day, group2)  # a second, running: counted once
    ended = child(a1, sixteen - 400 * day, "F")  # 16 and over, no guardian, no ID
    circumstance(ended, today - 100 * day, today - day)
    later = child(a1, sixteen + day, "U", guardians=1, is_provisional=True)  # under 16 by one day
    circumstance(later, today + day, None)
    ends_today = child(a1, sixteen, "F", personal_id=str(next(ids)))  # 16 today: not under 16
    circumstance(ends_today, today - 30 * day, today)
    starts_today = child(a1, today - 2 * 365 * day, "M", guardians=3, hamlet=world.hamlet_a1)
    circumstance(starts_today, today, None)
    child(a1, today - 3 * 365 * day, "F", guardians=1, hamlet=world.hamlet_a1, is_provisional=True)
    for status in (ChildStatus.DECEASED, ChildStatus.MOVED_AWAY):
        gone = child(a1, today - 4 * 365 * day, "M", status=status)
        circumstance(gone, today - 10 * day, None)
    merged = child(a1, today - 4 * 365 * day, "F", merged_into=two)
    circumstance(merged, today - 10 * day, None)
    elsewhere = child(world.a2, today - 6 * 365 * day, "M")
    circumstance(elsewhere, today - 10 * day, None)
    child(world.b1, today - 7 * 365 * day, "F", guardians=1)

    expected_a1 = {
        "total": 6,
        "under16": 4,
        "boys": 2,
        "girls": 3,
        "special": 3,
        "no_id": 4,
        "no_guardian": 2,
        "provisional": 2,
    }
    assert dashboard.children_summary(world.chairman_a1, a1)[0] == expected_a1
    cases = [
        (world.chairman_a1, a1),
        (world.worker_a1, world.hamlet_a1),
        (world.collaborator_a1, a1),  # a hamlet's collaborator: the commune narrowed to the hamlet
        (world.province_a, world.a),
        (world.province_a, a1),
        (world.worker_a2, world.a2),
        (world.sysadmin, world.nation),
        (world.worker_b1, world.a),  # outside the user's scope: nothing
    ]
    for user, unit in cases:
        assert dashboard.children_summary(user, unit)[0] == _children_counts_as_before(user, unit), (
            user.username,
            unit.name,
        )
    assert dashboard.children_summary(world.collaborator_a1, a1)[0]["total"] == 2


def test_the_homes_overdue_cases_are_counted_as_before(world: Any) -> None:
    """The overdue cases, now counted in the cases' aggregate, are the cases of the deadlines past."""
    from treem.cases import access as case_access
    from treem.cases.models import Deadline

    case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    case_in_state(world, CaseStatus.RECEIVED)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=120)
    with time_machine.travel(later, tick=False):
        for user, unit in (
            (world.chairman_a1, world.a1),
            (world.province_a, world.a),
            (world.worker_b1, world.b1),
        ):
            counts = dashboard.cases_summary(user, unit)[0]
            cases = case_access.cases_listable(user).filter(unit__path__startswith=unit.path)
            late = Deadline.objects.filter(
                case__in=cases, met_at__isnull=True, cancelled_at__isnull=True, due_at__lt=later
            )
            assert counts["overdue"] == late.values("case_id").distinct().count(), user.username
        assert dashboard.cases_summary(world.chairman_a1, world.a1)[0]["overdue"] >= 1


def test_the_homes_children_figures_on_both_maps(world: Any, login: Any) -> None:
    """Issue #20 on both administrative maps: children recorded in the former Phường 2 (26965) and Phường 4
    (26968, the code of the current Phường Tân Sơn Nhất) beside the current wards. Each unit's figures
    (written by hand) count its own subtree as the scope allows — the former wards under the former city
    and district, not under the current province or ward that took their land over — and equal the
    former aggregate probing each child; a child moved off the former ward is counted where it went."""
    from django.utils import timezone

    from treem.accounts.access import system_actor
    from treem.registry import services
    from treem.registry.models import Child, ChildCircumstance, ChildStatus, CircumstanceGroup, Guardian
    from treem.registry.reference import load_circumstances
    from treem.registry.tests.test_search import _nation_reader
    from treem.registry.tests.test_search_former_map import _legacy_reader

    load_circumstances()
    group = CircumstanceGroup.objects.order_by("number").first()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    sixteen = dashboard._years_ago(today, 16)
    ids = iter(range(790000002001, 790000003000))
    ward2, ward4 = world.former_wards
    tan_binh, former_a = ward2.parent, world.former_a

    def child(commune: Any, province: Any, years: int, sex: str, guardians: int = 0, **fields: Any) -> Any:
        dob = sixteen - 400 * day if years >= 16 else today - years * 365 * day
        made = Child.objects.create(
            province=province,
            commune=commune,
            area=commune,
            full_name=f"Trẻ Hai Bản Đồ {next(ids)}",
            date_of_birth=dob,
            sex=sex,
            **fields,
        )
        for n in range(guardians):
            Guardian.objects.create(child=made, relationship="mother", full_name=f"Mẹ {n}")
        return made

    def special(kid: Any, end: datetime.date | None = None) -> None:
        ChildCircumstance.objects.create(child=kid, group=group, start_date=today - 30 * day, end_date=end)

    # The former Phường 2 (26965) and Phường 4 (26968), as recorded before the reform.
    special(child(ward2, former_a, 5, "M", guardians=1, personal_id=str(next(ids))))
    child(ward2, former_a, 16, "F")
    moving = child(ward4, former_a, 3, "F", is_provisional=True)
    special(moving, today - day)  # ended yesterday
    child(ward4, former_a, 4, "M", status=ChildStatus.DECEASED)
    # The current Phường Tân Sơn Nhất (26968) and Phường Sài Gòn.
    special(child(world.a2, world.a, 6, "M", guardians=2, personal_id=str(next(ids))))
    child(world.a2, world.a, 2, "F")
    child(world.a1, world.a, 7, "M", guardians=1, personal_id=str(next(ids)))

    def figures(total: int, under16: int, boys: int, girls: int, special: int, no_id: int, no_guardian: int,
                provisional: int) -> dict[str, int]:  # fmt: skip
        return {
            "total": total,
            "under16": under16,
            "boys": boys,
            "girls": girls,
            "special": special,
            "no_id": no_id,
            "no_guardian": no_guardian,
            "provisional": provisional,
        }

    nation = _nation_reader(world)
    tan_binh_reader = _legacy_reader(world, "tan_binh_reader", tan_binh)
    ward4_worker = _legacy_reader(world, "ward4_worker", ward4, role_code="commune_worker")
    none = figures(0, 0, 0, 0, 0, 0, 0, 0)
    former = figures(3, 2, 1, 2, 1, 2, 2, 1)
    only_ward4 = figures(1, 1, 0, 1, 0, 1, 1, 1)
    current_a2 = figures(2, 2, 1, 1, 1, 1, 1, 0)
    expected = [
        (nation, world.nation, figures(6, 5, 3, 3, 2, 3, 3, 1)),
        (nation, former_a, former),
        (nation, tan_binh, former),
        (nation, ward4, only_ward4),
        (nation, world.a2, current_a2),
        (tan_binh_reader, tan_binh, former),
        (tan_binh_reader, world.nation, former),  # the nation narrowed to the reader's former district
        (tan_binh_reader, world.a2, none),
        (ward4_worker, ward4, only_ward4),
        (ward4_worker, world.a2, none),  # the same code, the other map: nothing
        (world.worker_a2, world.a2, current_a2),
        (world.worker_a2, ward4, none),
        (world.province_a, world.a, figures(3, 3, 2, 1, 1, 1, 1, 0)),
        (world.province_a, former_a, none),  # the former wards are not the current province's subtree
        (world.chairman_a1, world.a1, figures(1, 1, 1, 0, 0, 0, 0, 0)),
    ]
    for user, unit, counts in expected:
        where = (user.username, unit.name, unit.generation)
        assert dashboard.children_summary(user, unit)[0] == counts, where
        assert _children_counts_as_before(user, unit) == counts, where
    # The nation's children listed by province, the province's by commune: each map's units apart, by id
    # (the former city shares the current city's name, and is marked as the former map's).
    listed = [(c["id"], c["total"], c["former"]) for c in dashboard.children_summary(nation, world.nation)[1]]
    assert listed == [(world.a.pk, 3, False), (former_a.pk, 3, True)]
    page = login(nation).get(reverse("web:home")).content.decode()
    assert "Các tỉnh, thành phố" in page and page.count("(bản đồ trước 01/07/2025)") == 1
    listed = [(c["id"], c["total"]) for c in dashboard.children_summary(world.province_a, world.a)[1]]
    assert listed == [(world.a1.pk, 1), (world.a2.pk, 2)]

    # Moved from the former Phường 4 to the current Phường Tân Sơn Nhất (both 26968).
    services.child_move(actor=system_actor(world.nation), child=moving, to_commune=world.a2, date=today)
    moved = [
        (nation, world.nation, figures(6, 5, 3, 3, 2, 3, 3, 1)),
        (nation, ward4, none),
        (tan_binh_reader, tan_binh, figures(2, 1, 1, 1, 1, 1, 1, 0)),
        (ward4_worker, ward4, none),
        (world.worker_a2, world.a2, figures(3, 3, 1, 2, 1, 2, 2, 1)),
        (world.province_a, world.a, figures(4, 4, 2, 2, 1, 2, 2, 1)),
    ]
    for user, unit, counts in moved:
        where = (user.username, unit.name, unit.generation)
        assert dashboard.children_summary(user, unit)[0] == counts, where
        assert _children_counts_as_before(user, unit) == counts, where
