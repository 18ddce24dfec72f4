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
