"""Reading an uploaded spreadsheet (XLSX, XLS, ODS) without letting it take a process down.

The spreadsheet reader (python-calamine, Rust) allocates the whole used range of a sheet at once and
*aborts the process* when an allocation fails — something Python cannot catch. A 1.6 KB XLSX with one
cell in A1 and one in XFD1048576 asks for 549,755,813,888 bytes. So every uploaded spreadsheet goes
through ``read_sheet``:

1. In this process, cheaply, before any parsing: the zip's member count, each member's declared
   unpacked size, the total, the compression ratio, and the ``<dimension ref=...>`` each worksheet
   declares (read by streaming only the start of the sheet's XML).
2. In a child process (``spawn``: a fresh interpreter, nothing shared) with an address-space limit
   (RLIMIT_AS), a CPU limit (RLIMIT_CPU) and a wall-clock deadline: the sheet's XML is streamed again
   and every ``<row r=..>``/``<c r=..>`` position checked against the row and column caps (the
   declared dimension may lie or be absent), then calamine parses it and every row, column and cell
   length is checked once more. A file that still exhausts the limits kills only the child.

The worst file therefore costs one refused upload, never a web or job worker. The caps (ADR 0016)
each have their own Vietnamese message. This module imports nothing from Django at module level, so
the child starts without settings.
"""

from __future__ import annotations

import io
import multiprocessing
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 100 * MiB  # the uploaded file itself
    max_members: int = 1_000  # entries in the zip
    max_member_bytes: int = 512 * MiB  # one entry, unpacked (as declared)
    max_unpacked_bytes: int = 512 * MiB  # all entries together, unpacked (as declared)
    max_ratio: int = 100  # unpacked ÷ packed, for entries over RATIO_FLOOR bytes unpacked
    max_rows: int = 200_100  # rows of the sheet, header and blank rows included
    max_columns: int = 200
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    memory_bytes: int = 2048 * MiB  # address space of the reading process
    seconds: int = 180  # CPU seconds and wall-clock seconds of the reading process


DEFAULT_LIMITS = Limits()
RATIO_FLOOR = 1 * MiB
HEAD_BYTES = 64 * 1024  # how much of a sheet's XML is read to find its <dimension>
SCAN_CHUNK = 1 * MiB


