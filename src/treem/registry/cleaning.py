"""Cleaning the register for Đề án 06 (Công văn 2513/LĐTBXH-TTTT, 2022): every child with a valid
personal ID verified by the commune police, and complete basic data.

- ``problems(commune)``: the lists of one commune — no ID, an ID that fails the format check
  (legacy records), missing name, sex, ethnicity or guardian;
- ``progress(user)``: per commune in the user's scope, the share of active children with a valid ID
  and complete basic data (sums of numerators over sums of denominators up the tree);
- ``export_to_verify``: the XLSX list for the commune police, formulas neutralised;
- ``import_verified``: the list they return, validated whole, written all or nothing, audited.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core import spreadsheets
from treem.geo.models import AdminUnit, Level
from treem.registry import actions
from treem.registry.identity import PersonalIdError, validate_personal_id
from treem.registry.models import Child, ChildStatus, Guardian

# The kinds of problem, in the order the lists are shown.
KINDS: dict[str, str] = {
    "missing_id": "Chưa có số định danh cá nhân",
    "malformed_id": "Số định danh cá nhân không hợp lệ",
    "missing_name": "Thiếu họ và tên",
    "missing_sex": "Thiếu giới tính",
    "missing_ethnicity": "Thiếu dân tộc",
    "missing_guardian": "Chưa có cha, mẹ hoặc người giám hộ",
}

EXPORT_HEADERS = [
    "Mã hồ sơ Treem",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân hiện có",
    "Vấn đề",
    "Họ tên cha",
    "Họ tên mẹ",
    "Địa chỉ",
    "Số định danh cá nhân đã xác minh",
    "Ghi chú của Công an",
]
ID_COLUMN = "Mã hồ sơ Treem"
VERIFIED_COLUMN = "Số định danh cá nhân đã xác minh"
NOTE_COLUMN = "Ghi chú của Công an"
MAX_IMPORT_ROWS = 20000
SHEET_LIMITS = spreadsheets.with_limits(max_file_bytes=10 * spreadsheets.MiB, max_rows=MAX_IMPORT_ROWS + 100)


def active_children(qs: QuerySet[Child] | None = None) -> QuerySet[Child]:
    qs = qs if qs is not None else Child.objects.all()
    return qs.filter(status=ChildStatus.ACTIVE, merged_into__isnull=True)


def _has_guardian() -> Exists:
    return Exists(Guardian.objects.filter(child=OuterRef("pk")))


def id_is_valid(child: Child) -> bool:
    if not child.personal_id:
        return False
    try:
        validate_personal_id(child.personal_id, sex=child.sex or None, date_of_birth=child.date_of_birth)
    except PersonalIdError:
        return False
    return True


def id_problem(child: Child) -> str:
    """The Vietnamese reason an ID fails, or ""."""
    if not child.personal_id:
        return ""
    try:
        validate_personal_id(child.personal_id, sex=child.sex or None, date_of_birth=child.date_of_birth)
    except PersonalIdError as exc:
        return str(exc.message)
    return ""


def problems(commune: AdminUnit, children: QuerySet[Child] | None = None) -> dict[str, list[Child]]:
    """Active children of the commune by kind of problem (a child may appear in several lists).

    ``children`` is the caller's already-scoped queryset (a hamlet collaborator sees their hamlet)."""
    qs = active_children(children if children is not None else Child.objects.all()).filter(commune=commune)
    qs = (
        qs.annotate(has_guardian=_has_guardian())
        .select_related("hamlet", "ethnicity")
        .order_by("name_sort_key", "pk")
    )
    out: dict[str, list[Child]] = {k: [] for k in KINDS}
    for child in qs:
        if not child.personal_id:
            out["missing_id"].append(child)
        else:
            reason = id_problem(child)
            if reason:
                child.id_problem = reason  # type: ignore[attr-defined]
                out["malformed_id"].append(child)
        if not child.full_name.strip():
            out["missing_name"].append(child)
        if not child.sex:
            out["missing_sex"].append(child)
        if not child.ethnicity_id:
            out["missing_ethnicity"].append(child)
        if not child.has_guardian:
            out["missing_guardian"].append(child)
    return out


