"""Catalogues of indicators, loaded by ``load_reference``: the indicators (data/reference/indicators.csv)
and the targets per jurisdiction (data/reference/indicator_targets.csv), each row citing its source.
Loading is idempotent; a target whose unit is not on the map yet (before the map is loaded) is skipped,
and a target that a user or a plan set is never overwritten (ADR 0020)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from treem.geo.models import AdminUnit, Generation, Level
from treem.indicators.models import Indicator, Target, TargetOrigin

DATA = Path(settings.BASE_DIR) / "data" / "reference"

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


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_indicators() -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {i.code: i for i in Indicator.objects.all()}
    for order, row in enumerate(_rows("indicators.csv"), start=1):
        data: dict[str, object] = {f: row[f].strip() for f in INDICATOR_FIELDS}
        data["sort_order"] = order
        obj = existing.get(str(data["code"]))
        if obj is None:
            Indicator.objects.create(**data)
            counts["created"] += 1
        elif any(getattr(obj, k) != v for k, v in data.items()):
            for k, v in data.items():
                setattr(obj, k, v)
            obj.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def _unit(code: str) -> AdminUnit | None:
    qs = AdminUnit.objects.filter(code=code, generation=Generation.CURRENT)
    level = Level.NATION if code == "VN" else Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    return qs.filter(level=level).first()


def load_targets() -> dict[str, int]:
    """The reference targets. People's data outranks reference data (ADR 0020): a row is created where
    the unit has none for the indicator and year, and updated only while it is still the catalogue's
    (``origin`` REFERENCE: nobody set, adjusted or cleared it since — every service that writes a target
    marks it USER, PLAN or CLEARED); any other row is kept exactly as it is ("kept")."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    indicators = {i.code: i for i in Indicator.objects.all()}
    units: dict[str, AdminUnit | None] = {}
    for row in _rows("indicator_targets.csv"):
        code = row["unit_code"].strip()
        if code not in units:
            units[code] = _unit(code)
        unit = units[code]
        indicator = indicators.get(row["indicator"].strip())
        if unit is None or indicator is None:
            continue
        values = {
            "value": Decimal(row["value"].strip()),
            "comparator": row["comparator"].strip(),
            "source": row["source"].strip(),
        }
        obj = Target.objects.filter(unit=unit, indicator=indicator, year=int(row["year"])).first()
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
