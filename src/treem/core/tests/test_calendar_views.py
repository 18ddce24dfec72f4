from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from treem.accounts.access import AccessDenied
from treem.audit import actions
from treem.audit.models import AuditEvent
from treem.core import calendar as cal
from treem.core import services
from treem.core.models import CalendarOverride

URL = reverse("core:calendar")
REMOVE_URL = reverse("core:calendar_remove")


def test_page_lists_holidays_in_vietnamese_date_format(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch làm việc năm 2026" in html
    assert "17/02/2026" in html
    assert "Tết Âm lịch (mùng 1 tháng Giêng)" in html
    assert "27/04/2026" in html
    assert "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)" in html
    assert "02/09/2026" in html
    assert "2026-02-17" not in html
    assert "?year=2025" in html and "?year=2027" in html
    assert "style=" not in html and "<script>" not in html


def test_bad_year_falls_back_to_the_current_year(world: Any, login: Any) -> None:
    client = login(world.sysadmin)
    for year in ("abc", "1850", "99999"):
        response = client.get(URL, {"year": year})
        assert response.status_code == 200
        assert response.context["year"] == timezone.localdate().year


def test_worker_without_permission_gets_404(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    assert client.get(URL).status_code == 404
    response = client.post(URL, {"date": "07/02/2026", "kind": "working_day", "reason": "Làm bù"})
    assert response.status_code == 404
    assert client.post(REMOVE_URL, {"date": "2026-02-07"}).status_code == 404
    assert not CalendarOverride.objects.exists()


def test_anonymous_is_sent_to_login(db: Any, client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302


def test_add_and_remove_an_override(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.post(
        f"{URL}?year=2026", {"date": "07/02/2026", "kind": "working_day", "reason": "Làm bù cho nghỉ Tết"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2026"
    override = CalendarOverride.objects.get()
    assert (override.date, override.kind) == (datetime.date(2026, 2, 7), "working_day")
    assert cal.is_working_day(datetime.date(2026, 2, 7))
    event = AuditEvent.objects.get(action=actions.CALENDAR_OVERRIDE_SET)
    assert event.actor_id == world.province_a.pk
    assert event.after == {"date": "2026-02-07", "kind": "working_day", "reason": "Làm bù cho nghỉ Tết"}

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "07/02/2026" in html and "Làm bù cho nghỉ Tết" in html and "Ngày làm bù" in html
    assert "Đã lưu ngày làm bù 07/02/2026." in html

    response = client.post(REMOVE_URL, {"date": "2026-02-07"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2026"
    assert not CalendarOverride.objects.exists()
    assert not cal.is_working_day(datetime.date(2026, 2, 7))
    removed = AuditEvent.objects.get(action=actions.CALENDAR_OVERRIDE_REMOVED)
    assert removed.before == {"date": "2026-02-07", "kind": "working_day", "reason": "Làm bù cho nghỉ Tết"}
    html = client.get(response["Location"]).content.decode()
    assert "Đã xóa thay đổi của ngày 07/02/2026." in html


def test_add_extra_day_off(world: Any, login: Any) -> None:
    client = login(world.sysadmin)
    response = client.post(
        URL, {"date": "13/02/2026", "kind": "day_off", "reason": "Nghỉ Tết theo thông báo"}
    )
    assert response.status_code == 302
    assert not cal.is_working_day(datetime.date(2026, 2, 13))
    assert cal.add_working_days(datetime.date(2026, 2, 12), 1) == datetime.date(2026, 2, 23)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2026/02/07", "kind": "working_day", "reason": "x"}, "date", "ngày/tháng/năm"),
        ({"date": "31/02/2026", "kind": "working_day", "reason": "x"}, "date", "ngày/tháng/năm"),
        ({"date": "", "kind": "working_day", "reason": "x"}, "date", "Vui lòng nhập ngày."),
        ({"date": "07/02/2026", "kind": "", "reason": "x"}, "kind", "Vui lòng chọn loại ngày."),
        ({"date": "07/02/2026", "kind": "holiday", "reason": "x"}, "kind", "Loại ngày không hợp lệ."),
        ({"date": "07/02/2026", "kind": "working_day", "reason": "  "}, "reason", "Vui lòng nhập lý do."),
        ({"date": "07/02/1850", "kind": "working_day", "reason": "x"}, "date", "1900–2199"),
        ({"date": "09/02/2026", "kind": "working_day", "reason": "x"}, "date", "vốn đã là ngày làm việc"),
        ({"date": "17/02/2026", "kind": "day_off", "reason": "x"}, "date", "vốn đã là ngày nghỉ"),
    ],
)
def test_form_errors_are_in_vietnamese(
    world: Any, login: Any, data: dict[str, str], field: str, message: str
) -> None:
    client = login(world.province_a)
    response = client.post(f"{URL}?year=2026", data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert message in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_remove_missing_override(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.post(REMOVE_URL, {"date": "2026-02-07"}, follow=True)
    assert "không có thay đổi nào để xóa" in response.content.decode()
    assert not AuditEvent.objects.filter(action=actions.CALENDAR_OVERRIDE_REMOVED).exists()
    assert client.get(REMOVE_URL).status_code == 405


def test_services_check_permission_and_audit(world: Any) -> None:
    day = datetime.date(2026, 2, 7)
    with pytest.raises(AccessDenied):
        services.calendar_override_set(actor=world.worker_a1, date=day, kind="working_day", reason="x")
    with pytest.raises(AccessDenied):
        services.calendar_override_remove(actor=world.worker_a1, date=day)
    services.calendar_override_set(actor=world.province_a, date=day, kind="working_day", reason="Làm bù")
    # Setting the same date again replaces the override, and the audit keeps the previous value.
    services.calendar_override_set(actor=world.province_a, date=day, kind="day_off", reason="Đổi ý")
    override = CalendarOverride.objects.get()
    assert (override.kind, override.reason) == ("day_off", "Đổi ý")
    events = list(AuditEvent.objects.filter(action=actions.CALENDAR_OVERRIDE_SET).order_by("id"))
    assert [e.before for e in events] == [
        None,
        {"date": "2026-02-07", "kind": "working_day", "reason": "Làm bù"},
    ]
    assert services.calendar_override_remove(actor=world.province_a, date=day) is True
    assert services.calendar_override_remove(actor=world.province_a, date=day) is False
    assert AuditEvent.objects.filter(action=actions.CALENDAR_OVERRIDE_REMOVED).count() == 1
