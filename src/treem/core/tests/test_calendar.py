from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from treem.core import calendar as cal
from treem.core import rules
from treem.core.models import CalendarOverride

D = datetime.date
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TET_2025 = "Tết Âm lịch"


def test_public_holidays_2025() -> None:
    assert cal.public_holidays(2025) == {
        D(2025, 1, 1): "Tết Dương lịch",
        D(2025, 1, 28): "Tết Âm lịch (29 tháng Chạp)",
        D(2025, 1, 29): "Tết Âm lịch (mùng 1 tháng Giêng)",
        D(2025, 1, 30): "Tết Âm lịch (mùng 2 tháng Giêng)",
        D(2025, 1, 31): "Tết Âm lịch (mùng 3 tháng Giêng)",
        D(2025, 2, 1): "Tết Âm lịch (mùng 4 tháng Giêng)",  # a Saturday …
        D(2025, 2, 3): "Nghỉ bù Tết Âm lịch (mùng 4 tháng Giêng)",  # … so Monday is off
        D(2025, 4, 7): "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        D(2025, 4, 30): "Ngày Chiến thắng",
        D(2025, 5, 1): "Ngày Quốc tế lao động",
        D(2025, 9, 1): "Quốc khánh (ngày liền kề)",  # 02/9/2025 is a Tuesday: Monday 01/9 joins the weekend
        D(2025, 9, 2): "Quốc khánh",
    }


def test_public_holidays_2026() -> None:
    assert cal.public_holidays(2026) == {
        D(2026, 1, 1): "Tết Dương lịch",
        D(2026, 2, 16): "Tết Âm lịch (29 tháng Chạp)",
        D(2026, 2, 17): "Tết Âm lịch (mùng 1 tháng Giêng)",
        D(2026, 2, 18): "Tết Âm lịch (mùng 2 tháng Giêng)",
        D(2026, 2, 19): "Tết Âm lịch (mùng 3 tháng Giêng)",
        D(2026, 2, 20): "Tết Âm lịch (mùng 4 tháng Giêng)",
        D(2026, 4, 26): "Giỗ Tổ Hùng Vương (10/3 âm lịch)",  # a Sunday …
        D(2026, 4, 27): "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)",  # … so Monday is off
        D(2026, 4, 30): "Ngày Chiến thắng",
        D(2026, 5, 1): "Ngày Quốc tế lao động",
        D(2026, 9, 2): "Quốc khánh",
        D(2026, 9, 3): "Quốc khánh (ngày liền kề)",
    }


def test_compensatory_days_follow_each_other() -> None:
    h = cal.public_holidays(2023)
    assert h[D(2023, 1, 2)] == "Nghỉ bù Tết Dương lịch"  # 01/01/2023 was a Sunday
    # 30 Tết (Saturday) and mùng 1 (Sunday) give the first two working days after mùng 4 (Wednesday).
    assert h[D(2023, 1, 26)] == "Nghỉ bù Tết Âm lịch (30 tháng Chạp)"
    assert h[D(2023, 1, 27)] == "Nghỉ bù Tết Âm lịch (mùng 1 tháng Giêng)"
    # Giỗ Tổ (Saturday 29/4) and 30/4 (Sunday): Monday is 01/5 already, so Tuesday and Wednesday.
    assert h[D(2023, 5, 2)] == "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    assert h[D(2023, 5, 3)] == "Nghỉ bù Ngày Chiến thắng"
    assert h[D(2023, 9, 1)] == "Quốc khánh (ngày liền kề)"  # 02/9/2023 was a Saturday
    assert h[D(2023, 9, 4)] == "Nghỉ bù Quốc khánh"


@pytest.mark.parametrize(("weekday", "adjacent"), [(0, 3), (1, 1), (2, 3), (3, 3), (4, 3), (5, 1), (6, 3)])
def test_national_day_adjacent_rule(weekday: int, adjacent: int) -> None:
    year = next(y for y in range(2020, 2040) if D(y, 9, 2).weekday() == weekday)
    assert rules.national_day_adjacent(year) == D(year, 9, adjacent)


