"""The bulk write of a checked import file (the commit phase of ``treem.registry.importing``).

Every row has already been validated by ``importing.check_rows`` (all or nothing); this module only writes,
inside the caller's transaction, computing the same derived columns as ``services.child_create`` /
``child_update`` / ``guardian_set``:

- new children: ids drawn from the table's sequence in one query, then one ``COPY registry_child FROM
  STDIN`` and one ``COPY registry_guardian FROM STDIN`` (psycopg ``cursor.copy()``); no per-child audit
  event — the caller writes one ``CHILDREN_IMPORTED`` event with ``created_summary`` of the ids;
- existing children (upsert by personal ID, in the actor's jurisdiction), by batches of ``BATCH``: the rows
  locked ``FOR UPDATE`` (those rows only), merged and re-validated exactly as ``child_update`` does, written
  with one ``COPY`` into a temporary table and one ``UPDATE … FROM`` that bumps ``version``; their guardians
  updated or added; one ``CHILD_UPDATED`` audit event per child through ``audit_log`` (the guardians set
  by the file listed in its ``extra``), since an upsert changes a record someone else may have entered.

A personal ID taken by another transaction between the check and the write (two imports racing) fails on
the unique constraint: the error is returned as a row error and the caller rolls the whole file back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.db import IntegrityError, OperationalError, connection
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.text import fold
from treem.geo.models import AdminUnit
from treem.registry import actions, services
from treem.registry.models import Child, ChildStatus, Ethnicity, Guardian, Household
from treem.registry.validation import FieldError, clean_child_data

BATCH = 5_000
# After writing this many children, ANALYZE registry_child inside the transaction: the statements that
# follow are planned from the table's statistics — the guardians' set-wise key check (one query joining
# the new guardians to the children, ADR 0034) and the register's triggers —, and statistics of a small or
# freshly emptied table mislead them (PostgreSQL's row-by-row check of the guardians' keys at COMMIT, before
# ADR 0034, took a sequential scan per guardian: quadratic time on big files).
# The plans need the table's size (pages, rows) and the ids' statistics only: the other columns (the
# folded name's target is 1,000, migration 0008) are left to autovacuum — a whole-table ANALYZE took a
# tenth of PostgreSQL's share of a 200,000-row import (bench_import_floor.py, ADR 0029).
ANALYZE_AFTER = 1_000
ANALYZE_SQL = "ANALYZE registry_child (id)"
# ``n`` ids from the children's sequence, in order, as one ``bigint[]``. The sequence is looked up once (a
# materialised CTE): ``nextval(pg_get_serial_sequence(…))`` looked it up again for every id drawn (ADR
# 0042). One array is one value for psycopg to load in C, where a row per id is 200,000 Python rows to
# fetch — which the import's writing thread did under the GIL the main thread holds for its check, 0.1–2 s
# before the first chunk could be written (ADR 0051, amended).
DRAW_ARRAY_SQL = (
    "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('registry_child', 'id')::regclass AS seq) "
    "SELECT array_agg(n ORDER BY n) FROM (SELECT nextval(s.seq) AS n FROM s, generate_series(1, %s)) d"
)


def draw_ids(cursor: Any, n: int) -> list[int]:
    """``n`` new ids of ``registry_child``, in order (``DRAW_ARRAY_SQL``); none for ``n`` 0."""
    cursor.execute(DRAW_ARRAY_SQL, [n])
    row = cursor.fetchone()
    return list(row[0] or []) if row else []


@dataclass
class PlannedRow:
    """A row of the file that ``importing.check_rows`` found valid: what this module writes."""

    line: int
    data: dict[str, Any]
    hamlet: AdminUnit | None
    hamlet_given: bool
    guardians: list[dict[str, Any]]
    existing_id: int | None = None
    cleaned: dict[str, Any] = field(default_factory=dict)  # clean_child_data's output, for the bulk write
    ethnicity_id: int | None = None
    household: tuple[str, str] | None = None  # (head of household, the child's relation to the head)
    matches: list[Any] = field(default_factory=list)  # dedup.DoorMatch: children possibly the same (no ID)


# Columns of registry_child written for a new child (the nullable ones left out stay NULL).
CHILD_COLUMNS = (
    "id",
    "province_id",
    "commune_id",
    "hamlet_id",
    "area_id",
    "address",
    "personal_id",
    "full_name",
    "name_folded",
    "name_sort_key",
    "date_of_birth",
    "sex",
    "ethnicity_id",
    "nationality",
    "birth_registered",
    "birth_registration_date",
    "birth_registration_place",
    "health_insurance_number",
    "health_insurance_valid_until",
    "schooling",
    "school_name",
    "disability_type",
    "disability_level",
    "hiv_status",
    "household_id",
    "relation_to_head",
    "status",
    "is_provisional",
    "created_by_id",
    "version",
    "created_at",
    "updated_at",
)
# Columns an upsert may change (besides version and updated_at).
UPDATE_COLUMNS = (
    "hamlet_id",
    "area_id",
    "address",
    "personal_id",
    "full_name",
    "name_folded",
    "name_sort_key",
    "date_of_birth",
    "sex",
    "ethnicity_id",
    "birth_registered",
    "birth_registration_date",
    "birth_registration_place",
    "health_insurance_number",
    "health_insurance_valid_until",
    "schooling",
    "school_name",
    "disability_type",
    "disability_level",
    "hiv_status",
    "household_id",
    "relation_to_head",
)
GUARDIAN_COLUMNS = (
    "child_id",
    "relationship",
    "full_name",
    "name_folded",
    "personal_id",
    "phone",
    "lives_with_child",
    "created_at",
    "updated_at",
)
_ACTIVE = str(ChildStatus.ACTIVE)
TAKEN_ID = "Số định danh cá nhân này đã được ghi cho một trẻ em khác."
RACED = (
    "Một lần nhập hoặc chỉnh sửa khác đang ghi cùng lúc các trẻ em này; chưa dòng nào được ghi. "
    "Hãy chạy lại việc nhập tệp."
)


@dataclass
class BulkOutcome:
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    guardians_created: int = 0
    guardians_updated: int = 0
    errors: list[tuple[int, FieldError]] = field(default_factory=list)  # (line in the file, error)


def created_summary(ids: Sequence[int]) -> dict[str, Any]:
    """A compact, checkable record of the created ids for the audit event (a million ids do not belong in
    one JSON value): count, min, max, whether they are contiguous, and the SHA-256 of "id,id,…" in order."""
    if not ids:
        return {"count": 0}
    ordered = sorted(ids)
    digest = hashlib.sha256(",".join(map(str, ordered)).encode()).hexdigest()
    return {
        "count": len(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "contiguous": ordered[-1] - ordered[0] + 1 == len(ordered),
        "sha256": digest,
    }


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _raw() -> psycopg.Connection[Any]:
    """The psycopg connection behind Django's, inside the same transaction."""
    connection.ensure_connection()
    return connection.connection


