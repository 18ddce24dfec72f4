from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from treem.cases import selectors, services
from treem.cases.choices import Action, CaseStatus, DeadlineKind
from treem.cases.models import Deadline
from treem.cases.tests.test_services import _intake, case_in_state

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=TZ)


def _file(world: Any, commune: Any, when: datetime.datetime, child: Any = None, **over: Any) -> Any:
    data = {
        "channel": "hotline_111",
        "category": "abuse",
        "abuse_form": "violence",
        "setting": "family",
        "summary": "Báo tin.",
        "received_at": when,
        "reported_child": {"full_name": "Trẻ", "date_of_birth": datetime.date(2014, 6, 1), "sex": "F"},
        **over,
    }
    return services.case_intake_create(actor=world.hotline, commune=commune, data=data, child=child)


def test_case_stats_with_hand_computed_numbers(world: Any) -> None:
    # Child A (girl, born 10/03/2020) is 5 on 09/03/2026 and 6 on 10/03/2026.
    a = _file(
        world,
        world.a1,
        _at(9),
        reported_child={"full_name": "A", "date_of_birth": datetime.date(2020, 3, 10), "sex": "F"},
    ).child
    _file(world, world.a1, _at(10), child=a, abuse_form="neglect")
    _file(
        world,
        world.a1,
        _at(15),
        abuse_form="sexual_abuse",
        sexual_abuse_subtype="molestation",
        setting="online",
        reported_child={"full_name": "B", "date_of_birth": datetime.date(2010, 1, 1), "sex": "M"},
    )  # 16 years old
    _file(world, world.a2, _at(20), setting="school")  # girl born 01/06/2014: 11 years old
    _file(world, world.b1, _at(20))  # outside province A
    _file(world, world.a1, _at(28, month=2))  # before the period
    stats = selectors.case_stats(
        user=world.province_a,
        unit=world.a,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    assert (stats.cases, stats.children) == (4, 3)
    assert stats.by_abuse_form == {"violence": 2, "neglect": 1, "sexual_abuse": 1}
    assert stats.children_by_abuse_form == {"violence": 2, "neglect": 1, "sexual_abuse": 1}
    assert stats.by_sex == {"F": 3, "M": 1}
    assert stats.by_age_group == {"0_5": 1, "6_10": 1, "16_17": 1, "11_15": 1}
    assert stats.by_setting == {"family": 2, "online": 1, "school": 1}
    assert stats.by_commune == {"26740": 3, "26968": 1}
    assert stats.by_status == {"received": 4}
    # A commune worker's counts never include another commune, whatever unit is asked for.
    own = selectors.case_stats(
        user=world.worker_a1,
        unit=world.a,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    assert (own.cases, own.children) == (3, 2)
    outside = selectors.case_stats(
        user=world.worker_a1,
        unit=world.b,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    assert outside.cases == 0


def test_timeliness_of_plan_approval(world: Any) -> None:
    on_time = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    late = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    returned = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    Deadline.objects.filter(case=late, kind=DeadlineKind.APPROVAL_7WD).update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    for case in (on_time, late):
        services.case_transition(
            actor=world.chairman_a1,
            case_id=case.pk,
            action=Action.APPROVE_PLAN,
            data={"decision_number": "1/QĐ"},
        )
    services.case_transition(
        actor=world.chairman_a1, case_id=returned.pk, action=Action.RETURN_PLAN, data={"note": "Bổ sung"}
    )  # a returned plan is not an approval
    today = timezone.localdate()
    stats = selectors.case_stats(user=world.province_a, unit=world.a, period_start=today, period_end=today)
    assert (stats.plans_approved, stats.plans_approved_on_time) == (2, 1)
    assert stats.timeliness == 0.5
    empty = selectors.case_stats(user=world.province_b, unit=world.b, period_start=today, period_end=today)
    assert empty.timeliness is None


def test_overdue_list_is_scoped(world: Any) -> None:
    old = _intake(world, received_at=timezone.now() - datetime.timedelta(days=2))
    _intake(world)
    overdue = list(selectors.case_overdue_list(user=world.worker_a1))
    assert [d.case_id for d in overdue] == [old.pk] and overdue[0].kind == DeadlineKind.EMERGENCY_12H
    assert list(selectors.case_overdue_list(user=world.worker_b1)) == []


def test_case_list_filters(world: Any) -> None:
    violence = _intake(world)
    neglect = _intake(world, abuse_form="neglect")
    filters = selectors.CaseFilters.from_mapping({"abuse_form": "neglect", "status": "bogus"})
    assert filters.status == ""
    assert list(selectors.case_list(user=world.chairman_a1, filters=filters)) == [neglect]
    assert set(selectors.case_list(user=world.chairman_a1)) == {violence, neglect}
    assert list(selectors.case_list(user=world.worker_b1)) == []
    assert selectors.openable_ids(world.chairman_a1, [violence, neglect]) == {violence.pk, neglect.pk}
    assert selectors.openable_ids(world.province_a, [violence]) == set()
