"""Seals of the audit chain, kept outside the database (ADR 0013).

The hash chain alone shows an edited or removed event only to someone who cannot recompute the later
hashes; whoever can write to the table (a database superuser, ``session_replication_role = replica``)
can re-hash everything after an edit, and removing the newest events leaves a shorter, valid chain.
A *seal* closes both gaps. Periodically (procrastinate, ``treem.audit.tasks``), at every shutdown of
``./treem demo`` and before every backup, the sealer

1. checks the chain from the previous seal to the newest event (so a tampered chain is never sealed),
2. appends one JSON line to an append-only file outside the database (``TREEM_AUDIT_SEALS_FILE``)::

     {"v": 1, "seq": 7, "at": "…Z", "last_id": 1234, "last_hash": "…", "count": 1230,
      "prev_mac": "<mac of seal 6>", "mac": "<HMAC-SHA256 of the fields above>"}

   with an HMAC key the database never holds (``TREEM_AUDIT_SEAL_KEY``/``_FILE``, else
   ``var/audit/seal.key``), and mails the line to ``TREEM_AUDIT_SEAL_MAIL_TO`` when set.

``verify`` checks the seals (their MACs and their order) and the chain together: every sealed event
must still be there with the sealed hash and the sealed number of events before it. Re-hashing after an
edit changes the hash of the next sealed event; removing events below the last seal leaves a sealed
event missing. Events after the last seal are covered by the chain only; the report says how many.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.audit.services import GENESIS, digest_of

logger = logging.getLogger(__name__)

SEAL_VERSION = 1
_MAC_FIELDS = ("v", "seq", "at", "last_id", "last_hash", "count", "prev_mac")


class SealError(Exception):
    """The chain cannot be sealed or verified; the message is Vietnamese, for the operator."""


# -- the key and the file ------------------------------------------------------------------------
def seals_path() -> Path:
    return Path(settings.TREEM_AUDIT_SEALS_FILE)


def seal_key(*, create: bool = False) -> bytes:
    """TREEM_AUDIT_SEAL_KEY, else the file TREEM_AUDIT_SEAL_KEY_FILE (var/audit/seal.key by default),
    generated (0600) only when ``create`` — i.e. before the first seal, never once seals exist."""
    direct = os.environ.get("TREEM_AUDIT_SEAL_KEY")
    if direct:
        return direct.encode("utf-8")
    path = Path(settings.TREEM_AUDIT_SEAL_KEY_FILE)
    if not path.exists():
        if not create:
            raise SealError(
                f"Không tìm thấy khóa niêm phong nhật ký ({path}); đặt TREEM_AUDIT_SEAL_KEY_FILE "
                "trỏ tới tệp khóa đã lưu giữ (audit seal key not found)."
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    key = path.read_text().strip()
    if len(key) < 32:
        raise SealError(f"Khóa niêm phong trong {path} quá ngắn (cần ít nhất 32 ký tự).")
    return key.encode("utf-8")


def _mac(key: bytes, seal: dict[str, Any]) -> str:
    blob = json.dumps({k: seal[k] for k in _MAC_FIELDS}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, blob.encode("utf-8"), hashlib.sha256).hexdigest()


def _parse(text: str) -> list[dict[str, Any]]:
    seals = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            seal = json.loads(line)
        except ValueError as exc:
            raise SealError(f"Dòng {n} của tệp niêm phong không đọc được (not JSON).") from exc
        if not isinstance(seal, dict) or any(k not in seal for k in (*_MAC_FIELDS, "mac")):
            raise SealError(f"Dòng {n} của tệp niêm phong thiếu trường (missing fields).")
        seals.append(seal)
    return seals


def read_seals(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or seals_path()
    return _parse(path.read_text(encoding="utf-8")) if path.exists() else []


def seal_time(seal: dict[str, Any]) -> datetime.datetime:
    return timezone.localtime(datetime.datetime.fromisoformat(seal["at"]))


def check_seals(seals: list[dict[str, Any]], key: bytes) -> None:
    """Each seal's MAC, its link to the previous seal, and the order of what they record."""
    prev_mac, prev_id, prev_count = "", 0, 0
    for n, seal in enumerate(seals, start=1):
        if seal["seq"] != n or seal["prev_mac"] != prev_mac:
            raise SealError(f"Niêm phong số {n} không nối tiếp niêm phong trước (seal out of sequence).")
        if not hmac.compare_digest(str(seal["mac"]), _mac(key, seal)):
            raise SealError(
                f"Niêm phong số {n} bị sửa hoặc không do khóa này tạo ra (seal MAC does not match the key)."
            )
        if seal["last_id"] < prev_id or seal["count"] < prev_count:
            raise SealError(f"Niêm phong số {n} ghi nhận ít sự kiện hơn niêm phong trước.")
        prev_mac, prev_id, prev_count = seal["mac"], seal["last_id"], seal["count"]


