"""Reads of the children register. Every list goes through ``access.scope`` (STYLE §2.5).

Lists are ordered by ``(name_sort_key, id)`` — Vietnamese alphabetical order — and paged by keyset on
that pair, so a page costs the same at the first row and at the millionth; totals are counted up to
``COUNT_LIMIT`` only ("hơn 10.000").
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Collate
from django.utils import timezone
from rapidfuzz.distance import Levenshtein

from treem.accounts import access
from treem.audit.models import AuditEvent
from treem.core.text import fold
from treem.registry import actions
from treem.registry.models import (
    Child,
    ChildCircumstance,
    ChildStatus,
    Guardian,
    RiskFlag,
)

COUNT_LIMIT = 10_000
# The folded name under the byte-order "C" collation: what registry_child_fold_c_idx indexes.
FOLD_C = Collate("name_folded", "C")
PAGE_SIZE = 50
# Candidates fetched by trigram similarity before the typo check (bounded work per search).
FUZZY_CANDIDATES = 300
FUZZY_THRESHOLD = 0.4

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-2": (0, 2),
    "3-5": (3, 5),
    "6-10": (6, 10),
    "11-15": (11, 15),
    "16-17": (16, 17),
}
MISSING_KINDS = ("personal_id", "ethnicity", "guardian", "birth_registration", "health_insurance")
STATUS_ALL = "all"

_ID_CHARS = re.compile(r"^[0-9 .\-]+$")


@dataclass
class ChildFilters:
    q: str = ""
    commune: int | None = None
    hamlet: int | None = None
    age_band: str = ""
    sex: str = ""
    group: int | None = None
    risk: str = ""
    missing: str = ""
    status: str = ChildStatus.ACTIVE
    today: datetime.date | None = None

    @classmethod
    def from_mapping(cls, data: Any) -> ChildFilters:
        """Filters from a query string (unknown or malformed values are ignored, never an error)."""

        def _int(name: str) -> int | None:
            value = str(data.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        def _in(name: str, allowed: Any) -> str:
            value = str(data.get(name) or "").strip()
            return value if value in allowed else ""

        status = str(data.get("status") or "").strip()
        return cls(
            q=str(data.get("q") or "").strip()[:150],
            commune=_int("commune"),
            hamlet=_int("hamlet"),
            age_band=_in("age_band", AGE_BANDS),
            sex=_in("sex", ("M", "F")),
            group=g if (g := _int("group")) is not None and 0 <= g <= 14 else None,  # 0: any group
            risk=_in("risk", RiskFlag.Kind.values),
            missing=_in("missing", MISSING_KINDS),
            status=status if status in (*ChildStatus.values, STATUS_ALL) else ChildStatus.ACTIVE,
        )


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
    word being a prefix); one inserted, deleted or changed letter in total is tolerated."""
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
                d = min(Levenshtein.distance(a, b), Levenshtein.distance(a, b[: len(a)]))
            else:
                d = Levenshtein.distance(a, b)
            typos += d
            if typos > 1:
                break
        if typos <= 1:
            return True
    return False


def _fuzzy_ids(qs: QuerySet[Child], folded: str) -> list[int]:
    """Ids of rows within one typo of ``folded``: trigram candidates (GIN index), then rapidfuzz."""
    if len(folded) < 3:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(FUZZY_THRESHOLD)])
        rows = list(
            qs.filter(name_folded__trigram_similar=folded)
            .order_by()
            .values_list("pk", "name_folded")[:FUZZY_CANDIDATES]
        )
    return [pk for pk, name in rows if name_matches(folded, name)]


def _search(qs: QuerySet[Child], q: str) -> QuerySet[Child]:
    """Search in tiers so that the common case stays on a btree: a personal ID; else names starting
    with the folded query (``registry_child_fold_prefix_idx``); else names with a word starting with it
    (trigram GIN); else names within one typo (trigram candidates re-checked with rapidfuzz)."""
    pid = personal_id_query(q)
    if pid is not None:
        return qs.filter(personal_id=pid)
    folded = fold(q)
    if not folded:
        return qs
    prefix = qs.alias(fold_c=FOLD_C).filter(fold_c__startswith=folded)
    if prefix.exists():
        return prefix
    if len(folded) >= 2:
        inside = qs.filter(name_folded__contains=f" {folded}")
        if inside.exists():
            return inside
    return qs.filter(pk__in=_fuzzy_ids(qs, folded))


