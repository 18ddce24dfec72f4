"""The periodic seal of the audit chain (ADR 0013), run by the procrastinate worker."""

from __future__ import annotations

from typing import Any

from treem.core.tasks import app


@app.periodic(cron="*/15 * * * *")
@app.task(queue="periodic", queueing_lock="audit_seal")
def audit_seal(timestamp: int | None = None) -> dict[str, Any] | None:
    from treem.audit.seals import audit_seal as seal

    return seal()
