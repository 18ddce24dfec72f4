"""Reads of the children register. Every list goes through ``access.scope`` (STYLE §2.5).

Lists are ordered by ``(name_sort_key, id)`` — Vietnamese alphabetical order — and paged by keyset on
that pair, so a page costs the same at the first row and at the millionth; totals are counted up to
``COUNT_LIMIT`` only ("hơn 10.000").
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import operator
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Exists, ForeignKey, Lookup, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Collate, Concat, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz.distance import OSA, Levenshtein

from treem.accounts import access
from treem.audit.models import AuditEvent
from treem.core.errors import ApplicationError
from treem.core.text import fold
from treem.geo.models import AdminUnit, Level
from treem.registry import actions, rules, sensitive
from treem.registry.models import (
    Child,
    ChildCircumstance,
    ChildQuerySet,
    ChildStatus,
    ChildWord,
    Guardian,
    Injury,
    LabourRecord,
    RiskFlag,
    Support,
)


@ForeignKey.register_lookup
class _AnyOf(Lookup):
    """``field = ANY(%s)`` with the values as one array: the same rows as ``__in``, with one parameter
    instead of one per value (a province's hundreds of units cost psycopg and Django a millisecond or
    more per statement to bind one by one)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, [int(v) for v in self.rhs])


@ForeignKey.register_lookup
class _AnyOfUnindexed(_AnyOf):
    """``_AnyOf`` written ``(field + 0) = ANY(%s)``: the same rows, a condition no index answers, estimated
    by PostgreSQL's default (half a percent per value) rather than from the column's statistics."""

    lookup_name = "any_of_unindexed"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"({lhs} + 0) = ANY(%s)", (*lhs_params, [int(v) for v in self.rhs])


COUNT_LIMIT = 10_000
SEARCH_RANDOM_PAGE_COST = 1.1  # PostgreSQL's advice for SSDs; see child_page
# The folded name under the byte-order "C" collation: what registry_child_fold_c_idx indexes.
FOLD_C = Collate("name_folded", "C")
PAGE_SIZE = 50
# Paging cursors are signed (django.core.signing) with this salt and the user's id, and expire (seconds).
CURSOR_SALT = "treem.registry.cursor"
CURSOR_MAX_AGE = 3 * 3600
# A jurisdiction of at most this many communes is searched through registry_child_area_fold_idx, the
# word-inside searches included, rather than the nation-wide words of names (``_holding``).
LOCAL_COMMUNES = 20
# A jurisdiction of at most this many units (a province: its communes, and their hamlets where the register
# has any) is named by their ids in every list (``child_list``, the same rows as ``access.scope``); a
# larger one is joined to them.
LISTED_UNITS = 2000
# The one-typo tier: queries shorter than this are not corrected; the letters a typo may have dropped
# or replaced (folded names hold a–z and the ' - . that validation allows between letters; any other
# letter of the query is added); at most this many corrections are probed per search.
TYPO_MIN_LENGTH = 3
TYPO_ALPHABET = string.ascii_lowercase + "'-."
MAX_TYPO_CORRECTIONS = 1000

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-2": (0, 2),
    "3-5": (3, 5),
    "6-10": (6, 10),
    "11-15": (11, 15),
    "16-17": (16, 17),
    "0-15": (0, 15),  # under 16 (Luật Trẻ em art. 1): the home page's figure links here
}
MISSING_KINDS = ("personal_id", "ethnicity", "guardian", "birth_registration", "health_insurance")
# What happened to a child in a calendar year (``year``): the records behind the numerators of the
# computed indicators (treem.indicators.selectors), so a scorecard figure links to its children.
EVENTS = {
    "supported": "Được hỗ trợ trong năm",
    "labour": "Lao động trẻ em (lần ghi nhận cuối trong năm)",
    "injured": "Bị tai nạn, thương tích trong năm",
    "injury_death": "Tử vong do tai nạn, thương tích trong năm",
}
STATUS_ALL = "all"

_ID_CHARS = re.compile(r"^[0-9 .\-]+$")


