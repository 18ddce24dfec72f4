"""The reported-value entry page (all rows or none, Vietnamese errors inline, concurrent edits detected,
locked rows read-only, the year-on-year jump rule) and the target page (own or inherited, set, clear)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.indicators import selectors
from treem.indicators.models import Indicator, ReportedValue, Target
from treem.indicators.services import reported_value_set, target_clear, target_set

pytestmark = pytest.mark.django_db

ENTER = reverse("indicators:enter")
TARGETS = reverse("indicators:targets")


def _ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def _form_data(client: Any, unit: Any, year: int) -> dict[str, str]:
    """Every input of the entry page as the browser would send it back unchanged."""
    response = client.get(ENTER, {"unit": unit.pk, "year": year})
    assert response.status_code == 200
    form = response.context["form"]
    data = {"unit": str(unit.pk), "year": str(year)}
    for name, field in form.fields.items():
        value = form[name].value()
        text = "" if value is None else str(value)
        data[name] = text
        if field.show_hidden_initial:
            data[f"initial-{name}"] = text
    return data


# -- the jump rule (service) -------------------------------------------------------------------------------
def test_jump_over_30_percent_needs_a_note(world: Any, catalogues: None) -> None:
    vaccination = _ind("QD23-05")
    reported_value_set(
        actor=world.worker_a1, unit=world.a1, indicator=vaccination, year=2024, numerator=50, denominator=100
    )
    with pytest.raises(ValidationError) as exc:
        reported_value_set(
            actor=world.worker_a1,
            unit=world.a1,
            indicator=vaccination,
            year=2025,
            numerator=90,
            denominator=100,
        )
    assert exc.value.message_dict["note"] == [
        "Giá trị thay đổi hơn 30 % so với năm 2024 (50,00 → 90,00): vui lòng ghi chú lý do "
        "(ví dụ: số liệu năm trước chưa đủ, thay đổi địa giới)."
    ]
    assert not ReportedValue.objects.filter(year=2025).exists()
    # within 30 %: no note needed; with a note: accepted
    reported_value_set(
        actor=world.worker_a1, unit=world.a1, indicator=vaccination, year=2025, numerator=64, denominator=100
    )
    reported_value_set(
        actor=world.worker_a1,
        unit=world.a1,
        indicator=vaccination,
        year=2025,
        numerator=90,
        denominator=100,
        note="Năm 2024 thiếu số liệu của trạm y tế.",
    )
    assert ReportedValue.objects.get(year=2025).value == Decimal("90.00")


# -- the entry page ----------------------------------------------------------------------------------------
def test_page_lists_reported_indicators_only(world: Any, catalogues: None, login: Any) -> None:
    body = login(world.worker_a1).get(ENTER, {"unit": world.a1.pk, "year": 2025}).content.decode()
    assert "Nhập số liệu báo cáo — Phường Sài Gòn, năm 2025" in body
    assert "QD23-05" in body and "Nữ" in body
    assert "QD23-14" not in body  # computed from the register: not entered


def test_saves_all_changed_rows_in_one_go(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.worker_a1)
    data = _form_data(client, world.a1, 2025)
    data.update({"n-QD23-05-T": "9", "d-QD23-05-T": "10", "n-QD23-05-F": "4", "d-QD23-05-F": "5"})
    response = client.post(ENTER, data)
    assert response.status_code == 302
    rows = {r.sex: r for r in ReportedValue.objects.filter(indicator__code="QD23-05", unit=world.a1)}
    assert (rows[""].value, rows["F"].value) == (Decimal("90.00"), Decimal("80.00"))
    assert rows[""].entered_by == world.worker_a1
    assert ReportedValue.objects.count() == 2  # untouched rows are not written
    assert AuditEvent.objects.filter(action="indicators.reported_value.set").count() == 2


def test_a_thousand_written_with_a_dot_is_a_thousand(world: Any, catalogues: None, login: Any) -> None:
    """Django's IntegerField read "1.000" as 1 (a trailing ".000" taken for decimals): 1.000 children of
    1.250 became 1 of 1.250 — saved without a word."""
    client = login(world.worker_a1)
    data = _form_data(client, world.a1, 2025)
    data.update({"n-QD23-05-T": "1.000", "d-QD23-05-T": "1.250"})
    assert client.post(ENTER, data).status_code == 302
    row = ReportedValue.objects.get(indicator__code="QD23-05", unit=world.a1, sex="")
    assert (row.numerator, row.denominator, row.value) == (1000, 1250, Decimal("80.00"))


def test_one_bad_row_saves_nothing(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.worker_a1)
    data = _form_data(client, world.a1, 2025)
    data.update({"n-QD23-05-T": "9", "d-QD23-05-T": "10", "n-QD23-16-T": "11", "d-QD23-16-T": "10"})
    data.update({"n-QD23-02-M": "abc", "d-QD23-02-M": "5"})
    response = client.post(ENTER, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy nhập một số nguyên không âm." in body
    assert not ReportedValue.objects.exists()
    data["n-QD23-02-M"] = ""
    data["d-QD23-02-M"] = ""
    body = client.post(ENTER, data).content.decode()
    assert "Tử số không được lớn hơn mẫu số đối với chỉ số tính theo tỷ lệ phần trăm." in body
    assert "Có 1 dòng chưa hợp lệ: chưa lưu số liệu nào" in body
    assert not ReportedValue.objects.exists()


def test_concurrent_edit_is_refused(world: Any, catalogues: None, login: Any) -> None:
    vaccination = _ind("QD23-05")
    reported_value_set(
        actor=world.worker_a1, unit=world.a1, indicator=vaccination, year=2025, numerator=5, denominator=10
    )
    client = login(world.worker_a1)
    data = _form_data(client, world.a1, 2025)  # the form is opened …
    reported_value_set(  # … someone else saves meanwhile …
        actor=world.province_a, unit=world.a1, indicator=vaccination, year=2025, numerator=6, denominator=10
    )
    data.update({"n-QD23-05-T": "7", "n-QD23-16-T": "1", "d-QD23-16-T": "2"})
    response = client.post(ENTER, data)  # … and this save must not overwrite it
    assert response.status_code == 409
    assert "Số liệu đã được người khác sửa sau khi bạn mở trang (Đặng Thu Hà" in response.content.decode()
    assert ReportedValue.objects.get(indicator=vaccination, sex="").numerator == 6
    assert not ReportedValue.objects.filter(indicator__code="QD23-16").exists()  # nothing of the batch


def test_a_row_changed_by_someone_else_but_untouched_here_does_not_block(
    world: Any, catalogues: None, login: Any
) -> None:
    vaccination = _ind("QD23-05")
    client = login(world.worker_a1)
    data = _form_data(client, world.a1, 2025)
    reported_value_set(
        actor=world.province_a, unit=world.a1, indicator=vaccination, year=2025, numerator=6, denominator=10
    )
    data.update({"n-QD23-16-T": "1", "d-QD23-16-T": "2"})
    assert client.post(ENTER, data).status_code == 302
    assert ReportedValue.objects.get(indicator=vaccination).numerator == 6


def test_locked_rows_are_read_only(world: Any, catalogues: None, login: Any) -> None:
    vaccination = _ind("QD23-05")
    row = reported_value_set(
        actor=world.worker_a1, unit=world.a1, indicator=vaccination, year=2025, numerator=5, denominator=10
    )
    ReportedValue.objects.filter(pk=row.pk).update(locked=True)
    client = login(world.worker_a1)
    response = client.get(ENTER, {"unit": world.a1.pk, "year": 2025})
    assert "n-QD23-05-T" not in response.context["form"].fields
    assert "Đã khóa" in response.content.decode()
    data = _form_data(client, world.a1, 2025)
    data.update({"n-QD23-05-T": "9", "d-QD23-05-T": "10"})  # a forged input for the locked row is ignored
    assert client.post(ENTER, data).status_code == 302
    assert ReportedValue.objects.get(pk=row.pk).numerator == 5


def test_entry_is_scoped(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.worker_b1)
    assert client.get(ENTER, {"unit": world.a1.pk}).status_code == 404
    assert client.post(ENTER, {"unit": world.a1.pk, "year": "2025", "n-QD23-05-T": "1"}).status_code == 404
    assert not ReportedValue.objects.exists()
    leader = login(world.leader_a)  # reads indicators, enters nothing
    assert leader.get(ENTER, {"unit": world.a.pk}).status_code == 404


# -- targets -----------------------------------------------------------------------------------------------
def test_target_page_shows_own_and_inherited(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.province_a)
    body = client.get(TARGETS, {"unit": world.a.pk}).content.decode()
    assert "Mục tiêu của chỉ tiêu — Thành phố Hồ Chí Minh" in body
    # QĐ 4063's targets belong to the former city (ADR 0024): the merged city has none of its own
    assert "Của địa bàn" not in body and "Theo Việt Nam" in body
    sub = client.get(TARGETS, {"unit": world.a2.pk}).content.decode()  # wholly on the former city's land
    assert "Theo Thành phố Hồ Chí Minh" in sub and "Của địa bàn" not in sub


def test_set_and_clear_a_commune_target(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.province_a)
    births = _ind("QD23-14")
    data = {
        "unit": world.a1.pk,
        "action": "set",
        "indicator": "QD23-14",
        "year": "2027",
        "comparator": "ge",
        "value": "99,5",
        "source": "Kế hoạch số 12/KH-UBND",
    }
    assert client.post(TARGETS, data).status_code == 302
    own = Target.objects.get(unit=world.a1, indicator=births, year=2027)
    assert own.value == Decimal("99.5")
    assert selectors.target_for(births, world.a1, 2026) == own  # the commune's milestone now applies
    assert selectors.target_for(births, world.a2, 2026).unit == world.former_a  # its neighbour still inherits
    event = AuditEvent.objects.get(action="indicators.target.set")
    assert event.after["value"] == "99.5" and event.before is None
    clear = {"unit": world.a1.pk, "action": "clear", "indicator": "QD23-14", "year": "2027"}
    assert client.post(TARGETS, clear).status_code == 302
    assert not Target.objects.filter(unit=world.a1).exists()
    assert AuditEvent.objects.filter(action="indicators.target.cleared").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "150", "Mục tiêu tính theo tỷ lệ phần trăm không được lớn hơn 100."),
        ("value", "-1", "Mục tiêu không được âm."),
        ("value", "abc", "Hãy nhập một số, dùng dấu phẩy cho phần thập phân"),
        # a decimal point written the English way was read as such, "1.500" as 1,5: refused, not guessed
        ("value", "95.5", "Dùng dấu phẩy cho phần thập phân và dấu chấm ngăn hàng nghìn"),
        ("value", "NaN", "Hãy nhập một số, dùng dấu phẩy cho phần thập phân"),
        ("value", "Infinity", "Hãy nhập một số, dùng dấu phẩy cho phần thập phân"),
        ("year", "1999", "Năm phải từ 2000 đến 2100."),
        ("comparator", "xx", "Phép so sánh không hợp lệ."),
        ("indicator", "QD23-99", "Chỉ tiêu không hợp lệ."),
    ],
)
def test_target_validation(
    world: Any, catalogues: None, login: Any, field: str, value: str, message: str
) -> None:
    data = {"unit": world.a.pk, "action": "set", "indicator": "QD23-14", "year": "2027"}
    data.update({"comparator": "ge", "value": "90", field: value})
    response = login(world.province_a).post(TARGETS, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Target.objects.filter(year=2027).exists()


def test_target_services_check_permission(world: Any, catalogues: None) -> None:
    from treem.accounts.access import AccessDenied

    births = _ind("QD23-14")
    Target.objects.create(unit=world.a, indicator=births, year=2030, value=Decimal(99), comparator="ge")
    with pytest.raises(AccessDenied):
        target_set(
            actor=world.worker_a1,
            unit=world.a1,
            indicator=births,
            year=2027,
            value=Decimal(90),
            comparator="ge",
        )
    with pytest.raises(AccessDenied):
        target_clear(actor=world.province_b, unit=world.a, indicator=births, year=2030)
    assert Target.objects.filter(unit=world.a, indicator=births, year=2030).exists()


def test_targets_are_scoped(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.province_b)
    Target.objects.create(
        unit=world.a, indicator=_ind("QD23-14"), year=2030, value=Decimal(99), comparator="ge"
    )
    assert client.get(TARGETS, {"unit": world.a.pk}).status_code == 404
    data = {"unit": world.a.pk, "action": "clear", "indicator": "QD23-14", "year": "2030"}
    assert client.post(TARGETS, data).status_code == 404
    assert Target.objects.filter(unit=world.a, indicator__code="QD23-14", year=2030).exists()
    assert login(world.worker_a1).get(TARGETS, {"unit": world.a1.pk}).status_code == 404


def test_a_target_set_by_hand_over_one_year_of_a_plans_every_year_level_is_that_years_own(
    world: Any, catalogues: None
) -> None:
    ind = Indicator.objects.get(code="QD23-12")
    Target.objects.create(
        unit=world.a, indicator=ind, year=2027, value=Decimal("100"), comparator="ge", every_year=True
    )
    target_set(
        actor=world.province_a, unit=world.a, indicator=ind, year=2027, value=Decimal("95"), comparator="ge"
    )
    mine = Target.objects.get(unit=world.a, indicator=ind, year=2027)
    assert (mine.value, mine.origin, mine.every_year) == (Decimal("95"), "user", False)
