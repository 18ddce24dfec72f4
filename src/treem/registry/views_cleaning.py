"""Pages of data cleaning (Đề án 06) and duplicate review. Every query is scoped by ``access``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.accounts.working_unit import current_unit
from treem.audit.services import client_ip
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit, Level
from treem.registry import cleaning, dedup, sensitive
from treem.registry.models import Child, Guardian
from treem.registry.models_cleaning import DuplicatePair, DuplicateStatus

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _require_view(request: HttpRequest) -> None:
    if not access.has_perm(request.user, "registry.view_child"):
        raise access.AccessDenied


def _commune(request: HttpRequest, unit_id: int, perm: str = "registry.view_child") -> AdminUnit:
    """A commune the user may see children of (a hamlet collaborator: their hamlet's commune page)."""
    try:
        unit = AdminUnit.objects.select_related("parent").get(
            pk=access.parse_pk(unit_id), level=Level.COMMUNE
        )
    except (AdminUnit.DoesNotExist, ValueError):
        raise access.AccessDenied from None
    if not access.has_perm(request.user, perm, unit):
        # A hamlet collaborator may see the lists restricted to their hamlet.
        paths = access.get_access(request.user).paths(perm)
        if not any(p.startswith(unit.path) for p in paths):
            raise access.AccessDenied
    return unit


def _children(request: HttpRequest, perm: str = "registry.view_child"):
    return access.scope(Child.objects.all(), request.user, perm, field="area")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    unit = current_unit(request)
    rows, total = cleaning.progress(request.user, within=unit)
    pending = dedup.pairs_in_scope(request.user).filter(status=DuplicateStatus.PENDING).count()
    # a province's communes on one page; the nation's 3,321 (515 KB of HTML) in pages, the sum on each
    page = Paginator(rows, OVERVIEW_ROWS).get_page(request.GET.get("trang"))
    return render(
        request,
        "registry/cleaning_overview.html",
        {"unit": unit, "page": page, "rows": page.object_list, "total": total, "pending_duplicates": pending},
    )


OVERVIEW_ROWS = 200  # communes per page of the overview (issue #20: no page over 200 KB)


@login_required
def commune_lists(request: HttpRequest, unit_id: int) -> HttpResponse:
    commune = _commune(request, unit_id)
    found = cleaning.problems(commune, _children(request))
    kind = request.GET.get("loai", "missing_id")
    if kind not in cleaning.KINDS:
        kind = "missing_id"
    page = Paginator(found[kind], 100).get_page(request.GET.get("trang"))
    return render(
        request,
        "registry/cleaning_list.html",
        {
            "unit": commune,
            "kinds": [(k, label, len(found[k])) for k, label in cleaning.KINDS.items()],
            "kind": kind,
            "kind_label": cleaning.KINDS[kind],
            "page": page,
            "can_import": cleaning.import_perm(request.user, commune) is not None,
            "can_export": access.has_perm(request.user, "registry.view_sensitive", commune),
        },
    )


@login_required
def export_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The list carries personal IDs: only for those who may see sensitive data of the commune."""
    commune = _commune(request, unit_id)
    access.require(request.user, "registry.view_sensitive", commune)
    data = cleaning.export_to_verify(actor=request.user, commune=commune, children=_children(request))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="can-xac-minh-{commune.code}.xlsx"'
    return response


@login_required
def import_verified(request: HttpRequest, unit_id: int) -> HttpResponse:
    commune = _commune(request, unit_id)
    can_import = cleaning.import_perm(request.user, commune) is not None
    errors: list[str] = []
    if request.method == "POST":
        if not can_import:
            raise access.AccessDenied
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Hãy chọn tệp XLSX hoặc CSV.")]
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            errors = [_("Tệp lớn quá 10 MB.")]
        else:
            try:
                result = cleaning.import_verified(
                    actor=request.user, commune=commune, name=upload.name or "", content=upload.read()
                )
            except cleaning.VerifiedImportError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _(
                        "Đã cập nhật %(u)d số định danh cá nhân đã xác minh "
                        "(%(r)d dòng, %(s)d dòng chưa có số)."
                    )
                    % {"u": result.updated, "r": result.rows, "s": result.skipped},
                )
                return redirect("registry:cleaning_list", unit_id=commune.pk)
    return render(
        request,
        "registry/cleaning_import.html",
        {"unit": commune, "errors": errors, "can_import": can_import, "headers": cleaning.EXPORT_HEADERS},
    )


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    status = request.GET.get("trang_thai", DuplicateStatus.PENDING)
    qs = dedup.pairs_in_scope(request.user).select_related("child_a", "child_b", "commune")
    if status in DuplicateStatus.values:
        qs = qs.filter(status=status)
    qs = qs.order_by("-high_confidence", "-score", "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    for pair in page:
        pair.reason_labels = [str(dedup.REASON_LABELS.get(r, r)) for r in pair.reasons]
    return render(
        request,
        "registry/duplicate_list.html",
        {"page": page, "status": status, "statuses": DuplicateStatus.choices, "labels": dedup.REASON_LABELS},
    )


def _pair(request: HttpRequest, pair_id: int, perm: str = "registry.view_child") -> DuplicatePair:
    try:
        return (
            dedup.pairs_in_scope(request.user, perm)
            .select_related("child_a__commune", "child_b__commune", "child_a__hamlet", "child_b__hamlet")
            .get(pk=access.parse_pk(pair_id))
        )
    except (DuplicatePair.DoesNotExist, ValueError):
        raise access.AccessDenied from None


@login_required
def duplicate_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = _pair(request, pair_id)
    sides = []
    for child in (pair.child_a, pair.child_b):
        # Sensitive groups only for those with the right to them, and audited (ADR 0017) whether the
        # child has any or not (an event only for those who do would tell who does).
        circumstances = sensitive.visible_circumstances(
            request.user, child, child.circumstances.select_related("group")
        )
        if access.has_perm(request.user, sensitive.PERM_GROUPS, child.area):
            sensitive.audit_fields_read(
                actor=request.user,
                child=child,
                fields=["sensitive_groups"],
                reason="So sánh hồ sơ có thể trùng lặp",
                ip=client_ip(request),
            )
        sides.append(
            {
                "child": child,
                "guardians": list(Guardian.objects.filter(child=child)),
                "circumstances": circumstances,
                "supports": child.supports.count(),
            }
        )
    can_decide = pair.status == DuplicateStatus.PENDING and all(
        access.has_perm(request.user, "registry.edit_child", c.area) for c in (pair.child_a, pair.child_b)
    )
    return render(
        request,
        "registry/duplicate_detail.html",
        {
            "pair": pair,
            "sides": sides,
            "reasons": [dedup.REASON_LABELS.get(r, r) for r in pair.reasons],
            "can_decide": can_decide,
        },
    )


@login_required
@require_POST
def duplicate_decide(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = _pair(request, pair_id, "registry.edit_child")
    decision = request.POST.get("decision")
    note = request.POST.get("note", "")[:2000]
    try:
        if decision == "distinct":
            dedup.mark_distinct(actor=request.user, pair=pair, note=note)
            messages.success(request, _("Đã ghi nhận đây là hai trẻ em khác nhau."))
        elif decision == "merge":
            keep_id = request.POST.get("keep")
            keep = pair.child_a if str(pair.child_a_id) == keep_id else pair.child_b
            if str(keep.pk) != keep_id:
                raise ApplicationError(_("Hãy chọn hồ sơ được giữ lại."))
            dedup.merge(actor=request.user, pair=pair, keep=keep, note=note)
            messages.success(request, _("Đã hợp nhất hai hồ sơ; hồ sơ còn lại được giữ trong lịch sử."))
        else:
            raise ApplicationError(_("Hãy chọn hợp nhất hoặc là hai trẻ khác nhau."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message) if hasattr(exc, "message") else str(exc))
    return redirect("registry:duplicate", pair_id=pair.pk)
