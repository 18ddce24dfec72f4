"""Issue #18: plans and agencies after the 2025 reform — a former unit's plan stays attached to it as
read-only history with its successors shown; agencies named by plans are mapped to their successors
(data/reference/agency_successions.csv), the words as written kept beside them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.accounts.access import system_actor
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit, Agency, UnitSuccession
from treem.plans import reform, selectors, services
from treem.plans.models import ReportingDeadline, TaskAgency
from treem.plans.tests.conftest import hand_draft, ref

pytestmark = pytest.mark.django_db


@pytest.fixture
def tan_binh(world: Any) -> AdminUnit:
    district = AdminUnit.objects.get(generation="2008", level="district", code="766")
    UnitSuccession.objects.create(
        predecessor=district.parent, successor=world.a, effective_date=datetime.date(2025, 7, 1)
    )
    return district


def _ward_draft() -> dict[str, Any]:
    """A district plan as the Tân Bình one is written: the wards report to "Ủy ban nhân dân quận"; the
    lead agencies are the district's police, labour office and social insurance."""
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    task = draft["tasks"][1]
    task["lead"] = [
        ref("Công an quận", "cong_an_huyen_cu", "district"),
        ref("Phòng Lao động - Thương binh và Xã hội", "phong_ldtbxh_cu", "district"),
    ]
    task["cooperating"] = [
        ref("Bảo hiểm xã hội quận", "bhxh", "district"),
        ref("UBND các phường", "ubnd", "commune"),
    ]
    draft["deadlines"][0]["recipient"] = "Ủy ban nhân dân quận"
    return draft


def test_succession_table_cites_the_reform_and_flags_the_unconfirmed() -> None:
    rows = reform.agency_successions()
    assert all(r.source for r in rows)
    by_name = {(r.former[0], r.work): r for r in rows}
    labour = by_name[("so lao dong thuong binh va xa hoi", "tre_em")]
    assert (labour.successor_type, labour.confirmed) == ("so_y_te", False)  # child work goes to health
    assert by_name[("so lao dong thuong binh va xa hoi", "khac")].successor_type == "so_noi_vu"
    assert by_name[("bo lao dong thuong binh va xa hoi", "tre_em")].confirmed
    assert reform.agency_succession("Sở Y tế", "so_y_te", "province") is None  # still exists
    assert reform.agency_succession("Sở Nội vụ", "so_noi_vu", "province") is None
    assert (
        reform.agency_succession("Công an quận", "cong_an_huyen_cu", "district").successor_type
        == "cong_an_xa"
    )
    assert reform.agency_succession("P.LĐ-TB&XH", "phong_ldtbxh_cu", "district") is not None  # by type


def test_the_city_tasks_of_the_former_labour_department_go_to_health(world: Any, agency_types: Any) -> None:
    health = Agency.objects.get(name="Sở Y tế Thành phố Hồ Chí Minh")
    health.agency_type = agency_types["so_y_te"]
    health.save()
    home = Agency.objects.create(
        unit=world.a, name="Sở Nội vụ Thành phố Hồ Chí Minh", agency_type=agency_types["so_noi_vu"]
    )
    draft = hand_draft()
    draft["tasks"][2]["lead"] = [ref("Sở Lao động - Thương binh và Xã hội", "so_noi_vu", "province")]
    plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    named = TaskAgency.objects.get(task__plan=plan, text="Sở Lao động - Thương binh và Xã hội")
    assert (named.agency, named.display, named.successor_type.code) == (health, health.name, "so_y_te")
    assert not named.successor_confirmed
    task = named.task
    assert task in services.tasks_for_agency(plan, health)
    assert task not in services.tasks_for_agency(plan, home)


def test_a_former_units_plan_stays_attached_to_it(world: Any, agency_types: Any, tan_binh: Any) -> None:
    plan = services.plan_create_from_draft(actor=system_actor(tan_binh), unit=tan_binh, draft=_ward_draft())
    assert plan.unit == tan_binh
    assert reform.successors(tan_binh) == [world.a2]  # its wards' successors carry it on
    assert reform.receiving_unit(tan_binh) == world.a
    # the city and the ward that replaced the district's wards read it; another province does not
    assert plan in selectors.plans_visible(world.province_a)
    assert plan in selectors.plans_visible(world.worker_a2)
    assert plan not in selectors.plans_visible(world.province_b)
    # read-only history: no progress, no target change
    task = plan.tasks.filter(is_heading=False).first()
    assert not services.may_post_progress(world.province_a, task)
    with pytest.raises(ApplicationError):
        services.progress_post(
            actor=system_actor(tan_binh), task=task, period="2026", status="done", percent=100, narrative=""
        )
    with pytest.raises(ApplicationError):  # a ward of another district is outside the plan
        services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)