@dataclass
class ChildFilters:
    q: str = ""
    province: int | None = None
    commune: int | None = None
    hamlet: int | None = None
    age_band: str = ""
    sex: str = ""
    group: int | None = None
    risk: str = ""
    missing: str = ""
    status: str = ChildStatus.ACTIVE
    event: str = ""
    year: int | None = None
    today: datetime.date | None = None

    @classmethod
    def from_mapping(cls, data: Any) -> ChildFilters:
        """Filters from a query string (unknown or malformed values are ignored, never an error)."""

        def _int(name: str) -> int | None:
            value = str(data.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        def _in(name: str, allowed: Any) -> str:
            value = str(data.get(name) or "").strip()
            return value if value in allowed else ""

        status = str(data.get("status") or "").strip()
        return cls(
            q=str(data.get("q") or "").strip()[:150],
            province=_int("tinh"),
            commune=_int("commune"),
            hamlet=_int("hamlet"),
            age_band=_in("age_band", AGE_BANDS),
            sex=_in("sex", ("M", "F")),
            group=g if (g := _int("group")) is not None and 0 <= g <= 14 else None,  # 0: any group
            risk=_in("risk", RiskFlag.Kind.values),
            missing=_in("missing", MISSING_KINDS),
            status=status if status in (*ChildStatus.values, STATUS_ALL) else ChildStatus.ACTIVE,
            event=_in("event", EVENTS),
            year=y if (y := _int("year")) is not None and 2000 <= y <= 2100 else None,
        )

    def sensitive_args(self) -> dict[str, Any]:
        """The parts of the filter that select children by sensitive data (``sensitive.refusal``)."""
        return {
            "group": self.group,
            "risk": self.risk,
            "personal_id_search": bool(self.q) and personal_id_query(self.q) is not None,
        }


@dataclass
class ChildPage:
    items: list[Child]
    next_cursor: str | None
    count: int
    count_capped: bool = False
    filters: ChildFilters = field(default_factory=ChildFilters)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02
        return day.replace(year=day.year - years, day=28)


def personal_id_query(q: str) -> str | None:
    """The 12 digits when the search text is a personal ID (spaces, dots, dashes allowed)."""
    if not _ID_CHARS.match(q):
        return None
    digits = re.sub(r"[^0-9]", "", q)
    return digits if len(digits) == 12 else None


def name_matches(query: str, name: str) -> bool:
    """Does the folded ``name`` match the folded ``query`` with at most one typo?

    The query words are compared with the name's words in order (the query may stop early, its last
    word being a prefix); one inserted, deleted or changed letter, or two neighbouring letters of a word
    swapped ("thoa" for "thao"), is tolerated in total (the optimal string alignment distance, ADR 0029).
    Compared as a whole, the query may differ from the name by one space added, dropped or replaced."""
    qw, nw = query.split(), name.split()
    if not qw:
        return False
    if Levenshtein.distance(query, name) <= 1:
        return True
    for start in range(len(nw) - len(qw) + 1):
        window = nw[start : start + len(qw)]
        typos = 0
        for i, (a, b) in enumerate(zip(qw, window, strict=True)):
            last = i == len(qw) - 1
            if last and len(b) > len(a):
                d = min(OSA.distance(a, b), OSA.distance(a, b[: len(a)]))
            else:
                d = OSA.distance(a, b)
            typos += d
            if typos > 1:
                break
        if typos <= 1:
            return True
    return False


# -- the one-typo tier (ADR 0010) ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Correction:
    """The query with its typo corrected, and how a name must continue after ``text``:
    ``prefix``: anyhow (the last word was typed in part); ``word``: the last word is whole (a space or the
    end of the name follows); ``name``: the whole name is ``text`` (a space added or dropped)."""

    text: str
    kind: str

    def starts(self) -> Q:
        """Names that start with the corrected query (on the ``fold_c`` alias), written as one range of
        the index each, with nothing the planner would count twice (its estimate picks the plan)."""
        if self.kind == "prefix":
            return Q(fold_c__startswith=self.text)
        if self.kind == "name":
            return Q(fold_c=self.text)
        # The word whole: the name is the text, or goes on after a space; nothing sorts between the text
        # and the text and a space but the text followed by a control character.
        low, high = self.bounds()
        return Q(fold_c__gte=low, fold_c__lt=high) & ~Q(fold_c__gt=low, fold_c__lt=f"{low} ")

    def bounds(self) -> tuple[str, str]:
        """The range of ``fold_c`` that holds every name ``starts()`` accepts."""
        if self.kind == "prefix":
            following = ord(self.text[-1]) + 1
            following += 0x800 if 0xD800 <= following <= 0xDFFF else 0  # no surrogate halves
            return self.text, self.text[:-1] + chr(min(following, 0x10FFFF))
        return self.text, self.text + ("!" if self.kind == "word" else " ")

    def inside(self, local: bool = False) -> Q | None:
        """Names with the corrected query starting at a word inside them (``_holding``)."""
        held = self.held(local)
        return held if held is None or local else held & _in_words([self])

    def held(self, local: bool = False) -> Q | None:
        """``inside`` on the name alone: ``LIKE`` (``strpos`` within a few communes), no index."""
        if self.kind == "prefix":
            return _held(f" {self.text}", local)
        if self.kind == "word":
            if local:  # the text then a space, or the end of the name
                return Q(GreaterThan(StrIndex(Concat("name_folded", Value(" ")), Value(f" {self.text} ")), 0))
            return Q(name_folded__endswith=f" {self.text}") | Q(name_folded__contains=f" {self.text} ")
        return None

    def word_range(self) -> tuple[str, str]:
        """The words of registry_childword among which a name ``inside`` holds has a row (ADR 0050): the
        query's first word whole when more words or the end of the word follow, else the words starting
        with it. A name holding `` text`` at a word after its first has that word among its rows (one row
        per distinct word after the first, ADR 0038)."""
        first, *rest = self.text.split(" ")
        if rest or self.kind != "prefix":
            return first, first + "\x01"
        return _Correction(first, "prefix").bounds()


def _held(fragment: str, local: bool) -> Q:
    """Names holding ``fragment``, on the name alone: within a few communes (``local``) with ``strpos``,
    which no index answers, so that PostgreSQL reads the communes' names off
    registry_child_area_fold_idx (an index-only scan); else with ``LIKE``."""
    if local:
        return Q(GreaterThan(StrIndex("name_folded", Value(fragment)), 0))
    return Q(name_folded__contains=fragment)


def _holding(fragment: str, local: bool) -> Q:
    """Names holding ``fragment`` (a space, then a word or the start of one, perhaps more words). Within a
    few communes (``local``) on the name alone (``_held``). Over a province or the nation, also among the
    words of names (``_in_words``): the index that answered the ``LIKE`` there, the trigram GIN of
    ``name_folded``, cost every import more than any other index of registry_child (ADR 0050)."""
    if local:
        return _held(fragment, local)
    return _held(fragment, local) & _in_words([_Correction(fragment[1:], "prefix")])


def _in_words(corrections: list[_Correction]) -> Q:
    """Children with a row of registry_childword in one of the corrections' ``word_range`` whose name
    holds the correction (``held``, needed only when the query has several words: the range says one
    word alone): one semi-join whatever the number of corrections, one range of the primary key per
    distinct range — the corrections of one typo share most of their first words, and ORing the same range
    once per correction made PostgreSQL read the whole table instead (ADR 0050). With ``held`` on the
    child beside it, the children are exactly ``held``'s."""
    names: dict[tuple[str, str], list[Q] | None] = {}
    for c in corrections:
        held = c.held() if " " in c.text else None
        known = names.setdefault(c.word_range(), [])
        if held is None or known is None:
            names[c.word_range()] = None  # the range alone holds every name of this one
        else:
            known.append(held)
    rows = _any(
        Q(word__gte=low, word__lt=high) & (_any(held) if held else Q())
        for (low, high), held in sorted(names.items())
    )
    return Q(pk__in=ChildWord.objects.filter(rows).values("child_id"))


def _edits(word: str, alphabet: str) -> tuple[set[str], set[str]]:
    """The strings one edit away from ``word``: (one letter changed or two neighbours swapped — the
    same length —, one letter dropped or added)."""
    changed = {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in alphabet if c != word[i]}
    changed |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}
    dropped = {word[:i] + word[i + 1 :] for i in range(len(word))}
    added = {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in alphabet}
    return changed, (dropped | added) - {""}


def _respaced(words: list[str], alphabet: str) -> set[tuple[str, ...]]:
    """The word lists one edit away that add, drop or replace a space: two words joined (with or
    without a letter between them), one word split (at a space added, or at a letter turned space)."""
    out: set[tuple[str, ...]] = set()
    for i in range(len(words) - 1):
        for glue in ("", *alphabet):
            out.add((*words[:i], words[i] + glue + words[i + 1], *words[i + 2 :]))
    for i, w in enumerate(words):
        for p in range(1, len(w)):
            out.add((*words[:i], w[:p], w[p:], *words[i + 1 :]))
            if p < len(w) - 1:
                out.add((*words[:i], w[:p], w[p + 1 :], *words[i + 1 :]))
    return out


# Which of the given words are words of names (and whether each stands in the middle of one); which of
# the given prefixes start one (the next word in "C" order: one index probe each).
_VOCABULARY_SQL = """
SELECT word, false, middle FROM registry_nameword WHERE word = ANY(%s::text[])
UNION ALL
SELECT p, true, false FROM unnest(%s::text[]) AS p
WHERE starts_with((SELECT word FROM registry_nameword WHERE word >= p ORDER BY word LIMIT 1), p)
"""


@dataclass
class _Vocabulary:
    words: set[str]  # asked words that are words of some name
    middle: set[str]  # … that stand between two other words of some name
    prefixes: set[str]  # asked prefixes that start a word of some name


def _vocabulary(words: set[str], prefixes: set[str]) -> _Vocabulary:
    with connection.cursor() as cursor:
        cursor.execute(_VOCABULARY_SQL, [sorted(words), sorted(prefixes)])
        rows = cursor.fetchall()
    return _Vocabulary(
        words={w for w, is_prefix, _ in rows if not is_prefix},
        middle={w for w, is_prefix, middle in rows if middle and not is_prefix},
        prefixes={w for w, is_prefix, _ in rows if is_prefix},
    )


@dataclass
class _Typo:
    """What the vocabulary says of a folded query: whether a name may hold it as typed after its first
    word, and its corrections (one letter changed, dropped or added, or two neighbouring letters
    swapped, in one word; or one space added, dropped or replaced) whose words are all words of names."""

    inside_as_typed: bool
    corrections: list[_Correction]
    corrections_inside: list[_Correction]  # those a name may also hold after its first word


