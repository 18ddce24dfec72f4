"""Background jobs of the children register (queued by ``treem.registry.import_jobs``)."""

from __future__ import annotations

from treem.core.tasks import app
from treem.registry.importing import job_run


@app.task(queue="imports", name="registry.import_job")
def import_job(job_id: int) -> None:
    """Run an uploaded file's dry run or import (treem.registry.importing.job_run)."""
    job_run(job_id)
