"""Periodic jobs of case handling (run by the procrastinate worker, never in a request)."""

from __future__ import annotations

from typing import Any

from treem.core.tasks import app


@app.periodic(cron="*/10 * * * *")
@app.task(queue="periodic", queueing_lock="cases_deadlines_scan")
def deadlines_scan(timestamp: int | None = None) -> dict[str, Any]:
    from treem.cases.services import deadlines_scan as scan

    return scan()
