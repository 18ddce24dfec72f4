"""Issue #18: data windows agree with the deadlines (Nghị định 09/2019), the report names its receiving body
("Nơi nhận"), and a former unit's plan reports to the unit that replaced its recipient."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.accounts.access import system_actor
from treem.geo.models import AdminUnit, UnitSuccession
from treem.plans import services as plans
from treem.plans.tests.conftest import hand_draft
from treem.reporting import calendar, content, services
from treem.reporting.models import Obligation

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("code", "due", "data_end"),
    [
        ("2026", D(2026, 11, 10), D(2026, 10, 14)),  # HCMC yearly: 10/11 before the 14/12 cut-off
        ("2026-S1", D(2026, 6, 10), D(2026, 5, 14)),  # first half: 10/6 before 14/6
        ("2026", D(2026, 12, 7), D(2026, 11, 14)),  # Tân Bình: 05/12 (a Saturday) → 07/12 before 14/12
        ("2026", D(2027, 1, 15), D(2026, 12, 14)),  # a deadline after the cut-off keeps the whole period
        ("2026-S2", D(2026, 12, 14), D(2026, 11, 14)),  # due on the cut-off day itself
    ],
)
def test_the_data_window_closes_before_the_deadline(code: str, due: D, data_end: D) -> None:
    assert calendar.data_end(code, due) == data_end
    assert calendar.data_end(code, due) < due


@pytest.fixture
def city_plan(world: Any, agency_types: Any) -> Any:
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    to = "Sở Lao động - Thương binh và Xã hội"  # as HCMC's plan writes it
    draft["deadlines"] = [
        {
            "periodicity": "half_yearly",
            "day": 10,
            "month": 6,
            "text": "trước 10/6",
            "recipient": to,
            "lines": [1, 1],
        },
        {
            "periodicity": "yearly",
            "day": 10,
            "month": 11,
            "text": "trước 10/11",
            "recipient": to,
            "lines": [1, 1],
        },
    ]
    return plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)


def test_every_obligation_window_ends_before_its_due_date(world: Any, city_plan: Any) -> None:
    plans.plan_derive(actor=world.province_a, plan=city_plan, unit=world.a1)
    services.obligations_generate(2026)
    obligations = list(Obligation.objects.all())
    assert len(obligations) == 4
    for o in obligations:
        assert o.data_end < o.due_date, o
        assert o.period_start <= o.data_end <= o.period_end
    city = Obligation.objects.get(unit=world.a, period="2026")
    assert (city.data_end, city.estimated_from) == (D(2026, 10, 14), D(2026, 10, 15))


def test_the_report_page_and_the_docx_say_what_is_estimated(world: Any, city_plan: Any, login: Any) -> None:
    from docx import Document as Docx

    from treem.reporting import documents

    services.obligations_generate(2026)
    city = Obligation.objects.get(unit=world.a, period="2026")
    data = content.build(city, D(2026, 10, 20))
    assert (data["data_end"], data["estimated_from"]) == ("2026-10-14", "2026-10-15")
    text = "\n".join(p.text for p in Docx(_docx(documents, data, city)).paragraphs)
    assert "từ ngày 15/12/2025 đến ngày 14/10/2026" in text
    assert "từ ngày 15/10/2026 đến ngày 14/12/2026 là số liệu ước tính" in text
    page = login(world.province_a).get(f"/bao-cao/{city.pk}/").content.decode()
    assert "Số liệu thực tế đến 14/10/2026" in page
    assert "15/10/2026–14/12/2026: ước tính" in page


def _docx(documents: Any, data: dict[str, Any], obligation: Obligation) -> Any:
    import io

    return io.BytesIO(documents.report_docx(content.as_document(data, obligation, draft=True)))


def test_noi_nhan_names_the_receiving_body(world: Any, city_plan: Any) -> None:
    plans.plan_derive(actor=world.province_a, plan=city_plan, unit=world.a1)
    services.obligations_generate(2026)
    city = Obligation.objects.get(unit=world.a, period="2026")
    ward = Obligation.objects.get(unit=world.a1, period="2026")
    assert content.receiving_body(city) == "Bộ Y tế"  # the ministry in charge of children (ND 42/2025)
    assert content.receiving_body(ward) == "UBND Thành phố Hồ Chí Minh"
    doc = content.as_document(content.build(city, D(2026, 10, 20)), city, draft=True)
    assert doc.recipients == ["Bộ Y tế", "Lưu: VT."]
    ward_doc = content.as_document(content.build(ward, D(2026, 10, 20)), ward, draft=True)
    # the ward's report goes to the city, through the successor of "Sở Lao động - Thương binh và Xã hội"
    assert ward_doc.recipients == ["UBND Thành phố Hồ Chí Minh", "Sở Y tế Thành phố Hồ Chí Minh", "Lưu: VT."]


def _former(world: Any) -> tuple[AdminUnit, AdminUnit]:
    tan_binh = AdminUnit.objects.get(generation="2008", level="district", code="766")
    former_city = tan_binh.parent
    UnitSuccession.objects.create(predecessor=former_city, successor=world.a, effective_date=D(2025, 7, 1))
    return tan_binh, former_city


def test_a_former_units_plan_reports_to_the_unit_that_replaced_the_recipient(
    world: Any, agency_types: Any
) -> None:
    tan_binh, _ = _former(world)
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    plan = plans.plan_create_from_draft(actor=system_actor(tan_binh), unit=tan_binh, draft=draft)
    ward_plan = plans.plan_derive(actor=world.province_a, plan=plan, unit=world.a2)
    services.obligations_generate(2026)
    # the former district owes nothing after it ceased, and nothing goes to "Việt Nam" by default
    assert not Obligation.objects.filter(unit=tan_binh, period="2026").exists()
    assert not Obligation.objects.filter(reviewer_unit=world.nation).exists()
    ward = Obligation.objects.get(plan=ward_plan, period="2026")
    assert ward.reviewer_unit == world.a  # UBND quận Tân Bình → UBND Thành phố Hồ Chí Minh
    assert ward.data_end == D(2026, 11, 14)
    services.obligations_generate(2024)  # while the district existed, it reported to the city
    old = Obligation.objects.get(unit=tan_binh, period="2024")
    assert old.reviewer_unit == world.a


@pytest.mark.django_db
def test_the_data_window_reads_each_year_s_days_off_once(django_assert_num_queries: Any) -> None:
    """Issue #20: the walk back to a cut-off reads a year's overrides once, not once per step — and
    still follows them (a day off on the deadline moves the cut-off back a month)."""
    from treem.core.models import CalendarOverride

    with django_assert_num_queries(1):  # three steps: 14/12, 14/11, 14/10
        assert calendar.data_end("2026", D(2026, 11, 10)) == D(2026, 10, 14)
    assert calendar.data_end("2026", D(2026, 10, 15)) == D(2026, 10, 14)
    CalendarOverride.objects.create(date=D(2026, 10, 15), kind="day_off", reason="Thử")
    with django_assert_num_queries(1):
        assert calendar.data_end("2026", D(2026, 10, 15)) == D(2026, 9, 14)
