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


# -- a person's own year over the level, when the plan is applied again ---------------------------------
def test_a_persons_own_year_stays_when_the_planner_changes_the_every_year_level(
    world: Any, catalogue: None
) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.services import target_clear, target_set

    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=draft({"yearly": 100}, start_year=2026, end_year=2028)
        )
    indicator = Indicator.objects.get(code="QD23-12")
    target_set(
        actor=world.province_a,
        unit=world.a,
        indicator=indicator,
        year=2027,
        value=Decimal(95),
        comparator="ge",
    )
    services.plan_target_adjust(actor=world.province_a, target=plan.targets.get(), values={None: Decimal(98)})
    assert rows(world) == {
        2026: ("98", True, "plan"),
        2027: ("95", False, "user"),
        2028: ("98", True, "plan"),
    }
    target_clear(actor=world.province_a, unit=world.a, indicator=indicator, year=2027)
    assert rows(world)[2027] == ("98", True, "plan")  # the level as the plan sets it now


def test_a_persons_own_year_forgets_a_level_the_plan_no_longer_sets(world: Any, catalogue: None) -> None:
    from treem.indicators.models import Indicator, Target
    from treem.indicators.services import target_clear, target_set

    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=draft({"yearly": 100}, start_year=2026, end_year=2028)
        )
    indicator = Indicator.objects.get(code="QD23-12")
    target_set(
        actor=world.province_a,
        unit=world.a,
        indicator=indicator,
        year=2027,
        value=Decimal(95),
        comparator="ge",
    )
    services.plan_target_adjust(actor=world.province_a, target=plan.targets.get(), values={2028: Decimal(90)})
    assert rows(world) == {2027: ("95", False, "user"), 2028: ("90", False, "plan")}
    assert Target.objects.get(unit=world.a, indicator=indicator, year=2027).replaced is None
    target_clear(actor=world.province_a, unit=world.a, indicator=indicator, year=2027)
    assert 2027 not in rows(world)


# -- the data migration --------------------------------------------------------------------------------
def change_draft(values: dict[str, Any], **over: Any) -> dict[str, Any]:
    target = {"label": "Tảo hôn", "text": "Giảm 2–3 %/năm số cặp tảo hôn", "indicator": "QD23-13",
              "values": values, "comparator": "ge", "direction": "lower", "unit": "percent_change",
              "kind": "change", "high": 3, "lead": [], "lines": [1, 1]}  # fmt: skip
    return hand_draft(tasks=[], targets=[target], **{"start_year": 2026, "end_year": 2028, **over})


def migrate(today: str = "2026-05-01") -> int:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("treem.plans.migrations.0005_yearly_changes_every_year")
    return int(migration.forwards(apps, None, today=datetime.date.fromisoformat(today)))


def change_rows(world: Any) -> dict[int, tuple[str, bool, str]]:
    from treem.indicators.models import Target

    return {
        t.year: (format(t.value.normalize(), "f"), t.every_year, t.origin)
        for t in Target.objects.filter(unit=world.a, indicator__code="QD23-13")
    }


def plan_values(plan: Any) -> list[tuple[int | None, str]]:
    return [(v.year, format(v.value.normalize(), "f")) for v in plan.targets.get().values.all()]


def test_a_yearly_change_saved_as_copies_per_year_is_stored_for_every_year(
    world: Any, catalogue: None
) -> None:
    from treem.indicators.models import Target
    from treem.indicators.services import every_year_dict

    # as saved before ADR 0044: one value per year of the period, one ordinary row per year
    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=change_draft({"2026": 2, "2027": 2, "2028": 2})
        )
    assert change_rows(world) == {year: ("2", False, "plan") for year in (2026, 2027, 2028)}
    assert migrate() == 1
    assert plan_values(plan) == [(None, "2")]
    assert change_rows(world) == {year: ("2", True, "plan") for year in (2026, 2027, 2028)}
    # exactly what applying the plan writes today
    written = {t.year: every_year_dict(t) for t in Target.objects.filter(indicator__code="QD23-13")}
    with on("2026-05-01"):
        services.plan_target_adjust(
            actor=world.province_a, target=plan.targets.get(), values={None: Decimal("2")}
        )
    again = {t.year: every_year_dict(t) for t in Target.objects.filter(indicator__code="QD23-13")}
    assert again == written and change_rows(world) == {y: ("2", True, "plan") for y in (2026, 2027, 2028)}
    assert migrate() == 0  # run again: nothing left to convert


@pytest.mark.parametrize(
    "values",
    [
        {"2026": 2, "2027": 3, "2028": 2},  # a year changed by hand
        {"2026": 2, "2027": 2},  # a year removed by hand
        {"2026": 2, "2027": 2, "2028": 2, "2030": 2},  # a year added by hand
    ],
)
def test_a_yearly_change_edited_by_hand_is_left_as_it_is(
    world: Any, catalogue: None, values: dict[str, int]
) -> None:
    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=change_draft(values)
        )
    before_values, before_rows = plan_values(plan), change_rows(world)
    assert migrate() == 0
    assert plan_values(plan) == before_values and change_rows(world) == before_rows


def test_a_level_with_the_same_value_each_year_is_not_a_yearly_change(world: Any, catalogue: None) -> None:
    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a,
            unit=world.a,
            draft=draft({"2026": 100, "2027": 100, "2028": 100}, start_year=2026, end_year=2028),
        )
    assert migrate() == 0
    assert plan_values(plan) == [(2026, "100"), (2027, "100"), (2028, "100")]


def test_a_row_set_by_a_person_stays_that_years_own(world: Any, catalogue: None) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.services import target_set

    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=change_draft({"2026": 2, "2027": 2, "2028": 2})
        )
    indicator = Indicator.objects.get(code="QD23-13")
    target_set(
        actor=world.province_a,
        unit=world.a,
        indicator=indicator,
        year=2027,
        value=Decimal(4),
        comparator="ge",
    )
    assert migrate() == 1
    assert plan_values(plan) == [(None, "2")]
    assert change_rows(world) == {
        2026: ("2", True, "plan"),
        2027: ("4", False, "user"),
        2028: ("2", True, "plan"),
    }


def test_an_open_plans_copies_convert_only_while_they_reach_this_year(world: Any, catalogue: None) -> None:
    # before ADR 0044 a plan open at its end got its start year only; ADR 0044 writes up to this year
    with on("2026-05-01"):
        plan = services.plan_create_from_draft(
            actor=world.province_a, unit=world.a, draft=change_draft({"2026": 2}, end_year=None)
        )
    assert migrate(today="2027-02-01") == 0 and plan_values(plan) == [(2026, "2")]
    assert migrate(today="2026-05-01") == 1 and plan_values(plan) == [(None, "2")]
    assert change_rows(world) == {2026: ("2", True, "plan")}
