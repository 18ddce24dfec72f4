"""The indicator catalogue (data/reference/indicators.csv) and a conservative matcher from a target
sentence to an indicator code: weighted word overlap on accent-folded text, with the age group, the
unit and a few subject words ("tử vong", "thấp còi", "bỏ học") as strong signals that must agree."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from treem.core.text import fold

from .agencies import REFERENCE_DIR

_STOP = {
    "ty", "le", "suat", "tre", "em", "cac", "duoc", "cua", "va", "voi", "tren", "tong", "so", "trong",
    "nam", "vao", "dat", "giam", "tang", "phan", "dau", "xuong", "duoi", "muc", "co", "cho", "theo",
    "la", "nhung", "mot", "den", "tu", "the", "bi", "o", "khi", "nguoi", "ve",
}  # fmt: skip
_SYNONYMS = (
    ("can nang theo tuoi", "nhe can"),
    ("chieu cao theo tuoi", "thap coi"),
    ("beo phi", "thua can beo phi"),
    ("tiem chung du", "tiem chung day du"),
    ("vac-xin", "vac xin"),  # the loanword with its hyphen
    ("cap tieu hoc", "chuong trinh tieu hoc"),
    ("bac tieu hoc", "tieu hoc"),
    ("cap trung hoc co so", "chuong trinh trung hoc co so"),
    ("hoi y kien", "tham van y kien"),
    ("den 8 tuoi", "duoi 8 tuoi"),
    ("tai nan thuong tich", "tai nan, thuong tich"),
    ("phuong, xa, thi tran", "xa, phuong"),
    ("cuu tro", "ho tro"),
    ("phat trien phu hop", "phat trien dung muc"),
    # a child of five at a pre-school ("đến trường / đi học mầm non") is at its kindergarten ("mẫu giáo"):
    # the age must still agree
    ("den truong mam non", "di hoc mau giao"),
    ("di hoc mam non", "di hoc mau giao"),
    ("den lop mau giao", "di hoc mau giao"),  # "ra / đến lớp": at class, i.e. attending
    ("ra lop mau giao", "di hoc mau giao"),
    # the levels listed ("xã, phường, thị trấn" once "/" is read as ","), a standard met ("đạt chuẩn")
    ("xa, phuong, thi tran", "xa, phuong"),
    ("dat chuan phu hop", "dat tieu chuan phu hop"),
    # children in special circumstances "được chăm sóc": the catalogue's "được trợ giúp, chăm sóc", not
    # their share of all children
    ("hoan canh dac biet duoc cham soc", "hoan canh dac biet duoc tro giup, cham soc"),
)
_STRONG = (
    "so sinh", "tu vong", "nhe can", "thap coi", "beo phi", "hiv", "vac xin", "ve sinh", "hoan canh dac biet",
    "xam hai", "lao dong", "tai nan", "thien tai", "tao hon", "khai sinh", "mau giao", "hoan thanh", "bo hoc",
    "tam ly", "khuyet tat", "vui choi", "y kien", "nhan thuc", "mo hinh", "phat trien toan dien",
    "phu hop voi tre em", "phat trien dung muc", "truong hoc",
)  # fmt: skip
# an age ("dưới 5 tuổi": "5") or a span of ages ("từ trên 5-16 tuổi", "từ 5 đến 17 tuổi": "5-16", "5-17" —
# schoolchildren of 5 to 16 are not the under-fives, though both name 5; "từ 5 tuổi đến 17 tuổi" too)
_AGE = re.compile(
    r"(?:duoi|tu|den|tren)?\s*0?(\d{1,2})\s*(?:tuoi\s*(?=[-–]|den\s*\d))?(?:(?:[-–]|den)\s*)?(?:0?(\d{1,2})\s*)?tuoi"
)
_UNITS = ("percent", "per_1000_live_births", "per_100000_children", "count")


@dataclass(frozen=True)
class _Indicator:
    code: str
    unit: str
    words: frozenset[str]
    strong: frozenset[str]
    ages: frozenset[str]
    chi_tieu: str  # the "chỉ tiêu N" number of Quyết định 23 it implements ("" if none)


class IndicatorCatalogue:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        indicators = []
        for row in rows:
            text = _prepare(row.get("name", ""))
            citation = fold(row.get("citation", "") or "")
            number = re.search(r"chi tieu (\d+)", citation)
            indicators.append(
                _Indicator(
                    row["code"],
                    row.get("unit", ""),
                    frozenset(_words(text)),
                    frozenset(s for s in _STRONG if s in text),
                    frozenset(_ages(text)),
                    number.group(1) if number and "23/qd-ttg" in citation else "",
                )
            )
        self._indicators = indicators
        counts: dict[str, int] = {}
        for ind in indicators:
            for w in ind.words:
                counts[w] = counts.get(w, 0) + 1
        n = max(len(indicators), 1)
        self._idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}
        self._max_idf = math.log((n + 1) / 0.5)

    @classmethod
    def default(cls) -> IndicatorCatalogue:
        return _default_indicators()

    @classmethod
    def from_file(cls, path: Path) -> IndicatorCatalogue:
        with path.open(encoding="utf-8") as fh:
            return cls(list(csv.DictReader(fh)))

    def codes(self) -> list[str]:
        return [i.code for i in self._indicators]

    def match(
        self, text: str, *, unit: str = "", chi_tieu: str = "", threshold: float = 0.55, coverage: float = 0.0
    ) -> str | None:
        """The indicator ``text`` measures, or None when nothing corresponds well.

        ``threshold`` is on the share of the indicator's name found in the text; ``coverage`` on the
        share of the text's words found in the indicator's name (for unlabelled sentences)."""
        prepared = _prepare(text)
        words = set(_words(prepared))
        strong = {s for s in _STRONG if s in prepared}
        ages = set(_ages(prepared))
        best: tuple[float, str] | None = None
        for ind in self._indicators:
            if unit in _UNITS and ind.unit and ind.unit != unit:
                continue
            if ind.ages and ages and not (ind.ages & ages):
                continue
            if ind.ages and not ages:
                continue
            if ind.strong - strong:
                continue
            total = sum(self._idf.get(w, 0.0) for w in ind.words) or 1.0
            shared = sum(self._idf.get(w, 0.0) for w in ind.words & words)
            score = shared / total + 0.01 * shared - 0.3 * len(strong - ind.strong)
            if coverage:
                text_total = sum(self._idf.get(w, self._max_idf) for w in words) or 1.0
                if shared / text_total < coverage:
                    continue
            if chi_tieu and ind.chi_tieu == chi_tieu:
                score += 0.25
            if best is None or score > best[0]:
                best = (score, ind.code)
        if best is None or best[0] < threshold:
            return None
        return best[1]


@cache
def _default_indicators() -> IndicatorCatalogue:
    return IndicatorCatalogue.from_file(REFERENCE_DIR / "indicators.csv")


def _prepare(text: str) -> str:
    folded = re.sub(r"\bvac\s+-\s+xin\b", "vac-xin", fold(text))  # "vắc - xin", as a converter spaces it
    folded = re.sub(r"(?<=[a-z])\s*/\s*(?=[a-z])", ", ", folded)  # "xã/phường": a list
    for old, new in _SYNONYMS:
        folded = folded.replace(old, new)
    # … or "được trợ giúp" alone: the same children helped
    return re.sub(r"hoan canh dac biet duoc tro giup\b(?!, cham soc)", r"\g<0>, cham soc", folded)


def _words(folded: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", folded) if w not in _STOP and len(w) > 1]


def _ages(folded: str) -> list[str]:
    return [
        f"{m.group(1).lstrip('0')}-{m.group(2)}" if m.group(2) else m.group(1).lstrip("0")
        for m in _AGE.finditer(folded)
    ]
