from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from treem.core.forms import MultipleFileField, VietnameseIntegerField
from treem.plans.models import ProgressStatus


class PlanUploadForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Kế hoạch của địa bàn"), coerce=int)
    file = forms.FileField(
        label=_("Tệp văn bản (.txt, .docx, .pdf)"),
        error_messages={"required": _("Chọn tệp văn bản kế hoạch."), "empty": _("Tệp rỗng.")},
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, str(u)) for u in units]  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=7,
        help_text=_("Năm (2026), 6 tháng (2026-S1, 2026-S2) hoặc quý (2026-Q1 … 2026-Q4)."),
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ProgressStatus.choices)
    percent = VietnameseIntegerField(
        label=_("Tỷ lệ hoàn thành (%)"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Tỷ lệ hoàn thành phải là số nguyên."),
            "min_value": _("Tỷ lệ hoàn thành phải từ 0 đến 100."),
            "max_value": _("Tỷ lệ hoàn thành phải từ 0 đến 100."),
        },
    )
    narrative = forms.CharField(label=_("Kết quả, khó khăn, đề xuất"), required=False, widget=forms.Textarea)
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Tài liệu minh chứng (PDF, JPG, PNG, DOCX; tối đa 10 MB mỗi tệp)"), required=False
    )


class DeriveForm(forms.Form):
    target = forms.ChoiceField(label=_("Giao cho"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = choices  # type: ignore[attr-defined]
