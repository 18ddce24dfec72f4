from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treem.accounts import access
from treem.audit import selectors


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "audit.view_audit"):
        raise access.AccessDenied
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    events = selectors.event_list(user=request.user, action=action, actor=actor)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.mask_personal(user=request.user, events=list(page.object_list))
    return render(request, "audit/event_list.html", {"page": page, "action": action, "actor": actor})
