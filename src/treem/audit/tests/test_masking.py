"""The audit list never shows a child's name to a reader who may not see the child (ADR 0019)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from treem.audit.services import audit_log

pytestmark = pytest.mark.django_db


def test_the_administrator_reads_the_trail_but_not_the_childrens_names(world: Any, login: Any) -> None:
    audit_log(
        actor=world.worker_a1,
        action="registry.child.updated",
        object_type="registry.child",
        object_id="1",
        object_repr="Nguyễn Văn Thử",
        unit=world.a1,
    )
    audit_log(
        actor=world.worker_a1,
        action="cases.case.created",
        object_type="cases.case",
        unit=world.a1,
        object_id="2",
        object_repr="VV-26740-2026-0001",
    )
    as_admin = login(world.sysadmin).get(reverse("audit:list")).content.decode()
    assert "registry.child.updated" in as_admin and "VV-26740-2026-0001" in as_admin
    assert "Nguyễn Văn Thử" not in as_admin and "tên được ẩn" in as_admin
    as_chairman = login(world.chairman_a1).get(reverse("audit:list")).content.decode()
    assert "Nguyễn Văn Thử" in as_chairman
