"""Cross-site request forgery: every unsafe request authenticated by the session cookie needs the token.

Reported (#14, 5): with only the session cookie, PATCH/POST on /api/v1/children and POST
/api/v1/cases/intake succeeded, even as ``text/plain`` from a foreign ``Origin``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def _session_client(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _csrf_token(client: Client) -> str:
    """The token a page of Treem hands to the browser (the cookie is HttpOnly; forms carry it)."""
    page = client.get("/")
    assert page.status_code == 200
    return str(page.context["csrf_token"])


def _child_payload(world: Any) -> dict[str, Any]:
    return {"commune": world.a1.pk, "full_name": "Nguyễn Văn An", "birth_date": "2018-03-02", "sex": "M"}


def test_api_post_without_token_is_refused(world: Any) -> None:
    client = _session_client(world.worker_a1)
    response = client.post(
        "/api/v1/children",
        data=json.dumps(_child_payload(world)),
        content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    from treem.registry.models import Child

    assert not Child.objects.exists()


def test_api_patch_without_token_is_refused(world: Any) -> None:
    client = _session_client(world.worker_a1)
    response = client.patch(
        "/api/v1/children/1", data=json.dumps({"full_name": "X"}), content_type="application/json"
    )
    assert response.status_code == 403


def test_api_intake_without_token_is_refused(world: Any) -> None:
    client = _session_client(world.worker_a1)
    response = client.post("/api/v1/cases/intake", data="{}", content_type="application/json")
    assert response.status_code == 403


def test_api_post_with_token_passes_the_check(world: Any) -> None:
    client = _session_client(world.worker_a1)
    token = _csrf_token(client)
    response = client.post(
        "/api/v1/children",
        data=json.dumps(_child_payload(world)),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code != 403, response.content


def test_api_get_needs_no_token(world: Any) -> None:
    client = _session_client(world.worker_a1)
    assert client.get("/api/v1/geo/units").status_code == 200


def test_bearer_token_needs_no_csrf_token(world: Any) -> None:
    _, raw = token_create(user=world.hotline, name="Tổng đài 111")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/cases/intake", data="{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code != 403


def test_page_post_without_token_is_refused(world: Any) -> None:
    client = _session_client(world.worker_a1)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    token = _csrf_token(client)
    assert client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
