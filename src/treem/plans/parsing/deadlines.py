"""Reporting deadlines: "trước ngày 05 tháng 12", "Định kỳ 6 tháng (trước ngày 10 tháng 6) và hàng
năm (trước ngày 10 tháng 11)", "trước ngày 15 của tháng cuối quý", "Định kỳ quý, 06 tháng, 01 năm"."""

from __future__ import annotations

import re

from treem.core.text import fold

from .agencies import AgencyCatalogue
from .model import DeadlineDraft, SourceLines
from .normalise import Block, fold_same_length

_BEFORE_DAY = re.compile(
    r"(?:trước|chậm nhất(?: vào)?|trong)\s+ngày\s*(?P<d>\d{1,2})"
    r"(?:\s*tháng\s*(?P<m>\d{1,2})|\s*/\s*(?P<m2>\d{1,2}))?(?:\s*(?:/|năm)\s*(?P<y>\d{4}))?"
    r"(?P<quarter>\s*(?:của\s+)?tháng\s+(?:cuối|đầu)\s+(?:của\s+)?quý)?",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"(?P<half>\b(?:0?6|sáu)\s+tháng\b|nửa năm|bán niên)|(?P<quarter>\b(?:hằng |hàng |mỗi )?quý\b)|"
    r"(?P<year>\b(?:hằng|hàng|mỗi)\s+năm\b|\b0?1\s+năm\b|\bthường niên\b|\bnăm\b)|"
    r"(?P<month>\b(?:hằng|hàng|mỗi)\s+tháng\b|\btháng\b)",
    re.IGNORECASE,
)
_PERIODIC_LIST = re.compile(
    r"định kỳ\s+(?P<list>(?:(?:hằng |hàng |mỗi )?(?:quý|0?6 tháng|sáu tháng|0?1 năm|năm|tháng)"
    r"(?:\s*(?:,|và|/|hoặc)\s*)?){1,4})",
    re.IGNORECASE,
)
_RECIPIENT = re.compile(r"(?:gửi\s+(?:về\s+)?|về\s+|cho\s+)", re.IGNORECASE)


def collect_deadlines(
    blocks: list[Block], catalogue: AgencyCatalogue
) -> tuple[list[DeadlineDraft], list[str]]:
    deadlines: list[DeadlineDraft] = []
    warnings: list[str] = []
    for index, block in enumerate(blocks):
        folded = fold(block.text)
        if "bao cao" not in folded and not re.search(r"\bgui\b[^.;]{0,60}\btruoc ngay\b", folded):
            continue  # a report, or something to send before a day ("… gửi trước ngày 15/5/2023")
        following = blocks[index + 1].text if index + 1 < len(blocks) else ""
        recipient = _recipient(block.text, catalogue)
        if not recipient and fold(following).startswith("bao cao gui"):
            recipient = _recipient(following, catalogue)
        found = _explicit(block, recipient)
        if not found:
            found = _periods_only(block, recipient)
            if found:
                warnings.append(
                    f"Hạn báo cáo ở dòng {block.start}-{block.end} không ghi ngày cụ thể; "
                    "cần bổ sung khi duyệt."
                )
        deadlines.extend(found)
    return _unique(deadlines), warnings


def _explicit(block: Block, recipient: str) -> list[DeadlineDraft]:
    text = block.text
    out = []
    previous_end = 0
    for m in _BEFORE_DAY.finditer(text):
        day = int(m["d"])
        month_text = m["m"] or m["m2"]
        month = int(month_text) if month_text else None
        if not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
            continue
        window = text[max(previous_end, m.start() - 80) : m.start()]
        clause_start = max(window.rfind(";"), window.rfind(". "))
        window = window[clause_start + 1 :] if clause_start >= 0 else window
        periodicity = _periodicity(window) or _periodicity(text[m.end() : m.end() + 25])
        if m["quarter"]:
            periodicity, month = "quarterly", None
        if m["y"]:
            periodicity = "once"
        if not periodicity:
            periodicity = "once"
        out.append(
            DeadlineDraft(
                periodicity, day, month, m.group(0).strip(), SourceLines(block.start, block.end), recipient
            )
        )
        previous_end = m.end()
    return out


def _periodicity(window: str) -> str:
    best = ""
    for m in _PERIOD.finditer(window):
        if m["half"]:
            best = "half_yearly"
        elif m["quarter"]:
            best = "quarterly"
        elif m["year"]:
            if re.search(r"tháng\s*\d", window[m.start() - 12 : m.start()]) or re.match(
                r"\s*\d", window[m.end() :]
            ):
                continue  # "tháng 12 năm 2024" is a date, not a period
            best = "yearly"
        elif m["month"]:
            if re.match(r"\s*\d", window[m.end() :]) or re.search(r"\d\s*$", window[: m.start()]):
                continue  # "tháng 6" is a month, "6 tháng" was caught above
            best = "monthly"
    return best


def _periods_only(block: Block, recipient: str) -> list[DeadlineDraft]:
    out = []
    for m in _PERIODIC_LIST.finditer(block.text):
        tail = fold(block.text[m.end() : m.end() + 80])
        if "bao cao" not in tail and "bao cao" not in fold(block.text[max(0, m.start() - 40) : m.start()]):
            continue
        for piece in re.split(r"\s*(?:,|và|/|hoặc)\s*", m["list"]):
            periodicity = _periodicity(" " + piece + " ")
            if periodicity:
                out.append(
                    DeadlineDraft(
                        periodicity,
                        0,
                        None,
                        m.group(0).strip(),
                        SourceLines(block.start, block.end),
                        recipient,
                    )
                )
    return out


def _recipient(text: str, catalogue: AgencyCatalogue) -> str:
    folded = fold_same_length(text)
    start = folded.find("bao cao")
    for m in _RECIPIENT.finditer(text, max(start, 0)):
        refs, _ = catalogue.leading(text[m.end() :])
        if refs:
            return refs[0].text
    return ""


def _unique(deadlines: list[DeadlineDraft]) -> list[DeadlineDraft]:
    seen: set[tuple[str, int, int | None]] = set()
    out = []
    for d in deadlines:
        key = (d.periodicity, d.day, d.month)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
