"""Pages of the children register: list and search, profile, forms. Views parse input, call selectors
and services, and render; every object is fetched through ``selectors.child_get`` (404 out of scope)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.accounts.working_unit import current_unit
from treem.audit.services import client_ip
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.geo.models import AdminUnit, Agency, Level
from treem.registry import rules, selectors, sensitive, services
from treem.registry.forms import (
    ChildCreateForm,
    ChildForm,
    CircumstanceAddForm,
    CircumstanceEndForm,
    GuardianForm,
    HouseholdForm,
    InjuryForm,
    LabourForm,
    MoveForm,
    RiskForm,
    SupportForm,
)
from treem.registry.models import (
    Child,
    ChildStatus,
    CircumstanceGroup,
    PovertyStatus,
    RiskFlag,
    Sex,
)

MISSING_LABELS = {
    "personal_id": "Chưa có số định danh cá nhân",
    "ethnicity": "Chưa có dân tộc",
    "guardian": "Chưa có người giám hộ",
    "birth_registration": "Chưa đăng ký khai sinh",
    "health_insurance": "Chưa có thẻ bảo hiểm y tế",
}
AGE_LABELS = {
    "0-2": "0–2 tuổi",
    "3-5": "3–5 tuổi",
    "6-10": "6–10 tuổi",
    "11-15": "11–15 tuổi",
    "16-17": "16–17 tuổi",
}


def _status(request: HttpRequest, ok: bool = True) -> int:
    return 200 if ok or request.method != "POST" else 400


def _perms(user: Any, child: Child) -> dict[str, bool]:
    return {
        "can_edit": access.has_perm(user, "registry.edit_child", child.area),
        "can_reveal": sensitive.hidden_fields(user, child.area) != set(sensitive.FIELD_PERMS),
        "can_see_groups": access.has_perm(user, sensitive.PERM_GROUPS, child.area),
        "can_support": access.has_perm(user, "registry.record_support", child.area),
    }


def _owner(request: HttpRequest) -> str:
    """Whose paging cursors these are: a cursor is signed for one user (``selectors.encode_cursor``)."""
    return str(getattr(request.user, "pk", "") or "")


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "registry.view_child"):
        raise access.AccessDenied
    user = request.user
    filters = selectors.ChildFilters.from_mapping(request.GET)
    after = request.GET.get("sau") or None
    error, status = "", 200
    refused = sensitive.refusal(user, **filters.sensitive_args())
    if refused:
        error, status = refused, 403
        page = selectors.ChildPage(items=[], next_cursor=None, count=0)
    else:
        qs = selectors.child_list(user=user, filters=filters)
        try:
            page = selectors.child_page(qs, after=after, owner=_owner(request))
        except selectors.InvalidCursor as exc:
            error, status, after = exc.message, 400, None
            page = selectors.child_page(qs, owner=_owner(request))
        sensitive.audit_listing(
            actor=user,
            what=sensitive.sensitive_filter(**filters.sensitive_args()),
            count=len(page.items),
            place="trang danh sách",
            ip=client_ip(request),
        )
    units = selectors.unit_choices(user, filters)
    hamlets = selectors.hamlets_in_scope(user, filters.commune) if filters.commune else []
    rows = [(c, selectors.mask_personal_id(c.personal_id)) for c in page.items]
    next_query = ""
    if page.next_cursor:
        params: QueryDict = request.GET.copy()
        params["sau"] = page.next_cursor
        next_query = params.urlencode()
    first_query = ""
    if request.GET.get("sau"):
        params = request.GET.copy()
        params.pop("sau")
        first_query = params.urlencode()
    all_groups = access.has_perm(user, sensitive.PERM_GROUPS)
    return render(
        request,
        "registry/child_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "error": error,
            "units": units,
            "hamlets": hamlets,
            "age_bands": AGE_LABELS,
            "sexes": Sex.choices,
            "groups": [
                g
                for g in CircumstanceGroup.objects.all()
                if all_groups or not sensitive.is_sensitive_group(g.number)
            ],
            "all_groups": sensitive.sees_all_groups(user),
            "risks": [
                (k, v) for k, v in RiskFlag.Kind.choices if all_groups or not sensitive.is_sensitive_risk(k)
            ],
            "missing_kinds": MISSING_LABELS,
            "events": selectors.EVENTS,
            "statuses": ChildStatus.choices,
            "next_query": next_query,
            "first_query": first_query,
            "is_first": not after,
            "can_create": access.has_perm(user, "registry.edit_child"),
        },
        status=status,
    )


def _create_units(request: HttpRequest) -> tuple[AdminUnit | None, AdminUnit | None, list[AdminUnit]]:
    """(fixed commune, fixed hamlet, communes to choose from) for the create form."""
    unit = current_unit(request)
    user = request.user
    if unit is not None and access.has_perm(user, "registry.edit_child", unit):
        if unit.level == Level.COMMUNE:
            return unit, None, []
        if unit.level == Level.HAMLET and unit.parent is not None:
            return unit.parent, unit, []
    communes = selectors.communes_for_edit(user)
    if len(communes) == 1:
        return communes[0], None, []
    return None, None, communes


@login_required
def child_create(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "registry.edit_child"):
        raise access.AccessDenied
    commune, hamlet, communes = _create_units(request)
    source = request.POST if request.method == "POST" else request.GET
    chosen = commune
    if chosen is None and source.get("commune"):
        chosen = next((c for c in communes if str(c.pk) == source.get("commune")), None)
    hamlets = [hamlet] if hamlet else (selectors.hamlets_for_edit(request.user, chosen) if chosen else [])
    kwargs: dict[str, Any] = {"hamlets": hamlets, "communes": communes}
    possible_matches: list[Any] = []
    if request.method == "POST":
        form = ChildCreateForm(request.POST, **kwargs)
        if form.is_valid():
            if chosen is None:
                form.add_error("commune", "Vui lòng chọn xã, phường nơi trẻ em cư trú.")
            else:
                picked = hamlet or next(
                    (h for h in hamlets if str(h.pk) == form.cleaned_data["hamlet"]), None
                )
                try:
                    child = services.child_create(
                        actor=request.user,
                        commune=chosen,
                        hamlet=picked,
                        data=form.service_data(),
                        confirm_duplicate=request.POST.get("confirm_duplicate") == "1",
                    )
                except services.ChildValidationError as exc:
                    form.add_field_errors(exc.errors)
                except services.PossibleDuplicate as exc:
                    possible_matches = exc.matches
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, f"Đã thêm hồ sơ trẻ em {child.full_name}.")
                    return redirect("registry:detail", child_id=child.pk)
    else:
        form = ChildCreateForm(initial={"commune": str(chosen.pk) if chosen else ""}, **kwargs)
    if commune is not None:
        del form.fields["commune"]
    if hamlet is not None:
        del form.fields["hamlet"]
    return render(
        request,
        "registry/child_form.html",
        {
            "form": form,
            "commune": commune,
            "hamlet": hamlet,
            "child": None,
            "creating": True,
            "possible_matches": possible_matches,
        },
        status=_status(request, not form.errors and not possible_matches),
    )


def _detail_context(request: HttpRequest, child: Child, revealed: dict[str, Any] | None) -> dict[str, Any]:
    # Sensitive groups and risks are shown like the sensitive fields: to those with the right, once
    # revealed (the reveal is audited).
    show = revealed is not None and access.has_perm(request.user, sensitive.PERM_GROUPS, child.area)
    circumstances = list(child.circumstances.select_related("group", "subtype"))
    shown = [c for c in circumstances if show or not sensitive.is_sensitive_group(c.group.number)]
    return {
        "child": child,
        "age": child.age_on(selectors.timezone.localdate()),
        "masked_id": selectors.mask_personal_id(child.personal_id),
        "revealed": revealed,
        "timeline": selectors.child_timeline(child, show_sensitive=show),
        "guardians": list(child.guardians.all()),
        "circumstances": shown,
        **_perms(request.user, child),
    }


@login_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id)
    return render(request, "registry/child_detail.html", _detail_context(request, child, None))


@require_POST
@login_required
def child_reveal(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id)
    revealed = services.child_reveal_sensitive(
        actor=request.user, child=child, ip=client_ip(request), reason=request.POST.get("reason", "")[:255]
    )
    response = render(request, "registry/child_detail.html", _detail_context(request, child, revealed))
    response["Cache-Control"] = "no-store"
    return response


def _child_initial(child: Child) -> dict[str, Any]:
    def d(value: Any) -> str:
        return value.strftime("%d/%m/%Y") if value else ""

    def yn(value: bool | None) -> str:
        return "" if value is None else ("1" if value else "0")

    return {
        "full_name": child.full_name,
        "date_of_birth": d(child.date_of_birth),
        "sex": child.sex,
        "personal_id": child.personal_id or "",
        "ethnicity": child.ethnicity.code if child.ethnicity_id else "",  # type: ignore[union-attr]
        "address": child.address,
        "hamlet": str(child.hamlet_id or ""),
        "birth_registered": yn(child.birth_registered),
        "birth_registration_date": d(child.birth_registration_date),
        "birth_registration_place": child.birth_registration_place,
        "health_insurance_number": child.health_insurance_number,
        "health_insurance_valid_until": d(child.health_insurance_valid_until),
        "schooling": child.schooling,
        "school_name": child.school_name,
        "disability_type": child.disability_type,
        "disability_level": child.disability_level,
        "hiv_status": yn(child.hiv_status),
        "version": child.version,
    }


MASKED_LABELS = {
    "personal_id": "Số định danh cá nhân",
    "ethnicity": "Dân tộc",
    "hiv_status": "Sống chung với HIV",
    "disability_type": "Dạng khuyết tật",
    "disability_level": "Mức độ khuyết tật",
}


def _edit_masking(user: Any, child: Child) -> tuple[list[str], list[tuple[str, str]]]:
    """(fields left off the edit form, (label, masked value) shown in their place): a sensitive value
    the user may not see is neither sent to the browser nor overwritten (ADR 0017)."""
    removed = sensitive.unwritable(user, child, sensitive.FIELD_PERMS)
    masked = [
        (MASKED_LABELS[f], selectors.mask_personal_id(child.personal_id) if f == "personal_id" else "•••")
        for f in removed
    ]
    return removed, masked


@login_required
def child_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.edit_child")
    hamlets = selectors.hamlets_for_edit(request.user, child.commune)
    removed, masked = _edit_masking(request.user, child)
    status = 200
    if request.method == "POST":
        form = ChildForm(request.POST, hamlets=hamlets)
        for name in removed:
            del form.fields[name]
        if form.is_valid():
            picked = next((h for h in hamlets if str(h.pk) == form.cleaned_data["hamlet"]), None)
            try:
                services.child_update(
                    actor=request.user,
                    child=child,
                    data=form.service_data(),
                    expected_version=form.cleaned_data["version"] or 0,
                    hamlet=picked if hamlets else "unchanged",
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc.message)
                status = 409
            except services.ChildValidationError as exc:
                form.add_field_errors(exc.errors)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã lưu hồ sơ của {child.full_name}.")
                return redirect("registry:detail", child_id=child.pk)
        if status == 200:
            status = 400
    else:
        initial = {k: v for k, v in _child_initial(child).items() if k not in removed}
        form = ChildForm(initial=initial, hamlets=hamlets)
        for name in removed:
            del form.fields[name]
        # The fields the user may see, filled or not: naming only the filled ones in the audit trail would
        # tell its readers which child has, say, a disability.
        shown = sorted(set(sensitive.FIELD_PERMS) - sensitive.hidden_fields(request.user, child.area))
        sensitive.audit_fields_read(
            actor=request.user,
            child=child,
            fields=shown,
            reason="Mở biểu mẫu sửa hồ sơ",
            ip=client_ip(request),
        )
    if not hamlets:
        del form.fields["hamlet"]
    response = render(
        request,
        "registry/child_form.html",
        {
            **_perms(request.user, child),
            "form": form,
            "child": child,
            "commune": child.commune,
            "creating": False,
            "masked_fields": masked,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def child_guardians(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.edit_child")
    guardians = {g.pk: g for g in child.guardians.all()}
    household = child.household
    form = GuardianForm()
    household_form = HouseholdForm(
        prefix="hh",
        initial={
            "head_name": household.head_name if household else "",
            "address": household.address if household else child.address,
            "poverty_status": household.poverty_status if household else PovertyStatus.NONE,
            "relation_to_head": child.relation_to_head,
        },
    )
    if request.method == "POST" and request.POST.get("action") == "household":
        household_form = HouseholdForm(request.POST, prefix="hh")
        if household_form.is_valid():
            try:
                services.household_set(actor=request.user, child=child, data=household_form.cleaned_data)
            except services.ChildValidationError as exc:
                household_form.add_field_errors(exc.errors)
            else:
                messages.success(request, "Đã lưu thông tin hộ gia đình.")
                return redirect("registry:guardians", child_id=child.pk)
    elif request.method == "POST":
        form = GuardianForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            existing = guardians.get(data.get("guardian_id") or 0)
            try:
                services.guardian_set(actor=request.user, child=child, guardian=existing, data=data)
            except services.ChildValidationError as exc:
                form.add_field_errors(exc.errors)
            else:
                messages.success(request, "Đã lưu người giám hộ.")
                return redirect("registry:guardians", child_id=child.pk)
    return render(
        request,
        "registry/child_guardians.html",
        {
            **_perms(request.user, child),
            "child": child,
            "guardians": list(guardians.values()),
            "form": form,
            "household_form": household_form,
        },
        status=_status(request, not (form.errors or household_form.errors)),
    )


@login_required
def child_circumstances(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.edit_child")
    # A user without the right to sensitive groups neither sees nor adds nor ends them (ADR 0017).
    see_all = access.has_perm(request.user, sensitive.PERM_GROUPS, child.area)
    items = {
        c.pk: c
        for c in child.circumstances.select_related("group", "subtype")
        if see_all or not sensitive.is_sensitive_group(c.group.number)
    }
    add_form = CircumstanceAddForm(prefix="add", sensitive_groups=see_all)
    end_form = CircumstanceEndForm(prefix="end")
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "end":
                end_form = CircumstanceEndForm(request.POST, prefix="end")
                if end_form.is_valid():
                    item = items.get(end_form.cleaned_data["item_id"])
                    if item is None:
                        raise access.AccessDenied
                    services.circumstance_end(
                        actor=request.user, item=item, end_date=end_form.cleaned_data["end_date"]
                    )
                    messages.success(request, f"Đã kết thúc nhóm {item.group}.")
                    return redirect("registry:circumstances", child_id=child.pk)
            else:
                add_form = CircumstanceAddForm(request.POST, prefix="add", sensitive_groups=see_all)
                if add_form.is_valid():
                    d = add_form.cleaned_data
                    services.circumstance_add(
                        actor=request.user,
                        child=child,
                        group=d["group"],
                        subtype=d["subtype"],
                        start_date=d["start_date"],
                        note=d["note"],
                    )
                    messages.success(request, "Đã thêm nhóm hoàn cảnh đặc biệt.")
                    return redirect("registry:circumstances", child_id=child.pk)
        except ApplicationError as exc:
            error = exc.message
    ok = not (add_form.errors or end_form.errors or error)
    # Audited whenever the page can show sensitive groups, whether the child has any or not: an event
    # only for children who do would tell the audit trail's readers which ones do.
    if request.method == "GET" and see_all:
        sensitive.audit_fields_read(
            actor=request.user,
            child=child,
            fields=["sensitive_groups"],
            reason="Trang hoàn cảnh đặc biệt",
            ip=client_ip(request),
        )
    return render(
        request,
        "registry/child_circumstances.html",
        {
            **_perms(request.user, child),
            "child": child,
            "items": list(items.values()),
            "add_form": add_form,
            "end_form": end_form,
            "error": error,
        },
        status=_status(request, ok),
    )


@login_required
def child_tracking(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.edit_child")
    today = selectors.timezone.localdate()
    age = child.age_on(today)
    labour_allowed = rules.CHILD_LABOUR_MIN_AGE <= age <= rules.CHILD_LABOUR_MAX_AGE
    see_all = access.has_perm(request.user, sensitive.PERM_GROUPS, child.area)
    forms_: dict[str, Any] = {
        "risk": RiskForm(prefix="risk", sensitive_risks=see_all),
        "labour": LabourForm(prefix="labour"),
        "injury": InjuryForm(prefix="injury"),
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        cls = {"risk": RiskForm, "labour": LabourForm, "injury": InjuryForm}.get(action)
        if cls is not None:
            form = (
                RiskForm(request.POST, prefix=action, sensitive_risks=see_all)
                if action == "risk"
                else cls(request.POST, prefix=action)
            )
            forms_[action] = form
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if action == "risk":
                        services.risk_add(
                            actor=request.user,
                            child=child,
                            kind=d["kind"],
                            start_date=d["start_date"],
                            note=d["note"],
                        )
                    elif action == "labour":
                        services.labour_record(
                            actor=request.user,
                            child=child,
                            status=d["status"],
                            recorded_on=d["recorded_on"],
                            note=d["note"],
                        )
                    else:
                        services.injury_record(
                            actor=request.user,
                            child=child,
                            kind=d["kind"],
                            date=d["date"],
                            outcome=d["outcome"],
                            note=d["note"],
                        )
                except ApplicationError as exc:
                    errors[action] = exc.message
                else:
                    messages.success(request, "Đã ghi nhận.")
                    return redirect("registry:tracking", child_id=child.pk)
    ok = not errors and not any(f.errors for f in forms_.values())
    risks = [
        r for r in child.risks.order_by("-start_date") if see_all or not sensitive.is_sensitive_risk(r.kind)
    ]
    if request.method == "GET" and see_all:  # whether the child has any or not (see circumstances)
        sensitive.audit_fields_read(
            actor=request.user,
            child=child,
            fields=["sensitive_groups"],
            reason="Trang nguy cơ, lao động, tai nạn",
            ip=client_ip(request),
        )
    return render(
        request,
        "registry/child_tracking.html",
        {
            **_perms(request.user, child),
            "child": child,
            "age": age,
            "labour_allowed": labour_allowed,
            "labour_min": rules.CHILD_LABOUR_MIN_AGE,
            "labour_max": rules.CHILD_LABOUR_MAX_AGE,
            "forms": forms_,
            "errors": errors,
            "risks": risks,
            "labour": list(child.labour.order_by("-recorded_on")),
            "injuries": list(child.injuries.order_by("-date")),
        },
        status=_status(request, ok),
    )


@login_required
def child_support(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.record_support")
    agencies = list(Agency.objects.filter(unit_id=child.commune_id, is_active=True).order_by("name"))
    form = SupportForm(agencies=agencies)
    if request.method == "POST":
        form = SupportForm(request.POST, agencies=agencies)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.support_record(
                    actor=request.user,
                    child=child,
                    kind=d["kind"],
                    date=d["date"],
                    amount=d["amount"],
                    source=d["source"],
                    provider=d["provider"],
                    provider_name=d["provider_name"],
                    note=d["note"],
                )
            except services.ChildValidationError as exc:
                form.add_field_errors(exc.errors)
            else:
                messages.success(request, "Đã ghi nhận hỗ trợ.")
                return redirect("registry:detail", child_id=child.pk)
    return render(
        request,
        "registry/child_support.html",
        {
            **_perms(request.user, child),
            "child": child,
            "form": form,
            "supports": list(child.supports.all()[:50]),
        },
        status=_status(request, not form.errors),
    )


@login_required
def child_move(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.edit_child")
    q = (request.GET.get("tim") or "").strip()[:100]
    province_raw = request.GET.get("tinh") or ""
    province_id = int(province_raw) if province_raw.isdecimal() and len(province_raw) < 10 else None
    form = MoveForm()
    error = ""
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            to_commune = AdminUnit.objects.filter(
                pk=d["to_commune"], level=Level.COMMUNE, generation="2025"
            ).first()
            if to_commune is None:
                form.add_error("to_commune", "Xã, phường chuyển đến không hợp lệ.")
            else:
                try:
                    services.child_move(
                        actor=request.user, child=child, to_commune=to_commune, date=d["date"], note=d["note"]
                    )
                except services.ChildValidationError as exc:
                    error = " ".join(e.message for e in exc.errors)
                except ApplicationError as exc:
                    error = exc.message
                else:
                    messages.success(request, f"Đã chuyển hồ sơ của {child.full_name} đến {to_commune.name}.")
                    if access.has_perm(request.user, "registry.view_child", to_commune):
                        return redirect("registry:detail", child_id=child.pk)
                    return redirect("registry:list")
    destinations = [
        c for c in selectors.move_destinations(q=q, province_id=province_id) if c.pk != child.commune_id
    ]
    return render(
        request,
        "registry/child_move.html",
        {
            **_perms(request.user, child),
            "child": child,
            "form": form,
            "error": error,
            "q": q,
            "province_id": province_id,
            "provinces": selectors.provinces(),
            "destinations": destinations,
            "searched": bool(q or province_id),
        },
        status=_status(request, not (form.errors or error)),
    )
