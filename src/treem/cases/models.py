"""Protection cases (vụ việc) handled under Nghị định 56/2017/NĐ-CP Chương III.

``status`` is changed only by ``services.case_transition``. A case belongs to the commune that
handles it (``unit``); who may open its file is narrower than the commune (see ``access.py`` in
this app). Perpetrators are kept apart from the child's register record.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.cases.choices import (
    AbuseForm,
    AgeGroup,
    CaseStatus,
    Category,
    Channel,
    DeadlineKind,
    Level,
    Setting,
    SexualAbuseSubtype,
)
from treem.core.models import TimeStampedModel, VersionedModel


class Case(VersionedModel):
    code = models.CharField(_("case code"), max_length=40, unique=True)
    province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")  # the commune
    child = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )

    # Mẫu 01 — báo cáo tiếp nhận thông tin
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    abuse_form = models.CharField(_("form of abuse"), max_length=16, choices=AbuseForm.choices, blank=True)
    sexual_abuse_subtype = models.CharField(
        _("sexual abuse"), max_length=30, choices=SexualAbuseSubtype.choices, blank=True
    )
    setting = models.CharField(_("where it happened"), max_length=16, choices=Setting.choices, blank=True)
    incident_place = models.CharField(_("place of the incident"), max_length=255, blank=True)
    child_location = models.CharField(_("where the child is now"), max_length=255, blank=True)
    summary = models.TextField(_("what was reported"))
    family_situation = models.TextField(_("family situation"), blank=True)
    caregiver = models.CharField(_("current caregiver"), max_length=255, blank=True)
    actions_taken = models.TextField(_("actions already taken"), blank=True)
    reported_child = models.JSONField(
        _("child as reported"), default=dict, blank=True
    )  # name, birth date or estimated age, sex, parents — as told
    informant_consent = models.BooleanField(_("informant agrees to be recorded"), default=False)
    informant_name = models.CharField(_("informant"), max_length=150, blank=True)
    informant_phone = models.CharField(_("informant's phone"), max_length=20, blank=True)
    informant_address = models.CharField(_("informant's address"), max_length=255, blank=True)

    harm_level = models.CharField(_("harm"), max_length=8, choices=Level.choices, blank=True)
    risk_level = models.CharField(_("risk"), max_length=8, choices=Level.choices, blank=True)
    emergency_needed = models.BooleanField(_("emergency needed"), null=True, blank=True)

    workers = models.ManyToManyField("accounts.User", related_name="assigned_cases", blank=True)
    filed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    transferred_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "status"], name="cases_case_unit_status_idx"),
            models.Index(fields=["province", "received_at"], name="cases_case_prov_idx"),
        ]
        permissions = []

    def __str__(self) -> str:
        return self.code

    @property
    def is_sexual_abuse(self) -> bool:
        return self.abuse_form == AbuseForm.SEXUAL_ABUSE


class CaseEvent(models.Model):
    """The case's history: every transition, assessment, plan and access decision."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class Assessment(TimeStampedModel):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Đánh giá nguy cơ ban đầu (Mẫu 02)")
        DETAILED = "detailed", _("Đánh giá chi tiết, nhu cầu (Mẫu 03)")
        REVIEW = "review", _("Rà soát, đánh giá (Mẫu 06)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    harm_level = models.CharField(_("harm"), max_length=8, choices=Level.choices, blank=True)
    risk_level = models.CharField(_("risk"), max_length=8, choices=Level.choices)
    emergency_needed = models.BooleanField(_("emergency needed"), null=True, blank=True)
    child_stable = models.BooleanField(_("child stable"), null=True, blank=True)
    content = models.JSONField(default=dict, blank=True)  # the form's answers
    meeting_minutes = models.TextField(_("meeting minutes"), blank=True)
    assessed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]


