"""Periodic jobs of the reporting regime (run by the procrastinate worker, never in a request)."""

from __future__ import annotations

from typing import Any

from treem.core.tasks import app


@app.periodic(cron="15 6 * * *")
@app.task(queue="periodic", queueing_lock="reporting_daily")
def reporting_daily(timestamp: int | None = None) -> dict[str, Any]:
    """Every morning: this year's (and from December next year's) obligations, then the reminders."""
    from django.utils import timezone

    from treem.reporting import services

    today = timezone.localdate()
    generated = services.obligations_generate(today.year)
    if today.month == 12:
        services.obligations_generate(today.year + 1)
    return {"generated": generated, "reminders": services.reminders_send(today)}


@app.periodic(cron="0 7 * * 1")
@app.task(queue="periodic", queueing_lock="reporting_digest")
def reporting_weekly_digest(timestamp: int | None = None) -> dict[str, Any]:
    """Monday morning: each supervisor's list of late reports below them."""
    from treem.reporting import services

    return {"digests": services.digest_send()}


@app.periodic(cron="41 * * * *")
@app.task(queue="periodic", queueing_lock="reporting_support_changes_compact")
def support_changes_compact(timestamp: int | None = None) -> int:
    """Every hour: empty the log of support changes and move its epoch on (ADR 0037)."""
    from treem.reporting import content

    return content.support_changes_compact()


@app.periodic(cron="*/15 * * * *")
@app.task(queue="periodic", queueing_lock="reporting_report_changes_compact")
def report_changes_compact(timestamp: int | None = None) -> int:
    """Every quarter of an hour: empty the log of the report page's input changes, drop the figures kept
    and move the epoch on (ADR 0049); each report's page then reads its figures once more."""
    from treem.reporting import content

    return content.report_changes_compact()