def _typo(folded: str) -> _Typo:
    words = folded.split()
    alphabet = "".join(sorted(set(TYPO_ALPHABET) | set(folded) - {" "}))
    edits = [_edits(w, alphabet) for w in words]
    respaced = _respaced(words, alphabet)
    *head, last = words
    changed_last, other_last = edits[-1]
    ask = {*head, *other_last, *(w for t in respaced for w in t)}
    for changed, other in edits[:-1]:
        ask |= changed | other
    vocabulary = _vocabulary(ask, {last, *changed_last})
    known, prefixes = vocabulary.words, vocabulary.prefixes
    unknown = [i for i, w in enumerate(head) if w not in known] + (
        [len(head)] if last not in prefixes else []
    )
    # Two unknown words are two typos; one is where the typo is; none: it may be anywhere.
    positions = unknown if len(unknown) == 1 else [] if unknown else list(range(len(words)))
    found: set[_Correction] = set()
    for i in positions:
        changed, other = edits[i]
        if i < len(head):
            for w in (changed | other) & known:
                found.add(_Correction(" ".join([*words[:i], w, *words[i + 1 :]]), "prefix"))
            continue
        found |= {_Correction(" ".join([*head, w]), "prefix") for w in changed_last & prefixes}
        found |= {_Correction(" ".join([*head, w]), "word") for w in other_last & known}
    found |= {_Correction(" ".join(t), "name") for t in respaced if known.issuperset(t)}
    # A correction whose names another one's already includes is left out (fewer probes, fewer ORs).
    starts = {c.text for c in found if c.kind == "prefix"}
    words_whole = {c.text for c in found if c.kind == "word"}
    kept = sorted(
        (
            c
            for c in found
            if not any(c.text.startswith(p) and (c.kind != "prefix" or c.text != p) for p in starts)
            and not (c.kind == "name" and c.text in words_whole)
        ),
        key=lambda c: (c.text, c.kind),
    )[:MAX_TYPO_CORRECTIONS]

    def inside(text: str) -> bool:
        """Can a name hold ``text`` after its first word? Several words: the first of them then stands
        between two words of that name."""
        first, *rest = text.split(" ")
        return not rest or first in vocabulary.middle

    return _Typo(
        inside_as_typed=not unknown and inside(folded),
        corrections=kept,
        corrections_inside=[c for c in kept if c.kind != "name" and inside(c.text)],
    )


def _holding_rows(qs: QuerySet[Child], corrections: list[_Correction]) -> list[_Correction]:
    """The corrections under which ``qs`` has a name: one query, planned once, that looks for the first
    row of ``qs`` in each correction's range (on ``registry_child_fold_c_idx``)."""
    try:
        scoped, params = qs.order_by().values_list("name_folded").query.sql_with_params()
    except EmptyResultSet:  # no jurisdiction at all
        return []
    if not corrections:
        return []
    bounds = [c.bounds() for c in corrections]
    # ``scoped`` is the SQL Django compiled for ``qs``; its values travel separately, in ``params``.
    # LATERAL … LIMIT 1: a first row per range; as EXISTS the planner may read the whole scope instead.
    sql = (
        "SELECT r.i FROM unnest(%s::int[], %s::text[], %s::text[]) AS r(i, lo, hi) CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT 1 FROM ({scoped}) AS s(name_folded) "
        'WHERE s.name_folded COLLATE "C" >= r.lo AND s.name_folded COLLATE "C" < r.hi '
        'ORDER BY s.name_folded COLLATE "C" LIMIT 1) AS hit'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [list(range(len(bounds))), [lo for lo, _ in bounds], [hi for _, hi in bounds], *params]
        )
        return [corrections[i] for i in sorted(i for (i,) in cursor.fetchall())]


def _typo_search(
    qs: QuerySet[Child], typo: _Typo, local: bool = False, words: _WordScope | None = None
) -> QuerySet[Child]:
    """Names starting with a corrected query, else names with one inside. The corrections that hold a
    name are found first, so that the list reads only their ranges: a single one is one ordered index
    range, as in the prefix tier; several are also held within the range spanning them, so that no plan
    walks the index from its start. With ``words`` (the list's other conditions, as registry_childword
    carries them), names holding a correction inside are paged and counted off registry_childword
    (``_WordsInside``, ADR 0043)."""
    found = _holding_rows(qs, typo.corrections)
    if len(found) == 1:
        return qs.alias(fold_c=FOLD_C).filter(found[0].starts())
    if found:
        low = min(c.bounds()[0] for c in found)
        high = max(c.bounds()[1] for c in found)
        hits = (
            qs.alias(fold_c=FOLD_C)
            .filter(fold_c__gte=low, fold_c__lt=high)
            .filter(_any(c.starts() for c in found))
        )
        # The OR defeats PostgreSQL's estimates: it took the span between the ranges (18,000 unrelated
        # names for "dinh quan tam" at 5M) for a few rows, or 3,000 rows of "nguyen van long" for too
        # many to read in order. child_page reads the ranges one by one instead.
        return hits.in_fold_ranges([c.bounds() for c in found]) if isinstance(hits, ChildQuerySet) else hits
    held = [c for c in typo.corrections_inside if c.held(local) is not None]
    if not held:
        return qs.none()
    inside = qs.filter(_any(q for c in held if (q := c.held(local)) is not None))
    if not local:  # one semi-join of registry_childword for all the corrections (ADR 0050)
        inside = inside.filter(_in_words(held))
    if words is None or not isinstance(inside, ChildQuerySet):
        return inside
    plan = _WordsInside(tuple(held), words, len(inside.query.where.children))
    return inside.with_name_words(plan)


def _any(conditions: Iterable[Q]) -> Q:
    return functools.reduce(operator.or_, conditions)


def _search(
    qs: QuerySet[Child], q: str, local: bool = False, words: _WordScope | None = None
) -> QuerySet[Child]:
    """Search in tiers so that the common case stays on a btree: a personal ID; else names starting
    with the folded query (``registry_child_fold_c_idx``); else names with a word starting with it
    (``_holding``); else the same two within one typo (``_typo_search``, corrections checked against the
    vocabulary of name words). What each tier returns matches the query by ``name_matches``.
    With ``words`` (the list's other conditions, as registry_childword carries them), a query found inside
    names is paged and counted off registry_childword: of one word (ADR 0038), of several (ADR 0045)."""
    pid = personal_id_query(q)
    if pid is not None:
        return qs.filter(personal_id=pid)
    folded = fold(q)
    if not folded:
        return qs
    prefix = qs.alias(fold_c=FOLD_C).filter(fold_c__startswith=folded)
    if words is not None and " " not in folded and len(folded) >= 2 and isinstance(qs, ChildQuerySet):
        # One word: a given name alone, if no name starts with it, read off registry_childword (ADR 0038).
        # Whether a name starts with it and whether a name holds it after its first word are asked in
        # one statement (on a busy server each round trip waits for a CPU). When none holds it, neither
        # would the probe below: the vocabulary holds every word of registry_childword.
        held_inside = qs.filter(_holding(f" {folded}", local))
        plan = _NameWords(folded, words, len(held_inside.query.where.children))
        starts, holds = _name_words_probe(prefix, plan)
        if starts:
            return prefix
        if holds or len(folded) < TYPO_MIN_LENGTH:
            return held_inside.with_name_words(plan)
        return _typo_search(qs, _typo(folded), local, words)
    if prefix.exists():
        return prefix
    if len(folded) < 2:
        return qs.none()
    inside = qs.filter(_holding(f" {folded}", local))
    if len(folded) < TYPO_MIN_LENGTH:
        return inside
    typo = _typo(folded)
    # Else no name can hold it: skip the probe. With ``words``, the probe reads registry_childword
    # (ADR 0043), not the children's names, and so do the page and the count of the names holding it (ADR
    # 0045): the query as typed is the one correction ``prefix`` of itself, whose ``inside`` is ``inside``.
    if not typo.inside_as_typed:
        return _typo_search(qs, typo, local, words)
    if words is None:
        return (
            inside
            if _exists(inside, by_bitmaps=not local and " " in folded)
            else _typo_search(qs, typo, local)
        )
    as_typed = _Correction(folded, "prefix")
    if not _words_inside_exists(words, [as_typed]):
        return _typo_search(qs, typo, local, words)
    if not isinstance(inside, ChildQuerySet):
        return inside
    return inside.with_name_words(_WordsInside((as_typed,), words, len(inside.query.where.children)))


def _exists(qs: QuerySet[Child], *, by_bitmaps: bool) -> bool:
    """Does ``qs`` hold a row? With ``by_bitmaps``, answered by bitmap scans only (ADR 0036): for words
    inside a name PostgreSQL estimates a few hundred matches whatever the words, and to find the first one
    it read the whole register in order when there was none — 1.3 s for "hoang xuan tuan hanh" at 5M,
    nation-wide. The bitmaps were the trigram index's (60 ms); since ADR 0050 they are the rows of the
    query's first word in registry_childword (``_in_words``) and their children by id (8 ms for "minh phuc
    anh", found in no name, at 500,000). A single word (a given name) is left to the planner: it is
    common, and found after a few rows."""
    if not by_bitmaps:
        return qs.exists()
    with _planned_with({"enable_seqscan": "off", "enable_indexscan": "off", "enable_indexonlyscan": "off"}):
        return qs.exists()


