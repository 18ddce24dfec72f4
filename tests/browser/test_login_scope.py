"""A commune worker sees only the commune; a provincial officer sees the province (issue #2)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import totp

from conftest import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def _enter_enrolment_code(page: Any, username: str) -> None:
    from treem.accounts.models import User
    from treem.accounts.services import enrolment_code_issue

    code = enrolment_code_issue(actor="test", user=User.objects.get(username=username))
    page.get_by_label("Mã kích hoạt").fill(code)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Xác thực hai lớp").wait_for()


def _log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Both roles require two-factor authentication: enter the enrolment code an administrator issued,
    # then enrol the authenticator with the shown key.
    page.get_by_role("heading", name="Xác thực hai lớp").wait_for()
    _enter_enrolment_code(page, username)
    secret = page.locator("code").inner_text().strip()
    page.get_by_label("Mã xác thực").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("heading", name="Xin chào").wait_for()


def test_commune_worker_sees_only_the_commune(live_server: Any, page: Any) -> None:
    world = build_world()
    _log_in(page, live_server.url, world.worker_a1.username)
    body = page.locator("main").inner_text()
    assert "Phường Sài Gòn" in body
    assert "Khu phố 1" in body  # the commune's hamlet
    assert "Phường Tân Sơn Nhất" not in body and "Hà Nội" not in body
    # A neighbouring commune's page answers "not found", as a missing one would.
    response = page.goto(f"{live_server.url}/dia-ban/{world.a2.pk}/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.content()


def test_provincial_officer_sees_the_province(live_server: Any, page: Any) -> None:
    world = build_world()
    _log_in(page, live_server.url, world.province_a.username)
    body = page.locator("main").inner_text()
    assert "Thành phố Hồ Chí Minh" in body
    assert "Phường Sài Gòn" in body and "Phường Tân Sơn Nhất" in body
    assert "Phường Ba Đình" not in body
    # The unit switcher offers only the province and its communes.
    options = page.locator("#unit-switch option").all_inner_texts()
    assert any("Phường Tân Sơn Nhất" in o for o in options)
    assert not any("Ba Đình" in o for o in options)
    page.select_option("#unit-switch", label="— Phường Tân Sơn Nhất")
    page.get_by_role("button", name="Chuyển").click()
    assert "Phường Tân Sơn Nhất" in page.locator(".unit-badge").inner_text()
    page.screenshot(path=str(_artifact("province_officer_home.png")), full_page=True)


def _artifact(name: str) -> Any:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
