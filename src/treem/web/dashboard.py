"""What the home page shows, per role and for the unit the user is working in. Every count goes through
``accounts.access``: a figure never includes records the user may not see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from treem.accounts import access
from treem.geo.models import AdminUnit, Generation, Level


@dataclass
class Summary:
    children: dict[str, int] = field(default_factory=dict)
    communes: list[dict[str, Any]] = field(default_factory=list)
    cases: dict[str, int] = field(default_factory=dict)
    overdue: list[Any] = field(default_factory=list)
    pending_approval: list[Any] = field(default_factory=list)
    reports: list[tuple[Any, str, str]] = field(default_factory=list)  # (obligation, state, label)
    to_review: int = 0
    late_tasks: list[Any] = field(default_factory=list)


def overdue_by(due: datetime.datetime, now: datetime.datetime) -> str:
    """How late a deadline is, in words: minutes under an hour, hours under a day, then calendar days
    (a case's statutory deadlines run in hours or working days; lateness is read on the wall calendar)."""
    late = now - due
    minutes = int(late.total_seconds() // 60)
    if minutes < 60:
        return f"quá hạn {max(minutes, 1)} phút"
    if minutes < 24 * 60:
        return f"quá hạn {minutes // 60} giờ"
    return f"quá hạn {late.days} ngày"


def _years_ago(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02
        return day.replace(year=day.year - years, day=28)


# The children's figures in one statement (issue #20, ADR 0041's amendment "The chairman's home"). The
# children are read once, their ids gathered into one array; the guardians and the circumstances are then
# each read by one index scan over that array (``child_id = ANY(ids)``, sorted and de-duplicated by
# PostgreSQL, which since version 17 steps along the index's leaves instead of descending once per id),
# in place of two correlated probes (``EXISTS``) per child. The same rows and the same tests as before:
# ``no_guardian`` is the children less those with a guardian, ``special`` those with a circumstance
# running today.
_CHILDREN_COUNTS = """
SELECT s.total, s.under16, s.boys, s.girls, s.no_id, s.provisional,
       (SELECT count(DISTINCT c.child_id) FROM registry_childcircumstance c
         WHERE c.child_id = ANY(s.ids) AND c.start_date <= %s AND (c.end_date IS NULL OR c.end_date >= %s)),
       (SELECT count(DISTINCT g.child_id) FROM registry_guardian g WHERE g.child_id = ANY(s.ids))
  FROM (SELECT count(*) AS total,
               count(*) FILTER (WHERE k.date_of_birth > %s) AS under16,
               count(*) FILTER (WHERE k.sex = %s) AS boys,
               count(*) FILTER (WHERE k.sex = %s) AS girls,
               count(*) FILTER (WHERE k.personal_id IS NULL) AS no_id,
               count(*) FILTER (WHERE k.is_provisional) AS provisional,
               coalesce(array_agg(k.id), '{}') AS ids
          FROM ({kids}) AS k (id, date_of_birth, sex, personal_id, is_provisional)) AS s
"""


def _children_counts(qs: Any, today: datetime.date) -> dict[str, int]:
    from treem.registry import rules
    from treem.registry.models import ChildSex

    kids = qs.order_by().values_list("pk", "date_of_birth", "sex", "personal_id", "is_provisional")
    try:
        sql, params = kids.query.get_compiler(using=kids.db).as_sql()
    except EmptyResultSet:  # a scope naming no unit: no child, as the aggregate counted it
        row: tuple[int, ...] = (0,) * 8
    else:
        under16_after = _years_ago(today, rules.CHILD_AGE_LIMIT)
        with connections[kids.db].cursor() as cursor:
            cursor.execute(
                _CHILDREN_COUNTS.replace("{kids}", sql),
                [today, today, under16_after, ChildSex.MALE.value, ChildSex.FEMALE.value, *params],
            )
            row = cursor.fetchone()
    total, under16, boys, girls, no_id, provisional, special, with_guardian = row
    return {
        "total": total,
        "under16": under16,
        "boys": boys,
        "girls": girls,
        "special": special,
        "no_id": no_id,
        "no_guardian": total - with_guardian,
        "provisional": provisional,
    }


def children_summary(user: Any, unit: AdminUnit) -> tuple[dict[str, int], list[dict[str, Any]]]:
    from treem.registry import selectors
    from treem.registry.models import ChildStatus

    today = timezone.localdate()
    qs = selectors.within_unit(selectors.visible_children(user), unit).filter(
        status=ChildStatus.ACTIVE, merged_into__isnull=True
    )
    counts = _children_counts(qs, today)
    communes: list[dict[str, Any]] = []
    if unit.level in (Level.NATION, Level.PROVINCE):
        # the nation's by province (its 3,321 communes were cut at 500, in name order), a province's by
        # commune; a unit of the former map (children still recorded there) is shown apart, marked
        below = "province" if unit.level == Level.NATION else "commune"
        rows = (
            qs.values(f"{below}_id", f"{below}__name", f"{below}__generation")
            .annotate(total=Count("pk"), no_id=Count("pk", filter=Q(personal_id__isnull=True)))
            .order_by(f"{below}__name_folded", f"{below}_id")
        )
        for row in rows[:500]:
            total = row["total"] or 0
            communes.append(
                {
                    "id": row[f"{below}_id"],
                    "name": row[f"{below}__name"],
                    "former": row[f"{below}__generation"] != Generation.CURRENT,
                    "total": total,
                    "with_id_pct": round(100 * (total - row["no_id"]) / total, 1) if total else None,
                }
            )
    return counts, communes


def cases_summary(user: Any, unit: AdminUnit) -> tuple[dict[str, int], list[Any], list[Any]]:
    from treem.cases.choices import FINAL_STATUSES, CaseStatus
    from treem.cases.models import Deadline

    now = timezone.now()
    from treem.cases import access as case_access

    cases = case_access.cases_listable(user).filter(unit__path__startswith=unit.path)
    late_of = Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True, due_at__lt=now)
    counts = cases.aggregate(
        open=Count("pk", filter=~Q(status__in=FINAL_STATUSES)),
        received=Count("pk", filter=Q(status=CaseStatus.RECEIVED)),
        pending=Count("pk", filter=Q(status=CaseStatus.PLAN_PENDING_APPROVAL)),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
        # the cases with a deadline past, as the case list's "overdue" filter counts them — in the same
        # statement (it was a query of its own over the same deadlines)
        overdue=Count("pk", filter=Exists(late_of.filter(case=OuterRef("pk")))),
    )
    late = late_of.filter(case__in=cases).select_related("case")
    overdue = list(late.order_by("due_at")[:20])
    for d in overdue:
        d.overdue_label = overdue_by(d.due_at, now)  # type: ignore[attr-defined]
    pending = []
    if access.has_perm(user, "cases.approve_plan", unit) or access.has_perm(user, "cases.approve_plan"):
        pending = list(cases.filter(status=CaseStatus.PLAN_PENDING_APPROVAL).order_by("received_at")[:20])
    return counts, overdue, pending


def work_summary(user: Any, unit: AdminUnit) -> tuple[list[tuple[Any, str, str]], int, list[Any]]:
    """The unit's own reports still to send (and late), reports waiting for its review, and its late
    tasks — what a commune worker or a provincial officer has to do next."""
    from treem.plans import selectors as plan_selectors
    from treem.reporting.models import Obligation, ReportState

    today = timezone.localdate()
    reports: list[tuple[Any, str, str]] = []
    if access.has_perm(user, "reporting.view_report", unit):
        own = Obligation.objects.filter(
            unit=unit, state__in=[ReportState.DRAFT, ReportState.RETURNED], period_start__lte=today
        ).order_by("due_date")[:8]
        for o in own:
            code, label = o.display_state(today)
            if code == "late":
                label = f"Quá hạn {(today - o.due_date).days} ngày, chưa gửi"
            reports.append((o, code, label))
    to_review = 0
    if access.has_perm(user, "reporting.review_report", unit):
        to_review = Obligation.objects.filter(reviewer_unit=unit, state=ReportState.SUBMITTED).count()
    late: list[Any] = []
    if access.has_perm(user, "plans.view_plan", unit):
        tasks = plan_selectors.tasks_visible(user).filter(plan__unit=unit, is_heading=False)
        states = plan_selectors.tasks_with_state(tasks.select_related("plan"), today)
        late = [s for s in states if s.late][:8]
        for s in late:
            due = s.task.due_date or (datetime.date(s.task.end_year, 12, 31) if s.task.end_year else None)
            s.due = due  # type: ignore[attr-defined]
            s.overdue_label = f"quá hạn {(today - due).days} ngày" if due and due < today else "chậm tiến độ"  # type: ignore[attr-defined]
    return reports, to_review, late


def summary(user: Any, unit: AdminUnit | None) -> Summary:
    result = Summary()
    if unit is None:
        return result
    if access.has_perm(user, "registry.view_child"):
        result.children, result.communes = children_summary(user, unit)
    if access.has_perm(user, "cases.view_case") or access.has_perm(user, "cases.file_intake"):
        result.cases, result.overdue, result.pending_approval = cases_summary(user, unit)
    result.reports, result.to_review, result.late_tasks = work_summary(user, unit)
    return result
