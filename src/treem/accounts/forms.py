"""Forms of the user administration pages. They validate input; services decide and write."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from treem.accounts import access, services
from treem.accounts.models import Role, User
from treem.core.errors import ApplicationError
from treem.core.forms import VietnameseDateField
from treem.core.text import nfc
from treem.geo.forms import UnitSearchField
from treem.geo.models import AdminUnit, Agency, Generation, Level

_PHONE = re.compile(r"^\+?[0-9 .\-]{8,20}$")

REQUIRED = "Vui lòng nhập thông tin này."


def _messages(required: str = REQUIRED, **extra: str) -> dict[str, str]:
    return {"required": required, **extra}


def assignable_units(actor: Any) -> QuerySet[AdminUnit]:
    """Units of the current map where ``actor`` may assign roles: province, commune and hamlet levels."""
    today = timezone.localdate()
    return (
        access.units(actor, services.MANAGE)
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE, Level.HAMLET], generation=Generation.CURRENT)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("path")
    )


def assignable_agencies(actor: Any) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(is_active=True, unit__in=access.units(actor, services.MANAGE))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.unit.name})"


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} (cấp {obj.get_level_display().lower()})"


class AssignmentFields(forms.Form):
    """Unit, role and optional agency; checked with the same rules as the service."""

    unit = UnitSearchField(
        levels=(Level.PROVINCE, Level.COMMUNE, Level.HAMLET),
        label="Địa bàn",
        queryset=AdminUnit.objects.none(),
        error_messages=_messages("Vui lòng chọn địa bàn.", invalid_choice="Địa bàn không hợp lệ."),
    )
    role = RoleChoiceField(
        label="Vai trò",
        queryset=Role.objects.all(),
        empty_label="— Chọn vai trò —",
        error_messages=_messages("Vui lòng chọn vai trò.", invalid_choice="Vai trò không hợp lệ."),
    )
    agency = AgencyChoiceField(
        label="Cơ quan, đơn vị (nếu vai trò yêu cầu)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="— Không gắn cơ quan —",
        error_messages={"invalid_choice": "Cơ quan không hợp lệ."},
    )

    def __init__(self, *args: Any, actor: Any, target: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.target = target
        self.fields["unit"].queryset = assignable_units(actor)  # type: ignore[attr-defined]
        self.fields["agency"].queryset = assignable_agencies(actor)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, role = data.get("unit"), data.get("role")
        if unit is not None and role is not None:
            try:
                services.assignment_check(
                    actor=self.actor, user=self.target, unit=unit, role=role, agency=data.get("agency")
                )
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data


class UserCreateForm(AssignmentFields):
    field_order = ["username", "full_name", "email", "phone", "job_title", "password1", "password2"]

    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        error_messages=_messages(max_length="Tên đăng nhập dài tối đa 150 ký tự."),
    )
    full_name = forms.CharField(
        label="Họ và tên",
        max_length=150,
        error_messages=_messages(max_length="Họ và tên dài tối đa 150 ký tự."),
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    job_title = forms.CharField(label="Chức vụ", max_length=150, required=False)
    password1 = forms.CharField(
        label="Mật khẩu ban đầu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_messages("Vui lòng nhập mật khẩu."),
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_messages("Vui lòng nhập lại mật khẩu."),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        try:
            User.username_validator(username)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các ký tự @ . + - _."
            ) from None
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng.")
        return username

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Hai mật khẩu không khớp.")
        elif p1:
            probe = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            for message in services.password_errors(p1, probe):
                self.add_error("password1", message)
        return data


def _clean_phone(value: str) -> str:
    value = value.strip()
    if value and not _PHONE.match(value):
        raise forms.ValidationError("Số điện thoại chỉ gồm chữ số (có thể có dấu + ở đầu), 8 đến 20 ký tự.")
    return value


class UserEditForm(forms.Form):
    full_name = forms.CharField(
        label="Họ và tên",
        max_length=150,
        error_messages=_messages(max_length="Họ và tên dài tối đa 150 ký tự."),
    )
    email = forms.EmailField(
        label="Thư điện tử", required=False, error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."}
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    job_title = forms.CharField(label="Chức vụ", max_length=150, required=False)
    is_active = forms.BooleanField(label="Đang hoạt động (bỏ chọn để khóa tài khoản)", required=False)
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])


class AssignmentAddForm(AssignmentFields):
    valid_from = VietnameseDateField(label="Từ ngày (dd/mm/yyyy)", required=False)
    valid_to = VietnameseDateField(label="Đến ngày (dd/mm/yyyy, để trống nếu chưa xác định)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: datetime.date = data.get("valid_from") or timezone.localdate()
        end = data.get("valid_to")
        if end is not None and end < start:
            self.add_error("valid_to", f"Ngày kết thúc phải từ ngày {start:%d/%m/%Y} trở đi.")
        return data


class AssignmentEndForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    valid_to = VietnameseDateField(
        label="Ngày kết thúc (dd/mm/yyyy)",
        error_messages=_messages("Vui lòng nhập ngày kết thúc."),
    )


class PasswordSetForm(forms.Form):
    password1 = forms.CharField(
        label="Mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_messages("Vui lòng nhập mật khẩu."),
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_messages("Vui lòng nhập lại mật khẩu."),
    )

    def __init__(self, *args: Any, target: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Hai mật khẩu không khớp.")
        elif p1:
            for message in services.password_errors(p1, self.target):
                self.add_error("password1", message)
        return data
