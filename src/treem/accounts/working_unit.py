"""The unit the user is working in (the unit switcher's choice): kept in the session and re-checked on
every request against the user's jurisdiction (``access``). Every app's pages start from it."""

from __future__ import annotations

from django.http import HttpRequest

from treem.accounts import access
from treem.geo.models import AdminUnit

SESSION_KEY = "treem_unit_id"


def _roots(request: HttpRequest) -> list[AdminUnit]:
    """The roots of the user's jurisdiction, read once per request (the working unit falls back to the
    first, and the switcher lists them all: on the home page both)."""
    cached: list[AdminUnit] | None = getattr(request, "_treem_roots", None)
    if cached is None:
        cached = access.top_units(request.user)
        request._treem_roots = cached  # type: ignore[attr-defined]
    return cached


def current_unit(request: HttpRequest) -> AdminUnit | None:
    cached = getattr(request, "_treem_unit", None)
    if cached is not None:
        return cached
    unit: AdminUnit | None = None
    unit_id = request.session.get(SESSION_KEY)
    if unit_id is not None:
        unit = access.units(request.user).filter(pk=unit_id).first()
    if unit is None:
        roots = _roots(request)
        unit = roots[0] if roots else None
    request._treem_unit = unit  # type: ignore[attr-defined]
    return unit


def switchable_units(request: HttpRequest) -> list[AdminUnit]:
    """The roots of the jurisdiction and, for province-level roots, their current communes."""
    roots = _roots(request)
    result: list[AdminUnit] = []
    for root in roots:
        result.append(root)
        if root.level == "province":
            result.extend(
                access.units(request.user).filter(parent=root, level="commune").order_by("name_folded")
            )
    return result
