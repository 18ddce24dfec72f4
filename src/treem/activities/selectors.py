"""Reads of activities and of the village collaborator network (issue #16, ADR 0021).

Figures for the child-friendly commune assessment (``treem.assessment`` calls these; the caller has
already authorised the commune, e.g. with ``access.require``). Every result carries the ids of the
records behind its figure so the page can link to them (``activities:detail`` / ``activities:network``):

    collaborator_coverage(*, commune: AdminUnit, on_date: date) -> Coverage
        Coverage(commune, on_date, hamlets: int, covered: int, trained: int, rows: list[CoverageRow])
        Coverage.covered_share / .trained_share -> Decimal | None  (percent, None without hamlets)
        Coverage.post_ids -> list[int]
        CoverageRow(hamlet: AdminUnit, post: CollaboratorPost | None, trained: bool); .covered -> bool

    activity_summary(*, unit: AdminUnit, start: date, end: date, kinds: Iterable[str] | None = None)
        -> ActivitySummary(activities: int, by_kind: dict[str, int], children: Participation,
                           adults: dict[str, int], activity_ids: list[int])
        Participation(total, named, anonymous: int, by_sex: dict[str, int],
                      by_sex_age: dict[tuple[str, str], int], child_ids: list[int])
        An activity belongs to the period when its FIRST day lies in [start, end]; ``unit`` takes its
        whole subtree (a commune: its own and its hamlets' activities). Children: each named child once
        (merged records count as the record they were merged into), plus the anonymous counts.

    children_consulted(*, commune: AdminUnit, year: int) -> ActivitySummary
        activity_summary over the year for the kinds where children give their views
        (forum, consultation, core group: models.CONSULTING_KINDS).

    board_meetings(*, commune: AdminUnit, year: int) -> Meetings(count: int, activity_ids: list[int],
                                                                 dates: list[date])

For pages (scoped through ``treem.accounts.access``; out of scope answers 404):

    activities_visible(user) -> QuerySet[Activity]
    access_activity(user, pk, perm=VIEW) -> Activity
    activity_participation(activity) -> Participation          one activity's children
    commune_posts(commune) -> QuerySet[CollaboratorPost]      the network's history in a commune

(The plan task page lists the activities carrying a task out through ``plans.selectors.task_activities``,
which reads the reverse relation ``Task.activities`` so that plans imports nothing from this app.)
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from treem.accounts import access
from treem.activities.models import (
    CONSULTING_KINDS,
    Activity,
    ActivityChild,
    ActivityKind,
    AdultCount,
    ChildCount,
    CollaboratorPost,
    age_group_of,
)
from treem.geo.models import AdminUnit, Level

VIEW = "activities.view_activity"
RECORD = "activities.record_activity"
MANAGE_NETWORK = "activities.manage_collaborators"


# -- collaborator network -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverageRow:
    hamlet: AdminUnit
    post: CollaboratorPost | None
    trained: bool = False  # the collaborator in post had been trained by the date

    @property
    def covered(self) -> bool:
        return self.post is not None


@dataclass(frozen=True)
class Coverage:
    commune: AdminUnit
    on_date: datetime.date
    hamlets: int
    covered: int
    trained: int
    rows: list[CoverageRow]

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(100) * part / whole).quantize(Decimal("0.1"))

    @property
    def covered_share(self) -> Decimal | None:
        return self._share(self.covered, self.hamlets)

    @property
    def trained_share(self) -> Decimal | None:
        return self._share(self.trained, self.hamlets)

    @property
    def post_ids(self) -> list[int]:
        return [row.post.pk for row in self.rows if row.post is not None]


def hamlets_on(commune: AdminUnit, on_date: datetime.date) -> QuerySet[AdminUnit]:
    """The commune's hamlets in existence on ``on_date``."""
    return _hamlets_of([commune.pk], on_date)


def _hamlets_of(communes: list[int], on_date: datetime.date) -> QuerySet[AdminUnit]:
    return (
        AdminUnit.objects.filter(parent_id__in=communes, level=Level.HAMLET)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on_date))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
        .order_by("code", "name_folded")
    )


def posts_on(commune: AdminUnit, on_date: datetime.date) -> QuerySet[CollaboratorPost]:
    return _posts_of([commune.pk], on_date)


def _posts_of(communes: list[int], on_date: datetime.date) -> QuerySet[CollaboratorPost]:
    return (
        CollaboratorPost.objects.filter(commune_id__in=communes, since__lte=on_date)
        .filter(Q(until__isnull=True) | Q(until__gte=on_date))
        .select_related("hamlet", "user")
    )


def collaborator_coverage(*, commune: AdminUnit, on_date: datetime.date) -> Coverage:
    """Hamlets of the commune on ``on_date``, which have a collaborator in post, and which of those
    collaborators were trained by that date (a training after ``on_date`` does not count yet)."""
    return collaborator_coverages(communes=[commune], on_date=on_date)[0]


