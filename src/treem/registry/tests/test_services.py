from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.accounts.access import AccessDenied
from treem.audit.models import AuditEvent
from treem.core.errors import ConcurrentEditError
from treem.registry import services
from treem.registry.models import Child

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()  # noqa: DTZ011


def _data(**over: Any) -> dict[str, Any]:
    base = {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "05/06/2015",
        "sex": "Nam",
        "personal_id": "079 215 012345",
        "ethnicity": "01",
    }
    return {**base, **over}


def test_create_normalises_and_audits_without_sensitive_values(world: Any, catalogues: None) -> None:
    child = services.child_create(actor=world.worker_a1, commune=world.a1, data=_data())
    assert child.personal_id == "079215012345"
    assert child.name_folded == "nguyen van an"
    assert child.province == world.a and child.area == world.a1
    event = AuditEvent.objects.get(action="registry.child.created")
    assert event.after["personal_id"] == "***" and "079215012345" not in str(event.after)


def test_every_error_is_reported_at_once(world: Any, catalogues: None) -> None:
    with pytest.raises(services.ChildValidationError) as exc:
        services.child_create(
            actor=world.worker_a1,
            commune=world.a1,
            data=_data(full_name="", date_of_birth="31/02/2015", sex="X", personal_id="12AB", ethnicity="99"),
        )
    fields = {e.field for e in exc.value.errors}
    assert fields == {"full_name", "date_of_birth", "sex", "personal_id", "ethnicity"}
    assert Child.objects.count() == 0


@pytest.mark.parametrize(
    ("pid", "sex", "message"),
    [
        ("079315012345", "Nam", "giới tính"),  # digit 4 = 3 means female
        ("079216012345", "Nam", "năm sinh"),  # digits 5-6 = 16, born 2015
        ("003215012345", "Nam", "mã tỉnh"),  # 003 is not a province code
        ("079115012345", "Nam", "thế kỷ"),  # digit 4 = 1 is 20th century
    ],
)
def test_personal_id_rules(world: Any, catalogues: None, pid: str, sex: str, message: str) -> None:
    with pytest.raises(services.ChildValidationError) as exc:
        services.child_create(actor=world.worker_a1, commune=world.a1, data=_data(personal_id=pid, sex=sex))
    assert message in exc.value.errors[0].message


def test_id_held_by_another_child_and_adults_and_future(world: Any, catalogues: None) -> None:
    services.child_create(actor=world.worker_a1, commune=world.a1, data=_data())
    with pytest.raises(services.ChildValidationError, match="1 lỗi") as exc:
        services.child_create(actor=world.worker_a1, commune=world.a1, data=_data(full_name="Trần Văn Bình"))
    assert "trẻ em khác" in exc.value.errors[0].message
    adult = f"01/01/{TODAY.year - 19}"
    with pytest.raises(services.ChildValidationError) as exc:
        services.child_create(
            actor=world.worker_a1, commune=world.a1, data=_data(personal_id="", date_of_birth=adult)
        )
    assert "đủ 18 tuổi" in exc.value.errors[0].message
    future = f"01/01/{TODAY.year + 1}"
    with pytest.raises(services.ChildValidationError):
        services.child_create(
            actor=world.worker_a1, commune=world.a1, data=_data(personal_id="", date_of_birth=future)
        )


def test_out_of_scope_and_foreign_hamlet(world: Any, catalogues: None) -> None:
    with pytest.raises(AccessDenied):
        services.child_create(actor=world.worker_a1, commune=world.a2, data=_data())
    with pytest.raises(AccessDenied):
        services.child_create(actor=world.worker_a2, commune=world.a1, data=_data())
    # a hamlet outside the commune is a validation error, even for a user who may edit both
    from treem.accounts.access import system_actor

    root = system_actor(world.nation)
    with pytest.raises(services.ChildValidationError, match="1 lỗi") as exc:
        services.child_create(actor=root, commune=world.a2, hamlet=world.hamlet_a1, data=_data())
    assert "không thuộc" in exc.value.errors[0].message


def test_concurrent_edit_is_refused_with_the_changed_fields(world: Any, catalogues: None) -> None:
    child = services.child_create(actor=world.worker_a1, commune=world.a1, data=_data())
    opened = Child.objects.get(pk=child.pk)
    services.child_update(
        actor=world.worker_a1, child=child, data={"address": "12 Lê Lai"}, expected_version=1
    )
    with pytest.raises(ConcurrentEditError, match=r"Địa chỉ|address"):
        services.child_update(
            actor=world.worker_a1, child=opened, data={"school_name": "Tiểu học A"}, expected_version=1
        )
    assert Child.objects.get(pk=child.pk).school_name == ""


def test_move_hands_the_record_to_the_new_commune(world: Any, catalogues: None) -> None:
    child = services.child_create(actor=world.worker_a1, commune=world.a1, data=_data())
    services.child_move(actor=world.worker_a1, child=child, to_commune=world.b1, date=TODAY)
    child.refresh_from_db()
    assert child.commune == world.b1 and child.province == world.b and child.moves.count() == 1
    with pytest.raises(AccessDenied):
        services.child_update(actor=world.worker_a1, child=child, data={}, expected_version=child.version)
    services.child_update(
        actor=world.worker_b1, child=child, data={"address": "Ba Đình"}, expected_version=child.version
    )


def test_support_and_reveal_are_audited(world: Any, catalogues: None) -> None:
    child = services.child_create(actor=world.worker_a1, commune=world.a1, data=_data())
    services.support_record(
        actor=world.worker_a1, child=child, kind="gift", date=TODAY, amount=500_000, source="budget"
    )
    revealed = services.child_reveal_sensitive(actor=world.worker_a1, child=child)
    assert revealed["personal_id"] == "079215012345"
    assert AuditEvent.objects.filter(action="registry.child.viewed_sensitive").count() == 1
    with pytest.raises(AccessDenied):  # the leader may list children but not reveal
        services.child_reveal_sensitive(actor=world.leader_a, child=child)


def test_load_reference_loads_the_catalogues(db: Any) -> None:
    from treem.registry.models import CircumstanceGroup, Ethnicity
    from treem.registry.reference import load_circumstances, load_ethnicities

    assert load_ethnicities()["created"] == 54
    assert load_circumstances()["created"] == 14 + 8
    assert load_ethnicities() == {"created": 0, "updated": 0, "unchanged": 54}
    assert Ethnicity.objects.get(code="01").name == "Kinh"
    assert CircumstanceGroup.objects.get(number=5).clause == "đ"
