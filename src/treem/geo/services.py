from __future__ import annotations

import datetime

from django.db import transaction

from treem.geo.models import AdminUnit


def unit_create(
    *,
    level: str,
    unit_type: str,
    code: str,
    name: str,
    short_name: str = "",
    parent: AdminUnit | None,
    generation: str = "2025",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    source: str = "",
) -> AdminUnit:
    """Create a unit and set its materialised path (parent's path + own primary key)."""
    with transaction.atomic():
        unit = AdminUnit(
            level=level,
            unit_type=unit_type,
            code=code,
            name=name,
            short_name=short_name or name,
            parent=parent,
            generation=generation,
            valid_from=valid_from,
            valid_to=valid_to,
            source=source,
        )
        unit.full_clean(exclude=["path", "name_folded"])
        unit.save()
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
    return unit