def _taken_line(exc: psycopg.errors.UniqueViolation, lines_by_id: dict[str, int]) -> int:
    detail = getattr(exc.diag, "message_detail", "") or ""
    for pid, line in lines_by_id.items():
        if f"({pid})" in detail:
            return line
    return min(lines_by_id.values(), default=0)


def write_rows(
    *, actor: Any, commune: AdminUnit, planned: Sequence[PlannedRow], date_format: str
) -> BulkOutcome:
    """Write checked rows inside the caller's transaction. Returns the ids written, or row errors
    (then the caller must roll back: the transaction may be aborted)."""
    outcome = BulkOutcome()
    new = [p for p in planned if p.existing_id is None]
    existing = [p for p in planned if p.existing_id is not None]
    now = timezone.now()
    try:
        if existing:
            _update(actor=actor, rows=existing, date_format=date_format, now=now, out=outcome)
            if outcome.errors:
                return outcome
        if new:
            _create(actor=actor, commune=commune, rows=new, now=now, out=outcome)
    except psycopg.errors.UniqueViolation as exc:
        lines = {str(p.cleaned.get("personal_id")): p.line for p in planned if p.cleaned.get("personal_id")}
        outcome.errors = [(_taken_line(exc, lines), FieldError("personal_id", _(TAKEN_ID)))]
    except psycopg.errors.ForeignKeyViolation as exc:
        # A key to nothing (a unit, ethnicity or household gone since the check): the register's triggers
        # refuse it at the COPY (ADR 0034), on the raw connection; raised as Django's IntegrityError, as
        # the deferred constraints raised it at COMMIT before.
        raise IntegrityError(*exc.args) from exc
    except (psycopg.errors.DeadlockDetected, OperationalError) as exc:
        if not isinstance(exc, psycopg.errors.DeadlockDetected) and not isinstance(
            exc.__cause__, psycopg.errors.DeadlockDetected
        ):
            raise
        outcome.errors = [(0, FieldError("", _(RACED)))]
    return outcome


