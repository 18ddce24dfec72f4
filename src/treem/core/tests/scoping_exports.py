"""The background exports in the access-scoping matrix (tests/test_scoping_matrix.py).

An export belongs to the user who asked for it, not to a unit: the export "of" A1, A2 and B1 below is
the one their commune worker asked for, finished and downloadable; anyone else gets 404 (test_exports.py).
"""

from __future__ import annotations

import datetime
from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from treem.core.models import ExportJob, JobStatus

    jobs: dict[str, tuple[int, Any]] = {}
    for key in ("a1", "a2", "b1"):
        job = ExportJob(
            kind="children",
            title="Danh sách trẻ em",
            created_by=getattr(world, f"worker_{key}"),
            status=JobStatus.DONE,
            file_name="tre-em.csv",
            content_type="text/csv",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        job.file.save(f"scoping-export-{key}.csv", ContentFile(b"ma_tre\n"), save=False)
        job.save()
        jobs[key] = (job.pk, getattr(world, key))
    return {"export": jobs}
