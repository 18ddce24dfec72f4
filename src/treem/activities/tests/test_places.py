"""Play places of a commune (ADR 0031): records, QĐ 23 indicator 21, QĐ 06 criterion 12.2. Worked by hand:
Phường Sài Gòn (a1) has a playground open since 01/03/2025 and a pool closed on 01/02/2026; Phường Tân
Sơn Nhất (a2) records none and reported 1 of 1 for 2026; Phường Sóc Sơn (b1) none, nothing reported."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from treem.accounts.access import AccessDenied
from treem.activities import places
from treem.activities.models import PlayPlace
from treem.core.errors import ConcurrentEditError
from treem.indicators import selectors as indicators
from treem.indicators.models import Indicator, ReportedValue

pytestmark = pytest.mark.django_db


def _data(commune: Any, **kw: Any) -> places.PlaceData:
    base: dict[str, Any] = {
        "commune": commune,
        "hamlet": None,
        "name": "Sân chơi thiếu nhi",
        "kind": "playground",
        "opened_on": datetime.date(2025, 3, 1),
    }
    base.update(kw)
    return places.PlaceData(**base)


@pytest.fixture
def recorded(world: Any) -> None:
    from treem.indicators.reference import load_indicators

    load_indicators()
    places.place_create(actor=world.worker_a1, data=_data(world.a1, hamlet=world.hamlet_a1))
    places.place_create(
        actor=world.worker_a1,
        data=_data(
            world.a1,
            name="Hồ bơi",
            kind="pool",
            opened_on=datetime.date(2024, 5, 1),
            closed_on=datetime.date(2026, 2, 1),
        ),
    )
    ReportedValue.objects.create(
        unit=world.a2, indicator=Indicator.objects.get(code="QD23-21"), year=2026, numerator=1, denominator=1
    )


def test_indicator_21_computed_where_recorded(world: Any, recorded: None) -> None:
    communes = indicators.current_communes(world.a).values("pk")
    assert indicators.COMPUTERS["QD23-21"](communes, 2026, "") == {world.a1.pk: (1, 1)}
    assert indicators.COMPUTERS["QD23-21"](communes, 2024, "") == {world.a1.pk: (1, 1)}  # the pool
    assert indicators.COMPUTERS["QD23-21"](communes, 2023, "") == {}  # nothing opened yet: reported
    PlayPlace.objects.filter(name="Sân chơi thiếu nhi").update(closed_on=datetime.date(2025, 12, 31))
    assert indicators.COMPUTERS["QD23-21"](communes, 2026, "") == {world.a1.pk: (1, 1)}  # pool until 02/2026
    PlayPlace.objects.filter(name="Hồ bơi").update(closed_on=datetime.date(2025, 12, 31))
    assert indicators.COMPUTERS["QD23-21"](communes, 2026, "") == {world.a1.pk: (0, 1)}  # keeps records
    province = indicators.figure(Indicator.objects.get(code="QD23-21"), world.a, 2026)
    assert (province.numerator, province.denominator) == (1, 2)  # a1 computed 0/1 + a2 reported 1/1


def test_criterion_12_2_from_places_with_the_link(world: Any, recorded: None) -> None:
    from treem.assessment import scoring
    from treem.assessment.reference import load_criteria

    load_criteria()
    standing = scoring.score(world.a1, 2027, as_of=datetime.date(2026, 12, 6))
    sub = next(s for c in standing.criteria for s in c.subs if s.code == "12.2")
    # 07/12/2025 – 06/12/2026: the playground, and the pool until 01/02/2026
    assert sub.points == sub.max and sub.figure.startswith("2 điểm vui chơi được sử dụng trong kỳ")
    assert sub.records[0].url == f"/hoat-dong/diem-vui-choi/{world.a1.pk}/"
    other = next(s for c in scoring.score(world.a2, 2027).criteria for s in c.subs if s.code == "12.2")
    assert other.missing  # not recorded in Treem: entered with evidence


def test_places_validate_whole_scope_and_version(world: Any) -> None:
    with pytest.raises(ValidationError) as err:
        places.place_create(
            actor=world.worker_a1,
            data=_data(world.a1, name=" ", closed_on=datetime.date(2025, 3, 1), hamlet=world.a2),
        )
    assert set(err.value.message_dict) == {"name", "closed_on", "hamlet"}
    assert not PlayPlace.objects.exists()
    with pytest.raises(AccessDenied):
        places.place_create(actor=world.worker_a1, data=_data(world.a2))
    place = places.place_create(actor=world.worker_a1, data=_data(world.a1))
    opened = place.version
    worker = world.worker_a1
    places.place_update(actor=worker, place=place, data=_data(world.a1, name="Sân mới"), version=opened)
    with pytest.raises(ConcurrentEditError):  # a second form opened at the same version
        places.place_update(actor=worker, place=place, data=_data(world.a1, name="Cũ"), version=opened)
    assert PlayPlace.objects.get().name == "Sân mới"


def test_places_page_records_and_shows(world: Any, login: Any) -> None:
    c = login(world.worker_a1)
    url = f"/hoat-dong/diem-vui-choi/{world.a1.pk}/"
    r = c.post(url, {"name": "Sân chơi", "kind": "playground", "opened_on": "01032025"})
    assert r.status_code == 302
    page = c.get(url).content.decode()
    assert "Sân chơi" in page and "01/03/2025 – nay" in page and "Đang sử dụng" in page
    r = c.post(url, {"name": "", "kind": "pool", "opened_on": "31/02/2025"})
    assert r.status_code == 200 and PlayPlace.objects.count() == 1
    # the province officer reads, the worker of another ward does not
    assert login(world.province_a).get(url).status_code == 200
    assert login(world.worker_b1).get(url).status_code == 404
