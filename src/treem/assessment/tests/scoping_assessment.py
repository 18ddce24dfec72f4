"""The assessment pages in the access-scoping matrix (tests/test_scoping_matrix.py). The in-scope
assessments are recognised so that the decision document exists for each."""

from __future__ import annotations

import datetime
from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from django.core.files.base import ContentFile

    from treem.assessment.models import AssessmentRound, CommuneAssessment, ManualEntry, SubCriterion
    from treem.assessment.reference import load_criteria

    load_criteria()
    rnd = AssessmentRound.objects.create(year=2027, period_start=2026, period_end=2030)
    sub = SubCriterion.objects.get(code="13.1")
    kinds: dict[str, dict[str, tuple[int, Any]]] = {
        "assessment": {},
        "assessment_entry": {},
        "province": {
            "a1": (world.a.pk, world.a),
            "a2": (world.a.pk, world.a),
            "b1": (world.b.pk, world.b),
        },
    }
    for key in ("a1", "a2", "b1"):
        commune = getattr(world, key)
        a = CommuneAssessment.objects.create(
            round=rnd,
            unit=commune,
            status="recognised",
            decision_number="1/QĐ-UBND",
            meeting_date=datetime.date(2027, 11, 5),
            meeting_minutes="Biên bản.",
        )
        entry = ManualEntry(assessment=a, sub=sub, points=40, evidence_name="khao-sat.pdf")
        entry.evidence_type = "application/pdf"
        entry.evidence.save(f"scoping-assessment-{key}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        kinds["assessment"][key] = (a.pk, commune)
        kinds["assessment_entry"][key] = (entry.pk, commune)
    return kinds