# --------------------------------------------------------------------------- households


def _households(wanted: set[tuple[int, str, str]]) -> dict[tuple[int, str, str], int]:
    """Ids of the households (commune id, head of household, address) — compared without accents, case
    or extra spaces, as ``services.household_for`` does —, creating those not on the register yet."""
    if not wanted:
        return {}

    def key(commune_id: int, head: str, address: str) -> tuple[int, str, str]:
        return commune_id, fold(head), fold(address)

    found: dict[tuple[int, str, str], int] = {}
    communes = {commune_id for commune_id, _h, _a in wanted}
    for pk, commune_id, head, address in Household.objects.filter(commune_id__in=communes).values_list(
        "pk", "commune_id", "head_name", "address"
    ):
        found.setdefault(key(commune_id, head, address), pk)
    new: dict[tuple[int, str, str], Household] = {}
    for commune_id, head, address in sorted(wanted):
        k = key(commune_id, head, address)
        if k not in found and k not in new:
            new[k] = Household(commune_id=commune_id, head_name=head, address=address)
    if new:
        Household.objects.bulk_create(list(new.values()), batch_size=1000)
        found.update({k: h.pk for k, h in new.items()})
    return {(c, h, a): found[key(c, h, a)] for c, h, a in wanted}


# --------------------------------------------------------------------------- new children


@dataclass(frozen=True)
class CopyColumns:
    """What every new child of one import shares in ``COPY registry_child``."""

    province_id: int
    commune_id: int
    created_by_id: int | None
    now: Any


def child_copy_row(
    pk: int, row: PlannedRow, household_id: int | None, shared: CopyColumns
) -> tuple[Any, ...]:
    """The values of ``CHILD_COLUMNS`` for a new child (``importing``'s streamed import writes the same)."""
    c = row.cleaned
    name = c["full_name"] or ""
    hamlet_id = row.hamlet.pk if row.hamlet is not None else None
    return (
        pk,
        shared.province_id,
        shared.commune_id,
        hamlet_id,
        hamlet_id or shared.commune_id,
        c["address"],
        c["personal_id"],
        name,
        fold(name),
        services.name_sort_key(name),
        c["date_of_birth"],
        c["sex"],
        row.ethnicity_id,
        "VN",
        c["birth_registered"],
        c["birth_registration_date"],
        c["birth_registration_place"],
        c["health_insurance_number"],
        c["health_insurance_valid_until"],
        c["schooling"],
        c["school_name"],
        c["disability_type"],
        c["disability_level"],
        c["hiv_status"],
        household_id,
        row.household[1] if row.household else "",
        _ACTIVE,
        False,
        shared.created_by_id,
        1,
        shared.now,
        shared.now,
    )


def guardian_copy_rows(pk: int, row: PlannedRow, now: Any) -> list[tuple[Any, ...]]:
    """The values of ``GUARDIAN_COLUMNS`` for the guardians of a new child."""
    return [
        (
            pk,
            g["relationship"],
            g["full_name"],
            fold(g["full_name"]),
            g["personal_id"],
            g["phone"],
            True,
            now,
            now,
        )
        for g in row.guardians
    ]


