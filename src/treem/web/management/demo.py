"""The demo province: Thành phố Hồ Chí Minh with the wards of the former Tân Bình district (seed 000).

Everything here is idempotent: ``seed_demo`` can run at every ``./treem demo`` start.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "Treem@2026-demo"  # noqa: S105 — printed for the demo; never used outside it
PROVINCE_CODE = "79"
COMMUNE_CODES = ["27004", "26968", "26983"]  # Phường Tân Bình, Phường Tân Sơn Nhất, Phường Bảy Hiền

HAMLETS = {
    "27004": [
        ("khu_pho", "Khu phố 1"),
        ("khu_pho", "Khu phố 2"),
        ("khu_pho", "Khu phố 3"),
        ("khu_pho", "Khu phố 4"),
    ],
    "26968": [("khu_pho", "Khu phố 1"), ("khu_pho", "Khu phố 2"), ("khu_pho", "Khu phố 3")],
    "26983": [("khu_pho", "Khu phố 1"), ("khu_pho", "Khu phố 2")],
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit: str  # "VN", the province code, a commune code, or "<commune>/<hamlet name>"
    agency: str = ""
    sees: str = ""  # what this login sees and does, printed by demo_logins


DEMO_USERS = [
    DemoUser(
        "ctv.tanbinh",
        "Phạm Thị Hoa",
        "village_collaborator",
        "27004/Khu phố 1",
        sees="trẻ em của Khu phố 1 (Phường Tân Bình): thêm, sửa hồ sơ; báo tin vụ việc",
    ),
    DemoUser(
        "canbo.tanbinh",
        "Nguyễn Thị Thu",
        "commune_worker",
        "27004",
        sees="mọi trẻ em của Phường Tân Bình, kể cả thông tin nhạy cảm, và hồ sơ vụ việc được giao; "
        "nhập, xuất danh sách, báo cáo",
    ),
    DemoUser(
        "chutich.tanbinh",
        "Trần Văn Minh",
        "commune_chairman",
        "27004",
        sees="trẻ em, vụ việc của Phường Tân Bình; phê duyệt kế hoạch (Mẫu 05), báo cáo và quyền truy cập",
    ),
    DemoUser(
        "congan.tanbinh",
        "Lê Quốc Bảo",
        "commune_police",
        "27004",
        "Công an Phường Tân Bình",
        sees="trẻ em của Phường Tân Bình để xác minh số định danh; vụ việc được chuyển đến Công an phường",
    ),
    DemoUser(
        "canbo.tansonnhat",
        "Võ Thị Lan",
        "commune_worker",
        "26968",
        sees="trẻ em và vụ việc của Phường Tân Sơn Nhất (không thấy Phường Tân Bình)",
    ),
    DemoUser(
        "tongdai111",
        "Dương Thị Ngọc",
        "hotline_operator",
        "VN",
        sees="không xem hồ sơ trẻ em; tiếp nhận tin báo về mọi xã và theo dõi tin mình đã chuyển",
    ),
    DemoUser(
        "soyte.hcm",
        "Hoàng Văn Nam",
        "agency_officer",
        "79",
        "Sở Y tế Thành phố Hồ Chí Minh",
        sees="chỉ tiêu, kế hoạch, báo cáo của Thành phố; vụ việc được chuyển đến Sở Y tế; "
        "không xem danh sách trẻ em",
    ),
    DemoUser(
        "canbo.tinh",
        "Đặng Thu Hà",
        "province_officer",
        "79",
        sees="trẻ em (không gồm thông tin nhạy cảm) và danh sách vụ việc của cả Thành phố; "
        "chỉ tiêu, kế hoạch, người dùng; phê duyệt quyền truy cập",
    ),
    DemoUser(
        "lanhdao.tinh",
        "Bùi Đức Thắng",
        "leader",
        "79",
        sees="bảng điều khiển, chỉ tiêu, báo cáo và danh sách trẻ em của cả Thành phố (chỉ xem)",
    ),
    DemoUser(
        "trunguong",
        "Lý Thanh Tâm",
        "national_officer",
        "VN",
        sees="chỉ tiêu, kế hoạch, báo cáo toàn quốc; phê duyệt quyền truy cập cấp trung ương; "
        "không xem hồ sơ trẻ em",
    ),
    DemoUser(
        "quantri",
        "Quản Trị Viên",
        "system_admin",
        "VN",
        sees="người dùng, danh mục, lịch, nhật ký; cấp mã kích hoạt; KHÔNG xem hồ sơ trẻ em "
        "(phân công có quyền xem trẻ em do quản trị tạo phải chờ người phụ trách dữ liệu phê duyệt)",
    ),
]
