"""Periodic jobs of the indicators (run by the procrastinate worker, never in a request)."""

from __future__ import annotations

from treem.core.tasks import app


@app.periodic(cron="17 * * * *")
@app.task(queue="periodic", queueing_lock="indicators_population_compact")
def population_compact(timestamp: int | None = None) -> int:
    """Every hour: fold the population counts' delta rows back into one row per key (ADR 0011)."""
    from treem.indicators.services import population_compact as compact

    return compact()
