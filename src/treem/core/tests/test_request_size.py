"""Request bodies over the URL's upload limit are refused with 413 before Django reads them (issue #15)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from treem.core.middleware import RequestSizeLimitMiddleware, upload_limit

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class Unreadable(io.RawIOBase):
    """A body that fails the test if anything reads it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def test_a_huge_declared_body_is_refused_unread(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    url = reverse("cases:attachment_upload", kwargs={"case_id": 1})
    response = client.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(200 * MB),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode() and "10 MB" in response.content.decode()


def test_the_middleware_answers_before_the_view() -> None:
    called = []

    def view(request: Any) -> Any:
        called.append(request)
        request.POST  # noqa: B018 — what the CSRF check does
        raise AssertionError("reached the view")

    middleware = RequestSizeLimitMiddleware(view)
    request = RequestFactory().post("/tre-em/nhap/", data=b"", content_type="text/csv")
    request.META["CONTENT_LENGTH"] = str(101 * MB)
    request.META["wsgi.input"] = Unreadable()
    assert middleware(request).status_code == 413
    assert not called


def test_the_api_refuses_in_json(client: Any) -> None:
    response = client.generic(
        "POST", "/api/v1/children", data=b"", content_type="application/json", CONTENT_LENGTH=str(50 * MB)
    )
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]


def test_limits_follow_the_url() -> None:
    assert upload_limit(reverse("registry:import")) > 100 * MB
    assert 10 * MB < upload_limit(reverse("cases:attachment_upload", kwargs={"case_id": 1})) < 11 * MB
    assert 10 * MB < upload_limit("/no/such/page/") < 11 * MB


def test_a_body_under_the_limit_goes_through(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    response = client.post(reverse("registry:import"), {"commune": world.a1.pk})
    assert response.status_code == 400  # the form's own answer: no file chosen
