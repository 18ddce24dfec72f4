"""Import and export URLs of the children register in the access matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from treem.registry.models_io import ImportJob, ImportStatus

    jobs: dict[str, tuple[int, Any]] = {}
    for key in ("a1", "a2", "b1"):
        unit = getattr(world, key)
        job = ImportJob(
            unit=unit, original_name="tre-em.csv", status=ImportStatus.DONE, rows_total=1, rows_done=1
        )
        job.file.save("tre-em.csv", ContentFile(b"x"), save=False)
        job.save()
        jobs[key] = (job.pk, unit)
    return {"import_job": jobs}