@dataclass(frozen=True)
class _WordScope:
    """The conditions of a list other than its search, as registry_childword carries them: the
    jurisdiction's areas (None: the whole register), the status and the commune filtered on."""

    areas: list[int] | None
    status: str | None
    commune: int | None

    def sql(self) -> tuple[str, list[Any]]:
        """Conditions on registry_childword ``w``, each starting with `` AND``, and their values."""
        sql, params = "", list[Any]()
        if self.areas is not None:
            sql, params = " AND w.area_id = ANY(%s::bigint[])", [[int(a) for a in self.areas]]
        if self.status is not None:
            sql, params = f"{sql} AND w.status = %s", [*params, self.status]
        if self.commune is not None:
            sql, params = f"{sql} AND w.commune_id = %s", [*params, int(self.commune)]
        return sql, params


@dataclass(frozen=True)
class _NameWords:
    """How ``child_page`` reads a search for one word found inside names (``name_folded LIKE '% word%'``)
    off registry_childword (ADR 0038): the word, the list's other conditions, and how many conditions
    the queryset held when this was decided — a queryset filtered further is read the usual way."""

    word: str
    scope: _WordScope
    conditions: int

    def bounds(self) -> tuple[str, str]:
        return _Correction(self.word, "prefix").bounds()

    def ids_and_count(
        self, position: tuple[bytes | str, int] | None, with_count: bool, need: int
    ) -> tuple[list[int], int]:
        return _name_words_ids_and_count(self, position, with_count, need)


def _name_words_probe(prefix: QuerySet[Child], plan: _NameWords) -> tuple[bool, bool]:
    """Does ``prefix`` hold a row (a name in the scope starts with the word), and does a name in the
    scope hold a word after its first starting with the plan's word? One statement."""
    low, high = plan.bounds()
    scope, params = plan.scope.sql()
    try:
        starts, starts_params = prefix.order_by().values("id")[:1].query.sql_with_params()
    except EmptyResultSet:  # no jurisdiction at all
        return False, False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS ({starts}), EXISTS (SELECT 1 FROM registry_childword w "  # noqa: S608
            f"WHERE w.word >= %s AND w.word < %s{scope})",
            [*starts_params, low, high, *params],
        )
        row = cursor.fetchone()
    return bool(row[0]), bool(row[1])


def _name_words_ids_and_count(
    plan: _NameWords, position: tuple[bytes | str, int] | None, with_count: bool, need: int
) -> tuple[list[int], int]:
    """``_ids_and_count`` for a search of one word inside names, off registry_childword (ADR 0038): the
    first ``need`` children after ``position`` in name order — for each word of the vocabulary starting
    with the query, its first ``need`` rows in name order (one range of the primary key), merged — and
    the count, up to ``COUNT_LIMIT`` + 1: the rows of the words starting with the query whose name holds
    no earlier word starting with it (``shared < length``), one per child, an index-only range."""
    low, high = plan.bounds()
    scope, scope_params = plan.scope.sql()
    after, after_params = "", []
    if position is not None:
        after, after_params = " AND (w.name_folded, w.child_id) > (%s, %s)", [str(position[0]), position[1]]
    length = len(plan.word)
    ids_sql = (
        "SELECT p.child_id FROM registry_nameword v CROSS JOIN LATERAL "  # noqa: S608
        "(SELECT w.child_id, w.name_folded FROM registry_childword w "
        f"WHERE w.word = v.word AND w.shared < %s{scope}{after} "
        f"ORDER BY w.name_folded, w.child_id LIMIT {int(need)}) AS p "
        "WHERE v.word >= %s AND v.word < %s "
        f"ORDER BY p.name_folded, p.child_id LIMIT {int(need)}"
    )
    params: list[Any] = [length, *scope_params, *after_params, low, high]
    counted = "0"
    if with_count:
        counted = (
            "(SELECT count(*) FROM (SELECT 1 FROM registry_childword w "  # noqa: S608
            f"WHERE w.word >= %s AND w.word < %s AND w.shared < %s{scope} LIMIT {COUNT_LIMIT + 1}) AS c)"
        )
        params.extend([low, high, length, *scope_params])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ARRAY({ids_sql}), {counted}", params)
        ids, count = cursor.fetchone()
    return list(ids), int(count)


# -- word-inside probes of the one-typo tier off registry_childword (ADR 0043) ---------------------------

# The rows of registry_childword through which the names holding a correction after their first word are
# read (its "pivot"): one word of it, the one with the fewest rows by the table's statistics (the most
# common values of ``word`` and their shares; a word missing from them is rarer than every one listed).
# Each candidate is a range of words — one word: ``[w, w || chr(1))``; the last word typed in part: the
# words starting with it, ``shared`` below its length so that each child has one row among them (ADR
# 0038) — and the text the name must then hold (``pat``, on ``name_folded || ' '``; empty for a correction
# of one word, which the range says alone). A child holding several corrections is read through the first
# of them only: ``earlier``, the corrections before it (as ``LIKE`` patterns), which its name must not
# hold. So every child has one row among all the streams: pages are merged and counts summed without
# DISTINCT, and a count stops at its bound.
_WORDS_INSIDE_STREAMS = """
WITH freq AS (
  SELECT m.v, m.f FROM pg_stats s,
       unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS m(v, f)
  WHERE s.schemaname = current_schema() AND s.tablename = 'registry_childword' AND s.attname = 'word'
), cand(i, lo, hi, sh, pat) AS (
  SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::int[], %s::text[])
), pick AS MATERIALIZED (
  SELECT DISTINCT ON (c.i) c.i, c.lo, c.hi, c.sh, c.pat FROM cand c
  ORDER BY c.i, (SELECT coalesce(sum(f.f), 0) FROM freq f WHERE f.v >= c.lo AND f.v < c.hi), c.sh DESC, c.lo
), streams AS MATERIALIZED (
  SELECT v.word, p.sh, p.pat, (%s::text[])[1:p.i] AS earlier
  FROM pick p JOIN registry_nameword v ON v.word >= p.lo AND v.word < p.hi
  ORDER BY p.i, v.word
)
"""
_WORDS_INSIDE_ROWS = (
    "SELECT w.child_id, w.name_folded FROM registry_childword w WHERE w.word = s.word AND w.shared < s.sh "
    "AND strpos(w.name_folded || ' ', s.pat) > 0 "
    "AND NOT ((w.name_folded || ' ') LIKE ANY (s.earlier))"
)
_NO_SHARED_BOUND = 32767  # smallint: every row of an exact word
_LIKE_ESCAPES = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


def _words_inside_text(c: _Correction) -> str:
    """What ``name_folded || ' '`` holds exactly when the name holds ``c`` after its first word."""
    return f" {c.text} " if c.kind == "word" else f" {c.text}"


def _pivot_candidates(corrections: list[_Correction]) -> list[Any]:
    """The candidate pivots of each correction (``_WORDS_INSIDE_STREAMS``), as the five arrays it binds."""
    rows: list[tuple[int, str, str, int, str]] = []
    for i, c in enumerate(corrections):
        words = c.text.split(" ")
        pat = "" if len(words) == 1 else _words_inside_text(c)
        for j, w in enumerate(words):
            if j == len(words) - 1 and c.kind == "prefix":
                low, high = _Correction(w, "prefix").bounds()
                rows.append((i, low, high, len(w), pat))
            else:
                rows.append((i, w, w + "\x01", _NO_SHARED_BOUND, pat))
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[], [], [], [], []]


