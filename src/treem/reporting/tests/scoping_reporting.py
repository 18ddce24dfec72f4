"""The report pages in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from django.utils import timezone

    from treem.plans.models import Plan, ReportingDeadline
    from treem.reporting.models import Obligation, Submission

    kinds: dict[str, dict[str, tuple[int, Any]]] = {"obligation": {}, "submission": {}}
    for key in ("a1", "a2", "b1"):
        unit = getattr(world, key)
        plan = Plan.objects.create(unit=unit, title=f"Kế hoạch báo cáo {key}")
        deadline = ReportingDeadline.objects.create(plan=plan, periodicity="yearly", day=5, month=12)
        obligation = Obligation.objects.create(
            deadline=deadline,
            plan=plan,
            unit=unit,
            reviewer_unit=unit.parent,
            periodicity="yearly",
            period="2026",
            period_start=datetime.date(2025, 12, 15),
            period_end=datetime.date(2026, 12, 14),
            due_date=datetime.date(2026, 12, 5),
        )
        submission = Submission.objects.create(
            obligation=obligation,
            number=1,
            content={"narratives": {"results": "Thử"}},
            submitted_at=timezone.now(),
        )
        kinds["obligation"][key] = (obligation.pk, unit)
        kinds["submission"][key] = (submission.pk, unit)
    return kinds
