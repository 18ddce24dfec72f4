from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from treem.geo.models import HAMLET_TYPES, AgencyType


class HamletForm(forms.Form):
    name = forms.CharField(
        label="Tên thôn, tổ dân phố",
        max_length=160,
        error_messages={"required": "Vui lòng nhập tên thôn, tổ dân phố."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    unit_type = forms.ChoiceField(
        label="Loại",
        choices=[(t.value, t.label) for t in HAMLET_TYPES],
        error_messages={
            "required": "Vui lòng chọn loại.",
            "invalid_choice": "Loại không hợp lệ.",
        },
    )


class HamletImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp CSV (cột “ten”, “loai”)",
        error_messages={
            "required": "Vui lòng chọn tệp CSV.",
            "empty": "Tệp trống.",
            "invalid": "Tệp không hợp lệ.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class AgencyForm(forms.Form):
    agency_type = forms.ModelChoiceField(
        label="Loại cơ quan (trong danh mục)",
        queryset=AgencyType.objects.none(),
        required=False,
        empty_label="— Không chọn —",
        error_messages={"invalid_choice": "Loại cơ quan không hợp lệ."},
    )
    name = forms.CharField(
        label="Tên cơ quan",
        max_length=255,
        required=False,
        help_text="Để trống để dùng tên loại cơ quan kèm tên địa bàn, ví dụ “Sở Y tế Thành phố Hồ Chí Minh”.",
    )
    short_name = forms.CharField(label="Tên viết tắt", max_length=120, required=False)
    email = forms.EmailField(
        label="Thư điện tử", required=False, error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."}
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)

    def __init__(self, *args: Any, agency_types: list[AgencyType] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [t.pk for t in agency_types or []]
        self.fields["agency_type"].queryset = AgencyType.objects.filter(pk__in=ids)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("agency_type") and not (data.get("name") or "").strip():
            raise ValidationError("Chọn loại cơ quan trong danh mục hoặc nhập tên cơ quan.")
        return data


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Copy a service's ValidationError onto the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