def test_every_supported_year() -> None:
    for year in range(rules.MIN_YEAR, rules.MAX_YEAR + 1):
        statutory = cal.statutory_holidays(year)
        public = cal.public_holidays(year)
        merged = sum(name.count(";") for name in statutory.values())
        assert len(statutory) + merged == 11  # 1 + 5 + 1 + 1 + 2 + 1 days (Điều 112 khoản 1)
        assert all(d.year == year for d in public)
        for d, name in public.items():
            if d not in statutory:
                assert name.startswith("Nghỉ bù ")
                assert not rules.is_weekly_rest_day(d)
        weekend_holidays = sum(1 for d in statutory if rules.is_weekly_rest_day(d))
        assert len(public) - len(statutory) == weekend_holidays


def test_years_outside_the_range_are_refused() -> None:
    with pytest.raises(ValueError):
        cal.public_holidays(1899)
    with pytest.raises(ValueError):
        cal.public_holidays(2200)


def test_public_holidays_returns_a_copy() -> None:
    cal.public_holidays(2025).clear()
    assert len(cal.public_holidays(2025)) == 12


NO_OVERRIDES = cal.WorkingCalendar(overrides={})


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday → Monday
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # from a Saturday
        (D(2025, 3, 7), 5, D(2025, 3, 14)),
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
        (D(2025, 3, 8), 0, D(2025, 3, 10)),
        (D(2025, 3, 10), -1, D(2025, 3, 7)),
        # 5 working days from the Friday before Tết: Tết 2026 is 16–20/02.
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        # Tết 2025: 28/01–01/02 and the compensatory Monday 03/02.
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # Tết 2024: 09–14/02 with compensatory 14–15/02.
        (D(2024, 2, 2), 5, D(2024, 2, 16)),
        # Tết 2023: 21–27/01 with two compensatory days.
        (D(2023, 1, 20), 1, D(2023, 1, 30)),
        # Across the new year: 01/01/2026 is a Thursday.
        (D(2025, 12, 31), 1, D(2026, 1, 2)),
        # 30/4 – 01/5/2025 (Wednesday, Thursday).
        (D(2025, 4, 29), 1, D(2025, 5, 2)),
    ],
)
def test_add_working_days(start: datetime.date, n: int, expected: datetime.date) -> None:
    result = NO_OVERRIDES.add_working_days(start, n)
    assert result == expected
    assert NO_OVERRIDES.is_working_day(result)
    if n > 0:
        assert NO_OVERRIDES.working_days_between(start, result) == n


def test_add_working_days_from_a_datetime_uses_the_local_date() -> None:
    late_friday = datetime.datetime(2025, 3, 7, 23, 30, tzinfo=HCM)
    assert NO_OVERRIDES.add_working_days(late_friday, 1) == D(2025, 3, 10)
    # 18:00 UTC on Friday is already 01:00 on Saturday in Vietnam.
    utc = datetime.datetime(2025, 3, 7, 18, 0, tzinfo=datetime.UTC)
    assert NO_OVERRIDES.add_working_days(utc, 1) == D(2025, 3, 10)
    assert NO_OVERRIDES.add_working_days(datetime.datetime(2025, 3, 6, 17, 0, tzinfo=datetime.UTC), 1) == D(
        2025, 3, 10
    )


def test_working_days_between() -> None:
    assert NO_OVERRIDES.working_days_between(D(2025, 3, 7), D(2025, 3, 7)) == 0
    assert NO_OVERRIDES.working_days_between(D(2025, 3, 7), D(2025, 3, 9)) == 0
    assert NO_OVERRIDES.working_days_between(D(2025, 3, 7), D(2025, 3, 10)) == 1
    assert NO_OVERRIDES.working_days_between(D(2025, 3, 3), D(2025, 3, 31)) == 20
    assert NO_OVERRIDES.working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5
    assert NO_OVERRIDES.working_days_between(D(2026, 2, 27), D(2026, 2, 13)) == -5
    # 2025: 365 days, 104 weekend days, 11 holidays on weekdays + 1 compensatory day (03/02).
    assert NO_OVERRIDES.working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 365 - 104 - 11 - 1 + 1


