"""The reporting cycle end to end: obligations from the plans, a late commune report returned and sent
again, acceptance, the province's consolidated report, rates, reminders and the day-off rule."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from treem.accounts import access
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.models import Notification
from treem.plans import services as plans
from treem.plans.tests.conftest import hand_draft
from treem.reporting import content, services
from treem.reporting.models import Obligation, ReportState

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: datetime.date, hour: int = 9) -> Any:
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


@pytest.fixture(autouse=True)
def _commit_hooks_run_at_once(monkeypatch: Any) -> None:
    """The test's transaction never commits; run notifications as the commit would."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())


@pytest.fixture
def city_plan(world: Any, agency_types: Any) -> Any:
    from treem.indicators.reference import load_indicators

    load_indicators()
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    draft["deadlines"] = [
        {"periodicity": "half_yearly", "day": 10, "month": 6, "text": "6 tháng trước 10/6", "lines": [1, 1]},
        {"periodicity": "yearly", "day": 10, "month": 11, "text": "hằng năm trước 10/11", "lines": [1, 1]},
    ]
    plan = plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    for ward in (world.a1, world.a2):
        plans.plan_derive(actor=world.province_a, plan=plan, unit=ward)
    return plan


def test_obligations_come_from_the_plans(world: Any, city_plan: Any) -> None:
    assert services.obligations_generate(2026) == {"created": 6, "updated": 0}
    assert services.obligations_generate(2026) == {"created": 0, "updated": 0}  # idempotent
    ward = Obligation.objects.get(unit=world.a1, period="2026")
    assert (ward.reviewer_unit, ward.due_date) == (world.a, datetime.date(2026, 11, 10))
    assert (ward.period_start, ward.period_end) == (datetime.date(2025, 12, 15), datetime.date(2026, 12, 14))
    half = Obligation.objects.get(unit=world.a1, period="2026-S1")
    assert half.due_date == datetime.date(2026, 6, 10)
    city = Obligation.objects.get(unit=world.a, period="2026")
    assert city.reviewer_unit == world.nation
    assert not Obligation.objects.filter(period="2031").exists()
    services.obligations_generate(2031)  # after the plan's period: nothing owed
    assert not Obligation.objects.filter(period="2031").exists()


