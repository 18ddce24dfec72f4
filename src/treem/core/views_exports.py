"""The "Tệp xuất" pages: the files a user asked Treem to build in the background, their progress and
their download. Each export belongs to the user who asked for it: anyone else gets 404, like a missing
one (treem.core.jobs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.core import jobs
from treem.core.errors import ApplicationError
from treem.core.models import ExportJob


def export_of(user: object, job_id: object) -> ExportJob:
    try:
        pk = access.parse_pk(job_id)
    except (TypeError, ValueError):
        raise access.AccessDenied from None
    job = jobs.exports_of(user).filter(pk=pk).first()
    if job is None:
        raise access.AccessDenied
    return job


# What happened to an export, said for a file being made (not the generic job words "Hoàn tất").
EXPORT_STATUS_LABELS = {
    "queued": "Đang chờ tạo tệp",
    "running": "Đang tạo tệp",
    "failed": "Không tạo được tệp",
    "done": "Đã tạo xong tệp",
}


def export_status_label(job: ExportJob) -> str:
    return EXPORT_STATUS_LABELS.get(job.status, job.get_status_display())


def progress_data(job: ExportJob) -> dict[str, object]:
    return {
        "status": job.status,
        "status_label": export_status_label(job),
        "rows_total": job.rows_total,
        "rows_done": job.rows_done,
        "percent": job.percent,
        "finished": job.finished,
        "errors": 0,
    }


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(jobs.exports_of(request.user), 30).get_page(request.GET.get("page"))
    hours = int(jobs.EXPORT_TTL.total_seconds() // 3600)
    page.object_list = list(page.object_list)
    for job in page.object_list:
        job.status_label = export_status_label(job)
    return render(request, "core/export_list.html", {"page": page, "ttl_hours": hours})


@login_required
def export_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = export_of(request.user, job_id)
    return render(request, "core/export_job.html", {"job": job, "status_label": export_status_label(job)})


@login_required
def export_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    return JsonResponse(progress_data(export_of(request.user, job_id)))


@login_required
def export_download(request: HttpRequest, job_id: int) -> HttpResponseBase:
    job = export_of(request.user, job_id)
    if not job.downloadable:
        messages.error(
            request,
            "Tệp đã hết hạn và đã bị xoá; hãy tạo lại." if job.expired else "Tệp chưa sẵn sàng để tải về.",
        )
        return redirect("exports:detail", job_id=job.pk)
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)
    response["Content-Type"] = job.content_type or "application/octet-stream"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def export_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = export_of(request.user, job_id)
    try:
        jobs.export_retry(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("exports:detail", job_id=job.pk)
