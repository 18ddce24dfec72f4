"""Forms of the register's pages: input parsing only; the rules are in ``validation`` and ``services``."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from treem.core.forms import (
    DATE_HELP,
    DATE_INPUT_ATTRS,
    AmbiguousYear,
    VietnameseDateField,
    parse_vietnamese_date,
)
from treem.registry import rules
from treem.registry.models import (
    ChildSex,
    CircumstanceGroup,
    CircumstanceSubtype,
    DisabilityLevel,
    DisabilityType,
    Ethnicity,
    Guardian,
    Injury,
    LabourRecord,
    PovertyStatus,
    RiskFlag,
    Schooling,
    Support,
)
from treem.registry.validation import FieldError

YES_NO = [("", "— Chưa rõ —"), ("1", "Có"), ("0", "Không")]


def _date_input() -> forms.TextInput:
    return forms.TextInput(attrs=DATE_INPUT_ATTRS)


def _required(label: str) -> dict[str, str]:
    return {"required": f"Vui lòng nhập {label}."}


class ServiceForm(forms.Form):
    """A form whose data goes to a service that reports FieldErrors (registry/validation.py)."""

    def add_field_errors(self, errors: list[FieldError]) -> None:
        """Show each error next to its field, or above the form when the field is not on it."""
        for e in errors:
            self.add_error(e.field if e.field in self.fields else None, e.message)


class ChildForm(ServiceForm):
    """The child's own fields as raw text; ``services.child_create/child_update`` validate them."""

    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    date_of_birth = forms.CharField(
        label="Ngày sinh", max_length=10, required=False, help_text=DATE_HELP, widget=_date_input()
    )
    sex = forms.ChoiceField(label="Giới tính", choices=[("", "— Chọn —"), *ChildSex.choices], required=False)
    personal_id = forms.CharField(
        label="Số định danh cá nhân",
        max_length=20,
        required=False,
        help_text="12 chữ số; để trống nếu chưa có.",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "data-personal-id": "1"}
        ),
    )
    ethnicity = forms.ChoiceField(label="Dân tộc", required=False)
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    hamlet = forms.ChoiceField(label="Thôn, tổ dân phố", required=False)
    birth_registered = forms.ChoiceField(label="Đã đăng ký khai sinh", choices=YES_NO, required=False)
    birth_registration_date = forms.CharField(
        label="Ngày đăng ký khai sinh", max_length=10, required=False, widget=_date_input()
    )
    birth_registration_place = forms.CharField(label="Nơi đăng ký khai sinh", max_length=255, required=False)
    health_insurance_number = forms.CharField(label="Mã thẻ bảo hiểm y tế", max_length=20, required=False)
    health_insurance_valid_until = forms.CharField(
        label="Thẻ bảo hiểm y tế có giá trị đến", max_length=10, required=False, widget=_date_input()
    )
    schooling = forms.ChoiceField(
        label="Tình trạng học tập", choices=[("", "— Chưa rõ —"), *Schooling.choices], required=False
    )

    def _typed_date(self, name: str) -> str:
        """A date typed as people do (05062015, 05-06-2015, 05.06.15) handed on as dd/mm/yyyy, the one
        format the register's validation reads from a form; anything else is left for it to refuse."""
        raw = (self.cleaned_data.get(name) or "").strip()
        try:
            parsed = parse_vietnamese_date(raw) if raw else None
        except AmbiguousYear:
            raise forms.ValidationError(VietnameseDateField.default_error_messages["ambiguous"]) from None
        return parsed.strftime("%d/%m/%Y") if parsed else raw

    def clean_date_of_birth(self) -> str:
        return self._typed_date("date_of_birth")

    def clean_birth_registration_date(self) -> str:
        return self._typed_date("birth_registration_date")

    def clean_health_insurance_valid_until(self) -> str:
        return self._typed_date("health_insurance_valid_until")

    school_name = forms.CharField(label="Trường", max_length=200, required=False)
    disability_type = forms.ChoiceField(
        label="Dạng khuyết tật", choices=[("", "— Không —"), *DisabilityType.choices], required=False
    )
    disability_level = forms.ChoiceField(
        label="Mức độ khuyết tật", choices=[("", "— Không —"), *DisabilityLevel.choices], required=False
    )
    hiv_status = forms.ChoiceField(label="Sống chung với HIV", choices=YES_NO, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, hamlets: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = [("", "— Chọn —")] + [  # type: ignore[attr-defined]
            (e.code, e.name) for e in Ethnicity.objects.order_by("code")
        ]
        self.fields["hamlet"].choices = [("", "— Không chọn —")] + [  # type: ignore[attr-defined]
            (str(h.pk), h.name) for h in hamlets or []
        ]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("hamlet", None)
        data.pop("version", None)
        data.pop("commune", None)
        return data


class ChildCreateForm(ChildForm):
    commune = forms.ChoiceField(label="Xã, phường", required=False)

    field_order = ["commune", "hamlet"]

    def __init__(self, *args: Any, communes: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "— Chọn —")] + [  # type: ignore[attr-defined]
            (str(c.pk), c.name) for c in communes or []
        ]


