from __future__ import annotations

import datetime
import io
import unicodedata
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from PIL import Image
from python_calamine import CalamineWorkbook

from treem.core import docx30
from treem.reporting import documents
from treem.reporting.documents import Chart, ReportContent, Section, Table

UNITS = ["Phường Tân Bình", "Phường Bảy Hiền", "Phường Tân Sơn Nhất"]


def _content(**overrides: Any) -> ReportContent:
    values: dict[str, Any] = {
        "parent_body": "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        "issuer": "ỦY BAN NHÂN DÂN PHƯỜNG TÂN BÌNH",
        "issuer_short": "UBND",
        "number": "12",
        "place": "Thành phố Hồ Chí Minh",
        "date": datetime.date(2026, 12, 5),
        "title": "Kết quả thực hiện công tác trẻ em năm 2026",
        "sections": [
            Section(
                "I. KẾT QUẢ THỰC HIỆN",
                paragraphs=[unicodedata.normalize("NFD", "Ủy ban nhân dân phường báo cáo kết quả như sau:")],
            ),
            Section(
                "1. Các chỉ tiêu",
                level=2,
                paragraphs=["Tỷ lệ trẻ em được trợ giúp đạt 65,00%."],
                tables=[
                    Table(
                        "Chỉ tiêu theo phường",
                        ["TT", "Đơn vị", "Số trẻ em", "Tỷ lệ (%)"],
                        [
                            ["1", UNITS[0], "1.234", "65,00"],
                            ["2", UNITS[1], "987", "1.234,5"],
                            ["3", UNITS[2], "—", "chưa có"],
                        ],
                        numeric={2, 3},
                    )
                ],
                charts=[
                    Chart(
                        "Tỷ lệ trẻ em được trợ giúp",
                        ["2024", "2025", "2026"],
                        [52.5, None, 65.0],
                        target=80,
                        unit_label="%",
                    )
                ],
            ),
            Section(
                "2. Theo đơn vị",
                level=2,
                charts=[Chart("Tỷ suất theo phường", UNITS, [1.2, 0.8, 2.35], unit_label="‰")],
            ),
            Section("II. NHIỆM VỤ NĂM 2027", paragraphs=["Tiếp tục triển khai Chương trình hành động."]),
        ],
        "recipients": ["Ủy ban nhân dân Thành phố", "Sở Y tế"],
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_position": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Minh",
    }
    values.update(overrides)
    return ReportContent(**values)


def _docx(content: ReportContent) -> Any:
    return Document(io.BytesIO(documents.report_docx(content)))


def _texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _cells(doc: Any) -> list[str]:
    return [c.text for t in doc.tables for row in t.rows for c in row.cells]


