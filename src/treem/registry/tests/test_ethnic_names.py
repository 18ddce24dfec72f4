"""The ethnicity list uses the official names of Vietnam's 54 ethnic groups (issue #19)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FILE = Path(__file__).resolve().parents[4] / "data" / "reference" / "ethnicities.csv"


def test_the_54_groups_with_their_official_names() -> None:
    rows = list(csv.DictReader(FILE.open(encoding="utf-8")))
    assert [r["code"] for r in rows] == [f"{n:02d}" for n in range(1, 55)]
    names = {r["code"]: r["name"] for r in rows}
    assert names["08"] == "Mông"  # not "HMông" (Tổng cục Thống kê, Ủy ban Dân tộc)
    assert len(set(names.values())) == 54


@pytest.mark.django_db
def test_a_file_that_says_hmong_still_finds_the_mong() -> None:
    from treem.core.text import fold
    from treem.registry.importing import _ethnicity_lookup
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    lookup = _ethnicity_lookup()
    assert lookup[fold("HMông")].name == "Mông" and lookup[fold("H'Mông")].code == "08"
