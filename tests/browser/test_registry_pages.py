"""A commune worker registers a child, finds it without accents and records a support (issue "Children
register", pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from conftest import build_world
from tests.browser.test_login_scope import _artifact, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_worker_registers_finds_and_supports_a_child(live_server: Any, page: Any) -> None:
    from treem.registry.reference import load_circumstances, load_ethnicities

    world = build_world()
    load_ethnicities()
    load_circumstances()
    _log_in(page, live_server.url, world.worker_a1.username)

    page.goto(f"{live_server.url}/tre-em/them/")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Ngày sinh").fill("05/06/2015")
    page.get_by_label("Giới tính").select_option("M")
    page.get_by_label("Số định danh cá nhân").fill("07921501234")
    page.get_by_role("button", name="Lưu").click()
    errors = page.locator("#id_personal_id-errors")
    errors.wait_for()
    assert "phải có đúng 12 chữ số" in errors.inner_text()

    page.get_by_label("Số định danh cá nhân").fill("079 215 012 345")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="Nguyễn Văn An").wait_for()
    assert "079•••••••45" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/tre-em/")
    page.get_by_label("Tìm theo họ tên").fill("nguyen van an")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("heading", name="Nguyễn Văn An").wait_for()

    page.get_by_role("link", name="Ghi nhận hỗ trợ").click()
    page.get_by_label("Hình thức hỗ trợ").select_option("gift")
    page.get_by_label("Ngày hỗ trợ").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Số tiền (đồng)").fill("500.000")
    page.get_by_label("Nguồn kinh phí").select_option("budget")
    page.get_by_role("button", name="Ghi nhận hỗ trợ").click()
    timeline = page.locator("#timeline")
    timeline.wait_for()
    assert "500.000 đồng" in timeline.inner_text()
    page.screenshot(path=str(_artifact("registry_child_profile.png")), full_page=True)
