"""Exports built in the background (issue #15): a long list is a job with a progress page and a private,
expiring download; privacy rules and the audit stay; a crash is retried once, then offered to retry."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from treem.audit.models import AuditEvent
from treem.core import jobs
from treem.core.models import ExportJob
from treem.core.tasks import export_job
from treem.registry import exporting, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def children(world: Any, monkeypatch: Any) -> None:
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    for n, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình")):
        services.child_create(
            actor=world.worker_a1,
            commune=world.a1,
            data={
                "full_name": name,
                "date_of_birth": "05/06/2015",
                "sex": "Nam",
                "personal_id": f"07921501234{n}",
                "ethnicity": "01",
                "address": '=HYPERLINK("http://x")',
            },
        )
    monkeypatch.setattr(exporting, "SYNC_ROWS", 1)  # "more than a page" with two children


def start_export(client: Any, capture: Any, query: dict[str, str] | None = None) -> ExportJob:
    with capture(execute=True):  # the worker, inline
        response = client.get(reverse("registry:export"), query or {})
    assert response.status_code == 302
    job = ExportJob.objects.order_by("-id").first()
    assert job is not None and response["Location"] == reverse("exports:detail", args=[job.pk])
    return job


def sheet_of(response: Any) -> list[list[Any]]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_a_long_list_is_exported_in_the_background(
    world: Any, login: Any, children: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.province_a)  # no registry.view_sensitive: sensitive columns masked
    job = start_export(client, django_capture_on_commit_callbacks, {"q": ""})
    job.refresh_from_db()
    assert job.status == "done" and job.rows_done == 2 and job.file.name.startswith("exports/")
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "Tệp đã sẵn sàng" in page and job.file_name in page
    assert job.title in client.get(reverse("exports:list")).content.decode()
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    sheet = sheet_of(response)
    assert "Số định danh cá nhân" not in sheet[0] and "079215012340" not in str(sheet)
    assert '\'=HYPERLINK("http://x")' in sheet[1]  # formulas neutralised
    event = AuditEvent.objects.get(action="registry.child.exported")
    assert event.actor_id == world.province_a.pk and event.extra["rows"] == 2


def test_only_the_requester_sees_the_export(
    world: Any, login: Any, children: None, django_capture_on_commit_callbacks: Any
) -> None:
    job = start_export(login(world.worker_a1), django_capture_on_commit_callbacks)
    other = login(world.province_a)
    for name in ("exports:detail", "exports:progress", "exports:download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert other.post(reverse("exports:retry", args=[job.pk])).status_code == 404
    assert job.title not in other.get(reverse("exports:list")).content.decode()
    assert other.get(f"/api/v1/exports/{job.pk}").status_code == 404
    assert other.get(f"/api/v1/exports/{job.pk}/file").status_code == 404


def test_a_small_list_is_still_answered_at_once(
    world: Any, login: Any, children: None, monkeypatch: Any
) -> None:
    monkeypatch.setattr(exporting, "SYNC_ROWS", 50)
    response = login(world.worker_a1).get(reverse("registry:export"), {"format": "csv"})
    assert response.status_code == 200 and "079215012340" in response.content.decode("utf-8")
    assert not ExportJob.objects.exists()


def test_an_expired_file_is_deleted(
    world: Any, login: Any, children: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.worker_a1)
    job = start_export(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert jobs.exports_expire(timezone.now() + jobs.EXPORT_TTL + datetime.timedelta(minutes=1)) == 1
    assert not storage.exists(name)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 302
    assert "hết hạn" in client.get(response["Location"]).content.decode()


def crash(job: ExportJob) -> None:
    """The worker died while building ``job``: 'running', its procrastinate job 'doing' with no worker."""
    ExportJob.objects.filter(pk=job.pk).update(status="running", rows_done=1, file="")
    pj_id = export_job.defer(job_id=job.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = NULL WHERE id = %s", [pj_id]
        )


def test_an_interrupted_export_is_retried_once_then_offered_to_retry(
    world: Any, login: Any, children: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.worker_a1)
    job = start_export(client, django_capture_on_commit_callbacks)  # attempts = 1
    crash(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover() == {"stalled": 1, "retried": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2  # built again by the queued retry
    crash(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover() == {"stalled": 1, "retried": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "failed" and job.interrupted and "bị gián đoạn" in job.message
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "Tạo lại tệp" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.downloadable


def test_an_export_whose_user_lost_the_permission_fails(
    world: Any, login: Any, children: None, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    from treem.accounts import access

    client = login(world.worker_a1)
    monkeypatch.setattr(exporting.access, "has_perm", lambda *a, **k: False)
    with django_capture_on_commit_callbacks(execute=True):
        job = exporting.children_export_start(actor=world.worker_a1, fmt="xlsx", filters={})
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == "failed" and "không còn quyền" in job.message and not job.file
    assert access.has_perm(world.worker_a1, "registry.export_children")
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 302


class _Rollback(Exception):
    pass


def _procrastinate_jobs(task_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s", [task_name])
        return int(cursor.fetchone()[0])


def test_a_job_is_queued_in_the_transaction_of_its_row(world: Any, settings: Any) -> None:
    """Outside tests the procrastinate job is inserted on Django's connection, inside the transaction:
    rolled back together, committed together — never a 'queued' row without its job."""
    from django.db import transaction

    settings.TREEM_TASKS_INLINE = False
    with pytest.raises(_Rollback), transaction.atomic():
        jobs.export_start(actor=world.worker_a1, kind="children", title="x", params={})
        assert _procrastinate_jobs("core.export_job") == 1
        raise _Rollback
    assert _procrastinate_jobs("core.export_job") == 0 and not ExportJob.objects.exists()
    job = jobs.export_start(actor=world.worker_a1, kind="children", title="x", params={})
    assert _procrastinate_jobs("core.export_job") == 1
    # The same request while it waits gives the same job, not a second one.
    assert jobs.export_start(actor=world.worker_a1, kind="children", title="x", params={}).pk == job.pk
    assert jobs.jobs_recover() == {"stalled": 0, "retried": 0, "failed": 0}  # waiting, not interrupted


def test_the_periodic_task_and_the_command_run_the_recovery(
    world: Any, login: Any, children: None, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.management import call_command

    from treem.core.tasks import jobs_recover as periodic

    job = start_export(login(world.worker_a1), django_capture_on_commit_callbacks)
    crash(job)
    ExportJob.objects.filter(pk=job.pk).update(attempts=5)  # no automatic retry left
    call_command("jobs_recover")
    job.refresh_from_db()
    assert job.status == "failed" and job.interrupted
    for _ in range(2):
        pj_id = periodic.defer(timestamp=0)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [pj_id])
            cursor.execute(
                "UPDATE procrastinate_events SET at = NOW() - interval '2 days' WHERE job_id = %s", [pj_id]
            )
    found = periodic(timestamp=0)
    assert found["stalled"] == found["failed"] == found["retried"] == 0 and found["pruned"] == 2
    assert _procrastinate_jobs("core.jobs_recover") == 0


def test_an_export_says_what_happened(world: Any, login: Any) -> None:
    """Issue #19: "Đã tạo xong tệp", not the job's generic "Hoàn tất"; no "0 / 0 dòng" while waiting."""
    job = ExportJob.objects.create(
        kind="children", created_by=world.worker_a1, title="Danh sách trẻ em", params={}, status="queued"
    )
    client = login(world.worker_a1)
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "Đang chờ tạo tệp" in page and "0 / 0" not in page
    ExportJob.objects.filter(pk=job.pk).update(status="done", rows_total=2, rows_done=2)
    assert client.get(reverse("exports:progress", args=[job.pk])).json()["status_label"] == "Đã tạo xong tệp"
    listing = client.get(reverse("exports:list")).content.decode()
    assert "Đã tạo xong tệp" in listing and "Hoàn tất" not in listing
