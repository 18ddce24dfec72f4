"""Demo plans: the five seed documents imported into their provinces and linked in their cascade, the
city's plans given down to the demo wards, and some progress posted. Idempotent (runs at every start)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treem.accounts.access import system_actor
from treem.geo.models import AdminUnit, Generation, Level
from treem.plans import drafts, parsing, reform, services
from treem.plans.models import Document, Plan, ProgressStatus, TaskProgress
from treem.web.management.demo import COMMUNE_CODES, PROVINCE_CODE

SEEDS = [  # file in data/plans, the unit that issued it: (map, level, code) — ADR 0025
    ("004_can_tho_276_kh_tu.txt", (Generation.CURRENT, Level.PROVINCE, "92")),
    # Quảng Nam joined Đà Nẵng on 01/07/2025: its plan stays the former province's, Đà Nẵng its successor
    ("002_quang_nam_ke_hoach_ct28.txt", (Generation.FORMER, Level.PROVINCE, "49")),
    ("003_hcmc_4063_qd_ubnd.txt", (Generation.CURRENT, Level.PROVINCE, PROVINCE_CODE)),
    # the former Quận Tân Bình: its wards' successors are the demo wards, which carry its plan on
    ("000_tan_binh_ke_hoach_ct33.txt", (Generation.FORMER, Level.DISTRICT, "766")),
    # the former Thành phố Long Khánh (Đồng Nai), a district-level city until 30/06/2025
    ("001_long_khanh_306_kh_ubnd.txt", (Generation.FORMER, Level.DISTRICT, "732")),
    # written for the demo (issue #17): a plan of targets only, with an urban/rural split, and one with
    # yearly reductions ("giảm ít nhất 5%/năm", "giảm bình quân 2-3%/năm"); their targets reach the
    # city's scorecard with a status and its reason
    ("demo/101_chi_tieu_dinh_duong_khai_sinh.txt", (Generation.CURRENT, Level.PROVINCE, PROVINCE_CODE)),
    ("demo/102_giam_hang_nam_tao_hon_thap_coi.txt", (Generation.CURRENT, Level.PROVINCE, PROVINCE_CODE)),
]
DERIVED = ["003_hcmc_4063_qd_ubnd.txt", "000_tan_binh_ke_hoach_ct33.txt"]  # the former district's too
PROGRESS = [  # (nth task of a ward plan, status, percent, narrative)
    (0, ProgressStatus.DONE, 100, "Đã tổ chức tuyên truyền tại 4 khu phố, 620 lượt người tham dự."),
    (1, ProgressStatus.IN_PROGRESS, 60, "Đang rà soát, cập nhật thông tin trẻ em vào cơ sở dữ liệu."),
    (2, ProgressStatus.LATE, 20, "Chưa bố trí được kinh phí; đề nghị bổ sung trong quý IV."),
    (3, ProgressStatus.BLOCKED, None, "Chưa có hướng dẫn của Sở về biểu mẫu báo cáo."),
]


class Command(BaseCommand):
    help = (
        "Nạp năm văn bản kế hoạch mẫu, giao kế hoạch của Thành phố xuống các phường mẫu và cập nhật tiến độ."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(settings.BASE_DIR) / "data" / "plans"
        plans: dict[str, Plan] = {}
        for name, (generation, level, code) in SEEDS:
            unit = AdminUnit.objects.get(code=code, level=level, generation=generation)
            existing = Plan.objects.filter(document__source_name=name, derived_from__isnull=True).first()
            if existing is not None:  # a demo made before ADR 0025 had them under the merged units
                actor = system_actor(existing.unit)
                plans[name] = services.plan_rehome(actor=actor, plan=existing, unit=unit)
                continue
            draft = parsing.parse_plan(parsing.extract_text(name, (folder / name).read_bytes())).to_json()
            draft.pop("lines", None)
            draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
            plans[name] = services.plan_create_from_draft(
                actor=system_actor(unit), unit=unit, draft=draft, source_name=name
            )
        wards = list(AdminUnit.objects.filter(code__in=COMMUNE_CODES, generation=Generation.CURRENT))
        derived = 0
        for name in DERIVED:
            plan = plans[name]
            actor = system_actor(reform.receiving_unit(plan.unit) or plan.unit)  # a former unit's: the city
            territory = reform.successors(plan.unit)
            for ward in wards:
                if plan.derived.filter(unit=ward, agency__isnull=True).exists():
                    continue
                if not any(ward.path.startswith(u.path) for u in territory):
                    continue
                child = services.plan_derive(actor=actor, plan=plan, unit=ward)
                derived += 1
                self._progress(child)
        mapped = services.agencies_map_successors(actor="seed_demo_plans")
        self.stdout.write(
            f"Cơ quan kế thừa sau sắp xếp năm 2025: {mapped} tên cơ quan, nơi nhận báo cáo mới ánh xạ.\n"
            f"Kế hoạch mẫu: {Document.objects.filter(has_text=True).count()} văn bản, "
            f"{Plan.objects.count()} kế hoạch ({derived} kế hoạch phường mới giao)."
        )

    @transaction.atomic
    def _progress(self, plan: Plan) -> None:
        actor = system_actor(plan.unit)
        tasks = list(plan.tasks.filter(is_heading=False).order_by("sort_order"))
        year = timezone.localdate().year
        for index, status, percent, narrative in PROGRESS:
            if index < len(tasks) and not TaskProgress.objects.filter(task=tasks[index]).exists():
                services.progress_post(
                    actor=actor,
                    task=tasks[index],
                    period=f"{year}-S1",
                    status=status,
                    percent=percent,
                    narrative=narrative,
                )
