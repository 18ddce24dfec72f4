"""Background jobs on a PostgreSQL-backed queue (procrastinate), with their state kept by Treem.

Tasks take IDs, not objects; a task body loads its rows and calls a service. ``enqueue_on_commit``
inserts the procrastinate job through Django's own connection, so inside ``transaction.atomic`` the
queued job and the Treem row that tracks it (an import, an export) commit together or not at all: there
is never a "queued" row without its job. With ``TREEM_TASKS_INLINE`` (tests) the task runs in-process
right after the transaction commits instead. Periodic jobs are declared with ``@app.periodic`` next to
their task, in each app's ``tasks.py``, which procrastinate autodiscovers.

The recovery of jobs interrupted by a crash (ADR 0015) runs every minute here and once when the
launcher starts or restarts the worker (``manage.py jobs_recover``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from procrastinate.contrib.django import app

__all__ = ["app", "enqueue_on_commit"]


def enqueue_on_commit(task: Any, /, **kwargs: Any) -> None:
    """Queue ``task(**kwargs)``: in the caller's transaction (the job exists once it commits)."""
    if settings.TREEM_TASKS_INLINE:
        transaction.on_commit(lambda: task(**kwargs))
    else:
        task.defer(**kwargs)


@app.task(queue="exports", name="core.export_job")
def export_job(job_id: int) -> None:
    """Build one ExportJob's file (treem.core.jobs.export_run)."""
    from treem.core.jobs import export_run

    export_run(job_id)


@app.periodic(cron="* * * * *")
@app.task(queue="periodic", queueing_lock="core_jobs_recover", name="core.jobs_recover")
def jobs_recover(timestamp: int | None = None) -> dict[str, int]:
    """Every minute: jobs whose worker died are retried or marked failed; expired export files go."""
    from treem.core import jobs

    found = jobs.jobs_recover()
    found["expired"] = jobs.exports_expire()
    found["pruned"] = jobs.prune_recovery_runs()
    return found
