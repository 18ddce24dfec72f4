"""Importing children from a CSV or XLSX file — the one code path of the web import and ``import_children``.

1. ``read_table`` turns the bytes into a header and rows, refusing what is not a table (empty files,
   binary junk, more than ``MAX_ROWS`` rows) and converting TCVN3/VNI text to Unicode.
2. ``check_rows`` validates every row without writing (the dry run): the column mapping, the declared
   date format (never guessed), ``clean_child_data``, the ethnicity, the hamlet, the guardians, IDs
   repeated inside the file and IDs already held by a child outside the actor's jurisdiction.
3. ``import_table`` runs the check and, unless it is a dry run and only if no row has an error,
   writes every row in one transaction through ``treem.registry.bulk`` (COPY for new children and
   their guardians, batched UPDATEs for existing ones, the same derived columns as the services):
   the whole file or nothing, with one ``CHILDREN_IMPORTED`` audit event (plus one per updated child).
"""

from __future__ import annotations

import array
import bisect
import codecs
import contextlib
import csv
import datetime
import functools
import gc
import io
import queue
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import psycopg
import psycopg._copy_base
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Lookup, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core import spreadsheets
from treem.core.errors import ApplicationError, ImportRejected
from treem.core.text import fold, nfc
from treem.geo.models import AdminUnit, Level
from treem.registry import actions, bulk, dedup, rules, services, signals, validation
from treem.registry.bulk import PlannedRow
from treem.registry.identity import PersonalIdError, normalise_personal_id, validate_personal_id
from treem.registry.legacy_encodings import NAMES as ENCODING_NAMES
from treem.registry.legacy_encodings import LegacyEncodingError, normalise_text, to_unicode
from treem.registry.models import Child, DisabilityLevel, DisabilityType, Ethnicity, Guardian, Schooling
from treem.registry.models_io import ImportJob, ImportStatus, ImportTemplate
from treem.registry.validation import (
    _DISABILITY_LEVEL,
    _DISABILITY_TYPE,
    _NAME_ALLOWED,
    _SCHOOLING,
    DATE_FORMATS,
    MAX_NAME_LENGTH,
    SEX_WORDS,
    FieldError,
    clean_child_data,
    parse_bool,
    parse_date,
)

MAX_ROWS = 200_000
MAX_CELL_CHARS = 1_000
MAX_FILE_BYTES = 100 * 1024 * 1024
# The file-level caps (ADR 0016): the sheet may hold a few blank or title rows besides the data rows.
SHEET_LIMITS = spreadsheets.with_limits(max_file_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS + 100)
PROGRESS_EVERY = 500
REVIEW_LIMIT = 500  # possible duplicates kept on the job for the preview
LOOKUP_CHUNK = 50_000  # personal IDs per query when looking for those already on the register

# Treem's own template: field → header.
FIELDS: dict[str, str] = {
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "sex": "Giới tính",
    "personal_id": "Số định danh cá nhân",
    "ethnicity": "Dân tộc",
    "address": "Địa chỉ",
    "hamlet": "Thôn, tổ dân phố",
    "birth_registered": "Đã đăng ký khai sinh",
    "birth_registration_date": "Ngày đăng ký khai sinh",
    "birth_registration_place": "Nơi đăng ký khai sinh",
    "health_insurance_number": "Mã thẻ BHYT",
    "health_insurance_valid_until": "Hạn thẻ BHYT",
    "schooling": "Tình trạng học tập",
    "school_name": "Trường",
    "disability_type": "Dạng khuyết tật",
    "disability_level": "Mức độ khuyết tật",
    "hiv_status": "Nhiễm HIV",
    "father_name": "Họ tên cha",
    "father_id": "Số định danh của cha",
    "father_phone": "Điện thoại của cha",
    "mother_name": "Họ tên mẹ",
    "mother_id": "Số định danh của mẹ",
    "mother_phone": "Điện thoại của mẹ",
    "caregiver_name": "Họ tên người chăm sóc",
    "caregiver_id": "Số định danh của người chăm sóc",
    "caregiver_phone": "Điện thoại của người chăm sóc",
    "household_head": "Họ tên chủ hộ",
    "relation_to_head": "Quan hệ với chủ hộ",
}
REQUIRED = ("full_name", "date_of_birth", "sex")
CHILD_KEYS = tuple(f for f in services.CHILD_FIELDS)
GUARDIANS = (
    ("father", Guardian.Relationship.FATHER),
    ("mother", Guardian.Relationship.MOTHER),
    ("caregiver", Guardian.Relationship.CAREGIVER),
)
NUMBER_FIELDS = {"personal_id", *(f"{g}_id" for g, _r in GUARDIANS), *(f"{g}_phone" for g, _r in GUARDIANS)}

PRESETS: dict[str, tuple[str, dict[str, str]]] = {
    "treem": ("Mẫu của Treem", dict(FIELDS)),
    "csdlqg": (
        "Trích xuất Cơ sở dữ liệu quốc gia về dân cư",
        {
            "full_name": "Họ và tên",
            "date_of_birth": "Ngày, tháng, năm sinh",
            "sex": "Giới tính",
            "personal_id": "Số định danh cá nhân",
            "ethnicity": "Dân tộc",
            "address": "Nơi thường trú",
            "father_name": "Họ tên cha",
            "mother_name": "Họ tên mẹ",
            "household_head": "Họ tên chủ hộ",
            "relation_to_head": "Quan hệ với chủ hộ",
        },
    ),
}

NOT_A_TABLE = "Tệp không phải CSV/XLSX hợp lệ."


class ImportFileError(ImportRejected):
    """The file as a whole cannot be read (no row-level detail)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)
    encoding: str | None = None  # legacy encoding converted, if any
    text_only: bool = False  # every cell is a str (a CSV file): the row check's fast path skips type tests


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    encoding: str | None = None
    dry_run: bool = True
    matched: int = 0  # rows left unwritten because they match a child already registered (ADR 0016)
    possible_duplicates: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def valid(self) -> int:
        return self.rows - len({e.row for e in self.errors})

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "created": self.created,
            "updated": self.updated,
            "matched": self.matched,
            "possible_duplicates": self.possible_duplicates,
            "ignored_columns": self.ignored_columns,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }


# --------------------------------------------------------------------------- reading the file

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` run with Python's cyclic garbage collector paused (ADR 0051, amended).

    Reading a file and importing it make a few container objects per row (the row's cells, its checked
    values) that live until the end: each pass of the collector walks all of them again — half of the
    reading's CPU (0.6 of 1.2 s for 200,000 rows) and 0.3–0.6 s of the check's. Reference counting still
    frees everything without cycles; the collector resumes after, and a call within a call leaves it to
    the outer one. The pause is the process's: a job run beside the import in the same worker (its
    concurrency is 2) goes without the collector too until the import ends, when its cycles are
    collected."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def _looks_binary(sample: str) -> bool:
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7F <= ord(ch) < 0xA0)
    return bad > max(2, len(sample) // 100)


def _decode(data: bytes) -> tuple[str, str | None]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" (Văn bản Unicode) and many Windows tools write UTF-16 with its mark
        try:
            text = unicodedata.normalize("NFC", data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ImportFileError(_(NOT_A_TABLE)) from None
        if "\x00" in text or _looks_binary(text[:65536]):
            raise ImportFileError(_(NOT_A_TABLE))
        try:
            return normalise_text(text)
        except LegacyEncodingError as exc:
            raise ImportFileError(str(exc)) from None
    if b"\x00" in data[:65536]:
        raise ImportFileError(_(NOT_A_TABLE))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        try:
            converted, found = normalise_text(text)
        except LegacyEncodingError as exc:
            raise ImportFileError(str(exc)) from None
        if found is not None:
            return converted, found
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))  # Windows Vietnamese
        except UnicodeDecodeError:
            raise ImportFileError(_(NOT_A_TABLE)) from None
        if _looks_binary(text[:65536]):
            raise ImportFileError(_(NOT_A_TABLE)) from None
        return text, None
    if _looks_binary(text[:65536]):
        raise ImportFileError(_(NOT_A_TABLE))
    try:
        return normalise_text(text)
    except LegacyEncodingError as exc:
        raise ImportFileError(str(exc)) from None


def _too_many() -> ImportFileError:
    return ImportFileError(
        _("Tệp có hơn %(n)s dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp không quá %(n)s dòng.")
        % {"n": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def _check_csv_record(record: list[str]) -> None:
    """The same caps on columns and cell length as for a spreadsheet."""
    limits = SHEET_LIMITS
    if len(record) > limits.max_columns:
        raise ImportFileError(
            spreadsheets.refusal_message(
                "too_many_columns", {"found": len(record), "limit": limits.max_columns}
            )
        )
    for cell in record:
        if len(cell) > limits.max_cell_chars:
            raise ImportFileError(
                spreadsheets.refusal_message(
                    "cell_too_long", {"found": len(cell), "limit": limits.max_cell_chars}
                )
            )


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    try:
        limits = SHEET_LIMITS
        for line, record in enumerate(reader, start=1):
            # A record is blank when all its cells are (the same test as ``any(cell.strip() …)``, in C).
            if not "".join(record).strip():
                continue
            if len(record) > limits.max_columns or max(map(len, record)) > limits.max_cell_chars:
                _check_csv_record(record)  # raises the refusal, with its message
            if headers is None:
                headers = [nfc(c) for c in record]
                continue
            rows.append((line, record))
            if len(rows) > MAX_ROWS:
                raise _too_many()
    except csv.Error:
        raise ImportFileError(_(NOT_A_TABLE)) from None
    if headers is None:
        raise ImportFileError(_("Tệp rỗng: không có dòng tiêu đề và không có dữ liệu."))
    return Table(headers=headers, rows=rows, encoding=encoding, text_only=True)


def _read_xlsx(data: bytes) -> Table:
    """Parsed in a child process under memory and time limits, after the zip's checks (core.spreadsheets)."""
    try:
        raw_rows = spreadsheets.read_sheet(data, limits=SHEET_LIMITS)
    except spreadsheets.SpreadsheetRefused as exc:
        if exc.code == "too_many_rows":
            raise _too_many() from None
        if exc.code == "not_spreadsheet":
            raise ImportFileError(_(NOT_A_TABLE)) from None
        raise ImportFileError(exc.message) from None
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for line, record in enumerate(raw_rows, start=1):
        cells = list(record)
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        if headers is None:
            headers = [nfc(str(c if c is not None else "")) for c in cells]
            continue
        rows.append((line, cells))
        if len(rows) > MAX_ROWS:
            raise _too_many()
    if headers is None:
        raise ImportFileError(_("Tệp rỗng: không có dòng tiêu đề và không có dữ liệu."))
    strings = "\n".join(
        [*headers, *(c for _l, r in rows[:2000] for c in r if isinstance(c, str))]
    )  # a sample is enough to recognise the font
    try:
        _converted, encoding = normalise_text(strings)
    except LegacyEncodingError as exc:
        raise ImportFileError(str(exc)) from None
    if encoding is not None:
        headers = [nfc(to_unicode(h, encoding)) for h in headers]
        rows = [(ln, [to_unicode(c, encoding) if isinstance(c, str) else c for c in r]) for ln, r in rows]
    return Table(headers=headers, rows=rows, encoding=encoding)


