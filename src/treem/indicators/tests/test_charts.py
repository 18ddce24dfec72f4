"""Server-side SVG charts: well-formed, labelled in Vietnamese, every text escaped, no script; shown on
the scorecard (trend per indicator) and the comparison of the child units (tile map)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from lxml import etree

from treem.indicators import charts
from treem.indicators.models import Indicator

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def test_vn_number() -> None:
    assert charts.vn_number(Decimal("1234.5")) == "1.234,50"
    assert charts.vn_number(Decimal("65.0000"), trim=True) == "65"
    assert charts.vn_number(Decimal("99.5"), trim=True) == "99,5"
    assert charts.vn_number(None) == "—"


def test_trend() -> None:
    svg = charts.trend_svg(
        points=[(2023, None), (2024, Decimal("33.33")), (2025, Decimal("60.00"))],
        title="QD23-14 <Tỷ lệ> & khai sinh",
        unit_label="%",
        target=Decimal("100"),
        comparator="=",
    )
    root = _parse(svg)  # well-formed: every text escaped
    assert root.get("role") == "img"
    label = root.get("aria-label")
    years = "2023: chưa có số liệu; 2024: 33,33 %; 2025: 60,00 %"
    assert label == f"QD23-14 <Tỷ lệ> & khai sinh — {years} (mục tiêu = 100 %)"
    assert root.find(f"{SVG}title").text == label
    bars = root.findall(f"{SVG}rect")
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "2023: chưa có số liệu",
        "2024: 33,33 %",
        "2025: 60,00 %",
    ]
    assert float(bars[2].get("height")) > float(bars[1].get("height"))
    (target,) = [ln for ln in root.findall(f"{SVG}line") if ln.get("stroke-dasharray")]
    assert target.find(f"{SVG}title").text == "mục tiêu = 100 %"
    assert "<script" not in svg and "style=" not in svg


def test_bars() -> None:
    svg = charts.bars_svg(
        items=[("Sài Gòn", Decimal("33.33")), ("Tân Sơn Nhất", Decimal("100")), ('<b>"X"</b>', None)],
        title="QD23-14 theo đơn vị trực thuộc",
        unit_label="%",
        target=Decimal("98.5"),
        comparator="≥",
    )
    root = _parse(svg)
    assert root.get("aria-label") == "QD23-14 theo đơn vị trực thuộc (mục tiêu ≥ 98,5 %)"
    titles = [r.find(f"{SVG}title").text for r in root.findall(f"{SVG}rect")]
    assert titles == ["Sài Gòn: 33,33 %", "Tân Sơn Nhất: 100,00 %", '<b>"X"</b>: chưa có số liệu']
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert texts == ["Sài Gòn", "33,33", "Tân Sơn Nhất", "100,00", '<b>"X"</b>', "chưa có số liệu"]


def test_no_target() -> None:
    root = _parse(charts.trend_svg(points=[(2025, Decimal(0))], title="A"))
    assert root.get("aria-label") == "A — 2025: 0,00 (chưa có mục tiêu)"
    assert not [ln for ln in root.findall(f"{SVG}line") if ln.get("stroke-dasharray")]


@pytest.mark.django_db
def test_scorecard_shows_charts(world: Any, births: None, login: Any) -> None:
    """The cards show the change from the year before; the five years' charts when asked (?trends=1);
    the child units are compared on their own page, one indicator at a time, on a tile map."""
    client = login(world.province_a)
    page = reverse("indicators:scorecard")
    html = client.get(page, {"unit": world.a.pk, "year": 2025}).content.decode()
    assert 'role="img"' not in html and "trends=1" in html
    html = client.get(page, {"unit": world.a.pk, "year": 2025, "trends": "1"}).content.decode()
    assert "Biểu đồ nhỏ: 2021–2025" in html
    assert html.count('role="img"') == Indicator.objects.count()  # a trend per indicator
    assert "Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh, Thành phố Hồ Chí Minh — " in html
    assert "<script>" not in html
    assert "Tải số liệu (ADX, XML)" in html and "Mục tiêu của địa bàn" in html
    html = client.get(
        reverse("indicators:compare"), {"unit": world.a.pk, "year": 2025, "indicator": "QD23-14"}
    ).content.decode()
    assert html.count('role="img"') == 1  # the tile map; the legend's swatches are decorative
    assert "Phường Sài Gòn: 33,33 %" in html and "Phường Tân Sơn Nhất: 100,00 %" in html
    assert "<script>" not in html
