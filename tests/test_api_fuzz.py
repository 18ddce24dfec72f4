"""Fuzzing of the whole API: whatever a caller sends, the server answers with a 2xx/4xx, never a server
error (issue "Protection cases", Proof; issue #15).

- schemathesis generates requests for **every operation** of the OpenAPI schema (the intake as the 111
  hotline, every other operation as a commune worker) and checks ``not_a_server_error``;
- hypothesis, derandomised and with a bounded number of examples, rarely draws the values that broke the
  API (NUL bytes, dates in year 9999, naive date-times), so ``test_every_operation_survives_hostile_values``
  sends them on purpose: every parameter of every operation, and every field of every request body.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_test_connection() -> Any:
    """Like Django's test client: requests must not close the test transaction's connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def hotline_token(world: Any) -> str:
    from treem.accounts.tokens import token_create

    _, raw = token_create(user=world.hotline, name="Tổng đài 111 — thử nghiệm")
    return raw


@schema.include(path="/api/v1/cases/intake").parametrize()
@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_intake_never_answers_with_a_server_error(case: Any, hotline_token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {hotline_token}", "Idempotency-Key": str(uuid.uuid4())},
        checks=[not_a_server_error],
    )


@schema.exclude(path="/api/v1/cases/intake").parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_other_endpoints_never_answer_with_a_server_error(case: Any, world: Any) -> None:
    from treem.accounts.tokens import token_create

    _, raw = token_create(user=world.worker_a1, name="thử nghiệm")
    case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=[not_a_server_error])


HOSTILE: list[Any] = [
    "a\x00b",
    "\x00",
    "Ỷ" * 10_000,
    "9" * 10_000,
    "²",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00+14:00",
    "-1",
    "-99999999999999999999",
    "1e309",
    "👶🏽🚸",
    "\u202e\ufeff",
    -1,
    2**64,
    None,
    [],
    {},
]


def _api_operations() -> list[tuple[str, str, dict[str, Any]]]:
    from treem.web.api import api

    spec = api.get_openapi_schema()
    return [(method, path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def _bodies(world: Any, child: Any, case: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """A valid body for each operation that takes one (the hostile values replace one field at a time)."""
    return {
        ("post", "/api/v1/cases/intake"): {
            "commune_code": world.a1.code,
            "channel": "hotline_111",
            "received_at": "2026-03-03T09:15:00+07:00",
            "category": "abuse",
            "abuse_form": "violence",
            "summary": "Cuộc gọi báo trẻ bị bạo lực.",
            "child": {"full_name": "Lê Minh Khoa", "date_of_birth": "2018-05-01", "sex": "M"},
            "perpetrators": [{"relationship": "parent", "sex": "M", "age_group": "31_50"}],
        },
        ("post", "/api/v1/children"): {
            "commune": world.a1.pk,
            "full_name": "Trần Văn An",
            "date_of_birth": "2018-05-01",
            "sex": "M",
        },
        ("patch", "/api/v1/children/{child_id}"): {"version": child.version, "full_name": "Trần Văn Bình"},
    }


def _mutations(body: Any) -> list[Any]:
    """``body`` with one field (at any depth) replaced by each hostile value."""
    out: list[Any] = []
    if isinstance(body, dict):
        for key, value in body.items():
            out.extend({**body, key: v} for v in HOSTILE)
            out.extend({**body, key: m} for m in _mutations(value)[:: len(HOSTILE)])
    elif isinstance(body, list) and body:
        out.extend([m, *body[1:]] for m in _mutations(body[0]))
    return out


@pytest.mark.django_db
def test_every_operation_survives_hostile_values(client: Any, world: Any, hotline_token: str) -> None:
    import json

    from django.db import transaction

    from treem.accounts.tokens import token_create
    from treem.cases import services
    from treem.registry import services as registry_services

    _, worker = token_create(user=world.worker_a1, name="thử nghiệm")
    child = registry_services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        hamlet=None,
        data={"full_name": "Phạm Thị Mai", "date_of_birth": "2017-02-03", "sex": "F"},
        date_format="yyyy-mm-dd",
    )
    case = services.case_intake_create(
        actor=world.hotline,
        commune=world.a1,
        data={"channel": "hotline_111", "category": "risk", "summary": "Trẻ ở nhà một mình."},
        child=child,
    )
    ids = {"child_id": child.pk, "case_id": case.pk, "job_id": 999_999}  # an export of nobody: 404
    bodies = _bodies(world, child, case)
    failures: list[str] = []

    def call(method: str, url: str, params: dict[str, Any], body: Any, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
        try:
            with transaction.atomic():  # a database error must not hide the next requests' results
                if method == "get":
                    response = client.get(url, params, headers=headers)
                else:
                    response = getattr(client, method)(
                        url, data=json.dumps(body), content_type="application/json", headers=headers
                    )
        except Exception as e:  # the test client re-raises a view's exception
            failures.append(f"{method.upper()} {url} {str(params)[:80]} {str(body)[:120]}: {e!r}"[:400])
            return
        if response.status_code >= 500:
            status = response.status_code
            failures.append(f"{method.upper()} {url} {str(params)[:80]} {str(body)[:120]}: {status}")

    operations = _api_operations()
    assert {(m, p) for m, p, _ in operations} >= set(bodies), "the API lost an operation this test names"
    for method, path, op in operations:
        token = hotline_token if path == "/api/v1/cases/intake" else worker
        url = path.format(**ids)
        body = bodies.get((method, path))
        if op.get("requestBody") and body is None:
            failures.append(f"{method.upper()} {path}: add a valid body to _bodies()")
            continue
        for param in op.get("parameters", []):
            for value in HOSTILE:
                if value is None or isinstance(value, (list, dict)):
                    continue
                if param["in"] == "path":
                    try:
                        target = path.format(**{**ids, param["name"]: value})
                    except (KeyError, IndexError):
                        continue
                    call(method, target.replace("\x00", "%00"), {}, body, token)
                else:
                    call(method, url, {param["name"]: value}, body, token)
        if body is not None:
            for mutated in _mutations(body):
                call(method, url, {}, mutated, token)
    assert not failures, "\n".join(failures[:40])
