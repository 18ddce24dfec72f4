from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit import actions
from treem.audit.services import audit_log
from treem.core.text import fold, nfc
from treem.geo.models import HAMLET_TYPES, AdminUnit, Agency, AgencyType, Generation, Level, UnitType


def unit_create(
    *,
    level: str,
    unit_type: str,
    code: str,
    name: str,
    short_name: str = "",
    parent: AdminUnit | None,
    generation: str = "2025",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    source: str = "",
) -> AdminUnit:
    """Create a unit and set its materialised path (parent's path + own primary key)."""
    with transaction.atomic():
        unit = AdminUnit(
            level=level,
            unit_type=unit_type,
            code=code,
            name=name,
            short_name=short_name or name,
            parent=parent,
            generation=generation,
            valid_from=valid_from,
            valid_to=valid_to,
            source=source,
        )
        unit.full_clean(exclude=["path", "name_folded"])
        unit.save()
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
    return unit


# -- hamlets (thôn, ấp, bản, khu phố, tổ dân phố) ------------------------------------------------

HAMLET_IMPORT_MAX_BYTES = 1_000_000
HAMLET_IMPORT_MAX_ROWS = 2000
_HAMLET_CODE = re.compile(r"^(?P<commune>.+)-(?P<seq>\d{3,})$")


def hamlet_type_from_text(value: str) -> str | None:
    """``thon``, ``Thôn``, ``tổ dân phố``, ``To dan pho`` … → the UnitType value; None if unknown."""
    folded = fold(value.replace("_", " "))
    if not folded:
        return None
    for unit_type in HAMLET_TYPES:
        if folded in {fold(unit_type.value.replace("_", " ")), fold(str(unit_type.label))}:
            return unit_type.value
    aliases = {"xom": UnitType.OTHER_HAMLET, "buon": UnitType.OTHER_HAMLET, "lang": UnitType.OTHER_HAMLET}
    found = aliases.get(folded)
    return found.value if found else None


def _hamlet_type_choices_text() -> str:
    return ", ".join(str(t.label).lower() for t in HAMLET_TYPES)


def _require_commune(actor: Any, commune: AdminUnit) -> None:
    access.require(actor, "geo.manage_hamlet", commune)
    if commune.level != Level.COMMUNE:
        raise ValidationError(_("Thôn, tổ dân phố chỉ được tạo trong một xã, phường, đặc khu."))
    if commune.valid_to is not None:
        raise ValidationError(_("Không thể thêm thôn, tổ dân phố vào đơn vị hành chính đã hết hiệu lực."))


def _next_hamlet_numbers(commune: AdminUnit, count: int) -> list[str]:
    """The next ``count`` codes "<commune code>-NNN" (the commune row is locked by the caller)."""
    highest = 0
    for code in AdminUnit.objects.filter(parent=commune, level=Level.HAMLET).values_list("code", flat=True):
        match = _HAMLET_CODE.match(code)
        if match and match.group("commune") == commune.code:
            highest = max(highest, int(match.group("seq")))
    return [f"{commune.code}-{highest + i:03d}" for i in range(1, count + 1)]


def _existing_hamlet_names(commune: AdminUnit, exclude_pk: int | None = None) -> dict[str, str]:
    qs = AdminUnit.objects.filter(parent=commune, level=Level.HAMLET)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return dict(qs.values_list("name_folded", "name"))


