"""Report pages: the obligations in scope with reporting rates, one report (write, send, review, download),
and the administrator's rules."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.core import docx30
from treem.core.errors import ApplicationError
from treem.core.forms import errors_on
from treem.reporting import calendar, content, documents_jobs, services
from treem.reporting.forms import NarrativeForm, ReviewForm, RuleForm
from treem.reporting.models import Obligation, ReportingRule, ReportState, Submission

VIEW, SUBMIT, REVIEW = "reporting.view_report", "reporting.submit_report", "reporting.review_report"
STATES = [
    ("not_open", "Chưa đến kỳ"),
    ("open", "Đang mở"),
    ("late", "Quá hạn, chưa gửi"),
    ("submitted", "Đã gửi, chờ duyệt"),
    ("returned", "Bị trả lại"),
    ("accepted", "Đã tiếp nhận"),
]


def _year(request: HttpRequest) -> int:
    raw = str(request.GET.get("year") or "")
    ok = len(raw) == 4 and raw.isascii() and raw.isdigit()  # not int() of 10 000 digits or of "²"
    return int(raw) if ok and 2000 <= int(raw) <= 2100 else timezone.localdate().year


REPORTS_PAGE = 100  # reports per page of the list
RATES_ROWS = 200  # units whose rates are shown one by one; beyond, the communes' are left out


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, VIEW):
        raise access.AccessDenied
    today = timezone.localdate()
    year = _year(request)
    qs = access.scope(
        Obligation.objects.filter(period_end__year=year).select_related(
            "unit", "agency", "reviewer_unit", "plan"
        ),
        request.user,
        VIEW,
    ).order_by("due_date", "unit__path")
    obligations = list(qs)
    state = request.GET.get("state", "")
    rows = [(o, *o.display_state(today)) for o in obligations]
    if state in dict(STATES):
        rows = [r for r in rows if r[1] == state]
    by_unit: dict[Any, list[Obligation]] = defaultdict(list)
    for o in obligations:
        by_unit[o.unit].append(o)
    rates = sorted(
        ((unit, services.rates(items, today)) for unit, items in by_unit.items()), key=lambda r: r[0].path
    )
    by_level: dict[str, list[Obligation]] = defaultdict(list)
    for o in obligations:
        by_level[o.unit.get_level_display()].append(o)
    level_rates = [(level, services.rates(items, today)) for level, items in sorted(by_level.items())]
    # The nation's or a large province's reports are thousands (a commune's report each): the list in
    # pages, and each commune's rates left to its province's view when the units are too many to show
    # (issue #20: no page over 200 KB; 172 KB for one province's plan on the 1M nation).
    page = Paginator(rows, REPORTS_PAGE).get_page(request.GET.get("trang"))
    communes_left = 0
    if len(rates) > RATES_ROWS:
        communes_left = sum(1 for unit, _r in rates if unit.level == "commune")
        rates = [(unit, r) for unit, r in rates if unit.level != "commune"]
    return render(
        request,
        "reporting/list.html",
        {
            "rows": page.object_list,
            "page": page,
            "page_query": urlencode({k: v for k, v in (("year", year), ("state", state)) if v}),
            "communes_left": communes_left,
            "year": year,
            "years": list(range(today.year + 1, today.year - 4, -1)),
            "state": state,
            "states": STATES,
            "rates": rates,
            "level_rates": level_rates,
            "overall": services.rates(obligations, today),
        },
    )


def _obligation(request: HttpRequest, obligation_id: Any) -> Obligation:
    return access.access_object(
        Obligation.objects.select_related("unit", "unit__parent", "agency", "reviewer_unit", "plan"),
        request.user,
        obligation_id,
        VIEW,
    )


def _can_review(request: HttpRequest, obligation: Obligation) -> bool:
    return obligation.reviewer_unit is not None and access.has_perm(
        request.user, REVIEW, obligation.reviewer_unit
    )


@login_required
def obligation_detail(request: HttpRequest, obligation_id: int) -> HttpResponse:
    obligation = _obligation(request, obligation_id)
    today = timezone.localdate()
    can_write = (
        access.has_perm(request.user, SUBMIT, obligation.unit) and obligation.state in services.EDITABLE
    )
    submissions = list(
        obligation.submissions.select_related("submitted_by", "reviewed_by").order_by("-number")
    )
    data = (
        submissions[0].content
        if submissions and not can_write
        # the page lists the reports below itself, shows no figure by sex, and reads its figures kept
        # under a stamp of their inputs (issue #20, ADR 0049)
        else content.build(obligation, today, consolidated=False, by_sex=False, kept=True)
    )
    form = NarrativeForm(
        initial={
            "results": obligation.results,
            "shortcomings": obligation.shortcomings,
            "proposals": obligation.proposals,
            "version": obligation.version,
        }
    )
    if request.method == "POST":
        if not can_write:
            raise access.AccessDenied
        form = NarrativeForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            submit = request.POST.get("action") == "submit"
            with errors_on(form):
                with transaction.atomic():  # saving and sending succeed together or not at all
                    saved = services.report_save(
                        actor=request.user,
                        obligation=obligation,
                        version=d["version"],
                        results=d["results"],
                        shortcomings=d["shortcomings"],
                        proposals=d["proposals"],
                    )
                    if submit:
                        services.report_submit(actor=request.user, obligation=saved, version=saved.version)
                messages.success(
                    request, "Đã gửi báo cáo lên cấp trên." if submit else "Đã lưu bản nháp báo cáo."
                )
                return redirect("reporting:detail", obligation_id=obligation.pk)
    code, label = obligation.display_state(today)
    sent = submissions[0] if submissions and not can_write else None
    previous = submissions[1] if sent is not None and len(submissions) > 1 else None
    return render(
        request,
        "reporting/detail.html",
        {
            "o": obligation,
            "state_code": code,
            "state_label": label,
            "data": data,
            "form": form if can_write else None,
            "review_form": ReviewForm(initial={"version": obligation.version})
            if _can_review(request, obligation) and obligation.state == ReportState.SUBMITTED
            else None,
            "submissions": submissions,
            "sent": sent,
            "previous": previous,
            "sections": content.sections_compared(sent.content, previous.content if previous else None)
            if sent
            else [],
            "indicator_rows": content.indicators_compared(data, previous.content if previous else None),
            "task_rows": content.task_rows(data),
            "below": content.below_rows(content.below(obligation)),
            "today": today,
            "pdf": docx30.office_binary() is not None,
        },
    )


@login_required
@require_POST
def obligation_review(request: HttpRequest, obligation_id: int) -> HttpResponse:
    obligation = _obligation(request, obligation_id)
    if not _can_review(request, obligation):
        raise access.AccessDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chọn tiếp nhận hoặc trả lại.")
        return redirect("reporting:detail", obligation_id=obligation.pk)
    try:
        services.report_review(
            actor=request.user,
            obligation=obligation,
            version=form.cleaned_data["version"],
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, errors[0])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Đã tiếp nhận báo cáo."
            if form.cleaned_data["decision"] == ReportState.ACCEPTED
            else "Đã trả lại báo cáo.",
        )
    return redirect("reporting:detail", obligation_id=obligation.pk)


def _file_response(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download(request: HttpRequest, obligation: Obligation, submission: Submission | None) -> HttpResponse:
    """The file at once for a commune's report; a consolidated report or a PDF is built by the worker
    and the user follows it on the export's page (ADR 0015)."""
    fmt = request.GET.get("format", "docx")
    fmt = fmt if fmt in documents_jobs.FORMATS else "docx"
    if fmt == "pdf" and docx30.office_binary() is None:
        raise access.AccessDenied  # no converter on this server: the link is not offered
    if documents_jobs.in_background(obligation, fmt):
        job = documents_jobs.report_start(
            actor=request.user, obligation=obligation, submission=submission, fmt=fmt
        )
        return redirect("exports:detail", job_id=job.pk)
    rendered = documents_jobs.render(obligation, submission, fmt)
    if rendered is None:
        raise access.AccessDenied
    return _file_response(*rendered)


