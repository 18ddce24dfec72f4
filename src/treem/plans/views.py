"""Plan pages: list, document cascade, plan, task with progress, agency, import with review, derivation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.core.errors import ApplicationError
from treem.core.forms import errors_on
from treem.geo.models import AdminUnit, Agency, Generation, Level
from treem.indicators import privacy
from treem.indicators.models import Indicator
from treem.plans import drafts, reform, selectors, services
from treem.plans.forms import DeriveForm, PlanUploadForm, ProgressForm
from treem.plans.models import (
    Document,
    Evidence,
    ImportState,
    LinkKind,
    PlanImport,
    PlanTarget,
    ProgressStatus,
)

VIEW, MANAGE, POST_PROGRESS = "plans.view_plan", "plans.manage_plan", "plans.post_progress"


def _today() -> Any:
    return timezone.localdate()


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, VIEW):
        raise access.AccessDenied
    plans = list(selectors.plans_visible(request.user).order_by("unit__path", "-created_at"))
    documents = list(
        selectors.documents_visible(request.user).filter(has_text=True).select_related("unit")[:200]
    )
    mine = {a.agency for a in access.get_access(request.user).assignments if a.agency is not None}
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "documents": documents,
            "can_import": access.has_perm(request.user, MANAGE),
            "my_agencies": sorted(mine, key=lambda a: a.name),
        },
    )


@login_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    visible = selectors.documents_visible(request.user)
    try:
        document = visible.select_related("unit").get(pk=access.parse_pk(document_id))
    except (Document.DoesNotExist, ValueError):
        raise access.AccessDenied from None
    up = visible.filter(links_in__source=document).distinct()
    down = visible.filter(links_out__target=document).distinct()
    kinds = {link.target_id: link.get_kind_display() for link in document.links_out.all()}
    return render(
        request,
        "plans/document_detail.html",
        {
            "document": document,
            "up": [(d, kinds.get(d.pk, "")) for d in up],
            "implements": [d for d in up if kinds.get(d.pk) == LinkKind.IMPLEMENTS.label],
            "down": list(down),
            "plans": list(selectors.plans_visible(request.user).filter(document=document)),
        },
    )


def _plan_or_404(request: HttpRequest, plan_id: Any) -> Any:
    try:
        return selectors.plans_visible(request.user).get(pk=access.parse_pk(plan_id))
    except (ValueError, TypeError, selectors.Plan.DoesNotExist):
        raise access.AccessDenied from None


def _derive_choices(request: HttpRequest, plan: Any) -> list[tuple[str, str]]:
    """Communes and agencies under the plan's unit that the user may give a plan to."""
    if not access.has_perm(request.user, MANAGE):
        return []
    done_units = set(plan.derived.filter(agency__isnull=True).values_list("unit_id", flat=True))
    done_agencies = set(plan.derived.filter(agency__isnull=False).values_list("agency_id", flat=True))
    choices: list[tuple[str, str]] = []
    if services.tasks_for_unit(plan):
        territory = Q()
        for unit in reform.successors(plan.unit):  # a former unit's plan: the units that replaced it
            territory |= Q(path__startswith=unit.path)
        communes = access.scope(
            AdminUnit.objects.filter(territory, level=Level.COMMUNE, generation=Generation.CURRENT),
            request.user,
            MANAGE,
            field="",
        ).order_by("name")[:500]
        choices += [(f"unit:{u.pk}", str(u)) for u in communes if u.pk not in done_units]
    agencies = access.scope(Agency.objects.filter(unit=plan.unit, is_active=True), request.user, MANAGE)
    for agency in agencies.order_by("name"):
        if agency.pk not in done_agencies and services.tasks_for_agency(plan, agency):
            choices.append((f"agency:{agency.pk}", agency.name))
    return choices


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    year = _today().year
    page = selectors.plan_page(plan, request.user, _today(), year)
    if not privacy.exact_for(request.user, plan.unit):  # small cells held back (ADR 0020)
        page.targets = [(t, privacy.protect_row(row) if row else row) for t, row in page.targets]
    choices = _derive_choices(request, plan)
    status_filter = request.GET.get("status", "")
    tasks = page.tasks
    if status_filter == "late":
        tasks = [s for s in tasks if s.late]
    elif status_filter in ProgressStatus.values:
        tasks = [s for s in tasks if s.status == status_filter and not s.task.is_heading]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "page": page,
            "plan": plan,
            "tasks": tasks,
            "status_filter": status_filter,
            "year": year,
            "derive_form": DeriveForm(choices=choices) if choices else None,
            "parent": _visible_or_none(request, plan.derived_from_id),
            "can_adjust": access.has_perm(request.user, MANAGE, plan.unit)
            and not reform.is_former(plan.unit),
            "former": reform.is_former(plan.unit),
            "successors": reform.successors(plan.unit) if reform.is_former(plan.unit) else [],
        },
    )


def _visible_or_none(request: HttpRequest, plan_id: int | None) -> Any:
    if plan_id is None:
        return None
    return selectors.plans_visible(request.user).filter(pk=plan_id).first()


