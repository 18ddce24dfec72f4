from __future__ import annotations

import datetime
import itertools
from typing import Any

from treem.activities.services import ActivityData

_codes = itertools.count(1)


def make_child(commune: Any, dob: datetime.date, sex: str = "M", **fields: Any) -> Any:
    from treem.registry.models import Child

    return Child.objects.create(
        province=commune.parent,
        commune=commune,
        area=fields.pop("area", commune),
        full_name=f"Trẻ Thử {next(_codes)}",
        date_of_birth=dob,
        sex=sex,
        **fields,
    )


def data(unit: Any, **over: Any) -> ActivityData:
    values: dict[str, Any] = {
        "kind": "forum",
        "unit": unit,
        "title": "Diễn đàn trẻ em phường",
        "start_date": datetime.date(2026, 6, 1),
        "end_date": datetime.date(2026, 6, 1),
    }
    values.update(over)
    return ActivityData(**values)
