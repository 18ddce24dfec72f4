"""Measurable targets: "Chỉ tiêu 1: Tỷ lệ … đạt 65% vào năm 2025 và đạt 75% vào năm 2030",
"giảm … xuống dưới 7,0/1.000 trẻ đẻ sống vào năm 2025", "… duy trì đến năm 2030",
"giảm ít nhất 5% … so với cùng kỳ"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from treem.core.text import fold

from .indicators import IndicatorCatalogue
from .model import SourceLines, TargetDraft
from .structure import BULLETS, Node

CHI_TIEU = re.compile(r"^Chỉ tiêu\s+(?P<n>\d{1,3})\s*[:.)-]?\s*(?P<rest>.*)$", re.IGNORECASE)
_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
_RATE = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>%|/\s*1\.?000\b|/\s*100\.?000\b)", re.IGNORECASE)
_COUNT = re.compile(
    rf"(?<![\d/.,])(?P<num>{_NUMBER})(?![\d%/]|\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu))",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"(?:(?:vào|đến|tới|trong|cuối|hết)\s+)?năm\s+(?P<y>20\d\d)|giai đoạn\s+(?:20\d\d\s*-\s*)?(?P<e>20\d\d)",
    re.IGNORECASE,
)
_RANGE = re.compile(rf"từ\s+(?P<a>{_NUMBER})\s*%?\s*(?:-|đến)\s*(?P<b>{_NUMBER})\s*%", re.IGNORECASE)
_HORIZON = re.compile(
    r"(?:đến|tới)\s+năm\s+(?P<y>20\d\d)|giai đoạn\s+20\d\d\s*-\s*(?P<e>20\d\d)", re.IGNORECASE
)


_ROLE_HEADINGS = ("targets", "tasks", "responsibility")


@dataclass
class TargetSource:
    """A target with where it sits in the outline (for matching "Trách nhiệm thực hiện" leads)."""

    draft: TargetDraft
    group: str
    base_label: str


def decimal_of(text: str) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def collect_targets(
    root: Node, indicators: IndicatorCatalogue, *, implements_qd23: bool, horizon: str
) -> list[TargetSource]:
    out: list[TargetSource] = []
    for node in root.walk():
        if node.kind == "root" or node.role == "preamble":
            continue
        m = CHI_TIEU.match(node.text)
        if m:
            label = f"Chỉ tiêu {m['n']}"
            group = _group(node)
            pieces = _clauses(m["rest"])
            parts: list[tuple[str, Node]] = [(p, node) for p in pieces if is_measurable(p, labelled=True)]
            parts += [
                (child.text, child)
                for child in node.children
                if child.kind in BULLETS and is_measurable(child.text, labelled=True)
            ]
            for index, (text, source) in enumerate(parts):
                sub = label if len(parts) == 1 else f"{label}{chr(ord('a') + index)}"
                draft = build_target(
                    sub, text, source, indicators, m["n"] if implements_qd23 else "", horizon
                )
                if draft:
                    out.append(TargetSource(draft, group, label))
            continue
        if node.role != "targets" or node.kind in ("roman", "root"):
            continue
        if node.parent is not None and CHI_TIEU.match(node.parent.text):
            continue
        heading = node.children and not node.text.rstrip().endswith((".", ";")) and len(node.text) < 200
        if heading and not _has_values(node.text):
            continue
        pieces = [p for p in _clauses(node.text) if is_measurable(p, labelled=False)]
        local = _horizon_of(node) or horizon
        for index, text in enumerate(pieces):
            base = "Mục tiêu " + _short_number(node.number)
            sub = base if len(pieces) == 1 else f"{base}.{chr(ord('a') + index)}"
            draft = build_target(sub, text, node, indicators, "", local)
            if draft:
                out.append(TargetSource(draft, _group(node), base))
    return out


def _has_values(text: str) -> bool:
    return bool(_RATE.search(text))


def is_measurable(text: str, *, labelled: bool) -> bool:
    if _RATE.search(text):
        return True
    if labelled and _YEAR.search(text) and _count_values(text):
        return True
    return not labelled and bool(_YEAR.search(text)) and len(_count_values(text)) >= 1 and "đạt" in text


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r";\s+", text) if c.strip()]


def _short_number(number: str) -> str:
    parts = number.split(".")
    return ".".join(parts[1:]) if len(parts) > 1 and re.fullmatch(r"[IVXL]+", parts[0]) else number


def _group(node: Node) -> str:
    current = node.parent
    while current is not None and current.kind != "root":
        parent = current.parent
        if current.role in _ROLE_HEADINGS and parent is not None and parent.role not in _ROLE_HEADINGS:
            return parent.number
        current = current.parent
    return ""


def _horizon_of(node: Node) -> str:
    current: Node | None = node.parent
    while current is not None and current.kind != "root":
        m = _HORIZON.search(current.text)
        if m:
            return m["y"] or m["e"]
        current = current.parent
    return ""


def _count_values(text: str) -> list[re.Match[str]]:
    years = {m.start("y") for m in _YEAR.finditer(text) if m["y"]} | {
        m.start("e") for m in _YEAR.finditer(text) if m["e"]
    }
    out = []
    for m in _COUNT.finditer(text):
        if m.start() in years or re.fullmatch(r"20\d\d", m["num"]):
            continue
        before = fold(text[max(0, m.start() - 12) : m.start()])
        if re.search(r"(?:chi tieu|tieu chi|nhom|muc tieu|so|tu|den)\s*$", before):
            continue
        value = decimal_of(m["num"])
        if value is not None and value >= 10:
            out.append(m)
    return out


def build_target(
    label: str, text: str, node: Node, indicators: IndicatorCatalogue, chi_tieu: str, horizon: str
) -> TargetDraft | None:
    text = text.strip().rstrip(".")
    folded = fold(text)
    yearly = bool(re.search(r"\b(?:hang|moi) nam\b", folded))
    relative = bool(
        re.search(r"so voi cung ky|so voi nam truoc|muc giam|\bgiam so\b", folded)
        or re.search(r"\b(?:hang|moi) nam\b[^%]*\bgiam\b|\bgiam\s+(?:it nhat\s+|tu\s+)?\d", folded)
        or re.search(r"\bgiam\b(?! thieu)[^%]{0,60}\b(?:hang|moi) nam\b", folded)
    )
    values_m = list(_RATE.finditer(text)) or _count_values(text)
    if not values_m:
        return None
    # "từ 2% đến 3%": keep the lower bound
    skip: set[int] = set()
    for r in _RANGE.finditer(text):
        skip.update(m.start() for m in values_m if m.start() == r.start("b"))
    values_m = [m for m in values_m if m.start() not in skip]
    years = [
        (m.start(), m["y"] or m["e"], m) for m in _YEAR.finditer(text) if not (relative and yearly and m["e"])
    ]
    values: dict[str, Decimal] = {}
    pending: list[Decimal] = []
    events = sorted(
        [(m.start(), "v", m) for m in values_m] + [(p, "y", m) for p, _, m in years], key=lambda e: e[0]
    )
    last: Decimal | None = None
    previous_end = 0
    unused_year = ""
    for position, kind, m in events:
        if kind == "v":
            value = decimal_of(m["num"])
            if value is not None:
                pending.append(value)
            continue
        year = m["y"] or m["e"]
        unused_year = ""
        if pending:
            values[year] = pending[0]
            last = pending[0]
            pending = []
        elif last is not None and "duy tri" in fold(text[previous_end:position]):
            values[year] = last
        else:
            unused_year = year
        previous_end = m.end()
    if pending:
        key = "yearly" if relative and yearly else unused_year or horizon
        if key and key not in values:
            values[key] = pending[0]
    first = values_m[0]
    unit = _unit(first, folded, relative)
    direction = _direction(folded)
    comparator = _comparator(text, first, direction)
    indicator = None
    if unit != "percent_change" or "tao hon" in folded:
        indicator = indicators.match(
            text,
            unit=unit if unit != "percent_change" else "",
            chi_tieu=chi_tieu,
            threshold=0.55 if label.startswith("Chỉ tiêu") else 0.8,
            coverage=0.0 if label.startswith("Chỉ tiêu") else 0.5,
        )
    lines = SourceLines(node.start, node.end)
    return TargetDraft(label, text, indicator, values, comparator, direction, unit, [], lines)


def _unit(first: re.Match[str], folded: str, relative: bool) -> str:
    if relative:
        return "percent_change"
    unit = first.groupdict().get("unit") or ""
    if unit == "%":
        return "percent"
    if unit.replace(" ", "").replace(".", "") == "/1000":
        return "per_1000_live_births"
    if unit.replace(" ", "").replace(".", "") == "/100000":
        return "per_100000_children"
    return "count"


def _direction(folded: str) -> str:
    if re.search(r"\bgiam\b(?! thieu)", folded):
        return "lower"
    if re.search(r"\bduy tri (?:den|o muc|muc|ty le|ti le|on dinh)", folded) and not re.search(
        r"\b(?:tang|nang|dat)\b", folded
    ):
        return "keep"
    return "raise"


def _comparator(text: str, first: re.Match[str], direction: str) -> str:
    before = fold(text[max(0, first.start() - 30) : first.start()]).strip()
    after = fold(text[first.end() : first.end() + 15])
    checks = (
        (r"(?:khong qua|toi da|khong vuot qua)$", "le"),
        (r"(?:duoi|thap hon)$", "lt"),
        (r"(?:it nhat|toi thieu)$", "ge"),
        (r"(?:tren|hon|cao hon)$", "gt"),
        (r"(?:xuong con|xuong|con)$", "le"),
        (r"(?:tu)$", "ge"),
        (r"(?:dat|phan dau|len|dat trung binh)$", "ge"),
        (r"(?:la|bang)$", "eq"),
    )
    for pattern, comparator in checks:
        if re.search(pattern, before):
            return comparator
    if after.strip().startswith("tro len"):
        return "ge"
    return "le" if direction == "lower" else "ge"
