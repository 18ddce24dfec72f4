"""Writes of indicator data: reported values (validated, audited, refused when locked, concurrent edits
detected) and the targets of a jurisdiction. Every write is one transaction with its audit event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.geo.models import AdminUnit
from treem.indicators import rules, selectors
from treem.indicators.models import (
    Comparator,
    Indicator,
    MeasureUnit,
    ReportedValue,
    Target,
    TargetOrigin,
)

CONFLICT = (
    "Số liệu đã được người khác sửa sau khi bạn mở trang ({who}, lúc {when}). "
    "Không có số liệu nào được lưu: hãy tải lại trang để xem số liệu mới rồi nhập lại."
)


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _jump_error(obj: ReportedValue, note: str) -> str | None:
    """The year-on-year rule (rules.JUMP_THRESHOLD): a value that moved too far needs a note."""
    if note.strip() or obj.value is None:
        return None
    before = selectors.reported(obj.indicator, obj.unit, obj.year - 1, sex=obj.sex).value
    if before is None:
        return None
    # From zero any change is a jump (no relative change can be computed).
    jumped = obj.value != 0 if before == 0 else abs(obj.value - before) / abs(before) > rules.JUMP_THRESHOLD
    if not jumped:
        return None
    share = int(rules.JUMP_THRESHOLD * 100)
    return (
        f"Giá trị thay đổi hơn {share} % so với năm {obj.year - 1} ({_fmt(before)} → {_fmt(obj.value)}): "
        "vui lòng ghi chú lý do (ví dụ: số liệu năm trước chưa đủ, thay đổi địa giới)."
    )


ENTER = "indicators.enter_value"


def entry_sectors(actor: Any, unit: AdminUnit) -> set[str] | None:
    """What ``actor`` may enter at ``unit`` (ADR 0020): None for every reported indicator — an assignment
    over the unit without an agency (the commune worker, the province officer) or a superuser —, else the
    sectors of the agencies of their assignments over it (an agency reports the indicators whose lead
    agency is of its sector; an agency without a type, or a role that needs one without it, none). Callers
    check ``indicators.enter_value`` over the unit first (``may_enter``)."""
    if getattr(actor, "is_superuser", False):
        return None
    sectors: set[str] = set()
    covering = [
        a
        for a in access.get_access(actor).assignments
        if ENTER in a.role.permissions and unit.path.startswith(a.unit.path)
    ]
    if not covering:  # rights not from an assignment: the system actor of the commands (access.system_actor)
        return None
    for assignment in covering:
        agency = assignment.agency
        if agency is None:
            if not assignment.role.needs_agency:
                return None
            continue
        if agency.agency_type_id is not None and agency.is_active:
            sectors.add(agency.agency_type.sector)  # type: ignore[union-attr]
    return sectors


def may_enter(actor: Any, indicator: Indicator, unit: AdminUnit) -> bool:
    """May ``actor`` write ``indicator``'s reported values at ``unit``?"""
    if not access.has_perm(actor, ENTER, unit):
        return False
    sectors = entry_sectors(actor, unit)
    return sectors is None or bool(indicator.sectors & sectors)


def reported_value_set(
    *,
    actor: Any,
    unit: AdminUnit,
    indicator: Indicator,
    year: int,
    sex: str = "",
    numerator: int | None = None,
    denominator: int | None = None,
    value: Decimal | None = None,
    note: str = "",
    expected_updated_at: datetime.datetime | None = None,
    check_version: bool = False,
) -> ReportedValue:
    """Create or replace the reported figure of ``unit`` for ``indicator`` in ``year`` (and ``sex``).
    Raises ValidationError (Vietnamese messages) for bad figures — including a jump of more than
    ``rules.JUMP_THRESHOLD`` from the year before without a note —, ApplicationError for a locked one.

    With ``check_version``, ``expected_updated_at`` is the row's ``updated_at`` when the form was opened
    (None: there was no row): if the row changed since, ConcurrentEditError and nothing is written.
    An indicator the actor's agency does not lead answers AccessDenied (``may_enter``)."""
    access.require(actor, ENTER, unit)
    if not may_enter(actor, indicator, unit):
        raise access.AccessDenied
    with transaction.atomic():
        obj = (
            ReportedValue.objects.select_for_update(of=("self",))
            .filter(unit=unit, indicator=indicator, year=year, sex=sex)
            .select_related("entered_by")
            .first()
        )
        if check_version and (None if obj is None else obj.updated_at) != expected_updated_at:
            who = "" if obj is None or obj.entered_by is None else obj.entered_by.get_full_name()
            when = "" if obj is None else timezone.localtime(obj.updated_at).strftime("%H:%M %d/%m/%Y")
            raise ConcurrentEditError(CONFLICT.format(who=who or "người dùng khác", when=when or "vừa rồi"))
        if obj is not None and obj.locked:
            raise ApplicationError("Số liệu này đã khóa, không sửa được.")
        before = None if obj is None else {"numerator": obj.numerator, "denominator": obj.denominator}
        obj = obj or ReportedValue(unit=unit, indicator=indicator, year=year, sex=sex)
        obj.numerator, obj.denominator, obj.value, obj.note = numerator, denominator, value, note
        obj.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        obj.full_clean()
        jump = _jump_error(obj, note)
        if jump:
            raise ValidationError({"note": jump})
        obj.save()
        audit_log(
            actor=actor,
            action="indicators.reported_value.set",
            obj=obj,
            unit=unit,
            before=before,
            after={"numerator": numerator, "denominator": denominator, "value": str(obj.value)},
        )
    return obj