@_collector_paused
def read_table(data: bytes) -> Table:
    if not data or not data.strip():
        raise ImportFileError(_("Tệp rỗng: không có dòng tiêu đề và không có dữ liệu."))
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("Tệp lớn quá 100 MB; hãy chia thành nhiều tệp."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("Tệp Excel 97–2003 (.xls) chưa được hỗ trợ: hãy mở trong Excel và lưu lại dạng .xlsx.")
        )
    return _read_csv(data)


# --------------------------------------------------------------------------- mapping


# What communes call the column of the hamlet (thôn, tổ dân phố …) in their own lists: a header made of
# these words alone (“Tổ dân phố”, “Thôn/Xóm”, “Khu phố, ấp”) is the hamlet column when the chosen
# template's own header is not in the file.
HAMLET_WORDS = (
    "thôn",
    "tổ dân phố",
    "khu phố",
    "ấp",
    "bản",
    "buôn",
    "sóc",
    "tổ",
    "xóm",
    "khóm",
    "làng",
    "plei",
    "khu dân cư",
    "tdp",
    "thôn, tổ dân phố",
    "thôn, xóm",
    "thôn, ấp, bản",
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ tên", "Họ và tên trẻ", "Họ tên trẻ", "Họ và tên trẻ em"),
    "date_of_birth": ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh"),
    "sex": ("Giới",),
    "personal_id": ("Số định danh", "Số ĐDCN", "Mã định danh cá nhân", "Mã định danh"),
}
_HAMLET_FOLDED = {fold(w) for w in HAMLET_WORDS}


def _is_hamlet_header(header: str) -> bool:
    folded = fold(header).strip()
    if not folded:
        return False
    if folded in _HAMLET_FOLDED:
        return True
    parts = [p.strip() for p in re.split(r"[/,;]|\s-\s|\bhoac\b", folded) if p.strip()]
    return bool(parts) and all(p in _HAMLET_FOLDED for p in parts)


def ignored_columns(headers: list[str], columns: dict[str, int]) -> list[str]:
    """The file's headed columns that no field reads: listed in the preview before anything is written."""
    used = set(columns.values())
    return [h for index, h in enumerate(headers) if h.strip() and index not in used]


def resolve_columns(headers: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """field → column index. Headers match ignoring case and accents (then the usual synonyms: “Tổ dân
    phố”, “Thôn”, “Ấp” … for the hamlet); required fields must be present."""
    by_fold: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_fold.setdefault(fold(header), index)
    columns: dict[str, int] = {}
    missing: list[str] = []
    for key in FIELDS:
        header = (mapping.get(key) or "").strip()
        found = by_fold.get(fold(header)) if header else None
        if found is None:
            taken = set(columns.values())
            if key == "hamlet":
                found = next(
                    (i for i, h in enumerate(headers) if i not in taken and _is_hamlet_header(h)), None
                )
            elif key in SYNONYMS:
                found = next(
                    (by_fold[fold(s)] for s in SYNONYMS[key] if by_fold.get(fold(s)) not in (None, *taken)),
                    None,
                )
        if found is not None:
            columns[key] = found
        elif key in REQUIRED:
            missing.append(header or FIELDS[key])
    if missing:
        raise ImportFileError(
            _("Thiếu cột bắt buộc: %(missing)s. Các cột có trong tệp: %(found)s.")
            % {
                "missing": ", ".join(f"“{m}”" for m in missing),
                "found": ", ".join(f"“{h}”" for h in headers if h) or _("không có"),
            }
        )
    return columns


def clean_mapping(mapping: dict[str, Any]) -> dict[str, str]:
    return {k: nfc(str(v)) for k, v in (mapping or {}).items() if k in FIELDS and str(v or "").strip()}


# --------------------------------------------------------------------------- checking rows


def _number_text(value: Any) -> tuple[str, bool]:
    """(text, came from a number cell). 123456789012.0 → "123456789012"."""
    if value.__class__ is str:  # most cells: the same as the last line, without four isinstance calls
        return (nfc(value) if value else ""), False
    if value is None:
        return "", False
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), True
    if isinstance(value, int):
        return str(value), True
    return nfc(str(value or "")), False


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _plain(value: Any) -> Any:
    """A cell as clean_child_data expects it: text (NFC) or a date; numbers as their digits."""
    if value.__class__ is str:
        return nfc(value) if value else ""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date | bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return nfc(str(value))


def _ethnicity_lookup() -> dict[str, Ethnicity]:
    found: dict[str, Ethnicity] = {}
    for e in Ethnicity.objects.all():
        found[e.code] = e
        found[fold(e.name)] = e
        for other in e.other_names.split(","):
            if other.strip():
                found.setdefault(fold(other), e)
    return found


def _hamlets(commune: AdminUnit) -> dict[str, AdminUnit]:
    found: dict[str, AdminUnit] = {}
    for h in AdminUnit.objects.filter(parent=commune, level=Level.HAMLET):
        found[fold(h.name)] = h
        found[fold(h.code)] = h
        if getattr(h, "short_name", ""):
            found.setdefault(fold(h.short_name), h)
    return found


