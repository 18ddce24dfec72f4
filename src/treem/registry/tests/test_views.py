from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.registry import services
from treem.registry.models import Child

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()  # noqa: DTZ011


def _child(world: Any, **over: Any) -> Child:
    data = {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "05/06/2015",
        "sex": "Nam",
        "personal_id": "079215012345",
    }
    return services.child_create(actor=world.worker_a1, commune=world.a1, data={**data, **over})


def test_create_with_errors_shows_messages_and_writes_nothing(
    world: Any, catalogues: None, login: Any
) -> None:
    client = login(world.worker_a1)
    response = client.get(reverse("registry:create"))
    assert response.status_code == 200 and "Phường Sài Gòn" in response.content.decode()
    response = client.post(
        reverse("registry:create"),
        {"full_name": "", "date_of_birth": "31/02/2015", "sex": "M", "personal_id": "12AB"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Họ và tên không được để trống." in body
    assert "không phải ngày hợp lệ" in body
    assert "Số định danh cá nhân chỉ gồm chữ số" in body
    assert Child.objects.count() == 0
    response = client.post(
        reverse("registry:create"),
        {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "05/06/2015",
            "sex": "M",
            "personal_id": "079215012345",
            "hamlet": str(world.hamlet_a1.pk),
        },
    )
    child = Child.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registry:detail", args=[child.pk])
    assert child.hamlet == world.hamlet_a1


def test_a_date_typed_on_a_phone_is_read_day_first(world: Any, catalogues: None, login: Any) -> None:
    """A phone's number pad has no "/": 05062015 is 05/06/2015, and so are 05-06-2015 and 05.06.15."""
    client = login(world.worker_a1)
    for i, typed in enumerate(("05062015", "05-06-2015", "05.06.15")):
        response = client.post(
            reverse("registry:create"),
            {"full_name": f"Nguyễn Văn {'ABC'[i]}", "date_of_birth": typed, "sex": "M"},
        )
        assert response.status_code == 302, typed
    assert {c.date_of_birth for c in Child.objects.all()} == {datetime.date(2015, 6, 5)}


def test_list_masks_ids_and_keeps_queries_bounded(
    world: Any, catalogues: None, login: Any, django_assert_max_num_queries: Any
) -> None:
    for i, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")):
        _child(world, full_name=name, personal_id=f"07921501234{i}")
    client = login(world.worker_a1)
    client.get(reverse("registry:list"))  # warm the session/permission caches
    with django_assert_max_num_queries(20):
        response = client.get(reverse("registry:list"), {"q": "nguyen van an"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in body and "Trần Thị Bình" not in body
    assert "079•••••••40" in body and "079215012340" not in body


def test_detail_masks_until_revealed_and_reveal_is_audited(world: Any, catalogues: None, login: Any) -> None:
    child = _child(world, ethnicity="01")
    client = login(world.worker_a1)
    body = client.get(reverse("registry:detail", args=[child.pk])).content.decode()
    assert "079215012345" not in body and "079•••••••45" in body
    assert client.get(reverse("registry:reveal", args=[child.pk])).status_code == 405
    response = client.post(reverse("registry:reveal", args=[child.pk]), {"reason": "Xác minh"})
    body = response.content.decode()
    assert response.status_code == 200 and "079215012345" in body and "Kinh" in body
    event = AuditEvent.objects.get(action="registry.child.viewed_sensitive")
    assert event.ip == "127.0.0.1" and event.extra["reason"] == "Xác minh"
    # the leader may view the profile but not reveal
    leader = login(world.leader_a)
    assert leader.get(reverse("registry:detail", args=[child.pk])).status_code == 200
    assert leader.post(reverse("registry:reveal", args=[child.pk])).status_code == 404


def test_edit_conflict_saves_nothing(world: Any, catalogues: None, login: Any) -> None:
    child = _child(world)
    client = login(world.worker_a1)
    form = client.get(reverse("registry:edit", args=[child.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    services.child_update(
        actor=world.worker_a1, child=child, data={"address": "12 Lê Lai"}, expected_version=1
    )
    response = client.post(reverse("registry:edit", args=[child.pk]), {**data, "school_name": "Tiểu học A"})
    assert response.status_code == 409
    assert "Hồ sơ đã được người khác cập nhật" in response.content.decode()
    child.refresh_from_db()
    assert child.school_name == "" and child.version == 2
    data["version"] = 2
    data["address"] = "12 Lê Lai"
    response = client.post(reverse("registry:edit", args=[child.pk]), {**data, "school_name": "Tiểu học A"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.school_name == "Tiểu học A" and child.version == 3


def test_support_amounts(world: Any, catalogues: None, login: Any) -> None:
    child = _child(world)
    client = login(world.worker_a1)
    url = reverse("registry:support", args=[child.pk])
    base = {"kind": "gift", "date": TODAY.strftime("%d/%m/%Y"), "source": "budget"}
    for bad, message in (("1.500,5", "phần thập phân"), ("-5000", "không được âm"), ("abc", "không hợp lệ")):
        response = client.post(url, {**base, "amount": bad})
        assert response.status_code == 400 and message in response.content.decode(), bad
    assert not child.supports.exists()
    response = client.post(url, {**base, "amount": "1.500.000", "provider_name": "Hội Chữ thập đỏ"})
    assert response.status_code == 302
    assert child.supports.get().amount == 1_500_000
    body = client.get(reverse("registry:detail", args=[child.pk])).content.decode()
    assert "1.500.000 đồng" in body


def test_move_hands_over(world: Any, catalogues: None, login: Any) -> None:
    child = _child(world)
    client = login(world.worker_a1)
    url = reverse("registry:move", args=[child.pk])
    body = client.get(url, {"tim": "ba dinh"}).content.decode()
    assert "Phường Ba Đình" in body
    response = client.post(url, {"to_commune": world.b1.pk, "date": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 302 and response["Location"] == reverse("registry:list")
    child.refresh_from_db()
    assert child.commune == world.b1
    assert client.get(reverse("registry:detail", args=[child.pk])).status_code == 404
    assert login(world.worker_b1).get(reverse("registry:detail", args=[child.pk])).status_code == 200


def test_circumstances_and_tracking(world: Any, catalogues: None, login: Any) -> None:
    child = _child(world)
    client = login(world.worker_a1)
    from treem.registry.models import CircumstanceGroup

    group = CircumstanceGroup.objects.get(number=1)
    url = reverse("registry:circumstances", args=[child.pk])
    response = client.post(
        url, {"action": "add", "add-group": group.pk, "add-start_date": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    item = child.circumstances.get()
    response = client.post(
        url, {"action": "end", "end-item_id": item.pk, "end-end_date": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    tracking = reverse("registry:tracking", args=[child.pk])
    response = client.post(
        tracking, {"action": "risk", "risk-kind": "violence", "risk-start_date": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302 and child.risks.count() == 1
    response = client.post(
        tracking,
        {
            "action": "injury",
            "injury-kind": "fall",
            "injury-date": "01/01/2010",
            "injury-outcome": "recovered",
        },
    )
    assert response.status_code == 400 and "từ ngày sinh đến hôm nay" in response.content.decode()
    guardians = reverse("registry:guardians", args=[child.pk])
    response = client.post(guardians, {"relationship": "mother", "full_name": "", "phone": "12"})
    body = response.content.decode()
    assert response.status_code == 400 and "không được để trống" in body and "Số điện thoại" in body
    # The household: a relation without a head is refused; then the head and relation are saved, and a
    # sibling entered with the same head and address (accents aside) shares the household.
    page = client.get(guardians).content.decode()
    assert page.count("<h2>Hộ gia đình</h2>") == 1 and "<title>Người giám hộ · " in page
    response = client.post(guardians, {"action": "household", "hh-relation_to_head": "Con"})
    assert response.status_code == 400 and "Chưa nhập họ và tên chủ hộ." in response.content.decode()
    household = {"action": "household", "hh-head_name": "Lê Văn Hộ", "hh-address": "12 Lê Lợi"}
    response = client.post(
        guardians, {**household, "hh-relation_to_head": "Con", "hh-poverty_status": "poor"}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.household.head_name == "Lê Văn Hộ" and child.household.poverty_status == "poor"
    assert child.relation_to_head == "Con"
    assert (
        "Chủ hộ Lê Văn Hộ (Con) · Hộ nghèo"
        in client.get(reverse("registry:detail", args=[child.pk])).content.decode()
    )
    from treem.registry import services

    sibling = services.household_for(child.commune, "le van ho", "12 LE LOI")
    assert sibling is not None and sibling.pk == child.household_id


def test_a_scope_of_many_communes_filters_by_province_first(
    world: Any, catalogues: None, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader of several provinces (the hotline's central assignment, a nation-wide reader) would get a
    <select> of thousands of communes; above ``MANY_COMMUNES`` the list asks for the province first, and
    the province filters the children too."""
    from treem.accounts.models import Role
    from treem.accounts.services import assignment_create
    from treem.registry import selectors

    _child(world, full_name="Nguyễn Văn An")
    services.child_create(
        actor=world.worker_b1,
        commune=world.b1,
        data={"full_name": "Nguyễn Văn Ánh", "date_of_birth": "05/06/2015", "sex": "Nam"},
    )
    reader = world.province_a
    assignment_create(
        actor=None,
        user=reader,
        unit=world.b,
        role=Role.objects.get(code="province_officer"),
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    client = login(reader)
    url = reverse("registry:list")

    # Few communes: one <select> of all of them, no province filter.
    body = client.get(url).content.decode()
    assert 'name="tinh"' not in body and world.a1.name in body and world.b1.name in body

    monkeypatch.setattr(selectors, "MANY_COMMUNES", 3)
    body = client.get(url, {"q": "nguyen van an"}).content.decode()
    assert 'name="tinh"' in body and world.a.name in body and world.b.name in body
    assert f'<option value="{world.a1.pk}"' not in body and "Chọn tỉnh, thành phố" in body
    assert "Nguyễn Văn An" in body and "Nguyễn Văn Ánh" in body

    body = client.get(url, {"q": "nguyen van an", "tinh": world.b.pk}).content.decode()
    assert f'<option value="{world.b1.pk}"' in body and f'<option value="{world.a1.pk}"' not in body
    assert "Nguyễn Văn Ánh" in body and "Nguyễn Văn An<" not in body

    # A chosen commune brings its province's communes; a province outside the scope offers none.
    body = client.get(url, {"commune": world.a2.pk}).content.decode()
    assert f'<option value="{world.a1.pk}"' in body and f'<option value="{world.b1.pk}"' not in body
    outside = world.nation.pk
    body = client.get(url, {"tinh": outside}).content.decode()
    assert f'<option value="{world.a1.pk}"' not in body and f'<option value="{world.b1.pk}"' not in body
