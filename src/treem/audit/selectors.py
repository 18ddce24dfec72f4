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
    if actor:  # a login name or part of a person's name
        from django.contrib.auth import get_user_model

        named = get_user_model().objects.filter(full_name__icontains=actor).values("pk")
        scoped = scoped.filter(Q(actor_username__icontains=actor) | Q(actor_id__in=named))
    return scoped.order_by("-id")


# Records whose display name names a child or a family (the child's name, a guardian's, a household
# head's): shown in the audit list only to a reader who may see those records themselves (ADR 0019:
# the system administrator reads the trail, never the children).
_PERSONAL_PREFIXES = ("registry.",)
HIDDEN_REPR = "(hồ sơ trẻ em — tên được ẩn)"


def mask_personal(*, user: object, events: list[AuditEvent]) -> list[AuditEvent]:
    """``events`` with the names of children and families hidden from a reader without
    ``registry.view_child`` over the event's unit (the events are not saved)."""
    paths = access.get_access(user).paths("registry.view_child")  # type: ignore[arg-type]
    for event in events:
        if event.object_type.startswith(_PERSONAL_PREFIXES) and not any(
            p == "/" or (event.unit_path and event.unit_path.startswith(p)) for p in paths
        ):
            event.object_repr = HIDDEN_REPR
    return events
