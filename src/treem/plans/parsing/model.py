"""The draft a parsed plan document becomes: plain dataclasses the reviewer corrects before saving.

Every item keeps the 1-based line numbers (``SourceLines``) of the normalised text it came from, so
the review screen can show each item beside its source lines.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

DOC_TYPES = (
    "chi_thi",
    "quyet_dinh",
    "ke_hoach",
    "huong_dan",
    "cong_van",
    "nghi_quyet",
    "thong_tu",
    "nghi_dinh",
    "luat",
    "other",
)


@dataclass(frozen=True)
class SourceLines:
    start: int
    end: int

    def to_json(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class AgencyRef:
    text: str
    type_code: str | None
    level: str | None
    qualifier: str = ""

    @property
    def matched(self) -> bool:
        return self.type_code is not None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "type_code": self.type_code, "level": self.level}


@dataclass(frozen=True)
class DocumentHead:
    doc_type: str
    number: str
    date: datetime.date | None
    issuer: str
    place: str
    title: str
    lines: SourceLines | None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "place": self.place,
            "title": self.title,
            "lines": self.lines.to_json() if self.lines else None,
        }


@dataclass(frozen=True)
class Citation:
    doc_type: str
    number: str
    date: datetime.date | None
    issuer: str
    title: str
    lines: SourceLines

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "title": self.title,
            "lines": self.lines.to_json(),
        }


@dataclass(frozen=True)
class Timeframe:
    kind: str = ""  # "yearly" | "ongoing" | "period" | "date" | "" (unknown)
    start_year: int | None = None
    end_year: int | None = None
    on: datetime.date | None = None
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "on": _iso(self.on),
            "text": self.text,
        }


@dataclass
class TaskDraft:
    number: str
    level: int
    title: str
    body: str
    lead: list[AgencyRef]
    cooperating: list[AgencyRef]
    timeframe: Timeframe
    indicator_refs: list[str]
    lines: SourceLines
    is_heading: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "level": self.level,
            "title": self.title,
            "body": self.body,
            "lead": [a.to_json() for a in self.lead],
            "cooperating": [a.to_json() for a in self.cooperating],
            "timeframe": self.timeframe.to_json(),
            "indicator_refs": list(self.indicator_refs),
            "is_heading": self.is_heading,
            "lines": self.lines.to_json(),
        }


@dataclass
class TargetDraft:
    label: str
    text: str
    indicator: str | None
    values: dict[str, Decimal]  # year → value; "yearly": every year of the plan ("hằng năm", "5 %/năm")
    comparator: str  # "ge" | "gt" | "le" | "lt" | "eq"
    direction: str  # "raise" | "lower" | "keep"
    unit: str  # "percent" | "per_1000_live_births" | "per_100000_children" | "count" | "percent_change" | ""
    lead: list[AgencyRef]
    lines: SourceLines
    group: str = ""  # the breakdown a split target is for ("nội thành", "nữ"); "" for the whole
    kind: str = "level"  # "level" | "keep" (duy trì) | "range" | "change" (a yearly change, in %)
    high: Decimal | None = None  # the upper bound of a range ("từ 2% đến 3%", "giảm 2–3 %/năm")

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "kind": self.kind,
            "high": _number(self.high) if self.high is not None else None,
            "label": self.label,
            "text": self.text,
            "indicator": self.indicator,
            "values": {year: _number(value) for year, value in self.values.items()},
            "comparator": self.comparator,
            "direction": self.direction,
            "unit": self.unit,
            "lead": [a.to_json() for a in self.lead],
            "lines": self.lines.to_json(),
        }


@dataclass(frozen=True)
class DeadlineDraft:
    periodicity: str  # "monthly" | "quarterly" | "half_yearly" | "yearly" | "once"
    day: int  # 0 when the document names the period but no day
    month: int | None
    text: str
    lines: SourceLines
    recipient: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "periodicity": self.periodicity,
            "day": self.day,
            "month": self.month,
            "text": self.text,
            "recipient": self.recipient,
            "lines": self.lines.to_json(),
        }


@dataclass(frozen=True)
class CriterionDraft:
    number: str
    text: str
    lines: SourceLines

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text, "lines": self.lines.to_json()}


@dataclass
class PlanDraft:
    document: DocumentHead
    cites: list[Citation] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    targets: list[TargetDraft] = field(default_factory=list)
    deadlines: list[DeadlineDraft] = field(default_factory=list)
    criteria: list[CriterionDraft] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)  # what the plan says about its money
    budget_sources: list[str] = field(default_factory=list)  # the kinds of funding named there
    unmatched_agencies: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document.to_json(),
            "cites": [c.to_json() for c in self.cites],
            "purposes": list(self.purposes),
            "tasks": [t.to_json() for t in self.tasks],
            "targets": [t.to_json() for t in self.targets],
            "deadlines": [d.to_json() for d in self.deadlines],
            "criteria": [c.to_json() for c in self.criteria],
            "funding": list(self.funding),
            "budget_sources": list(self.budget_sources),
            "unmatched_agencies": list(self.unmatched_agencies),
            "warnings": list(self.warnings),
            "line_count": len(self.lines),
        }


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
