"""Forms of the case pages: input parsing only; the rules are in ``workflow`` and ``services``."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from treem.cases import rules
from treem.cases.choices import (
    REVIEW_CRITERIA,
    SELF_PROTECTION_KEY,
    SELF_PROTECTION_LABEL,
    AbuseForm,
    AgeGroup,
    Category,
    Channel,
    Level,
    Setting,
    SexualAbuseSubtype,
)
from treem.cases.models import CaseService, Perpetrator, Referral
from treem.core.forms import DATE_HELP, VietnameseDateField, VietnameseIntegerField
from treem.core.text import nfc

TIME_FORMATS = ["%H:%M"]


def _blank(choices: Any, label: str = "— Chọn —") -> list[tuple[str, str]]:
    return [("", label), *[(str(v), str(lbl)) for v, lbl in choices]]


def _date(label: str, required: bool = False, **kw: Any) -> forms.DateField:
    return VietnameseDateField(
        label=label,
        required=required,
        error_messages={"required": "Cần nhập ngày."},
        **kw,
    )


def _text(
    label: str, required: bool = False, rows: int = 3, max_length: int | None = None
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={"required": f"Cần nhập: {label.lower()}."},
    )


class NfcMixin:
    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = nfc(value).strip()
        return data


class IntakeForm(NfcMixin, forms.Form):
    """Mẫu 01 — báo cáo tiếp nhận thông tin, thông báo, tố giác."""

    channel = forms.ChoiceField(label="Nguồn tiếp nhận", choices=_blank(Channel.choices))
    received_date = _date("Ngày tiếp nhận", required=True)
    received_time = forms.TimeField(
        label="Giờ tiếp nhận",
        input_formats=TIME_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "HH:MM", "inputmode": "numeric"}),
        error_messages={"invalid": "Giờ không hợp lệ, nhập theo dạng HH:MM.", "required": "Cần nhập giờ."},
    )
    commune = forms.TypedChoiceField(label="Xã, phường nơi xảy ra", coerce=int, choices=[])
    child_id = forms.TypedChoiceField(
        label="Trẻ em trong cơ sở dữ liệu", coerce=int, required=False, choices=[]
    )
    child_name = _text("Họ và tên trẻ em (nếu biết)", rows=0, max_length=150)
    child_dob = _date("Ngày sinh", help_text=DATE_HELP)
    child_age = VietnameseIntegerField(label="Tuổi ước tính", required=False, min_value=0, max_value=17)
    child_sex = forms.ChoiceField(
        label="Giới tính",
        choices=[("", "— Chọn —"), ("M", "Nam"), ("F", "Nữ"), ("U", "Không biết")],
        required=False,
    )
    category = forms.ChoiceField(label="Phân loại", choices=_blank(Category.choices))
    abuse_form = forms.ChoiceField(
        label="Hình thức xâm hại", choices=_blank(AbuseForm.choices), required=False
    )
    sexual_abuse_subtype = forms.ChoiceField(
        label="Hình thức xâm hại tình dục", choices=_blank(SexualAbuseSubtype.choices), required=False
    )
    setting = forms.ChoiceField(label="Môi trường xảy ra", choices=_blank(Setting.choices), required=False)
    incident_place = _text("Nơi xảy ra vụ việc, nơi trẻ có nguy cơ", rows=0, max_length=255)
    child_location = _text("Nơi trẻ em đang ở hiện nay", rows=0, max_length=255)
    summary = _text("Nội dung thông tin, thông báo", required=True, rows=4)
    father_name = _text("Họ tên cha", rows=0, max_length=150)
    father_age = VietnameseIntegerField(label="Tuổi của cha", required=False, min_value=10, max_value=120)
    father_job = _text("Nghề nghiệp của cha", rows=0, max_length=100)
    mother_name = _text("Họ tên mẹ", rows=0, max_length=150)
    mother_age = VietnameseIntegerField(label="Tuổi của mẹ", required=False, min_value=10, max_value=120)
    mother_job = _text("Nghề nghiệp của mẹ", rows=0, max_length=100)
    caregiver = _text("Người đang chăm sóc trẻ", rows=0, max_length=255)
    family_situation = _text("Hoàn cảnh gia đình")
    actions_taken = _text("Những việc đã làm")
    informant_consent = forms.BooleanField(
        label="Người cung cấp thông tin đồng ý cho ghi lại thông tin cá nhân", required=False
    )
    informant_name = _text("Họ tên người cung cấp thông tin", rows=0, max_length=150)
    informant_phone = _text("Điện thoại người cung cấp thông tin", rows=0, max_length=20)
    informant_address = _text("Địa chỉ người cung cấp thông tin", rows=0, max_length=255)

    def __init__(self, *args: Any, communes: list[Any], children: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["commune"].choices = [(c.pk, c.name) for c in communes]  # type: ignore[attr-defined]
        if len(communes) != 1:
            self.fields["commune"].choices = _blank(self.fields["commune"].choices)  # type: ignore[attr-defined]
        self.fields["child_id"].choices = [  # type: ignore[attr-defined]
            ("", "— Không chọn: tạo hồ sơ tạm theo thông tin được báo —"),
            *[(c.pk, f"{c.full_name} — {c.date_of_birth:%d/%m/%Y}") for c in children],
        ]
        self.fields["child_id"].widget = forms.RadioSelect(choices=self.fields["child_id"].choices)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("category") == Category.ABUSE and not data.get("abuse_form"):
            self.add_error("abuse_form", "Cần chọn hình thức xâm hại.")
        if data.get("abuse_form") != AbuseForm.SEXUAL_ABUSE:
            data["sexual_abuse_subtype"] = ""
        if not data.get("child_id") and data.get("child_dob") is None and data.get("child_age") is None:
            self.add_error(
                "child_age", "Cần ngày sinh hoặc tuổi ước tính của trẻ em (hoặc chọn trẻ em đã có)."
            )
        dob = data.get("child_dob")
        if dob:
            from treem.cases.services import intake_date_errors

            today = timezone.localtime()
            for message in intake_date_errors(today, dob):
                self.add_error("child_dob", message)
        received, at = data.get("received_date"), data.get("received_time")
        if received and at:
            from treem.cases.services import intake_date_errors

            when = datetime.datetime.combine(received, at, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
            for message in intake_date_errors(when):
                self.add_error("received_date", message)
        return data

    def service_data(
        self, received_at: datetime.datetime, perpetrators: list[dict[str, Any]]
    ) -> dict[str, Any]:
        d = self.cleaned_data
        reported: dict[str, Any] = {"full_name": d["child_name"], "sex": d["child_sex"]}
        if d.get("child_dob"):
            reported["date_of_birth"] = d["child_dob"]
        if d.get("child_age") is not None:
            reported["estimated_age"] = d["child_age"]
        for who in ("father", "mother"):
            if d.get(f"{who}_name") or d.get(f"{who}_age") or d.get(f"{who}_job"):
                reported[who] = {
                    "name": d[f"{who}_name"],
                    "age": d.get(f"{who}_age"),
                    "occupation": d[f"{who}_job"],
                }
        consent = bool(d.get("informant_consent"))
        return {
            "channel": d["channel"],
            "received_at": received_at,
            "category": d["category"],
            "abuse_form": d.get("abuse_form") or "",
            "sexual_abuse_subtype": d.get("sexual_abuse_subtype") or "",
            "setting": d.get("setting") or "",
            "incident_place": d["incident_place"],
            "child_location": d["child_location"],
            "summary": d["summary"],
            "family_situation": d["family_situation"],
            "caregiver": d["caregiver"],
            "actions_taken": d["actions_taken"],
            "reported_child": reported,
            "informant_consent": consent,
            "informant_name": d["informant_name"] if consent else "",
            "informant_phone": d["informant_phone"] if consent else "",
            "informant_address": d["informant_address"] if consent else "",
            "perpetrators": perpetrators,
        }


class PerpetratorForm(forms.Form):
    relationship = forms.ChoiceField(
        label="Quan hệ với trẻ em", choices=_blank(Perpetrator.Relationship.choices), required=False
    )
    sex = forms.ChoiceField(
        label="Giới tính",
        choices=[("", "— Chọn —"), ("M", "Nam"), ("F", "Nữ"), ("U", "Không rõ")],
        required=False,
    )
    age_group = forms.ChoiceField(label="Nhóm tuổi", choices=_blank(AgeGroup.choices), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relationship") and not (data.get("sex") and data.get("age_group")):
            raise forms.ValidationError("Cần giới tính và nhóm tuổi của người gây hại.")
        return data


PerpetratorFormSet = forms.formset_factory(PerpetratorForm, extra=3, max_num=3, absolute_max=3)


class TransitionForm(NfcMixin, forms.Form):
    action = forms.CharField(max_length=40)
    version = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(required=False, max_length=60)
    to_commune = forms.IntegerField(required=False)
    agency = forms.IntegerField(required=False)
    confirmed = forms.BooleanField(required=False)


class AssessmentForm(NfcMixin, forms.Form):
    risk_level = forms.ChoiceField(label="Mức độ nguy cơ", choices=_blank(Level.choices))
    harm_level = forms.ChoiceField(label="Mức độ tổn hại", choices=_blank(Level.choices), required=False)
    emergency_needed = forms.ChoiceField(
        label="Cần can thiệp khẩn cấp",
        choices=[("", "— Chọn —"), ("1", "Có"), ("0", "Không")],
        required=False,
    )
    child_stable = forms.ChoiceField(
        label="Trẻ em đã ổn định về thể chất, tâm lý, nhận thức, tình cảm",
        choices=[("", "— Chọn —"), ("1", "Có"), ("0", "Chưa")],
        required=False,
    )
    physical = _text("Tình trạng thể chất")
    psychological = _text("Tình trạng tâm lý, tình cảm")
    family = _text("Hoàn cảnh gia đình, khả năng bảo vệ của cha mẹ, người chăm sóc")
    perpetrator_access = _text("Khả năng người gây hại tiếp cận trẻ em")
    needs = _text("Nhu cầu hỗ trợ của trẻ em")
    meeting_minutes = _text("Biên bản họp xác định nhu cầu hỗ trợ", rows=4)
    conclusion = _text("Kết luận, đề xuất")

    CONTENT_KEYS = ("physical", "psychological", "family", "perpetrator_access", "needs", "conclusion")
    # Mẫu 06: the three criteria and the child's self-protection capacity, each Cao / Trung bình / Thấp.
    REVIEW_KEYS = (*(key for key, _label, _levels in REVIEW_CRITERIA), SELF_PROTECTION_KEY)

    def __init__(self, *args: Any, kind: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.kind = kind
        if kind == "review":
            for key, label, levels in REVIEW_CRITERIA:
                self.fields[key] = forms.ChoiceField(
                    label=label[3:],  # without the row number
                    choices=_blank([(v, f"{Level(v).label} — {text}") for v, text in levels.items()]),
                    error_messages={"required": "Cần chọn mức độ."},
                )
            self.fields[SELF_PROTECTION_KEY] = forms.ChoiceField(
                label=SELF_PROTECTION_LABEL,
                choices=_blank(Level.choices),
                error_messages={"required": "Cần chọn mức độ."},
            )
            self.order_fields([*self.REVIEW_KEYS, "risk_level", "harm_level", "child_stable"])
        if kind != "initial":
            del self.fields["emergency_needed"]
        if kind != "review":
            del self.fields["child_stable"]
        if kind != "detailed":
            del self.fields["meeting_minutes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.kind == "initial" and data.get("emergency_needed") in (None, ""):
            self.add_error("emergency_needed", "Cần kết luận có phải can thiệp khẩn cấp hay không.")
        if self.kind == "review" and data.get("child_stable") in (None, ""):
            self.add_error("child_stable", "Cần đánh giá trẻ em đã ổn định hay chưa.")
        if self.kind == "detailed" and not data.get("meeting_minutes"):
            self.add_error("meeting_minutes", "Cần biên bản họp xác định nhu cầu hỗ trợ của trẻ em.")
        return data


class PlanForm(NfcMixin, forms.Form):
    goals = _text("Mục tiêu của kế hoạch", required=True, rows=4)
    review_date = _date("Ngày rà soát, đánh giá", help_text=DATE_HELP)


class ServiceForm(NfcMixin, forms.Form):
    description = forms.CharField(label="Dịch vụ, biện pháp", max_length=255, required=False)
    agency = forms.TypedChoiceField(label="Cơ quan chịu trách nhiệm", coerce=int, required=False, choices=[])
    responsible = forms.CharField(label="Người phụ trách", max_length=150, required=False)
    due_date = _date("Thời hạn")
    status = forms.ChoiceField(label="Tình trạng", choices=CaseService.Status.choices, required=False)

    def __init__(self, *args: Any, agencies: list[Any] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["agency"].choices = _blank([(a.pk, a.name) for a in agencies or []], "— Không chọn —")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("description") and not data.get("due_date"):
            self.add_error("due_date", "Cần thời hạn thực hiện.")
        return data


ServiceFormSet = forms.formset_factory(ServiceForm, extra=2, max_num=20, absolute_max=20)


class ReferralForm(NfcMixin, forms.Form):
    agency = forms.TypedChoiceField(label="Cơ quan tiếp nhận", coerce=int, choices=[])
    kind = forms.ChoiceField(label="Lĩnh vực", choices=_blank(Referral.Kind.choices))
    reason = _text("Lý do, nội dung đề nghị", required=True)

    def __init__(self, *args: Any, agencies: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["agency"].choices = _blank([(a.pk, a.name) for a in agencies])  # type: ignore[attr-defined]


class ReferralRespondForm(NfcMixin, forms.Form):
    status = forms.ChoiceField(
        label="Trả lời",
        choices=[
            (Referral.Status.ACCEPTED, "Tiếp nhận"),
            (Referral.Status.DECLINED, "Từ chối"),
            (Referral.Status.COMPLETED, "Báo cáo kết quả"),
        ],
    )
    note = _text("Ghi chú")
    outcome = _text("Kết quả thực hiện")


class BreakGlassForm(NfcMixin, forms.Form):
    reason = _text("Lý do mở hồ sơ khẩn cấp", required=True)


class AccessRequestForm(NfcMixin, forms.Form):
    reason = _text("Lý do xin xem hồ sơ", required=True, max_length=2000)
    hours = VietnameseIntegerField(
        label=f"Thời hạn (giờ, tối đa {rules.ACCESS_GRANT_MAX_HOURS})",
        min_value=1,
        max_value=rules.ACCESS_GRANT_MAX_HOURS,
        initial=rules.ACCESS_GRANT_DEFAULT_HOURS,
        error_messages={
            "required": "Cần nhập thời hạn.",
            "invalid": "Thời hạn phải là số giờ.",
            "min_value": "Thời hạn ít nhất 1 giờ.",
            "max_value": f"Thời hạn tối đa {rules.ACCESS_GRANT_MAX_HOURS} giờ.",
        },
    )


class AccessDecisionForm(NfcMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Duyệt"), ("refuse", "Từ chối")])
    note = _text("Ghi chú", rows=2, max_length=2000)


class GrantForm(NfcMixin, forms.Form):
    user = forms.TypedChoiceField(label="Người được cấp quyền", coerce=int, choices=[])
    reason = _text("Lý do", required=True)

    def __init__(self, *args: Any, users: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["user"].choices = _blank([(u.pk, u.full_name or u.username) for u in users])  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Tệp (PDF, JPG, PNG, DOCX; tối đa 10 MB)")