def _streams_params(corrections: list[_Correction]) -> list[Any]:
    """The candidates, and for each correction the ``LIKE`` pattern of ``name_folded || ' '`` holding it
    (``earlier``: one ``LIKE ANY`` a row, where a subquery over the texts cost 3 µs a row, most of a
    count of 10,001 rows)."""
    escaped = (_words_inside_text(c).translate(_LIKE_ESCAPES) for c in corrections)
    return [*_pivot_candidates(corrections), [f"%{text}%" for text in escaped]]


@dataclass(frozen=True)
class _WordsInside:
    """How ``child_page`` reads the names holding one of ``corrections`` after their first word (the
    one-typo tier's last resort, ``_Correction.inside``) off registry_childword (ADR 0043): the
    corrections, the list's other conditions, and how many conditions the queryset held when this was
    decided (a queryset filtered further is read the usual way)."""

    corrections: tuple[_Correction, ...]
    scope: _WordScope
    conditions: int

    def ids_and_count(
        self, position: tuple[bytes | str, int] | None, with_count: bool, need: int
    ) -> tuple[list[int], int]:
        """The first ``need`` children after ``position`` in name order and the count up to
        ``COUNT_LIMIT`` + 1, in one statement: per word of each correction's pivot, its rows holding the
        correction (and no earlier one) in name order — one range of the key, filtered —, the first
        ``need`` of each, merged; the count, those rows one stream after the other, stopped at the bound.
        Each stream is limited inside its LATERAL read too: unlimited, PostgreSQL flattened the count's into
        a hash join over the whole table (2.7M rows read for "cgan" at 5M, 780 ms)."""
        scope, scope_params = self.scope.sql()
        after, after_params = "", []
        if position is not None:
            after = " AND (w.name_folded, w.child_id) > (%s, %s)"
            after_params = [str(position[0]), position[1]]
        ids_sql = (
            f"SELECT r.child_id FROM streams s CROSS JOIN LATERAL ({_WORDS_INSIDE_ROWS}{scope}{after} "  # noqa: S608
            f"ORDER BY w.name_folded, w.child_id LIMIT {int(need)}) AS r "
            f"ORDER BY r.name_folded, r.child_id LIMIT {int(need)}"
        )
        params: list[Any] = [*_streams_params(list(self.corrections)), *scope_params, *after_params]
        counted = "0"
        if with_count:
            counted = (
                "(SELECT count(*) FROM (SELECT 1 FROM streams s CROSS JOIN LATERAL "  # noqa: S608
                f"({_WORDS_INSIDE_ROWS}{scope} LIMIT {COUNT_LIMIT + 1}) AS r LIMIT {COUNT_LIMIT + 1}) AS n)"
            )
            params.extend(scope_params)
        with connection.cursor() as cursor:
            cursor.execute(f"{_WORDS_INSIDE_STREAMS}SELECT ARRAY({ids_sql}), {counted}", params)
            ids, count = cursor.fetchone()
        return list(ids), int(count)


def _words_inside_exists(scope: _WordScope, corrections: list[_Correction]) -> bool:
    """Does a name in ``scope`` hold one of ``corrections`` after its first word? The question of
    ``_Correction.inside`` (``name_folded LIKE '% text%'``…), answered off registry_childword (ADR 0043):
    the rows of each correction's rarest word, filtered on the name, instead of the trigram index, whose
    posting lists for the common syllables of a query of several words hold most of the register."""
    if not corrections:
        return False
    scope_sql, scope_params = scope.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_WORDS_INSIDE_STREAMS}SELECT EXISTS (SELECT 1 FROM streams s CROSS JOIN LATERAL "  # noqa: S608
            f"({_WORDS_INSIDE_ROWS}{scope_sql} LIMIT 1) AS r)",
            [*_streams_params(corrections), *scope_params],
        )
        return bool(cursor.fetchone()[0])


@contextlib.contextmanager
def _planned_with(settings: dict[str, str]) -> Iterator[None]:
    """The block in a transaction with these planner settings (``SET LOCAL``, one round trip). Within an
    outer transaction (a service's, a test's) they are put back afterwards, since ``SET LOCAL`` lasts until
    the outer transaction ends; after an error the savepoint's rollback undoes them."""
    names = list(settings)
    sets = ", ".join("set_config(%s, %s, true)" for _ in names)
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        # The current values are read before the new ones are set (a target list is evaluated in order).
        cursor.execute(
            f"SELECT {', '.join('current_setting(%s)' for _ in names)}, {sets}",
            [*names, *(x for name in names for x in (name, settings[name]))],
        )
        before = cursor.fetchone()[: len(names)]
        yield
        if outer:
            cursor.execute(f"SELECT {sets}", [x for pair in zip(names, before, strict=True) for x in pair])


def _with_event(qs: QuerySet[Child], event: str, year: int) -> QuerySet[Child]:
    """Children with ``event`` (a key of ``EVENTS``) in ``year``, defined as the indicators count them."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if event == "supported":
        return qs.filter(Exists(Support.objects.filter(child=OuterRef("pk"), date__range=(first, last))))
    if event in ("injured", "injury_death"):
        injuries = Injury.objects.filter(child=OuterRef("pk"), date__range=(first, last))
        if event == "injury_death":
            injuries = injuries.filter(outcome=Injury.Outcome.DEATH)
        return qs.filter(Exists(injuries))
    # Child labour: the child's last record of the year says child labour or hazardous work.
    latest = (
        LabourRecord.objects.filter(child=OuterRef("pk"), recorded_on__range=(first, last))
        .order_by("-recorded_on", "-id")
        .values("status")[:1]
    )
    working = [LabourRecord.Status.CHILD_LABOUR, LabourRecord.Status.HAZARDOUS]
    return qs.alias(labour_status=Subquery(latest)).filter(labour_status__in=working)


def child_list(*, user: Any, filters: ChildFilters | None = None) -> QuerySet[Child]:
    """The children in the user's jurisdiction matching ``filters``, in Vietnamese alphabetical order."""
    filters = filters or ChildFilters()
    held = _jurisdiction(user)
    local = held.communes is not None and len(held.communes) <= LOCAL_COMMUNES
    qs: QuerySet[Child]
    if held.whole or held.areas is None:
        # Every unit lies in the jurisdiction: no condition at all, rather than a join of every child to
        # the units that PostgreSQL takes for a filter keeping 1 % of them (ADR 0036); or too many units to
        # name: joined to them (``visible_children``).
        qs = visible_children(user)
    else:
        # The jurisdiction's areas (a province's communes, a commune's hamlets…) named by id, as one array:
        # PostgreSQL then reads their children off registry_child_area_fold_idx (within communes: by name,
        # in order) or passes over the others within registry_child_fold_c_idx, which includes the area,
        # and estimates them from the area's statistics, where a join to the units made it take a
        # province's children for 1 % of them (ADR 0036). The same rows as ``access.scope``.
        # Beyond LOCAL_COMMUNES the condition is written so that no index answers it (``+ 0``): PostgreSQL
        # otherwise read a correction's range off registry_child_area_fold_idx, one descent per unit
        # (169 for a province: 17,000 for a typo's 100 corrections at 5M), where
        # registry_child_fold_c_idx reads it once and passes over other units' rows.
        qs = Child.objects.filter(**{"area_id__any_of" if local else "area_id__any_of_unindexed": held.areas})
    if filters.status and filters.status != STATUS_ALL:
        qs = qs.filter(status=filters.status)
    if filters.province is not None:
        qs = qs.filter(province_id=filters.province)
    if filters.commune is not None:
        qs = qs.filter(commune_id=filters.commune)
    if filters.hamlet is not None:  # a hamlet's children are its area's (registry_child_area_fold_idx)
        qs = qs.filter(area_id=filters.hamlet, hamlet_id=filters.hamlet)
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.age_band in AGE_BANDS:
        low, high = AGE_BANDS[filters.age_band]
        today = filters.today or timezone.localdate()
        qs = qs.filter(
            date_of_birth__lte=_years_before(today, low),
            date_of_birth__gt=_years_before(today, high + 1),
        )
    # Lists selected by sensitive data hold only the children over whom the user holds the right to it
    # (ADR 0017): nobody else gets names from them. Pages and the API refuse such filters with a message
    # (``sensitive.check_filters``); here they find nobody.
    id_search = bool(filters.q) and personal_id_query(filters.q) is not None
    if sensitive.is_sensitive_group(filters.group) or sensitive.is_sensitive_risk(filters.risk):
        qs = qs.filter(area__in=access.units(user, sensitive.PERM_GROUPS))
    if id_search:
        qs = qs.filter(area__in=access.units(user, sensitive.PERM_FIELDS))
    if filters.group is not None:
        in_force = ChildCircumstance.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
        if filters.group:
            in_force = in_force.filter(group__number=filters.group)
        elif not sensitive.sees_all_groups(user):  # 0: in any of the groups the user may list
            in_force = in_force.exclude(group__number__in=sorted(rules.SENSITIVE_GROUPS))
        qs = qs.filter(Exists(in_force))
    if filters.risk:
        qs = qs.filter(
            Exists(RiskFlag.objects.filter(child=OuterRef("pk"), kind=filters.risk, end_date__isnull=True))
        )
    if filters.missing == "personal_id":
        qs = qs.filter(Q(personal_id__isnull=True) | Q(personal_id=""))
    elif filters.missing == "ethnicity":
        qs = qs.filter(ethnicity__isnull=True)
    elif filters.missing == "guardian":
        qs = qs.filter(~Exists(Guardian.objects.filter(child=OuterRef("pk"))))
    elif filters.missing == "birth_registration":
        qs = qs.exclude(birth_registered=True)
    elif filters.missing == "health_insurance":
        qs = qs.filter(health_insurance_number="")
    if filters.event:
        qs = _with_event(qs, filters.event, filters.year or (filters.today or timezone.localdate()).year)
    if filters.q and personal_id_query(filters.q) is None and fold(filters.q):
        # Search results in the order of the folded name ("C" collation), read straight off
        # registry_child_fold_c_idx, so a page of a common prefix ("nguyen van") costs a few rows.
        return _search(qs, filters.q, local, _word_scope(held, local, filters)).order_by(FOLD_C, "id")
    if filters.q:
        qs = _search(qs, filters.q, local)
    return qs.order_by("name_sort_key", "id")