# -- DOCX ----------------------------------------------------------------------------------------------------
def test_docx_layout_and_letterhead() -> None:
    doc = _docx(_content())
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {k: round(getattr(section, f"{k}_margin").mm) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    head = doc.tables[0]
    left = head.cell(0, 0).text
    assert "THÀNH PHỐ HỒ CHÍ MINH" in left and "PHƯỜNG TÂN BÌNH" in left
    assert head.cell(0, 1).text.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert head.cell(1, 0).text == "Số: 12/BC-UBND"
    assert head.cell(1, 1).text == "Thành phố Hồ Chí Minh, ngày 05 tháng 12 năm 2026"
    texts = _texts(doc)
    assert texts.index("BÁO CÁO") + 1 == texts.index("Kết quả thực hiện công tác trẻ em năm 2026")
    for run in (r for p in doc.paragraphs for r in p.runs if r.text):
        assert run.font.name == "Times New Roman" and 11 <= run.font.size.pt <= 14


def test_blank_number_and_draft_mark() -> None:
    doc = _docx(_content(number="", draft_mark="Dự thảo"))
    assert doc.tables[0].cell(1, 0).text == "Số:      /BC-UBND"
    assert doc.paragraphs[0].text == "DỰ THẢO"


def test_docx_sections_tables_and_charts() -> None:
    doc = _docx(_content())
    texts = _texts(doc)
    headings = ["I. KẾT QUẢ THỰC HIỆN", "1. Các chỉ tiêu", "2. Theo đơn vị", "II. NHIỆM VỤ NĂM 2027"]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    assert all(doc.paragraphs[i].runs[0].bold for i in positions)
    assert "Ủy ban nhân dân phường báo cáo kết quả như sau:" in texts  # NFD input comes out NFC
    assert "Bảng 1. Chỉ tiêu theo phường" in texts
    assert texts.index("Bảng 1. Chỉ tiêu theo phường") < texts.index("Biểu đồ 1. Tỷ lệ trẻ em được trợ giúp")
    assert "Biểu đồ 2. Tỷ suất theo phường" in texts

    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Đơn vị", "Số trẻ em", "Tỷ lệ (%)"]
    assert [c.text for c in table.rows[1].cells] == ["1", "Phường Tân Bình", "1.234", "65,00"]
    assert table.rows[2].cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[2].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT

    shapes = doc.inline_shapes
    assert len(shapes) == 2  # one picture per chart
    assert round(shapes[0].width.mm) == documents.CHART_WIDTH_MM
    assert "2025: —" in shapes[0]._inline.docPr.get("descr")
    assert "mục tiêu 80%" in shapes[0]._inline.docPr.get("descr")


def test_docx_closing() -> None:
    doc = _docx(_content())
    closing = doc.tables[-1]
    assert closing.cell(0, 0).text.splitlines() == [
        "Nơi nhận:",
        "- Ủy ban nhân dân Thành phố;",
        "- Sở Y tế;",
        "- Lưu: VT.",
    ]
    signed = [line for line in closing.cell(0, 1).text.splitlines() if line]
    assert signed == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Minh"]


def test_docx_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Phường Tân Bình")
    doc = _docx(_content(place=nfd, signer_name=unicodedata.normalize("NFD", "Nguyễn Văn Minh")))
    texts = _texts(doc) + _cells(doc)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "Phường Tân Bình, ngày 05 tháng 12 năm 2026" in texts


def test_without_a_vietnamese_font_the_figures_go_in_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "chart_fonts", lambda: None)
    doc = _docx(_content())
    assert len(doc.inline_shapes) == 2
    cells = _cells(doc)
    assert "Phường Tân Sơn Nhất" in cells and "2,35‰" in cells
    assert "Mục tiêu" in cells and "80%" in cells and "—" in cells
    png = documents.chart_png(_content().sections[1].charts[0], width_px=600)
    assert Image.open(io.BytesIO(png)).size[0] == 600


# -- chart PNG -----------------------------------------------------------------------------------------------
def _bar_pixels(image: Image.Image, x0: int, x1: int) -> int:
    crop = image.convert("RGB").crop((x0, 0, x1, image.size[1]))
    return sum(count for count, colour in crop.getcolors(maxcolors=1 << 20) or [] if colour == documents.BAR)


