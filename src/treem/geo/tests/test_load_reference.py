"""load_reference on the real packaged data: both maps, successions, agency types, idempotence."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from treem.audit import actions
from treem.audit.models import AuditEvent
from treem.geo.models import AdminUnit, AgencyType, Generation, Level, UnitSuccession


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_reference_full_then_idempotent() -> None:
    # A dry run validates everything and writes nothing.
    output = _run("--dry-run")
    assert "Chạy thử" in output
    assert not AdminUnit.objects.exists()

    output = _run()
    assert "Đã nạp" in output

    current = AdminUnit.objects.filter(generation=Generation.CURRENT)
    assert current.filter(level=Level.NATION).count() == 1
    assert current.filter(level=Level.PROVINCE).count() == 34
    assert current.filter(level=Level.PROVINCE, unit_type="thanh_pho_tw").count() == 6
    communes = current.filter(level=Level.COMMUNE)
    assert communes.count() == 3321
    assert communes.filter(unit_type="xa").count() == 2621
    assert communes.filter(unit_type="phuong").count() == 687
    assert communes.filter(unit_type="dac_khu").count() == 13
    assert not communes.filter(name__contains="  ").exists()

    former = AdminUnit.objects.filter(generation=Generation.FORMER)
    assert former.filter(level=Level.PROVINCE).count() == 63
    assert former.filter(level=Level.DISTRICT).count() > 690
    assert former.filter(level=Level.COMMUNE).count() > 10000
    assert not former.filter(valid_to__isnull=True).exists()

    hcmc = current.get(level=Level.PROVINCE, code="79")
    assert hcmc.name == "Thành phố Hồ Chí Minh"
    assert hcmc.short_name == "Hồ Chí Minh"
    assert hcmc.unit_type == "thanh_pho_tw"
    assert former.get(level=Level.PROVINCE, code="79").name == "Thành phố Hồ Chí Minh"
    assert current.get(level=Level.PROVINCE, code="01").name == "Thành phố Hà Nội"
    assert current.get(level=Level.PROVINCE, code="04").name == "Tỉnh Cao Bằng"

    saigon = current.get(level=Level.COMMUNE, code="26740")
    assert saigon.name == "Phường Sài Gòn"
    assert saigon.parent_id == hcmc.pk
    assert saigon.path == f"{hcmc.path}{saigon.pk}/"

    # Paths: every unit's path is its parent's path plus its own key.
    units = {u.pk: u for u in AdminUnit.objects.only("id", "parent_id", "path")}
    for unit in units.values():
        expected = f"{units[unit.parent_id].path if unit.parent_id else '/'}{unit.pk}/"
        assert unit.path == expected

    # Successions: the former Bến Nghé ward (26740) passed wholly into Phường Sài Gòn.
    assert UnitSuccession.objects.filter(
        predecessor__generation=Generation.FORMER, successor=saigon, predecessor__code="26740"
    ).exists()
    assert UnitSuccession.objects.filter(successor=hcmc, predecessor__code="77").exists()  # Bà Rịa - Vũng Tàu
    partial = UnitSuccession.objects.filter(is_partial=True)
    assert partial.exists()
    # A divided former commune is linked to every successor, never to just one.
    divided = partial.first()
    assert divided is not None
    assert UnitSuccession.objects.filter(predecessor=divided.predecessor).count() >= 2
    assert not UnitSuccession.objects.filter(predecessor__generation=Generation.CURRENT).exists()
    # Every former commune has at least one successor.
    assert not (former.filter(level=Level.COMMUNE).exclude(successions__isnull=False).exists())

    assert AgencyType.objects.filter(code="ubnd", name="Ủy ban nhân dân").exists()
    assert AgencyType.objects.count() >= 20
    assert AuditEvent.objects.filter(action=actions.REFERENCE_LOADED, actor_username="system").count() == 1

    # Second run: nothing created or updated, no audit event.
    counts_before = (AdminUnit.objects.count(), UnitSuccession.objects.count(), AgencyType.objects.count())
    output = _run()
    assert "không có thay đổi" in output
    assert (
        AdminUnit.objects.count(),
        UnitSuccession.objects.count(),
        AgencyType.objects.count(),
    ) == counts_before
    assert AuditEvent.objects.filter(action=actions.REFERENCE_LOADED).count() == 1
