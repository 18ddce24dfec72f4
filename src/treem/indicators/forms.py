"""Forms of the indicator pages: input parsing only; the rules are in ``models.ReportedValue.clean`` and
``services``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms

from treem.core.forms import VietnameseDecimalField, VietnameseIntegerField
from treem.core.text import fold, nfc
from treem.indicators.models import Comparator, Indicator, ReportedValue, SexBreakdown

NUMBER_ERRORS = {
    "invalid": "Hãy nhập một số nguyên không âm.",
    "min_value": "Không được nhập số âm.",
    "max_value": "Số quá lớn.",
}
DECIMAL_ERRORS = {
    "invalid": "Hãy nhập một số, dùng dấu phẩy cho phần thập phân (ví dụ 12,5).",
    "max_digits": "Số có tối đa %(max)s chữ số.",
    "max_decimal_places": "Số có tối đa %(max)s chữ số thập phân.",
    "max_whole_digits": "Phần nguyên có tối đa %(max)s chữ số.",
}
VERSION_FORMAT = "%Y-%m-%dT%H:%M:%S.%f%z"


def version_of(obj: ReportedValue | None) -> str:
    return "" if obj is None else obj.updated_at.strftime(VERSION_FORMAT)


def parse_version(raw: str) -> datetime.datetime | None:
    if not raw:
        return None
    try:
        return datetime.datetime.strptime(raw, VERSION_FORMAT).astimezone(datetime.UTC)
    except ValueError:
        # A tampered version can only mean "not what is saved now": report it as a conflict.
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass
class EntryRow:
    """One line of the entry form: an indicator and a sex breakdown, the saved row if any."""

    indicator: Indicator
    sex: str
    saved: ReportedValue | None

    @property
    def key(self) -> str:
        return f"{self.indicator.code}-{self.sex or 'T'}"

    @property
    def sex_label(self) -> str:
        return str(SexBreakdown(self.sex).label)

    @property
    def locked(self) -> bool:
        return self.saved is not None and self.saved.locked


class ReportedValuesForm(forms.Form):
    """Fields ``n-<key>``/``d-<key>`` (ratios) or ``v-<key>`` (counts), ``note-<key>`` and the hidden
    ``ver-<key>`` for each unlocked row; each field keeps its initial value hidden, so only the rows the
    user changed are sent to the service."""

    def __init__(self, *args: Any, rows: list[EntryRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            if row.locked:
                continue
            saved, key = row.saved, row.key
            name = f"{row.indicator.code} ({row.sex_label})"
            if row.indicator.is_ratio:
                self.fields[f"n-{key}"] = VietnameseIntegerField(
                    label=f"Tử số {name}",
                    required=False,
                    min_value=0,
                    max_value=10**15,
                    initial=None if saved is None else saved.numerator,
                    error_messages=NUMBER_ERRORS,
                    show_hidden_initial=True,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "aria-label": f"Tử số {name}"}),
                )
                self.fields[f"d-{key}"] = VietnameseIntegerField(
                    label=f"Mẫu số {name}",
                    required=False,
                    min_value=0,
                    max_value=10**15,
                    initial=None if saved is None else saved.denominator,
                    error_messages=NUMBER_ERRORS,
                    show_hidden_initial=True,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "aria-label": f"Mẫu số {name}"}),
                )
            else:
                self.fields[f"v-{key}"] = VietnameseDecimalField(
                    label=f"Giá trị {name}",
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    localize=True,
                    initial=None if saved is None else saved.value,
                    error_messages=DECIMAL_ERRORS,
                    show_hidden_initial=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "aria-label": f"Giá trị {name}"}),
                )
            self.fields[f"note-{key}"] = forms.CharField(
                label=f"Ghi chú {name}",
                required=False,
                max_length=1000,
                initial="" if saved is None else saved.note,
                show_hidden_initial=True,
                widget=forms.TextInput(attrs={"aria-label": f"Ghi chú {name}"}),
                error_messages={"max_length": "Ghi chú dài tối đa %(limit_value)d ký tự."},
            )
            self.fields[f"ver-{key}"] = forms.CharField(
                required=False, initial=version_of(saved), widget=forms.HiddenInput
            )

    def field_names(self, row: EntryRow) -> list[str]:
        key = row.key
        numbers = [f"n-{key}", f"d-{key}"] if row.indicator.is_ratio else [f"v-{key}"]
        return [*numbers, f"note-{key}"]

    def changed_rows(self) -> list[EntryRow]:
        changed = set(self.changed_data)
        return [r for r in self.rows if not r.locked and changed & set(self.field_names(r))]

    def entry_data(self, row: EntryRow) -> dict[str, Any]:
        key, data = row.key, self.cleaned_data
        return {
            "numerator": data.get(f"n-{key}"),
            "denominator": data.get(f"d-{key}"),
            "value": data.get(f"v-{key}"),
            "note": nfc(data.get(f"note-{key}") or "").strip(),
            "expected_updated_at": parse_version(data.get(f"ver-{key}") or ""),
        }

    def add_row_errors(self, row: EntryRow, errors: dict[str, list[str]]) -> None:
        """Put each service error next to the matching input of the row (else on the note)."""
        key = row.key
        target = {
            "numerator": f"n-{key}",
            "denominator": f"d-{key}",
            "value": f"v-{key}",
            "note": f"note-{key}",
        }
        for field, messages in errors.items():
            name = target.get(field)
            if name not in self.fields:
                name = f"note-{key}"
            for message in messages:
                self.add_error(name, message)

    def bound_rows(self) -> list[dict[str, Any]]:
        """What the template draws: each row with its bound fields (None when locked)."""
        out = []
        for row in self.rows:
            fields = None if row.locked else {n.split("-", 1)[0]: self[n] for n in self.field_names(row)}
            version = None if row.locked else self[f"ver-{row.key}"]
            out.append({"row": row, "fields": fields, "version": version})
        return out


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Chỉ tiêu",
        queryset=Indicator.objects.all(),
        to_field_name="code",
        error_messages={"required": "Vui lòng chọn chỉ tiêu.", "invalid_choice": "Chỉ tiêu không hợp lệ."},
    )
    year = forms.CharField(
        label="Năm",
        max_length=20,
        help_text="Một năm (ví dụ 2030), hoặc “Hằng năm” để sửa mục tiêu hằng năm của địa bàn cho mọi năm.",
        error_messages={"required": "Vui lòng nhập năm.", "max_length": "Năm phải là số, ví dụ 2030."},
    )
    comparator = forms.ChoiceField(
        label="So sánh",
        choices=Comparator.choices,
        error_messages={
            "required": "Vui lòng chọn phép so sánh.",
            "invalid_choice": "Phép so sánh không hợp lệ.",
        },
    )
    value = VietnameseDecimalField(
        label="Mục tiêu",
        max_digits=12,
        decimal_places=4,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Vui lòng nhập giá trị mục tiêu.", **DECIMAL_ERRORS},
    )
    source = forms.CharField(
        label="Căn cứ (văn bản giao chỉ tiêu)",
        max_length=255,
        required=False,
        error_messages={"max_length": "Căn cứ dài tối đa %(limit_value)d ký tự."},
    )

    def clean_year(self) -> int | None:
        """A year, or None for "Hằng năm" (also "hàng năm", "mỗi năm", "từng năm"; ADR 0044)."""
        text = nfc(self.cleaned_data["year"]).strip()
        if fold(text) in EVERY_YEAR_WORDS:
            return None
        if not (text.isascii() and text.isdigit()):
            raise forms.ValidationError("Năm phải là số, ví dụ 2030, hoặc “Hằng năm”.")
        if not 2000 <= int(text) <= 2100:
            raise forms.ValidationError("Năm phải từ 2000 đến 2100.")
        return int(text)


EVERY_YEAR_WORDS = {"hang nam", "moi nam", "tung nam"}  # folded: "hằng năm", "hàng năm", …


class TargetClearForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.all(), to_field_name="code")
    year = VietnameseIntegerField(min_value=2000, max_value=2100)
