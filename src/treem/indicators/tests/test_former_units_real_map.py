"""Former units on the real packaged maps (issue #18, ADR 0024): what the issue reported, on the data."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command


def _values(code: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("indicator_values", "--unit", code, "--year", "2024", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_former_units_and_targets_on_the_real_maps() -> None:
    from treem.geo import selectors as geo
    from treem.geo.models import AdminUnit
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    call_command("load_reference", stdout=io.StringIO())
    # the two units of the issue answer (they said "Không có đơn vị hành chính hiện hành")
    tan_binh = _values("766")
    assert (tan_binh["unit_name"], tan_binh["map"]) == ("Quận Tân Bình", "2008")
    assert len(tan_binh["indicators"]) == Indicator.objects.count()
    assert _values("49")["unit_name"] == "Tỉnh Quảng Nam"
    # Quận Tân Bình's six wards of today lie wholly in it: its figures are exact
    district = geo.unit_by_code("766")
    assert district is not None
    land = geo.territory(district)
    names = set(AdminUnit.objects.filter(pk__in=land.commune_ids).values_list("name", flat=True))
    assert land.exact and {"Phường Tân Bình", "Phường Tân Sơn Nhất", "Phường Bảy Hiền"} <= names
    assert len(names) == 6
    # the former Phường 4 (26968, the code of today's Phường Tân Sơn Nhất) is a third of that ward
    ward = geo.unit_by_code("2008-26968")
    assert ward is not None and ward.name == "Phường 4" and not geo.territory(ward).exact
    # QĐ 4063 measures Phường Tân Bình (former HCMC land), not Phường Thủ Dầu Một (former Bình Dương)
    hcdb = Indicator.objects.get(code="QD23-08a")
    tdm = AdminUnit.objects.get(generation="2025", level="commune", name="Phường Thủ Dầu Một")
    former_city = AdminUnit.objects.get(generation="2008", level="province", code="79")
    assert former_city.pk not in geo.containers(tdm)
    target = selectors.target_for(hcdb, tdm, 2026)
    assert target is not None and target.unit.level == "nation"
    ward_today = AdminUnit.objects.get(generation="2025", level="commune", code="27004")
    target = selectors.target_for(hcdb, ward_today, 2026)
    assert target is not None and target.unit == former_city and "4063" in target.source
    city_today = AdminUnit.objects.get(generation="2025", level="province", code="79")
    assert selectors.target_for(hcdb, city_today, 2026).unit.level == "nation"  # type: ignore[union-attr]

    # QĐ 4063's seed text imported as the demo does: the catalogue's comparators stay as written, the
    # plan's differing wording is shown beside them, and nothing lands on the merged city
    from pathlib import Path

    from django.conf import settings

    from treem.accounts.access import system_actor
    from treem.indicators.models import Target, TargetOrigin
    from treem.plans import drafts, parsing, services

    name = "003_hcmc_4063_qd_ubnd.txt"
    text = (Path(settings.BASE_DIR) / "data" / "plans" / name).read_bytes()
    draft = parsing.parse_plan(parsing.extract_text(name, text)).to_json()
    draft.pop("lines", None)
    draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
    services.plan_create_from_draft(
        actor=system_actor(city_today), unit=city_today, draft=draft, source_name=name
    )
    stunting = Target.objects.get(unit=former_city, indicator__code="QD23-04b", year=2030)
    assert (stunting.value, stunting.comparator) == (Decimal("6.2"), "lt")
    assert stunting.origin == TargetOrigin.REFERENCE
    hcdb_2030 = Target.objects.get(unit=former_city, indicator__code="QD23-08a", year=2030)
    assert (hcdb_2030.value, hcdb_2030.comparator) == (Decimal(3), "le")
    assert stunting.conflict == "≤ 6.2 (Quyết định số 4063/QĐ-UBND ngày 25/11/2022)"
    assert hcdb_2030.conflict == "< 3 (Quyết định số 4063/QĐ-UBND ngày 25/11/2022)"
    assert not Target.objects.filter(unit=city_today).exists()
