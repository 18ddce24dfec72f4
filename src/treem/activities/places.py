"""Play places (điểm vui chơi, giải trí, văn hóa, thể thao cho trẻ em) of a commune: reads and writes
(ADR 0031). A commune that records its places in Treem has QĐ 23/QĐ-TTg indicator 21 and QĐ 06 criterion
12.2 computed from them; the others keep the figure the culture sector reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from treem.accounts import access
from treem.activities.models import PlaceKind, PlayPlace
from treem.audit.services import audit_log
from treem.core.errors import ConcurrentEditError
from treem.geo.models import AdminUnit, Level

RECORD = "activities.record_activity"


def open_between(start: datetime.date, end: datetime.date) -> Q:
    """Places open at some time between ``start`` and ``end`` (inclusive)."""
    return Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=start))


def commune_places(commune: AdminUnit) -> QuerySet[PlayPlace]:
    return PlayPlace.objects.filter(commune=commune).select_related("hamlet").order_by("name")


@dataclass
class PlaceData:
    commune: AdminUnit
    hamlet: AdminUnit | None
    name: str
    kind: str
    address: str = ""
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    managed_by: str = ""
    note: str = ""


def _validate(data: PlaceData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.commune.level != Level.COMMUNE:
        errors["__all__"] = "Điểm vui chơi thuộc một xã, phường."
    if data.hamlet is not None and data.hamlet.parent_id != data.commune.pk:
        errors["hamlet"] = "Thôn, tổ dân phố không thuộc xã này."
    if not data.name.strip():
        errors["name"] = "Nhập tên điểm vui chơi."
    if data.kind not in PlaceKind.values:
        errors["kind"] = "Chọn loại điểm."
    if data.opened_on is None:
        errors["opened_on"] = "Nhập ngày đưa vào sử dụng (dd/mm/yyyy)."
    elif data.closed_on is not None and data.closed_on <= data.opened_on:
        errors["closed_on"] = "Ngày ngừng sử dụng phải sau ngày đưa vào sử dụng."
    return errors


def _audit(place: PlayPlace) -> dict[str, Any]:
    return {
        "name": place.name,
        "kind": place.kind,
        "hamlet": place.hamlet_id,
        "opened_on": place.opened_on.isoformat(),
        "closed_on": place.closed_on.isoformat() if place.closed_on else None,
    }


def _fields(place: PlayPlace, data: PlaceData) -> None:
    assert data.opened_on is not None
    place.commune, place.hamlet, place.name, place.kind = data.commune, data.hamlet, data.name, data.kind
    place.address, place.opened_on, place.closed_on = data.address.strip(), data.opened_on, data.closed_on
    place.managed_by, place.note = data.managed_by.strip(), data.note.strip()


def place_create(*, actor: Any, data: PlaceData) -> PlayPlace:
    access.require(actor, RECORD, data.commune)
    errors = _validate(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        place = PlayPlace(created_by=actor if getattr(actor, "pk", None) else None)
        _fields(place, data)
        place.save()
        audit_log(
            actor=actor, action="activities.place.created", obj=place, unit=data.commune, after=_audit(place)
        )
    return place


def place_update(*, actor: Any, place: PlayPlace, data: PlaceData, version: int) -> PlayPlace:
    access.require(actor, RECORD, place.commune)
    errors = _validate(data)
    if data.commune.pk != place.commune_id:
        errors["__all__"] = "Không chuyển điểm vui chơi sang xã khác."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = PlayPlace.objects.select_for_update().get(pk=place.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                "Điểm vui chơi đã được người khác sửa sau khi bạn mở trang. Hãy tải lại trang."
            )
        before = _audit(locked)
        _fields(locked, data)
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action="activities.place.updated",
            obj=locked,
            unit=locked.commune,
            before=before,
            after=_audit(locked),
        )
    return locked


# -- QĐ 23 indicator 21 ------------------------------------------------------------------------------------
def communes_with_places(communes: Any, year: int, sex: str) -> dict[int, tuple[int, int]]:
    """Per commune that records its play places in Treem (at least one place opened by the end of
    ``year``): (1 if one was open during the year, else 0; 1). The others are left out, so their reported
    figure is used. No breakdown by sex."""
    if sex:
        return {}
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    keeping = set(
        PlayPlace.objects.filter(commune__in=communes, opened_on__lte=end).values_list(
            "commune_id", flat=True
        )
    )
    open_ = set(
        PlayPlace.objects.filter(open_between(start, end), commune_id__in=keeping).values_list(
            "commune_id", flat=True
        )
    )
    return {pk: (1 if pk in open_ else 0, 1) for pk in keeping}


def register() -> None:
    from treem.indicators.selectors import register_computer

    register_computer("QD23-21", communes_with_places, fallback=True)