class _AnyOf(Lookup):
    """``column = ANY(%s)`` with the values as one array parameter: sent as one comma-separated text
    (``string_to_array``) when no value holds a comma — the personal IDs, all digits — which psycopg
    passes as it is, where it quotes a list of 50,000 strings element by element in Python."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        text = ",".join(values)
        if values and all(values) and text.count(",") == len(values) - 1:  # no empty value, no comma
            return f"{lhs} = ANY(string_to_array(%s, ','))", (*lhs_params, text)
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


def _on_register(actor: Any, personal_ids: list[str]) -> tuple[dict[str | None, int], set[str | None]]:
    """({ID: pk} of the children with these IDs that ``actor`` may edit, every one of these IDs held by
    any child). One array parameter per query rather than one parameter per ID: building a 5,000-value
    ``IN`` list cost more than the query itself.

    The IDs held by any child first: the children ``actor`` may edit are among them, so the second query
    asks only for those, and none is made when no ID is on the register — a file of new children, the
    common case, costs one query over its IDs instead of two (ADR 0053)."""
    held: set[str | None] = set(
        Child.objects.filter(_AnyOf(F("personal_id"), personal_ids)).values_list("personal_id", flat=True)
    )
    if not held:
        return {}, held
    editable = access.scope(Child.objects.all(), actor, "registry.edit_child", field="area")
    mine = dict(
        editable.filter(_AnyOf(F("personal_id"), sorted(str(pid) for pid in held))).values_list(
            "personal_id", "pk"
        )
    )
    return mine, held


class _RowChecker:
    """The check of one row at a time, in file order (``check_rows`` and the streamed import share it):
    the state it keeps is the IDs seen in earlier rows of the file and the ethnicity keys."""

    def __init__(
        self, *, commune: AdminUnit, table: Table, mapping: dict[str, str], date_format: str
    ) -> None:
        if date_format not in DATE_FORMATS:
            raise ImportFileError(_("Định dạng ngày “%(f)s” không được hỗ trợ.") % {"f": date_format})
        self.commune = commune
        self.table = table
        self.date_format = date_format
        self.columns = resolve_columns(table.headers, mapping)
        self.header_of = {key: table.headers[index] for key, index in self.columns.items()}
        self.ethnicities = _ethnicity_lookup()
        self.hamlets = _hamlets(commune)
        self.seen_ids: dict[str, int] = {}
        self.ethnicity_keys: dict[str, str] = {}  # the cell's text → its lookup key (a file repeats a few)
        self.today = timezone.localdate()
        self.fast = _FastCheck(self) if FAST_CHECK else None

    def check(self, line: int, cells: list[Any]) -> tuple[PlannedRow | None, list[RowError]]:
        """(the row ready to write, []) or (None, its errors). A row the fast path accepts is the row the
        reference check gives (ADR 0039); any other row — every row with an error — takes the reference."""
        if self.fast is not None:
            row = self.fast.check(line, cells)
            if row is not None:
                return row, []
        return self.reference_check(line, cells)

    def reference_check(self, line: int, cells: list[Any]) -> tuple[PlannedRow | None, list[RowError]]:
        """The check of one row, every error with its message (the only check before ADR 0039)."""
        commune, table, date_format, today = self.commune, self.table, self.date_format, self.today
        columns, header_of, ethnicities, hamlets = (
            self.columns,
            self.header_of,
            self.ethnicities,
            self.hamlets,
        )
        seen_ids, ethnicity_keys = self.seen_ids, self.ethnicity_keys
        row_errors: list[RowError] = []

        def err(
            key: str, value: Any, message: str, line: int = line, bucket: list[RowError] = row_errors
        ) -> None:
            bucket.append(
                RowError(line, header_of.get(key, FIELDS.get(key, key)), _cell_text(value)[:200], message)
            )

        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                header = table.headers[index] if index < len(table.headers) else f"#{index + 1}"
                row_errors.append(
                    RowError(
                        line,
                        header,
                        cell[:60] + "…",
                        _("Ô dài %(n)d ký tự, quá giới hạn %(max)d ký tự.")
                        % {"n": len(cell), "max": MAX_CELL_CHARS},
                    )
                )
        if row_errors:
            return None, row_errors

        values = {key: (cells[index] if index < len(cells) else None) for key, index in columns.items()}
        raw = {key: _plain(values.get(key)) for key in CHILD_KEYS if key in values}
        pid_text, pid_numeric = _number_text(values.get("personal_id"))
        if "personal_id" in columns:
            raw["personal_id"] = pid_text
        if pid_numeric and len(pid_text) == 11:
            err(
                "personal_id",
                values.get("personal_id"),
                _(
                    "Số định danh cá nhân chỉ có 11 chữ số: Excel đã bỏ mất số 0 ở đầu. Hãy định dạng cột là "
                    "Văn bản (Text), nhập lại đủ 12 chữ số rồi tải lên lại."
                ),
            )
            raw["personal_id"] = ""
        cleaned, field_errors = clean_child_data(raw, date_format=date_format, today=today)
        for fe in field_errors:
            err(fe.field, values.get(fe.field), fe.message)
        code = cleaned.get("ethnicity")
        ethnicity_id: int | None = None
        if code:
            key = ethnicity_keys.get(code)
            if key is None:
                key = ethnicity_keys[code] = code.zfill(2) if code.isdigit() else fold(code)
            if key not in ethnicities:
                err("ethnicity", code, _("Dân tộc “%(v)s” không có trong danh mục 54 dân tộc.") % {"v": code})
            else:
                raw["ethnicity"] = ethnicities[key].code
                ethnicity_id = ethnicities[key].pk
        hamlet = None
        hamlet_text = nfc(_cell_text(values.get("hamlet")))
        if hamlet_text:
            hamlet = hamlets.get(fold(hamlet_text))
            if hamlet is None:
                err(
                    "hamlet",
                    hamlet_text,
                    _("Thôn, tổ dân phố “%(h)s” không thuộc %(c)s.") % {"h": hamlet_text, "c": commune.name},
                )
        pid = cleaned.get("personal_id")
        if pid:
            if pid in seen_ids:
                err(
                    "personal_id",
                    pid,
                    _("Số định danh cá nhân trùng với dòng %(n)d trong cùng tệp.") % {"n": seen_ids[pid]},
                )
            else:
                seen_ids[pid] = line
            raw["personal_id"] = pid
        elif "personal_id" in raw:
            raw["personal_id"] = ""
        guardians = []
        for prefix, relationship in GUARDIANS:
            name = nfc(_cell_text(values.get(f"{prefix}_name")))
            gid, _gid_numeric = _number_text(values.get(f"{prefix}_id"))
            phone, phone_numeric = _number_text(values.get(f"{prefix}_phone"))
            if not (name or gid or phone):
                continue
            if not name:
                err(
                    f"{prefix}_name",
                    "",
                    _("Có số định danh hoặc số điện thoại nhưng thiếu họ và tên người giám hộ."),
                )
            if gid:
                try:
                    gid = normalise_personal_id(gid)
                except PersonalIdError as exc:
                    err(f"{prefix}_id", values.get(f"{prefix}_id"), exc.message)
            digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
            if phone and phone_numeric and len(digits) == 9:
                err(
                    f"{prefix}_phone",
                    phone,
                    _("Số điện thoại mất số 0 ở đầu (ô kiểu số trong Excel); hãy nhập lại dạng văn bản."),
                )
            elif phone and not (9 <= len(digits.lstrip("+")) <= 12):
                err(f"{prefix}_phone", phone, _("Số điện thoại không hợp lệ: “%(v)s”.") % {"v": phone})
            guardians.append(
                {"relationship": str(relationship), "full_name": name, "personal_id": gid, "phone": digits}
            )
        head = nfc(_cell_text(values.get("household_head"))).strip()
        relation = nfc(_cell_text(values.get("relation_to_head"))).strip()
        if relation and not head:
            err("household_head", "", _("Có quan hệ với chủ hộ nhưng thiếu họ và tên chủ hộ."))
        if len(head) > 150:
            err("household_head", head, _("Họ và tên chủ hộ dài quá 150 ký tự."))
        if len(relation) > 50:
            err("relation_to_head", relation, _("Quan hệ với chủ hộ dài quá 50 ký tự."))
        if row_errors:
            return None, row_errors
        data = {k: raw[k] for k in raw if k in CHILD_KEYS}
        planned = PlannedRow(
            line,
            data,
            hamlet,
            "hamlet" in columns and bool(hamlet_text),
            guardians,
            cleaned=cleaned,
            ethnicity_id=ethnicity_id,
            household=(head, relation) if head else None,
        )
        return planned, row_errors


# --------------------------------------------------------------------------- the fast path of the row check

FAST_CHECK = True  # False: every row takes _RowChecker.reference_check (the parity tests compare the two)
_TEXT_CELL_TYPES = frozenset({str, type(None)})
# An ASCII phone keeps its digits and "+" (for ASCII, ``str.isdigit`` is exactly 0–9).
_PHONE_KEEP = str.maketrans({chr(c): None for c in range(128) if not (48 <= c <= 57 or c == 43)})
_SPACES_ANY = re.compile(r"\s+")
_INSURANCE = re.compile(r"[A-Z]{2}[0-9]{13}|[0-9]{10}")
# Fields whose cleaned value depends on the cell's text alone (and on the import's date format, day and
# language, fixed for one import): cleaned once per distinct text of the file.
_CACHED = (
    "date_of_birth",
    "sex",
    "ethnicity",
    "birth_registered",
    "birth_registration_date",
    "health_insurance_valid_until",
    "schooling",
    "disability_type",
    "disability_level",
    "hiv_status",
    "hamlet",
)


class _FastCheck:
    """Accepts a valid row with less work than ``_RowChecker.reference_check``, giving the same
    ``PlannedRow`` (ADR 0039), or returns None — for any row with an error, any cell that is not text,
    anything it does not handle — and the reference check decides. It changes no state unless it accepts
    (the IDs seen), so a row it gives up on is checked by the reference exactly as before.

    What it saves: the per-row dictionaries and closures of ``reference_check`` and ``clean_child_data``;
    the cleaning of the same text again and again — a birth date, a sex, an ethnicity, a hamlet, a Yes/No or
    a choice is cleaned once per distinct text of the file and then looked up; the second ``nfc`` of each
    text (``nfc`` of an ``nfc`` output is itself: the whitespace it keeps is single spaces, which neither
    compose nor reorder, between pieces already in NFC)."""

    def __init__(self, checker: _RowChecker) -> None:
        self.checker = checker
        columns = checker.columns
        self.text_only = checker.table.text_only
        self.width = max(columns.values()) + 1
        self.index = {key: columns.get(key) for key in (*CHILD_KEYS, "hamlet", "household_head")}
        self.index["relation_to_head"] = columns.get("relation_to_head")
        self.data_keys = [key for key in CHILD_KEYS if key in columns]
        self.guardians = [
            (
                str(relationship),
                columns.get(f"{prefix}_name"),
                columns.get(f"{prefix}_id"),
                columns.get(f"{prefix}_phone"),
            )
            for prefix, relationship in GUARDIANS
        ]
        self.guardians = [g for g in self.guardians if g[1:] != (None, None, None)]
        self.hamlet_mapped = "hamlet" in columns
        misses: dict[str, Callable[[str], tuple[Any, ...] | None]] = {
            "date_of_birth": self._date_of_birth,
            "sex": self._sex,
            "ethnicity": self._ethnicity,
            "birth_registered": self._yes_no,
            "birth_registration_date": self._date,
            "health_insurance_valid_until": self._date,
            "schooling": lambda cell: self._choice(cell, Schooling, _SCHOOLING),
            "disability_type": lambda cell: self._choice(cell, DisabilityType, _DISABILITY_TYPE),
            "disability_level": lambda cell: self._choice(cell, DisabilityLevel, _DISABILITY_LEVEL),
            "hiv_status": self._yes_no,
            "hamlet": self._hamlet,
        }
        # (field, column, cache of cell text → cleaned, how to clean a new text); unmapped fields are
        # cleaned once from "" (what ``clean_child_data`` makes of a missing key).
        self.cached: list[tuple[str, int, dict[str, tuple[Any, ...]], Any]] = []
        self.constant: dict[str, tuple[Any, ...] | None] = {}
        for key in _CACHED:
            index = columns.get(key)
            if index is None:
                self.constant[key] = misses[key]("")
            else:
                self.cached.append((key, index, {}, misses[key]))

    # What each cached field makes of one cell's text: a tuple (the raw text kept in ``data``, cleaned …),
    # or None when the text is not valid (the reference check then reports it).

    def _date_of_birth(self, cell: str) -> tuple[Any, ...] | None:
        raw = nfc(cell) if cell else ""
        if not raw:
            return None
        try:
            dob = parse_date(raw, self.checker.date_format)
        except ValueError:
            return None
        today = self.checker.today
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        if dob > today or age >= rules.MINOR_AGE_LIMIT:
            return None
        return raw, dob

    def _sex(self, cell: str) -> tuple[Any, ...] | None:
        raw = nfc(cell) if cell else ""
        text = str(raw or "").strip()
        sex = SEX_WORDS.get(text.lower()) if text else None
        return None if sex is None else (raw, sex)

    def _ethnicity(self, cell: str) -> tuple[Any, ...] | None:
        raw = nfc(cell) if cell else ""
        code = str(raw or "").strip() or None
        if not code:
            return raw, None, None
        key = code.zfill(2) if code.isdigit() else fold(code)
        found = self.checker.ethnicities.get(key)
        return None if found is None else (found.code, code, found.pk)

    def _yes_no(self, cell: str) -> tuple[Any, ...] | None:
        raw = nfc(cell) if cell else ""
        try:
            return raw, parse_bool(raw)
        except ValueError:
            return None

    def _date(self, cell: str) -> tuple[Any, ...] | None:
        raw = nfc(cell) if cell else ""
        if raw in (None, ""):
            return raw, None
        try:
            return raw, parse_date(raw, self.checker.date_format)
        except ValueError:
            return None

    def _choice(self, cell: str, choices: type, label: Any) -> tuple[Any, ...] | None:
        raw = nfc(cell) if cell else ""
        try:
            return raw, validation._choice(raw, choices, label)
        except ValueError:
            return None

    def _hamlet(self, cell: str) -> tuple[Any, ...] | None:
        text = nfc(cell) if cell else ""
        if not text:
            return None, False
        hamlet = self.checker.hamlets.get(fold(text))
        return None if hamlet is None else (hamlet, True)

    def check(self, line: int, cells: list[Any]) -> PlannedRow | None:
        if not self.text_only:
            if not set(map(type, cells)) <= _TEXT_CELL_TYPES:
                return None
            cells = ["" if c is None else c for c in cells]
        if not cells or max(map(len, cells)) > MAX_CELL_CHARS:
            return None
        if len(cells) < self.width:
            cells = [*cells, *([""] * (self.width - len(cells)))]
        index = self.index

        name = cells[index["full_name"]]  # type: ignore[index]  # a required column
        if name:
            name = nfc(name)
        if not name or len(name) > MAX_NAME_LENGTH or not _NAME_ALLOWED.match(name):
            return None
        got = dict(self.constant)
        for key, column, cache, miss in self.cached:
            cell = cells[column]
            hit = cache.get(cell)
            if hit is None:
                hit = miss(cell)
                if hit is None:
                    return None
                cache[cell] = hit
            got[key] = hit
        dob_raw, dob = got["date_of_birth"]  # type: ignore[misc]  # a required column
        sex_raw, sex = got["sex"]  # type: ignore[misc]

        i = index["personal_id"]
        pid_text = cells[i] if i is not None else ""
        pid: str | None = None
        if pid_text:
            pid_text = nfc(pid_text)
        if pid_text:
            try:
                pid = validate_personal_id(pid_text, sex=sex, date_of_birth=dob)
            except PersonalIdError:
                return None
            if pid in self.checker.seen_ids:
                return None
        ethnicity_data, ethnicity, ethnicity_id = got["ethnicity"]  # type: ignore[misc]
        i = index["address"]
        address = cells[i] if i is not None else ""
        if address:
            address = nfc(address)
        registered_raw, registered = got["birth_registered"]  # type: ignore[misc]
        reg_raw, reg_date = got["birth_registration_date"]  # type: ignore[misc]
        until_raw, until = got["health_insurance_valid_until"]  # type: ignore[misc]
        if reg_date is not None and (reg_date < dob or reg_date > self.checker.today):
            return None
        if reg_date is not None and registered is None:
            registered = True
        i = index["birth_registration_place"]
        place = cells[i] if i is not None else ""
        if place:
            place = nfc(place)
        i = index["health_insurance_number"]
        insurance_raw = cells[i] if i is not None else ""
        insurance = ""
        if insurance_raw:
            insurance_raw = nfc(insurance_raw)
            insurance = _SPACES_ANY.sub("", insurance_raw).upper()
            if insurance and not _INSURANCE.fullmatch(insurance):
                return None
        i = index["school_name"]
        school = cells[i] if i is not None else ""
        if school:
            school = nfc(school)
        schooling_raw, schooling = got["schooling"]  # type: ignore[misc]
        type_raw, disability_type = got["disability_type"]  # type: ignore[misc]
        level_raw, disability_level = got["disability_level"]  # type: ignore[misc]
        hiv_raw, hiv = got["hiv_status"]  # type: ignore[misc]
        hamlet, hamlet_given = got["hamlet"]  # type: ignore[misc]

        guardians = []
        for relationship, i_name, i_id, i_phone in self.guardians:
            g_name = cells[i_name] if i_name is not None else ""
            gid = cells[i_id] if i_id is not None else ""
            phone = cells[i_phone] if i_phone is not None else ""
            if g_name:
                g_name = nfc(g_name)
            if gid:
                gid = nfc(gid)
            if phone:
                phone = nfc(phone)
            if not (g_name or gid or phone):
                continue
            if not g_name:
                return None
            if gid:
                try:
                    gid = normalise_personal_id(gid)
                except PersonalIdError:
                    return None
            if phone.isascii():
                digits = phone.translate(_PHONE_KEEP)
            else:
                digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
            if phone and not (9 <= len(digits.lstrip("+")) <= 12):
                return None
            guardians.append(
                {"relationship": relationship, "full_name": g_name, "personal_id": gid, "phone": digits}
            )
        i = index["household_head"]
        head = cells[i] if i is not None else ""
        if head:
            head = nfc(head)
        i = index["relation_to_head"]
        relation = cells[i] if i is not None else ""
        if relation:
            relation = nfc(relation)
        if (relation and not head) or len(head) > 150 or len(relation) > 50:
            return None
        if len(address) > 255 or len(place) > 255 or len(school) > 200:
            return None  # the full check names the field that is too long (never cut silently)

        if pid is not None:
            self.checker.seen_ids[pid] = line
        raw = {
            "full_name": name,
            "date_of_birth": dob_raw,
            "sex": sex_raw,
            "personal_id": pid or "",
            "ethnicity": ethnicity_data,
            "address": address,
            "birth_registered": registered_raw,
            "birth_registration_date": reg_raw,
            "birth_registration_place": place,
            "health_insurance_number": insurance_raw,
            "health_insurance_valid_until": until_raw,
            "schooling": schooling_raw,
            "school_name": school,
            "disability_type": type_raw,
            "disability_level": level_raw,
            "hiv_status": hiv_raw,
        }
        cleaned = {
            "full_name": name,
            "date_of_birth": dob,
            "sex": sex,
            "personal_id": pid,
            "ethnicity": ethnicity,
            "address": address,
            "birth_registered": registered,
            "birth_registration_date": reg_date,
            "health_insurance_valid_until": until,
            "birth_registration_place": place,
            "health_insurance_number": insurance,
            "schooling": schooling,
            "school_name": school,
            "disability_type": disability_type,
            "disability_level": disability_level,
            "hiv_status": hiv,
        }
        return PlannedRow(
            line,
            {key: raw[key] for key in self.data_keys},
            hamlet,
            self.hamlet_mapped and hamlet_given,
            guardians,
            cleaned=cleaned,
            ethnicity_id=ethnicity_id,
            household=(head, relation) if head else None,
        )


def _held_elsewhere(line: int, header_of: dict[str, str], pid: str) -> RowError:
    return RowError(
        line,
        header_of.get("personal_id", FIELDS["personal_id"]),
        pid,
        _(
            "Số định danh cá nhân này đã được ghi cho một trẻ em ngoài địa bàn bạn quản lý; "
            "hãy liên hệ nơi đang quản lý trẻ để chuyển hồ sơ."
        ),
    )


def _settle_registered(
    rows: list[PlannedRow],
    mine: dict[str | None, int],
    held: set[str | None],
    header_of: dict[str, str],
    errors: list[RowError],
) -> list[PlannedRow]:
    """Rows whose ID is already on the register: an update when the child is in the actor's jurisdiction
    (``mine``), a row error otherwise (``held``). Appends those errors, sorts ``errors`` by row and
    returns the rows without an error."""
    for row in rows:
        pid = row.data.get("personal_id")
        if not pid:
            continue
        if pid in mine:
            row.existing_id = mine[pid]
        elif pid in held:
            errors.append(_held_elsewhere(row.line, header_of, pid))
    bad_lines = {e.row for e in errors}
    errors.sort(key=lambda e: e.row)
    return [p for p in rows if p.line not in bad_lines]


def _arrivals(planned: Iterable[PlannedRow]) -> list[dedup.Arrival]:
    """The new rows without a personal ID, for ``dedup.door_matches``."""
    return [
        dedup.Arrival(
            key=p.line,
            name=p.cleaned.get("full_name") or "",
            dob=p.cleaned["date_of_birth"],
            guardians=tuple(g["full_name"] for g in p.guardians),
            address=p.cleaned.get("address") or "",
        )
        for p in planned
        if p.existing_id is None and not p.data.get("personal_id") and p.cleaned.get("date_of_birth")
    ]


def check_rows(
    *,
    actor: Any,
    commune: AdminUnit,
    table: Table,
    mapping: dict[str, str],
    date_format: str,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[PlannedRow], list[RowError]]:
    """Validate every row (no writes). Returns the rows ready to write and every row error."""
    checker = _RowChecker(commune=commune, table=table, mapping=mapping, date_format=date_format)
    header_of = checker.header_of
    errors: list[RowError] = []
    planned: list[PlannedRow] = []
    for count, (line, cells) in enumerate(table.rows, start=1):
        row, row_errors = checker.check(line, cells)
        if row is None:
            errors.extend(row_errors)
        else:
            planned.append(row)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)

    # IDs already on the register: updated when the child is in the actor's jurisdiction, an error otherwise.
    keys = [p.data["personal_id"] for p in planned if p.data.get("personal_id")]
    mine: dict[str | None, int] = {}
    held: set[str | None] = set()
    for start in range(0, len(keys), LOOKUP_CHUNK):
        found_mine, found_held = _on_register(actor, keys[start : start + LOOKUP_CHUNK])
        mine.update(found_mine)
        held |= found_held
    planned = _settle_registered(planned, mine, held, header_of, errors)
    # Rows without a personal ID: is the child possibly already registered in the commune? (ADR 0016)
    arrivals = _arrivals(planned)
    if arrivals:
        found = dedup.door_matches(commune.pk, arrivals)
        for p in planned:
            p.matches = found.get(p.line, [])
    if progress is not None:
        progress(len(table.rows))
    return planned, errors


# --------------------------------------------------------------------------- writing


class _RollBack(Exception):
    pass


@_collector_paused
def import_table(
    *,
    actor: Any,
    commune: AdminUnit,
    table: Table,
    mapping: dict[str, str],
    date_format: str = "dd/mm/yyyy",
    dry_run: bool = True,
    progress: Callable[[int], None] | None = None,
    source: str = "",
    job_id: int | None = None,
    create_duplicates: bool = False,
    on_written: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check every row; unless ``dry_run``, write them all in one transaction, or none if any row fails.

    Rows without a personal ID that match a child of the commune (``dedup.door_matches``) are listed in
    ``possible_duplicates`` and left unwritten (``matched``) unless ``create_duplicates``: then they are
    created and each pair goes to the duplicate review. ``on_written(created, updated)`` runs inside the
    write's transaction (the job records its state with its effect).

    A real import streams the new children into PostgreSQL while the next rows are checked (ADR 0035,
    ``_import_streamed``), inside its one transaction: ``progress`` is then called while a ``COPY`` holds
    the connection and must not use it (``job_run``'s writes through a connection of its own)."""
    access.require(actor, "registry.import_children", commune)
    if commune.level != Level.COMMUNE:
        raise ImportFileError(_("Chỉ nhập danh sách trẻ em cho một xã, phường, đặc khu."))
    mapping = clean_mapping(mapping)
    if not table.rows:
        raise ImportFileError(
            _("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào: không có gì để ghi vào cơ sở dữ liệu.")
        )
    result = ImportResult(rows=len(table.rows), encoding=table.encoding, dry_run=dry_run)
    columns = resolve_columns(table.headers, mapping)
    result.ignored_columns = ignored_columns(table.headers, columns)
    province = None if dry_run else _streamable(actor, commune)
    if province is not None:
        return _import_streamed(
            actor=actor,
            commune=commune,
            province=province,
            table=table,
            mapping=mapping,
            date_format=date_format,
            progress=progress,
            source=source,
            job_id=job_id,
            create_duplicates=create_duplicates,
            on_written=on_written,
            result=result,
        )
    planned, errors = check_rows(
        actor=actor, commune=commune, table=table, mapping=mapping, date_format=date_format, progress=progress
    )
    result.errors = errors
    result.possible_duplicates = _possible_duplicates(planned)
    if not create_duplicates:  # a possible duplicate is never created silently: it is left as it is
        result.matched = sum(1 for p in planned if p.matches)
        planned = [p for p in planned if not p.matches]
    result.created = sum(1 for p in planned if p.existing_id is None)
    result.updated = sum(1 for p in planned if p.existing_id is not None)
    if dry_run or errors:
        if errors:
            result.created = result.updated = result.matched = 0
        return result

    try:
        with transaction.atomic():
            written = bulk.write_rows(actor=actor, commune=commune, planned=planned, date_format=date_format)
            if written.errors:
                result.errors = _write_errors(written.errors, table, columns)
                raise _RollBack
            new_rows = [p for p in planned if p.existing_id is None]
            created, updated = _record(
                actor=actor,
                commune=commune,
                table=table,
                result=result,
                written=written,
                pairs=[
                    (pk, m) for pk, p in zip(written.created_ids, new_rows, strict=True) for m in p.matches
                ],
                source=source,
                job_id=job_id,
                on_written=on_written,
            )
    except _RollBack:
        result.created = result.updated = 0
        return result
    result.created, result.updated = created, updated
    return result


