"""Users, roles (named permission sets) and assignments of a role over an area.

A user's jurisdiction for a permission is the union of the subtrees of the units of their
active assignments whose role holds that permission. Only ``accounts.access`` reads these rules.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel
from treem.core.text import nfc


class User(AbstractUser):
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    must_change_password = models.BooleanField(default=False)

    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.username

    def clean(self) -> None:
        super().clean()
        self.full_name = nfc(self.full_name)


class Role(models.Model):
    """A named set of permission codenames (``<app>.<verb>_<noun>``), loaded from the role catalogue."""

    class Level(models.TextChoices):
        NATION = "nation", _("Trung ương")
        PROVINCE = "province", _("Tỉnh")
        COMMUNE = "commune", _("Xã")
        HAMLET = "hamlet", _("Thôn, tổ dân phố")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("assigned at"), max_length=10, choices=Level.choices)
    permissions = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    requires_2fa = models.BooleanField(_("requires two-factor authentication"), default=False)
    needs_agency = models.BooleanField(_("assigned with an agency"), default=False)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Assignment(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey("geo.Agency", on_delete=models.PROTECT, null=True, blank=True)
    valid_from = models.DateField(_("valid from"), default=datetime.date.today)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # An assignment that opens children's records, given by someone who is not the unit's data owner,
    # waits for the data owner's approval (ADR 0019); a pending assignment grants nothing.
    pending = models.BooleanField(_("awaiting approval"), default=False)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="accounts_assignment_dates",
            )
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"], name="accounts_assign_active_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.unit}"

    def is_active_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return not self.pending and self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ApiToken(TimeStampedModel):
    """A bearer token for another system (hotline 111, population-database exchange) acting as ``user``.

    Only the SHA-256 of the token is stored; the token itself is shown once at creation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class EnrolmentCode(TimeStampedModel):
    """A one-time code, issued by an administrator and handed over out of band, without which a user
    cannot enrol an authenticator app (ADR 0019). Only the SHA-256 of the code is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.expires_at:%d/%m/%Y %H:%M}"
