"""Writes of the reporting regime: obligations from the plans, the report workflow, reminders, settings.

Workflow: draft → submitted → accepted, or returned with comments → (edited) → submitted again …
Each submission keeps the full content as sent; an accepted report is locked. Every write is one
transaction and audited; reminders go in-app and by e-mail from periodic jobs (reporting/tasks.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.notifications import notify
from treem.reporting import calendar, content, rules
from treem.reporting.models import Obligation, Reminder, ReportingRule, ReportState, Submission

SUBMIT, REVIEW = "reporting.submit_report", "reporting.review_report"
EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


# -- obligations ----------------------------------------------------------------------------------------
def _reviewer_unit(plan: Any) -> Any:
    """The unit the report goes to: that of the plan it was derived from, the agency's own unit, else the
    level above — a former unit always replaced by the current unit that took over receiving its
    reports (ADR 0025), never the nation by default."""
    from treem.plans.reform import receiving_unit

    if plan.derived_from_id is not None:
        return receiving_unit(plan.derived_from.unit)
    if plan.agency_id is not None:
        return receiving_unit(plan.unit)
    return receiving_unit(plan.unit.parent)


def obligations_generate(year: int) -> dict[str, int]:
    """Every plan's reporting deadlines become obligations for the periods of ``year`` (idempotent; the due
    dates of reports not yet sent follow the current day-off rule)."""
    from treem.plans.models import PlanStatus, ReportingDeadline

    rule = ReportingRule.current().day_off_rule
    counts = {"created": 0, "updated": 0}
    reviewers: dict[int, Any] = {}
    deadlines = ReportingDeadline.objects.filter(plan__status=PlanStatus.ACTIVE).select_related(
        "plan", "plan__unit", "plan__derived_from__unit", "plan__unit__parent"
    )
    with transaction.atomic():
        for deadline in deadlines:
            plan = deadline.plan
            if (plan.start_year and year < plan.start_year) or (plan.end_year and year > plan.end_year):
                continue
            for code in calendar.periods(deadline.periodicity, year, deadline.month):
                period = calendar.period(code)
                if plan.unit.valid_to and period.start > plan.unit.valid_to:
                    continue  # a former unit owes nothing after it ceased: its successors' plans do
                due = calendar.due_date(code, deadline.day, deadline.month, rule)
                reviewer = reviewers.setdefault(plan.pk, _reviewer_unit(plan))
                obligation, created = Obligation.objects.get_or_create(
                    deadline=deadline,
                    period=code,
                    defaults={
                        "plan": plan,
                        "unit": plan.unit,
                        "agency": plan.agency,
                        "reviewer_unit": reviewer,
                        "periodicity": deadline.periodicity,
                        "period_start": period.start,
                        "period_end": period.end,
                        "due_date": due,
                    },
                )
                if created:
                    counts["created"] += 1
                elif obligation.state == ReportState.DRAFT and (
                    obligation.due_date != due or obligation.reviewer_unit_id != getattr(reviewer, "pk", None)
                ):  # a new day-off rule, or a recipient replaced after the reform (ADR 0025)
                    obligation.due_date, obligation.reviewer_unit = due, reviewer
                    obligation.save(update_fields=["due_date", "reviewer_unit", "updated_at"])
                    counts["updated"] += 1
    return counts


# -- the report -----------------------------------------------------------------------------------------
def _locked(obligation: Obligation, version: int) -> Obligation:
    locked = Obligation.objects.select_for_update().select_related("unit", "plan").get(pk=obligation.pk)
    if locked.version != version:
        raise ConcurrentEditError(
            _("Báo cáo đã được người khác sửa hoặc gửi sau khi bạn mở trang. Hãy tải lại trang.")
        )
    return locked


def report_save(
    *, actor: Any, obligation: Obligation, version: int, results: str, shortcomings: str, proposals: str
) -> Obligation:
    """Keep the unit's narratives (the draft); refused once sent and not returned."""
    access.require(actor, SUBMIT, obligation.unit)
    with transaction.atomic():
        locked = _locked(obligation, version)
        if locked.state not in EDITABLE:
            raise ApplicationError(_("Báo cáo đã gửi; chỉ sửa được khi cấp trên trả lại."))
        before = {
            "results": locked.results,
            "shortcomings": locked.shortcomings,
            "proposals": locked.proposals,
        }
        locked.results, locked.shortcomings, locked.proposals = (
            results.strip(),
            shortcomings.strip(),
            proposals.strip(),
        )
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action="reporting.report.saved",
            obj=locked,
            unit=locked.unit,
            before=before,
            after={
                "results": locked.results,
                "shortcomings": locked.shortcomings,
                "proposals": locked.proposals,
            },
        )
    return locked


