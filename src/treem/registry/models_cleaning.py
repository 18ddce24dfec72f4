"""Duplicate candidates of the children register (Đề án 06 data cleaning): found by ``dedup``,
decided by a person — merged into one record or marked as two different children."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    MERGED = "merged", _("Đã hợp nhất")
    DISTINCT = "distinct", _("Là hai trẻ khác nhau")


class DuplicatePair(models.Model):
    """Two records that may be the same child; ``child_a.pk < child_b.pk``, one row per pair."""

    child_a = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")
    child_b = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    high_confidence = models.BooleanField(_("high confidence"), default=False)
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.PENDING
    )
    kept = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate candidate")
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="registry_duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(child_a__lt=models.F("child_b")), name="registry_duplicate_pair_order"
            ),
        ]
        indexes = [models.Index(fields=["commune", "status"], name="registry_duplicate_commune_idx")]

    def __str__(self) -> str:
        return f"{self.child_a_id} ~ {self.child_b_id}"
