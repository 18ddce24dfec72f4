"""Small-cell suppression (issue #14.7, ADR 0020): a viewer without record access to a unit sees the
numerators from 1 to 4 of its computed figures — and the cells they could be derived back from — as
"< 5", in the scorecard, its charts, the analytics API and the ADX export; a viewer with record access
sees every figure exactly; zero stays zero."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from lxml import etree

from treem.indicators import adx, privacy, rules
from treem.indicators.models import Indicator
from treem.indicators.selectors import Figure
from treem.indicators.tests.conftest import make_abuse_case, make_child

pytestmark = pytest.mark.django_db

API = "/api/v1/analytics"
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED = datetime.datetime(2025, 3, 1, 9, tzinfo=TZ)


@pytest.fixture
def abuse(request: Any, world: Any, catalogues: None) -> None:
    """Sài Gòn (a1), 2025: one abused boy aged 2 and six abused girls aged 7, of 20 children under 16.
    Tân Sơn Nhất (a2): five abused girls aged 7 (``request.param``: how many), of 10 children."""
    in_a2 = getattr(request, "param", 5)
    boy = make_child(world.a1, datetime.date(2023, 5, 1), "M")
    make_abuse_case(boy, RECEIVED)
    for i in range(6):
        make_abuse_case(make_child(world.a1, datetime.date(2018, 1, 1 + i), "F"), RECEIVED)
    for i in range(13):
        make_child(world.a1, datetime.date(2012, 1, 1 + i), "M")
    for i in range(in_a2):
        make_abuse_case(make_child(world.a2, datetime.date(2018, 2, 1 + i), "F"), RECEIVED)
    for i in range(10 - in_a2):
        make_child(world.a2, datetime.date(2013, 1, 1 + i), "M")


def _rows(body: dict[str, Any], by: str) -> dict[tuple[str, str, str | None], dict[str, Any]]:
    names = [h["name"] for h in body["headers"]]
    out = {}
    for row in body["rows"]:
        item = dict(zip(names, row, strict=True))
        out[(item["dx"], item["ou"], item[by])] = item
    return out


def _api(client: Any, ou: str, by: str) -> dict[tuple[str, str, str | None], dict[str, Any]]:
    response = client.get(API, {"dx": "QD23-09;QD23-11b", "ou": ou, "pe": "2025", "by": by})
    assert response.status_code == 200, response.content
    return _rows(response.json(), by)


def test_threshold_is_five() -> None:
    assert rules.SMALL_CELL_THRESHOLD == 5


def test_record_access_is_view_child_over_the_unit(world: Any) -> None:
    assert privacy.exact_for(world.worker_a1, world.a1)
    assert not privacy.exact_for(world.worker_a1, world.a)  # the province is more than their commune
    assert privacy.exact_for(world.province_a, world.a1)
    assert not privacy.exact_for(world.agency_a, world.a1)
    assert not privacy.exact_for(world.agency_a, world.a)


def test_agency_officer_sees_less_than_five_for_one_abused_boy(world: Any, abuse: None, login: Any) -> None:
    rows = _api(login(world.agency_a), "26740", "sex")
    total = rows[("QD23-09", "26740", None)]
    assert (total["numerator"], total["denominator"]) == ("7", "20")  # 7 abused: shown
    boys = rows[("QD23-09", "26740", "M")]
    assert boys["value"] == boys["numerator"] == privacy.API_SUPPRESSED  # 1 boy: suppressed
    girls = rows[("QD23-09", "26740", "F")]
    # 6 girls would give 7 − 6 = 1 boy back: complementary suppression.
    assert girls["value"] == girls["numerator"] == privacy.API_SUPPRESSED
    # zero stays zero
    deaths = rows[("QD23-11b", "26740", None)]
    assert (deaths["value"], deaths["numerator"]) == ("0.00", "0")


def test_worker_of_the_ward_sees_the_exact_figures(world: Any, abuse: None, login: Any) -> None:
    rows = _api(login(world.worker_a1), "26740", "sex")
    assert rows[("QD23-09", "26740", "M")]["numerator"] == "1"
    assert rows[("QD23-09", "26740", "F")]["numerator"] == "6"
    ages = _api(login(world.worker_a1), "26740", "age")
    assert ages[("QD23-09", "26740", "0-4")]["numerator"] == "1"


def test_by_age_is_suppressed_with_its_complement(world: Any, abuse: None, login: Any) -> None:
    rows = _api(login(world.agency_a), "26740", "age")
    assert rows[("QD23-09", "26740", "0-4")]["numerator"] == privacy.API_SUPPRESSED
    assert rows[("QD23-09", "26740", "5-9")]["numerator"] == privacy.API_SUPPRESSED  # 6, complementary
    assert rows[("QD23-09", "26740", "10-14")]["numerator"] == "0"


@pytest.mark.parametrize("abuse", [2], indirect=True)
def test_a_small_total_suppresses_every_part(world: Any, abuse: None, login: Any) -> None:
    rows = _api(login(world.agency_a), "26968", "sex")
    assert rows[("QD23-09", "26968", None)]["numerator"] == privacy.API_SUPPRESSED
    assert rows[("QD23-09", "26968", None)]["denominator"] == "10"
    assert rows[("QD23-09", "26968", "M")]["numerator"] == privacy.API_SUPPRESSED  # 0, but would tell
    assert rows[("QD23-09", "26968", "F")]["numerator"] == privacy.API_SUPPRESSED


def test_protect_picks_the_smallest_other_part() -> None:
    indicator = Indicator(code="X", unit="count", aggregation="sum")
    total = Figure(20, 20, None)
    parts = [Figure(2, 2, None), Figure(0, 0, None), Figure(10, 10, None), Figure(8, 8, None)]
    shown_total, shown = privacy.protect(indicator, total, parts)
    assert not shown_total.suppressed
    assert [p.suppressed for p in shown] == [True, False, False, True]
    assert shown[0].numerator is None and shown[0].denominator is None  # a count keeps nothing back


def test_scorecard_and_charts(world: Any, abuse: None, login: Any) -> None:
    page = reverse("indicators:scorecard")
    response = login(world.agency_a).get(page, {"unit": world.a1.pk, "year": 2025, "phan_tich": "1"})
    assert response.status_code == 200
    (row,) = [r for r, _trend in response.context["lines"] if r.indicator.code == "QD23-09"]
    assert row.figure.numerator == 7
    assert row.by_sex["M"].suppressed and row.by_sex["F"].suppressed
    assert row.by_sex["M"].numerator is None and row.by_sex["M"].value is None
    (ages,) = [figs for i, figs in response.context["age_rows"] if i.code == "QD23-09"]
    assert [f.suppressed for f in ages] == [True, True, False, False]
    html = response.content.decode()
    assert "&lt; 5" in html
    assert "1 / 20" not in html

    exact = login(world.worker_a1).get(page, {"unit": world.a1.pk, "year": 2025})
    (row,) = [r for r, _trend in exact.context["lines"] if r.indicator.code == "QD23-09"]
    assert row.by_sex["M"].numerator == 1 and not row.by_sex["M"].suppressed


@pytest.mark.parametrize("abuse", [2], indirect=True)
def test_a_unit_is_held_back_among_its_siblings(
    world: Any, abuse: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Hồ Chí Minh 9 abused = Sài Gòn 7 + Tân Sơn Nhất 2: Sài Gòn's 7 is the complement of Tân Sơn Nhất's
    2, on the city's drill-down and on Sài Gòn's own page and API rows alike (else 9 − 7 = 2)."""
    page = reverse("indicators:scorecard")
    client = login(world.agency_a)
    response = client.get(page, {"unit": world.a.pk, "year": 2025})
    (row,) = [r for r, _trend in response.context["lines"] if r.indicator.code == "QD23-09"]
    assert row.figure.numerator == 9
    compared = client.get(
        reverse("indicators:compare"),
        {"unit": world.a.pk, "year": 2025, "indicator": "QD23-09", "sort": "value"},
    )
    entries = {e.unit: e for e in compared.context["page"].object_list}
    assert entries[world.a2].figure.suppressed and entries[world.a1].figure.suppressed
    assert entries[world.a1].figure.numerator is None and entries[world.a1].gap is None
    assert "Phường Sài Gòn: &lt; 5" in compared.context["map"]  # the tile's title
    assert "Số nhỏ được ẩn: 2" in compared.content.decode()  # the map's legend

    response = client.get(page, {"unit": world.a1.pk, "year": 2025})
    (row,) = [r for r, _trend in response.context["lines"] if r.indicator.code == "QD23-09"]
    assert row.figure.suppressed and row.figure.denominator == 20
    assert all(f.suppressed for f in row.by_sex.values())
    rows = _api(client, "26740", "age")
    assert {r["numerator"] for (dx, _ou, _k), r in rows.items() if dx == "QD23-09"} == {
        privacy.API_SUPPRESSED
    }
    # a viewer with record access to the ward sees it exactly
    rows = _api(login(world.worker_a1), "26740", "sex")
    assert rows[("QD23-09", "26740", None)]["numerator"] == "7"

    # the city's ADX file with its wards leaves both wards' abuse figures out
    client = login(world.agency_a)
    with django_capture_on_commit_callbacks(execute=True):  # the worker (ADR 0015), inline
        response = client.get("/api/v1/analytics/adx", {"ou": "79", "pe": "2025", "children": "true"})
    assert response.status_code == 202
    state = client.get(response["Location"]).json()
    doc = etree.fromstring(b"".join(client.get(state["download_url"]).streaming_content))
    ns = {"adx": adx.NAMESPACE}
    for ou in ("26740", "26968"):
        (group,) = doc.xpath("adx:group[@orgUnit=$ou]", namespaces=ns, ou=ou)
        assert not [dv for dv in group if dv.get("dataElement") == "QD23-09_NUM"]
    (city,) = doc.xpath("adx:group[@orgUnit='79']", namespaces=ns)
    totals = [dv.get("value") for dv in city if dv.get("dataElement") == "QD23-09_NUM" and not dv.get("SEX")]
    assert totals == ["9"]


