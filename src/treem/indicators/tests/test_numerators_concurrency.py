"""The kept numerators with writers at work (ADR 0033): the fold waits for no open transaction and leaves
its changes for later; two writers giving the same child a support at once both commit and the child is
counted once — what "±1 by a trigger" would have got wrong."""

from __future__ import annotations

import datetime
import threading
from typing import Any

from django.db import connection, connections, transaction

from treem.indicators import numerators, selectors
from treem.indicators.models import NumeratorDirty
from treem.indicators.tests.conftest import make_child
from treem.indicators.tests.test_numerators import _counts_of, _kept_counts, _scratch_parts
from treem.registry.models import ChildCircumstance, CircumstanceGroup, Support

YEAR = 2025


def _supported(world: Any) -> int:
    """QD23-08b's numerator for the nation, through the kept counts."""
    counts = selectors.catalogue_counts(selectors.current_communes(world.nation).values("pk"), YEAR)
    return sum(n for n, _ in counts["QD23-08b", ""].values())


def _support(child: Any) -> None:
    Support.objects.create(child=child, kind="gift", date=datetime.date(YEAR, 6, 1), source="budget")


def _in_thread(target: Any) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_the_fold_leaves_an_open_transaction_alone(live_db: Any, world: Any, catalogues: None) -> None:
    child = make_child(world.a1, datetime.date(2015, 6, 1), "F")
    ChildCircumstance.objects.create(
        child=child, group=CircumstanceGroup.objects.get(number=1), start_date=datetime.date(2024, 1, 1)
    )
    numerators.keep_year(YEAR)
    numerators.fold()
    written, commit = threading.Event(), threading.Event()

    def writer() -> None:
        with transaction.atomic():
            _support(child)
            written.set()
            assert commit.wait(timeout=60)

    thread, errors = _in_thread(writer)
    assert written.wait(timeout=60)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '10s'")  # the fold must not wait for the writer
    numerators.fold()
    assert _supported(world) == 0  # not committed yet
    commit.set()
    thread.join(timeout=60)
    assert not thread.is_alive() and errors == []
    assert NumeratorDirty.objects.exists()  # the fold did not take what it could not see
    assert _supported(world) == 1  # current at once, before any fold
    numerators.fold()
    assert _supported(world) == 1
    assert _kept_counts((YEAR,)) == _counts_of(_scratch_parts((YEAR,)))


def test_two_writers_supporting_the_same_child_count_it_once(
    live_db: Any, world: Any, catalogues: None
) -> None:
    child = make_child(world.a1, datetime.date(2015, 6, 1), "M")
    ChildCircumstance.objects.create(
        child=child, group=CircumstanceGroup.objects.get(number=1), start_date=datetime.date(2024, 1, 1)
    )
    numerators.keep_year(YEAR)
    numerators.fold()
    barrier = threading.Barrier(2, timeout=60)

    def writer() -> None:
        with transaction.atomic():
            _support(child)
            barrier.wait()  # both have written, neither has committed

    pairs = [_in_thread(writer) for _ in range(2)]
    for thread, _ in pairs:
        thread.join(timeout=120)
    assert all(not t.is_alive() and errors == [] for t, errors in pairs)
    assert Support.objects.filter(child=child).count() == 2
    assert _supported(world) == 1
    numerators.fold()
    assert _supported(world) == 1
    assert _kept_counts((YEAR,)) == _counts_of(_scratch_parts((YEAR,)))
