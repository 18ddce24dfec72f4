"""File import jobs and saved column mappings of the children register (imported by models.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel


class ImportTemplate(TimeStampedModel):
    """A saved column mapping: Treem field → header in the file. ``unit`` null = shared by everyone."""

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    mapping = models.JSONField(_("column mapping"), default=dict)
    date_format = models.CharField(_("date format"), max_length=10, default="dd/mm/yyyy")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    FAILED = "failed", _("Có lỗi")
    DONE = "done", _("Hoàn tất")


class ImportJob(TimeStampedModel):
    """One run over an uploaded file: a dry run (check every row) or the real import (all or nothing).

    A real import becomes ``done`` in the same transaction as its rows (ADR 0015): a commit job that is
    not ``done`` wrote nothing, whatever happened to the worker or the database."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    template = models.ForeignKey(ImportTemplate, on_delete=models.SET_NULL, null=True, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict)
    date_format = models.CharField(_("date format"), max_length=10, default="dd/mm/yyyy")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    dry_run = models.BooleanField(_("dry run"), default=True)
    source_job = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="commits"
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)  # a file-level refusal or notice (legacy encoding converted …)
    # What the preview shows before the write and what the user chose (ADR 0016): ignored_columns,
    # possible_duplicates, matched; on a commit job, create_duplicates.
    review = models.JSONField(default=dict, blank=True)
    interrupted = models.BooleanField(default=False)  # failed because a crash stopped it: may run again
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def status_label(self) -> str:
        """The status, telling the write (one COPY, without row progress) from the check before it."""
        writing = not self.dry_run and self.status == ImportStatus.RUNNING
        if writing and self.rows_total and self.rows_done >= self.rows_total:
            return str(_("Đang ghi vào cơ sở dữ liệu"))
        if self.status == ImportStatus.DONE:  # say what happened: checked only, or written
            return str(_("Đã kiểm tra xong, chưa ghi") if self.dry_run else _("Đã ghi vào cơ sở dữ liệu"))
        return str(self.get_status_display())

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
