from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from treem.audit.models import AuditEvent
from treem.audit.services import GENESIS, audit_log, verify_chain

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    return [audit_log(actor="system", action="test.thing.done", extra={"n": n}) for n in range(3)]


def test_events_are_chained_from_genesis() -> None:
    events = _three_events()
    assert events[0].prev_hash == GENESIS
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    checked, broken, _ = verify_chain()
    assert (checked, broken) == (3, None)


def test_database_refuses_update_and_delete() -> None:
    from conftest import _truncate_trigger

    _truncate_trigger(True)  # in case a transactional test ran before in this database
    event = _three_events()[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 3


def _bypass_trigger(sql: str, params: list[object]) -> None:
    """What an attacker with superuser rights could do: disable the trigger and edit rows."""
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cur.execute(sql, params)
        cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def test_verify_names_the_first_altered_event() -> None:
    events = _three_events()
    _bypass_trigger("UPDATE audit_auditevent SET extra = '{\"n\": 99}' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"#{events[1].pk}"):
        call_command("audit_verify")


def test_verify_detects_a_removed_event() -> None:
    events = _three_events()
    _bypass_trigger("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    checked, broken, reason = verify_chain()
    assert broken is not None and broken.pk == events[2].pk
    assert reason == "prev_hash" and checked == 1


def test_verify_passes_on_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    call_command("audit_verify")
    assert "3 sự kiện" in capsys.readouterr().out
