from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.accounts.working_unit import SESSION_KEY, current_unit, switchable_units
from treem.audit import actions
from treem.audit.services import audit_log, client_ip
from treem.geo import selectors as geo_selectors
from treem.geo.models import Generation
from treem.web import dashboard


@login_required
def home(request: HttpRequest) -> HttpResponse:
    acc = access.get_access(request.user)
    unit = current_unit(request)
    children = (
        list(
            access.units(request.user)
            .filter(parent=unit, generation=Generation.CURRENT)
            .order_by("name_folded")[:200]
        )
        if unit is not None
        else []
    )
    context: dict[str, Any] = {
        "assignments": acc.assignments,
        "unit": unit,
        "summary": dashboard.summary(request.user, unit),
        "switchable": switchable_units(request),
        # The lists behind the figures, narrowed to the commune the user works in.
        "here_q": f"commune={unit.pk}" if unit is not None and unit.level == "commune" else "",
        "here_amp": f"&commune={unit.pk}" if unit is not None and unit.level == "commune" else "",
        # The current map only: the former provinces and communes (before 01/07/2025) share names and
        # codes with the current ones; they are named as hints beside their successors instead.
        "children": children,
        "hints": geo_selectors.former_names(children),
    }
    return render(request, "web/home.html", context)


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    unit = access.access_unit(request.user, request.POST.get("unit", ""))
    request.session[SESSION_KEY] = unit.pk
    audit_log(actor=request.user, action=actions.UNIT_SWITCHED, obj=unit, ip=client_ip(request))
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    return redirect(nxt)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 404, "title": "Không tìm thấy trang"}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 403, "title": "Không có quyền truy cập"}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"code": 500, "title": "Hệ thống gặp lỗi"}, status=500)