def _create(
    *, actor: Any, commune: AdminUnit, rows: Sequence[PlannedRow], now: Any, out: BulkOutcome
) -> None:
    access.require(actor, "registry.edit_child", commune)
    province, _h, _area, unit_errors = services.resolve_units(commune=commune, hamlet=None)
    if unit_errors:
        out.errors = [(p.line, e) for p in rows for e in unit_errors]
        return
    created_by = actor.pk if getattr(actor, "is_authenticated", False) else None
    households = _households(
        {(commune.pk, row.household[0], row.cleaned["address"]) for row in rows if row.household}
    )
    raw = _raw()
    with raw.cursor() as cur:
        ids = draw_ids(cur, len(rows))
        columns = CopyColumns(province.pk, commune.pk, created_by, now)
        with cur.copy(f"COPY registry_child ({', '.join(CHILD_COLUMNS)}) FROM STDIN") as copy:
            write = copy.write_row
            for pk, row in zip(ids, rows, strict=True):
                household_id = (
                    households[(commune.pk, row.household[0], row.cleaned["address"])]
                    if row.household
                    else None
                )
                write(child_copy_row(pk, row, household_id, columns))
        if len(ids) >= ANALYZE_AFTER:
            cur.execute(ANALYZE_SQL)
        with cur.copy(f"COPY registry_guardian ({', '.join(GUARDIAN_COLUMNS)}) FROM STDIN") as copy:
            write = copy.write_row
            for pk, row in zip(ids, rows, strict=True):
                for values in guardian_copy_rows(pk, row, now):
                    write(values)
                    out.guardians_created += 1
    out.created_ids = ids


# --------------------------------------------------------------------------- existing children (upserts)


def _update(
    *,
    actor: Any,
    rows: Sequence[PlannedRow],
    date_format: str,
    now: Any,
    out: BulkOutcome,
) -> None:
    ethnicities = {e.code: e for e in Ethnicity.objects.all()}
    raw = _raw()
    with raw.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS treem_import_child")
        cur.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE treem_import_child ON COMMIT DROP AS "
                "SELECT id, {} FROM registry_child WITH NO DATA"
            ).format(sql.SQL(", ").join(map(sql.Identifier, UPDATE_COLUMNS)))
        )
    for batch in _chunks(rows, BATCH):
        _update_batch(
            actor=actor, rows=batch, date_format=date_format, now=now, ethnicities=ethnicities, out=out
        )
        if out.errors:
            return


