from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from treem.core.forms import VietnameseIntegerField
from treem.reporting import rules
from treem.reporting.calendar import DayOffRule
from treem.reporting.models import ReportState


class NarrativeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    results = forms.CharField(
        label=_("I. Kết quả thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )
    shortcomings = forms.CharField(
        label=_("II. Tồn tại, hạn chế và nguyên nhân"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )
    proposals = forms.CharField(
        label=_("III. Đề xuất, kiến nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=[(ReportState.ACCEPTED, _("Tiếp nhận báo cáo")), (ReportState.RETURNED, _("Trả lại để sửa"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Nhận xét, yêu cầu sửa"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RuleForm(forms.Form):
    day_off_rule = forms.ChoiceField(label=_("Hạn báo cáo rơi vào ngày nghỉ"), choices=DayOffRule.CHOICES)
    remind_days_before = VietnameseIntegerField(
        label=_("Nhắc trước hạn (số ngày)"),
        min_value=0,
        max_value=rules.REMIND_DAYS_MAX,
        error_messages={
            "invalid": _("Nhập số ngày."),
            "min_value": _("Số ngày nhắc trước phải từ 0 đến 60."),
            "max_value": _("Số ngày nhắc trước phải từ 0 đến 60."),
        },
    )
