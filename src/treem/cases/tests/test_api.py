from __future__ import annotations

import json
from typing import Any

import pytest

from treem.accounts.tokens import token_create
from treem.cases import services
from treem.cases.choices import Action, CaseStatus
from treem.cases.models import Case, IntakeRequest

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/intake"


def _body(**over: Any) -> dict[str, Any]:
    return {
        "commune_code": "26740",
        "channel": "hotline_111",
        "received_at": "2026-03-03T09:15:00+07:00",
        "category": "abuse",
        "abuse_form": "violence",
        "setting": "family",
        "summary": "Cuộc gọi báo trẻ bị bạo lực.",
        "child": {"full_name": "Lê Minh Khoa", "estimated_age": 9, "sex": "M"},
        "informant_consent": False,
        "informant_name": "Không lưu",
        "perpetrators": [{"relationship": "parent", "sex": "M", "age_group": "31_50"}],
        **over,
    }


def _post(client: Any, token: str, body: Any, key: str | None = "k-1") -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(URL, data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def token(world: Any) -> str:
    return token_create(user=world.hotline, name="tổng đài")[1]


def test_token_auth_is_required(client: Any, world: Any) -> None:
    assert client.post(URL, data=json.dumps(_body()), content_type="application/json").status_code == 401
    assert _post(client, "trm_wrong", _body()).status_code == 401


def test_intake_is_idempotent(client: Any, world: Any, token: str) -> None:
    first = _post(client, token, _body())
    assert first.status_code == 201, first.content
    data = first.json()
    case = Case.objects.get()
    assert data["code"] == case.code and data["status"] == "received" and data["id"] == case.pk
    assert data["links"]["page"] == f"/vu-viec/{case.pk}/"
    assert case.informant_name == "" and case.perpetrators.count() == 1
    again = _post(client, token, _body())
    assert again.status_code == 200 and again.json() == data
    assert Case.objects.count() == 1 and IntakeRequest.objects.count() == 1
    conflict = _post(client, token, _body(summary="Khác"))
    assert conflict.status_code == 409
    assert Case.objects.count() == 1
    assert _post(client, token, _body(), key=None).status_code == 400


def test_validation_errors_carry_field_paths(client: Any, world: Any, token: str) -> None:
    response = _post(client, token, _body(category="wrong", child={"estimated_age": 30}))
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert ("body", "payload", "category") in locs
    assert ("body", "payload", "child", "estimated_age") in locs
    assert not Case.objects.exists()


def test_commune_outside_scope_is_404(client: Any, world: Any) -> None:
    raw = token_create(user=world.worker_a1, name="x")[1]
    assert _post(client, raw, _body(commune_code="26968")).status_code == 404
    assert _post(client, raw, _body(commune_code="99999")).status_code == 404
    assert _post(client, raw, _body(), key="k-2").status_code == 201


def test_filer_follows_the_status(client: Any, world: Any, token: str) -> None:
    case_id = _post(client, token, _body()).json()["id"]
    case = Case.objects.get(pk=case_id)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    services.case_transition(actor=world.worker_a1, case_id=case_id, action=Action.START_VERIFICATION)
    response = client.get(f"/api/v1/cases/{case_id}/status", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == CaseStatus.VERIFYING and data["status_label"] == "Đang xác minh"
    assert set(data) == {"id", "code", "status", "status_label", "received_at", "closed_at", "updated_at"}
    other = token_create(user=world.worker_b1, name="b")[1]
    assert (
        client.get(
            f"/api/v1/cases/{case_id}/status", headers={"Authorization": f"Bearer {other}"}
        ).status_code
        == 404
    )


def test_intake_naive_received_at_is_vietnam_time(client: Any, world: Any, token: str) -> None:
    response = _post(client, token, _body(received_at="2026-03-03T09:15:00"))
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert case.received_at.isoformat() == "2026-03-03T02:15:00+00:00"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"received_at": "9999-12-31T23:59:59+07:00"}, "tương lai"),
        ({"received_at": "9999-12-31T23:59:59"}, "tương lai"),
        ({"received_at": "0001-01-01T00:00:00+00:00"}, "01/07/2017"),
        ({"received_at": "2017-06-30T23:59:00+07:00"}, "01/07/2017"),
        ({"child": {"full_name": "Lê Minh Khoa", "date_of_birth": "2999-01-01", "sex": "M"}}, "sau hôm nay"),
        ({"child": {"full_name": "Lê Minh Khoa", "date_of_birth": "1950-01-01", "sex": "M"}}, "18 tuổi"),
    ],
)
def test_intake_refuses_implausible_dates(
    client: Any, world: Any, token: str, over: dict[str, Any], message: str
) -> None:
    response = _post(client, token, _body(**over))
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert not Case.objects.exists()


def test_nul_byte_in_a_body_or_query_is_refused_with_400(client: Any, world: Any, token: str) -> None:
    response = _post(client, token, _body(summary="Trẻ\u0000 bị đánh"))
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/children?q=a%00b", headers=headers).status_code == 400
