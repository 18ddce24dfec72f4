"""``load_reference``: write the reference catalogues (roles, both administrative maps, agency types).

Idempotent: rows are keyed by their natural keys ((generation, level, code) for units), compared
with what the database holds, and only the missing or changed ones are written, in bulk. A second run
writes nothing, so it takes a second or two.

Sources:
- current two-tier map (34 provinces, 3,321 communes, from 01/07/2025): the ``vietnam_provinces`` package;
- former three-tier map (63 provinces, districts, communes, until 30/06/2025) and the conversion table
  between the two: the data files bundled with ``vietnamadminunits`` (read directly, never through its
  converter, which may call an online geocoder);
- agency types: ``data/reference/agency_types.csv``.
"""

from __future__ import annotations

import csv
import datetime
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from treem.accounts.models import Role
from treem.accounts.services import role_sync
from treem.audit import actions
from treem.audit.services import audit_log
from treem.core.text import fold, nfc
from treem.geo.models import (
    AdminUnit,
    AgencyType,
    Generation,
    Level,
    Sector,
    UnitSuccession,
    UnitType,
)

CURRENT_FROM = datetime.date(2025, 7, 1)
FORMER_UNTIL = datetime.date(2025, 6, 30)
BATCH = 1000

UNIT_FIELDS = (
    "unit_type",
    "name",
    "short_name",
    "name_folded",
    "parent_id",
    "valid_from",
    "valid_to",
    "source",
)

_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ", "Quận ", "Huyện ", "Thị xã ")

_CURRENT_COMMUNE_TYPES = {"xã": UnitType.COMMUNE, "phường": UnitType.WARD, "đặc khu": UnitType.SPECIAL_ZONE}
_FORMER_DISTRICT_TYPES = {
    "Quận": UnitType.URBAN_DISTRICT,
    "Huyện": UnitType.RURAL_DISTRICT,
    "Thị xã": UnitType.TOWN,
    "Thành phố": UnitType.PROVINCIAL_CITY,
}
_FORMER_COMMUNE_TYPES = {"Phường": UnitType.WARD, "Xã": UnitType.COMMUNE, "Thị trấn": UnitType.TOWNSHIP}

Key = tuple[str, str, str]  # (generation, level, code)


@dataclass
class UnitSpec:
    generation: str
    level: str
    unit_type: str
    code: str
    name: str
    short_name: str
    parent: Key | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    source: str

    @property
    def key(self) -> Key:
        return (self.generation, self.level, self.code)