def report_submit(
    *, actor: Any, obligation: Obligation, version: int, today: datetime.date | None = None
) -> Submission:
    """Send the report: its content (figures as they stand now, and the narratives) is kept as a new
    submission, and the reviewers are told."""
    access.require(actor, SUBMIT, obligation.unit)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(obligation, version)
        if locked.state not in EDITABLE:
            raise ApplicationError(_("Báo cáo này đã được gửi."))
        if today < locked.period_start:
            raise ApplicationError(_("Chưa đến kỳ báo cáo này."))
        if not locked.results.strip():
            raise ValidationError({"results": _("Hãy viết phần kết quả thực hiện trước khi gửi.")})
        now = timezone.now()
        number = locked.submissions.count() + 1
        submission = Submission.objects.create(
            obligation=locked,
            number=number,
            content=content.build(locked, today),
            submitted_at=now,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        locked.state = ReportState.SUBMITTED
        locked.first_submitted_at = locked.first_submitted_at or now
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action="reporting.report.submitted",
            obj=locked,
            unit=locked.unit,
            after={"submission": number, "on_time": locked.on_time},
        )
        if locked.reviewer_unit is not None:
            reviewers = access.holders(REVIEW, locked.reviewer_unit)
            who = locked.agency.name if locked.agency else locked.unit.name
            title = _("%(unit)s đã gửi báo cáo %(period)s") % {"unit": who, "period": locked.period_label}
            transaction.on_commit(
                lambda: notify(
                    users=reviewers,
                    title=title,
                    link=reverse("reporting:detail", args=[locked.pk]),
                    kind="report",
                )
            )
    return submission


def report_review(
    *, actor: Any, obligation: Obligation, version: int, decision: str, comment: str
) -> Submission:
    """Accept (locks the report) or return with comments; only the level the report is sent to reviews."""
    if obligation.reviewer_unit is None:
        raise access.AccessDenied
    access.require(actor, REVIEW, obligation.reviewer_unit)
    if decision not in (ReportState.ACCEPTED, ReportState.RETURNED):
        raise ValidationError({"decision": _("Chọn tiếp nhận hoặc trả lại.")})
    if decision == ReportState.RETURNED and not comment.strip():
        raise ValidationError({"comment": _("Khi trả lại báo cáo, hãy ghi rõ nội dung cần sửa.")})
    with transaction.atomic():
        locked = _locked(obligation, version)
        if locked.state != ReportState.SUBMITTED:
            raise ApplicationError(_("Chỉ duyệt được báo cáo đang chờ duyệt."))
        submission = locked.submissions.order_by("-number").first()
        assert submission is not None
        now = timezone.now()
        submission.decision, submission.comment = decision, comment.strip()
        submission.reviewed_at = now
        submission.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        submission.save()
        locked.state = decision
        if decision == ReportState.ACCEPTED:
            locked.accepted_at = now
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action=f"reporting.report.{decision}",
            obj=locked,
            unit=locked.unit,
            after={"submission": submission.number, "comment": submission.comment},
        )
        if decision == ReportState.ACCEPTED and locked.periodicity == "yearly":
            _lock_reported_values(locked, actor)
        submitters = access.holders(SUBMIT, locked.unit, locked.agency)
        title = (
            _("Báo cáo %(period)s đã được tiếp nhận")
            if decision == ReportState.ACCEPTED
            else _("Báo cáo %(period)s bị trả lại: cần sửa và gửi lại")
        ) % {"period": locked.period_label}
        transaction.on_commit(
            lambda: notify(
                users=submitters,
                title=title,
                link=reverse("reporting:detail", args=[locked.pk]),
                kind="report",
            )
        )
    return submission


def _lock_reported_values(obligation: Obligation, actor: Any) -> None:
    """The reported indicator figures an accepted yearly report carries (the unit's own, for its year) can
    no longer be changed (issue #5); a half-year report carries figures still to be completed."""
    from treem.indicators.models import ReportedValue

    count = ReportedValue.objects.filter(
        unit=obligation.unit, year=obligation.period_end.year, locked=False
    ).update(locked=True)
    if count:
        audit_log(
            actor=actor,
            action="indicators.reported_value.locked",
            obj=obligation,
            unit=obligation.unit,
            after={"n": count, "year": obligation.period_end.year},
        )


