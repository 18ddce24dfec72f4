"""Agencies post progress only on their own tasks (issue #14.8, ADR 0020): where their agency leads or
co-operates (named, or by its type at its level); the unit's own staff post on every task of its plans."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from treem.accounts import access
from treem.geo.models import Agency
from treem.plans import services
from treem.plans.models import Plan, ProgressStatus, Task, TaskProgress
from treem.plans.tests.conftest import hand_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: Any) -> None:
    from treem.indicators.reference import load_indicators

    load_indicators()


@pytest.fixture
def plan(world: Any, agency_types: Any, catalogue: None) -> Plan:
    Agency.objects.create(unit=world.a, name="Sở Y tế TP", agency_type=agency_types["so_y_te"])
    return services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())


def _officer(world: Any, agency: Agency, username: str) -> Any:
    from conftest import PASSWORD
    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create

    user = User.objects.create_user(username=username, password=PASSWORD, full_name="Cán Bộ Sở")
    assignment_create(
        actor=None,
        user=user,
        unit=world.a,
        role=Role.objects.get(code="agency_officer"),
        agency=agency,
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    return user


def _done(actor: Any, task: Task) -> TaskProgress:
    return services.progress_post(
        actor=actor, task=task, period="2025", status=ProgressStatus.DONE, percent=100, narrative=""
    )


def test_an_agency_cannot_finish_another_offices_task(world: Any, plan: Plan) -> None:
    other_task = plan.tasks.get(number="II.1")  # led by the former labour office
    health_task = plan.tasks.get(number="II.2")
    health = Agency.objects.get(name="Sở Y tế TP")
    officer = _officer(world, health, "yte")
    assert not services.may_post_progress(officer, other_task)
    with pytest.raises(access.AccessDenied):
        _done(officer, other_task)
    # the world's agency officer (another health agency, named on no task) neither
    with pytest.raises(access.AccessDenied):
        _done(world.agency_a, health_task)
    assert not TaskProgress.objects.exists()
    # its own task (lead): the task's progress, not a contribution
    assert not _done(officer, health_task).is_contribution


def test_matched_by_type_and_cooperating(world: Any, plan: Plan, agency_types: Any) -> None:
    health_a = next(a.agency for a in access.active_assignments(world.agency_a) if a.agency)
    task = plan.tasks.get(number="II.1")
    assert not services.may_post_progress(world.agency_a, task)
    task.agencies.create(role="cooperating", text="Sở Y tế", agency_type=agency_types["so_y_te"], level="")
    health_a.agency_type = agency_types["so_y_te"]
    health_a.save()
    access.forget(world.agency_a)
    assert services.may_post_progress(world.agency_a, task)
    assert _done(world.agency_a, task).is_contribution


def test_unit_staff_keep_every_task(world: Any, plan: Plan) -> None:
    other_task = plan.tasks.get(number="II.1")  # led by the former labour office
    assert services.may_post_progress(world.province_a, other_task)
    _done(world.province_a, other_task)
    ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    ward_task = ward.tasks.filter(is_heading=False).first()
    assert ward_task is not None
    assert services.may_post_progress(world.worker_a1, ward_task)
    assert not services.may_post_progress(world.worker_a2, ward_task)


def test_the_page_offers_the_form_only_on_own_tasks(world: Any, plan: Plan, login: Any) -> None:
    other_task = plan.tasks.get(number="II.1")  # led by the former labour office
    health_task = plan.tasks.get(number="II.2")
    officer = _officer(world, Agency.objects.get(name="Sở Y tế TP"), "yte")
    client = login(officer)
    page = client.get(reverse("plans:task", args=[other_task.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    data = {"period": "2025", "status": "done", "percent": "100", "narrative": ""}
    assert client.post(reverse("plans:task", args=[other_task.pk]), data).status_code == 404
    assert not TaskProgress.objects.exists()
    assert client.get(reverse("plans:task", args=[health_task.pk])).context["form"] is not None
    assert client.post(reverse("plans:task", args=[health_task.pk]), data).status_code == 302
