"""The populations the triggers keep (``PopulationCount``) always equal a count of the register: after
inserts through the ORM and through COPY, edits that move a child between keys or out of the count,
edits that change nothing counted, deletions and TRUNCATE (ADR 0011)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from treem.indicators.models import PopulationCount
from treem.indicators.services import population_compact
from treem.indicators.tests.conftest import make_child
from treem.registry.models import Child, Ethnicity

pytestmark = pytest.mark.django_db

D = datetime.date


def _group(child: Child) -> int:
    if child.ethnicity is None:
        return PopulationCount.NOT_RECORDED
    return PopulationCount.KINH if child.ethnicity.code == "01" else PopulationCount.MINORITY


def _from_register() -> Counter[tuple[Any, ...]]:
    """The counts by the model's definition, recomputed in Python from every record."""
    counts: Counter[tuple[Any, ...]] = Counter()
    for c in Child.objects.select_related("ethnicity"):
        if c.merged_into_id is not None or c.status == "moved_away":
            continue
        if c.status == "deceased" and c.status_date is None:
            continue
        until = c.status_date.year if c.status == "deceased" else PopulationCount.STILL_COUNTED
        key = (
            c.commune_id,
            c.sex,
            c.date_of_birth.year,
            c.birth_registered is True,
            _group(c),
            until,
        )
        counts[key] += 1
    return counts


def _kept() -> Counter[tuple[Any, ...]]:
    """The counts the triggers keep: the sum of each key's delta rows (ADR 0011, 0020)."""
    counts: Counter[tuple[Any, ...]] = Counter()
    for p in PopulationCount.objects.all():
        counts[(p.commune_id, p.sex, p.birth_year, p.registered, p.ethnic_group, p.until_year)] += p.n
    return +counts  # keys that net to zero are no count


def test_the_counts_follow_every_change_to_the_register(world: Any) -> None:
    kinh, _ = Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
    a = make_child(world.a1, D(2015, 6, 1), "M", birth_registered=True)
    b = make_child(world.a1, D(2015, 7, 1), "F")
    c = make_child(world.a2, D(2020, 1, 1), "F", ethnicity=kinh)
    assert _kept() == _from_register() and sum(_kept().values()) == 3
    tay, _ = Ethnicity.objects.get_or_create(code="02", defaults={"name": "Tày"})
    Child.objects.filter(pk=b.pk).update(ethnicity=tay)
    assert _kept() == _from_register()
    assert {key[4] for key in _kept()} == {0, 1, 2}

    # A name change keeps every key: nothing is written.
    before = list(PopulationCount.objects.order_by("pk").values_list("pk", "n"))
    Child.objects.filter(pk=a.pk).update(full_name="Nguyễn Văn Đổi Tên")
    assert list(PopulationCount.objects.order_by("pk").values_list("pk", "n")) == before

    # Moves between keys, and out of the count.
    Child.objects.filter(pk=b.pk).update(birth_registered=True, date_of_birth=D(2016, 1, 1))
    assert _kept() == _from_register()
    Child.objects.filter(pk=c.pk).update(commune=world.a1, area=world.a1, ethnicity=None)
    assert _kept() == _from_register()
    Child.objects.filter(pk=a.pk).update(status="deceased", status_date=D(2025, 8, 1))
    assert _kept() == _from_register()
    assert sum(n for key, n in _kept().items() if key[0] == world.a1.pk and key[5] == 2025) == 1
    Child.objects.filter(pk=b.pk).update(merged_into=c)
    assert _kept() == _from_register()
    Child.objects.filter(pk=c.pk).update(status="moved_away", status_date=D(2025, 9, 1))
    assert _kept() == _from_register() and sum(_kept().values()) == 1  # only a (died in 2025) is left
    Child.objects.filter(pk=b.pk).update(merged_into=None)  # unmerged: counts again
    assert _kept() == _from_register() and sum(_kept().values()) == 2

    # Deletion, then TRUNCATE empties the counts too.
    Child.objects.filter(pk=b.pk).update(merged_into=None)
    Child.objects.filter(merged_into__isnull=False).delete()
    Child.objects.filter(pk=a.pk).delete()
    assert _kept() == _from_register() and sum(_kept().values()) == 1
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks may be pending at TRUNCATE
        cursor.execute("TRUNCATE registry_child CASCADE")
    assert not PopulationCount.objects.exists()


def test_copy_and_bulk_statements_are_counted(world: Any) -> None:
    from treem.registry import synthetic
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    records = list(synthetic.generate(300, seed=7, today=D(2025, 6, 1)))
    synthetic.copy_children(records, [world.a1, world.a2], seed=7, guardians=False, circumstances=False)
    assert Child.objects.count() == 300
    assert _kept() == _from_register() and sum(_kept().values()) == 300
    # One UPDATE statement over many rows, as the benchmark's changes and the merges do.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_child SET status = 'moved_away', status_date = %s WHERE id %% 3 = 0",
            [D(2025, 1, 1)],
        )
        cursor.execute("UPDATE registry_child SET birth_registered = NOT coalesce(birth_registered, false)")
    assert _kept() == _from_register()
    assert sum(_kept().values()) == Child.objects.exclude(status="moved_away").count()
    # The compaction folds the delta rows into one row per key, and the counts stay.
    assert PopulationCount.objects.count() > len(_kept())
    population_compact()
    assert _kept() == _from_register()
    assert PopulationCount.objects.count() == len(_kept())
    assert population_compact() == 0  # nothing left to fold
