"""Pages of protection cases. Reads go through ``selectors`` and ``access``; writes through ``services``."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.accounts.working_unit import current_unit
from treem.audit.services import audit_log
from treem.cases import access as case_access
from treem.cases import documents, nextstep, rules, selectors, services, workflow
from treem.cases.choices import AbuseForm, Action, CaseStatus, Category, DeadlineKind
from treem.cases.forms import (
    AccessDecisionForm,
    AccessRequestForm,
    AssessmentForm,
    AttachmentForm,
    BreakGlassForm,
    GrantForm,
    IntakeForm,
    PerpetratorFormSet,
    PlanForm,
    ReferralForm,
    ReferralRespondForm,
    ServiceFormSet,
    TransitionForm,
)
from treem.cases.models import Assessment, Case, CaseAccessRequest
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.geo.models import Level


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _viewed(request: HttpRequest, case: Case, what: str, **extra: Any) -> None:
    audit_log(
        actor=request.user,
        action="cases.case.viewed",
        obj=case,
        unit=case.unit,
        ip=_ip(request),
        extra={"view": what, **extra},
    )


def _tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _managed_case(request: HttpRequest, case_id: int) -> Case:
    """A case whose file the user may open and handle (cases.manage_case over its commune); else 404."""
    case = case_access.access_case(request.user, case_id, file=True)
    access.require(request.user, "cases.manage_case", case.unit)
    return case


# -- list ---------------------------------------------------------------------------------------------------
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.CaseFilters.from_mapping(request.GET)
    page = Paginator(selectors.case_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    openable = selectors.openable_ids(request.user, rows)
    items = [
        {
            "case": c,
            "open": c.pk in openable,
            "link": c.pk in openable or access.has_perm(request.user, "cases.view_case", c.unit),
            "masked": c.is_sexual_abuse and c.pk not in openable,
        }
        for c in rows
    ]
    communes = sorted({c.unit for c in rows}, key=lambda u: u.name)
    referrals = list(selectors.agency_referrals(user=request.user)[:50])
    return render(
        request,
        "cases/case_list.html",
        {
            "items": items,
            "page": page,
            "filters": filters,
            "statuses": CaseStatus.choices,
            "categories": Category.choices,
            "abuse_forms": AbuseForm.choices,
            "communes": communes,
            "referrals": referrals,
            "can_file": access.has_perm(request.user, "cases.file_intake"),
            "can_review_access": access.has_perm(request.user, case_access.APPROVE_ACCESS),
        },
    )


# -- intake (Mẫu 01) ----------------------------------------------------------------------------------------
@login_required
def case_intake(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.has_perm(user, "cases.file_intake"):
        raise access.AccessDenied
    source = request.POST if request.method == "POST" else request.GET
    unit = current_unit(request)
    provinces: list[Any] = []
    province_id: int | None = None
    commune_q = str(source.get("commune_q") or "").strip()[:60]
    if unit is not None and unit.level == Level.COMMUNE and services.may_file_intake(user, unit):
        communes = [unit]
    else:
        provinces = selectors.intake_provinces(user)
        raw = str(source.get("province") or "")
        province_id = _pk_or_none(raw) or (provinces[0].pk if len(provinces) == 1 else None)
        communes = (
            selectors.intake_communes(user, province_id=province_id, q=commune_q)
            if province_id or not provinces
            else []
        )
    commune_raw = str(source.get("commune") or "")
    commune_id = _pk_or_none(commune_raw) or (communes[0].pk if len(communes) == 1 else None)
    child_q = str(source.get("child_q") or "").strip()[:100]
    children = selectors.intake_children(user, commune_id=commune_id, q=child_q)
    chosen = str(source.get("child_id") or "")
    chosen_id = _pk_or_none(chosen)
    if chosen_id and commune_id and all(c.pk != chosen_id for c in children):
        extra = selectors.intake_child_get(user, commune_id=commune_id, child_id=chosen_id)
        children = [extra, *children] if extra else children
    now = timezone.localtime()
    initial = {"received_date": now.date(), "received_time": now.strftime("%H:%M"), "commune": commune_id}
    searching = request.method == "POST" and request.POST.get("op") == "search"
    status = 200
    if request.method == "POST" and not searching:
        form = IntakeForm(request.POST, communes=communes, children=children)
        perps = PerpetratorFormSet(request.POST, prefix="perp")
        if form.is_valid() and perps.is_valid():
            d = form.cleaned_data
            commune = next(c for c in communes if c.pk == d["commune"])
            received_at = datetime.datetime.combine(d["received_date"], d["received_time"], tzinfo=_tz())
            child = None
            if d.get("child_id"):
                child = next((c for c in children if c.pk == d["child_id"]), None)
            perpetrators = [
                {"relationship": p["relationship"], "sex": p["sex"], "age_group": p["age_group"]}
                for p in perps.cleaned_data
                if p and p.get("relationship")
            ]
            try:
                case = services.case_intake_create(
                    actor=user,
                    commune=commune,
                    data=form.service_data(received_at, perpetrators),
                    child=child,
                )
            except ApplicationError as e:
                for err in e.extra.get("errors") or [e.message]:
                    form.add_error(None, err)
            else:
                messages.success(request, f"Đã tiếp nhận thông tin, mã vụ việc {case.code}.")
                if case_access.can_open_case_file(user, case):
                    return redirect("cases:detail", case_id=case.pk)
                return redirect("cases:list")
        status = 400
    elif searching:
        data = request.POST.dict()
        data.pop("csrfmiddlewaretoken", None)
        form = IntakeForm(initial={**initial, **data}, communes=communes, children=children)
        perps = PerpetratorFormSet(prefix="perp", initial=_perp_initial(request.POST))
    else:
        form = IntakeForm(initial=initial, communes=communes, children=children)
        perps = PerpetratorFormSet(prefix="perp")
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "perps": perps,
            "provinces": provinces,
            "province_id": province_id,
            "commune_q": commune_q,
            "child_q": child_q,
            "children": children,
            "can_search_children": access.has_perm(user, "registry.view_child"),
            "searched": bool(child_q),
        },
        status=status,
    )


def _pk_or_none(raw: str) -> int | None:
    """A primary key from a form value, or None (never int() of "²" or of 10 000 digits)."""
    try:
        return access.parse_pk(raw) if raw.isascii() and raw.isdigit() and len(raw) < 20 else None
    except ValueError:
        return None


def _perp_initial(data: Any) -> list[dict[str, str]]:
    return [
        {k: str(data.get(f"perp-{i}-{k}") or "") for k in ("relationship", "sex", "age_group")}
        for i in range(3)
    ]


# -- the case file ------------------------------------------------------------------------------------------
@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_access.access_case(request.user, case_id, file=False)
    if not case_access.can_open_case_file(request.user, case):
        if access.has_perm(request.user, "cases.view_case", case.unit):
            return _forbidden(request, case)
        raise access.AccessDenied
    _viewed(request, case, "detail")
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _detail_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = request.user
    data = selectors.case_file(case)
    now = timezone.now()
    deadlines = [
        {
            "d": d,
            "open": d.is_open,
            "overdue": d.is_open and d.due_at <= now,
            "text": nextstep.deadline_text(d, now),
        }
        for d in data["deadlines"]
    ]
    can_manage = access.has_perm(user, "cases.manage_case", case.unit)
    transfer_targets: list[Any] = []
    police: list[Any] = []
    if case.status in workflow.OPEN_STATUSES and can_manage:
        police = services.police_agencies(case)
        if (case.status, Action.TRANSFER) in workflow.TRANSITIONS:
            from treem.registry.selectors import move_destinations

            transfer_targets = [
                u for u in move_destinations(province_id=case.province_id) if u.pk != case.unit_id
            ]
    steps = nextstep.next_step(user, case, transfer_targets=transfer_targets, police=police, loaded=data)
    can_grant = access.has_perm(user, "cases.approve_plan", case.unit)
    for e in data["events"]:
        e.label = event_label(e.action)
        e.from_label = CaseStatus(e.from_status).label if e.from_status in CaseStatus.values else ""
        e.to_label = CaseStatus(e.to_status).label if e.to_status in CaseStatus.values else ""
    return {
        "case": case,
        **data,
        "deadline_rows": deadlines,
        "any_overdue": any(r["overdue"] for r in deadlines),
        "steps": steps,
        "police_agencies": police,
        "can_manage": can_manage,
        "can_grant": can_grant,
        "grant_form": GrantForm(users=selectors.grant_candidates(case)) if can_grant else None,
        "assignable": selectors.assignable_workers(case) if can_grant or can_manage else [],
        "attachment_form": AttachmentForm() if can_manage else None,
        "transfer_targets": transfer_targets,
        "forms": documents.FORMS,
        "pdf": documents.pdf_available(),
        "assessment_kinds": Assessment.Kind.choices,
        "is_planning": case.status == CaseStatus.PLAN_DRAFTING,
        "is_open": case.status in workflow.OPEN_STATUSES,
        # Mẫu 06 reviews the plan being carried out (Điều 30): offered once it is approved.
        "is_reviewable": case.status in (CaseStatus.IMPLEMENTING, CaseStatus.REVIEWING),
        "deadline_kinds": DeadlineKind,
    }


EVENT_LABELS = {
    "intake": "Tiếp nhận thông tin (Mẫu 01)",
    "transferred_in": "Nhận vụ việc chuyển đến",
    "assessment.initial": "Ghi phiếu đánh giá ban đầu (Mẫu 02)",
    "assessment.detailed": "Ghi báo cáo đánh giá chi tiết (Mẫu 03)",
    "assessment.review": "Ghi phiếu rà soát (Mẫu 06)",
    "plan.saved": "Lưu kế hoạch (Mẫu 04)",
    "referral.created": "Chuyển gửi cơ quan",
    "referral.accepted": "Cơ quan tiếp nhận",
    "referral.declined": "Cơ quan từ chối",
    "referral.completed": "Cơ quan báo cáo kết quả",
    "access.break_glass": "Mở hồ sơ khẩn cấp",
    "access.granted": "Cấp quyền xem hồ sơ",
    "access.requested": "Xin xem hồ sơ",
    "access.request_approved": "Duyệt yêu cầu xem hồ sơ",
    "access.request_refused": "Từ chối yêu cầu xem hồ sơ",
    "worker.assigned": "Phân công người xử lý",
    "attachment.added": "Thêm tài liệu",
}


def event_label(action: str) -> str:
    return EVENT_LABELS.get(action) or _action_label(action)


def _changes_since(case: Case, version: int) -> list[Any]:
    """Transitions recorded after the form's version (each transition adds one to the version)."""
    steps = [
        e
        for e in case.events.select_related("actor").order_by("at", "id")
        if e.to_status and e.action not in ("intake", "transferred_in")
    ]
    return steps[max(version - 1, 0) :]


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_access.access_case(request.user, case_id, file=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ; hãy tải lại trang.")
        return redirect("cases:detail", case_id=case.pk)
    d = form.cleaned_data
    if d["action"] in workflow.ESCALATIONS and not d.get("confirmed"):
        # An escalation alerts another authority: it takes a deliberate confirmation, never one click.
        messages.error(request, "Cần đánh dấu xác nhận trước khi thực hiện bước này.")
        return redirect("cases:detail", case_id=case.pk)
    data = {k: d[k] for k in ("note", "decision_number", "to_commune", "agency") if d.get(k)}
    try:
        services.case_transition(
            actor=request.user, case_id=case.pk, action=d["action"], data=data, expected_version=d["version"]
        )
    except ConcurrentEditError as e:
        changes = _changes_since(case, d["version"])
        lines = [
            f"{timezone.localtime(ev.at):%H:%M %d/%m/%Y}: "
            f"{ev.actor.full_name if ev.actor else 'Hệ thống'} — {_action_label(ev.action)} "
            f"({CaseStatus(ev.from_status).label} → {CaseStatus(ev.to_status).label})"
            for ev in changes
        ]
        messages.error(request, "Vụ việc đã được người khác cập nhật. " + e.message)
        for line in lines:
            messages.warning(request, "Thay đổi: " + line)
    except services.InvalidTransition as e:
        for reason in e.extra.get("reasons") or [e.message]:
            messages.error(request, reason)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"Đã thực hiện: {_action_label(d['action'])}.")
    return redirect("cases:detail", case_id=case.pk)