class CasePlan(TimeStampedModel):
    """Mẫu 04 (plan) and, once approved, Mẫu 05 (the chairman's decision)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField(default=1)
    goals = models.TextField(_("goals"))
    review_date = models.DateField(_("review by"), null=True, blank=True)
    drafted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    approved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="cases_plan_unique_number")]


class CaseService(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên kế hoạch")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        NOT_DONE = "not_done", _("Không thực hiện được")

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="services")
    description = models.CharField(_("service or measure"), max_length=255)
    agency = models.ForeignKey("geo.Agency", on_delete=models.PROTECT, null=True, blank=True)
    responsible = models.CharField(_("responsible person"), max_length=150, blank=True)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField(_("outcome"), blank=True)


class Referral(TimeStampedModel):
    class Kind(models.TextChoices):
        HEALTH = "health", _("Y tế")
        POLICE = "police", _("Công an")
        SCHOOL = "school", _("Nhà trường")
        LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
        SOCIAL_WORK = "social_work", _("Trung tâm công tác xã hội")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ tiếp nhận")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        DECLINED = "declined", _("Từ chối")
        COMPLETED = "completed", _("Đã có kết quả")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    agency = models.ForeignKey("geo.Agency", on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    response_note = models.TextField(_("response"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    referred_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)


class Perpetrator(TimeStampedModel):
    """Kept with the case, never on the child's register record."""

    class Relationship(models.TextChoices):
        PARENT = "parent", _("Cha, mẹ")
        STEP_PARENT = "step_parent", _("Cha dượng, mẹ kế")
        RELATIVE = "relative", _("Người thân khác")
        TEACHER = "teacher", _("Giáo viên, người chăm sóc")
        ACQUAINTANCE = "acquaintance", _("Người quen, hàng xóm")
        STRANGER = "stranger", _("Người lạ")
        CHILD = "child", _("Trẻ em khác")
        UNKNOWN = "unknown", _("Không rõ")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    relationship = models.CharField(
        _("relationship to the child"), max_length=14, choices=Relationship.choices
    )
    sex = models.CharField(
        _("sex"), max_length=1, choices=[("M", _("Nam")), ("F", _("Nữ")), ("U", _("Không rõ"))]
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    note = models.TextField(_("note"), blank=True)


class Deadline(models.Model):
    """A legal clock, stored so that overdue lists are indexed queries."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=16, choices=DeadlineKind.choices)
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField(_("due"))
    met_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    missed_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(
                fields=["due_at"], name="cases_deadline_open_idx", condition=models.Q(met_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None


class CaseAccessGrant(TimeStampedModel):
    """Access to one case file: granted by the chairman, by an approved ``CaseAccessRequest``, or taken by a
    break-glass opening of a user of the commune (ADR 0006, 0018)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="case_grants")
    granted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(_("reason"))
    break_glass = models.BooleanField(default=False)
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    request = models.OneToOneField(
        "CaseAccessRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="grant"
    )


class CaseAccessRequest(models.Model):
    """Someone outside the commune (a provincial officer) asks to open a case file for a time; another
    person — the commune chairman or a provincial officer holding cases.approve_access, never the requester
    — approves or refuses (ADR 0018). ``expired`` is not stored: see ``state``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REFUSED = "refused", _("Từ chối")
        EXPIRED = "expired", _("Hết hạn")  # computed (``state``), never stored

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_requests")
    requester = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="case_requests")
    reason = models.TextField(_("reason"))
    hours = models.PositiveSmallIntegerField(_("hours asked"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["case", "status"], name="cases_accessreq_case_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="expired"), name="cases_accessreq_expired_not_stored"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(valid_until__isnull=False),
                name="cases_accessreq_approved_has_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.requester_id} {self.status}"

    def state(self, now: Any = None) -> str:
        """pending / approved / refused / expired (approved past its end, or pending too long)."""
        import datetime

        from django.utils import timezone

        from treem.cases import rules

        now = now or timezone.now()
        if self.status == self.Status.APPROVED and self.valid_until is not None and self.valid_until <= now:
            return self.Status.EXPIRED
        lapse = datetime.timedelta(hours=rules.ACCESS_REQUEST_PENDING_HOURS)
        if self.status == self.Status.PENDING and self.requested_at + lapse <= now:
            return self.Status.EXPIRED
        return str(self.status)

    def state_label(self) -> str:
        return str(self.Status(self.state()).label)


class Attachment(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")


class IntakeRequest(models.Model):
    """Idempotency of POST /api/v1/cases/intake: a repeated key returns the same case."""

    key = models.CharField(max_length=100, unique=True)
    request_hash = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
