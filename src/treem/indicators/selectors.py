"""Reads of indicators: computed values, targets with inheritance, status, the scorecard.

Every figure for a unit is built per current commune under it, then rolled up by SUMMING numerators and
denominators (ARCHITECTURE §4 rule 6) — never by averaging commune percentages. Callers scope the unit
(``access.access_unit(user, id, "indicators.view_indicator")``) before asking for its figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from treem.geo.models import AdminUnit, Generation, Level
from treem.indicators import rules
from treem.indicators.models import Comparator, Direction, Indicator, ReportedValue, Source, Target

Counts = dict[int, tuple[int, int]]  # commune id → (numerator, denominator)


# -- the populations --------------------------------------------------------------------------------------
def current_communes(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The current communes in ``unit``'s subtree (the unit itself when it is a commune)."""
    return AdminUnit.objects.filter(
        level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=unit.path
    )


def population(communes: Any, year: int, *, min_age: int, max_age: int, sex: str = "") -> QuerySet[Any]:
    """Children counted in ``year``: aged ``min_age``…``max_age`` at 31/12 of the year, living in one of
    ``communes``; records merged into another record are left out (the survivor counts), as are children
    who moved away, and children who died before the year began."""
    from treem.registry.models import Child, ChildStatus

    first, last = rules.birth_years(year, min_age, max_age)
    year_start = datetime.date(year, 1, 1)
    qs = (
        Child.objects.filter(
            commune__in=communes,
            merged_into__isnull=True,
            date_of_birth__year__gte=first,
            date_of_birth__year__lte=last,
        )
        .exclude(status=ChildStatus.MOVED_AWAY)
        .exclude(
            Q(status=ChildStatus.DECEASED) & (Q(status_date__isnull=True) | Q(status_date__lt=year_start))
        )
    )
    if sex:
        qs = qs.filter(sex=sex)
    return qs


def _children_under_16(communes: Any, year: int, sex: str) -> QuerySet[Any]:
    return population(communes, year, min_age=0, max_age=rules.CHILD_AGE_LIMIT - 1, sex=sex)


