"""Reads of the assessment for pages: scoped through ``treem.accounts.access`` (out of scope → 404)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet

from treem.accounts import access
from treem.assessment.models import AssessmentRound, CommuneAssessment, Criterion, Standing
from treem.geo.models import AdminUnit, Generation, Level

# the two-level map took effect on 01/07/2025: the rounds before it were held by the former communes
REFORM_YEAR = 2025

VIEW = "assessment.view_assessment"


def perm_over(user: Any, perm: str, unit: AdminUnit) -> bool:
    """``perm`` over ``unit``; over a former commune, over any of the units that replaced it (ADR 0031)."""
    if access.has_perm(user, perm, unit):
        return True
    if unit.generation != Generation.FORMER:
        return False
    successors = AdminUnit.objects.filter(predecessions__predecessor=unit)
    return any(access.has_perm(user, perm, s) for s in successors)


def can_view(user: Any, unit: AdminUnit) -> bool:
    return perm_over(user, VIEW, unit)


def access_commune(user: Any, unit_id: Any) -> AdminUnit:
    unit = access.access_unit(user, unit_id)
    if unit.level != Level.COMMUNE or not can_view(user, unit):
        raise access.AccessDenied
    return unit


def access_assessment(user: Any, pk: Any) -> CommuneAssessment:
    try:
        pk = access.parse_pk(pk)
    except (ValueError, TypeError):  # 0, or beyond a bigint: not found, like a missing one
        raise access.AccessDenied from None
    a = CommuneAssessment.objects.select_related("unit", "round", "decided_by").filter(pk=pk).first()
    if a is None or not can_view(user, a.unit):
        raise access.AccessDenied
    return a


def _former_communes(province: AdminUnit) -> QuerySet[AdminUnit]:
    """Former communes some of whose territory lies in ``province`` (through the succession links)."""
    return (
        AdminUnit.objects.filter(
            level=Level.COMMUNE,
            generation=Generation.FORMER,
            successions__successor__path__startswith=province.path,
        )
        .distinct()
        .order_by("name_folded")
    )


def province_overview(province: AdminUnit, rnd: AssessmentRound | None, year: int) -> dict[str, Any]:
    """The communes of the province for ``year``: each with its assessment and the score that counts —
    the one frozen at submission, else the commune's latest standing (``Standing``, refreshed each night);
    the criteria that fail most. For a round held before the reform (``year`` ≤ 2024), the former communes
    whose territory lies in the province, with the results re-entered from their paper dossiers."""
    by_unit: dict[int, CommuneAssessment] = {}
    former = year < REFORM_YEAR
    if former:
        communes = list(_former_communes(province))
    else:
        communes = list(
            AdminUnit.objects.filter(
                level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=province.path
            ).order_by("name_folded")
        )
    if rnd is not None:
        by_unit = {
            a.unit_id: a
            for a in CommuneAssessment.objects.filter(round=rnd, unit__in=[u.pk for u in communes])
        }
    if former:  # only the communes with a result on record
        communes = [u for u in communes if u.pk in by_unit]
    standings = {s.unit_id: s for s in Standing.objects.filter(year=year, unit__in=[u.pk for u in communes])}
    names = dict(Criterion.objects.values_list("number", "name"))
    rows: list[dict[str, Any]] = []
    failing: Counter[int] = Counter()
    for unit in communes:
        a = by_unit.get(unit.pk)
        row: dict[str, Any] = {"unit": unit, "assessment": a, "frozen": False, "computed_at": None}
        if a is not None and a.score:
            frozen = a.score
            zero = [c["number"] for c in frozen["criteria"] if c["points"] == 0]
            row.update(
                frozen=True,
                total=frozen["total"],
                threshold=frozen["threshold"],
                passed=bool(a.passed),
                zero=zero,
                reasons=_frozen_reasons(frozen, zero),
            )
        elif unit.pk in standings:
            st = standings[unit.pk]
            row.update(
                total=st.total,
                threshold=st.threshold,
                passed=st.passed,
                zero=st.zero_criteria,
                reasons=st.reasons,
                computed_at=st.computed_at,
                estimated=st.estimated,
            )
        else:
            row.update(total=None, threshold=None, passed=None, zero=[], reasons=[])
        failing.update(row["zero"])
        rows.append(row)
    return {
        "rows": rows,
        "former": former,
        "unscored": sum(1 for r in rows if r["total"] is None),
        "passing": sum(1 for r in rows if r["passed"]),
        "recognised": sum(
            1 for r in rows if r["assessment"] is not None and r["assessment"].status == "recognised"
        ),
        "failing": [(n, names.get(n, ""), k) for n, k in failing.most_common()],
    }


def _frozen_reasons(score: dict[str, Any], zero: list[int]) -> list[str]:
    out = [f"Tiêu chí {n} đạt 0 điểm." for n in zero]
    if score["total"] < score["threshold"]:
        out.append(f"Tổng điểm {score['total']} thấp hơn mức {score['threshold']} điểm của loại xã này.")
    return out
