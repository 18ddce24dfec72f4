"""Statutory rules of the working-day calendar, each with the article it comes from.

Bộ luật Lao động 2019 (Luật số 45/2019/QH14), Điều 112 — Nghỉ lễ, tết:

- khoản 1: người lao động được nghỉ làm việc, hưởng nguyên lương trong những ngày lễ, tết sau đây:
  a) Tết Dương lịch: 01 ngày (ngày 01 tháng 01 dương lịch);
  b) Tết Âm lịch: 05 ngày;
  c) Ngày Chiến thắng: 01 ngày (ngày 30 tháng 4 dương lịch);
  d) Ngày Quốc tế lao động: 01 ngày (ngày 01 tháng 5 dương lịch);
  đ) Quốc khánh: 02 ngày (ngày 02 tháng 9 dương lịch và 01 ngày liền kề trước hoặc sau);
  e) Ngày Giỗ Tổ Hùng Vương: 01 ngày (ngày 10 tháng 3 âm lịch).
- khoản 3: nếu những ngày nghỉ theo khoản 1 trùng vào ngày nghỉ hằng tuần thì người lao động được nghỉ bù
  vào ngày làm việc kế tiếp.
- khoản 4: Thủ tướng Chính phủ quyết định cụ thể ngày nghỉ Tết Âm lịch và ngày nghỉ liền kề Quốc khánh.

Weekly rest of civil servants (cán bộ, công chức): Saturday and Sunday (Quyết định 188/1999/QĐ-TTg on the
40-hour working week of state agencies; Nghị định 45/2013/NĐ-CP on working and rest time in general).

The two parts the Government decides every year (khoản 4) get a simple, documented default here;
administrators correct each year's announcement with CalendarOverride rows (an extra day off, or a
make-up working day), which the calendar applies on top of these rules:

- Tết Âm lịch (``TET_DAYS``): the last day of the old lunar year (29 or 30 tháng Chạp) and days 1 to 4
  of month 1 (mùng 1 – mùng 4 tháng Giêng);
- the day beside Quốc khánh (``national_day_adjacent``): 01/9 when 02/9 is a Tuesday or a Saturday
  (01/9 is then a Monday or a Friday and the days off join the weekend), 03/9 otherwise.

When two holidays fall on the same day (possible for Giỗ Tổ and 30/4 or 01/5) the law grants nothing
extra: the day is listed once, with both names.
"""

from __future__ import annotations

import datetime

LAW = "Bộ luật Lao động 2019 (Luật số 45/2019/QH14)"
ARTICLE_HOLIDAYS = "Điều 112 khoản 1"
ARTICLE_COMPENSATORY = "Điều 112 khoản 3"
ARTICLE_GOVERNMENT_DECIDES = "Điều 112 khoản 4"

# Weekly rest days of civil servants (date.weekday(): Monday = 0 … Sunday = 6).
WEEKLY_REST_DAYS: frozenset[int] = frozenset({5, 6})

# Điều 112 khoản 1 điểm a, c, d, đ: fixed solar-calendar holidays (month, day) → name.
SOLAR_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "Tết Dương lịch"),
    (4, 30, "Ngày Chiến thắng"),
    (5, 1, "Ngày Quốc tế lao động"),
    (9, 2, "Quốc khánh"),
)
NATIONAL_DAY_ADJACENT_NAME = "Quốc khánh (ngày liền kề)"

# Điều 112 khoản 1 điểm b: 5 days of Tết Âm lịch; default = last day of the lunar year + mùng 1–4.
TET_DAYS = 5
TET_DAYS_BEFORE = 1  # days before mùng 1 tháng Giêng

# Điều 112 khoản 1 điểm e: Giỗ Tổ Hùng Vương, 10 tháng 3 âm lịch.
HUNG_KINGS_LUNAR_DAY = 10
HUNG_KINGS_LUNAR_MONTH = 3
HUNG_KINGS_NAME = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"

COMPENSATORY_PREFIX = "Nghỉ bù"

MIN_YEAR = 1900
MAX_YEAR = 2199


def is_weekly_rest_day(d: datetime.date) -> bool:
    return d.weekday() in WEEKLY_REST_DAYS


def national_day_adjacent(year: int) -> datetime.date:
    """The default day off beside Quốc khánh (02/9): see the module docstring."""
    national_day = datetime.date(year, 9, 2)
    if national_day.weekday() in (1, 5):  # Tuesday, Saturday
        return datetime.date(year, 9, 1)
    return datetime.date(year, 9, 3)


def tet_day_name(lunar_day: int, lunar_month: int) -> str:
    if lunar_month == 12:
        return f"Tết Âm lịch ({lunar_day} tháng Chạp)"
    return f"Tết Âm lịch (mùng {lunar_day} tháng Giêng)"
