from __future__ import annotations

import datetime
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from treem.accounts.models import Assignment, Role, User
from treem.accounts.services import assignment_create
from treem.geo.models import AdminUnit, Agency, AgencyType, Generation, Level
from treem.geo.services import unit_create
from treem.web.management.demo import COMMUNE_CODES, DEMO_PASSWORD, DEMO_USERS, HAMLETS, PROVINCE_CODE

AGENCIES = [
    # (unit code, agency name, agency type code)
    ("79", "Sở Y tế Thành phố Hồ Chí Minh", "so_y_te"),
    ("79", "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", "so_gddt"),
    ("79", "Công an Thành phố Hồ Chí Minh", "cong_an_tinh"),
    ("79", "Trung tâm Công tác xã hội Thành phố Hồ Chí Minh", "trung_tam_ctxh"),
    ("27004", "Ủy ban nhân dân Phường Tân Bình", "ubnd"),
    ("27004", "Công an Phường Tân Bình", "cong_an_xa"),
    ("27004", "Trạm Y tế Phường Tân Bình", "tram_y_te"),
    ("26968", "Ủy ban nhân dân Phường Tân Sơn Nhất", "ubnd"),
    ("26968", "Công an Phường Tân Sơn Nhất", "cong_an_xa"),
]


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu (TP. Hồ Chí Minh, các phường thuộc quận Tân Bình cũ) với người dùng cho mọi vai trò."

    def handle(self, *args: Any, **options: Any) -> None:
        units = {
            u.code: u
            for u in AdminUnit.objects.filter(
                generation=Generation.CURRENT, code__in=["VN", PROVINCE_CODE, *COMMUNE_CODES]
            ).exclude(level=Level.HAMLET)
        }
        missing = {"VN", PROVINCE_CODE, *COMMUNE_CODES} - set(units)
        if missing:
            raise CommandError(
                f"Thiếu đơn vị hành chính {sorted(missing)}: hãy chạy ./treem manage load_reference trước."
            )
        with transaction.atomic():
            for commune_code, hamlets in HAMLETS.items():
                commune = units[commune_code]
                for seq, (unit_type, name) in enumerate(hamlets, start=1):
                    existing = AdminUnit.objects.filter(parent=commune, level=Level.HAMLET, name=name).first()
                    units[f"{commune_code}/{name}"] = existing or unit_create(
                        level=Level.HAMLET,
                        unit_type=unit_type,
                        code=f"{commune_code}-{seq:03d}",
                        name=name,
                        parent=commune,
                        source="Dữ liệu mẫu",
                    )
            types = {t.code: t for t in AgencyType.objects.all()}
            agencies: dict[str, Agency] = {}
            for unit_code, name, type_code in AGENCIES:
                agency, _ = Agency.objects.get_or_create(
                    unit=units[unit_code], name=name, defaults={"agency_type": types.get(type_code)}
                )
                agencies[name] = agency
            roles = {r.code: r for r in Role.objects.all()}
            created = 0
            for spec in DEMO_USERS:
                user = User.objects.filter(username=spec.username).first()
                if user is None:
                    user = User.objects.create_user(
                        username=spec.username, password=DEMO_PASSWORD, full_name=spec.full_name
                    )
                    created += 1
                unit = units[spec.unit]
                if not Assignment.objects.filter(user=user, unit=unit, role__code=spec.role).exists():
                    assignment_create(
                        actor="seed_demo",
                        user=user,
                        unit=unit,
                        role=roles[spec.role],
                        agency=agencies.get(spec.agency),
                        valid_from=datetime.date(2025, 7, 1),
                        check_actor=False,
                    )
        self.stdout.write(
            f"Dữ liệu mẫu sẵn sàng: {created} người dùng mới, {len(DEMO_USERS)} người dùng mẫu."
        )
        call_command("seed_demo_children", stdout=self.stdout)
        worker = next(u for u in DEMO_USERS if u.role == "commune_worker")
        call_command("seed_demo_imports", user=worker.username, commune=worker.unit, stdout=self.stdout)
        call_command("seed_demo_cases", stdout=self.stdout)
        call_command("seed_demo_indicators", stdout=self.stdout)
        call_command("seed_demo_plans", stdout=self.stdout)
        call_command("seed_demo_activities", stdout=self.stdout)
        call_command("seed_demo_reports", stdout=self.stdout)
        call_command("seed_demo_assessment", stdout=self.stdout)
