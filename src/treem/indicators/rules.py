"""Statutory numbers and fixed definitions used to compute indicators (ARCHITECTURE §4 rule 3)."""

from __future__ import annotations

import datetime
from decimal import Decimal

# Luật Trẻ em 2016, Điều 1: trẻ em là người dưới 16 tuổi.
CHILD_AGE_LIMIT = 16
# Quyết định 23/QĐ-TTg, chỉ tiêu 10: lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi.
LABOUR_MIN_AGE = 5
LABOUR_MAX_AGE = 17
# Quyết định 23/QĐ-TTg, chỉ tiêu 14: trẻ em dưới 5 tuổi được đăng ký khai sinh.
BIRTH_REGISTRATION_AGE_LIMIT = 5

# How a numerator/denominator pair becomes the published figure.
MULTIPLIERS = {
    "percent": Decimal(100),
    "per_1000_live_births": Decimal(1000),
    "per_100000_children": Decimal(100000),
    "count": Decimal(1),
    "boys_per_100_girls": Decimal(100),
    "per_1000_population": Decimal(1000),
}
VALUE_PLACES = Decimal("0.01")

# Data quality (not statutory): a reported figure that moves more than this share away from the year
# before must carry a note explaining it, so a typo (an extra digit) is caught at entry.
JUMP_THRESHOLD = Decimal("0.30")


def reference_date(year: int) -> datetime.date:
    """Ages are counted at 31/12 of the year (so a child's age in year Y is Y minus the birth year)."""
    return datetime.date(year, 12, 31)


def birth_years(year: int, min_age: int, max_age: int) -> tuple[int, int]:
    """Birth years of the children aged ``min_age`` … ``max_age`` (inclusive) at ``reference_date(year)``."""
    return year - max_age, year - min_age


# Small-cell suppression (ADR 0020): a published count of children from 1 to SMALL_CELL_THRESHOLD − 1 is
# shown as "< 5" to anyone without record access to the unit. Not statutory: five is the threshold of the
# statistical offices' disclosure rules for counts of people (ONS "Disclosure control policy for tables"
# and the NHS England/HES analysis guide suppress 1–4; WHO/UNICEF child-data guidance cites the same
# "fewer than five" rule), and Luật Trẻ em 2016, Điều 33 and Nghị định 13/2023/NĐ-CP (dữ liệu cá nhân
# nhạy cảm) forbid disclosing information that identifies a child.
SMALL_CELL_THRESHOLD = 5


def breakdown_of(text: str) -> str | None:
    """The scorecard breakdown a plan's split target names ("ở thành thị" → "urban", "khu vực ngoại
    thành" → "rural", "trẻ em gái" → "F"); "" for none; None for one with no figures (e.g. "miền núi")."""
    from treem.core.text import fold

    words = " ".join(fold(text or "").split())
    if not words:
        return ""
    for key, names in (
        ("urban", ("thanh thi", "noi thanh", "do thi", "phuong", "noi do")),
        ("rural", ("nong thon", "ngoai thanh", "ngoai do")),
        ("F", ("nu", "gai", "tre em gai", "be gai")),
        ("M", ("nam", "trai", "tre em trai", "be trai")),
    ):
        if any(words == n or words.endswith(" " + n) or words.startswith(n + " ") for n in names):
            return key
    return None
