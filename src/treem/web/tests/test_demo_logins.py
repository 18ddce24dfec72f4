"""``demo_logins`` says what each demo login sees and prints fresh enrolment codes (ADR 0019)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command

from treem.accounts.models import EnrolmentCode, Role, User
from treem.accounts.services import assignment_create, enrolment_code_redeem
from treem.web.management.demo import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_prints_what_each_login_sees_and_usable_codes(world: Any) -> None:
    worker = User.objects.create_user(username="canbo.tanbinh", password="x", full_name="Nguyễn Thị Thu")
    assignment_create(
        actor="test",
        user=worker,
        unit=world.a1,
        role=Role.objects.get(code="commune_worker"),
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for spec in DEMO_USERS:
        assert spec.username in text
        assert spec.sees and spec.sees[:30] in text
    code_line = next(
        line for line in text.splitlines() if line.strip().startswith("canbo.tanbinh ") and "-" in line
    )
    code = code_line.split()[-1]
    assert EnrolmentCode.objects.filter(user=worker, used_at__isnull=True).count() == 1
    assert enrolment_code_redeem(user=worker, code=code)