@dataclass
class ReportedEntry:
    """One row of the entry form: a figure of ``indicator`` (and ``sex``) as typed, and the version
    (``updated_at``) of the saved row when the form was opened (None: there was none)."""

    indicator: Indicator
    sex: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    note: str
    expected_updated_at: datetime.datetime | None


class ReportedValuesInvalid(ApplicationError):
    """Some rows of a batch were refused; ``errors`` maps (indicator code, sex) → {field: [messages]}."""

    def __init__(self, errors: dict[tuple[str, str], dict[str, list[str]]]) -> None:
        super().__init__(
            f"Có {len(errors)} dòng chưa hợp lệ: chưa lưu số liệu nào, hãy sửa các dòng được đánh dấu."
        )
        self.errors = errors


def _unchanged(obj: ReportedValue | None, entry: ReportedEntry) -> bool:
    if obj is None:
        return (
            entry.numerator is None and entry.denominator is None and entry.value is None and not entry.note
        )
    same_value = entry.indicator.is_ratio or obj.value == entry.value
    return (
        same_value
        and obj.numerator == entry.numerator
        and obj.denominator == entry.denominator
        and obj.note == entry.note
    )


def reported_values_save(
    *, actor: Any, unit: AdminUnit, year: int, entries: list[ReportedEntry]
) -> list[ReportedValue]:
    """Save every changed row of the entry form in ONE transaction, or none: a refused row (bad figure,
    locked, changed by someone else since the form was opened) rolls back the whole batch. Raises
    ReportedValuesInvalid with every row's errors, or ConcurrentEditError; AccessDenied (nothing saved)
    when a row is for an indicator the actor may not enter (``may_enter``)."""
    access.require(actor, ENTER, unit)
    if any(not may_enter(actor, entry.indicator, unit) for entry in entries):
        raise access.AccessDenied
    saved: list[ReportedValue] = []
    errors: dict[tuple[str, str], dict[str, list[str]]] = {}
    with transaction.atomic():
        current = {
            (r.indicator_id, r.sex): r
            for r in ReportedValue.objects.filter(
                unit=unit, year=year, indicator__in=[e.indicator for e in entries]
            )
        }
        for entry in entries:
            obj = current.get((entry.indicator.pk, entry.sex))
            if (
                _unchanged(obj, entry)
                and (None if obj is None else obj.updated_at) == entry.expected_updated_at
            ):
                continue
            try:
                saved.append(
                    reported_value_set(
                        actor=actor,
                        unit=unit,
                        indicator=entry.indicator,
                        year=year,
                        sex=entry.sex,
                        numerator=entry.numerator,
                        denominator=entry.denominator,
                        value=entry.value,
                        note=entry.note,
                        expected_updated_at=entry.expected_updated_at,
                        check_version=True,
                    )
                )
            except ValidationError as e:
                errors[(entry.indicator.code, entry.sex)] = e.message_dict
            except ConcurrentEditError:
                raise
            except ApplicationError as e:
                errors[(entry.indicator.code, entry.sex)] = {"__all__": [e.message]}
        if errors:
            raise ReportedValuesInvalid(errors)
    return saved


