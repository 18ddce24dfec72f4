"""The demo's two import files behave as the demo says: the bomb is refused in words, the CSV passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from treem.registry import import_jobs, importing
from treem.registry.management.commands.seed_demo_imports import bomb_xlsx, ordinary_csv
from treem.registry.models_io import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db


def _check(world: Any, name: str, data: bytes) -> Any:
    job = import_jobs.import_job_create(
        actor=world.worker_a1,
        commune=world.a1,
        upload=SimpleUploadedFile(name, data),
        mapping=dict(importing.FIELDS),
        date_format="dd/mm/yyyy",
    )
    importing.job_run(job.pk)
    return ImportJob.objects.get(pk=job.pk)


def test_the_demo_bomb_is_refused_in_words(world: Any, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    data = bomb_xlsx()
    assert len(data) < 2_000  # the 1.6 KB file of the report
    job = _check(world, "bom.xlsx", data)
    assert job.status == ImportStatus.FAILED and job.rows_total == 0
    assert "200.000 dòng" in job.message, job.message


def test_the_demo_csv_is_checked_with_the_ward_heading(world: Any, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    job = _check(world, "bo-sung.csv", ordinary_csv())
    assert job.status == ImportStatus.DONE and job.rows_total == 2 and not job.errors


def test_the_command_queues_each_file_once(
    world: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp_path)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):  # the worker, inline
            call_command("seed_demo_imports", user="worker_a1", commune=world.a1.code, stdout=None)
    jobs = ImportJob.objects.filter(unit=world.a1, dry_run=True).order_by("original_name")
    assert [(j.original_name, j.status) for j in jobs] == [
        ("bo-sung-khu-pho-1.csv", ImportStatus.DONE),
        ("danh-sach-tre-em-bom.xlsx", ImportStatus.FAILED),
    ]


def test_the_import_page_lists_the_refused_file_with_its_reason(
    world: Any, settings: Any, tmp_path: Path, login: Any
) -> None:
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path)
    _check(world, "danh-sach-bom.xlsx", bomb_xlsx())
    page = login(world.worker_a1).get(reverse("registry:import")).content.decode()
    assert "danh-sach-bom.xlsx" in page and "Có lỗi" in page and "200.000 dòng" in page
    other = login(world.worker_a2).get(reverse("registry:import")).content.decode()
    assert "danh-sach-bom.xlsx" not in other  # another ward's imports stay out of sight