def test_a_wards_plan_shows_the_successors_with_the_words_kept(
    world: Any, agency_types: Any, tan_binh: Any, client: Any, login: Any
) -> None:
    police = Agency.objects.create(
        unit=world.a2, name="Công an Phường Tân Sơn Nhất", agency_type=agency_types["cong_an_xa"]
    )
    plan = services.plan_create_from_draft(actor=system_actor(tan_binh), unit=tan_binh, draft=_ward_draft())
    ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a2)
    named = {a.text: a for a in TaskAgency.objects.filter(task__plan=ward)}
    assert named["Công an quận"].display == "Công an Phường Tân Sơn Nhất"
    assert named["Công an quận"].agency == police
    assert named["Phòng Lao động - Thương binh và Xã hội"].display == (
        "Phòng Văn hóa - Xã hội Phường Tân Sơn Nhất"
    )
    assert named["Bảo hiểm xã hội quận"].display == "Bảo hiểm xã hội Thành phố Hồ Chí Minh"
    assert named["UBND các phường"].display == "UBND các phường"  # still exists: unchanged
    deadline = ReportingDeadline.objects.get(plan=ward)
    assert deadline.recipient == "Ủy ban nhân dân quận"  # as written
    assert deadline.recipient_now == "UBND Thành phố Hồ Chí Minh"
    page = login(world.worker_a2).get(f"/ke-hoach/{ward.pk}/").content.decode()
    shown = page.replace("văn bản ghi: ", "\x00")  # the words as written appear only as history
    for gone in ("Công an quận", "Phòng Lao động - Thương binh và Xã hội", "Ủy ban nhân dân quận"):
        assert f"\x00{gone}" in shown
        assert gone not in shown.replace(f"\x00{gone}", "")
    assert "Công an Phường Tân Sơn Nhất" in page and "gửi UBND Thành phố Hồ Chí Minh" in page
    old = login(world.province_a).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Kế hoạch của đơn vị hành chính cũ" in old and "Phường Tân Sơn Nhất" in old


def test_a_plan_imported_under_the_merged_unit_goes_back_to_its_issuer(
    world: Any, agency_types: Any, tan_binh: Any
) -> None:
    """The demo before issue #18: Tân Bình's plan under the city made the city owe "Việt Nam" a report."""
    from treem.indicators.models import Target
    from treem.indicators.reference import load_indicators
    from treem.reporting import services as reporting
    from treem.reporting.models import Obligation

    load_indicators()
    city = hand_draft(document={**hand_draft()["document"], "number": "4063/QĐ-UBND"})
    city["targets"][0]["values"] = {"2025": 98}
    city_plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=city)
    plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=_ward_draft())
    # both predate the reform: filed under the city, their targets lie on the former city (ADR 0024)
    assert Target.objects.get(unit=world.former_a, year=2025).value == 99  # the district's overrode
    TaskAgency.objects.filter(task__plan=plan).update(successor_text="", successor_type=None)  # saved before
    ReportingDeadline.objects.filter(plan=plan).update(recipient_now="")
    reporting.obligations_generate(2026)
    assert Obligation.objects.filter(plan=plan, unit=world.a, reviewer_unit=world.nation).exists()

    services.plan_rehome(actor=world.province_a, plan=plan, unit=tan_binh)
    plan.refresh_from_db()
    assert (plan.unit, plan.document.unit) == (tan_binh, tan_binh)
    assert not Obligation.objects.filter(plan=plan).exists()  # unsent: dropped, and not owed again
    assert Target.objects.get(unit=world.former_a, year=2025).value == 98  # the city's own is back
    assert not Target.objects.filter(unit=world.former_a, year=2030).exists()  # the district's only
    assert not Target.objects.filter(unit=world.a).exists()  # the merged city has none of its own
    # the district's targets measure the district's territory only
    assert set(Target.objects.filter(unit=tan_binh).values_list("year", flat=True)) == {2025, 2030}
    assert city_plan.unit == world.a
    reporting.obligations_generate(2026)
    assert not Obligation.objects.filter(plan=plan).exists()

    assert services.agencies_map_successors(actor="test") > 0
    police = TaskAgency.objects.get(task__plan=plan, text="Công an quận")
    assert police.successor_text == "Công an cấp xã"  # the former district's own plan: no one commune
    assert ReportingDeadline.objects.get(plan=plan).recipient_now == "UBND Thành phố Hồ Chí Minh"
    assert services.agencies_map_successors(actor="test") == 0  # idempotent