# -- targets -----------------------------------------------------------------------------------------------
def _validate_target(indicator: Indicator, year: int, value: Decimal, comparator: str, source: str) -> None:
    errors: dict[str, str] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = "Năm phải từ 2000 đến 2100."
    if comparator not in Comparator.values:
        errors["comparator"] = "Phép so sánh không hợp lệ."
    if value < 0:
        errors["value"] = "Mục tiêu không được âm."
    elif indicator.unit == MeasureUnit.PERCENT and value > 100:
        errors["value"] = "Mục tiêu tính theo tỷ lệ phần trăm không được lớn hơn 100."
    elif value.as_tuple().exponent < -4 or abs(value) >= Decimal(10) ** 8:  # type: ignore[operator]
        errors["value"] = "Mục tiêu có tối đa 8 chữ số phần nguyên và 4 chữ số thập phân."
    if len(source) > 255:
        errors["source"] = "Căn cứ dài tối đa 255 ký tự."
    if errors:
        raise ValidationError(errors)


def _target_dict(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"value": str(t.value), "comparator": t.comparator, "source": t.source}


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def every_year_dict(t: Target) -> dict[str, Any]:
    """What makes a row one year of an every-year target set (ADR 0044): the rows of one set hold the same
    value, comparator, kind, upper bound, source and origin; a year's own target set over one of them
    keeps this as ``Target.replaced``."""
    return {
        "value": _number(t.value),
        "comparator": t.comparator,
        "kind": t.kind,
        "value_high": _number(t.value_high),
        "source": t.source,
        "origin": t.origin,
    }


def every_year_rows(unit: AdminUnit, indicator: Indicator, set_of: Target | None = None) -> list[Target]:
    """``unit``'s own every-year rows of ``indicator`` (locked; without breakdown) — of the set ``set_of``
    belongs to when given, else of every set — in year order."""
    rows = list(
        Target.active()
        .select_for_update()
        .filter(unit=unit, indicator=indicator, breakdown="", every_year=True)
        .order_by("year")
    )
    if set_of is not None:
        rows = [t for t in rows if every_year_dict(t) == every_year_dict(set_of)]
    return rows


def _overrides(unit: AdminUnit, indicator: Indicator, sets: list[dict[str, Any]]) -> list[Target]:
    """``unit``'s own year targets of ``indicator`` that replaced a year of one of the sets ``sets``."""
    rows = Target.objects.select_for_update().filter(
        unit=unit, indicator=indicator, breakdown="", replaced__isnull=False
    )
    return [t for t in rows if t.replaced in sets]


def target_set(
    *,
    actor: Any,
    unit: AdminUnit,
    indicator: Indicator,
    year: int,
    value: Decimal,
    comparator: str,
    source: str = "",
) -> Target:
    """Set (create or replace) ``unit``'s own target for ``indicator`` in ``year``; its communes inherit
    it unless they set their own. Over one year of the unit's every-year target ("hằng năm", ADR 0044)
    it becomes that year's own, and keeps what it replaced, put back when it is cleared. Raises
    ValidationError with Vietnamese messages."""
    access.require(actor, "indicators.manage_target", unit)
    source = source.strip()
    _validate_target(indicator, year, value, comparator, source)
    with transaction.atomic():
        obj = (
            Target.objects.select_for_update()
            .filter(unit=unit, indicator=indicator, year=year, breakdown="")
            .first()
        )
        before = _target_dict(obj)
        obj = obj or Target(unit=unit, indicator=indicator, year=year)
        if obj.every_year and obj.origin != TargetOrigin.CLEARED:
            obj.replaced = every_year_dict(obj)
        obj.value, obj.comparator, obj.source = value, comparator, source
        obj.origin = TargetOrigin.USER  # people's data outranks reference data (ADR 0020)
        obj.every_year = False  # this year's own target now, no longer one year of a plan's "hằng năm"
        obj.save()
        audit_log(
            actor=actor,
            action="indicators.target.set",
            obj=obj,
            unit=unit,
            before=before,
            after=_target_dict(obj),
            extra={"indicator": indicator.code, "year": year},
        )
    return obj


NO_EVERY_YEAR = (
    "Địa bàn chưa có mục tiêu hằng năm của chỉ tiêu này: hãy nhập từng năm, hoặc đặt mục tiêu hằng năm "
    "trong kế hoạch."
)


