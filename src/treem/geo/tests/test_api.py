"""GET /api/v1/geo/units: filters and jurisdiction."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/geo/units"


def _codes(client: Any, **params: str) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_anonymous_is_refused(client: Any, world: Any) -> None:
    assert client.get(URL).status_code == 401


def test_commune_worker_sees_only_own_units(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    assert sorted(_codes(client)) == ["26740", "26740-KP1"]
    assert _codes(client, level="province") == []
    assert _codes(client, level="commune") == ["26740"]
    assert _codes(client, parent="26740") == ["26740-KP1"]
    assert _codes(client, parent="26968") == []
    item = client.get(URL, {"level": "commune"}).json()["items"][0]
    assert item["name"] == "Phường Sài Gòn"
    assert item["parent_code"] == "79"
    assert item["generation"] == "2025"


def test_province_officer_sees_own_province(world: Any, login: Any) -> None:
    client = login(world.province_a)
    assert _codes(client, level="commune") == ["26740", "26968"]
    assert _codes(client, level="province") == ["79"]
    assert _codes(client, parent="79") == ["26740", "26968"]
    assert _codes(client, parent="01") == []


def test_national_user_and_filters(world: Any, login: Any) -> None:
    client = login(world.hotline)
    assert _codes(client, level="province") == ["01", "79"]
    assert _codes(client, parent="01") == ["00004", "00376"]
    assert _codes(client, level="commune", generation="2008") == ["26965", "26968"]  # the former map
    assert client.get(URL, {"level": "planet"}).status_code == 422