# -- walking the chain ----------------------------------------------------------------------------
def _events_after(last_id: int, upto: int | None = None, batch_size: int = 5000) -> Iterator[AuditEvent]:
    while True:
        qs = AuditEvent.objects.filter(id__gt=last_id).order_by("id")
        if upto is not None:
            qs = qs.filter(id__lte=upto)
        batch = list(qs[:batch_size])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


@dataclass
class Verdict:
    checked: int = 0
    broken: AuditEvent | None = None
    broken_id: int | None = None
    message: str = ""
    seals: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.message

    @property
    def after_last_seal(self) -> int:
        return self.checked - (self.seals[-1]["count"] if self.seals else 0)


def _when(event: AuditEvent) -> str:
    return f"{event.action}, {timezone.localtime(event.at):%d/%m/%Y %H:%M:%S}"


def _seal_label(seal: dict[str, Any]) -> str:
    return f"niêm phong số {seal['seq']} lúc {seal_time(seal):%d/%m/%Y %H:%M:%S}"


def verify(*, seals: list[dict[str, Any]] | None = None, key: bytes | None = None) -> Verdict:
    """The chain and its seals together; ``message`` (Vietnamese) names the first broken event."""
    verdict = Verdict()
    try:
        verdict.seals = read_seals() if seals is None else seals
        if verdict.seals:
            check_seals(verdict.seals, key if key is not None else seal_key())
    except SealError as exc:
        verdict.message = str(exc)
        return verdict
    pending = [s for s in verdict.seals if s["last_id"] > 0]
    prev, segment_start = GENESIS, None  # the first event after the previous seal
    for event in _events_after(0):
        if event.prev_hash != prev:
            verdict.broken, verdict.message = (
                event,
                f"Chuỗi nhật ký bị hỏng tại sự kiện #{event.id} ({_when(event)}): một sự kiện trước nó đã bị "
                "xóa hoặc sửa (previous link does not match).",
            )
            return verdict
        if digest_of(event) != event.hash:
            verdict.broken, verdict.message = (
                event,
                f"Chuỗi nhật ký bị hỏng tại sự kiện #{event.id} ({_when(event)}): nội dung sự kiện đã bị sửa "
                "(content does not match its hash).",
            )
            return verdict
        if pending and pending[0]["last_id"] < event.id:
            seal = pending[0]
            verdict.broken, verdict.broken_id = event, seal["last_id"]
            verdict.message = (
                f"Sự kiện #{seal['last_id']} mà {_seal_label(seal)} ghi nhận không còn trong nhật ký: các sự "
                f"kiện từ #{segment_start or event.id} đến #{seal['last_id']} đã bị xóa hoặc ghi lại "
                "(a sealed event is missing)."
            )
            return verdict
        segment_start = segment_start or event.id
        verdict.checked += 1
        while pending and pending[0]["last_id"] == event.id:
            seal = pending.pop(0)
            if event.hash != seal["last_hash"] or verdict.checked != seal["count"]:
                verdict.checked -= 1  # the sealed event itself is not proven
                verdict.broken, verdict.broken_id = event, event.id
                verdict.message = (
                    f"Chuỗi nhật ký bị hỏng tại sự kiện #{event.id} ({_when(event)}): "
                    f"khác với {_seal_label(seal)} "
                    f"(niêm phong ghi {seal['count']} sự kiện, nay có {verdict.checked + 1}) — "
                    f"một sự kiện từ #{segment_start} đến #{event.id} đã bị sửa, xóa hoặc chèn rồi băm lại "
                    "(chain rewritten below a seal)."
                )
                return verdict
            segment_start = None
        prev = event.hash
    if pending:
        seal = verdict.seals[-1]
        verdict.broken_id = seal["last_id"]
        verdict.message = (
            f"Các sự kiện mới nhất đã bị xóa: {_seal_label(seal)} ghi nhận {seal['count']} sự kiện đến "
            f"#{seal['last_id']}, nhưng nhật ký chỉ còn {verdict.checked} sự kiện "
            f"(newest sealed events removed)."
        )
    return verdict


