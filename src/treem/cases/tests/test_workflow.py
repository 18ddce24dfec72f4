"""Table-driven: every (state, action) pair is either allowed (with its guards) or refused with a reason."""

from __future__ import annotations

import itertools

import pytest

from treem.cases import workflow
from treem.cases.choices import Action, CaseStatus, Level
from treem.cases.workflow import Facts

# Everything a guard could want, satisfied — so only the table decides.
GOOD = Facts(
    initial_assessment={"emergency_needed": False, "risk_level": Level.MEDIUM},
    detailed_assessment={"meeting_minutes": "Biên bản họp ngày 02/03/2026"},
    plan_services=2,
    latest_review={"risk_level": Level.LOW, "child_stable": True},
    data={"note": "Lý do", "decision_number": "12/QĐ-UBND", "to_commune": "999", "agency": 7},
)

EXPECTED = {
    (CaseStatus.RECEIVED, Action.START_VERIFICATION): CaseStatus.VERIFYING,
    (CaseStatus.RECEIVED, Action.TRANSFER): CaseStatus.TRANSFERRED,
    (CaseStatus.VERIFYING, Action.CONFIRM): CaseStatus.INITIAL_ASSESSMENT,
    (CaseStatus.VERIFYING, Action.NOT_SUBSTANTIATED): CaseStatus.NOT_SUBSTANTIATED,
    (CaseStatus.VERIFYING, Action.TRANSFER): CaseStatus.TRANSFERRED,
    (CaseStatus.INITIAL_ASSESSMENT, Action.SUBMIT_INITIAL_ASSESSMENT): CaseStatus.DETAILED_ASSESSMENT,
    (CaseStatus.INITIAL_ASSESSMENT, Action.START_EMERGENCY): CaseStatus.EMERGENCY_PROTECTION,
    (CaseStatus.EMERGENCY_PROTECTION, Action.END_EMERGENCY): CaseStatus.DETAILED_ASSESSMENT,
    (CaseStatus.DETAILED_ASSESSMENT, Action.SUBMIT_DETAILED_ASSESSMENT): CaseStatus.PLAN_DRAFTING,
    (CaseStatus.PLAN_DRAFTING, Action.SUBMIT_PLAN): CaseStatus.PLAN_PENDING_APPROVAL,
    (CaseStatus.PLAN_PENDING_APPROVAL, Action.APPROVE_PLAN): CaseStatus.IMPLEMENTING,
    (CaseStatus.PLAN_PENDING_APPROVAL, Action.RETURN_PLAN): CaseStatus.PLAN_DRAFTING,
    (CaseStatus.IMPLEMENTING, Action.START_REVIEW): CaseStatus.REVIEWING,
    (CaseStatus.REVIEWING, Action.CLOSE): CaseStatus.CLOSED,
    (CaseStatus.REVIEWING, Action.REPLAN): CaseStatus.PLAN_DRAFTING,
    (CaseStatus.CLOSED, Action.REOPEN): CaseStatus.VERIFYING,
    (CaseStatus.NOT_SUBSTANTIATED, Action.REOPEN): CaseStatus.VERIFYING,
    # The referral to the police runs beside the support track: the case stays where it is (ADR 0023).
    **{(s, Action.REFER_TO_POLICE): s for s in workflow.OPEN_STATUSES},
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(CaseStatus.values, Action.values)))
def test_every_state_action_pair(status: str, action: str) -> None:
    facts = GOOD
    if action == Action.START_EMERGENCY:
        facts = Facts(**{**GOOD.__dict__, "initial_assessment": {"emergency_needed": True}})
    transition, reasons = workflow.check(status, action, facts)
    expected = EXPECTED.get((status, action))
    if expected is None:
        assert transition is None
        assert reasons and "Không thể" in reasons[0]
    else:
        assert transition is not None and transition.to == expected
        assert reasons == []


@pytest.mark.parametrize(
    ("status", "action", "facts", "reason"),
    [
        (
            CaseStatus.REVIEWING,
            Action.CLOSE,
            Facts(latest_review={"risk_level": Level.MEDIUM, "child_stable": True}),
            "Điều 30",
        ),
        (
            CaseStatus.REVIEWING,
            Action.CLOSE,
            Facts(latest_review={"risk_level": Level.LOW, "child_stable": False}),
            "ổn định",
        ),
        (CaseStatus.REVIEWING, Action.CLOSE, Facts(), "Mẫu 06"),
        (CaseStatus.PLAN_DRAFTING, Action.SUBMIT_PLAN, Facts(plan_services=0), "Mẫu 04"),
        (CaseStatus.PLAN_PENDING_APPROVAL, Action.APPROVE_PLAN, Facts(), "Mẫu 05"),
        (
            CaseStatus.DETAILED_ASSESSMENT,
            Action.SUBMIT_DETAILED_ASSESSMENT,
            Facts(detailed_assessment={"meeting_minutes": ""}),
            "biên bản họp",
        ),
        (
            CaseStatus.INITIAL_ASSESSMENT,
            Action.SUBMIT_INITIAL_ASSESSMENT,
            Facts(initial_assessment={"emergency_needed": True}),
            "khẩn cấp",
        ),
        (
            CaseStatus.INITIAL_ASSESSMENT,
            Action.START_EMERGENCY,
            Facts(initial_assessment={"emergency_needed": False}),
            "không xác định",
        ),
        (CaseStatus.VERIFYING, Action.NOT_SUBSTANTIATED, Facts(), "lý do"),
        (CaseStatus.RECEIVED, Action.TRANSFER, Facts(data={"note": "x"}), "xã, phường tiếp nhận"),
        (CaseStatus.IMPLEMENTING, Action.REFER_TO_POLICE, Facts(data={"note": "x"}), "cơ quan công an"),
        (CaseStatus.VERIFYING, Action.REFER_TO_POLICE, Facts(data={"agency": 7}), "lý do"),
        (
            CaseStatus.VERIFYING,
            Action.REFER_TO_POLICE,
            Facts(data={"agency": 7, "note": "x"}, police_referral_open=True),
            "đang chờ kết quả",
        ),
    ],
)
def test_guards_refuse_with_a_reason(status: str, action: str, facts: Facts, reason: str) -> None:
    transition, reasons = workflow.check(status, action, facts)
    assert transition is not None
    assert any(reason in r for r in reasons), reasons


def test_only_the_chairman_permission_approves() -> None:
    assert (
        workflow.TRANSITIONS[(CaseStatus.PLAN_PENDING_APPROVAL, Action.APPROVE_PLAN)].perm
        == "cases.approve_plan"
    )
    assert (
        workflow.TRANSITIONS[(CaseStatus.PLAN_PENDING_APPROVAL, Action.RETURN_PLAN)].perm
        == "cases.approve_plan"
    )
