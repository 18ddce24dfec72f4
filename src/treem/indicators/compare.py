"""The comparison of a unit's child units on one computed indicator (issue #19): each child unit's figure,
target, status and gap to the target, sorted on the server, and the tile map coloured by it.

Built around the selectors, not instead of them: the figures are ``selectors.drill_down`` (the whole
catalogue at the unit's level, two grouped queries) for the year and the year before (the status's
baseline), the targets ``selectors.target_for`` per child unit, the status ``selectors.status``;
small-cell suppression as on the scorecard (ADR 0020). Figures held back are never ordered by their value:
they go last, like missing ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from treem.geo.models import AdminUnit
from treem.indicators import privacy, selectors
from treem.indicators.models import Comparator, Indicator, Target

# ?sort= … and the direction each column takes first when its header is followed.
SORTS: dict[str, tuple[str, str]] = {
    "name": ("Đơn vị", "asc"),
    "value": ("Thực hiện", "desc"),
    "gap": ("Khoảng cách đến mục tiêu", "desc"),
}
DEFAULT_SORT = "gap"
DIRECTIONS = {"asc": "tăng dần", "desc": "giảm dần"}


@dataclass
class Entry:
    unit: AdminUnit
    figure: selectors.Figure
    target: Target | None
    status: str
    gap: Decimal | None  # how far the figure is from meeting the target (0 when met); None: no figure/target

    @property
    def status_label(self) -> str:
        return selectors.STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        return selectors.STATUS_BADGES[self.status]


def gap(value: Decimal | None, target: Target | None) -> Decimal | None:
    """The distance between ``value`` and what meets ``target``, in the indicator's unit: 0 when it
    meets it, else how much must be gained (≥, >), lost (≤, <) or either way (=)."""
    if value is None or target is None:
        return None
    if selectors.meets(value, target.value, target.comparator):
        return Decimal(0)
    if target.comparator in (Comparator.GE, Comparator.GT):
        return target.value - value
    if target.comparator in (Comparator.LE, Comparator.LT):
        return value - target.value
    return abs(value - target.value)


def entries(unit: AdminUnit, year: int, indicator: Indicator, *, user: Any, exact: bool) -> list[Entry]:
    """The child units of ``unit`` on ``indicator`` in ``year``, in name order (as ``child_units``)."""
    drill = selectors.drill_down(unit, year, [indicator])
    if not drill:
        return []
    before = {child.pk: figs[0] for child, figs in selectors.drill_down(unit, year - 1, [indicator])}
    if not exact:
        figures = [figs[0] for _child, figs in drill]
        numerator = sum(f.numerator or 0 for f in figures)
        denominator = sum(f.denominator or 0 for f in figures)
        total = selectors.Figure(numerator, denominator, indicator.value_of(numerator, denominator))
        if indicator.code in privacy.hidden_among_siblings(user, unit, year, [indicator]):
            total = privacy.hide(indicator, total)
        _total, shown = privacy.protect(indicator, total, figures)
    targets = _targets(indicator, unit, [child for child, _figs in drill], year)
    out = []
    for k, (child, figs) in enumerate(drill):
        fig = figs[0]
        target = targets[child.pk]
        baseline = None
        earlier = before.get(child.pk)
        was = earlier.value if earlier is not None else None
        if fig.value is not None and was is not None and target is not None and target.year > year:
            baseline = (year - 1, was)
        state = selectors.status(fig.value, target, indicator.direction, year=year, baseline=baseline)
        if not exact and shown[k].suppressed:  # the status stays (as on the scorecard), not the figure
            out.append(Entry(child, shown[k], target, state, None))
        else:
            out.append(Entry(child, fig, target, state, gap(fig.value, target)))
    return out


def _targets(
    indicator: Indicator, unit: AdminUnit, children: list[AdminUnit], year: int
) -> dict[int, Target | None]:
    """``selectors.target_for`` of each child unit, for each child: since targets keep the territory of the
    plan that set them (ADR 0024), a ward without a row of its own may still inherit a former unit's target
    that its parent does not have, so the parent's answer cannot stand for its children's. Read for every
    child at once (``targets_for``: four queries, not four per child — 702 queries for a province's 168
    communes, issue #20)."""
    return selectors.targets_for(indicator, children, year)


def order(items: list[Entry], sort: str, direction: str) -> list[Entry]:
    """``items`` sorted by ``sort`` ("name", "value", "gap") in ``direction`` ("asc", "desc"); for value
    and gap, units without a figure (or held back, or without a target) last, in name order."""
    by_name = sorted(items, key=lambda e: (e.unit.name_folded or e.unit.name, e.unit.pk))
    if sort == "name":
        return by_name if direction == "asc" else by_name[::-1]

    def key(e: Entry) -> Decimal | None:
        if e.figure.suppressed:
            return None
        return e.figure.value if sort == "value" else e.gap

    known = [e for e in by_name if key(e) is not None]
    missing = [e for e in by_name if key(e) is None]
    known.sort(key=lambda e: key(e) or Decimal(0), reverse=direction == "desc")  # stable: ties by name
    return known + missing
