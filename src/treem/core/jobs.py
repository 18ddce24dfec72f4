"""Background jobs that survive crashes, and files exported in the background (ADR 0015).

**States.** A tracked job (an ``ImportJob``, an ``ExportJob``) is ``queued`` → ``running`` → ``done`` or
``failed``. It is created in the same transaction as its procrastinate job (``enqueue_on_commit``), and
it becomes ``done`` in the same transaction as its effect (the imported rows, the export's audit event),
so after a crash ``done`` means the effect is there and anything else means it is not.

**Recovery** (``jobs_recover``, every minute and when the worker starts): a procrastinate job left
``doing`` by a worker that no longer beats (procrastinate's own stalled-job query) is closed as failed;
then every tracked row still ``queued``/``running`` without a live procrastinate job is *interrupted*:
an export is queued again once (it only reads), an import is marked failed with a message in Vietnamese
and a retry button, never retried behind the user's back.

**Exports.** ``export_start`` queues a file for one user (reusing the same request still in progress);
``export_run`` builds it with the kind's builder (``BUILDERS``), stores it privately under ``exports/``,
then audits and marks it done in one transaction. Only the user who asked may see or download it, for
``EXPORT_TTL`` after it is built; ``exports_expire`` deletes older files.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from treem.core.errors import ApplicationError
from treem.core.models import ExportJob, JobStatus
from treem.core.replica import use_replica

logger = logging.getLogger(__name__)

EXPORT_TTL = datetime.timedelta(hours=24)
STALLED_AFTER_SECONDS = 30  # procrastinate's own stalled_worker_timeout
ORPHAN_GRACE = datetime.timedelta(minutes=1)  # a tracked row with no procrastinate job at all
EXPORT_AUTO_RETRIES = 1
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)

# kind → builder "module.function(job, progress) -> Built"
BUILDERS: dict[str, str] = {
    "children": "treem.registry.exporting.children_export_build",
    "adx": "treem.indicators.adx.export_build",
    "report": "treem.reporting.documents_jobs.report_build",
}

# procrastinate task name → (tracked model "app.Model", handler of an interrupted row "module.function")
TRACKED: dict[str, tuple[str, str]] = {
    "core.export_job": ("core.ExportJob", "treem.core.jobs.export_interrupted"),
    "registry.import_job": ("registry.ImportJob", "treem.registry.importing.import_job_interrupted"),
}

INTERRUPTED_EXPORT = (
    "Việc tạo tệp bị gián đoạn vì máy chủ hoặc tiến trình nền dừng đột ngột. Hãy bấm “Tạo lại tệp”."
)


@dataclass
class Built:
    """What a builder returns: the file, and the audit event written with the job's ``done`` state."""

    data: bytes
    file_name: str
    content_type: str
    audit: dict[str, Any] | None = None  # keyword arguments of audit_log (actor is the job's user)
    rows: int = 0
    notes: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]  # (done, total)


# --------------------------------------------------------------------------- exports: services


def export_start(
    *, actor: Any, kind: str, title: str, params: dict[str, Any], rows_total: int = 0
) -> ExportJob:
    """Queue a file of ``kind`` for ``actor`` (or return the same request still queued or running)."""
    if kind not in BUILDERS:
        raise ApplicationError(_("Loại tệp xuất không hợp lệ."))
    from treem.core.tasks import enqueue_on_commit, export_job

    with transaction.atomic():
        same = (
            ExportJob.objects.select_for_update()
            .filter(created_by=actor, kind=kind, params=params, status__in=ACTIVE)
            .order_by("-id")
            .first()
        )
        if same is not None:
            return same
        job = ExportJob.objects.create(
            kind=kind, title=title[:255], created_by=actor, params=params, rows_total=rows_total
        )
        enqueue_on_commit(export_job, job_id=job.pk)
    return job


def export_retry(*, actor: Any, job: ExportJob) -> ExportJob:
    """Queue a failed export again (the user's "Tạo lại tệp" button)."""
    from treem.core.tasks import enqueue_on_commit, export_job

    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job.pk, created_by=actor)
        if locked.status != JobStatus.FAILED:
            raise ApplicationError(_("Chỉ tạo lại được tệp bị lỗi hoặc bị gián đoạn."))
        _reset(locked)
        enqueue_on_commit(export_job, job_id=locked.pk)
    return locked


RESET_FIELDS = ("status", "interrupted", "message", "rows_done", "started_at", "finished_at")


def _reset(job: ExportJob) -> None:
    job.status = JobStatus.QUEUED
    job.interrupted = False
    job.message = ""
    job.rows_done = 0
    job.started_at = job.finished_at = None
    job.save(update_fields=[*RESET_FIELDS, "updated_at"])


def exports_of(user: Any) -> Any:
    return ExportJob.objects.filter(created_by_id=int(getattr(user, "pk", 0) or 0))


