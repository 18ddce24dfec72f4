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


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDFFF", "x\\ud83d"])
def test_a_lone_surrogate_in_a_json_body_is_a_400_and_writes_nothing(
    world: Any, login: Any, escape: str
) -> None:
    """json.loads keeps a lone surrogate, which PostgreSQL's UTF-8 cannot take: it was a 500 on save."""
    from treem.registry.models import Child

    client = login(world.worker_a1)
    body = (
        f'{{"commune": {world.a1.pk}, "full_name": "Nguyễn Văn An", "date_of_birth": "2020-01-01",'
        f' "sex": "M", "address": "{escape}"}}'
    )
    response = client.post("/api/v1/children", body, content_type="application/json")
    assert response.status_code == 400
    assert "Unicode không hợp lệ" in response.json()["detail"]
    assert not Child.objects.exists()


def test_a_surrogate_pair_in_a_json_body_is_one_character(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    body = (
        f'{{"commune": {world.a1.pk}, "full_name": "Nguyễn Văn An", "date_of_birth": "2020-01-01",'
        ' "sex": "M", "address": "Nh\\u00e0 \\ud83c\\udfe0"}'
    )
    response = client.post("/api/v1/children", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["address"] == "Nhà 🏠"
