"""The children register (cơ sở dữ liệu về trẻ em) of each commune.

Every child belongs to a commune (``commune``), optionally a hamlet (``hamlet``), and is scoped through
``area`` — the most specific of the two — so a village collaborator sees the hamlet and a commune
worker the whole commune. ``province`` is carried for aggregation and, later, partitioning (ARCH §5).
Children are never deleted: turning 16, moving away and death are statuses with dates.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel, VersionedModel


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class ChildSex(models.TextChoices):
    """A child's recorded sex: unknown when the report did not say (Mẫu 01 "Không biết", ADR 0023) — never
    guessed as male. Counts by sex keep it as its own bucket."""

    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")
    UNKNOWN = "U", _("Không rõ")


class ChildStatus(models.TextChoices):
    ACTIVE = "active", _("Đang quản lý")
    MOVED_AWAY = "moved_away", _("Đã chuyển đi")
    AGED_OUT = "aged_out", _("Đã đủ 16 tuổi")
    ADULT = "adult", _("Đã đủ 18 tuổi")
    DECEASED = "deceased", _("Đã mất")


class Schooling(models.TextChoices):
    NOT_YET = "not_yet", _("Chưa đến tuổi đi học, ở nhà")
    CRECHE = "creche", _("Nhà trẻ")
    KINDERGARTEN = "kindergarten", _("Mẫu giáo")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Giáo dục nghề nghiệp")
    OUT_OF_SCHOOL = "out_of_school", _("Bỏ học, không đi học")


class DisabilityLevel(models.TextChoices):
    # Luật Người khuyết tật 2010 Điều 3 k2.
    SEVERE_EXTREME = "dac_biet_nang", _("Khuyết tật đặc biệt nặng")
    SEVERE = "nang", _("Khuyết tật nặng")
    MILD = "nhe", _("Khuyết tật nhẹ")


class DisabilityType(models.TextChoices):
    # Luật Người khuyết tật 2010 Điều 3 k1.
    MOBILITY = "van_dong", _("Khuyết tật vận động")
    HEARING_SPEECH = "nghe_noi", _("Khuyết tật nghe, nói")
    VISUAL = "nhin", _("Khuyết tật nhìn")
    MENTAL = "than_kinh_tam_than", _("Khuyết tật thần kinh, tâm thần")
    INTELLECTUAL = "tri_tue", _("Khuyết tật trí tuệ")
    OTHER = "khac", _("Khuyết tật khác")


class PovertyStatus(models.TextChoices):
    NONE = "none", _("Không thuộc hộ nghèo, cận nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    POOR = "poor", _("Hộ nghèo")


class Ethnicity(models.Model):
    """The 54 ethnic groups with their official codes (data/reference/ethnicities.csv)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=60)
    other_names = models.CharField(_("other names"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CircumstanceGroup(models.Model):
    """One of the 14 groups of children in special circumstances (Luật Trẻ em Điều 10 k1)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    clause = models.CharField(_("point"), max_length=2)  # điểm a … o
    name = models.CharField(_("name"), max_length=255)
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class CircumstanceSubtype(models.Model):
    group = models.ForeignKey(CircumstanceGroup, on_delete=models.CASCADE, related_name="subtypes")
    code = models.CharField(_("code"), max_length=10, unique=True)  # e.g. "1.2"
    name = models.CharField(_("name"), max_length=255)
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Household(TimeStampedModel):
    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    head_name = models.CharField(_("head of household"), max_length=150)
    address = models.CharField(_("address"), max_length=255, blank=True)
    poverty_status = models.CharField(
        _("poverty status"), max_length=10, choices=PovertyStatus.choices, default=PovertyStatus.NONE
    )

    def __str__(self) -> str:
        return self.head_name


class ChildQuerySet(models.QuerySet["Child"]):
    """Children, plus an optional plan for paging them in folded-name order: ``fold_ranges``, sorted and
    disjoint ranges of ``name_folded`` (byte order) that hold every row of the queryset. The one-typo
    search sets it (``selectors._typo_search``) so that ``selectors.child_page`` reads its ranges one
    after the other, each an ordered scan of the index, instead of leaving PostgreSQL to guess how many
    rows an OR of several ranges holds. It only shapes the plan: the filters still say which rows match."""

    fold_ranges: tuple[tuple[str, str], ...] = ()
    # The given name alone (ADR 0038): how ``selectors.child_page`` may read the page and count off
    # registry_childword instead (``selectors._NameWords``); the filters still say which rows match.
    name_words: Any = None

    def in_fold_ranges(self, ranges: list[tuple[str, str]]) -> ChildQuerySet:
        merged: list[tuple[str, str]] = []
        for low, high in sorted(ranges):
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        clone = self.all()
        clone.fold_ranges = tuple(merged)
        return clone

    def _clone(self) -> ChildQuerySet:  # carry the plan through filter(), order_by(), …
        clone = super()._clone()  # type: ignore[misc]  # Django's own copy step, absent from the stubs
        clone.fold_ranges = self.fold_ranges
        clone.name_words = self.name_words
        return clone

    def with_name_words(self, plan: Any) -> ChildQuerySet:
        clone = self.all()
        clone.name_words = plan
        return clone


class Child(VersionedModel):
    # Every index is paid for by every write (an import of a million children spends most of its time in
    # PostgreSQL keeping them): province is indexed by the composite index below, commune by
    # registry_child_commune_fold_idx (migration 0009), both leading with it; merged_into by a partial
    # index of the few merged records (ADR 0012). hamlet, household, ethnicity and created_by have no
    # index of their own: no query looks children up by them (a hamlet's children are its area's,
    # registry_child_area_fold_idx), and the rows they point to are never deleted by Treem (ADR 0029).
    # The foreign keys are not PostgreSQL constraints (db_constraint=False, ADR 0034): statement-level
    # triggers check the keys of every INSERT, UPDATE and COPY set-wise, one query per referenced table,
    # lock the rows found FOR KEY SHARE and raise foreign_key_violation (IntegrityError); triggers on the
    # referenced tables refuse deleting a row still referenced (migration 0015). Django's on_delete is
    # unchanged (PROTECT, SET_NULL are Django's, run before the DELETE).
    province = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    hamlet = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # The hamlet, or the commune: the unit that scopes the record. Indexed by registry_child_area_fold_idx
    # (migration 0010), which leads with it.
    area = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, db_index=False, db_constraint=False
    )
    relation_to_head = models.CharField(_("relation to the head of household"), max_length=50, blank=True)

    personal_id = models.CharField(_("personal ID number"), max_length=12, null=True, blank=True, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # Byte order ("C"): the search reads it off registry_child_fold_c_idx, and PostgreSQL's statistics of
    # the column only serve range estimates in the collation they were gathered in (migration 0008).
    name_folded = models.CharField(max_length=150, editable=False, db_collation="C")
    name_sort_key = models.BinaryField(editable=False, default=bytes)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=ChildSex.choices)
    ethnicity = models.ForeignKey(
        Ethnicity, on_delete=models.PROTECT, null=True, blank=True, db_index=False, db_constraint=False
    )
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")

    birth_registered = models.BooleanField(_("birth registered"), null=True, blank=True)
    birth_registration_date = models.DateField(_("birth registration date"), null=True, blank=True)
    birth_registration_place = models.CharField(_("birth registration place"), max_length=255, blank=True)
    health_insurance_number = models.CharField(_("health insurance card"), max_length=15, blank=True)
    health_insurance_valid_until = models.DateField(_("health insurance valid until"), null=True, blank=True)
    schooling = models.CharField(_("schooling"), max_length=20, choices=Schooling.choices, blank=True)
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    disability_type = models.CharField(
        _("disability"), max_length=20, choices=DisabilityType.choices, blank=True
    )
    disability_level = models.CharField(
        _("disability level"), max_length=20, choices=DisabilityLevel.choices, blank=True
    )
    hiv_status = models.BooleanField(_("living with HIV"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=ChildStatus.choices, default=ChildStatus.ACTIVE
    )
    status_date = models.DateField(_("status date"), null=True, blank=True)
    is_provisional = models.BooleanField(
        _("provisional record"), default=False, help_text=_("Created from a case report; to be confirmed.")
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        indexes = [
            models.Index(fields=["province", "status", "date_of_birth"], name="registry_child_prov_idx"),
            models.Index(fields=["name_sort_key", "id"], name="registry_child_sort_idx"),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="registry_child_merged_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(personal_id__isnull=True) | models.Q(personal_id__regex=r"^[0-9]{12}$"),
                name="registry_child_personal_id_format",
            ),
            # The area is the hamlet, or the commune without one: a hamlet's children are found by area.
            models.CheckConstraint(
                condition=models.Q(area=Coalesce("hamlet", "commune")),
                name="registry_child_area_is_hamlet_or_commune",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class NameWord(models.Model):
    """A folded word used in some child's name (``"nguyen"``): the vocabulary the one-typo search
    corrects a query against (ADR 0010). A database trigger on registry_child fills it on every insert
    and update, COPY included (migration 0005); words are never removed, a word no name uses any more
    only costs the search one useless probe. "C" collation: byte order, so a prefix is one index range."""

    word = models.TextField(primary_key=True, db_collation="C")
    # Seen between two other words of a name: only then can a query of several words starting with it
    # be found inside a name rather than at its start.
    middle = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.word


class ChildWord(models.Model):
    """A word of a child's name after its first word, with the name, in name order (ADR 0038): the
    children whose name holds a word starting with ``"trang"`` (the given name alone, the search's
    word-inside tier) are one range of the primary key per word, read in name order; their bounded count
    is an index-only read of one range. One row per distinct word of a name after the first; ``shared``:
    how many letters it has in common at its start with an earlier such word of the name (at most), so
    that ``shared < len(query)`` keeps exactly one row per child among the words starting with the query
    (the first of them). Kept by statement-level triggers on registry_child (migration 0017; the rows
    computed in one pass since 0022, ADR 0052) whatever writes the children — the services, the import's
    COPY and ``UPDATE … FROM``, deletes —; the status, area and commune are copied so that a scope and the
    status filter are read off the index."""

    pk = models.CompositePrimaryKey("word", "name_folded", "child")
    word = models.TextField(db_collation="C")
    name_folded = models.TextField(db_collation="C")
    child = models.ForeignKey(
        Child, on_delete=models.DO_NOTHING, related_name="+", db_index=False, db_constraint=False
    )
    shared = models.SmallIntegerField()
    status = models.CharField(max_length=12)
    area_id = models.BigIntegerField()
    commune_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.word} ({self.name_folded})"


class Guardian(TimeStampedModel):
    class Relationship(models.TextChoices):
        FATHER = "father", _("Cha")
        MOTHER = "mother", _("Mẹ")
        GRANDPARENT = "grandparent", _("Ông, bà")
        SIBLING = "sibling", _("Anh, chị")
        RELATIVE = "relative", _("Người thân khác")
        CAREGIVER = "caregiver", _("Người chăm sóc thay thế")
        OTHER = "other", _("Khác")

    # Checked set-wise by a trigger, like the child's keys (ADR 0034); deleting a child deletes its guardians
    # (Django's CASCADE), and the database refuses deleting a child that still has some.
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardians", db_constraint=False)
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, default="")
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    lives_with_child = models.BooleanField(_("lives with the child"), default=True)

    def __str__(self) -> str:
        return f"{self.get_relationship_display()}: {self.full_name}"


class ChildCircumstance(TimeStampedModel):
    """A child's membership of a special-circumstance group, with dates (a child can be in several)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="circumstances")
    group = models.ForeignKey(CircumstanceGroup, on_delete=models.PROTECT)
    subtype = models.ForeignKey(CircumstanceSubtype, on_delete=models.PROTECT, null=True, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["group__number", "-start_date"]
        indexes = [models.Index(fields=["group", "start_date", "end_date"], name="registry_circ_group_idx")]


class RiskFlag(TimeStampedModel):
    """At risk of falling into special circumstances (Luật Trẻ em Điều 4 k?; Nghị định 56/2017 Điều 3)."""

    class Kind(models.TextChoices):
        VIOLENCE = "violence", _("Có nguy cơ bị bạo lực")
        EXPLOITATION = "exploitation", _("Có nguy cơ bị bóc lột")
        SEXUAL_ABUSE = "sexual_abuse", _("Có nguy cơ bị xâm hại tình dục")
        TRAFFICKING = "trafficking", _("Có nguy cơ bị mua bán")
        ABANDONMENT = "abandonment", _("Có nguy cơ bị bỏ rơi, bỏ mặc")
        DROPOUT = "dropout", _("Có nguy cơ bỏ học")
        CHILD_LABOUR = "child_labour", _("Có nguy cơ lao động trái quy định")
        CHILD_MARRIAGE = "child_marriage", _("Có nguy cơ tảo hôn")
        DRUGS = "drugs", _("Có nguy cơ nghiện ma túy")
        LAW = "law", _("Có nguy cơ vi phạm pháp luật")
        FAMILY = "family", _("Gia đình có hoàn cảnh khó khăn, cha mẹ ly hôn, đi làm xa")
        OTHER = "other", _("Nguy cơ khác")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("risk"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)


class LabourRecord(TimeStampedModel):
    class Status(models.TextChoices):
        NONE = "none", _("Không lao động")
        PERMITTED = "permitted", _("Làm công việc được phép theo độ tuổi")
        CHILD_LABOUR = "child_labour", _("Lao động trẻ em (trái quy định)")
        HAZARDOUS = "hazardous", _("Lao động nặng nhọc, độc hại, nguy hiểm")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="labour")
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    recorded_on = models.DateField(_("recorded on"))
    note = models.TextField(_("note"), blank=True)


class Injury(TimeStampedModel):
    class Kind(models.TextChoices):
        TRAFFIC = "traffic", _("Tai nạn giao thông")
        DROWNING = "drowning", _("Đuối nước")
        FALL = "fall", _("Ngã")
        BURN = "burn", _("Bỏng")
        POISONING = "poisoning", _("Ngộ độc")
        ANIMAL = "animal", _("Động vật cắn, đốt")
        OTHER = "other", _("Khác")

    class Outcome(models.TextChoices):
        RECOVERED = "recovered", _("Đã bình phục")
        TREATMENT = "treatment", _("Đang điều trị")
        DISABILITY = "disability", _("Để lại khuyết tật")
        DEATH = "death", _("Tử vong")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="injuries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["date", "kind"], name="registry_injury_date_idx")]


class Support(TimeStampedModel):
    class Kind(models.TextChoices):
        GIFT = "gift", _("Quà (1/6, Trung thu, Tết)")
        SCHOLARSHIP = "scholarship", _("Học bổng")
        SCHOOL_SUPPLIES = "school_supplies", _("Đồ dùng, sách vở học tập")
        SOCIAL_ALLOWANCE = "social_allowance", _("Trợ cấp xã hội hằng tháng")
        HEALTH_INSURANCE = "health_insurance", _("Thẻ bảo hiểm y tế")
        HOUSE_REPAIR = "house_repair", _("Xây, sửa nhà")
        ALTERNATIVE_CARE = "alternative_care", _("Chăm sóc thay thế")
        COUNSELLING = "counselling", _("Tư vấn, tham vấn tâm lý")
        LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
        HEALTHCARE = "healthcare", _("Hỗ trợ khám, chữa bệnh")
        OTHER = "other", _("Khác")

    class Source(models.TextChoices):
        BUDGET = "budget", _("Ngân sách nhà nước")
        CHILDREN_FUND = "children_fund", _("Quỹ Bảo trợ trẻ em")
        SPONSOR = "sponsor", _("Nhà tài trợ, mạnh thường quân")
        OTHER = "other", _("Nguồn khác")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (đồng)"), default=0)
    source = models.CharField(_("source"), max_length=15, choices=Source.choices)
    provider = models.ForeignKey("geo.Agency", on_delete=models.SET_NULL, null=True, blank=True)
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["date", "kind"], name="registry_support_date_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="registry_support_amount")
        ]


class ChildMove(TimeStampedModel):
    """A move between communes: the record passes to the new commune, history stays."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="moves")
    from_commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    to_commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    moved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")


# Models of the register's import and cleaning parts, registered with this app.
from treem.registry.models_cleaning import DuplicatePair, DuplicateStatus  # noqa: E402, F401
from treem.registry.models_io import ImportJob, ImportStatus, ImportTemplate  # noqa: E402, F401