def _clean_hamlet(
    commune: AdminUnit, name: str, unit_type: str, exclude_pk: int | None = None
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    name = nfc(name or "")
    if not name:
        errors.setdefault("name", []).append(_("Vui lòng nhập tên thôn, tổ dân phố."))
    elif len(name) > 160:
        errors.setdefault("name", []).append(_("Tên quá dài (tối đa 160 ký tự)."))
    elif fold(name) in _existing_hamlet_names(commune, exclude_pk):
        errors.setdefault("name", []).append(
            _("%(commune)s đã có “%(name)s”.") % {"commune": commune.name, "name": name}
        )
    if unit_type not in HAMLET_TYPES:
        errors.setdefault("unit_type", []).append(
            _("Loại không hợp lệ; chọn một trong: %(types)s.") % {"types": _hamlet_type_choices_text()}
        )
    if errors:
        raise ValidationError(errors)
    return name, unit_type


def _lock(unit: AdminUnit) -> None:
    list(AdminUnit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


def hamlet_create(*, actor: Any, commune: AdminUnit, name: str, unit_type: str) -> AdminUnit:
    """Create a hamlet under ``commune``; code = commune code + "-" + next 3-digit sequence."""
    _require_commune(actor, commune)
    with transaction.atomic():
        _lock(commune)
        name, unit_type = _clean_hamlet(commune, name, unit_type)
        (code,) = _next_hamlet_numbers(commune, 1)
        hamlet = unit_create(
            level=Level.HAMLET,
            unit_type=unit_type,
            code=code,
            name=name,
            parent=commune,
            generation=commune.generation,
            source=_("Do %(commune)s khai báo") % {"commune": commune.name},
        )
        audit_log(
            actor=actor,
            action=actions.HAMLET_CREATED,
            obj=hamlet,
            after={"code": code, "name": hamlet.name, "unit_type": unit_type, "commune": commune.code},
        )
    return hamlet


def hamlet_update(*, actor: Any, hamlet: AdminUnit, name: str, unit_type: str) -> AdminUnit:
    """Rename a hamlet or change its type (its code and place in the tree stay)."""
    if hamlet.level != Level.HAMLET or hamlet.parent is None:
        raise access.AccessDenied
    commune = hamlet.parent
    access.require(actor, "geo.manage_hamlet", commune)
    with transaction.atomic():
        _lock(commune)
        name, unit_type = _clean_hamlet(commune, name, unit_type, exclude_pk=hamlet.pk)
        before = {"name": hamlet.name, "unit_type": hamlet.unit_type}
        if before == {"name": name, "unit_type": unit_type}:
            return hamlet
        hamlet.name = name
        hamlet.short_name = name
        hamlet.unit_type = unit_type
        hamlet.save(update_fields=["name", "short_name", "name_folded", "unit_type", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.HAMLET_UPDATED,
            obj=hamlet,
            before=before,
            after={"name": hamlet.name, "unit_type": unit_type},
        )
    return hamlet


def _read_upload(file: Any) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str):
        return file.encode("utf-8")
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(HAMLET_IMPORT_MAX_BYTES + 1)
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def hamlets_import_csv(*, actor: Any, commune: AdminUnit, file: Any) -> list[AdminUnit]:
    """Create hamlets from a CSV with columns ``ten,loai`` (UTF-8, with or without BOM), and optionally
    ``xa_cu``: the code of the former commune (2008 map) the hamlet lay in, one of those the commune took
    over — its children then count exactly for that former commune (ADR 0024).

    Every row is checked first; any error refuses the whole file (ValidationError listing one
    Vietnamese message per faulty row) and nothing is written.
    """
    _require_commune(actor, commune)
    data = _read_upload(file)
    if len(data) > HAMLET_IMPORT_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn (tối đa 1 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Tệp không phải văn bản UTF-8. Hãy lưu lại tệp dưới dạng CSV UTF-8.")
        ) from None
    if "\x00" in text:  # PostgreSQL refuses NUL in text: a binary file, or UTF-16 without its mark
        raise ValidationError(
            _("Tệp chứa ký tự NUL nên không phải tệp CSV văn bản. Hãy lưu lại tệp dưới dạng CSV UTF-8.")
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # a cell over the csv module's 128 KiB, a quote left open …
        raise ValidationError(
            _(
                "Tệp không đọc được như CSV (có ô quá dài hoặc dấu ngoặc kép không đóng). "
                "Hãy kiểm tra lại tệp."
            )
        ) from None
    reader = iter(records)
    header = next(reader, None)
    columns = [fold(c) for c in header] if header else []
    if "ten" not in columns or "loai" not in columns:
        raise ValidationError(_("Dòng tiêu đề phải có hai cột “ten” (tên) và “loai” (loại)."))
    name_col, type_col = columns.index("ten"), columns.index("loai")
    former_col = columns.index("xa_cu") if "xa_cu" in columns else None
    formers = {
        u.code: u
        for u in AdminUnit.objects.filter(
            successions__successor=commune, level=Level.COMMUNE, generation=Generation.FORMER
        )
    }

    with transaction.atomic():
        _lock(commune)
        existing = _existing_hamlet_names(commune)
        errors: list[str] = []
        rows: list[tuple[str, str, AdminUnit | None]] = []
        seen: dict[str, int] = {}
        for line_no, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue
            cells = raw + [""] * (max(name_col, type_col, former_col or 0) + 1 - len(raw))
            name, type_text = nfc(cells[name_col]), nfc(cells[type_col])
            unit_type = hamlet_type_from_text(type_text)
            row_errors: list[str] = []
            former_code = cells[former_col].strip() if former_col is not None else ""
            former = formers.get(former_code.zfill(5)) if former_code else None
            if former_code and former is None:
                row_errors.append(
                    _("mã xã cũ “%(code)s” không phải xã, phường cũ hợp thành %(commune)s")
                    % {"code": former_code, "commune": commune.name}
                )
            if not name:
                row_errors.append(_("chưa có tên"))
            elif len(name) > 160:
                row_errors.append(_("tên quá dài (tối đa 160 ký tự)"))
            elif fold(name) in seen:
                row_errors.append(
                    _("tên “%(name)s” trùng với dòng %(line)d") % {"name": name, "line": seen[fold(name)]}
                )
            elif fold(name) in existing:
                row_errors.append(
                    _("“%(name)s” đã có trong %(commune)s") % {"name": name, "commune": commune.name}
                )
            if unit_type is None:
                row_errors.append(
                    _("loại “%(value)s” không hợp lệ (dùng một trong: %(types)s)")
                    % {"value": type_text, "types": _hamlet_type_choices_text()}
                    if type_text
                    else _("chưa có loại (dùng một trong: %(types)s)")
                    % {"types": _hamlet_type_choices_text()}
                )
            if name:
                seen.setdefault(fold(name), line_no)
            if row_errors:
                errors.append(
                    _("Dòng %(line)d: %(errors)s.") % {"line": line_no, "errors": "; ".join(row_errors)}
                )
            elif unit_type is not None:
                rows.append((name, unit_type, former))
        if not rows and not errors:
            errors.append(_("Tệp không có dòng dữ liệu nào."))
        if len(rows) > HAMLET_IMPORT_MAX_ROWS:
            errors.append(_("Tệp có quá nhiều dòng (tối đa %(max)d).") % {"max": HAMLET_IMPORT_MAX_ROWS})
        if errors:
            raise ValidationError(errors)
        created = []
        for (name, unit_type, former), code in zip(
            rows, _next_hamlet_numbers(commune, len(rows)), strict=True
        ):
            hamlet = unit_create(
                level=Level.HAMLET,
                unit_type=unit_type,
                code=code,
                name=name,
                parent=commune,
                generation=commune.generation,
                source=_("Do %(commune)s khai báo (nhập từ tệp)") % {"commune": commune.name},
            )
            if former is not None:
                AdminUnit.objects.filter(pk=hamlet.pk).update(former_commune=former)
                hamlet.former_commune = former
            created.append(hamlet)
        audit_log(
            actor=actor,
            action=actions.HAMLETS_IMPORTED,
            obj=commune,
            after={"count": len(created), "hamlets": [[h.code, h.name, h.unit_type] for h in created]},
        )
    return created


# -- agencies -------------------------------------------------------------------------------------


def agency_types_for(unit: AdminUnit) -> list[AgencyType]:
    """Catalogue entries that exist at the unit's level (not the groups plans name, "các sở, ngành …")."""
    return [
        t
        for t in AgencyType.objects.all()
        if unit.level in t.levels.split(",") and not t.code.startswith("cac_")
    ]


def agency_create(
    *,
    actor: Any,
    unit: AdminUnit,
    name: str = "",
    agency_type: AgencyType | None = None,
    short_name: str = "",
    email: str = "",
    phone: str = "",
) -> Agency:
    """Attach an agency to ``unit``. Without a name, it is the type's name + the unit's name."""
    access.require(actor, "geo.manage_agency", unit)
    errors: dict[str, list[str]] = {}
    name = nfc(name or "")
    if agency_type is not None and unit.level not in agency_type.levels.split(","):
        errors.setdefault("agency_type", []).append(
            _("“%(type)s” không có ở cấp %(level)s.")
            % {"type": agency_type.name, "level": str(unit.get_level_display()).lower()}
        )
    if not name and agency_type is not None:
        name = f"{agency_type.name} {unit.name}"
    if not name:
        errors.setdefault("name", []).append(_("Chọn loại cơ quan trong danh mục hoặc nhập tên cơ quan."))
    elif Agency.objects.filter(unit=unit, name_folded=fold(name)).exists():
        errors.setdefault("name", []).append(
            _("%(unit)s đã có cơ quan “%(name)s”.") % {"unit": unit.name, "name": name}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agency = Agency(
            unit=unit,
            agency_type=agency_type,
            name=name,
            short_name=nfc(short_name or ""),
            email=(email or "").strip(),
            phone=(phone or "").strip(),
        )
        agency.full_clean(exclude=["name_folded"])
        agency.save()
        audit_log(
            actor=actor,
            action=actions.AGENCY_CREATED,
            obj=agency,
            unit=unit,
            after={
                "name": agency.name,
                "agency_type": agency_type.code if agency_type else None,
                "unit": unit.code,
                "email": agency.email,
                "phone": agency.phone,
            },
        )
    return agency
