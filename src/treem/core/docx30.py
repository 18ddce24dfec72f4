"""Administrative documents in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (legal-reference.md §11).

A small builder over python-docx that both the case forms (Mẫu 01–06) and the consolidated reports use:

- A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt, black;
  page numbers centred in the top margin from page 2 on (page 1 shows none).
- The letterhead as a borderless table. Left: cơ quan chủ quản (upper case, regular) over tên cơ quan ban
  hành (upper case, bold) and a short rule; right: Quốc hiệu (bold, 12 pt) over Tiêu ngữ (bold, 13 pt) and a
  rule as long as the Tiêu ngữ. The second row holds "Số: …/…" (left) and "<Địa danh>, ngày dd tháng mm
  năm yyyy" (right, italic), so the two stay on one line whatever the height of the names above.
- The document type (e.g. "BÁO CÁO") and the trích yếu, bold and centred, a short rule under them.
- Headings (I., 1., a)), justified paragraphs with a 1 cm first-line indent, tables with a bold header
  row and borders, pictures with a caption.
- The closing: "Nơi nhận:" with the recipients ("- …;", the last "- Lưu: VT.") beside the signature block.

All text is normalised to NFC before it is written. Sizes not read in the appendix itself (issuing body,
"Nơi nhận") follow the common templates; see legal-reference.md §11 for what is confirmed.

``docx_to_pdf`` converts with LibreOffice when it is installed (``soffice``/``libreoffice`` on PATH) and
returns None otherwise.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FONT = "Times New Roman"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
# The letterhead is 10 mm wider than the text (5 mm into each side margin), as in the common templates, so
# that "Thành phố Hồ Chí Minh, ngày 05 tháng 12 năm 2026" (13 pt italic ≈ 99 mm) keeps to one line.
HEAD_LEFT_MM, HEAD_RIGHT_MM = 70, 105
CLOSE_LEFT_MM, CLOSE_RIGHT_MM = 80, 85
MOTTO_RULE_MM = 61  # the Tiêu ngữ at 13 pt bold, Times metrics (Liberation Serif) ≈ 56 mm, plus a margin
SHORT_RULE_MM = 25
CELL_PADDING_MM = 1.9  # Word's default left/right cell margin (0.08 in)

Align = WD_ALIGN_PARAGRAPH


def nfc(text: Any) -> str:
    """NFC text (None → ""); unlike ``treem.core.text.nfc`` it keeps the spaces as they are, because the
    blank number ("Số:      /BC-UBND") is left for the văn thư to fill in by hand."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def number_line(number: str, symbol: str = "") -> str:
    """``number_line("12", "BC-UBND")`` → "Số: 12/BC-UBND"; an empty number leaves room to write it
    ("Số:      /BC-UBND"). Without a symbol the number is taken as written in full ("15/QĐ-UBND")."""
    number, symbol = nfc(number).strip(), nfc(symbol).strip()
    if not symbol:
        return f"Số: {number}" if number else ""
    return f"Số: {number}/{symbol}" if number else f"Số:      /{symbol}"


def date_line(place: str, day: datetime.date) -> str:
    """The place-and-date line, "Tân Bình, ngày 05 tháng 12 năm 2026". NĐ 30 (Phụ lục I, II.5.b) writes a
    leading zero for days 1–9 and for months 1 and 2 only: "ngày 05 tháng 02", "ngày 15 tháng 3"."""
    month = f"{day:%m}" if day.month <= 2 else str(day.month)
    return f"{nfc(place)}, ngày {day:%d} tháng {month} năm {day:%Y}"


@dataclass(frozen=True)
class Letterhead:
    """The parts of the letterhead. ``symbol`` is the ký hiệu after the number ("BC-UBND", "QĐ-UBND");
    with neither a number nor a symbol no "Số:" line is printed (see ``number_line``)."""

    issuer: str
    parent_body: str = ""
    number: str = ""
    symbol: str = ""
    place: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class Signature:
    """``position`` may span lines: "TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH". ``note`` is printed in italics under
    it, e.g. "(Ký, ghi rõ họ tên)"."""

    position: str
    name: str = ""
    note: str = ""
    recipients: list[str] = field(default_factory=list)


