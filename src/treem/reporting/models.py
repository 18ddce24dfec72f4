"""The reporting regime: obligations generated from the plans' deadlines, reports with their versions and
reviews, the administrator's rules (deadlines on days off, reminders), and the reminders already sent."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel, VersionedModel
from treem.reporting import calendar, rules


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class Obligation(VersionedModel):
    """A unit (or one of its agencies) owes a report for a period, by a due date, to the level above.

    The report's editable content lives here too (narratives); every submission is kept as a
    ``Submission`` with the full content as it was sent. An accepted report is locked."""

    deadline = models.ForeignKey(
        "plans.ReportingDeadline", on_delete=models.CASCADE, related_name="obligations"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="obligations")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "geo.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    periodicity = models.CharField(max_length=12)
    period = models.CharField(_("period"), max_length=8)
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField(_("due date"))
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and causes"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    class Meta:
        ordering = ["due_date", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "period"], name="reporting_obligation_unique"),
        ]
        indexes = [models.Index(fields=["reviewer_unit", "period"], name="reporting_oblig_review_idx")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return calendar.period_label(self.period)

    @property
    def receiving_body(self) -> str:
        """The body the report goes to, as "Nơi nhận" names it (Nghị định 30/2020): the ministry for a
        report to the nation, else the People's Committee of the unit — never a bare territory (ADR 0025)."""
        unit = self.reviewer_unit
        if unit is None or unit.level == "nation":
            return rules.NATIONAL_RECEIVER
        return f"UBND {unit.name}"

    @property
    def data_end(self) -> datetime.date:
        """The last day of actual data: never after the due date (ADR 0025). Kept on the instance for its
        period and due date: the working-day calendar behind it reads the overrides of each year it walks
        through, and one page asks for it a dozen times (issue #20)."""
        key = (self.period, self.due_date)
        kept = self.__dict__.get("_data_end")
        if kept is None or kept[0] != key:
            kept = (key, calendar.data_end(self.period, self.due_date))
            self.__dict__["_data_end"] = kept
        return kept[1]

    @property
    def estimated_from(self) -> datetime.date | None:
        """The first day of the period the report can only estimate (None: the whole period is data)."""
        end = self.data_end
        return end + datetime.timedelta(days=1) if end < self.period_end else None

    def display_state(self, today: datetime.date) -> tuple[str, str]:
        """(code, label) including the states that depend on the date: not yet open, late."""
        if self.state == ReportState.ACCEPTED:
            return "accepted", "Đã tiếp nhận"
        if self.state == ReportState.SUBMITTED:
            return "submitted", "Đã gửi, chờ duyệt"
        if self.state == ReportState.RETURNED:
            return "returned", "Bị trả lại, cần gửi lại"
        if today < self.period_start:
            return "not_open", "Chưa đến kỳ"
        if today > self.due_date:
            return "late", "Quá hạn, chưa gửi"
        return "open", "Đang mở"

    @property
    def on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return self.first_submitted_at.date() <= self.due_date


class Submission(models.Model):
    """One sending of the report: the content exactly as sent (figures and narratives), and its review."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    decision = models.CharField(max_length=10, blank=True)  # "", accepted, returned
    comment = models.TextField(_("reviewer's comments"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["obligation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "number"], name="reporting_submission_unique")
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} lần {self.number}"


class ReportingRule(TimeStampedModel):
    """The administrator's settings (one row): deadlines on days off, reminder lead time."""

    day_off_rule = models.CharField(
        _("deadline on a day off"), max_length=8, choices=calendar.DayOffRule.CHOICES, default="next"
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before the deadline"), default=rules.REMIND_DAYS_BEFORE
    )
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    @classmethod
    def current(cls) -> ReportingRule:
        return cls.objects.order_by("pk").first() or cls(
            day_off_rule="next", remind_days_before=rules.REMIND_DAYS_BEFORE
        )


class Reminder(models.Model):
    """A reminder already sent (so each goes once): before the deadline, missed, or a weekly digest."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, null=True, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=10)  # before, missed, digest
    key = models.CharField(max_length=20, blank=True)  # the ISO week of a digest
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "kind"],
                name="reporting_reminder_once",
                condition=models.Q(obligation__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                name="reporting_digest_once",
                condition=models.Q(user__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.obligation_id or self.key}"


def _logged_unit() -> models.ForeignKey:
    """A unit a change log's row names: no constraint and no index of its own (the rows are appended by
    triggers in the changing transaction and read through the log's own indexes)."""
    return models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


