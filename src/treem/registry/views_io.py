"""Import and export pages of the children register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.accounts.working_unit import current_unit
from treem.audit.services import client_ip
from treem.core.errors import ApplicationError
from treem.core.replica import use_replica
from treem.geo.models import AdminUnit, Level
from treem.registry import exporting, import_jobs, importing, selectors, sensitive
from treem.registry.models_io import ImportJob
from treem.registry.validation import DATE_FORMATS

PERM_IMPORT = "registry.import_children"
ERROR_PREVIEW = 500


def _communes(user: Any) -> list[AdminUnit]:
    return list(
        access.units(user, PERM_IMPORT)
        .filter(level=Level.COMMUNE, valid_to__isnull=True)
        .order_by("name_folded")
    )


class ImportForm(forms.Form):
    commune = forms.TypedChoiceField(label="Xã, phường", coerce=int)
    file = forms.FileField(label="Tệp CSV hoặc XLSX")
    template = forms.ChoiceField(label="Mẫu cột")
    date_format = forms.ChoiceField(
        label="Định dạng ngày trong tệp",
        choices=[(k, f"{k} — {v[1]}") for k, v in DATE_FORMATS.items()],
        help_text="Ngày không đúng định dạng đã chọn bị báo lỗi, Treem không đoán ngày/tháng.",
    )
    save_as = forms.CharField(
        label="Lưu cách ghép cột thành mẫu (tên mẫu, không bắt buộc)", required=False, max_length=100
    )

    def __init__(self, *args: Any, user: Any, unit: AdminUnit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = _communes(user)
        self.fields["commune"].choices = [(c.pk, c.name) for c in communes]  # type: ignore[attr-defined]
        if unit is not None and any(c.pk == unit.pk for c in communes):
            self.fields["commune"].initial = unit.pk
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            *((f"preset:{k}", label) for k, (label, _m) in importing.PRESETS.items()),
            *((f"saved:{t.pk}", f"{t.name} (mẫu đã lưu)") for t in importing.templates_for(user)),
        ]
        for key, label in importing.FIELDS.items():
            self.fields[f"map_{key}"] = forms.CharField(
                label=label, required=False, max_length=200, help_text="Tên cột trong tệp, nếu khác mẫu."
            )

    def mapping_overrides(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"map_{key}"].strip()
            for key in importing.FIELDS
            if self.cleaned_data.get(f"map_{key}", "").strip()
        }


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, PERM_IMPORT):
        raise access.AccessDenied
    form = ImportForm(
        request.POST or None, request.FILES or None, user=request.user, unit=current_unit(request)
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        commune = access.access_unit(request.user, form.cleaned_data["commune"], PERM_IMPORT)
        try:
            mapping, template_format, template = importing.template_mapping(
                request.user, form.cleaned_data["template"]
            )
            mapping.update(form.mapping_overrides())
            date_format = form.cleaned_data["date_format"]
            if form.cleaned_data["save_as"].strip():
                template = importing.template_save(
                    actor=request.user,
                    unit=commune,
                    name=form.cleaned_data["save_as"],
                    mapping=mapping,
                    date_format=date_format,
                )
            job = import_jobs.import_job_create(
                actor=request.user,
                commune=commune,
                upload=form.cleaned_data["file"],
                mapping=mapping,
                date_format=date_format or template_format or "dd/mm/yyyy",
                template=template,
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            return redirect("registry:import_job", job_id=job.pk)
    return render(
        request,
        "registry/import_upload.html",
        {
            "form": form,
            "error": error,
            "mapping_fields": [form[f"map_{k}"] for k in importing.FIELDS],
            "presets": importing.PRESETS,
            "required": [importing.FIELDS[k] for k in importing.REQUIRED],
            "recent": import_jobs.recent_jobs(user=request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    return access.access_object(
        ImportJob.objects.select_related("unit", "created_by"),
        request.user,
        job_id,
        PERM_IMPORT,
        field="unit",
    )


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    committed = job.commits.order_by("-id").first() if job.dry_run else None
    commit_state = import_jobs.commit_state(job) if job.dry_run else ""
    return render(
        request,
        "registry/import_job.html",
        {
            "job": job,
            "errors": job.errors[:ERROR_PREVIEW],
            "more_errors": max(0, len(job.errors) - ERROR_PREVIEW),
            "committed": committed,
            "commit_state": commit_state,
            "can_commit": job.dry_run
            and job.status == "done"
            and not job.errors
            and not commit_state
            and job.rows_total > 0,
            "can_retry": job.status == "failed" and job.interrupted,
            "review": job.review or {},
        },
    )


@login_required
def import_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.status_label,
            "rows_total": job.rows_total,
            "rows_done": job.rows_done,
            "percent": job.percent,
            "finished": job.finished,
            "errors": len(job.errors),
        }
    )


@login_required
def import_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    data = exporting.write_xlsx(
        ["Dòng", "Cột", "Giá trị", "Lỗi"], importing.error_rows(job.errors), sheet="Lỗi"
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.pk}.xlsx"'
    return response


@login_required
@require_POST
def import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        new_job = import_jobs.import_job_commit(
            actor=request.user, job=job, create_duplicates=request.POST.get("duplicates") == "create"
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("registry:import_job", job_id=job.pk)
    return redirect("registry:import_job", job_id=new_job.pk)


@login_required
@require_POST
def import_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Run again a check or a write that a crash interrupted (the button on the job's page)."""
    job = _job(request, job_id)
    try:
        import_jobs.import_job_retry(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:import_job", job_id=job.pk)


def _file_response(data: bytes, fmt: str, stem: str) -> HttpResponse:
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response


@login_required
@use_replica()
def export(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "registry.export_children"):
        raise access.AccessDenied
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    filters = selectors.ChildFilters.from_mapping(request.GET)
    refused = sensitive.refusal(request.user, **filters.sensitive_args())
    if refused:  # ADR 0017: a list by sensitive data only for those with the right to it
        return HttpResponseForbidden(refused, content_type="text/plain; charset=utf-8")
    qs = selectors.child_list(user=request.user, filters=filters)
    raw_filters = {k: v for k, v in request.GET.items() if k not in ("format", "sau")}
    if len(qs.values("pk")[: exporting.SYNC_ROWS + 1]) > exporting.SYNC_ROWS:
        # more than a page: built by the worker, the user follows its progress on the export's page
        job = exporting.children_export_start(actor=request.user, fmt=fmt, filters=raw_filters)
        return redirect("exports:detail", job_id=job.pk)
    data = exporting.children_export(actor=request.user, qs=qs, fmt=fmt, filters=raw_filters)
    return _file_response(data, fmt, "danh-sach-tre-em")


@login_required
def special_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "registry.view_child"):
        raise access.AccessDenied
    unit = current_unit(request)
    if unit is None:
        raise access.AccessDenied
    as_xlsx = request.GET.get("format") == "xlsx"
    groups = exporting.special_groups(
        actor=request.user,
        unit=unit,
        place="danh sách hoàn cảnh đặc biệt (xlsx)" if as_xlsx else "danh sách hoàn cảnh đặc biệt",
        ip=client_ip(request),
        most=None if as_xlsx else exporting.SPECIAL_NAMES_SHOWN,
    )
    if as_xlsx:
        return _file_response(exporting.special_list_xlsx(groups, unit), "xlsx", "tre-em-hoan-canh-dac-biet")
    return render(
        request,
        "registry/export_special_list.html",
        {
            "unit": unit,
            "groups": groups,
            "total": sum(g.count for g in groups),
            "today": timezone.localdate(),
            # the register's list of a group, kept to this unit (its filter's name by the unit's level)
            "unit_filter": {"province": "tinh", "commune": "commune", "hamlet": "hamlet"}.get(unit.level, ""),
        },
    )


__all__ = [
    "export",
    "import_commit",
    "import_errors",
    "import_job",
    "import_progress",
    "import_retry",
    "import_upload",
    "special_list",
]
