"""Imports interrupted by a crash (issue #15): the recovery marks them failed with a Vietnamese message
and a retry button, and "already written" is said only when the rows are in the database."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from treem.core.errors import ApplicationError
from treem.core.jobs import jobs_recover
from treem.registry import import_jobs, importing
from treem.registry.models import Child
from treem.registry.models_io import ImportJob
from treem.registry.tasks import import_job
from treem.registry.tests.test_importing import GOOD

pytestmark = pytest.mark.django_db


def checked_file(world: Any, client: Any, capture: Any) -> ImportJob:
    """Upload GOOD and run its dry run (inline): a file ready to be written."""
    with capture(execute=True):
        response = client.post(
            reverse("registry:import"),
            {
                "commune": world.a1.pk,
                "file": SimpleUploadedFile("tre-em.csv", GOOD.encode("utf-8")),
                "template": "preset:treem",
                "date_format": "dd/mm/yyyy",
            },
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "done" and not job.errors
    return job


def crash(job: ImportJob, *, worker_heartbeat_age: str | None = None) -> int:
    """Leave ``job`` as a killed worker leaves it: 'running' at 100 %, its procrastinate job 'doing'
    with no live worker (none at all, or one whose heartbeat stopped ``worker_heartbeat_age`` ago)."""
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_total=2, rows_done=2)
    pj_id = import_job.defer(job_id=job.pk)
    worker_id = None
    with connection.cursor() as cursor:
        if worker_heartbeat_age:
            cursor.execute(
                "INSERT INTO procrastinate_workers (last_heartbeat) "
                "VALUES (NOW() - %s::interval) RETURNING id",
                [worker_heartbeat_age],
            )
            worker_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s", [worker_id, pj_id]
        )
    return pj_id


def procrastinate_status(pj_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [pj_id])
        return str(cursor.fetchone()[0])


def test_a_write_killed_mid_copy_is_failed_and_can_be_committed_again(
    world: Any, catalogues: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.worker_a1)
    source = checked_file(world, client, django_capture_on_commit_callbacks)
    # The write is queued, then the worker dies during the COPY (its transaction rolled back).
    commit_job = import_jobs.import_job_commit(actor=world.worker_a1, job=source)
    pj_id = crash(commit_job)
    assert Child.objects.count() == 0
    with pytest.raises(ApplicationError, match="đang được ghi"):
        import_jobs.import_job_commit(actor=world.worker_a1, job=source)

    assert jobs_recover() == {"stalled": 1, "retried": 0, "failed": 1}

    commit_job.refresh_from_db()
    assert commit_job.status == "failed" and commit_job.interrupted
    assert "chưa có dòng nào được ghi" in commit_job.message
    assert procrastinate_status(pj_id) == "failed"
    page = client.get(reverse("registry:import_job", args=[commit_job.pk])).content.decode()
    assert "bị gián đoạn" in page and "Ghi lại" in page and "Đang xử lý" not in page
    source_page = client.get(reverse("registry:import_job", args=[source.pk])).content.decode()
    assert "đã được ghi" not in source_page and "Ghi vào cơ sở dữ liệu" in source_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_commit", args=[source.pk]))
    assert response.status_code == 302
    assert Child.objects.count() == 2
    written = ImportJob.objects.get(source_job=source, status="done")
    assert written.created == 2
    with pytest.raises(ApplicationError, match="đã được ghi vào cơ sở dữ liệu"):
        import_jobs.import_job_commit(actor=world.worker_a1, job=source)
    # The interrupted write cannot be replayed now that another one is done.
    with pytest.raises(ApplicationError, match="đã được ghi"):
        import_jobs.import_job_retry(actor=world.worker_a1, job=commit_job)
    assert Child.objects.count() == 2


def test_retry_button_writes_an_interrupted_import(
    world: Any, catalogues: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.worker_a1)
    source = checked_file(world, client, django_capture_on_commit_callbacks)
    commit_job = import_jobs.import_job_commit(actor=world.worker_a1, job=source)
    crash(commit_job, worker_heartbeat_age="10 minutes")
    jobs_recover()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_retry", args=[commit_job.pk]))
    assert response.status_code == 302
    commit_job.refresh_from_db()
    assert commit_job.status == "done" and commit_job.created == 2 and not commit_job.interrupted
    assert Child.objects.count() == 2


def test_a_dry_run_killed_while_parsing_is_not_shown_running_forever(
    world: Any, catalogues: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.worker_a1)
    source = checked_file(world, client, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=source.pk).update(rows_done=0, created=0)
    crash(source, worker_heartbeat_age="5 minutes")
    ImportJob.objects.filter(pk=source.pk).update(rows_done=0)
    assert jobs_recover()["failed"] == 1
    source.refresh_from_db()
    assert source.status == "failed" and "Chạy lại" in source.message
    progress = client.get(reverse("registry:import_progress", args=[source.pk])).json()
    assert progress["finished"] and progress["status_label"] == "Có lỗi"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_retry", args=[source.pk]))
    source.refresh_from_db()
    assert source.status == "done" and source.created == 2 and Child.objects.count() == 0


def test_a_live_worker_keeps_its_job(
    world: Any, catalogues: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.worker_a1)
    source = checked_file(world, client, django_capture_on_commit_callbacks)
    commit_job = import_jobs.import_job_commit(actor=world.worker_a1, job=source)
    crash(commit_job, worker_heartbeat_age="1 second")
    assert jobs_recover() == {"stalled": 0, "retried": 0, "failed": 0}
    commit_job.refresh_from_db()
    assert commit_job.status == "running"
    with pytest.raises(ApplicationError, match="Chỉ chạy lại"):
        import_jobs.import_job_retry(actor=world.worker_a1, job=commit_job)


def test_an_unexpected_error_marks_the_job_failed(
    world: Any, catalogues: None, login: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    client = login(world.worker_a1)

    def boom(data: bytes) -> Any:
        raise MemoryError

    monkeypatch.setattr(importing, "read_table", boom)
    with pytest.raises(MemoryError), django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:import"),
            {
                "commune": world.a1.pk,
                "file": SimpleUploadedFile("tre-em.csv", GOOD.encode("utf-8")),
                "template": "preset:treem",
                "date_format": "dd/mm/yyyy",
            },
        )
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.interrupted and "lỗi hệ thống" in job.message
