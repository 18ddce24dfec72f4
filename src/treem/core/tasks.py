"""Background jobs on a PostgreSQL-backed queue (procrastinate), dispatched after commit.

Tasks take IDs, not objects; a task body loads its rows and calls a service. With
``TREEM_TASKS_INLINE`` (tests) the task runs in-process right after the transaction commits.
Periodic jobs are declared with ``@app.periodic`` next to their task, in each app's ``tasks.py``,
which procrastinate autodiscovers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from procrastinate.contrib.django import app

__all__ = ["app", "enqueue_on_commit"]


def enqueue_on_commit(task: Any, /, **kwargs: Any) -> None:
    def _dispatch() -> None:
        if settings.TREEM_TASKS_INLINE:
            task(**kwargs)
        else:
            task.defer(**kwargs)

    transaction.on_commit(_dispatch)
