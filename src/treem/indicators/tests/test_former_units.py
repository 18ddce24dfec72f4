"""Figures and targets of units of the former map (issue #18, ADR 0024), worked by hand.

The world's former map (conftest): Thành phố Hồ Chí Minh (79, 2008) › Quận Tân Bình (766) › Phường 2
(26965) and Phường 4 (26968 — the code of the current Phường Tân Sơn Nhất, a2), both merged whole into a2.
Added here:

- Tân Bình's Phường 15 (26995), divided between a2 and the current Phường Đức Nhuận (27043, a3);
- Quận Phú Nhuận (768) › Phường 9 (27058), merged whole into a3;
- the former Tỉnh Bình Dương (74) › Thành phố Thủ Dầu Một (718) › Phường Phú Cường (25741), merged into
  the current Phường Thủ Dầu Một (25747, a4) of the merged Thành phố Hồ Chí Minh.

So a2 ← Phường 2, Phường 4, part of Phường 15 (all in Tân Bình): wholly Tân Bình's;
a3 ← Phường 9 (Phú Nhuận), part of Phường 15 (Tân Bình): half Tân Bình's, half Phú Nhuận's (estimate);
former Phường 2 is one of a2's three predecessors: a third of a2 (estimate).

Children under 5 in 2026 (QD23-14, birth registration): a2 3 of 4 registered, a3 2 of 4, a4 0 of 1.
- former Tân Bình = a2 + ½ a3 = (3 + 1) / (4 + 2) = 66,67 % ≈ (a3 is shared);
- former Phú Nhuận = ½ a3 = 1 / 2 = 50 % ≈;
- former Hồ Chí Minh (2008) = a2 + a3 = 5 / 8 = 62,5 %, exact (a3's two predecessors both lay in it);
- former Bình Dương = a4 = 0 / 1, exact;
- former Phường 2 = ⅓ a2 = 1 / (4/3) = 75 % ≈.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from treem.indicators.tests.conftest import make_child

D = datetime.date(2025, 7, 1)
UNTIL = datetime.date(2025, 6, 30)


class Maps:
    def __init__(self, world: Any) -> None:
        from treem.geo.models import AdminUnit, UnitSuccession
        from treem.geo.services import unit_create

        def former(level: str, unit_type: str, code: str, name: str, parent: Any) -> Any:
            return unit_create(
                level=level,
                unit_type=unit_type,
                code=code,
                name=name,
                parent=parent,
                generation="2008",
                valid_to=UNTIL,
            )

        def current(code: str, name: str) -> Any:
            return unit_create(
                level="commune", unit_type="phuong", code=code, name=name, parent=world.a, valid_from=D
            )

        def link(old: Any, new: Any, partial: bool = False) -> None:
            UnitSuccession.objects.create(
                predecessor=old, successor=new, effective_date=D, is_partial=partial
            )

        self.world = world
        self.hcmc_2008 = AdminUnit.objects.get(generation="2008", level="province", code="79")
        self.tan_binh = AdminUnit.objects.get(generation="2008", level="district", code="766")
        self.p2, self.p4 = world.former_wards
        self.p15 = former("commune", "phuong", "26995", "Phường 15", self.tan_binh)
        self.phu_nhuan = former("district", "quan", "768", "Quận Phú Nhuận", self.hcmc_2008)
        self.p9 = former("commune", "phuong", "27058", "Phường 9", self.phu_nhuan)
        self.binh_duong = former("province", "tinh", "74", "Tỉnh Bình Dương", world.nation)
        self.tdm_city = former("district", "thanh_pho", "718", "Thành phố Thủ Dầu Một", self.binh_duong)
        self.phu_cuong = former("commune", "phuong", "25741", "Phường Phú Cường", self.tdm_city)
        self.a3 = current("27043", "Phường Đức Nhuận")
        self.a4 = current("25747", "Phường Thủ Dầu Một")
        link(self.p15, world.a2, partial=True)
        link(self.p15, self.a3, partial=True)
        link(self.p9, self.a3)
        link(self.phu_cuong, self.a4)
        link(self.hcmc_2008, world.a)
        link(self.binh_duong, world.a)


@pytest.fixture
def maps(world: Any, catalogues: None) -> Maps:
    return Maps(world)


@pytest.fixture
def births_2026(maps: Maps) -> Maps:
    w = maps.world
    for commune, registered, total in ((w.a2, 3, 4), (maps.a3, 2, 4), (maps.a4, 0, 1)):
        for i in range(total):
            make_child(commune, datetime.date(2023, 3, 1 + i), "F", birth_registered=i < registered)
    return maps


def _births() -> Any:
    from treem.indicators.models import Indicator

    return Indicator.objects.get(code="QD23-14")


# -- 1. figures of former units ---------------------------------------------------------------------------
def test_territory_shares(maps: Maps) -> None:
    from fractions import Fraction

    from treem.geo.selectors import territory

    w = maps.world
    assert territory(maps.tan_binh).shares == {w.a2.pk: 1, maps.a3.pk: Fraction(1, 2)}
    assert territory(maps.phu_nhuan).shares == {maps.a3.pk: Fraction(1, 2)}
    assert territory(maps.hcmc_2008).shares == {w.a2.pk: 1, maps.a3.pk: 1}
    assert territory(maps.hcmc_2008).exact and not territory(maps.tan_binh).exact
    assert territory(maps.p2).shares == {w.a2.pk: Fraction(1, 3)}
    assert territory(maps.binh_duong).shares == {maps.a4.pk: 1}


@pytest.mark.parametrize(
    ("name", "numerator", "denominator", "value", "approximate"),
    [
        ("tan_binh", 4, 6, "66.67", True),
        ("phu_nhuan", 1, 2, "50.00", True),
        ("hcmc_2008", 5, 8, "62.50", False),
        ("binh_duong", 0, 1, "0.00", False),
        ("p2", 1, 1, "75.00", True),  # ⅓ of 3 registered of 4: 1 / 1⅓ (rounded counts, exact value)
    ],
)
def test_computed_figures_of_former_units(
    births_2026: Maps, name: str, numerator: int, denominator: int, value: str, approximate: bool
) -> None:
    from treem.indicators import selectors

    unit = getattr(births_2026, name)
    fig = selectors.figure(_births(), unit, 2026)
    assert (fig.numerator, fig.denominator, fig.value, fig.approximate) == (
        numerator,
        denominator,
        Decimal(value),
        approximate,
    )
    # the scorecard's batched path gives the same figure
    row = next(r for r in selectors.scorecard(unit, 2026) if r.indicator.code == "QD23-14")
    assert (row.figure.numerator, row.figure.value, row.figure.approximate) == (
        numerator,
        Decimal(value),
        approximate,
    )


def test_current_units_unchanged(births_2026: Maps) -> None:
    from treem.indicators import selectors

    fig = selectors.figure(_births(), births_2026.world.a, 2026)  # the merged city: every commune whole
    assert (fig.numerator, fig.denominator, fig.approximate) == (5, 9, False)


def _reported(indicator_code: str, unit: Any, year: int, **values: Any) -> None:
    from treem.indicators.models import Indicator, ReportedValue

    ReportedValue.objects.create(
        unit=unit, indicator=Indicator.objects.get(code=indicator_code), year=year, **values
    )


def test_reported_values_keep_their_unit(maps: Maps) -> None:
    """QD23-04b (stunting, a ratio): Tân Bình reported for itself in 2024; in 2026 only the current wards
    reported. Tân Bình 2024 is its own figure, exact; Tân Bình 2026 = a2 + ½ a3, approximate."""
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    w = maps.world
    _reported("QD23-04b", maps.tan_binh, 2024, numerator=60, denominator=1000, value=Decimal("6.00"))
    _reported("QD23-04b", maps.p2, 2024, numerator=1, denominator=10, value=Decimal("10.00"))  # replaced
    _reported("QD23-04b", maps.p9, 2024, numerator=5, denominator=100, value=Decimal("5.00"))
    _reported("QD23-04b", w.a2, 2026, numerator=40, denominator=800, value=Decimal("5.00"))
    _reported("QD23-04b", maps.a3, 2026, numerator=20, denominator=200, value=Decimal("10.00"))
    stunting = Indicator.objects.get(code="QD23-04b")
    before, after = selectors.series(stunting, maps.tan_binh, [2024, 2026])
    assert (before.numerator, before.denominator, before.value, before.approximate) == (
        60,
        1000,
        Decimal("6.00"),
        False,
    )
    assert (after.numerator, after.denominator, after.value, after.approximate) == (
        50,
        900,
        Decimal("5.56"),
        True,
    )
    # the former city sums its districts' own figures (Tân Bình's replaces its wards'): 65 / 1100
    city = selectors.figure(stunting, maps.hcmc_2008, 2024)
    assert (city.numerator, city.denominator, city.approximate) == (65, 1100, False)
    # the current ward counts, as before (ADR 0007), the former ward merged whole into it (Phường 9), not
    # the divided Phường 15
    assert selectors.figure(stunting, maps.a3, 2024).value == Decimal("5.00")


def test_reform_comparison_side_by_side(births_2026: Maps) -> None:
    from treem.indicators import selectors

    maps = births_2026
    births = _births()
    columns = selectors.reform_comparison(maps.tan_binh, 2026, [births])
    assert [(c.unit.name, c.year, c.former) for c in columns] == [
        ("Quận Tân Bình", 2024, True),
        ("Quận Tân Bình", 2026, True),
        ("Phường Đức Nhuận", 2026, False),
        ("Phường Tân Sơn Nhất", 2026, False),
    ]
    assert [c.figures[0].value for c in columns[1:]] == [Decimal("66.67"), Decimal("50.00"), Decimal("75.00")]
    current = selectors.reform_comparison(maps.a3, 2026, [births])
    assert [(c.unit.name, c.year) for c in current] == [
        ("Phường 15", 2024),
        ("Phường 9", 2024),
        ("Phường Đức Nhuận", 2024),
        ("Phường Đức Nhuận", 2026),
    ]


def _command(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("indicator_values", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_command_for_former_units(births_2026: Maps) -> None:
    payload = _command("--unit", "766", "--year", "2026")
    assert payload["unit_name"] == "Quận Tân Bình" and payload["map"] == "2008"
    row = {i["code"]: i for i in payload["indicators"]}["QD23-14"]
    assert (row["value"], row["approximate"]) == ("66.67", True)
    assert _command("--unit", "74", "--year", "2026")["unit_name"] == "Tỉnh Bình Dương"
    # a code both maps use is the current unit's; the former one is named with its map
    assert _command("--unit", "26968", "--year", "2026")["unit_name"] == "Phường Tân Sơn Nhất"
    assert _command("--unit", "2008-26968", "--year", "2026")["unit_name"] == "Phường 4"
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã 99999"):
        _command("--unit", "99999", "--year", "2026")


def test_analytics_api_former_units_and_scope(births_2026: Maps, login: Any) -> None:
    maps = births_2026
    url = "/api/v1/analytics"
    province = login(maps.world.province_a)
    body = province.get(url, {"dx": "QD23-14", "ou": "766", "pe": "2026"}).json()
    assert body["rows"][0][1:7] == ["2008-766", "2026", None, "66.67", "4", "6"]
    assert body["metaData"]["items"]["2008-766"]["name"] == "Quận Tân Bình (bản đồ cũ, ước tính)"
    assert province.get(url, {"dx": "QD23-14", "ou": "2008-26968", "pe": "2026"}).status_code == 200
    adx = province.get(url + "/adx", {"ou": "766", "pe": "2026"})
    assert adx.status_code == 200 and 'orgUnit="2008-766"' in adx.content.decode()
    # Hà Nội's officer: the former Tân Bình lies outside their province
    other = login(maps.world.province_b)
    assert other.get(url, {"dx": "QD23-14", "ou": "766", "pe": "2026"}).status_code == 404
    # the worker of a2: Phường 2's territory (a2) is theirs, Tân Bình's (a2 and a3) is not
    worker = login(maps.world.worker_a2)
    assert worker.get(url, {"dx": "QD23-14", "ou": "2008-26965", "pe": "2026"}).status_code == 200
    assert worker.get(url, {"dx": "QD23-14", "ou": "766", "pe": "2026"}).status_code == 404


def test_scorecard_of_a_former_unit(births_2026: Maps, login: Any) -> None:
    maps = births_2026
    page = login(maps.world.province_a).get(
        reverse("indicators:scorecard"), {"unit": maps.tan_binh.pk, "year": 2026}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Quận Tân Bình" in body and "bản đồ hành chính cũ" in body
    assert "Phường Đức Nhuận" in body  # a successor in the side-by-side table
    assert "≈" in body
    other = login(maps.world.province_b)
    assert (
        other.get(reverse("indicators:scorecard"), {"unit": maps.tan_binh.pk, "year": 2026}).status_code
        == 404
    )
    # today's ward links to the former district and city that held it, and lists its former wards
    ward = login(maps.world.province_a).get(
        reverse("indicators:scorecard"), {"unit": maps.world.a2.pk, "year": 2026, "hai_ban_do": "1"}
    )
    text = ward.content.decode()
    assert "địa bàn này thuộc" in text and f"?unit={maps.tan_binh.pk}&amp;year=2026" in text
    assert "Phường 15" in text and "Phường 2" in text
    # the ward's worker does not see the former Phường 15, half of which is Đức Nhuận's
    text = (
        login(maps.world.worker_a2)
        .get(reverse("indicators:scorecard"), {"unit": maps.world.a2.pk, "year": 2026, "hai_ban_do": "1"})
        .content.decode()
    )
    assert "Phường 2" in text and "Phường 4" in text and "Phường 15" not in text


# -- 2. targets keep their territory ----------------------------------------------------------------------
def test_former_city_target_stays_on_its_territory(maps: Maps) -> None:
    """QĐ 4063 (HCMC, 2022) sets QD23-08a ≤ 3 % in 2030 for the city of 2022: it measures the wards on that
    territory, not Phường Thủ Dầu Một (former Bình Dương) nor the merged city as a whole (the nation's)."""
    from treem.indicators import selectors
    from treem.indicators.models import Indicator, Target

    w = maps.world
    hcdb = Indicator.objects.get(code="QD23-08a")
    own = Target.objects.get(unit=maps.hcmc_2008, indicator=hcdb, year=2030)  # loaded from the catalogue
    assert (own.value, own.comparator) == (Decimal(3), "le")
    nation = Target.objects.get(unit=w.nation, indicator=hcdb, year=2030)
    assert selectors.target_for(hcdb, maps.a4, 2026) == nation
    assert selectors.target_for(hcdb, w.a, 2026) == nation
    assert selectors.target_for(hcdb, w.a2, 2026) == own
    assert selectors.target_for(hcdb, maps.a3, 2026) == own  # both its predecessors lay in the city
    assert selectors.target_for(hcdb, maps.tan_binh, 2026) == own
    assert not Target.objects.filter(unit=w.a, indicator=hcdb).exists()


def test_current_province_target_overrides_former_city(maps: Maps) -> None:
    from treem.indicators import selectors
    from treem.indicators.models import Indicator, Target

    w = maps.world
    hcdb = Indicator.objects.get(code="QD23-08a")
    new = Target.objects.create(unit=w.a, indicator=hcdb, year=2030, value=Decimal(2), comparator="le")
    assert selectors.target_for(hcdb, maps.a4, 2026) == new
    assert selectors.target_for(hcdb, w.a2, 2026) == new
    # a former ward's own target is more specific than the current city's
    ward = Target.objects.create(unit=maps.p9, indicator=hcdb, year=2030, value=Decimal(1), comparator="le")
    assert selectors.target_for(hcdb, maps.a3, 2026) == new  # a3 is not wholly Phường 9's
    assert selectors.target_for(hcdb, maps.p9, 2026) == ward


def test_the_targets_of_every_child_unit_are_read_at_once(maps: Maps) -> None:
    """The compare page's targets of a province's communes read together (``targets_for``: the holders and
    the targets of all of them in four queries) are each commune's own, by hand: Tân Bình's 2,5 % for a2
    (wholly Tân Bình's), the former city's 3 % for a3 (half Tân Bình's: only the city holds all of it),
    the nation's for a1 (no predecessor) and a4 (former Bình Dương)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from treem.geo.models import AdminUnit
    from treem.indicators import selectors
    from treem.indicators.models import Indicator, Target

    w = maps.world
    hcdb = Indicator.objects.get(code="QD23-08a")
    city = Target.objects.get(unit=maps.hcmc_2008, indicator=hcdb, year=2030)
    nation = Target.objects.get(unit=w.nation, indicator=hcdb, year=2030)
    district = Target.objects.create(
        unit=maps.tan_binh, indicator=hcdb, year=2030, value=Decimal("2.5"), comparator="le"
    )
    communes = [AdminUnit.objects.get(pk=u.pk) for u in (w.a1, w.a2, maps.a3, maps.a4)]
    with CaptureQueriesContext(connection) as queries:
        found = selectors.targets_for(hcdb, communes, 2026)
    assert found == {w.a1.pk: nation, w.a2.pk: district, maps.a3.pk: city, maps.a4.pk: nation}
    assert len(queries.captured_queries) <= 4
    for unit in communes:  # each asked alone, on a fresh object, gives the same
        assert selectors.target_for(hcdb, AdminUnit.objects.get(pk=unit.pk), 2026) == found[unit.pk]


# -- 3. a plan never rewrites the catalogue's comparators ------------------------------------------------
def test_plan_import_keeps_reference_comparators_and_shows_the_conflict(maps: Maps) -> None:
    """QĐ 4063 (25/11/2022) imported into the merged city: its targets go to the former city it was written
    for; where its parsed wording differs from the catalogue's (04b 2030 "dưới 6,2 %" read as ≤, 08a
    2030 read as <) the catalogue's target stays exactly as written and the plan's is shown beside it."""
    from treem.geo.models import AgencyType
    from treem.indicators import selectors
    from treem.indicators.models import Indicator, Target, TargetOrigin
    from treem.plans import services as plan_services
    from treem.plans.tests.conftest import hand_draft

    AgencyType.objects.create(code="so_tu_phap", name="Sở Tư pháp", sector="justice", levels="province")
    w = maps.world
    draft = hand_draft()
    draft["document"].update(
        {"number": "4063/QĐ-UBND", "date": "2022-11-25", "issuer": "Ủy ban nhân dân Thành phố Hồ Chí Minh"}
    )
    base = draft["targets"][0]
    draft["targets"] = [
        {
            **base,
            "label": "4b",
            "indicator": "QD23-04b",
            "values": {"2025": 6.5, "2030": 6.2},
            "comparator": "le",
            "direction": "lower",
        },
        {
            **base,
            "label": "8a",
            "indicator": "QD23-08a",
            "values": {"2025": 3.5, "2030": 3},
            "comparator": "lt",
            "direction": "lower",
        },
        {**base, "label": "14", "indicator": "QD23-14", "values": {"2030": 99.5}, "comparator": "ge"},
    ]
    plan_services.plan_create_from_draft(actor=w.province_a, unit=w.a, draft=draft)

    def target(code: str, year: int) -> Any:
        return Target.objects.get(unit=maps.hcmc_2008, indicator__code=code, year=year)

    stunting = target("QD23-04b", 2030)
    assert (stunting.value, stunting.comparator, stunting.origin) == (
        Decimal("6.2"),
        "lt",
        TargetOrigin.REFERENCE,
    )
    assert stunting.conflict.startswith("≤ 6.2 (")
    hcdb = target("QD23-08a", 2030)
    assert (hcdb.value, hcdb.comparator) == (Decimal(3), "le") and hcdb.conflict.startswith("< 3 (")
    assert target("QD23-08a", 2025).conflict == ""  # same wording: no conflict
    births = target("QD23-14", 2030)  # the catalogue has 79's own 2030 target: kept too
    assert births.origin == TargetOrigin.REFERENCE
    # nothing landed on the merged city, whose wards from former Bình Dương keep the nation's targets
    assert not Target.objects.filter(unit=w.a).exists()
    hcdb_indicator = Indicator.objects.get(code="QD23-08a")
    assert selectors.target_for(hcdb_indicator, maps.a4, 2026).unit == w.nation  # type: ignore[union-attr]


def test_plan_target_without_catalogue_row_lands_on_the_former_unit(maps: Maps) -> None:
    from treem.geo.models import AgencyType
    from treem.indicators.models import Target, TargetOrigin
    from treem.plans import services as plan_services
    from treem.plans.tests.conftest import hand_draft

    AgencyType.objects.create(code="so_tu_phap", name="Sở Tư pháp", sector="justice", levels="province")
    w = maps.world
    Target.objects.filter(unit=maps.hcmc_2008, indicator__code="QD23-14").delete()
    draft = hand_draft()
    draft["document"].update({"date": "2022-11-25", "issuer": "Ủy ban nhân dân Thành phố Hồ Chí Minh"})
    plan = plan_services.plan_create_from_draft(actor=w.province_a, unit=w.a, draft=draft)
    rows = Target.objects.filter(indicator__code="QD23-14", origin=TargetOrigin.PLAN)
    assert {(t.unit_id, t.year) for t in rows} == {(maps.hcmc_2008.pk, 2025), (maps.hcmc_2008.pk, 2030)}
    # the plan's page measures it on that territory; a plan issued after the reform is the merged city's
    from treem.plans.selectors import plan_territory

    assert plan_territory(plan) == maps.hcmc_2008
    assert plan.document is not None
    plan.document.date = datetime.date(2025, 9, 1)
    assert plan_territory(plan) == w.a


# -- 4. the demo ------------------------------------------------------------------------------------------
def test_demo_seeds_the_former_district_and_shows_it_beside_its_wards(maps: Maps, login: Any) -> None:
    from treem.indicators.management.commands.seed_demo_indicators import seed_former_district
    from treem.indicators.models import ReportedValue

    assert "số liệu năm 2024" in seed_former_district(2026)
    seed_former_district(2026)  # idempotent
    stunting = ReportedValue.objects.get(unit=maps.tan_binh, indicator__code="QD23-04b", year=2024)
    assert (stunting.numerator, stunting.denominator) == (33 * 12 + 3, 560 * 12)
    body = (
        login(maps.world.province_a)
        .get(reverse("indicators:scorecard"), {"unit": maps.tan_binh.pk, "year": 2026})
        .content.decode()
    )
    assert "Hai bản đồ hành chính" in body and "Phường Tân Sơn Nhất" in body
    assert "5,94" in body  # Tân Bình's own 2024 figure: 399 / 6,720 = 5,94 %
    # a current ward's page links to the two maps' table, drawn when asked (it costs a second page)
    client = login(maps.world.province_a)
    ward = {"unit": maps.world.a2.pk, "year": 2026}
    body = client.get(reverse("indicators:scorecard"), ward).content.decode()
    assert "Hai bản đồ hành chính trước" not in body and "hai_ban_do=1" in body
    body = client.get(reverse("indicators:scorecard"), {**ward, "hai_ban_do": "1"}).content.decode()
    assert "Hai bản đồ hành chính trước" in body and "Quận Tân Bình" in body


# -- small cells across the two maps -----------------------------------------------------------------------
def test_former_unit_does_not_give_back_a_hidden_ward(maps: Maps, login: Any) -> None:
    """Abused children in 2026 — Sài Gòn 8, Tân Sơn Nhất 2, Đức Nhuận 9, Thủ Dầu Một 5. Among the city's
    wards, Tân Sơn Nhất (2) is held back and Thủ Dầu Một (5, the smallest other) as its complement. The
    former city is Tân Sơn Nhất + Đức Nhuận = 11: shown, it would give back 11 − 9 = 2. Held back."""
    from treem.indicators import privacy
    from treem.indicators.models import Indicator
    from treem.indicators.tests.conftest import make_abuse_case

    w = maps.world
    when = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    for commune, n in ((w.a1, 8), (w.a2, 2), (maps.a3, 9), (maps.a4, 5)):
        for i in range(n):
            make_abuse_case(make_child(commune, datetime.date(2015, 1, 1 + i)), when)
    abused = Indicator.objects.get(code="QD23-09")
    assert privacy.hidden_among_siblings(w.agency_a, maps.hcmc_2008, 2026, [abused]) == {"QD23-09"}
    # Quận Phú Nhuận is half of Đức Nhuận alone, which is shown: nothing to give back
    assert privacy.hidden_among_siblings(w.agency_a, maps.phu_nhuan, 2026, [abused]) == set()
    body = login(w.agency_a).get("/api/v1/analytics", {"dx": "QD23-09", "ou": "2008-79", "pe": "2026"}).json()
    assert body["rows"][0][4:6] == ["<5", "<5"]
    exact = login(w.province_a).get("/api/v1/analytics", {"dx": "QD23-09", "ou": "2008-79", "pe": "2026"})
    assert exact.json()["rows"][0][5] == "11"


# -- exact where the record keeps the hamlet ---------------------------------------------------------------
def test_children_in_hamlets_of_a_known_former_ward_count_exactly(maps: Maps) -> None:
    """Phường Đức Nhuận's Khu phố 1 lay in the former Phường 15 (Tân Bình), its Khu phố 2 in Phường 9
    (Phú Nhuận). Its four children under 5: the two registered in Khu phố 1, the two others in Khu phố 2.
    Tân Bình = Tân Sơn Nhất 3/4 + Khu phố 1 2/2 = 5/6 = 83,33 %, exact; Phú Nhuận = 0/2, exact. A fifth
    child without a hamlet (registered) is shared out half and half: Tân Bình 5,5/6,5 ≈ 84,62 %."""
    from treem.geo.services import unit_create
    from treem.indicators import selectors

    w = maps.world
    kp1 = unit_create(level="hamlet", unit_type="khu_pho", code="27043-KP1", name="Khu phố 1", parent=maps.a3)
    kp2 = unit_create(level="hamlet", unit_type="khu_pho", code="27043-KP2", name="Khu phố 2", parent=maps.a3)
    kp1.former_commune = maps.p15
    kp1.save()
    kp2.former_commune = maps.p9
    kp2.save()
    for i in range(3):
        make_child(w.a2, datetime.date(2023, 3, 1 + i), "F", birth_registered=True)
    make_child(w.a2, datetime.date(2023, 3, 9), "F", birth_registered=False)
    for i, (hamlet, registered) in enumerate(((kp1, True), (kp1, True), (kp2, False), (kp2, False))):
        make_child(maps.a3, datetime.date(2023, 4, 1 + i), "M", birth_registered=registered, hamlet=hamlet)
    births = _births()

    def fig(unit: Any) -> tuple[Any, ...]:
        f = selectors.figure(births, unit, 2026)
        row = next(r for r in selectors.scorecard(unit, 2026) if r.indicator.code == "QD23-14")
        assert (row.figure.value, row.figure.approximate) == (f.value, f.approximate)  # batched: the same
        return f.numerator, f.denominator, f.value, f.approximate

    assert fig(maps.tan_binh) == (5, 6, Decimal("83.33"), False)
    assert fig(maps.phu_nhuan) == (0, 2, Decimal("0.00"), False)
    make_child(maps.a3, datetime.date(2023, 5, 1), "F", birth_registered=True)
    assert fig(maps.tan_binh)[2:] == (Decimal("84.62"), True)
