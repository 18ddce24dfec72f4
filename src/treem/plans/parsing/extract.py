"""Text out of an uploaded file: .txt (UTF-8/UTF-16/cp1258), .docx (python-docx) and .pdf (pypdf; laid out
as on the page when it holds a task table)."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from .tables import find_layout_tables, is_task_header


def legacy_encoding(text: str) -> str | None:
    """ "tcvn3", "vni" or None: the pre-Unicode font encoding ``text`` was typed in (ADR 0016)."""
    from treem.registry.legacy_encodings import detect

    return detect(text)


def to_unicode(text: str) -> tuple[str, str]:
    """(Unicode text, the name of the legacy encoding converted; "" when none).

    A text that mixes a legacy encoding with Unicode Vietnamese cannot be converted safely and is
    refused with the reason and how to convert it."""
    from treem.registry.legacy_encodings import _UNICODE_VIET, NAMES, LegacyEncodingError, normalise_text

    found = legacy_encoding(text)
    if found is None:
        return text, ""
    signs = sum(1 for ch in text if "\xa1" <= ch <= "\xfe" and not ch.isalpha()) + len(
        re.findall(r"[aeouyAEOUY][øûïåäëü]", text)
    )
    marked = len(_UNICODE_VIET.findall(text))
    if marked > 20 * max(signs, 1):
        return text, ""  # a Unicode text with a footnote mark or two ("¹"), not a legacy one
    if not marked and 100 * signs < sum(1 for ch in text if ch.isascii() and ch.isalpha()):
        # … or one typed without diacritics: a legacy font marks about a third of the syllables, never a
        # word or two in a hundred
        return text, ""
    try:
        converted, found = normalise_text(text)
    except LegacyEncodingError:
        found = legacy_encoding(text) or ""
        raise PlanFileError(
            f"Văn bản lẫn chữ gõ bằng bảng mã {NAMES[found]} với chữ Unicode nên không thể tự chuyển "
            "an toàn. Hãy chuyển toàn bộ văn bản sang Unicode (UniKey → Công cụ chuyển mã, "
            f"nguồn {NAMES[found]}, đích Unicode) rồi tải lên lại."
        ) from None
    return converted, NAMES[found] if found else ""


class PlanFileError(ValueError):
    """The uploaded file cannot be turned into text; the message is shown to the user (Vietnamese)."""


UNSUPPORTED = "Định dạng tệp không được hỗ trợ (chỉ nhận .txt, .docx, .pdf)."
UNREADABLE = "Tệp không đọc được: {reason}"
SCANNED_PDF = "Tệp PDF không có lớp chữ (bản quét) — hãy tải lên bản .docx hoặc .txt."


def extract_text(filename: str, data: bytes) -> str:
    """The NFC text of ``data``, chosen by the extension of ``filename``."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".txt":
        text = _decode_text(data)
    elif suffix == ".docx":
        text = _docx_text(data)
    elif suffix == ".pdf":
        text = _pdf_text(data)
    else:
        raise PlanFileError(UNSUPPORTED)
    text = unicodedata.normalize("NFC", text)
    to_unicode(text)  # refuses a text mixing a legacy encoding with Unicode; parse_plan converts
    return text


def _decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise PlanFileError(UNREADABLE.format(reason="mã UTF-16 hỏng")) from exc
    if b"\x00" in data:
        raise PlanFileError(UNREADABLE.format(reason="tệp nhị phân, không phải văn bản"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        if legacy_encoding(latin):
            return _checked(latin)  # TCVN3/VNI bytes: parse_plan converts them (and says so)
        return _checked(data.decode("cp1258", errors="replace"))


def _checked(text: str) -> str:
    if not text:
        return text
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    replaced = text.count("\ufffd")
    if (control + replaced) / len(text) > 0.02:
        raise PlanFileError(UNREADABLE.format(reason="tệp nhị phân, không phải văn bản"))
    return text


def _docx_text(data: bytes) -> str:
    from treem.plans.docx_guard import docx_refusal  # outside parsing/: its words stay out of the lexicon

    refused = docx_refusal(data)
    if refused is not None:
        raise PlanFileError(refused)
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types on bad input
        raise PlanFileError(UNREADABLE.format(reason="không phải tệp .docx hợp lệ")) from exc
    lines: list[str] = []
    for item in _docx_items(document, Paragraph, Table):
        lines.append(item)
    return "\n".join(lines)


def _docx_items(parent: Any, paragraph_cls: Any, table_cls: Any) -> Iterator[str]:
    """Paragraphs and table cells in document order (a cell's paragraphs, row by row)."""
    body = parent.element.body if hasattr(parent, "element") else parent._element
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield paragraph_cls(child, parent).text
        elif tag == "tbl":
            table = table_cls(child, parent)
            rows = [_distinct_cells(row) for row in table.rows]
            if rows and is_task_header([" ".join(p.text for p in c.paragraphs) for c in rows[0]]):
                # a table of tasks: a row a line between "|", an empty cell kept, so that the columns
                # its header names can be read (tables.py)
                for cells in rows:
                    texts = (" ".join(p.text.strip() for p in c.paragraphs).strip() for c in cells)
                    yield "| " + " | ".join(texts) + " |"
                yield ""
                continue
            for cells in rows:
                for cell in cells:
                    yield from (p.text for p in cell.paragraphs)
                yield ""


def _distinct_cells(row: Any) -> list[Any]:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # merged cells repeat
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


def _pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PlanFileError(UNREADABLE.format(reason="không phải tệp PDF hợp lệ")) from exc
    text = "\n\n".join(pages)
    if sum(1 for ch in text if ch.isalpha()) < 20:
        raise PlanFileError(SCANNED_PDF)
    return _laid_out_if_tabled(reader) or text


def _laid_out_if_tabled(reader: Any) -> str:
    """The PDF's text laid out as on the page (each line's words at their columns, as "pdftotext
    -layout" gives it) when that shows a task table — read cell by cell in its columns (tables.py);
    else "", and the plain text stands (a table's cells come out there one after another, unreadable)."""
    try:
        laid_out = "\n\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
    except Exception:  # pypdf's layout mode fails on some fonts: the plain text stands
        return ""
    return laid_out if find_layout_tables(laid_out) else ""
