"""Period codes shared by task progress and reports: "2026" (year), "2026-S1"/"2026-S2" (half-years),
"2026-Q1"…"2026-Q4", "2026-M01"…"2026-M12" — and their Vietnamese names."""

from __future__ import annotations

import re

PERIOD_RE = re.compile(r"^(\d{4})(?:-(S[12]|Q[1-4]|M(?:0[1-9]|1[0-2])))?$")
ROMAN = ["I", "II", "III", "IV"]


def period_label(code: str) -> str:
    """ "2026" → "Năm 2026"; "2026-S1" → "6 tháng đầu năm 2026"; "2026-Q3" → "Quý III/2026";
    "2026-M05" → "Tháng 05/2026"; anything else as it is."""
    match = PERIOD_RE.match(code)
    if not match:
        return code
    year, part = match.group(1), match.group(2)
    if part is None:
        return f"Năm {year}"
    if part == "S1":
        return f"6 tháng đầu năm {year}"
    if part == "S2":
        return f"6 tháng cuối năm {year}"
    if part.startswith("Q"):
        return f"Quý {ROMAN[int(part[1]) - 1]}/{year}"
    return f"Tháng {part[1:]}/{year}"