def test_adx_leaves_suppressed_cells_out(world: Any, abuse: None, login: Any) -> None:
    response = login(world.agency_a).get("/api/v1/analytics/adx", {"ou": "26740", "pe": "2025"})
    assert response.status_code == 200
    doc = etree.fromstring(response.content)
    assert adx.schema().validate(doc)
    ns = {"adx": adx.NAMESPACE}
    values = {
        (dv.get("dataElement"), dv.get("SEX", "")): dv.get("value")
        for dv in doc.xpath("//adx:dataValue", namespaces=ns)
    }
    assert values[("QD23-09_NUM", "")] == "7"
    assert ("QD23-09_NUM", "M") not in values and ("QD23-09", "M") not in values
    assert ("QD23-09_NUM", "F") not in values
    assert values[("QD23-09_DEN", "M")] == "14"
    assert values[("QD23-11b_NUM", "")] == "0"
    comment = doc.xpath("//comment()")
    assert any("< 5" in str(c) for c in comment)

    exact = login(world.worker_a1).get("/api/v1/analytics/adx", {"ou": "26740", "pe": "2025"})
    doc = etree.fromstring(exact.content)
    values = {
        (dv.get("dataElement"), dv.get("SEX", "")): dv.get("value")
        for dv in doc.xpath("//adx:dataValue", namespaces=ns)
    }
    assert values[("QD23-09_NUM", "M")] == "1"


