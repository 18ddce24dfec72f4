"""The Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's well-known algorithm.

New moons and the sun's longitude are computed astronomically (Jean Meeus, *Astronomical Algorithms*)
and days are cut at midnight in Vietnam's time zone, UTC+7. This is what makes the Vietnamese calendar
differ from the Chinese one (computed for UTC+8) in some years: Tết 1985 fell on 21/01/1985 in Vietnam
but on 20/02/1985 in China.

Rules: the month containing the winter solstice is month 11; a lunar year with 13 months (13 new moons
between two months 11) has a leap month, the first month after month 11 that contains no major solar
term (trung khí); it repeats the number of the month before it.

Accurate for the years 1900–2199 (the range the application supports); pure Python, no dependency.
"""

from __future__ import annotations

import datetime
import math
from functools import lru_cache
from typing import NamedTuple

TIME_ZONE = 7.0  # hours east of UTC: Vietnam (UTC+7)

# Julian day number of 0001-01-01 (proleptic Gregorian) is 1721426; date.toordinal() of that day is 1.
_JD_OFFSET = 1721425
_SYNODIC_MONTH = 29.530588853
_NEW_MOON_EPOCH = 2415021.076998695  # the new moon of 1900-01-01 (Julian day)


class LunarDate(NamedTuple):
    day: int
    month: int
    year: int
    leap: bool = False

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}{' nhuận' if self.leap else ''}/{self.year}"


def _jd(d: datetime.date) -> int:
    return d.toordinal() + _JD_OFFSET


def _date(jd: int) -> datetime.date:
    return datetime.date.fromordinal(jd - _JD_OFFSET)


def _new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after the one of 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # moon's argument of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


@lru_cache(maxsize=8192)
def _new_moon_day(k: int, tz: float = TIME_ZONE) -> int:
    """Julian day number of the local day on which the k-th new moon falls."""
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_longitude(jdn: float) -> float:
    """The sun's apparent longitude in radians, normalised to [0, 2π), at Julian day ``jdn`` (UT)."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - math.pi * 2 * math.floor(lon / (math.pi * 2))


def _sun_sector(day_number: int, tz: float = TIME_ZONE) -> int:
    """Which of the 12 major solar terms' sectors (0–11) the sun is in at the start of the local day."""
    return math.floor(_sun_longitude(day_number - 0.5 - tz / 24) / math.pi * 6)


@lru_cache(maxsize=1024)
def _lunar_month_11(year: int, tz: float = TIME_ZONE) -> int:
    """Julian day number of the first day of lunar month 11 (the month of the winter solstice) of ``year``."""
    off = _jd(datetime.date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC_MONTH)
    nm = _new_moon_day(k, tz)
    if _sun_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


@lru_cache(maxsize=1024)
def _leap_month_offset(a11: int, tz: float = TIME_ZONE) -> int:
    """Position (counted from month 11 at ``a11``) of the leap month in a 13-month lunar year."""
    k = math.floor((a11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            break
    return i - 1


def solar_to_lunar(d: datetime.date, tz: float = TIME_ZONE) -> LunarDate:
    """The lunar date of the (Gregorian) date ``d`` in Vietnam."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    day_number = _jd(d)
    k = math.floor((day_number - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    # The month holding ``d`` starts at the last new moon on or before it (the estimate k may be off by one).
    while _new_moon_day(k + 1, tz) <= day_number:
        k += 1
    while _new_moon_day(k, tz) > day_number:
        k -= 1
    month_start = _new_moon_day(k, tz)
    a11 = _lunar_month_11(d.year, tz)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _lunar_month_11(d.year - 1, tz)
    else:
        lunar_year = d.year + 1
        b11 = _lunar_month_11(d.year + 1, tz)
    lunar_day = day_number - month_start + 1
    diff = (month_start - a11) // 29
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11, tz)
        if diff >= leap_diff:
            lunar_month = diff + 10
            leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_day, lunar_month, lunar_year, leap)


def _month_start(month: int, year: int, leap: bool, tz: float) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"Tháng âm lịch không hợp lệ: {month}")
    if month < 11:
        a11 = _lunar_month_11(year - 1, tz)
        b11 = _lunar_month_11(year, tz)
    else:
        a11 = _lunar_month_11(year, tz)
        b11 = _lunar_month_11(year + 1, tz)
    k = math.floor(0.5 + (a11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    off = month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            raise ValueError(f"Năm âm lịch {year} không có tháng {month} nhuận")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"Năm âm lịch {year} không có tháng nhuận")
    return _new_moon_day(k + off, tz)


def lunar_month_length(month: int, year: int, leap: bool = False, tz: float = TIME_ZONE) -> int:
    """29 or 30: the number of days of a lunar month."""
    start = _month_start(month, year, leap, tz)
    k = math.floor((start - _NEW_MOON_EPOCH) / _SYNODIC_MONTH + 0.5)
    for candidate in (k, k + 1, k + 2):
        following = _new_moon_day(candidate, tz)
        if following > start:
            return following - start
    raise AssertionError("unreachable")  # pragma: no cover


def lunar_to_solar(
    day: int, month: int, year: int, leap: bool = False, tz: float = TIME_ZONE
) -> datetime.date:
    """The Gregorian date of lunar day/month/year (``leap`` for the leap month). Raises ValueError for a
    date that does not exist (a leap month the year lacks, day 30 of a 29-day month)."""
    start = _month_start(month, year, leap, tz)
    if not 1 <= day <= lunar_month_length(month, year, leap, tz):
        raise ValueError(f"Ngày âm lịch không hợp lệ: {day}/{month}/{year}")
    return _date(start + day - 1)
