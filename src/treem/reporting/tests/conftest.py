from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def agency_types(world: Any) -> dict[str, Any]:
    from treem.plans.tests.conftest import load_agency_types

    return load_agency_types()
