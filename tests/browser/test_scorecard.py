"""The city's leader reads the scorecard on a phone (360 px): one card per indicator, nothing wider than
the screen; then compares the wards on one indicator, sorts them by value, and opens a ward from the
tile map (issue #19)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import build_world
from tests.browser.test_login_scope import _artifact, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def _page_width(page: Any) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def test_leader_reads_cards_and_sorts_the_wards(live_server: Any, page: Any) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.reference import load_indicators, load_targets
    from treem.indicators.tests.conftest import make_child
    from treem.registry.reference import load_circumstances

    world = build_world()
    load_circumstances()
    load_indicators()
    load_targets()
    # Sài Gòn: 1 of 3 children under 5 birth-registered; Tân Sơn Nhất: 2 of 2.
    for commune, registered, total in ((world.a1, 1, 3), (world.a2, 2, 2)):
        for i in range(total):
            make_child(commune, datetime.date(2023, 1, 1 + i), "F", birth_registered=i < registered)

    _log_in(page, live_server.url, world.leader_a.username)
    page.goto(f"{live_server.url}{reverse('indicators:scorecard')}?unit={world.a.pk}&year=2025")
    cards = page.locator("li.score-card")
    assert cards.count() == Indicator.objects.count()  # one card per indicator of the catalogue
    card = cards.filter(has_text="Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh")
    assert "60,00" in card.inner_text() and "Chậm tiến độ" in card.inner_text()
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    scroll, client = _page_width(page)
    assert scroll <= client == 360, f"the scorecard scrolls sideways: {scroll} px wide"
    page.screenshot(path=str(_artifact("scorecard_360.png")), full_page=False)

    card.get_by_role("link", name="So sánh các xã, phường, đặc khu").click()
    page.get_by_role("heading", name="Sơ đồ ô, không phải bản đồ địa lý").wait_for()
    scroll, client = _page_width(page)
    assert scroll <= client, f"the comparison scrolls sideways: {scroll} px wide"
    rows = page.locator("table.compare tbody tr")
    assert rows.first.inner_text().startswith("Phường Sài Gòn")  # farthest from the target first
    page.get_by_role("link", name="Thực hiện").click()  # by value, highest first
    page.wait_for_url("**sort=value**")
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("Thực hiện")
    assert rows.first.inner_text().startswith("Phường Tân Sơn Nhất")
    page.get_by_role("link", name="Thực hiện").click()  # again: lowest first
    page.wait_for_url("**dir=asc**")
    assert page.locator("th[aria-sort='ascending']").count() == 1
    assert rows.first.inner_text().startswith("Phường Sài Gòn")
    page.screenshot(path=str(_artifact("compare_360.png")), full_page=True)

    page.get_by_role("link", name="Phường Tân Sơn Nhất: 100,00 % — Đạt").click()  # a square of the map
    page.get_by_role("heading", name="Chỉ tiêu, chỉ số về trẻ em — Phường Tân Sơn Nhất, năm 2025").wait_for()