class SpreadsheetRefused(Exception):
    """The file is refused before or while reading; ``code`` picks the message, ``params`` fill it."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return refusal_message(self.code, self.params)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _mb(value: int) -> str:
    return _n(max(1, value // MiB))


def refusal_message(code: str, params: dict[str, Any]) -> str:
    from django.utils.translation import gettext as _

    p = dict(params)
    for key in ("limit", "found", "rows", "columns"):
        if isinstance(p.get(key), int):
            p[key + "_text"] = _n(p[key])
    for key in ("bytes", "limit_bytes"):
        if isinstance(p.get(key), int):
            p[key + "_mb"] = _mb(p[key])
    messages = {
        "not_spreadsheet": _("Tệp không phải bảng tính XLSX hợp lệ (tệp nén bị hỏng hoặc sai định dạng)."),
        "file_too_big": _("Tệp lớn quá %(limit_bytes_mb)s MB; hãy chia thành nhiều tệp."),
        "too_many_members": _(
            "Tệp XLSX chứa %(found_text)s thành phần, quá giới hạn %(limit_text)s; "
            "đây không phải một bảng tính thông thường."
        ),
        "member_too_big": _(
            "Một thành phần của tệp XLSX khi giải nén lớn %(bytes_mb)s MB, "
            "quá giới hạn %(limit_bytes_mb)s MB; hãy chia thành nhiều tệp."
        ),
        "unpacked_too_big": _(
            "Tệp XLSX khi giải nén lớn %(bytes_mb)s MB, quá giới hạn %(limit_bytes_mb)s MB; "
            "hãy chia thành nhiều tệp."
        ),
        "ratio": _(
            "Tệp XLSX nén bất thường (tỷ lệ giải nén %(found_text)s lần, giới hạn %(limit_text)s lần): "
            "có thể là tệp độc hại nên không được đọc."
        ),
        "too_many_rows": _(
            "Trang tính có tới dòng %(found_text)s, quá giới hạn %(limit_text)s dòng; "
            "hãy xóa các dòng thừa hoặc chia thành nhiều tệp."
        ),
        "too_many_columns": _(
            "Trang tính có tới cột thứ %(found_text)s, quá giới hạn %(limit_text)s cột; "
            "hãy xóa các cột thừa ở bên phải."
        ),
        "cell_too_long": _(
            "Một ô trong tệp dài %(found_text)s ký tự, quá giới hạn %(limit_text)s ký tự của một ô."
        ),
        "memory": _(
            "Tệp cần quá nhiều bộ nhớ để đọc (giới hạn %(limit_bytes_mb)s MB) nên đã bị từ chối; "
            "hãy xóa các ô, dòng, cột thừa hoặc chia thành nhiều tệp."
        ),
        "timeout": _("Đọc tệp quá %(limit_text)s giây nên đã dừng; hãy chia thành nhiều tệp nhỏ hơn."),
        "crashed": _("Không đọc được tệp bảng tính (trình đọc dừng bất thường); tệp có thể bị hỏng."),
    }
    return messages.get(code, messages["crashed"]) % p


# --------------------------------------------------------------------------- cell references


_COLUMN_RE = re.compile(r"([A-Za-z]{1,3})?(\d{1,7})?")


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def parse_ref(ref: str) -> tuple[int, int]:
    """ "XFD1048576" → (row 1048576, column 16384); missing parts count as 0."""
    m = _COLUMN_RE.fullmatch(ref.strip().replace("$", ""))
    if not m:
        return 0, 0
    letters, digits = m.groups()
    return (int(digits) if digits else 0), (column_number(letters) if letters else 0)


_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
# <row r="12" ...> and <c r="AB12" ...> (any namespace prefix)
_POSITION_RE = re.compile(rb"<(?:\w+:)?(row|c)\b[^>]*?\br\s*=\s*[\"']([A-Za-z$]*)\$?(\d*)[\"']")
_ROW_OPEN_RE = re.compile(rb"<(?:\w+:)?row\b")


_REL_RE = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR_RE = re.compile(rb"\b(Type|Target)\s*=\s*[\"']([^\"']*)[\"']")


def _worksheets(book: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Every worksheet part: those under xl/worksheets/ and any other the workbook's relationships name
    (a hostile file may put its sheet elsewhere)."""
    names = {
        i.filename for i in book.infolist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename, re.I)
    }
    try:
        with book.open("xl/_rels/workbook.xml.rels") as fh:
            rels = fh.read(1024 * 1024)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        rels = b""
    for tag in _REL_RE.findall(rels):
        attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR_RE.findall(tag)}
        if attrs.get("Type", "").endswith("/worksheet") and attrs.get("Target"):
            target = attrs["Target"]
            names.add(target.lstrip("/") if target.startswith("/") else "xl/" + target.removeprefix("./"))
    by_name = {i.filename: i for i in book.infolist()}
    return [by_name[n] for n in sorted(names) if n in by_name]


