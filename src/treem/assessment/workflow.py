"""The procedure of Quyết định 06/QĐ-TTg Điều 4–5 as a transition table (like ``cases/workflow.py``):
the commune self-assesses, holds its meeting and submits; the reviewing level returns or accepts; the
recognising level decides. Which level reviews and recognises after 01/07/2025 is UNCONFIRMED (ADR 0022):
whoever holds the permission over the commune does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from treem.assessment.models import Status as S

ASSESS = "assessment.assess_commune"
REVIEW = "assessment.review_assessment"
RECOGNISE = "assessment.recognise"

Guard = Callable[[Any, dict[str, Any]], str | None]


def has_minutes(a: Any, data: dict[str, Any]) -> str | None:
    if a.meeting_date and a.meeting_minutes.strip():
        return None
    return "Cần ghi ngày họp và biên bản cuộc họp tự đánh giá của xã trước khi gửi."


def needs_comment(a: Any, data: dict[str, Any]) -> str | None:
    return None if str(data.get("comment") or "").strip() else "Cần ghi rõ nội dung cần bổ sung, lý do."


def needs_decision(a: Any, data: dict[str, Any]) -> str | None:
    return None if str(data.get("decision_number") or "").strip() else "Cần số, ký hiệu quyết định."


def passes(a: Any, data: dict[str, Any]) -> str | None:
    return None if a.passed else "Xã chưa đạt đủ điều kiện công nhận theo kết quả đã kiểm tra."


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    perm: str
    guards: tuple[Guard, ...] = field(default_factory=tuple)
    style: str = "primary"


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            "Gửi hồ sơ đề nghị công nhận",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            ASSESS,
            (has_minutes,),
        ),
        Transition(
            "return", "Trả lại để bổ sung", (S.SUBMITTED,), S.RETURNED, REVIEW, (needs_comment,), "secondary"
        ),
        Transition("accept", "Xác nhận đã kiểm tra", (S.SUBMITTED,), S.ACCEPTED, REVIEW),
        Transition(
            "recognise",
            "Quyết định công nhận",
            (S.ACCEPTED,),
            S.RECOGNISED,
            RECOGNISE,
            (needs_decision, passes),
        ),
        Transition(
            "not_recognise",
            "Không công nhận",
            (S.ACCEPTED,),
            S.NOT_RECOGNISED,
            RECOGNISE,
            (needs_comment,),
            "secondary",
        ),
    )
}


def available(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def refusal(transition: Transition, assessment: Any, data: dict[str, Any]) -> str | None:
    if assessment.status not in transition.sources:
        return "Không thể thực hiện thao tác này ở trạng thái hiện tại."
    for guard in transition.guards:
        reason = guard(assessment, data)
        if reason:
            return reason
    return None
