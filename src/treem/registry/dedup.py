"""Duplicate detection in the children register, and the decision a person takes on each pair.

Candidates (ARCHITECTURE §6, record linkage with rapidfuzz blocking and explicit rules):

- the same personal ID on two records (high confidence — still decided by a person);
- a similar accent-folded name with the same birth date, or with day and month swapped, living in
  the same commune or sharing a guardian's name.

Blocking keeps it fast: records are grouped by (commune, birth year, {day, month}) and by (guardian's
folded name, birth year, {day, month}) — a date and its swap fall in the same block — and only pairs
inside a block are compared with rapidfuzz. Twins (same birth date, same guardian, different given
names) are the hard negatives: two different given names that are both common in the register, or
clearly different given names with a shared parent and birth date, are two children.

Nothing is merged automatically. ``merge`` moves every link to the kept record and marks the other
as merged into it; it is never deleted, and the audit trail of both stays.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError
from treem.core.text import fold
from treem.registry import actions
from treem.registry.models import Child, Guardian
from treem.registry.models_cleaning import DuplicatePair, DuplicateStatus

NAME_THRESHOLD = 85.0  # rapidfuzz ratio of the folded full names (0–100)
SWAPPED_NAME_THRESHOLD = 90.0  # stricter when the dates only agree after swapping day and month
GIVEN_NAME_TWIN_RATIO = 60.0  # below this, two given names with the same parent and date are twins
COMMON_SHARE = 1 / 20000  # a given name this frequent in the register is a real name, not a typo

REASON_LABELS = {
    "same_id": gettext_lazy("Trùng số định danh cá nhân"),
    "same_name": gettext_lazy("Trùng họ và tên"),
    "no_accents": gettext_lazy("Họ và tên giống nhau khi bỏ dấu"),
    "similar_name": gettext_lazy("Họ và tên gần giống (có thể gõ sai)"),
    "same_dob": gettext_lazy("Trùng ngày sinh"),
    "swapped_dob": gettext_lazy("Ngày sinh đảo ngày và tháng"),
    "same_commune": gettext_lazy("Cùng xã, phường"),
    "same_guardian": gettext_lazy("Trùng tên cha, mẹ hoặc người giám hộ"),
    "same_address": gettext_lazy("Trùng địa chỉ"),
}


@dataclass
class Record:
    pk: int
    name: str  # as entered (NFC)
    folded: str
    dob: datetime.date
    sex: str
    commune: int
    personal_id: str | None = None
    guardians: set[str] = field(default_factory=set)  # folded names


@dataclass(frozen=True)
class Candidate:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...]
    high_confidence: bool
    commune: int


def _date_key(d: datetime.date) -> tuple[int, int, int]:
    return (d.year, min(d.day, d.month), max(d.day, d.month))


def given_name_counts(records: Iterable[Record]) -> Counter[str]:
    return Counter(r.folded.rsplit(" ", 1)[-1] for r in records)


def _compare(r: Record, s: Record, common: set[str]) -> Candidate | None:
    reasons: list[str] = []
    if r.sex != s.sex:
        return None
    if r.dob == s.dob:
        reasons.append("same_dob")
        threshold = NAME_THRESHOLD
    elif s.dob.day <= 12 and r.dob == s.dob.replace(day=s.dob.month, month=s.dob.day):
        reasons.append("swapped_dob")
        threshold = SWAPPED_NAME_THRESHOLD
    else:
        return None
    ra, sa = r.folded.split(" "), s.folded.split(" ")
    if ra[0] != sa[0] and not (len(ra) == len(sa) and fuzz.ratio(r.folded, s.folded) >= 95):
        return None  # a different family name: different families
    given_r, given_s = ra[-1], sa[-1]
    shared_guardian = bool(r.guardians & s.guardians)
    if given_r != given_s:
        if given_r in common and given_s in common:
            return None  # two real, different given names: two children (twins, neighbours)
        if shared_guardian and r.dob == s.dob and fuzz.ratio(given_r, given_s) < GIVEN_NAME_TWIN_RATIO:
            return None  # twins
    ratio = fuzz.ratio(r.folded, s.folded)
    if ratio < threshold:
        return None
    if r.name == s.name:
        reasons.insert(0, "same_name")
    elif r.folded == s.folded:
        reasons.insert(0, "no_accents")
    else:
        reasons.insert(0, "similar_name")
    if r.commune == s.commune:
        reasons.append("same_commune")
    if shared_guardian:
        reasons.append("same_guardian")
    score = ratio / 100 * (1.0 if r.dob == s.dob else 0.95)
    score = min(1.0, score + (0.03 if shared_guardian else 0.0))
    a, b = (r, s) if r.pk < s.pk else (s, r)
    return Candidate(a.pk, b.pk, round(score, 4), tuple(reasons), False, a.commune)


def find_candidates(records: Sequence[Record], counts: Counter[str] | None = None) -> list[Candidate]:
    """Candidate pairs among ``records`` (pure Python + rapidfuzz, no database)."""
    counts = counts if counts is not None else given_name_counts(records)
    total = sum(counts.values()) or 1
    minimum = max(3, int(total * COMMON_SHARE))
    common = {name for name, n in counts.items() if n >= minimum}
    found: dict[tuple[int, int], Candidate] = {}
    by_id: dict[str, list[Record]] = defaultdict(list)
    blocks: dict[tuple[Any, ...], list[Record]] = defaultdict(list)
    for r in records:
        if r.personal_id:
            by_id[r.personal_id].append(r)
        key = _date_key(r.dob)
        blocks[("c", r.commune, *key)].append(r)
        for g in r.guardians:
            blocks[("g", g, *key)].append(r)
    for same in by_id.values():
        for i, r in enumerate(same):
            for s in same[i + 1 :]:
                a, b = (r, s) if r.pk < s.pk else (s, r)
                found[(a.pk, b.pk)] = Candidate(a.pk, b.pk, 1.0, ("same_id",), True, a.commune)
    for block in blocks.values():
        if len(block) < 2:
            continue
        for i, r in enumerate(block):
            for s in block[i + 1 :]:
                pair = (r.pk, s.pk) if r.pk < s.pk else (s.pk, r.pk)
                if pair in found or r.pk == s.pk:
                    continue
                cand = _compare(r, s, common)
                if cand is not None:
                    found[pair] = cand
    return sorted(found.values(), key=lambda c: (-c.score, c.a, c.b))


# -- database -----------------------------------------------------------------------------------------


def load_records(children: Any) -> list[Record]:
    """Records of a Child queryset (merged records excluded), with their guardians' folded names."""
    qs = children.filter(merged_into__isnull=True)
    records: dict[int, Record] = {}
    for pk, name, folded, dob, sex, commune, pid in qs.values_list(
        "pk", "full_name", "name_folded", "date_of_birth", "sex", "commune_id", "personal_id"
    ).iterator(chunk_size=20000):
        records[pk] = Record(pk, name, folded, dob, sex, commune, pid)
    guardians = Guardian.objects.filter(child__in=qs).exclude(name_folded="")
    for child_id, g in guardians.values_list("child_id", "name_folded").iterator(chunk_size=50000):
        rec = records.get(child_id)
        if rec is not None:
            rec.guardians.add(g)
    return list(records.values())