def _by_commune(qs: QuerySet[Any], **annotations: Any) -> list[dict[str, Any]]:
    return list(qs.order_by().values("commune_id").annotate(**annotations))


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# -- one function per computed indicator: per-commune (numerator, denominator) ------------------------------
def _special_circumstances(communes: Any, year: int, sex: str) -> QuerySet[Any]:
    from treem.registry.models import ChildCircumstance

    start, end = _year_bounds(year)
    active = ChildCircumstance.objects.filter(child_id=OuterRef("pk"), start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    return _children_under_16(communes, year, sex).filter(Exists(active))


def _ratio(numerator_qs: QuerySet[Any], denominator_qs: QuerySet[Any]) -> Counts:
    den = {r["commune_id"]: r["n"] for r in _by_commune(denominator_qs, n=Count("pk"))}
    num = {r["commune_id"]: r["n"] for r in _by_commune(numerator_qs, n=Count("pk"))}
    return {c: (num.get(c, 0), d) for c, d in den.items()}


def hcdb_share(communes: Any, year: int, sex: str) -> Counts:
    """QD23-08a: children under 16 with a special circumstance in force on some day of the year."""
    return _ratio(_special_circumstances(communes, year, sex), _children_under_16(communes, year, sex))


def hcdb_supported(communes: Any, year: int, sex: str) -> Counts:
    """QD23-08b: of those, children with at least one support recorded in the year."""
    from treem.registry.models import Support

    start, end = _year_bounds(year)
    base = _special_circumstances(communes, year, sex)
    supported = base.filter(
        Exists(Support.objects.filter(child_id=OuterRef("pk"), date__gte=start, date__lte=end))
    )
    return _ratio(supported, base)


def abused(communes: Any, year: int, sex: str) -> Counts:
    """QD23-09: children under 16 with an abuse case received in the year (a case filed against a record
    since merged counts for the surviving record); unsubstantiated and transferred cases do not count."""
    import zoneinfo

    from django.conf import settings

    from treem.cases.choices import CaseStatus, Category
    from treem.cases.models import Case

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    cases = Case.objects.filter(category=Category.ABUSE, received_at__gte=start, received_at__lt=end).exclude(
        status__in=[CaseStatus.NOT_SUBSTANTIATED, CaseStatus.TRANSFERRED]
    )
    base = _children_under_16(communes, year, sex)
    victims = base.filter(
        Exists(cases.filter(child_id=OuterRef("pk")))
        | Exists(cases.filter(child__merged_into=OuterRef("pk")))
    )
    return _ratio(victims, base)


def child_labour(communes: Any, year: int, sex: str) -> Counts:
    """QD23-10: children 5–17 whose latest labour record of the year says child labour or hazardous work."""
    from treem.registry.models import LabourRecord

    start, end = _year_bounds(year)
    base = population(communes, year, min_age=rules.LABOUR_MIN_AGE, max_age=rules.LABOUR_MAX_AGE, sex=sex)
    latest = (
        LabourRecord.objects.filter(child_id=OuterRef("pk"), recorded_on__gte=start, recorded_on__lte=end)
        .order_by("-recorded_on", "-id")
        .values("status")[:1]
    )
    working = base.annotate(latest_labour=Subquery(latest)).filter(
        latest_labour__in=[LabourRecord.Status.CHILD_LABOUR, LabourRecord.Status.HAZARDOUS]
    )
    return _ratio(working, base)


def _injuries(communes: Any, year: int, sex: str, *, deaths: bool) -> Counts:
    from treem.registry.models import Injury

    start, end = _year_bounds(year)
    base = _children_under_16(communes, year, sex)
    injuries = Injury.objects.filter(child__in=base.values("pk"), date__gte=start, date__lte=end)
    if deaths:
        injuries = injuries.filter(outcome=Injury.Outcome.DEATH)
    den = {r["commune_id"]: r["n"] for r in _by_commune(base, n=Count("pk"))}
    num = {
        r["child__commune_id"]: r["n"]
        for r in injuries.order_by().values("child__commune_id").annotate(n=Count("pk"))
    }
    return {c: (num.get(c, 0), d) for c, d in den.items()}


def injury_rate(communes: Any, year: int, sex: str) -> Counts:
    """QD23-11a: injuries (events) of children under 16 in the year, per 100,000 children under 16."""
    return _injuries(communes, year, sex, deaths=False)


def injury_deaths(communes: Any, year: int, sex: str) -> Counts:
    """QD23-11b: injuries of the year that ended in death, per 100,000 children under 16."""
    return _injuries(communes, year, sex, deaths=True)


def birth_registration(communes: Any, year: int, sex: str) -> Counts:
    """QD23-14: children under 5 recorded as birth-registered (unknown counts as not registered)."""
    base = population(communes, year, min_age=0, max_age=rules.BIRTH_REGISTRATION_AGE_LIMIT - 1, sex=sex)
    return _ratio(base.filter(birth_registered=True), base)


COMPUTERS: dict[str, Callable[[Any, int, str], Counts]] = {
    "QD23-08a": hcdb_share,
    "QD23-08b": hcdb_supported,
    "QD23-09": abused,
    "QD23-10": child_labour,
    "QD23-11a": injury_rate,
    "QD23-11b": injury_deaths,
    "QD23-14": birth_registration,
}


# -- values ------------------------------------------------------------------------------------------------
@dataclass
class Figure:
    numerator: int | None
    denominator: int | None
    value: Decimal | None


def commune_counts(indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = "") -> Counts:
    """(numerator, denominator) of each current commune under ``unit`` (communes without children omitted)."""
    computer = COMPUTERS.get(indicator.code)
    if computer is None:
        raise ValueError(f"{indicator.code} is not computed from the register")
    return computer(current_communes(unit).values("pk"), year, sex)


def roll_up(indicator: Indicator, counts: Counts) -> Figure:
    """Sum of numerators over sum of denominators — the only way figures go up the tree."""
    numerator = sum(n for n, _ in counts.values())
    denominator = sum(d for _, d in counts.values())
    return Figure(numerator, denominator, indicator.value_of(numerator, denominator))


def compute(
    indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = ""
) -> tuple[int, int, Decimal | None]:
    """(numerator, denominator, value) of a computed indicator for ``unit`` in ``year``."""
    fig = roll_up(indicator, commune_counts(indicator, unit, year, sex=sex))
    return int(fig.numerator or 0), int(fig.denominator or 0), fig.value


def _reported_from(indicator: Indicator, unit: AdminUnit, rows: list[ReportedValue]) -> Figure:
    own = [r for r in rows if r.unit_id == unit.pk]
    if own:
        return Figure(own[0].numerator, own[0].denominator, own[0].value)
    below = [r for r in rows if r.unit_id != unit.pk]
    if not below:
        return Figure(None, None, None)
    if indicator.is_ratio:
        num = sum(r.numerator or 0 for r in below)
        den = sum(r.denominator or 0 for r in below)
        return Figure(num, den, indicator.value_of(num, den))
    total = sum((r.value or Decimal(0) for r in below), Decimal(0))
    return Figure(None, None, total)


def _reported_rows(indicator: Indicator, unit: AdminUnit, years: list[int], sex: str) -> list[ReportedValue]:
    communes = current_communes(unit).exclude(pk=unit.pk)
    return list(
        ReportedValue.objects.filter(indicator=indicator, year__in=years, sex=sex).filter(
            Q(unit=unit) | Q(unit__in=communes)
        )
    )


def reported(indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = "") -> Figure:
    """A reported indicator: the unit's own reported figure if it has one; otherwise the sums of the
    figures reported by the current communes under it (ratio of sums; counts are added up)."""
    return _reported_from(indicator, unit, _reported_rows(indicator, unit, [year], sex))


def figure(indicator: Indicator, unit: AdminUnit, year: int, *, sex: str = "") -> Figure:
    if indicator.source == Source.COMPUTED and indicator.code in COMPUTERS:
        return Figure(*compute(indicator, unit, year, sex=sex))
    return reported(indicator, unit, year, sex=sex)


def series(indicator: Indicator, unit: AdminUnit, years: list[int], *, sex: str = "") -> list[Figure]:
    """The figures of ``years`` (in that order): one query for a reported indicator, one computation per
    year for a computed one."""
    if indicator.source == Source.COMPUTED and indicator.code in COMPUTERS:
        return [figure(indicator, unit, y, sex=sex) for y in years]
    rows = _reported_rows(indicator, unit, years, sex)
    return [_reported_from(indicator, unit, [r for r in rows if r.year == y]) for y in years]


# -- targets -----------------------------------------------------------------------------------------------
def target_for(indicator: Indicator, unit: AdminUnit, year: int) -> Target | None:
    """The target that applies to ``unit`` in ``year``: the next milestone (the target of the smallest year
    ≥ ``year``) set by the unit itself, else by its nearest ancestor that sets one (commune → province →
    nation). A province's target therefore overrides the nation's for all its communes."""
    ancestors = unit.ancestor_ids()
    candidates = list(
        Target.objects.filter(indicator=indicator, unit_id__in=ancestors, year__gte=year).order_by("year")
    )
    for unit_id in reversed(ancestors):  # the unit itself first, then up the tree
        own = [t for t in candidates if t.unit_id == unit_id]
        if own:
            return own[0]
    return None


# -- status ------------------------------------------------------------------------------------------------
class Status:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"


STATUS_LABELS = {
    Status.ACHIEVED: "Đạt",
    Status.ON_TRACK: "Đúng tiến độ",
    Status.AT_RISK: "Có nguy cơ không đạt",
    Status.OFF_TRACK: "Chậm tiến độ",
    Status.NO_DATA: "Chưa có số liệu",
    Status.NO_TARGET: "Chưa có chỉ tiêu",
}
STATUS_BADGES = {
    Status.ACHIEVED: "ok",
    Status.ON_TRACK: "ok",
    Status.AT_RISK: "warn",
    Status.OFF_TRACK: "danger",
    Status.NO_DATA: "",
    Status.NO_TARGET: "",
}


def meets(value: Decimal, target: Decimal, comparator: str) -> bool:
    return {
        Comparator.LT: value < target,
        Comparator.LE: value <= target,
        Comparator.EQ: value == target,
        Comparator.GE: value >= target,
        Comparator.GT: value > target,
    }[Comparator(comparator)]


def status(
    value: Decimal | None,
    target: Target | None,
    direction: str,
    *,
    year: int,
    baseline: tuple[int, Decimal] | None = None,
) -> str:
    """The rule of docs/decisions/0007-indicator-status.md:

    - no value → no_data; no target → no_target;
    - the value meets the target's comparator → achieved;
    - otherwise, in the target's own year (or later), or for a "keep" indicator → off_track;
    - otherwise, before the target year, against the straight line from the baseline (value, year) to
      (target value, target year): at or beyond the line's value for ``year`` → on_track; better than
      the baseline but short of the line → at_risk; no better than the baseline → off_track; without a
      baseline → at_risk.
    """
    if value is None:
        return Status.NO_DATA
    if target is None:
        return Status.NO_TARGET
    if meets(value, target.value, target.comparator):
        return Status.ACHIEVED
    if year >= target.year or direction == Direction.KEEP:
        return Status.OFF_TRACK
    if baseline is None or baseline[0] >= year:
        return Status.AT_RISK
    base_year, base_value = baseline
    expected = base_value + (target.value - base_value) * (year - base_year) / (target.year - base_year)
    sign = Decimal(1) if direction == Direction.RAISE else Decimal(-1)
    if sign * (value - expected) >= 0:
        return Status.ON_TRACK
    if sign * (value - base_value) > 0:
        return Status.AT_RISK
    return Status.OFF_TRACK


# -- the scorecard -----------------------------------------------------------------------------------------
@dataclass
class Row:
    indicator: Indicator
    figure: Figure
    target: Target | None
    status: str
    by_sex: dict[str, Figure] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]


