from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

_codes = itertools.count(1)


@pytest.fixture
def criteria(world: Any) -> None:
    from treem.assessment.reference import load_criteria
    from treem.indicators.reference import load_indicators
    from treem.registry.reference import load_circumstances

    load_circumstances()
    load_indicators()
    load_criteria()


def make_child(commune: Any, dob: datetime.date, sex: str = "M", **fields: Any) -> Any:
    from treem.registry.models import Child

    return Child.objects.create(
        province=commune.parent,
        commune=commune,
        area=commune,
        full_name=f"Trẻ Thử {next(_codes)}",
        date_of_birth=dob,
        sex=sex,
        **fields,
    )


def make_case(child: Any, received: datetime.datetime, form: str = "sexual_abuse", **fields: Any) -> Any:
    from treem.cases.models import Case

    return Case.objects.create(
        code=f"VV-CFC-{next(_codes)}",
        province=child.province,
        unit=child.commune,
        child=child,
        status=fields.pop("status", "implementing"),
        channel="hotline_111",
        received_at=received,
        category="abuse",
        abuse_form=form,
        summary="Vụ việc thử.",
        **fields,
    )


def all_manual(points: dict[str, int] | None = None) -> None:
    """Make every sub-criterion a manual one (the hand-worked tests set each sub's points)."""
    from treem.assessment.models import SubCriterion

    SubCriterion.objects.update(rule="manual")


def enter_all(assessment: Any, points: dict[str, int]) -> None:
    """Points of each sub-criterion code: ``points`` where given, else the sub's maximum."""
    from treem.assessment.models import ManualEntry, SubCriterion

    for sub in SubCriterion.objects.all():
        ManualEntry.objects.update_or_create(
            assessment=assessment, sub=sub, defaults={"points": points.get(sub.code, sub.max_points)}
        )
