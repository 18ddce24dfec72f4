"""``{{ value|figure:indicator }}``: an indicator's figure the Vietnamese way — counts of children whole
(1.244), rates with two decimals (60,00); "—" when there is none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from treem.indicators.charts import vn_number
from treem.indicators.privacy import EXPLANATION, SUPPRESSED_TEXT

register = template.Library()


@register.filter
def figure(value: Decimal | int | float | None, indicator: Any) -> str:
    return vn_number(value, 0 if getattr(indicator, "unit", "") == "count" else 2)


APPROXIMATE_NOTE = (
    "Ước tính: đơn vị cũ chỉ gồm một phần của xã, phường hiện hành; số liệu của xã, phường đó được chia "
    "theo tỷ lệ số đơn vị cũ hợp thành."
)


@register.filter
def cell(fig: Any, indicator: Any) -> str:
    """A ``Figure``'s value as a table cell: "< 5" when small-cell suppression held it back (ADR 0020),
    a muted "—" when there is none."""
    if getattr(fig, "suppressed", False):
        return format_html('<span title="{}">{}</span>', EXPLANATION, SUPPRESSED_TEXT)
    value = getattr(fig, "value", None)
    if value is None:
        return mark_safe('<span class="muted">—</span>')
    if getattr(fig, "approximate", False):  # a former unit's share of a divided commune (ADR 0024)
        return format_html('<span title="{}">≈ {}</span>', APPROXIMATE_NOTE, figure(value, indicator))
    return figure(value, indicator)


@register.filter
def fraction(fig: Any) -> str:
    """ "numerator / denominator", the numerator "< 5" when held back; "—" without a denominator."""
    if getattr(fig, "denominator", None) is None:
        if getattr(fig, "suppressed", False):
            return SUPPRESSED_TEXT
        return mark_safe('<span class="muted">—</span>')
    numerator = SUPPRESSED_TEXT if fig.suppressed else fig.numerator
    return f"{numerator} / {fig.denominator}"


@register.filter
def index(items: Any, position: int) -> Any:
    """``{{ labels|index:forloop.counter0 }}``: the item at ``position`` ("" when there is none)."""
    try:
        return items[int(position)]
    except (IndexError, KeyError, TypeError, ValueError):
        return ""
