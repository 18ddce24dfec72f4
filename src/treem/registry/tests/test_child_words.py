"""The words of children's names in name order (``ChildWord``, migration 0017, ADR 0038): triggers on
registry_child keep them whatever writes the children, and a given name alone is paged and counted off
them with exactly the results of the word-inside search (``name_folded LIKE '% q%'``)."""

from __future__ import annotations

import random
from importlib import import_module
from typing import Any

import pytest

from treem.accounts.models import User
from treem.core.text import fold
from treem.registry import dedup, selectors, services, synthetic
from treem.registry.models import Child, ChildWord, DuplicatePair
from treem.registry.selectors import ChildFilters
from treem.registry.tests.test_name_words import IMPORT, import_children
from treem.registry.tests.test_search import _nation_reader

pytestmark = pytest.mark.django_db


def expected_rows() -> set[tuple[Any, ...]]:
    """registry_childword as its definition says it should be, from registry_child."""
    rows = set()
    for pk, name, status, area, commune in Child.objects.values_list(
        "pk", "name_folded", "status", "area_id", "commune_id"
    ):
        words = name.split(" ")
        for place, word in enumerate(words):
            earlier = words[1:place]
            if place == 0 or word == "" or word in earlier:
                continue
            shared = max((_common_prefix(e, word) for e in earlier), default=0)
            rows.add((word, name, pk, shared, status, area, commune))
    return rows


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def kept_rows() -> set[tuple[Any, ...]]:
    return set(
        ChildWord.objects.values_list(
            "word", "name_folded", "child_id", "shared", "status", "area_id", "commune_id"
        )
    )


def add(root: User, commune: Any, name: str) -> Child:
    data = {"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam"}
    return services.child_create(actor=root, commune=commune, hamlet=None, data=data)


def test_the_words_follow_the_services(world: Any, catalogues: None, root: User) -> None:
    child = add(root, world.a1, "Nguyễn Thu Thủy Thu")  # "thu" twice: one row; "thuy" shares 3 letters
    add(root, world.a2, "Lê Anh")
    assert kept_rows() == expected_rows()
    assert {(w, s) for w, _, pk, s, *_ in kept_rows() if pk == child.pk} == {("thu", 0), ("thuy", 3)}
    services.child_update(
        actor=root, child=child, data={"full_name": "Nguyễn Văn An An"}, expected_version=child.version
    )
    assert kept_rows() == expected_rows()
    assert {w for w, _, pk, *_ in kept_rows() if pk == child.pk} == {"van", "an"}
    child.refresh_from_db()
    services.child_set_status(actor=root, child=child, status="deceased", date=child.date_of_birth)
    assert kept_rows() == expected_rows()
    assert {s for _, _, pk, _, s, *_ in kept_rows() if pk == child.pk} == {"deceased"}
    Child.objects.filter(pk=child.pk).update(area=world.a2, commune=world.a2)  # a move, in one UPDATE
    assert kept_rows() == expected_rows()
    Child.objects.filter(pk=child.pk).delete()
    assert kept_rows() == expected_rows() and {pk for _, _, pk, *_ in kept_rows()} != set()


def test_the_words_follow_a_merge(world: Any, catalogues: None) -> None:
    data = {"date_of_birth": "07/03/2015", "sex": "Nam"}
    for name in ("Nguyễn Văn Hùng", "Nguyen Van Hung"):
        services.child_create(actor=world.worker_a1, commune=world.a1, data={**data, "full_name": name})
    assert dedup.find_duplicates(Child.objects.all())[1] == 1
    pair = DuplicatePair.objects.get()
    dedup.merge(actor=world.worker_a1, pair=pair, keep=pair.child_a)
    assert kept_rows() == expected_rows() and len(kept_rows()) == 4


def test_the_words_follow_the_import_copy_and_upsert(world: Any, catalogues: None) -> None:
    assert import_children(world, IMPORT).created == 2  # COPY registry_child
    assert kept_rows() == expected_rows() and len(kept_rows()) == 3
    result = import_children(world, IMPORT.replace("Lò Thị Xuyến", "Lò Xuân Mai"))  # UPDATE … FROM
    assert result.updated == 1
    assert kept_rows() == expected_rows()
    assert {w for w, *_ in kept_rows()} == {"xuan", "mai", "pang"}
    records = list(synthetic.generate(300, seed=7))
    synthetic.copy_children(records, [world.a1, world.b1], seed=7)  # the benchmarks' COPY
    assert kept_rows() == expected_rows() and len(kept_rows()) > 300


# -- the given name alone, off ChildWord, against the search as it was defined -------------------------

