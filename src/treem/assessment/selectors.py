"""Reads of the assessment for pages: scoped through ``treem.accounts.access`` (out of scope → 404)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from treem.accounts import access
from treem.assessment import scoring
from treem.assessment.models import AssessmentRound, CommuneAssessment
from treem.geo.models import AdminUnit, Generation, Level

VIEW = "assessment.view_assessment"


def can_view(user: Any, unit: AdminUnit) -> bool:
    return access.has_perm(user, VIEW, unit)


def access_commune(user: Any, unit_id: Any) -> AdminUnit:
    unit = access.access_unit(user, unit_id)
    if unit.level != Level.COMMUNE or not can_view(user, unit):
        raise access.AccessDenied
    return unit


def access_assessment(user: Any, pk: Any) -> CommuneAssessment:
    a = (
        CommuneAssessment.objects.select_related("unit", "round", "decided_by")
        .filter(pk=access.parse_pk(pk))
        .first()
    )
    if a is None or not can_view(user, a.unit):
        raise access.AccessDenied
    return a


def province_overview(province: AdminUnit, rnd: AssessmentRound | None, year: int) -> dict[str, Any]:
    """Each current commune of the province: its assessment (if the round exists), its score (the one
    submitted, else the live one), pass or fail and what it lacks; the criteria that fail most."""
    communes = AdminUnit.objects.filter(
        level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=province.path
    ).order_by("name_folded")
    by_unit = {}
    if rnd is not None:
        by_unit = {a.unit_id: a for a in CommuneAssessment.objects.filter(round=rnd, unit__in=communes)}
    rows: list[dict[str, Any]] = []
    failing: Counter[int] = Counter()
    names: dict[int, str] = {}
    for unit in communes:
        a = by_unit.get(unit.pk)
        live = scoring.score(unit, year, assessment=a)
        zero = live.zero_criteria
        for c in live.criteria:
            names[c.number] = c.name
            if not c.met:
                failing[c.number] += 1
        rows.append({"unit": unit, "assessment": a, "score": live, "zero": zero, "reasons": live.reasons})
    return {
        "rows": rows,
        "passing": sum(1 for r in rows if r["score"].passed),
        "recognised": sum(
            1 for r in rows if r["assessment"] is not None and r["assessment"].status == "recognised"
        ),
        "failing": [(n, names[n], k) for n, k in failing.most_common()],
    }
