"""Issue #18: the demo's cases tell coherent stories — ages from birth dates, every step dated in order,
before the closure and not in the future — and one case goes on after its referral to the police."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from treem.cases import documents
from treem.cases.choices import Action, CaseStatus
from treem.cases.models import Case, Referral

pytestmark = pytest.mark.django_db


def seed_demo_world(world: Any) -> Any:
    """What ``seed_demo`` gives the case seeding: Phường Tân Bình, its police, the demo users; and two
    register children of the ward (one born in 2020)."""
    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create
    from treem.core.text import fold
    from treem.geo.models import Agency
    from treem.geo.services import unit_create
    from treem.registry.models import Child
    from treem.registry.services import name_sort_key

    tan_binh = unit_create(
        level="commune", unit_type="phuong", code="27004", name="Phường Tân Bình", parent=world.a,
        valid_from=datetime.date(2025, 7, 1),
    )  # fmt: skip
    Agency.objects.create(unit=tan_binh, name="Công an Phường Tân Bình")
    roles = {r.code: r for r in Role.objects.all()}
    for username, role, unit in [
        ("canbo.tanbinh", "commune_worker", tan_binh),
        ("chutich.tanbinh", "commune_chairman", tan_binh),
        ("tongdai111", "hotline_operator", world.nation),
        ("canbo.tansonnhat", "commune_worker", world.a2),
    ]:
        user = User.objects.create_user(username=username, password="x", full_name=username)
        assignment_create(
            actor=None, user=user, unit=unit, role=roles[role], valid_from=datetime.date(2025, 7, 1),
            check_actor=False,
        )  # fmt: skip
    for name, born, sex in [("Hồ Bảo Ngọc", datetime.date(2020, 5, 17), "F"), ("Đỗ Minh Tâm", None, "M")]:
        Child.objects.create(
            province=world.a, commune=tan_binh, area=tan_binh, full_name=name, name_folded=fold(name),
            name_sort_key=name_sort_key(name), date_of_birth=born or datetime.date(2013, 2, 3), sex=sex,
        )  # fmt: skip
    return tan_binh


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_demo_cases_are_coherent(world: Any) -> None:
    seed_demo_world(world)
    call_command("seed_demo_cases", stdout=None)
    now = timezone.now()
    cases = list(Case.objects.select_related("child"))
    assert len(cases) == 13
    assert any(not c.child.is_provisional for c in cases)  # linked to the register children
    for case in cases:
        received = case.received_at
        day = timezone.localtime(received).date()
        assert received <= now, case.code
        reported = case.reported_child
        child = case.child
        # The child as reported is the child of the case: ages follow from the birth date.
        if reported.get("date_of_birth"):
            assert reported["date_of_birth"] == child.date_of_birth.isoformat(), case.code
        if reported.get("estimated_age") is not None:
            assert reported["estimated_age"] == _age(child.date_of_birth, day), case.code
        if reported.get("sex"):
            assert reported["sex"] == child.sex, case.code
        assert 0 <= _age(child.date_of_birth, day) < 18, case.code
        doc = Document(io.BytesIO(documents.render_docx(case, 1)))
        rows = {r.cells[0].text: r.cells[1].text for t in doc.tables for r in t.rows if len(r.cells) == 2}
        estimated = rows.get("Tuổi ước tính (theo thông tin báo)", "—")
        assert estimated in ("—", str(_age(child.date_of_birth, day))), (case.code, estimated)
        # Every step in order, after the report, not in the future, none after the closure.
        end = case.closed_at or now
        times = [e.at for e in case.events.order_by("id")]
        assert times == sorted(times), case.code
        moments = [
            *times,
            *(a.created_at for a in case.assessments.all()),
            *(p.created_at for p in case.plans.all()),
            *(p.submitted_at for p in case.plans.all() if p.submitted_at),
            *(p.approved_at for p in case.plans.all() if p.approved_at),
            *(r.created_at for r in case.referrals.all()),
            *(d.opened_at for d in case.deadlines.all()),
            *(d.met_at for d in case.deadlines.all() if d.met_at),
        ]
        assert all(received <= m <= end for m in moments), case.code
        for plan in case.plans.all():
            assert plan.created_at <= (plan.submitted_at or now) <= (plan.approved_at or now), case.code
        if case.status == CaseStatus.CLOSED:
            review = case.assessments.get(kind="review")
            assert review.created_at >= case.plans.get().approved_at, case.code
    # The audit trail records when the demo data was written, not the story's dates.
    from treem.audit.models import AuditEvent

    old = now - datetime.timedelta(hours=1)
    assert not AuditEvent.objects.filter(action="cases.case.intake", at__lt=old).exists()
    # A case referred to the police that goes on through its support plan.
    police = [
        c
        for c in cases
        if c.referrals.filter(kind=Referral.Kind.POLICE).exists()
        and c.status in (CaseStatus.IMPLEMENTING, CaseStatus.REVIEWING, CaseStatus.CLOSED)
    ]
    assert police
    events = [e.action for e in police[0].events.order_by("id")]
    assert events.index(Action.REFER_TO_POLICE) < events.index(Action.APPROVE_PLAN)
