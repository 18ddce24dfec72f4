from __future__ import annotations

import datetime
import io
import unicodedata
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from treem.core import docx30
from treem.core.docx30 import Document30, Letterhead, Signature

DAY = datetime.date(2026, 12, 5)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def _open(doc: Document30) -> Any:
    return Document(io.BytesIO(doc.to_bytes()))


def _sample() -> Any:
    doc = Document30()
    doc.draft_mark("Dự thảo")
    doc.letterhead(
        Letterhead(
            issuer="Ủy ban nhân dân phường Tân Bình",
            parent_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            number="12",
            symbol="BC-UBND",
            place="Thành phố Hồ Chí Minh",
            date=DAY,
        )
    )
    doc.title("BÁO CÁO", "Kết quả thực hiện công tác trẻ em năm 2026")
    doc.heading("I. KẾT QUẢ")
    doc.heading("1. Chỉ tiêu", level=2)
    doc.paragraph(unicodedata.normalize("NFD", "Tỷ lệ trẻ em được trợ giúp đạt 65,00%."))
    doc.table(
        ["TT", "Đơn vị", "Tỷ lệ (%)"], [["1", "Phường Tân Bình", "65,00"]], numeric={2}, caption="Bảng 1."
    )
    doc.image(_png(), width_mm=100, caption="Biểu đồ 1. Tỷ lệ", description="Tỷ lệ: 65%")
    doc.closing(
        Signature(
            position="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            name="Nguyễn Văn Minh",
            recipients=["Sở Y tế;", "UBND Thành phố"],
        )
    )
    return _open(doc)


def test_number_and_date_lines() -> None:
    assert docx30.number_line("12", "BC-UBND") == "Số: 12/BC-UBND"
    assert docx30.number_line("", "BC-UBND") == "Số:      /BC-UBND"
    assert docx30.number_line("15/QĐ-UBND") == "Số: 15/QĐ-UBND"
    assert docx30.number_line("") == ""
    # NĐ 30: a leading zero for days 1–9 and for months 1 and 2 only.
    assert docx30.date_line("Tân Bình", DAY) == "Tân Bình, ngày 05 tháng 12 năm 2026"
    assert docx30.date_line("Tân Bình", datetime.date(2026, 2, 9)) == "Tân Bình, ngày 09 tháng 02 năm 2026"
    assert docx30.date_line("Tân Bình", datetime.date(2026, 3, 15)) == "Tân Bình, ngày 15 tháng 3 năm 2026"


def test_recipients_end_with_the_archive_line() -> None:
    assert docx30.recipient_lines(["Sở Y tế;", "UBND Thành phố."]) == [
        "- Sở Y tế;",
        "- UBND Thành phố;",
        "- Lưu: VT.",
    ]
    assert docx30.recipient_lines(["Như Điều 2", "Lưu: VT, hồ sơ"]) == ["- Như Điều 2;", "- Lưu: VT, hồ sơ."]
    assert docx30.recipient_lines([]) == ["- Lưu: VT."]