def register_given_name_counts() -> Counter[str]:
    """How often each folded given name occurs in the whole register (one GROUP BY)."""
    with connection.cursor() as cur:
        cur.execute("SELECT regexp_replace(name_folded, '^.* ', ''), count(*) FROM registry_child GROUP BY 1")
        return Counter({name: n for name, n in cur.fetchall()})


def store_candidates(candidates: Iterable[Candidate]) -> int:
    """Insert new pairs; pairs already known (decided or not) are left as they are."""
    rows = [
        DuplicatePair(
            child_a_id=c.a,
            child_b_id=c.b,
            commune_id=c.commune,
            score=c.score,
            high_confidence=c.high_confidence,
            reasons=list(c.reasons),
        )
        for c in candidates
    ]
    before = DuplicatePair.objects.count()
    DuplicatePair.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return DuplicatePair.objects.count() - before


def find_duplicates(children: Any) -> tuple[int, int]:
    """Detect and store the candidate pairs of a Child queryset. Returns (records examined, new pairs).

    The records of the given communes are compared with each other; a child who moved to a commune
    outside the set is compared only if included in the queryset.
    """
    records = load_records(children)
    candidates = find_candidates(records, register_given_name_counts())
    return len(records), store_candidates(candidates)


# -- decisions -----------------------------------------------------------------------------------------