def _check_extent(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise SpreadsheetRefused("too_many_rows", found=rows, limit=limits.max_rows)
    if columns > limits.max_columns:
        raise SpreadsheetRefused("too_many_columns", found=columns, limit=limits.max_columns)


def inspect_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """The checks made before any parsing, on the zip's directory and the start of each sheet's XML."""
    if len(data) > limits.max_file_bytes:
        raise SpreadsheetRefused("file_too_big", limit_bytes=limits.max_file_bytes)
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        infos = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise SpreadsheetRefused("not_spreadsheet") from None
    if len(infos) > limits.max_members:
        raise SpreadsheetRefused("too_many_members", found=len(infos), limit=limits.max_members)
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            raise SpreadsheetRefused(
                "member_too_big", bytes=info.file_size, limit_bytes=limits.max_member_bytes
            )
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise SpreadsheetRefused("unpacked_too_big", bytes=total, limit_bytes=limits.max_unpacked_bytes)
        if info.file_size > RATIO_FLOOR:
            ratio = info.file_size // max(1, info.compress_size)
            if ratio > limits.max_ratio:
                raise SpreadsheetRefused("ratio", found=ratio, limit=limits.max_ratio)
    for info in _worksheets(book):
        try:
            with book.open(info) as fh:
                head = fh.read(HEAD_BYTES)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            raise SpreadsheetRefused("not_spreadsheet") from None
        m = _DIMENSION_RE.search(head)
        if m:
            last = m.group(1).decode("ascii", "replace").split(":")[-1]
            rows, columns = parse_ref(last)
            _check_extent(rows, columns, limits)


def scan_positions(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Stream every worksheet's XML and refuse a row or cell placed beyond the caps, whatever the
    declared dimension says. Rows without ``r`` are counted."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise SpreadsheetRefused("not_spreadsheet") from None
    for info in _worksheets(book):
        implied_rows = 0
        tail = b""
        try:
            with book.open(info) as fh:
                while True:
                    chunk = fh.read(SCAN_CHUNK)
                    if not chunk:
                        break
                    text = tail + chunk
                    # Only complete tags are examined; what follows the last ">" waits for the next chunk
                    # (at most 4 KiB of it: a longer run without ">" is text, not a tag).
                    cut = text.rfind(b">") + 1
                    body, tail = text[:cut], text[cut:][-4096:]
                    implied_rows += len(_ROW_OPEN_RE.findall(body))
                    max_row, max_col = implied_rows, 0
                    for _kind, letters, digits in _POSITION_RE.findall(body):
                        if digits:
                            max_row = max(max_row, int(digits))
                        if letters:
                            max_col = max(max_col, column_number(letters.replace(b"$", b"").decode()))
                    _check_extent(max_row, max_col, limits)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            raise SpreadsheetRefused("not_spreadsheet") from None


# --------------------------------------------------------------------------- the child process


def _parse(data: bytes, limits: Limits, skip_empty_area: bool) -> list[list[Any]]:
    if data[:4] == b"PK\x03\x04":
        scan_positions(data, limits)
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except Exception:  # calamine's own errors for broken zips and XML
        raise SpreadsheetRefused("not_spreadsheet") from None
    _check_extent(sheet.total_height, sheet.total_width, limits)
    try:
        rows = sheet.to_python(skip_empty_area=skip_empty_area)
    except Exception:
        raise SpreadsheetRefused("not_spreadsheet") from None
    for row in rows:
        if len(row) > limits.max_columns:
            raise SpreadsheetRefused("too_many_columns", found=len(row), limit=limits.max_columns)
        for cell in row:
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise SpreadsheetRefused("cell_too_long", found=len(cell), limit=limits.max_cell_chars)
    return [list(r) for r in rows]


def _child(conn: Any, data: bytes, limits: Limits, skip_empty_area: bool, checks: bool) -> None:
    import os
    import resource

    os.environ["RUST_BACKTRACE"] = "0"  # a failed allocation aborts the child: one line on stderr is enough
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.seconds, limits.seconds + 5))
    try:
        if checks:
            rows = _parse(data, limits, skip_empty_area)
        else:  # tests only: go straight to calamine, to show what the limits alone contain
            from python_calamine import CalamineWorkbook

            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = sheet.to_python(skip_empty_area=skip_empty_area)
        conn.send(("ok", rows))
    except SpreadsheetRefused as exc:
        conn.send(("refused", exc.code, exc.params))
    except MemoryError:
        conn.send(("refused", "memory", {"limit_bytes": limits.memory_bytes}))
    except Exception:
        conn.send(("refused", "crashed", {}))
    finally:
        conn.close()


def _run_child(data: bytes, limits: Limits, skip_empty_area: bool, checks: bool = True) -> list[list[Any]]:
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, data, limits, skip_empty_area, checks), daemon=True)
    process.start()
    sender.close()
    message: Any = None
    timed_out = False
    try:
        if receiver.poll(limits.seconds):
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None
        else:
            timed_out = True
    finally:
        receiver.close()
        if process.is_alive():
            process.join(1)
        if process.is_alive():
            process.kill()
        process.join()
    if timed_out:
        raise SpreadsheetRefused("timeout", limit=limits.seconds)
    if message is None:  # the child died: an abort on a failed allocation, the CPU limit, a signal
        import signal

        if process.exitcode == -signal.SIGXCPU:
            raise SpreadsheetRefused("timeout", limit=limits.seconds)
        raise SpreadsheetRefused("memory", limit_bytes=limits.memory_bytes)
    if message[0] == "ok":
        return list(message[1])
    raise SpreadsheetRefused(message[1], **message[2])


def read_sheet(
    data: bytes, *, limits: Limits = DEFAULT_LIMITS, skip_empty_area: bool = False
) -> list[list[Any]]:
    """The first sheet's rows (lists of str, float, int, bool, date, datetime, time, timedelta or None)
    of an XLSX, XLS or ODS file, or SpreadsheetRefused. Never parses in this process."""
    if len(data) > limits.max_file_bytes:
        raise SpreadsheetRefused("file_too_big", limit_bytes=limits.max_file_bytes)
    if data[:4] == b"PK\x03\x04":
        inspect_zip(data, limits)
    return _run_child(data, limits, skip_empty_area)


def with_limits(**changes: Any) -> Limits:
    return replace(DEFAULT_LIMITS, **changes)
