"""The one date field: dates typed the way people type them on a phone, read day first."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from treem.core.forms import AmbiguousYear, VietnameseDateField, parse_vietnamese_date

TODAY = datetime.date(2026, 12, 6)
JUNE_5 = datetime.date(2015, 6, 5)


@pytest.mark.parametrize(
    "text",
    [
        "05/06/2015",
        "5/6/2015",
        "05-06-2015",
        "05.06.2015",
        "05 06 2015",
        "05062015",
        "050615",
        "05/06/15",
        " 05/06/2015 ",
        "2015-06-05",
    ],
)
def test_day_first_with_or_without_separators(text: str) -> None:
    assert parse_vietnamese_date(text, today=TODAY) == JUNE_5


@pytest.mark.parametrize("text", ["31/02/2015", "32/01/2015", "2015", "5/6", "05/06/2015x", "²²/06/2015", ""])
def test_what_is_not_a_date(text: str) -> None:
    assert parse_vietnamese_date(text, today=TODAY) is None


def test_a_two_digit_year_far_ahead_is_ambiguous() -> None:
    assert parse_vietnamese_date("01/01/36", today=TODAY) == datetime.date(2036, 1, 1)
    with pytest.raises(AmbiguousYear):
        parse_vietnamese_date("01/01/37", today=TODAY)  # 2037 or 1937: the year must be typed in full


def test_the_field_shows_dd_mm_yyyy_and_says_what_is_wrong() -> None:
    class F(forms.Form):
        day = VietnameseDateField(label="Ngày")

    form = F({"day": "05.06.2015"})
    assert form.is_valid() and form.cleaned_data["day"] == JUNE_5
    assert 'value="05/06/2015"' in str(F(initial={"day": JUNE_5})["day"])
    form = F({"day": "31/02/2015"})
    assert not form.is_valid() and "ngày/tháng/năm" in form.errors["day"][0]
    form = F({"day": "01/01/99"})
    assert not form.is_valid() and "bốn chữ số" in form.errors["day"][0]