def test_chart_png_size_and_missing_values() -> None:
    png = documents.chart_png(Chart("Tỷ lệ", ["2025", "2026"], [None, 40.0], target=50, unit_label="%"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == 1200 and 400 <= image.size[1] <= 800
    width = image.size[0]
    # The year without a figure has no bar (a grey stub and "—"); the other one has.
    assert _bar_pixels(image, 0, width // 2) == 0
    assert _bar_pixels(image, width // 2, width) > 1000
    small = Image.open(io.BytesIO(documents.chart_png(Chart("x", [], []), width_px=640)))
    assert small.size[0] == 640


def test_chart_png_all_missing_and_many_labels() -> None:
    image = Image.open(io.BytesIO(documents.chart_png(Chart("Trống", ["a", "b"], [None, None]))))
    assert _bar_pixels(image, 0, image.size[0]) == 0
    many = Chart(
        "Theo phường", [f"Phường số {i} có tên rất dài" for i in range(20)], [float(i) for i in range(20)]
    )
    assert Image.open(io.BytesIO(documents.chart_png(many, width_px=900))).size[0] == 900


def test_a_vietnamese_font_is_found() -> None:
    fonts = documents.chart_fonts()
    if fonts is None:
        pytest.skip("no TrueType font with Vietnamese letters on this machine")
    assert all(documents._covers_vietnamese(documents.Path(p)) for p in fonts)


# -- XLSX ----------------------------------------------------------------------------------------------------
def test_parse_vn_number() -> None:
    assert documents.parse_vn_number("1.234,50") == (1234.5, 2)
    assert documents.parse_vn_number("65,00") == (65.0, 2)
    assert documents.parse_vn_number("1.234") == (1234.0, 0)
    assert documents.parse_vn_number("-12,5") == (-12.5, 1)
    assert documents.parse_vn_number("12") == (12.0, 0)
    for text in ("—", "", "chưa có", "12%", "1,2,3", "1.23"):
        assert documents.parse_vn_number(text) is None


def test_sheet_names() -> None:
    taken: set[str] = set()
    assert documents.sheet_name("Chỉ tiêu [2026]: A/B*C?", taken) == "Chỉ tiêu 2026 A B C"
    long = "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp theo phường"
    first, second = documents.sheet_name(long, taken), documents.sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second and second.endswith("(2)")
    assert documents.sheet_name("''", taken) == "Bảng"


def test_xlsx_sheets_headers_and_numbers() -> None:
    extra = Table("Chỉ tiêu theo phường", ["Đơn vị", "Tỷ lệ"], [["Phường Tân Bình", "65,00"]], numeric={1})
    content = _content()
    content.sections[2].tables.append(extra)  # the same caption twice
    book = CalamineWorkbook.from_filelike(io.BytesIO(documents.report_xlsx(content)))
    assert book.sheet_names == ["Chỉ tiêu theo phường", "Chỉ tiêu theo phường (2)"]
    rows = book.get_sheet_by_name("Chỉ tiêu theo phường").to_python()
    assert rows[0][0] == "Bảng 1. Chỉ tiêu theo phường"
    assert rows[1] == ["TT", "Đơn vị", "Số trẻ em", "Tỷ lệ (%)"]
    assert rows[2] == ["1", "Phường Tân Bình", 1234.0, 65.0]
    assert rows[3][2:] == [987.0, 1234.5]
    assert rows[4][2:] == ["—", "chưa có"]  # not figures: kept as text
    second = book.get_sheet_by_name("Chỉ tiêu theo phường (2)").to_python()
    assert second[2] == ["Phường Tân Bình", 65.0]


def test_xlsx_without_tables() -> None:
    content = _content(sections=[Section("I. KẾT QUẢ", paragraphs=["Không có số liệu."])])
    book = CalamineWorkbook.from_filelike(io.BytesIO(documents.report_xlsx(content)))
    assert len(book.sheet_names) == 1
    assert book.get_sheet_by_index(0).to_python()[0][0] == content.title


# -- PDF -----------------------------------------------------------------------------------------------------
def test_pdf_is_none_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx30.shutil, "which", lambda name: None)
    assert documents.report_pdf(_content()) is None


@pytest.mark.skipif(docx30.office_binary() is None, reason="LibreOffice is not installed")
def test_pdf_with_libreoffice() -> None:
    pdf = documents.report_pdf(_content())
    assert pdf is not None and pdf.startswith(b"%PDF")


def test_xlsx_writes_no_formula_whatever_a_caption_or_heading_says() -> None:
    """The title, captions and column headings went through xlsxwriter's write(), which makes a formula of
    a string starting with "=": text that reaches them from a user must stay text."""
    import re
    import zipfile

    formula = '=HYPERLINK("http://x.invalid","Bấm")'
    table = Table(formula, [formula, "=1+1"], [["=cmd|' /C calc'!A0", "1"]], numeric={1})
    content = _content(title="=2+2", sections=[Section("I. KẾT QUẢ", tables=[table])])
    data = documents.report_xlsx(content)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/")]
    assert not any(re.search(rb"<f[ >]", sheet) for sheet in sheets)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = [c for row in book.get_sheet_by_name(book.sheet_names[0]).to_python() for c in row]
    assert formula in cells and "=1+1" in cells and "Bảng 1. " + formula in cells
