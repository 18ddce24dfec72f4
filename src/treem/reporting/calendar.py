"""The reporting calendar: data periods of Nghị định 09/2019/NĐ-CP (Điều 12) and due dates.

Period codes: "2026" (year), "2026-S1"/"2026-S2" (half-years), "2026-Q1"…"2026-Q4", "2026-M01"…"2026-M12".
Data periods (cut-offs): a month runs from the 15th of the previous month to the 14th; a quarter from the
15th of the month before it to the 14th of its last month; the first half from 15/12 of the previous year to
14/6, the second from 15/6 to 14/12; a year from 15/12 of the previous year to 14/12.

Due dates come from each plan's deadline (day and month, e.g. yearly before 10/11). Where the plan gives
only a day (quarterly "before the 15th"), the due date is that day after the period's cut-off, at least one
working day after it (Điều 8 khoản 5). A due date on a day off moves by the administrator's rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from treem.core import calendar as workdays
from treem.core.periods import PERIOD_RE, period_label
from treem.reporting import rules

__all__ = [
    "PERIOD_RE",
    "DayOffRule",
    "Period",
    "data_end",
    "due_date",
    "move_off_day",
    "period",
    "period_label",
    "periods",
]


class DayOffRule:
    NEXT = "next"  # the next working day (default: a deadline never falls on a day off)
    PREVIOUS = "previous"  # the working day before
    KEEP = "keep"  # the calendar date as written

    CHOICES = [
        (NEXT, "Lùi sang ngày làm việc kế tiếp"),
        (PREVIOUS, "Đưa về ngày làm việc liền trước"),
        (KEEP, "Giữ nguyên ngày đã định"),
    ]


@dataclass(frozen=True)
class Period:
    code: str
    periodicity: str  # monthly, quarterly, half_yearly, yearly
    year: int
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.code)


def _day(year: int, month: int, day: int) -> datetime.date:
    if month < 1:
        year, month = year - 1, month + 12
    if month > 12:
        year, month = year + 1, month - 12
    return datetime.date(year, month, day)


def period(code: str) -> Period:
    """The data period of ``code`` (ValueError if the code is not one)."""
    match = PERIOD_RE.match(code)
    if not match:
        raise ValueError(code)
    year, part = int(match.group(1)), match.group(2)
    first, last = rules.PERIOD_FIRST_DAY, rules.PERIOD_LAST_DAY
    if part is None:
        return Period(code, "yearly", year, _day(year, 0, first), datetime.date(year, 12, last))
    if part == "S1":
        return Period(code, "half_yearly", year, _day(year, 0, first), datetime.date(year, 6, last))
    if part == "S2":
        return Period(code, "half_yearly", year, datetime.date(year, 6, first), datetime.date(year, 12, last))
    if part.startswith("Q"):
        end = int(part[1]) * 3
        return Period(code, "quarterly", year, _day(year, end - 3, first), datetime.date(year, end, last))
    month = int(part[1:])
    return Period(code, "monthly", year, _day(year, month - 1, first), datetime.date(year, month, last))


def periods(periodicity: str, year: int, month: int | None = None) -> list[str]:
    """The periods a deadline asks for in ``year``. A half-yearly deadline with a month is the report of
    the half that month closes (10/6 → first half; 10/12 → second half); without one, both halves."""
    if periodicity == "yearly":
        return [str(year)]
    if periodicity == "half_yearly":
        if month is None:
            return [f"{year}-S1", f"{year}-S2"]
        return [f"{year}-S1" if month <= 9 else f"{year}-S2"]
    if periodicity == "quarterly":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if periodicity == "monthly":
        return [f"{year}-M{m:02d}" for m in range(1, 13)]
    return []


def move_off_day(day: datetime.date, rule: str) -> datetime.date:
    if rule == DayOffRule.KEEP or workdays.is_working_day(day):
        return day
    step = datetime.timedelta(days=1 if rule == DayOffRule.NEXT else -1)
    while not workdays.is_working_day(day):
        day += step
    return day


def due_date(code: str, day: int, month: int | None, rule: str = DayOffRule.NEXT) -> datetime.date:
    """When the report of period ``code`` is due, for a deadline "before day/month" (month None: "before
    the ``day``th" after the cut-off)."""
    p = period(code)
    if month is not None:
        year = p.year
        if p.periodicity == "yearly" and month < 6:  # "before 15/01": the year after the reported year
            year += 1
        due = _clamped(year, month, day)
    else:
        earliest = workdays.add_working_days(p.end, rules.WORKING_DAYS_AFTER_CUT_OFF)
        due = _clamped(p.end.year, p.end.month, day)
        if due < earliest:
            nxt = _day(p.end.year, p.end.month + 1, 1)
            due = _clamped(nxt.year, nxt.month, day)
    return move_off_day(due, rule)


def _clamped(year: int, month: int, day: int) -> datetime.date:
    """31/4 → 30/4: a day past the month's end is its last day."""
    nxt = _day(year, month + 1, 1)
    return min(
        datetime.date(year, month, 1) + datetime.timedelta(days=day - 1), nxt - datetime.timedelta(days=1)
    )


def data_end(code: str, due: datetime.date) -> datetime.date:
    """The last day of the data the report of ``code`` due on ``due`` can hold: the period's cut-off, or,
    where the deadline comes before it (HCMC's yearly report before 10/11, a 14/12 cut-off), the latest
    monthly cut-off (the 14th, Điều 12) with at least one working day before the deadline (Điều 8 khoản 5).
    The rest of the period is reported as an estimate (ADR 0025). One calendar for the whole walk: each
    year's overrides are read once (one query per step before, issue #20)."""
    p = period(code)
    gap = rules.WORKING_DAYS_AFTER_CUT_OFF
    days = workdays.WorkingCalendar()
    if days.add_working_days(p.end, gap) <= due:
        return p.end
    cut = datetime.date(due.year, due.month, rules.PERIOD_LAST_DAY)
    while days.add_working_days(cut, gap) > due:
        cut = _day(cut.year, cut.month - 1, rules.PERIOD_LAST_DAY)
    return max(cut, p.start - datetime.timedelta(days=1))


def opens_on(code: str) -> datetime.date:
    """A report can be drafted from the first day of its data period."""
    return period(code).start
