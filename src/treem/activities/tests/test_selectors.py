"""Counting: children without double counting, coverage of the network worked by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from treem.activities import selectors, services
from treem.activities.tests.conftest import data, make_child
from treem.geo.services import unit_create

pytestmark = pytest.mark.django_db
YEAR = 2026


def test_a_child_in_two_activities_counts_once_and_anonymous_counts_add(world: Any) -> None:
    girl = make_child(world.a1, datetime.date(2014, 7, 1), "F")  # 11 on 01/06/2026
    boy = make_child(world.a1, datetime.date(2019, 1, 1), "M")  # 7
    first = services.activity_create(
        actor=world.worker_a1,
        data=data(world.a1, child_ids=[girl.pk, boy.pk], child_counts={("M", "11_15"): 5}),
    )
    second = services.activity_create(
        actor=world.worker_a1,
        data=data(
            world.hamlet_a1,
            kind="summer",
            start_date=datetime.date(2026, 7, 1),
            end_date=datetime.date(2026, 7, 10),
            child_ids=[girl.pk],
            child_counts={("F", "7_10"): 3, ("M", "11_15"): 2},
            adult_counts={"parent": 4},
        ),
    )
    services.activity_create(  # last year: outside the period
        actor=world.worker_a1,
        data=data(
            world.a1,
            start_date=datetime.date(2025, 12, 31),
            end_date=datetime.date(2026, 1, 2),
            child_ids=[boy.pk],
        ),
    )
    summary = selectors.activity_summary(
        unit=world.a1, start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR, 12, 31)
    )
    assert summary.activities == 2 and summary.activity_ids == [first.pk, second.pk]
    assert summary.by_kind == {"forum": 1, "summer": 1}
    children = summary.children
    assert (children.named, children.anonymous, children.total) == (2, 10, 12)
    assert children.child_ids == sorted([girl.pk, boy.pk])
    assert children.by_sex_age == {("F", "11_15"): 1, ("M", "7_10"): 1, ("M", "11_15"): 7, ("F", "7_10"): 3}
    assert children.by_sex == {"F": 4, "M": 8}
    assert summary.adults == {"parent": 4}
    consulted = selectors.children_consulted(commune=world.a1, year=YEAR)
    assert consulted.activity_ids == [first.pk] and consulted.children.total == 7
    assert (
        selectors.activity_summary(
            unit=world.a2, start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR, 12, 31)
        ).activities
        == 0
    )
    province = selectors.activity_summary(
        unit=world.a, start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR, 12, 31)
    )
    assert province.activity_ids == [first.pk, second.pk]


def test_board_meetings_of_the_year(world: Any) -> None:
    meeting = services.activity_create(
        actor=world.worker_a1, data=data(world.a1, kind="board_meeting", title="Họp Ban bảo vệ trẻ em quý II")
    )
    services.activity_create(actor=world.worker_a1, data=data(world.a1))
    result = selectors.board_meetings(commune=world.a1, year=YEAR)
    assert (result.count, result.activity_ids, result.dates) == (1, [meeting.pk], [datetime.date(2026, 6, 1)])
    assert selectors.board_meetings(commune=world.a1, year=2025).count == 0


def test_coverage_worked_by_hand(world: Any) -> None:
    """Phường Sài Gòn on 30/06/2026: KP1 (world), KP2, KP3 exist; KP4 was dissolved on 31/03/2026.
    KP1: collaborator since 01/08/2025, trained 15/09/2025 → covered, trained.
    KP2: collaborator since 01/02/2026, trained 01/07/2026 (after the date) → covered, not trained.
    KP3: collaborator who left on 31/05/2026 → not covered.
    Coverage: 3 hamlets, 2 covered (66.7 %), 1 trained (33.3 %)."""
    kp2 = unit_create(
        level="hamlet", unit_type="khu_pho", code="26740-KP2", name="Khu phố 2", parent=world.a1
    )
    kp3 = unit_create(
        level="hamlet", unit_type="khu_pho", code="26740-KP3", name="Khu phố 3", parent=world.a1
    )
    unit_create(
        level="hamlet",
        unit_type="khu_pho",
        code="26740-KP4",
        name="Khu phố 4",
        parent=world.a1,
        valid_to=datetime.date(2026, 3, 31),
    )
    P = services.PostData
    for post in (
        P(
            hamlet=world.hamlet_a1,
            full_name="Phạm Thị Hoa",
            since=datetime.date(2025, 8, 1),
            trained_on=datetime.date(2025, 9, 15),
        ),
        P(
            hamlet=kp2,
            full_name="Lê Văn Tâm",
            since=datetime.date(2026, 2, 1),
            trained_on=datetime.date(2026, 7, 1),
        ),
        P(
            hamlet=kp3,
            full_name="Trần Thị Bé",
            since=datetime.date(2025, 8, 1),
            until=datetime.date(2026, 5, 31),
        ),
    ):
        services.post_create(actor=world.worker_a1, data=post)
    coverage = selectors.collaborator_coverage(commune=world.a1, on_date=datetime.date(2026, 6, 30))
    assert (coverage.hamlets, coverage.covered, coverage.trained) == (3, 2, 1)
    assert coverage.covered_share == Decimal("66.7") and coverage.trained_share == Decimal("33.3")
    assert [(r.hamlet.name, r.covered, r.trained) for r in coverage.rows] == [
        ("Khu phố 1", True, True),
        ("Khu phố 2", True, False),
        ("Khu phố 3", False, False),
    ]
    assert len(coverage.post_ids) == 2
    empty = selectors.collaborator_coverage(commune=world.a2, on_date=datetime.date(2026, 6, 30))
    assert (empty.hamlets, empty.covered_share) == (0, None)
    # The network's overview reads every commune's coverage at once, the same as each alone, in two queries.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        both = selectors.collaborator_coverages(
            communes=[world.a2, world.a1, world.b1], on_date=datetime.date(2026, 6, 30)
        )
    assert len(queries.captured_queries) == 2
    assert [c.commune for c in both] == [world.a2, world.a1, world.b1]
    assert both[1] == coverage and both[0] == empty and both[2].hamlets == 0
