"""Writing the working-day calendar: administrators' overrides (permission ``core.manage_calendar``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from treem.accounts import access
from treem.audit import actions
from treem.audit.services import audit_log
from treem.core.models import CalendarOverride

PERM = "core.manage_calendar"


def _snapshot(override: CalendarOverride) -> dict[str, Any]:
    return {"date": override.date.isoformat(), "kind": override.kind, "reason": override.reason}


def calendar_override_set(
    *, actor: Any, date: datetime.date, kind: str, reason: str, ip: str | None = None
) -> CalendarOverride:
    """Make ``date`` an extra day off or a make-up working day (replacing any override of that date)."""
    if not access.has_perm(actor, PERM):
        raise access.AccessDenied
    reason = " ".join((reason or "").split())
    if kind not in CalendarOverride.Kind.values:
        raise ValidationError({"kind": "Loại ngày không hợp lệ."})
    if not reason:
        raise ValidationError({"reason": "Vui lòng nhập lý do."})
    with transaction.atomic():
        existing = CalendarOverride.objects.select_for_update().filter(date=date).first()
        before = _snapshot(existing) if existing else None
        if existing is None:
            try:
                with transaction.atomic():
                    override = CalendarOverride(date=date, kind=kind, reason=reason)
                    override.full_clean()
                    override.save(force_insert=True)
            except IntegrityError:  # created concurrently: update it instead
                override = CalendarOverride.objects.select_for_update().get(date=date)
                before = _snapshot(override)
        else:
            override = existing
        if before is not None:
            override.kind = kind
            override.reason = reason
            override.full_clean(validate_unique=False)
            override.save(update_fields=["kind", "reason", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.CALENDAR_OVERRIDE_SET,
            obj=override,
            ip=ip,
            before=before,
            after=_snapshot(override),
        )
    return override


def calendar_override_remove(*, actor: Any, date: datetime.date, ip: str | None = None) -> bool:
    """Remove the override of ``date``; False when there was none (nothing is audited then)."""
    if not access.has_perm(actor, PERM):
        raise access.AccessDenied
    with transaction.atomic():
        override = CalendarOverride.objects.select_for_update().filter(date=date).first()
        if override is None:
            return False
        before = _snapshot(override)
        pk, text = override.pk, str(override)
        override.delete()
        audit_log(
            actor=actor,
            action=actions.CALENDAR_OVERRIDE_REMOVED,
            object_type="core.calendaroverride",
            object_id=str(pk),
            object_repr=text,
            ip=ip,
            before=before,
        )
    return True
