from __future__ import annotations

from django.db.models import Q, QuerySet

from treem.accounts import access
from treem.audit.models import AuditEvent


def event_list(*, user: object, action: str = "", actor: str = "") -> QuerySet[AuditEvent]:
    """Events about units inside the viewer's jurisdiction, plus the viewer's own events."""
    scoped = access.scope_by_path(AuditEvent.objects.all(), user, "audit.view_audit", "unit_path")  # type: ignore[arg-type]
    if access.get_access(user).paths("audit.view_audit") != ["/"]:  # type: ignore[arg-type]
        # Events with no unit (logins …) are shown only for users inside the jurisdiction.
        scoped = AuditEvent.objects.filter(
            Q(pk__in=scoped.values("pk"))
            | Q(unit_path="", actor_id__in=access.users_in_scope(user, "audit.view_audit").values("pk"))  # type: ignore[arg-type]
        )
    if action:
        scoped = scoped.filter(action__startswith=action)
    if actor:
        scoped = scoped.filter(actor_username__icontains=actor)
    return scoped.order_by("-id")
