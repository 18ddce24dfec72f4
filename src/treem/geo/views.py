from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.geo import selectors, services
from treem.geo.forms import AgencyForm, HamletForm, HamletImportForm, apply_errors
from treem.geo.models import AdminUnit, Agency, Level

LEVELS = {level.value for level in Level}


def _levels(request: HttpRequest) -> list[str]:
    return [c for c in str(request.GET.get("cap") or "").split(",") if c in LEVELS]


@login_required
def unit_browse(request: HttpRequest) -> HttpResponse:
    """The user's places, and a search by name (without accents too) that shows the current map first
    with former names as hints; works without script."""
    roots = access.top_units(request.user)
    q = str(request.GET.get("q") or "").strip()[:80]
    results = selectors.unit_search(user=request.user, q=q, levels=_levels(request), limit=50) if q else []
    return render(request, "geo/browse.html", {"roots": roots, "q": q, "results": results})


@login_required
def unit_search(request: HttpRequest) -> JsonResponse:
    """Suggestions for a unit picker: ``?q=tan son nhat&cap=commune`` → ``{"results": [{id, label, …}]}``."""
    q = str(request.GET.get("q") or "").strip()[:80]
    if len(q) < 2:
        return JsonResponse({"results": []})
    return JsonResponse({"results": selectors.unit_search(user=request.user, q=q, levels=_levels(request))})


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    children = list(selectors.unit_children(user=request.user, unit=unit))
    current = [c for c in children if c.is_current]
    return render(
        request,
        "geo/unit_detail.html",
        {
            "unit": unit,
            "children": current,
            "former_children": [c for c in children if not c.is_current],
            "hints": selectors.former_names(current),
            "predecessors": selectors.former_names([unit]).get(unit.pk, ""),
        },
    )


def _require_commune(unit: AdminUnit) -> None:
    if unit.level != Level.COMMUNE:
        raise access.AccessDenied


@login_required
def hamlet_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A commune's hamlets, with the form to add one and the CSV upload."""
    commune = access.access_unit(request.user, unit_id)
    _require_commune(commune)
    can_manage = access.has_perm(request.user, "geo.manage_hamlet", commune)
    form = HamletForm(prefix="hamlet")
    import_form = HamletImportForm(prefix="import")
    import_errors: list[str] = []
    if request.method == "POST":
        if not can_manage:
            raise access.AccessDenied
        if "import-file" in request.FILES or request.POST.get("action") == "import":
            import_form = HamletImportForm(request.POST, request.FILES, prefix="import")
            if import_form.is_valid():
                try:
                    created = services.hamlets_import_csv(
                        actor=request.user, commune=commune, file=import_form.cleaned_data["file"]
                    )
                except ValidationError as e:
                    import_errors = e.messages
                else:
                    messages.success(
                        request, _("Đã nhập %(count)d thôn, tổ dân phố từ tệp.") % {"count": len(created)}
                    )
                    return redirect("geo:hamlets", unit_id=commune.pk)
        else:
            form = HamletForm(request.POST, prefix="hamlet")
            if form.is_valid():
                try:
                    hamlet = services.hamlet_create(
                        actor=request.user,
                        commune=commune,
                        name=form.cleaned_data["name"],
                        unit_type=form.cleaned_data["unit_type"],
                    )
                except ValidationError as e:
                    apply_errors(form, e)
                else:
                    messages.success(request, _("Đã thêm %(name)s.") % {"name": hamlet.name})
                    return redirect("geo:hamlets", unit_id=commune.pk)
    hamlets = AdminUnit.objects.filter(parent=commune, level=Level.HAMLET).order_by("code")
    return render(
        request,
        "geo/hamlet_list.html",
        {
            "unit": commune,
            "hamlets": hamlets,
            "can_manage": can_manage,
            "form": form,
            "import_form": import_form,
            "import_errors": import_errors,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def hamlet_edit(request: HttpRequest, hamlet_id: int) -> HttpResponse:
    hamlet = access.access_unit(request.user, hamlet_id, "geo.manage_hamlet")
    if hamlet.level != Level.HAMLET or hamlet.parent is None:
        raise access.AccessDenied
    if request.method == "POST":
        form = HamletForm(request.POST)
        if form.is_valid():
            try:
                services.hamlet_update(
                    actor=request.user,
                    hamlet=hamlet,
                    name=form.cleaned_data["name"],
                    unit_type=form.cleaned_data["unit_type"],
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Đã lưu %(name)s.") % {"name": hamlet.name})
                return redirect("geo:hamlets", unit_id=hamlet.parent.pk)
    else:
        form = HamletForm(initial={"name": hamlet.name, "unit_type": hamlet.unit_type})
    return render(
        request,
        "geo/hamlet_edit.html",
        {"hamlet": hamlet, "unit": hamlet.parent, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def agency_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Agencies attached to a unit, with the form to add one (type from the catalogue or a free name)."""
    unit = access.access_unit(request.user, unit_id)
    can_manage = access.has_perm(request.user, "geo.manage_agency", unit)
    agency_types = services.agency_types_for(unit)
    form = AgencyForm(agency_types=agency_types)
    if request.method == "POST":
        if not can_manage:
            raise access.AccessDenied
        form = AgencyForm(request.POST, agency_types=agency_types)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agency = services.agency_create(
                    actor=request.user,
                    unit=unit,
                    name=data["name"],
                    agency_type=data["agency_type"],
                    short_name=data["short_name"],
                    email=data["email"],
                    phone=data["phone"],
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": agency.name})
                return redirect("geo:agencies", unit_id=unit.pk)
    agencies = Agency.objects.filter(unit=unit).select_related("agency_type").order_by("name")
    return render(
        request,
        "geo/agency_list.html",
        {"unit": unit, "agencies": agencies, "can_manage": can_manage, "form": form},
        status=400 if request.method == "POST" else 200,
    )
