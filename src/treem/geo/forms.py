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


# -- the unit picker (issue #19) ---------------------------------------------------------------------------
# A text box with suggestions instead of one dropdown of thousands of places: type the name with or without
# accents; the suggestions (a <datalist>) come from the server, current map first, former names as hints.
DATALIST_INLINE_MAX = 400  # up to this many units the suggestions are in the page (works without script)


class UnitSearchInput(forms.TextInput):
    template_name = "geo/widgets/unit_search.html"

    def __init__(self, *, levels: tuple[str, ...] = (), attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.levels = levels
        self.options: list[dict[str, object]] = []

    def format_value(self, value: Any) -> str | None:
        from treem.geo.models import AdminUnit
        from treem.geo.selectors import unit_label

        if isinstance(value, AdminUnit):
            return unit_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdecimal() and len(value) < 19):
            unit = AdminUnit.objects.select_related("parent").filter(pk=int(value)).first()
            return unit_label(unit) if unit else str(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-goi-y"
        widget["attrs"]["list"] = widget["list_id"]
        widget["attrs"]["data-unit-search"] = reverse("geo:search") + (
            f"?cap={','.join(self.levels)}" if self.levels else ""
        )
        widget["options"] = self.options
        return context


HELP = "Gõ tên xã, phường hoặc tỉnh (có dấu hoặc không dấu) rồi chọn trong gợi ý."


class UnitSearchField(forms.ModelChoiceField):
    """A unit chosen by typing: the label a suggestion gives ("…(mã 26740)"), the unit's id, or a name
    (without accents too) that only one unit of the field's choices has."""

    widget = UnitSearchInput

    def __init__(self, *, levels: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("widget", UnitSearchInput(levels=levels))
        super().__init__(**kwargs)
        self.help_text = (
            self.help_text or "Gõ tên xã, phường hoặc tỉnh (có dấu hoặc không dấu) rồi chọn trong gợi ý."
        )

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        widget = getattr(self, "widget", None)
        if (
            isinstance(widget, UnitSearchInput)
            and queryset is not None
            and queryset.query.is_empty() is False
        ):
            from treem.geo.selectors import former_names, unit_label

            units = list(queryset.select_related("parent")[: DATALIST_INLINE_MAX + 1])
            if len(units) <= DATALIST_INLINE_MAX:
                hints = former_names(units)
                widget.options = [{"label": unit_label(u), "hint": hints.get(u.pk, "")} for u in units]
            else:
                widget.options = []

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def to_python(self, value: Any) -> Any:
        import re

        from treem.core.text import fold

        if value in self.empty_values:
            return None
        text = str(value).strip()
        qs = self.queryset
        if "\x00" in text or len(text) > 300:  # no unit's label is that long; NUL cannot reach the database
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if text.isdecimal():
            return super().to_python(text)
        if m := re.search(r"\(mã ([^)]+)\)\s*$", text):
            found = list(qs.filter(code=m.group(1).strip())[:2])
            if len(found) == 1:
                return found[0]
        key = fold(text.split(" (mã ")[0].split(",")[0])
        found = list(qs.filter(name_folded=key)[:6])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                f"Có {len(found)} địa bàn tên “{text}”: hãy chọn một trong các gợi ý (có tên tỉnh và mã).",
                code="ambiguous",
            )
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
