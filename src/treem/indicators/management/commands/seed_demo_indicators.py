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
