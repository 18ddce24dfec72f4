"""Demo assessments: the next evaluation round in the demo province, one commune in each state (draft,
submitted, returned, recognised, not recognised). Manual sub-criteria the demo data cannot fill are
entered at their maximum, except in the not-recognised commune. Idempotent: a commune that already has an
assessment in the round is left as it is."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treem.assessment import rules, scoring
from treem.assessment.models import (
    AssessmentEvent,
    AssessmentRound,
    CommuneAssessment,
    ManualEntry,
    Status,
    SubCriterion,
)
from treem.geo.models import AdminUnit, Generation, Level

PROVINCE_CODE = "79"
DEMO_COMMUNE_CODES = ["27004", "26968", "26983"]  # the wards of treem.web.management.demo.COMMUNE_CODES
STATES = [Status.RECOGNISED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT, Status.NOT_RECOGNISED]
PATHS: dict[str, list[str]] = {
    Status.DRAFT: [],
    Status.SUBMITTED: ["submit"],
    Status.RETURNED: ["submit", "return"],
    Status.RECOGNISED: ["submit", "accept", "recognise"],
    Status.NOT_RECOGNISED: ["submit", "accept", "not_recognise"],
}
TARGETS = {"submit": "submitted", "return": "returned", "accept": "accepted"}
TARGETS.update({"recognise": "recognised", "not_recognise": "not_recognised"})


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu đánh giá xã, phường phù hợp với trẻ em (mỗi trạng thái một xã)."

    def handle(self, *args: Any, **options: Any) -> None:
        province = AdminUnit.objects.filter(
            code=PROVINCE_CODE, level=Level.PROVINCE, generation=Generation.CURRENT
        ).first()
        if province is None or not SubCriterion.objects.exists():
            self.stdout.write("Chưa có bản đồ hoặc danh mục tiêu chí: bỏ qua dữ liệu mẫu đánh giá xã.")
            return
        communes = list(
            AdminUnit.objects.filter(
                level=Level.COMMUNE, generation=Generation.CURRENT, code__in=DEMO_COMMUNE_CODES
            ).order_by("code")
        )
        communes += list(
            AdminUnit.objects.filter(
                level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=province.path
            )
            .exclude(code__in=DEMO_COMMUNE_CODES)
            .order_by("code")[: len(STATES) - len(communes)]
        )
        year = rules.next_evaluation_year(timezone.localdate())
        first, last = rules.plan_period(year)
        # The best-scoring commune gets the recognised state, the weakest the not-recognised one.
        totals = {u.pk: scoring.score(u, year).total for u in communes}
        communes.sort(key=lambda u: -totals[u.pk])
        made = 0
        with transaction.atomic():
            rnd, _ = AssessmentRound.objects.get_or_create(
                year=year, defaults={"period_start": first, "period_end": last}
            )
            for unit, state in zip(communes, STATES, strict=False):
                if CommuneAssessment.objects.filter(round=rnd, unit=unit).exists():
                    continue
                self._one(rnd, unit, state)
                made += 1
        self.stdout.write(f"Đánh giá xã phù hợp với trẻ em năm {year}: tạo {made} hồ sơ mẫu.")
        for a in CommuneAssessment.objects.filter(round=rnd, status=Status.RECOGNISED, passed=False):
            self.stdout.write(
                f"  Lưu ý: {a.unit.name} được gán trạng thái công nhận dù số liệu mẫu chưa đạt."
            )

    def _one(self, rnd: AssessmentRound, unit: AdminUnit, state: str) -> None:
        a = CommuneAssessment.objects.create(round=rnd, unit=unit)
        live = scoring.score(unit, rnd.year, assessment=a)
        subs = {s.code: s for s in SubCriterion.objects.all()}
        for c in live.criteria:
            for s in c.subs:
                if s.missing:
                    points = 0 if state == Status.NOT_RECOGNISED and c.number == 13 else s.max
                    ManualEntry.objects.create(
                        assessment=a,
                        sub=subs[s.code],
                        points=points,
                        figure="Số liệu mẫu",
                        note="Dữ liệu mẫu cho buổi trình diễn.",
                    )
        if state != Status.DRAFT:
            a.meeting_date = datetime.date(rnd.year, rules.EVALUATION_MONTH, 5)
            a.meeting_minutes = "Hội nghị tự đánh giá của Ủy ban nhân dân (dữ liệu mẫu)."
        now = timezone.now()
        status: str = Status.DRAFT
        for action in PATHS[state]:
            if action == "submit":
                result = scoring.score(unit, rnd.year, assessment=a)
                a.score, a.total, a.passed, a.submitted_at = (
                    result.as_json(),
                    result.total,
                    result.passed,
                    now,
                )
            comment = ""
            if action == "return":
                comment = "Bổ sung minh chứng khảo sát mức độ hài lòng (tiêu chí 13)."
            if action == "not_recognise":
                comment = "Tiêu chí 13 đạt 0 điểm."
            if action in ("recognise", "not_recognise"):
                a.decision_number, a.decided_at = f"{100 + a.pk}/QĐ-UBND", now
            if comment:
                a.comment = comment
            AssessmentEvent.objects.create(
                assessment=a,
                at=now,
                action=action,
                from_status=status,
                to_status=TARGETS[action],
                comment=comment,
            )
            status = TARGETS[action]
        a.status = status
        a.save()
