"""The children register over HTTP (django-ninja). Everything is scoped like the pages: an id outside
the caller's jurisdiction answers 404. Sensitive fields are left out unless the caller holds the right to
them (ADR 0017: ``registry.view_sensitive`` for the ID and ethnicity, ``registry.view_sensitive_groups``
for health) and asks ``?reveal=true``; every such reveal is audited. A list by a sensitive group, risk or
ID answers 403 without the right, and is audited with it. Paging cursors are opaque and signed."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from treem.accounts import access
from treem.audit.services import client_ip
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.registry import selectors, sensitive, services
from treem.registry.models import Child

router = Router(tags=["children"])

API_DATE_FORMAT = "yyyy-mm-dd"


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


class ChildOut(Schema):
    id: int
    version: int
    full_name: str
    date_of_birth: datetime.date
    sex: str
    status: str
    province_code: str
    commune_code: str
    commune_name: str
    hamlet_name: str | None = None
    address: str
    is_provisional: bool
    personal_id_masked: str
    birth_registered: bool | None = None
    health_insurance_valid_until: datetime.date | None = None
    schooling: str
    revealed: bool = False
    personal_id: str | None = None
    ethnicity: str | None = None
    hiv_status: bool | None = None
    disability_type: str | None = None
    disability_level: str | None = None


class ChildListOut(Schema):
    items: list[ChildOut]
    next: str | None
    count: int
    count_capped: bool


class ChildFields(Schema):
    """The child's own fields (services.CHILD_FIELDS), each optional: a patch sends only what changes."""

    full_name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    personal_id: str | None = None
    ethnicity: str | None = None
    address: str | None = None
    birth_registered: bool | None = None
    birth_registration_date: str | None = None
    birth_registration_place: str | None = None
    health_insurance_number: str | None = None
    health_insurance_valid_until: str | None = None
    schooling: str | None = None
    school_name: str | None = None
    disability_type: str | None = None
    disability_level: str | None = None
    hiv_status: bool | None = None


class ChildIn(ChildFields):
    commune: int
    hamlet: int | None = None
    full_name: str
    date_of_birth: str
    sex: str


class ChildPatch(ChildFields):
    version: int


def _out(child: Child, revealed: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": child.pk,
        "version": child.version,
        "full_name": child.full_name,
        "date_of_birth": child.date_of_birth,
        "sex": child.sex,
        "status": child.status,
        "province_code": child.province.code,
        "commune_code": child.commune.code,
        "commune_name": child.commune.name,
        "hamlet_name": child.hamlet.name if child.hamlet_id else None,  # type: ignore[union-attr]
        "address": child.address,
        "is_provisional": child.is_provisional,
        "personal_id_masked": selectors.mask_personal_id(child.personal_id),
        "birth_registered": child.birth_registered,
        "health_insurance_valid_until": child.health_insurance_valid_until,
        "schooling": child.schooling,
    }
    if revealed is not None:
        values = {
            "personal_id": child.personal_id,
            "ethnicity": child.ethnicity.code if child.ethnicity_id else None,  # type: ignore[union-attr]
            "hiv_status": child.hiv_status,
            "disability_type": child.disability_type or None,
            "disability_level": child.disability_level or None,
        }
        data.update(revealed=True, **{k: v for k, v in values.items() if k in revealed})
    return data


def _reveal(request: HttpRequest, child: Child) -> dict[str, Any] | None:
    """The sensitive fields the caller may see (audited), or None when they may see none."""
    if sensitive.hidden_fields(request.user, child.area) == set(sensitive.FIELD_PERMS):
        return None
    return services.child_reveal_sensitive(
        actor=request.user, child=child, ip=client_ip(request), reason="API ?reveal=true"
    )


def _errors(exc: services.ChildValidationError) -> dict[str, Any]:
    return {"detail": exc.message, "errors": [{"field": e.field, "message": e.message} for e in exc.errors]}


