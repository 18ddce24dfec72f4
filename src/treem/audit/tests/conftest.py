from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def seal_files(settings: Any, tmp_path: Path) -> Path:
    """Each test its own seals file and key: the seals must match the test's own (rolled back) events."""
    settings.TREEM_AUDIT_SEALS_FILE = tmp_path / "audit" / "seals.jsonl"
    settings.TREEM_AUDIT_SEAL_KEY_FILE = tmp_path / "audit" / "seal.key"
    return tmp_path / "audit"
