"""The assessment pages in the access-scoping matrix (tests/test_scoping_matrix.py). The in-scope
assessments are recognised so that the decision document exists for each."""

from __future__ import annotations

import datetime
from typing import Any

from treem.core.testing import Page

VIEW = "assessment.view_assessment"
PAGES = {
    "assessment:home": Page(VIEW),
    "assessment:standing": Page(VIEW, "commune", "unit_id"),
    "assessment:province": Page(VIEW, "province", "unit_id"),
    "assessment:detail": Page(VIEW, "assessment", "pk"),
    "assessment:dossier": Page(VIEW, "assessment", "pk"),
    "assessment:decision": Page(VIEW, "assessment", "pk"),
    "assessment:evidence": Page(VIEW, "assessment_entry", "entry_id"),
}
POSTS = {
    "assessment:self_assessment": Page("assessment.assess_commune", "assessment", "pk"),
    "assessment:entry": Page("assessment.assess_commune", "assessment", "pk"),
    "assessment:transition": Page("assessment.assess_commune", "assessment", "pk"),
    "assessment:commune_type": Page("assessment.review_assessment", "commune", "unit_id"),
}


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
