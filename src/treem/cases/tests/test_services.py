from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine

from treem.accounts.access import AccessDenied
from treem.audit.models import AuditEvent
from treem.cases import services
from treem.cases.access import access_case, can_open_case_file
from treem.cases.choices import Action, CaseStatus, DeadlineKind, Level
from treem.cases.models import Assessment, Case, Deadline
from treem.core.models import Notification

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _intake(world: Any, actor: Any = None, **over: Any) -> Case:
    data = {
        "channel": "hotline_111",
        "category": "abuse",
        "abuse_form": "violence",
        "setting": "family",
        "summary": "Hàng xóm báo trẻ bị cha đánh nhiều lần.",
        "reported_child": {"full_name": "Lê Minh Khoa", "estimated_age": 9, "sex": "M"},
        "informant_consent": False,
        "informant_name": "Người báo tin",
        **over,
    }
    return services.case_intake_create(actor=actor or world.hotline, commune=world.a1, data=data)


def step(world: Any, case: Case, action: str, actor: Any = None, **data: Any) -> Case:
    return services.case_transition(actor=actor or world.worker_a1, case_id=case.pk, action=action, data=data)


def case_in_state(world: Any, state: str, **intake: Any) -> Case:
    """Walk the real services to reach ``state`` (Zulip's habit: test data through real actions)."""
    case = _intake(world, **intake)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    path = [
        (CaseStatus.VERIFYING, Action.START_VERIFICATION, {}),
        (CaseStatus.INITIAL_ASSESSMENT, Action.CONFIRM, {}),
    ]
    for _target, action, data in path:
        if case.status == state:
            return case
        case = step(world, case, action, **data)
    if case.status == state:
        return case
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.INITIAL, risk_level=Level.MEDIUM,
        harm_level=Level.MEDIUM, emergency_needed=False,
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_INITIAL_ASSESSMENT)
    if case.status == state:
        return case
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.DETAILED, risk_level=Level.MEDIUM,
        meeting_minutes="Họp ngày 03/03 với gia đình, trường, công an xã.",
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_DETAILED_ASSESSMENT)
    if case.status == state:
        return case
    services.plan_save(
        actor=world.worker_a1, case=case, goals="Bảo đảm an toàn cho trẻ tại gia đình.",
        services=[{"description": "Tham vấn tâm lý cho trẻ", "due_date": datetime.date(2030, 1, 1)}],
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_PLAN)
    if case.status == state:
        return case
    case = step(world, case, Action.APPROVE_PLAN, actor=world.chairman_a1, decision_number="15/QĐ-UBND")
    if case.status == state:
        return case
    case = step(world, case, Action.START_REVIEW)
    assert case.status == state, case.status
    return case


def test_intake_creates_a_provisional_child_and_opens_the_12_hour_clock(world: Any) -> None:
    case = _intake(world)
    assert case.code.startswith("VV-26740-")
    assert case.child.is_provisional and case.child.full_name == "Lê Minh Khoa"
    assert case.informant_name == ""  # not kept without consent
    clock = case.deadlines.get(kind=DeadlineKind.EMERGENCY_12H)
    assert clock.due_at - case.received_at == datetime.timedelta(hours=12)
    titles = list(Notification.objects.values_list("title", flat=True))
    assert titles and all("Lê Minh Khoa" not in t for t in titles)  # no child details in notifications


def test_full_procedure_to_closure(world: Any) -> None:
    case = case_in_state(world, CaseStatus.REVIEWING)
    with pytest.raises(services.InvalidTransition, match="Mẫu 06"):
        step(world, case, Action.CLOSE)
    services.assessment_record(
        actor=world.worker_a1,
        case=case,
        kind=Assessment.Kind.REVIEW,
        risk_level=Level.MEDIUM,
        child_stable=True,
    )
    with pytest.raises(services.InvalidTransition, match="Điều 30"):
        step(world, case, Action.CLOSE)
    case = step(world, case, Action.REPLAN, note="Nguy cơ còn ở mức trung bình.")
    assert case.status == CaseStatus.PLAN_DRAFTING
    services.plan_save(
        actor=world.worker_a1, case=case, goals="Tiếp tục hỗ trợ.",
        services=[{"description": "Thăm gia đình hằng tuần", "due_date": datetime.date(2030, 1, 1)}],
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_PLAN)
    case = step(world, case, Action.APPROVE_PLAN, actor=world.chairman_a1, decision_number="20/QĐ-UBND")
    case = step(world, case, Action.START_REVIEW)
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW, child_stable=True
    )
    case = step(world, case, Action.CLOSE)
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert case.plans.count() == 2
    assert list(case.events.values_list("action", flat=True)).count("approve_plan") == 2
    assert AuditEvent.objects.filter(action="cases.case.transitioned", object_id=str(case.pk)).count() >= 10


