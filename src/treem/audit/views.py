from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treem.accounts import access
from treem.audit import selectors
from treem.audit.labels import GROUPS, LABELS, action_label
from treem.core.people import display_names


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "audit.view_audit"):
        raise access.AccessDenied
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    events = selectors.event_list(user=request.user, action=action, actor=actor)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    events_shown = selectors.mask_personal(user=request.user, events=list(page.object_list))
    names = display_names(e.actor_id for e in events_shown)
    for e in events_shown:
        e.label = action_label(e.action)  # type: ignore[attr-defined]
        e.actor_name = names.get(e.actor_id) if e.actor_id else ""  # type: ignore[attr-defined]
    page.object_list = events_shown
    choices = []
    for prefix, group in GROUPS.items():
        mine = ((code, text) for code, text in LABELS.items() if code.startswith(prefix + "."))
        codes = sorted(mine, key=lambda c: c[1])
        choices.append((group, [(prefix, f"Tất cả — {group}"), *codes]))
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "action": action, "actor": actor, "action_choices": choices},
    )
