"""Forms of the activity and collaborator pages; the services do the real validation (ADR 0021)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from treem.activities.models import ActivityKind, AdultRole, AgeGroup, FileKind, PlaceKind
from treem.core.forms import MultipleFileField, VietnameseDateField, VietnameseIntegerField
from treem.registry.models import Sex

_COUNT_ERRORS = {
    "invalid": "Nhập một số nguyên.",
    "min_value": "Số người không được âm.",
    "max_value": "Số người quá lớn.",
}


def child_count_name(sex: str, group: str) -> str:
    return f"c_{sex}_{group}"


def adult_count_name(role: str) -> str:
    return f"a_{role}"


def _count_field(label: str) -> forms.IntegerField:
    return VietnameseIntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages=_COUNT_ERRORS,
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": 0, "class": "count", "aria-label": label}
        ),
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại hoạt động",
        choices=[("", "— Chọn —"), *ActivityKind.choices],
        error_messages={"required": "Chọn loại hoạt động."},
    )
    unit = forms.TypedChoiceField(
        label="Địa bàn tổ chức", coerce=int, error_messages={"required": "Chọn địa bàn."}
    )
    title = forms.CharField(
        label="Tên hoạt động", max_length=255, error_messages={"required": "Nhập tên hoạt động."}
    )
    start_date = VietnameseDateField(label="Từ ngày")
    end_date = VietnameseDateField(
        label="Đến ngày", required=False, help_text="Để trống nếu diễn ra trong một ngày."
    )
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    organiser = forms.TypedChoiceField(label="Cơ quan tổ chức", coerce=int, required=False, empty_value=None)
    cooperating = forms.TypedMultipleChoiceField(
        label="Cơ quan phối hợp",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    task = forms.TypedChoiceField(
        label="Thực hiện nhiệm vụ của kế hoạch",
        coerce=int,
        required=False,
        empty_value=None,
    )
    description = forms.CharField(
        label="Nội dung, kết quả", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    questions = forms.CharField(
        label="Câu hỏi, vấn đề tham vấn (diễn đàn, tham vấn, nhóm nòng cốt)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    children_views = forms.CharField(
        label="Ý kiến, kiến nghị của trẻ em", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    findings = forms.CharField(
        label="Kết quả kiểm tra, giám sát", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label="Kiến nghị, việc cần làm tiếp sau kiểm tra",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    child_ids = forms.CharField(
        label="Trẻ em có hồ sơ trong cơ sở dữ liệu (số hồ sơ)",
        required=False,
        help_text="Các số hồ sơ, cách nhau bởi dấu phẩy hoặc khoảng trắng. Mỗi trẻ chỉ được tính một lần "
        "trong năm dù tham gia nhiều hoạt động. Trẻ em không ghi tên thì nhập vào bảng số lượng bên dưới.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    files = MultipleFileField(  # type: ignore[assignment]
        label="Tài liệu minh chứng (PDF, JPG, PNG, DOCX; tối đa 10 MB mỗi tệp)", required=False
    )
    file_kind = forms.ChoiceField(label="Loại tài liệu", choices=FileKind.choices, initial=FileKind.MINUTES)
    remove_files = forms.TypedMultipleChoiceField(
        label="Xóa tài liệu đã tải lên", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        agencies: list[tuple[int, str]],
        tasks: list[tuple[int, str]],
        files: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["organiser"].choices = [("", "— Không ghi —"), *agencies]  # type: ignore[attr-defined]
        self.fields["cooperating"].choices = agencies  # type: ignore[attr-defined]
        self.fields["task"].choices = [("", "— Không gắn với nhiệm vụ —"), *tasks]  # type: ignore[attr-defined]
        if files:
            self.fields["remove_files"].choices = files  # type: ignore[attr-defined]
        else:
            del self.fields["remove_files"]
        for sex, sex_label in Sex.choices:
            for group, group_label in AgeGroup.choices:
                self.fields[child_count_name(sex, group)] = _count_field(f"{sex_label}, {group_label}")
        for role, role_label in AdultRole.choices:
            self.fields[adult_count_name(role)] = _count_field(str(role_label))

    def clean_child_ids(self) -> list[int]:
        text = self.cleaned_data.get("child_ids") or ""
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        # isdecimal, not isdigit ("²" is a digit that int() refuses); 19 digits at most before int()
        bad = [p for p in parts if not p.isdecimal() or len(p) > 19 or not 0 < int(p) < 2**63]
        if bad:
            raise forms.ValidationError(f"Số hồ sơ không hợp lệ: {', '.join(bad[:5])}.")
        return sorted({int(p) for p in parts})

    def count_rows(self) -> list[tuple[str, list[Any]]]:
        """Bound fields of the children table: one row per age group, a column per sex."""
        return [
            (str(label), [self[child_count_name(sex, group)] for sex, _l in Sex.choices])
            for group, label in AgeGroup.choices
        ]

    def adult_fields(self) -> list[Any]:
        return [self[adult_count_name(role)] for role, _l in AdultRole.choices]

    def main_fields(self) -> list[Any]:
        skip = {"version", "remove_files", "files", "file_kind", "child_ids"}
        return [self[name] for name in self.fields if name not in skip and not name.startswith(("c_", "a_"))]


class PostForm(forms.Form):
    hamlet = forms.TypedChoiceField(
        label="Thôn, tổ dân phố", coerce=int, error_messages={"required": "Chọn thôn."}
    )
    full_name = forms.CharField(
        label="Họ và tên cộng tác viên", max_length=150, error_messages={"required": "Nhập họ và tên."}
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    since = VietnameseDateField(label="Làm cộng tác viên từ ngày")
    until = VietnameseDateField(label="Thôi làm từ ngày", required=False, help_text="Để trống nếu đang làm.")
    trained_on = VietnameseDateField(
        label="Ngày được tập huấn", required=False, help_text="Lần tập huấn về bảo vệ trẻ em gần nhất."
    )
    user = forms.TypedChoiceField(
        label="Tài khoản Treem (nếu có)", coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, hamlets: list[tuple[int, str]], users: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].choices = [("", "— Chọn —"), *hamlets]  # type: ignore[attr-defined]
        self.fields["user"].choices = [("", "— Không có —"), *users]  # type: ignore[attr-defined]


class PlaceForm(forms.Form):
    name = forms.CharField(label="Tên điểm", max_length=200, error_messages={"required": "Nhập tên điểm."})
    kind = forms.ChoiceField(label="Loại", choices=[("", "— Chọn —"), *PlaceKind.choices])
    hamlet = forms.TypedChoiceField(label="Thôn, tổ dân phố", coerce=int, required=False, empty_value=None)
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    opened_on = VietnameseDateField(label="Đưa vào sử dụng từ ngày")
    closed_on = VietnameseDateField(
        label="Ngừng sử dụng từ ngày", required=False, help_text="Để trống nếu đang sử dụng."
    )
    managed_by = forms.CharField(label="Đơn vị quản lý", max_length=200, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, hamlets: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].choices = [("", "— Cả xã —"), *hamlets]  # type: ignore[attr-defined]