def test_worker_cannot_approve_and_chairman_is_notified(world: Any) -> None:
    case = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    with pytest.raises(services.InvalidTransition, match="Vai trò"):
        step(world, case, Action.APPROVE_PLAN, decision_number="1/QĐ")
    assert Notification.objects.filter(user=world.chairman_a1, kind="case.plan_submitted").exists()
    approval = case.deadlines.get(kind=DeadlineKind.APPROVAL_7WD)
    assert approval.met_at is None


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        # Friday before Tết Bính Ngọ (17/02/2026): 16–20/02 are off; working days 23, 24, 25, 26, 27/02,
        # 02/03 and 03/03.
        (datetime.datetime(2026, 2, 13, 10, 0, tzinfo=TZ), datetime.date(2026, 3, 3)),
        # Tết Ất Tỵ (29/01/2025): 28/01–01/02 off and Monday 03/02 in lieu of Saturday; working days 27/01,
        # 04, 05, 06, 07, 10 and 11/02.
        (datetime.datetime(2025, 1, 24, 9, 0, tzinfo=TZ), datetime.date(2025, 2, 11)),
        # An ordinary week: Monday + 7 working days = Wednesday of the next week.
        (datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ), datetime.date(2026, 3, 11)),
    ],
)
def test_approval_clock_counts_working_days_across_tet(
    submitted: datetime.datetime, due: datetime.date
) -> None:
    assert services.due_at(DeadlineKind.APPROVAL_7WD, submitted).date() == due


def test_twelve_hour_clock_crosses_midnight() -> None:
    start = datetime.datetime(2026, 2, 16, 20, 30, tzinfo=TZ)  # 30 Tết, a holiday: hours still run
    assert services.due_at(DeadlineKind.EMERGENCY_12H, start) == datetime.datetime(
        2026, 2, 17, 8, 30, tzinfo=TZ
    )


def test_overdue_alerts_the_chairman_and_reminds_before(world: Any) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=TZ), tick=False):
        case = _intake(world)
        services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 18, 30, tzinfo=TZ), tick=False):
        assert services.deadlines_scan() == {"reminded": 1, "missed": 0}
    with time_machine.travel(datetime.datetime(2026, 3, 2, 20, 1, tzinfo=TZ), tick=False):
        assert services.deadlines_scan() == {"reminded": 0, "missed": 1}
        assert services.deadlines_scan() == {"reminded": 0, "missed": 0}  # alerted once
    alert = Notification.objects.get(user=world.chairman_a1, kind="case.deadline_missed")
    assert case.code in alert.title and "Lê Minh Khoa" not in alert.title
    assert Deadline.objects.get(case=case).missed_notified_at is not None


def test_case_file_confidentiality(world: Any) -> None:
    case = _intake(world)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    assert can_open_case_file(world.worker_a1, case)
    assert can_open_case_file(world.chairman_a1, case)
    assert not can_open_case_file(world.worker_a2, case)
    assert not can_open_case_file(world.province_a, case)  # supervisors need an explicit grant
    with pytest.raises(AccessDenied):
        access_case(world.worker_b1, case.pk, file=False)
    assert access_case(world.hotline, case.pk, file=False) == case  # follows what it filed
    assert not can_open_case_file(world.hotline, case)
    services.grant_access(
        actor=world.chairman_a1, case=case, user=world.province_a, reason="Giám sát của tỉnh"
    )
    assert can_open_case_file(world.province_a, case)


def test_sexual_abuse_cases_are_narrower_and_break_glass_is_audited(world: Any) -> None:
    case = _intake(world, abuse_form="sexual_abuse", sexual_abuse_subtype="molestation")
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    assert not can_open_case_file(world.chairman_a1, case)
    with pytest.raises(Exception, match="lý do"):
        services.break_glass_open(actor=world.chairman_a1, case=case, reason="gấp")
    services.break_glass_open(
        actor=world.chairman_a1, case=case, reason="Trẻ đang gặp nguy hiểm, cần hồ sơ ngay."
    )
    assert can_open_case_file(world.chairman_a1, case)
    assert AuditEvent.objects.filter(action="cases.case.break_glass").count() == 1


def test_transfer_hands_a_new_case_to_the_other_commune(world: Any) -> None:
    case = _intake(world)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    case = step(world, case, Action.TRANSFER, to_commune=world.a2.pk, note="Trẻ sống ở phường khác.")
    assert case.status == CaseStatus.TRANSFERRED
    new = case.transferred_to
    assert new is not None and new.unit == world.a2 and new.status == CaseStatus.RECEIVED
    assert not case.deadlines.filter(met_at__isnull=True, cancelled_at__isnull=True).exists()


@pytest.mark.parametrize("target", ["missing", "zero", "huge", "hamlet", "former", "province", "text"])
def test_a_transfer_to_no_current_commune_is_refused_and_writes_nothing(world: Any, target: str) -> None:
    """An id that names no commune of the current map crashed the transfer (DoesNotExist, ValueError)."""
    case = _intake(world)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    to = {
        "missing": 999_999_999,
        "zero": 0,
        "huge": "99999999999999999999",
        "hamlet": world.hamlet_a1.pk,
        "former": world.former_wards[0].pk,
        "province": world.b.pk,
        "text": "Phường Bến Thành",
    }[target]
    case = Case.objects.get(pk=case.pk)
    with pytest.raises(services.InvalidTransition) as exc:
        services.case_transition(
            actor=world.worker_a1,
            case_id=case.pk,
            action=Action.TRANSFER,
            data={"to_commune": to, "note": "Gia đình chuyển đi."},
            expected_version=case.version,
        )
    assert "Cần chọn xã, phường tiếp nhận." in exc.value.extra.get("reasons", [exc.value.message])
    assert Case.objects.count() == 1 and Case.objects.get().status == case.status


def test_intake_refused_outside_scope_and_without_summary(world: Any) -> None:
    with pytest.raises(AccessDenied):
        services.case_intake_create(
            actor=world.worker_a2, commune=world.a1, data={"summary": "x", "category": "risk"}
        )
    with pytest.raises(Exception, match="mô tả"):
        services.case_intake_create(actor=world.hotline, commune=world.a1, data={"category": "risk"})
    assert Case.objects.count() == 0