@dataclass
class Progress:
    unit: AdminUnit
    total: int = 0
    with_valid_id: int = 0
    complete: int = 0  # valid ID and every basic field

    @property
    def id_share(self) -> float:
        return self.with_valid_id / self.total if self.total else 0.0

    @property
    def complete_share(self) -> float:
        return self.complete / self.total if self.total else 0.0


# A name that is not blank as Python's ``str.strip`` sees it: some character outside Python's whitespace
# (``str.isspace``: the ASCII controls \t–\r and \x1c–\x1f, the space, NEL, no-break spaces and the Unicode
# spaces), written as a PostgreSQL regular expression so that the database tells it as ``problems`` does.
_NOT_BLANK = r"[^\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def progress(user: Any, within: AdminUnit | None = None) -> tuple[list[Progress], Progress | None]:
    """Per commune of the user's scope (under ``within`` if given): counts of active children, with a
    valid ID, and complete. Returns (rows, total) — the total sums numerators and denominators.

    The children are counted in the database, grouped by what the ID check reads — the ID's first six
    digits (province, century and sex, year: the rest never fails the check), the sex and the birth year —
    and whether the other basic fields are there; Python checks each group's ID once. A province's 1.26M
    children were read row by row before (issue #20)."""
    from django.db.models import Case, Count, Q, Value, When
    from django.db.models.functions import Concat, ExtractYear, Left

    from treem.registry import selectors

    children = active_children(selectors.visible_children(user))
    if within is not None:
        children = selectors.within_unit(children, within)
    grouped = (
        children.annotate(has_guardian=_has_guardian())
        .annotate(
            # an ID is twelve digits or none (registry_child_personal_id_format): the six digits the check
            # reads, the rest zeros — twelve digits that check the same
            id_key=Case(
                When(personal_id__isnull=False, then=Concat(Left("personal_id", 6), Value("000000"))),
                default=None,
            ),
            birth_year=ExtractYear("date_of_birth"),
            fields_complete=Case(
                When(
                    Q(full_name__regex=_NOT_BLANK)
                    & ~Q(sex="")
                    & Q(sex__isnull=False)
                    & Q(ethnicity_id__isnull=False)
                    & Q(has_guardian=True),
                    then=Value(True),
                ),
                default=Value(False),
            ),
        )
        .order_by()
        .values("commune_id", "id_key", "sex", "birth_year", "fields_complete")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "id_key", "sex", "birth_year", "fields_complete", "n")
    )
    rows: dict[int, Progress] = {}
    counted: list[tuple[int, bool, bool, int]] = []
    checked: dict[tuple[str, str, int | None], bool] = {}
    for commune_id, id_key, sex, birth_year, fields_complete, n in grouped:
        valid = False
        if id_key:
            key = (id_key, sex, birth_year)
            if key not in checked:
                born = datetime.date(birth_year, 1, 1) if birth_year is not None else None  # its year is read
                try:
                    validate_personal_id(id_key, sex=sex or None, date_of_birth=born)
                    checked[key] = True
                except PersonalIdError:
                    checked[key] = False
            valid = checked[key]
        counted.append((commune_id, valid, fields_complete, n))
    communes = AdminUnit.objects.in_bulk({commune_id for commune_id, *_rest in counted})
    for commune_id, valid, fields_complete, n in counted:
        row = rows.get(commune_id)
        if row is None:
            row = rows[commune_id] = Progress(communes[commune_id])
        row.total += n
        if valid:
            row.with_valid_id += n
            if fields_complete:
                row.complete += n
    result = sorted(rows.values(), key=lambda p: p.unit.name_folded)
    total = None
    if result:
        total = Progress(within or result[0].unit)
        for r in result:
            total.total += r.total
            total.with_valid_id += r.with_valid_id
            total.complete += r.complete
    return result, total


