"""Indicator figures over HTTP, in the spirit of DHIS2's analytics API (``/api/v1/analytics``), and the
same figures as an IHE ADX document (``/api/v1/analytics/adx``). Scoped like the pages: a unit outside
the caller's jurisdiction answers 404, exactly like a unit that does not exist."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, P, QueryEx, Router, Schema, Status
from ninja.decorators import decorate_view

from treem.core.api import ExportOut, accepted
from treem.core.replica import use_replica
from treem.indicators import adx, analytics, selectors

router = Router(tags=["analytics"])


class HeaderOut(Schema):
    name: str = Field(..., description="Mã cột: dx, ou, pe, sex, value, numerator, denominator, …")
    column: str = Field(..., description="Tên cột (tiếng Việt)")
    valueType: str = Field(..., description="TEXT, NUMBER hoặc INTEGER")


class ItemOut(Schema):
    name: str
    measure: str | None = Field(None, description="Đơn vị tính của chỉ tiêu (chỉ với mục là chỉ tiêu)")


class MetaDataOut(Schema):
    items: dict[str, ItemOut]
    dimensions: dict[str, list[str]] = Field(
        ..., description="Các mục của mỗi chiều: dx, ou, pe và cột phân tổ (sex, age, ethnicity hoặc area)"
    )


class AnalyticsOut(Schema):
    headers: list[HeaderOut]
    rows: list[list[str | None]] = Field(
        ...,
        description="Mỗi dòng theo thứ tự của headers. Số dùng dấu chấm thập phân; cột phân tổ (sex, age, "
        "ethnicity, area) = null là tổng chung; "
        'target, status chỉ có ở dòng tổng chung. Ô value và numerator là chuỗi "<5" khi số trẻ em '
        "từ 1 đến 4 bị ẩn để bảo vệ trẻ em (người gọi không có quyền xem hồ sơ trẻ em của đơn vị; "
        "ô liên quan có thể suy ra ngược cũng bị ẩn; số 0 vẫn là 0; ADR 0020).",
    )
    width: int
    height: int
    metaData: MetaDataOut


class AnalyticsErrorOut(Schema):
    detail: str


DX = "Mã chỉ tiêu, cách nhau bởi dấu ;, ví dụ QD23-14;QD23-08a"
OU = "Mã đơn vị hành chính hiện hành (VN, 79, 26740 …), cách nhau bởi dấu ;. Bỏ trống: địa bàn của bạn"
PE = "Năm (2025), THIS_YEAR, LAST_YEAR hoặc LAST_5_YEARS, cách nhau bởi dấu ;. Bỏ trống: năm nay"
BY = (
    "Thêm các dòng phân tổ: sex (giới tính: M = nam, F = nữ); với các chỉ tiêu tính từ sổ theo dõi còn có "
    "age (nhóm tuổi 0-4, 5-9, 10-14, 15-17), ethnicity (kinh, minority = dân tộc thiểu số, unknown = chưa "
    "ghi nhận), area (urban = phường, rural = xã, special = đặc khu)"
)


@router.get(
    "",
    response={200: AnalyticsOut, 400: AnalyticsErrorOut, 404: AnalyticsErrorOut},
    url_name="analytics",
    summary="Số liệu chỉ tiêu theo chỉ tiêu × đơn vị × kỳ",
)
@decorate_view(use_replica())
def get_analytics(
    request: HttpRequest,
    dx: QueryEx[str, P(description=DX, max_length=2000)] = "",
    ou: QueryEx[str, P(description=OU, max_length=2000)] = "",
    pe: QueryEx[str, P(description=PE, max_length=200)] = "",
    by: QueryEx[str, P(description=BY, max_length=20)] = "",
) -> Any:
    """Rows ``[dx, ou, pe, sex, value, numerator, denominator, target, status, target_comparator,
    target_year]`` (the fourth column is named after ``by``: sex, age, ethnicity or area). The value of a
    unit is the sum of its communes' numerators over the sum of their denominators (never an average of
    rates). Only yearly periods exist: a half-year or quarter answers 400.
    """
    try:
        query = analytics.parse_request(user=request.user, dx=dx, ou=ou, pe=pe, by=by)
    except analytics.AnalyticsError as e:
        return Status(e.status, {"detail": e.message})
    return Status(200, analytics.table(query))


@router.get(
    "/adx",
    response={200: None, 202: ExportOut, 400: AnalyticsErrorOut, 404: AnalyticsErrorOut},
    url_name="analytics_adx",
    summary="Số liệu chỉ tiêu của một năm theo định dạng IHE ADX (XML)",
    openapi_extra={
        "responses": {200: {"description": "Tài liệu ADX", "content": {"application/adx+xml": {}}}}
    },
)
@decorate_view(use_replica())
def get_adx(
    request: HttpRequest,
    ou: QueryEx[str, P(description=OU, max_length=2000)] = "",
    pe: QueryEx[str, P(description="Một năm, ví dụ 2025. Bỏ trống: năm nay", max_length=200)] = "",
    children: QueryEx[
        bool,
        P(
            description="Thêm một nhóm cho mỗi đơn vị trực thuộc. Khi đó tệp được tạo ở chế độ nền: "
            "trả về 202 với status_url (/api/v1/exports/{id}) để hỏi lại, rồi tải tệp ở download_url"
        ),
    ] = False,
) -> Any:
    try:
        units = analytics.parse_units(ou, request.user)
        periods = analytics.parse_periods(pe)
        if len(periods) != 1:
            raise analytics.AnalyticsError(400, "Tệp ADX chỉ gồm số liệu của một năm: hãy chọn một năm.")
    except analytics.AnalyticsError as e:
        return Status(e.status, {"detail": e.message})
    year = periods[0][1]
    if children and any(selectors.child_units(u) for u in units):
        # A file with the child units takes too long for a request: built by the worker (ADR 0015).
        return accepted(adx.export_start(actor=request.user, units=units, year=year))
    groups = adx.groups_for(units, year, user=request.user)
    response = HttpResponse(adx.build(groups), content_type="application/adx+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{year}.adx.xml"'
    return response
