from __future__ import annotations

from django.db.models import QuerySet

from treem.accounts import access
from treem.geo.models import AdminUnit, Generation, Level


def unit_list(
    *,
    user: object,
    level: str | None = None,
    parent_code: str | None = None,
    generation: str = Generation.CURRENT,
) -> QuerySet[AdminUnit]:
    qs = access.units(user).filter(generation=generation)  # type: ignore[arg-type]
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code, parent__generation=generation)
        if not level:
            qs = qs.exclude(level=Level.NATION)
    return qs.select_related("parent").order_by("code")


def unit_children(*, user: object, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return access.units(user).filter(parent=unit).order_by("level", "code")  # type: ignore[arg-type]
