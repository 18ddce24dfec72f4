"""Shared form pieces: the dd/mm/yyyy date field, the working-day calendar forms, service errors on forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from treem.core import rules
from treem.core.calendar import is_statutory_day_off
from treem.core.models import CalendarOverride

DATE_FORMAT = "%d/%m/%Y"


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy, within the years the calendar supports."""

    default_error_messages = {
        "invalid": "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 02/09/2026.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [DATE_FORMAT])
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format=DATE_FORMAT,
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("error_messages", {"required": "Vui lòng nhập ngày."})
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime.date) and not rules.MIN_YEAR <= value.year <= rules.MAX_YEAR:
            raise forms.ValidationError(
                f"Chỉ nhận ngày trong các năm {rules.MIN_YEAR}–{rules.MAX_YEAR}.", code="out_of_range"
            )


class CalendarOverrideForm(forms.Form):
    date = VietnameseDateField(label="Ngày")
    kind = forms.ChoiceField(
        label="Loại",
        choices=CalendarOverride.Kind.choices,
        error_messages={
            "required": "Vui lòng chọn loại ngày.",
            "invalid_choice": "Loại ngày không hợp lệ.",
        },
    )
    reason = forms.CharField(
        label="Lý do",
        max_length=255,
        strip=True,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Thông báo của Bộ Nội vụ về lịch nghỉ Tết"}),
        error_messages={
            "required": "Vui lòng nhập lý do.",
            "max_length": "Lý do dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d).",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, kind = data.get("date"), data.get("kind")
        if isinstance(day, datetime.date) and kind:
            off = is_statutory_day_off(day)
            if kind == CalendarOverride.Kind.DAY_OFF and off:
                self.add_error("date", "Ngày này vốn đã là ngày nghỉ (cuối tuần hoặc ngày lễ).")
            elif kind == CalendarOverride.Kind.WORKING_DAY and not off:
                self.add_error("date", "Ngày này vốn đã là ngày làm việc.")
        return data


class CalendarOverrideRemoveForm(forms.Form):
    date = forms.DateField(input_formats=["%Y-%m-%d"], widget=forms.HiddenInput)


def add_service_errors(form: forms.Form, exc: Any) -> None:
    """Show a service's ``ValidationError`` on ``form``: each message on its field when the form has
    one of that name, otherwise at the top of the form."""
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