def parse_amount(value: str) -> int:
    """An amount in đồng: digits with optional "." thousands groups ("1.500.000"); no decimals."""
    text = re.sub(r"\s+", "", value or "").removesuffix("đ").removesuffix("đồng")
    if not text:
        return 0
    if text.startswith("-"):
        raise forms.ValidationError("Số tiền không được âm.")
    if "," in text or re.fullmatch(r"\d+\.\d{1,2}", text):
        raise forms.ValidationError("Số tiền tính bằng đồng, là số nguyên: không nhập phần thập phân.")
    if not re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", text):
        raise forms.ValidationError("Số tiền không hợp lệ. Ví dụ: 1.500.000")
    amount = int(text.replace(".", ""))
    if amount > 10**12:
        raise forms.ValidationError("Số tiền quá lớn.")
    return amount


class SupportForm(ServiceForm):
    kind = forms.ChoiceField(
        label="Hình thức hỗ trợ",
        choices=[("", "— Chọn —"), *Support.Kind.choices],
        error_messages=_required("hình thức hỗ trợ"),
    )
    date = VietnameseDateField(label="Ngày hỗ trợ", help_text=DATE_HELP)
    amount = forms.CharField(
        label="Số tiền (đồng)",
        max_length=20,
        required=False,
        help_text="Số nguyên, có thể viết 1.500.000; để trống nếu hỗ trợ bằng hiện vật.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    source = forms.ChoiceField(
        label="Nguồn kinh phí",
        choices=[("", "— Chọn —"), *Support.Source.choices],
        error_messages=_required("nguồn kinh phí"),
    )
    provider = forms.ChoiceField(label="Cơ quan, đơn vị hỗ trợ", required=False)
    provider_name = forms.CharField(
        label="Hoặc tên người, tổ chức hỗ trợ khác", max_length=200, required=False
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agencies: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies or []}
        self.fields["provider"].choices = [("", "— Không chọn —")] + [  # type: ignore[attr-defined]
            (pk, a.name) for pk, a in self.agencies.items()
        ]

    def clean_amount(self) -> int:
        return parse_amount(self.cleaned_data.get("amount") or "")

    def clean_provider(self) -> Any:
        value = self.cleaned_data.get("provider") or ""
        return self.agencies.get(value)


