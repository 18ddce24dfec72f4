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


def _enter_code(client: Client, user: Any) -> None:
    from treem.accounts.services import enrolment_code_issue

    code = enrolment_code_issue(actor="test", user=user)
    assert client.post(reverse("accounts:otp"), {"enrolment_code": code}).status_code == 302


def test_worker_must_enrol_and_verify(world: Any) -> None:
    client = _password_login("worker_a1")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))

    _enter_code(client, world.worker_a1)
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
    _enter_code(client, world.worker_a1)
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


def test_user_without_roles_needs_no_second_factor(world: Any) -> None:
    from treem.accounts.models import User

    User.objects.create_user(username="khong_vai_tro", password=PASSWORD, full_name="Không Vai Trò")
    client = _password_login("khong_vai_tro")
    assert client.get("/").status_code == 200


def test_leader_needs_the_second_factor(world: Any) -> None:
    # The leader opens children's records (registry.view_child): reported issue #14, 10.
    client = _password_login("leader_a")
    assert client.get("/").status_code == 302


def test_user_admin_pages_need_the_second_factor(world: Any) -> None:
    client = _password_login("province_a")
    response = client.get(reverse("accounts:users"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))


def test_api_refuses_unverified_session(world: Any) -> None:
    client = _password_login("worker_a1")
    assert client.get("/api/v1/geo/units").status_code == 401
    from treem.accounts.models import User

    User.objects.create_user(username="khong_vai_tro", password=PASSWORD, full_name="Không Vai Trò")
    plain = _password_login("khong_vai_tro")
    assert plain.get("/api/v1/geo/units").status_code == 200


def test_switching_enforcement_off(world: Any, settings: Any) -> None:
    settings.TREEM_ENFORCE_2FA = False
    client = _password_login("worker_a1")
    assert client.get("/").status_code == 200


# --- enrolment codes (ADR 0019, issue #14, 10) ------------------------------------------------------


def test_no_enrolment_without_a_code(world: Any) -> None:
    # Reported: whoever had the password first owned the second factor.
    client = _password_login("worker_a1")
    page = client.get(reverse("accounts:otp"))
    body = page.content.decode()
    assert "data:image/svg+xml" not in body
    assert 'name="enrolment_code"' in body
    assert not TOTPDevice.objects.filter(user=world.worker_a1).exists()
    refused = client.post(reverse("accounts:otp"), {"enrolment_code": "AAAA-BBBB-CCCC"})
    assert "Mã kích hoạt không đúng" in refused.content.decode()
    assert "data:image/svg+xml" not in client.get(reverse("accounts:otp")).content.decode()
    assert client.get("/").status_code == 302


def test_code_opens_enrolment_once(world: Any) -> None:
    from treem.accounts.models import EnrolmentCode
    from treem.accounts.services import enrolment_code_issue

    code = enrolment_code_issue(actor=world.sysadmin, user=world.worker_a1)
    stored = EnrolmentCode.objects.get(user=world.worker_a1)
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash  # hashed only
    client = _password_login("worker_a1")
    ok = client.post(reverse("accounts:otp"), {"enrolment_code": code.lower(), "next": "/"})
    assert ok.status_code == 302
    assert "data:image/svg+xml;base64," in client.get(ok["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=world.worker_a1, confirmed=False)
    assert client.post(reverse("accounts:otp"), {"token": _code(device), "next": "/"}).status_code == 302
    # Single use: another session with the password cannot spend the same code.
    TOTPDevice.objects.filter(user=world.worker_a1).delete()
    other = _password_login("worker_a1")
    again = other.post(reverse("accounts:otp"), {"enrolment_code": code})
    assert again.status_code == 200
    assert "Mã kích hoạt không đúng" in again.content.decode()


def test_expired_or_replaced_code_is_refused(world: Any) -> None:
    import datetime

    from django.utils import timezone

    from treem.accounts.models import EnrolmentCode
    from treem.accounts.services import enrolment_code_issue, enrolment_code_redeem

    old = enrolment_code_issue(actor=world.sysadmin, user=world.worker_a1)
    new = enrolment_code_issue(actor=world.sysadmin, user=world.worker_a1)
    assert not enrolment_code_redeem(user=world.worker_a1, code=old)  # replaced by the new one
    EnrolmentCode.objects.filter(user=world.worker_a1, revoked_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not enrolment_code_redeem(user=world.worker_a1, code=new)
    assert not enrolment_code_redeem(user=world.worker_a2, code=new)  # another user's code
    fresh = enrolment_code_issue(actor=world.sysadmin, user=world.worker_a1)
    assert enrolment_code_redeem(user=world.worker_a1, code=fresh)
    assert not enrolment_code_redeem(user=world.worker_a1, code=fresh)


def test_admin_issues_code_on_the_user_page(world: Any, login: Any) -> None:
    client = login(world.province_a)
    url = reverse("accounts:user_detail", args=[world.worker_a1.pk])
    response = client.post(url, {"action": "issue_enrolment_code"})
    assert response.status_code == 200
    code = response.context["new_code"]
    assert code and code in response.content.decode()
    from treem.accounts.services import enrolment_code_redeem

    assert enrolment_code_redeem(user=world.worker_a1, code=code)


def test_production_forces_two_factor() -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "TREEM_ENFORCE_2FA": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "config.django.production",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import config.django.production as p; print(p.TREEM_ENFORCE_2FA)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


def test_every_role_opening_records_requires_two_factor() -> None:
    from treem.accounts.permissions import NEEDS_APPROVAL
    from treem.accounts.roles import ROLES

    for role in ROLES:
        if set(role.permissions) & NEEDS_APPROVAL:
            assert role.requires_2fa, role.code


def test_issue_enrolment_code_command_for_the_first_superuser(world: Any) -> None:
    import io

    from django.core.management import call_command

    from treem.accounts.models import User
    from treem.accounts.services import enrolment_code_redeem

    root = User.objects.create_superuser(username="root", password=PASSWORD, full_name="Gốc")
    out = io.StringIO()
    call_command("issue_enrolment_code", "root", stdout=out)
    code = out.getvalue().split(": ", 1)[1].split()[0]
    assert enrolment_code_redeem(user=root, code=code)