def child_list(*, user: Any, filters: ChildFilters | None = None) -> QuerySet[Child]:
    """The children in the user's jurisdiction matching ``filters``, in Vietnamese alphabetical order."""
    filters = filters or ChildFilters()
    qs = access.scope(Child.objects.all(), user, "registry.view_child", field="area")
    if filters.status and filters.status != STATUS_ALL:
        qs = qs.filter(status=filters.status)
    if filters.commune is not None:
        qs = qs.filter(commune_id=filters.commune)
    if filters.hamlet is not None:
        qs = qs.filter(hamlet_id=filters.hamlet)
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.age_band in AGE_BANDS:
        low, high = AGE_BANDS[filters.age_band]
        today = filters.today or timezone.localdate()
        qs = qs.filter(
            date_of_birth__lte=_years_before(today, low),
            date_of_birth__gt=_years_before(today, high + 1),
        )
    if filters.group is not None:
        in_force = ChildCircumstance.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
        if filters.group:  # 0: in any of the 14 groups
            in_force = in_force.filter(group__number=filters.group)
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
    if filters.q and personal_id_query(filters.q) is None and fold(filters.q):
        # Search results in the order of the folded name ("C" collation), read straight off
        # registry_child_fold_c_idx, so a page of a common prefix ("nguyen van") costs a few rows.
        return _search(qs, filters.q).order_by(FOLD_C, "id")
    if filters.q:
        qs = _search(qs, filters.q)
    return qs.order_by("name_sort_key", "id")


def _by_fold(qs: QuerySet[Child]) -> bool:
    return bool(qs.query.order_by) and qs.query.order_by[0] != "name_sort_key"


def encode_cursor(child: Child, *, by_fold: bool = False) -> str:
    key = ("f" + child.name_folded.encode().hex()) if by_fold else bytes(child.name_sort_key).hex()
    return base64.urlsafe_b64encode(f"{key}.{child.pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[bytes | str, int] | None:
    """(sort key bytes, id) — or (folded name, id) for a search-ordered list."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        key, pk = raw.split(".")
        if key.startswith("f"):
            return bytes.fromhex(key[1:]).decode(), access.parse_pk(pk)
        return bytes.fromhex(key), access.parse_pk(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def child_page(
    qs: QuerySet[Child], *, after: str | None = None, limit: int = PAGE_SIZE, with_count: bool = True
) -> ChildPage:
    """One page of an ordered ``child_list`` after the keyset ``after`` cursor, plus a bounded count."""
    limit = max(1, min(limit, 200))
    page_qs = qs
    by_fold = _by_fold(qs)
    position = decode_cursor(after) if after else None
    if position is not None:
        key, pk = position
        if by_fold and isinstance(key, str):
            page_qs = page_qs.alias(fold_c=FOLD_C).filter(Q(fold_c__gt=key) | Q(fold_c=key, id__gt=pk))
        elif not by_fold and isinstance(key, bytes):
            page_qs = page_qs.filter(Q(name_sort_key__gt=key) | Q(name_sort_key=key, id__gt=pk))
    rows = list(page_qs.select_related("commune", "hamlet")[: limit + 1])
    has_more = len(rows) > limit
    items = rows[:limit]
    count, capped = 0, False
    if with_count:
        count = qs.order_by()[: COUNT_LIMIT + 1].count()
        capped = count > COUNT_LIMIT
        count = min(count, COUNT_LIMIT)
    return ChildPage(
        items=items,
        next_cursor=encode_cursor(items[-1], by_fold=by_fold) if has_more and items else None,
        count=count,
        count_capped=capped,
    )


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


def child_timeline(child: Child) -> list[TimelineEntry]:
    """The child's history, newest first: groups, support, moves, injuries, risks, labour, status."""
    entries: list[TimelineEntry] = []
    for c in child.circumstances.select_related("group", "subtype"):
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
    from treem.geo.models import AdminUnit, Level

    units = access.units(user, "registry.edit_child").filter(generation="2025")
    ids = set(units.filter(level=Level.COMMUNE).values_list("pk", flat=True))
    ids |= set(units.filter(level=Level.HAMLET).values_list("parent_id", flat=True))
    return list(AdminUnit.objects.filter(pk__in=ids, level=Level.COMMUNE).order_by("name_folded")[:2000])


def hamlets_for_edit(user: Any, commune: Any) -> list[Any]:
    from treem.geo.models import Level

    return list(
        access.units(user, "registry.edit_child")
        .filter(parent=commune, level=Level.HAMLET)
        .order_by("code", "name_folded")
    )


def hamlets_in_scope(user: Any, commune_id: int) -> list[Any]:
    from treem.geo.models import Level

    return list(
        access.units(user, "registry.view_child")
        .filter(parent_id=commune_id, level=Level.HAMLET)
        .order_by("code", "name_folded")
    )


def communes_in_scope(user: Any, limit: int = 2000) -> list[Any]:
    from treem.geo.models import Level

    return list(
        access.units(user, "registry.view_child")
        .filter(level=Level.COMMUNE, generation="2025")
        .order_by("name_folded")[:limit]
    )


def move_destinations(*, q: str = "", province_id: int | None = None, limit: int = 30) -> list[Any]:
    """Current communes of the whole country (a move may leave the jurisdiction), by name or province."""
    from treem.geo.models import AdminUnit, Level

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
    from treem.geo.models import AdminUnit, Level

    return list(AdminUnit.objects.filter(level=Level.PROVINCE, generation="2025").order_by("name_folded"))
