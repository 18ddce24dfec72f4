"""Periodic jobs of the indicators (run by the procrastinate worker, never in a request)."""

from __future__ import annotations

from treem.core.tasks import app


@app.periodic(cron="17 * * * *")
@app.task(queue="periodic", queueing_lock="indicators_population_compact")
def population_compact(timestamp: int | None = None) -> int:
    """Every hour: fold the population counts' delta rows back into one row per key (ADR 0011)."""
    from treem.indicators.services import population_compact as compact

    return compact()


@app.periodic(cron="*/5 * * * *")
@app.task(queue="periodic", queueing_lock="indicators_numerators_fold")
def numerators_fold(timestamp: int | None = None) -> int:
    """Every five minutes: keep the numerators of the year before, this year and the next (a new year at
    New Year), and fold the children changed since the last run into them (ADR 0033). The catalogue is
    current without it; the fold keeps its correction small."""
    from treem.indicators import numerators

    numerators.keep_window()
    return numerators.fold()