def _possible_duplicates(planned: Iterable[PlannedRow]) -> list[dict[str, Any]]:
    return [
        {
            "row": p.line,
            "full_name": p.cleaned.get("full_name") or "",
            "date_of_birth": f"{p.cleaned['date_of_birth']:%d/%m/%Y}",
            "matches": [
                {
                    "id": m.pk,
                    "full_name": m.full_name,
                    "date_of_birth": f"{m.date_of_birth:%d/%m/%Y}",
                    "reason": m.reason,
                }
                for m in p.matches
            ],
        }
        for p in planned
        if p.matches
    ]


def _write_errors(
    found: list[tuple[int, FieldError]], table: Table, columns: dict[str, int]
) -> list[RowError]:
    def header_of(key: str) -> str:
        return table.headers[columns[key]] if key in columns else FIELDS.get(key, key)

    return sorted(
        (RowError(line, header_of(fe.field), "", fe.message) for line, fe in found), key=lambda e: e.row
    )


def _record(
    *,
    actor: Any,
    commune: AdminUnit,
    table: Table,
    result: ImportResult,
    written: bulk.BulkOutcome,
    pairs: list[tuple[int, Any]],
    source: str,
    job_id: int | None,
    on_written: Callable[[int, int], None] | None,
) -> tuple[int, int]:
    """After the rows are written, in their transaction: the duplicate pairs, the audit event, the job."""
    created, updated = len(written.created_ids), len(written.updated_ids)
    dedup.record_created_anyway(commune_id=commune.pk, pairs=pairs)
    audit_log(
        actor=actor,
        action=actions.CHILDREN_IMPORTED,
        obj=commune,
        unit=commune,
        extra={
            "rows": result.rows,
            "created": created,
            "updated": updated,
            "source": source[:255],
            "encoding": table.encoding or "",
            "job": job_id,
            "created_ids": bulk.created_summary(written.created_ids),
            "guardians_created": written.guardians_created,
            "guardians_updated": written.guardians_updated,
            "matched": result.matched,
            "created_despite_match": len({pk for pk, _m in pairs}),
        },
    )
    if on_written is not None:
        on_written(created, updated)
    transaction.on_commit(
        lambda: signals.children_imported.send(
            sender=Child, commune=commune, created=created, updated=updated
        )
    )
    return created, updated


