"""Targets as plans write them (issue #17, ADR 0026): a level with any comparator, "duy trì", a range,
a yearly change against the previous year's figure, and split targets (boys/girls, urban/rural) —
each judged with a short reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from treem.indicators import selectors
from treem.indicators.models import Indicator, ReportedValue, Target
from treem.indicators.selectors import Status, judge

D = Decimal


def target(
    kind: str = "level", value: str = "90", comparator: str = "ge", year: int = 2025, **kw: Any
) -> Target:
    return Target(kind=kind, value=D(value), comparator=comparator, year=year, **kw)


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        ("lt", "4.9", Status.ACHIEVED),
        ("lt", "5", Status.OFF_TRACK),
        ("le", "5", Status.ACHIEVED),
        ("gt", "5", Status.OFF_TRACK),
        ("gt", "5.1", Status.ACHIEVED),
        ("ge", "5", Status.ACHIEVED),
        ("eq", "5", Status.ACHIEVED),
        ("eq", "5.2", Status.OFF_TRACK),
    ],
)
def test_a_level_with_every_comparator(comparator: str, value: str, expected: str) -> None:
    state, reason = judge(D(value), target(value="5", comparator=comparator), "lower", year=2025)
    assert state == expected
    assert reason.startswith("Đạt" if expected == Status.ACHIEVED else "Chưa đạt")
    assert "năm 2025" in reason


def test_a_level_set_every_year_is_judged_in_its_own_year_and_says_so() -> None:
    # one year of a plan's "hằng năm, 100% …" (ADR 0044): met one year, not the next
    this_year = target(value="100", comparator="ge", year=2026, every_year=True)
    assert judge(D("100"), this_year, "raise", year=2026) == (
        Status.ACHIEVED,
        "Đạt: 100, mục tiêu ≥ 100 hằng năm (năm 2026).",
    )
    next_year = target(value="100", comparator="ge", year=2027, every_year=True)
    assert judge(D("96"), next_year, "raise", year=2027) == (
        Status.OFF_TRACK,
        "Chưa đạt: 96, mục tiêu ≥ 100 hằng năm (năm 2027).",
    )


def test_a_yearly_reduction_is_measured_against_the_previous_year() -> None:
    five_a_year = target(kind="change", value="5", comparator="ge", year=2026)
    state, reason = judge(D("94"), five_a_year, "lower", year=2026, previous=D("100"))
    assert (state, reason) == (
        Status.ACHIEVED,
        "Giảm 6% so với năm 2025 (100 → 94); mục tiêu giảm ≥ 5%/năm.",
    )
    state, reason = judge(D("97"), five_a_year, "lower", year=2026, previous=D("100"))
    assert state == Status.OFF_TRACK and reason.startswith("Giảm 3% so với năm 2025")
    state, reason = judge(D("103"), five_a_year, "lower", year=2026, previous=D("100"))
    assert state == Status.OFF_TRACK and reason.startswith("Tăng 3% so với năm 2025")
    state, reason = judge(D("97"), five_a_year, "lower", year=2026, previous=None)
    assert state == Status.NO_DATA and "năm 2025" in reason


def test_a_range_of_yearly_reduction_keeps_its_lower_bound_as_the_goal() -> None:
    two_to_three = target(kind="change", value="2", comparator="ge", value_high=D("3"))
    assert judge(D("97.5"), two_to_three, "lower", year=2025, previous=D("100"))[0] == Status.ACHIEVED
    assert judge(D("99"), two_to_three, "lower", year=2025, previous=D("100"))[0] == Status.OFF_TRACK


def test_a_range_of_levels() -> None:
    band = target(kind="range", value="10", value_high=D("12"), comparator="")
    assert judge(D("11"), band, "lower", year=2025) == (
        Status.ACHIEVED,
        "11 nằm trong khoảng mục tiêu 10–12.",
    )
    assert (
        judge(D("12,5".replace(",", ".")), band, "lower", year=2025)[1]
        == "12,5 nằm ngoài khoảng mục tiêu 10–12."
    )


def test_keep_means_not_worse_than_last_year_and_the_level_if_given() -> None:
    keep_100 = target(kind="keep", value="100", comparator="ge")
    assert judge(D("100"), keep_100, "raise", year=2025, previous=D("100"))[0] == Status.ACHIEVED
    state, reason = judge(D("98"), keep_100, "raise", year=2025, previous=D("100"))
    assert state == Status.OFF_TRACK and reason.startswith("Không duy trì được")
    under_10 = target(kind="keep", value="10", comparator="lt")
    assert judge(D("9"), under_10, "lower", year=2025, previous=D("9.5"))[0] == Status.ACHIEVED
    assert judge(D("9.8"), under_10, "lower", year=2025, previous=D("9.5"))[0] == Status.OFF_TRACK


def test_a_level_before_its_year_says_where_the_line_is() -> None:
    goal = target(value="95", comparator="ge", year=2030)
    state, reason = judge(D("90.5"), goal, "raise", year=2026, baseline=(2025, D("90")))
    assert state == Status.AT_RISK
    assert reason.startswith("Tốt hơn năm 2025 (90) nhưng dưới lộ trình: 90,5, cần 91 năm 2026")
    state, reason = judge(D("91"), goal, "raise", year=2026, baseline=(2025, D("90")))
    assert state == Status.ON_TRACK and reason.startswith("Đúng lộ trình: 91")
    assert judge(None, goal, "raise", year=2026) == (Status.NO_DATA, "Chưa có số liệu năm 2026.")


@pytest.mark.django_db
def test_the_scorecard_judges_yearly_change_and_a_split_by_sex(world: Any, catalogues: None) -> None:
    ind = Indicator.objects.get(code="QD23-13")  # tảo hôn, reported, to lower
    Target.active().filter(indicator=ind).delete()
    Target.objects.create(
        unit=world.a, indicator=ind, year=2025, value=D("5"), comparator="ge", kind="change", origin="plan"
    )
    Target.objects.create(
        unit=world.a, indicator=ind, year=2025, value=D("3"), comparator="lt", breakdown="F", origin="plan"
    )
    for year, sex, value in ((2024, "", "10"), (2025, "", "9"), (2025, "F", "2"), (2025, "M", "4")):
        ReportedValue.objects.create(unit=world.a, indicator=ind, year=year, sex=sex, value=D(value))
    row = selectors.evaluate(ind, world.a, 2025)
    assert row.target is not None and row.target.kind == "change", row.reason
    assert row.figure.value == D("9"), (row.figure, row.reason)
    assert row.status == Status.ACHIEVED
    assert row.reason.startswith("Giảm 10% so với năm 2024")
    [girls] = row.parts
    assert (girls.label, girls.status, girls.figure.value) == ("Nữ", Status.ACHIEVED, D("2"))
    assert girls.reason.startswith("Đạt: 2")


@pytest.mark.django_db
def test_an_urban_split_of_a_reported_indicator_has_no_figure_and_no_error(
    world: Any, catalogues: None
) -> None:
    """The demo's HCMC report broke on this: a split by area of an indicator Treem does not compute."""
    ind = Indicator.objects.get(code="QD23-13")  # reported
    Target.objects.create(
        unit=world.a,
        indicator=ind,
        year=2026,
        value=D("2"),
        comparator="lt",
        breakdown="urban",
        origin="plan",
    )
    row = selectors.evaluate(ind, world.a, 2026)
    [urban] = row.parts
    assert urban.figure.value is None and urban.status == Status.NO_DATA
    assert any(r.indicator == ind for r in selectors.scorecard(world.a, 2026))


