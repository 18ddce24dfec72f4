"""Periodic job of the child-friendly commune assessment (run by the procrastinate worker)."""

from __future__ import annotations

from typing import Any

from treem.core.tasks import app


@app.periodic(cron="30 6 1 * *")
@app.task(queue="periodic", queueing_lock="assessment_rounds")
def assessment_rounds(timestamp: int | None = None) -> dict[str, Any]:
    """On the first of each month of an evaluation year (QĐ 06 Điều 4 k1: years 2 and 4 of the five-year
    plan), the year's round with a draft for every current commune — idempotent, so communes created
    during the year get theirs too."""
    from django.utils import timezone

    from treem.assessment import rules, services

    year = timezone.localdate().year
    if not rules.is_evaluation_year(year):
        return {"year": year, "created": 0}
    _rnd, created = services.round_generate(actor="system", year=year)
    return {"year": year, "created": created}