@login_required
@require_POST
def plan_derive(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    form = DeriveForm(request.POST, choices=_derive_choices(request, plan))
    if not form.is_valid():
        messages.error(request, "Chọn địa bàn hoặc cơ quan nhận kế hoạch.")
        return redirect("plans:detail", plan_id=plan.pk)
    kind, _, pk = form.cleaned_data["target"].partition(":")
    try:
        if kind == "unit":
            child = services.plan_derive(
                actor=request.user, plan=plan, unit=access.access_unit(request.user, pk, MANAGE)
            )
        else:
            agency = access.access_object(Agency.objects.all(), request.user, pk, MANAGE)
            child = services.plan_derive(actor=request.user, plan=plan, agency=agency)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("plans:detail", plan_id=plan.pk)
    messages.success(request, f"Đã giao kế hoạch: {child.title}.")
    return redirect("plans:detail", plan_id=child.pk)


@login_required
@require_POST
def target_adjust(request: HttpRequest, target_id: int) -> HttpResponse:
    """A planner sets the plan's own values for a target (a derived plan adjusts what it inherited)."""
    try:
        target = PlanTarget.objects.select_related("plan", "plan__unit").get(pk=access.parse_pk(target_id))
    except (ValueError, TypeError, PlanTarget.DoesNotExist):
        raise access.AccessDenied from None
    access.require(request.user, MANAGE, target.plan.unit)
    values = drafts.parse_values(str(request.POST.get("values") or ""))
    if not values:
        messages.error(request, "Giá trị chỉ tiêu phải theo dạng «2025: 65; 2030: 75» hoặc «Hằng năm: 100».")
        return redirect("plans:detail", plan_id=target.plan_id)
    try:
        services.plan_target_adjust(
            actor=request.user,
            target=target,
            values={(None if y == "yearly" else int(y)): Decimal(str(v)) for y, v in values.items()},
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, errors[0])
    else:
        messages.success(request, f"Đã điều chỉnh {target.label}.")
    return redirect("plans:detail", plan_id=target.plan_id)


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = (
            selectors.tasks_visible(request.user)
            .select_related("plan", "plan__unit", "parent")
            .get(pk=access.parse_pk(task_id))
        )
    except (ValueError, TypeError, selectors.Task.DoesNotExist):
        raise access.AccessDenied from None
    can_post = services.may_post_progress(request.user, task) and not task.is_heading
    form = ProgressForm(initial={"period": str(_today().year)})
    if request.method == "POST":
        if not can_post:
            raise access.AccessDenied
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            with errors_on(form):
                services.progress_post(
                    actor=request.user,
                    task=task,
                    period=data["period"].strip().upper(),
                    status=data["status"],
                    percent=data["percent"],
                    narrative=data["narrative"],
                    files=request.FILES.getlist("files"),
                )
                messages.success(request, "Đã cập nhật tiến độ nhiệm vụ.")
                return redirect("plans:task", task_id=task.pk)
    progress = list(
        task.progress.select_related("agency", "posted_by")
        .prefetch_related("evidence")
        .order_by("-created_at")
    )
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "state": selectors.task_state(task, _today(), progress),
            "progress": progress,
            "copies": selectors.copies_progress(task, request.user, _today()),
            "form": form if can_post else None,
            "children": list(task.children.order_by("sort_order")),
            "activities": selectors.task_activities(task, request.user),
        },
    )


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        item = Evidence.objects.select_related("progress__task__plan__unit").get(
            pk=access.parse_pk(evidence_id)
        )
    except (ValueError, TypeError, Evidence.DoesNotExist):
        raise access.AccessDenied from None
    if not selectors.tasks_visible(request.user).filter(pk=item.progress.task_id).exists():
        raise access.AccessDenied
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


