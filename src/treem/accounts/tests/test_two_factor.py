"""Two-factor authentication (TOTP) for roles flagged ``requires_2fa``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import axes.utils
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enforce(settings: Any) -> Iterator[None]:
    settings.TREEM_ENFORCE_2FA = True
    axes.utils.reset()
    yield
    axes.utils.reset()


def _password_login(username: str) -> Client:
    client = Client(REMOTE_ADDR="10.1.0.1")
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice, drift: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def test_enforced_by_default() -> None:
    from config.django import base

    assert base.TREEM_ENFORCE_2FA is True
    assert settings.TREEM_ENFORCE_2FA is True


def test_worker_must_enrol_and_verify(world: Any) -> None:
    client = _password_login("worker_a1")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "data:image/svg+xml;base64," in body  # the QR code to scan
    device = TOTPDevice.objects.get(user=world.worker_a1, confirmed=False)

    verified = client.post(response["Location"], {"token": _code(device), "next": "/"})
    assert verified.status_code == 302
    assert verified["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_wrong_code_is_refused(world: Any) -> None:
    client = _password_login("worker_a1")
    client.get(reverse("accounts:otp"))
    device = TOTPDevice.objects.get(user=world.worker_a1)
    valid = {_code(device, drift) for drift in (-1, 0, 1)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
    response = client.post(reverse("accounts:otp"), {"token": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302


def test_confirmed_device_is_not_shown_again(world: Any) -> None:
    TOTPDevice.objects.create(user=world.worker_a1, name="app", confirmed=True)
    client = _password_login("worker_a1")
    body = client.get(reverse("accounts:otp")).content.decode()
    assert "data:image/svg+xml" not in body
    assert "Nhập mã 6 chữ số" in body


def test_leader_needs_no_second_factor(world: Any) -> None:
    client = _password_login("leader_a")
    assert client.get("/").status_code == 200


def test_user_admin_pages_need_the_second_factor(world: Any) -> None:
    client = _password_login("province_a")
    response = client.get(reverse("accounts:users"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))


def test_api_refuses_unverified_session(world: Any) -> None:
    client = _password_login("worker_a1")
    assert client.get("/api/v1/geo/units").status_code == 401
    leader = _password_login("leader_a")
    assert leader.get("/api/v1/geo/units").status_code == 200


def test_switching_enforcement_off(world: Any, settings: Any) -> None:
    settings.TREEM_ENFORCE_2FA = False
    client = _password_login("worker_a1")
    assert client.get("/").status_code == 200
