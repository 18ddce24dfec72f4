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
def root(world: Any) -> User:
    """An actor holding every permission over the country, for setting up data: not a superuser, who
    holds no child permission (ADR 0019), but the in-process system actor."""
    from treem.accounts.access import system_actor

    return system_actor(world.nation)  # type: ignore[no-any-return]
