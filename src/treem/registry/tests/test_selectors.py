from __future__ import annotations

import base64
import datetime
from typing import Any

import pytest

from treem.accounts.models import User
from treem.registry import selectors, services
from treem.registry.models import Child, CircumstanceGroup
from treem.registry.selectors import ChildFilters

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()  # noqa: DTZ011


def _add(root: User, commune: Any, name: str, hamlet: Any = None, **data: Any) -> Child:
    base = {"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam"}
    return services.child_create(actor=root, commune=commune, hamlet=hamlet, data={**base, **data})


def _names(qs: Any) -> list[str]:
    return [c.full_name for c in qs]


def test_scope_commune_and_hamlet(world: Any, catalogues: None, root: User) -> None:
    _add(root, world.a1, "Nguyễn Văn An")
    _add(root, world.a1, "Lê Thị Hoa", hamlet=world.hamlet_a1)
    _add(root, world.a2, "Trần Văn Bình")
    _add(root, world.b1, "Phạm Văn Cường")
    assert set(_names(selectors.child_list(user=world.worker_a1))) == {"Nguyễn Văn An", "Lê Thị Hoa"}
    assert _names(selectors.child_list(user=world.collaborator_a1)) == ["Lê Thị Hoa"]
    assert set(_names(selectors.child_list(user=world.province_a))) == {
        "Nguyễn Văn An",
        "Lê Thị Hoa",
        "Trần Văn Bình",
    }
    assert _names(selectors.child_list(user=world.hotline)) == []
    # Filtering by a commune outside the jurisdiction finds nothing rather than leaking.
    assert _names(selectors.child_list(user=world.worker_a1, filters=ChildFilters(commune=world.b1.pk))) == []


def test_vietnamese_alphabetical_order(world: Any, catalogues: None, root: User) -> None:
    for name in ("Đặng Văn Tú", "Chung Thị Lan", "Dương Văn Hải", "Chu Văn Bảo"):
        _add(root, world.a1, name)
    assert _names(selectors.child_list(user=world.worker_a1)) == [
        "Chu Văn Bảo",
        "Chung Thị Lan",
        "Dương Văn Hải",
        "Đặng Văn Tú",
    ]


def test_accent_free_search_tolerates_one_typo(world: Any, catalogues: None, root: User) -> None:
    _add(root, world.a1, "Nguyễn Văn Anh")
    _add(root, world.a1, "Nguyễn Văn An", personal_id="079215012345")
    _add(root, world.a1, "Trần Thị Bình")

    def search(q: str) -> list[str]:
        return _names(selectors.child_list(user=world.worker_a1, filters=ChildFilters(q=q)))

    assert "Nguyễn Văn Anh" in search("nguyen van anh")
    assert "Nguyễn Văn An" in search("nguyen van an")
    assert "Nguyễn Văn An" in search("nguyen vn an")
    assert "Nguyễn Văn An" in search("NGUYỄN VĂN AN")
    assert search("binh") == ["Trần Thị Bình"]
    assert search("tran thi") == ["Trần Thị Bình"]
    assert "Trần Thị Bình" not in search("nguyen van an")
    assert search("079 215 012 345") == ["Nguyễn Văn An"]
    assert search("xyz khong co") == []
    # another commune's child is never a search result
    _add(root, world.a2, "Nguyễn Văn Am")
    assert "Nguyễn Văn Am" not in search("nguyen van am")


def test_name_matches() -> None:
    assert selectors.name_matches("nguyen vn an", "nguyen van an")
    assert selectors.name_matches("nguyen van an", "nguyen van an")
    assert selectors.name_matches("nguyen van", "nguyen van an")
    assert not selectors.name_matches("nguyen vn am", "nguyen van an")
    assert not selectors.name_matches("tran thi binh", "nguyen van an")


