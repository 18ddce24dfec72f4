"""The reporting calendar: Nghị định 09/2019 cut-offs, due dates, days off, the year boundary."""

from __future__ import annotations

import datetime
import itertools

import pytest

from treem.core import calendar as workdays
from treem.reporting import calendar

D = datetime.date


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2026", D(2025, 12, 15), D(2026, 12, 14), "Năm 2026"),
        ("2026-S1", D(2025, 12, 15), D(2026, 6, 14), "6 tháng đầu năm 2026"),
        ("2026-S2", D(2026, 6, 15), D(2026, 12, 14), "6 tháng cuối năm 2026"),
        ("2026-Q1", D(2025, 12, 15), D(2026, 3, 14), "Quý I/2026"),
        ("2026-Q4", D(2026, 9, 15), D(2026, 12, 14), "Quý IV/2026"),
        ("2026-M01", D(2025, 12, 15), D(2026, 1, 14), "Tháng 01/2026"),
        ("2026-M03", D(2026, 2, 15), D(2026, 3, 14), "Tháng 03/2026"),
    ],
)
def test_cut_offs_follow_decree_09(code: str, start: datetime.date, end: datetime.date, label: str) -> None:
    period = calendar.period(code)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_periods_of_a_year_tile_it_without_gaps() -> None:
    for periodicity in ("monthly", "quarterly"):
        codes = calendar.periods(periodicity, 2026)
        bounds = [calendar.period(c) for c in codes]
        assert bounds[0].start == D(2025, 12, 15) and bounds[-1].end == D(2026, 12, 14)
        for a, b in itertools.pairwise(bounds):
            assert b.start == a.end + datetime.timedelta(days=1)


def test_half_year_deadline_reports_the_half_its_month_closes() -> None:
    assert calendar.periods("half_yearly", 2026, 6) == ["2026-S1"]  # HCMC: 6 tháng trước 10/6
    assert calendar.periods("half_yearly", 2026, 12) == ["2026-S2"]
    assert calendar.periods("half_yearly", 2026, None) == ["2026-S1", "2026-S2"]
    with pytest.raises(ValueError):
        calendar.period("2026-Q5")


@pytest.mark.django_db
def test_due_dates_and_days_off() -> None:
    # HCMC: yearly before 10/11 — 10/11/2026 is a Tuesday.
    assert calendar.due_date("2026", 10, 11) == D(2026, 11, 10)
    # Tân Bình: yearly before 05/12 — 05/12/2026 is a Saturday: next working day by default …
    assert calendar.due_date("2026", 5, 12) == D(2026, 12, 7)
    # … or the working day before, or kept, as the administrator decides.
    assert calendar.due_date("2026", 5, 12, calendar.DayOffRule.PREVIOUS) == D(2026, 12, 4)
    assert calendar.due_date("2026", 5, 12, calendar.DayOffRule.KEEP) == D(2026, 12, 5)
    # Quốc khánh: 02/09/2026 (Wednesday) and the day next to it are days off.
    due = calendar.due_date("2026-Q3", 2, 9)
    assert due > D(2026, 9, 2) and workdays.is_working_day(due)


@pytest.mark.django_db
def test_day_only_deadlines_leave_a_working_day_after_the_cut_off() -> None:
    # "Before the 20th" quarterly: the quarter ends 14/3, due 20/3 (Friday).
    assert calendar.due_date("2026-Q1", 20, None) == D(2026, 3, 20)
    # "Before the 10th" monthly: 10 is before the cut-off (14th), so the 10th of the next month.
    assert calendar.due_date("2026-M04", 10, None) == D(2026, 5, 11)  # 10/5/2026 is a Sunday
    # The year boundary: December's report (15/11 → 14/12) before the 5th is due in January.
    assert calendar.due_date("2026-M12", 5, None) == D(2027, 1, 5)


@pytest.mark.django_db
def test_yearly_report_due_early_next_year() -> None:
    # "Before 15/01": the report of 2026 is due 15/01/2027.
    assert calendar.due_date("2026", 15, 1) == D(2027, 1, 15)


@pytest.mark.django_db
def test_a_day_past_the_month_end_is_its_last_day() -> None:
    assert calendar.due_date("2026-Q1", 31, 4, calendar.DayOffRule.KEEP) == D(2026, 4, 30)
