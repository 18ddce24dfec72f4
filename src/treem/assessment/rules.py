"""Statutory numbers of the child-friendly commune assessment (legal-reference.md §4), each with its source.

Quyết định 06/QĐ-TTg ngày 03/01/2019 of the Prime Minister (Quy định tiêu chuẩn, trình tự đánh giá và công
nhận xã, phường, thị trấn phù hợp với trẻ em). The criteria, sub-criteria and their points are data
(data/reference/cfc_criteria.csv); only the pass rule and the schedule live here.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CRITERIA_COUNT = 13  # QĐ 06 Điều 2: 13 tiêu chí


class CommuneCategory(models.TextChoices):
    """QĐ 06 Điều 3 (điều kiện công nhận): the total a commune needs depends on its kind."""

    CENTRAL_CITY_WARD = "central_ward", _("Phường thuộc thành phố trực thuộc trung ương")
    MOUNTAIN_ISLAND = "mountain_island", _("Xã miền núi, hải đảo; xã đặc biệt khó khăn")
    OTHER = "other", _("Xã, phường còn lại")


# QĐ 06 Điều 3 — CONFIRMED [S41][S43]: all 13 criteria met, none at 0 points, and a total of at least:
THRESHOLDS: dict[str, int] = {
    CommuneCategory.CENTRAL_CITY_WARD: 900,
    CommuneCategory.MOUNTAIN_ISLAND: 800,
    CommuneCategory.OTHER: 850,
}

# QĐ 06 Điều 4 khoản 1: evaluation in November of the 2nd and 4th years of each five-year
# socio-economic plan (2021–2025 → 11/2022, 11/2024; 2026–2030 → 11/2027, 11/2029) — CONFIRMED.
PLAN_FIRST_YEAR = 2021  # the five-year plans run 2021–2025, 2026–2030, …
EVALUATION_YEARS_IN_PLAN = (2, 4)
EVALUATION_MONTH = 11

# Data windows (seed 003, HCMC guidance) — CONFIRMED: criteria 3 and 5 take the data of the whole
# evaluation period, the others the data of the evaluation year. Treem reads "the whole period" as from
# 1 January of the five-year plan's first year to the end of the evaluation year (UNCONFIRMED reading).
PERIOD_CRITERIA = (3, 5)

# Which level reviews (kiểm tra, thẩm định) and which recognises (quyết định công nhận) after 01/07/2025,
# when the district level is gone: UNCONFIRMED (ADR 0022). Default: the province for both. The actual
# power is the permission ``assessment.review_assessment`` / ``assessment.recognise`` held over the commune
# (roles.py); this setting only names the level on pages and documents.
REVIEW_LEVEL = getattr(settings, "TREEM_CFC_REVIEW_LEVEL", "province")
RECOGNISE_LEVEL = getattr(settings, "TREEM_CFC_RECOGNISE_LEVEL", "province")
LEVEL_CONFIRMED = False


def plan_period(year: int) -> tuple[int, int]:
    """The five-year plan (first, last year) holding ``year``."""
    first = PLAN_FIRST_YEAR + 5 * ((year - PLAN_FIRST_YEAR) // 5)
    return first, first + 4


def is_evaluation_year(year: int) -> bool:
    first, _last = plan_period(year)
    return year - first + 1 in EVALUATION_YEARS_IN_PLAN


def next_evaluation_year(today: datetime.date) -> int:
    year = today.year
    while not is_evaluation_year(year) or (
        year == today.year and today > datetime.date(year, EVALUATION_MONTH, 30)
    ):
        year += 1
    return year


# A round is opened ahead of its year so that communes can prepare their dossier and follow where they
# stand during the data year: from 1 December of the preceding year (Treem's choice, ADR 0031).
ROUND_OPENS_MONTH = 12


def round_year_open(today: datetime.date) -> int | None:
    """The evaluation year whose round should exist on ``today`` (None outside the opening window)."""
    if is_evaluation_year(today.year):
        return today.year
    if today.month >= ROUND_OPENS_MONTH and is_evaluation_year(today.year + 1):
        return today.year + 1
    return None


def data_window(criterion: int, year: int) -> tuple[datetime.date, datetime.date]:
    """The dates whose data count for ``criterion`` in the evaluation of ``year``."""
    end = datetime.date(year, 12, 31)
    if criterion in PERIOD_CRITERIA:
        first, _last = plan_period(year)
        return datetime.date(first, 1, 1), end
    return datetime.date(year, 1, 1), end


def threshold(category: str) -> int:
    return THRESHOLDS[category]


def standing_window(
    criterion: int, year: int, today: datetime.date
) -> tuple[datetime.date, datetime.date, bool]:
    """The window a commune's standing uses on ``today`` before the evaluation: the statutory window up to
    today; where the evaluation year has not begun yet, the twelve months up to today instead (for the
    criteria of the year — an estimate, flagged). Returns (start, end, estimated)."""
    start, end = data_window(criterion, year)
    if today >= end:
        return start, end, False
    if today < start:
        return today - datetime.timedelta(days=364), today, True
    return start, today, False
