from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from treem.accounts import access
from treem.core.models import CalendarOverride


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "core.manage_calendar"):
        raise access.AccessDenied
    year = int(request.GET.get("year") or timezone.localdate().year)
    overrides = CalendarOverride.objects.filter(date__year=year)
    return render(request, "core/calendar.html", {"year": year, "overrides": overrides})
