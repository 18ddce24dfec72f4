"""Plans across the 2025 reform: which current units carry on a former unit, which unit now receives the
reports a former one received, and which agencies replaced the agencies a plan names (ADR 0025).

Since 01/07/2025 there are two tiers (province, commune); the district tier is gone and many provinces and
communes were merged (legal-reference §9). A plan issued by a former unit stays attached to it, read-only;
its successors carry it on through the plans derived from it.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from treem.core.text import fold
from treem.geo.models import AdminUnit, Agency, AgencyType, Generation, Level, UnitSuccession


def is_former(unit: AdminUnit) -> bool:
    return unit.generation == Generation.FORMER


def successors(unit: AdminUnit) -> list[AdminUnit]:
    """The current units that took over ``unit`` (itself when current). A former district has no row of
    its own in the conversion table: its communes' successors carry it on."""
    if not is_former(unit):
        return [unit]
    found = list(
        AdminUnit.objects.filter(predecessions__predecessor=unit).distinct().order_by("level", "name")
    )
    if found or unit.level != Level.DISTRICT:
        return found
    return list(AdminUnit.objects.filter(predecessions__predecessor__parent=unit).distinct().order_by("name"))


def receiving_unit(unit: AdminUnit | None) -> AdminUnit | None:
    """The current unit that now receives the reports ``unit`` received. A former province: the province it
    joined; a former district: the province above its communes (reports go from the commune straight to
    the province since the district tier ended); a former commune: its single successor, else the
    province. None when nothing is known — never the nation by default."""
    if unit is None or not is_former(unit):
        return unit
    if unit.level == Level.PROVINCE:
        rows = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor"))
        whole = [r.successor for r in rows if not r.is_partial]
        return whole[0] if len(whole) == 1 else None
    if unit.level == Level.COMMUNE:
        after = successors(unit)
        if len(after) == 1:
            return after[0]
    parent = unit.parent
    while parent is not None and parent.level not in (Level.PROVINCE, Level.NATION):
        parent = parent.parent
    return receiving_unit(parent) if parent is not None and parent.level == Level.PROVINCE else None


# -- agencies -------------------------------------------------------------------------------------------
SUCCESSIONS_CSV = Path(__file__).resolve().parents[3] / "data" / "reference" / "agency_successions.csv"
ANY = "*"  # the table's last row: any other district body, the same kind of body at the commune
_DISTRICT_WORDS = re.compile(r"\s+(?:các\s+)?(?:quận|huyện|thị xã)\b.*$", re.IGNORECASE)
CHILD_WORK = "tre_em"  # Treem's plans are child work: that row decides where a split agency's task goes


@dataclass(frozen=True)
class AgencySuccession:
    former: tuple[str, ...]  # keys of the names as plans write them
    former_type: str
    by_type: bool
    level: str
    work: str
    successor_type: str
    successor_level: str
    successor_name: str
    since: datetime.date
    confirmed: bool
    source: str
    note: str


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text.replace("&", " va ").replace("(cũ)", ""))))


@cache
def agency_successions() -> tuple[AgencySuccession, ...]:
    """The table data/reference/agency_successions.csv (one row per former agency and kind of work)."""
    rows = []
    with SUCCESSIONS_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append(
                AgencySuccession(
                    former=tuple(
                        ANY if n.strip() == ANY else _key(n) for n in row["former"].split(";") if n.strip()
                    ),
                    former_type=row["former_type"].strip(),
                    by_type=row["by_type"].strip() == "yes",
                    level=row["level"].strip(),
                    work=row["work"].strip(),
                    successor_type=row["successor_type"].strip(),
                    successor_level=row["successor_level"].strip(),
                    successor_name=row["successor_name"].strip(),
                    since=datetime.date.fromisoformat(row["since"].strip()),
                    confirmed=row["status"].strip() == "confirmed",
                    source=row["source"].strip(),
                    note=row["note"].strip(),
                )
            )
    return tuple(rows)


