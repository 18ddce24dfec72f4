from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treem.core.lunar import LunarDate, lunar_month_length, lunar_to_solar, solar_to_lunar

TET = {
    1985: datetime.date(1985, 1, 21),  # Vietnam (UTC+7); China (UTC+8) celebrated on 20/02/1985
    2020: datetime.date(2020, 1, 25),
    2021: datetime.date(2021, 2, 12),
    2022: datetime.date(2022, 2, 1),
    2023: datetime.date(2023, 1, 22),
    2024: datetime.date(2024, 2, 10),
    2025: datetime.date(2025, 1, 29),
    2026: datetime.date(2026, 2, 17),
    2027: datetime.date(2027, 2, 6),
    2028: datetime.date(2028, 1, 26),
}
HUNG_KINGS = {
    2023: datetime.date(2023, 4, 29),
    2024: datetime.date(2024, 4, 18),
    2025: datetime.date(2025, 4, 7),
    2026: datetime.date(2026, 4, 26),
}


@pytest.mark.parametrize(("year", "tet"), sorted(TET.items()))
def test_tet(year: int, tet: datetime.date) -> None:
    assert lunar_to_solar(1, 1, year) == tet
    assert solar_to_lunar(tet) == LunarDate(1, 1, year, False)
    eve = solar_to_lunar(tet - datetime.timedelta(days=1))
    assert (eve.month, eve.year, eve.leap) == (12, year - 1, False)
    assert eve.day in (29, 30)


def test_tet_1985_is_not_the_chinese_date() -> None:
    assert solar_to_lunar(datetime.date(1985, 2, 20)) == LunarDate(1, 2, 1985, False)


@pytest.mark.parametrize(("year", "day"), sorted(HUNG_KINGS.items()))
def test_hung_kings_commemoration(year: int, day: datetime.date) -> None:
    assert lunar_to_solar(10, 3, year) == day
    assert solar_to_lunar(day) == LunarDate(10, 3, year, False)


def test_leap_month_2023() -> None:
    # 2023 (Quý Mão) has a leap 2nd month: 22/03/2023 – 19/04/2023.
    assert solar_to_lunar(datetime.date(2023, 3, 21)) == LunarDate(30, 2, 2023, False)
    assert solar_to_lunar(datetime.date(2023, 3, 22)) == LunarDate(1, 2, 2023, True)
    assert lunar_to_solar(1, 2, 2023, leap=True) == datetime.date(2023, 3, 22)
    assert solar_to_lunar(datetime.date(2023, 4, 20)) == LunarDate(1, 3, 2023, False)


def test_mid_autumn_and_dates_around_new_year() -> None:
    assert lunar_to_solar(15, 8, 2025) == datetime.date(2025, 10, 6)
    assert solar_to_lunar(datetime.date(2026, 1, 1)) == LunarDate(13, 11, 2025, False)


def test_invalid_lunar_dates() -> None:
    with pytest.raises(ValueError):
        lunar_to_solar(1, 2, 2024, leap=True)  # 2024 has no leap month
    with pytest.raises(ValueError):
        lunar_to_solar(1, 3, 2023, leap=True)  # 2023's leap month is the 2nd
    with pytest.raises(ValueError):
        lunar_to_solar(1, 13, 2024)
    short = next(m for m in range(1, 13) if lunar_month_length(m, 2025) == 29)
    with pytest.raises(ValueError):
        lunar_to_solar(30, short, 2025)
    with pytest.raises(ValueError):
        lunar_to_solar(0, 1, 2025)


def test_months_and_years_have_plausible_lengths() -> None:
    for year in range(1900, 2200):
        days = (lunar_to_solar(1, 1, year + 1) - lunar_to_solar(1, 1, year)).days
        assert days in (353, 354, 355, 383, 384, 385)
        first = lunar_to_solar(1, 1, year)
        assert datetime.date(year, 1, 20) <= first <= datetime.date(year, 2, 21)


DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2199, 12, 31))


@settings(max_examples=500, deadline=None)
@given(DAYS)
def test_round_trip_solar_lunar_solar(day: datetime.date) -> None:
    lunar = solar_to_lunar(day)
    assert 1 <= lunar.day <= 30
    assert 1 <= lunar.month <= 12
    assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == day


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_consecutive_days_are_consecutive_lunar_days(day: datetime.date) -> None:
    today, tomorrow = solar_to_lunar(day), solar_to_lunar(day + datetime.timedelta(days=1))
    if tomorrow.day != 1:
        assert (tomorrow.day, tomorrow.month, tomorrow.year, tomorrow.leap) == (
            today.day + 1,
            today.month,
            today.year,
            today.leap,
        )
    else:
        assert today.day in (29, 30)
        assert today.day == lunar_month_length(today.month, today.year, today.leap)


def test_every_day_round_trips() -> None:
    day, end = datetime.date(1900, 1, 1), datetime.date(2200, 1, 1)
    while day < end:
        assert lunar_to_solar(*solar_to_lunar(day)) == day
        day += datetime.timedelta(days=1)