def short_of(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def _ascii_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


def _accent_key(name: str) -> str:
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFC", name).lower())


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise CommandError(f"Chưa cài gói {name}.")
    return Path(next(iter(spec.submodule_search_locations)))


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


class Reference:
    """Everything read from the packages and the CSV, before touching the database."""

    def __init__(self) -> None:
        self.units: list[UnitSpec] = []
        # (predecessor key, successor key) → is_partial
        self.successions: dict[tuple[Key, Key], bool] = {}
        self.agency_types: list[dict[str, Any]] = []

    # -- current map ----------------------------------------------------------------------------
    def read_current(self) -> dict[tuple[int, str], Key]:
        from vietnam_provinces import Province, Ward

        version = _version("vietnam-provinces")
        source = (
            f"Nghị quyết 202/2025/QH15; Nghị quyết 1656–1685/NQ-UBTVQH15 (gói vietnam-provinces {version})"
        )
        nation = UnitSpec(
            Generation.CURRENT,
            Level.NATION,
            UnitType.NATION,
            "VN",
            "Việt Nam",
            "Việt Nam",
            None,
            None,
            None,
            "",
        )
        self.units.append(nation)
        province_keys: dict[int, Key] = {}
        for p in Province.iter_all():
            name = nfc(p.name)
            is_city = name.startswith("Thành phố ")
            if not is_city and not name.startswith("Tỉnh "):
                name = f"Tỉnh {name}"
            spec = UnitSpec(
                Generation.CURRENT,
                Level.PROVINCE,
                UnitType.CITY if is_city else UnitType.PROVINCE,
                f"{int(p.code):02d}",
                name,
                short_of(name),
                nation.key,
                CURRENT_FROM,
                None,
                source,
            )
            self.units.append(spec)
            province_keys[int(p.code)] = spec.key
        # lookup by (province code, name key) for the conversion table, which names wards, not codes
        by_name: dict[tuple[int, str], Key] = {}
        ascii_seen: dict[tuple[int, str], int] = {}
        for w in Ward.iter_all():
            name = nfc(w.name)
            division = str(getattr(w.division_type, "value", w.division_type))
            unit_type = _CURRENT_COMMUNE_TYPES.get(division)
            if unit_type is None:
                raise CommandError(f"Loại đơn vị cấp xã không xác định: {division} ({name}).")
            spec = UnitSpec(
                Generation.CURRENT,
                Level.COMMUNE,
                unit_type,
                f"{int(w.code):05d}",
                name,
                short_of(name),
                province_keys[int(w.province_code)],
                CURRENT_FROM,
                None,
                source,
            )
            self.units.append(spec)
            pc = int(w.province_code)
            by_name[(pc, "a:" + _accent_key(name))] = spec.key
            ak = (pc, _ascii_key(name))
            ascii_seen[ak] = ascii_seen.get(ak, 0) + 1
            by_name[(pc, "f:" + ak[1])] = spec.key
        for (pc, k), n in ascii_seen.items():
            if n > 1:  # two communes folding to the same key: only the accented key identifies them
                by_name.pop((pc, "f:" + k), None)
        self.province_keys = province_keys
        return by_name

    # -- former map and the conversion table -------------------------------------------------------
    def read_former(self, current_by_name: dict[tuple[int, str], Key]) -> None:
        base = _package_dir("vietnamadminunits") / "data"
        version = _version("vietnamadminunits")
        source = f"Danh mục đơn vị hành chính trước 01/07/2025 (gói vietnamadminunits {version})"
        succession_source = (
            "Nghị quyết 202/2025/QH15; Nghị quyết 1656–1685/NQ-UBTVQH15 "
            f"(bảng chuyển đổi của gói vietnamadminunits {version})"
        )
        nation_key: Key = (Generation.CURRENT, Level.NATION, "VN")
        db = sqlite3.connect(f"file:{base / 'dataset.db'}?mode=ro", uri=True)
        try:
            legacy = db.execute(
                "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort,"
                " districtType, districtCode, districtKey, ward, wardShort, wardType, wardCode, wardKey"
                " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
            ).fetchall()
            current_rows = db.execute("SELECT provinceKey, provinceCode FROM admin_units").fetchall()
        finally:
            db.close()
        seen: set[Key] = set()
        former_by_key: dict[str, Key] = {}  # conversion-table key ("prov_dist_ward") → unit key
        former_province_by_key: dict[str, Key] = {}
        for (
            province,
            province_short,
            province_code,
            province_key,
            district,
            district_short,
            district_type,
            district_code,
            district_key,
            ward,
            ward_short,
            ward_type,
            ward_code,
            ward_key,
        ) in legacy:
            pkey: Key = (Generation.FORMER, Level.PROVINCE, f"{int(province_code):02d}")
            if pkey not in seen:
                seen.add(pkey)
                pname = nfc(province)
                self.units.append(
                    UnitSpec(
                        *pkey[:2],
                        UnitType.CITY if pname.startswith("Thành phố ") else UnitType.PROVINCE,
                        pkey[2],
                        pname,
                        nfc(province_short or short_of(pname)),
                        nation_key,
                        None,
                        FORMER_UNTIL,
                        source,
                    )
                )
                former_province_by_key[province_key] = pkey
            dkey: Key = (Generation.FORMER, Level.DISTRICT, f"{int(district_code):03d}")
            if dkey not in seen:
                seen.add(dkey)
                dname = nfc(district)
                dtype = _FORMER_DISTRICT_TYPES.get(district_type)
                if dtype is None:
                    raise CommandError(f"Loại đơn vị cấp huyện không xác định: {district_type} ({dname}).")
                self.units.append(
                    UnitSpec(
                        *dkey[:2],
                        dtype,
                        dkey[2],
                        dname,
                        nfc(district_short or short_of(dname)),
                        pkey,
                        None,
                        FORMER_UNTIL,
                        source,
                    )
                )
            if not ward_code:  # island districts without communes (Côn Đảo, Lý Sơn, …)
                former_by_key[f"{province_key}_{district_key}_"] = dkey
                continue
            ckey: Key = (Generation.FORMER, Level.COMMUNE, f"{int(ward_code):05d}")
            if ckey in seen:
                raise CommandError(f"Mã xã cũ bị trùng: {ward_code}.")
            seen.add(ckey)
            cname = nfc(ward)
            ctype = _FORMER_COMMUNE_TYPES.get(ward_type)
            if ctype is None:
                raise CommandError(f"Loại đơn vị cấp xã cũ không xác định: {ward_type} ({cname}).")
            self.units.append(
                UnitSpec(
                    *ckey[:2],
                    ctype,
                    ckey[2],
                    cname,
                    nfc(ward_short or short_of(cname)),
                    dkey,
                    None,
                    FORMER_UNTIL,
                    source,
                )
            )
            former_by_key[f"{province_key}_{district_key}_{ward_key}"] = ckey

        current_province_code = {pk: int(code) for pk, code in current_rows}
        conversion = json.loads((base / "converter_2025.json").read_text(encoding="utf-8"))

        def current_commune(province_key: str, ward_key: str) -> Key:
            pc = current_province_code[province_key]
            found = current_by_name.get((pc, "a:" + _accent_key(ward_key))) or current_by_name.get(
                (pc, "f:" + ward_key)
            )
            if found is None:
                raise CommandError(
                    f"Không tìm thấy xã mới {ward_key} ({province_key}) trong danh mục hiện hành."
                )
            return found

        for new_province_key, old_keys in conversion["DICT_PROVINCE"].items():
            successor = self.province_keys[current_province_code[new_province_key]]
            for old in old_keys:
                self.successions[(former_province_by_key[old], successor)] = False
        for province_key, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward_key, olds in wards.items():
                successor = current_commune(province_key, new_ward_key)
                for old in olds:
                    self.successions[(former_by_key[old], successor)] = False
        for province_key, divided in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, news in divided.items():
                for new in news:  # every part is recorded: no successor is picked silently
                    self.successions[
                        (former_by_key[old], current_commune(province_key, new["newWardKey"]))
                    ] = True
        self.succession_source = succession_source

    # -- agency types ---------------------------------------------------------------------------
    def read_agency_types(self, path: Path) -> None:
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        sectors = set(Sector.values)
        levels = set(Level.values)
        with path.open(encoding="utf-8-sig", newline="") as f:
            for order, row in enumerate(csv.DictReader(f), start=1):
                code = (row.get("code") or "").strip()
                row_levels = [x.strip() for x in (row.get("levels") or "").split(",") if x.strip()]
                if not code or row.get("sector") not in sectors or not set(row_levels) <= levels:
                    raise CommandError(f"Dòng {order + 1} của {path.name} không hợp lệ: {row}.")
                self.agency_types.append(
                    {
                        "code": code,
                        "name": nfc(row["name"]),
                        "sector": row["sector"],
                        "levels": ",".join(row_levels),
                        "abbreviations": ";".join(
                            nfc(a) for a in (row.get("abbreviations") or "").split(";") if a.strip()
                        ),
                        "source": nfc(row.get("source") or ""),
                        "sort_order": order,
                    }
                )


def _batched(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Command(BaseCommand):
    help = (
        "Nạp danh mục tham chiếu: vai trò, bản đồ hành chính hiện hành và cũ, loại cơ quan "
        "(chạy lại an toàn)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và báo cáo, không ghi gì.")
        parser.add_argument(
            "--agency-types",
            default=str(Path(settings.BASE_DIR) / "data" / "reference" / "agency_types.csv"),
            help="Tệp CSV danh mục loại cơ quan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        ref = Reference()
        by_name = ref.read_current()
        ref.read_former(by_name)
        ref.read_agency_types(Path(options["agency_types"]))
        counts: dict[str, dict[str, int]] = {}
        with transaction.atomic():
            counts["roles"] = self._roles()
            counts["units"] = self._units(ref.units)
            counts["successions"] = self._successions(ref)
            if counts["units"]["created"] or counts["successions"]["created"]:
                # tens of thousands of rows just written: without statistics the planner takes the map for
                # a few rows and joins the succession links by nested scans (minutes instead of ms)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE geo_adminunit, geo_unitsuccession")
            counts["agency_types"] = self._agency_types(ref.agency_types)
            labels_extra = self._app_catalogues(counts)
            changed = counts["units"]["paths"] > counts["units"]["created"] or any(
                c["created"] or c["updated"] for c in counts.values()
            )
            if options["dry_run"]:
                transaction.set_rollback(True)
            elif changed:
                audit_log(actor="system", action=actions.REFERENCE_LOADED, extra=counts)
        labels = {
            "roles": "Vai trò",
            "units": "Đơn vị hành chính",
            "successions": "Quan hệ kế thừa đơn vị",
            "agency_types": "Loại cơ quan",
            **labels_extra,
        }
        for key, label in labels.items():
            c = counts[key]
            kept = f", giữ nguyên {c['kept']} do người dùng hoặc kế hoạch đặt" if c.get("kept") else ""
            self.stdout.write(
                f"{label}: tạo mới {c.get('created', 0)}, cập nhật {c.get('updated', 0)}, "
                f"không đổi {c.get('unchanged', 0)}{kept}."
            )
        elapsed = time.monotonic() - started
        if options["dry_run"]:
            self.stdout.write(f"Chạy thử: không ghi gì vào cơ sở dữ liệu ({elapsed:.1f} giây).")
        elif changed:
            self.stdout.write(self.style.SUCCESS(f"Đã nạp danh mục tham chiếu ({elapsed:.1f} giây)."))
        else:
            self.stdout.write(f"Danh mục tham chiếu đã đầy đủ, không có thay đổi ({elapsed:.1f} giây).")

    # -- writers --------------------------------------------------------------------------------
    def _app_catalogues(self, counts: dict[str, dict[str, int]]) -> dict[str, str]:
        """Each Treem app may ship ``reference.py`` with ``CATALOGUES = [(key, label, loader)]``;
        a loader returns {"created", "updated", "unchanged"} (and "kept": rows people set, which it left
        alone), must be idempotent, and must never overwrite what a user or a plan set: people's data
        outranks reference data (ADR 0020)."""
        from django.apps import apps
        from django.utils.module_loading import module_has_submodule

        labels: dict[str, str] = {}
        for config in apps.get_app_configs():
            if config.name.startswith("treem.") and module_has_submodule(config.module, "reference"):
                module = __import__(f"{config.name}.reference", fromlist=["CATALOGUES"])
                for key, label, loader in module.CATALOGUES:
                    counts[key] = loader()
                    labels[key] = label
        return labels

    def _roles(self) -> dict[str, int]:
        fields = (
            "code",
            "name",
            "description",
            "level",
            "permissions",
            "requires_2fa",
            "needs_agency",
            "sort_order",
        )
        before = {r["code"]: r for r in Role.objects.values(*fields)}
        total = role_sync()
        after = {r["code"]: r for r in Role.objects.values(*fields)}
        created = len(set(after) - set(before))
        updated = sum(1 for code, row in after.items() if code in before and before[code] != row)
        return {"created": created, "updated": updated, "unchanged": total - created - updated}

    def _units(self, specs: list[UnitSpec]) -> dict[str, int]:
        existing: dict[Key, dict[str, Any]] = {
            (u["generation"], u["level"], u["code"]): u
            for u in AdminUnit.objects.exclude(level=Level.HAMLET).values(
                "id", "generation", "level", "code", *UNIT_FIELDS
            )
        }
        ids: dict[Key, int] = {k: v["id"] for k, v in existing.items()}
        created = updated = unchanged = 0
        # parents come before children in ``specs`` (nation, provinces, districts, communes), so each
        # level can be written once the previous one has its primary keys.
        order = [Level.NATION, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
        for level in order:
            to_create: list[AdminUnit] = []
            to_update: list[AdminUnit] = []
            for spec in (s for s in specs if s.level == level):
                values = {
                    "unit_type": str(spec.unit_type),
                    "name": spec.name,
                    "short_name": spec.short_name,
                    "name_folded": fold(spec.name),
                    "parent_id": ids[spec.parent] if spec.parent else None,
                    "valid_from": spec.valid_from,
                    "valid_to": spec.valid_to,
                    "source": spec.source,
                }
                row = existing.get(spec.key)
                if row is None:
                    to_create.append(
                        AdminUnit(generation=spec.generation, level=str(spec.level), code=spec.code, **values)
                    )
                elif any(row[f] != values[f] for f in UNIT_FIELDS):
                    to_update.append(AdminUnit(id=row["id"], **values))
                else:
                    unchanged += 1
            for batch in _batched(to_create):
                for unit in AdminUnit.objects.bulk_create(batch):
                    ids[(unit.generation, unit.level, unit.code)] = unit.pk
            if to_update:
                AdminUnit.objects.bulk_update(to_update, list(UNIT_FIELDS), batch_size=BATCH)
            created += len(to_create)
            updated += len(to_update)
        paths = self._paths()
        return {"created": created, "updated": updated, "unchanged": unchanged, "paths": paths}

    def _paths(self) -> int:
        """Set ``path`` top-down wherever it differs from parent's path + own key (hamlets included)."""
        table = connection.ops.quote_name(AdminUnit._meta.db_table)
        fixed = 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET path = '/' || id || '/' "  # noqa: S608 — table name from model meta
                "WHERE parent_id IS NULL AND path IS DISTINCT FROM '/' || id || '/'"
            )
            fixed += cursor.rowcount
            for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.HAMLET):
                cursor.execute(
                    f"UPDATE {table} AS c SET path = p.path || c.id || '/' FROM {table} AS p "  # noqa: S608
                    "WHERE c.parent_id = p.id AND c.level = %s "
                    "AND c.path IS DISTINCT FROM p.path || c.id || '/'",
                    [str(level)],
                )
                fixed += cursor.rowcount
        return fixed

    def _successions(self, ref: Reference) -> dict[str, int]:
        ids = {
            (u["generation"], u["level"], u["code"]): u["id"]
            for u in AdminUnit.objects.exclude(level=Level.HAMLET).values("id", "generation", "level", "code")
        }
        existing = {
            (s["predecessor_id"], s["successor_id"]): s
            for s in UnitSuccession.objects.values(
                "id", "predecessor_id", "successor_id", "is_partial", "source"
            )
        }
        to_create: list[UnitSuccession] = []
        to_update: list[UnitSuccession] = []
        unchanged = 0
        for (pred, succ), partial in ref.successions.items():
            pair = (ids[pred], ids[succ])
            row = existing.get(pair)
            if row is None:
                to_create.append(
                    UnitSuccession(
                        predecessor_id=pair[0],
                        successor_id=pair[1],
                        effective_date=CURRENT_FROM,
                        is_partial=partial,
                        source=ref.succession_source,
                    )
                )
            elif row["is_partial"] != partial or row["source"] != ref.succession_source:
                to_update.append(
                    UnitSuccession(id=row["id"], is_partial=partial, source=ref.succession_source)
                )
            else:
                unchanged += 1
        UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            UnitSuccession.objects.bulk_update(to_update, ["is_partial", "source"], batch_size=BATCH)
        return {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}

    def _agency_types(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        fields = ("name", "sector", "levels", "abbreviations", "source", "sort_order")
        existing = {a["code"]: a for a in AgencyType.objects.values("id", "code", *fields)}
        to_create: list[AgencyType] = []
        to_update: list[AgencyType] = []
        for row in rows:
            current = existing.get(row["code"])
            if current is None:
                to_create.append(AgencyType(**row))
            elif any(current[f] != row[f] for f in fields):
                to_update.append(AgencyType(id=current["id"], **row))
        AgencyType.objects.bulk_create(to_create)
        if to_update:
            AgencyType.objects.bulk_update(to_update, list(fields))
        return {
            "created": len(to_create),
            "updated": len(to_update),
            "unchanged": len(rows) - len(to_create) - len(to_update),
        }
