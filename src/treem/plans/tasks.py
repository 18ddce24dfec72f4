"""Periodic jobs of the plans (run by the procrastinate worker, never in a request)."""

from __future__ import annotations

from treem.core.tasks import app


@app.periodic(cron="20 1 * 1 *")
@app.task(queue="periodic", queueing_lock="plans_every_year_targets_extend")
def every_year_targets_extend(timestamp: int | None = None) -> int:
    """Each day of January (idempotent: the first run of the year adds, the others find nothing, and a
    worker down on New Year's Day misses nothing): the targets set every year ("hằng năm") of the plans
    open at their end reach the new year on the indicators' targets (ADR 0044)."""
    from treem.plans.services import every_year_targets_extend as extend

    return extend()