@login_required
def obligation_download(request: HttpRequest, obligation_id: int) -> HttpResponse:
    """The report as it stands: the accepted (or last sent) version once sent, else the live draft."""
    return _download(request, _obligation(request, obligation_id), None)


@login_required
def submission_download(request: HttpRequest, submission_id: int) -> HttpResponse:
    try:
        submission = Submission.objects.select_related("obligation").get(pk=access.parse_pk(submission_id))
    except (ValueError, TypeError, Submission.DoesNotExist):
        raise access.AccessDenied from None
    obligation = _obligation(request, submission.obligation_id)
    return _download(request, obligation, submission)


@login_required
def rule_edit(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "core.manage_calendar"):
        raise access.AccessDenied
    rule = ReportingRule.current()
    form = RuleForm(
        request.POST or None,
        initial={"day_off_rule": rule.day_off_rule, "remind_days_before": rule.remind_days_before},
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.rule_set(actor=request.user, **form.cleaned_data)
            messages.success(
                request, "Đã lưu quy định về hạn báo cáo; hạn của các báo cáo chưa gửi đã được tính lại."
            )
            return redirect("reporting:rules")
    example = calendar.due_date(f"{timezone.localdate().year}", 5, 12, rule.day_off_rule)
    return render(
        request, "reporting/rules.html", {"form": form, "example": example, "today": timezone.localdate()}
    )
