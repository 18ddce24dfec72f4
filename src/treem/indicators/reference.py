"""Catalogues of indicators, loaded by ``load_reference``: the indicators (data/reference/indicators.csv,
then the Thông tư 13/2021 catalogue data/reference/indicators_tt13.csv, ADR 0032) and the targets per
jurisdiction (data/reference/indicator_targets.csv), each row citing its source.
Loading is idempotent; a target whose unit is not on the map yet (before the map is loaded) is skipped,
and a target that a user or a plan set is never overwritten (ADR 0020)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from treem.core.catalogues import read_csv, upsert
from treem.geo.models import AdminUnit, Generation, Level
from treem.indicators.models import Indicator, Target, TargetOrigin

INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "unit",
    "numerator",
    "denominator",
    "disaggregations",
    "periodicity",
    "lead_agency",
    "lead_sectors",
    "source",
    "direction",
    "aggregation",
    "citation",
)


# The whole list of Thông tư 13/2021/TT-BLĐTBXH as far as it could be read (ADR 0032, docs/tt13-catalogue.md).
TT13_FILE = "indicators_tt13.csv"
CONFIRMED, DOUBTFUL = "confirmed", "doubtful"


def _review(row: dict[str, str]) -> dict[str, object]:
    """A row's ``status`` (confirmed, doubtful; blank where nobody reviewed it) and its ``doubt``: what of
    the row the legal text did not confirm. A doubtful row says what, and only a doubtful row does."""
    code = row["code"].strip()
    status, doubt = (row.get("status") or "").strip(), (row.get("doubt") or "").strip()
    if status not in ("", CONFIRMED, DOUBTFUL):
        raise ValueError(f"{code}: status {status!r} is neither {CONFIRMED!r} nor {DOUBTFUL!r}")
    if (status == DOUBTFUL) != bool(doubt):
        raise ValueError(f"{code}: a doubtful row says what is not confirmed, and only a doubtful row does")
    return {"confirmed": status != DOUBTFUL, "doubt": doubt}


def catalogue() -> list[dict[str, object]]:
    """The indicators to load, in order: indicators.csv, then the Thông tư 13 catalogue. A row of the latter
    whose code indicators.csv already defines (with the same name) adds only its review, the indicator
    stays as indicators.csv says; any other row is a whole indicator of its own."""
    rows: list[dict[str, object]] = []
    by_code: dict[str, dict[str, object]] = {}
    for row in read_csv("indicators.csv"):
        data: dict[str, object] = {f: row[f].strip() for f in INDICATOR_FIELDS} | _review(row)
        rows.append(data)
        by_code[str(data["code"])] = data
    for row in read_csv(TT13_FILE):
        code = row["code"].strip()
        if code in by_code:
            if by_code[code]["name"] != row["name"].strip():
                raise ValueError(f"{code}: {TT13_FILE} names it otherwise than indicators.csv")
            by_code[code].update(_review(row))
            continue
        data = {f: row[f].strip() for f in INDICATOR_FIELDS} | _review(row)
        rows.append(data)
        by_code[code] = data
    return rows


def load_indicators() -> dict[str, int]:
    rows = catalogue()
    for order, data in enumerate(rows, start=1):
        data["sort_order"] = order
    return upsert(Indicator, "code", rows)


def _unit(code: str, generation: str = Generation.CURRENT) -> AdminUnit | None:
    qs = AdminUnit.objects.filter(code=code, generation=generation)
    if code == "VN":
        level = Level.NATION
    elif len(code) <= 2:
        level = Level.PROVINCE
    elif len(code) == 3 and generation == Generation.FORMER:
        level = Level.DISTRICT
    else:
        level = Level.COMMUNE
    return qs.filter(level=level).first()


def load_targets() -> dict[str, int]:
    """The reference targets. People's data outranks reference data (ADR 0020): a row is created where
    the unit has none for the indicator and year, and updated only while it is still the catalogue's
    (``origin`` REFERENCE: nobody set, adjusted or cleared it since — every service that writes a target
    marks it USER, PLAN or CLEARED); any other row is kept exactly as it is ("kept").

    The column ``map`` says on which administrative map the unit is (ADR 0024): a target keeps the
    territory of the plan that set it, so Quyết định 4063/QĐ-UBND (2022) belongs to the former Thành phố
    Hồ Chí Minh (2008), not to the merged city. A catalogue row an earlier load put on the current unit of
    the same code is removed ("moved") while nobody changed it."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0, "moved": 0}
    indicators = {i.code: i for i in Indicator.objects.all()}
    units: dict[tuple[str, str], AdminUnit | None] = {}
    for row in read_csv("indicator_targets.csv"):
        code = row["unit_code"].strip()
        generation = (row.get("map") or "").strip() or Generation.CURRENT
        if (code, generation) not in units:
            units[(code, generation)] = _unit(code, generation)
        unit = units[(code, generation)]
        indicator = indicators.get(row["indicator"].strip())
        if unit is None or indicator is None:
            continue
        if generation != Generation.CURRENT:
            counts["moved"] += Target.objects.filter(
                unit=_unit(code),
                indicator=indicator,
                year=int(row["year"]),
                origin=TargetOrigin.REFERENCE,
                source=row["source"].strip(),
            ).delete()[0]
        values = {
            "value": Decimal(row["value"].strip()),
            "comparator": row["comparator"].strip(),
            "source": row["source"].strip(),
        }
        obj = Target.objects.filter(
            unit=unit, indicator=indicator, year=int(row["year"]), breakdown=""
        ).first()
        if obj is None:
            Target.objects.create(
                unit=unit,
                indicator=indicator,
                year=int(row["year"]),
                origin=TargetOrigin.REFERENCE,
                **values,
            )
            counts["created"] += 1
        elif obj.origin != TargetOrigin.REFERENCE:
            counts["kept"] += 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save(update_fields=list(values))
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


CATALOGUES: list[tuple[str, str, Callable[[], dict[str, int]]]] = [
    ("indicators", "Chỉ tiêu, chỉ số", load_indicators),
    ("indicator_targets", "Mục tiêu của chỉ tiêu theo địa bàn", load_targets),
]