_BODY_PREFIXES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
_HEAD_LINE_CHARS = 24  # upper-case 12 pt Times in the left column (≈ 66 mm) holds about this many
_DATE_LINE_CHARS = 44  # 14 pt italic in the right column; longer place names drop to 13 pt


def body_name_lines(name: str) -> list[str]:
    """An agency's name in upper case, in lines: kept as given when it holds line breaks or is short,
    else broken after "ỦY BAN NHÂN DÂN" / "HỘI ĐỒNG NHÂN DÂN" ("ỦY BAN NHÂN DÂN" / "PHƯỜNG TÂN BÌNH"),
    as the letterheads are written by hand; other long names are left to wrap."""
    lines = [line.strip() for line in nfc(name).upper().splitlines() if line.strip()]
    if len(lines) != 1 or len(lines[0]) <= _HEAD_LINE_CHARS:
        return lines
    for prefix in _BODY_PREFIXES:
        rest = lines[0].removeprefix(prefix)
        if rest != lines[0] and rest.startswith(" "):
            return [prefix, rest.strip()]
    return lines


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """Recipients as "- A;" … and a last "- Lưu: VT." (added when the list does not end with a "Lưu" line)."""
    items = [nfc(r).strip().rstrip(";.").strip() for r in recipients]
    items = [r for r in items if r]
    if not items or not items[-1].lower().startswith("lưu"):
        items.append("Lưu: VT")
    return [f"- {r};" for r in items[:-1]] + [f"- {items[-1]}."]


# -- low-level helpers ---------------------------------------------------------------------------------------
def _set_fonts(r_pr: Any) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _table_borders(table: Any, value: str) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), value)
        if value != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    _insert_tbl_pr_child(table, borders)


def _insert_tbl_pr_child(table: Any, element: Any) -> None:
    tbl_pr = table._tbl.tblPr
    existing = tbl_pr.find(element.tag)
    if existing is not None:
        tbl_pr.remove(existing)
    successors = {
        qn("w:tblW"): ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout"),
        qn("w:tblBorders"): ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
        qn("w:tblLayout"): ("w:tblCellMar", "w:tblLook"),
    }[element.tag]
    tbl_pr.insert_element_before(element, *successors, "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _fix_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Fixed layout with explicit grid and cell widths, so Word and LibreOffice draw the same table."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _insert_tbl_pr_child(table, layout)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    tbl_w.set(qn("w:type"), "dxa")
    _insert_tbl_pr_child(table, tbl_w)
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        tr_pr.append(el)


def _keep_row_together(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _bottom_border(paragraph: Any) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    # pBdr comes after keepNext…pageBreakBefore…numPr and before shd/tabs/spacing/ind/jc in CT_PPr.
    p_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )


def _outline_level(paragraph: Any, level: int) -> None:
    """Mark a heading for the navigation pane / PDF bookmarks without Word's coloured heading styles."""
    p_pr = paragraph._p.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    p_pr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _page_field(paragraph: Any, size: float) -> None:
    """A PAGE field, one run per part (begin, instruction, separator, cached result, end)."""
    for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "1"), ("end", "")):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        _set_fonts(run._element.get_or_add_rPr())
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], total_mm: float) -> list[float]:
    """Widths proportional to the longest content of each column (bounded), at least 12 mm each."""
    weights = []
    for i, head in enumerate(columns):
        longest_word = max((len(w) for w in nfc(head).split()), default=1)
        natural = max([len(nfc(head)) / 2, longest_word, *(len(nfc(r[i])) for r in rows if i < len(r))])
        weights.append(min(max(natural, 3.0), 40.0))
    minimum = min(12.0, total_mm / max(len(columns), 1))
    widths = [max(total_mm * w / sum(weights), minimum) for w in weights]
    scale = total_mm / sum(widths)
    return [w * scale for w in widths]


