"""Every index of registry_child serves a query (ADR 0012, ADR 0029): each one is paid for by every import,
edit and trigger-driven update. A hamlet's children are read through their area. ADR 0050 dropped the
trigram index of the names: a word inside names is found among the words of names (registry_childword)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from treem.accounts.models import User
from treem.registry import selectors, services
from treem.registry.models import Child
from treem.registry.selectors import ChildFilters

pytestmark = pytest.mark.django_db

# The indexes of registry_child and the reads each one serves.
SERVES = {
    "registry_child_pkey": "a child by id",
    "registry_child_personal_id_key": "the personal ID is unique; a search by personal ID",
    "registry_child_prov_idx": "a list filtered on a province, its count and age band; find_duplicates",
    "registry_child_sort_idx": "lists in Vietnamese order, paged by keyset",
    "registry_child_fold_c_idx": "search pages: names starting with the folded query",
    "registry_child_commune_fold_idx": "one commune's children by name (a province's list filtered on it)",
    "registry_child_area_fold_idx": "an area's children by name: scopes within communes, hamlet filter",
    "registry_child_merged_idx": "the records merged into a child (partial: the few merged ones)",
    "indicators_child_facts_idx": "the indicators' numerators, index-only",
}


def test_every_index_of_the_register_serves_a_query(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_child'")
        names = {name for (name,) in cursor.fetchall()}
    assert names == set(SERVES), "an index added to registry_child must say which query it serves (ADR 0029)"


def test_a_hamlet_filter_reads_the_area(world: Any, catalogues: None, root: User) -> None:
    def add(name: str, hamlet: Any) -> Child:
        data = {"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam"}
        return services.child_create(actor=root, commune=world.a1, hamlet=hamlet, data=data)

    in_hamlet = add("Nguyễn Văn An", world.hamlet_a1)
    add("Nguyễn Văn Bình", None)
    filters = ChildFilters(hamlet=world.hamlet_a1.pk)
    qs = selectors.child_list(user=world.province_a, filters=filters)
    assert [c.pk for c in qs] == [in_hamlet.pk]
    assert f'"registry_child"."area_id" = {world.hamlet_a1.pk}' in str(qs.query)
    # A commune given as the hamlet finds nobody, as before.
    assert list(selectors.child_list(user=world.province_a, filters=ChildFilters(hamlet=world.a1.pk))) == []


def test_the_area_is_the_hamlet_or_the_commune(world: Any, catalogues: None, root: User) -> None:
    data = {"full_name": "Nguyễn Văn An", "date_of_birth": "05/06/2015", "sex": "Nam"}
    child = services.child_create(actor=root, commune=world.a1, hamlet=world.hamlet_a1, data=data)
    assert child.area_id == world.hamlet_a1.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.filter(pk=child.pk).update(area=world.a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.filter(pk=child.pk).update(hamlet=None)
    Child.objects.filter(pk=child.pk).update(hamlet=None, area=world.a1)  # both together: allowed
