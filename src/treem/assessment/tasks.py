"""Jobs of the child-friendly commune assessment (run by the procrastinate worker)."""

from __future__ import annotations

from typing import Any

from treem.core.tasks import app


@app.periodic(cron="30 6 1 * *")
@app.task(queue="periodic", queueing_lock="assessment_rounds")
def assessment_rounds(timestamp: int | None = None) -> dict[str, Any]:
    """On the first of each month from December before an evaluation year to the end of that year (QĐ 06
    Điều 4 k1: years 2 and 4 of the five-year plan; opened a month ahead, ADR 0031), the year's round with
    a draft for every current commune — idempotent, so communes created during the year get theirs too."""
    from django.utils import timezone

    from treem.assessment import rules, services

    year = rules.round_year_open(timezone.localdate())
    if year is None:
        return {"year": None, "created": 0}
    _rnd, created = services.round_generate(actor="system", year=year)
    return {"year": year, "created": created}


@app.periodic(cron="15 2 * * *")
@app.task(queue="periodic", queueing_lock="assessment_standings")
def assessment_standings(timestamp: int | None = None) -> dict[str, Any]:
    """Each night: where every current commune stands for the next evaluation (the province page)."""
    from django.utils import timezone

    from treem.assessment import rules, services

    year = rules.next_evaluation_year(timezone.localdate())
    return {"year": year, "communes": services.standings_refresh(year=year)}


@app.task(queue="exports")
def standings_refresh_job(province_id: int, year: int) -> dict[str, Any]:
    """On request from the province page: recompute the standing of the province's communes."""
    from treem.assessment import services
    from treem.geo.models import AdminUnit

    province = AdminUnit.objects.get(pk=province_id)
    return {"year": year, "communes": services.standings_refresh(year=year, within=province)}
