"""Documents in cascade, plans and their tasks, targets, reporting deadlines and progress (issue #6).

A Document is an administrative text (Chỉ thị, Quyết định, Kế hoạch …) known by its number; documents
link to what they implement or cite, so the cascade Chỉ thị 28-CT/TW → Quyết định 1183/QĐ-TTg → … →
a ward's plan is browsable both ways. A Plan is the tracked work of one unit (province, commune) or one
agency; it comes from a document (imported and reviewed) or is derived from the plan above it.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel, VersionedModel
from treem.core.periods import period_label
from treem.core.text import fold, nfc


class DocumentType(models.TextChoices):
    CHI_THI = "chi_thi", _("Chỉ thị")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    HUONG_DAN = "huong_dan", _("Hướng dẫn")
    CONG_VAN = "cong_van", _("Công văn")
    NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
    NGHI_DINH = "nghi_dinh", _("Nghị định")
    THONG_TU = "thong_tu", _("Thông tư")
    LUAT = "luat", _("Luật")
    OTHER = "other", _("Văn bản khác")


def number_key(number: str) -> str:
    """The comparable form of a document number: "Số: 4063 /QĐ-UBND" and "4063/qđ-ubnd" are one."""
    return re.sub(r"\s+", "", fold(number)).removeprefix("so:").removeprefix("so")


class Document(TimeStampedModel):
    """An administrative text. ``has_text`` is False for documents only known because another cites them."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(_("type"), max_length=12, choices=DocumentType.choices)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    number_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    title = models.TextField(_("title"), blank=True)
    has_text = models.BooleanField(default=False)
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-date", "number"]

    def __str__(self) -> str:
        label = str(self.get_doc_type_display())
        if self.number:
            label += f" số {self.number}"
        elif self.title:  # "Luật Trẻ em", known by its name
            label = self.title if self.title.startswith(label) else f"{label} {self.title}"
        if self.date:
            label += f" ngày {self.date:%d/%m/%Y}"
        return str(label)

    def save(self, *args: object, **kwargs: object) -> None:
        self.number = nfc(self.number).strip()
        self.title = nfc(self.title).strip()
        self.issuer = nfc(self.issuer).strip()
        self.number_key = number_key(self.number) if self.number else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("Thực hiện")
    CITES = "cites", _("Căn cứ")


