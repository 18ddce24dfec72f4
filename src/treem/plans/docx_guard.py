"""A DOCX zip bomb is refused before python-docx opens it (the plan import, parsing/extract.py).

python-docx reads every part of the zip whole into memory: a 5 MB upload whose document.xml unpacks
to gigabytes would take the worker's memory. The zip's directory is checked first, with the spreadsheet
reader's checks (``core.spreadsheets.inspect_zip``) and limits sized for a plan, which unpacks to a few
MB. (This module lies outside ``parsing/`` on purpose: the diacritics lexicon learns its words from the
sources there, and a refusal's words must not change how a plan's unaccented text is read.)
"""

from __future__ import annotations

_MiB = 1024 * 1024
DOCX_MAX_MEMBERS = 2_000
DOCX_MAX_MEMBER_BYTES = 64 * _MiB
DOCX_MAX_UNPACKED_BYTES = 128 * _MiB
DOCX_TOO_BIG = (
    "Tệp .docx khi giải nén lớn bất thường ({found}), quá giới hạn {limit} của một văn bản kế hoạch; "
    "có thể tệp bị hỏng hoặc độc hại. Hãy mở tệp bằng Word, lưu lại rồi tải lên lại."
)


def docx_refusal(data: bytes) -> str | None:
    """The Vietnamese reason to refuse ``data`` unopened, or None (python-docx then says if it is no DOCX)."""
    from treem.core.spreadsheets import Limits, SpreadsheetRefused, inspect_zip

    limits = Limits(
        max_members=DOCX_MAX_MEMBERS,
        max_member_bytes=DOCX_MAX_MEMBER_BYTES,
        max_unpacked_bytes=DOCX_MAX_UNPACKED_BYTES,
    )
    try:
        inspect_zip(data, limits)
    except SpreadsheetRefused as exc:
        params = exc.params
        if exc.code == "too_many_members":
            found, limit = f"{params['found']} thành phần", f"{params['limit']} thành phần"
        elif exc.code == "ratio":
            found, limit = f"nén {params['found']} lần", f"{params['limit']} lần"
        elif exc.code in ("member_too_big", "unpacked_too_big"):
            found, limit = f"{params['bytes'] // _MiB} MB", f"{params['limit_bytes'] // _MiB} MB"
        else:  # not a zip, or a workbook renamed .docx: python-docx refuses it in its own words
            return None
        return DOCX_TOO_BIG.format(found=found, limit=limit)
    return None
