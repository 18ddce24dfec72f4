"""access.scope_listed: the same rows as access.scope, the jurisdiction's units named by id."""

from __future__ import annotations

from typing import Any

import pytest

from treem.accounts import access
from treem.geo.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["worker_a1", "collaborator_a1", "province_a", "worker_b1", "hotline"])
def test_the_same_rows_as_the_scope(world: Any, username: str) -> None:
    user = world.users[username]
    units = AdminUnit.objects.all()
    listed = access.scope_listed(units, user, "geo.view_unit", field="")
    assert sorted(listed.values_list("pk", flat=True)) == sorted(
        access.scope(units, user, "geo.view_unit", field="").values_list("pk", flat=True)
    )


def test_units_by_id_up_to_a_limit_then_the_path_join(world: Any) -> None:
    units = AdminUnit.objects.all()
    small = str(access.scope_listed(units, world.users["worker_a1"], "geo.view_unit", field="").query)
    assert '"geo_adminunit"."id" IN (' in small and "LIKE" not in small
    wide = str(access.scope_listed(units, world.users["province_a"], "geo.view_unit", field="", most=2).query)
    assert "LIKE" in wide  # more units than ``most``: scope's own path filter
