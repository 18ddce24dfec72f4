"""Case intake for other systems (e.g. the 111 hotline's call software) and status follow-up.

``POST /api/v1/cases/intake`` needs an ``Idempotency-Key`` header: the same key with the same body
returns the same case (200) and creates nothing; the same key with another body is refused (409).
"""

import datetime
import hashlib
from typing import TYPE_CHECKING, Any, Literal

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from treem.accounts import access
from treem.cases import access as case_access
from treem.cases import services
from treem.cases.choices import AbuseForm, AgeGroup, Category, Channel, Setting, SexualAbuseSubtype
from treem.cases.models import Case, IntakeRequest, Perpetrator
from treem.core.errors import ApplicationError
from treem.core.text import nfc
from treem.geo.models import AdminUnit, Level

router = Router(tags=["cases"])

if TYPE_CHECKING:  # the checker sees plain strings; pydantic sees the closed lists of codes
    ChannelCode = str
    CategoryCode = str
    AbuseCode = str
    SubtypeCode = str
    SettingCode = str
    RelationshipCode = str
    AgeGroupCode = str
else:
    ChannelCode = Literal[tuple(Channel.values)]
    CategoryCode = Literal[tuple(Category.values)]
    AbuseCode = Literal[tuple([*AbuseForm.values, ""])]
    SubtypeCode = Literal[tuple([*SexualAbuseSubtype.values, ""])]
    SettingCode = Literal[tuple([*Setting.values, ""])]
    RelationshipCode = Literal[tuple(Perpetrator.Relationship.values)]
    AgeGroupCode = Literal[tuple(AgeGroup.values)]


def _no_control_characters(value: Any) -> Any:
    """Text may hold line breaks and tabs, never other control characters (PostgreSQL refuses NUL)."""
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValueError("Văn bản chứa ký tự điều khiển không hợp lệ.")
    return value


class _Text(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return _no_control_characters(value)


class ReportedChild(_Text):
    full_name: str = Field("", max_length=150)
    date_of_birth: datetime.date | None = None
    estimated_age: int | None = Field(None, ge=0, le=17)
    sex: Literal["M", "F", "U"] = "U"


class PerpetratorIn(_Text):
    relationship: RelationshipCode
    sex: Literal["M", "F", "U"] = "U"
    age_group: AgeGroupCode = "unknown"


class IntakeIn(_Text):
    commune_code: str = Field(..., min_length=1, max_length=20, pattern=r"^[0-9]+$")
    channel: ChannelCode
    received_at: datetime.datetime | None = None
    category: CategoryCode
    abuse_form: AbuseCode = ""
    sexual_abuse_subtype: SubtypeCode = ""
    setting: SettingCode = ""
    incident_place: str = Field("", max_length=255)
    child_location: str = Field("", max_length=255)
    summary: str = Field(..., min_length=1)
    family_situation: str = ""
    caregiver: str = Field("", max_length=255)
    actions_taken: str = ""
    child: ReportedChild
    informant_consent: bool = False
    informant_name: str = Field("", max_length=150)
    informant_phone: str = Field("", max_length=20)
    informant_address: str = Field("", max_length=255)
    perpetrators: list[PerpetratorIn] = Field(default_factory=list, max_length=3)


class Links(Schema):
    self: str
    status: str
    page: str


class IntakeOut(Schema):
    id: int
    code: str
    status: str
    links: Links


class Error(Schema):
    detail: str


class StatusOut(Schema):
    id: int
    code: str
    status: str
    status_label: str
    received_at: datetime.datetime
    closed_at: datetime.datetime | None
    updated_at: datetime.datetime


def _out(case: Case) -> dict[str, Any]:
    status_url = reverse("api:case_status", kwargs={"case_id": case.pk})
    return {
        "id": case.pk,
        "code": case.code,
        "status": case.status,
        "links": {
            "self": status_url,
            "status": status_url,
            "page": reverse("cases:detail", kwargs={"case_id": case.pk}),
        },
    }


@router.post(
    "/intake",
    response={200: IntakeOut, 201: IntakeOut, 400: Error, 404: Error, 409: Error},
    url_name="case_intake",
    summary="Tiếp nhận thông tin (Mẫu 01)",
)
def intake(request: HttpRequest, payload: IntakeIn) -> Any:
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if not key or len(key) > 80:
        return Status(400, {"detail": "Cần tiêu đề Idempotency-Key (tối đa 80 ký tự)."})
    body_hash = hashlib.sha256(request.body).hexdigest()
    user = request.user
    scoped_key = f"{user.pk}:{key}"
    previous = IntakeRequest.objects.filter(key=scoped_key).select_related("case").first()
    if previous is not None:
        if previous.request_hash != body_hash:
            return Status(409, {"detail": "Idempotency-Key đã được dùng cho một yêu cầu khác."})
        return Status(200, _out(previous.case))
    commune = AdminUnit.objects.filter(
        code=payload.commune_code, level=Level.COMMUNE, generation="2025"
    ).first()
    if commune is None or not services.may_file_intake(user, commune):
        return Status(404, {"detail": "Không tìm thấy xã, phường trong phạm vi được tiếp nhận."})
    data = payload.dict()
    child = data.pop("child")
    data.pop("commune_code")
    for k, v in list(data.items()):
        if isinstance(v, str):
            data[k] = nfc(v).strip()
    child["full_name"] = nfc(child.get("full_name") or "").strip()
    data["reported_child"] = {k: v for k, v in child.items() if v not in (None, "")}
    if not data["informant_consent"]:
        data.update(informant_name="", informant_phone="", informant_address="")
    try:
        with transaction.atomic():
            case = services.case_intake_create(actor=user, commune=commune, data=data)
            IntakeRequest.objects.create(key=scoped_key, request_hash=body_hash, case=case)
    except IntegrityError:  # a concurrent request with the same key won the race
        previous = IntakeRequest.objects.filter(key=scoped_key).select_related("case").first()
        if previous is None or previous.request_hash != body_hash:
            return Status(409, {"detail": "Idempotency-Key đã được dùng cho một yêu cầu khác."})
        return Status(200, _out(previous.case))
    except ApplicationError as e:
        return Status(400, {"detail": e.message})
    return Status(201, _out(case))


@router.get(
    "/{case_id}/status",
    response={200: StatusOut, 404: Error},
    url_name="case_status",
    summary="Theo dõi kết quả xử lý",
)
def case_status(request: HttpRequest, case_id: int) -> Any:
    """Status and dates only: the filer (e.g. the hotline operator) follows what happened."""
    try:
        case = case_access.access_case(request.user, case_id, file=False)
    except access.AccessDenied:
        raise HttpError(404, "Không tìm thấy vụ việc.") from None
    return Status(
        200,
        {
            "id": case.pk,
            "code": case.code,
            "status": case.status,
            "status_label": case.get_status_display(),
            "received_at": case.received_at,
            "closed_at": case.closed_at,
            "updated_at": case.updated_at,
        },
    )