class DocumentLink(models.Model):
    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="plans_doclink_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="plans_doclink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(VersionedModel):
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "geo.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    derived_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="derived"
    )
    title = models.TextField(_("title"))
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    purposes = models.TextField(_("purposes and requirements"), blank=True)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["derived_from", "unit"],
                condition=models.Q(agency__isnull=True),
                name="plans_plan_one_derived_per_unit",
            ),
            models.UniqueConstraint(
                fields=["derived_from", "agency"], name="plans_plan_one_derived_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def target_years(self, today: datetime.date | None = None) -> list[int]:
        """The years a target set for every year ("hằng năm") holds for: the plan's period (a plan of one
        year: that year); a period open at its end, from its start to this year; one with only an end,
        from the year of the plan's document; no period at all, the year of its document (none: [])."""
        issued = self.document.date.year if self.document is not None and self.document.date else None
        start, end = self.start_year, self.end_year
        if start and end:
            return list(range(start, end + 1))
        if start:
            this_year = (today or timezone.localdate()).year
            return list(range(start, max(start, this_year) + 1))
        if end:
            return list(range(issued if issued and issued <= end else end, end + 1))
        return [issued] if issued else []


class TimeframeKind(models.TextChoices):
    UNKNOWN = "", _("Chưa xác định")
    YEARLY = "yearly", _("Hằng năm")
    ONGOING = "ongoing", _("Thường xuyên")
    PERIOD = "period", _("Giai đoạn")
    DATE = "date", _("Thời hạn")


class Task(VersionedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    source_task = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    number = models.CharField(_("number"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    is_heading = models.BooleanField(default=False)
    title = models.TextField(_("task"))
    body = models.TextField(_("content"), blank=True)
    timeframe_kind = models.CharField(max_length=8, choices=TimeframeKind.choices, blank=True, default="")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    timeframe_text = models.CharField(_("timeframe"), max_length=255, blank=True)
    budget_sources = models.CharField(_("budget sources"), max_length=255, blank=True)
    source_lines = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["plan", "sort_order"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def timeframe_display(self) -> str:
        if self.timeframe_text:
            return self.timeframe_text
        if self.timeframe_kind == TimeframeKind.PERIOD and self.start_year and self.end_year:
            return f"Giai đoạn {self.start_year}–{self.end_year}"
        if self.timeframe_kind == TimeframeKind.DATE and self.due_date:
            return f"Trước ngày {self.due_date:%d/%m/%Y}"
        return str(self.get_timeframe_kind_display())


class AgencyRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COOPERATING = "cooperating", _("Phối hợp")


class TaskAgency(models.Model):
    """An agency named on a task, kept as written; ``agency_type``/``agency`` when the name was matched."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="agencies")
    role = models.CharField(max_length=12, choices=AgencyRole.choices)
    text = models.CharField(_("agency as written"), max_length=255)
    type_code = models.CharField(max_length=40, blank=True)
    agency_type = models.ForeignKey("geo.AgencyType", on_delete=models.PROTECT, null=True, blank=True)
    agency = models.ForeignKey(
        "geo.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=10, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    # The agency that replaced the one written, since the 2025 reform (data/reference/agency_successions.csv,
    # ADR 0025); the text as written stays beside it, as history.
    successor_text = models.CharField(_("agency today"), max_length=255, blank=True)
    successor_type = models.ForeignKey(
        "geo.AgencyType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    successor_confirmed = models.BooleanField(default=True)

    class Meta:
        ordering = ["task", "role", "sort_order"]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        """The agency as it is called today (its successor's name), else as written."""
        return self.successor_text or self.text


class PlanTarget(models.Model):
    """A target the plan sets (an indicator with values per year); adjustable in a derived plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    inherited_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("label"), max_length=60)
    text = models.TextField(_("target"))
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    direction = models.CharField(max_length=6, blank=True)
    comparator = models.CharField(max_length=2, blank=True)
    measure = models.CharField(max_length=24, blank=True)
    kind = models.CharField(max_length=8, blank=True, default="level")  # indicators.TargetKind
    value_high = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    breakdown = models.CharField(_("breakdown"), max_length=60, blank=True)  # "nội thành", "nữ" as written
    lead_text = models.CharField(_("lead agency"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    source_lines = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["plan", "sort_order"]

    def __str__(self) -> str:
        return self.label

    @property
    def every_year(self) -> bool:
        """The target holds a value for every year of the plan ("hằng năm", ADR 0044)."""
        return any(v.year is None for v in self.values.all())


EVERY_YEAR_LABEL = "Hằng năm"


class PlanTargetValue(models.Model):
    """A target's value for a year, or — ``year`` empty — for every year of the plan's period ("Hằng
    năm: 100%", "giảm 5 %/năm"): applying the plan writes it to the indicators' targets once per year of
    ``Plan.target_years``, where a value given for a year of its own wins (ADR 0044)."""

    target = models.ForeignKey(PlanTarget, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # None: every year ("hằng năm")
    value = models.DecimalField(max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["target", models.F("year").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="plans_target_value_unique"),
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(year__isnull=True), name="plans_target_value_one_yearly"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_label}: {self.value}"

    @property
    def year_label(self) -> str:
        return EVERY_YEAR_LABEL if self.year is None else str(self.year)


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")
    ONCE = "once", _("Một lần")


class ReportingDeadline(models.Model):
    """A reporting obligation the plan sets: e.g. 6-monthly before 10/6 and yearly before 10/11."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deadlines")
    periodicity = models.CharField(max_length=12, choices=Periodicity.choices)
    day = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    recipient = models.CharField(_("report to"), max_length=255, blank=True)
    # Whom the report goes to today when the written recipient no longer exists (ADR 0025).
    recipient_now = models.CharField(_("report to today"), max_length=255, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "month", "day"]

    def __str__(self) -> str:
        when = f"{self.day:02d}/{self.month:02d}" if self.month else f"ngày {self.day}"
        return f"{self.get_periodicity_display()} trước {when}"

    def next_due(self, today: datetime.date) -> datetime.date | None:
        """The next due date on or after ``today`` (quarterly without month: the quarter's last month)."""
        months: list[int]
        if self.periodicity == Periodicity.MONTHLY:
            months = list(range(1, 13))
        elif self.periodicity == Periodicity.QUARTERLY and not self.month:
            months = [3, 6, 9, 12]
        elif self.month:
            months = [self.month]
        else:
            return None
        for year in (today.year, today.year + 1):
            for month in months:
                try:
                    due = datetime.date(year, month, self.day)
                except ValueError:
                    continue
                if due >= today:
                    return due
        return None


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    LATE = "late", _("Chậm tiến độ")
    BLOCKED = "blocked", _("Vướng mắc")


PROGRESS_PERIOD_RE = re.compile(r"^(\d{4})(?:-(S[12]|Q[1-4]))?$")  # progress: a year, a half or a quarter


def validate_period(value: str) -> None:
    match = PROGRESS_PERIOD_RE.match(value or "")
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ (ví dụ: 2026, 2026-S1, 2026-Q3)."))


class TaskProgress(TimeStampedModel):
    """What an agency reports on a task for a period: the lead's progress or a cooperating contribution."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    status = models.CharField(_("status"), max_length=12, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    narrative = models.TextField(_("results"), blank=True)
    is_contribution = models.BooleanField(default=False)
    agency = models.ForeignKey(
        "geo.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["task", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100),
                name="plans_progress_percent_range",
            )
        ]

    def period_display(self) -> str:
        return period_label(self.period)


class Evidence(TimeStampedModel):
    progress = models.ForeignKey(TaskProgress, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="plans/%Y/%m/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class ImportState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp chờ rà soát")
    SAVED = "saved", _("Đã lưu")


class PlanImport(VersionedModel):
    """An uploaded plan document parsed into a draft that a person reviews and corrects before saving."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    lines = models.JSONField(default=list)
    draft = models.JSONField(default=dict)
    state = models.CharField(max_length=6, choices=ImportState.choices, default=ImportState.DRAFT)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
