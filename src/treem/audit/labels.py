"""Readable Vietnamese for the audit trail's action codes (issue #19: the chairman reads this page).

Every code written by ``audit_log`` anywhere in the code has a label here; ``tests/test_labels.py``
finds the codes in the source and fails on one without. ``GROUPS`` names the first part of a code, for
the list's filter."""

from __future__ import annotations

GROUPS: dict[str, str] = {
    "accounts": "Tài khoản và phân quyền",
    "geo": "Địa bàn và cơ quan",
    "core": "Lịch làm việc",
    "audit": "Nhật ký",
    "registry": "Hồ sơ trẻ em",
    "cases": "Vụ việc bảo vệ trẻ em",
    "indicators": "Chỉ tiêu",
    "plans": "Kế hoạch",
    "reporting": "Báo cáo định kỳ",
    "activities": "Hoạt động và mạng lưới cộng tác viên",
    "assessment": "Xã, phường phù hợp với trẻ em",
}

LABELS: dict[str, str] = {
    # accounts
    "accounts.user.logged_in": "Đăng nhập",
    "accounts.user.logged_out": "Đăng xuất",
    "accounts.user.login_failed": "Đăng nhập không thành công",
    "accounts.user.locked_out": "Tài khoản bị tạm khóa do nhập sai nhiều lần",
    "accounts.user.created": "Tạo tài khoản",
    "accounts.user.updated": "Sửa thông tin tài khoản",
    "accounts.user.password_set": "Đặt mật khẩu",
    "accounts.user.password_link_issued": "Cấp đường dẫn đặt mật khẩu",
    "accounts.user.password_set_by_link": "Đặt mật khẩu qua đường dẫn",
    "accounts.user.unit_switched": "Chuyển địa bàn làm việc",
    "accounts.assignment.created": "Phân công vai trò, địa bàn",
    "accounts.assignment.ended": "Kết thúc phân công",
    "accounts.assignment.approved": "Phê duyệt phân công",
    "accounts.assignment.rejected": "Từ chối phân công",
    "accounts.assignment.reopened": "Phân công chờ duyệt lại",
    "accounts.totp.enrolled": "Kích hoạt xác thực hai lớp",
    "accounts.enrolment_code.issued": "Cấp mã kích hoạt xác thực hai lớp",
    "accounts.enrolment_code.used": "Dùng mã kích hoạt xác thực hai lớp",
    "accounts.enrolment_code.refused": "Mã kích hoạt không hợp lệ",
    # geo
    "geo.hamlet.created": "Thêm thôn, tổ dân phố",
    "geo.hamlet.updated": "Sửa thôn, tổ dân phố",
    "geo.hamlet.imported": "Nhập danh sách thôn, tổ dân phố",
    "geo.agency.created": "Thêm cơ quan, đơn vị",
    "geo.agency.updated": "Sửa cơ quan, đơn vị",
    "geo.reference.loaded": "Nạp danh mục dùng chung",
    # core
    "core.calendar.override_set": "Điều chỉnh ngày làm việc, ngày nghỉ",
    "core.calendar.override_removed": "Bỏ điều chỉnh ngày làm việc",
    # audit
    "audit.event.listed": "Xem nhật ký",
    # registry
    "registry.child.created": "Thêm hồ sơ trẻ em",
    "registry.child.updated": "Sửa hồ sơ trẻ em",
    "registry.child.status_set": "Đổi tình trạng hồ sơ trẻ em",
    "registry.child.moved_away": "Trẻ em chuyển đi nơi khác",
    "registry.child.received": "Tiếp nhận trẻ em chuyển đến",
    "registry.child.viewed_sensitive": "Xem thông tin nhạy cảm của trẻ em",
    "registry.child.merged": "Gộp hồ sơ trùng lặp",
    "registry.child.imported": "Nhập danh sách trẻ em",
    "registry.child.exported": "Xuất danh sách trẻ em",
    "registry.child.ids_verified": "Đối chiếu số định danh",
    "registry.child.listed_sensitive_group": "Xem danh sách nhóm trẻ em nhạy cảm",
    "registry.child.searched_personal_id": "Tìm trẻ em theo số định danh",
    "registry.guardian.set": "Cập nhật người giám hộ",
    "registry.household.set": "Cập nhật hộ gia đình",
    "registry.circumstance.added": "Ghi nhận hoàn cảnh đặc biệt",
    "registry.circumstance.ended": "Kết thúc hoàn cảnh đặc biệt",
    "registry.risk.added": "Ghi nhận nguy cơ",
    "registry.injury.recorded": "Ghi nhận tai nạn, thương tích",
    "registry.labour.recorded": "Ghi nhận lao động trẻ em",
    "registry.support.recorded": "Ghi nhận hỗ trợ",
    "registry.duplicate.decided": "Quyết định về hồ sơ nghi trùng",
    # cases
    "cases.case.intake": "Tiếp nhận thông tin vụ việc",
    "cases.case.created": "Tạo vụ việc",
    "cases.case.viewed": "Xem hồ sơ vụ việc",
    "cases.case.transitioned": "Chuyển bước xử lý vụ việc",
    "cases.case.transferred_in": "Nhận vụ việc chuyển đến",
    "cases.case.worker_assigned": "Phân công người xử lý vụ việc",
    "cases.case.access_granted": "Cho phép xem hồ sơ vụ việc",
    "cases.case.break_glass": "Mở hồ sơ vụ việc khẩn cấp",
    "cases.assessment.recorded": "Ghi đánh giá vụ việc",
    "cases.plan.saved": "Lưu kế hoạch hỗ trợ, can thiệp",
    "cases.attachment.added": "Đính kèm tài liệu vào vụ việc",
    "cases.referral.created": "Chuyển vụ việc đến cơ quan khác",
    "cases.referral.responded": "Cơ quan trả lời yêu cầu phối hợp",
    "cases.access_request.created": "Đề nghị xem hồ sơ vụ việc",
    "cases.access_request.pending": "Đề nghị xem hồ sơ vụ việc chờ duyệt",
    "cases.access_request.approved": "Duyệt đề nghị xem hồ sơ vụ việc",
    "cases.access_request.refused": "Từ chối đề nghị xem hồ sơ vụ việc",
    "cases.access_request.expired": "Đề nghị xem hồ sơ vụ việc hết hạn",
    # indicators
    "indicators.target.set": "Đặt chỉ tiêu",
    "indicators.target.cleared": "Bỏ chỉ tiêu",
    "indicators.reported_value.set": "Nhập số liệu do ngành báo cáo",
    "indicators.reported_value.locked": "Khóa số liệu do ngành báo cáo",
    # plans
    "plans.import.parsed": "Đọc tệp kế hoạch",
    "plans.plan.imported": "Nhập kế hoạch",
    "plans.plan.derived": "Giao kế hoạch cho cấp dưới",
    "plans.plan.rehomed": "Chuyển kế hoạch về đơn vị đã ban hành",
    "plans.agencies.mapped": "Đối chiếu cơ quan với cơ quan kế thừa sau sắp xếp",
    "plans.progress.posted": "Cập nhật tiến độ nhiệm vụ",
    "plans.target.adjusted": "Điều chỉnh chỉ tiêu kế hoạch",
    "plans.targets.synced": "Cập nhật chỉ tiêu từ kế hoạch",
    "plans.targets.extended": "Nối mục tiêu hằng năm sang năm mới",
    # reporting
    "reporting.report.saved": "Lưu bản nháp báo cáo",
    "reporting.report.submitted": "Gửi báo cáo",
    "reporting.report.accepted": "Tiếp nhận báo cáo",
    "reporting.report.returned": "Trả lại báo cáo",
    "reporting.rule.set": "Sửa quy định về hạn báo cáo",
    # activities
    "activities.activity.created": "Thêm hoạt động",
    "activities.activity.updated": "Sửa hoạt động",
    "activities.post.created": "Thêm vị trí cộng tác viên",
    "activities.post.updated": "Sửa vị trí cộng tác viên",
    "activities.place.created": "Ghi nhận điểm vui chơi",
    "activities.place.updated": "Sửa điểm vui chơi",
    "activities.post.ended": "Kết thúc vị trí cộng tác viên",
    # assessment (workflow actions are "assessment.<action>")
    "assessment.round.generated": "Mở đợt đánh giá xã, phường phù hợp với trẻ em",
    "assessment.self_assessment.updated": "Cập nhật tự đánh giá",
    "assessment.entry.saved": "Chấm điểm tiêu chí",
    "assessment.paper_result.recorded": "Nhập kết quả đánh giá từ hồ sơ giấy",
    "assessment.commune_type.set": "Xác định loại xã, phường",
    "assessment.submit": "Gửi hồ sơ đề nghị công nhận xã, phường phù hợp với trẻ em",
    "assessment.return": "Trả lại hồ sơ đánh giá để bổ sung",
    "assessment.accept": "Xác nhận đã kiểm tra hồ sơ đánh giá",
    "assessment.recognise": "Quyết định công nhận xã, phường phù hợp với trẻ em",
    "assessment.not_recognise": "Không công nhận xã, phường phù hợp với trẻ em",
}


def action_label(code: str) -> str:
    """The Vietnamese label of an action code; an unknown one (an old event, a removed feature) is named
    by its group, never shown as the raw code."""
    if code in LABELS:
        return LABELS[code]
    group = GROUPS.get(code.split(".", 1)[0])
    return f"Thao tác khác ({group.lower()})" if group else "Thao tác khác của hệ thống"
