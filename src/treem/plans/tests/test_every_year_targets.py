"""Targets set every year ("hằng năm", ADR 0044) after the plan is applied: the yearly job that carries
those of a plan open at its end into the new year, and the data migration that stores a yearly change
saved before ADR 0044 as one every-year value."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest

from treem.audit.models import AuditEvent
from treem.plans import services
from treem.plans.tests.conftest import hand_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: Any) -> None:
    from treem.indicators.reference import load_indicators

    load_indicators()


@contextmanager
def on(day: str) -> Iterator[None]:
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date.fromisoformat(day)):
        yield


def draft(values: dict[str, Any], **over: Any) -> dict[str, Any]:
    target = {
        "label": "Chỉ tiêu 1",
        "text": "Hằng năm, 100% trẻ em bị ảnh hưởng bởi thiên tai được hỗ trợ kịp thời",
        "indicator": "QD23-12",
        "values": values,
        "comparator": "ge",
        "direction": "raise",
        "unit": "percent",
        "lead": [],
        "lines": [1, 1],
    }
    return hand_draft(tasks=[], targets=[target], **over)


def rows(world: Any) -> dict[int, tuple[str, bool, str]]:
    from treem.indicators.models import Target

    return {
        t.year: (format(t.value.normalize(), "f"), t.every_year, t.origin)
        for t in Target.objects.filter(unit=world.a, indicator__code="QD23-12")
    }


def extend(day: str) -> int:
    from treem.plans.tasks import every_year_targets_extend

    with on(day):
        return every_year_targets_extend()


# -- the yearly job ------------------------------------------------------------------------------------
def test_the_yearly_job_carries_an_open_plans_every_year_target_into_the_new_year_once(
    world: Any, catalogue: None
) -> None:
    with on("2026-05-01"):
        services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=draft({"yearly": 100}, start_year=2025, end_year=None)
        )
    assert rows(world) == {2025: ("100", True, "plan"), 2026: ("100", True, "plan")}
    assert extend("2026-12-31") == 0  # nothing new this year
    assert extend("2027-01-01") == 1
    assert extend("2027-01-02") == 0  # idempotent: run again, adds nothing
    assert rows(world)[2027] == ("100", True, "plan")
    assert len(rows(world)) == 3
    event = AuditEvent.objects.get(action="plans.targets.extended")
    assert event.actor_id is None and event.actor_username == "system"
    assert event.after == {"year": 2027, "targets": ["QD23-12 2027"], "unit": world.a.pk}
    # a year the job missed is added too
    assert extend("2029-01-03") == 2
    assert sorted(rows(world)) == [2025, 2026, 2027, 2028, 2029]


def test_the_yearly_job_leaves_a_years_own_value_alone(world: Any, catalogue: None) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.services import target_set

    with on("2026-05-01"):
        services.plan_create_from_draft(
            actor=world.province_a,
            unit=world.a,
            draft=draft({"yearly": 100, "2028": 90}, start_year=2026, end_year=None),
        )
    # the job writes the every-year level neither over the plan's own value for 2028 nor over a
    # person's own target for 2027
    indicator = Indicator.objects.get(code="QD23-12")
    target_set(
        actor=world.province_a,
        unit=world.a,
        indicator=indicator,
        year=2027,
        value=Decimal(95),
        comparator="ge",
    )
    assert extend("2027-01-01") == 0
    assert rows(world)[2027] == ("95", False, "user")
    assert rows(world)[2028] == ("90", False, "plan")
    assert extend("2028-01-01") == 0
    assert rows(world)[2028] == ("90", False, "plan")
    assert extend("2029-01-01") == 1
    assert rows(world)[2029] == ("100", True, "plan")


def test_the_yearly_job_does_nothing_for_a_plan_with_an_end_year(world: Any, catalogue: None) -> None:
    with on("2026-05-01"):
        services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=draft({"yearly": 100}, start_year=2025, end_year=2026)
        )
    before = rows(world)
    assert sorted(before) == [2025, 2026]
    assert extend("2027-01-01") == 0 and rows(world) == before
    assert not AuditEvent.objects.filter(action="plans.targets.extended").exists()


def test_the_yearly_job_does_not_bring_back_an_every_year_target_cleared_on_the_targets_page(
    world: Any, catalogue: None
) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.services import target_clear

    with on("2026-05-01"):
        services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=draft({"yearly": 100}, start_year=2025, end_year=None)
        )
    indicator = Indicator.objects.get(code="QD23-12")
    target_clear(actor=world.province_a, unit=world.a, indicator=indicator, year=2025)
    assert rows(world) == {}
    assert extend("2027-01-01") == 0 and rows(world) == {}


def test_the_yearly_job_carries_the_level_as_changed_on_the_targets_page(world: Any, catalogue: None) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.services import target_set_every_year

    with on("2026-05-01"):
        services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=draft({"yearly": 100}, start_year=2025, end_year=None)
        )
    indicator = Indicator.objects.get(code="QD23-12")
    target_set_every_year(
        actor=world.province_a, unit=world.a, indicator=indicator, value=Decimal(98), comparator="ge"
    )
    assert extend("2027-01-01") == 1
    assert rows(world)[2027] == ("98", True, "user")
