"""The case-handling procedure of Nghị định 56/2017/NĐ-CP (Điều 25–30) as a transition table.

Pure Python, no ORM: ``services.case_transition`` is the only code that applies it. Each transition
names the permission it needs, its guards, and the deadlines it opens and closes. Guards receive
``Facts`` (what the service read from the database and the submitted data) and return ``None`` or a
Vietnamese reason, so every refusal can be shown to the user and tested exhaustively.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from treem.cases.choices import Action as A
from treem.cases.choices import CaseStatus as S
from treem.cases.choices import DeadlineKind as D
from treem.cases.choices import Level


@dataclass(frozen=True)
class Facts:
    """What the guards may look at."""

    initial_assessment: dict[str, Any] | None = None  # latest Mẫu 02: {"emergency_needed", "risk_level", …}
    detailed_assessment: dict[str, Any] | None = None  # latest Mẫu 03: {"meeting_minutes", …}
    plan_services: int = 0  # services in the current plan (Mẫu 04)
    latest_review: dict[str, Any] | None = None  # latest Mẫu 06: {"risk_level", "child_stable"}
    data: dict[str, Any] = field(default_factory=dict)  # submitted with the action (note, decision no …)
    same_commune: bool = False  # for a transfer: the target is the case's own commune
    police_referral_open: bool = False  # a referral to the police awaits its result


Guard = Callable[[Facts], str | None]


def needs_note(f: Facts) -> str | None:
    return None if str(f.data.get("note") or "").strip() else _("Cần ghi rõ lý do, kết luận.")


def has_initial_assessment(f: Facts) -> str | None:
    return None if f.initial_assessment else _("Chưa có phiếu đánh giá nguy cơ ban đầu (Mẫu 02).")


def initial_says_no_emergency(f: Facts) -> str | None:
    if f.initial_assessment and f.initial_assessment.get("emergency_needed"):
        return _("Đánh giá ban đầu xác định cần can thiệp khẩn cấp: phải áp dụng biện pháp khẩn cấp trước.")
    return None


def initial_says_emergency(f: Facts) -> str | None:
    if not (f.initial_assessment and f.initial_assessment.get("emergency_needed")):
        return _("Đánh giá ban đầu không xác định cần can thiệp khẩn cấp.")
    return None


def has_detailed_assessment(f: Facts) -> str | None:
    if not f.detailed_assessment:
        return _("Chưa có báo cáo đánh giá chi tiết (Mẫu 03).")
    if not str(f.detailed_assessment.get("meeting_minutes") or "").strip():
        return _("Chưa có biên bản họp xác định nhu cầu hỗ trợ của trẻ em.")
    return None


def plan_has_services(f: Facts) -> str | None:
    return None if f.plan_services > 0 else _("Kế hoạch chưa có dịch vụ, biện pháp hỗ trợ nào (Mẫu 04).")


def has_decision_number(f: Facts) -> str | None:
    if str(f.data.get("decision_number") or "").strip():
        return None
    return _("Cần số, ký hiệu quyết định phê duyệt kế hoạch (Mẫu 05).")


def can_close(f: Facts) -> str | None:
    """Điều 30 k1 điểm b: close only when the child is no longer at risk and is stable."""
    review = f.latest_review
    if not review:
        return _("Chưa có phiếu rà soát, đánh giá (Mẫu 06).")
    if review.get("risk_level") != Level.LOW or not review.get("child_stable"):
        return _(
            "Chỉ kết thúc khi trẻ em không còn nguy cơ bị xâm hại (mức nguy cơ Thấp) và ổn định về thể chất, "
            "tâm lý, nhận thức, tình cảm (Điều 30 Nghị định 56/2017/NĐ-CP); nếu chưa, xây dựng lại kế hoạch."
        )
    return None


def has_police_agency(f: Facts) -> str | None:
    return None if f.data.get("agency") else _("Cần chọn cơ quan công an tiếp nhận.")


def not_already_with_police(f: Facts) -> str | None:
    if f.police_referral_open:
        return _("Vụ việc đã được chuyển cơ quan công an và đang chờ kết quả.")
    return None


def has_target_commune(f: Facts) -> str | None:
    if not f.data.get("to_commune"):
        return _("Cần chọn xã, phường tiếp nhận.")
    if f.same_commune:
        return _("Vụ việc đang thuộc chính xã, phường này.")
    return None


@dataclass(frozen=True)
class T:
    to: str
    perm: str = "cases.manage_case"
    guards: tuple[Guard, ...] = ()
    opens: tuple[str, ...] = ()
    closes: tuple[str, ...] = ()

    def parallel(self, status: str) -> bool:
        """A step taken beside the procedure: the case stays where it is."""
        return self.to == status


# Where the support track is still running: every status until its end (Nghị định 56/2017 Điều 25–30).
OPEN_STATUSES = (
    S.RECEIVED,
    S.VERIFYING,
    S.INITIAL_ASSESSMENT,
    S.EMERGENCY_PROTECTION,
    S.DETAILED_ASSESSMENT,
    S.PLAN_DRAFTING,
    S.PLAN_PENDING_APPROVAL,
    S.IMPLEMENTING,
    S.REVIEWING,
)
# Steps that take the case out of the commune's ordinary track or alert another authority: the case page
# sets them apart and asks for a confirmation (issue #19).
ESCALATIONS = (A.REFER_TO_POLICE, A.TRANSFER)
# Conclusions other than the next step of the procedure (shown beside it, never as the main button).
ALTERNATIVES = (A.NOT_SUBSTANTIATED, A.RETURN_PLAN, A.REPLAN, A.REOPEN)


_EARLY = (S.RECEIVED, S.VERIFYING)

TRANSITIONS: dict[tuple[str, str], T] = {
    (S.RECEIVED, A.START_VERIFICATION): T(S.VERIFYING),
    (S.VERIFYING, A.CONFIRM): T(S.INITIAL_ASSESSMENT),
    (S.VERIFYING, A.NOT_SUBSTANTIATED): T(
        S.NOT_SUBSTANTIATED, guards=(needs_note,), closes=(D.EMERGENCY_12H,)
    ),
    **{
        (s, A.TRANSFER): T(S.TRANSFERRED, guards=(has_target_commune, needs_note), closes=(D.EMERGENCY_12H,))
        for s in _EARLY
    },
    # Signs of a crime: the report goes to the police (Nghị định 56/2017 Điều 25 k3 — the criminal track
    # follows the Criminal Procedure Code) while the child's support track goes on beside it: the case
    # keeps its status, its clocks and every later step (ADR 0023).
    **{
        (s, A.REFER_TO_POLICE): T(s, guards=(has_police_agency, needs_note, not_already_with_police))
        for s in OPEN_STATUSES
    },
    (S.INITIAL_ASSESSMENT, A.SUBMIT_INITIAL_ASSESSMENT): T(
        S.DETAILED_ASSESSMENT,
        guards=(has_initial_assessment, initial_says_no_emergency),
        closes=(D.EMERGENCY_12H,),
        opens=(D.PLAN_5WD,),
    ),
    (S.INITIAL_ASSESSMENT, A.START_EMERGENCY): T(
        S.EMERGENCY_PROTECTION,
        guards=(has_initial_assessment, initial_says_emergency),
        closes=(D.EMERGENCY_12H,),
        opens=(D.PLAN_5WD,),
    ),
    (S.EMERGENCY_PROTECTION, A.END_EMERGENCY): T(S.DETAILED_ASSESSMENT, guards=(needs_note,)),
    (S.DETAILED_ASSESSMENT, A.SUBMIT_DETAILED_ASSESSMENT): T(
        S.PLAN_DRAFTING, guards=(has_detailed_assessment,)
    ),
    (S.PLAN_DRAFTING, A.SUBMIT_PLAN): T(
        S.PLAN_PENDING_APPROVAL, guards=(plan_has_services,), closes=(D.PLAN_5WD,), opens=(D.APPROVAL_7WD,)
    ),
    (S.PLAN_PENDING_APPROVAL, A.APPROVE_PLAN): T(
        S.IMPLEMENTING,
        perm="cases.approve_plan",
        guards=(has_decision_number,),
        closes=(D.APPROVAL_7WD,),
        opens=(D.REVIEW,),
    ),
    (S.PLAN_PENDING_APPROVAL, A.RETURN_PLAN): T(
        S.PLAN_DRAFTING, perm="cases.approve_plan", guards=(needs_note,), closes=(D.APPROVAL_7WD,)
    ),
    (S.IMPLEMENTING, A.START_REVIEW): T(S.REVIEWING),
    (S.REVIEWING, A.CLOSE): T(S.CLOSED, guards=(can_close,), closes=(D.REVIEW,)),
    (S.REVIEWING, A.REPLAN): T(
        S.PLAN_DRAFTING, guards=(needs_note,), closes=(D.REVIEW,), opens=(D.PLAN_5WD,)
    ),
    **{(s, A.REOPEN): T(S.VERIFYING, guards=(needs_note,)) for s in (S.CLOSED, S.NOT_SUBSTANTIATED)},
}


def allowed_actions(status: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == status]


def check(status: str, action: str, facts: Facts) -> tuple[T | None, list[str]]:
    """(the transition, reasons it is refused). A missing transition is refused with one reason."""
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        return None, [
            _("Không thể “%(action)s” khi vụ việc ở trạng thái “%(status)s”.")
            % {"action": A(action).label if action in A.values else action, "status": S(status).label}
        ]
    reasons = [r for r in (g(facts) for g in transition.guards) if r]
    return transition, reasons