def _action_label(action: str) -> str:
    return str(Action(action).label) if action in Action.values else action


# -- assessments, plan, referrals --------------------------------------------------------------------------
@login_required
def case_assess(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    if kind not in Assessment.Kind.values:
        raise access.AccessDenied
    case = _managed_case(request, case_id)
    form = AssessmentForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                case=case,
                kind=kind,
                risk_level=d["risk_level"],
                harm_level=d.get("harm_level") or "",
                emergency_needed=_yes_no(d.get("emergency_needed")),
                child_stable=_yes_no(d.get("child_stable")),
                content={
                    k: d.get(k) or "" for k in (*AssessmentForm.CONTENT_KEYS, *AssessmentForm.REVIEW_KEYS)
                },
                meeting_minutes=d.get("meeting_minutes") or "",
            )
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"Đã lưu {Assessment.Kind(kind).label}.")
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/assess.html",
        {"case": case, "form": form, "kind": kind, "kind_label": Assessment.Kind(kind).label},
        status=400 if request.method == "POST" else 200,
    )


def _yes_no(value: Any) -> bool | None:
    return {"1": True, "0": False}.get(str(value or ""))


@login_required
def case_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    agencies = selectors.agencies_for_case(case)
    draft = case.plans.filter(approved_at__isnull=True).order_by("-number").first()
    editable = case.status == CaseStatus.PLAN_DRAFTING
    if request.method == "POST":
        form = PlanForm(request.POST)
        rows = ServiceFormSet(request.POST, prefix="svc", form_kwargs={"agencies": agencies})
        if not editable:
            messages.error(request, "Chỉ soạn kế hoạch khi vụ việc ở bước xây dựng kế hoạch.")
            return redirect("cases:detail", case_id=case.pk)
        if form.is_valid() and rows.is_valid():
            by_id = {a.pk: a for a in agencies}
            svc = [
                {
                    "description": r["description"],
                    "agency": by_id.get(r.get("agency") or 0),
                    "responsible": r.get("responsible") or "",
                    "due_date": r["due_date"],
                    "status": r.get("status") or "planned",
                }
                for r in rows.cleaned_data
                if r and r.get("description")
            ]
            try:
                services.plan_save(
                    actor=request.user,
                    case=case,
                    goals=form.cleaned_data["goals"],
                    services=svc,
                    review_date=form.cleaned_data.get("review_date"),
                )
            except ApplicationError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "Đã lưu kế hoạch hỗ trợ, can thiệp (Mẫu 04).")
                return redirect("cases:detail", case_id=case.pk)
        status = 400
    else:
        initial: dict[str, Any] = {}
        services_initial: list[dict[str, Any]] = []
        if draft is not None:
            initial = {"goals": draft.goals, "review_date": draft.review_date}
            services_initial = [
                {
                    "description": s.description,
                    "agency": s.agency_id or "",
                    "responsible": s.responsible,
                    "due_date": s.due_date,
                    "status": s.status,
                }
                for s in draft.services.all()
            ]
        form = PlanForm(initial=initial)
        rows = ServiceFormSet(prefix="svc", initial=services_initial, form_kwargs={"agencies": agencies})
        status = 200
    return render(
        request,
        "cases/plan.html",
        {"case": case, "form": form, "rows": rows, "editable": editable},
        status=status,
    )


