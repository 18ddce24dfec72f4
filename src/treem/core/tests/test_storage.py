"""Several web and worker machines (ADR 0030): uploads and exports go through one storage interface,
a folder they share (TREEM_MEDIA_ROOT) or an object store (TREEM_STORAGE_BACKEND) — never a local path."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.test import override_settings
from django.urls import reverse

from config.env import media_root, storage_settings
from treem.core.tests.test_exports import children, start_export  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

OBJECT_STORE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_settings_read_the_shared_folder_or_the_object_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREEM_MEDIA_ROOT", "/srv/treem-shared/media")
    monkeypatch.delenv("TREEM_STORAGE_BACKEND", raising=False)
    monkeypatch.delenv("TREEM_STORAGE_OPTIONS", raising=False)
    assert str(media_root()) == "/srv/treem-shared/media"
    assert storage_settings() == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}
    monkeypatch.setenv("TREEM_STORAGE_BACKEND", "storages.backends.s3.S3Storage")
    monkeypatch.setenv("TREEM_STORAGE_OPTIONS", '{"bucket_name": "treem-media"}')
    assert storage_settings() == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "treem-media"},
    }
    monkeypatch.setenv("TREEM_STORAGE_OPTIONS", '["not", "an", "object"]')
    with pytest.raises(ValueError, match="JSON object"):
        storage_settings()


@override_settings(STORAGES=OBJECT_STORE)
@pytest.mark.usefixtures("children")
def test_an_export_built_by_a_worker_is_stored_and_downloaded_through_the_storage(
    world: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A worker on one machine stores the file, a web server on another serves it: with an object store
    that has no local path at all, the export and its download still work."""
    client = login(world.worker_a1)
    job = start_export(client, django_capture_on_commit_callbacks, {"format": "csv"})
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert isinstance(storages["default"], InMemoryStorage)
    assert storages["default"].exists(job.file.name)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert "Nguyễn Văn An" in b"".join(response.streaming_content).decode("utf-8-sig")


@override_settings(STORAGES=OBJECT_STORE)
def test_an_uploaded_import_is_kept_and_read_back_through_the_storage(
    world: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The web host keeps the uploaded list, a worker elsewhere reads it back: through the storage only."""
    from treem.registry.reference import load_circumstances, load_ethnicities
    from treem.registry.tests.test_import_recovery import checked_file

    load_ethnicities()
    load_circumstances()
    job = checked_file(world, login(world.worker_a1), django_capture_on_commit_callbacks)
    assert isinstance(storages["default"], InMemoryStorage)
    assert storages["default"].exists(job.file.name)
    assert job.rows_total == 2
