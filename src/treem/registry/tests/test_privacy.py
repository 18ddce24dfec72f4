"""Sensitive data of the register, role by role and place by place (Treem issue #14, ADR 0017).

Children (all in hamlet Khu phố 1 of commune A1, so the village collaborator sees them too):
- "Nguyễn Văn An": personal ID, ethnicity, living with HIV, disability, group 5 (HIV/AIDS);
- "Trần Thị Bình": group 11 (sexually abused) and the sexual-abuse risk;
- "Lê Văn Cường": group 1 (orphan), nothing sensitive.
"""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.urls import reverse
from ninja.testing import TestClient
from python_calamine import CalamineWorkbook

from treem.audit.models import AuditEvent
from treem.registry import selectors, services
from treem.registry.api import router
from treem.registry.models import Child, CircumstanceGroup

pytestmark = pytest.mark.django_db

ID = "079215012345"
HIV_GROUP = "Trẻ em nhiễm HIV/AIDS"
ABUSE_GROUP = "Trẻ em bị xâm hại tình dục"
LISTED = "registry.child.listed_sensitive_group"
VIEWED = "registry.child.viewed_sensitive"
# Who holds what over commune A1 (conftest.World).
MAY_LIST_SENSITIVE = ("worker_a1", "chairman_a1")
MAY_NOT_LIST = ("collaborator_a1", "police_a1", "leader_a", "province_a")
NO_REGISTER = ("agency_a",)
ROLES = MAY_LIST_SENSITIVE + MAY_NOT_LIST + NO_REGISTER


@pytest.fixture
def kids(world: Any, catalogues: None) -> dict[str, Child]:
    actor = world.worker_a1
    start = datetime.date(2020, 1, 1)

    def add(name: str, sex: str, **data: Any) -> Child:
        return services.child_create(
            actor=actor,
            commune=world.a1,
            hamlet=world.hamlet_a1,
            data={"full_name": name, "date_of_birth": "05/06/2015", "sex": sex, **data},
        )

    an = add(
        "Nguyễn Văn An",
        "Nam",
        personal_id=ID,
        ethnicity="01",
        hiv_status="1",
        disability_type="nhin",
        disability_level="nhe",
        address="12 Lê Lai",
    )
    binh = add("Trần Thị Bình", "Nữ")
    cuong = add("Lê Văn Cường", "Nam")
    groups = {g.number: g for g in CircumstanceGroup.objects.all()}
    services.circumstance_add(actor=actor, child=an, group=groups[5], start_date=start)
    services.circumstance_add(actor=actor, child=binh, group=groups[11], start_date=start)
    services.circumstance_add(actor=actor, child=cuong, group=groups[1], start_date=start)
    services.risk_add(actor=actor, child=binh, kind="sexual_abuse", start_date=start)
    return {"an": an, "binh": binh, "cuong": cuong}


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# -- 2. the edit form ---------------------------------------------------------------------------------


def test_edit_form_sends_no_hidden_value_and_keeps_it(world: Any, kids: dict[str, Child], login: Any) -> None:
    an = kids["an"]
    url = reverse("registry:edit", args=[an.pk])
    client = login(world.collaborator_a1)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert ID not in body and "079•••••••45" in body
    assert 'name="hiv_status"' not in body and 'name="disability_type"' not in body
    assert 'name="personal_id"' not in body and 'name="ethnicity"' not in body
    assert "hiv_status" not in response.context["form"].initial
    assert not _events(VIEWED)  # nothing sensitive was shown
    # Saving the fields they see keeps the hidden values; hidden fields slipped into the post are ignored.
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.update(school_name="Tiểu học A", personal_id="", hiv_status="0", disability_type="")
    assert client.post(url, data).status_code == 302
    an.refresh_from_db()
    assert an.school_name == "Tiểu học A" and an.personal_id == ID
    assert an.hiv_status is True and an.disability_type == "nhin" and an.ethnicity_id is not None