def evaluate(indicator: Indicator, unit: AdminUnit, year: int, *, by_sex: bool = False) -> Row:
    fig = figure(indicator, unit, year)
    target = target_for(indicator, unit, year)
    baseline: tuple[int, Decimal] | None = None
    if fig.value is not None and target is not None and target.year > year:
        before = figure(indicator, unit, year - 1).value
        if before is not None:
            baseline = (year - 1, before)
    row = Row(
        indicator=indicator,
        figure=fig,
        target=target,
        status=status(fig.value, target, indicator.direction, year=year, baseline=baseline),
    )
    if by_sex and indicator.is_computed:
        row.by_sex = {sex: figure(indicator, unit, year, sex=sex) for sex in ("M", "F")}
    return row


def scorecard(unit: AdminUnit, year: int, *, by_sex: bool = True) -> list[Row]:
    return [evaluate(i, unit, year, by_sex=by_sex) for i in Indicator.objects.all()]


def child_units(unit: AdminUnit) -> list[AdminUnit]:
    """The current units one level down (provinces of the nation, communes of a province)."""
    return list(
        AdminUnit.objects.filter(
            parent=unit, generation=Generation.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE]
        ).order_by("name_folded")
    )


def drill_down(
    unit: AdminUnit, year: int, indicators: list[Indicator]
) -> list[tuple[AdminUnit, list[Figure]]]:
    """Each child unit with the figures of the computed ``indicators``, from one grouped query per
    indicator at ``unit``'s level, rolled up to the child units by sums."""
    children = child_units(unit)
    if not children:
        return []
    depth = len(unit.ancestor_ids())
    owner: dict[int, int] = {}
    for pk, path in current_communes(unit).values_list("pk", "path"):
        ids = [int(p) for p in path.strip("/").split("/")]
        if len(ids) > depth:
            owner[pk] = ids[depth]
    result: dict[int, list[Figure]] = {c.pk: [] for c in children}
    for indicator in indicators:
        counts = commune_counts(indicator, unit, year)
        grouped: dict[int, Counts] = {c.pk: {} for c in children}
        for commune_id, pair in counts.items():
            child_id = owner.get(commune_id)
            if child_id in grouped:
                grouped[child_id][commune_id] = pair
        for child in children:
            result[child.pk].append(roll_up(indicator, grouped[child.pk]))
    return [(c, result[c.pk]) for c in children]
