"""Property-based fuzzing of the analytics API with schemathesis (tests/test_api_fuzz.py covers the other
endpoints): whatever a caller sends, the server answers 2xx/4xx, never a server error."""

from __future__ import annotations

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


@schema.include(path_regex="^/api/v1/analytics").parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_analytics_never_answers_with_a_server_error(case: Any, world: Any, catalogues: None) -> None:
    from treem.accounts.tokens import token_create

    _, raw = token_create(user=world.province_a, name="thử nghiệm")
    case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=[not_a_server_error])