def collaborator_coverages(*, communes: list[AdminUnit], on_date: datetime.date) -> list[Coverage]:
    """``collaborator_coverage`` of each of ``communes``, in their order, in two queries whatever their
    number (the network's overview asked two per commune: 346 queries for a province, issue #20)."""
    ids = [c.pk for c in communes]
    posts: dict[int, CollaboratorPost] = {}
    for item in _posts_of(ids, on_date).order_by("since", "pk"):
        posts[item.hamlet_id] = item  # the latest appointment wins if two overlap
    hamlets: dict[int, list[AdminUnit]] = {}
    for hamlet in _hamlets_of(ids, on_date):
        hamlets.setdefault(hamlet.parent_id, []).append(hamlet)  # type: ignore[arg-type]
    out = []
    for commune in communes:
        rows = []
        for hamlet in hamlets.get(commune.pk, []):
            post = posts.get(hamlet.pk)
            trained = post is not None and post.trained_on is not None and post.trained_on <= on_date
            rows.append(CoverageRow(hamlet=hamlet, post=post, trained=trained))
        out.append(
            Coverage(
                commune=commune,
                on_date=on_date,
                hamlets=len(rows),
                covered=sum(1 for r in rows if r.covered),
                trained=sum(1 for r in rows if r.trained),
                rows=rows,
            )
        )
    return out


def commune_posts(commune: AdminUnit) -> QuerySet[CollaboratorPost]:
    return CollaboratorPost.objects.filter(commune=commune).select_related("hamlet", "user")


# -- activities ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Participation:
    total: int = 0
    named: int = 0
    anonymous: int = 0
    by_sex: dict[str, int] = field(default_factory=dict)
    by_sex_age: dict[tuple[str, str], int] = field(default_factory=dict)
    child_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ActivitySummary:
    activities: int
    by_kind: dict[str, int]
    children: Participation
    adults: dict[str, int]
    activity_ids: list[int]

    @property
    def adults_total(self) -> int:
        return sum(self.adults.values())


@dataclass(frozen=True)
class Meetings:
    count: int
    activity_ids: list[int]
    dates: list[datetime.date]


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _participation(activity_ids: list[int]) -> Participation:
    """Named children once each (the record a merged one went into), plus every anonymous count.
    A named child's age group is their age on the first day of the first activity of the set."""
    by_sex_age: Counter[tuple[str, str]] = Counter()
    seen: set[int] = set()
    rows = (
        ActivityChild.objects.filter(activity_id__in=activity_ids)
        .annotate(canonical=Coalesce("child__merged_into_id", "child_id"))
        .order_by("activity__start_date", "activity_id", "child_id")
        .values_list("canonical", "child__sex", "child__date_of_birth", "activity__start_date")
    )
    for canonical, sex, born, start in rows:
        if canonical in seen:
            continue
        seen.add(canonical)
        by_sex_age[(sex, age_group_of(_age(born, start)))] += 1
    named = len(seen)
    anonymous = 0
    for sex, group, count in (
        ChildCount.objects.filter(activity_id__in=activity_ids)
        .values("sex", "age_group")
        .annotate(n=Sum("count"))
        .values_list("sex", "age_group", "n")
    ):
        by_sex_age[(sex, group)] += count
        anonymous += count
    by_sex: Counter[str] = Counter()
    for (sex, _group), count in by_sex_age.items():
        by_sex[sex] += count
    return Participation(
        total=named + anonymous,
        named=named,
        anonymous=anonymous,
        by_sex=dict(by_sex),
        by_sex_age=dict(by_sex_age),
        child_ids=sorted(seen),
    )


def activity_participation(activity: Activity) -> Participation:
    return _participation([activity.pk])


def _in_unit(qs: QuerySet[Activity], unit: AdminUnit) -> QuerySet[Activity]:
    if unit.level == Level.COMMUNE:
        return qs.filter(commune=unit)
    if unit.level == Level.HAMLET:
        return qs.filter(unit=unit)
    return qs.filter(unit__path__startswith=unit.path)


def activity_summary(
    *,
    unit: AdminUnit,
    start: datetime.date,
    end: datetime.date,
    kinds: Iterable[str] | None = None,
) -> ActivitySummary:
    qs = _in_unit(Activity.objects.filter(start_date__gte=start, start_date__lte=end), unit)
    if kinds is not None:
        qs = qs.filter(kind__in=[str(k) for k in kinds])
    items = list(qs.order_by("start_date", "pk").values_list("pk", "kind"))
    ids = [pk for pk, _kind in items]
    adults = {
        role: total
        for role, total in AdultCount.objects.filter(activity_id__in=ids)
        .values("role")
        .annotate(n=Sum("count"))
        .values_list("role", "n")
    }
    return ActivitySummary(
        activities=len(ids),
        by_kind=dict(Counter(kind for _pk, kind in items)),
        children=_participation(ids),
        adults=adults,
        activity_ids=ids,
    )


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def children_consulted(*, commune: AdminUnit, year: int) -> ActivitySummary:
    start, end = _year(year)
    return activity_summary(unit=commune, start=start, end=end, kinds=CONSULTING_KINDS)


def board_meetings(*, commune: AdminUnit, year: int) -> Meetings:
    start, end = _year(year)
    rows = list(
        _in_unit(Activity.objects.filter(kind=ActivityKind.BOARD_MEETING), commune)
        .filter(start_date__gte=start, start_date__lte=end)
        .order_by("start_date", "pk")
        .values_list("pk", "start_date")
    )
    return Meetings(count=len(rows), activity_ids=[pk for pk, _d in rows], dates=[d for _pk, d in rows])


# -- pages -----------------------------------------------------------------------------------------------
def activities_visible(user: Any) -> QuerySet[Activity]:
    return access.scope(Activity.objects.all(), user, VIEW)


def access_activity(user: Any, pk: Any, perm: str = VIEW) -> Activity:
    qs = Activity.objects.select_related("unit", "commune", "organiser", "task", "task__plan")
    return access.access_object(qs, user, pk, perm)