def test_edit_form_for_the_worker_shows_and_audits(world: Any, kids: dict[str, Child], login: Any) -> None:
    an = kids["an"]
    body = login(world.worker_a1).get(reverse("registry:edit", args=[an.pk])).content.decode()
    assert ID in body and 'name="hiv_status"' in body
    (event,) = _events(VIEWED)
    assert event.actor_username == "worker_a1" and event.object_id == str(an.pk)
    assert "personal_id" in event.extra["fields"] and "hiv_status" in event.extra["fields"]
    assert event.extra["reason"] == "Mở biểu mẫu sửa hồ sơ"


@pytest.mark.parametrize("username", ["chairman_a1", "police_a1", "leader_a", "province_a", "agency_a"])
def test_edit_form_is_closed_to_readers(
    world: Any, kids: dict[str, Child], login: Any, username: str
) -> None:
    response = login(world.users[username]).get(reverse("registry:edit", args=[kids["an"].pk]))
    assert response.status_code == 404


def test_collaborator_may_fill_in_a_missing_id(world: Any, kids: dict[str, Child], login: Any) -> None:
    cuong = kids["cuong"]
    client = login(world.collaborator_a1)
    response = client.get(reverse("registry:edit", args=[cuong.pk]))
    assert 'name="personal_id"' in response.content.decode()
    assert 'name="hiv_status"' not in response.content.decode()
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    assert client.post(reverse("registry:edit", args=[cuong.pk]), {**data, "personal_id": "079215012346"})
    cuong.refresh_from_db()
    assert cuong.personal_id == "079215012346"


# -- the profile ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_profile_masks_until_revealed(world: Any, kids: dict[str, Child], login: Any, username: str) -> None:
    an = kids["an"]
    client = login(world.users[username])
    response = client.get(reverse("registry:detail", args=[an.pk]))
    if username in NO_REGISTER:
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert ID not in body and HIV_GROUP not in body
    revealed = client.post(reverse("registry:reveal", args=[an.pk]), {"reason": "Kiểm tra"})
    if username in MAY_LIST_SENSITIVE:
        body = revealed.content.decode()
        assert ID in body and HIV_GROUP in body
        assert "<dt>Sống chung với HIV</dt><dd>Có</dd>" in body
        (event,) = _events(VIEWED)
        assert "sensitive_groups" in event.extra["fields"] and "hiv_status" in event.extra["fields"]
    elif username == "police_a1":  # the ID for Đề án 06, nothing about health
        body = revealed.content.decode()
        assert ID in body and HIV_GROUP not in body
        assert "<dt>Sống chung với HIV</dt><dd>•••</dd>" in body
        (event,) = _events(VIEWED)
        assert event.extra["fields"] == ["personal_id", "ethnicity"]
    else:
        assert revealed.status_code == 404 and not _events(VIEWED)


def test_circumstances_and_tracking_pages(world: Any, kids: dict[str, Child], login: Any) -> None:
    an, binh = kids["an"], kids["binh"]
    collaborator = login(world.collaborator_a1)
    body = collaborator.get(reverse("registry:circumstances", args=[an.pk])).content.decode()
    assert HIV_GROUP not in body  # neither the membership nor the choice to add it
    body = collaborator.get(reverse("registry:tracking", args=[binh.pk])).content.decode()
    assert "Có nguy cơ bị xâm hại tình dục" not in body
    assert not _events(VIEWED)
    worker = login(world.worker_a1)
    assert HIV_GROUP in worker.get(reverse("registry:circumstances", args=[an.pk])).content.decode()
    assert "Có nguy cơ bị xâm hại tình dục" in (
        worker.get(reverse("registry:tracking", args=[binh.pk])).content.decode()
    )
    assert [e.extra["fields"] for e in _events(VIEWED)] == [["sensitive_groups"], ["sensitive_groups"]]
    # audited for a child without any sensitive group too, so the trail does not tell who has one
    worker.get(reverse("registry:circumstances", args=[kids["cuong"].pk]))
    assert len(_events(VIEWED)) == 3


