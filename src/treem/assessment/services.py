"""Writes of the assessment: rounds, the commune's self-assessment, manual entries with evidence, the
workflow's steps. Each in one transaction, audited (``treem.audit.services.audit_log``)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from treem.accounts import access
from treem.assessment import rules, scoring, workflow
from treem.assessment.models import (
    AssessmentEvent,
    AssessmentRound,
    CommuneAssessment,
    CommuneType,
    ManualEntry,
    Standing,
    Status,
    SubCriterion,
)
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.geo.models import AdminUnit, Generation, Level


def round_generate(*, actor: Any, year: int) -> tuple[AssessmentRound, int]:
    """The round of ``year`` with a draft assessment for every current commune (idempotent: communes that
    already have one keep it). Returns the round and the number of assessments created."""
    if not rules.is_evaluation_year(year):
        raise ApplicationError(
            f"Năm {year} không phải năm đánh giá (tháng 11 năm thứ hai và thứ tư của kế hoạch 5 năm)."
        )
    first, last = rules.plan_period(year)
    with transaction.atomic():
        rnd, made = AssessmentRound.objects.get_or_create(
            year=year, defaults={"period_start": first, "period_end": last}
        )
        have = set(CommuneAssessment.objects.filter(round=rnd).values_list("unit_id", flat=True))
        communes = AdminUnit.objects.filter(level=Level.COMMUNE, generation=Generation.CURRENT).exclude(
            pk__in=have
        )
        new = [CommuneAssessment(round=rnd, unit_id=pk) for pk in communes.values_list("pk", flat=True)]
        CommuneAssessment.objects.bulk_create(new, batch_size=1000)
        if made or new:
            audit_log(
                actor=actor or "system",
                action="assessment.round.generated",
                obj=rnd,
                extra={"year": year, "created": len(new)},
            )
    return rnd, len(new)


def _check_version(a: CommuneAssessment, expected: int | None) -> None:
    if expected is not None and a.version != expected:
        raise ConcurrentEditError(
            f"Hồ sơ đã được người khác cập nhật (trạng thái: {a.get_status_display()}). Hãy tải lại trang."
        )


EDITABLE = (Status.DRAFT, Status.RETURNED)


def self_assessment_update(
    *,
    actor: Any,
    assessment: CommuneAssessment,
    meeting_date: datetime.date | None,
    meeting_minutes: str,
    explanation: str,
    expected_version: int | None = None,
) -> CommuneAssessment:
    with transaction.atomic():
        a = CommuneAssessment.objects.select_for_update().get(pk=assessment.pk)
        access.require(actor, workflow.ASSESS, a.unit)
        _check_version(a, expected_version)
        if a.status not in EDITABLE or a.paper:
            raise ApplicationError("Hồ sơ đã gửi, không sửa được nữa.")
        before = {"meeting_date": str(a.meeting_date or ""), "minutes": len(a.meeting_minutes)}
        a.meeting_date, a.meeting_minutes, a.explanation = meeting_date, meeting_minutes, explanation
        a.version += 1
        a.save()
        audit_log(
            actor=actor,
            action="assessment.self_assessment.updated",
            obj=a,
            before=before,
            after={"meeting_date": str(meeting_date or ""), "minutes": len(meeting_minutes)},
        )
    return a


def can_enter(user: Any, assessment: CommuneAssessment, sub: SubCriterion) -> bool:
    """The commune (its self-assessment), or an officer of the sector responsible for the criterion with
    the right to enter figures over the commune."""
    if access.has_perm(user, workflow.ASSESS, assessment.unit):
        return True
    if not access.has_perm(user, "indicators.enter_value", assessment.unit):
        return False
    return any(
        x.agency is not None
        and x.agency.agency_type is not None
        and x.agency.agency_type.sector == sub.sector
        for x in access.active_assignments(user)
    )


def entry_save(
    *,
    actor: Any,
    assessment: CommuneAssessment,
    sub: SubCriterion,
    points: int,
    figure: str = "",
    note: str = "",
    upload: Any = None,
) -> ManualEntry:
    from treem.core.files import check_upload

    if assessment.paper:
        raise ApplicationError("Kết quả nhập lại từ hồ sơ giấy là lịch sử, không sửa được.")
    if not can_enter(actor, assessment, sub):
        raise access.AccessDenied
    if assessment.status not in EDITABLE:
        raise ApplicationError("Hồ sơ đã gửi, không sửa được nữa.")
    if not 0 <= points <= sub.max_points:
        raise ApplicationError(f"Điểm phải từ 0 đến {sub.max_points}.")
    checked = check_upload(upload) if upload is not None else None
    with transaction.atomic():
        entry, created = ManualEntry.objects.select_for_update().get_or_create(
            assessment=assessment, sub=sub, defaults={"points": points, "entered_by": actor}
        )
        before = None if created else {"points": entry.points, "figure": entry.figure}
        entry.points, entry.figure, entry.note, entry.entered_by = points, figure, note, actor
        if checked is not None:
            entry.evidence.save(
                f"{secrets.token_hex(16)}{checked.ext}", ContentFile(upload.read()), save=False
            )
            entry.evidence_name, entry.evidence_type = checked.name, checked.content_type
        entry.save()
        audit_log(
            actor=actor,
            action="assessment.entry.saved",
            obj=entry,
            unit=assessment.unit,
            before=before,
            after={"sub": sub.code, "points": points, "figure": figure, "evidence": entry.evidence_name},
        )
    return entry


def assessment_transition(
    *,
    actor: Any,
    assessment_id: int,
    action: str,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> CommuneAssessment:
    data = data or {}
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise ApplicationError("Thao tác không hợp lệ.")
    with transaction.atomic():
        a = (
            CommuneAssessment.objects.select_for_update()
            .select_related("unit", "round")
            .get(pk=assessment_id)
        )
        from treem.assessment import selectors

        if not selectors.perm_over(actor, "geo.view_unit", a.unit):
            raise access.AccessDenied
        if a.paper:
            raise ApplicationError("Kết quả nhập lại từ hồ sơ giấy là lịch sử, không chuyển bước được.")
        if not access.has_perm(actor, transition.perm, a.unit):
            raise ApplicationError("Vai trò của bạn không được thực hiện bước này.")
        _check_version(a, expected_version)
        if action == "submit":  # the figures the reviewers check are those of the submission
            result = scoring.score(a.unit, a.round.year, assessment=a)
            a.score, a.total, a.passed = result.as_json(), result.total, result.passed
        reason = workflow.refusal(transition, a, data)
        if reason:
            raise ApplicationError(reason)
        now = timezone.now()
        before = a.status
        a.status = transition.target
        a.version += 1
        comment = str(data.get("comment") or "").strip()
        if action == "submit":
            a.submitted_at = now
        if action in ("return", "not_recognise"):
            a.comment = comment
        if action in ("recognise", "not_recognise"):
            a.decision_number = str(data.get("decision_number") or "").strip()
            a.decided_at, a.decided_by = now, actor
        a.save()
        AssessmentEvent.objects.create(
            assessment=a,
            at=now,
            actor=actor,
            action=action,
            from_status=before,
            to_status=a.status,
            comment=comment,
        )
        audit_log(
            actor=actor,
            action=f"assessment.{action}",
            obj=a,
            before={"status": before},
            after={"status": a.status, "total": a.total, "passed": a.passed, "comment": comment},
        )
    return a


def commune_type_set(*, actor: Any, unit: AdminUnit, category: str, note: str = "") -> CommuneType:
    """The province records a commune's kind (mountain, island, extremely disadvantaged …)."""
    province = AdminUnit.objects.filter(pk__in=unit.ancestor_ids(), level=Level.PROVINCE).first()
    if province is None or not access.has_perm(actor, workflow.REVIEW, province):
        raise access.AccessDenied
    if category not in rules.THRESHOLDS:
        raise ApplicationError("Loại xã không hợp lệ.")
    with transaction.atomic():
        obj, _ = CommuneType.objects.update_or_create(
            unit=unit, defaults={"category": category, "note": note, "set_by": actor}
        )
        audit_log(
            actor=actor,
            action="assessment.commune_type.set",
            obj=obj,
            unit=unit,
            after={"category": category},
        )
    return obj