SYLLABLES = ["an", "anh", "thu", "thuy", "thi", "thanh", "thao", "tam", "tan", "lan", "lam", "ha", "hai"]
FAMILIES = ["Nguyễn", "Trần", "Lê", "Thu", "An"]


def _names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(n):
        words = [rng.choice(FAMILIES)] + [rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))]
        names.append(" ".join(w.capitalize() for w in words))
    return names


def _all_pages(qs: Any, limit: int) -> tuple[list[int], list[tuple[int, bool]]]:
    """Every id, page after page, and each page's count."""
    ids: list[int] = []
    counts = []
    after = None
    while True:
        page = selectors.child_page(qs, after=after, limit=limit)
        ids += [c.pk for c in page.items]
        counts.append((page.count, page.count_capped))
        after = page.next_cursor
        if after is None:
            return ids, counts


@pytest.mark.parametrize("reader", ["nation", "province_a"])  # apart, so that a parallel run spreads them
def test_a_given_name_alone_is_read_off_the_words_with_the_same_results(
    world: Any, catalogues: None, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    records = list(synthetic.generate(240, seed=3))
    for record, name in zip(records, _names(240, seed=3), strict=True):
        record["full_name"] = name
    synthetic.copy_children(records, [world.a1, world.a2, world.b1], seed=3)
    dead = list(Child.objects.order_by("pk").values_list("pk", flat=True)[::7])
    Child.objects.filter(pk__in=dead).update(status="deceased")
    assert kept_rows() == expected_rows()
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 9)
    nation = _nation_reader(world)
    queries = sorted({s[:n] for s in SYLLABLES for n in range(2, len(s) + 1)} | {"thx", "ng", "nguyen"})
    user = nation if reader == "nation" else world.province_a
    read_off_words = 0
    for filters in ({}, {"status": "all"}, {"commune": world.a2.pk}, {"status": "deceased"}):
        for q in queries:
            qs = selectors.child_list(user=user, filters=ChildFilters(q=q, **filters))
            everything = [c.pk for c in qs]  # the queryset itself: the search's definition
            if qs.name_words is None:
                continue
            read_off_words += 1
            assert everything == [c.pk for c in qs.with_name_words(None) if f" {q}" in fold(c.full_name)], q
            got, counts = _all_pages(qs, limit=4)
            before, before_counts = _all_pages(qs.with_name_words(None), limit=4)
            assert got == before == everything, (user.username, filters, q)
            assert counts == before_counts, (user.username, filters, q)
            assert counts[0] == (min(len(everything), 9), len(everything) > 9)
    assert read_off_words > 40  # 60 and 61 with these names
    # Within a few communes, or with any other filter, the search reads registry_child as before.
    assert selectors.child_list(user=world.worker_a1, filters=ChildFilters(q="thanh")).name_words is None
    assert selectors.child_list(user=nation, filters=ChildFilters(q="thanh", sex="M")).name_words is None
    filtered = selectors.child_list(user=nation, filters=ChildFilters(q="thanh")).filter(sex="M")
    expected = [c.pk for c in filtered]
    assert _all_pages(filtered, limit=50)[0] == expected and len(expected) < len(
        selectors.child_list(user=nation, filters=ChildFilters(q="thanh"))
    )