# --------------------------------------------------------------------------- the streamed write (ADR 0035)

STREAM = True  # False: every real import checks all its rows first, then writes (the path before ADR 0035)
# A benchmark's hook (bench/bench_import_timeline.py): called with the name of each phase of a streamed
# import as it begins. None in the application.
TRACE: Callable[[str], None] | None = None


def _mark(phase: str) -> None:
    if TRACE is not None:
        TRACE(phase)


class _StopStream(Exception):
    pass


def _streamable(actor: Any, commune: AdminUnit) -> AdminUnit | None:
    """The commune's province when a real import may stream its new children, else None (then the
    sequential path gives the refusal or the row errors exactly as before)."""
    if not STREAM or not access.has_perm(actor, "registry.edit_child", commune):
        return None
    province, _h, _area, unit_errors = services.resolve_units(commune=commune, hamlet=None)
    return None if unit_errors else province


def _candidate_ids(table: Table, columns: dict[str, int]) -> list[str]:
    """Every personal ID a valid row of the file can have (the cell's digits without separators, when
    they are 12): a superset of the IDs ``check_rows`` looks up on the register."""
    index = columns.get("personal_id")
    if index is None:
        return []
    found: dict[str, None] = {}
    for _line, cells in table.rows:
        text, _numeric = _number_text(cells[index] if index < len(cells) else None)
        if len(text) == 12 and text.isdigit() and text.isascii():  # already normal (the common spelling)
            found[text] = None
        elif text:
            with contextlib.suppress(PersonalIdError):
                found[normalise_personal_id(text)] = None
    return list(found)


