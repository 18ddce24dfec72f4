"""Parse Vietnamese administrative plans (Kế hoạch, Quyết định ban hành Kế hoạch, Chỉ thị …) into a
draft the user reviews before saving. Pure Python: no database access.

    text = extract_text("ke-hoach.docx", data)
    draft = parse_plan(text)
    draft.to_json()
"""

from __future__ import annotations

from .agencies import AgencyCatalogue
from .dates import parse_timeframe
from .extract import PlanFileError, extract_text
from .indicators import IndicatorCatalogue
from .model import (
    AgencyRef,
    Citation,
    CriterionDraft,
    DeadlineDraft,
    DocumentHead,
    PlanDraft,
    SourceLines,
    TargetDraft,
    TaskDraft,
    Timeframe,
)
from .normalise import normalise
from .parser import parse_plan

__all__ = [
    "AgencyCatalogue",
    "AgencyRef",
    "Citation",
    "CriterionDraft",
    "DeadlineDraft",
    "DocumentHead",
    "IndicatorCatalogue",
    "PlanDraft",
    "PlanFileError",
    "SourceLines",
    "TargetDraft",
    "TaskDraft",
    "Timeframe",
    "extract_text",
    "normalise",
    "parse_plan",
    "parse_timeframe",
]
