"""The indicator_values command and the scorecard page (scoping, comma decimals, drill-down)."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from treem.indicators.reference import catalogue
from treem.indicators.tests.conftest import make_child

pytestmark = pytest.mark.django_db

URL = reverse("indicators:scorecard")


@pytest.fixture
def births(world: Any, catalogues: None) -> None:
    for commune, registered, total in ((world.a1, 1, 3), (world.a2, 2, 2), (world.b1, 1, 1)):
        for i in range(total):
            make_child(
                commune, datetime.date(2023, 1, 1 + i), "F" if i else "M", birth_registered=i < registered
            )


def _json(**options: Any) -> dict[str, Any]:
    out = io.StringIO()
    call_command("indicator_values", json=True, stdout=out, **options)
    return json.loads(out.getvalue())


def test_command_json(world: Any, births: None) -> None:
    data = _json(unit="26740", year=2025)
    assert (data["unit"], data["year"]) == ("26740", 2025)
    items = {i["code"]: i for i in data["indicators"]}
    assert len(items) == len(catalogue())
    br = items["QD23-14"]
    assert (br["value"], br["numerator"], br["denominator"]) == ("33.33", 1, 3)
    # Sài Gòn has no target of its own, and the merged city none either (QĐ 4063's belong to the former
    # city, whose territory holds no predecessor of Sài Gòn in this world, ADR 0024): the nation's 2025.
    assert br["target"] == {
        "value": "98.5",
        "comparator": "ge",
        "year": 2025,
        "unit": "VN",
        "source": "Quyết định 23/QĐ-TTg ngày 07/01/2021, chỉ tiêu 14",
    }
    assert br["status"] == "off_track"  # below target in the target's own year
    assert items["QD23-05"]["value"] is None and items["QD23-05"]["status"] == "no_data"
    hcmc = {i["code"]: i for i in _json(unit="79", year=2025)["indicators"]}
    assert (hcmc["QD23-14"]["numerator"], hcmc["QD23-14"]["denominator"]) == (3, 5)
    nation = {i["code"]: i for i in _json(unit="VN", year=2025)["indicators"]}
    assert (nation["QD23-14"]["numerator"], nation["QD23-14"]["denominator"]) == (4, 6)
    assert nation["QD23-08a"]["target"]["value"] == "6.5"


def test_command_unknown_unit(world: Any, catalogues: None) -> None:
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã 99999"):
        _json(unit="99999", year=2025)


def test_worker_sees_own_commune_only(world: Any, births: None, login: Any) -> None:
    client = login(world.worker_a1)
    body = client.get(URL, {"year": 2025}).content.decode()
    assert "Phường Sài Gòn, năm 2025" in body
    assert "33,33" in body  # comma decimals
    assert "So sánh các" not in body  # a ward has no units below to compare
    assert client.get(URL, {"unit": world.a1.pk, "year": 2025}).status_code == 200
    assert client.get(URL, {"unit": world.a2.pk}).status_code == 404
    assert client.get(URL, {"unit": world.a.pk}).status_code == 404
    assert client.get(URL, {"unit": "abc"}).status_code == 404
    assert client.get(URL, {"unit": 10**9}).status_code == 404


def test_province_officer_drills_down(world: Any, births: None, login: Any) -> None:
    client = login(world.province_a)
    response = client.get(URL, {"unit": world.a.pk, "year": 2025})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thành phố Hồ Chí Minh, năm 2025" in body
    assert "60,00" in body  # 3 of 5 under-5 children registered: 60 %, not the average of 33,33 and 100
    compare = reverse("indicators:compare")
    assert f"{compare}?unit={world.a.pk}&amp;year=2025&amp;indicator=QD23-14" in body
    body = client.get(compare, {"unit": world.a.pk, "year": 2025, "indicator": "QD23-14"}).content.decode()
    assert f"?unit={world.a1.pk}&amp;year=2025" in body and f"?unit={world.a2.pk}&amp;year=2025" in body
    assert f"?unit={world.b1.pk}" not in body
    assert client.get(compare, {"unit": world.a1.pk}).status_code == 404  # a ward has no units below
    assert client.get(compare, {"unit": world.b.pk}).status_code == 404
    sub = client.get(URL, {"unit": world.a1.pk, "year": 2025}).content.decode()
    assert "Phường Sài Gòn" in sub and f"?unit={world.a.pk}&amp;year=2025" in sub  # back up to the province
    assert client.get(URL, {"unit": world.b.pk}).status_code == 404
    assert client.get(URL, {"unit": world.b1.pk}).status_code == 404
    assert client.get(URL, {"unit": world.nation.pk}).status_code == 404


def test_bad_year_falls_back_to_this_year(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.worker_a1)
    response = client.get(URL, {"year": "20x5"})
    assert response.status_code == 200
    assert f"năm {timezone.localdate().year}" in response.content.decode()


def test_demo_figures_are_entered_once(world: Any, catalogues: None) -> None:
    from django.core.management import call_command

    from treem.indicators.management.commands.seed_demo_indicators import FIGURES
    from treem.indicators.models import ReportedValue

    assert len(FIGURES) == 14
    call_command("seed_demo_indicators", stdout=None)
    first = ReportedValue.objects.filter(unit=world.a2).count()  # Tân Sơn Nhất is a demo ward
    assert first == 28  # 14 indicators, last year and this year
    # and the former Quận Tân Bình's 2024 figures, the same 14 (ADR 0024)
    assert ReportedValue.objects.filter(unit__code="766", year=2024).count() == 14
    total = ReportedValue.objects.count()
    call_command("seed_demo_indicators", stdout=None)
    assert ReportedValue.objects.count() == total


def test_a_commune_scorecard_links_figures_to_the_records_behind_them(
    world: Any, catalogues: None, login: Any
) -> None:
    from django.urls import reverse

    worker = login(world.worker_a1).get(reverse("indicators:scorecard") + f"?unit={world.a1.pk}")
    html = worker.content.decode()
    assert f"/tre-em/?commune={world.a1.pk}&amp;group=0" in html
    assert f"/tre-em/?commune={world.a1.pk}&amp;missing=birth_registration" in html
    # the tables by age and ethnic group are drawn when asked (each reads the register's year again)
    assert "Theo nhóm tuổi" not in html and "phan_tich=1" in html
    html = (
        login(world.worker_a1)
        .get(reverse("indicators:scorecard") + f"?unit={world.a1.pk}&phan_tich=1")
        .content.decode()
    )
    assert "Theo nhóm tuổi" in html and "0-4 tuổi" in html
    assert "Theo dân tộc" in html and "Dân tộc thiểu số" in html
    assert "phan_tich=1" not in html
    # A province's scorecard compares its communes instead.
    city = login(world.province_a).get(reverse("indicators:scorecard") + f"?unit={world.a.pk}")
    assert "group=0" not in city.content.decode()
    assert "So sánh các xã, phường, đặc khu" in city.content.decode()
