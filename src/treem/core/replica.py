"""Heavy reads on a streaming standby (ADR 0030): the ``replica`` database alias, ``use_replica()`` and
the database router.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` alias. Work marked with
``use_replica()`` — a decorator on the heavy read views (scorecards, analytics, ADX, exports) and a
context manager around the export builders — reads from it, checked once on entry:

- the standby answers, and its replay lag is at most ``TREEM_REPLICA_MAX_LAG_SECONDS`` → reads go to it,
  and the page says how fresh its figures are ("Số liệu cập nhật đến HH:MM", from
  ``pg_last_xact_replay_timestamp()``, or the standby's clock when it has replayed all it received);
- it lags more, it is down, or no replica is configured → everything reads from the primary, as before.
  A standby found down is not asked again for ``TREEM_REPLICA_RETRY_SECONDS`` in this process.

What never reads from the standby, even inside ``use_replica()``: writes (always the primary), reads
inside a transaction on the primary (read your own writes), and the tables that decide who may see what
or hold the state of jobs (``PRIMARY_ONLY_APPS``): a revoked role must not live on in a lagging copy.

Raw SQL on ``django.db.connection`` is always the primary; a heavy raw query that should follow the
routing takes ``read_connection()`` instead.
"""

from __future__ import annotations

import datetime
import functools
import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest

logger = logging.getLogger(__name__)

REPLICA = "replica"

# Access decisions, sessions, the audit trail and job state come from the primary only.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",
        "auth",
        "sessions",
        "contenttypes",
        "axes",
        "otp_totp",
        "otp_static",
        "audit",
        "core",
        "procrastinate",
    }
)

# Lag in seconds: 0 when the standby has replayed all the WAL it received, else the age of the last
# replayed transaction (infinite when it has replayed none since it started).
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery()
              OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
       END::float8,
       pg_last_xact_replay_timestamp(),
       now()
"""


@dataclass(frozen=True)
class ReplicaState:
    """What ``use_replica()`` found on entry. ``as_of``: the figures are current up to then."""

    usable: bool
    reason: str  # "ok", "lagging", "down", "absent"
    lag_seconds: float | None = None
    as_of: datetime.datetime | None = None


ABSENT = ReplicaState(usable=False, reason="absent")
DOWN = ReplicaState(usable=False, reason="down")

_route: ContextVar[ReplicaState | None] = ContextVar("treem_replica_route", default=None)
_down_until = 0.0
_down_lock = threading.Lock()


def replica_configured() -> bool:
    return REPLICA in connections.settings


def max_lag_seconds() -> float:
    return float(getattr(settings, "TREEM_REPLICA_MAX_LAG_SECONDS", 30))


def replica_state() -> ReplicaState:
    """Ask the standby how far behind it is (one short query); never raises."""
    global _down_until
    if not replica_configured():
        return ABSENT
    if time.monotonic() < _down_until:
        return DOWN
    conn = connections[REPLICA]
    try:
        with conn.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag, replayed_at, now = cursor.fetchone()
    except DatabaseError:
        logger.warning("Read replica unavailable; reading from the primary.", exc_info=True)
        conn.close()
        with _down_lock:
            _down_until = time.monotonic() + float(getattr(settings, "TREEM_REPLICA_RETRY_SECONDS", 30))
        return DOWN
    as_of = now if not in_recovery or lag == 0 else replayed_at
    if lag > max_lag_seconds():
        return ReplicaState(usable=False, reason="lagging", lag_seconds=lag, as_of=as_of)
    return ReplicaState(usable=True, reason="ok", lag_seconds=lag, as_of=as_of)


def forget_down() -> None:
    """Ask a standby found down again at the next ``use_replica()`` (tests, and after a repair)."""
    global _down_until
    with _down_lock:
        _down_until = 0.0


def current_route() -> ReplicaState | None:
    """The state of the enclosing ``use_replica()`` when it routes to the standby, else None."""
    return _route.get()


F = TypeVar("F", bound=Callable[..., Any])


class use_replica:
    """``@use_replica()`` on a view (the request gets ``treem_data_as_of`` for the page's freshness note),
    or ``with use_replica() as state:`` around heavy read-only work. Nested uses keep the outer decision."""

    def __init__(self) -> None:
        self._tokens: list[Token[ReplicaState | None]] = []

    def __enter__(self) -> ReplicaState:
        outer = _route.get()
        state = outer if outer is not None else replica_state()
        self._tokens.append(_route.set(state if state.usable else None))
        return state

    def __exit__(self, *exc: object) -> None:
        _route.reset(self._tokens.pop())

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with use_replica() as state:
                if state.usable and args and isinstance(args[0], HttpRequest):
                    args[0].treem_data_as_of = state.as_of  # type: ignore[attr-defined]
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def _reads_from_replica(app_label: str | None) -> bool:
    if _route.get() is None or app_label in PRIMARY_ONLY_APPS:
        return False
    # Inside a transaction on the primary, read what it wrote.
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


def read_connection() -> BaseDatabaseWrapper:
    """The connection a heavy raw query should use: the standby inside a routed ``use_replica()``."""
    return connections[REPLICA if _reads_from_replica(None) else DEFAULT_DB_ALIAS]


class ReplicaRouter:
    """DATABASE_ROUTERS: reads to the standby only inside a routed ``use_replica()``; writes, migrations
    and everything else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return REPLICA if _reads_from_replica(model._meta.app_label) else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS  # also for an object read from the standby

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the standby holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