def test_plan_page_holds_small_figures_back(world: Any, catalogues: None, login: Any) -> None:
    """A plan's chỉ tiêu show the unit's figure: 2 of 3 children registered is "< 5" to an agency."""
    from treem.plans import services as plan_services
    from treem.plans.tests.conftest import hand_draft

    for i in range(3):
        make_child(world.a1, datetime.date(2023, 1, 1 + i), "F", birth_registered=i < 2)
    plan = plan_services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())
    url = reverse("plans:detail", args=[plan.pk])
    agency = login(world.agency_a).get(url)
    assert agency.status_code == 200
    (row,) = [r for t, r in agency.context["page"].targets if t.indicator_id]
    assert row.figure.suppressed and row.figure.value is None
    assert "&lt; 5" in agency.content.decode()
    exact = login(world.province_a).get(url)
    (row,) = [r for t, r in exact.context["page"].targets if t.indicator_id]
    assert row.figure.numerator == 2 and not row.figure.suppressed


@pytest.mark.parametrize("abuse", [2], indirect=True)
def test_siblings_count_only_where_the_parent_is_visible(world: Any, abuse: None) -> None:
    indicators = list(Indicator.objects.filter(code="QD23-09"))
    assert privacy.hidden_among_siblings(world.agency_a, world.a1, 2025, indicators) == {"QD23-09"}
    # the nation is outside the agency's jurisdiction: no total to subtract from, nothing computed
    assert privacy.hidden_among_siblings(world.agency_a, world.a, 2025, indicators) == set()
