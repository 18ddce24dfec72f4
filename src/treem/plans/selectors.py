"""Reads of plans: what a user may see, each task's current status, the plan page and the agency page.

Documents and plans are read within the jurisdiction and, read-only, from the units above it (a ward
sees the city's plan it carries out). Plans hold no personal data.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from treem.accounts import access
from treem.geo.models import AdminUnit, Agency, Generation, UnitSuccession
from treem.plans.models import (
    AgencyRole,
    Document,
    Plan,
    PlanTarget,
    ProgressStatus,
    Task,
    TaskAgency,
    TaskProgress,
)

VIEW = "plans.view_plan"


def former_units_visible(user: Any) -> QuerySet[AdminUnit]:
    """The former units (before 01/07/2025) whose successors the user sees, and the former units above
    them: their plans are the history of the user's own units (ADR 0025)."""
    paths = access.get_access(user).paths(VIEW)
    if any(len([p for p in path.split("/") if p]) <= 1 for path in paths):
        return AdminUnit.objects.none()  # the whole country: former units are inside already
    now = access.scope_with_ancestors(UnitSuccession.objects.all(), user, VIEW, field="successor")
    ids: set[int] = set()
    for path in now.values_list("predecessor__path", flat=True).distinct():
        ids.update(int(p) for p in path.strip("/").split("/") if p)
    return AdminUnit.objects.filter(pk__in=ids, generation=Generation.FORMER)


def _with_former(qs: QuerySet[Any], user: Any, field: str = "unit") -> QuerySet[Any]:
    inside = access.scope_with_ancestors(qs, user, VIEW, field=field)
    return inside | qs.filter(**{f"{field}__in": former_units_visible(user)})


def documents_visible(user: Any) -> QuerySet[Document]:
    return _with_former(Document.objects.all(), user)


def plans_visible(user: Any) -> QuerySet[Plan]:
    return _with_former(Plan.objects.all(), user).select_related("unit", "document", "agency")


def tasks_visible(user: Any) -> QuerySet[Task]:
    return _with_former(Task.objects.all(), user, field="plan__unit")


def task_activities(task: Task, user: Any) -> list[Any]:
    """The activities carrying the task out (``treem.activities``, the layer above), as far as the user
    may see them; read through the reverse relation so that plans imports nothing from activities."""
    qs = access.scope(task.activities.all(), user, "activities.view_activity")
    return list(qs.select_related("unit").order_by("start_date", "pk"))


def agencies_visible(user: Any) -> QuerySet[Agency]:
    return access.scope_with_ancestors(Agency.objects.all(), user, VIEW)


@dataclass
class TaskState:
    task: Task
    status: str
    percent: int | None
    period: str
    late: bool
    lead: list[TaskAgency] = field(default_factory=list)
    cooperating: list[TaskAgency] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label)


def task_state(
    task: Task,
    today: datetime.date,
    progress: list[TaskProgress] | None = None,
    agencies: list[TaskAgency] | None = None,
) -> TaskState:
    """The task's status: its latest progress from the lead (contributions do not change it); late when
    the lead says so or when its deadline (a date, or a period's last year) has passed undone.
    ``progress`` and ``agencies``: the task's, when the caller has read them already."""
    entries = progress if progress is not None else list(task.progress.all())
    own = [p for p in entries if not p.is_contribution]
    latest = max(own, key=lambda p: (p.created_at, p.pk)) if own else None
    status = latest.status if latest else ProgressStatus.NOT_STARTED
    due = task.due_date or (datetime.date(task.end_year, 12, 31) if task.end_year else None)
    late = status == ProgressStatus.LATE or (
        not task.is_heading and due is not None and due < today and status != ProgressStatus.DONE
    )
    if agencies is None:
        agencies = list(task.agencies.all())
    return TaskState(
        task=task,
        status=status,
        percent=latest.percent if latest else None,
        period=latest.period if latest else "",
        late=late,
        lead=[a for a in agencies if a.role == AgencyRole.LEAD],
        cooperating=[a for a in agencies if a.role == AgencyRole.COOPERATING],
    )


def tasks_with_state(qs: QuerySet[Task], today: datetime.date) -> list[TaskState]:
    tasks = qs.prefetch_related(
        "agencies__agency", Prefetch("progress", queryset=TaskProgress.objects.order_by())
    )
    return [task_state(t, today, list(t.progress.all())) for t in tasks]


@dataclass
class PlanPage:
    plan: Plan
    tasks: list[TaskState]
    by_status: list[tuple[str, str, int]]
    by_agency: list[tuple[str, int, int, int]]  # agency text, tasks, done, late
    targets: list[tuple[PlanTarget, Any]]
    deadlines: list[tuple[Any, datetime.date | None]]
    derived: list[Plan]
    late: int
    copies: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # task → (done, late, units)


