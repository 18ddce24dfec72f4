"""``{{ value|figure:indicator }}``: an indicator's figure the Vietnamese way — counts of children whole
(1.244), rates with two decimals (60,00); "—" when there is none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from treem.indicators.charts import vn_number

register = template.Library()


@register.filter
def figure(value: Decimal | int | float | None, indicator: Any) -> str:
    return vn_number(value, 0 if getattr(indicator, "unit", "") == "count" else 2)
