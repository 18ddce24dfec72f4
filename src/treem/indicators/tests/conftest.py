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


@pytest.fixture
def births(world: Any, catalogues: None) -> None:
    """Children under 5 in 2025 — Sài Gòn: 1 of 3 birth-registered (the boy); Tân Sơn Nhất: 2 of 2;
    Ba Đình (Hà Nội): 1 of 1. Hồ Chí Minh: 3 of 5 = 60 % (not the mean of 33,33 % and 100 %)."""
    for commune, registered, total in ((world.a1, 1, 3), (world.a2, 2, 2), (world.b1, 1, 1)):
        for i in range(total):
            make_child(
                commune, datetime.date(2023, 1, 1 + i), "F" if i else "M", birth_registered=i < registered
            )


def make_child(commune: Any, dob: datetime.date, sex: str = "M", **fields: Any) -> Any:
    from treem.registry.models import Child

    fields.setdefault("area", fields.get("hamlet") or commune)  # the register: area = hamlet or commune
    return Child.objects.create(
        province=commune.parent,
        commune=commune,
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