def test_the_full_cycle(world: Any, city_plan: Any) -> None:
    services.obligations_generate(2026)
    a1 = Obligation.objects.get(unit=world.a1, period="2026")
    a2 = Obligation.objects.get(unit=world.a2, period="2026")
    city = Obligation.objects.get(unit=world.a, period="2026")

    with at(datetime.date(2026, 11, 5)):  # Tân Sơn Nhất sends on time
        a2 = services.report_save(
            actor=world.worker_a2,
            obligation=a2,
            version=a2.version,
            results="Đã rà soát 1.200 trẻ em.",
            shortcomings="",
            proposals="",
        )
        services.report_submit(actor=world.worker_a2, obligation=a2, version=a2.version)
    with at(datetime.date(2026, 11, 12)):  # Sài Gòn misses 10/11
        assert a1.display_state(datetime.date(2026, 11, 12)) == ("late", "Quá hạn, chưa gửi")
        with pytest.raises(ValidationError):  # nothing written yet
            services.report_submit(actor=world.worker_a1, obligation=a1, version=a1.version)
        a1 = services.report_save(
            actor=world.worker_a1,
            obligation=a1,
            version=a1.version,
            results="Tuyên truyền tại 4 khu phố.",
            shortcomings="Thiếu kinh phí.",
            proposals="",
        )
        first = services.report_submit(actor=world.worker_a1, obligation=a1, version=a1.version)
        a1.refresh_from_db()
        assert (a1.state, a1.on_time, first.number) == (ReportState.SUBMITTED, False, 1)
        assert first.content["narratives"]["results"] == "Tuyên truyền tại 4 khu phố."
        assert Notification.objects.filter(user=world.province_a, title__contains="đã gửi báo cáo").exists()
        with pytest.raises(ApplicationError):  # sent: no more edits until returned
            services.report_save(
                actor=world.worker_a1,
                obligation=a1,
                version=a1.version,
                results="x",
                shortcomings="",
                proposals="",
            )
        with pytest.raises(access.AccessDenied):  # a ward does not review its own report
            services.report_review(
                actor=world.worker_a1, obligation=a1, version=a1.version, decision="accepted", comment=""
            )
        with pytest.raises(ValidationError):  # returning needs a reason
            services.report_review(
                actor=world.province_a, obligation=a1, version=a1.version, decision="returned", comment=" "
            )
        services.report_review(
            actor=world.province_a,
            obligation=a1,
            version=a1.version,
            decision="returned",
            comment="Bổ sung số trẻ em được hỗ trợ.",
        )
        a1.refresh_from_db()
        assert a1.state == ReportState.RETURNED
        assert Notification.objects.filter(user=world.worker_a1, title__contains="bị trả lại").exists()
        stale = a1.version
        a1 = services.report_save(
            actor=world.worker_a1,
            obligation=a1,
            version=a1.version,
            results="Tuyên truyền tại 4 khu phố; hỗ trợ 35 trẻ em.",
            shortcomings="Thiếu kinh phí.",
            proposals="",
        )
        with pytest.raises(ConcurrentEditError):
            services.report_submit(actor=world.worker_a1, obligation=a1, version=stale)
        second = services.report_submit(actor=world.worker_a1, obligation=a1, version=a1.version)
        assert second.number == 2
        for obligation in (a1, a2):
            obligation.refresh_from_db()
            services.report_review(
                actor=world.province_a,
                obligation=obligation,
                version=obligation.version,
                decision="accepted",
                comment="",
            )
    a1.refresh_from_db()
    assert a1.state == ReportState.ACCEPTED and a1.on_time is False  # late stays late after resubmission
    assert [s.decision for s in a1.submissions.order_by("number")] == ["returned", "accepted"]
    with pytest.raises(ApplicationError):
        services.report_save(
            actor=world.worker_a1,
            obligation=a1,
            version=a1.version,
            results="y",
            shortcomings="",
            proposals="",
        )

    data = content.build(city, datetime.date(2026, 11, 20))
    below = {row["unit"]: row for row in data["below"]}
    assert set(below) == {str(world.a1), str(world.a2)}
    assert below[str(world.a1)]["on_time"] is False and below[str(world.a2)]["on_time"] is True
    assert below[str(world.a1)]["results"] == "Tuyên truyền tại 4 khu phố; hỗ trợ 35 trẻ em."
    assert below[str(world.a1)]["state"] == "accepted"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:  # the sendings of every report below at once
        assert content._consolidated(city) == data["below"]
    assert len([q for q in queries.captured_queries if '"reporting_submission"' in q["sql"]]) == 1
    rates = services.rates([a1, a2], datetime.date(2026, 11, 20))
    assert rates == {"expected": 2, "sent": 2, "on_time": 1, "completeness": 100.0, "timeliness": 50.0}
    model = content.as_document(data, city, draft=True)
    headings = [s.heading for s in model.sections]
    assert "4. Tổng hợp báo cáo của các đơn vị trực thuộc" in headings
    table = next(s for s in model.sections if s.heading.startswith("4.")).tables[0]
    assert [row[2] for row in table.rows] == ["Không", "Có"]


def test_reminders_before_and_after_the_deadline_go_once(world: Any, city_plan: Any) -> None:
    world.worker_a1.email = "phuong@example.vn"
    world.worker_a1.save()
    services.obligations_generate(2026)
    counts = services.reminders_send(datetime.date(2026, 11, 6))  # 4 days before 10/11 (lead time 5)
    assert counts == {"before": 3, "missed": 3}  # the yearly reports of 3 units; the half-year ones are late
    assert any("Sắp đến hạn nộp báo cáo Năm 2026" in m.subject for m in mail.outbox)
    assert services.reminders_send(datetime.date(2026, 11, 7)) == {"before": 0, "missed": 0}
    counts = services.reminders_send(datetime.date(2026, 11, 11))
    assert counts == {"before": 0, "missed": 3}
    missed = Notification.objects.filter(user=world.province_a, title__startswith="Quá hạn")
    # The city's officer hears of the city's own 2 late reports and of the wards' 4, which the city reviews.
    assert missed.count() == 6
    assert services.digest_send(datetime.date(2026, 11, 16)) >= 1
    assert services.digest_send(datetime.date(2026, 11, 17)) == 0  # once a week