@pytest.mark.django_db
def test_the_scorecard_names_a_targets_year_once(world: Any, catalogues: None, login: Any) -> None:
    """A level set for every year says "(hằng năm)"; a yearly change already says "%/năm", so it
    gets no second "hằng năm"; a target of one year names its year."""
    import html
    import re

    from django.urls import reverse

    def target_line(code: str) -> str:
        body = login(world.province_a).get(
            reverse("indicators:scorecard"), {"unit": world.a.pk, "year": 2026}
        )
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body.content.decode())))
        name = Indicator.objects.get(code=code).name
        card = text[text.index(name) :]
        return card[card.index("Mục tiêu:") :][:60]

    marriage = Indicator.objects.get(code="QD23-13")
    Target.active().filter(indicator=marriage).delete()
    every = {"unit": world.a, "year": 2026, "origin": "plan", "every_year": True}
    Target.objects.create(indicator=marriage, value=D("2"), comparator="ge", kind="change", **every)
    line = target_line("QD23-13")
    assert line.startswith("Mục tiêu: ≥ 2%/năm") and "hằng năm" not in line, line
    Target.objects.filter(indicator=marriage).update(kind="level", value=D("1"), comparator="lt")
    assert target_line("QD23-13").startswith("Mục tiêu: < 1 (hằng năm)")
    Target.objects.filter(indicator=marriage).update(every_year=False)
    assert target_line("QD23-13").startswith("Mục tiêu: < 1 (năm 2026)")
