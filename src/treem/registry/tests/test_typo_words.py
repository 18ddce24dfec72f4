"""The one-typo tier's word-inside probes off the words of names (ADR 0043): whether a name holds the
query as typed after its first word, and the names holding a correction there (page and count), read off
registry_childword instead of the trigram index, with exactly the results of the search as defined; and
the names holding the query as typed there (ADR 0045), read the same way."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection

from treem.core.text import fold
from treem.registry import selectors, synthetic
from treem.registry.models import Child
from treem.registry.selectors import ChildFilters, name_matches
from treem.registry.tests.test_child_words import _all_pages, expected_rows, kept_rows
from treem.registry.tests.test_search import _expected, _nation_reader

pytestmark = pytest.mark.django_db

FAMILIES = ["Nguyễn", "Trần", "Lê", "Hoàng", "Thu"]
# Family names that are also middle and given names, syllables that start one another (an, anh; thu,
# thuy), and that one typo turns into another (lan, lam, tan; khang, khanh; thao, thoa is a swap).
SYLLABLES = [
    "Văn", "Thị", "Minh", "Nguyễn", "Hoàng", "Thu", "Thủy", "Thanh", "Thảo", "Trang", "Khang", "Khánh",
    "Anh", "Ánh", "An", "Lan", "Lâm", "Tân", "Hà", "Hải", "Trần",
]  # fmt: skip


def _names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join([rng.choice(FAMILIES)] + [rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))])
        for _ in range(n)
    ]


def _one_typo(rng: random.Random, query: str) -> str:
    """One letter dropped, added or changed, or two neighbouring letters swapped, in one word of
    ``query`` — the first or a later one."""
    words = query.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    p = rng.randrange(len(w))
    kind = rng.randrange(4)
    if kind == 0 and len(w) > 1:
        w = w[:p] + w[p + 1 :]
    elif kind == 1:
        w = w[:p] + rng.choice("aehmnrt") + w[p:]
    elif kind == 2:
        w = w[:p] + rng.choice([c for c in "aehmnrt" if c != w[p]]) + w[p + 1 :]
    elif len(w) > 1:
        p = min(p, len(w) - 2)
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    words[i] = w
    return " ".join(words)


def _queries(names: list[str], n: int, seed: int) -> list[str]:
    """Runs of words of the names (from the first word or a later one, the last cut short or not), most
    with one typo, some as typed, in accented (Vietnamese) or folded form."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        words = rng.choice(names).split(" ")
        start = rng.choice((0, *range(1, len(words))))
        query = " ".join(words[start : rng.randint(start + 1, len(words))])
        if rng.random() < 0.3 and len(query) > 3:
            query = query[: rng.randint(max(3, len(query) - 2), len(query))].rstrip()
        query = fold(query) if rng.random() < 0.5 else query
        if rng.random() < 0.85:
            query = _one_typo(rng, fold(query))
        if len(fold(query)) >= selectors.TYPO_MIN_LENGTH:
            out.add(query)
    return sorted(out)


