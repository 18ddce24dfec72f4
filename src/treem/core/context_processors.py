"""Template context from core: the freshness of figures read from the standby (ADR 0030)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone


def data_freshness(request: HttpRequest) -> dict[str, Any]:
    """``data_freshness``: "Số liệu cập nhật đến HH:MM" (with the date when not today) on a page whose
    figures came from the read replica (``use_replica()``); nothing on pages read from the primary."""
    as_of = getattr(request, "treem_data_as_of", None)
    if as_of is None:
        return {}
    local = timezone.localtime(as_of)
    text = f"Số liệu cập nhật đến {local:%H:%M}"
    if local.date() != timezone.localdate():
        text += f" ngày {local:%d/%m/%Y}"
    return {"data_freshness": text, "data_as_of": as_of}
