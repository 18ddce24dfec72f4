"""The demo seed: a year of activities with coherent dates, collaborators, idempotent."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command

from treem.activities import selectors
from treem.activities.management.commands.seed_demo_activities import PROGRAMME, seed_commune
from treem.activities.models import Activity
from treem.activities.tests.conftest import make_child

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 6)


def test_a_year_of_activities_and_the_network(world: Any) -> None:
    for n in range(12):
        make_child(world.a1, datetime.date(2012 + n % 8, 1 + n, 3), "MF"[n % 2])
    assert seed_commune(world.a1, today=TODAY) == (len(PROGRAMME), 1)
    activities = list(Activity.objects.filter(commune=world.a1))
    assert all(datetime.date(2026, 1, 1) <= a.start_date <= a.end_date <= TODAY for a in activities)
    assert selectors.board_meetings(commune=world.a1, year=2026).count == 4
    year = selectors.activity_summary(unit=world.a1, start=datetime.date(2026, 1, 1), end=TODAY)
    assert 0 < year.children.named <= 12 and year.children.anonymous > 0
    coverage = selectors.collaborator_coverage(commune=world.a1, on_date=TODAY)
    assert (coverage.hamlets, coverage.covered, coverage.trained) == (1, 1, 1)
    assert seed_commune(world.a1, today=TODAY) == (0, 0)  # idempotent
    out = io.StringIO()
    call_command("seed_demo_activities", stdout=out)  # the demo wards are not in the test world
    assert "0 hoạt động" in out.getvalue()