def target_set_every_year(
    *,
    actor: Any,
    unit: AdminUnit,
    indicator: Indicator,
    value: Decimal,
    comparator: str,
    source: str = "",
) -> list[int]:
    """Change ``unit``'s own every-year target of ``indicator`` ("Hằng năm", ADR 0044) for every year it
    holds: its every-year rows take the new value, comparator and source (set by a person now); the years
    given their own target keep it, and get the new level back when it is cleared. Returns the years
    changed. Raises ValidationError when the unit has no every-year target of the indicator."""
    access.require(actor, "indicators.manage_target", unit)
    source = source.strip()
    with transaction.atomic():
        rows = every_year_rows(unit, indicator)
        if not rows:
            raise ValidationError({"year": NO_EVERY_YEAR})
        _validate_target(indicator, rows[0].year, value, comparator, source)
        overrides = _overrides(unit, indicator, [every_year_dict(t) for t in rows])
        before = {str(t.year): _target_dict(t) for t in rows}
        for t in rows:
            t.value, t.comparator, t.source, t.origin = value, comparator, source, TargetOrigin.USER
            t.save(update_fields=["value", "comparator", "source", "origin"])
        for t in overrides:  # what each year's own target replaced is this level now
            t.replaced = every_year_dict(rows[0])
            t.save(update_fields=["replaced"])
        years = [t.year for t in rows]
        audit_log(
            actor=actor,
            action="indicators.target.set",
            obj=rows[0],
            unit=unit,
            before=before,
            after=_target_dict(rows[0]),
            extra={"indicator": indicator.code, "every_year": True, "years": years},
        )
    return years


@dataclass(frozen=True)
class Cleared:
    """What ``target_clear`` did: the years cleared, and whether a year's own target gave its year back
    to the every-year target it had replaced."""

    years: list[int]
    restored: bool = False
    every_year: bool = False  # the years of an every-year target, all cleared


def target_clear(*, actor: Any, unit: AdminUnit, indicator: Indicator, year: int) -> Cleared:
    """Remove ``unit``'s own target for ``indicator`` in ``year`` (the unit then inherits its ancestor's).
    A target from the reference catalogue is kept as CLEARED, so that ``load_reference`` does not bring
    it back (ADR 0020); any other is deleted. One year of an every-year target ("hằng năm") clears the
    whole set, every year of it; a year's own target set over one of its years gives that year back to
    it (ADR 0044)."""
    access.require(actor, "indicators.manage_target", unit)
    with transaction.atomic():
        obj = (
            Target.active()
            .select_for_update()
            .filter(unit=unit, indicator=indicator, year=year, breakdown="")
            .first()
        )
        if obj is None:
            raise ApplicationError("Địa bàn chưa đặt mục tiêu này, không có gì để xóa.")
        before = _target_dict(obj)
        extra: dict[str, Any] = {"indicator": indicator.code, "year": year}

        def audited(after: dict[str, Any] | None, **more: Any) -> None:
            audit_log(
                actor=actor,
                action="indicators.target.cleared",
                obj=obj,
                unit=unit,
                before=before,
                after=after,
                extra={**extra, **more},
            )

        if obj.every_year:
            rows = every_year_rows(unit, indicator, set_of=obj)
            years = [t.year for t in rows]
            for t in _overrides(unit, indicator, [every_year_dict(obj)]):
                t.replaced = None  # its year is its own for good: the level it replaced is gone
                t.save(update_fields=["replaced"])
            audited(None, every_year=True, years=years)
            Target.objects.filter(pk__in=[t.pk for t in rows]).delete()
            return Cleared(years, every_year=True)
        if obj.replaced is not None:
            kept = obj.replaced
            obj.value, obj.comparator, obj.kind = Decimal(kept["value"]), kept["comparator"], kept["kind"]
            obj.value_high = None if kept["value_high"] is None else Decimal(kept["value_high"])
            obj.source, obj.origin = kept["source"], kept["origin"]
            obj.every_year, obj.replaced = True, None
            obj.save()
            audited(_target_dict(obj), every_year=True)
            return Cleared([year], restored=True)
        audited(None)
        if obj.origin == TargetOrigin.REFERENCE:
            obj.origin = TargetOrigin.CLEARED
            obj.save(update_fields=["origin"])
        else:
            obj.delete()
    return Cleared([year])


# -- the population counts -----------------------------------------------------------------------------
def population_compact() -> int:
    """Fold each key's delta rows of ``PopulationCount`` into one (ADR 0011, 0020); returns how many rows
    it wrote. Safe beside writers of the register: they only append, it waits for none of them. The
    compaction takes only rows already folded into the kept counts (ADR 0040): the rows not folded yet are
    folded first (``numerators.fold``), so that every row committed before it is compacted."""
    from django.db import connection

    from treem.indicators import numerators

    numerators.fold()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT indicators_population_compact()")
        (written,) = cursor.fetchone()
    return int(written or 0)