# -- 3. lists by a sensitive group, risk or ID ----------------------------------------------------------

FILTERS = [
    ({"group": "5"}, "Nguyễn Văn An", {"group": 5}),
    ({"group": "11"}, "Trần Thị Bình", {"group": 11}),
    ({"risk": "sexual_abuse"}, "Trần Thị Bình", {"risk": "sexual_abuse"}),
]


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize(("query", "name", "what"), FILTERS)
def test_list_by_sensitive_group(
    world: Any, kids: dict[str, Child], login: Any, username: str, query: Any, name: str, what: Any
) -> None:
    response = login(world.users[username]).get(reverse("registry:list"), query)
    if username in NO_REGISTER:
        assert response.status_code == 404
        return
    body = response.content.decode()
    if username in MAY_LIST_SENSITIVE:
        assert response.status_code == 200 and name in body
        (event,) = _events(LISTED)
        assert event.actor_username == username and event.extra == {
            **what,
            "count": 1,
            "place": "trang danh sách",
        }
        assert name not in json.dumps(event.extra, ensure_ascii=False)
    else:
        assert response.status_code == 403 and name not in body
        assert "Bạn không có quyền xem danh sách trẻ em" in body
        assert not _events(LISTED)


@pytest.mark.parametrize("username", ROLES)
def test_api_list_by_sensitive_group(world: Any, kids: dict[str, Child], username: str) -> None:
    api = TestClient(router)
    response = api.get("?group=5", user=world.users[username])
    if username in NO_REGISTER:
        assert response.status_code == 404
    elif username in MAY_LIST_SENSITIVE:
        assert response.status_code == 200
        assert [i["full_name"] for i in response.json()["items"]] == ["Nguyễn Văn An"]
        assert _events(LISTED)[0].extra == {"group": 5, "count": 1, "place": "API"}
    else:
        assert response.status_code == 403 and "Nguyễn Văn An" not in response.content.decode()
        assert "không có quyền" in response.json()["detail"]


def test_any_group_leaves_sensitive_groups_out_without_the_right(world: Any, kids: dict[str, Child]) -> None:
    def names(user: Any) -> set[str]:
        qs = selectors.child_list(user=user, filters=selectors.ChildFilters(group=0))
        return {c.full_name for c in qs}

    everyone = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert names(world.worker_a1) == names(world.chairman_a1) == everyone
    for username in MAY_NOT_LIST:
        assert names(world.users[username]) == {"Lê Văn Cường"}, username
    # and the selector alone (as the cases' intake search uses it) finds nobody by a sensitive group
    assert not selectors.child_list(user=world.leader_a, filters=selectors.ChildFilters(group=5)).exists()


@pytest.mark.parametrize("username", ROLES)
def test_search_by_personal_id(world: Any, kids: dict[str, Child], login: Any, username: str) -> None:
    response = login(world.users[username]).get(reverse("registry:list"), {"q": "079 215 012 345"})
    if username in NO_REGISTER:
        assert response.status_code == 404
    elif username in ("worker_a1", "chairman_a1", "police_a1"):
        assert response.status_code == 200 and "Nguyễn Văn An" in response.content.decode()
        (event,) = _events("registry.child.searched_personal_id")
        assert event.extra == {"personal_id_search": True, "count": 1, "place": "trang danh sách"}
        assert ID not in json.dumps(event.extra)
    else:
        assert response.status_code == 403 and "Nguyễn Văn An" not in response.content.decode()


