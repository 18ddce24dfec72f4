"""Quyết định 23/QĐ-TTg indicator 1 (share of communes recognised as child-friendly) from the
recognitions recorded here, registered with ``treem.indicators`` (which sits below this app) at start-up."""

from __future__ import annotations

from typing import Any

CODE = "QD23-01"


def recognised_share(communes: Any, year: int, sex: str) -> dict[int, tuple[int, int]]:
    """Per current commune: (1 if its latest decision in a round of ``year`` or before recognised it, else 0;
    1). A recognition holds until the next round's decision. No breakdown by sex (``{}`` for M/F)."""
    from treem.assessment.models import CommuneAssessment, Status
    from treem.geo.models import AdminUnit

    if sex:
        return {}
    ids = list(AdminUnit.objects.filter(pk__in=communes).values_list("pk", flat=True))
    latest: dict[int, str] = {}
    for unit_id, status in (
        CommuneAssessment.objects.filter(
            # the communes' query as a subquery, not their ids: at the nation an IN-list of 3,321 ids cost
            # some 30 ms per year to write and parse (issue #20)
            unit_id__in=communes,
            round__year__lte=year,
            status__in=[Status.RECOGNISED, Status.NOT_RECOGNISED],
        )
        .order_by("round__year")
        .values_list("unit_id", "status")
    ):
        latest[unit_id] = status
    return {pk: (1 if latest.get(pk) == Status.RECOGNISED else 0, 1) for pk in ids}


def register() -> None:
    from treem.indicators.selectors import register_computer

    register_computer(CODE, recognised_share)
