from __future__ import annotations

from typing import Any

import pytest
from ninja.testing import TestClient

from treem.audit.models import AuditEvent
from treem.registry import services
from treem.registry.api import router
from treem.registry.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> TestClient:
    return TestClient(router)


def _child(world: Any, **over: Any) -> Child:
    data = {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "05/06/2015",
        "sex": "Nam",
        "personal_id": "079215012345",
    }
    return services.child_create(actor=world.worker_a1, commune=world.a1, data={**data, **over})


def test_create_422_lists_field_errors(world: Any, catalogues: None, api: TestClient) -> None:
    payload = {
        "commune": world.a1.pk,
        "full_name": "",
        "date_of_birth": "2015-02-31",
        "sex": "X",
        "personal_id": "12",
    }
    response = api.post("", json=payload, user=world.worker_a1)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"full_name", "date_of_birth", "sex", "personal_id"}
    assert Child.objects.count() == 0
    payload.update(
        full_name="Nguyễn Văn An", date_of_birth="2015-06-05", sex="Nam", personal_id="079215012345"
    )
    response = api.post("", json=payload, user=world.worker_a1)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["personal_id_masked"] == "079•••••••45" and body["personal_id"] is None


def test_scoping_404(world: Any, catalogues: None, api: TestClient) -> None:
    child = _child(world)
    assert api.get(f"/{child.pk}", user=world.worker_a2).status_code == 404
    assert api.get(f"/{child.pk}", user=world.worker_a1).status_code == 200
    assert api.patch(f"/{child.pk}", json={"version": 1}, user=world.worker_a2).status_code == 404
    payload = {"commune": world.a2.pk, "full_name": "Lê Văn B", "date_of_birth": "2015-06-05", "sex": "Nam"}
    assert api.post("", json=payload, user=world.worker_a1).status_code == 404
    assert api.get("", user=world.worker_a2).json()["items"] == []
    assert api.get("", user=world.hotline).status_code == 404


def test_list_search_paging_and_reveal(world: Any, catalogues: None, api: TestClient) -> None:
    _child(world)
    _child(world, full_name="Trần Thị Bình", personal_id="", sex="Nữ")
    _child(world, full_name="Lê Văn Cường", personal_id="")
    page = api.get("?limit=2", user=world.worker_a1).json()
    assert [i["full_name"] for i in page["items"]] == ["Lê Văn Cường", "Nguyễn Văn An"]
    assert page["count"] == 3 and page["next"]
    rest = api.get(f"?limit=2&after={page['next']}", user=world.worker_a1).json()
    assert [i["full_name"] for i in rest["items"]] == ["Trần Thị Bình"] and rest["next"] is None
    found = api.get("?q=nguyen%20vn%20an", user=world.worker_a1).json()["items"]
    assert [i["full_name"] for i in found] == ["Nguyễn Văn An"] and found[0]["personal_id"] is None
    revealed = api.get("?q=nguyen%20van%20an&reveal=true", user=world.worker_a1).json()["items"]
    assert revealed[0]["personal_id"] == "079215012345"
    assert AuditEvent.objects.filter(action="registry.child.viewed_sensitive").count() == 1
    # the leader may list but not reveal: the fields stay hidden and nothing is audited
    leader = api.get("?q=nguyen%20van%20an&reveal=true", user=world.leader_a).json()["items"]
    assert leader[0]["personal_id"] is None
    assert AuditEvent.objects.filter(action="registry.child.viewed_sensitive").count() == 1


def test_patch_409_on_concurrent_edit(world: Any, catalogues: None, api: TestClient) -> None:
    child = _child(world)
    response = api.patch(f"/{child.pk}", json={"version": 1, "address": "12 Lê Lai"}, user=world.worker_a1)
    assert response.status_code == 200 and response.json()["version"] == 2
    response = api.patch(f"/{child.pk}", json={"version": 1, "school_name": "A"}, user=world.worker_a1)
    assert response.status_code == 409 and "người khác" in response.json()["detail"]
    response = api.patch(
        f"/{child.pk}", json={"version": 2, "date_of_birth": "2030-01-01"}, user=world.worker_a1
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "date_of_birth"
    child.refresh_from_db()
    assert child.school_name == "" and child.version == 2
