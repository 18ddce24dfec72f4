"""Demo protection cases for Phường Tân Bình and Phường Tân Sơn Nhất, made through the real services.

Idempotent: each demo case is recognised by its summary and created only once. Run after ``seed_demo``
(users, agencies) and, if present, ``seed_demo_children`` (the cases then link to register children).

Coherent (issue #18): each step runs on the story's clock — the services see ``timezone.now()`` as the
step's moment, the audit trail keeps the real time — so the dates follow one another from the report to
the closure and none is in the future; the child as reported is the register child the case links to
(name, birth date, sex), and a provisional child's birth date follows the estimated age.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

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
    police: str = ""  # refer to this police agency beside the support track (ADR 0023)
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
        police="Công an Phường Tân Bình",
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
    DemoCase(
        "Trẻ em gái bị người thuê trọ cùng dãy xâm hại; công an điều tra, xã tiếp tục hỗ trợ trẻ.",
        "27004",
        "implementing",
        16,
        abuse_form="sexual_abuse",
        subtype="molestation",
        setting="community",
        police="Công an Phường Tân Bình",
    ),  # the criminal track beside the support track: assessed, planned, approved after the referral
    DemoCase("Trẻ bị bạo lực gia đình, đang được tham vấn tâm lý định kỳ.", "27004", "reviewing", 40),
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
    {"full_name": "Nguyễn Gia Bảo", "estimated_age": 9},  # the neighbour did not say: sex unknown
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
        now = timezone.now()
        for index, spec in enumerate(CASES):
            unit = units[spec.commune]
            if Case.objects.filter(unit=unit, summary=spec.summary).exists():
                continue
            with transaction.atomic():
                _make(spec, unit, users, index, now)
            created += 1
        counts = services.deadlines_scan()
        self.stdout.write(
            f"Vụ việc mẫu: {created} vụ việc mới; cảnh báo quá hạn {counts['missed']}, "
            f"nhắc hạn {counts['reminded']}."
        )


_USERNAMES = ["canbo.tanbinh", "chutich.tanbinh", "tongdai111", "canbo.tansonnhat"]

# When each step happens, in hours after the report (Nghị định 56/2017 Điều 25–30): the initial assessment
# within the 12 hours, the plan within 5 working days, its approval within 7, the review a month later.
# A case reported more recently than its last step would need runs its steps proportionally faster.
SCHEDULE_HOURS = {
    "assign": 0.2,
    "verify": 1,
    "confirm": 3,
    "referral": 4,
    "initial": 6,
    "submit_initial": 7,
    "detailed": 48,
    "submit_detailed": 50,
    "plan": 72,
    "submit_plan": 96,
    "approve": 144,
    "start_review": 30 * 24,
    "review": 30 * 24 + 2,
    "close": 30 * 24 + 3,
    "not_substantiated": 20,
}


class _RealClock:
    """``django.utils.timezone`` for the audit trail while the story's clock runs: the audit records when
    the demo data was really written (ADR 0004), not the story's dates."""

    now = staticmethod(timezone.now)

    def __getattr__(self, name: str) -> Any:
        return getattr(timezone, name)


@contextlib.contextmanager
def _clock(moment: datetime.datetime) -> Iterator[None]:
    """Run the services as if it were ``moment`` (every ``timezone.now()``, the models' timestamps too),
    except the audit trail."""
    with (
        mock.patch("treem.audit.services.timezone", _RealClock()),
        mock.patch("django.utils.timezone.now", return_value=moment),
    ):
        yield


def _child_for(unit: AdminUnit, received: datetime.date) -> Any:
    """A register child of the commune not yet in a demo case, under 16 on the day of the report."""
    from treem.registry.models import Child

    linked = set(Case.objects.filter(unit=unit).values_list("child_id", flat=True))
    youngest_born = datetime.date(received.year - 16, received.month, min(received.day, 28))
    return (
        Child.objects.filter(
            commune=unit, is_provisional=False, merged_into__isnull=True, date_of_birth__gte=youngest_born
        )
        .filter(date_of_birth__lte=received)
        .exclude(pk__in=linked)
        .order_by("id")
        .first()
    )


def _reported(child: Any, index: int) -> dict[str, Any]:
    """The child as the informant described them: the register child's own name, birth date and sex."""
    if child is None:
        return dict(PROVISIONAL[index % len(PROVISIONAL)])
    return {"full_name": child.full_name, "date_of_birth": child.date_of_birth, "sex": child.sex}


