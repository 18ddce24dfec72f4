"""The unit the user is working in (the unit switcher's choice): kept in the session and re-checked on
every request against the user's jurisdiction (``access``). Every app's pages start from it."""

from __future__ import annotations

from django.http import HttpRequest

from treem.accounts import access
from treem.geo.models import AdminUnit

SESSION_KEY = "treem_unit_id"


def current_unit(request: HttpRequest) -> AdminUnit | None:
    cached = getattr(request, "_treem_unit", None)
    if cached is not None:
        return cached
    unit: AdminUnit | None = None
    unit_id = request.session.get(SESSION_KEY)
    if unit_id is not None:
        unit = access.units(request.user).filter(pk=unit_id).first()
    if unit is None:
        roots = access.top_units(request.user)
        unit = roots[0] if roots else None
    request._treem_unit = unit  # type: ignore[attr-defined]
    return unit


def switchable_units(request: HttpRequest) -> list[AdminUnit]:
    """The roots of the jurisdiction and, for province-level roots, their current communes."""
    roots = access.top_units(request.user)
    result: list[AdminUnit] = []
    for root in roots:
        result.append(root)
        if root.level == "province":
            result.extend(
                access.units(request.user).filter(parent=root, level="commune").order_by("name_folded")
            )
    return result
