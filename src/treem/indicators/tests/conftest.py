from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

_codes = itertools.count(1)


@pytest.fixture
def catalogues(world: Any) -> None:
    from treem.indicators.reference import load_indicators, load_targets
    from treem.registry.reference import load_circumstances

    load_circumstances()
    load_indicators()
    load_targets()


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


def make_abuse_case(child: Any, received: datetime.datetime, status: str = "received") -> Any:
    from treem.cases.models import Case

    return Case.objects.create(
        code=f"VV-TEST-{next(_codes)}",
        province=child.province,
        unit=child.commune,
        child=child,
        status=status,
        channel="hotline_111",
        received_at=received,
        category="abuse",
        abuse_form="violence",
        summary="Trẻ bị đánh.",
    )