# The streamed children go to PostgreSQL in chunks, each its own COPY statement followed by the COPY of
# its guardians (ADR 0042): the statement-level triggers of registry_child (words of names, vocabulary,
# population counts, key checks) and the guardians' run at the end of each chunk, while Python checks the
# next one, instead of all at once after the last row. The first chunk holds CHUNK_MIN rows, so that
# PostgreSQL starts early; each next one twice the rows of the one before, up to CHUNK_MAX (ADR 0051):
# 7 statements for 200,000 rows where 16 equal chunks cost PostgreSQL more (each statement's triggers,
# and each sweep of the name-ordered indexes). The queue holds at most QUEUED chunks ahead.
CHUNK_MIN = 2_000
CHUNK_MAX = 100_000
QUEUED = 2


class _Collect(psycopg.copy.Writer):
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: Any) -> None:
        self.parts.append(bytes(data))


def _column_types(table: str, columns: tuple[str, ...]) -> list[int]:
    """The type (oid) of each of ``columns`` of ``table``, for a binary COPY."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped",
            [table],
        )
        types = dict(cursor.fetchall())
    return [int(types[c]) for c in columns]


# The binary COPY format's header (signature, flags, no extension) and trailer (PostgreSQL's "COPY", binary
# format): a chunk of rows formatted one by one is sent between them.
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
_BINARY_TRAILER = b"\xff\xff"
# psycopg's own binary formatting of one row (C, or its Python twin): what Copy.write_row does per row.
_format_row_binary = psycopg._copy_base.format_row_binary


class _CopyData:
    """Rows formatted by psycopg as the data of a binary COPY (ADR 0042), in the main thread, a chunk at
    a time: the writing thread then only sends bytes, with the GIL released, and PostgreSQL reads each
    value with its type's binary input, cheaper than parsing its text (dates, timestamps, ids).

    With ``order`` (a column's position), a chunk's rows are sent sorted by that column, then by the first
    (the id): the children in the order of their folded names (ADR 0050), so that the name-ordered
    indexes of registry_child (``fold_c``, ``commune_fold``, ``area_fold``, and ``sort`` nearly) take each
    chunk's entries in one sweep of their pages instead of one page at random per row. Each row is
    formatted when it is written (ADR 0051), and ``take`` only sorts the formatted rows and joins them:
    a large chunk is not formatted all at once when it is handed over."""

    def __init__(self, raw: psycopg.Connection[Any], types: list[int], order: int | None = None) -> None:
        self.cursor = raw.cursor()  # only for its adapters: never executed
        self.types = types
        self.order = order
        self.held: list[tuple[Any, int, bytearray]] = []
        self.rows = 0
        self._start()

    def _start(self) -> None:
        self.collect = _Collect()
        self.copy = psycopg.copy.Copy(self.cursor, binary=True, writer=self.collect)
        self.copy.set_types(self.types)
        self.transformer = self.copy.formatter.transformer

    def write_row(self, values: tuple[Any, ...]) -> None:
        if self.order is None:
            self.copy.write_row(values)
        else:
            out = bytearray()
            _format_row_binary(values, self.transformer, out)
            self.held.append((values[self.order], values[0], out))  # (name, id): ids are unique
        self.rows += 1

    def take(self) -> bytes:
        """The data (header, rows, trailer) of the rows written since the last ``take``."""
        if self.order is not None:
            self.held.sort()  # by name, then id (never reaches the bytes: the ids are unique)
            data = b"".join([_BINARY_HEADER, *(row for _n, _i, row in self.held), _BINARY_TRAILER])
            self.held = []
            self.rows = 0
            return data
        self.copy.finish(None)
        data = b"".join(self.collect.parts)
        self.rows = 0
        self._start()
        return data


class _ChunkWriter:
    """A thread that draws the import's ids, then writes the chunks of streamed children and their
    guardians through the import's connection, inside its transaction, while the main thread checks the
    next rows (ADR 0042).

    The main thread does not use the connection between ``start`` and ``finish``/``abandon`` (its only
    queries come before and after the stream); psycopg releases the GIL while it waits on PostgreSQL.
    An error of PostgreSQL (an ID taken meanwhile, a missing key, a deadlock) stops the writes and is
    raised in the main thread by the next ``put`` or by ``finish``; ``abandon`` (a row error, any exception
    of the check) lets the chunk being written finish, skips the rest, and waits for the thread — the
    caller then rolls back the savepoint of the stream."""

    def __init__(self, raw: psycopg.Connection[Any], *, draw: int) -> None:
        self.raw = raw
        self.draw = draw
        self.pool = array.array("q")  # the ids drawn, in order
        self.drawn = threading.Event()
        self.queue: queue.Queue[tuple[int, bytes, int, bytes] | None] = queue.Queue(maxsize=QUEUED)
        self.chunks = 0  # statements of children written
        self.error: BaseException | None = None
        self.stop = False
        self.children = 0
        self.guardians = 0
        self.analyzed = False
        self.thread = threading.Thread(target=self._run, name="treem-import-copy", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        children_sql = f"COPY registry_child ({', '.join(bulk.CHILD_COLUMNS)}) FROM STDIN (FORMAT binary)"
        guardians_sql = (
            f"COPY registry_guardian ({', '.join(bulk.GUARDIAN_COLUMNS)}) FROM STDIN (FORMAT binary)"
        )
        try:
            with self.raw.cursor() as cur:
                if self.draw:
                    self.pool = array.array("q", bulk.draw_ids(cur, self.draw))
                self.drawn.set()
                while (item := self.queue.get()) is not None:
                    if self.stop:
                        continue
                    children, children_data, guardians, guardians_data = item
                    if not children:
                        continue
                    _mark("w:children")
                    with cur.copy(children_sql) as copy:
                        copy.write(children_data)
                        _mark("w:children sent")
                    _mark("w:children done")
                    self.children += children
                    self.chunks += 1
                    if not self.analyzed and self.children >= bulk.ANALYZE_AFTER:
                        # As the bulk path does (bulk.ANALYZE_AFTER): the plans of the guardians' key
                        # check and of the statements after the stream see the table's size.
                        cur.execute(bulk.ANALYZE_SQL)
                        self.analyzed = True
                    if guardians:
                        with cur.copy(guardians_sql) as copy:
                            copy.write(guardians_data)
                        _mark("w:guardians done")
                        self.guardians += guardians
        except BaseException as exc:  # raised again in the main thread
            self.error = exc
            self.stop = True
            self.drawn.set()
            while self.queue.get() is not None:  # the main thread always ends with None
                pass

    def wait_drawn(self) -> None:
        self.drawn.wait()
        if self.error is not None:
            raise self.error

    def put(self, children: _CopyData, guardians: _CopyData) -> None:
        """Hand on a chunk (the binary COPY data of its children and their guardians); start the next."""
        if self.error is not None:
            raise self.error
        self.queue.put((children.rows, children.take(), guardians.rows, guardians.take()))

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        if not self.thread.is_alive():
            return
        self.stop = True
        self.queue.put(None)
        self.thread.join()


def _import_streamed(
    *,
    actor: Any,
    commune: AdminUnit,
    province: AdminUnit,
    table: Table,
    mapping: dict[str, str],
    date_format: str,
    progress: Callable[[int], None] | None,
    source: str,
    job_id: int | None,
    create_duplicates: bool,
    on_written: Callable[[int, int], None] | None,
    result: ImportResult,
) -> ImportResult:
    """The real import with its check and its writes overlapped, in one transaction (ADR 0035, 0042).

    Each row is checked by the same ``_RowChecker`` as ``check_rows``, in file order; a new child whose
    outcome cannot depend on the rest of the file is streamed: its binary COPY row (and its guardians')
    goes into the current chunk, and each full chunk is handed to ``_ChunkWriter``'s thread, which writes
    it (``COPY registry_child``, then ``COPY registry_guardian``, each firing its statement triggers)
    through this connection while the main thread checks the next rows; the thread first draws the ids.
    The rows whose outcome needs a query — an ID already on the register (an upsert or an error), a
    household, a row without ID whose folded name and birth date match a child of the commune
    (``door_matches``) — are kept and handled after the check as ``check_rows`` and ``bulk.write_rows``
    do. At the first row error the stream is abandoned (its savepoint rolled back) and the rest is only
    checked; any error rolls everything back."""
    _mark("set-up")
    checker = _RowChecker(commune=commune, table=table, mapping=mapping, date_format=date_format)
    columns, header_of = checker.columns, checker.header_of
    _mark("IDs on the register")
    # Before the COPY, which holds the connection: every ID of the file already on the register …
    mine: dict[str | None, int] = {}
    held: set[str | None] = set()
    candidates = _candidate_ids(table, columns)
    for start in range(0, len(candidates), LOOKUP_CHUNK):
        found_mine, found_held = _on_register(actor, candidates[start : start + LOOKUP_CHUNK])
        mine.update(found_mine)
        held |= found_held
    # … and the (folded name, birth date) of the commune's children, the only ones door_matches can find.
    _mark("commune's names")
    known = set(
        Child.objects.filter(commune_id=commune.pk, merged_into__isnull=True).values_list(
            "name_folded", "date_of_birth"
        )
    )
    errors: list[RowError] = []
    kept: list[PlannedRow] = []  # checked, written after the check
    write_errors: list[tuple[int, bulk.FieldError]] = []
    now = timezone.now()
    created_by = actor.pk if getattr(actor, "is_authenticated", False) else None
    shared = bulk.CopyColumns(province.pk, commune.pk, created_by, now)
    rows = iter(enumerate(table.rows, start=1))

    def check(count: int, line: int, cells: list[Any]) -> PlannedRow | None:
        """Check one row; the row if it may be written now."""
        row, row_errors = checker.check(line, cells)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        if row is None:
            errors.extend(row_errors)
            return None
        pid = row.data.get("personal_id")
        dob = row.cleaned.get("date_of_birth")
        if (
            (pid and (pid in mine or pid in held))
            or row.household
            or (not pid and dob and (fold(row.cleaned.get("full_name") or ""), dob) in known)
        ):
            kept.append(row)
            return None
        return row

    streamed = 0
    try:
        with transaction.atomic():
            size = CHUNK_MIN  # the next chunk's rows: doubled after each chunk, up to CHUNK_MAX
            # The thread draws the ids (one per row of the file) while the first rows are checked.
            raw = bulk._raw()
            writer = _ChunkWriter(raw, draw=len(table.rows))
            children = _CopyData(
                raw,
                _column_types("registry_child", bulk.CHILD_COLUMNS),
                order=bulk.CHILD_COLUMNS.index("name_folded"),
            )
            chunk_guardians = _CopyData(raw, _column_types("registry_guardian", bulk.GUARDIAN_COLUMNS))
            pending: list[PlannedRow] = []  # checked before the ids were drawn
            drawn = False  # the ids drawn without error

            def stream(row: PlannedRow) -> None:
                nonlocal streamed, size
                pk = writer.pool[streamed]
                streamed += 1
                children.write_row(bulk.child_copy_row(pk, row, None, shared))
                for values in bulk.guardian_copy_rows(pk, row, now):
                    chunk_guardians.write_row(values)
                if children.rows >= size:
                    writer.put(children, chunk_guardians)
                    size = min(CHUNK_MAX, 2 * size)

            try:
                with transaction.atomic():  # a savepoint: an abandoned stream leaves the transaction usable
                    writer.start()
                    try:
                        _mark("check + COPY")
                        for count, (line, cells) in rows:
                            row = check(count, line, cells)
                            if errors:
                                raise _StopStream
                            if row is None:
                                continue
                            if drawn:
                                stream(row)
                                continue
                            pending.append(row)
                            if len(pending) >= CHUNK_MAX or writer.drawn.is_set():
                                writer.wait_drawn()  # raises the thread's error, if the draw failed
                                drawn = True
                                for waiting in pending:
                                    stream(waiting)
                                pending = []
                        _mark("last chunk (triggers)")
                        writer.wait_drawn()
                        for waiting in pending:
                            stream(waiting)
                        writer.put(children, chunk_guardians)
                        writer.finish()
                    except BaseException:
                        writer.abandon()
                        raise
            except _StopStream:
                pass
            except psycopg.errors.UniqueViolation as exc:
                write_errors = [
                    (
                        bulk._taken_line(exc, checker.seen_ids),
                        bulk.FieldError("personal_id", _(bulk.TAKEN_ID)),
                    )
                ]
            except psycopg.errors.DeadlockDetected:
                write_errors = [(0, bulk.FieldError("", _(bulk.RACED)))]
            except psycopg.errors.ForeignKeyViolation as exc:  # as bulk.write_rows raises it (ADR 0034)
                raise IntegrityError(*exc.args) from exc
            for count, (line, cells) in rows:  # after an error: the rest is checked, nothing written
                check(count, line, cells)
            if errors or write_errors:
                streamed = 0
            pool = writer.pool  # the thread has ended: drawn, or empty if nothing was

            # The kept rows, as check_rows finishes.
            _mark("kept rows")
            kept = _settle_registered(kept, mine, held, header_of, errors)
            arrivals = _arrivals(kept)
            if arrivals:
                found = dedup.door_matches(commune.pk, arrivals)
                written_ids = pool[:streamed]  # this file's own children, already in the table: not matches

                def earlier(pk: int) -> bool:
                    at = bisect.bisect_left(written_ids, pk)
                    return not (at < len(written_ids) and written_ids[at] == pk)

                for p in kept:
                    p.matches = [m for m in found.get(p.line, []) if earlier(m.pk)]
            if progress is not None:
                progress(len(table.rows))

            # What import_table makes of check_rows' outcome.
            result.errors = errors
            result.possible_duplicates = _possible_duplicates(kept)
            if not create_duplicates:
                result.matched = sum(1 for p in kept if p.matches)
                kept = [p for p in kept if not p.matches]
            if errors:
                result.created = result.updated = result.matched = 0
                raise _RollBack
            if write_errors:
                result.errors = _write_errors(write_errors, table, columns)
                raise _RollBack

            new_kept = [p for p in kept if p.existing_id is None]
            written = _write_kept(
                actor=actor,
                commune=commune,
                new_rows=new_kept,
                existing=[p for p in kept if p.existing_id is not None],
                ids=pool[streamed : streamed + len(new_kept)],
                streamed=streamed,
                streamed_guardians=writer.guardians,
                analyzed=writer.analyzed,
                shared=shared,
                date_format=date_format,
                seen_ids=checker.seen_ids,
            )
            if written.errors:
                result.errors = _write_errors(written.errors, table, columns)
                raise _RollBack
            written.created_ids = list(pool[: streamed + len(new_kept)])
            _mark("audit")
            created, updated = _record(
                actor=actor,
                commune=commune,
                table=table,
                result=result,
                written=written,
                pairs=[
                    (pk, m)
                    for pk, p in zip(written.created_ids[streamed:], new_kept, strict=True)
                    for m in p.matches
                ],
                source=source,
                job_id=job_id,
                on_written=on_written,
            )
            _mark("COMMIT")
    except _RollBack:
        result.created = result.updated = 0
        return result
    result.created, result.updated = created, updated
    return result


def _write_kept(
    *,
    actor: Any,
    commune: AdminUnit,
    new_rows: list[PlannedRow],
    existing: list[PlannedRow],
    ids: Any,
    streamed: int,
    streamed_guardians: int,
    analyzed: bool,
    shared: bulk.CopyColumns,
    date_format: str,
    seen_ids: dict[str, int],
) -> bulk.BulkOutcome:
    """After the streamed children and their guardians: the kept new children (ids continuing the same
    draw), the bulk path's ANALYZE (unless the stream ran it and nothing was written since), their
    guardians, then the upserts through ``bulk.write_rows``."""
    out = bulk.BulkOutcome()
    _mark("kept children")
    try:
        households = bulk._households(
            {(commune.pk, row.household[0], row.cleaned["address"]) for row in new_rows if row.household}
        )
        with bulk._raw().cursor() as cur:
            if new_rows:
                with cur.copy(f"COPY registry_child ({', '.join(bulk.CHILD_COLUMNS)}) FROM STDIN") as copy:
                    for pk, row in zip(ids, new_rows, strict=True):
                        household_id = (
                            households[(commune.pk, row.household[0], row.cleaned["address"])]
                            if row.household
                            else None
                        )
                        copy.write_row(bulk.child_copy_row(pk, row, household_id, shared))
            if streamed + len(new_rows) >= bulk.ANALYZE_AFTER and (new_rows or not analyzed):
                _mark("ANALYZE")
                cur.execute(bulk.ANALYZE_SQL)
            _mark("guardians")
            if new_rows:
                statement = f"COPY registry_guardian ({', '.join(bulk.GUARDIAN_COLUMNS)}) FROM STDIN"
                with cur.copy(statement) as copy:
                    write = copy.write_row
                    for pk, row in zip(ids, new_rows, strict=True):
                        for values in bulk.guardian_copy_rows(pk, row, shared.now):
                            write(values)
                            out.guardians_created += 1
        out.guardians_created += streamed_guardians
    except psycopg.errors.UniqueViolation as exc:
        out.errors = [(bulk._taken_line(exc, seen_ids), bulk.FieldError("personal_id", _(bulk.TAKEN_ID)))]
        return out
    except psycopg.errors.DeadlockDetected:
        out.errors = [(0, bulk.FieldError("", _(bulk.RACED)))]
        return out
    except psycopg.errors.ForeignKeyViolation as exc:  # as bulk.write_rows raises it (ADR 0034)
        raise IntegrityError(*exc.args) from exc
    if existing:
        updated = bulk.write_rows(actor=actor, commune=commune, planned=existing, date_format=date_format)
        out.errors = updated.errors
        out.updated_ids = updated.updated_ids
        out.guardians_created += updated.guardians_created
        out.guardians_updated = updated.guardians_updated
    return out


def encoding_notice(encoding: str | None) -> str:
    if not encoding:
        return ""
    return _("Tệp được gõ bằng bảng mã %(enc)s; Treem đã chuyển sang Unicode.") % {
        "enc": ENCODING_NAMES.get(encoding, encoding)
    }


def error_rows(errors: list[dict[str, Any]]) -> Iterable[list[Any]]:
    for e in errors:
        yield [e.get("row", ""), e.get("column", ""), e.get("value", ""), e.get("message", "")]


# --------------------------------------------------------------------------- the background job


def job_run(job_id: int) -> None:
    """Run one ImportJob (called by the procrastinate task): read its file, check, maybe write.

    A real import is marked ``done`` inside the transaction that writes its rows; any other outcome
    (refusal, row errors, an unexpected error) is recorded as ``failed`` before the task ends."""
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=now, updated_at=now)

    side: list[Any] = []  # a connection of its own for the progress of a streamed import (ADR 0035)

    def progress(done: int) -> None:
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, updated_at=timezone.now())
            return
        # Inside the streamed import's transaction, where a COPY holds the connection and the job's row
        # would only be seen at COMMIT: written through another connection, never waiting on a lock.
        if not side:
            side.append(connection.copy())
        with side[0].cursor() as cursor:
            cursor.execute(
                "UPDATE registry_importjob SET rows_done = %s, updated_at = %s WHERE id IN "
                "(SELECT id FROM registry_importjob WHERE id = %s FOR UPDATE SKIP LOCKED)",
                [done, timezone.now(), job.pk],
            )

    def written(created: int, updated: int) -> None:
        finished = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            created=created,
            updated=updated,
            errors=[],
            rows_done=F("rows_total"),
            finished_at=finished,
            updated_at=finished,
        )

    outcome: dict[str, Any] = {}
    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        table = read_table(data)
        ImportJob.objects.filter(pk=job.pk).update(rows_total=len(table.rows))
        result = import_table(
            actor=job.created_by,
            commune=job.unit,
            table=table,
            mapping=job.mapping,
            date_format=job.date_format,
            dry_run=job.dry_run,
            progress=progress,
            source=job.original_name,
            job_id=job.pk,
            create_duplicates=bool((job.review or {}).get("create_duplicates")),
            on_written=None if job.dry_run else written,
        )
    except ApplicationError as exc:
        outcome = {"status": ImportStatus.FAILED, "message": exc.message, "errors": []}
    except Exception:
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED,
            interrupted=True,
            message=_(INTERRUPTED_ERROR),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    else:
        outcome = {
            "status": ImportStatus.FAILED if result.errors else ImportStatus.DONE,
            "errors": [e.as_dict() for e in result.errors],
            "created": result.created,
            "updated": result.updated,
            "rows_total": result.rows,
            "rows_done": result.rows,
            "message": encoding_notice(result.encoding),
            "review": {
                **(job.review or {}),
                "ignored_columns": result.ignored_columns,
                "possible_duplicates": result.possible_duplicates[:REVIEW_LIMIT],
                "possible_duplicates_total": len(result.possible_duplicates),
                "matched": result.matched,
            },
        }
    finally:
        for other in side:
            other.close()
    # never overwrites a real import's ``done``: that was set with the rows, in their transaction
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
        **outcome, finished_at=timezone.now(), updated_at=timezone.now()
    )
    if outcome.get("message") and not job.dry_run:
        ImportJob.objects.filter(pk=job.pk).update(message=outcome["message"])


INTERRUPTED_CHECK = (
    "Việc kiểm tra tệp bị gián đoạn vì máy chủ hoặc tiến trình nền dừng đột ngột. Hãy bấm “Chạy lại”."
)
INTERRUPTED_WRITE = (
    "Việc ghi tệp bị gián đoạn vì máy chủ hoặc tiến trình nền dừng đột ngột; chưa có dòng nào được ghi "
    "vào cơ sở dữ liệu. Hãy bấm “Ghi lại”."
)
INTERRUPTED_ERROR = (
    "Việc xử lý tệp dừng vì một lỗi hệ thống; chưa có dòng nào được ghi vào cơ sở dữ liệu. "
    "Hãy bấm “Chạy lại”; nếu vẫn lỗi, hãy báo quản trị viên."
)


def import_job_interrupted(job_id: int) -> str:
    """A crash stopped this job (recovery, treem.core.jobs): mark it failed, retryable by the user.
    Nothing of a real import that is not ``done`` was written (its rows commit with ``done``)."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(pk=job_id, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING))
        .first()
    )
    if job is None:
        return ""
    job.status = ImportStatus.FAILED
    job.interrupted = True
    job.message = _(INTERRUPTED_CHECK if job.dry_run else INTERRUPTED_WRITE)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "interrupted", "message", "finished_at", "updated_at"])
    return "failed"