def _inside_queries(names: list[str], n: int, seed: int) -> list[str]:
    """Two or three words after the family name, as a hotline operator types them who does not know it
    ("thi hong nhung", "van anh"; ADR 0045): as typed (the last cut short or not) or with one typo, in
    accented or folded form."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        words = rng.choice(names).split(" ")
        if len(words) < 3:
            continue
        start = rng.randrange(1, len(words) - 1)
        query = " ".join(words[start : start + rng.randint(2, 3)])
        if rng.random() < 0.3:
            query = query[: rng.randint(len(query) - 2, len(query))].rstrip()
        query = fold(query) if rng.random() < 0.5 else query
        if rng.random() < 0.3:
            query = _one_typo(rng, fold(query))
        out.add(query)
    return sorted(out)


PIVOTS = ("statistics", "first", "last")


def _reference_exists(scope: Any, corrections: list[Any]) -> bool:
    """``_words_inside_exists`` as defined: the register's children in the scope, ``_Correction.held``
    (the name alone, no index)."""
    qs = Child.objects.all()
    if scope.areas is not None:
        qs = qs.filter(area_id__in=scope.areas)
    if scope.status is not None:
        qs = qs.filter(status=scope.status)
    if scope.commune is not None:
        qs = qs.filter(commune_id=scope.commune)
    return qs.filter(selectors._any(c.held() for c in corrections)).exists()


# Each reader and filter on its own (so that a parallel run spreads them): the nationwide reader and the
# provincial officer, over the active children, all of them, and one commune's.
READERS = [
    (reader, filters) for reader in ("nation", "province_a") for filters in ("active", "all", "commune")
]


@pytest.mark.parametrize(("reader", "kind"), READERS)
def test_one_typo_inside_names_is_read_off_the_words_with_the_same_results(
    world: Any, catalogues: None, monkeypatch: pytest.MonkeyPatch, reader: str, kind: str
) -> None:
    names = _names(300, seed=11)
    records = list(synthetic.generate(len(names), seed=11))
    for record, name in zip(records, names, strict=True):
        record["full_name"] = name
    synthetic.copy_children(records, [world.a1, world.a2, world.b1], seed=11)
    dead = list(Child.objects.order_by("pk").values_list("pk", flat=True)[::6])
    Child.objects.filter(pk__in=dead).update(status="deceased")
    assert kept_rows() == expected_rows()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_childword")  # the pivots are chosen by its statistics
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 7)

    # Which word of a correction its names are read through: chosen by the statistics, or forced to its
    # first or its last word (the candidates offered are then only those), so that every pivot is tried.
    pivot = ["statistics"]
    real_candidates = selectors._pivot_candidates

    def candidates(corrections: list[Any]) -> list[Any]:
        columns = real_candidates(corrections)
        if pivot[0] == "statistics":
            return columns
        rows = list(zip(*columns, strict=True))
        keep = {r[0]: r for r in (rows if pivot[0] == "last" else reversed(rows))}
        return [list(column) for column in zip(*keep.values(), strict=True)]

    monkeypatch.setattr(selectors, "_pivot_candidates", candidates)
    probes: list[bool] = []
    real_exists = selectors._words_inside_exists

    def checked_exists(scope: Any, corrections: list[Any]) -> bool:
        expected = _reference_exists(scope, corrections)
        for pivot[0] in PIVOTS:
            assert real_exists(scope, corrections) == expected, ([c.text for c in corrections], pivot)
        probes.append(expected)
        return expected

    monkeypatch.setattr(selectors, "_words_inside_exists", checked_exists)
    user = _nation_reader(world) if reader == "nation" else world.province_a
    province = None if reader == "nation" else world.a
    filters: dict[str, Any] = {"active": {}, "all": {"status": "all"}, "commune": {"commune": world.a2.pk}}[
        kind
    ]
    paged = as_typed = 0
    in_scope = Child.objects.all()
    if province is not None:
        in_scope = in_scope.filter(province=province)
    if "status" not in filters:
        in_scope = in_scope.filter(status="active")
    if "commune" in filters:
        in_scope = in_scope.filter(commune_id=filters["commune"])
    scope_names = sorted(in_scope.values_list("name_folded", flat=True))
    seed = len(filters) + (0 if province is None else 10)
    for q in _queries(names, 50, seed=seed) + _inside_queries(names, 20, seed=seed):
        qs = selectors.child_list(user=user, filters=ChildFilters(q=q, **filters))
        got = [c.pk for c in qs]
        folded = fold(q)
        assert sorted(Child.objects.get(pk=pk).name_folded for pk in got) == _expected(folded, scope_names), (
            user.username,
            filters,
            q,
        )
        if not isinstance(qs.name_words, selectors._WordsInside):
            continue
        paged += 1
        as_typed += qs.name_words.corrections == (selectors._Correction(folded, "prefix"),)
        assert all(
            name_matches(folded, n)
            for n in Child.objects.filter(pk__in=got).values_list("name_folded", flat=True)
        )
        before, before_counts = _all_pages(qs.with_name_words(None), limit=3)
        assert before == got and before_counts[0] == (min(len(got), 7), len(got) > 7)
        for pivot[0] in PIVOTS:
            where = (user.username, filters, q, pivot)
            ids, counts = _all_pages(qs, limit=3)
            assert ids == got and counts == before_counts, where
            # Counted in full (below the bound): each child once, whatever corrections it holds.
            monkeypatch.setattr(selectors, "COUNT_LIMIT", 10_000)
            assert selectors.child_page(qs, limit=3).count == len(got), where
            monkeypatch.setattr(selectors, "COUNT_LIMIT", 7)
    # Both reads were exercised — the query as typed held inside names too (ADR 0045) —, the probe
    # answering both ways (no, only where one commune's names are searched).
    # Measured with these seeds: 34–42 paged, 7–17 as typed, 7–17 probes answering yes, 6–11 no.
    assert paged > 25 and as_typed > 4, (paged, as_typed)
    assert probes.count(True) > 3, probes
    if kind == "commune":
        assert probes.count(False) > 3, probes


def test_other_filters_and_a_few_communes_read_as_before(world: Any, catalogues: None, root: Any) -> None:
    from treem.registry.tests.test_child_words import add

    for name in ("Trần Nguyễn Minh Khang", "Lê Văn Minh Khánh", "Nguyễn Văn An"):
        add(root, world.a1, name)
    nation = _nation_reader(world)
    qs = selectors.child_list(user=nation, filters=ChildFilters(q="nguyen minh khanh"))
    assert isinstance(qs.name_words, selectors._WordsInside)
    assert [c.full_name for c in selectors.child_page(qs).items] == ["Trần Nguyễn Minh Khang"]
    # With a filter registry_childword does not carry, within a few communes, or filtered further after
    # the search: the queryset's own rows, read as any other.
    q = "nguyen minh khanh"
    assert selectors.child_list(user=nation, filters=ChildFilters(q=q, sex="M")).name_words is None
    assert selectors.child_list(user=world.worker_a1, filters=ChildFilters(q=q)).name_words is None
    page = selectors.child_page(qs.filter(full_name__startswith="Lê"))
    assert page.items == [] and page.count == 0
    page = selectors.child_page(qs.filter(full_name__startswith="Trần"))
    assert [c.full_name for c in page.items] == ["Trần Nguyễn Minh Khang"] and page.count == 1
