"""The Thông tư 13/2021 catalogue (issue #18, ADR 0032): it loads, every row cites its source, codes are
unique and well formed, and what the legal text did not confirm is flagged and shown "CHƯA XÁC NHẬN"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from treem.core.catalogues import read_csv
from treem.indicators.models import Aggregation, Direction, Indicator, MeasureUnit, Periodicity, Source
from treem.indicators.reference import TT13_FILE, _review, catalogue, load_indicators

CODE = re.compile(r"^TT13-(I|II)-(\d{2})(\d{2})$")
GROUPS = {"I": {f"{g:02d}" for g in range(1, 7)}, "II": {"01", "02"}}


def test_codes_are_unique_and_well_formed() -> None:
    codes = [str(r["code"]) for r in catalogue()]
    assert len(codes) == len(set(codes))
    tt13 = [c for c in codes if c.startswith("TT13")]
    assert len(tt13) >= 15
    for code in tt13:
        match = CODE.match(code)
        assert match, code
        appendix, group, number = match.groups()
        assert group in GROUPS[appendix] and number != "00", code
    listed = [r["code"] for r in read_csv(TT13_FILE)]
    assert len(listed) == len(set(listed))
    assert set(tt13) == set(listed)  # every Thông tư 13 indicator is in the reviewed list, and only those


def test_every_tt13_row_cites_its_source_and_is_flagged() -> None:
    loaded = {r["code"]: r for r in catalogue()}
    for row in read_csv(TT13_FILE):
        code, indicator = row["code"], loaded[row["code"]]
        assert str(indicator["citation"]).startswith("Thông tư 13/2021/TT-BLĐTBXH, Phụ lục "), code
        assert row["evidence"].strip(), code  # where the facts were read
        assert row["status"] in ("confirmed", "doubtful"), code
        assert indicator["confirmed"] is (row["status"] == "confirmed"), code
        assert bool(indicator["doubt"]) is (row["status"] == "doubtful"), code
        if "suy ra" in str(indicator["citation"]):  # a code inferred from position is never confirmed
            assert not indicator["confirmed"], code
        assert indicator["unit"] in MeasureUnit.values and indicator["periodicity"] in Periodicity.values
        assert indicator["direction"] in Direction.values and indicator["aggregation"] in Aggregation.values
        assert indicator["source"] in Source.values and indicator["definition"], code


def test_new_rows_are_reported_and_only_0605_is_confirmed() -> None:
    original = {r["code"] for r in read_csv("indicators.csv")}
    new = [r for r in catalogue() if str(r["code"]).startswith("TT13") and r["code"] not in original]
    assert new and all(r["source"] == Source.REPORTED for r in new)
    confirmed = {r["code"] for r in catalogue() if str(r["code"]).startswith("TT13") and r["confirmed"]}
    assert confirmed == {"TT13-I-0605"}


def test_a_doubt_must_be_flagged_and_a_flag_explained() -> None:
    with pytest.raises(ValueError, match="only a doubtful row"):
        _review({"code": "TT13-I-0999", "status": "confirmed", "doubt": "Mã suy ra"})
    with pytest.raises(ValueError, match="says what is not confirmed"):
        _review({"code": "TT13-I-0999", "status": "doubtful", "doubt": ""})
    with pytest.raises(ValueError, match="neither"):
        _review({"code": "TT13-I-0999", "status": "maybe", "doubt": ""})
    assert _review({"code": "QD23-01"}) == {"confirmed": True, "doubt": ""}


@pytest.mark.django_db
def test_catalogue_loads_with_its_flags(world: Any, catalogues: None) -> None:
    assert Indicator.objects.count() == len(catalogue())
    doubtful = Indicator.objects.filter(confirmed=False)
    assert doubtful.filter(code="TT13-I-0102").exists()
    assert all(i.doubt for i in doubtful)
    assert Indicator.objects.get(code="TT13-I-0605").confirmed
    sex_ratio = Indicator.objects.get(code="TT13-I-0102")
    assert sex_ratio.get_unit_display() == "bé trai/100 bé gái"
    assert sex_ratio.value_of(112, 100) == 112
    again = load_indicators()
    assert again["created"] == again["updated"] == 0


@pytest.mark.django_db
def test_scorecard_shows_unconfirmed_rows(world: Any, catalogues: None, login: Any) -> None:
    body = login(world.worker_a1).get(reverse("indicators:scorecard"), {"year": 2025}).content.decode()
    doubtful = Indicator.objects.filter(confirmed=False).count()
    assert doubtful and body.count("CHƯA XÁC NHẬN") == doubtful
    assert "Mã 0102 suy ra từ thứ tự liệt kê" in body


@pytest.mark.django_db
def test_under_five_vaccination_is_a_reported_health_indicator(world: Any, catalogues: None) -> None:
    """Quyết định 23 chỉ tiêu 5 names two groups; HCMC's plan (5b) sets a target for the under-5s too."""
    under_five = Indicator.objects.get(code="QD23-05b")
    under_one = Indicator.objects.get(code="QD23-05")
    assert under_five.source == Source.REPORTED and under_five.sectors == {"health"}
    assert (under_five.unit, under_five.direction) == (under_one.unit, under_one.direction)
    assert under_five.citation == under_one.citation == "Quyết định 23/QĐ-TTg ngày 07/01/2021, chỉ tiêu 5"
    assert under_five.sort_order == under_one.sort_order + 1
