"""QĐ 23/QĐ-TTg indicators 22–24 computed from the activity records where a commune keeps them (ADR 0021).

Registered with ``treem.indicators`` (which sits below this app) at start-up, with the reported figure
as the fallback: a commune counts as keeping its records in Treem for a year when it recorded at least
one activity of any kind that year; for the others the figure they reported is used.

Numerator: the children of the age who took part in an activity of the indicator's kinds in the year —
each named child once (age on the activity's first day), plus the anonymous counts of the matching age
groups — capped at the denominator, since anonymous counts are attendances and may repeat children.
Denominator: the register's children of the age in the commune (``indicators.selectors.population``).
Indicator 21 (play places) counts places, not events: ``treem.activities.places``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from treem.activities.models import AGE_GROUP_BOUNDS, Activity, ActivityChild, ActivityKind, ChildCount

Counts = dict[int, tuple[int, int]]
MAX_AGE = 15  # children under 16 (Luật Trẻ em 2016 Art. 1; indicators.rules.CHILD_AGE_LIMIT − 1)


@dataclass(frozen=True)
class Spec:
    code: str
    kinds: tuple[str, ...]
    min_age: int


SPECS = [
    # Children aged 7 and over whose views were sought on children's issues.
    Spec("QD23-22", (ActivityKind.FORUM, ActivityKind.CONSULTATION, ActivityKind.CORE_GROUP), 7),
    # Children reached by communication and awareness-raising on participation.
    Spec(
        "QD23-23",
        (
            ActivityKind.COMMUNICATION,
            ActivityKind.MONTH_OF_ACTION,
            ActivityKind.FORUM,
            ActivityKind.CORE_GROUP,
            ActivityKind.CONSULTATION,
        ),
        0,
    ),
    # Children aged 11 and over in the participation models (forums, core groups).
    Spec("QD23-24", (ActivityKind.FORUM, ActivityKind.CORE_GROUP), 11),
]


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def keeping(communes: Any, year: int) -> list[int]:
    """The communes among ``communes`` that recorded an activity of any kind in ``year``, each once (the
    model's ordering cleared: left in, its columns join the DISTINCT and give one row per activity)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        Activity.objects.filter(commune__in=communes, start_date__gte=start, start_date__lte=end)
        .order_by()
        .values_list("commune_id", flat=True)
        .distinct()
    )


def participants(communes: Any, year: int, sex: str, spec: Spec) -> Counts:
    from treem.indicators.selectors import population

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    keeping_ids = keeping(communes, year)
    if not keeping_ids:
        return {}
    activities = Activity.objects.filter(
        commune_id__in=keeping_ids,
        start_date__gte=start,
        start_date__lte=end,
        kind__in=[str(k) for k in spec.kinds],
    )
    named: dict[int, set[int]] = {}
    rows = (
        ActivityChild.objects.filter(activity__in=activities)
        .annotate(canonical=Coalesce("child__merged_into_id", "child_id"))
        .values_list(
            "activity__commune_id", "canonical", "child__sex", "child__date_of_birth", "activity__start_date"
        )
    )
    for commune_id, canonical, child_sex, born, on in rows:
        if (not sex or child_sex == sex) and spec.min_age <= _age(born, on) <= MAX_AGE:
            named.setdefault(commune_id, set()).add(canonical)
    groups = [
        str(g) for g, (low, high) in AGE_GROUP_BOUNDS.items() if low >= spec.min_age and high <= MAX_AGE
    ]
    anonymous_qs = ChildCount.objects.filter(activity__in=activities, age_group__in=groups)
    if sex:
        anonymous_qs = anonymous_qs.filter(sex=sex)
    anonymous = dict(
        anonymous_qs.values("activity__commune_id")
        .annotate(n=Sum("count"))
        .values_list("activity__commune_id", "n")
    )
    denominators = dict(
        population(keeping_ids, year, min_age=spec.min_age, max_age=MAX_AGE, sex=sex)
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    result: Counts = {}
    for commune_id in keeping_ids:
        den = int(denominators.get(commune_id) or 0)
        if not den:
            continue
        num = len(named.get(commune_id, ())) + int(anonymous.get(commune_id) or 0)
        result[commune_id] = (min(num, den), den)
    return result


def _computer(spec: Spec) -> Callable[[Any, int, str], Counts]:
    def compute(communes: Any, year: int, sex: str) -> Counts:
        return participants(communes, year, sex, spec)

    compute.__name__ = f"participants_{spec.code.replace('-', '_')}"
    return compute


def register() -> None:
    from treem.indicators.selectors import register_computer

    for spec in SPECS:
        register_computer(spec.code, _computer(spec), fallback=True)