class GuardianForm(ServiceForm):
    guardian_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    relationship = forms.ChoiceField(
        label="Quan hệ với trẻ", choices=[("", "— Chọn —"), *Guardian.Relationship.choices], required=False
    )
    full_name = forms.CharField(label="Họ và tên người giám hộ", max_length=150, required=False)
    personal_id = forms.CharField(
        label="Số định danh cá nhân",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label="Số điện thoại", max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    lives_with_child = forms.BooleanField(label="Sống cùng trẻ", required=False, initial=True)


class HouseholdForm(ServiceForm):
    head_name = forms.CharField(label="Họ và tên chủ hộ", max_length=150, required=False)
    relation_to_head = forms.CharField(
        label="Quan hệ của trẻ với chủ hộ", max_length=50, required=False, help_text="Ví dụ: Con, Cháu"
    )
    address = forms.CharField(label="Địa chỉ của hộ", max_length=255, required=False)
    poverty_status = forms.ChoiceField(label="Diện hộ nghèo", choices=PovertyStatus.choices, required=False)


class CircumstanceAddForm(forms.Form):
    group = forms.ModelChoiceField(
        label="Nhóm hoàn cảnh đặc biệt",
        queryset=CircumstanceGroup.objects.all(),
        empty_label="— Chọn —",
        error_messages={"required": "Vui lòng chọn nhóm.", "invalid_choice": "Nhóm không hợp lệ."},
    )
    subtype = forms.ModelChoiceField(
        label="Nhóm nhỏ",
        queryset=CircumstanceSubtype.objects.select_related("group"),
        required=False,
        empty_label="— Không —",
        error_messages={"invalid_choice": "Nhóm nhỏ không hợp lệ."},
    )
    start_date = VietnameseDateField(label="Từ ngày", help_text=DATE_HELP)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sensitive_groups: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sensitive_groups:  # ADR 0017: only holders of registry.view_sensitive_groups
            numbers = sorted(rules.SENSITIVE_GROUPS)
            self.fields["group"].queryset = CircumstanceGroup.objects.exclude(  # type: ignore[attr-defined]
                number__in=numbers
            )
            self.fields["subtype"].queryset = CircumstanceSubtype.objects.exclude(  # type: ignore[attr-defined]
                group__number__in=numbers
            ).select_related("group")


class CircumstanceEndForm(forms.Form):
    item_id = forms.IntegerField(widget=forms.HiddenInput)
    end_date = VietnameseDateField(label="Ngày kết thúc", help_text=DATE_HELP)


class RiskForm(forms.Form):
    kind = forms.ChoiceField(
        label="Nguy cơ",
        choices=[("", "— Chọn —"), *RiskFlag.Kind.choices],
        error_messages=_required("nguy cơ"),
    )
    start_date = VietnameseDateField(label="Từ ngày", help_text=DATE_HELP)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sensitive_risks: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sensitive_risks:  # ADR 0017: only holders of registry.view_sensitive_groups
            field: Any = self.fields["kind"]
            field.choices = [(k, v) for k, v in field.choices if k not in rules.SENSITIVE_RISKS]


class LabourForm(forms.Form):
    status = forms.ChoiceField(
        label="Tình trạng lao động",
        choices=[("", "— Chọn —"), *LabourRecord.Status.choices],
        error_messages=_required("tình trạng lao động"),
    )
    recorded_on = VietnameseDateField(label="Ngày ghi nhận", help_text=DATE_HELP)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InjuryForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại tai nạn, thương tích",
        choices=[("", "— Chọn —"), *Injury.Kind.choices],
        error_messages=_required("loại tai nạn, thương tích"),
    )
    date = VietnameseDateField(label="Ngày xảy ra", help_text=DATE_HELP)
    outcome = forms.ChoiceField(
        label="Kết quả",
        choices=[("", "— Chọn —"), *Injury.Outcome.choices],
        error_messages=_required("kết quả"),
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MoveForm(forms.Form):
    to_commune = forms.IntegerField(
        label="Xã, phường chuyển đến",
        error_messages={
            "required": "Vui lòng chọn xã, phường chuyển đến.",
            "invalid": "Hãy chọn trong danh sách.",
        },
    )
    date = VietnameseDateField(label="Ngày chuyển đi", help_text=DATE_HELP)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
