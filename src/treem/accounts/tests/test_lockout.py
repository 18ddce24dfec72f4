"""Login lockout (django-axes): 5 failures lock the account, and separately the IP address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import axes.utils
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _reset_axes() -> Iterator[None]:
    axes.utils.reset()
    yield
    axes.utils.reset()


def _post(username: str, password: str, ip: str) -> Any:
    client = Client(REMOTE_ADDR=ip)
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_settings_match_the_policy() -> None:
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_RESET_ON_SUCCESS is True


def test_wrong_passwords_lock_the_account(world: Any) -> None:
    for _ in range(LIMIT - 1):
        response = _post("leader_a", "sai-mat-khau", "10.0.0.1")
        assert response.status_code == 200  # the form again, with its error
    locked = _post("leader_a", "sai-mat-khau", "10.0.0.1")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # Even the right password is refused now, from this or any other address.
    assert _post("leader_a", PASSWORD, "10.0.0.1").status_code == 429
    assert _post("leader_a", PASSWORD, "10.0.0.99").status_code == 429
    # Another account from another address is unaffected.
    assert _post("agency_a", PASSWORD, "10.0.0.2").status_code == 302


def test_failures_across_accounts_lock_the_ip(world: Any) -> None:
    names = ["leader_a", "agency_a", "worker_a1", "worker_a2", "province_b"]
    responses = [_post(name, "sai-mat-khau", "10.0.0.7") for name in names]
    assert [r.status_code for r in responses[:-1]] == [200] * (LIMIT - 1)
    assert responses[-1].status_code == 429
    # The address is locked, even for an account with no failure and the right password …
    assert _post("hotline", PASSWORD, "10.0.0.7").status_code == 429
    # … but the same account from another address logs in: no single username reached the limit.
    assert _post("hotline", PASSWORD, "10.0.0.8").status_code == 302


def test_success_resets_the_count(world: Any) -> None:
    for _ in range(LIMIT - 1):
        assert _post("leader_a", "sai-mat-khau", "10.0.0.3").status_code == 200
    assert _post("leader_a", PASSWORD, "10.0.0.3").status_code == 302
    for _ in range(LIMIT - 1):
        assert _post("leader_a", "sai-mat-khau", "10.0.0.3").status_code == 200
    assert _post("leader_a", PASSWORD, "10.0.0.3").status_code == 302


def test_lockout_is_audited(world: Any) -> None:
    from treem.audit import actions
    from treem.audit.models import AuditEvent

    for _ in range(LIMIT):
        _post("leader_a", "sai-mat-khau", "10.0.0.4")
    assert AuditEvent.objects.filter(action=actions.LOCKED_OUT, actor_username="leader_a").exists()
