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
    measured once, which grows with none of them (each figure is one aggregate)."""
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
    with django_assert_max_num_queries(24):
        page = chairman.get(reverse("web:home")).content.decode()
    assert "Kế hoạch chờ phê duyệt" in page