# -- rates ----------------------------------------------------------------------------------------------
def rates(obligations: list[Obligation], today: datetime.date) -> dict[str, Any]:
    """Completeness and timeliness like DHIS2's reporting rates: of the reports already due, the share
    sent (ever), and the share sent by the due date."""
    due = [o for o in obligations if o.due_date < today or o.first_submitted_at is not None]
    sent = [o for o in due if o.first_submitted_at is not None]
    on_time = [o for o in sent if o.on_time]
    return {
        "expected": len(due),
        "sent": len(sent),
        "on_time": len(on_time),
        "completeness": round(100 * len(sent) / len(due), 1) if due else None,
        "timeliness": round(100 * len(on_time) / len(due), 1) if due else None,
    }


# -- reminders ------------------------------------------------------------------------------------------
def reminders_send(today: datetime.date | None = None) -> dict[str, int]:
    """Before the deadline (the administrator's lead time) and once it is missed; each reminder once."""
    today = today or timezone.localdate()
    rule = ReportingRule.current()
    counts = {"before": 0, "missed": 0}
    horizon = today + datetime.timedelta(days=rule.remind_days_before)
    pending = Obligation.objects.filter(state__in=EDITABLE, due_date__lte=horizon).select_related(
        "unit", "agency", "reviewer_unit"
    )
    for obligation in pending:
        kind = "missed" if obligation.due_date < today else "before"
        if Reminder.objects.filter(obligation=obligation, kind=kind).exists():
            continue
        users = access.holders(SUBMIT, obligation.unit, obligation.agency)
        if kind == "missed":
            title = _("Quá hạn nộp báo cáo %(period)s (hạn %(due)s)")
            if obligation.reviewer_unit is not None:
                users += access.holders(REVIEW, obligation.reviewer_unit)
        else:
            title = _("Sắp đến hạn nộp báo cáo %(period)s (hạn %(due)s)")
        text = title % {"period": obligation.period_label, "due": f"{obligation.due_date:%d/%m/%Y}"}
        with transaction.atomic():
            Reminder.objects.create(obligation=obligation, kind=kind)
            notify(
                users=users, title=text, link=reverse("reporting:detail", args=[obligation.pk]), kind="report"
            )
        counts[kind] += 1
    return counts


def digest_send(today: datetime.date | None = None) -> int:
    """Each supervisor's weekly list of the reports below them that are late or returned."""
    from treem.accounts.models import User

    today = today or timezone.localdate()
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    sent = 0
    supervisors = User.objects.filter(
        is_active=True, assignments__role__permissions__contains=[REVIEW]
    ).distinct()
    for user in supervisors:
        if Reminder.objects.filter(user=user, kind="digest", key=week).exists():
            continue
        overdue = access.scope(
            Obligation.objects.filter(state__in=EDITABLE, due_date__lt=today).exclude(reviewer_unit=None),
            user,
            REVIEW,
            field="reviewer_unit",
        )
        n = overdue.count()
        if not n:
            continue
        with transaction.atomic():
            Reminder.objects.create(user=user, kind="digest", key=week)
            notify(
                users=[user],
                title=_("Tổng hợp tuần %(week)s: %(n)s báo cáo của cấp dưới quá hạn hoặc chưa gửi lại")
                % {"week": week, "n": n},
                link=reverse("reporting:list") + "?state=late",
                kind="report",
            )
        sent += 1
    return sent


# -- settings -------------------------------------------------------------------------------------------
def rule_set(*, actor: Any, day_off_rule: str, remind_days_before: int) -> ReportingRule:
    if not access.has_perm(actor, "core.manage_calendar"):
        raise access.AccessDenied
    if day_off_rule not in dict(calendar.DayOffRule.CHOICES):
        raise ValidationError({"day_off_rule": _("Chọn cách xử lý hạn rơi vào ngày nghỉ.")})
    if not 0 <= remind_days_before <= rules.REMIND_DAYS_MAX:
        raise ValidationError({"remind_days_before": _("Số ngày nhắc trước phải từ 0 đến 60.")})
    with transaction.atomic():
        rule = ReportingRule.objects.select_for_update().order_by("pk").first() or ReportingRule()
        before = {"day_off_rule": rule.day_off_rule, "remind_days_before": rule.remind_days_before}
        rule.day_off_rule, rule.remind_days_before = day_off_rule, remind_days_before
        rule.updated_by = actor
        rule.save()
        audit_log(
            actor=actor,
            action="reporting.rule.set",
            obj=rule,
            before=before,
            after={"day_off_rule": day_off_rule, "remind_days_before": remind_days_before},
        )
    years = sorted(set(Obligation.objects.values_list("period_end__year", flat=True)))
    for year in years:
        obligations_generate(year)
    return rule
