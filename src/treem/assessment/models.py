"""The child-friendly commune assessment (Quyết định 06/QĐ-TTg, issue #16, ADR 0022).

The 13 criteria and their sub-criteria are data (data/reference/cfc_criteria.csv, loaded by
``load_reference``); points not confirmed in legal-reference.md §4 are flagged ``confirmed=False`` and shown
as such. A round (``AssessmentRound``) holds one ``CommuneAssessment`` per current commune; its workflow is
the table in ``workflow.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.assessment.rules import CommuneCategory
from treem.core.models import TimeStampedModel, VersionedModel


class DataWindow(models.TextChoices):
    YEAR = "year", _("Năm đánh giá")
    PERIOD = "period", _("Cả giai đoạn đánh giá")


class Criterion(models.Model):
    number = models.PositiveSmallIntegerField(_("criterion"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    data_window = models.CharField(_("data window"), max_length=6, choices=DataWindow.choices)
    sector = models.CharField(_("responsible sector"), max_length=20)  # geo.Sector value
    citation = models.CharField(_("legal source"), max_length=255)
    confirmed = models.BooleanField(_("points confirmed"), default=False)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubCriterion(models.Model):
    MANUAL = "manual"

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="subs")
    code = models.CharField(_("code"), max_length=8, unique=True)  # "6.2"
    name = models.CharField(_("name"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    sector = models.CharField(_("responsible sector"), max_length=20)
    rule = models.CharField(
        _("data rule"), max_length=40
    )  # a key of scoring.RULES, "reported:CODE" or manual
    comparator = models.CharField(max_length=2, blank=True)  # ge / le
    threshold = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    partial_points = models.PositiveSmallIntegerField(default=0)  # when the threshold is not met
    rule_text = models.TextField(_("rule"))
    citation = models.CharField(_("legal source"), max_length=255)
    confirmed = models.BooleanField(_("points confirmed"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criterion__number", "sort_order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_manual(self) -> bool:
        return self.rule == self.MANUAL


class CommuneType(TimeStampedModel):
    """The province's record of a commune's kind for the pass threshold; without one the kind is derived
    from the map (``scoring.commune_category``)."""

    unit = models.OneToOneField("geo.AdminUnit", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("kind of commune"), max_length=16, choices=CommuneCategory.choices)
    note = models.CharField(_("basis"), max_length=255, blank=True)
    set_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")


class AssessmentRound(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("evaluation year"), unique=True)
    period_start = models.PositiveSmallIntegerField(_("first year of the period"))
    period_end = models.PositiveSmallIntegerField(_("last year of the period"))

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Đánh giá năm {self.year} (giai đoạn {self.period_start}–{self.period_end})"


class Status(models.TextChoices):
    DRAFT = "draft", _("Xã đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi, chờ kiểm tra")
    RETURNED = "returned", _("Bị trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã kiểm tra, chờ quyết định công nhận")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")


class CommuneAssessment(VersionedModel):
    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")  # the commune
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    meeting_date = models.DateField(_("date of the commune's meeting"), null=True, blank=True)
    meeting_minutes = models.TextField(_("minutes of the meeting"), blank=True)
    explanation = models.TextField(_("explanations and data sources"), blank=True)
    score = models.JSONField(_("score when submitted"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    # A result re-entered from the paper dossier of a round held before Treem (every sub-criterion entered
    # by hand; the unit may be a former commune): ADR 0031.
    paper = models.BooleanField(_("re-entered from the paper dossier"), default=False)
    decided_by_text = models.CharField(_("deciding authority"), max_length=255, blank=True)

    class Meta:
        ordering = ["round", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="assessment_commune_round_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.round.year}"


class AssessmentEvent(models.Model):
    assessment = models.ForeignKey(CommuneAssessment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action}"

    @property
    def label(self) -> str:
        """The step in Vietnamese (the transition's button label)."""
        from treem.assessment.workflow import TRANSITIONS

        transition = TRANSITIONS.get(self.action)
        return transition.label if transition else self.action


class ManualEntry(TimeStampedModel):
    """Points of a sub-criterion that Treem cannot compute, entered with evidence by the commune or by the
    sector responsible for the criterion."""

    assessment = models.ForeignKey(CommuneAssessment, on_delete=models.CASCADE, related_name="entries")
    sub = models.ForeignKey(SubCriterion, on_delete=models.PROTECT, related_name="+")
    figure = models.CharField(_("figure"), max_length=255, blank=True)
    points = models.PositiveSmallIntegerField(_("points"))
    note = models.TextField(_("explanation, data source"), blank=True)
    evidence = models.FileField(upload_to="assessment/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    entered_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "sub"], name="assessment_entry_unique"),
        ]


class Standing(models.Model):
    """Where a commune stands for an evaluation year, as computed at ``computed_at`` (``scoring.score`` with
    ``as_of``): what the province page lists, refreshed each night and on request, so that page reads one
    row per commune instead of scoring every commune on each view (ADR 0031)."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField()
    total = models.PositiveSmallIntegerField()
    threshold = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    estimated = models.BooleanField(default=False)
    zero_criteria = models.JSONField(default=list)
    reasons = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="assessment_standing_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.total}"
