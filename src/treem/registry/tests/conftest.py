"""Fixtures shared by the register's tests."""

from __future__ import annotations

from typing import Any

import pytest

from treem.accounts.models import User


@pytest.fixture
def catalogues(db: Any) -> None:
    from treem.registry.reference import load_circumstances, load_ethnicities

    load_ethnicities()
    load_circumstances()


@pytest.fixture
def root(db: Any) -> User:
    return User.objects.create_superuser(username="root", password="x", full_name="Quản trị cài đặt")