# --------------------------------------------------------------------------- column templates (services)


def templates_for(user: Any) -> list[Any]:
    """Saved mappings the user may use: the shared ones and those of units in their jurisdiction."""
    units = access.units(user, "registry.import_children").values("pk")
    return list(ImportTemplate.objects.filter(Q(unit__isnull=True) | Q(unit__in=units)).order_by("name"))


def template_mapping(user: Any, choice: str) -> tuple[dict[str, str], str | None, Any]:
    """(mapping, date format or None, ImportTemplate or None) for a form choice "preset:x" / "saved:pk"."""
    kind, _sep, value = (choice or "preset:treem").partition(":")
    if kind == "saved":
        for t in templates_for(user):
            if str(t.pk) == value:
                return dict(t.mapping), t.date_format, t
        raise ImportFileError(_("Mẫu cột đã chọn không tồn tại."))
    if value not in PRESETS:
        value = "treem"
    return dict(PRESETS[value][1]), None, None


def template_by_name(user: Any, name: str) -> Any:
    for t in templates_for(user):
        if t.name == name:
            return t
    for key, (label, _m) in PRESETS.items():
        if name in (key, label):
            return None
    raise ImportFileError(_("Không có mẫu cột nào tên “%(n)s”.") % {"n": name})


def template_save(
    *, actor: Any, unit: AdminUnit, name: str, mapping: dict[str, str], date_format: str
) -> Any:
    access.require(actor, "registry.import_children", unit)
    template, _created = ImportTemplate.objects.update_or_create(
        name=nfc(name)[:100],
        unit=unit,
        defaults={"mapping": clean_mapping(mapping), "date_format": date_format},
    )
    return template
