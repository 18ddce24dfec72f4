"""Charts of indicator figures as SVG markup, built on the server (no JavaScript; the CSP allows no inline
script or style, so only SVG presentation attributes are used).

Pure functions of plain numbers returning a string: the pages embed them as they are, and the reports
can reuse the same charts (e.g. rasterised into a DOCX). Every piece of text is escaped; each chart has a
``<title>`` and an ``aria-label`` in Vietnamese, and each bar its own ``<title>`` with the exact figure.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

BAR = "#2f6f9f"
BAR_MISSING = "#c9d3dc"
TARGET = "#b3261e"
TEXT = "#444444"
AXIS = "#9aa5b1"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# A figure held back by small-cell suppression (``privacy``): passed instead of a number, drawn as a stub
# like a missing figure and labelled "< 5", never as a bar whose length would tell the number.
SUPPRESSED = "< 5"

Value = Decimal | str | None


def vn_number(value: Decimal | int | float | None, places: int = 2, *, trim: bool = False) -> str:
    """A number the Vietnamese way: comma decimals, dot thousands (1.234,50); "—" for no figure.
    ``trim`` drops trailing decimal zeros (65 rather than 65,00)."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    d = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value: Decimal | int | str | None, unit_label: str, *, trim: bool = False) -> str:
    if value is None:
        return "chưa có số liệu"
    if isinstance(value, str):
        return f"{value} (số nhỏ được ẩn để bảo vệ trẻ em)"
    return f"{vn_number(value, trim=trim)} {unit_label}".strip()


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x % 1 else str(int(x))


def _scale_max(values: list[Decimal], target: Decimal | None) -> Decimal:
    top = max([*values, target or Decimal(0), Decimal(0)])
    return top * Decimal("1.1") if top > 0 else Decimal(1)


def _open(width: int, height: int, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(label)}" '
        f'font-family="{FONT}" font-size="10">',
        f"<title>{escape(label)}</title>",
    ]


def _target_text(target: Decimal | None, comparator: str, unit_label: str) -> str:
    if target is None:
        return "chưa có mục tiêu"
    return f"mục tiêu {comparator} {with_unit(target, unit_label, trim=True)}".replace("  ", " ")


def trend_svg(
    *,
    points: list[tuple[int, Value]],
    title: str,
    unit_label: str = "",
    target: Decimal | None = None,
    comparator: str = "",
    width: int = 170,
    height: int = 64,
) -> str:
    """Small bars, one per year (oldest first), with the target as a dashed line. A year without a
    figure shows a short grey stub, so "no data" never looks like zero."""
    known = [v for _, v in points if v is not None and not isinstance(v, str)]
    described = "; ".join(f"{year}: {with_unit(v, unit_label)}" for year, v in points)
    label = f"{title} — {described} ({_target_text(target, comparator, unit_label)})"
    out = _open(width, height, label)
    top, bottom, left = 4, height - 14, 2
    plot_h = bottom - top
    scale = _scale_max(known, target)
    n = max(len(points), 1)
    slot = (width - 2 * left) / n
    bar_w = max(slot * 0.6, 2)
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{width - left}" y2="{bottom}" stroke="{AXIS}"/>')
    for i, (year, value) in enumerate(points):
        x = left + i * slot + (slot - bar_w) / 2
        if value is None or isinstance(value, str):
            out.append(
                f'<rect x="{_f(x)}" y="{bottom - 2}" width="{_f(bar_w)}" height="2" fill="{BAR_MISSING}">'
                f"<title>{year}: {escape(with_unit(value, unit_label))}</title></rect>"
            )
        else:
            h = float(value / scale) * plot_h if value > 0 else 0.0
            out.append(
                f'<rect x="{_f(x)}" y="{_f(bottom - h)}" width="{_f(bar_w)}" height="{_f(max(h, 0.5))}" '
                f'fill="{BAR}"><title>{year}: {escape(with_unit(value, unit_label))}</title></rect>'
            )
        out.append(
            f'<text x="{_f(x + bar_w / 2)}" y="{height - 3}" text-anchor="middle" fill="{TEXT}" '
            f'font-size="9">{year}</text>'
        )
    note = _target_text(target, comparator, unit_label)
    if target is not None:
        y = bottom - float(target / scale) * plot_h
        out.append(
            f'<line x1="{left}" y1="{_f(y)}" x2="{width - left}" y2="{_f(y)}" stroke="{TARGET}" '
            f'stroke-width="1.5" stroke-dasharray="4 2"><title>{escape(note)}</title></line>'
        )
    out.append("</svg>")
    return "".join(out)


def bars_svg(
    *,
    items: list[tuple[str, Value]],
    title: str,
    unit_label: str = "",
    target: Decimal | None = None,
    comparator: str = "",
    width: int = 520,
    row_height: int = 18,
    label_width: int = 150,
) -> str:
    """Horizontal bars comparing units (e.g. the communes of a province), the target as a dashed
    vertical line, the exact figure written after each bar."""
    known = [v for _, v in items if v is not None and not isinstance(v, str)]
    label = f"{title} ({_target_text(target, comparator, unit_label)})"
    top = 4
    height = top + row_height * max(len(items), 1) + 6
    out = _open(width, height, label)
    value_w = 60
    plot_x, plot_w = label_width + 4, width - label_width - 4 - value_w
    scale = _scale_max(known, target)
    for i, (name, value) in enumerate(items):
        y = top + i * row_height
        short = name if len(name) <= 26 else name[:25] + "…"
        out.append(
            f'<text x="{label_width}" y="{y + row_height * 0.65:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(short)}</text>"
        )
        bar_h = row_height * 0.7
        if value is None or isinstance(value, str):
            text = "chưa có số liệu" if value is None else value
            out.append(
                f'<rect x="{plot_x}" y="{y + 2:.1f}" width="2" height="{bar_h:.1f}" fill="{BAR_MISSING}">'
                f"<title>{escape(name)}: {escape(with_unit(value, unit_label))}</title></rect>"
            )
            end = float(plot_x + 2)
        else:
            w = float(value / scale) * plot_w if value > 0 else 0.0
            text = vn_number(value)
            out.append(
                f'<rect x="{plot_x}" y="{y + 2:.1f}" width="{_f(max(w, 0.5))}" height="{bar_h:.1f}" '
                f'fill="{BAR}"><title>{escape(name)}: {escape(with_unit(value, unit_label))}</title></rect>'
            )
            end = plot_x + w
        out.append(
            f'<text x="{_f(end + 4)}" y="{y + row_height * 0.65:.1f}" fill="{TEXT}">{escape(text)}</text>'
        )
    note = _target_text(target, comparator, unit_label)
    if target is not None:
        x = plot_x + float(target / scale) * plot_w
        out.append(
            f'<line x1="{_f(x)}" y1="{top}" x2="{_f(x)}" y2="{height - 4}" stroke="{TARGET}" '
            f'stroke-width="1.5" stroke-dasharray="4 2"><title>{escape(note)}</title></line>'
        )
    out.append("</svg>")
    return "".join(out)
