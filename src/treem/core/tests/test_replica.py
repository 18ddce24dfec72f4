"""Heavy reads on a hot standby (ADR 0030): a second PostgreSQL started from a base backup of the test
server streams from it; inside ``use_replica()`` reads go to it while it keeps up, to the primary when it
lags more than allowed or is down, and the page says how fresh its figures are."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections, router, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from treem.core import replica
from treem.core.pgstandby import Standby, binaries, major_version
from treem.core.replica import REPLICA, read_connection, replica_state, use_replica
from treem.geo.models import AdminUnit

# The standby (module fixture) adds the ``replica`` alias before the test case is built, which must
# know it; it is a mirror of ``default`` for the test machinery (never flushed or created).
pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.usefixtures("live_db"),
]

FRESHNESS = "Số liệu cập nhật đến"
URL = reverse("indicators:scorecard")


@pytest.fixture(scope="module")
def standby(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Standby]:
    url = settings.TREEM_TEST_REPLICATION_URL
    if not url:
        pytest.skip("no role with REPLICATION on this test server (TREEM_TEST_REPLICATION_URL)")
    bindir = binaries()
    with django_db_blocker.unblock():
        server_major = connection.cursor().connection.info.server_version // 10000
    if major_version(bindir) != server_major:
        pytest.skip(f"no PostgreSQL {server_major} binaries for the standby (TREEM_PG_BINDIR)")
    server = Standby(url, bindir)
    try:
        server.create()
        server.start()
        _add_replica(server.port)
        yield server
    finally:
        _drop_replica()
        server.remove()


def _add_replica(port: int) -> None:
    """The ``replica`` alias, as DATABASE_REPLICA_URL gives it, on the test database of ``port``."""
    cfg = {
        **connections.settings["default"],
        "PORT": str(port),
        "OPTIONS": {"connect_timeout": 3},
        "TEST": {"MIRROR": "default"},
    }
    connections.settings[REPLICA] = connections.configure_settings({"default": cfg, REPLICA: cfg})[REPLICA]


@pytest.fixture
def replica_at(standby: Standby) -> Iterator[Any]:
    def _at(port: int) -> None:
        _drop_replica()
        _add_replica(port)

    _at(standby.port)
    yield _at
    _at(standby.port)


def _drop_replica() -> None:
    if REPLICA in connections.settings:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
    replica.forget_down()


def _wait(predicate: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"the standby did not {what}")
        time.sleep(0.05)


def _primary_lsn() -> str:
    """Where the primary's WAL ends, past every commit so far. (The *write* position may lag behind a
    commit under ``synchronous_commit = off``, as on CI's server.)"""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_current_wal_insert_lsn()::text")
        return str(cur.fetchone()[0])


def _standby_has(column: str, lsn: str) -> bool:
    with connections[REPLICA].cursor() as cur:
        cur.execute(f"SELECT {column}() >= %s::pg_lsn", [lsn])
        return bool(cur.fetchone()[0])


def _replayed(lsn: str) -> None:
    _wait(lambda: _standby_has("pg_last_wal_replay_lsn", lsn), "replay the primary's changes")


def _commit_a_unit(code: str) -> AdminUnit:
    return AdminUnit.objects.create(level="nation", unit_type="quoc_gia", code=code, name=f"Thử {code}")


def test_heavy_reads_go_to_the_standby_writes_and_access_stay_on_the_primary(
    replica_at: Any, world: Any, login: Any
) -> None:
    unit = _commit_a_unit("99001")
    _replayed(_primary_lsn())
    with use_replica() as state:
        assert state.usable and state.reason == "ok"
        with read_connection().cursor() as cur:
            cur.execute("SELECT pg_is_in_recovery()")
            assert cur.fetchone() == (True,)
        assert router.db_for_read(AdminUnit) == REPLICA
        read = AdminUnit.objects.get(pk=unit.pk)
        assert read._state.db == REPLICA
        # What decides access, and job state, is never read from a copy that may lag.
        assert router.db_for_read(type(world.province_a)) == "default"
        # Writes go to the primary, also for an object read from the standby (read-only there).
        read.name = "Xã đổi tên"
        read.save()
        with transaction.atomic():  # inside a transaction on the primary: read your own writes
            assert router.db_for_read(AdminUnit) == "default"
            assert AdminUnit.objects.get(pk=unit.pk).name == "Xã đổi tên"
    assert router.db_for_read(AdminUnit) == "default"
    with connections[REPLICA].cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        assert cur.fetchone() == (True,)
    # The scorecard reads from the standby and says so; the analytics API and the export read there too.
    _replayed(_primary_lsn())
    client = login(world.province_a)
    with CaptureQueriesContext(connections[REPLICA]) as on_standby:
        page = client.get(URL, {"unit": world.a.pk, "year": 2025})
    assert page.status_code == 200
    assert FRESHNESS in page.content.decode()
    assert len(on_standby) > 1
    # (the catalogue is not loaded in this flushed database: the API answers 400 after reading it)
    for url, params, status in [
        ("/api/v1/analytics", {"dx": "QD23-14", "ou": "79", "pe": "2025"}, 400),
        (reverse("registry:export"), {"format": "csv"}, 200),
    ]:
        with CaptureQueriesContext(connections[REPLICA]) as on_standby:
            assert client.get(url, params).status_code == status
        assert len(on_standby) > 1, url


