"""The one-typo name search (ADR 0010): corrections checked against the vocabulary of name words
(test_name_words.py), so children written by the services or by the bulk import are found alike.

``name_matches`` is the definition of "one typo"; the property test holds the whole search to it: the
tier that answers returns exactly the children in scope that the definition accepts for that tier."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from treem.accounts import access
from treem.accounts.models import Role, User
from treem.accounts.services import assignment_create
from treem.core.text import fold
from treem.registry import selectors, services
from treem.registry.models import Child, ChildQuerySet, NameWord
from treem.registry.selectors import ChildFilters, name_matches
from treem.registry.tests.test_name_words import IMPORT, import_children

pytestmark = pytest.mark.django_db

IN_SCOPE = [
    "Nguyễn Văn An",
    "Nguyễn Văn Anh",
    "Nguyễn Văn Bình",
    "Nguyễn Thị Lan",
    "Nguyễn Thị Tâm",
    "Nguyễn Ngọc Anh Thư",
    "Trần Thị Bình",
    "Trần Văn Nam",
    "Trần Vân Anh",
    "Lê Thị Hoa",
    "Lê Văn Lâm",
    "Phạm Minh Tuấn",
    "Phạm Thị Thu Hà",
    "Võ Văn An",
    "Vũ Thị Lan Anh",
    "Hoàng Văn Đức",
    "Đặng Thị Ánh",
    "H'Hen Niê",
    "Ksor Y-Moan",
    "Lò Văn Tâm",
    "Trần Nguyễn Minh Khang",
    "Lê Nguyễn Thị Loan",
]
OUT_OF_SCOPE = ["Nguyễn Văn Am", "Trần Thị Bính", "Hoàng Thị Yến", "Lê Văn Lam"]


def _add(root: User, commune: Any, name: str) -> Child:
    data = {"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam"}
    return services.child_create(actor=root, commune=commune, hamlet=None, data=data)


@pytest.fixture
def register(world: Any, catalogues: None, root: User) -> Any:
    for name in IN_SCOPE:
        _add(root, world.a1, name)
    for name in OUT_OF_SCOPE:
        _add(root, world.b1, name)
    return world


def search(world: Any, q: str, user: Any = None) -> list[str]:
    qs = selectors.child_list(user=user or world.worker_a1, filters=ChildFilters(q=q))
    return [c.full_name for c in qs]


def test_a_typo_in_any_word(register: Any) -> None:
    w = register
    assert search(w, "nguyn van an") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]  # family name, letter missing
    assert search(w, "nguyen vn binh") == ["Nguyễn Văn Bình"]  # middle name, letter missing
    assert search(w, "tran thj binh") == ["Trần Thị Bình"]  # middle name, letter replaced
    assert search(w, "tran thi binhh") == ["Trần Thị Bình"]  # given name, letter added
    assert search(w, "nguyen vann an") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]  # letter added
    assert search(w, "phamm minh tuan") == ["Phạm Minh Tuấn"]
    assert search(w, "hoang van duc") == ["Hoàng Văn Đức"]  # no typo: accents and đ only
    assert search(w, "HOÀNG VĂN ĐỨK") == ["Hoàng Văn Đức"]
    assert search(w, "h'hem nie") == ["H'Hen Niê"]
    assert search(w, "ksor y-moam") == ["Ksor Y-Moan"]
    assert search(w, "hhen nie") == ["H'Hen Niê"]  # the apostrophe left out


def test_a_swapped_pair_of_letters_is_one_typo(register: Any, root: User) -> None:
    w = register
    _add(root, w.a1, "Cao Thanh Thảo")
    _add(root, w.a1, "Cao Thanh Thảo Vy")
    both = ["Cao Thanh Thảo", "Cao Thanh Thảo Vy"]
    assert search(w, "cao thnh thao") == both  # a letter dropped, as before
    assert search(w, "cao thanh thoa") == both  # the last word: "ao" typed "oa"
    assert search(w, "cao tahnh thao") == both  # a middle word: "ha" typed "ah"
    assert search(w, "aco thanh thao") == both  # the family name
    assert search(w, "cao thanh tah") == both  # the last word typed in part, swapped
    assert search(w, "tahnh thao") == both  # inside the name
    assert search(w, "cao tahnh thoa") == []  # two swaps: two typos
    assert search(w, "cao thanh thaov") == both  # one letter added: the word whole, as before
    assert name_matches("cao thanh thoa", "cao thanh thao")
    assert name_matches("cao tahnh", "cao thanh thao")  # a prefix of the name
    assert not name_matches("caot hanh thao", "cao thanh thao")  # a letter swapped with a space: two


def test_the_last_word_is_a_prefix(register: Any) -> None:
    w = register
    # "am" is one letter from "an", and "anh" starts with a word one letter from "am".
    assert search(w, "nguyen van am") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert search(w, "nguyen vam") == ["Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Bình"]
    assert search(w, "nguyen thi la") == ["Nguyễn Thị Lan"]  # no typo
    # "lam" → "lan" or "tam" (Nguyễn Thị Lan, Nguyễn Thị Tâm), but not "Lê Văn Lâm" nor two typos.
    assert search(w, "nguyen thi lam") == ["Nguyễn Thị Lan", "Nguyễn Thị Tâm"]
    assert search(w, "nguyen thi lamm") == []  # "lamm" → "lam" needs a third word letter: two typos
    assert search(w, "ng van an") == []  # "ng" is a prefix of a family name, not one letter from one


def test_a_space_added_or_dropped_matches_the_whole_name(register: Any) -> None:
    w = register
    assert search(w, "nguyenvan an") == ["Nguyễn Văn An"]  # not "Nguyễn Văn Anh": a second typo
    assert search(w, "tran thibinh") == ["Trần Thị Bình"]
    assert search(w, "le thi ho a") == ["Lê Thị Hoa"]
    assert search(w, "le thixhoa") == ["Lê Thị Hoa"]  # a space typed as a letter


def test_a_typo_inside_the_name(register: Any) -> None:
    w = register
    # Nobody's name starts with "van a…", "thu ha": the words are found inside the name.
    assert search(w, "vn an") == ["Nguyễn Văn An", "Nguyễn Văn Anh", "Trần Vân Anh", "Võ Văn An"]
    assert search(w, "thu hx") == ["Phạm Thị Thu Hà"]
    assert search(w, "anh thu") == ["Nguyễn Ngọc Anh Thư"]  # exact, inside


def test_a_name_after_a_compound_family_name(register: Any) -> None:
    w = register
    assert search(w, "nguyen minh khang") == ["Trần Nguyễn Minh Khang"]  # exact, inside
    assert search(w, "nguyen minh khanh") == ["Trần Nguyễn Minh Khang"]  # one typo, inside
    assert search(w, "nguyen thi loan") == ["Lê Nguyễn Thị Loan"]
    # A name starting with a correction comes before a name holding the query as typed inside.
    assert search(w, "nguyen thi loa") == ["Lê Nguyễn Thị Loan"]
    assert search(w, "nguyen thi lao") == ["Nguyễn Thị Lan"]


def test_two_typos_or_short_queries_find_nothing(register: Any) -> None:
    w = register
    assert search(w, "nguyn vn an") == []
    assert search(w, "tran thi bimhh") == []
    assert search(w, "xyz khong co") == []
    assert search(w, "qx") == []  # two letters: prefix or word inside only
    assert search(w, "le") == ["Lê Nguyễn Thị Loan", "Lê Thị Hoa", "Lê Văn Lâm"]


def test_scope_holds_for_corrections(register: Any) -> None:
    w = register
    assert search(w, "hoang thi yn") == []  # only in commune b1
    assert search(w, "hoang thi yn", user=w.province_b) == ["Hoàng Thị Yến"]
    # "am" in a1 is corrected to An/Anh; "Nguyễn Văn Am" (b1) is an exact prefix, but not for this user.
    assert "Nguyễn Văn Am" not in search(w, "nguyen van am")
    assert search(w, "le van lam") == ["Lê Văn Lâm"]
    assert search(w, "le van lam", user=w.province_b) == ["Lê Văn Lam"]
    assert search(w, "tran thi binh", user=w.province_b) == ["Trần Thị Bính"]  # accents are not typos
    assert search(w, "nguyen vn binh", user=w.hotline) == []  # no jurisdiction over the register
    # The other filters hold too.
    girls = ChildFilters(q="nguyen vn binh", sex="F")
    assert list(selectors.child_list(user=w.worker_a1, filters=girls)) == []


def test_corrections_read_the_index_ranges_that_hold_rows(register: Any) -> None:
    def sql(q: str) -> str:
        return str(selectors.child_list(user=register.worker_a1, filters=ChildFilters(q=q)).query)

    # One correction holds rows: a prefix search like any other (one range of the "C" index, in order).
    one = sql("nguyen vn binh")
    assert 'COLLATE "C"::text LIKE nguyen van binh%' in one and " OR " not in one
    # Two do ("lan", "tam"): their conditions, within the range that spans them.
    two = sql("nguyen thi lam")
    assert 'COLLATE "C" >= nguyen thi lan' in two and 'COLLATE "C" < nguyen thi tan' in two
    assert "LIKE nguyen thi lan%" in two and "LIKE nguyen thi tam%" in two and " OR " in two
    page = selectors.child_page(
        selectors.child_list(user=register.worker_a1, filters=ChildFilters(q="nguyen vn binh")), limit=1
    )
    assert [c.full_name for c in page.items] == ["Nguyễn Văn Bình"] and page.next_cursor is None


def test_paging_through_corrected_results(register: Any) -> None:
    qs = selectors.child_list(user=register.worker_a1, filters=ChildFilters(q="nguyen thi lam"))
    first = selectors.child_page(qs, limit=1)
    assert [c.full_name for c in first.items] == ["Nguyễn Thị Lan"] and first.count == 2
    second = selectors.child_page(qs, after=first.next_cursor, limit=1)
    assert [c.full_name for c in second.items] == ["Nguyễn Thị Tâm"] and second.next_cursor is None


def test_several_corrections_are_paged_range_by_range(register: Any, root: User) -> None:
    _add(root, register.a1, "Nguyễn Thị Mai")  # between the two ranges, and no match
    _add(root, register.a1, "Nguyễn Thị Lan Anh")
    _add(root, register.b1, "Nguyễn Thị Lan Chi")  # in a range, out of scope
    qs = selectors.child_list(user=register.worker_a1, filters=ChildFilters(q="nguyen thi lam"))
    assert isinstance(qs, ChildQuerySet)
    assert qs.fold_ranges == (("nguyen thi lan", "nguyen thi lao"), ("nguyen thi tam", "nguyen thi tan"))
    expected = ["Nguyễn Thị Lan", "Nguyễn Thị Lan Anh", "Nguyễn Thị Tâm"]
    assert [c.full_name for c in qs] == expected  # the filters alone say which rows match
    for limit in (1, 2, 3, 50):
        names, after, counts = [], None, set()
        while True:
            page = selectors.child_page(qs, after=after, limit=limit)
            names += [c.full_name for c in page.items]
            counts.add(page.count)
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert names == expected and counts == {3}, limit
    # The ranges are a plan only: a queryset without them pages to the same rows.
    assert [c.full_name for c in selectors.child_page(qs.in_fold_ranges([]), limit=50).items] == expected


def test_a_jurisdiction_within_communes_is_named_by_its_areas(register: Any, root: User) -> None:
    hamlet_child = services.child_create(
        actor=root,
        commune=register.a1,
        hamlet=register.hamlet_a1,
        data={"full_name": "Nguyễn Văn Ấp", "date_of_birth": "05/06/2015", "sex": "Nam"},
    )
    assert selectors.jurisdiction_communes(register.worker_a1) == [register.a1.pk]
    assert selectors.jurisdiction_communes(register.collaborator_a1) == [register.a1.pk]  # a hamlet's
    assert selectors.jurisdiction_communes(register.province_a) is None
    assert selectors.jurisdiction_communes(register.hotline) is None
    sql = str(selectors.child_list(user=register.worker_a1, filters=ChildFilters(q="nguyen")).query)
    assert '"registry_child"."area_id" = ANY(' in sql  # one array, whatever the number of units
    listed = selectors._jurisdiction(register.worker_a1).areas or []
    assert sorted(listed) == sorted([register.a1.pk, register.hamlet_a1.pk])
    assert "geo_adminunit" not in sql
    # Word-inside searches read the commune's names (strpos, no trigram index) within a commune.
    local = str(selectors.child_list(user=register.worker_a1, filters=ChildFilters(q="an")).query)
    wide = str(selectors.child_list(user=register.province_a, filters=ChildFilters(q="an")).query)
    assert "STRPOS" in local and "LIKE % an%" not in local
    assert "LIKE % an%" in wide and "STRPOS" not in wide
    # The same children as the area scope alone gives (seen from the province, narrowed to the commune).
    for q in ("", "nguyen", "nguyen vn", "an", "ap"):
        mine = selectors.child_list(user=register.worker_a1, filters=ChildFilters(q=q))
        wide = selectors.child_list(
            user=register.province_a, filters=ChildFilters(q=q, commune=register.a1.pk)
        )
        assert [c.pk for c in mine] == [c.pk for c in wide], q
    hamlet_only = selectors.child_list(user=register.collaborator_a1, filters=ChildFilters())
    assert [c.pk for c in hamlet_only] == [hamlet_child.pk]


def _nation_reader(world: Any) -> User:
    """A reader of the whole nation's register (a central assignment, as bench/_setup.nation_reader)."""
    role = Role.objects.create(
        code="test_nation_reader",
        name="Đọc sổ trẻ em toàn quốc",
        level="nation",
        permissions=["geo.view_unit", "registry.view_child"],
    )
    user = User.objects.create_user(username="nation_reader", password=None, full_name="Người đọc toàn quốc")
    assignment_create(
        actor=None,
        user=user,
        unit=world.nation,
        role=role,
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    return user


QUERIES = (
    "",
    "nguyen",
    "nguyen van an",
    "nguyen vn an",
    "nguyen thi lam",
    "an",
    "lam",
    "vn an",
    "hoang thi yn",
)


def _found(user: User, q: str) -> list[int]:
    return [c.pk for c in selectors.child_list(user=user, filters=ChildFilters(q=q))]


def test_a_province_is_named_by_its_units_and_the_nation_needs_no_condition(
    register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    nation = _nation_reader(register)
    province = register.province_a
    assert selectors.sees_whole_register(nation) and not selectors.sees_whole_register(province)
    wide = str(selectors.child_list(user=nation, filters=ChildFilters(q="nguyen")).query)
    where = wide.split(" WHERE ", 1)[1]
    assert "area_id" not in where and "geo_adminunit" not in wide  # no scope at all
    listed = str(selectors.child_list(user=province, filters=ChildFilters(q="nguyen")).query)
    # Named by id, in a form no index answers: a province's children are read in name order.
    assert '("registry_child"."area_id" + 0) = ANY(' in listed and "geo_adminunit" not in listed
    held = selectors._jurisdiction(province)
    assert sorted(held.areas or []) == sorted(
        access.units(province, "registry.view_child").values_list("pk", flat=True)
    )
    before = {(user.username, q): _found(user, q) for user in (nation, province) for q in QUERIES}
    assert before[("nation_reader", "")] != before[("province_a", "")]  # both provinces, one
    # The same rows as the join to the units (access.scope): beyond LISTED_UNITS, and for the nation.
    monkeypatch.setattr(selectors, "LISTED_UNITS", 1)
    monkeypatch.setattr(selectors, "sees_whole_register", lambda user, perm="": False)
    for user in (nation, province):
        access.forget(user)
        joined = str(selectors.child_list(user=user, filters=ChildFilters(q="nguyen")).query)
        assert "geo_adminunit" in joined and "ANY(" not in joined
        for q in QUERIES:
            assert _found(user, q) == before[(user.username, q)], (user.username, q)


def test_a_search_page_is_one_statement_with_its_count(
    register: Any, root: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _add(root, register.a1, "Nguyễn Thị Lan Anh")
    qs = selectors.child_list(user=register.worker_a1, filters=ChildFilters(q="nguyen thi lam"))
    assert len(qs.fold_ranges) == 2
    with CaptureQueriesContext(connection) as queries:
        page = selectors.child_page(qs, limit=2)
    reads = [x["sql"] for x in queries.captured_queries if "registry_child" in x["sql"]]
    # The ids of both ranges and the count in one statement; then the page's rows.
    assert len(reads) == 2 and "count(*)" in reads[0] and "CROSS JOIN LATERAL" in reads[0]
    assert [c.full_name for c in page.items] == ["Nguyễn Thị Lan", "Nguyễn Thị Lan Anh"]
    assert (page.count, page.count_capped) == (3, False) and page.next_cursor is not None
    with connection.cursor() as cursor:  # the page's planner settings end with it, even within a transaction
        cursor.execute("SELECT current_setting('enable_bitmapscan'), current_setting('random_page_cost')")
        assert cursor.fetchone() == ("on", "4")
    # The count still stops at its bound, across the ranges.
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    capped = selectors.child_page(qs, limit=50)
    assert (capped.count, capped.count_capped) == (2, True) and len(capped.items) == 3
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 0)
    assert selectors.child_page(qs, limit=1).count_capped
    # Nothing in the jurisdiction: an empty page, counted 0.
    empty = selectors.child_page(
        selectors.child_list(user=register.hotline, filters=ChildFilters(q="nguyen"))
    )
    assert (empty.items, empty.count) == ([], 0)


def test_the_word_inside_probe_by_bitmaps_answers_as_exists(register: Any) -> None:
    from django.db import connection

    listed = selectors.child_list(user=register.province_a, filters=ChildFilters())
    inside = listed.filter(selectors._holding(" thu ha", local=False))
    assert "registry_childword" in str(inside.query)  # the names holding it among the words of names
    assert selectors._exists(inside, by_bitmaps=True) is True
    missing = listed.filter(selectors._holding(" thu hx", local=False))
    assert selectors._exists(missing, by_bitmaps=True) is False
    with connection.cursor() as cursor:  # the planner settings were the probe's transaction's only
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    # Several words nation-wide or province-wide are probed so; within a commune, strpos as before.
    assert search(register, "thu hx", user=register.province_a) == ["Phạm Thị Thu Hà"]
    assert search(register, "thu hx") == ["Phạm Thị Thu Hà"]


# -- what the vocabulary makes possible ---------------------------------------------------------------


def test_renamed_and_imported_children_are_found_with_a_typo(
    world: Any, catalogues: None, root: User
) -> None:
    child = _add(root, world.a1, "Nguyễn Văn An")
    assert search(world, "nguyen van kue") == []
    services.child_update(
        actor=root, child=child, data={"full_name": "Nguyễn Văn Khuê"}, expected_version=child.version
    )
    assert search(world, "nguyen van kue") == ["Nguyễn Văn Khuê"]  # "khue" came with the update
    assert search(world, "nguyen van kh") == ["Nguyễn Văn Khuê"]
    assert import_children(world, IMPORT).created == 2  # COPY
    assert search(world, "lo thi xuyn") == ["Lò Thị Xuyến"]
    assert search(world, "quag pang") == ["Quàng Pấng"]
    assert import_children(world, IMPORT.replace("Lò Thị Xuyến", "Lò Xuân Mai")).updated == 1
    assert search(world, "lo xuam mai") == ["Lò Xuân Mai"]  # "xuan" came with the upsert


def test_no_trigram_probe_when_no_name_can_hold_the_query_inside(
    world: Any, catalogues: None, root: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name in ("Nguyễn Văn An", "Nguyễn Thị Lan", "Lê Văn Lâm"):
        _add(root, world.a1, name)

    def inside_probes(q: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            search(world, q)
        # The word-inside probe: LIKE over a province or the nation, strpos within a commune.
        return [x["sql"] for x in queries.captured_queries if "LIKE '% " in x["sql"] or "STRPOS(" in x["sql"]]

    # Every word is known, but "nguyen" never stands between two words: no name holds "nguyen van …"
    # after its first word, so neither the query nor its corrections are looked for there.
    assert search(world, "nguyen van lan") == ["Nguyễn Văn An"]
    assert inside_probes("nguyen van lan") == []
    assert search(world, "nguyen van lamx") == [] and inside_probes("nguyen van lamx") == []
    _add(root, world.a1, "Trần Nguyễn Văn Tú")
    assert len(inside_probes("nguyen van lan")) == 1  # now one might: the query as typed


def test_a_stale_word_only_finds_nothing(world: Any, catalogues: None, root: User) -> None:
    NameWord.objects.create(word="khue")  # e.g. the name that used it was corrected since
    _add(root, world.a1, "Nguyễn Văn An")
    assert search(world, "nguyen van kue") == []


# -- the definition, as a property ---------------------------------------------------------------------


def _starts_within_one_typo(query: str, name: str) -> bool:
    """``name_matches`` restricted to the query read from the name's first word (or the whole name)."""
    k = len(query.split())
    words = name.split()
    return Levenshtein.distance(query, name) <= 1 or (
        len(words) >= k and name_matches(query, " ".join(words[:k]))
    )


def _expected(folded: str, names: list[str]) -> list[str]:
    """The search by tiers, written plainly over the folded names in scope."""
    tiers = [
        [n for n in names if n.startswith(folded)],
        [n for n in names if f" {folded}" in n] if len(folded) >= 2 else [],
    ]
    if len(folded) >= selectors.TYPO_MIN_LENGTH:
        tiers.append([n for n in names if _starts_within_one_typo(folded, n)])
        tiers.append([n for n in names if name_matches(folded, n)])
    return sorted(next((tier for tier in tiers if tier), []))


_LETTERS = "abcdeghiklmnoptuvy "


@st.composite
def _queries(draw: Any) -> str:
    """A run of words of a name in the register (or out of scope), cut short or not, with up to two
    letters dropped, added, changed or swapped (spaces included)."""
    words = draw(st.sampled_from(IN_SCOPE + OUT_OF_SCOPE)).split()
    start = draw(st.sampled_from((0, 0, draw(st.integers(0, len(words) - 1)))))
    query = " ".join(words[start : draw(st.integers(start + 1, len(words)))])
    query = query[: draw(st.integers(1, len(query)))] if draw(st.booleans()) else query
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.sampled_from((0, 1, 1, 1, 2)))):
        i, c = rng.randrange(len(query) + 1), rng.choice(_LETTERS)
        kind = rng.randrange(4)
        if kind == 0:
            query = query[:i] + c + query[i:]
        elif kind == 1:
            query = query[:i] + query[i + 1 :]
        elif kind == 2:
            query = query[:i] + c + query[i + 1 :]
        else:
            query = query[:i] + query[i + 1 : i + 2] + query[i : i + 1] + query[i + 2 :]
    return query


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_queries())
def test_the_search_returns_what_the_definition_accepts(register: Any, query: str) -> None:
    folded = fold(query)
    if not folded:
        return
    names = sorted(Child.objects.filter(commune=register.a1).values_list("name_folded", flat=True))
    got = sorted(
        c.name_folded for c in selectors.child_list(user=register.worker_a1, filters=ChildFilters(q=query))
    )
    rejected = [n for n in got if not name_matches(folded, n)]
    assert rejected == [], f"{query!r} found {rejected}, which the definition rejects"
    assert got == _expected(folded, names), query
