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


DEMO_USERS = [
    DemoUser("ctv.tanbinh", "Phạm Thị Hoa", "village_collaborator", "27004/Khu phố 1"),
    DemoUser("canbo.tanbinh", "Nguyễn Thị Thu", "commune_worker", "27004"),
    DemoUser("chutich.tanbinh", "Trần Văn Minh", "commune_chairman", "27004"),
    DemoUser("congan.tanbinh", "Lê Quốc Bảo", "commune_police", "27004", "Công an Phường Tân Bình"),
    DemoUser("canbo.tansonnhat", "Võ Thị Lan", "commune_worker", "26968"),
    DemoUser("tongdai111", "Dương Thị Ngọc", "hotline_operator", "VN"),
    DemoUser("soyte.hcm", "Hoàng Văn Nam", "agency_officer", "79", "Sở Y tế Thành phố Hồ Chí Minh"),
    DemoUser("canbo.tinh", "Đặng Thu Hà", "province_officer", "79"),
    DemoUser("lanhdao.tinh", "Bùi Đức Thắng", "leader", "79"),
    DemoUser("quantri", "Quản Trị Viên", "system_admin", "VN"),
]