def pairs_in_scope(user: Any, perm: str = "registry.view_child") -> Any:
    """Pairs whose two children both lie in the user's jurisdiction."""
    qs = DuplicatePair.objects.all()
    qs = access.scope(qs, user, perm, field="child_a__area")
    return access.scope(qs, user, perm, field="child_b__area")


def _relations() -> list[tuple[Any, str]]:
    """(model, field name) of every foreign key to Child except the register's own bookkeeping."""
    found = []
    for rel in Child._meta.related_objects:
        model = rel.related_model
        if model in (Child, DuplicatePair) or not rel.one_to_many:
            continue
        found.append((model, rel.field.name))
    return found


def merge(*, actor: Any, pair: DuplicatePair, keep: Child, note: str = "") -> DuplicatePair:
    """Keep ``keep``; move every link of the other record to it and mark the other merged into it."""
    with transaction.atomic():
        locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
        if locked.status != DuplicateStatus.PENDING:
            raise ApplicationError(_("Cặp hồ sơ này đã được quyết định."))
        a, b = (
            Child.objects.select_for_update()
            .filter(pk__in=[locked.child_a_id, locked.child_b_id])
            .order_by("pk")
        )
        for child in (a, b):
            access.require(actor, "registry.edit_child", child.area)
        if keep.pk not in (a.pk, b.pk):
            raise ApplicationError(_("Hồ sơ được giữ lại phải là một trong hai hồ sơ của cặp."))
        kept, other = (a, b) if keep.pk == a.pk else (b, a)
        if kept.merged_into_id or other.merged_into_id:
            raise ApplicationError(_("Một trong hai hồ sơ đã được hợp nhất vào hồ sơ khác."))
        moved: dict[str, int] = {}
        existing_guardians = set(kept.guardians.values_list("relationship", "name_folded"))
        for model, fk in _relations():
            qs = model.objects.filter(**{fk: other})
            if model is Guardian:
                # A guardian already recorded on the kept child stays on the merged record (history).
                qs = qs.exclude(
                    pk__in=[g.pk for g in qs if (g.relationship, g.name_folded) in existing_guardians]
                )
            n = qs.update(**{fk: kept})
            if n:
                moved[model._meta.label] = n
        filled: list[str] = []
        if not kept.personal_id and other.personal_id:
            pid, other.personal_id = other.personal_id, None
            other.save(update_fields=["personal_id"])
            kept.personal_id = pid
            filled.append("personal_id")
        if not kept.ethnicity_id and other.ethnicity_id:
            kept.ethnicity_id = other.ethnicity_id
            filled.append("ethnicity")
        kept.version += 1
        kept.save()
        other.merged_into = kept
        other.status_date = timezone.localdate()
        other.version += 1
        other.save(update_fields=["merged_into", "status_date", "version", "updated_at"])
        locked.status = DuplicateStatus.MERGED
        locked.kept = kept
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save()
        audit_log(
            actor=actor,
            action=actions.CHILD_MERGED,
            obj=kept,
            unit=kept.commune,
            before={"merged": other.pk},
            after={"kept": kept.pk, "moved": moved, "filled": filled},
            extra={"pair": locked.pk, "note": note},
        )
    return locked


