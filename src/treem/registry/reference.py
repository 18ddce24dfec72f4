"""Catalogues of the register, loaded by ``load_reference``: the 54 ethnic groups and the 14 groups of
children in special circumstances with their sub-types (data/reference/*.csv, each row citing its source)."""

from __future__ import annotations

from collections.abc import Callable

from treem.core.catalogues import read_csv, upsert
from treem.registry.models import CircumstanceGroup, CircumstanceSubtype, Ethnicity


def load_ethnicities() -> dict[str, int]:
    rows: list[dict[str, object]] = [
        {"code": r["code"], "name": r["name"], "other_names": r["other_names"]}
        for r in read_csv("ethnicities.csv")
    ]
    return upsert(Ethnicity, "code", rows)


def load_circumstances() -> dict[str, int]:
    rows = read_csv("special_circumstances.csv")
    groups: list[dict[str, object]] = [
        {"number": int(r["group"]), "clause": r["clause"], "name": r["name"], "source": r["source"]}
        for r in rows
        if not r["subtype"]
    ]
    counts = upsert(CircumstanceGroup, "number", groups)
    by_number = {g.number: g for g in CircumstanceGroup.objects.all()}
    subtypes: list[dict[str, object]] = [
        {"code": r["subtype"], "group": by_number[int(r["group"])], "name": r["name"], "source": r["source"]}
        for r in rows
        if r["subtype"]
    ]
    sub_counts = upsert(CircumstanceSubtype, "code", subtypes)
    return {k: counts[k] + sub_counts[k] for k in counts}


CATALOGUES: list[tuple[str, str, Callable[[], dict[str, int]]]] = [
    ("ethnicities", "Dân tộc", load_ethnicities),
    ("circumstances", "Nhóm trẻ em có hoàn cảnh đặc biệt", load_circumstances),
]
