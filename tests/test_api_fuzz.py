"""Property-based fuzzing of the hotline intake API with schemathesis: whatever a caller sends, the
server answers with a 2xx/4xx, never a server error (issue "Protection cases", Proof)."""

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


@schema.include(path_regex="^/api/v1/(children|geo)").parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_other_endpoints_never_answer_with_a_server_error(case: Any, world: Any) -> None:
    from treem.accounts.tokens import token_create

    _, raw = token_create(user=world.worker_a1, name="thử nghiệm")
    case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=[not_a_server_error])
