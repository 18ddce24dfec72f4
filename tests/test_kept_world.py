"""The world is built once per module and each test runs in a savepoint inside it (conftest.py): what one
test writes or changes in memory never reaches the next, and a test without the world sees an empty
database. The tests run in file order and depend on it: the later ones check what the earlier did."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import build_world

SEEN: dict[str, Any] = {}


def test_a_test_changes_the_world(world: Any) -> None:
    from treem.accounts.models import User

    SEEN["a1"] = world.a1.pk
    world.a1.name = "Phường Đã Đổi Tên"
    world.a1.save(update_fields=["name"])
    User.objects.create_user(username="extra_user", password="x" * 20, full_name="Người Thêm")
    world.users["worker_a1"].full_name = "Tên Đổi Trong Bộ Nhớ"


def test_the_next_test_gets_the_world_as_built(world: Any) -> None:
    from treem.accounts.models import User

    assert world.a1.pk == SEEN["a1"]  # the same module's world …
    assert world.a1.name == "Phường Sài Gòn"  # … with the change rolled back
    assert not User.objects.filter(username="extra_user").exists()
    assert world.worker_a1.full_name == "Nguyễn Thị Thu"
    assert world.former_wards[1].code == world.a2.code == "26968"


@pytest.mark.django_db
def test_a_test_without_the_world_sees_an_empty_database() -> None:
    from treem.geo.models import AdminUnit

    assert not AdminUnit.objects.exists()
    build_world()  # the codes of the world are free again


def test_the_world_comes_back_after_a_test_without_it(world: Any) -> None:
    from treem.geo.models import AdminUnit

    assert world.a1.pk != SEEN["a1"]  # built anew: the earlier one was rolled back
    assert AdminUnit.objects.filter(code="26968").count() == 2  # A2 and the former Phường 4, once each


def test_a_committing_test_builds_its_own(live_db: Any, world: Any) -> None:
    from django.db import connection

    assert not connection.in_atomic_block  # no module transaction around a test that commits
    assert world.a1.name == "Phường Sài Gòn"
