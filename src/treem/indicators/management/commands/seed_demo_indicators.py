"""Demo figures the health, education and other sectors report for the demo wards, last year and this
year, so the demo scorecard shows reported values beside the computed ones. Idempotent: a figure already
entered (or locked by an accepted report) is left as it is. The numbers are invented for the demo; they
are of the order of Ho Chi Minh City's published figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treem.accounts.access import system_actor
from treem.geo.models import AdminUnit, Generation
from treem.indicators.models import Indicator, ReportedValue
from treem.indicators.services import reported_value_set
from treem.web.management.demo import COMMUNE_CODES, PROVINCE_CODE

# indicator: (numerator, denominator) for last year and this year, per ward (small differences per ward)
FIGURES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "QD23-03a": ((2, 820), (2, 860)),  # per 1,000 live births
    "QD23-03b": ((4, 820), (4, 860)),
    "QD23-03c": ((6, 820), (5, 860)),
    "QD23-04a": ((21, 560), (19, 575)),
    "QD23-04b": ((33, 560), (31, 575)),
    "QD23-04c": ((64, 560), (70, 575)),
    "QD23-05": ((790, 820), (832, 860)),
    "QD23-05b": ((3850, 4010), (3940, 4080)),  # under-5s fully vaccinated
    "QD23-16": ((402, 405), (411, 413)),
    "QD23-17a": ((388, 390), (401, 402)),
    "QD23-17b": ((1, 2150), (1, 2210)),
    "QD23-18a": ((350, 361), (366, 372)),
    "QD23-18b": ((6, 1480), (5, 1510)),
    "QD23-22": ((610, 1200), (702, 1230)),
}


class Command(BaseCommand):
    help = "Nhập số liệu mẫu của các ngành cho các phường mẫu (năm trước và năm nay)."

    def handle(self, *args: Any, **options: Any) -> None:
        year = timezone.localdate().year
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=FIGURES)}
        wards = list(AdminUnit.objects.filter(code__in=COMMUNE_CODES, generation=Generation.CURRENT))
        province = AdminUnit.objects.filter(code=PROVINCE_CODE, generation=Generation.CURRENT).first()
        if province is None or not indicators:
            return
        actor = system_actor(province)
        created = 0
        with transaction.atomic():
            for w, ward in enumerate(wards):
                for code, figures in FIGURES.items():
                    indicator = indicators.get(code)
                    if indicator is None:
                        continue
                    for y, (num, den) in zip((year - 1, year), figures, strict=True):
                        if ReportedValue.objects.filter(
                            unit=ward, indicator=indicator, year=y, sex=""
                        ).exists():
                            continue
                        reported_value_set(
                            actor=actor,
                            unit=ward,
                            indicator=indicator,
                            year=y,
                            numerator=num + w,
                            denominator=den + 7 * w,
                            note="Số liệu mẫu (demo) do ngành báo cáo.",
                        )
                        created += 1
        self.stdout.write(f"Số liệu ngành mẫu: {created} số liệu mới cho {len(wards)} phường.")
        self.stdout.write(seed_former_district(year))


# The former Quận Tân Bình (2008 map, code 766): the demo wards are among the wards that took it over, so its
# scorecard (?unit=<766>) shows its 2024 figures beside theirs of this year (ADR 0024).
FORMER_DISTRICT_CODE = "766"
FORMER_YEAR = 2024  # the last whole year before the 2025 reform
FORMER_SCALE = 12  # the district had 15 wards; its figures are of the order of a dozen demo wards'


def seed_former_district(year: int) -> str:
    """Reported 2024 figures of the former Quận Tân Bình, entered for the district itself (as the sectors
    reported them then), and the targets of plans issued before the reform moved to the former unit they
    were written for (a database seeded before ADR 0024 had them on the merged city). Idempotent."""
    from treem.indicators.models import Target, TargetOrigin
    from treem.plans import services as plan_services
    from treem.plans.models import Plan

    district = AdminUnit.objects.filter(
        code=FORMER_DISTRICT_CODE, generation=Generation.FORMER, level="district"
    ).first()
    nation = AdminUnit.objects.filter(level="nation").first()
    if district is None or nation is None:
        return "Quận Tân Bình (cũ): chưa nạp bản đồ hành chính cũ."
    actor = system_actor(nation)  # the former map hangs under the nation, outside the current city
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=FIGURES)}
    created = 0
    with transaction.atomic():
        for code, ((num, den), _this_year) in FIGURES.items():
            indicator = indicators.get(code)
            if (
                indicator is None
                or ReportedValue.objects.filter(
                    unit=district, indicator=indicator, year=FORMER_YEAR, sex=""
                ).exists()
            ):
                continue
            reported_value_set(
                actor=actor,
                unit=district,
                indicator=indicator,
                year=FORMER_YEAR,
                numerator=num * FORMER_SCALE + 3,
                denominator=den * FORMER_SCALE,
                note="Số liệu mẫu (demo) của Quận Tân Bình trước khi sắp xếp đơn vị hành chính.",
            )
            created += 1
        moved = 0
        for plan in Plan.objects.filter(derived_from__isnull=True, document__isnull=False).select_related(
            "unit", "document"
        ):
            territory = plan_services._plan_territory(plan)
            if territory.pk == plan.unit_id:
                continue
            moved += Target.objects.filter(
                unit=plan.unit, origin=TargetOrigin.PLAN, source=str(plan.document)[:255]
            ).delete()[0]
            plan_services._sync_indicator_targets(plan, actor)
    return (
        f"Quận Tân Bình (cũ): {created} số liệu năm {FORMER_YEAR} mới"
        f"{f', {moved} mục tiêu kế hoạch chuyển về đơn vị cũ' if moved else ''}; so sánh với năm {year}."
    )
