"""The name search's fast paths on both administrative maps (issue #20; the brief's lesson "a former commune
sharing a current commune's code").

A given name alone (ADR 0038), a query of several words held inside names as typed (ADR 0045) and one
typo's names holding a correction inside (ADR 0043) are paged and counted off ``registry_childword``,
whose rows carry the child's area and commune by id. The world holds the former map beside the current
one: former Phường 2 (26965) and Phường 4 (26968) of Quận Tân Bình, both taken over by the current Phường
Tân Sơn Nhất (a2, code 26968 too). Children are put in the former wards the way records made before
01/07/2025 would be there (the services and the import now refuse a former commune: ``resolve_units``,
``import_children``), next to children of the current ward of the same code. The register's scope is by
place in the tree (``access.scope``): a former ward lies under the former city, not under the current
province or ward that took its land over, so only a reader of the whole register, or a (legacy) assignment
to a former unit, sees its children — until they are moved.

Every expected list below is written by hand; each is also held to the queryset's own rows (the search's
definition) and to the page and the bounded count of the path used before the words table
(``with_name_words(None)``)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.accounts.models import Assignment, Role, User
from treem.registry import selectors, services, synthetic
from treem.registry.models import Child
from treem.registry.selectors import ChildFilters
from treem.registry.tests.test_child_words import _all_pages, add, expected_rows, kept_rows
from treem.registry.tests.test_search import _nation_reader

pytestmark = pytest.mark.django_db

LIMIT = 2  # the bounded count, patched: every list of three or more is capped


def _in_former_ward(ward: Any, names: list[str], seed: int) -> list[Child]:
    """Children recorded in a former ward (as before the reform), written by COPY: the INSERT trigger."""
    records = list(synthetic.generate(len(names), seed=seed))
    for record, name in zip(records, names, strict=True):
        record["full_name"] = name
        record.pop("twin_of", None)
        record.pop("duplicate_of", None)
    pks = synthetic.copy_children(records, [ward], seed=seed, guardians=False, circumstances=False)
    return list(Child.objects.filter(pk__in=pks))


def _legacy_reader(world: Any, username: str, unit: Any, role_code: str | None = None) -> User:
    """A user assigned to a former unit before the reform (``assignment_check`` now refuses it): the
    assignment written as it was kept."""
    if role_code is None:
        role = Role.objects.create(
            code=f"test_{username}",
            name="Đọc sổ trẻ em",
            level="province",
            permissions=["geo.view_unit", "registry.view_child"],
        )
    else:
        role = Role.objects.get(code=role_code)
    user = User.objects.create_user(username=username, password=None, full_name="Cán bộ đơn vị cũ")
    Assignment.objects.create(user=user, unit=unit, role=role, valid_from=datetime.date(2024, 1, 1))
    return user


@pytest.fixture
def both_maps(world: Any, catalogues: None, root: User) -> dict[str, Any]:
    ward2, ward4 = world.former_wards  # 26965, 26968 (the current a2's code)
    for name in ("Nguyễn Minh Khang", "Đỗ Minh Khang", "Hồ Văn Khang", "Nguyễn Thị Mai"):
        add(root, world.a2, name)
    for name in ("Bùi Minh Khang", "Trần Ngọc Mai"):
        add(root, world.a1, name)
    add(root, world.b1, "Đinh Minh Khang")
    _in_former_ward(ward2, ["Lê Minh Khang", "Phạm Văn Khang", "Mai Thị Lan"], seed=1)
    former4 = {c.full_name: c for c in _in_former_ward(ward4, ["Trần Minh Khang", "Trần Văn Khang"], seed=2)}
    Child.objects.filter(pk=former4["Trần Văn Khang"].pk).update(status="deceased")
    assert kept_rows() == expected_rows()
    return {
        "nation": _nation_reader(world),
        "tan_binh": _legacy_reader(world, "tan_binh_reader", ward2.parent),
        "ward4": _legacy_reader(world, "ward4_worker", ward4, role_code="commune_worker"),
        "moving": former4["Trần Minh Khang"],
    }


def _check(
    user: User, q: str, expected: list[str], plan: type | None, monkeypatch: Any, **filters: Any
) -> None:
    """The search gives exactly ``expected`` (names in search order), by the path ``plan`` says (None: the
    usual read), with the pages and bounded counts of the usual read, and counted in full."""
    where = (user.username, q, filters)
    qs = selectors.child_list(user=user, filters=ChildFilters(q=q, **filters))
    if plan is None:
        assert qs.name_words is None, where
    elif expected:  # (with nothing to find the search may end at an empty queryset, read either way)
        assert type(qs.name_words) is plan, where
    defined = list(qs)  # the queryset's own rows: the search's definition
    assert [c.full_name for c in defined] == expected, where
    monkeypatch.setattr(selectors, "COUNT_LIMIT", LIMIT)
    got, counts = _all_pages(qs, limit=2)
    before, before_counts = _all_pages(qs.with_name_words(None), limit=2)
    assert got == before == [c.pk for c in defined], where
    assert counts == before_counts, where
    assert counts[0] == (min(len(expected), LIMIT), len(expected) > LIMIT), where
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 10_000)
    assert selectors.child_page(qs, limit=2).count == len(expected), where


KHANG_CURRENT_A = ["Bùi Minh Khang", "Đỗ Minh Khang", "Hồ Văn Khang", "Nguyễn Minh Khang"]
KHANG_FORMER = ["Lê Minh Khang", "Phạm Văn Khang", "Trần Minh Khang"]
KHANG_NATION = [
    "Bùi Minh Khang",
    "Đinh Minh Khang",
    "Đỗ Minh Khang",
    "Hồ Văn Khang",
    "Lê Minh Khang",
    "Nguyễn Minh Khang",
    "Phạm Văn Khang",
    "Trần Minh Khang",
]


def _minh_khang(names: list[str]) -> list[str]:
    return [n for n in names if "Minh Khang" in n]


# A given name, with a typo; a middle and given name as typed (ADR 0045), with a typo inside (ADR 0043).
@pytest.mark.parametrize("q", ["khang", "kahng", "minh khang", "minh kahng"])
def test_the_fast_paths_see_each_map_within_the_scope(
    world: Any, both_maps: dict[str, Any], monkeypatch: pytest.MonkeyPatch, q: str
) -> None:
    words = selectors._NameWords if q == "khang" else selectors._WordsInside
    pick = _minh_khang if " " in q else list
    nation, tan_binh, ward4 = both_maps["nation"], both_maps["tan_binh"], both_maps["ward4"]
    ward2_unit, ward4_unit = world.former_wards
    # A reader of the whole register: both maps.
    _check(nation, q, pick(KHANG_NATION), words, monkeypatch)
    _check(nation, q, pick([*KHANG_NATION, "Trần Văn Khang"]), words, monkeypatch, status="all")
    _check(nation, q, ["Trần Văn Khang"] if " " not in q else [], words, monkeypatch, status="deceased")
    # The commune filtered on by id: the current ward and the former one of the same code differ.
    _check(
        nation,
        q,
        pick(["Đỗ Minh Khang", "Hồ Văn Khang", "Nguyễn Minh Khang"]),
        words,
        monkeypatch,
        commune=world.a2.pk,
    )
    _check(nation, q, pick(["Trần Minh Khang"]), words, monkeypatch, commune=ward4_unit.pk)
    _check(nation, q, pick(["Lê Minh Khang", "Phạm Văn Khang"]), words, monkeypatch, commune=ward2_unit.pk)
    # The current province: its current communes only, not the former wards on its land.
    _check(world.province_a, q, pick(KHANG_CURRENT_A), words, monkeypatch)
    _check(world.province_a, q, pick(KHANG_CURRENT_A), words, monkeypatch, status="all")
    _check(world.province_a, q, [], words, monkeypatch, commune=ward4_unit.pk)
    _check(world.province_b, q, pick(["Đinh Minh Khang"]), words, monkeypatch)
    # A (legacy) reader of the former district: its former wards only, read off the words table too.
    _check(tan_binh, q, pick(KHANG_FORMER), words, monkeypatch)
    _check(tan_binh, q, pick([*KHANG_FORMER, "Trần Văn Khang"]), words, monkeypatch, status="all")
    _check(tan_binh, q, [], words, monkeypatch, commune=world.a2.pk)
    # Commune workers (a few communes: the usual read): the current ward 26968 and the former one.
    _check(
        world.worker_a2, q, pick(["Đỗ Minh Khang", "Hồ Văn Khang", "Nguyễn Minh Khang"]), None, monkeypatch
    )
    _check(ward4, q, pick(["Trần Minh Khang"]), None, monkeypatch)
    _check(ward4, q, pick(["Trần Minh Khang", "Trần Văn Khang"]), None, monkeypatch, status="all")


def test_a_probe_of_names_outside_the_scope_does_not_decide_the_tier(
    world: Any, both_maps: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a former ward's child's name starts with "mai": the reader who sees it gets the prefix tier;
    the province, which does not, gets the names holding it after their first word, off the table."""
    nation, tan_binh = both_maps["nation"], both_maps["tan_binh"]
    _check(nation, "mai", ["Mai Thị Lan"], None, monkeypatch)
    _check(tan_binh, "mai", ["Mai Thị Lan"], None, monkeypatch)
    _check(world.province_a, "mai", ["Nguyễn Thị Mai", "Trần Ngọc Mai"], selectors._NameWords, monkeypatch)
    _check(world.worker_a2, "mai", ["Nguyễn Thị Mai"], None, monkeypatch)