def _update_batch(
    *,
    actor: Any,
    rows: Sequence[PlannedRow],
    date_format: str,
    now: Any,
    ethnicities: dict[str, Ethnicity],
    out: BulkOutcome,
) -> None:
    ids = [p.existing_id or 0 for p in rows]
    # Lock these children only; re-check the jurisdiction under the lock (a move may have happened).
    locked = {
        c.pk: c
        for c in access.scope(
            Child.objects.select_for_update(of=("self",)).select_related("ethnicity", "commune"),
            actor,
            "registry.edit_child",
            field="area",
        ).filter(pk__in=ids)
    }
    guardians: dict[tuple[int, str], Guardian] = {}
    for held in Guardian.objects.filter(child_id__in=ids).order_by("id"):
        guardians.setdefault((held.child_id, held.relationship), held)
    written: list[tuple[PlannedRow, Child, dict[str, Any], dict[str, Any]]] = []
    for row in rows:
        child = locked.get(row.existing_id or 0)
        if child is None:
            out.errors.append((row.line, FieldError("personal_id", _(TAKEN_ID))))
            continue
        before = services._snapshot(child)
        cleaned, errors = clean_child_data({**before, **row.data}, date_format=date_format)
        if row.hamlet_given:
            if row.hamlet is not None and row.hamlet.parent_id != child.commune_id:
                errors.append(
                    FieldError(
                        "hamlet",
                        _("Thôn “%(h)s” không thuộc %(c)s.") % {"h": row.hamlet, "c": child.commune},
                    )
                )
            child.hamlet = row.hamlet
            child.area_id = row.hamlet.pk if row.hamlet is not None else child.commune_id
        errors += services._apply(child, cleaned, ethnicities)
        if errors:
            out.errors.extend((row.line, e) for e in errors)
            continue
        after = services._snapshot(child)
        diff_before = {k: v for k, v in before.items() if after.get(k) != v}
        written.append((row, child, diff_before, {k: after[k] for k in diff_before}))
    if out.errors:
        return
    households = _households(
        {
            (child.commune_id, row.household[0], child.address)
            for row, child, _b, _a in written
            if row.household
        }
    )
    for row, child, diff_before, diff_after in written:
        if row.household:
            household_id = households[(child.commune_id, row.household[0], child.address)]
            if (child.household_id, child.relation_to_head) != (household_id, row.household[1]):
                diff_before["household_id"], diff_after["household_id"] = child.household_id, household_id
                child.household_id, child.relation_to_head = household_id, row.household[1]
    raw = _raw()
    with raw.cursor() as cur:
        cur.execute("TRUNCATE treem_import_child")
        with cur.copy(f"COPY treem_import_child (id, {', '.join(UPDATE_COLUMNS)}) FROM STDIN") as copy:
            for _row, child, _b, _a in written:
                copy.write_row(
                    (
                        child.pk,
                        child.hamlet_id,
                        child.area_id,
                        child.address,
                        child.personal_id,
                        child.full_name,
                        child.name_folded,
                        bytes(child.name_sort_key),
                        child.date_of_birth,
                        child.sex,
                        child.ethnicity_id,
                        child.birth_registered,
                        child.birth_registration_date,
                        child.birth_registration_place,
                        child.health_insurance_number,
                        child.health_insurance_valid_until,
                        child.schooling,
                        child.school_name,
                        child.disability_type,
                        child.disability_level,
                        child.hiv_status,
                        child.household_id,
                        child.relation_to_head,
                    )
                )
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = u.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in UPDATE_COLUMNS
        )
        cur.execute(
            sql.SQL(
                "UPDATE registry_child AS c SET {}, version = c.version + 1, updated_at = %s "
                "FROM treem_import_child AS u WHERE c.id = u.id"
            ).format(assignments),
            [now],
        )
    new_guardians: list[Guardian] = []
    changed_guardians: list[Guardian] = []
    for row, child, diff_before, diff_after in written:
        set_guardians = []
        for g in row.guardians:
            guardian: Guardian | None = guardians.get((child.pk, g["relationship"]))
            if guardian is None:
                guardian = Guardian(child_id=child.pk, relationship=g["relationship"])
                new_guardians.append(guardian)
            else:
                changed_guardians.append(guardian)
            guardian.full_name, guardian.name_folded = g["full_name"], fold(g["full_name"])
            guardian.personal_id, guardian.phone, guardian.lives_with_child = (
                g["personal_id"],
                g["phone"],
                True,
            )
            guardian.updated_at = now
            set_guardians.append(
                {
                    "relationship": g["relationship"],
                    "full_name": g["full_name"],
                    "personal_id": "***" if g["personal_id"] else "",
                }
            )
        child.version += 1
        audit_log(
            actor=actor,
            action=actions.CHILD_UPDATED,
            obj=child,
            unit=child.commune,
            before=services._masked(diff_before),
            after=services._masked(diff_after),
            extra={"source": "import", "guardians": set_guardians} if set_guardians else {"source": "import"},
        )
        out.updated_ids.append(child.pk)
    if new_guardians:
        Guardian.objects.bulk_create(new_guardians, batch_size=1000)
        out.guardians_created += len(new_guardians)
    if changed_guardians:
        Guardian.objects.bulk_update(
            changed_guardians,
            ["full_name", "name_folded", "personal_id", "phone", "lives_with_child", "updated_at"],
            batch_size=1000,
        )
        out.guardians_updated += len(changed_guardians)
