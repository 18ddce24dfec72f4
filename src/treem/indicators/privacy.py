"""Small-cell suppression (ADR 0020, issue #14.7): counts of children from 1 to 4 identify them.

A viewer with **record access** to a unit — ``registry.view_child`` over the whole unit, i.e. the unit
lies in the subtree of one of their active assignments whose role holds that permission — may open the
children's records there anyway, and sees every figure exactly. Anyone else (an agency officer, a
system reading the API with such a user's token) sees a figure whose numerator is 1 to
``rules.SMALL_CELL_THRESHOLD - 1`` as "< 5", and with it:

- the value of a ratio whose numerator is held back (the denominator stays: it is a population);
- a count (an indicator that is not a ratio) keeps neither numerator nor denominator back;
- every part of a total that is held back (the parts of 1–4 children, zeros included, would tell them);
- complementary suppression: when exactly one part of a shown total is held back, the smallest other
  non-zero part is held back too, so that the total minus the shown parts never gives a small cell.

Zero stays zero: "no child" identifies nobody. ``protect`` works on plain ``Figure`` objects, so the
scorecard, the charts, the analytics API and the ADX export apply the same rule.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from treem.accounts import access
from treem.geo.models import AdminUnit
from treem.indicators import rules
from treem.indicators.models import Indicator
from treem.indicators.selectors import Figure, Row

RECORD_PERM = "registry.view_child"
SUPPRESSED_TEXT = "< 5"  # pages and charts
API_SUPPRESSED = "<5"  # the analytics API's value and numerator cells (a string where a number would be)
EXPLANATION = (
    f"Số từ 1 đến {rules.SMALL_CELL_THRESHOLD - 1} được ẩn (hiển thị «{SUPPRESSED_TEXT}») "
    "để không thể nhận ra trẻ em; người có quyền xem hồ sơ trẻ em của địa bàn thấy số chính xác."
)


def exact_for(user: Any, unit: AdminUnit) -> bool:
    """Does ``user`` have record access to ``unit`` (``registry.view_child`` over all of it)? A former unit
    (ADR 0024): over all of its territory."""
    from treem.geo.selectors import within_scope

    return within_scope(user, RECORD_PERM, unit)


def count_of(indicator: Indicator, fig: Figure) -> int | Decimal | None:
    """The number of children a figure publishes: the numerator, or the value of a count."""
    if fig.numerator is not None:
        return fig.numerator
    if not indicator.is_ratio:
        return fig.value
    return None


def is_small(indicator: Indicator, fig: Figure) -> bool:
    n = count_of(indicator, fig)
    return n is not None and 0 < n < rules.SMALL_CELL_THRESHOLD


def hide(indicator: Indicator, fig: Figure) -> Figure:
    return Figure(None, fig.denominator if indicator.is_ratio else None, None, suppressed=True)


def protect_one(indicator: Indicator, fig: Figure) -> Figure:
    return hide(indicator, fig) if is_small(indicator, fig) else fig


def protect(indicator: Indicator, total: Figure, parts: list[Figure]) -> tuple[Figure, list[Figure]]:
    """``total`` and its ``parts`` (a breakdown of it, or the units under it) as a viewer without record
    access may see them."""
    if total.suppressed or is_small(indicator, total):  # held back, here or as another's complement
        return hide(indicator, total), [hide(indicator, p) for p in parts]
    flags = [is_small(indicator, p) for p in parts]
    if sum(flags) == 1:
        others = [
            (count_of(indicator, p) or 0, i)
            for i, p in enumerate(parts)
            if not flags[i] and (count_of(indicator, p) or 0) > 0
        ]
        if others:
            flags[min(others)[1]] = True
    return total, [hide(indicator, p) if flag else p for p, flag in zip(parts, flags, strict=True)]


def protect_row(row: Row) -> Row:
    """A scorecard row: its figure and its parts by sex (the status stays, computed on the exact figure:
    it tells no more than "< 5" does)."""
    total, parts = protect(row.indicator, row.figure, list(row.by_sex.values()))
    return replace(row, figure=total, by_sex=dict(zip(row.by_sex, parts, strict=True)))


def protect_breakdown(
    rows: list[tuple[Indicator, list[Figure]]], totals: dict[str, Figure]
) -> list[tuple[Indicator, list[Figure]]]:
    """Breakdown tables (age, ethnicity, area: indicator → its parts) against the indicators' totals."""
    out = []
    for indicator, figures in rows:
        total = totals.get(indicator.code)
        if total is None:
            out.append((indicator, [protect_one(indicator, f) for f in figures]))
        else:
            out.append((indicator, protect(indicator, total, figures)[1]))
    return out