def communes_in_scope(user: Any, within: AdminUnit | None = None) -> QuerySet[AdminUnit]:
    qs = access.units(user, "registry.view_child").filter(level=Level.COMMUNE, generation="current")
    if within is not None and within.level != Level.NATION:
        qs = qs.filter(path__startswith=within.path)
    return qs.order_by("name_folded")


# -- export for the commune police ------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_verify(commune: AdminUnit, children: QuerySet[Child]) -> list[tuple[Child, str]]:
    """Children whose ID is missing or invalid, with the problem in words."""
    found = problems(commune, children)
    rows: list[tuple[Child, str]] = [(c, KINDS["missing_id"]) for c in found["missing_id"]]
    rows += [(c, getattr(c, "id_problem", KINDS["malformed_id"])) for c in found["malformed_id"]]
    return rows


def export_to_verify(*, actor: Any, commune: AdminUnit, children: QuerySet[Child]) -> bytes:
    import xlsxwriter

    rows = to_verify(commune, children)
    guardians: dict[int, dict[str, str]] = {}
    for child_id, rel, name in Guardian.objects.filter(
        child__in=[c.pk for c, _p in rows], relationship__in=["father", "mother"]
    ).values_list("child_id", "relationship", "full_name"):
        guardians.setdefault(child_id, {})[rel] = name
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    sheet = book.add_worksheet("Cần xác minh")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, EXPORT_HEADERS, bold)
    widths = [14, 28, 12, 9, 20, 40, 26, 26, 36, 24, 30]
    for i, w in enumerate(widths):
        sheet.set_column(i, i, w, text)
    for r, (child, problem) in enumerate(rows, start=1):
        g = guardians.get(child.pk, {})
        values = [
            child.pk,
            child.full_name,
            child.date_of_birth.strftime("%d/%m/%Y"),
            child.get_sex_display() if child.sex else "",
            child.personal_id or "",
            problem,
            g.get("father", ""),
            g.get("mother", ""),
            child.address,
            "",
            "",
        ]
        for c, value in enumerate(values):
            value = neutralise(value)
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value, text)
    sheet.freeze_panes(1, 2)
    book.close()
    audit_log(
        actor=actor,
        action=actions.CHILDREN_EXPORTED,
        obj=commune,
        unit=commune,
        extra={"list": "to_verify", "rows": len(rows)},
    )
    return buffer.getvalue()


# -- import of the verified list --------------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: int = 0
    updated: int = 0
    skipped: int = 0  # rows without a verified ID (not found by the police)
    errors: list[str] = field(default_factory=list)


class VerifiedImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:3]))
        self.errors = errors


