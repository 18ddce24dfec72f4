"""NUL bytes anywhere in a request answer 400, never 500 (issue #15)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/api/v1/children", "/tre-em/", "/vu-viec/", "/tai-khoan/nguoi-dung/", "/tre-em/xuat/"]


@pytest.mark.parametrize("url", PAGES)
def test_nul_in_query_is_a_400_not_a_500(world: Any, login: Any, url: str) -> None:
    client = login(world.province_a)
    response = client.get(url, {"q": "Nguyễn\x00"})
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert "NUL" in response.json()["detail"]
    else:
        assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_nul_in_form_value_is_a_400(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    response = client.post("/vu-viec/tiep-nhan/", {"summary": "x\x00y", "op": "save"})
    assert response.status_code == 400 and "ký tự không hợp lệ" in response.content.decode()


def test_nul_in_path_is_a_400(world: Any, login: Any) -> None:
    assert login(world.worker_a1).get("/vu-viec/%00/").status_code == 400


def test_other_control_characters_are_stripped(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    response = client.get("/vu-viec/", {"q": "Ng\x07uyễn\x1b"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "Nguyễn"
