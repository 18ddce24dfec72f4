"""The shared test world (STYLE §2.6): two provinces × two communes, hamlets, roles and users.

Province A = Thành phố Hồ Chí Minh (79) with communes A1, A2; province B = Hà Nội (01) with B1, B2.
The former map is there too: Thành phố Hồ Chí Minh (79, 2008) › Quận Tân Bình (766) › Phường 2 (26965)
and Phường 4 (26968, the code of the current A2), both succeeded by A2.
Users: worker_a1, chairman_a1, police_a1, collaborator_a1 (hamlet), worker_a2, province_a,
agency_a, leader_a, worker_b1, province_b, hotline, sysadmin — each with its catalogue role.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

PASSWORD = "Mat-khau-thu-nghiem-2026"  # noqa: S105 — test users only


@dataclass
class World:
    nation: Any
    a: Any
    b: Any
    a1: Any
    a2: Any
    b1: Any
    b2: Any
    hamlet_a1: Any
    former_wards: list[Any] = field(default_factory=list)  # former Phường 2 (26965), Phường 4 (26968) → a2
    former_a: Any = None  # the former Thành phố Hồ Chí Minh (79, 2008): QĐ 4063's targets (ADR 0024)
    users: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def build_world() -> World:
    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create, role_sync
    from treem.geo.models import Agency, UnitSuccession
    from treem.geo.services import unit_create

    role_sync()
    d = datetime.date(2025, 7, 1)
    nation = unit_create(level="nation", unit_type="quoc_gia", code="VN", name="Việt Nam", parent=None)
    a = unit_create(
        level="province",
        unit_type="thanh_pho_tw",
        code="79",
        name="Thành phố Hồ Chí Minh",
        short_name="Hồ Chí Minh",
        parent=nation,
        valid_from=d,
    )
    b = unit_create(
        level="province",
        unit_type="thanh_pho_tw",
        code="01",
        name="Thành phố Hà Nội",
        short_name="Hà Nội",
        parent=nation,
        valid_from=d,
    )
    a1 = unit_create(
        level="commune",
        unit_type="phuong",
        code="26740",
        name="Phường Sài Gòn",
        short_name="Sài Gòn",
        parent=a,
        valid_from=d,
    )
    a2 = unit_create(
        level="commune",
        unit_type="phuong",
        code="26968",
        name="Phường Tân Sơn Nhất",
        short_name="Tân Sơn Nhất",
        parent=a,
        valid_from=d,
    )
    b1 = unit_create(
        level="commune",
        unit_type="phuong",
        code="00004",
        name="Phường Ba Đình",
        short_name="Ba Đình",
        parent=b,
        valid_from=d,
    )
    b2 = unit_create(
        level="commune",
        unit_type="xa",
        code="00376",
        name="Xã Sóc Sơn",
        short_name="Sóc Sơn",
        parent=b,
        valid_from=d,
    )
    hamlet = unit_create(level="hamlet", unit_type="khu_pho", code="26740-KP1", name="Khu phố 1", parent=a1)
    # The former map beside it, as in production, where codes repeat across the two maps: the former
    # Quận Tân Bình's Phường 4 had 26968, the code of the current Phường Tân Sơn Nhất (a2), which took
    # it over together with Phường 2 (26965, a code no current commune has).
    former_a = unit_create(
        level="province",
        unit_type="thanh_pho_tw",
        code="79",
        name="Thành phố Hồ Chí Minh",
        short_name="Hồ Chí Minh",
        parent=nation,
        generation="2008",
        valid_to=datetime.date(2025, 6, 30),
    )
    tan_binh = unit_create(
        level="district",
        unit_type="quan",
        code="766",
        name="Quận Tân Bình",
        parent=former_a,
        generation="2008",
        valid_to=datetime.date(2025, 6, 30),
    )
    former_wards = [
        unit_create(
            level="commune",
            unit_type="phuong",
            code=code,
            name=name,
            parent=tan_binh,
            generation="2008",
            valid_to=datetime.date(2025, 6, 30),
        )
        for code, name in (("26965", "Phường 2"), ("26968", "Phường 4"))
    ]
    for ward in former_wards:
        UnitSuccession.objects.create(predecessor=ward, successor=a2, effective_date=d)
    police_a1 = Agency.objects.create(unit=a1, name="Công an Phường Sài Gòn")
    health_a = Agency.objects.create(unit=a, name="Sở Y tế Thành phố Hồ Chí Minh")
    world = World(
        nation=nation,
        a=a,
        b=b,
        a1=a1,
        a2=a2,
        b1=b1,
        b2=b2,
        hamlet_a1=hamlet,
        former_wards=former_wards,
        former_a=former_a,
    )
    roles = {r.code: r for r in Role.objects.all()}
    spec = [
        ("worker_a1", "Nguyễn Thị Thu", "commune_worker", a1, None),
        ("chairman_a1", "Trần Văn Minh", "commune_chairman", a1, None),
        ("police_a1", "Lê Quốc Bảo", "commune_police", a1, police_a1),
        ("collaborator_a1", "Phạm Thị Hoa", "village_collaborator", hamlet, None),
        ("worker_a2", "Võ Thị Lan", "commune_worker", a2, None),
        ("province_a", "Đặng Thu Hà", "province_officer", a, None),
        ("agency_a", "Hoàng Văn Nam", "agency_officer", a, health_a),
        ("leader_a", "Bùi Đức Thắng", "leader", a, None),
        ("worker_b1", "Ngô Thị Mai", "commune_worker", b1, None),
        ("province_b", "Đỗ Văn Hùng", "province_officer", b, None),
        ("hotline", "Dương Thị Ngọc", "hotline_operator", nation, None),
        ("sysadmin", "Quản Trị Viên", "system_admin", nation, None),
    ]
    for username, full_name, role, unit, agency in spec:
        user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
        assignment_create(
            actor=None,
            user=user,
            unit=unit,
            role=roles[role],
            agency=agency,
            valid_from=datetime.date(2025, 7, 1),
            check_actor=False,
        )
        world.users[username] = user
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def login(client: Any) -> Any:
    """``login(user)`` logs the Django test client in as ``user``, second factor included."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return _login


def _truncate_trigger(enabled: bool) -> None:
    from django.db import connection

    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE audit_auditevent {verb} TRIGGER audit_event_no_truncate")


@pytest.fixture
def live_db(transactional_db: Any) -> Any:
    """A database the live server thread sees (committed). pytest-django empties it with TRUNCATE
    after the test, which the audit table refuses; only that trigger is lifted, after the test."""
    _truncate_trigger(True)
    yield
    _truncate_trigger(False)
