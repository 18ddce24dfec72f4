"""The targets page and services on a target set every year ("hằng năm", ADR 0044): shown once with the
years it covers, a year's own target over it shown beside it, and every edit or clear acting on the set
as a whole — a year's own target cleared gives its year back to the set."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.indicators.models import Indicator, Target, TargetOrigin

pytestmark = pytest.mark.django_db

TARGETS = reverse("indicators:targets")
CODE = "QD23-12"
SOURCE = "Kế hoạch số 7/KH-UBND ngày 02/01/2026"


@pytest.fixture
def every_year(world: Any, catalogues: None) -> Indicator:
    """Province A's plan: "Hằng năm, ≥ 100 %" for 2026–2030, written once per year."""
    indicator = Indicator.objects.get(code=CODE)
    for year in range(2026, 2031):
        Target.objects.create(
            unit=world.a,
            indicator=indicator,
            year=year,
            value=Decimal("100"),
            comparator="ge",
            source=SOURCE,
            origin=TargetOrigin.PLAN,
            every_year=True,
        )
    return indicator


def _cell(client: Any, unit: Any) -> str:
    """The text of the indicator's targets cell on the page, tags dropped, spaces collapsed."""
    body = client.get(TARGETS, {"unit": unit.pk}).content.decode()
    row = body[body.index(f"<td>{CODE}</td>") :]
    row = row[: row.index("</tr>")]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def _set(client: Any, unit: Any, year: str, value: str, **extra: str) -> Any:
    data = {"unit": unit.pk, "action": "set", "indicator": CODE, "year": year, "comparator": "ge"}
    return client.post(TARGETS, {**data, "value": value, **extra})


def _clear(client: Any, unit: Any, year: int) -> Any:
    return client.post(TARGETS, {"unit": unit.pk, "action": "clear", "indicator": CODE, "year": str(year)})


def _rows(world: Any) -> dict[int, tuple[str, bool, str]]:
    return {
        t.year: (format(t.value.normalize(), "f"), t.every_year, t.origin)
        for t in Target.objects.filter(unit=world.a, indicator__code=CODE)
    }


def test_a_target_set_every_year_is_shown_once_with_its_years(
    world: Any, every_year: Indicator, login: Any
) -> None:
    client = login(world.province_a)
    cell = _cell(client, world.a)
    assert cell.count("Hằng năm (2026–2030): ≥ 100") == 1
    assert not re.search(r"Năm 20(2[6-9]|30)", cell) and "Của địa bàn" in cell
    # a commune inherits it: the same line, once, set by its province
    commune = _cell(client, world.a1)
    assert commune.count("Hằng năm (2026–2030): ≥ 100") == 1 and "Theo Thành phố Hồ Chí Minh" in commune


def test_a_years_own_target_is_shown_beside_the_set_and_cleared_gives_the_year_back(
    world: Any, every_year: Indicator, login: Any
) -> None:
    client = login(world.province_a)
    assert _set(client, world.a, "2028", "95", source="Công văn 5/UBND").status_code == 302
    cell = _cell(client, world.a)
    assert "Hằng năm (2026–2030): ≥ 100" in cell
    assert "Năm 2028: ≥ 95 (riêng năm này, thay mục tiêu hằng năm)" in cell
    assert cell.index("Hằng năm") < cell.index("Năm 2028")
    assert _rows(world)[2028] == ("95", False, "user")
    assert _clear(client, world.a, 2028).status_code == 302
    # the year is the set's again, as the plan wrote it: value, source, origin
    assert _rows(world) == {year: ("100", True, "plan") for year in range(2026, 2031)}
    assert Target.objects.get(unit=world.a, indicator=every_year, year=2028).source == SOURCE
    assert "Năm 2028" not in _cell(client, world.a)
    event = AuditEvent.objects.filter(action="indicators.target.cleared").get()
    assert event.after["value"] == "100" and event.extra["every_year"] is True


def test_a_years_own_target_at_the_end_of_the_set_keeps_the_sets_years(
    world: Any, every_year: Indicator, login: Any
) -> None:
    client = login(world.province_a)
    _set(client, world.a, "2030", "95")
    cell = _cell(client, world.a)
    assert "Hằng năm (2026–2030): ≥ 100" in cell and "Năm 2030: ≥ 95" in cell
    _clear(client, world.a, 2030)
    assert _rows(world)[2030] == ("100", True, "plan")


def test_clearing_the_every_year_target_clears_every_year_of_it_and_keeps_a_years_own(
    world: Any, every_year: Indicator, login: Any
) -> None:
    client = login(world.province_a)
    _set(client, world.a, "2028", "95")
    response = _clear(client, world.a, 2026)
    assert response.status_code == 302
    assert _rows(world) == {2028: ("95", False, "user")}
    own = Target.objects.get(unit=world.a, indicator=every_year, year=2028)
    assert own.replaced is None  # the level it replaced is gone: clearing it now clears the year
    event = AuditEvent.objects.filter(action="indicators.target.cleared").get()
    assert event.extra["years"] == [2026, 2027, 2029, 2030]
    follow = client.get(TARGETS, {"unit": world.a.pk})
    assert "Đã xóa mục tiêu hằng năm (2026–2030) của QD23-12." in follow.content.decode()
    cell = _cell(client, world.a)
    assert "Hằng năm" not in cell and "thay mục tiêu hằng năm" not in cell
    _clear(client, world.a, 2028)
    assert _rows(world) == {}


def test_every_year_as_the_year_changes_the_set_for_every_year_it_holds(
    world: Any, every_year: Indicator, login: Any
) -> None:
    client = login(world.province_a)
    _set(client, world.a, "2028", "95")
    response = _set(client, world.a, "hằng năm", "98", source="Quyết định 9/QĐ-UBND")
    assert response.status_code == 302
    rows = _rows(world)
    assert rows.pop(2028) == ("95", False, "user")  # a year's own target stays its own
    assert rows == {year: ("98", True, "user") for year in (2026, 2027, 2029, 2030)}
    assert "Hằng năm (2026–2030): ≥ 98" in _cell(client, world.a)
    event = AuditEvent.objects.filter(action="indicators.target.set").order_by("id").last()
    assert event is not None and event.extra["years"] == [2026, 2027, 2029, 2030]
    _clear(client, world.a, 2028)  # its year goes back to the level now set every year
    assert _rows(world)[2028] == ("98", True, "user")


def test_every_year_as_the_year_is_refused_without_an_every_year_target(
    world: Any, catalogues: None, login: Any
) -> None:
    response = _set(login(world.province_a), world.a, "Hằng năm", "98")
    assert response.status_code == 400
    assert "Địa bàn chưa có mục tiêu hằng năm của chỉ tiêu này" in response.content.decode()
    assert not Target.objects.filter(unit=world.a, indicator__code=CODE).exists()


@pytest.mark.parametrize("year", ["20x7", "năm 2027", "1999"])
def test_a_year_that_is_neither_a_year_nor_every_year_is_refused(
    world: Any, catalogues: None, login: Any, year: str
) -> None:
    response = _set(login(world.province_a), world.a, year, "98")
    assert response.status_code == 400
    assert not Target.objects.filter(unit=world.a, indicator__code=CODE).exists()
