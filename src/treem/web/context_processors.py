from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from treem.accounts.working_unit import current_unit


def shell(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from treem.core.models import Notification

    return {
        "perms_set": getattr(request, "perms_set", set()),
        "current_unit": current_unit(request),
        "unread_notifications": Notification.objects.filter(user=request.user, read_at__isnull=True).count(),
    }
