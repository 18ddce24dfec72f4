from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from treem.web.shell import current_unit


def shell(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "perms_set": getattr(request, "perms_set", set()),
        "current_unit": current_unit(request),
    }