def _word_scope(held: _Held, local: bool, filters: ChildFilters) -> _WordScope | None:
    """The list's conditions other than the search as registry_childword carries them (ADR 0038), when
    they are only those: the whole register or a jurisdiction named by its areas, beyond a few communes
    (within them the search reads the communes' names off registry_child_area_fold_idx), the status and
    a commune. None when the list has any other filter."""
    if local or not (held.whole or held.areas is not None):
        return None
    others = (
        filters.province is not None,
        filters.hamlet is not None,
        filters.sex,
        filters.age_band,
        filters.group is not None,
        filters.risk,
        filters.missing,
        filters.event,
    )
    if any(others):
        return None
    return _WordScope(
        areas=None if held.whole else held.areas,
        status=filters.status if filters.status and filters.status != STATUS_ALL else None,
        commune=filters.commune,
    )


@dataclass(frozen=True)
class _Held:
    """The register jurisdiction of a user: everything (``whole``); else its units by id (``areas``, up to
    ``LISTED_UNITS``; None beyond); and ``jurisdiction_communes``."""

    whole: bool
    areas: list[int] | None
    communes: list[int] | None


def _jurisdiction(user: Any) -> _Held:
    """The user's register jurisdiction, computed once per ``access.get_access`` (once per request), kept
    on that object so that a change of assignments (``access.forget``) computes it again."""
    held = access.get_access(user)
    cached = getattr(held, "_registry_held", None)
    if isinstance(cached, _Held):
        return cached
    perm = "registry.view_child"
    whole = sees_whole_register(user, perm)
    areas = None
    if not whole:
        areas = list(access.units(user, perm).order_by().values_list("pk", flat=True)[: LISTED_UNITS + 1])
        areas = areas if len(areas) <= LISTED_UNITS else None
    found = _Held(whole=whole, areas=areas, communes=jurisdiction_communes(user, perm))
    if held.assignments:  # a user's own object, not the empty one made afresh for anonymous users
        setattr(held, "_registry_held", found)  # noqa: B010 — a cache on a dataclass of another module
    return found


def visible_children(user: Any) -> QuerySet[Child]:
    """The children the user may see (``registry.view_child``) — the rows of ``access.scope`` — written for
    counting over the jurisdiction: everything without a condition, or the jurisdiction's units by id (one
    array, read off the area's index), as ``child_list`` does (ADR 0036); a join to the units only beyond
    ``LISTED_UNITS``. Joined to the units, PostgreSQL took a province's children for a hundredth of them and
    read the whole register: 195 ms against 59 ms to count a province of the 1M nation by commune. A
    jurisdiction of communes or hamlets only stays joined (a few hundred children; no query to name them)."""
    paths = access.get_access(user).paths("registry.view_child")
    if all(path.strip("/").count("/") >= 2 for path in paths):  # every path a commune's or below
        return access.scope(Child.objects.all(), user, "registry.view_child", field="area")
    held = _jurisdiction(user)
    if held.whole:
        return Child.objects.all()
    if held.areas is not None:
        return Child.objects.filter(area_id__any_of=held.areas)
    return access.scope(Child.objects.all(), user, "registry.view_child", field="area")


def within_unit(qs: QuerySet[Child], unit: AdminUnit) -> QuerySet[Child]:
    """The children of ``qs`` under ``unit``, by the column that names a unit of its level (a child's
    province, commune or area) for a unit of the current map; through the units' paths otherwise."""
    if unit.is_current:
        if unit.level == Level.NATION:
            return qs
        column: dict[str, str] = {
            Level.PROVINCE: "province_id",
            Level.COMMUNE: "commune_id",
            Level.HAMLET: "area_id",
        }
        if unit.level in column:
            return qs.filter(**{column[unit.level]: unit.pk})
    return qs.filter(area__path__startswith=unit.path)


def sees_whole_register(user: Any, perm: str = "registry.view_child") -> bool:
    """Does the user's jurisdiction for ``perm`` hold every administrative unit (the nation's, or every
    root unit's, path is among its paths)? Then it holds every child: each lies in some unit."""
    paths = set(access.get_access(user).paths(perm))
    if not paths:
        return False
    if "/" in paths:
        return True
    if not any(path.count("/") == 2 for path in paths):  # no unit of the first level ("/1/"): no root
        return False
    roots = set(AdminUnit.objects.filter(parent__isnull=True).values_list("path", flat=True))
    return bool(roots) and roots <= paths


def jurisdiction_communes(user: Any, perm: str = "registry.view_child") -> list[int] | None:
    """The communes holding every child the user may see for ``perm`` when the jurisdiction lies within
    communes (a commune, or hamlets, are assigned); None when it reaches above a commune."""
    paths = access.get_access(user).paths(perm)
    if not paths or "/" in paths:
        return None
    units = AdminUnit.objects.filter(pk__in=[int(p.strip("/").rsplit("/", 1)[-1]) for p in paths])
    communes: set[int] = set()
    for pk, level, parent_id in units.values_list("pk", "level", "parent_id"):
        if level == Level.COMMUNE:
            communes.add(pk)
        elif level == Level.HAMLET and parent_id is not None:
            communes.add(parent_id)
        else:
            return None
    return sorted(communes)


def _by_fold(qs: QuerySet[Child]) -> bool:
    return bool(qs.query.order_by) and qs.query.order_by[0] != "name_sort_key"


class InvalidCursor(ApplicationError):
    """A paging cursor that was not issued here, was altered, or has expired (400)."""


def _cursor_salt(owner: str) -> str:
    return f"{CURSOR_SALT}:{owner}"


