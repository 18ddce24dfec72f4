"""The API refuses bad input in Vietnamese, never with pydantic's or django-ninja's English."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

ENGLISH = ("Input should", "Field required", "Cannot parse", "Not Found", "valid integer")


def _english(text: str) -> bool:
    return any(word in text for word in ENGLISH)


@pytest.fixture
def api(world: Any, login: Any) -> Any:
    return login(world.worker_a1)


def _child(world: Any, **changes: Any) -> str:
    body = {"commune": world.a1.pk, "full_name": "Nguyễn Văn An", "date_of_birth": "2020-01-01", "sex": "M"}
    body.update(changes)
    return json.dumps(body)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"commune": "abc"}, "commune", "số nguyên"),
        ({"commune": None, "full_name": None}, "full_name", "chuỗi ký tự"),
        ({"birth_registered": "maybe"}, "birth_registered", "true hoặc false"),
        ({"hamlet": 1.5}, "hamlet", "số nguyên"),
    ],
)
def test_schema_refusals_are_in_vietnamese(
    api: Any, world: Any, changes: dict, field: str, words: str
) -> None:
    from treem.registry.models import Child

    response = api.post("/api/v1/children", _child(world, **changes), content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    mine = [e for e in detail if e["loc"][-1] == field]
    assert mine and words in mine[0]["msg"], detail
    assert not _english(response.content.decode("unicode_escape"))
    assert not Child.objects.exists()


def test_a_missing_field_and_a_nan_are_named_in_vietnamese(world: Any) -> None:
    from django.test import Client

    from treem.accounts.tokens import token_create

    raw = token_create(user=world.hotline, name="thử")[1]
    response = Client().post(
        "/api/v1/cases/intake",
        '{"commune_code": "26740", "child": {"estimated_age": NaN}}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert response.status_code == 422
    messages = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert messages[("body", "payload", "summary")] == "Thiếu trường bắt buộc."
    assert "NaN" in messages[("body", "payload", "child", "estimated_age")]
    assert not any(_english(m) for m in messages.values())


def test_a_body_that_is_not_json_is_refused_in_vietnamese(api: Any) -> None:
    response = api.post("/api/v1/children", "{không phải json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_a_record_out_of_area_answers_404_in_vietnamese(world: Any, login: Any, api: Any) -> None:
    response = api.post(
        "/api/v1/children", _child(world, commune=world.b1.pk), content_type="application/json"
    )
    assert response.status_code == 404
    assert "Không tìm thấy" in response.json()["detail"]
    assert (
        login(world.worker_a1).get("/api/v1/children/abc").json()["detail"][0]["msg"]
        == "Phải là một số nguyên."
    )
