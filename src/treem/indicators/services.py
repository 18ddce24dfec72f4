"""Writes of indicator data: reported values (validated, audited, refused when locked)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit
from treem.indicators.models import Indicator, ReportedValue


def reported_value_set(
    *,
    actor: Any,
    unit: AdminUnit,
    indicator: Indicator,
    year: int,
    sex: str = "",
    numerator: int | None = None,
    denominator: int | None = None,
    value: Decimal | None = None,
    note: str = "",
) -> ReportedValue:
    """Create or replace the reported figure of ``unit`` for ``indicator`` in ``year`` (and ``sex``).
    Raises ValidationError (Vietnamese messages) for bad figures, ApplicationError for a locked one."""
    access.require(actor, "indicators.enter_value", unit)
    with transaction.atomic():
        obj = (
            ReportedValue.objects.select_for_update()
            .filter(unit=unit, indicator=indicator, year=year, sex=sex)
            .first()
        )
        if obj is not None and obj.locked:
            raise ApplicationError("Số liệu này đã khóa, không sửa được.")
        before = None if obj is None else {"numerator": obj.numerator, "denominator": obj.denominator}
        obj = obj or ReportedValue(unit=unit, indicator=indicator, year=year, sex=sex)
        obj.numerator, obj.denominator, obj.value, obj.note = numerator, denominator, value, note
        obj.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        obj.full_clean()
        obj.save()
        audit_log(
            actor=actor,
            action="indicators.reported_value.set",
            obj=obj,
            unit=unit,
            before=before,
            after={"numerator": numerator, "denominator": denominator, "value": str(obj.value)},
        )
    return obj