# -- sealing -------------------------------------------------------------------------------------
def audit_seal(*, path: Path | None = None) -> dict[str, Any] | None:
    """Append a seal over the newest event, after checking the chain since the previous seal.

    Returns the new seal, or None when no event was added since the last one. Raises SealError (and
    seals nothing) when the chain since the previous seal is broken."""
    path = path or seals_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a+", encoding="utf-8") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)  # one sealer at a time (periodic job, shutdown, backup)
        f.seek(0)
        seals = _parse(f.read())
        key = seal_key(create=not seals)
        check_seals(seals, key)
        prev = seals[-1] if seals else None
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if prev is not None and last == prev["last_id"]:
            return None
        count, last_hash = _check_since(prev, last)
        seal: dict[str, Any] = {
            "v": SEAL_VERSION,
            "seq": len(seals) + 1,
            "at": timezone.now().astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "last_id": last,
            "last_hash": last_hash,
            "count": count,
            "prev_mac": prev["mac"] if prev else "",
        }
        seal["mac"] = _mac(key, seal)
        f.write(json.dumps(seal, sort_keys=True, separators=(",", ":")) + "\n")
        f.flush()
        os.fsync(f.fileno())
    _mail(seal)
    return seal


def _check_since(prev: dict[str, Any] | None, upto: int) -> tuple[int, str]:
    """Walk the chain from the previous seal to ``upto``; (events up to it, its hash)."""
    if prev is None or prev["last_id"] == 0:
        prev_hash, count, after = GENESIS, 0, 0
    else:
        sealed = AuditEvent.objects.filter(id=prev["last_id"]).values_list("hash", flat=True).first()
        if sealed != prev["last_hash"]:
            raise SealError(
                f"Không niêm phong: sự kiện #{prev['last_id']} của {_seal_label(prev)} đã bị xóa hoặc sửa."
            )
        prev_hash, count, after = prev["last_hash"], prev["count"], prev["last_id"]
    for event in _events_after(after, upto):
        if event.prev_hash != prev_hash or digest_of(event) != event.hash:
            raise SealError(f"Không niêm phong: chuỗi nhật ký bị hỏng tại sự kiện #{event.id}.")
        prev_hash = event.hash
        count += 1
    return count, prev_hash


def _mail(seal: dict[str, Any]) -> None:
    recipients = list(getattr(settings, "TREEM_AUDIT_SEAL_MAIL_TO", []) or [])
    if not recipients:
        return
    from django.core.mail import send_mail

    body = (
        "Niêm phong nhật ký Treem (audit seal). Lưu giữ thư này: nó chứng minh nhật ký đến sự kiện "
        f"#{seal['last_id']} ({seal['count']} sự kiện) tại thời điểm niêm phong.\n\n"
        + json.dumps(seal, sort_keys=True, separators=(",", ":"))
        + "\n"
    )
    try:
        send_mail(f"[Treem] Niêm phong nhật ký số {seal['seq']}", body, None, recipients)
    except Exception:  # the seal is on disk; a mail failure must not lose it
        logger.exception("audit seal %s could not be mailed", seal["seq"])
