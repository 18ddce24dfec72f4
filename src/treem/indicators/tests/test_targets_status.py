"""Catalogue loading, target inheritance and the status rule (docs/decisions/0007-indicator-status.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from treem.indicators.models import Indicator, Target
from treem.indicators.reference import load_indicators, load_targets
from treem.indicators.selectors import Status, status, target_for

pytestmark = pytest.mark.django_db


def test_catalogue_is_complete_and_loading_is_idempotent(world: Any, catalogues: None) -> None:
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {f"QD23-{n:02d}" for n in (1, 2, 5, 6, 7, 9, 10, 12, 13, 14, 15, 16, 19, 21, 22, 23, 24)} <= codes
    assert {"QD23-03a", "QD23-03b", "QD23-03c", "QD23-08a", "QD23-08b", "QD23-11a", "QD23-11b"} <= codes
    computed = set(Indicator.objects.filter(source="computed").values_list("code", flat=True))
    assert computed == {
        "QD23-01",
        "QD23-08a",
        "QD23-08b",
        "QD23-09",
        "QD23-10",
        "QD23-11a",
        "QD23-11b",
        "QD23-14",
    } | {
        "TT13-I-0101",
        "TT13-I-0301",
        "TT13-II-0101",
    }
    assert all(
        i.citation.startswith("Quyết định 23/QĐ-TTg" if i.code.startswith("QD23") else "Thông tư 13/2021")
        for i in Indicator.objects.all()
    )
    assert load_indicators()["created"] == load_indicators()["updated"] == 0
    again = load_targets()
    assert again["created"] == again["updated"] == 0 and again["unchanged"] > 90
    t = Target.objects.get(unit=world.former_a, indicator__code="QD23-03a", year=2025)
    assert (t.value, t.comparator) == (Decimal("7"), "lt")


def test_commune_inherits_hcmc_which_overrides_the_nation(world: Any, catalogues: None) -> None:
    # QĐ 4063 belongs to the former city (ADR 0024): it measures a2, whose former wards lay in it
    ind = Indicator.objects.get(code="QD23-08a")
    a2 = target_for(ind, world.a2, 2025)
    assert a2 is not None and (a2.unit, a2.value, a2.comparator) == (world.former_a, Decimal("3.5"), "lt")
    b1 = target_for(ind, world.b1, 2025)  # Hà Nội sets none: the nation's
    assert b1 is not None and (b1.unit, b1.value) == (world.nation, Decimal("6.5"))
    later = target_for(ind, world.a2, 2026)  # the next milestone: 2030
    assert later is not None and (later.year, later.value) == (2030, Decimal("3"))
    assert target_for(ind, world.a2, 2031) is None
    Target.objects.create(unit=world.a, indicator=ind, year=2025, value=Decimal("2.5"), comparator="le")
    assert target_for(ind, world.a1, 2025).value == Decimal("2.5")  # type: ignore[union-attr]
    assert target_for(ind, world.a2, 2025).unit == world.a  # type: ignore[union-attr]  # the city's newer one
    Target.objects.create(unit=world.a2, indicator=ind, year=2025, value=Decimal("2"), comparator="le")
    own = target_for(ind, world.a2, 2025)
    assert own is not None and (own.unit, own.value) == (world.a2, Decimal("2"))


def _target(value: str, comparator: str, year: int) -> Target:
    return Target(value=Decimal(value), comparator=comparator, year=year)


def test_status_rule() -> None:
    lower = _target("4.5", "lt", 2025)
    assert status(None, lower, "lower", year=2025) == Status.NO_DATA
    assert status(Decimal("1"), None, "lower", year=2025) == Status.NO_TARGET
    assert status(Decimal("4.4"), lower, "lower", year=2025) == Status.ACHIEVED
    assert status(Decimal("4.5"), lower, "lower", year=2025) == Status.OFF_TRACK  # the target year is here
    raise_ = _target("95", "ge", 2030)
    base = (2025, Decimal("85"))  # the line: 85 in 2025 → 95 in 2030, i.e. 87 in 2026
    assert status(Decimal("87"), raise_, "raise", year=2026, baseline=base) == Status.ON_TRACK
    assert status(Decimal("86"), raise_, "raise", year=2026, baseline=base) == Status.AT_RISK
    assert status(Decimal("85"), raise_, "raise", year=2026, baseline=base) == Status.OFF_TRACK
    assert status(Decimal("86"), raise_, "raise", year=2026) == Status.AT_RISK  # no baseline
    assert status(Decimal("95.00"), raise_, "raise", year=2026) == Status.ACHIEVED
    lower_later = _target("4", "lt", 2030)  # 6 in 2025 → 4 in 2030: 5.6 expected in 2026
    assert (
        status(Decimal("5.5"), lower_later, "lower", year=2026, baseline=(2025, Decimal("6")))
        == Status.ON_TRACK
    )
    assert (
        status(Decimal("5.8"), lower_later, "lower", year=2026, baseline=(2025, Decimal("6")))
        == Status.AT_RISK
    )
    assert (
        status(Decimal("6.1"), lower_later, "lower", year=2026, baseline=(2025, Decimal("6")))
        == Status.OFF_TRACK
    )
    keep = _target("100", "eq", 2030)
    assert status(Decimal("100.00"), keep, "keep", year=2026) == Status.ACHIEVED
    assert status(Decimal("99"), keep, "keep", year=2026) == Status.OFF_TRACK