def test_next_working_day() -> None:
    assert NO_OVERRIDES.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert NO_OVERRIDES.next_working_day(D(2026, 2, 23)) == D(2026, 2, 24)
    assert NO_OVERRIDES.previous_working_day(D(2026, 2, 23)) == D(2026, 2, 13)


def test_add_hours() -> None:
    evening = datetime.datetime(2025, 3, 7, 20, 15, tzinfo=HCM)
    assert cal.add_hours(evening, 12) == datetime.datetime(2025, 3, 8, 8, 15, tzinfo=HCM)
    assert cal.add_hours(evening, 12).tzinfo is HCM
    # Across the year and a holiday: hours are calendar hours, holidays do not stop the clock.
    eve = datetime.datetime(2025, 12, 31, 22, 0, tzinfo=HCM)
    assert cal.add_hours(eve, 12) == datetime.datetime(2026, 1, 1, 10, 0, tzinfo=HCM)
    assert cal.add_hours(eve, 1.5) == datetime.datetime(2025, 12, 31, 23, 30, tzinfo=HCM)
    # Vietnam has no daylight saving time: every day of the year is 24 hours long in UTC+7.
    for month in range(1, 13):
        start = datetime.datetime(2026, month, 1, 0, 0, tzinfo=HCM)
        assert cal.add_hours(start, 24) == datetime.datetime(2026, month, 2, 0, 0, tzinfo=HCM)
        assert start.utcoffset() == datetime.timedelta(hours=7)
    utc = datetime.datetime(2025, 3, 7, 13, 15, tzinfo=datetime.UTC)
    assert cal.add_hours(utc, 12) == evening + datetime.timedelta(hours=12)
    with pytest.raises(ValueError):
        cal.add_hours(datetime.datetime(2025, 3, 7, 20, 15), 12)


def test_fixed_overrides_without_database() -> None:
    c = cal.WorkingCalendar(
        overrides={
            D(2026, 2, 7): CalendarOverride.Kind.WORKING_DAY,
            D(2026, 2, 13): CalendarOverride.Kind.DAY_OFF,
        }
    )
    assert c.is_working_day(D(2026, 2, 7))
    assert not c.is_working_day(D(2026, 2, 13))
    assert c.add_working_days(D(2026, 2, 6), 1) == D(2026, 2, 7)
    assert c.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 23)


@pytest.mark.django_db
def test_overrides_from_the_database_are_applied() -> None:
    make_up = D(2026, 2, 7)  # a Saturday worked to bridge Tết
    extra_off = D(2026, 2, 13)  # the Friday before Tết given off
    assert not cal.is_working_day(make_up)
    assert cal.is_working_day(extra_off)
    CalendarOverride.objects.create(date=make_up, kind=CalendarOverride.Kind.WORKING_DAY, reason="Làm bù")
    CalendarOverride.objects.create(date=extra_off, kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ Tết")
    assert cal.is_working_day(make_up)
    assert not cal.is_working_day(extra_off)
    assert cal.add_working_days(D(2026, 2, 6), 1) == make_up
    assert cal.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 23)
    assert cal.next_working_day(D(2026, 2, 12)) == D(2026, 2, 23)
    assert cal.working_days_between(D(2026, 2, 5), D(2026, 2, 13)) == 6  # 06, 07, 09, 10, 11, 12
    # A compensatory day can be overridden too (the Government moved it).
    CalendarOverride.objects.create(date=D(2026, 4, 27), kind=CalendarOverride.Kind.WORKING_DAY, reason="Đổi")
    assert cal.is_working_day(D(2026, 4, 27))


@pytest.mark.django_db
def test_one_query_per_year_per_call(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert cal.add_working_days(D(2026, 3, 2), 40) == D(2026, 4, 28)  # 27/4 is off (Nghỉ bù Giỗ Tổ)
    with django_assert_num_queries(2):  # type: ignore[operator]
        cal.add_working_days(D(2025, 12, 20), 30)
    c = cal.WorkingCalendar()
    with django_assert_num_queries(1):  # type: ignore[operator]
        for day in range(1, 29):
            c.is_working_day(D(2026, 2, day))
