"""Two transactions changing children of the same commune, sex and birth year in opposite orders
(issue #15.12, ADR 0011): both commit, and the counts are right. Before, each statement's trigger upserted
the count rows and held their locks until commit, so the two waited for each other and PostgreSQL aborted
one with a deadlock."""

from __future__ import annotations

import datetime
import threading
from typing import Any

from django.db import connections, transaction

from treem.indicators.models import PopulationCount
from treem.indicators.services import population_compact
from treem.registry.models import Child

NAME = "Trẻ Thử Đồng Thời"


def _child(commune: Any, registered: bool) -> Child:
    return Child.objects.create(
        province=commune.parent,
        commune=commune,
        area=commune,
        full_name=NAME,
        date_of_birth=datetime.date(2015, 6, 1),
        sex="M",
        birth_registered=registered,
    )


def _counts(commune: Any) -> dict[bool, int]:
    out: dict[bool, int] = {}
    for p in PopulationCount.objects.filter(commune_id=commune.pk):
        out[p.registered] = out.get(p.registered, 0) + p.n
    return out


def test_two_writers_in_opposite_orders_both_commit(live_db: Any, world: Any) -> None:
    """Committed data (``live_db``: a transactional test database), so that each thread's own connection
    sees the world and the other's commits."""
    # Both keys already counted (committed): the writers would take row locks on existing count rows.
    _child(world.a1, True)
    _child(world.a1, False)
    barrier = threading.Barrier(2, timeout=60)
    errors: list[BaseException] = []

    def writer(first: bool, second: bool) -> None:
        try:
            with transaction.atomic():
                _child(world.a1, first)
                barrier.wait()  # both hold what their first statement wrote
                _child(world.a1, second)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=writer, args=(True, False)),
        threading.Thread(target=writer, args=(False, True)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert _counts(world.a1) == {True: 3, False: 3}
    assert Child.objects.filter(commune=world.a1).count() == 6
    # the compaction folds the deltas into one row per key, the counts unchanged
    population_compact()
    assert _counts(world.a1) == {True: 3, False: 3}
    assert PopulationCount.objects.filter(commune_id=world.a1.pk).count() == 2
