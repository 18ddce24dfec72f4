"""What the case page offers (issue #19): the next legal step as the main action, the other conclusions
beside it, the escalations (police, another commune) apart and confirmed — each only when the transition
table and its guards allow it now — and deadlines written in the unit of their own clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from treem.accounts import access
from treem.cases import services, workflow
from treem.cases.choices import Action, CaseStatus, DeadlineKind
from treem.cases.models import Case, Deadline
from treem.core import calendar

# What to fill in first when the next step waits for a form (the form's page and its name).
PREREQUISITES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    CaseStatus.INITIAL_ASSESSMENT: (
        "Ghi phiếu đánh giá nguy cơ ban đầu (Mẫu 02)",
        "cases:assess",
        ("initial",),
    ),
    CaseStatus.DETAILED_ASSESSMENT: ("Ghi báo cáo đánh giá chi tiết (Mẫu 03)", "cases:assess", ("detailed",)),
    CaseStatus.PLAN_DRAFTING: ("Soạn kế hoạch hỗ trợ, can thiệp (Mẫu 04)", "cases:plan", ()),
    CaseStatus.REVIEWING: ("Ghi phiếu rà soát, đánh giá (Mẫu 06)", "cases:assess", ("review",)),
}
# When the table's next step is refused on its merits (the review finds the child not yet safe), the
# procedure's other way on becomes the main action (Điều 30 k1 c: build the plan again).
FALLBACK: dict[str, str] = {CaseStatus.REVIEWING: Action.REPLAN}
# When the next step belongs to someone else.
WAITING: dict[str, str] = {
    CaseStatus.PLAN_PENDING_APPROVAL: "Kế hoạch đang chờ Chủ tịch Ủy ban nhân dân xã, phường quyết định.",
}
# One line under each main action: what it does.
HELP: dict[str, str] = {
    Action.START_VERIFICATION: "Kiểm tra, xác minh thông tin (Điều 25 Nghị định 56/2017/NĐ-CP).",
    Action.CONFIRM: "Thông tin có cơ sở: đánh giá nguy cơ ban đầu trong 12 giờ kể từ khi tiếp nhận.",
    Action.SUBMIT_INITIAL_ASSESSMENT: "Mẫu 02 kết luận không cần can thiệp khẩn cấp; xong thời hạn 12 giờ.",
    Action.START_EMERGENCY: "Phiếu Mẫu 02 kết luận cần can thiệp khẩn cấp (Điều 26 khoản 3).",
    Action.END_EMERGENCY: "Trẻ em đã an toàn: chuyển sang đánh giá chi tiết, họp xác định nhu cầu.",
    Action.SUBMIT_DETAILED_ASSESSMENT: "Đã có Mẫu 03 và biên bản họp: xây dựng kế hoạch (05 ngày làm việc).",
    Action.SUBMIT_PLAN: "Trình Chủ tịch Ủy ban nhân dân phê duyệt (07 ngày làm việc).",
    Action.APPROVE_PLAN: "Quyết định phê duyệt kế hoạch (Mẫu 05).",
    Action.START_REVIEW: "Rà soát, đánh giá tình trạng của trẻ em sau khi thực hiện kế hoạch (Mẫu 06).",
    Action.CLOSE: "Trẻ em không còn nguy cơ và đã ổn định (Điều 30 khoản 1 điểm b).",
    Action.REPLAN: "Trẻ em còn nguy cơ hoặc chưa ổn định: xây dựng lại kế hoạch (Điều 30 khoản 1 điểm c).",
    Action.REFER_TO_POLICE: (
        "Vụ việc có dấu hiệu tội phạm: báo cơ quan công an. Việc hỗ trợ, can thiệp cho trẻ em vẫn tiếp tục."
    ),
    Action.TRANSFER: "Vụ việc thuộc xã, phường khác: chuyển hồ sơ và thời hạn 12 giờ sang nơi tiếp nhận.",
}
NOTE_ACTIONS = {
    Action.NOT_SUBSTANTIATED,
    Action.TRANSFER,
    Action.REFER_TO_POLICE,
    Action.END_EMERGENCY,
    Action.RETURN_PLAN,
    Action.REPLAN,
    Action.REOPEN,
}


@dataclass
class Offer:
    code: str
    label: str
    help: str = ""
    note: bool = False
    decision: bool = False
    transfer: bool = False
    police: bool = False


@dataclass
class NextStep:
    primary: Offer | None = None
    blocked_label: str = ""  # the next step that cannot be taken yet …
    blocked_reasons: list[str] = field(default_factory=list)  # … why …
    prerequisite: tuple[str, str] | None = None  # … and what to fill in first: (label, url)
    alternatives: list[Offer] = field(default_factory=list)
    escalations: list[Offer] = field(default_factory=list)
    waiting: str = ""  # the next step is someone else's


def _offer(action: str) -> Offer:
    return Offer(
        code=action,
        label=str(Action(action).label),
        help=HELP.get(action, ""),
        note=action in NOTE_ACTIONS,
        decision=action == Action.APPROVE_PLAN,
        transfer=action == Action.TRANSFER,
        police=action == Action.REFER_TO_POLICE,
    )


def next_step(
    user: Any,
    case: Case,
    *,
    transfer_targets: list[Any],
    police: list[Any],
    loaded: dict[str, Any] | None = None,
) -> NextStep:
    """The actions ``user`` may take on ``case`` now. The guards are checked with the inputs the user will
    type (a note, a decision number, a commune, an agency) taken as given, so an action is offered when
    only those are missing and hidden when a form or a condition of the procedure is."""
    typed: dict[str, Any] = {"note": "…", "decision_number": "…"}
    if transfer_targets:
        typed["to_commune"] = transfer_targets[0].pk
    if police:
        typed["agency"] = police[0].pk
    if loaded is None:  # the case file's assessments, plans and referrals (selectors.case_file)
        facts = services.facts_for(case, typed)
    else:
        facts = services.facts_from(
            case,
            typed,
            assessments=loaded["assessments"],
            plans=loaded["plans"],
            referrals=loaded["referrals"],
            police=police,
        )
    result = NextStep()
    forward: list[tuple[str, list[str]]] = []
    possible: set[str] = set()
    for action in workflow.allowed_actions(case.status):
        transition = workflow.TRANSITIONS[(case.status, action)]
        if not access.has_perm(user, transition.perm, case.unit):
            continue
        _t, reasons = workflow.check(case.status, action, facts)
        if not reasons:
            possible.add(action)
        if action not in workflow.ESCALATIONS and action not in workflow.ALTERNATIVES:
            forward.append((action, reasons))
    main = next((a for a, reasons in forward if not reasons), None)
    if main is None and forward:
        first, reasons = forward[0]
        result.blocked_label, result.blocked_reasons = str(Action(first).label), reasons
        fallback = FALLBACK.get(case.status)
        review_refused = facts.latest_review is not None
        if fallback in possible and review_refused:
            main = fallback
        elif case.status in PREREQUISITES:
            label, url, args = PREREQUISITES[case.status]
            result.prerequisite = (label, reverse(url, args=[case.pk, *args]))
    if main is not None:
        result.primary = _offer(main)
    elif not forward:
        result.waiting = WAITING.get(case.status, "")
    for action in workflow.allowed_actions(case.status):
        if action == main or action not in possible:
            continue
        if action in workflow.ESCALATIONS:
            result.escalations.append(_offer(action))
        elif action in workflow.ALTERNATIVES:
            result.alternatives.append(_offer(action))
    return result


# -- deadlines in words --------------------------------------------------------------------------------
def _dmy(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def deadline_text(d: Deadline, now: datetime.datetime | None = None) -> str:
    """How a clock stands, in its own unit: hours for the 12-hour clock, working days for the plan and
    the approval (Nghị định 56/2017 Điều 28), calendar days for the review — never mixed. E.g. "còn 3
    ngày làm việc (đến 11/12/2026)", "quá hạn 2 ngày làm việc (hạn 04/12/2026)"."""
    now = now or timezone.now()
    due = timezone.localtime(d.due_at)
    if d.met_at is not None:
        return f"đã xong {timezone.localtime(d.met_at):%H:%M %d/%m/%Y} (hạn {_due(d, due)})"
    if d.cancelled_at is not None:
        return f"đã hủy (hạn {_due(d, due)})"
    today = timezone.localtime(now).date()
    if d.kind == DeadlineKind.EMERGENCY_12H:
        minutes = int(abs((d.due_at - now).total_seconds()) // 60)
        if d.due_at > now:
            hours, mins = divmod(minutes, 60)
            return f"còn {hours} giờ {mins:02d} phút (đến {due:%H:%M %d/%m/%Y})"
        if minutes < 60:
            return f"quá hạn {minutes} phút (hạn {due:%H:%M %d/%m/%Y})"
        if minutes < 48 * 60:
            return f"quá hạn {minutes // 60} giờ (hạn {due:%H:%M %d/%m/%Y})"
        return f"quá hạn {minutes // (24 * 60)} ngày (hạn {due:%H:%M %d/%m/%Y})"
    working = d.kind in (DeadlineKind.PLAN_5WD, DeadlineKind.APPROVAL_7WD)
    unit = "ngày làm việc" if working else "ngày"
    if d.due_at > now:
        if due.date() == today:
            return f"hết hạn hôm nay ({_dmy(due.date())})"
        left = calendar.working_days_between(today, due.date()) if working else (due.date() - today).days
        return f"còn {left} {unit} (đến {_dmy(due.date())})"
    late = calendar.working_days_between(due.date(), today) if working else (today - due.date()).days
    if late <= 0:  # due on the eve of a weekend or holiday: no working day has passed since
        return f"quá hạn từ {_dmy(due.date())}"
    return f"quá hạn {late} {unit} (hạn {_dmy(due.date())})"


def _due(d: Deadline, due: datetime.datetime) -> str:
    return f"{due:%H:%M %d/%m/%Y}" if d.kind == DeadlineKind.EMERGENCY_12H else _dmy(due.date())
