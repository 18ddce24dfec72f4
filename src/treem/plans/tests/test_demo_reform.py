"""Issue #18.4: the demo on the real map — the former units' plans stay theirs, the wards carry the former
district's plan on and report to the city, and every obligation's data window closes before its deadline."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from treem.geo.models import AdminUnit, Generation, Level
from treem.plans.models import Plan, ReportingDeadline, TaskAgency
from treem.reporting import content, services
from treem.reporting.models import Obligation


@pytest.mark.django_db
def test_demo_plans_and_obligations_after_the_reform() -> None:
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9), tick=False):
        call_command("seed_demo_plans", stdout=out)
        call_command("seed_demo_plans", stdout=out)  # idempotent
        services.obligations_generate(2026)
    home = {
        p.document.source_name: p.unit
        for p in Plan.objects.filter(derived_from__isnull=True).select_related("unit", "document")
    }
    former = AdminUnit.objects.filter(generation=Generation.FORMER)
    assert home["000_tan_binh_ke_hoach_ct33.txt"] == former.get(level=Level.DISTRICT, code="766")
    assert home["001_long_khanh_306_kh_ubnd.txt"] == former.get(level=Level.DISTRICT, code="732")
    assert home["002_quang_nam_ke_hoach_ct28.txt"] == former.get(level=Level.PROVINCE, code="49")
    assert home["003_hcmc_4063_qd_ubnd.txt"].generation == Generation.CURRENT

    obligations = list(Obligation.objects.select_related("unit", "reviewer_unit", "plan__derived_from"))
    assert obligations
    city = AdminUnit.objects.get(generation=Generation.CURRENT, level=Level.PROVINCE, code="79")
    for o in obligations:
        assert o.unit.generation == Generation.CURRENT, o  # nobody reports for a unit that ceased
        assert o.data_end < o.due_date, o
        if o.reviewer_unit.level == Level.NATION:  # only the city's own report goes up, to the ministry
            assert (o.unit, content.receiving_body(o)) == (city, "Bộ Y tế")
    tan_binh = [o for o in obligations if o.plan.derived_from and o.plan.derived_from.unit.code == "766"]
    assert tan_binh and all(o.reviewer_unit == city for o in tan_binh)
    assert all(o.due_date == datetime.date(2026, 12, 7) for o in tan_binh)
    # the 33 HCMC tasks led by the former labour department: child work, so the health department
    labour = TaskAgency.objects.filter(
        task__plan__document__source_name="003_hcmc_4063_qd_ubnd.txt",
        role="lead",
        text="Sở Lao động - Thương binh và Xã hội",
    )
    assert labour.count() == 33
    assert set(labour.values_list("successor_type__code", "successor_text")) == {
        ("so_y_te", "Sở Y tế Thành phố Hồ Chí Minh")
    }
    # the wards' plans name no district body without its successor
    wards = TaskAgency.objects.filter(task__plan__derived_from__unit__code="766")
    assert wards.exists()
    district_words = r"\y(quận|huyện|thị xã)\y"
    assert not wards.filter(successor_text="", text__iregex=district_words).exists()
    assert not wards.filter(successor_text__iregex=district_words).exists()
    assert wards.filter(text="Công an quận", successor_text="Công an Phường Tân Bình").exists()
    deadlines = ReportingDeadline.objects.filter(plan__derived_from__unit__code="766")
    assert {(d.recipient, d.recipient_now) for d in deadlines} == {
        ("Ủy ban nhân dân quận", "UBND Thành phố Hồ Chí Minh")
    }