def _read_rows(name: str, content: bytes) -> list[dict[str, Any]]:
    if name.lower().endswith((".xlsx", ".xls", ".ods")) or content[:4] == b"PK\x03\x04":
        # Never parsed in this (web) process: zip checks, then a child under memory and time limits.
        data = spreadsheets.read_sheet(content, limits=SHEET_LIMITS, skip_empty_area=True)
        if not data:
            return []
        headers = [str(h).strip() for h in data[0]]
        return [dict(zip(headers, row, strict=False)) for row in data[1:]]
    text = content.decode("utf-8-sig")
    return [{(k or "").strip(): v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip().lstrip("'")


def import_perm(user: Any, commune: AdminUnit) -> str | None:
    """The permission under which ``user`` may write verified IDs in ``commune``: the commune police
    verify (registry.verify_id); the commune worker may also enter what the police returned."""
    for perm in ("registry.verify_id", "registry.edit_child"):
        if access.has_perm(user, perm, commune):
            return perm
    return None


def import_verified(*, actor: Any, commune: AdminUnit, name: str, content: bytes) -> ImportResult:
    """Write the verified IDs of the returned list. Every row is checked; any error writes nothing."""
    perm = import_perm(actor, commune)
    if perm is None:
        raise access.AccessDenied
    try:
        raw_rows = _read_rows(name, content)
    except spreadsheets.SpreadsheetRefused as exc:
        raise VerifiedImportError([exc.message]) from None
    except Exception:  # any unreadable file is the user's error, reported in words
        raise VerifiedImportError(
            [_("Không đọc được tệp: hãy dùng tệp XLSX hoặc CSV (UTF-8) đã xuất từ Treem.")]
        ) from None
    if raw_rows and (ID_COLUMN not in raw_rows[0] or VERIFIED_COLUMN not in raw_rows[0]):
        raise VerifiedImportError(
            [_("Tệp phải có cột “%(a)s” và cột “%(b)s”.") % {"a": ID_COLUMN, "b": VERIFIED_COLUMN}]
        )
    if len(raw_rows) > MAX_IMPORT_ROWS:
        raise VerifiedImportError([_("Tệp có quá %(n)d dòng.") % {"n": MAX_IMPORT_ROWS}])
    result = ImportResult(rows=len(raw_rows))
    errors: list[str] = []
    planned: list[tuple[Child, str]] = []
    in_file: dict[str, int] = {}
    ids: list[int] = []
    for raw in raw_rows:
        try:
            ids.append(int(float(_cell_text(raw.get(ID_COLUMN)))))
        except ValueError:
            continue
    scoped = access.scope(Child.objects.all(), actor, perm, field="area")
    children = {c.pk: c for c in scoped.filter(pk__in=ids, commune=commune, merged_into__isnull=True)}
    for line, raw in enumerate(raw_rows, start=2):
        ref = _cell_text(raw.get(ID_COLUMN))
        verified = _cell_text(raw.get(VERIFIED_COLUMN))
        if not ref and not verified:
            continue
        try:
            child = children.get(int(float(ref)))
        except ValueError:
            child = None
        if child is None:
            errors.append(
                _("Dòng %(n)d: không có hồ sơ mã “%(r)s” ở %(c)s.") % {"n": line, "r": ref, "c": commune}
            )
            continue
        if not verified:
            result.skipped += 1
            continue
        try:
            pid = validate_personal_id(verified, sex=child.sex or None, date_of_birth=child.date_of_birth)
        except PersonalIdError as exc:
            errors.append(
                _("Dòng %(n)d (%(name)s): %(m)s") % {"n": line, "name": child.full_name, "m": exc.message}
            )
            continue
        if pid in in_file:
            errors.append(
                _("Dòng %(n)d: số định danh %(p)s trùng với dòng %(o)d.")
                % {"n": line, "p": pid, "o": in_file[pid]}
            )
            continue
        in_file[pid] = line
        planned.append((child, pid))
    holders = dict(
        Child.objects.filter(personal_id__in=[p for _c, p in planned]).values_list("personal_id", "pk")
    )
    for child, pid in planned:
        holder = holders.get(pid)
        if holder is not None and holder != child.pk:
            errors.append(
                _("Hồ sơ %(r)s (%(name)s): số định danh %(p)s đã được ghi cho một trẻ em khác.")
                % {"r": child.pk, "name": child.full_name, "p": pid}
            )
    if errors:
        raise VerifiedImportError(errors)
    with transaction.atomic():
        locked = {
            c.pk: c for c in Child.objects.select_for_update().filter(pk__in=[c.pk for c, _p in planned])
        }
        for child, pid in planned:
            current = locked[child.pk]
            if current.personal_id == pid:
                continue
            current.personal_id = pid
            current.version += 1
            current.save(update_fields=["personal_id", "version", "updated_at"])
            result.updated += 1
        audit_log(
            actor=actor,
            action=actions.IDS_VERIFIED,
            obj=commune,
            unit=commune,
            after={"rows": result.rows, "updated": result.updated, "skipped": result.skipped},
            extra={"file": name[:200]},
        )
    return result
