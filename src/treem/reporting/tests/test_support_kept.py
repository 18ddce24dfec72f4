"""The report's support figures kept under the stamp of the register's supports (issue #20, ADR 0037):
read once while nothing changes, read again the moment a support changes or a child moves."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from treem.indicators.tests.conftest import make_child
from treem.reporting import content
from treem.reporting.models import SupportFigures

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"period_start": D(2026, 1, 1), "data_end": D(2026, 10, 31)}


def figures(unit: Any) -> tuple[dict[str, Any], int]:
    """The unit's support section and how many queries reading it took."""
    with CaptureQueriesContext(connection) as queries:
        section = content._support(SimpleNamespace(unit=unit, **PERIOD))  # type: ignore[arg-type]
    joined = sum("registry_support" in q["sql"] for q in queries.captured_queries)
    return section, joined


def test_the_figures_are_read_once_until_a_support_changes(world: Any) -> None:
    from treem.registry.models import Support

    one = make_child(world.a1, D(2015, 1, 1))
    Support.objects.create(child=one, kind="gift", date=D(2026, 2, 1), amount=500_000, source="budget")
    first, read = figures(world.a)
    assert (first["records"], first["children"], first["amount"], read) == (1, 1, 500_000, 1)
    again, read = figures(world.a)
    assert again == first and read == 0  # kept: the register's supports are not read again

    added = Support.objects.create(
        child=one, kind="scholarship", date=D(2026, 3, 1), amount=1_000_000, source="budget"
    )
    section, read = figures(world.a)
    assert (section["records"], section["children"], section["amount"], read) == (2, 1, 1_500_000, 1)

    Support.objects.filter(pk=added.pk).update(amount=2_000_000)  # an amount changed, no date or child
    section, read = figures(world.a)
    assert (section["amount"], read) == (2_500_000, 1)

    Support.objects.filter(pk=added.pk).delete()
    section, read = figures(world.a)
    assert (section["records"], section["amount"], read) == (1, 500_000, 1)


def test_a_child_moved_to_another_commune_takes_its_supports_along(world: Any) -> None:
    from treem.registry.models import Support

    child = make_child(world.a1, D(2015, 1, 1))
    Support.objects.create(child=child, kind="gift", date=D(2026, 2, 1), amount=500_000, source="budget")
    assert figures(world.a1)[0]["records"] == 1 and figures(world.a2)[0]["records"] == 0
    child.full_name = "Trẻ Thử Đổi Tên"
    child.save()  # saved without moving: nothing to read again
    assert figures(world.a1)[1] == 0
    child.commune = child.area = world.a2
    child.save()
    assert figures(world.a1)[0]["records"] == 0 and figures(world.a2)[0]["records"] == 1


def _stamp(world: Any) -> str:
    """The stamp of commune a1's supports: the epoch, the count and last id of the changes of none, then
    of a1's."""
    return str(content.support_stamps(None)(world.a1.pk))


def test_the_stamp_is_new_after_every_change_and_after_compaction(world: Any) -> None:
    from treem.registry.models import Support

    seen = {_stamp(world)}
    child = make_child(world.a1, D(2015, 1, 1))
    assert _stamp(world) in seen  # a new child without supports changes no figure
    Support.objects.create(child=child, kind="gift", date=D(2026, 2, 1), amount=1, source="budget")
    seen.add(_stamp(world))
    figures(world.a)
    assert SupportFigures.objects.count() == 1  # one row, read by every web process
    assert content.support_changes_compact() == 1
    assert not SupportFigures.objects.exists()
    after = _stamp(world)
    assert after not in seen and after.split(":")[3] == "0"  # the commune's log is empty
    section, read = figures(world.a)
    assert (section["records"], read) == (1, 1)
    assert figures(world.a)[1] == 0


def test_a_support_in_another_province_keeps_the_figures(world: Any) -> None:
    """The supports' log is kept per province (migration 0007): a support given, changed or taken back in
    province B leaves province A's figures kept — still what a fresh read gives —, one in A is read at
    once."""
    from treem.registry.models import Support

    here = make_child(world.a1, D(2015, 1, 1))
    there = make_child(world.b1, D(2015, 1, 1))
    Support.objects.create(child=here, kind="gift", date=D(2026, 2, 1), amount=500_000, source="budget")
    first, read = figures(world.a)
    assert read == 1 and figures(world.a)[1] == 0
    given = Support.objects.create(child=there, kind="gift", date=D(2026, 2, 1), amount=1, source="budget")
    Support.objects.filter(pk=given.pk).update(amount=2)
    assert figures(world.a) == (first, 0)
    Support.objects.filter(pk=given.pk).delete()
    assert figures(world.a) == (first, 0)
    content.support_changes_compact()
    assert figures(world.a) == (first, 1)  # the figures a fresh read gives are those kept
    Support.objects.create(child=here, kind="gift", date=D(2026, 3, 1), amount=1, source="budget")
    section, read = figures(world.a)
    assert (section["records"], read) == (2, 1)


def test_a_child_moved_to_another_province_moves_both_provinces_support_stamps(world: Any) -> None:
    """A child moved from A to B takes its supports along: both provinces' figures are read again."""
    from treem.registry.models import Child, Support

    child = make_child(world.a1, D(2015, 1, 1))
    Support.objects.create(child=child, kind="gift", date=D(2026, 2, 1), amount=500_000, source="budget")
    assert figures(world.a)[0]["records"] == 1 and figures(world.b)[0]["records"] == 0
    assert figures(world.a)[1] == 0 and figures(world.b)[1] == 0
    Child.objects.filter(pk=child.pk).update(province=world.b, commune=world.b1, area=world.b1)
    moved_a, moved_b = figures(world.a), figures(world.b)
    assert (moved_a[0]["records"], moved_a[1]) == (0, 1) and (moved_b[0]["records"], moved_b[1]) == (1, 1)


def test_a_support_in_one_commune_reads_that_commune_again_only(world: Any, monkeypatch: Any) -> None:
    """The figures are kept per commune (migration 0008): a support given in one commune makes the next
    read read that commune's supports only — the other communes' parts kept —, and the figures equal a
    fresh read; a child moved reads its old commune and its new one."""
    from treem.registry.models import Child, Support

    read: list[list[int]] = []
    reader = content._support_read

    def spied(units: list[int], *args: Any) -> Any:
        read.append(sorted(units))
        return reader(units, *args)

    monkeypatch.setattr(content, "_support_read", spied)
    here, there = make_child(world.a1, D(2015, 1, 1)), make_child(world.a2, D(2015, 1, 1))
    Support.objects.create(child=here, kind="gift", date=D(2026, 2, 1), amount=500_000, source="budget")
    Support.objects.create(child=there, kind="gift", date=D(2026, 2, 1), amount=1, source="budget")
    figures(world.a)
    read.clear()
    Support.objects.create(child=there, kind="scholarship", date=D(2026, 3, 1), amount=2, source="budget")
    section, _ = figures(world.a)
    assert read == [[world.a2.pk]]
    assert (section["records"], section["children"], section["amount"]) == (3, 2, 500_003)
    content.support_changes_compact()
    assert figures(world.a)[0] == section  # what a fresh read of every commune gives
    read.clear()
    Child.objects.filter(pk=here.pk).update(commune=world.a2, area=world.a2)
    section, _ = figures(world.a)
    assert read == [sorted([world.a1.pk, world.a2.pk])]
    assert (section["records"], section["children"], section["amount"]) == (3, 2, 500_003)
