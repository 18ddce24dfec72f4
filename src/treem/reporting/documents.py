"""Consolidated reports (báo cáo) as DOCX in the NĐ 30/2020 layout, as XLSX, and as PDF via LibreOffice.

The caller builds a ``ReportContent`` (sections with paragraphs, tables of already formatted figures and
charts); this module only lays it out:

- ``report_docx``: letterhead, "BÁO CÁO" and the trích yếu, the sections, "Nơi nhận" and the signature
  (``treem.core.docx30``). Tables are numbered "Bảng n." and charts "Biểu đồ n." unless their caption
  already starts with that word. Each chart is a PNG drawn by ``chart_png`` (python-docx cannot place SVG,
  and no system library is assumed).
- ``report_xlsx``: every table on its own sheet; figures written in Vietnamese ("1.234,5") are stored
  back as numbers with a matching number format.
- ``report_pdf``: the DOCX converted by LibreOffice, or None where it is not installed.

Charts need a TrueType font with Vietnamese letters (DejaVu Sans, Liberation Sans or Noto Sans from the
usual font folders). Without one, ``chart_png`` draws only the bars, the target line and the figures
(digits render in Pillow's built-in font), numbers the bars 1…n instead of naming them, and the DOCX puts
a small table of the labels and figures under the picture, so no Vietnamese word is ever mangled.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import xlsxwriter
from PIL import Image, ImageDraw, ImageFont

from treem.core import docx30
from treem.indicators.charts import vn_number

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = docx30.DOCX_TYPE
PDF_TYPE = docx30.PDF_TYPE


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]  # already formatted strings (Vietnamese numbers: 1.234,5)
    numeric: set[int] = field(default_factory=set)  # column indexes right-aligned
    widths_mm: tuple[float, ...] | None = None  # column widths in the DOCX (None: shared by content)


@dataclass
class Chart:
    title: str
    labels: list[str]  # e.g. years or unit names
    values: list[float | None]  # None = no data
    target: float | None = None  # a horizontal target line
    unit_label: str = ""  # "%", "‰", …
    svg: str = ""  # the same chart as SVG markup (from treem.indicators.charts), may be ""


@dataclass
class Section:
    heading: str  # "I. KẾT QUẢ THỰC HIỆN" or "1. Chỉ tiêu" …
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    level: int = 1  # 1 = roman section, 2 = numbered sub-section


@dataclass
class ReportContent:
    parent_body: str  # cơ quan chủ quản, may be ""
    issuer: str  # "ỦY BAN NHÂN DÂN PHƯỜNG TÂN BÌNH"
    issuer_short: str  # for the symbol: "UBND" → "Số: 12/BC-UBND"
    number: str  # "12" or "" (left blank for the văn thư)
    place: str  # "Thành phố Hồ Chí Minh" / "Tân Bình"
    date: datetime.date
    title: str  # trích yếu
    sections: list[Section]
    recipients: list[str]
    signer_authority: str  # "TM. ỦY BAN NHÂN DÂN"
    signer_position: str  # "CHỦ TỊCH"
    signer_name: str
    draft_mark: str = ""  # e.g. "DỰ THẢO" printed at the top when not yet accepted


# -- DOCX ----------------------------------------------------------------------------------------------------
CHART_WIDTH_MM = 150
_NUMBERED = re.compile(r"^\s*(bảng|biểu đồ|hình)\b", re.IGNORECASE)


def _numbered(prefix: str, n: int, caption: str) -> str:
    caption = docx30.nfc(caption).strip()
    if _NUMBERED.match(caption):
        return caption
    return f"{prefix} {n}. {caption}" if caption else f"{prefix} {n}."


def _chart_text(value: float | None, unit_label: str) -> str:
    if value is None:
        return "—"
    text = vn_number(value, 2, trim=True)
    unit = docx30.nfc(unit_label).strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰") else f"{text} {unit}"


def _points(chart: Chart) -> list[tuple[str, float | None]]:
    """(label, value) pairs; a label without a value has no figure, a value without a label no name."""
    n = max(len(chart.labels), len(chart.values))
    labels = [docx30.nfc(x) for x in chart.labels] + [""] * (n - len(chart.labels))
    values = [*chart.values, *([None] * (n - len(chart.values)))]
    return list(zip(labels, values, strict=True))


def _chart_description(chart: Chart) -> str:
    parts = [f"{label}: {_chart_text(v, chart.unit_label)}" for label, v in _points(chart)]
    target = f" (mục tiêu {_chart_text(chart.target, chart.unit_label)})" if chart.target is not None else ""
    return f"{chart.title} — {'; '.join(parts)}{target}"


def report_docx(content: ReportContent) -> bytes:
    doc = docx30.Document30()
    doc.draft_mark(content.draft_mark)
    doc.letterhead(
        docx30.Letterhead(
            issuer=content.issuer,
            parent_body=content.parent_body,
            number=content.number,
            symbol=f"BC-{docx30.nfc(content.issuer_short).strip()}",
            place=content.place,
            date=content.date,
        )
    )
    doc.title("BÁO CÁO", content.title)
    tables = figures = 0
    for section in content.sections:
        doc.heading(section.heading, level=section.level)
        for text in section.paragraphs:
            doc.paragraph(text)
        for table in section.tables:
            tables += 1
            doc.table(
                table.columns,
                table.rows,
                numeric=table.numeric,
                widths_mm=table.widths_mm,
                caption=_numbered("Bảng", tables, table.caption),
            )
        for chart in section.charts:
            figures += 1
            png, has_text = _draw_chart(chart, width_px=1200, title=False)
            doc.image(
                png,
                width_mm=CHART_WIDTH_MM,
                caption=_numbered("Biểu đồ", figures, chart.title),
                description=_chart_description(chart),
            )
            if not has_text:
                rows = [
                    [str(i), label, _chart_text(value, chart.unit_label)]
                    for i, (label, value) in enumerate(_points(chart), start=1)
                ]
                if chart.target is not None:
                    rows.append(["", "Mục tiêu", _chart_text(chart.target, chart.unit_label)])
                doc.table(["TT", "Nội dung", "Giá trị"], rows, numeric={2}, widths_mm=(15, 90, 45))
    doc.closing(
        docx30.Signature(
            position="\n".join(x for x in (content.signer_authority, content.signer_position) if x),
            name=content.signer_name,
            recipients=list(content.recipients),
        )
    )
    return doc.to_bytes()


def report_pdf(content: ReportContent) -> bytes | None:
    """The DOCX converted by LibreOffice (60 s at most), or None where LibreOffice is not installed."""
    if docx30.office_binary() is None:
        return None
    return docx30.docx_to_pdf(report_docx(content), timeout=60, name="bao-cao")


# -- XLSX ----------------------------------------------------------------------------------------------------
_VN_NUMBER = re.compile(r"^[-−]?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^[-−]?\d+(?:,\d+)?$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def parse_vn_number(text: str) -> tuple[float, int] | None:
    """Parse a Vietnamese figure: "1.234,50" → (1234.5, 2); "12" → (12.0, 0); None when the text is not
    a Vietnamese number (dots group thousands, the comma is the decimal sign)."""
    s = docx30.nfc(text).strip().replace("\u00a0", "").replace(" ", "")
    if not s or not _VN_NUMBER.match(s):
        return None
    places = len(s.split(",", 1)[1]) if "," in s else 0
    try:
        value = Decimal(s.replace("−", "-").replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        return None
    return float(value), places


def _number_format(places: int) -> str:
    return "#,##0" if places == 0 else "#,##0." + "0" * places


def sheet_name(caption: str, taken: set[str]) -> str:
    """≤ 31 characters, none of []:*?/\\, no leading/trailing apostrophe, unique (case-insensitive)."""
    base = _SHEET_FORBIDDEN.sub(" ", docx30.nfc(caption))
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Bảng"
    name, n = base[:31].strip(), 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].strip() + suffix
    taken.add(name.lower())
    return name


def report_xlsx(content: ReportContent) -> bytes:
    out = io.BytesIO()
    # Nothing in a report is a formula: write() must keep "=…" text as text (formula injection), and a
    # web address as plain text too, as in every other export.
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    title_fmt = book.add_format({"bold": True, "font_size": 13})
    head_fmt = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#EEEEEE",
        }
    )
    text_fmt = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
    right_text_fmt = book.add_format({"border": 1, "valign": "top", "align": "right"})
    number_fmts: dict[int, Any] = {}
    taken: set[str] = set()
    tables = [t for s in content.sections for t in s.tables]
    for n, table in enumerate(tables, start=1):
        caption = _numbered("Bảng", n, table.caption)
        sheet = book.add_worksheet(sheet_name(table.caption or caption, taken))
        sheet.write(0, 0, caption, title_fmt)
        widths = [len(docx30.nfc(c)) for c in table.columns]
        for col, head in enumerate(table.columns):
            sheet.write(1, col, docx30.nfc(head), head_fmt)
        for r, row in enumerate(table.rows, start=2):
            for col, raw in enumerate(row):
                text = docx30.nfc(raw)
                if col < len(widths):
                    widths[col] = max(widths[col], len(text))
                parsed = parse_vn_number(text) if col in table.numeric else None
                if parsed is not None:
                    value, places = parsed
                    if places not in number_fmts:
                        number_fmts[places] = book.add_format(
                            {"border": 1, "valign": "top", "num_format": _number_format(places)}
                        )
                    sheet.write_number(r, col, value, number_fmts[places])
                elif col in table.numeric:
                    sheet.write_string(r, col, text, right_text_fmt)
                else:
                    sheet.write_string(r, col, text, text_fmt)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width + 2, 8), 60))
        sheet.freeze_panes(2, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.repeat_rows(1)
        sheet.fit_to_pages(1, 0)
    if not tables:
        sheet = book.add_worksheet(sheet_name(content.title or "Báo cáo", taken))
        sheet.write(0, 0, docx30.nfc(content.title), title_fmt)
        sheet.write(1, 0, "Báo cáo không có bảng số liệu.")
        sheet.set_column(0, 0, 60)
    book.set_properties({"title": docx30.nfc(content.title), "company": docx30.nfc(content.issuer)})
    book.close()
    return out.getvalue()


# -- charts as PNG -------------------------------------------------------------------------------------------
BAR = (47, 111, 159)
BAR_MISSING = (201, 211, 220)
TARGET = (179, 38, 30)
TEXT = (51, 51, 51)
AXIS = (120, 130, 140)
GRID = (225, 229, 233)

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    str(Path.home() / ".fonts"),
    str(Path.home() / ".local/share/fonts"),
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
    "C:/Windows/Fonts",
)
# (regular, bold) file names, best first; all carry the Vietnamese letters.
_FONT_FILES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
)


def _covers_vietnamese(path: Path) -> bool:
    """Whether the font draws Vietnamese letters (Liberation 1.x, still shipped by some systems, does not):
    a letter it lacks renders as the same glyph as an unassigned code point."""
    try:
        font = ImageFont.truetype(str(path), 24)
    except OSError:
        return False
    missing = font.getmask("\U0010fffd")
    blank = (missing.size, bytes(missing))
    for letter in "ườặễĐ":
        mask = font.getmask(letter)
        if (mask.size, bytes(mask)) == blank:
            return False
    return True


@lru_cache(maxsize=1)
def chart_fonts() -> tuple[str, str] | None:
    """Paths of a (regular, bold) TrueType font with Vietnamese letters, or None."""
    for regular, bold in _FONT_FILES:
        for root in _FONT_DIRS:
            base = Path(root)
            if not base.is_dir():
                continue
            for found in sorted(base.rglob(regular), reverse=True):  # liberation2 before liberation
                if _covers_vietnamese(found):
                    strong = found.parent / bold
                    return str(found), str(
                        strong if strong.exists() and _covers_vietnamese(strong) else found
                    )
    return None


def _font(size: int, *, bold: bool = False) -> Any:
    paths = chart_fonts()
    if paths is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(paths[1] if bold else paths[0], size)


def _dashed(draw: ImageDraw.ImageDraw, x0: float, x1: float, y: float, s: float) -> None:
    dash, gap, x = 18 * s, 10 * s, x0
    while x < x1:
        draw.line([(x, y), (min(x + dash, x1), y)], fill=TARGET, width=max(2, round(4 * s)))
        x += dash + gap


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude  # pragma: no cover


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: float, max_lines: int = 3) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1] + "…"
    out = []
    for line in lines:
        while draw.textlength(line, font=font) > width and len(line) > 2:
            line = line[:-2] + "…"
        out.append(line)
    return out


def chart_png(chart: Chart, *, width_px: int = 1200) -> bytes:
    """The chart as a PNG ``width_px`` wide: vertical bars with their figures (comma decimals), a bar
    without a figure drawn as a grey stub marked "—", the target as a dashed red line labelled
    "Mục tiêu …", the scale on the left, the labels under the bars and the title on top."""
    return _draw_chart(chart, width_px=width_px, title=True)[0]


def _draw_chart(chart: Chart, *, width_px: int, title: bool) -> tuple[bytes, bool]:
    """(PNG, whether words were written in it). Without a Vietnamese font only digits are drawn."""
    has_text = chart_fonts() is not None
    width = max(int(width_px), 200)
    s = width / 1200
    height = round(width * 0.45)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    points = _points(chart) or [("", None)]
    n = len(points)
    label_size = 26 if n <= 8 else 22 if n <= 14 else 18
    f_title = _font(round(34 * s), bold=True)
    f_label = _font(round(label_size * s))
    f_value = _font(round((label_size + 2) * s), bold=True)
    f_tick = _font(round(24 * s))
    unit = docx30.nfc(chart.unit_label).strip()

    known = [v for _, v in points if v is not None]
    peak = max([*known, chart.target or 0.0, 0.0])
    step = _nice_step(peak * 1.05 if peak > 0 else 1.0)
    scale_top = step * math.ceil((peak * 1.05 if peak > 0 else 1.0) / step)
    ticks = [step * i for i in range(round(scale_top / step) + 1)]
    tick_texts = [vn_number(t, 2, trim=True) for t in ticks]
    axis_left = round(max(draw.textlength(t, font=f_tick) for t in tick_texts) + 30 * s)
    right = width - round(30 * s)
    slot = (right - axis_left) / n
    labels = [docx30.nfc(chart.labels[i]) if i < len(chart.labels) else "" for i in range(n)]
    names = [
        _wrap(draw, label, f_label, slot - 8 * s) if has_text else [str(i + 1)]
        for i, label in enumerate(labels)
    ]

    y = round(16 * s)
    if title and has_text and chart.title:
        for line in _wrap(draw, docx30.nfc(chart.title), f_title, width - 60 * s, max_lines=2):
            draw.text((width / 2, y), line, font=f_title, fill=TEXT, anchor="ma")
            y += round(42 * s)
        y += round(6 * s)
    # The legend row: the unit over the scale (left), the target line's key (right).
    legend_y = y + round(14 * s)
    if unit and has_text:
        draw.text((axis_left - 10 * s, legend_y), unit, font=f_tick, fill=TEXT, anchor="rm")
    if chart.target is not None:
        note = _chart_text(chart.target, chart.unit_label)
        note = f"Mục tiêu {note}" if has_text else vn_number(chart.target, 2, trim=True)
        text_w = draw.textlength(note, font=f_tick)
        draw.text((right, legend_y), note, font=f_tick, fill=TARGET, anchor="rm")
        key_x = right - text_w - 70 * s
        _dashed(draw, key_x, key_x + 56 * s, legend_y, s)
    top = legend_y + round(50 * s)  # headroom for the figure over the tallest bar

    label_lines = max(len(x) for x in names)
    bottom = height - round((12 + (label_size + 6) * label_lines) * s)
    plot_h = bottom - top

    def y_of(v: float) -> float:
        return bottom - (v / scale_top) * plot_h

    for tick, text in zip(ticks, tick_texts, strict=True):
        ty = y_of(tick)
        if tick:
            draw.line([(axis_left, ty), (right, ty)], fill=GRID, width=max(1, round(s)))
        draw.text((axis_left - 10 * s, ty), text, font=f_tick, fill=TEXT, anchor="rm")

    bar_w = min(slot * 0.6, 140 * s)
    figures: list[tuple[float, float, str]] = []
    for i, (_, value) in enumerate(points):
        cx = axis_left + slot * i + slot / 2
        x0, x1 = cx - bar_w / 2, cx + bar_w / 2
        if value is None:
            draw.rectangle([x0, bottom - 4 * s, x1, bottom], fill=BAR_MISSING)
            figures.append((cx, bottom - 10 * s, "—"))
        else:
            by = y_of(max(value, 0.0))
            draw.rectangle([x0, min(by, bottom - 1), x1, bottom], fill=BAR)
            text = _chart_text(value, chart.unit_label) if has_text else vn_number(value, 2, trim=True)
            figures.append((cx, by - 8 * s, text))
        for k, line in enumerate(names[i]):
            draw.text(
                (cx, bottom + (10 + k * (label_size + 4)) * s), line, font=f_label, fill=TEXT, anchor="ma"
            )
    draw.line([(axis_left, top - 20 * s), (axis_left, bottom)], fill=AXIS, width=max(1, round(2 * s)))
    draw.line([(axis_left, bottom), (right, bottom)], fill=AXIS, width=max(1, round(2 * s)))
    if chart.target is not None:
        _dashed(draw, axis_left, right, y_of(chart.target), s)
    # The figures last, on a white ground, so the target line never crosses them.
    for cx, y_text, text in figures:
        if text == "—" and not has_text:  # Pillow's own font has no dash: draw it
            draw.line(
                [(cx - 12 * s, y_text - 8 * s), (cx + 12 * s, y_text - 8 * s)],
                fill=TEXT,
                width=max(1, round(3 * s)),
            )
            continue
        box = draw.textbbox((cx, y_text), text, font=f_value, anchor="md")
        draw.rectangle([box[0] - 3 * s, box[1] - 2 * s, box[2] + 3 * s, box[3] + 2 * s], fill="white")
        draw.text((cx, y_text), text, font=f_value, fill=TEXT, anchor="md")

    out = io.BytesIO()
    dpi = round(width / (CHART_WIDTH_MM / 25.4))
    img.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue(), has_text