def _make(spec: DemoCase, unit: AdminUnit, users: dict[str, Any], index: int, now: datetime.datetime) -> Case:
    worker = users["canbo.tanbinh"] if spec.commune == "27004" else users["canbo.tansonnhat"]
    chairman = users["chutich.tanbinh"]
    filer = users["tongdai111"] if index % 2 == 0 else worker
    received_at = now - datetime.timedelta(days=spec.days_ago)
    steps = _steps(spec)
    last = max((SCHEDULE_HOURS[s] for s in steps), default=0.0)
    window = (now - received_at).total_seconds() / 3600 - 1  # the last step an hour before now at latest
    scale = min(1.0, window / last) if last else 1.0

    def at(name: str) -> datetime.datetime:
        return received_at + datetime.timedelta(hours=SCHEDULE_HOURS[name] * scale)

    child = _child_for(unit, timezone.localtime(received_at).date())
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
        "reported_child": _reported(child, index),
        "informant_consent": index % 3 == 0,
        "informant_name": "Người báo tin mẫu" if index % 3 == 0 else "",
        "informant_phone": "0900000000" if index % 3 == 0 else "",
    }
    with _clock(received_at):
        case = services.case_intake_create(actor=filer, commune=unit, data=data, child=child)
    with _clock(at("assign")):
        services.case_assign_worker(actor=worker, case=case, worker=worker)

    def step(name: str, action: str, actor: Any = worker, **extra: Any) -> None:
        nonlocal case
        with _clock(at(name)):
            case = services.case_transition(actor=actor, case_id=case.pk, action=action, data=extra)

    if "not_substantiated" in steps:
        step("verify", Action.START_VERIFICATION)
        step(
            "not_substantiated",
            Action.NOT_SUBSTANTIATED,
            note="Xác minh tại gia đình và nhà trường: thông tin không đúng.",
        )
        return case
    if "verify" in steps:
        step("verify", Action.START_VERIFICATION)
    if "confirm" in steps:
        step("confirm", Action.CONFIRM)
    if spec.police:
        police = Agency.objects.filter(name=spec.police).first()
        if police is not None:
            step(
                "referral",
                Action.REFER_TO_POLICE,
                agency=police.pk,
                note="Có dấu hiệu tội phạm: chuyển công an phường để điều tra theo tố tụng hình sự.",
            )
    if spec.referral_to:
        agency = Agency.objects.filter(name=spec.referral_to).first()
        if agency is not None:
            with _clock(at("referral")):
                services.referral_create(
                    actor=worker,
                    case=case,
                    agency=agency,
                    kind="health",
                    reason="Đề nghị phối hợp hỗ trợ, can thiệp.",
                )
    if "initial" in steps:
        with _clock(at("initial")):
            services.assessment_record(
                actor=worker, case=case, kind=Assessment.Kind.INITIAL, risk_level=Level.MEDIUM,
                harm_level=Level.MEDIUM, emergency_needed=False,
                content={"physical": "Có vết bầm nhẹ.", "conclusion": "Chưa cần can thiệp khẩn cấp."},
            )  # fmt: skip
        step("submit_initial", Action.SUBMIT_INITIAL_ASSESSMENT)
    if "detailed" in steps:
        with _clock(at("detailed")):
            services.assessment_record(
                actor=worker, case=case, kind=Assessment.Kind.DETAILED, risk_level=Level.MEDIUM,
                meeting_minutes="Họp với gia đình, nhà trường, công an phường xác định nhu cầu hỗ trợ.",
            )  # fmt: skip
        step("submit_detailed", Action.SUBMIT_DETAILED_ASSESSMENT)
        day = timezone.localtime(at("plan")).date()
        with _clock(at("plan")):
            services.plan_save(
                actor=worker, case=case, goals="Bảo đảm an toàn, hỗ trợ tâm lý và học tập cho trẻ.",
                review_date=day + datetime.timedelta(days=30),
                services=[
                    {"description": "Tham vấn tâm lý cho trẻ", "responsible": "Trung tâm Công tác xã hội",
                     "due_date": day + datetime.timedelta(days=14)},
                    {"description": "Thăm gia đình hằng tuần", "responsible": worker.full_name,
                     "due_date": day + datetime.timedelta(days=28)},
                ],
            )  # fmt: skip
    if "submit_plan" in steps:
        step("submit_plan", Action.SUBMIT_PLAN)
    if "approve" in steps:
        step("approve", Action.APPROVE_PLAN, actor=chairman, decision_number=f"{case.pk:02d}/QĐ-UBND")
    if "start_review" in steps:
        step("start_review", Action.START_REVIEW)
    if "close" in steps:
        with _clock(at("review")):
            services.assessment_record(
                actor=worker, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW, child_stable=True,
                content={"harm_severity": Level.LOW, "abuser_access": Level.LOW, "care_obstacles": Level.LOW,
                         "self_protection": Level.MEDIUM},
            )  # fmt: skip
        step("close", Action.CLOSE)
    return case


def _steps(spec: DemoCase) -> list[str]:
    """The schedule's steps the case goes through to reach its target status."""
    if spec.target == "not_substantiated":
        return ["assign", "verify", "not_substantiated"]
    target = PATH.index(CaseStatus(spec.target))
    steps = ["assign"]
    for reached, names in (
        (1, ["verify"]),
        (2, ["confirm"]),
        (3, ["initial", "submit_initial"]),
        (4, ["detailed", "submit_detailed", "plan"]),
        (5, ["submit_plan"]),
        (6, ["approve"]),
        (7, ["start_review"]),
        (8, ["review", "close"]),
    ):
        if target >= reached:
            steps += names
    if (spec.police or spec.referral_to) and target >= 2:
        steps.append("referral")
    return steps