def mark_distinct(*, actor: Any, pair: DuplicatePair, note: str = "") -> DuplicatePair:
    with transaction.atomic():
        locked = (
            DuplicatePair.objects.select_for_update().select_related("child_a", "child_b").get(pk=pair.pk)
        )
        if locked.status != DuplicateStatus.PENDING:
            raise ApplicationError(_("Cặp hồ sơ này đã được quyết định."))
        for child in (locked.child_a, locked.child_b):
            access.require(actor, "registry.edit_child", child.area)
        locked.status = DuplicateStatus.DISTINCT
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save()
        audit_log(
            actor=actor,
            action=actions.DUPLICATE_DECIDED,
            obj=locked.child_a,
            unit=locked.commune,
            after={
                "pair": locked.pk,
                "status": DuplicateStatus.DISTINCT,
                "children": [locked.child_a_id, locked.child_b_id],
            },
            extra={"note": note},
        )
    return locked


# -- at the door: before a child without a personal ID is created ---------------------------------------

DOOR_REASONS = ("same_name", "same_dob", "same_commune")


@dataclass(frozen=True)
class Arrival:
    """A child about to be entered (a form, or a row of a file) with no personal ID."""

    key: Any  # the caller's own key (a row number)
    name: str
    dob: datetime.date
    guardians: tuple[str, ...] = ()  # names as entered
    address: str = ""


@dataclass(frozen=True)
class DoorMatch:
    pk: int
    full_name: str
    date_of_birth: datetime.date
    reason: str  # "same_guardian" or "same_address"


def door_matches(commune_id: int, arrivals: Sequence[Arrival]) -> dict[Any, list[DoorMatch]]:
    """The rule of ADR 0016: a child of the same commune (not merged away) with the same folded full
    name and the same birth date, who also has a guardian of the same folded name or the same folded
    address, is "possibly already registered". Returns {arrival key: matches}, only for arrivals that
    have one. One query for the candidates (name and date), one for their guardians."""
    wanted = [a for a in arrivals if a.name and a.dob]
    if not wanted:
        return {}
    names = {fold(a.name) for a in wanted}
    dobs = {a.dob for a in wanted}
    found: dict[tuple[str, datetime.date], list[tuple[int, str, datetime.date, str]]] = defaultdict(list)
    ids: list[int] = []
    for chunk_start in range(0, len(names), 5000):
        chunk = sorted(names)[chunk_start : chunk_start + 5000]
        for pk, full_name, folded, dob, address in (
            Child.objects.filter(
                commune_id=commune_id, merged_into__isnull=True, name_folded__in=chunk, date_of_birth__in=dobs
            )
            .order_by("pk")
            .values_list("pk", "full_name", "name_folded", "date_of_birth", "address")
        ):
            found[(folded, dob)].append((pk, full_name, dob, fold(address or "")))
            ids.append(pk)
    if not ids:
        return {}
    guardians: dict[int, set[str]] = defaultdict(set)
    for child_id, g in (
        Guardian.objects.filter(child_id__in=ids)
        .exclude(name_folded="")
        .values_list("child_id", "name_folded")
    ):
        guardians[child_id].add(g)
    out: dict[Any, list[DoorMatch]] = {}
    for a in wanted:
        mine = {fold(g) for g in a.guardians if g and g.strip()}
        address = fold(a.address or "")
        matches = []
        for pk, full_name, dob, their_address in found.get((fold(a.name), a.dob), []):
            if mine & guardians.get(pk, set()):
                matches.append(DoorMatch(pk, full_name, dob, "same_guardian"))
            elif address and address == their_address:
                matches.append(DoorMatch(pk, full_name, dob, "same_address"))
        if matches:
            out[a.key] = matches
    return out


def record_created_anyway(*, commune_id: int, pairs: Iterable[tuple[int, DoorMatch]]) -> int:
    """A child created although it matched at the door: its pair goes to the duplicate review."""
    candidates = [
        Candidate(
            a=min(new_pk, m.pk),
            b=max(new_pk, m.pk),
            score=1.0,  # the same folded name and birth date
            reasons=(*DOOR_REASONS, m.reason),
            high_confidence=False,
            commune=commune_id,
        )
        for new_pk, m in pairs
    ]
    return store_candidates(candidates) if candidates else 0