# -- where communes stand (ADR 0031) ------------------------------------------------------------------------
def standing_refresh(*, unit: AdminUnit, year: int, today: datetime.date | None = None) -> scoring.Score:
    """Score ``unit`` for ``year`` as it stands ``today`` and keep the result for the province page. Derived
    figures, no personal data: not audited."""
    today = today or timezone.localdate()
    a = CommuneAssessment.objects.filter(unit=unit, round__year=year).first()
    result = scoring.score(unit, year, assessment=a, as_of=today)
    Standing.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "computed_at": timezone.now(),
            "total": result.total,
            "threshold": result.threshold,
            "passed": result.passed,
            "estimated": result.estimated,
            "zero_criteria": result.zero_criteria,
            "reasons": result.reasons,
        },
    )
    return result


def standings_refresh(*, year: int, within: AdminUnit | None = None) -> int:
    """Refresh the standing of every current commune (of ``within``, or of the nation) for ``year``."""
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, generation=Generation.CURRENT)
    if within is not None:
        communes = communes.filter(path__startswith=within.path)
    today = timezone.localdate()
    n = 0
    for unit in communes.iterator(chunk_size=200):
        standing_refresh(unit=unit, year=year, today=today)
        n += 1
    return n


# -- results of rounds held on paper, before Treem (ADR 0031) ----------------------------------------------
PAPER_STATES = (Status.SUBMITTED, Status.RETURNED, Status.RECOGNISED, Status.NOT_RECOGNISED)