def plan_page(plan: Plan, user: Any, today: datetime.date, year: int) -> PlanPage:
    from treem.indicators import selectors as indicator_selectors

    states = tasks_with_state(plan.tasks.order_by("sort_order"), today)
    work = [s for s in states if not s.task.is_heading]
    counts = Counter(s.status for s in work)
    by_status = [(value, str(label), counts.get(value, 0)) for value, label in ProgressStatus.choices]
    agencies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in work:
        for ref in s.lead:
            row = agencies[ref.agency.name if ref.agency else ref.display]
            row[0] += 1
            row[1] += s.status == ProgressStatus.DONE
            row[2] += s.late
    by_agency = sorted(
        ((name, n, done, late) for name, (n, done, late) in agencies.items()), key=lambda r: (-r[1], r[0])
    )
    plan_targets = list(plan.targets.select_related("indicator").prefetch_related("values"))
    scorecard: dict[int, Any] = {}
    if any(t.indicator_id for t in plan_targets):  # the whole catalogue at once, not one query per target
        # measured on the territory the plan covered: a plan issued before the 2025 reform, on its former
        # unit's (ADR 0024)
        territory = plan_territory(plan)
        scorecard = {r.indicator.pk: r for r in indicator_selectors.scorecard(territory, year, by_sex=False)}
    targets: list[tuple[PlanTarget, Any]] = [(t, scorecard.get(t.indicator_id or 0)) for t in plan_targets]
    deadlines = sorted(
        ((d, d.next_due(today)) for d in plan.deadlines.all()),
        key=lambda x: x[1] or datetime.date.max,
    )
    derived = list(access.scope(plan.derived.select_related("unit", "agency"), user, VIEW))
    copies: dict[int, tuple[int, int, int]] = {}
    if derived:
        given = access.scope(
            Task.objects.filter(source_task__plan=plan, is_heading=False), user, VIEW, "plan__unit"
        )
        for state in tasks_with_state(given, today):
            done, late, units = copies.get(state.task.source_task_id or 0, (0, 0, 0))
            copies[state.task.source_task_id or 0] = (
                done + (state.status == ProgressStatus.DONE),
                late + state.late,
                units + 1,
            )
    return PlanPage(
        plan=plan,
        tasks=states,
        by_status=by_status,
        by_agency=by_agency,
        targets=targets,
        deadlines=deadlines,
        derived=derived,
        late=sum(1 for s in work if s.late),
        copies=copies,
    )


def agency_tasks(agency: Agency, user: Any, today: datetime.date) -> list[tuple[TaskState, str]]:
    """Everything assigned to ``agency`` across the plans the user may read, with its role on each."""
    q = Q(agencies__agency=agency)
    if agency.agency_type_id:
        q |= Q(
            agencies__agency__isnull=True,
            agencies__successor_text="",
            agencies__agency_type_id=agency.agency_type_id,
            plan__unit=agency.unit,
        ) | Q(
            agencies__agency__isnull=True,
            agencies__successor_type_id=agency.agency_type_id,
            plan__unit=agency.unit,
        )
    qs = tasks_visible(user).filter(q, is_heading=False).distinct().select_related("plan", "plan__unit")
    states = tasks_with_state(qs.order_by("plan_id", "sort_order"), today)
    result = []
    for s in states:
        mine = [
            a
            for a in s.lead + s.cooperating
            if a.agency_id == agency.pk
            or (a.agency_id is None and (a.successor_type_id or a.agency_type_id) == agency.agency_type_id)
        ]
        role = AgencyRole.LEAD if any(a.role == AgencyRole.LEAD for a in mine) else AgencyRole.COOPERATING
        result.append((s, str(AgencyRole(role).label)))
    return result


def copies_progress(task: Task, user: Any, today: datetime.date) -> list[TaskState]:
    """How the units and agencies that received this task (derived plans) are doing with it."""
    qs = access.scope(
        task.copies.select_related("plan", "plan__unit", "plan__agency"), user, VIEW, "plan__unit"
    )
    return tasks_with_state(qs, today)


REFORM_DATE = datetime.date(2025, 7, 1)  # the two-tier map (Nghị quyết 202/2025/QH15; legal §9)


def plan_territory(plan: Plan) -> AdminUnit:
    """The unit whose territory a plan's targets cover: the plan's unit, or — for a plan whose document
    was issued before 01/07/2025 and imported into the current unit that carries it out today — the
    former unit it was written for: the one of the unit's former units named by the issuer (or the
    title), else the one with the unit's code, else the only one (ADR 0024)."""
    from treem.core.text import fold
    from treem.geo.selectors import predecessors

    unit = plan.unit
    document = plan.document
    if (
        plan.derived_from_id is not None
        or document is None
        or document.date is None
        or document.date >= REFORM_DATE
        or not unit.is_current
    ):
        return unit
    olds = [u for u in predecessors(unit) if u.level == unit.level]
    if len(olds) <= 1:
        return olds[0] if olds else unit
    said = fold(f"{document.issuer} {document.title}")
    named = [u for u in olds if fold(u.short_name or u.name) in said]
    if len(named) == 1:
        return named[0]
    same_code = [u for u in olds if u.code == unit.code]
    return same_code[0] if len(same_code) == 1 else unit
