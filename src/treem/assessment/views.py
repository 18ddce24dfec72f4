"""Pages of the child-friendly commune assessment (QĐ 06/QĐ-TTg, ADR 0022)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.assessment import documents, rules, scoring, selectors, services, workflow
from treem.assessment.forms import CommuneTypeForm, EntryForm, SelfAssessmentForm, TransitionForm
from treem.assessment.models import AssessmentRound, ManualEntry, Status, SubCriterion
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit, Generation, Level


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("nam", default))
    except ValueError:
        return default
    return year if 2019 <= year <= 2100 else default


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The communes and provinces the user follows: a commune's own page, the province page above."""
    units = [
        u
        for u in access.top_units(request.user, selectors.VIEW)
        if u.level in (Level.COMMUNE, Level.PROVINCE)
    ]
    if not units:
        raise access.AccessDenied
    year = rules.next_evaluation_year(timezone.localdate())
    return render(request, "assessment/home.html", {"units": units, "year": year})


@login_required
def standing(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Where the commune stands now: the live score for the next evaluation year."""
    unit = selectors.access_commune(request.user, unit_id)
    if unit.generation != Generation.CURRENT:
        raise access.AccessDenied
    today = timezone.localdate()
    year = _year(request, rules.next_evaluation_year(today))
    rnd = AssessmentRound.objects.filter(year=year).first()
    a = rnd.assessments.filter(unit=unit).first() if rnd else None
    if a is not None and a.score:
        result = None
        data = a.score
    else:
        result = services.standing_refresh(unit=unit, year=year, today=today)
        data = result.as_json()
    province = AdminUnit.objects.filter(pk__in=unit.ancestor_ids(), level=Level.PROVINCE).first()
    return render(
        request,
        "assessment/standing.html",
        {
            "unit": unit,
            "year": year,
            "s": result,
            "data": data,
            "a": a,
            "enterable": set(),
            "today": today,
            "can_set_type": province is not None and access.has_perm(request.user, workflow.REVIEW, province),
            "type_form": CommuneTypeForm(),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.access_assessment(request.user, pk)
    live = a.status in services.EDITABLE and not a.paper
    result = scoring.score(a.unit, a.round.year, assessment=a) if live or not a.score else None
    user = request.user
    subs = {s.code: s for s in SubCriterion.objects.all()}
    enterable = {code for code, s in subs.items() if live and services.can_enter(user, a, s)}
    actions = [t for t in workflow.available(a.status) if access.has_perm(user, t.perm, a.unit)]
    if a.paper:
        actions = []
    return render(
        request,
        "assessment/detail.html",
        {
            "a": a,
            "s": result,
            "data": result.as_json() if result else a.score,
            "enterable": enterable,
            "self_form": SelfAssessmentForm(
                initial={
                    "version": a.version,
                    "meeting_date": a.meeting_date.strftime("%d/%m/%Y") if a.meeting_date else "",
                    "meeting_minutes": a.meeting_minutes,
                    "explanation": a.explanation,
                }
            )
            if live and access.has_perm(user, workflow.ASSESS, a.unit)
            else None,
            "actions": actions,
            "events": a.events.select_related("actor"),
            "level_confirmed": rules.LEVEL_CONFIRMED,
        },
    )


@login_required
@require_POST
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.access_assessment(request.user, pk)
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.self_assessment_update(
                actor=request.user,
                assessment=a,
                meeting_date=form.cleaned_data["meeting_date"],
                meeting_minutes=form.cleaned_data["meeting_minutes"],
                explanation=form.cleaned_data["explanation"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Đã lưu phần tự đánh giá.")
        except ApplicationError as e:
            messages.error(request, e.message)
    else:
        messages.error(request, "Ngày họp không hợp lệ (dd/mm/yyyy).")
    return redirect("assessment:detail", pk=a.pk)


@login_required
@require_POST
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.access_assessment(request.user, pk)
    sub = SubCriterion.objects.filter(code=str(request.POST.get("code", ""))[:8]).first()
    if sub is None:
        raise access.AccessDenied
    form = EntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.entry_save(
                actor=request.user,
                assessment=a,
                sub=sub,
                points=form.cleaned_data["points"],
                figure=form.cleaned_data["figure"],
                note=form.cleaned_data["note"],
                upload=form.cleaned_data["evidence"],
            )
            messages.success(request, f"Đã ghi điểm tiêu chí {sub.code}.")
        except ApplicationError as e:
            messages.error(request, e.message)
    else:
        messages.error(request, "Cần nhập điểm là số không âm.")
    return redirect("assessment:detail", pk=a.pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.access_assessment(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ.")
        return redirect("assessment:detail", pk=a.pk)
    try:
        services.assessment_transition(
            actor=request.user,
            assessment_id=a.pk,
            action=form.cleaned_data["action"],
            data=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, "Đã cập nhật hồ sơ đánh giá.")
    except ApplicationError as e:
        messages.error(request, e.message)
    return redirect("assessment:detail", pk=a.pk)


@login_required
def evidence(request: HttpRequest, entry_id: int) -> FileResponse:
    try:
        pk = access.parse_pk(entry_id)
    except (ValueError, TypeError):  # 0, or beyond a bigint: not found, like a missing one
        raise access.AccessDenied from None
    item = ManualEntry.objects.select_related("assessment").filter(pk=pk).first()
    if item is None or not item.evidence or not selectors.can_view(request.user, item.assessment.unit):
        raise access.AccessDenied
    response = FileResponse(
        item.evidence.open("rb"),
        as_attachment=True,
        filename=item.evidence_name,
        content_type=item.evidence_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.access_assessment(request.user, pk)
    return _docx(documents.render_dossier(a), f"ho-so-xa-phu-hop-tre-em-{a.unit.code}-{a.round.year}")


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.access_assessment(request.user, pk)
    if a.status not in (Status.ACCEPTED, Status.RECOGNISED) or a.paper:
        raise access.AccessDenied
    return _docx(documents.render_decision(a), f"quyet-dinh-cong-nhan-{a.unit.code}-{a.round.year}")


@login_required
def province(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    if unit.level != Level.PROVINCE or not selectors.can_view(request.user, unit):
        raise access.AccessDenied
    rnd = AssessmentRound.objects.order_by("-year").first()
    year = _year(request, rnd.year if rnd else rules.next_evaluation_year(timezone.localdate()))
    rnd = AssessmentRound.objects.filter(year=year).first()
    overview = selectors.province_overview(unit, rnd, year)
    return render(
        request,
        "assessment/province.html",
        {
            "unit": unit,
            "year": year,
            "round": rnd,
            "rounds": AssessmentRound.objects.order_by("-year"),
            "o": overview,
            "can_refresh": access.has_perm(request.user, workflow.REVIEW, unit),
            "level_confirmed": rules.LEVEL_CONFIRMED,
        },
    )


@login_required
@require_POST
def province_refresh(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Recompute where every commune of the province stands, in the background."""
    unit = access.access_unit(request.user, unit_id)
    if unit.level != Level.PROVINCE or not access.has_perm(request.user, workflow.REVIEW, unit):
        raise access.AccessDenied
    year = _year(request, rules.next_evaluation_year(timezone.localdate()))
    from treem.assessment.tasks import standings_refresh_job
    from treem.core.tasks import enqueue_on_commit

    enqueue_on_commit(standings_refresh_job, province_id=unit.pk, year=year)
    messages.success(
        request, "Đã đưa việc tính lại điểm các xã vào hàng đợi; tải lại trang sau ít phút để xem kết quả."
    )
    return redirect(f"{reverse('assessment:province', args=[unit.pk])}?nam={year}")


@login_required
@require_POST
def commune_type(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    form = CommuneTypeForm(request.POST)
    if unit.level != Level.COMMUNE or not form.is_valid():
        raise access.AccessDenied
    services.commune_type_set(
        actor=request.user, unit=unit, category=form.cleaned_data["category"], note=form.cleaned_data["note"]
    )
    messages.success(request, f"Đã ghi loại xã của {unit.name}.")
    return redirect("assessment:standing", unit_id=unit.pk)
