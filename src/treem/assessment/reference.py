"""The 13 criteria of Quyết định 06/QĐ-TTg and their sub-criteria (data/reference/cfc_criteria.csv), loaded
by ``load_reference``. Idempotent: rows keyed by criterion number and sub-criterion code; a second run writes
nothing. Rows marked ``confirmed=no`` carry placeholder points (legal-reference.md §4: UNCONFIRMED)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from treem.assessment.models import Criterion, SubCriterion
from treem.core.catalogues import read_csv

CRITERIA_FILE = "cfc_criteria.csv"


def _sync(obj: Any, values: dict[str, Any], counts: dict[str, int]) -> None:
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1


def load_criteria() -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    rows = read_csv(CRITERIA_FILE)
    criteria: dict[int, Criterion] = {c.number: c for c in Criterion.objects.all()}
    for row in rows:
        if row["sub"]:
            continue
        number = int(row["criterion"])
        values = {
            "name": row["name"],
            "max_points": int(row["max_points"]),
            "data_window": row["data_window"],
            "sector": row["sector"],
            "citation": row["citation"],
            "confirmed": row["confirmed"] == "yes",
        }
        if number in criteria:
            _sync(criteria[number], values, counts)
        else:
            criteria[number] = Criterion.objects.create(number=number, **values)
            counts["created"] += 1
    subs = {s.code: s for s in SubCriterion.objects.all()}
    for order, row in enumerate(r for r in rows if r["sub"]):
        values = {
            "criterion_id": criteria[int(row["criterion"])].pk,
            "name": row["name"],
            "max_points": int(row["max_points"]),
            "sector": row["sector"],
            "rule": row["rule"],
            "comparator": row["comparator"],
            "threshold": Decimal(row["threshold"]) if row["threshold"] else None,
            "partial_points": int(row["partial_points"] or 0),
            "rule_text": row["rule_text"],
            "citation": row["citation"],
            "confirmed": row["confirmed"] == "yes",
            "sort_order": order,
        }
        if row["sub"] in subs:
            _sync(subs[row["sub"]], values, counts)
        else:
            SubCriterion.objects.create(code=row["sub"], **values)
            counts["created"] += 1
    return counts


CATALOGUES: list[tuple[str, str, Callable[[], dict[str, int]]]] = [
    ("cfc_criteria", "Tiêu chí xã, phường phù hợp với trẻ em (Quyết định 06/QĐ-TTg)", load_criteria),
]