def hidden_among_siblings(user: Any, unit: AdminUnit, year: int, indicators: list[Indicator]) -> set[str]:
    """Codes of the computed ``indicators`` whose figure of ``unit`` is held back as one of its parent's
    parts: the parent's total minus the siblings' figures must not give a small cell, whichever page or
    request shows them (the parent's scorecard drills down to the same parts, protected the same way).
    The parent's total is the sum of its child units' figures (the child units cover it). Only where
    ``user`` may see the parent's figures at all (else there is no total to subtract from, and the
    nation-wide computation for a province is spared)."""
    from treem.indicators import selectors

    if not unit.is_current:
        return _hidden_across_maps(user, unit, year, indicators)
    parent = unit.parent
    if parent is None or not access.has_perm(user, "indicators.view_indicator", parent):
        return set()
    computed = [i for i in indicators if i.is_computed and i.code in selectors.COMPUTERS]
    if not computed:
        return set()
    drill = selectors.drill_down(parent, year, computed)
    position = next((k for k, (child, _figures) in enumerate(drill) if child.pk == unit.pk), None)
    if position is None:
        return set()
    hidden: set[str] = set()
    for k, indicator in enumerate(computed):
        parts = [figures[k] for _child, figures in drill]
        numerator = sum(p.numerator or 0 for p in parts)
        denominator = sum(p.denominator or 0 for p in parts)
        total = Figure(numerator, denominator, indicator.value_of(numerator, denominator))
        if protect(indicator, total, parts)[1][position].suppressed:
            hidden.add(indicator.code)
    return hidden


def _hidden_across_maps(user: Any, unit: AdminUnit, year: int, indicators: list[Indicator]) -> set[str]:
    """A former unit's computed figure is a sum over current communes (ADR 0024), which the viewer also
    sees one by one — protected among their siblings where the viewer sees the parent, else each on its
    own. When exactly one commune of its territory is held back, or those held back hold 1–4 children
    together, the former unit's figure minus the communes shown would give them back: it is held back."""
    from treem.geo.selectors import territory
    from treem.indicators import selectors

    computed = [i for i in indicators if i.is_computed and i.code in selectors.COMPUTERS]
    land = territory(unit)
    if not computed or not land.shares:
        return set()
    parents = AdminUnit.objects.filter(
        pk__in=AdminUnit.objects.filter(pk__in=land.commune_ids).values("parent_id")
    )
    held: dict[str, list[int | Decimal]] = {}
    for parent in parents:
        among = access.has_perm(user, "indicators.view_indicator", parent)
        drill = selectors.drill_down(parent, year, computed)
        for k, indicator in enumerate(computed):
            parts = [figures[k] for _child, figures in drill]
            if among:
                numerator = sum(p.numerator or 0 for p in parts)
                denominator = sum(p.denominator or 0 for p in parts)
                total = Figure(numerator, denominator, indicator.value_of(numerator, denominator))
                shown = protect(indicator, total, parts)[1]
            else:
                shown = [protect_one(indicator, p) for p in parts]
            for (child, _figures), exact, fig in zip(drill, parts, shown, strict=True):
                if fig.suppressed and land.shares.get(child.pk):
                    held.setdefault(indicator.code, []).append(count_of(indicator, exact) or 0)
    return {
        code
        for code, counts in held.items()
        if len(counts) == 1 or 0 < sum(counts) < rules.SMALL_CELL_THRESHOLD
    }
