"""Indicators as data (catalogue loaded from data/reference/indicators.csv), their targets per
jurisdiction, and values that other sectors report (health, education …) and Treem cannot compute."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel
from treem.indicators import rules


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    PER_1000_LIVE_BIRTHS = "per_1000_live_births", _("‰ trẻ đẻ sống")
    PER_100000_CHILDREN = "per_100000_children", _("/100.000 trẻ em")
    COUNT = "count", _("số lượng")
    # Thông tư 13/2021, Phụ lục I, nhóm 01 (ADR 0032): the sex ratio at birth and the crude birth rate.
    BOYS_PER_100_GIRLS = "boys_per_100_girls", _("bé trai/100 bé gái")
    PER_1000_POPULATION = "per_1000_population", _("‰ dân số")


class Periodicity(models.TextChoices):
    YEAR = "year", _("Hằng năm")
    HALF_YEAR = "half_year", _("6 tháng")
    QUARTER = "quarter", _("Hằng quý")


class Source(models.TextChoices):
    COMPUTED = "computed", _("Tính từ cơ sở dữ liệu")
    REPORTED = "reported", _("Báo cáo của ngành")


class Direction(models.TextChoices):
    RAISE = "raise", _("Tăng")
    LOWER = "lower", _("Giảm")
    KEEP = "keep", _("Duy trì")


class Aggregation(models.TextChoices):
    RATIO_OF_SUMS = "ratio_of_sums", _("Tổng tử số chia tổng mẫu số")
    SUM = "sum", _("Cộng dồn")


class Comparator(models.TextChoices):
    LT = "lt", "<"
    LE = "le", "≤"
    EQ = "eq", "="
    GE = "ge", "≥"
    GT = "gt", ">"


class TargetKind(models.TextChoices):
    """How a target is written (issue #17): a level to reach with a comparator, a level to keep
    ("duy trì": not worse than the year before, and the level when one is given), a range, or a yearly
    change against the previous year's figure ("giảm ít nhất 5 %/năm": ``value`` is that percentage)."""

    LEVEL = "level", _("Mức cần đạt")
    KEEP = "keep", _("Duy trì")
    RANGE = "range", _("Khoảng")
    CHANGE = "change", _("Thay đổi hằng năm")


class TargetBreakdown(models.TextChoices):
    """The part of the population a split target is for ("" = all)."""

    ALL = "", _("Chung")
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")
    URBAN = "urban", _("Thành thị")
    RURAL = "rural", _("Nông thôn")


class SexBreakdown(models.TextChoices):
    TOTAL = "", _("Chung")
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=255)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=24, choices=MeasureUnit.choices)
    numerator = models.CharField(_("numerator"), max_length=255, blank=True)
    denominator = models.CharField(_("denominator"), max_length=255, blank=True)
    disaggregations = models.CharField(_("disaggregations"), max_length=120, blank=True)
    periodicity = models.CharField(_("periodicity"), max_length=10, choices=Periodicity.choices)
    lead_agency = models.CharField(_("lead agency"), max_length=120, blank=True)
    # The sectors (geo.Sector codes, ";"-separated) of the lead agency as written above: an agency whose
    # type belongs to one of them reports this indicator's values (ADR 0020).
    lead_sectors = models.CharField(_("lead sectors"), max_length=120, blank=True)
    source = models.CharField(_("source of data"), max_length=10, choices=Source.choices)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    aggregation = models.CharField(_("aggregation"), max_length=16, choices=Aggregation.choices)
    citation = models.CharField(_("legal source"), max_length=255)
    # False where the catalogue could not confirm part of the row against the legal text (a code inferred
    # from position, a periodicity not read): shown as "CHƯA XÁC NHẬN", with ``doubt`` saying what (ADR 0032).
    confirmed = models.BooleanField(_("confirmed against the legal text"), default=True)
    doubt = models.TextField(_("what is not confirmed"), blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def sectors(self) -> set[str]:
        return {s.strip() for s in self.lead_sectors.split(";") if s.strip()}

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO_OF_SUMS

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    def value_of(self, numerator: int | Decimal | None, denominator: int | Decimal | None) -> Decimal | None:
        """The published figure: numerator ÷ denominator × multiplier (None when the denominator is 0)."""
        if numerator is None:
            return None
        if not self.is_ratio:
            return Decimal(numerator).quantize(rules.VALUE_PLACES)
        if not denominator:
            return None
        value = Decimal(numerator) * rules.MULTIPLIERS[self.unit] / Decimal(denominator)
        return value.quantize(rules.VALUE_PLACES)

    def valuer(self) -> Callable[[int, int], Decimal | None]:
        """``value_of`` for whole numbers, as a function with the indicator's kind and multiplier looked
        up once: the same operations, for the many figures of one indicator (``catalogue_figures``)."""
        places = rules.VALUE_PLACES
        if not self.is_ratio:
            return lambda numerator, _denominator: Decimal(numerator).quantize(places)
        multiplier = rules.MULTIPLIERS[self.unit]

        def value(numerator: int, denominator: int) -> Decimal | None:
            if not denominator:
                return None
            return (Decimal(numerator) * multiplier / Decimal(denominator)).quantize(places)

        return value


class TargetOrigin(models.TextChoices):
    """Who set a target (ADR 0020): people's data outranks reference data. ``load_reference`` writes and
    updates only REFERENCE rows; a user's or a plan's target, or a reference target a user cleared, is
    never overwritten by it."""

    REFERENCE = "reference", _("Danh mục tham chiếu")
    USER = "user", _("Người dùng đặt")
    PLAN = "plan", _("Kế hoạch")
    CLEARED = "cleared", _("Đã xóa (không áp dụng)")


class Target(models.Model):
    """A jurisdiction's target for an indicator in a year; a unit without one inherits its ancestor's.
    A CLEARED row is kept only so that ``load_reference`` does not bring back a target a user removed:
    it applies to nobody (``Target.active``)."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=4)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    source = models.CharField(_("source"), max_length=255, blank=True)
    origin = models.CharField(
        _("set by"), max_length=10, choices=TargetOrigin.choices, default=TargetOrigin.USER
    )
    # Another source that sets a different target for the same unit, indicator and year — a plan whose
    # wording differs from the catalogue's — as it wrote it ("≤ 6,2 (Quyết định 4063/QĐ-UBND …)"): shown
    # beside the target, never written over it (ADR 0024).
    conflict = models.CharField(_("conflicting source"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=TargetKind.choices, default=TargetKind.LEVEL)
    value_high = models.DecimalField(_("upper bound"), max_digits=12, decimal_places=4, null=True, blank=True)
    breakdown = models.CharField(
        _("breakdown"), max_length=8, choices=TargetBreakdown.choices, blank=True, default=""
    )
    # One year of a plan's target set for every year of its period ("hằng năm", ADR 0044): shown as
    # "hằng năm", and applying to its own year only — never the next milestone of an earlier year.
    every_year = models.BooleanField(_("every year"), default=False)
    # A year's own target set by hand over one year of an every-year target: the every-year row it replaced
    # (value, comparator, kind, upper bound, source, origin), put back when this one is cleared (ADR 0044).
    replaced = models.JSONField(_("every-year target replaced"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year", "breakdown"], name="indicators_target_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.get_comparator_display()} {self.value}"

    @classmethod
    def active(cls) -> models.QuerySet[Target]:
        """The targets that apply (every row but the CLEARED ones)."""
        return cls.objects.exclude(origin=TargetOrigin.CLEARED)


class ReportedValue(TimeStampedModel):
    """A figure another sector reports for a unit and year (sex "" = total)."""

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="reported_values")
    year = models.PositiveSmallIntegerField(_("year"))
    numerator = models.PositiveBigIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveBigIntegerField(_("denominator"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=SexBreakdown.choices, blank=True, default="")
    entered_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year", "sex"], name="indicators_reported_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.year} {self.sex}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        indicator = self.indicator
        if not 2000 <= (self.year or 0) <= 2100:
            errors["year"] = "Năm phải từ 2000 đến 2100."
        if self.sex not in SexBreakdown.values:
            errors["sex"] = "Giới tính không hợp lệ."
        if indicator.is_computed:
            errors["indicator"] = "Chỉ số này được tính từ cơ sở dữ liệu, không nhập số liệu báo cáo."
        if indicator.is_ratio:
            if self.numerator is None:
                errors["numerator"] = "Chưa nhập tử số."
            if self.denominator is None:
                errors["denominator"] = "Chưa nhập mẫu số."
            elif self.denominator <= 0:
                errors["denominator"] = "Mẫu số phải lớn hơn 0."
            if (
                self.numerator is not None
                and self.denominator
                and indicator.unit == MeasureUnit.PERCENT
                and self.numerator > self.denominator
            ):
                errors["numerator"] = (
                    "Tử số không được lớn hơn mẫu số đối với chỉ số tính theo tỷ lệ phần trăm."
                )
            if not errors:
                self.value = indicator.value_of(self.numerator, self.denominator)
        else:
            if self.value is None:
                errors["value"] = "Chưa nhập giá trị."
            elif self.value < 0:
                errors["value"] = "Giá trị không được âm."
            if self.numerator is not None or self.denominator is not None:
                errors["numerator"] = "Chỉ số đếm số lượng chỉ nhập giá trị, không nhập tử số, mẫu số."
        if errors:
            raise ValidationError(errors)


class PopulationCount(models.Model):
    """How many children of the register a commune holds, per sex, birth year, birth registration,
    ethnic group and the last year they count in: the populations of the computed indicators (denominators)
    read from some 10⁵ rows instead of the whole register (ADR 0011).

    Written only by PostgreSQL: statement-level triggers on ``registry_child`` (migrations 0002, 0006)
    append rows that add the inserted children, subtract the deleted ones and move the updated ones, in
    the same transaction as the change, COPY included. A key's count is the SUM of ``n`` over its rows.
    A merged record, a child moved away and a death without a date never count.
    """

    STILL_COUNTED = 9999
    NOT_RECORDED, KINH, MINORITY = 0, 1, 2  # ethnic_group: Kinh is code 01 of registry_ethnicity

    commune_id = models.BigIntegerField()
    sex = models.CharField(max_length=1)
    birth_year = models.IntegerField()
    registered = models.BooleanField()  # birth_registered is true (unknown counts as not registered)
    ethnic_group = models.SmallIntegerField()  # NOT_RECORDED, KINH or MINORITY
    until_year = models.IntegerField()  # the year of death, else STILL_COUNTED
    n = models.BigIntegerField()
    # Moved into the kept counts of the kept years (``NumeratorCount.children``, ADR 0040) by
    # ``numerators.fold``: a row the triggers append is not (the database's default), and the catalogue
    # adds the rows not folded yet to the kept counts when it reads them.
    folded = models.BooleanField(db_default=False)

    class Meta:
        # Not unique: the triggers append one row of +n/−n per key and statement, so concurrent writers
        # never wait for each other's count rows (no deadlock, issue #15.12); readers sum ``n`` per key and
        # ``indicators_population_compact()`` (a nightly job) folds each key back into one row.
        indexes = [
            models.Index(
                fields=["commune_id", "sex", "birth_year", "registered", "ethnic_group", "until_year"],
                name="indicators_population_key_idx",
            ),
            # the rows not folded yet: what the catalogue adds to the kept counts, and the fold takes
            models.Index(
                fields=["birth_year"], condition=Q(folded=False), name="indicators_population_new_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.sex} {self.birth_year}: {self.n}"


class NumeratorYear(models.Model):
    """A year whose numerators are kept (``NumeratorChild``, ``NumeratorCount``; ADR 0033). Written by
    ``numerators.keep_year`` and the hourly job, which keep the year before, this year and the next; the
    catalogue computes any other year from the facts, as before."""

    year = models.IntegerField(primary_key=True)

    def __str__(self) -> str:
        return str(self.year)


class NumeratorChild(models.Model):
    """What one child brings to the numerators of one kept year (ADR 0033): its key (commune, sex, birth
    year, ethnic group) and its facts of the year — ``kinds`` has bit 1 for a special circumstance in
    force, 2 a support, 4 an abuse case (its merged records' included), 8 child labour by the latest
    labour record; ``injuries`` and ``deaths`` count the year's injuries. Only children counted in the
    year (as ``selectors.population``) who have a circumstance, a case, child labour or an injury.

    Written only by ``numerators.fold`` / ``keep_year`` (one at a time, under an advisory lock): it is
    the state the kept counts were last folded from, so that a changed child's old part can be taken out.
    """

    pk = models.CompositePrimaryKey("child_id", "year")
    child_id = models.BigIntegerField()
    year = models.IntegerField()
    commune_id = models.BigIntegerField()
    sex = models.CharField(max_length=1)
    birth_year = models.IntegerField()
    ethnic_group = models.SmallIntegerField()  # PopulationCount.NOT_RECORDED, KINH or MINORITY
    kinds = models.SmallIntegerField()
    injuries = models.IntegerField()
    deaths = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.child_id} {self.year}: {self.kinds}"


class NumeratorCount(models.Model):
    """The counts of a kept year per commune, sex, age band and ethnic group (ADR 0033, 0040): the
    numerators — the sums of ``NumeratorChild``: children with a special circumstance (``hcdb``), those
    also supported, abused, in child labour; injuries and injury deaths — and the populations — the
    children counted in the year (``children``) and those of them birth-registered, the sums of the folded
    ``PopulationCount`` rows — per age band at 31/12 of the year (its first age: 0, 5, 10, 15, 16 — every
    age where an indicator's population or a breakdown's age group starts or ends,
    ``numerators._band_starts``). The ages of each indicator are applied when read."""

    year = models.IntegerField()
    commune_id = models.BigIntegerField()
    sex = models.CharField(max_length=1)
    age_band = models.SmallIntegerField()
    ethnic_group = models.SmallIntegerField()
    children = models.IntegerField(db_default=0)
    registered = models.IntegerField(db_default=0)
    hcdb = models.IntegerField()
    hcdb_supported = models.IntegerField()
    abused = models.IntegerField()
    labour = models.IntegerField()
    injuries = models.IntegerField()
    injury_deaths = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "commune_id", "sex", "age_band", "ethnic_group"],
                name="indicators_numerator_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.commune_id} {self.sex} {self.age_band}"


class NumeratorDirty(models.Model):
    """A child whose part of the kept numerators may have changed (ADR 0033): appended by triggers on the
    register and its facts in the changing transaction (a plain INSERT, no lock another writer could wait
    for); ``numerators.fold`` takes them out, and the catalogue recomputes them while they wait."""

    child_id = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.child_id)
