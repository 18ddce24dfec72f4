"""Demo protection cases for Phường Tân Bình and Phường Tân Sơn Nhất, made through the real services.

Idempotent: each demo case is recognised by its summary and created only once. Run after ``seed_demo``
(users, agencies) and, if present, ``seed_demo_children`` (the cases then link to register children).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from treem.accounts.models import User
from treem.cases import services
from treem.cases.choices import Action, CaseStatus, Level
from treem.cases.models import Assessment, Case
from treem.geo.models import AdminUnit, Agency, Generation
from treem.geo.models import Level as UnitLevel

PATH = [
    CaseStatus.RECEIVED,
    CaseStatus.VERIFYING,
    CaseStatus.INITIAL_ASSESSMENT,
    CaseStatus.DETAILED_ASSESSMENT,
    CaseStatus.PLAN_DRAFTING,
    CaseStatus.PLAN_PENDING_APPROVAL,
    CaseStatus.IMPLEMENTING,
    CaseStatus.REVIEWING,
    CaseStatus.CLOSED,
]


@dataclass(frozen=True)
class DemoCase:
    summary: str
    commune: str
    target: str
    days_ago: float
    abuse_form: str = "violence"
    category: str = "abuse"
    setting: str = "family"
    subtype: str = ""
    referral_to: str = ""
    child: dict[str, Any] = field(default_factory=dict)


CASES = [
    DemoCase("Hàng xóm gọi Tổng đài 111 báo trẻ bị cha đánh, khóc nhiều đêm.", "27004", "received", 0.1),
    DemoCase(
        "Nhà trường báo học sinh nghỉ học nhiều ngày, có vết bầm trên tay.",
        "27004",
        "verifying",
        1,
        setting="school",
    ),
    DemoCase(
        "Trẻ bị bỏ mặc ở nhà một mình nhiều ngày, không ai chăm sóc.",
        "27004",
        "verifying",
        2,
        abuse_form="neglect",
    ),  # received 2 days ago: the 12-hour clock is overdue
    DemoCase(
        "Trẻ phải bán vé số đến khuya, có dấu hiệu bị bóc lột sức lao động.",
        "27004",
        "initial_assessment",
        3,
        abuse_form="exploitation",
        setting="community",
        referral_to="Công an Phường Tân Bình",
    ),
    DemoCase(
        "Mẹ báo con bị bạn cùng lớp bắt nạt, đe dọa trên mạng.",
        "27004",
        "detailed_assessment",
        4,
        setting="online",
    ),
    DemoCase(
        "Trẻ sống với bà ngoại già yếu sau khi cha mẹ đi làm xa.",
        "27004",
        "plan_drafting",
        6,
        category="risk",
        abuse_form="",
        setting="",
    ),
    DemoCase(
        "Trẻ em gái bị người quen dâm ô, gia đình đến trình báo.",
        "27004",
        "plan_pending_approval",
        8,
        abuse_form="sexual_abuse",
        subtype="molestation",
        setting="community",
    ),
    DemoCase(
        "Trẻ bị cha dượng đánh gây thương tích, cần khám và điều trị.",
        "27004",
        "implementing",
        12,
        referral_to="Sở Y tế Thành phố Hồ Chí Minh",
    ),
    DemoCase("Trẻ bị bạo lực gia đình, đang được tham vấn tâm lý định kỳ.", "27004", "reviewing", 20),
    DemoCase(
        "Trẻ bị bỏ rơi trước cổng chùa, đã được gia đình nhận nuôi chăm sóc ổn định.",
        "27004",
        "closed",
        45,
        abuse_form="abandonment",
        setting="community",
    ),
    DemoCase("Tin báo trẻ bị đánh nhưng xác minh không đúng sự thật.", "27004", "not_substantiated", 10),
    DemoCase("Trẻ ở nhà trọ một mình khi mẹ đi làm ca đêm.", "26968", "received", 0.5, abuse_form="neglect"),
]

PROVISIONAL = [
    {"full_name": "Nguyễn Gia Bảo", "estimated_age": 9, "sex": "M"},
    {"full_name": "Trần Ngọc Hân", "estimated_age": 12, "sex": "F"},
    {"full_name": "Lê Minh Quân", "estimated_age": 6, "sex": "M"},
    {"full_name": "Phạm Thu Trang", "estimated_age": 14, "sex": "F"},
    {"full_name": "Võ Đức Anh", "estimated_age": 11, "sex": "M"},
    {"full_name": "Đặng Bảo Vy", "estimated_age": 4, "sex": "F"},
]


class Command(BaseCommand):
    help = "Tạo các vụ việc bảo vệ trẻ em mẫu (Phường Tân Bình, Phường Tân Sơn Nhất) qua các bước thật."

    def handle(self, *args: Any, **options: Any) -> None:
        units = {
            u.code: u
            for u in AdminUnit.objects.filter(
                generation=Generation.CURRENT, level=UnitLevel.COMMUNE, code__in=["27004", "26968"]
            )
        }
        users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
        if len(units) < 2 or set(_USERNAMES) - set(users):
            raise CommandError("Thiếu đơn vị hoặc người dùng mẫu: hãy chạy ./treem manage seed_demo trước.")
        created = 0
        for index, spec in enumerate(CASES):
            unit = units[spec.commune]
            if Case.objects.filter(unit=unit, summary=spec.summary).exists():
                continue
            with transaction.atomic():
                _make(spec, unit, users, index)
            created += 1
        counts = services.deadlines_scan()
        self.stdout.write(
            f"Vụ việc mẫu: {created} vụ việc mới; cảnh báo quá hạn {counts['missed']}, "
            f"nhắc hạn {counts['reminded']}."
        )


_USERNAMES = ["canbo.tanbinh", "chutich.tanbinh", "tongdai111", "canbo.tansonnhat"]


def _child_for(unit: AdminUnit, index: int) -> Any:
    from treem.registry.models import Child

    linked = set(Case.objects.filter(unit=unit).values_list("child_id", flat=True))
    return (
        Child.objects.filter(commune=unit, is_provisional=False).exclude(pk__in=linked).order_by("id").first()
    )


def _make(spec: DemoCase, unit: AdminUnit, users: dict[str, Any], index: int) -> Case:
    worker = users["canbo.tanbinh"] if spec.commune == "27004" else users["canbo.tansonnhat"]
    chairman = users["chutich.tanbinh"]
    filer = users["tongdai111"] if index % 2 == 0 else worker
    received_at = timezone.now() - datetime.timedelta(days=spec.days_ago)
    child = _child_for(unit, index)
    data: dict[str, Any] = {
        "channel": "hotline_111" if filer.username == "tongdai111" else "in_person",
        "received_at": received_at,
        "category": spec.category,
        "abuse_form": spec.abuse_form,
        "sexual_abuse_subtype": spec.subtype,
        "setting": spec.setting,
        "summary": spec.summary,
        "incident_place": f"{unit.name}, Thành phố Hồ Chí Minh",
        "child_location": "Tại nhà",
        "reported_child": PROVISIONAL[index % len(PROVISIONAL)],
        "informant_consent": index % 3 == 0,
        "informant_name": "Người báo tin mẫu" if index % 3 == 0 else "",
        "informant_phone": "0900000000" if index % 3 == 0 else "",
    }
    case = services.case_intake_create(actor=filer, commune=unit, data=data, child=child)
    services.case_assign_worker(actor=worker, case=case, worker=worker)

    def step(action: str, actor: Any = worker, **extra: Any) -> None:
        nonlocal case
        case = services.case_transition(actor=actor, case_id=case.pk, action=action, data=extra)

    if spec.target == "not_substantiated":
        step(Action.START_VERIFICATION)
        step(Action.NOT_SUBSTANTIATED, note="Xác minh tại gia đình và nhà trường: thông tin không đúng.")
        return case
    target = PATH.index(CaseStatus(spec.target))
    if target >= 1:
        step(Action.START_VERIFICATION)
    if target >= 2:
        step(Action.CONFIRM)
    if spec.referral_to:
        agency = Agency.objects.filter(name=spec.referral_to).first()
        if agency is not None:
            kind = "police" if "Công an" in agency.name else "health"
            services.referral_create(
                actor=worker,
                case=case,
                agency=agency,
                kind=kind,
                reason="Đề nghị phối hợp hỗ trợ, can thiệp.",
            )
    if target >= 3:
        services.assessment_record(
            actor=worker, case=case, kind=Assessment.Kind.INITIAL, risk_level=Level.MEDIUM,
            harm_level=Level.MEDIUM, emergency_needed=False,
            content={"physical": "Có vết bầm nhẹ.", "conclusion": "Chưa cần can thiệp khẩn cấp."},
        )  # fmt: skip
        step(Action.SUBMIT_INITIAL_ASSESSMENT)
    if target >= 4:
        services.assessment_record(
            actor=worker, case=case, kind=Assessment.Kind.DETAILED, risk_level=Level.MEDIUM,
            meeting_minutes="Họp với gia đình, nhà trường, công an phường xác định nhu cầu hỗ trợ.",
        )  # fmt: skip
        step(Action.SUBMIT_DETAILED_ASSESSMENT)
        today = timezone.localdate()
        services.plan_save(
            actor=worker, case=case, goals="Bảo đảm an toàn, hỗ trợ tâm lý và học tập cho trẻ.",
            review_date=today + datetime.timedelta(days=30),
            services=[
                {"description": "Tham vấn tâm lý cho trẻ", "responsible": "Trung tâm Công tác xã hội",
                 "due_date": today + datetime.timedelta(days=14)},
                {"description": "Thăm gia đình hằng tuần", "responsible": worker.full_name,
                 "due_date": today + datetime.timedelta(days=28)},
            ],
        )  # fmt: skip
    if target >= 5:
        step(Action.SUBMIT_PLAN)
    if target >= 6:
        step(Action.APPROVE_PLAN, actor=chairman, decision_number=f"{case.pk:02d}/QĐ-UBND")
    if target >= 7:
        step(Action.START_REVIEW)
    if target >= 8:
        services.assessment_record(
            actor=worker, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW, child_stable=True
        )
        step(Action.CLOSE)
    return case