def test_the_day_off_rule_moves_unsent_deadlines(world: Any, agency_types: Any) -> None:
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)  # yearly before 05/12
    services.obligations_generate(2026)
    obligation = Obligation.objects.get(period="2026")
    assert obligation.due_date == datetime.date(2026, 12, 7)  # 05/12/2026 is a Saturday
    admin = world.sysadmin
    assert access.has_perm(admin, "core.manage_calendar")
    services.rule_set(actor=admin, day_off_rule="previous", remind_days_before=3)
    obligation.refresh_from_db()
    assert obligation.due_date == datetime.date(2026, 12, 4)
    with pytest.raises(ValidationError):
        services.rule_set(actor=admin, day_off_rule="previous", remind_days_before=99)
    with pytest.raises(access.AccessDenied):
        services.rule_set(actor=world.worker_a1, day_off_rule="keep", remind_days_before=3)


def test_accepting_the_yearly_report_locks_the_unit_s_reported_figures(world: Any, city_plan: Any) -> None:
    from treem.indicators.models import Indicator, ReportedValue

    services.obligations_generate(2026)
    value = ReportedValue.objects.create(
        unit=world.a1, indicator=Indicator.objects.get(code="QD23-05"), year=2026, numerator=9, denominator=10
    )

    def send_and_accept(period: str) -> None:
        obligation = Obligation.objects.get(unit=world.a1, period=period)
        obligation = services.report_save(
            actor=world.worker_a1,
            obligation=obligation,
            version=obligation.version,
            results="Đã thực hiện.",
            shortcomings="",
            proposals="",
        )
        services.report_submit(actor=world.worker_a1, obligation=obligation, version=obligation.version)
        obligation.refresh_from_db()
        services.report_review(
            actor=world.province_a,
            obligation=obligation,
            version=obligation.version,
            decision="accepted",
            comment="",
        )

    with at(datetime.date(2026, 6, 5)):
        send_and_accept("2026-S1")
    value.refresh_from_db()
    assert not value.locked  # the half-year's figures are still to be completed
    with at(datetime.date(2026, 11, 5)):
        send_and_accept("2026")
    value.refresh_from_db()
    assert value.locked


def test_the_support_section_counts_the_units_supports_of_the_period(world: Any) -> None:
    """The report's supports: those given in the period to children of the unit's communes (read by the
    register's commune index, issue #20), the children counted once."""
    from types import SimpleNamespace

    from treem.indicators.tests.conftest import make_child
    from treem.registry.models import Support

    D = datetime.date
    one, two, other = (
        make_child(world.a1, D(2015, 1, 1)),
        make_child(world.a2, D(2016, 1, 1)),
        make_child(world.b1, D(2015, 1, 1)),
    )
    for child, kind, day, amount in (
        (one, "gift", D(2026, 2, 1), 500_000),
        (one, "scholarship", D(2026, 3, 1), 1_000_000),
        (two, "gift", D(2026, 4, 1), 300_000),
        (two, "gift", D(2025, 12, 31), 700_000),  # before the period
        (other, "gift", D(2026, 4, 1), 900_000),  # another province
    ):
        Support.objects.create(child=child, kind=kind, date=day, amount=amount, source="budget")
    period = {"period_start": D(2026, 1, 1), "data_end": D(2026, 10, 31)}
    city = content._support(SimpleNamespace(unit=world.a, **period))  # type: ignore[arg-type]
    assert (city["records"], city["children"], city["amount"]) == (3, 2, 1_800_000)
    gift = dict(Support.Kind.choices)["gift"]
    assert city["by_kind"][str(gift)] == {"records": 2, "amount": 800_000}
    ward = content._support(SimpleNamespace(unit=world.a1, **period))  # type: ignore[arg-type]
    assert (ward["records"], ward["children"], ward["amount"]) == (2, 1, 1_500_000)
    empty = content._support(SimpleNamespace(unit=world.b2, **period))  # type: ignore[arg-type]
    assert empty == {"records": 0, "children": 0, "amount": 0, "by_kind": {}}
