"""Demo assessments, coherent with today's date (ADR 0031).

- The round of 2024 (period 2021–2025), held on paper by the wards of the former Quận Tân Bình before the
  2025 reform, re-entered from their dossiers: two recognised, one not recognised (criterion 13 at 0), one
  returned for a missing survey and never sent again, one sent on 28/11/2024 and still awaiting its
  decision when the district ceased on 01/07/2025.
- The round of 2027, opened from 1 December 2026 (a draft for every current commune): the demo wards are
  self-assessing; Phường Tân Bình has entered a few points with their evidence.
- Where every commune of the demo province stands today (``Standing``), for the province page.

Idempotent: a commune that already has an assessment in a round is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treem.assessment import rules, services
from treem.assessment.models import CommuneAssessment, ManualEntry, Status, SubCriterion
from treem.geo.models import AdminUnit, Generation, Level
from treem.web.management.demo import COMMUNE_CODES, PROVINCE_CODE

PAPER_YEAR = 2024
DEMO_OFFICER = "canbo.tinh"  # the province officer who re-enters the paper results
FORMER_DISTRICT = "766"  # Quận Tân Bình (former map)
DECIDED_BY = "Chủ tịch Ủy ban nhân dân quận Tân Bình"
# status, points taken off the maximum (sub-criterion: points lost), dates (submitted, decided), decision
PAPER: list[dict[str, Any]] = [
    {"status": Status.RECOGNISED, "off": {"1.4": 5, "8.1": 10, "12.1": 10}, "decided": (12, 16)},
    {"status": Status.RECOGNISED, "off": {"2.1": 10, "5.1": 20, "9.1": 15, "13.1": 10}, "decided": (12, 16)},
    {
        "status": Status.NOT_RECOGNISED,
        "off": {"13": -1, "4.1": 10},
        "decided": (12, 16),
        "comment": "Tiêu chí 13 (mức độ hài lòng) đạt 0 điểm: chưa tổ chức khảo sát trẻ em và người dân.",
    },
    {
        "status": Status.RETURNED,
        "off": {"11.1": 10},
        "decided": (11, 29),
        "comment": "Bổ sung phiếu khảo sát mức độ hài lòng và biên bản họp Ban Bảo vệ trẻ em "
        "(tiêu chí 1, 13).",
    },
    {"status": Status.SUBMITTED, "off": {"6.1": 10}, "decided": None},
]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu đánh giá xã, phường phù hợp với trẻ em (đợt 2024 trên giấy, đợt 2027 đang mở)."

    def handle(self, *args: Any, **options: Any) -> None:
        province = AdminUnit.objects.filter(
            code=PROVINCE_CODE, level=Level.PROVINCE, generation=Generation.CURRENT
        ).first()
        if province is None or not SubCriterion.objects.exists():
            self.stdout.write("Chưa có bản đồ hoặc danh mục tiêu chí: bỏ qua dữ liệu mẫu đánh giá xã.")
            return
        today = timezone.localdate()
        made = self._paper_round()
        year = rules.round_year_open(today)
        if year is not None:
            _rnd, created = services.round_generate(actor="system", year=year)
            self._demo_entries(year)
            self.stdout.write(f"Đợt đánh giá năm {year} đã mở: {created} hồ sơ dự thảo mới.")
        standing_year = rules.next_evaluation_year(today)
        n = services.standings_refresh(year=standing_year, within=province)
        self.stdout.write(
            f"Đánh giá xã phù hợp với trẻ em: {made} kết quả đợt {PAPER_YEAR} nhập từ hồ sơ giấy; "
            f"tính điểm hiện tại của {n} xã, phường cho kỳ {standing_year}."
        )

    def _paper_round(self) -> int:
        from treem.accounts.models import User

        actor = User.objects.filter(username=DEMO_OFFICER).first()
        wards = list(
            AdminUnit.objects.filter(
                level=Level.COMMUNE,
                generation=Generation.FORMER,
                parent__code=FORMER_DISTRICT,
                parent__generation=Generation.FORMER,
                successions__successor__code__in=COMMUNE_CODES,
                successions__successor__generation=Generation.CURRENT,
            )
            .distinct()
            .order_by("code")[: len(PAPER)]
        )
        if actor is None or not wards:
            return 0
        subs = list(SubCriterion.objects.select_related("criterion"))
        made = 0
        for ward, spec in zip(wards, PAPER, strict=False):
            if CommuneAssessment.objects.filter(round__year=PAPER_YEAR, unit=ward).exists():
                continue
            off = spec["off"]
            points = {
                s.code: 0
                if off.get(str(s.criterion.number)) == -1
                else max(0, s.max_points - off.get(s.code, 0))
                for s in subs
            }
            decided = spec["decided"]
            services.paper_result_record(
                actor=actor,
                year=PAPER_YEAR,
                unit=ward,
                points=points,
                status=spec["status"],
                meeting_date=_day(11, 8),
                submitted_on=_day(11, 15),
                decided_on=_day(*decided) if decided else None,
                decision_number=f"{4100 + made}/QĐ-UBND" if spec["status"] in _DECIDED else "",
                decided_by_text=DECIDED_BY if spec["status"] in _DECIDED else "",
                comment=spec.get("comment", ""),
                note="Nhập lại từ hồ sơ giấy lưu tại Phòng LĐTBXH quận Tân Bình (dữ liệu mẫu).",
            )
            made += 1
        return made

    def _demo_entries(self, year: int) -> None:
        """Phường Tân Bình has begun: the points of the board's meetings and of the satisfaction survey."""
        a = (
            CommuneAssessment.objects.filter(
                round__year=year, unit__code=COMMUNE_CODES[0], unit__generation=Generation.CURRENT
            )
            .exclude(status__in=[Status.SUBMITTED, Status.ACCEPTED])
            .first()
        )
        if a is None or a.entries.exists():
            return
        with transaction.atomic():
            for sub in SubCriterion.objects.filter(rule=SubCriterion.MANUAL).order_by("sort_order")[:3]:
                ManualEntry.objects.create(
                    assessment=a,
                    sub=sub,
                    points=sub.max_points,
                    figure="Theo sổ theo dõi của phường",
                    note="Dữ liệu mẫu: phường nhập dần trong năm, trước kỳ đánh giá tháng 11.",
                )


_DECIDED = (Status.RECOGNISED, Status.NOT_RECOGNISED)


def _day(month: int, day: int) -> Any:
    import datetime

    return datetime.date(PAPER_YEAR, month, day)