@pytest.mark.parametrize("username", ROLES)
def test_special_circumstances_list_and_xlsx(
    world: Any, kids: dict[str, Child], login: Any, username: str
) -> None:
    client = login(world.users[username])
    response = client.get(reverse("registry:special_list"))
    if username in NO_REGISTER:
        assert response.status_code == 404
        return
    body = response.content.decode()
    sheet = str(
        CalamineWorkbook.from_filelike(
            io.BytesIO(client.get(reverse("registry:special_list"), {"format": "xlsx"}).content)
        )
        .get_sheet_by_index(0)
        .to_python()
    )
    assert "Lê Văn Cường" in body and "Lê Văn Cường" in sheet  # group 1 is not sensitive
    assert f"{HIV_GROUP} — 1 trẻ em" in body and f"{ABUSE_GROUP} — 1 trẻ em" in body  # counts stay
    if username in MAY_LIST_SENSITIVE:
        assert "Nguyễn Văn An" in body and "Trần Thị Bình" in body and "Nguyễn Văn An" in sheet
        page, xlsx = _events(LISTED)
        assert page.extra == {
            "groups": {"5": 1, "11": 1},
            "count": 2,
            "place": "danh sách hoàn cảnh đặc biệt",
        }
        assert xlsx.extra["place"] == "danh sách hoàn cảnh đặc biệt (xlsx)"
    else:
        for name in ("Nguyễn Văn An", "Trần Thị Bình"):
            assert name not in body and name not in sheet
        assert "1 trẻ em thuộc nhóm nhạy cảm" in body and "1 trẻ em thuộc nhóm nhạy cảm" in sheet
        assert not _events(LISTED)


def test_exports(world: Any, kids: dict[str, Child], login: Any) -> None:
    url = reverse("registry:export")
    province = login(world.province_a)
    refused = province.get(url, {"group": "5", "format": "csv"})
    assert refused.status_code == 403 and "Nguyễn Văn An" not in refused.content.decode()
    body = province.get(url, {"format": "csv"}).content.decode()
    assert "Nhiễm HIV" not in body and "Dạng khuyết tật" not in body and ID not in body
    worker = login(world.worker_a1)
    body = worker.get(url, {"group": "5", "format": "csv", "q": "nguyen"}).content.decode()
    assert "Nguyễn Văn An" in body and "Nhiễm HIV" in body and ID in body
    (event,) = _events(LISTED)
    assert event.extra == {"group": 5, "count": 1, "place": "xuất tệp csv"}
    exported = AuditEvent.objects.filter(action="registry.child.exported").latest("id")
    assert exported.extra["filters"]["q"] == "***"  # the searched name is not kept


# -- API reveal and write -------------------------------------------------------------------------------


def test_api_reveal_and_patch(world: Any, kids: dict[str, Child]) -> None:
    api = TestClient(router)
    an = kids["an"]
    police = api.get(f"/{an.pk}?reveal=true", user=world.police_a1).json()
    assert police["personal_id"] == ID and police["hiv_status"] is None and police["disability_type"] is None
    worker = api.get(f"/{an.pk}?reveal=true", user=world.worker_a1).json()
    assert worker["hiv_status"] is True and worker["disability_type"] == "nhin"
    assert api.get(f"/{an.pk}?reveal=true", user=world.leader_a).json()["personal_id"] is None
    assert len(_events(VIEWED)) == 2
    collaborator = world.collaborator_a1
    refused = api.patch(f"/{an.pk}", json={"version": an.version, "hiv_status": False}, user=collaborator)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "hiv_status"
    ok = api.patch(f"/{an.pk}", json={"version": an.version, "address": "14 Lê Lai"}, user=collaborator)
    assert ok.status_code == 200
    an.refresh_from_db()
    assert an.hiv_status is True and an.address == "14 Lê Lai"


# -- 9. no personal data in URLs or logs ----------------------------------------------------------------


def _many(world: Any, n: int = 3) -> None:
    for i in range(n):
        services.child_create(
            actor=world.worker_a1,
            commune=world.a1,
            data={
                "full_name": f"Nguyễn Văn Khang {chr(65 + i)}",
                "date_of_birth": "05/06/2015",
                "sex": "Nam",
            },
        )


