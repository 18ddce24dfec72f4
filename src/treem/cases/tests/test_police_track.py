"""Issue #18: a referral to the police runs beside the support track (Nghị định 56/2017 Điều 25 k3, ADR 0023).

Before the fix the referral ended the case (only "reopen" was allowed afterwards) and left the 12-hour
clock open for ever; a case could be closed on a review recorded before its plan was approved.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.cases import services, workflow
from treem.cases.choices import Action, CaseStatus, DeadlineKind, Level
from treem.cases.models import Assessment, Referral
from treem.cases.tests.test_services import case_in_state, step
from treem.geo.models import Agency

pytestmark = pytest.mark.django_db


def _police(world: Any) -> Agency:
    return Agency.objects.get(name="Công an Phường Sài Gòn")


def _refer(world: Any, case: Any) -> Any:
    return step(
        world, case, Action.REFER_TO_POLICE, agency=_police(world).pk, note="Dấu hiệu tội phạm: cha đánh con."
    )


def test_referral_to_the_police_keeps_the_support_track_going(world: Any) -> None:
    case = case_in_state(world, CaseStatus.INITIAL_ASSESSMENT)
    case = _refer(world, case)
    assert case.status == CaseStatus.INITIAL_ASSESSMENT  # the case is not ended
    referral = Referral.objects.get(case=case)
    assert referral.kind == Referral.Kind.POLICE and referral.agency == _police(world)
    assert referral.reason == "Dấu hiệu tội phạm: cha đánh con."
    assert Action.SUBMIT_INITIAL_ASSESSMENT in workflow.allowed_actions(case.status)
    # The child still needs the assessment, the plan, its approval and its review before closure.
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.INITIAL, risk_level=Level.HIGH,
        harm_level=Level.MEDIUM, emergency_needed=False,
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_INITIAL_ASSESSMENT)
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.DETAILED, risk_level=Level.MEDIUM,
        meeting_minutes="Họp với gia đình, công an phường.",
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_DETAILED_ASSESSMENT)
    services.plan_save(
        actor=world.worker_a1, case=case, goals="An toàn và hỗ trợ tâm lý cho trẻ.",
        services=[{"description": "Tham vấn tâm lý", "due_date": datetime.date(2030, 1, 1)}],
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_PLAN)
    case = step(world, case, Action.APPROVE_PLAN, actor=world.chairman_a1, decision_number="7/QĐ-UBND")
    case = step(world, case, Action.START_REVIEW)
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW, child_stable=True
    )
    case = step(world, case, Action.CLOSE)
    assert case.status == CaseStatus.CLOSED


@pytest.mark.parametrize(
    "state",
    [CaseStatus.VERIFYING, CaseStatus.DETAILED_ASSESSMENT, CaseStatus.IMPLEMENTING, CaseStatus.REVIEWING],
)
def test_the_police_may_be_told_at_any_open_step(world: Any, state: str) -> None:
    case = _refer(world, case_in_state(world, state))
    assert case.status == state
    assert case.events.filter(action=Action.REFER_TO_POLICE, from_status=state, to_status=state).exists()


def test_a_second_referral_waits_for_the_first_and_an_agency_is_needed(world: Any) -> None:
    case = case_in_state(world, CaseStatus.VERIFYING)
    with pytest.raises(services.InvalidTransition, match="cơ quan công an"):
        step(world, case, Action.REFER_TO_POLICE, note="Dấu hiệu tội phạm.")
    case = _refer(world, case)
    with pytest.raises(services.InvalidTransition, match="đang chờ kết quả"):
        _refer(world, case)


def test_an_agency_outside_the_case_is_refused(world: Any) -> None:
    case = case_in_state(world, CaseStatus.VERIFYING)
    elsewhere = Agency.objects.create(unit=world.b1, name="Công an nơi khác")
    with pytest.raises(services.InvalidTransition, match="cơ quan công an"):
        step(world, case, Action.REFER_TO_POLICE, agency=elsewhere.pk, note="Dấu hiệu tội phạm.")


def test_the_12_hour_clock_ends_with_its_step_not_with_the_referral(world: Any) -> None:
    case = _refer(world, case_in_state(world, CaseStatus.INITIAL_ASSESSMENT))
    clock = case.deadlines.get(kind=DeadlineKind.EMERGENCY_12H)
    assert clock.is_open  # the initial assessment is still due
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.INITIAL, risk_level=Level.MEDIUM,
        harm_level=Level.MEDIUM, emergency_needed=False,
    )  # fmt: skip
    step(world, case, Action.SUBMIT_INITIAL_ASSESSMENT)
    clock.refresh_from_db()
    assert clock.met_at is not None and clock.cancelled_at is None


def test_closure_needs_the_review_of_the_approved_plan(world: Any) -> None:
    case = case_in_state(world, CaseStatus.DETAILED_ASSESSMENT)
    # A review recorded early (before any plan) does not count for closure.
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW, child_stable=True
    )
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.DETAILED, risk_level=Level.MEDIUM,
        meeting_minutes="Họp với gia đình.",
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_DETAILED_ASSESSMENT)
    services.plan_save(
        actor=world.worker_a1, case=case, goals="An toàn cho trẻ.",
        services=[{"description": "Thăm gia đình", "due_date": datetime.date(2030, 1, 1)}],
    )  # fmt: skip
    case = step(world, case, Action.SUBMIT_PLAN)
    case = step(world, case, Action.APPROVE_PLAN, actor=world.chairman_a1, decision_number="8/QĐ-UBND")
    case = step(world, case, Action.START_REVIEW)
    with pytest.raises(services.InvalidTransition, match="Mẫu 06"):
        step(world, case, Action.CLOSE)


def test_cases_left_in_the_old_status_go_back_to_their_step(world: Any) -> None:
    import importlib

    from django.apps import apps

    from treem.cases.models import Case, CaseEvent

    name = "treem.cases.migrations.0003_police_referral_beside_the_support_track"
    migration = importlib.import_module(name)
    case = case_in_state(world, CaseStatus.INITIAL_ASSESSMENT)
    CaseEvent.objects.create(
        case=case,
        at=case.received_at,
        action=Action.REFER_TO_POLICE,
        from_status=CaseStatus.INITIAL_ASSESSMENT,
        to_status=CaseStatus.REFERRED_TO_POLICE,
    )
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.REFERRED_TO_POLICE)
    migration.forwards(apps, None)
    case.refresh_from_db()
    assert case.status == CaseStatus.INITIAL_ASSESSMENT
    assert Action.SUBMIT_INITIAL_ASSESSMENT in workflow.allowed_actions(case.status)
