"""Files built in the background, over HTTP (``/api/v1/exports``): an API call whose answer would take
too long (the ADX file of a province with its communes) answers 202 with the export's URL; the client
polls it until ``status`` is ``done``, then fetches ``download_url``. Only the user who asked sees it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, JsonResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from treem.core import jobs
from treem.core.models import ExportJob, JobStatus

router = Router(tags=["exports"])


class ExportOut(Schema):
    id: int
    title: str
    status: str = Field(..., description="queued, running, done hoặc failed")
    percent: int
    message: str = Field("", description="Lý do khi status = failed")
    status_url: str = Field(..., description="Địa chỉ để hỏi lại trạng thái")
    download_url: str | None = Field(None, description="Địa chỉ tải tệp khi status = done (trước expires_at)")
    expires_at: str | None = None


class ExportErrorOut(Schema):
    detail: str


def export_out(job: ExportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "title": job.title,
        "status": job.status,
        "percent": job.percent,
        "message": job.message,
        "status_url": reverse("api:export", kwargs={"job_id": job.pk}),
        "download_url": reverse("api:export_file", kwargs={"job_id": job.pk}) if job.downloadable else None,
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
    }


def accepted(job: ExportJob) -> JsonResponse:
    """202 Accepted: the file is being built; ``Location`` is the export to poll."""
    response = JsonResponse(export_out(job), status=202)
    response["Location"] = reverse("api:export", kwargs={"job_id": job.pk})
    return response


def _job(request: HttpRequest, job_id: int) -> ExportJob | None:
    return jobs.exports_of(request.user).filter(pk=job_id).first()


@router.get(
    "/{int:job_id}",
    response={200: ExportOut, 404: ExportErrorOut},
    url_name="export",
    summary="Trạng thái một tệp đang tạo ở chế độ nền",
)
def get_export(request: HttpRequest, job_id: int) -> Any:
    job = _job(request, job_id)
    if job is None:
        return Status(404, {"detail": "Không tìm thấy tệp xuất."})
    return Status(200, export_out(job))


@router.get(
    "/{int:job_id}/file",
    response={200: None, 404: ExportErrorOut, 409: ExportErrorOut, 410: ExportErrorOut},
    url_name="export_file",
    summary="Tải tệp đã tạo xong",
)
def get_export_file(request: HttpRequest, job_id: int) -> Any:
    job = _job(request, job_id)
    if job is None:
        return Status(404, {"detail": "Không tìm thấy tệp xuất."})
    if job.status == JobStatus.DONE and job.expired:
        return Status(410, {"detail": "Tệp đã hết hạn và đã bị xoá; hãy yêu cầu lại."})
    if not job.downloadable:
        return Status(409, {"detail": "Tệp chưa tạo xong; hãy hỏi lại status_url sau ít giây."})
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)
    response["Content-Type"] = job.content_type or "application/octet-stream"
    response["Cache-Control"] = "private, no-store"
    return response