def agency_succession(text: str, type_code: str = "", level: str = "") -> AgencySuccession | None:
    """The row that replaces the agency a plan names (as written, with the catalogue's type and level),
    for child work; None for an agency that still exists."""
    key = _key(text)
    best: tuple[int, AgencySuccession] | None = None
    for row in agency_successions():
        if row.work != CHILD_WORK or ANY in row.former:
            continue
        score = max((len(f) for f in row.former if key == f or key.startswith(f + " ")), default=0)
        by_type = row.by_type or (row.level == Level.DISTRICT and level == Level.DISTRICT)
        if not score and type_code and type_code == row.former_type and by_type:
            score = 1
        if score and (best is None or score > best[0]):
            best = (score, row)
    if best:
        return best[1]
    if level == Level.DISTRICT and _DISTRICT_WORDS.search(text):
        return next((r for r in agency_successions() if ANY in r.former and r.work == CHILD_WORK), None)
    return None


def _province_of(unit: AdminUnit) -> AdminUnit | None:
    node: AdminUnit | None = unit if not is_former(unit) else receiving_unit(unit)
    while node is not None and node.level not in (Level.PROVINCE, Level.NATION):
        node = node.parent
    return node if node is not None and node.level == Level.PROVINCE else None


@dataclass(frozen=True)
class Successor:
    text: str
    agency_type: AgencyType | None
    agency: Agency | None
    row: AgencySuccession


def agency_successor(text: str, type_code: str, level: str, unit: AdminUnit) -> Successor | None:
    """Who does today, for a plan of ``unit``, what the agency named ``text`` did: the successor's name at
    the plan's place ("Công an quận" in a ward's plan → "Công an Phường Tân Bình"; "Sở Lao động - Thương
    binh và Xã hội" in the city's → "Sở Y tế Thành phố Hồ Chí Minh"), the concrete agency when Treem
    knows it. None when the agency still exists."""
    row = agency_succession(text, type_code, level)
    if row is None:
        return None
    successor_name, successor_level = row.successor_name, row.successor_level
    if row.successor_type == ANY:  # the same kind of body, one level to the commune (or the province)
        agency_type = AgencyType.objects.filter(code=type_code).first() if type_code else None
        successor_name = _DISTRICT_WORDS.sub("", text).strip(" ,;")
        if agency_type is not None and Level.COMMUNE not in agency_type.levels.split(","):
            successor_level = Level.PROVINCE
    else:
        agency_type = AgencyType.objects.filter(code=row.successor_type).first()
    place: AdminUnit | None = None
    if successor_level == Level.PROVINCE:
        place = _province_of(unit)
    elif successor_level == Level.COMMUNE and unit.level == Level.COMMUNE and not is_former(unit):
        place = unit
    if place is None:
        generic = {"commune": "cấp xã", "province": "cấp tỉnh"}.get(successor_level)
        name = f"{successor_name} {generic}" if generic else successor_name
        return Successor(name, agency_type, None, row)
    concrete = None
    if agency_type is not None:
        concrete = Agency.objects.filter(unit=place, agency_type=agency_type, is_active=True).first()
        if concrete is not None and row.successor_type == "bo_nganh":
            concrete = None
    name = concrete.name if concrete else f"{successor_name} {place.name}"
    return Successor(name, agency_type, concrete, row)


def recipient_now(text: str, unit: AdminUnit) -> str:
    """Whom a report a plan of ``unit`` sends "to ``text``" goes to today: the People's Committee of the
    unit that replaced a former district ("gửi Ủy ban nhân dân quận" → "UBND Thành phố Hồ Chí Minh"), the
    successor of a former agency; "" when the recipient still exists."""
    if not text:
        return ""
    row = agency_succession(text)
    if row is None:
        return ""
    province = _province_of(unit)
    if row.level == Level.DISTRICT:  # reports the district received go to the province now
        return f"UBND {province.name}" if province is not None else "UBND cấp tỉnh"
    if row.successor_level == Level.PROVINCE and province is not None:
        return f"{row.successor_name} {province.name}"
    return row.successor_name
