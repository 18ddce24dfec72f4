"""Report files (DOCX, XLSX, PDF) built in the request or, for a consolidated report or a PDF, by the
worker (ADR 0015): a district's or province's report gathers every unit below it, and a PDF goes through
LibreOffice; either can outlast a web request."""

from __future__ import annotations

from typing import Any

from treem.accounts import access
from treem.core.errors import ApplicationError
from treem.geo.models import Level
from treem.reporting import content, services
from treem.reporting.models import Obligation, ReportState, Submission

VIEW = "reporting.view_report"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("docx", "xlsx", "pdf")


def in_background(obligation: Obligation, fmt: str) -> bool:
    """A consolidated report (a unit above the communes) or a PDF is built by the worker."""
    return fmt == "pdf" or obligation.unit.level != Level.COMMUNE


def source(obligation: Obligation, submission: Submission | None) -> tuple[dict[str, Any], bool, str]:
    """(content, draft?, file-name suffix): a given sent version; else the accepted (or last sent)
    version once sent; else the live draft."""
    if submission is not None:
        return (
            submission.content,
            submission.decision != ReportState.ACCEPTED,
            f"-lan-{submission.number}",
        )
    last = obligation.submissions.order_by("-number").first()
    if last is not None and obligation.state not in services.EDITABLE:
        return last.content, obligation.state != ReportState.ACCEPTED, ""
    return content.build(obligation), True, "-du-thao"


def render(obligation: Obligation, submission: Submission | None, fmt: str) -> tuple[bytes, str, str] | None:
    """(file, name, content type), or None for a PDF on a server without a converter."""
    from treem.reporting import documents

    data, draft, suffix = source(obligation, submission)
    model = content.as_document(data, obligation, draft=draft)
    name = f"bao-cao-{obligation.unit.code}-{obligation.period}{suffix}"
    if fmt == "xlsx":
        return documents.report_xlsx(model), f"{name}.xlsx", XLSX
    if fmt == "pdf":
        pdf = documents.report_pdf(model)
        return None if pdf is None else (pdf, f"{name}.pdf", "application/pdf")
    return documents.report_docx(model), f"{name}.docx", DOCX


def report_start(*, actor: Any, obligation: Obligation, submission: Submission | None, fmt: str) -> Any:
    from treem.core.jobs import export_start

    what = f"lần gửi {submission.number}" if submission is not None else "bản hiện tại"
    return export_start(
        actor=actor,
        kind="report",
        title=f"Báo cáo {obligation.unit.name} kỳ {obligation.period} ({what}, {fmt.upper()})",
        params={
            "obligation": obligation.pk,
            "submission": submission.pk if submission is not None else None,
            "format": fmt,
        },
    )


def report_build(job: Any, progress: Any) -> Any:
    """Build an ExportJob of kind "report", checking the user's access again."""
    from treem.core.jobs import Built

    obligation = (
        access.scope(Obligation.objects.all(), job.created_by, VIEW)
        .select_related("unit", "unit__parent", "agency", "reviewer_unit", "plan")
        .filter(pk=job.params.get("obligation"))
        .first()
    )
    if obligation is None:
        raise ApplicationError("Báo cáo không còn trong địa bàn bạn được xem.")
    submission = None
    if job.params.get("submission"):
        submission = obligation.submissions.filter(pk=job.params["submission"]).first()
        if submission is None:
            raise ApplicationError("Không tìm thấy lần gửi báo cáo này.")
    progress(0, 1)
    fmt = job.params.get("format") if job.params.get("format") in FORMATS else "docx"
    rendered = render(obligation, submission, fmt)
    if rendered is None:
        raise ApplicationError("Máy chủ không có công cụ chuyển sang PDF; hãy tải bản DOCX.")
    data, name, content_type = rendered
    return Built(data=data, file_name=name, content_type=content_type, rows=1)
