"""Writing the audit trail. ``audit_log`` is the only code that inserts AuditEvent rows."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from treem.audit.models import AuditEvent

GENESIS = "0" * 64
# Serialises appends so the chain stays linear under concurrency (transaction-scoped advisory lock).
_CHAIN_LOCK_KEY = 0x7472_6565_6D41  # "treemA"


def _canonical(value: Any) -> Any:
    """JSON-round-trip so the hash covers exactly what the database stores."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def event_digest(
    *,
    prev_hash: str,
    at: datetime.datetime,
    actor_id: int | None,
    actor_username: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    unit_id: int | None,
    unit_path: str,
    ip: str | None,
    before: Any,
    after: Any,
    extra: Any,
) -> str:
    payload = {
        "prev": prev_hash,
        "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor": actor_username,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "unit_id": unit_id,
        "unit_path": unit_path,
        "ip": ip,
        "before": before,
        "after": after,
        "extra": extra,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def digest_of(event: AuditEvent) -> str:
    return event_digest(
        prev_hash=event.prev_hash,
        at=event.at,
        actor_id=event.actor_id,
        actor_username=event.actor_username,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        unit_id=event.unit_id,
        unit_path=event.unit_path,
        ip=event.ip,
        before=event.before,
        after=event.after,
        extra=event.extra,
    )


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    unit: Any = None,
    ip: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction (or its own)."""
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    if unit is None and obj is not None:
        unit = getattr(obj, "unit", None)
        if unit is None and obj.__class__.__name__ == "AdminUnit":
            unit = obj
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    actor_username = getattr(actor, "username", "") if actor_id else (actor if isinstance(actor, str) else "")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        fields: dict[str, Any] = {
            "prev_hash": last or GENESIS,
            "at": timezone.now(),
            "actor_id": actor_id,
            "actor_username": actor_username or "",
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "unit_id": getattr(unit, "pk", None),
            "unit_path": getattr(unit, "path", "") or "",
            "ip": ip,
            "before": _canonical(before) if before is not None else None,
            "after": _canonical(after) if after is not None else None,
            "extra": _canonical(extra or {}),
        }
        event = AuditEvent(**fields, hash=event_digest(**fields))
        event.save(force_insert=True)
    return event


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def verify_chain(batch_size: int = 5000) -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in id order. Returns (events checked, first broken event or None, reason)."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None, ""
        for event in batch:
            if event.prev_hash != prev:
                return checked, event, "prev_hash"
            if digest_of(event) != event.hash:
                return checked, event, "hash"
            prev = event.hash
            last_id = event.id
            checked += 1