@login_required
def case_referral(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    agencies = selectors.agencies_for_case(case)
    form = ReferralForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency = next(a for a in agencies if a.pk == d["agency"])
        try:
            services.referral_create(
                actor=request.user, case=case, agency=agency, kind=d["kind"], reason=d["reason"]
            )
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"Đã chuyển gửi đến {agency.name}.")
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/referral.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def referral_respond(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_for_agency(user=request.user, referral_id=referral_id)
    form = ReferralRespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.referral_respond(
                actor=request.user,
                referral=referral,
                status=d["status"],
                note=d["note"],
                outcome=d["outcome"],
            )
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã gửi trả lời.")
            return redirect("cases:referral_respond", referral_id=referral.pk)
    return render(
        request,
        "cases/referral_respond.html",
        {"referral": referral, "case": referral.case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# -- access: break-glass, access requests and grants (ADR 0006, 0018) ---------------------------------------
def _forbidden(
    request: HttpRequest,
    case: Case,
    *,
    form: BreakGlassForm | None = None,
    request_form: AccessRequestForm | None = None,
    status: int = 403,
) -> HttpResponse:
    """The 403 page of a case the user may list but not open: a user of the commune may break the glass,
    anyone else who sees the case may ask for a time-limited grant."""
    user = request.user
    can_break = case_access.may_break_glass(user, case)
    can_ask = case_access.may_request_access(user, case)
    pending = (
        CaseAccessRequest.objects.filter(case=case, requester_id=user.pk).order_by("-requested_at").first()
        if can_ask
        else None
    )
    return render(
        request,
        "cases/forbidden.html",
        {
            "case": case,
            "form": (form or BreakGlassForm()) if can_break else None,
            "request_form": (request_form or AccessRequestForm()) if can_ask else None,
            "last_request": pending,
            "can_take": _can_take(request, case),
            "break_glass_hours": rules.BREAK_GLASS_HOURS,
        },
        status=status,
    )


@login_required
@require_POST
def case_break_glass(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_access.access_case(request.user, case_id, file=False)
    if not case_access.may_break_glass(request.user, case):
        raise access.AccessDenied
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            services.break_glass_open(
                actor=request.user, case=case, reason=form.cleaned_data["reason"], ip=_ip(request)
            )
        except ApplicationError as e:
            form.add_error("reason", e.message)
        else:
            messages.warning(
                request,
                f"Hồ sơ được mở khẩn cấp trong {rules.BREAK_GLASS_HOURS} giờ; việc mở đã được ghi nhật ký "
                "và thông báo cho Chủ tịch UBND xã và cấp tỉnh.",
            )
            return redirect("cases:detail", case_id=case.pk)
    return _forbidden(request, case, form=form, status=400)


@login_required
@require_POST
def case_access_request(request: HttpRequest, case_id: int) -> HttpResponse:
    """A provincial officer (anyone who sees the case but is not of its commune) asks to open the file."""
    case = case_access.access_case(request.user, case_id, file=False)
    if not case_access.may_request_access(request.user, case):
        raise access.AccessDenied
    form = AccessRequestForm(request.POST)
    if form.is_valid():
        try:
            services.access_request_create(
                actor=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                hours=form.cleaned_data["hours"],
                ip=_ip(request),
            )
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Đã gửi yêu cầu xem hồ sơ; bạn sẽ được thông báo khi có quyết định.")
            return redirect("cases:detail", case_id=case.pk)
    return _forbidden(request, case, request_form=form, status=400)


@login_required
def access_review(request: HttpRequest) -> HttpResponse:
    """Break-glass openings and access requests over the user's jurisdiction for cases.approve_access
    (the chairman: their commune; the provincial officer: their province): who, when, why, what was
    opened — and the pending requests to decide."""
    user = request.user
    if not access.has_perm(user, case_access.APPROVE_ACCESS):
        raise access.AccessDenied
    data = selectors.access_review(user=user)
    for r in data["requests"]:
        r.can_decide = r.state() == CaseAccessRequest.Status.PENDING and case_access.may_decide_request(
            user, r
        )
    return render(
        request,
        "cases/access_review.html",
        {**data, "decision_form": AccessDecisionForm(), "now": timezone.now()},
    )


@login_required
@require_POST
def access_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    item = selectors.access_request_get(user=request.user, request_id=request_id)
    form = AccessDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần chọn Duyệt hoặc Từ chối.")
        return redirect("cases:access_review")
    try:
        item = services.access_request_decide(
            actor=request.user,
            request_id=item.pk,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data.get("note") or "",
            ip=_ip(request),
        )
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"Yêu cầu xem hồ sơ {item.case.code}: {item.get_status_display()}.")
    return redirect("cases:access_review")


@login_required
@require_POST
def case_grant(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_access.access_case(request.user, case_id, file=True)
    access.require(request.user, "cases.approve_plan", case.unit)
    candidates = selectors.grant_candidates(case)
    form = GrantForm(request.POST, users=candidates)
    if form.is_valid():
        user = next(u for u in candidates if u.pk == form.cleaned_data["user"])
        services.grant_access(actor=request.user, case=case, user=user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Đã cấp quyền xem hồ sơ cho {user.full_name or user.username}.")
    else:
        messages.error(request, "Cần chọn người được cấp quyền và ghi lý do.")
    return redirect("cases:detail", case_id=case.pk)


def _can_take(request: HttpRequest, case: Case) -> bool:
    """A commune worker may take a case nobody handles yet (a report from the hotline or a collaborator)."""
    return access.has_perm(request.user, "cases.manage_case", case.unit) and not case.workers.exists()


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """The chairman (or an assigned worker) assigns a commune worker; a worker takes an unassigned case."""
    case = case_access.access_case(request.user, case_id, file=False)
    worker: Any
    if case_access.can_open_case_file(request.user, case):
        raw = str(request.POST.get("worker") or "")
        candidates = {u.pk: u for u in selectors.assignable_workers(case)}
        worker = candidates.get(_pk_or_none(raw) or 0)
        if worker is None:
            messages.error(request, "Cần chọn người làm công tác bảo vệ trẻ em của xã, phường.")
            return redirect("cases:detail", case_id=case.pk)
    elif _can_take(request, case):
        worker = request.user
    else:
        raise access.AccessDenied
    try:
        services.case_assign_worker(actor=request.user, case=case, worker=worker)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"Đã phân công {worker.full_name or worker.username} xử lý vụ việc.")
    return redirect("cases:detail", case_id=case.pk)


# -- attachments and documents -----------------------------------------------------------------------------
@login_required
@require_POST
def attachment_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(actor=request.user, case=case, upload=form.cleaned_data["file"])
        except ApplicationError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "Đã tải lên tài liệu.")
    else:
        messages.error(request, "Cần chọn tệp để tải lên.")
    return redirect("cases:detail", case_id=case.pk)


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    item = selectors.attachment_get(user=request.user, attachment_id=attachment_id)
    _viewed(request, item.case, "attachment", attachment=item.pk)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def case_document(request: HttpRequest, case_id: int, form_no: int) -> HttpResponse:
    case = case_access.access_case(request.user, case_id, file=True)
    if form_no not in documents.FORMS:
        raise access.AccessDenied
    as_pdf = request.GET.get("dinh-dang") == "pdf" and documents.pdf_available()
    content = documents.render_docx(case, form_no)
    _viewed(request, case, "document", form=form_no, pdf=as_pdf)
    name = f"{case.code}-mau-{form_no:02d}"
    if as_pdf:
        pdf = documents.to_pdf(content)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    response = HttpResponse(content, content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