def test_a_given_name_page_is_one_statement_with_its_count(world: Any, catalogues: None, root: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name in ("Nguyễn Thị Trang", "Lê Thu Trang", "Trần Trang Anh", "Trang Văn A"):
        add(root, world.a1, name)
    qs = selectors.child_list(user=world.province_a, filters=ChildFilters(q="Trang"))
    assert qs.name_words is None  # a name starts with it: the prefix tier, as before
    qs = selectors.child_list(user=world.province_a, filters=ChildFilters(q="tran"))
    assert qs.name_words is None
    with CaptureQueriesContext(connection) as queries:
        qs = selectors.child_list(user=world.province_a, filters=ChildFilters(q="thu"))
    assert qs.name_words is not None
    # Whether a name starts with it and whether one holds it inside: one statement.
    probes = [x["sql"] for x in queries.captured_queries if "registry_child" in x["sql"]]
    assert len(probes) == 1 and "registry_childword" in probes[0]
    with CaptureQueriesContext(connection) as queries:
        page = selectors.child_page(qs, limit=50)
    reads = [x["sql"] for x in queries.captured_queries if "registry_child" in x["sql"]]
    assert len(reads) == 2 and "registry_childword" in reads[0] and "count(*)" in reads[0]
    assert [c.full_name for c in page.items] == ["Lê Thu Trang"] and page.count == 1
    assert (
        selectors.child_page(selectors.child_list(user=world.province_b, filters=ChildFilters(q="thu"))).count
        == 0
    )


# -- ADR 0047: the update trigger in place, against a rebuild from scratch ------------------------------


def rebuilt_rows() -> set[tuple[Any, ...]]:
    """registry_childword rebuilt from scratch by migration 0017's back-fill, in a savepoint rolled back."""
    from importlib import import_module

    from django.db import connection, transaction

    backfill = import_module("treem.registry.migrations.0017_child_words").BACKFILL
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM registry_childword")
        cur.execute(backfill)
        cur.execute(
            "SELECT word, name_folded, child_id, shared, status, area_id, commune_id FROM registry_childword"
        )
        rows = set(cur.fetchall())
        transaction.set_rollback(True)
    return rows


def assert_kept() -> None:
    kept = kept_rows()
    assert kept == rebuilt_rows() == expected_rows()
    assert ChildWord.objects.count() == len(kept)  # no duplicate left behind


def test_the_words_follow_updates_of_many_children_in_one_statement(world: Any, catalogues: None) -> None:
    from django.db import connection

    records = list(synthetic.generate(400, seed=11))
    communes = [world.a1, world.b1]
    ids = synthetic.copy_children(records, communes, seed=11, guardians=False, circumstances=False)
    assert_kept()
    with connection.cursor() as cur:
        # One statement: a third renamed (a word added, a word dropped, a word repeated, two names swapped),
        # a third moved or dead, a third with only other columns set — and some children unchanged.
        cur.execute(
            "UPDATE registry_child c SET name_folded = CASE "
            "  WHEN c.id %% 6 = 0 THEN c.name_folded || ' thu thuy' "
            "  WHEN c.id %% 6 = 1 THEN split_part(c.name_folded, ' ', 1) || ' an an' "
            "  ELSE c.name_folded END, "
            "status = CASE WHEN c.id %% 6 IN (1, 2) THEN 'deceased' ELSE c.status END, "
            "hamlet_id = CASE WHEN c.id %% 6 = 3 THEN NULL ELSE c.hamlet_id END, "
            "area_id = CASE WHEN c.id %% 6 = 3 THEN %s ELSE c.area_id END, "
            "commune_id = CASE WHEN c.id %% 6 = 3 THEN %s ELSE c.commune_id END, "
            "birth_registered = NOT coalesce(c.birth_registered, false) "
            "WHERE c.id = ANY(%s)",
            [world.b1.pk, world.b1.pk, ids[:300]],
        )
        a, b = ids[300], ids[301]
        cur.execute(
            "UPDATE registry_child c SET name_folded = o.name_folded, full_name = o.full_name "
            "FROM registry_child o WHERE (c.id, o.id) IN ((%s, %s), (%s, %s))",
            [a, b, b, a],
        )  # two children's names swapped in one statement
        assert_kept()
        # Only other columns: nothing to write, the words stay as they are.
        cur.execute("UPDATE registry_child SET birth_registered = NULL, version = version + 1")
        assert_kept()
        # Every child, in one statement: the status flipped back and forth, the name re-set to itself.
        cur.execute("UPDATE registry_child SET status = 'moved_away', name_folded = name_folded")
        assert_kept()
        cur.execute("UPDATE registry_child SET status = 'active' WHERE id % 2 = 0")
        assert_kept()
        cur.execute("DELETE FROM registry_child WHERE id = ANY(%s)", [ids[:50]])
        assert_kept()
    assert len({c for *_, c in kept_rows()}) == 2 and ChildWord.objects.filter(status="moved_away").exists()


# -- ADR 0052: the rows computed in one pass, against 0017's definition ----------------------------------

ONE_PASS = import_module("treem.registry.migrations.0022_child_words_computed_in_one_pass")

# Folded names as registry_child may hold them: the family name again later, words repeated, words sharing
# their start at every place, empty words (two spaces, a leading or trailing one), one word, none.
ODD_NAMES = [
    "an thi an",
    "an an an",
    "nguyen thu thuy thu thuyen",
    "thu thanh thao tham than thu th",
    "lam lan la lam l",
    "ng ngu nguy nguye nguyen ng",
    "a b c d e f g a b c h",
    "le  anh",
    "le anh  anh",
    " anh thu",
    "tran anh ",
    "nguyen  thi   thu  ",
    "tran",
    "",
    " ",
    "ha hai hai hai ha",
    "mai thanh thanh thanhh than",
]


def odd_names(n: int, seed: int) -> list[str]:
    """``ODD_NAMES`` and ``n`` random folded names of 1 to 9 words of few letters, some empty."""
    rng = random.Random(seed)
    letters = ["", "t", "th", "tha", "thu", "thuy", "an", "anh", "a", "h", "ha", "hai", "ng", "nguyen"]
    return ODD_NAMES + [" ".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(n)]


def test_the_rows_of_any_name_are_0017s() -> None:
    """0022's rows and 0017's, computed over the same names without any trigger, equal the definition."""
    from django.db import connection

    names = odd_names(3000, seed=52)
    given = (
        "(SELECT id, name_folded, 'active' AS status, 7 AS area_id, 8 AS commune_id "
        "FROM unnest(%s::bigint[], %s::text[]) AS g(id, name_folded))"
    )
    columns = "word, name_folded, child_id, shared, status, area_id, commune_id"
    with connection.cursor() as cur:
        got = {}
        for label, rows in (("0017", ONE_PASS._0017.ROWS), ("0022", ONE_PASS.ROWS)):
            cur.execute(
                f"SELECT {columns} FROM ({rows.format(rows=given)}) AS x",  # noqa: S608
                [list(range(1, len(names) + 1)), names],
            )
            got[label] = sorted(cur.fetchall())
    expected = sorted(
        (word, name, pk, shared, "active", 7, 8)
        for pk, name in enumerate(names, start=1)
        for word, shared in _definition(name)
    )
    assert got["0022"] == got["0017"] == expected
    assert len(expected) > 5_000 and any(row[3] > 0 for row in expected)


def _definition(name: str) -> list[tuple[str, int]]:
    words = name.split(" ")
    out = []
    for place, word in enumerate(words):
        earlier = words[1:place]
        if place == 0 or word == "" or word in earlier:
            continue
        out.append((word, max((_common_prefix(e, word) for e in earlier), default=0)))
    return out


def test_the_words_of_odd_names_follow_bulk_and_single_writes(world: Any, catalogues: None) -> None:
    """COPY, one INSERT … SELECT of many children, single INSERTs, UPDATEs and DELETEs of names such as
    ``ODD_NAMES``: after each, the kept rows equal 0017's rebuild and the definition."""
    from django.db import connection

    records = list(synthetic.generate(200, seed=52))
    ids = synthetic.copy_children(
        records, [world.a1, world.b1], seed=52, guardians=False, circumstances=False
    )
    assert_kept()  # COPY
    names = odd_names(400, seed=53)
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE odd ON COMMIT DROP AS SELECT c.* FROM registry_child c "
            "JOIN unnest(%s::bigint[]) WITH ORDINALITY AS g(id, n) ON g.id = c.id ORDER BY g.n",
            [[ids[i % len(ids)] for i in range(len(names))]],
        )
        cur.execute("SELECT pg_get_serial_sequence('registry_child', 'id')")
        (sequence,) = cur.fetchone()
        cur.execute(
            "UPDATE odd SET personal_id = NULL, id = nextval(%s), name_folded = (%s::text[])[g.n] "
            "FROM (SELECT ctid AS t, row_number() OVER () AS n FROM odd) AS g WHERE odd.ctid = g.t",
            [sequence, names],
        )
        cur.execute("INSERT INTO registry_child SELECT * FROM odd ORDER BY id")  # one statement, many
        assert cur.rowcount == len(names)
        assert_kept()
        cur.execute("SELECT id FROM odd ORDER BY id")
        added = [i for (i,) in cur.fetchall()]
        last = added[-1]
        for name in ODD_NAMES:  # one child per statement
            cur.execute(
                "UPDATE odd SET id = nextval(%s), name_folded = %s WHERE id = %s RETURNING id",
                [sequence, name, last],
            )
            (last,) = cur.fetchone()
            cur.execute("INSERT INTO registry_child SELECT * FROM odd WHERE id = %s", [last])
        assert_kept()
        for i, name in enumerate(reversed(ODD_NAMES)):  # one child renamed per statement, some moved
            cur.execute(
                "UPDATE registry_child SET name_folded = %s, status = CASE WHEN %s THEN 'deceased' "
                "ELSE status END WHERE id = %s",
                [name, i % 3 == 0, ids[i]],
            )
        cur.execute(  # one child moved
            "UPDATE registry_child SET hamlet_id = NULL, area_id = %s, commune_id = %s WHERE id = %s",
            [world.b1.pk, world.b1.pk, ids[1]],
        )
        assert_kept()
        cur.execute("UPDATE registry_child SET name_folded = name_folded || ' thu thuy an' WHERE id % 3 = 0")
        assert_kept()
        cur.execute("DELETE FROM registry_child WHERE id = %s", [ids[0]])
        cur.execute("DELETE FROM registry_child WHERE id = ANY(%s)", [added[:100]])
        assert_kept()