@login_required
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        agency = (
            selectors.agencies_visible(request.user)
            .select_related("unit", "agency_type")
            .get(pk=access.parse_pk(agency_id))
        )
    except (ValueError, TypeError, Agency.DoesNotExist):
        raise access.AccessDenied from None
    rows = selectors.agency_tasks(agency, request.user, _today())
    return render(
        request,
        "plans/agency_detail.html",
        {
            "agency": agency,
            "rows": rows,
            "late": sum(1 for s, _ in rows if s.late),
            "done": sum(1 for s, _ in rows if s.status == ProgressStatus.DONE),
            "plans": list(selectors.plans_visible(request.user).filter(agency=agency)),
        },
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, MANAGE):
        raise access.AccessDenied
    units = list(
        access.scope(
            AdminUnit.objects.filter(
                generation=Generation.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE]
            ),
            request.user,
            MANAGE,
            field="",
        ).order_by("path")[:400]
    )
    form = PlanUploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = access.access_unit(request.user, form.cleaned_data["unit"], MANAGE)
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_PLAN_FILE_BYTES:
            form.add_error("file", "Tệp quá lớn (tối đa 5 MB).")
        else:
            try:
                item = services.plan_import_create(
                    actor=request.user, unit=unit, file_name=upload.name, data=upload.read()
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("plans:import_review", import_id=item.pk)
    recent = access.scope(PlanImport.objects.select_related("unit", "plan"), request.user, MANAGE)[:20]
    return render(request, "plans/import_upload.html", {"form": form, "recent": recent})


def _review_context(item: PlanImport, draft: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    lines = item.lines
    start, end = draft.get("start_year"), draft.get("end_year")
    if "start_year" not in draft:
        start, end = drafts.plan_years(draft)
    doc = draft.get("document") or {}
    tasks = [
        {
            "i": i,
            "data": t,
            "lead": drafts.agencies_text(t.get("lead") or []),
            "coop": drafts.agencies_text(t.get("cooperating") or []),
            "unmatched": [
                a["text"]
                for a in (t.get("lead") or []) + (t.get("cooperating") or [])
                if not a.get("type_code")
            ],
            "timeframe": str((t.get("timeframe") or {}).get("text") or "")
            or drafts.date_text((t.get("timeframe") or {}).get("on")),
            "source": drafts.source_excerpt(lines, t.get("lines")),
            "error": errors.get(f"task_{i}"),
        }
        for i, t in enumerate(draft.get("tasks") or [])
    ]
    targets = [
        {
            "i": i,
            "data": g,
            "values": drafts.values_text(g.get("values") or {}),
            "high": "" if g.get("high") is None else str(g.get("high")).replace(".", ","),
            "lead": drafts.agencies_text(g.get("lead") or []),
            "source": drafts.source_excerpt(lines, g.get("lines")),
            "error": errors.get(f"target_{i}"),
        }
        for i, g in enumerate(draft.get("targets") or [])
    ]
    deadlines = [
        {
            "i": i,
            "data": d,
            "label": drafts.PERIODICITY_LABELS.get(str(d.get("periodicity")), str(d.get("periodicity"))),
            "source": drafts.source_excerpt(lines, d.get("lines")),
            "error": errors.get(f"deadline_{i}"),
        }
        for i, d in enumerate(draft.get("deadlines") or [])
    ]
    return {
        "item": item,
        "doc": doc,
        "doc_date": drafts.date_text(doc.get("date")),
        "doc_types": drafts.DOC_TYPES,
        "start_year": start or "",
        "end_year": end or "",
        "cites": [
            {"i": i, "data": c, "date": drafts.date_text(c.get("date")), "error": errors.get(f"cite_{i}")}
            for i, c in enumerate(draft.get("cites") or [])
        ],
        "comparators": drafts.COMPARATORS,
        "units": drafts.UNITS,
        "kinds": drafts.KINDS,
        "periodicities": list(drafts.PERIODICITY_LABELS.items()),
        "unused": drafts.unused_lines(lines, draft)[:400],
        "tasks": tasks,
        "targets": targets,
        "deadlines": deadlines,
        "criteria": draft.get("criteria") or [],
        "budget_sources": draft.get("budget_sources") or [],
        "unmatched": draft.get("unmatched_agencies") or [],
        "warnings": draft.get("warnings") or [],
        "indicators": list(Indicator.objects.values_list("code", "name")),
        "errors": errors,
        "head_source": drafts.source_excerpt(lines, doc.get("lines")),
    }


@login_required
def import_review(request: HttpRequest, import_id: int) -> HttpResponse:
    item = access.access_object(PlanImport.objects.select_related("unit"), request.user, import_id, MANAGE)
    if item.state == ImportState.SAVED and item.plan_id:
        messages.info(request, "Bản nháp này đã được lưu thành kế hoạch.")
        return redirect("plans:detail", plan_id=item.plan_id)
    draft = item.draft
    errors: dict[str, str] = {}
    if request.method == "POST":
        draft = drafts.apply_post(item.draft, request.POST, item.lines)
        raw_version = str(request.POST.get("version") or "")
        version = (
            int(raw_version)
            if raw_version.isascii() and raw_version.isdigit() and len(raw_version) < 10
            else 0
        )
        try:
            if request.POST.get("action") == "save":
                try:
                    plan = services.plan_import_save(
                        actor=request.user, item=item, draft=draft, version=version
                    )
                except ValidationError:
                    # keep what the person corrected: the next page and a reload start from it
                    item = services.plan_import_update(
                        actor=request.user, item=item, draft=draft, version=version
                    )
                    raise
                messages.success(
                    request,
                    f"Đã lưu kế hoạch với {plan.tasks.count()} nhiệm vụ và {plan.targets.count()} chỉ tiêu.",
                )
                return redirect("plans:detail", plan_id=plan.pk)
            item = services.plan_import_update(actor=request.user, item=item, draft=draft, version=version)
            errors = services.validate_draft(draft)
            messages.success(request, "Đã lưu các chỉnh sửa của bản nháp.")
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
            messages.error(request, "Bản nháp còn lỗi; xem các ô được đánh dấu.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(request, "plans/import_review.html", _review_context(item, draft, errors))
