"""Session expiry, cookie flags and the Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import axes.utils
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sessions_expire_when_idle() -> None:
    assert 0 < settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # idle time, not time since login
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_session_cookie_is_http_only(world: Any) -> None:
    axes.utils.reset()
    client = Client(REMOTE_ADDR="10.2.0.1")
    response = client.post(reverse("accounts:login"), {"username": "leader_a", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    axes.utils.reset()


def test_production_cookies_are_secure() -> None:
    from pathlib import Path

    text = (Path(settings.BASE_DIR) / "config" / "django" / "production.py").read_text()
    assert "SESSION_COOKIE_SECURE = True" in text
    assert "CSRF_COOKIE_SECURE = True" in text


def test_login_page_has_a_strict_csp(client: Any) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