def test_long_agency_names_break_after_the_kind_of_body() -> None:
    assert docx30.body_name_lines("Ủy ban nhân dân phường Tân Bình") == ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN BÌNH"]
    assert docx30.body_name_lines("ỦY BAN NHÂN DÂN") == ["ỦY BAN NHÂN DÂN"]
    assert docx30.body_name_lines("SỞ Y TẾ\nTHÀNH PHỐ HỒ CHÍ MINH") == ["SỞ Y TẾ", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert docx30.body_name_lines("") == []


def test_page_setup_and_fonts() -> None:
    doc = _sample()
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    assert all(11 <= r.font.size.pt <= 14 for r in runs)
    # Page numbers from page 2: a PAGE field in the header, none on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_letterhead() -> None:
    doc = _sample()
    assert doc.paragraphs[0].text == "DỰ THẢO" and doc.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    head = doc.tables[0]
    left = [p for p in head.cell(0, 0).paragraphs if p.text]
    assert [p.text for p in left] == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG TÂN BÌNH",
    ]
    assert [bool(p.runs[0].bold) for p in left] == [False, False, True, True]
    right = [p for p in head.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(p.runs[0].bold for p in right)
    assert [p.runs[0].font.size.pt for p in right] == [12, 13]
    # A rule (bottom border on an empty paragraph) under the issuer and under the motto.
    for cell in (head.cell(0, 0), head.cell(0, 1)):
        assert any(not p.text and p._p.find(".//" + qn("w:pBdr")) is not None for p in cell.paragraphs)
    assert head.cell(1, 0).text == "Số: 12/BC-UBND"
    dated = head.cell(1, 1).paragraphs[0]
    assert dated.text == "Thành phố Hồ Chí Minh, ngày 05 tháng 12 năm 2026"
    assert all(r.italic for r in dated.runs)
    # Borderless.
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def test_letterhead_without_date_row() -> None:
    doc = Document30()
    doc.letterhead(Letterhead(issuer="PHƯỜNG SÀI GÒN", parent_body="ỦY BAN NHÂN DÂN"), date_in_header=False)
    doc.place_date("Sài Gòn", DAY)
    out = _open(doc)
    assert len(out.tables[0].rows) == 1
    assert out.tables[0].cell(0, 0).text.splitlines() == ["ỦY BAN NHÂN DÂN", "PHƯỜNG SÀI GÒN"]
    assert out.paragraphs[-1].text == "Sài Gòn, ngày 05 tháng 12 năm 2026"


def test_body_title_headings_table_image_and_closing() -> None:
    doc = _sample()
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("BÁO CÁO") < texts.index("Kết quả thực hiện công tác trẻ em năm 2026")
    title = doc.paragraphs[texts.index("BÁO CÁO")]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    heading = doc.paragraphs[texts.index("I. KẾT QUẢ")]
    assert heading.runs[0].bold and heading.paragraph_format.keep_with_next
    assert heading._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    body = doc.paragraphs[texts.index("Tỷ lệ trẻ em được trợ giúp đạt 65,00%.")]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(body.paragraph_format.first_line_indent.mm) == 10

    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Đơn vị", "Tỷ lệ (%)"]
    assert all(c.paragraphs[0].runs[0].bold for c in table.rows[0].cells)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[1].cells] == ["1", "Phường Tân Bình", "65,00"]
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert round(sum(c.width.mm for c in table.rows[0].cells)) == docx30.TEXT_WIDTH_MM
    assert "Bảng 1." in texts

    shapes = doc.inline_shapes
    assert len(shapes) == 1 and round(shapes[0].width.mm) == 100
    assert shapes[0]._inline.docPr.get("descr") == "Tỷ lệ: 65%"
    assert "Biểu đồ 1. Tỷ lệ" in texts

    closing = doc.tables[-1]
    assert closing.cell(0, 0).text.splitlines() == [
        "Nơi nhận:",
        "- Sở Y tế;",
        "- UBND Thành phố;",
        "- Lưu: VT.",
    ]
    heading_run = closing.cell(0, 0).paragraphs[0].runs[0]
    assert heading_run.bold and heading_run.italic and heading_run.font.size.pt == 12
    assert closing.cell(0, 0).paragraphs[1].runs[0].font.size.pt == 11
    signed = [p for p in closing.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in signed] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Minh"]
    assert all(p.runs[0].bold for p in signed)


def test_every_text_is_nfc() -> None:
    doc = _sample()
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_label_value_table_and_given_widths() -> None:
    doc = Document30()
    doc.table(None, [["Họ và tên", "Lê Minh Khoa"]], widths_mm=(60, 105), first_column_bold=True, size=13)
    table = _open(doc).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Họ và tên", "Lê Minh Khoa"]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert [round(c.width.mm) for c in table.rows[0].cells] == [60, 105]


def test_column_widths_fill_the_text_width() -> None:
    widths = docx30.column_widths(["TT", "Đơn vị", "Số"], [["1", "Phường Tân Sơn Nhất", "1.234"]], 165)
    assert round(sum(widths), 6) == 165
    assert widths[1] > widths[0] and min(widths) >= 12 - 1e-9


def test_pdf_is_none_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx30.shutil, "which", lambda name: None)
    assert docx30.office_binary() is None
    assert docx30.docx_to_pdf(Document30().to_bytes()) is None


@pytest.mark.skipif(docx30.office_binary() is None, reason="LibreOffice is not installed")
def test_pdf_with_libreoffice() -> None:
    pdf = docx30.docx_to_pdf(Document30().to_bytes(), name="thử nghiệm/../x")
    assert pdf is not None and pdf.startswith(b"%PDF")
