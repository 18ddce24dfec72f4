"""Hostile spreadsheets are refused with a message, and never kill the process that reads them."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from treem.core import spreadsheets
from treem.core.spreadsheets import SpreadsheetRefused, read_sheet

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet_xml(cells: list[tuple[str, str]], dimension: str | None = None) -> str:
    rows: dict[int, list[str]] = {}
    for ref, text in cells:
        row, _col = spreadsheets.parse_ref(ref)
        rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{body}</sheetData></worksheet>"
    )


def build_xlsx(sheet: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return buffer.getvalue()


def forge_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Write ``size`` as the member's unpacked size in its local header and the central directory."""
    out = bytearray(data)
    name = member.encode()
    pos = out.find(b"PK\x03\x04")
    while pos != -1:
        nlen = struct.unpack_from("<H", out, pos + 26)[0]
        if bytes(out[pos + 30 : pos + 30 + nlen]) == name:
            struct.pack_into("<I", out, pos + 22, size)
        pos = out.find(b"PK\x03\x04", pos + 4)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        nlen = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46 : pos + 46 + nlen]) == name:
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


HOSTILE_CORNERS = build_xlsx(sheet_xml([("A1", "x"), ("XFD1048576", "y")]))


def test_a_plain_sheet_is_read_in_a_child_process() -> None:
    data = build_xlsx(
        sheet_xml([("A1", "Họ và tên"), ("B1", "Ngày sinh"), ("A2", "Lê Văn An"), ("B2", "1/2/2020")])
    )
    assert read_sheet(data) == [["Họ và tên", "Ngày sinh"], ["Lê Văn An", "1/2/2020"]]


def test_cells_in_a1_and_xfd1048576_are_refused_before_parsing() -> None:
    """The 1.6 KB file that made calamine ask for 549,755,813,888 bytes and abort the process."""
    assert len(HOSTILE_CORNERS) < 2000
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(HOSTILE_CORNERS)
    assert exc.value.code == "too_many_rows"
    assert "1.048.576" in exc.value.message


def test_the_declared_dimension_is_checked_without_parsing() -> None:
    data = build_xlsx(sheet_xml([("A1", "x")], dimension="A1:XFD1048576"))
    with pytest.raises(SpreadsheetRefused) as exc:
        spreadsheets.inspect_zip(data)  # in this process: only the start of the sheet's XML is read
    assert exc.value.code == "too_many_rows"
    wide = build_xlsx(sheet_xml([("A1", "x")], dimension="A1:ZZ3"))
    with pytest.raises(SpreadsheetRefused) as exc:
        spreadsheets.inspect_zip(wide)
    assert exc.value.code == "too_many_columns"
    assert "702" in exc.value.message


def test_a_lying_dimension_does_not_hide_far_cells() -> None:
    data = build_xlsx(sheet_xml([("A1", "x"), ("ZZ2", "y")], dimension="A1:B2"))
    spreadsheets.inspect_zip(data)  # the declaration alone passes
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(data)
    assert exc.value.code == "too_many_columns"


def test_the_child_contains_calamine_aborting_on_the_hostile_file() -> None:
    """Without any of the checks, calamine aborts on the file — and only the child dies."""
    with pytest.raises(SpreadsheetRefused) as exc:
        spreadsheets._run_child(HOSTILE_CORNERS, spreadsheets.DEFAULT_LIMITS, False, checks=False)
    assert exc.value.code == "memory"
    assert "bộ nhớ" in exc.value.message


def test_a_declared_huge_member_is_refused() -> None:
    """One cell of "1 GiB": the shared strings declare 1 GiB unpacked."""
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>" + "A" * 1000 + "</t></si></sst>"
    ).encode()
    data = build_xlsx(sheet_xml([("A1", "x")]), {"xl/sharedStrings.xml": shared})
    data = forge_declared_size(data, "xl/sharedStrings.xml", 1024 * 1024 * 1024)
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(data)
    assert exc.value.code == "member_too_big"
    assert "1.024 MB" in exc.value.message


def test_a_highly_compressed_member_is_refused() -> None:
    payload = b"<sst><si><t>" + b"A" * (8 * 1024 * 1024) + b"</t></si></sst>"
    data = build_xlsx(sheet_xml([("A1", "x")]), {"xl/sharedStrings.xml": payload})
    assert len(data) < 100_000
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(data)
    assert exc.value.code == "ratio"


def test_total_unpacked_size_members_and_cell_length_have_their_own_caps() -> None:
    data = build_xlsx(sheet_xml([("A1", "x" * 5000)]), {f"xl/media/{i}.xml": b"<a/>" for i in range(30)})
    small = spreadsheets.with_limits(max_members=20)
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(data, limits=small)
    assert exc.value.code == "too_many_members"
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(data, limits=spreadsheets.with_limits(max_unpacked_bytes=3000, max_member_bytes=10_000))
    assert exc.value.code == "unpacked_too_big"
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(data, limits=spreadsheets.with_limits(max_cell_chars=4000))
    assert exc.value.code == "cell_too_long"
    assert "5.000" in exc.value.message
    codes = {
        "too_many_members",
        "member_too_big",
        "unpacked_too_big",
        "ratio",
        "too_many_rows",
        "too_many_columns",
        "cell_too_long",
        "memory",
        "timeout",
        "file_too_big",
    }
    params = {"found": 2, "limit": 1, "bytes": 2 * spreadsheets.MiB, "limit_bytes": spreadsheets.MiB}
    messages = {spreadsheets.refusal_message(code, params) for code in codes}
    assert len(messages) == len(codes)  # each cap its own message


def test_a_sheet_stored_elsewhere_is_checked_too() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml", CONTENT_TYPES.replace("/xl/worksheets/sheet1.xml", "/xl/hidden/s.xml")
        )
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr(
            "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace("worksheets/sheet1.xml", "hidden/s.xml")
        )
        z.writestr("xl/hidden/s.xml", sheet_xml([("A1", "x")], dimension="A1:XFD1048576"))
    with pytest.raises(SpreadsheetRefused) as exc:
        spreadsheets.inspect_zip(buffer.getvalue())
    assert exc.value.code == "too_many_rows"


def test_a_broken_zip_is_not_a_spreadsheet() -> None:
    with pytest.raises(SpreadsheetRefused) as exc:
        read_sheet(b"PK\x03\x04" + b"\x00" * 100)
    assert exc.value.code == "not_spreadsheet"
