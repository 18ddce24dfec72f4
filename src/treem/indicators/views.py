"""The scorecard: every indicator of a unit for a year, with target, status and drill-down to child units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from treem.accounts import access
from treem.geo.models import AdminUnit
from treem.indicators import selectors
from treem.indicators.models import Indicator
from treem.web.shell import current_unit

PERM = "indicators.view_indicator"
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(request: HttpRequest) -> int:
    raw = str(request.GET.get("year") or "").strip()
    if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return timezone.localdate().year


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
    raw_unit = request.GET.get("unit")
    unit: AdminUnit | None
    if raw_unit:
        unit = access.access_unit(request.user, raw_unit, PERM)
    else:
        unit = current_unit(request)
        if unit is None or not access.has_perm(request.user, PERM, unit):
            roots = access.top_units(request.user, PERM)
            if not roots:
                raise access.AccessDenied
            unit = roots[0]
    year = _year(request)
    rows = selectors.scorecard(unit, year)
    computed = [i for i in Indicator.objects.all() if i.is_computed and i.code in selectors.COMPUTERS]
    drill = selectors.drill_down(unit, year, computed) if unit.level != "commune" else []
    return render(
        request,
        "indicators/scorecard.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, 2020, -1)),
            "rows": rows,
            "computed": computed,
            "drill": drill,
            "parent": unit.parent
            if unit.parent and access.has_perm(request.user, PERM, unit.parent)
            else None,
        },
    )
