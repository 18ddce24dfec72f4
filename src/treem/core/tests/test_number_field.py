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


def test_every_whole_number_a_user_types_is_read_the_vietnamese_way() -> None:
    """Django's IntegerField reads "1.000" as 1 (it drops ".000" as decimals): every visible whole-number
    field of every form is the Vietnamese one, which reads it as one thousand (or refuses it when it is
    out of range). Hidden fields carry versions and ids that Treem writes itself, as do the fields named
    below: a record's version and the ids of a select list."""
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import treem
    from treem.core.forms import VietnameseIntegerField

    written_by_treem = {"version", "to_commune", "agency"}
    plain = []
    for info in pkgutil.walk_packages(treem.__path__, "treem."):
        if not info.name.rsplit(".", 1)[-1].startswith("forms"):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls.base_fields.items():
                visible = (
                    not isinstance(field.widget, forms.HiddenInput) and field_name not in written_by_treem
                )
                whole = isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField)
                if visible and whole and not isinstance(field, VietnameseIntegerField):
                    plain.append(f"{info.name}.{name}.{field_name}")
    assert plain == []


def test_a_progress_of_one_thousand_is_refused_not_saved_as_one_percent() -> None:
    from treem.plans.forms import ProgressForm

    form = ProgressForm({"period": "2026", "status": "in_progress", "percent": "1.000", "narrative": "x"})
    assert not form.is_valid()
    assert form.errors["percent"] == ["Tỷ lệ hoàn thành phải từ 0 đến 100."]
    assert ProgressForm(
        {"period": "2026", "status": "in_progress", "percent": "50", "narrative": "x"}
    ).is_valid()