def export_run(job_id: int) -> None:
    """Build one export (called by the procrastinate task). Failures are recorded on the row."""
    now = timezone.now()
    started = ExportJob.objects.filter(pk=job_id, status__in=ACTIVE).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now, attempts=F("attempts") + 1
    )
    if not started:
        return
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        now = timezone.now()
        ExportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total, updated_at=now)

    try:
        with use_replica():  # the heavy reading on the standby when one keeps up (ADR 0030)
            built: Built = import_string(BUILDERS[job.kind])(job, progress)
    except ApplicationError as exc:
        _fail(job_id, exc.message)
        return
    except Exception:
        _fail(job_id, _("Không tạo được tệp do lỗi hệ thống; hãy thử lại hoặc báo quản trị viên."))
        raise
    name = job.file.field.generate_filename(job, f"{job.pk}-{built.file_name}")
    stored = job.file.storage.save(name, ContentFile(built.data))
    try:
        from treem.audit.services import audit_log

        with transaction.atomic():
            locked = ExportJob.objects.select_for_update().get(pk=job_id)
            if locked.status != JobStatus.RUNNING:  # recovered meanwhile: keep the newer state
                raise _Superseded
            if built.audit is not None:
                audit_log(actor=job.created_by, **built.audit)
            finished = timezone.now()
            ExportJob.objects.filter(pk=job_id).update(
                status=JobStatus.DONE,
                file=stored,
                file_name=built.file_name,
                content_type=built.content_type,
                size=len(built.data),
                rows_done=built.rows or locked.rows_total,
                rows_total=built.rows or locked.rows_total,
                message=" ".join(built.notes),
                finished_at=finished,
                expires_at=finished + EXPORT_TTL,
                updated_at=finished,
            )
    except _Superseded:
        job.file.storage.delete(stored)
    except Exception:
        job.file.storage.delete(stored)
        raise


class _Superseded(Exception):
    pass


def _fail(job_id: int, message: str) -> None:
    now = timezone.now()
    ExportJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, message=message, finished_at=now, updated_at=now
    )


def export_interrupted(job_id: int) -> str:
    """A crash stopped this export: queue it again once, then give up with a retry button."""
    from treem.core.tasks import enqueue_on_commit, export_job

    job = ExportJob.objects.select_for_update().filter(pk=job_id, status__in=ACTIVE).first()
    if job is None:
        return ""
    if job.attempts <= EXPORT_AUTO_RETRIES:
        _reset(job)
        enqueue_on_commit(export_job, job_id=job.pk)
        return "retried"
    now = timezone.now()
    job.status = JobStatus.FAILED
    job.interrupted = True
    job.message = _(INTERRUPTED_EXPORT)
    job.finished_at = now
    job.save(update_fields=["status", "interrupted", "message", "finished_at", "updated_at"])
    return "failed"


def exports_expire(now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their expiry (the row stays, saying the file has expired)."""
    now = now or timezone.now()
    count = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file=""):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="", updated_at=now)
        count += 1
    return count


# --------------------------------------------------------------------------- recovery


def _stalled_procrastinate_jobs(seconds: float) -> list[tuple[int, str]]:
    from procrastinate import sql

    with connection.cursor() as cursor:
        cursor.execute(
            sql.queries["select_stalled_jobs_by_heartbeat"],
            {"queue": None, "task_name": None, "seconds_since_heartbeat": seconds},
        )
        columns = [c[0] for c in cursor.description or ()]
        rows = [dict(zip(columns, r, strict=False)) for r in cursor.fetchall()]
    return [(int(r["id"]), str(r["task_name"])) for r in rows]


def _live_ids(task_name: str, ids: list[int]) -> set[int]:
    """The tracked ids (``args.job_id``) of ``task_name`` that have a procrastinate job todo or doing."""
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT (args->>'job_id')::bigint FROM procrastinate_jobs "
            "WHERE task_name = %s AND status IN ('todo', 'doing') AND args ? 'job_id' "
            "AND (args->>'job_id')::bigint = ANY(%s)",
            [task_name, ids],
        )
        return {int(r[0]) for r in cursor.fetchall()}


def jobs_recover(*, stalled_after: float = STALLED_AFTER_SECONDS) -> dict[str, int]:
    """Close procrastinate jobs whose worker died, then retry or fail every tracked row left without a
    live job. Returns counts ``{"stalled": n, "retried": n, "failed": n}``. Safe to run at any time."""
    from django.apps import apps

    counts = {"stalled": 0, "retried": 0, "failed": 0}
    for pj_id, _task in _stalled_procrastinate_jobs(stalled_after):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM procrastinate_jobs WHERE id = %s AND status = 'doing' FOR UPDATE", [pj_id]
            )
            if cursor.fetchone() is None:
                continue
            cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'failed', false)", [pj_id])
            counts["stalled"] += 1
    cutoff = timezone.now() - ORPHAN_GRACE
    for task_name, (model_label, handler_path) in TRACKED.items():
        model = apps.get_model(model_label)
        handler = import_string(handler_path)
        active = list(model.objects.filter(status__in=ACTIVE).values_list("pk", "updated_at"))
        live = _live_ids(task_name, [pk for pk, _u in active])
        for pk, updated_at in active:
            if pk in live or (updated_at > cutoff and not _had_job(task_name, pk)):
                continue
            with transaction.atomic():
                outcome = handler(pk)
            if outcome:
                counts[outcome] += 1
                logger.warning("Job %s #%s interrupted: %s", task_name, pk, outcome)
    return counts


def _had_job(task_name: str, pk: int) -> bool:
    """Whether a procrastinate job was ever queued for this row (then its end, not age, decides)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM procrastinate_jobs WHERE task_name = %s AND args ? 'job_id' "
            "AND (args->>'job_id')::bigint = %s LIMIT 1",
            [task_name, pk],
        )
        return cursor.fetchone() is not None


def prune_recovery_runs(keep: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete the finished runs of the every-minute recovery task older than ``keep`` (1,440 rows a day
    otherwise); the run procrastinate's periodic deferrer still points at is kept."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs j WHERE j.task_name = 'core.jobs_recover' "
            "AND j.status IN ('succeeded', 'failed') "
            "AND NOT EXISTS (SELECT 1 FROM procrastinate_periodic_defers d WHERE d.job_id = j.id) "
            "AND NOT EXISTS (SELECT 1 FROM procrastinate_events e WHERE e.job_id = j.id AND e.at > %s)",
            [timezone.now() - keep],
        )
        return cursor.rowcount
