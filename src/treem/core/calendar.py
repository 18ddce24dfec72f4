"""The working-day calendar: public holidays for any year 1900–2199, working days and deadlines.

A day is a working day unless it is a weekly rest day (Saturday, Sunday), a public holiday or a
compensatory day off (``treem.core.rules``) — and then an administrator's CalendarOverride for the
date has the last word: ``day_off`` makes it a day off, ``working_day`` a working day (the make-up
Saturday of a bridged holiday).

Deadlines counted in working days use ``add_working_days``; the emergency clock (12 hours under
Nghị định 56/2017/NĐ-CP) counts calendar hours with ``add_hours``.

Overrides are read from the database once per year touched per call (one small indexed query), so a
change is seen at once by every process. Code that evaluates many dates in a row (a list of
deadlines) should use one ``WorkingCalendar`` instance, which keeps the years it has loaded.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.utils import timezone

from treem.core import rules
from treem.core.lunar import lunar_to_solar, solar_to_lunar

_ONE_DAY = datetime.timedelta(days=1)
DAY_OFF = "day_off"
WORKING_DAY = "working_day"


def _check_year(year: int) -> None:
    if not rules.MIN_YEAR <= year <= rules.MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài khoảng {rules.MIN_YEAR}–{rules.MAX_YEAR}")


@lru_cache(maxsize=512)
def _statutory(year: int) -> tuple[tuple[datetime.date, str], ...]:
    _check_year(year)
    days: dict[datetime.date, list[str]] = {}

    def add(d: datetime.date, name: str) -> None:
        days.setdefault(d, []).append(name)

    for month, day, name in rules.SOLAR_HOLIDAYS:
        add(datetime.date(year, month, day), name)
    add(rules.national_day_adjacent(year), rules.NATIONAL_DAY_ADJACENT_NAME)
    first = lunar_to_solar(1, 1, year)  # mùng 1 tháng Giêng always falls in the same solar year
    for offset in range(-rules.TET_DAYS_BEFORE, rules.TET_DAYS - rules.TET_DAYS_BEFORE):
        d = first + datetime.timedelta(days=offset)
        lunar = solar_to_lunar(d)
        add(d, rules.tet_day_name(lunar.day, lunar.month))
    add(
        lunar_to_solar(rules.HUNG_KINGS_LUNAR_DAY, rules.HUNG_KINGS_LUNAR_MONTH, year),
        rules.HUNG_KINGS_NAME,
    )
    return tuple(sorted((d, "; ".join(names)) for d, names in days.items()))


@lru_cache(maxsize=512)
def _public(year: int) -> tuple[tuple[datetime.date, str], ...]:
    statutory = dict(_statutory(year))
    result = dict(statutory)
    # Điều 112 khoản 3: a holiday on a weekly rest day gives the next working day off, in date order.
    for d, name in sorted(statutory.items()):
        if rules.is_weekly_rest_day(d):
            c = d + _ONE_DAY
            while rules.is_weekly_rest_day(c) or c in result:
                c += _ONE_DAY
            result[c] = f"{rules.COMPENSATORY_PREFIX} {name}"
    return tuple(sorted(result.items()))


def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The holidays of Điều 112 khoản 1 (with the default choices of khoản 4), without compensatory days."""
    return dict(_statutory(year))


def public_holidays(year: int) -> dict[datetime.date, str]:
    """Every public holiday of ``year`` → its Vietnamese name, compensatory days ("Nghỉ bù …") included.

    CalendarOverride rows are not part of this: see ``WorkingCalendar.overrides``.
    """
    return dict(_public(year))


def is_statutory_day_off(d: datetime.date) -> bool:
    """A weekly rest day, a public holiday or a compensatory day, before any override."""
    return rules.is_weekly_rest_day(d) or d in dict(_public(d.year))


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    return value


class WorkingCalendar:
    """The calendar with the administrators' overrides, loaded lazily one year at a time.

    ``overrides`` may be given (date → "day_off"/"working_day") to use the calendar without a database.
    """

    def __init__(self, overrides: dict[datetime.date, str] | None = None) -> None:
        self._fixed = overrides
        self._loaded: dict[int, dict[datetime.date, str]] = {}
        self._public: dict[int, frozenset[datetime.date]] = {}

    def overrides(self, year: int) -> dict[datetime.date, str]:
        if year not in self._loaded:
            if self._fixed is not None:
                self._loaded[year] = {d: k for d, k in self._fixed.items() if d.year == year}
            else:
                from treem.core.models import CalendarOverride

                rows = CalendarOverride.objects.filter(
                    date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
                ).values_list("date", "kind")
                self._loaded[year] = dict(rows)
        return self._loaded[year]

    def _public_days(self, year: int) -> frozenset[datetime.date]:
        if year not in self._public:
            self._public[year] = frozenset(d for d, _ in _public(year))
        return self._public[year]

    def is_working_day(self, d: datetime.date | datetime.datetime) -> bool:
        d = _as_date(d)
        kind = self.overrides(d.year).get(d)
        if kind is not None:
            return kind == WORKING_DAY
        return not rules.is_weekly_rest_day(d) and d not in self._public_days(d.year)

    def next_working_day(self, d: datetime.date | datetime.datetime) -> datetime.date:
        """The first working day strictly after ``d``."""
        c = _as_date(d) + _ONE_DAY
        while not self.is_working_day(c):
            c += _ONE_DAY
        return c

    def previous_working_day(self, d: datetime.date | datetime.datetime) -> datetime.date:
        """The last working day strictly before ``d``."""
        c = _as_date(d) - _ONE_DAY
        while not self.is_working_day(c):
            c -= _ONE_DAY
        return c

    def add_working_days(self, start: datetime.date | datetime.datetime, n: int) -> datetime.date:
        """The n-th working day after ``start`` (``start`` itself is not counted; a datetime counts as its
        local date). A negative n counts back. n = 0 gives ``start`` if it is a working day, else the next
        working day."""
        d = _as_date(start)
        if n == 0:
            return d if self.is_working_day(d) else self.next_working_day(d)
        step = self.next_working_day if n > 0 else self.previous_working_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def working_days_between(
        self, a: datetime.date | datetime.datetime, b: datetime.date | datetime.datetime
    ) -> int:
        """The number of working days in (a, b]; negative (minus those in (b, a]) when b is before a."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + _ONE_DAY
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += _ONE_DAY
        return count


def is_working_day(d: datetime.date | datetime.datetime) -> bool:
    return WorkingCalendar().is_working_day(d)


def next_working_day(d: datetime.date | datetime.datetime) -> datetime.date:
    """The first working day strictly after ``d``."""
    return WorkingCalendar().next_working_day(d)


def add_working_days(start: datetime.date | datetime.datetime, n: int) -> datetime.date:
    """The n-th working day after ``start`` (start not counted; the result is a working day)."""
    return WorkingCalendar().add_working_days(start, n)


def working_days_between(a: datetime.date | datetime.datetime, b: datetime.date | datetime.datetime) -> int:
    """The number of working days in (a, b]."""
    return WorkingCalendar().working_days_between(a, b)


def add_hours(dt: datetime.datetime, hours: float) -> datetime.datetime:
    """``dt`` plus ``hours`` calendar hours of elapsed time, in ``dt``'s time zone (aware datetimes only)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("add_hours cần một thời điểm có múi giờ (aware datetime)")
    tz = dt.tzinfo
    return (dt.astimezone(datetime.UTC) + datetime.timedelta(hours=hours)).astimezone(tz)
