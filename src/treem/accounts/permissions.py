"""Every permission codename Treem checks, with its Vietnamese label. Roles are sets of these."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict[str, Any] = {  # codename → lazy Vietnamese label
    # geo
    "geo.view_unit": _("Xem địa bàn"),
    "geo.manage_hamlet": _("Quản lý thôn, tổ dân phố"),
    "geo.manage_agency": _("Quản lý cơ quan, đơn vị"),
    # accounts
    "accounts.view_user": _("Xem người dùng"),
    "accounts.manage_user": _("Tạo người dùng và phân quyền"),
    "accounts.approve_access": _("Phê duyệt quyền xem hồ sơ trẻ em của người dùng"),
    # audit
    "audit.view_audit": _("Xem nhật ký truy cập và thay đổi"),
    "core.manage_calendar": _("Quản lý lịch ngày nghỉ, ngày làm bù"),
    # registry (children register)
    "registry.view_child": _("Xem hồ sơ trẻ em"),
    "registry.edit_child": _("Thêm, sửa hồ sơ trẻ em"),
    "registry.view_sensitive": _("Xem số định danh cá nhân, dân tộc của trẻ em"),
    "registry.view_sensitive_groups": _(
        "Xem thông tin sức khỏe (HIV, khuyết tật) và danh sách trẻ em thuộc các nhóm, nguy cơ nhạy cảm"
    ),
    "registry.import_children": _("Nhập danh sách trẻ em từ tệp"),
    "registry.export_children": _("Xuất danh sách trẻ em"),
    "registry.record_support": _("Ghi nhận hỗ trợ cho trẻ em"),
    "registry.verify_id": _("Xác minh số định danh cá nhân (Đề án 06)"),
    # cases (protection)
    "cases.file_intake": _("Tiếp nhận thông tin, thông báo, tố giác"),
    "cases.view_case": _("Xem hồ sơ vụ việc"),
    "cases.manage_case": _("Xử lý vụ việc bảo vệ trẻ em"),
    "cases.approve_plan": _("Phê duyệt kế hoạch hỗ trợ, can thiệp"),
    "cases.handle_referral": _("Tiếp nhận vụ việc được chuyển đến"),
    "cases.approve_access": _("Duyệt yêu cầu xem hồ sơ vụ việc, rà soát việc mở hồ sơ khẩn cấp"),
    # indicators, plans, reporting
    "indicators.view_indicator": _("Xem chỉ tiêu, chỉ số"),
    "indicators.enter_value": _("Nhập số liệu chỉ số"),
    "indicators.manage_target": _("Đặt chỉ tiêu"),
    "plans.view_plan": _("Xem kế hoạch, nhiệm vụ"),
    "plans.manage_plan": _("Quản lý kế hoạch"),
    "plans.post_progress": _("Cập nhật tiến độ nhiệm vụ"),
    "activities.view_activity": _("Xem hoạt động, mạng lưới cộng tác viên"),
    "activities.record_activity": _("Ghi nhận hoạt động (cơ quan: hoạt động do cơ quan mình tổ chức)"),
    "activities.manage_collaborators": _("Quản lý mạng lưới cộng tác viên thôn"),
    "reporting.view_report": _("Xem báo cáo"),
    "reporting.submit_report": _("Lập và gửi báo cáo"),
    "reporting.review_report": _("Tiếp nhận, duyệt báo cáo cấp dưới"),
    "assessment.view_assessment": _("Xem kết quả đánh giá xã, phường phù hợp với trẻ em"),
    "assessment.assess_commune": _("Đánh giá xã, phường phù hợp với trẻ em"),
    "assessment.review_assessment": _("Kiểm tra hồ sơ đánh giá xã, phường phù hợp với trẻ em"),
    "assessment.recognise": _("Quyết định công nhận xã, phường phù hợp với trẻ em"),
}

# Administrative permissions: power over other accounts, the audit trail and shared catalogues.
# Nobody may grant (or end) a role holding one of these unless they hold it over the unit themselves
# (services.assignment_check); operational permissions are granted by whoever manages users there.
GUARDED: frozenset[str] = frozenset(
    {
        "accounts.view_user",
        "accounts.manage_user",
        "audit.view_audit",
        "core.manage_calendar",
        "geo.manage_hamlet",
        "geo.manage_agency",
    }
)

# Permissions that open children's records or case files: the registry and the protection cases.
CHILD_PERMISSIONS: frozenset[str] = frozenset(p for p in PERMISSIONS if p.startswith(("registry.", "cases.")))

APPROVE = "accounts.approve_access"

# An assignment whose role holds one of these waits for the approval of the unit's data owner when it
# is given by someone who is not a data owner there (ADR 0019). The approving permission is in the set:
# otherwise an administrator could make an approver and approve their own creations.
NEEDS_APPROVAL: frozenset[str] = CHILD_PERMISSIONS | {APPROVE}


def needs_approval(permissions: list[str] | set[str] | frozenset[str]) -> bool:
    return any(p in NEEDS_APPROVAL for p in permissions)
