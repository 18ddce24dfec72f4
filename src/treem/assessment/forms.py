from __future__ import annotations

from django import forms

from treem.assessment.rules import CommuneCategory
from treem.core.forms import VietnameseDateField, VietnameseIntegerField


class SelfAssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    meeting_date = VietnameseDateField(label="Ngày họp tự đánh giá", required=False)
    meeting_minutes = forms.CharField(
        label="Biên bản cuộc họp", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    explanation = forms.CharField(
        label="Giải trình, nguồn số liệu", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EntryForm(forms.Form):
    points = VietnameseIntegerField(label="Điểm", min_value=0)
    figure = forms.CharField(label="Kết quả, số liệu", required=False, max_length=255)
    note = forms.CharField(
        label="Giải trình, nguồn số liệu", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label="Minh chứng (PDF, JPG, PNG, DOCX)", required=False)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label="Số, ký hiệu quyết định", required=False, max_length=60)


class CommuneTypeForm(forms.Form):
    category = forms.ChoiceField(label="Loại xã (mức điểm công nhận)", choices=CommuneCategory.choices)
    note = forms.CharField(label="Căn cứ", required=False, max_length=255)
