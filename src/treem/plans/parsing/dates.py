"""Vietnamese dates ("ngày 05 tháng 4 năm 2016", "ngày 25/12/2023") and task timeframes."""

from __future__ import annotations

import datetime
import re

from treem.core.text import fold

from .model import Timeframe

DATE_WORDS = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})", re.IGNORECASE)
DATE_SLASH = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?!\d)")
_YEAR_RANGE = re.compile(r"(?P<a>(?:19|20)\d\d)\s*(?:-|đến|tới)\s*(?:năm\s*)?(?P<b>(?:19|20)\d\d)")
_UNTIL_YEAR = re.compile(r"(?:đến|tới|trước)\s+(?:hết\s+)?năm\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?!\d)")
_QUARTER = re.compile(r"quý\s+(?P<q>I{1,3}V?|IV|[1-4])\s*(?:/|năm\s*)(?P<y>\d{4})", re.IGNORECASE)
# "Tháng 5/2026", "tháng 12 năm 2025": a month, done by its last day (a table's deadline cell)
_MONTH = re.compile(r"tháng\s*(?P<m>\d{1,2})\s*(?:/|năm\s*)(?P<y>\d{4})(?!\d)", re.IGNORECASE)
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def make_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def first_date(text: str) -> tuple[datetime.date | None, re.Match[str] | None]:
    """The first date written in ``text`` (either style) and its match."""
    found: list[re.Match[str]] = [m for m in (DATE_WORDS.search(text), DATE_SLASH.search(text)) if m]
    if not found:
        return None, None
    m = min(found, key=lambda x: x.start())
    return make_date(int(m["y"]), int(m["m"]), int(m["d"])), m


def parse_timeframe(text: str) -> Timeframe:
    """Timeframe of a task from its "Thời gian thực hiện" text (or any sentence)."""
    text = text.strip().rstrip(".;")
    folded = fold(text)
    if not folded:
        return Timeframe()
    start: int | None = None
    end: int | None = None
    on: datetime.date | None = None
    rng = _YEAR_RANGE.search(text)
    if rng:
        start, end = int(rng["a"]), int(rng["b"])
    else:
        until = _UNTIL_YEAR.search(text)
        if until:
            end = int(until["y"])
    quarter = _QUARTER.search(text)
    if quarter:
        q = _ROMAN_Q[quarter["q"].upper()]
        month = 3 * q
        on = make_date(int(quarter["y"]), month, 31 if month in (3, 12) else 30)
    else:
        found, _ = first_date(text)
        on = found
        months = list(_MONTH.finditer(text))
        if on is None and months and not rng:
            last = months[-1]
            month, year = int(last["m"]), int(last["y"])
            if 1 <= month <= 12:
                following = make_date(year + month // 12, month % 12 + 1, 1)
                on = following - datetime.timedelta(days=1) if following else None
    yearly = re.search(r"\b(?:hang|hàng) nam\b|\bmoi nam\b|\bthuong nien\b", folded)
    if yearly:
        return Timeframe("yearly", start, end, None, text)
    if on is not None:
        return Timeframe("date", None, None, on, text)
    if start or end:
        return Timeframe("period", start, end, None, text)
    if re.search(r"\b(?:thuong xuyen|lien tuc|dinh ky)\b", folded):
        return Timeframe("ongoing", None, None, None, text)
    years = [int(m["y"]) for m in _YEAR.finditer(text)]
    if years and re.search(r"\bnam\b", folded):
        return Timeframe("period", min(years), max(years), None, text)
    return Timeframe("", None, None, None, text)
