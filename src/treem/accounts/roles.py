"""The role catalogue: named permission sets (pretix's team permission sets, as data).

``load_reference`` writes these rows into ``accounts.Role``; editing a role's permissions in the
database is possible, and re-running ``load_reference`` restores the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from treem.accounts.permissions import NEEDS_APPROVAL, PERMISSIONS

_READ = [
    "geo.view_unit",
    "indicators.view_indicator",
    "plans.view_plan",
    "activities.view_activity",
    "reporting.view_report",
    "assessment.view_assessment",
]


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    level: str
    permissions: list[str] = field(default_factory=list)
    requires_2fa: bool = False
    needs_agency: bool = False
    description: str = ""


ROLES: list[RoleSpec] = [
    RoleSpec(
        "village_collaborator",
        "Cộng tác viên thôn, tổ dân phố",
        "hamlet",
        ["geo.view_unit", "registry.view_child", "registry.edit_child", "cases.file_intake"],
        requires_2fa=True,
        description="Thêm, cập nhật trẻ em của thôn; báo tin về trẻ em cần bảo vệ.",
    ),
    RoleSpec(
        "commune_worker",
        "Người làm công tác bảo vệ trẻ em cấp xã",
        "commune",
        [
            *_READ,
            "geo.manage_hamlet",
            "geo.manage_agency",
            "registry.view_child",
            "registry.edit_child",
            "registry.view_sensitive",
            "registry.view_sensitive_groups",
            "registry.import_children",
            "registry.export_children",
            "registry.record_support",
            "cases.file_intake",
            "cases.view_case",
            "cases.manage_case",
            "indicators.enter_value",
            "plans.post_progress",
            "activities.record_activity",
            "activities.manage_collaborators",
            "reporting.submit_report",
            "assessment.assess_commune",
        ],
        requires_2fa=True,
        description="Quản lý cơ sở dữ liệu trẻ em của xã, xử lý vụ việc, lập báo cáo của xã.",
    ),
    RoleSpec(
        "commune_chairman",
        "Chủ tịch, Phó Chủ tịch UBND cấp xã",
        "commune",
        [
            *_READ,
            "registry.view_child",
            "registry.view_sensitive",
            "registry.view_sensitive_groups",
            "cases.view_case",
            "cases.approve_plan",
            "cases.approve_access",
            "reporting.submit_report",
            "reporting.review_report",
            "assessment.assess_commune",
            "audit.view_audit",
            "accounts.approve_access",
        ],
        requires_2fa=True,
        description="Phê duyệt kế hoạch hỗ trợ, can thiệp (Mẫu 05); ký báo cáo của xã.",
    ),
    RoleSpec(
        "commune_police",
        "Công an cấp xã",
        "commune",
        [
            "geo.view_unit",
            "registry.view_child",
            "registry.view_sensitive",
            "registry.verify_id",
            "cases.handle_referral",
        ],
        requires_2fa=True,
        needs_agency=True,
        description="Xác minh số định danh cá nhân của trẻ em (Đề án 06); tiếp nhận vụ việc được chuyển.",
    ),
    RoleSpec(
        "hotline_operator",
        "Điện thoại viên Tổng đài 111",
        "nation",
        ["geo.view_unit", "cases.file_intake"],
        requires_2fa=True,
        description="Tiếp nhận cuộc gọi về mọi xã và theo dõi kết quả xử lý.",
    ),
    RoleSpec(
        "agency_officer",
        "Cán bộ sở, ngành, đoàn thể",
        "province",
        [
            *_READ,
            "indicators.enter_value",
            "plans.post_progress",
            "activities.record_activity",
            "reporting.submit_report",
            "cases.handle_referral",
        ],
        requires_2fa=True,
        needs_agency=True,
        description="Nhập số liệu chỉ số và tiến độ nhiệm vụ được giao cho cơ quan.",
    ),
    RoleSpec(
        "province_officer",
        "Cán bộ phụ trách trẻ em cấp tỉnh",
        "province",
        [
            *_READ,
            "geo.manage_agency",
            "geo.manage_hamlet",
            "accounts.view_user",
            "accounts.manage_user",
            "accounts.approve_access",
            "audit.view_audit",
            "core.manage_calendar",
            "registry.view_child",
            "registry.export_children",
            "cases.view_case",
            "cases.approve_access",
            "indicators.enter_value",
            "indicators.manage_target",
            "plans.manage_plan",
            "plans.post_progress",
            "reporting.submit_report",
            "reporting.review_report",
            "assessment.review_assessment",
            "assessment.recognise",
        ],
        requires_2fa=True,
        description=(
            "Lập kế hoạch của tỉnh, đặt chỉ tiêu, theo dõi các xã, tổng hợp báo cáo; "
            "quản trị người dùng của tỉnh."
        ),
    ),
    RoleSpec(
        "leader",
        "Lãnh đạo (chỉ xem)",
        "province",
        [*_READ, "registry.view_child"],
        requires_2fa=True,
        description="Xem bảng điều khiển: chỉ tiêu, báo cáo và vụ việc quá hạn.",
    ),
    RoleSpec(
        "national_officer",
        "Cán bộ phụ trách trẻ em cấp trung ương",
        "nation",
        [*_READ, "accounts.approve_access"],
        requires_2fa=True,
        description=(
            "Phê duyệt các phân công cấp trung ương có quyền xem hồ sơ trẻ em hoặc vụ việc "
            "(ví dụ điện thoại viên Tổng đài 111) do quản trị hệ thống tạo."
        ),
    ),
    RoleSpec(
        "system_admin",
        "Quản trị hệ thống",
        "nation",
        [
            "geo.view_unit",
            "geo.manage_hamlet",
            "geo.manage_agency",
            "accounts.view_user",
            "accounts.manage_user",
            "audit.view_audit",
            "core.manage_calendar",
        ],
        requires_2fa=True,
        description="Quản trị người dùng, danh mục và lịch; không xem hồ sơ trẻ em.",
    ),
]

for _role in ROLES:
    unknown = set(_role.permissions) - set(PERMISSIONS)
    assert not unknown, f"role {_role.code} names unknown permissions {unknown}"

# The system administrator never opens a child's record nor approves access to them (ADR 0019).
assert not any(p in NEEDS_APPROVAL for r in ROLES if r.code == "system_admin" for p in r.permissions), (
    "system_admin must hold no child, case or approving permission"
)

# Every role that opens children's records or case files, or approves access to them, needs TOTP.
for _role in ROLES:
    if any(p in NEEDS_APPROVAL for p in _role.permissions):
        assert _role.requires_2fa, f"role {_role.code} opens records or approves: it must require 2FA"