class SupportChange(models.Model):
    """One statement that changed the register's supports, or one child moved to another commune: a row
    appended by triggers in the changing transaction (a plain INSERT, which waits for no other writer;
    ADR 0037). The report's support figures are kept under the count of these rows (``content._support``),
    so that a change committed anywhere makes them be read again; ``support_changes_compact`` empties the
    table and moves ``SupportEpoch`` on in one transaction.

    ``province``: the province of the children whose supports the statement changed (one row per province),
    the old and the new province of a child moved, or none (a TRUNCATE, a support whose child is not found):
    a unit's figures count the rows of its province and those of none (migration 0007). ``commune``: the
    children's commune, with their province (one row per province and commune; migration 0008): each
    commune's part of the figures counts the rows of its commune and those of none."""

    id = models.BigAutoField(primary_key=True)
    province = _logged_unit()
    commune = _logged_unit()

    class Meta:
        indexes = [
            models.Index(fields=["province", "id"], name="reporting_supchg_prov_idx"),
            models.Index(fields=["province", "commune", "id"], name="reporting_supchg_comm_idx"),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class SupportEpoch(models.Model):
    """How many times ``SupportChange`` was emptied (one row): with the count of its rows, the stamp of
    the register's supports, which changes with every committed change and never comes back (ADR 0037)."""

    number = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return str(self.number)


class SupportFigures(models.Model):
    """A report's support section kept under its key — the unit's communes and the period (ADR 0037) —:
    one part per commune, each with the stamp of that commune's supports (ADR 0049, amended (4)); a
    reader that finds a part's stamp moved reads that commune again and writes the row back, every other
    reads it. ``support_changes_compact`` empties the table with the log, whose epoch every stamp
    carries."""

    key = models.CharField(max_length=200, primary_key=True)
    figures = models.JSONField()

    def __str__(self) -> str:
        return self.key


class ReportChange(models.Model):
    """One statement that changed a table the report page's figures are read from (the register and its
    facts, cases, the plans' tasks, the indicators, their targets and reported values, activities,
    assessments, the map, the calendar): a row appended by triggers in the changing transaction (a plain
    INSERT, which waits for no other writer; ADR 0049). The page's figures are kept under the count of
    these rows (``content.kept_figures``); ``report_changes_compact`` empties the table and moves
    ``ReportEpoch`` on in one transaction.

    ``province``: the province whose rows the statement changed — one row per province touched, for the
    register and the tables reached through a child, a case or an activity —, or none (a table of the whole
    nation, a TRUNCATE, a row whose province is not found): a report counts the rows of its province and
    those of none (ADR 0049, amended: the stamp per province).

    ``part``: which of the page's parts the changed table feeds (ADR 0049, amended (5)): ``PLANS`` the
    plans, tasks, agencies and progress (the tasks alone read them), ``REGISTER`` the register and the
    child's facts (``commune``: the child's commune, none when not found or on a TRUNCATE), ``OTHER``
    every other table (every part counts it)."""

    OTHER, PLANS, REGISTER = 0, 1, 2

    id = models.BigAutoField(primary_key=True)
    province = _logged_unit()
    part = models.PositiveSmallIntegerField(db_default=0)
    commune = _logged_unit()

    class Meta:
        indexes = [
            models.Index(fields=["province", "part", "commune", "id"], name="reporting_change_part_idx")
        ]

    def __str__(self) -> str:
        return str(self.pk)


class ReportEpoch(models.Model):
    """How many times ``ReportChange`` was emptied (one row): with the count and last id of its rows, the
    stamp of the page's inputs, which changes with every committed change and never comes back (ADR 0049)."""

    number = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return str(self.number)


class ReportFigures(models.Model):
    """The figures a report's page shows (indicators, tasks, cases, supports; ``content.figures``) kept
    under their stamp — the inputs' stamp, the day, and the obligation's unit, plan, year and data window
    (ADR 0049) —: one row per report, written by the web process that missed it, read while the stamp
    holds. A row is only ever read under the stamp it was written with."""

    obligation = models.OneToOneField(
        Obligation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    stamp = models.CharField(max_length=200)
    figures = models.JSONField()
    # each part's stamp, and the indicators' register counts per commune (ADR 0049, amended (5)): read on a
    # miss only, to read again only the parts, and the communes, whose stamp moved
    parts = models.JSONField(default=dict)
    # those counts' whole numbers, packed (``content._KeptCounts``; amended (6)): written when read again
    counts = models.BinaryField(null=True)

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.stamp}"
