from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treem.accounts import access
from treem.geo import selectors


@login_required
def unit_browse(request: HttpRequest) -> HttpResponse:
    roots = access.top_units(request.user)
    return render(request, "geo/browse.html", {"roots": roots})


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    children = selectors.unit_children(user=request.user, unit=unit)
    return render(request, "geo/unit_detail.html", {"unit": unit, "children": children})
