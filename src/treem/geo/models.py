"""The administrative map: nation → province → (former district) → commune → hamlet.

Two maps live side by side: the current two-tier map in force since 01/07/2025 (34 provinces,
3,321 communes) and the former three-tier map (63 provinces, districts, ~10,000 communes), kept so
that records made under a former unit stay readable and roll into their successors. Official codes
repeat across the two maps (Hồ Chí Minh is 79 in both), so a unit is identified by
(generation, level, code), and subtrees are found through ``path``, a chain of primary keys.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel
from treem.core.text import fold, nfc


class Generation(models.TextChoices):
    CURRENT = "2025", _("Bản đồ hành chính hiện hành (từ 01/07/2025)")
    FORMER = "2008", _("Bản đồ hành chính cũ (trước 01/07/2025)")


class Level(models.TextChoices):
    NATION = "nation", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Quận, huyện (cũ)")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    HAMLET = "hamlet", _("Thôn, ấp, bản, khu phố, tổ dân phố")


LEVEL_DEPTH = {Level.NATION: 0, Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3, Level.HAMLET: 4}


class UnitType(models.TextChoices):
    NATION = "quoc_gia", _("Quốc gia")
    CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    PROVINCE = "tinh", _("Tỉnh")
    URBAN_DISTRICT = "quan", _("Quận")
    RURAL_DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    WARD = "phuong", _("Phường")
    COMMUNE = "xa", _("Xã")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    VILLAGE = "thon", _("Thôn")
    AP = "ap", _("Ấp")
    BAN = "ban", _("Bản")
    QUARTER = "khu_pho", _("Khu phố")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")
    OTHER_HAMLET = "khac", _("Thôn, xóm, buôn, làng khác")


HAMLET_TYPES = (
    UnitType.VILLAGE,
    UnitType.AP,
    UnitType.BAN,
    UnitType.QUARTER,
    UnitType.RESIDENTIAL_GROUP,
    UnitType.OTHER_HAMLET,
)


class AdminUnit(TimeStampedModel):
    generation = models.CharField(
        _("map"), max_length=4, choices=Generation.choices, default=Generation.CURRENT
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    unit_type = models.CharField(_("type"), max_length=16, choices=UnitType.choices)
    code = models.CharField(_("official code"), max_length=24)
    name = models.CharField(_("name"), max_length=160)  # full name, e.g. "Phường Sài Gòn"
    short_name = models.CharField(_("short name"), max_length=120)  # e.g. "Sài Gòn"
    name_folded = models.CharField(max_length=160, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    # "/<pk>/<pk>/…/": a subtree is a prefix filter. Set by services.unit_set_path after insert.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # A hamlet of the current map: the former commune (2008 map) it lay in, where known. A child recorded in
    # such a hamlet counts exactly for that former commune (ADR 0024); others are shared out by estimate.
    former_commune = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("former commune"),
        limit_choices_to={"generation": "2008", "level": "commune"},
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        ordering = ["generation", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "level", "code"], name="geo_unit_unique_code"),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=False) | models.Q(level="nation"),
                name="geo_unit_parent_required",
            ),
        ]
        indexes = [
            models.Index(Upper("code"), name="geo_unit_code_idx"),
            models.Index(fields=["level", "generation"], name="geo_unit_level_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_current(self) -> bool:
        return self.generation == Generation.CURRENT

    @property
    def depth(self) -> int:
        return LEVEL_DEPTH[Level(self.level)]

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class UnitSuccession(models.Model):
    """A former unit whose territory (whole or part) passed to a current one on a given date."""

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    effective_date = models.DateField(_("effective date"))
    is_partial = models.BooleanField(
        _("only part of the former unit"),
        default=False,
        help_text=_("The former unit was divided among several new units."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Chính quyền (UBND)")
    HEALTH = "health", _("Y tế")
    EDUCATION = "education", _("Giáo dục và Đào tạo")
    POLICE = "police", _("Công an")
    JUSTICE = "justice", _("Tư pháp")
    CULTURE = "culture", _("Văn hóa, Thể thao và Du lịch")
    HOME_AFFAIRS = "home_affairs", _("Nội vụ, Lao động")
    FINANCE = "finance", _("Tài chính")
    INSURANCE = "insurance", _("Bảo hiểm xã hội")
    SOCIAL_WORK = "social_work", _("Công tác xã hội")
    HOTLINE = "hotline", _("Tổng đài bảo vệ trẻ em")
    MASS_ORG = "mass_org", _("Mặt trận, đoàn thể")
    COURT = "court", _("Tòa án, Viện kiểm sát")
    STATISTICS = "statistics", _("Thống kê")
    COMMUNICATION = "communication", _("Thông tin, truyền thông")
    TRANSPORT = "transport", _("Giao thông")
    CONSTRUCTION = "construction", _("Xây dựng")
    SCIENCE = "science", _("Khoa học, công nghệ")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Ngoại vụ")
    AGRICULTURE = "agriculture", _("Nông nghiệp, môi trường")
    PARTY = "party", _("Cơ quan Đảng")
    MEDIA = "media", _("Báo chí, phát thanh, truyền hình")
    CHILDREN = "children", _("Cơ quan điều phối công tác trẻ em")
    OTHER = "other", _("Khác")


class AgencyType(models.Model):
    """A kind of agency from the catalogue (data/reference/agency_types.csv)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    levels = models.CharField(
        _("levels"), max_length=60, help_text=_("Levels where this agency exists, comma-separated.")
    )
    abbreviations = models.CharField(_("abbreviations"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Agency(TimeStampedModel):
    """A concrete agency (cơ quan, đơn vị) attached to a unit, e.g. "Sở Y tế Thành phố Hồ Chí Minh"."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="agencies")
    agency_type = models.ForeignKey(AgencyType, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="geo_agency_unique_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