def encode_cursor(child: Child, *, by_fold: bool = False, owner: str = "") -> str:
    """An opaque, signed and dated position after ``child``: only its record id and the list order are
    inside (no name: the key is read back from the record), bound to ``owner`` (the user's id)."""
    return signing.dumps([child.pk, 1 if by_fold else 0], salt=_cursor_salt(owner))


def decode_cursor(cursor: str, *, owner: str = "") -> tuple[int, bool]:
    """(record id, search order?) of a cursor made by ``encode_cursor``; InvalidCursor otherwise."""
    try:
        value = signing.loads(cursor, salt=_cursor_salt(owner), max_age=CURSOR_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidCursor(_("Liên kết sang trang sau đã hết hạn. Hãy tìm lại từ trang đầu.")) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidCursor(_("Liên kết sang trang sau không hợp lệ. Hãy tìm lại từ trang đầu.")) from None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise InvalidCursor(_("Liên kết sang trang sau không hợp lệ. Hãy tìm lại từ trang đầu."))
    return value[0], bool(value[1])


def _position(after: str, by_fold: bool, owner: str) -> tuple[bytes | str, int]:
    pk, fold_order = decode_cursor(after, owner=owner)
    row = Child.objects.filter(pk=pk).values_list("name_folded", "name_sort_key").first()
    if row is None or fold_order != by_fold:
        raise InvalidCursor(_("Liên kết sang trang sau không còn đúng với danh sách này. Hãy tìm lại."))
    return (row[0] if by_fold else bytes(row[1])), pk


def child_page(
    qs: QuerySet[Child],
    *,
    after: str | None = None,
    limit: int = PAGE_SIZE,
    with_count: bool = True,
    owner: str = "",
) -> ChildPage:
    """One page of an ordered ``child_list`` after the keyset ``after`` cursor (InvalidCursor when it
    is not one this function issued for ``owner``), plus a bounded count."""
    limit = max(1, min(limit, 200))
    page_qs = qs
    by_fold = _by_fold(qs)
    ranges: tuple[tuple[str, str], ...] = getattr(qs, "fold_ranges", ()) if by_fold else ()
    position = _position(after, by_fold, owner) if after else None
    if position is not None:
        key, pk = position
        if by_fold and isinstance(key, str):
            page_qs = page_qs.alias(fold_c=FOLD_C).filter(Q(fold_c__gt=key) | Q(fold_c=key, id__gt=pk))
        elif not by_fold and isinstance(key, bytes):
            page_qs = page_qs.filter(Q(name_sort_key__gt=key) | Q(name_sort_key=key, id__gt=pk))
    if by_fold:
        # The best plan for a page of search results is the ordered scan of registry_child_fold_c_idx,
        # stopped after the page. With the default random_page_cost (4, spinning disks) PostgreSQL
        # prefers, for prefixes of a few thousand names, to read them all and sort: at 5M children
        # such pages took 30-300 ms instead of 4 ms. The register is read from cache or SSD.
        # And no parallel workers: a page reads a few hundred index entries, and starting two workers
        # took 15 ms of a given name's page at 1M on a busy machine, whose cores the other users'
        # requests need anyway (ADR 0036).
        # With ranges, each is read through a LATERAL join whose bounds PostgreSQL cannot see when it
        # plans: it then took a correction's prefixes for two rows and intersected their trigram
        # bitmaps (900 ms at 5M, before ADR 0050 dropped that index); without bitmaps, each range is read
        # off registry_child_fold_c_idx.
        settings = {"random_page_cost": str(SEARCH_RANDOM_PAGE_COST), "max_parallel_workers_per_gather": "0"}
        if ranges:
            settings["enable_bitmapscan"] = "off"
        words = getattr(qs, "name_words", None)
        if not (
            isinstance(words, _NameWords | _WordsInside) and words.conditions == len(qs.query.where.children)
        ):
            words = None  # filtered further since the search: read as any other
        with _planned_with(settings):
            # The page's ids first, from the index, with the bounded count in the same statement; then
            # only those rows from the table.
            if words is not None:
                ids, count = words.ids_and_count(position, with_count, limit + 1)
            else:
                ids, count = _ids_and_count(page_qs, qs.order_by() if with_count else None, ranges, limit + 1)
            loaded = Child.objects.select_related("commune", "hamlet").in_bulk(ids)
        rows = [loaded[pk] for pk in ids if pk in loaded]
    else:
        rows = list(page_qs.select_related("commune", "hamlet")[: limit + 1])
        count = _bounded_count(qs.order_by()) if with_count else 0
    has_more = len(rows) > limit
    items = rows[:limit]
    capped = count > COUNT_LIMIT
    count = min(count, COUNT_LIMIT)
    return ChildPage(
        items=items,
        next_cursor=encode_cursor(items[-1], by_fold=by_fold, owner=owner) if has_more and items else None,
        count=count,
        count_capped=capped,
    )


def _ids_and_count(
    qs: QuerySet[Child], count_qs: QuerySet[Child] | None, ranges: tuple[tuple[str, str], ...], need: int
) -> tuple[list[int], int]:
    """The ids of the first ``need`` rows of a folded-name-ordered queryset (an index-only read of
    registry_child_fold_c_idx when the filters are on the columns it includes) and, with ``count_qs``,
    how many rows that holds, counted up to ``COUNT_LIMIT`` + 1 — in one statement (ADR 0036): a search
    page took up to two statements per range, each a round trip, and on a busy server each round trip
    waits for a CPU. With ``ranges`` (sorted, disjoint and holding every row:
    ``ChildQuerySet.fold_ranges``) the queryset is compiled once and read range by range
    (``CROSS JOIN LATERAL`` over the ranges, each an ordered read of the index): the first ``need`` ids of
    each, merged in order; the count reads the ranges one after the other and stops as soon as it has
    ``COUNT_LIMIT`` + 1 rows. (A statement per range, or a UNION ALL of one subquery per range, was
    planned once per range: 40 subqueries for a typo with 20 corrections at 5M, most of a second.)"""
    try:
        params: list[Any]
        if not ranges:
            ids_sql, ids_params = (
                qs.annotate(page_fold=FOLD_C).values_list("id", "page_fold")[:need].query.sql_with_params()
            )
            ids_sql = f"SELECT u.id FROM ({ids_sql}) AS u(id, fold) ORDER BY u.fold, u.id"  # noqa: S608
            params = [*ids_params]
            if count_qs is not None:
                count_sql, count_params = count_qs.values_list("id").query.sql_with_params()
                params.extend(count_params)
        else:
            lows, highs = [low for low, _ in ranges], [high for _, high in ranges]
            scoped, scoped_params = qs.order_by().values_list("id", "name_folded").query.sql_with_params()
            ids_sql = (
                "SELECT p.id FROM unnest(%s::text[], %s::text[]) AS r(lo, hi) CROSS JOIN LATERAL "  # noqa: S608
                f"(SELECT s.id, s.name_folded FROM ({scoped}) AS s(id, name_folded) "
                'WHERE s.name_folded COLLATE "C" >= r.lo AND s.name_folded COLLATE "C" < r.hi '
                f'ORDER BY s.name_folded COLLATE "C", s.id LIMIT {int(need)}) AS p '
                'ORDER BY p.name_folded COLLATE "C", p.id'
            )
            params = [lows, highs, *scoped_params]
            if count_qs is not None:
                counted, counted_params = count_qs.values_list("id", "name_folded").query.sql_with_params()
                # In name order within each range, so that it is read off registry_child_fold_c_idx
                # rather than one descent of registry_child_area_fold_idx per unit of a province.
                count_sql = (
                    "SELECT 1 FROM unnest(%s::text[], %s::text[]) AS r(lo, hi) CROSS JOIN LATERAL "  # noqa: S608
                    f"(SELECT 1 FROM ({counted}) AS s(id, name_folded) "
                    'WHERE s.name_folded COLLATE "C" >= r.lo AND s.name_folded COLLATE "C" < r.hi '
                    'ORDER BY s.name_folded COLLATE "C") AS c'
                )
                params.extend([lows, highs, *counted_params])
    except EmptyResultSet:  # no jurisdiction at all
        return [], 0
    counted_sql = (
        f"(SELECT count(*) FROM (SELECT 1 FROM ({count_sql}) AS c LIMIT {COUNT_LIMIT + 1}) AS n)"  # noqa: S608
        if count_qs is not None
        else "0"
    )
    statement = f"SELECT ARRAY({ids_sql} LIMIT {int(need)}), {counted_sql}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        ids, count = cursor.fetchone()
    return list(ids), int(count)


def _bounded_count(qs: QuerySet[Child]) -> int:
    """How many rows ``qs`` holds, counted up to ``COUNT_LIMIT`` + 1."""
    return qs[: COUNT_LIMIT + 1].count()


def child_get(*, user: Any, child_id: Any, perm: str = "registry.view_child") -> Child:
    """One child, 404 (AccessDenied) if missing or outside the user's jurisdiction for ``perm``."""
    qs = Child.objects.select_related("province", "commune", "hamlet", "ethnicity", "household")
    return access.access_object(qs, user, child_id, perm, field="area")


def mask_personal_id(value: str | None) -> str:
    """ "079215012345" → "079•••••••45"."""
    if not value:
        return ""
    return f"{value[:3]}{'•' * (len(value) - 5)}{value[-2:]}"


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str
    title: str
    detail: str = ""
    amount: int | None = None


def child_timeline(child: Child, *, show_sensitive: bool = True) -> list[TimelineEntry]:
    """The child's history, newest first: groups, support, moves, injuries, risks, labour, status.
    Without ``show_sensitive``, the sensitive groups and risks (ADR 0017) are left out."""
    entries: list[TimelineEntry] = []
    for c in child.circumstances.select_related("group", "subtype"):
        if not show_sensitive and sensitive.is_sensitive_group(c.group.number):
            continue
        detail = str(c.subtype) if c.subtype_id else ""
        entries.append(TimelineEntry(c.start_date, "circumstance", f"Vào nhóm {c.group}", detail))
        if c.end_date:
            entries.append(TimelineEntry(c.end_date, "circumstance_end", f"Ra khỏi nhóm {c.group}"))
    for s in child.supports.all():
        entries.append(
            TimelineEntry(
                s.date,
                "support",
                f"Hỗ trợ: {s.get_kind_display()}",
                " · ".join(x for x in (s.get_source_display(), s.provider_name, s.note) if x),
                s.amount,
            )
        )
    for m in child.moves.select_related("from_commune", "to_commune"):
        entries.append(
            TimelineEntry(m.date, "move", f"Chuyển từ {m.from_commune} đến {m.to_commune}", m.note)
        )
    for i in child.injuries.all():
        entries.append(
            TimelineEntry(i.date, "injury", f"{i.get_kind_display()} — {i.get_outcome_display()}", i.note)
        )
    for r in child.risks.all():
        if not show_sensitive and sensitive.is_sensitive_risk(r.kind):
            continue
        entries.append(TimelineEntry(r.start_date, "risk", r.get_kind_display(), r.note))
        if r.end_date:
            entries.append(TimelineEntry(r.end_date, "risk_end", f"Hết nguy cơ: {r.get_kind_display()}"))
    for lab in child.labour.all():
        entries.append(TimelineEntry(lab.recorded_on, "labour", lab.get_status_display(), lab.note))
    labels = dict(ChildStatus.choices)
    events = AuditEvent.objects.filter(
        object_type="registry.child",
        object_id=str(child.pk),
        action__in=(actions.CHILD_STATUS_SET, actions.CHILD_CREATED),
    ).order_by("at")
    created_logged = False
    for e in events:
        day = timezone.localdate(e.at)
        if e.action == actions.CHILD_CREATED:
            entries.append(TimelineEntry(day, "created", "Lập hồ sơ", e.actor_username))
            created_logged = True
            continue
        after = e.after or {}
        status = str(after.get("status", ""))
        raw_date = after.get("status_date")
        with contextlib.suppress(ValueError):
            day = datetime.date.fromisoformat(str(raw_date)) if raw_date else day
        entries.append(
            TimelineEntry(
                day, "status", f"Trạng thái: {labels.get(status, status)}", str(after.get("note", ""))
            )
        )
    if not created_logged:  # records written in bulk by a file import carry one import-wide audit event
        source = "Nhập từ tệp" if not child.is_provisional else "Hồ sơ tạm từ thông tin vụ việc"
        entries.append(TimelineEntry(timezone.localdate(child.created_at), "created", "Lập hồ sơ", source))
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries


def communes_for_edit(user: Any) -> list[Any]:
    """Current communes where the user may register children (a hamlet's commune included)."""

    units = access.units(user, "registry.edit_child").filter(generation="2025")
    ids = set(units.filter(level=Level.COMMUNE).values_list("pk", flat=True))
    ids |= set(units.filter(level=Level.HAMLET).values_list("parent_id", flat=True))
    return list(AdminUnit.objects.filter(pk__in=ids, level=Level.COMMUNE).order_by("name_folded")[:2000])


def hamlets_for_edit(user: Any, commune: Any) -> list[Any]:

    return list(
        access.units(user, "registry.edit_child")
        .filter(parent=commune, level=Level.HAMLET)
        .order_by("code", "name_folded")
    )


def hamlets_in_scope(user: Any, commune_id: int) -> list[Any]:

    return list(
        access.units(user, "registry.view_child")
        .filter(parent_id=commune_id, level=Level.HAMLET)
        .order_by("code", "name_folded")
    )


# Above this many communes in scope (a province has at most a few hundred; the nation 3,321), the list's
# commune filter asks for the province first: a <select> of every commune of the nation took ~370 ms of
# template and most of the page's 100 KB (bench/README.md, 1M pages), and was cut at 2,000 names.
MANY_COMMUNES = 400


@dataclass
class UnitChoices:
    """What the list's filter offers: the provinces (only when the scope has too many communes to list at
    once) and the communes to choose from (all of them, or the chosen province's)."""

    provinces: list[Any]
    communes: list[Any]
    province: int | None


def unit_choices(user: Any, filters: ChildFilters) -> UnitChoices:
    communes = access.units(user, "registry.view_child").filter(level=Level.COMMUNE, generation="2025")
    few = list(communes.order_by("name_folded")[: MANY_COMMUNES + 1])
    if len(few) <= MANY_COMMUNES:
        return UnitChoices(provinces=[], communes=few, province=None)
    provinces = list(
        AdminUnit.objects.filter(
            level=Level.PROVINCE, generation="2025", pk__in=communes.values("parent_id")
        ).order_by("name_folded")
    )
    chosen = filters.province
    if chosen is None and filters.commune is not None:
        chosen = communes.filter(pk=filters.commune).values_list("parent_id", flat=True).first()
    if chosen is None or not any(p.pk == chosen for p in provinces):
        return UnitChoices(provinces=provinces, communes=[], province=None)
    return UnitChoices(
        provinces=provinces,
        communes=list(communes.filter(parent_id=chosen).order_by("name_folded")),
        province=chosen,
    )


def move_destinations(*, q: str = "", province_id: int | None = None, limit: int = 30) -> list[Any]:
    """Current communes of the whole country (a move may leave the jurisdiction), by name or province."""

    qs = AdminUnit.objects.filter(level=Level.COMMUNE, generation="2025").select_related("parent")
    if province_id is not None:
        qs = qs.filter(parent_id=province_id)
    folded = fold(q)
    if folded:
        qs = qs.filter(name_folded__contains=folded)
    elif province_id is None:
        return []
    return list(qs.order_by("name_folded")[: 1000 if province_id and not folded else limit])


def provinces() -> list[Any]:

    return list(AdminUnit.objects.filter(level=Level.PROVINCE, generation="2025").order_by("name_folded"))