# -- the builder -------------------------------------------------------------------------------------------
class Document30:
    """Build a document top to bottom, then ``to_bytes()``::

    doc = Document30()
    doc.letterhead(Letterhead(issuer="ỦY BAN NHÂN DÂN PHƯỜNG TÂN BÌNH", parent_body="…",
                              number="12", symbol="BC-UBND", place="Tân Bình", date=day))
    doc.title("BÁO CÁO", "Kết quả thực hiện công tác trẻ em năm 2026")
    doc.heading("I. KẾT QUẢ THỰC HIỆN")
    doc.paragraph("…")
    doc.closing(Signature("TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH", "Nguyễn Văn A", recipients=[…]))
    """

    def __init__(self, *, body_size: float = 14) -> None:
        self.body_size = body_size
        self.document: Any = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(body_size)
        r_pr = normal.element.get_or_add_rPr()
        _set_fonts(r_pr)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")
        r_pr.append(lang)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        # Page numbers from page 2, centred in the top margin, 13 pt (NĐ 30 Phụ lục I).
        section.different_first_page_header_footer = True
        head = section.header.paragraphs[0]
        head.alignment = Align.CENTER
        _page_field(head, 13)
        self._tables = 0
        self._figures = 0

    # -- text ----------------------------------------------------------------------------------------------
    def run(
        self,
        paragraph: Any,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
    ) -> Any:
        run = paragraph.add_run(nfc(text))
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size or self.body_size)
        run.font.name = FONT
        _set_fonts(run._element.get_or_add_rPr())
        return run

    def paragraph(
        self,
        text: str = "",
        *,
        align: Any = Align.JUSTIFY,
        indent: bool = True,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        space_before: float = 0,
        space_after: float = 6,
        container: Any = None,
    ) -> Any:
        """A body paragraph: justified, 1 cm first-line indent, 6 pt after, line spacing 1.15."""
        p = (container or self.document).add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
        fmt.line_spacing = 1.15
        if indent:
            fmt.first_line_indent = Mm(10)
        if text:
            self.run(p, text, bold=bold, italic=italic, size=size)
        return p

    def rule(self, width_mm: float, *, container: Any = None, available_mm: float = TEXT_WIDTH_MM) -> Any:
        """A centred horizontal line ``width_mm`` long (an empty paragraph with a bottom border)."""
        p = (container or self.document).add_paragraph()
        fmt = p.paragraph_format
        side = max((available_mm - width_mm) / 2, 0)
        fmt.left_indent = fmt.right_indent = Mm(side)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(4)
        _bottom_border(p)
        return p

    def spacer(self, height_pt: float) -> Any:
        """An empty paragraph exactly ``height_pt`` high (after a table, which needs a paragraph)."""
        p = self.paragraph(indent=False, space_after=0)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(height_pt)
        return p

    def _lines(
        self,
        cell: Any,
        lines: Sequence[tuple[str, dict[str, Any]]],
        align: Any = Align.CENTER,
        *,
        first: bool = True,
    ) -> None:
        for text, fmt in lines:
            p = cell.paragraphs[0] if first and not cell.paragraphs[0].runs else cell.add_paragraph()
            first = False
            p.alignment = align
            p.paragraph_format.space_after = Pt(0)
            self.run(p, text, **fmt)

    # -- the parts of an NĐ 30 document --------------------------------------------------------------------
    def draft_mark(self, text: str) -> None:
        """The mark "DỰ THẢO" (or a similar one) at the top right, bold, before the letterhead."""
        if text:
            self.paragraph(nfc(text).upper(), align=Align.RIGHT, indent=False, bold=True, size=13)

    def letterhead(self, head: Letterhead, *, date_in_header: bool = True) -> Any:
        """The letterhead table. With ``date_in_header`` (the NĐ 30 layout) a second row holds the number
        and the place-and-date line; without it the number goes under the issuer and the caller writes the
        date with ``place_date`` (the case forms do)."""
        two_rows = date_in_header and head.date is not None
        table = self.document.add_table(rows=2 if two_rows else 1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_borders(table, "nil")
        _fix_widths(table, (HEAD_LEFT_MM, HEAD_RIGHT_MM))
        left, right = table.cell(0, 0), table.cell(0, 1)
        for cell in (left, right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        issuer_lines: list[tuple[str, dict[str, Any]]] = [
            (line, {"size": 12}) for line in body_name_lines(head.parent_body)
        ]
        issuer_lines += [(line, {"bold": True, "size": 12}) for line in body_name_lines(head.issuer)]
        self._lines(left, issuer_lines)
        self.rule(SHORT_RULE_MM, container=left, available_mm=HEAD_LEFT_MM - 2 * CELL_PADDING_MM)
        self._lines(
            right,
            [(NATIONAL_NAME, {"bold": True, "size": 12}), (MOTTO, {"bold": True, "size": 13})],
        )
        self.rule(MOTTO_RULE_MM, container=right, available_mm=HEAD_RIGHT_MM - 2 * CELL_PADDING_MM)
        number = number_line(head.number, head.symbol)
        if two_rows:
            assert head.date is not None
            bottom_left, bottom_right = table.cell(1, 0), table.cell(1, 1)
            if number:
                self._lines(bottom_left, [(number, {"size": 13})])
            dated = date_line(head.place, head.date)
            size = 14 if len(dated) <= _DATE_LINE_CHARS else 13
            self._lines(bottom_right, [(dated, {"italic": True, "size": size})])
            for cell in (bottom_left, bottom_right):
                cell.paragraphs[0].paragraph_format.space_before = Pt(6)
        elif number:
            self._lines(left, [(number, {"size": 13})], first=False)
            left.paragraphs[-1].paragraph_format.space_before = Pt(6)
        return table

    def place_date(self, place: str, day: datetime.date) -> Any:
        """The place-and-date line as a paragraph of its own, right-aligned in italics."""
        return self.paragraph(
            date_line(place, day),
            align=Align.RIGHT,
            indent=False,
            italic=True,
            space_before=6,
        )

    def title(self, doc_type: str, subject: str = "", *, rule: bool = True) -> None:
        """Tên loại (upper case, bold) and trích yếu (bold) centred, with a short rule under them."""
        self.paragraph(doc_type, align=Align.CENTER, indent=False, bold=True, space_before=18, space_after=0)
        if subject:
            self.paragraph(subject, align=Align.CENTER, indent=False, bold=True, space_after=0)
        if rule:
            self.rule(SHORT_RULE_MM + 10)
        self.paragraph(indent=False, space_after=6)

    def heading(self, text: str, level: int = 1) -> Any:
        """I. (level 1, bold), 1. (level 2, bold), a) (level 3, bold italic); kept with what follows."""
        p = self.paragraph(
            text, bold=True, italic=level >= 3, space_before=6 if level == 1 else 3, space_after=6
        )
        p.paragraph_format.keep_with_next = True
        _outline_level(p, max(level - 1, 0))
        return p

    def caption(self, text: str, *, keep_with_next: bool = False) -> Any:
        p = self.paragraph(text, align=Align.CENTER, indent=False, italic=True, size=13, space_after=6)
        p.paragraph_format.keep_with_next = keep_with_next
        return p

    def table(
        self,
        columns: Sequence[str] | None,
        rows: Sequence[Sequence[Any]],
        *,
        numeric: Collection[int] = (),
        widths_mm: Sequence[float] | None = None,
        caption: str = "",
        size: float | None = None,
        first_column_bold: bool = False,
    ) -> Any:
        """A bordered table. ``columns`` is the header row (bold, centred, repeated on each page) or None
        for a label/value table; ``numeric`` columns are right-aligned. The caption goes above it."""
        cols = len(columns) if columns is not None else max((len(r) for r in rows), default=1)
        text_rows = [[nfc(v) for v in r] for r in rows]
        if size is None:
            size = 13 if cols <= 4 else 12 if cols <= 7 else 11
        if caption:
            self.caption(caption, keep_with_next=True)
        table = self.document.add_table(rows=0, cols=cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_borders(table, "single")
        if columns is not None:
            cells = table.add_row().cells
            _repeat_header(table.rows[0])
            for i, head in enumerate(columns):
                self._lines(cells[i], [(head, {"bold": True, "size": size})])
                cells[i].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for r in text_rows:
            row = table.add_row()
            _keep_row_together(row)
            for i in range(cols):
                value = r[i] if i < len(r) else ""
                align = Align.RIGHT if i in numeric else Align.LEFT
                bold = first_column_bold and i == 0
                self._lines(row.cells[i], [(value, {"bold": bold, "size": size})], align)
        widths = (
            list(widths_mm) if widths_mm else column_widths(columns or [""] * cols, text_rows, TEXT_WIDTH_MM)
        )
        _fix_widths(table, widths)
        self.spacer(8)
        return table

    def image(self, png: bytes, *, width_mm: float = 150, caption: str = "", description: str = "") -> Any:
        """A picture centred on its own line, ``description`` as its alt text, the caption under it."""
        p = self.paragraph(align=Align.CENTER, indent=False, space_before=6, space_after=3)
        p.paragraph_format.line_spacing = 1.0
        p.paragraph_format.keep_with_next = bool(caption)
        run = p.add_run()
        shape = run.add_picture(io.BytesIO(png), width=Mm(width_mm))
        if description or caption:
            shape._inline.docPr.set("descr", nfc(description or caption))
        if caption:
            self.caption(caption)
        return shape

    def closing(self, signature: Signature) -> Any:
        """The closing table: "Nơi nhận:" and its list (left) beside the signature block (right). The
        last paragraph before it is kept on the same page, so the signature never stands alone."""
        body = self.document.paragraphs
        if body:
            body[-1].paragraph_format.keep_with_next = True
        self.paragraph(indent=False, space_after=6).paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_borders(table, "nil")
        _fix_widths(table, (CLOSE_LEFT_MM, CLOSE_RIGHT_MM))
        _keep_row_together(table.rows[0])
        left, right = table.cell(0, 0), table.cell(0, 1)
        if signature.recipients:
            lines: list[tuple[str, dict[str, Any]]] = [
                ("Nơi nhận:", {"bold": True, "italic": True, "size": 12})
            ]
            lines += [(line, {"size": 11}) for line in recipient_lines(signature.recipients)]
            self._lines(left, lines, Align.LEFT)
        sign: list[tuple[str, dict[str, Any]]] = [
            (line.strip(), {"bold": True, "size": 14})
            for line in nfc(signature.position).split("\n")
            if line.strip()
        ]
        if signature.note:
            sign.append((signature.note, {"italic": True, "size": 13}))
        sign += [("", {})] * 4 + [(signature.name, {"bold": True, "size": 14})]
        self._lines(right, sign)
        return table

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


# -- PDF through LibreOffice --------------------------------------------------------------------------------
def office_binary() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def docx_to_pdf(docx: bytes, *, timeout: float = 60, name: str = "document") -> bytes | None:
    """Convert with ``soffice --headless --convert-to pdf`` in a private temp dir (its own user profile, so
    conversions may run side by side); None when LibreOffice is not installed. Raises
    ``subprocess.TimeoutExpired`` / ``CalledProcessError`` when the conversion fails."""
    exe = office_binary()
    if exe is None:
        return None
    stem = _SAFE_NAME.sub("-", name) or "document"
    with tempfile.TemporaryDirectory(prefix="treem-pdf-") as tmp:
        src = Path(tmp) / f"{stem}.docx"
        src.write_bytes(docx)
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        out = Path(tmp) / f"{stem}.pdf"
        if not out.exists():
            raise subprocess.CalledProcessError(1, exe, output=b"", stderr=b"no PDF was written")
        return out.read_bytes()