def test_page_cursor_is_opaque_and_checked(
    world: Any, catalogues: None, login: Any, monkeypatch: Any
) -> None:
    monkeypatch.setitem(selectors.child_page.__kwdefaults__, "limit", 1)  # one child a page
    _many(world)
    client = login(world.worker_a1)
    for query in ({}, {"q": "nguyen van khang"}):
        response = client.get(reverse("registry:list"), query)
        cursor = response.context["page"].next_cursor
        assert cursor and f"sau={cursor.replace(':', '%3A')}" in response.content.decode()
        assert "nguyen" not in cursor and "6e677579656e" not in cursor  # the folded name, hex
        second = client.get(reverse("registry:list"), {**query, "sau": cursor})
        assert second.status_code == 200
        assert second.context["page"].items[0].full_name == "Nguyễn Văn Khang B"
        tampered = client.get(reverse("registry:list"), {**query, "sau": cursor[:-3] + "abc"})
        assert tampered.status_code == 400
        assert "Liên kết sang trang sau không hợp lệ" in tampered.content.decode()
    # someone else's cursor is no cursor
    other = login(world.chairman_a1).get(reverse("registry:list"), {"sau": cursor})
    assert other.status_code == 400


def test_api_cursor_is_opaque_and_checked(world: Any, catalogues: None) -> None:
    _many(world)
    api = TestClient(router)
    page = api.get("?limit=1&q=nguyen%20van%20khang", user=world.worker_a1).json()
    assert page["next"] and "nguyen" not in page["next"]
    following = api.get(f"?limit=1&q=nguyen%20van%20khang&after={page['next']}", user=world.worker_a1)
    assert following.json()["items"][0]["full_name"] == "Nguyễn Văn Khang B"
    tampered = api.get(f"?limit=1&after={page['next'][:-3]}abc", user=world.worker_a1)
    assert tampered.status_code == 400 and "không hợp lệ" in tampered.json()["detail"]


def test_access_log_leaves_the_query_string_out() -> None:
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from treem.cli import ACCESS_LOG_FORMAT

    cfg = Config()
    cfg.set("access_log_format", ACCESS_LOG_FORMAT)
    logger = Logger(cfg)

    class Response:
        status = "200 OK"
        sent = 100
        headers: list[tuple[str, str]] = []
        response_length = 100

    class Request:
        headers: list[tuple[str, str]] = []

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/tre-em/",
        "QUERY_STRING": f"q={ID}",
        "RAW_URI": f"/tre-em/?q={ID}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://localhost/tre-em/?q={ID}",
    }
    line = ACCESS_LOG_FORMAT % logger.atoms(Response(), Request(), environ, datetime.timedelta(seconds=1))
    assert "/tre-em/" in line and ID not in line


@pytest.mark.parametrize("username", ["worker_a1", "leader_a", "province_a", "collaborator_a1", "police_a1"])
def test_duplicate_comparison_hides_sensitive_groups(
    world: Any, kids: dict[str, Child], login: Any, username: str
) -> None:
    from treem.registry import dedup
    from treem.registry.models import DuplicatePair

    twin = services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        hamlet=world.hamlet_a1,
        data={"full_name": "Nguyen Van An", "date_of_birth": "05/06/2015", "sex": "Nam"},
    )
    dedup.find_duplicates(Child.objects.filter(pk__in=[twin.pk, kids["an"].pk]))
    pair = DuplicatePair.objects.get()
    body = login(world.users[username]).get(reverse("registry:duplicate", args=[pair.pk])).content.decode()
    row = body[body.index("Nhóm hoàn cảnh đặc biệt") :].split("</tr>")[0]
    if username == "worker_a1":
        assert ">5<" in row
        reasons = [e.extra["reason"] for e in _events(VIEWED)]  # both records, sensitive or not
        assert reasons == ["So sánh hồ sơ có thể trùng lặp"] * 2
    else:
        assert ">5<" not in row and not _events(VIEWED)
