"""Demo reports for this year: the wards' half-year and yearly reports in every state — accepted on time,
accepted late, returned with comments, late and unsent — and the city's consolidated report open to
download. Idempotent: a report already sent is left as it is. The send and review times of the demo's
past reports are set to plausible dates (demo data only; real ones are always the clock's)."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treem.accounts.models import User
from treem.geo.models import Generation
from treem.reporting import services
from treem.reporting.models import Obligation, ReportState, Submission
from treem.web.management.demo import PROVINCE_CODE

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
RESULTS = (
    "Tổ chức tuyên truyền Luật Trẻ em tại các khu phố; rà soát, cập nhật thông tin trẻ em vào cơ sở dữ liệu; "
    "thăm, tặng quà trẻ em có hoàn cảnh đặc biệt nhân ngày Quốc tế Thiếu nhi 1/6 và Tết Trung thu."
)
# (ward code, plan document source, period suffix, outcome, days before (-) or after (+) the due date)
PLAN = [
    ("27004", "003_hcmc_4063_qd_ubnd.txt", "S1", "accepted", -3),
    ("26968", "003_hcmc_4063_qd_ubnd.txt", "S1", "accepted", 6),
    ("27004", "003_hcmc_4063_qd_ubnd.txt", "", "accepted", -2),
    ("26968", "003_hcmc_4063_qd_ubnd.txt", "", "returned", -1),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


class Command(BaseCommand):
    help = "Tạo báo cáo định kỳ mẫu năm nay cho các phường mẫu và Thành phố."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        counts = services.obligations_generate(today.year)
        worker = {
            u.username: u for u in User.objects.filter(username__in=["canbo.tanbinh", "canbo.tansonnhat"])
        }
        reviewer = User.objects.filter(username="canbo.tinh").first()
        by_ward = {"27004": worker.get("canbo.tanbinh"), "26968": worker.get("canbo.tansonnhat")}
        done = 0
        for code, source, part, outcome, offset in PLAN:
            period = f"{today.year}-{part}" if part else str(today.year)
            obligation = Obligation.objects.filter(
                unit__code=code,
                unit__generation=Generation.CURRENT,
                plan__derived_from__document__source_name=source,
                period=period,
            ).first()
            actor = by_ward.get(code)
            if obligation is None or actor is None or reviewer is None:
                continue
            if obligation.state != ReportState.DRAFT or obligation.submissions.exists():
                continue
            sent_on = obligation.due_date + datetime.timedelta(days=offset)
            if sent_on > today:
                continue
            self._send(obligation, actor, reviewer, outcome, sent_on)
            done += 1
        city = Obligation.objects.filter(unit__code=PROVINCE_CODE, period=str(today.year)).count()
        self.stdout.write(
            f"Báo cáo mẫu: {counts['created']} nghĩa vụ báo cáo mới, {done} báo cáo phường mới gửi, "
            f"{city} báo cáo năm của Thành phố (tổng hợp từ các phường)."
        )

    @transaction.atomic
    def _send(
        self, obligation: Obligation, actor: Any, reviewer: Any, outcome: str, sent_on: datetime.date
    ) -> None:
        obligation = services.report_save(
            actor=actor,
            obligation=obligation,
            version=obligation.version,
            results=RESULTS,
            shortcomings="Kinh phí cho công tác trẻ em còn hạn chế; cộng tác viên khu phố thay đổi "
            "thường xuyên.",
            proposals="Đề nghị Thành phố tổ chức tập huấn kỹ năng bảo vệ trẻ em cho cộng tác viên.",
        )
        submission = services.report_submit(
            actor=actor, obligation=obligation, version=obligation.version, today=sent_on
        )
        obligation.refresh_from_db()
        comment = "Đề nghị bổ sung số trẻ em được hỗ trợ và kinh phí đã chi." if outcome == "returned" else ""
        services.report_review(
            actor=reviewer,
            obligation=obligation,
            version=obligation.version,
            decision=outcome,
            comment=comment,
        )
        sent_at = _at(sent_on, 9)
        reviewed_at = _at(sent_on + datetime.timedelta(days=2), 15)
        Submission.objects.filter(pk=submission.pk).update(submitted_at=sent_at, reviewed_at=reviewed_at)
        Obligation.objects.filter(pk=obligation.pk).update(
            first_submitted_at=sent_at, accepted_at=reviewed_at if outcome == "accepted" else None
        )
