"""The Vietnamese decimal field: 1.234,5 is one thousand two hundred and thirty-four and a half."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1.500", Decimal("1500")),
        ("1 234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("-3", Decimal("-3")),
        ("", None),
    ],
)
def test_a_decimal_is_read_the_vietnamese_way(typed: str, value: Decimal | None) -> None:
    from treem.core.forms import VietnameseDecimalField

    assert VietnameseDecimalField(required=False, max_digits=14, decimal_places=2).clean(typed) == value


@pytest.mark.parametrize("typed", ["12.5", "1,234.5", "1.5000", "NaN", "Infinity", "1e3x"])
def test_an_ambiguous_or_foreign_decimal_is_refused(typed: str) -> None:
    from django import forms

    from treem.core.forms import VietnameseDecimalField

    with pytest.raises(forms.ValidationError):
        VietnameseDecimalField(required=False, max_digits=14, decimal_places=2).clean(typed)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1.000", 1000), ("12.500", 12500), ("1.234.567", 1234567), ("1 000", 1000), ("7", 7), ("", None)],
)
def test_a_count_is_read_the_vietnamese_way(typed: str, value: int | None) -> None:
    """Django's IntegerField read "1.000" (one thousand) as 1: it drops a trailing ".000"."""
    from treem.core.forms import VietnameseIntegerField

    assert VietnameseIntegerField(required=False).clean(typed) == value


@pytest.mark.parametrize("typed", ["2,5", "1.5", "NaN", "1e3"])
def test_a_count_that_is_no_whole_number_is_refused(typed: str) -> None:
    from django import forms

    from treem.core.forms import VietnameseIntegerField

    with pytest.raises(forms.ValidationError):
        VietnameseIntegerField(required=False).clean(typed)