def test_filters(world: Any, catalogues: None, root: User) -> None:
    baby = _add(
        root, world.a1, "Lê Văn Bé", date_of_birth=(TODAY - datetime.timedelta(days=400)).strftime("%d/%m/%Y")
    )
    teen = _add(
        root, world.a1, "Lê Thị Lớn", date_of_birth=f"01/01/{TODAY.year - 17}", sex="Nữ", ethnicity="01"
    )
    services.circumstance_add(
        actor=root, child=teen, group=CircumstanceGroup.objects.get(number=1), start_date=TODAY
    )
    services.risk_add(actor=root, child=baby, kind="violence", start_date=TODAY)
    services.guardian_set(actor=root, child=teen, data={"full_name": "Lê Văn Cha", "relationship": "father"})

    def f(**kw: Any) -> list[str]:
        return _names(selectors.child_list(user=world.worker_a1, filters=ChildFilters(**kw)))

    assert f(age_band="0-2") == ["Lê Văn Bé"]
    assert f(age_band="16-17") == ["Lê Thị Lớn"]
    assert f(age_band="6-10") == []
    assert f(sex="F") == ["Lê Thị Lớn"]
    assert f(group=1) == ["Lê Thị Lớn"]
    assert f(group=0) == ["Lê Thị Lớn"]  # in any of the 14 groups
    assert (
        ChildFilters.from_mapping({"group": "0"}).group == 0
        and ChildFilters.from_mapping({"group": "15"}).group is None
    )
    assert f(risk="violence") == ["Lê Văn Bé"]
    assert f(missing="guardian") == ["Lê Văn Bé"]
    assert f(missing="ethnicity") == ["Lê Văn Bé"]
    assert set(f(missing="personal_id")) == {"Lê Văn Bé", "Lê Thị Lớn"}
    assert len(f(missing="birth_registration")) == 2
    assert len(f(missing="health_insurance")) == 2
    services.child_set_status(actor=root, child=baby, status="deceased", date=TODAY)
    assert f() == ["Lê Thị Lớn"]
    assert len(f(status="all")) == 2
    assert f(hamlet=world.hamlet_a1.pk) == []


def test_from_mapping_ignores_bad_values() -> None:
    filters = ChildFilters.from_mapping({"commune": "abc", "age_band": "99", "status": "x", "sex": "M"})
    assert filters.commune is None and filters.age_band == "" and filters.status == "active"
    assert filters.sex == "M"


def test_keyset_paging_and_bounded_count(world: Any, catalogues: None, root: User) -> None:
    names = [f"Nguyễn Văn {x}" for x in ("An", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà")]
    for name in names:
        _add(root, world.a1, name)
    qs = selectors.child_list(user=world.worker_a1)
    seen: list[str] = []
    cursor = None
    cursors: list[str] = []
    while True:
        page = selectors.child_page(qs, after=cursor, limit=3, owner="7")
        assert page.count == 7 and not page.count_capped
        seen += _names(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
        cursors.append(cursor)
    assert seen == names
    # The cursor is opaque: neither the name nor its folded form (in any encoding) is inside it.
    for c in cursors:
        decoded = c + base64.urlsafe_b64decode(c.split(":")[0] + "==").decode(errors="replace")
        assert not any(part in decoded for part in ("nguyen", "Nguy", "6e677579656e"))
    # A cursor not issued here, altered, or issued to someone else is refused, not ignored.
    for bad, owner in (("not-a-cursor", "7"), ("!!", "7"), (cursors[0][:-2] + "xx", "7"), (cursors[0], "8")):
        with pytest.raises(selectors.InvalidCursor):
            selectors.child_page(qs, after=bad, limit=3, owner=owner)


def test_mask_and_timeline(world: Any, catalogues: None, root: User) -> None:
    assert selectors.mask_personal_id("079215012345") == "079•••••••45"
    assert selectors.mask_personal_id(None) == ""
    child = _add(root, world.a1, "Nguyễn Văn An")
    services.support_record(actor=root, child=child, kind="gift", date=TODAY, amount=500_000, source="budget")
    services.child_move(actor=root, child=child, to_commune=world.a2, date=TODAY)
    kinds = [e.kind for e in selectors.child_timeline(child)]
    assert {"support", "move", "created"} <= set(kinds)
    assert selectors.child_get(user=world.worker_a2, child_id=child.pk) == child
    from treem.accounts.access import AccessDenied

    with pytest.raises(AccessDenied):
        selectors.child_get(user=world.worker_a1, child_id=child.pk)


def test_the_children_counted_over_a_jurisdiction_are_those_of_the_scope(
    world: Any, catalogues: None, root: User
) -> None:
    """``visible_children`` (the jurisdiction's units by id, for counting) gives every user of the test
    world the rows of ``access.scope``, and ``within_unit`` (a unit's column) the rows under the unit's
    path — the nation, a province, a commune, a hamlet, and units of the former map."""
    from treem.accounts import access

    _add(root, world.a1, "Nguyễn Văn An")
    _add(root, world.a1, "Lê Thị Hoa", hamlet=world.hamlet_a1)
    _add(root, world.a2, "Trần Văn Bình")
    _add(root, world.b1, "Phạm Văn Cường")
    every = Child.objects.all()
    for user in (*world.users.values(), root):
        expected = set(access.scope(every, user, "registry.view_child", field="area"))
        assert set(selectors.visible_children(user)) == expected, user.username
    units = (world.nation, world.a, world.b, world.a1, world.a2, world.hamlet_a1, world.former_a)
    for unit in (*units, *world.former_wards):
        expected = set(every.filter(area__path__startswith=unit.path))
        assert set(selectors.within_unit(every, unit)) == expected, unit
    assert {c.full_name for c in selectors.within_unit(every, world.a)} == {
        "Nguyễn Văn An",
        "Lê Thị Hoa",
        "Trần Văn Bình",
    }
