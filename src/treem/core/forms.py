"""Shared form pieces: the dd/mm/yyyy date field, the Vietnamese decimal field, the working-day calendar
forms, service errors on forms."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from treem.core import rules
from treem.core.calendar import is_statutory_day_off
from treem.core.errors import ApplicationError
from treem.core.models import CalendarOverride

DATE_FORMAT = "%d/%m/%Y"
DATE_HELP = "Ngày/tháng/năm, ví dụ 05/06/2015."
# Every date input: the expected form as a hint, the numeric keypad on a phone, no autofill.
DATE_INPUT_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


# Day, month, year as people type them on a phone: with "/", "-", "." or a space between, or none at all
# (05062015, 050615); the year with four digits, or two where that is unambiguous; ISO yyyy-mm-dd too.
_SEPARATED = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})")
_PACKED = re.compile(r"(\d{2})(\d{2})(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# A two-digit year is read as 20yy when that is at most this many years ahead of today; later ones (and
# every 19yy) must be typed in full.
TWO_DIGIT_YEARS_AHEAD = 10


class AmbiguousYear(ValueError):
    pass


def parse_vietnamese_date(text: str, *, today: datetime.date | None = None) -> datetime.date | None:
    """The date in ``text`` (day first), or None if it is not one; AmbiguousYear for "05/06/45"."""
    text = text.strip()
    if m := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := (_SEPARATED.fullmatch(text) or _PACKED.fullmatch(text)):
        day, month = int(m.group(1)), int(m.group(2))
        year = int(m.group(3))
        if len(m.group(3)) == 2:
            today = today or datetime.date.today()  # noqa: DTZ011 — a calendar date, no time zone involved
            year += 2000
            if year > today.year + TWO_DIGIT_YEARS_AHEAD:
                raise AmbiguousYear(text)
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


class VietnameseDateField(forms.DateField):
    """A date typed day first (05/06/2015, 05-06-2015, 05.06.2015, 05062015, 05/06/15), shown back as
    dd/mm/yyyy, within the years the calendar supports. The one date field of every form."""

    default_error_messages = {
        "invalid": "Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 02/09/2026 hoặc 02092026.",
        "ambiguous": "Năm có hai chữ số chưa rõ thế kỷ: hãy nhập đủ bốn chữ số của năm.",
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = parse_vietnamese_date(str(value))
        except AmbiguousYear:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous") from None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [DATE_FORMAT])
        kwargs.setdefault(
            "widget",
            forms.DateInput(format=DATE_FORMAT, attrs=DATE_INPUT_ATTRS),
        )
        kwargs.setdefault("error_messages", {"required": "Vui lòng nhập ngày."})
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime.date) and not rules.MIN_YEAR <= value.year <= rules.MAX_YEAR:
            raise forms.ValidationError(
                f"Chỉ nhận ngày trong các năm {rules.MIN_YEAR}–{rules.MAX_YEAR}.", code="out_of_range"
            )


# A number as Vietnamese write it: a dot between thousands, a comma before the decimals (1.234,5).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?")
DOT_DECIMAL = "Dùng dấu phẩy cho phần thập phân và dấu chấm ngăn hàng nghìn, ví dụ 12,5 hoặc 1.234,5."


class VietnameseDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way. Django's localized field refused "1.234,5" and read "1.500"
    (one thousand five hundred) as 1,5; here dots between groups of three are thousands, a comma is the
    decimal point, and a dot that is neither (12.5, a decimal point written the English way) is refused
    with the rule, rather than guessed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = re.sub(r"[\s\u00a0\u202f]", "", value)
            if _GROUPED.fullmatch(text):
                text = text.replace(".", "")
            elif "." in text:
                raise ValidationError(DOT_DECIMAL, code="invalid")
            value = text
        return super().to_python(value)


_GROUPED_WHOLE = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")


class VietnameseIntegerField(forms.IntegerField):
    """A count typed the Vietnamese way: "1.000" is one thousand. Django's IntegerField drops a trailing
    ".000" as a decimal point and saved one; dots between groups of three are thousands here."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = re.sub(r"[\s\u00a0\u202f]", "", value)
            value = text.replace(".", "") if _GROUPED_WHOLE.fullmatch(text) else text
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


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


@contextmanager
def errors_on(form: forms.Form) -> Iterator[None]:
    """Run a service call for ``form``; a ``ValidationError`` it raises goes on the form's fields (as
    ``add_service_errors``), an ``ApplicationError`` (a concurrent edit, a refused state) at the top of
    the form, and the view goes on to render the form again. Code after the call inside the block (the
    success message, the redirect) runs only when the call succeeded."""
    try:
        yield
    except ValidationError as exc:
        add_service_errors(form, exc)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
