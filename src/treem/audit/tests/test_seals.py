"""Seals prove the chain complete (ADR 0013): the attack of the report — superuser, replica mode,
an edited event, later hashes recomputed, the newest event deleted — passed the chain-only check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from treem.audit.models import AuditEvent
from treem.audit.seals import SealError, audit_seal, read_seals, verify
from treem.audit.services import audit_log, digest_of, verify_chain

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    return [audit_log(actor="system", action="test.thing.done", extra={"n": i}) for i in range(n)]


def _rewrite(event_id: int, extra: dict[str, object], *, delete_newest: bool) -> None:
    """As the report did it: as superuser in replica mode (triggers skipped), edit one event,
    recompute every later hash with digest_of, delete the newest event."""
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("UPDATE audit_auditevent SET extra = %s WHERE id = %s", [json.dumps(extra), event_id])
        prev = None
        for event in AuditEvent.objects.filter(id__gte=event_id).order_by("id"):
            if prev is not None:
                event.prev_hash = prev
            new_hash = digest_of(event)
            cur.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, new_hash, event.id],
            )
            prev = new_hash
        if delete_newest:
            cur.execute("DELETE FROM audit_auditevent WHERE id = (SELECT max(id) FROM audit_auditevent)")
        cur.execute("SET session_replication_role = DEFAULT")


def test_the_reported_rewrite_passes_the_chain_but_not_the_seals() -> None:
    events = _events(5)
    audit_seal()
    _rewrite(events[1].pk, {"n": 99}, delete_newest=True)
    # What audit_verify checked before: the chain alone is still consistent.
    assert verify_chain()[1] is None
    with pytest.raises(CommandError, match=f"#{events[4].pk}.*không còn|mới nhất đã bị xóa"):
        call_command("audit_verify")


def test_a_rewrite_below_an_earlier_seal_names_the_sealed_range() -> None:
    events = _events(3)
    audit_seal()
    events += _events(2)
    audit_seal()
    _rewrite(events[1].pk, {"n": 99}, delete_newest=False)
    verdict = verify()
    assert verdict.broken is not None and verdict.broken.pk == events[2].pk
    assert f"#{events[0].pk} đến #{events[2].pk}" in verdict.message


def test_removing_the_newest_sealed_events_is_detected() -> None:
    events = _events(4)
    audit_seal()
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("DELETE FROM audit_auditevent WHERE id >= %s", [events[2].pk])
        cur.execute("SET session_replication_role = DEFAULT")
    assert verify_chain()[1] is None
    verdict = verify()
    assert not verdict.ok and "4 sự kiện" in verdict.message and "chỉ còn 2" in verdict.message


def test_events_after_the_last_seal_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    _events(3)
    first = audit_seal()
    assert first is not None and first["count"] == 3 and first["prev_mac"] == ""
    assert audit_seal() is None  # nothing new, nothing sealed
    _events(2)
    second = audit_seal()
    assert second is not None and second["seq"] == 2 and second["prev_mac"] == first["mac"]
    _events(1)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "6 sự kiện" in out and "2 niêm phong" in out and "1 sự kiện sau niêm phong cuối" in out


def test_a_forged_seal_is_refused(seal_files: Path) -> None:
    _events(2)
    audit_seal()
    path = seal_files / "seals.jsonl"
    seal = json.loads(path.read_text())
    seal["count"] = 1
    path.write_text(json.dumps(seal) + "\n")
    verdict = verify()
    assert not verdict.ok and "Niêm phong số 1" in verdict.message


def test_the_sealer_refuses_a_tampered_chain() -> None:
    events = _events(3)
    audit_seal()
    events += _events(2)
    _rewrite(events[3].pk, {"n": 99}, delete_newest=False)
    with connection.cursor() as cur:  # a plain edit after the seal: the chain shows it
        cur.execute("SET session_replication_role = replica")
        cur.execute("UPDATE audit_auditevent SET extra = '{\"n\": 7}' WHERE id = %s", [events[4].pk])
        cur.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(SealError, match=f"#{events[4].pk}"):
        audit_seal()
    assert len(read_seals()) == 1


def test_seals_need_their_key(seal_files: Path, settings: object) -> None:
    _events(1)
    audit_seal()
    assert (seal_files / "seal.key").stat().st_mode & 0o777 == 0o600
    assert (seal_files / "seals.jsonl").stat().st_mode & 0o777 == 0o600
    (seal_files / "seal.key").unlink()
    verdict = verify()
    assert not verdict.ok and "khóa niêm phong" in verdict.message
    with pytest.raises(SealError):
        audit_seal()  # never a fresh key once seals exist


def test_seals_are_mailed_when_configured(settings: object) -> None:
    settings.TREEM_AUDIT_SEAL_MAIL_TO = ["kiemtoan@example.gov.vn"]  # type: ignore[attr-defined]
    _events(1)
    seal = audit_seal()
    assert seal is not None
    assert mail.outbox[-1].to == ["kiemtoan@example.gov.vn"] and seal["mac"] in mail.outbox[-1].body