@router.get(
    "",
    response={200: ChildListOut, 400: ErrorOut, 403: ErrorOut},
    summary="Danh sách, tìm kiếm trẻ em (phân trang theo con trỏ)",
)
def list_children(
    request: HttpRequest,
    q: str = "",
    commune: int | None = None,
    hamlet: int | None = None,
    age_band: str = "",
    sex: str = "",
    group: int | None = None,
    risk: str = "",
    missing: str = "",
    status: str = "active",
    after: str | None = None,
    limit: int = selectors.PAGE_SIZE,
    reveal: bool = False,
) -> dict[str, Any]:
    """Children in the caller's jurisdiction, in Vietnamese alphabetical order. Pass the ``next``
    value of a page as ``after`` to get the following one."""
    if not access.has_perm(request.user, "registry.view_child"):
        raise access.AccessDenied
    filters = selectors.ChildFilters.from_mapping(
        {
            "q": q,
            "commune": commune,
            "hamlet": hamlet,
            "age_band": age_band,
            "sex": sex,
            "group": group,
            "risk": risk,
            "missing": missing,
            "status": status,
        }
    )
    refused = sensitive.refusal(request.user, **filters.sensitive_args())
    if refused:
        raise HttpError(403, refused)
    qs = selectors.child_list(user=request.user, filters=filters).select_related(
        "province", "commune", "hamlet", "ethnicity"
    )
    try:
        page = selectors.child_page(qs, after=after, limit=limit, owner=str(request.user.pk))
    except selectors.InvalidCursor as exc:
        raise HttpError(400, exc.message) from None
    sensitive.audit_listing(
        actor=request.user,
        what=sensitive.sensitive_filter(**filters.sensitive_args()),
        count=len(page.items),
        place="API",
        ip=client_ip(request),
    )
    return {
        "items": [_out(c, _reveal(request, c) if reveal else None) for c in page.items],
        "next": page.next_cursor,
        "count": page.count,
        "count_capped": page.count_capped,
    }


@router.get("/{child_id}", response=ChildOut, summary="Một trẻ em")
def get_child(request: HttpRequest, child_id: int, reveal: bool = False) -> dict[str, Any]:
    child = selectors.child_get(user=request.user, child_id=child_id)
    return _out(child, _reveal(request, child) if reveal else None)


@router.post("", response={201: ChildOut, 422: ErrorOut}, summary="Thêm trẻ em")
def create_child(request: HttpRequest, payload: ChildIn) -> Status[dict[str, Any]]:
    """Dates are ``yyyy-mm-dd``. Validation errors answer 422 with every ``{field, message}``."""
    commune = access.access_unit(request.user, payload.commune, "registry.edit_child")
    hamlet = None
    if payload.hamlet is not None:
        hamlet = access.access_unit(request.user, payload.hamlet, "registry.edit_child")
    data = payload.dict(exclude={"commune", "hamlet"})
    try:
        child = services.child_create(
            actor=request.user, commune=commune, hamlet=hamlet, data=data, date_format=API_DATE_FORMAT
        )
    except services.ChildValidationError as exc:
        return Status(422, _errors(exc))
    except ApplicationError as exc:
        return Status(422, {"detail": exc.message, "errors": []})
    return Status(201, _out(selectors.child_get(user=request.user, child_id=child.pk)))


@router.patch(
    "/{child_id}", response={200: ChildOut, 409: ErrorOut, 422: ErrorOut}, summary="Sửa thông tin trẻ em"
)
def update_child(request: HttpRequest, child_id: int, payload: ChildPatch) -> Status[dict[str, Any]]:
    """Send the ``version`` you read; if someone saved since, nothing is written and 409 answers."""
    child = selectors.child_get(user=request.user, child_id=child_id, perm="registry.edit_child")
    data = payload.dict(exclude_unset=True, exclude={"version"})
    refused = sensitive.unwritable(request.user, child, [k for k in data if k in sensitive.FIELD_PERMS])
    if refused:  # a value the caller cannot see is not overwritten blindly (ADR 0017)
        message = "Bạn không có quyền sửa thông tin nhạy cảm này."
        return Status(422, {"detail": message, "errors": [{"field": k, "message": message} for k in refused]})
    try:
        updated = services.child_update(
            actor=request.user,
            child=child,
            data=data,
            expected_version=payload.version,
            date_format=API_DATE_FORMAT,
        )
    except ConcurrentEditError as exc:
        return Status(409, {"detail": exc.message, "errors": []})
    except services.ChildValidationError as exc:
        return Status(422, _errors(exc))
    except ApplicationError as exc:
        return Status(422, {"detail": exc.message, "errors": []})
    return Status(200, _out(selectors.child_get(user=request.user, child_id=updated.pk)))
