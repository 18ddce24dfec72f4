"""Agencies: the catalogue-driven create service and the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from treem.accounts.access import AccessDenied
from treem.audit import actions
from treem.audit.models import AuditEvent
from treem.geo.models import Agency, AgencyType
from treem.geo.services import agency_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db: Any) -> dict[str, AgencyType]:
    rows = [
        AgencyType(code="ubnd", name="Ủy ban nhân dân", sector="government", levels="province,commune"),
        AgencyType(code="so_y_te", name="Sở Y tế", sector="health", levels="province"),
        AgencyType(code="tram_y_te", name="Trạm Y tế xã", sector="health", levels="commune"),
    ]
    return {t.code: t for t in AgencyType.objects.bulk_create(rows)}


def test_agency_create_from_type(world: Any, catalogue: dict[str, AgencyType]) -> None:
    agency = agency_create(actor=world.worker_a1, unit=world.a1, agency_type=catalogue["ubnd"])
    assert agency.name == "Ủy ban nhân dân Phường Sài Gòn"
    event = AuditEvent.objects.get(action=actions.AGENCY_CREATED)
    assert event.unit_id == world.a1.pk
    assert event.after["agency_type"] == "ubnd"
    free = agency_create(
        actor=world.worker_a1, unit=world.a1, name="Trường Tiểu học Kết Đoàn", short_name="TH KĐ"
    )
    assert free.agency_type is None


def test_agency_create_validation(world: Any, catalogue: dict[str, AgencyType]) -> None:
    with pytest.raises(ValidationError, match="không có ở cấp"):
        agency_create(actor=world.worker_a1, unit=world.a1, agency_type=catalogue["so_y_te"])
    with pytest.raises(ValidationError, match="đã có cơ quan"):
        agency_create(actor=world.worker_a1, unit=world.a1, name="công an phường sài gòn")
    with pytest.raises(ValidationError):
        agency_create(actor=world.worker_a1, unit=world.a1)


def test_agency_create_jurisdiction(world: Any, catalogue: dict[str, AgencyType]) -> None:
    with pytest.raises(AccessDenied):
        agency_create(actor=world.worker_a1, unit=world.a2, name="Trạm Y tế Phường Tân Sơn Nhất")
    with pytest.raises(AccessDenied):  # agency officers view but do not manage agencies
        agency_create(actor=world.agency_a, unit=world.a, name="Sở Tư pháp")
    agency = agency_create(
        actor=world.province_a, unit=world.a, agency_type=catalogue["so_y_te"], name="Sở Y tế TP.HCM"
    )
    assert agency.unit == world.a


def test_agency_page(world: Any, login: Any, catalogue: dict[str, AgencyType]) -> None:
    client = login(world.worker_a1)
    url = reverse("geo:agencies", args=[world.a1.pk])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Công an Phường Sài Gòn" in body
    assert "Trạm Y tế xã</option>" in body and "Sở Y tế</option>" not in body  # commune-level types only
    response = client.post(url, {"agency_type": catalogue["tram_y_te"].pk, "name": ""})
    assert response.status_code == 302
    assert Agency.objects.filter(unit=world.a1, name="Trạm Y tế xã Phường Sài Gòn").exists()
    response = client.post(url, {"agency_type": "", "name": ""})
    assert response.status_code == 400
    assert "Chọn loại cơ quan trong danh mục hoặc nhập tên cơ quan." in response.content.decode()
    assert client.get(reverse("geo:agencies", args=[world.a2.pk])).status_code == 404

    viewer = login(world.chairman_a1)
    response = viewer.get(url)
    assert response.status_code == 200
    assert "Thêm cơ quan, đơn vị" not in response.content.decode()
    assert viewer.post(url, {"name": "Cơ quan X"}).status_code == 404
