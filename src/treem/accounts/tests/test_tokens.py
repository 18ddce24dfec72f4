"""Bearer tokens for other systems on the API."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from treem.accounts.models import ApiToken
from treem.accounts.tokens import token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/geo/units"


def _get(raw: str) -> Any:
    return Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_token_authenticates(world: Any) -> None:
    token, raw = token_create(user=world.hotline, name="Tổng đài 111")
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in token.key_hash  # only the hash is stored
    response = _get(raw)
    assert response.status_code == 200
    assert response.json()["count"] > 0
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_sees_only_its_users_scope(world: Any) -> None:
    _, raw = token_create(user=world.worker_a1, name="test")
    response = _get(raw)
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["items"]}
    assert "26740" in codes
    assert "00004" not in codes  # Ba Đình is outside Phường Sài Gòn


def test_revoked_and_unknown_tokens_are_refused(world: Any) -> None:
    token, raw = token_create(user=world.hotline, name="cũ")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert _get(raw).status_code == 401
    assert _get("trm_khong-ton-tai").status_code == 401
    assert Client().get(URL).status_code == 401


def test_token_of_inactive_user_is_refused(world: Any) -> None:
    _, raw = token_create(user=world.hotline, name="x")
    world.hotline.is_active = False
    world.hotline.save()
    assert _get(raw).status_code == 401
