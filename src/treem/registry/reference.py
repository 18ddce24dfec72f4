"""Catalogues of the register, loaded by ``load_reference``: the 54 ethnic groups and the 14 groups of
children in special circumstances with their sub-types (data/reference/*.csv, each row citing its source)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from treem.registry.models import CircumstanceGroup, CircumstanceSubtype, Ethnicity

DATA = Path(settings.BASE_DIR) / "data" / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _upsert(model: type, key: str, rows: list[dict[str, object]]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {getattr(o, key): o for o in model.objects.all()}  # type: ignore[attr-defined]
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            model.objects.create(**row)  # type: ignore[attr-defined]
            counts["created"] += 1
        elif any(getattr(obj, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(obj, k, v)
            obj.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def load_ethnicities() -> dict[str, int]:
    rows: list[dict[str, object]] = [
        {"code": r["code"], "name": r["name"], "other_names": r["other_names"]}
        for r in _rows("ethnicities.csv")
    ]
    return _upsert(Ethnicity, "code", rows)


def load_circumstances() -> dict[str, int]:
    rows = _rows("special_circumstances.csv")
    groups: list[dict[str, object]] = [
        {"number": int(r["group"]), "clause": r["clause"], "name": r["name"], "source": r["source"]}
        for r in rows
        if not r["subtype"]
    ]
    counts = _upsert(CircumstanceGroup, "number", groups)
    by_number = {g.number: g for g in CircumstanceGroup.objects.all()}
    subtypes: list[dict[str, object]] = [
        {"code": r["subtype"], "group": by_number[int(r["group"])], "name": r["name"], "source": r["source"]}
        for r in rows
        if r["subtype"]
    ]
    sub_counts = _upsert(CircumstanceSubtype, "code", subtypes)
    return {k: counts[k] + sub_counts[k] for k in counts}


CATALOGUES: list[tuple[str, str, Callable[[], dict[str, int]]]] = [
    ("ethnicities", "Dân tộc", load_ethnicities),
    ("circumstances", "Nhóm trẻ em có hoàn cảnh đặc biệt", load_circumstances),
]
