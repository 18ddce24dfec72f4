"""Queueing the import of a children file as a background job, and the jobs' states (the import page).

The job itself runs ``importing.job_run`` in the worker (``treem.registry.tasks.import_job``); this module
sits above both, so that neither imports the other to queue a job.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.core.errors import ApplicationError
from treem.core.tasks import enqueue_on_commit
from treem.geo.models import AdminUnit
from treem.registry import importing
from treem.registry.models_io import ImportJob, ImportStatus
from treem.registry.tasks import import_job


def import_job_create(
    *,
    actor: Any,
    commune: AdminUnit,
    upload: Any,
    mapping: dict[str, str],
    date_format: str,
    template: Any = None,
    dry_run: bool = True,
    source_job: Any = None,
    create_duplicates: bool = False,
) -> Any:
    """Store the file and queue its dry run (or, with ``source_job``, the real import of a checked file)."""
    access.require(actor, "registry.import_children", commune)
    with transaction.atomic():
        job = ImportJob(
            unit=commune,
            created_by=actor,
            mapping=importing.clean_mapping(mapping),
            date_format=date_format,
            template=template,
            dry_run=dry_run,
            source_job=source_job,
            review={"create_duplicates": True} if create_duplicates else {},
        )
        if source_job is not None:
            job.file = source_job.file.name
            job.original_name = source_job.original_name
        else:
            job.original_name = str(getattr(upload, "name", "") or "")[:255]
            job.file.save(f"{timezone.now():%Y%m%d%H%M%S}.dat", upload, save=False)
        job.save()
        enqueue_on_commit(import_job, job_id=job.pk)
    return job


def commit_state(source: Any) -> str:
    """ "written" when a real import of ``source`` is done (its rows are in the database: ``done`` commits
    with them), "writing" while one is queued or running, "" otherwise (none, or all failed)."""
    states = set(source.commits.values_list("status", flat=True))
    if ImportStatus.DONE in states:
        return "written"
    if states & {ImportStatus.QUEUED, ImportStatus.RUNNING}:
        return "writing"
    return ""


def _refuse_second_write(source: Any) -> None:
    """A checked file is written once: refuse while a write of ``source`` is done, queued or running."""
    state = commit_state(source)
    if state == "written":
        raise ApplicationError(_("Tệp này đã được ghi vào cơ sở dữ liệu."))
    if state == "writing":
        raise ApplicationError(_("Tệp này đang được ghi vào cơ sở dữ liệu; hãy chờ kết quả."))


def _refuse_commit(locked: Any) -> None:
    if not locked.dry_run or locked.status != ImportStatus.DONE or locked.errors:
        raise ApplicationError(_("Chỉ ghi được tệp đã kiểm tra xong và không có lỗi."))
    _refuse_second_write(locked)
    if not locked.rows_total:
        raise ApplicationError(_("Tệp không có dòng dữ liệu nào để ghi."))


def import_job_commit(*, actor: Any, job: Any, create_duplicates: bool = False) -> Any:
    """Queue the real import of a file whose dry run passed without errors (once: a failed or
    interrupted write may be queued again, a done one never). Rows that match a child already
    registered are left unwritten unless ``create_duplicates`` (an explicit choice)."""
    access.require(actor, "registry.import_children", job.unit)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _refuse_commit(locked)
        return import_job_create(
            actor=actor,
            commune=locked.unit,
            upload=None,
            mapping=locked.mapping,
            date_format=locked.date_format,
            template=locked.template,
            dry_run=False,
            source_job=locked,
            create_duplicates=create_duplicates,
        )


def import_job_retry(*, actor: Any, job: Any) -> Any:
    """Run again a job that a crash or a system error interrupted: a dry run checks the file again, a
    real import writes it (unless another write of the same file is done or under way)."""
    access.require(actor, "registry.import_children", job.unit)
    with transaction.atomic():
        source = None
        if job.source_job_id is not None:
            source = ImportJob.objects.select_for_update().get(pk=job.source_job_id)
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.FAILED or not locked.interrupted:
            raise ApplicationError(_("Chỉ chạy lại được việc bị gián đoạn."))
        if source is not None and not locked.dry_run:
            _refuse_second_write(source)
        locked.status = ImportStatus.QUEUED
        locked.interrupted = False
        locked.message = ""
        locked.errors = []
        locked.rows_done = locked.created = locked.updated = 0
        locked.started_at = locked.finished_at = None
        locked.save()
        enqueue_on_commit(import_job, job_id=locked.pk)
    return locked


RECENT_JOBS = 10


def recent_jobs(*, user: Any) -> list[Any]:
    """The last files checked or written in the user's communes, newest first (the import page's list:
    what happened to each, a refused file with its reason)."""
    qs = access.scope(
        ImportJob.objects.select_related("unit", "created_by"), user, "registry.import_children"
    )
    return list(qs.order_by("-created_at", "-id")[:RECENT_JOBS])