def paper_result_record(
    *,
    actor: Any,
    year: int,
    unit: AdminUnit,
    points: dict[str, int],
    status: str,
    submitted_on: datetime.date,
    meeting_date: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    decision_number: str = "",
    decided_by_text: str = "",
    comment: str = "",
    note: str = "",
) -> CommuneAssessment:
    """Re-enter the result of a round held on paper: the points of every sub-criterion from the commune's
    self-assessment table, the dates of its steps and the decision. The unit may be a former commune (the
    rounds of 2022 and 2024 were held by the communes of the former map). All or nothing."""
    from treem.assessment import selectors

    if not selectors.perm_over(actor, workflow.REVIEW, unit):
        raise access.AccessDenied
    if unit.level != Level.COMMUNE:
        raise ApplicationError("Chỉ nhập kết quả đánh giá cho xã, phường, thị trấn.")
    if not rules.is_evaluation_year(year):
        raise ApplicationError(f"Năm {year} không phải năm đánh giá.")
    if status not in PAPER_STATES:
        raise ApplicationError("Trạng thái hồ sơ giấy không hợp lệ.")
    today = timezone.localdate()
    if datetime.date(year, rules.EVALUATION_MONTH, 1) > today:
        raise ApplicationError(f"Kỳ đánh giá tháng 11/{year} chưa diễn ra: không nhập kết quả giấy.")
    subs = {s.code: s for s in SubCriterion.objects.select_related("criterion")}
    errors = [f"Thiếu điểm tiêu chí {code}." for code in subs if code not in points]
    errors += [f"Không có tiêu chí {code}." for code in points if code not in subs]
    errors += [
        f"Điểm tiêu chí {code} phải từ 0 đến {subs[code].max_points}."
        for code, value in points.items()
        if code in subs and not 0 <= value <= subs[code].max_points
    ]
    dates = [d for d in (meeting_date, submitted_on, decided_on) if d is not None]
    if dates != sorted(dates) or any(d > today for d in dates):
        errors.append("Ngày họp, ngày gửi, ngày quyết định phải theo thứ tự và không sau hôm nay.")
    decided = status in (Status.RECOGNISED, Status.NOT_RECOGNISED)
    if decided and not (decided_on and decision_number.strip()):
        errors.append("Cần ngày và số, ký hiệu quyết định.")
    if status in (Status.RETURNED, Status.NOT_RECOGNISED) and not comment.strip():
        errors.append("Cần ghi lý do trả lại hoặc không công nhận.")
    if errors:
        raise ApplicationError(" ".join(errors))
    with transaction.atomic():
        first, last = rules.plan_period(year)
        rnd, _ = AssessmentRound.objects.get_or_create(
            year=year, defaults={"period_start": first, "period_end": last}
        )
        if CommuneAssessment.objects.filter(round=rnd, unit=unit).exists():
            raise ApplicationError(f"{unit.name} đã có hồ sơ đánh giá năm {year}.")
        a = CommuneAssessment.objects.create(
            round=rnd,
            unit=unit,
            paper=True,
            meeting_date=meeting_date,
            meeting_minutes="Biên bản họp tự đánh giá trong hồ sơ giấy." if meeting_date else "",
            explanation=note,
        )
        ManualEntry.objects.bulk_create(
            ManualEntry(
                assessment=a,
                sub=subs[code],
                points=value,
                figure="Theo bảng tự đánh giá (hồ sơ giấy)",
                note=note,
                entered_by=actor,
            )
            for code, value in points.items()
        )
        result = scoring.score(unit, year, assessment=a)
        if status == Status.RECOGNISED and not result.passed:
            raise ApplicationError("Điểm đã nhập không đạt điều kiện công nhận: " + " ".join(result.reasons))
        tz = timezone.get_current_timezone()

        def at(day: datetime.date) -> datetime.datetime:
            return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz)

        steps: list[tuple[str, str, str, datetime.date, str]] = [
            ("submit", Status.DRAFT, Status.SUBMITTED, submitted_on, "")
        ]
        if status == Status.RETURNED:
            steps.append(("return", Status.SUBMITTED, Status.RETURNED, decided_on or submitted_on, comment))
        if decided:
            assert decided_on is not None
            steps.append(("accept", Status.SUBMITTED, Status.ACCEPTED, decided_on, ""))
            action = "recognise" if status == Status.RECOGNISED else "not_recognise"
            steps.append((action, Status.ACCEPTED, status, decided_on, comment))
        for action, source, target, day, text in steps:
            AssessmentEvent.objects.create(
                assessment=a, at=at(day), action=action, from_status=source, to_status=target, comment=text
            )
        a.score, a.total, a.passed = result.as_json(), result.total, result.passed
        a.submitted_at, a.status, a.comment = at(submitted_on), status, comment
        if decided:
            assert decided_on is not None
            a.decided_at, a.decision_number = at(decided_on), decision_number.strip()
            a.decided_by_text = decided_by_text
        a.save()
        audit_log(
            actor=actor,
            action="assessment.paper_result.recorded",
            obj=a,
            unit=unit,
            after={"year": year, "status": status, "total": result.total, "passed": result.passed},
        )
    return a