def test_a_child_moved_off_a_former_ward_is_found_in_its_new_scope(
    world: Any, root: User, both_maps: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moved from the former Phường 4 (26968) to the current Phường Tân Sơn Nhất (26968): the words table
    follows, and the child leaves the former district's lists for the province's and the ward's."""
    nation, tan_binh, ward4 = both_maps["nation"], both_maps["tan_binh"], both_maps["ward4"]
    child = both_maps["moving"]
    services.child_move(actor=root, child=child, to_commune=world.a2, date=datetime.date(2025, 7, 1))
    assert kept_rows() == expected_rows()
    assert {(a, c) for w, _, pk, _, _, a, c in kept_rows() if pk == child.pk} == {(world.a2.pk, world.a2.pk)}
    for q, words, pick in (
        ("khang", selectors._NameWords, list),
        ("kahng", selectors._WordsInside, list),
        ("minh khang", selectors._WordsInside, _minh_khang),
        ("minh kahng", selectors._WordsInside, _minh_khang),
    ):
        _check(nation, q, pick(KHANG_NATION), words, monkeypatch)
        _check(world.province_a, q, pick([*KHANG_CURRENT_A, "Trần Minh Khang"]), words, monkeypatch)
        _check(tan_binh, q, pick(["Lê Minh Khang", "Phạm Văn Khang"]), words, monkeypatch)
        _check(
            nation,
            q,
            pick(["Đỗ Minh Khang", "Hồ Văn Khang", "Nguyễn Minh Khang", "Trần Minh Khang"]),
            words,
            monkeypatch,
            commune=world.a2.pk,
        )
        _check(nation, q, [], words, monkeypatch, commune=world.former_wards[1].pk)
        _check(
            world.worker_a2,
            q,
            pick(["Đỗ Minh Khang", "Hồ Văn Khang", "Nguyễn Minh Khang", "Trần Minh Khang"]),
            None,
            monkeypatch,
        )
        _check(ward4, q, [], None, monkeypatch)


def test_the_former_wards_children_moved_in_one_update_are_found_in_the_current_ward(
    world: Any, both_maps: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every child still in a former ward handed to its successor in one statement (as a data fix would):
    the UPDATE trigger moves their words; the former district's lists are empty, the province's full."""
    nation, tan_binh = both_maps["nation"], both_maps["tan_binh"]
    moved = Child.objects.filter(commune__in=world.former_wards).update(
        province=world.a, commune=world.a2, area=world.a2
    )
    assert moved == 5 and kept_rows() == expected_rows()
    in_a = [n for n in KHANG_NATION if n != "Đinh Minh Khang"]
    for q, words, pick in (
        ("khang", selectors._NameWords, list),
        ("kahng", selectors._WordsInside, list),
        ("minh khang", selectors._WordsInside, _minh_khang),
        ("minh kahng", selectors._WordsInside, _minh_khang),
    ):
        _check(nation, q, pick(KHANG_NATION), words, monkeypatch)
        _check(world.province_a, q, pick(in_a), words, monkeypatch)
        _check(world.province_a, q, pick([*in_a, "Trần Văn Khang"]), words, monkeypatch, status="all")
        _check(tan_binh, q, [], words, monkeypatch)
        _check(world.worker_a2, q, pick([n for n in in_a if n != "Bùi Minh Khang"]), None, monkeypatch)
    _check(world.province_a, "mai", ["Mai Thị Lan"], None, monkeypatch)  # now a name in scope starts with it