def _primary_now() -> Any:
    with connection.cursor() as cur:
        cur.execute("SELECT clock_timestamp()")
        return cur.fetchone()[0]


def _replay_held_by_the_delay() -> bool:
    """The standby's startup process is waiting out ``recovery_min_apply_delay`` (needs the rights of
    pg_read_all_stats to see it: the embedded superuser, or CI's owner)."""
    with connections[REPLICA].cursor() as cur:
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
            "WHERE backend_type = 'startup' AND wait_event = 'RecoveryApplyDelay')"
        )
        return bool(cur.fetchone()[0])


def _held_back_unit() -> tuple[AdminUnit, str]:
    """A unit committed on the primary that the standby has received but holds back (the delay just set
    takes effect when the standby's startup process reads its configuration again: until then a
    commit is replayed at once, and another is tried)."""
    for n in range(100):
        unit = _commit_a_unit(f"9910{n:02d}")
        lsn = _primary_lsn()
        _wait(lambda lsn=lsn: _standby_has("pg_last_wal_receive_lsn", lsn), "receive the primary's changes")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if _standby_has("pg_last_wal_replay_lsn", lsn):
                break  # replayed before the delay took effect
            if _replay_held_by_the_delay():
                return unit, lsn
            time.sleep(0.05)
    raise AssertionError("the standby never held back replay")


def test_a_lagging_standby_sends_reads_to_the_primary(replica_at: Any, standby: Standby) -> None:
    _replayed(_primary_lsn())
    standby.set_apply_delay("1h")
    try:
        unit, lsn = _held_back_unit()
        after = _primary_now()
        with override_settings(TREEM_REPLICA_MAX_LAG_SECONDS=0), use_replica() as state:
            assert not state.usable and state.reason == "lagging" and state.lag_seconds > 0
            assert read_connection().alias == "default"
            assert router.db_for_read(AdminUnit) == "default"
            assert AdminUnit.objects.filter(pk=unit.pk).exists(), "not read from the primary"
        # Within the allowed lag the standby serves, and says its figures are older than the change.
        with override_settings(TREEM_REPLICA_MAX_LAG_SECONDS=3600), use_replica() as state:
            assert state.usable and state.reason == "ok"
            assert state.as_of is not None and state.as_of < after
            assert not AdminUnit.objects.filter(pk=unit.pk).exists(), "not read from the standby"
    finally:
        standby.set_apply_delay("0")
    _replayed(lsn)
    with use_replica() as state:  # caught up: the standby serves again, the change there
        assert state.usable and state.reason == "ok"
        assert AdminUnit.objects.filter(pk=unit.pk).exists(), "the standby did not catch up"


def test_a_standby_that_is_down_sends_reads_to_the_primary(
    replica_at: Any, standby: Standby, world: Any, login: Any
) -> None:
    from treem.core.pgserver import _free_port

    replica_at(_free_port())  # nothing listens there
    with override_settings(TREEM_REPLICA_RETRY_SECONDS=3600):
        state = replica_state()
        assert not state.usable and state.reason == "down"
        assert replica_state().reason == "down"  # not asked again before the retry time
        with use_replica():
            assert router.db_for_read(AdminUnit) == "default"
            assert read_connection().alias == "default"
        page = login(world.province_a).get(URL, {"unit": world.a.pk, "year": 2025})
    assert page.status_code == 200
    assert FRESHNESS not in page.content.decode()
