"""Hamlets: services (create, update, CSV import all-or-nothing), jurisdiction and pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.accounts.access import AccessDenied
from treem.audit import actions
from treem.audit.models import AuditEvent
from treem.geo.models import AdminUnit, Level
from treem.geo.services import hamlet_create, hamlet_type_from_text, hamlet_update, hamlets_import_csv

pytestmark = pytest.mark.django_db


def _hamlets(commune: Any) -> list[str]:
    return list(
        AdminUnit.objects.filter(parent=commune, level=Level.HAMLET)
        .order_by("code")
        .values_list("name", flat=True)
    )


def test_hamlet_create_code_path_audit(world: Any) -> None:
    hamlet = hamlet_create(
        actor=world.worker_a1, commune=world.a1, name="  Tổ dân phố   3 ", unit_type="to_dan_pho"
    )
    assert hamlet.name == "Tổ dân phố 3"
    assert hamlet.code == "26740-001"
    assert hamlet.level == Level.HAMLET
    assert hamlet.parent == world.a1
    assert hamlet.path == f"{world.a1.path}{hamlet.pk}/"
    second = hamlet_create(actor=world.worker_a1, commune=world.a1, name="Khu phố 2", unit_type="khu_pho")
    assert second.code == "26740-002"
    event = AuditEvent.objects.get(action=actions.HAMLET_CREATED, object_id=str(hamlet.pk))
    assert event.actor_username == "worker_a1"
    assert event.after["code"] == "26740-001"


def test_hamlet_create_rejects_duplicate_and_bad_type(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        hamlet_create(actor=world.worker_a1, commune=world.a1, name="khu pho 1", unit_type="khu_pho")
    assert "đã có" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        hamlet_create(actor=world.worker_a1, commune=world.a1, name="Thôn Mới", unit_type="xa")
    assert "Loại không hợp lệ" in str(exc.value)
    with pytest.raises(ValidationError):
        hamlet_create(actor=world.worker_a1, commune=world.a1, name="   ", unit_type="thon")


def test_hamlet_outside_jurisdiction_is_404(world: Any) -> None:
    with pytest.raises(AccessDenied):
        hamlet_create(actor=world.worker_a1, commune=world.a2, name="Thôn Lạ", unit_type="thon")
    with pytest.raises(AccessDenied):  # may view but not manage
        hamlet_create(actor=world.chairman_a1, commune=world.a1, name="Thôn Lạ", unit_type="thon")
    with pytest.raises(AccessDenied):
        hamlet_update(actor=world.worker_a2, hamlet=world.hamlet_a1, name="Khu phố Một", unit_type="khu_pho")
    with pytest.raises(AccessDenied):
        hamlets_import_csv(actor=world.worker_b1, commune=world.a1, file=b"ten,loai\nThon A,thon\n")
    # The province officer manages hamlets of every commune of the province.
    assert (
        hamlet_create(actor=world.province_a, commune=world.a2, name="Ấp 1", unit_type="ap").code
        == "26968-001"
    )


def test_hamlet_update(world: Any) -> None:
    hamlet = hamlet_update(
        actor=world.worker_a1, hamlet=world.hamlet_a1, name="Khu phố Một", unit_type="to_dan_pho"
    )
    hamlet.refresh_from_db()
    assert (hamlet.name, hamlet.unit_type, hamlet.code) == ("Khu phố Một", "to_dan_pho", "26740-KP1")
    event = AuditEvent.objects.get(action=actions.HAMLET_UPDATED)
    assert event.before == {"name": "Khu phố 1", "unit_type": "khu_pho"}
    other = hamlet_create(actor=world.worker_a1, commune=world.a1, name="Tổ 7", unit_type="to_dan_pho")
    with pytest.raises(ValidationError):
        hamlet_update(actor=world.worker_a1, hamlet=other, name="khu pho mot", unit_type="to_dan_pho")


def test_hamlet_type_from_text() -> None:
    assert hamlet_type_from_text("Thôn") == "thon"
    assert hamlet_type_from_text("tổ dân phố") == "to_dan_pho"
    assert hamlet_type_from_text("To dan pho") == "to_dan_pho"
    assert hamlet_type_from_text("khu_pho") == "khu_pho"
    assert hamlet_type_from_text("Bản") == "ban"
    assert hamlet_type_from_text("xóm") == "khac"
    assert hamlet_type_from_text("phường") is None
    assert hamlet_type_from_text("") is None


def test_import_csv_with_bom(world: Any) -> None:
    data = "ten,loai\nThôn Đông,thôn\nẤp Bình Minh,Ấp\n\nTổ dân phố 5,tổ dân phố\n".encode("utf-8-sig")
    created = hamlets_import_csv(actor=world.worker_a1, commune=world.a1, file=data)
    assert [h.code for h in created] == ["26740-001", "26740-002", "26740-003"]
    assert _hamlets(world.a1) == ["Thôn Đông", "Ấp Bình Minh", "Tổ dân phố 5", "Khu phố 1"]
    event = AuditEvent.objects.get(action=actions.HAMLETS_IMPORTED)
    assert event.after["count"] == 3
    assert event.unit_id == world.a1.pk


def test_import_csv_bad_rows_write_nothing(world: Any) -> None:
    data = (
        "ten,loai\n"
        "Thôn Đông,thôn\n"  # 2: fine
        ",thôn\n"  # 3: empty name
        "Thôn Tây,phường\n"  # 4: unknown type
        "thôn đông,thôn\n"  # 5: duplicate of line 2
        "Khu phố 1,khu phố\n"  # 6: already in the commune
    ).encode()
    with pytest.raises(ValidationError) as exc:
        hamlets_import_csv(actor=world.worker_a1, commune=world.a1, file=SimpleUploadedFile("t.csv", data))
    messages = exc.value.messages
    assert len(messages) == 4
    assert messages[0].startswith("Dòng 3:") and "chưa có tên" in messages[0]
    assert messages[1].startswith("Dòng 4:") and "loại “phường” không hợp lệ" in messages[1]
    assert messages[2].startswith("Dòng 5:") and "trùng với dòng 2" in messages[2]
    assert messages[3].startswith("Dòng 6:") and "đã có trong Phường Sài Gòn" in messages[3]
    assert _hamlets(world.a1) == ["Khu phố 1"]
    assert not AuditEvent.objects.filter(action=actions.HAMLETS_IMPORTED).exists()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("ten,loai\nThôn 1\x00,thôn\n".encode(), "ký tự NUL"),  # was a DataError from PostgreSQL: 500
        (("ten,loai\n" + "x" * 200_000 + ",thôn\n").encode(), "ô quá dài"),  # was csv.Error: 500
        (b'ten,loai\n"Th\xc3\xb4n 1,th\xc3\xb4n\n' + b"x" * 140_000, "ô quá dài"),  # a quote left open
    ],
)
def test_import_csv_that_is_no_text_csv_is_refused_in_words(world: Any, data: bytes, words: str) -> None:
    with pytest.raises(ValidationError) as exc:
        hamlets_import_csv(actor=world.worker_a1, commune=world.a1, file=data)
    assert words in exc.value.messages[0]
    assert _hamlets(world.a1) == ["Khu phố 1"]


def test_import_csv_bad_file(world: Any) -> None:
    with pytest.raises(ValidationError, match="tiêu đề"):
        hamlets_import_csv(actor=world.worker_a1, commune=world.a1, file=b"name,type\nA,thon\n")
    with pytest.raises(ValidationError, match="UTF-8"):
        hamlets_import_csv(
            actor=world.worker_a1, commune=world.a1, file="ten,loai\nThôn Đông,thôn\n".encode("cp1258")
        )
    with pytest.raises(ValidationError, match="không có dòng"):
        hamlets_import_csv(actor=world.worker_a1, commune=world.a1, file=b"ten,loai\n")
    with pytest.raises(ValidationError):  # hamlets live in communes only
        hamlets_import_csv(actor=world.province_a, commune=world.a, file=b"ten,loai\nThon A,thon\n")


def test_hamlet_pages(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    url = reverse("geo:hamlets", args=[world.a1.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Khu phố 1" in response.content.decode()
    assert "Nhập từ tệp CSV" in response.content.decode()

    response = client.post(url, {"action": "create", "hamlet-name": "Thôn Mới", "hamlet-unit_type": "thon"})
    assert response.status_code == 302
    assert "Thôn Mới" in _hamlets(world.a1)

    response = client.post(url, {"action": "create", "hamlet-name": "", "hamlet-unit_type": "thon"})
    assert response.status_code == 400
    assert "Vui lòng nhập tên thôn, tổ dân phố." in response.content.decode()

    upload = SimpleUploadedFile("thon.csv", b"ten,loai\nThon A,thon\n,thon\n", content_type="text/csv")
    response = client.post(url, {"action": "import", "import-file": upload})
    assert response.status_code == 400
    assert "Dòng 3: chưa có tên." in response.content.decode()
    assert "Thon A" not in _hamlets(world.a1)

    upload = SimpleUploadedFile("thon.csv", "ten,loai\nThôn A,thôn\n".encode(), content_type="text/csv")
    assert client.post(url, {"action": "import", "import-file": upload}).status_code == 302
    assert "Thôn A" in _hamlets(world.a1)

    edit = reverse("geo:hamlet_edit", args=[world.hamlet_a1.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"name": "Khu phố Một", "unit_type": "khu_pho"}).status_code == 302
    world.hamlet_a1.refresh_from_db()
    assert world.hamlet_a1.name == "Khu phố Một"

    # Another commune's pages answer 404, like a missing one.
    assert client.get(reverse("geo:hamlets", args=[world.a2.pk])).status_code == 404
    assert client.post(reverse("geo:hamlets", args=[world.a2.pk]), {"hamlet-name": "X"}).status_code == 404
    other = hamlet_create(actor=world.worker_a2, commune=world.a2, name="Thôn B", unit_type="thon")
    assert client.get(reverse("geo:hamlet_edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("geo:hamlets", args=[999999])).status_code == 404


def test_hamlet_page_read_only_without_permission(world: Any, login: Any) -> None:
    client = login(world.chairman_a1)
    url = reverse("geo:hamlets", args=[world.a1.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Thêm thôn, tổ dân phố" not in response.content.decode()
    assert client.post(url, {"hamlet-name": "Thôn X", "hamlet-unit_type": "thon"}).status_code == 404
    assert client.get(reverse("geo:hamlet_edit", args=[world.hamlet_a1.pk])).status_code == 404


def test_import_csv_names_the_former_commune(world: Any) -> None:
    """Optional column xa_cu (ADR 0024): a former ward the commune took over — Phường 2 (26965) for Tân Sơn
    Nhất —, never another (26740 is the current Phường Sài Gòn's code, no predecessor of it)."""
    from django.core.exceptions import ValidationError

    data = "ten,loai,xa_cu\nKhu phố 5,khu phố,26965\nKhu phố 6,khu phố,\n".encode()
    five, six = hamlets_import_csv(actor=world.worker_a2, commune=world.a2, file=data)
    assert five.former_commune == world.former_wards[0] and six.former_commune is None
    five.refresh_from_db()
    assert five.former_commune == world.former_wards[0]
    with pytest.raises(ValidationError, match="mã xã cũ “26740” không phải xã, phường cũ hợp thành"):
        hamlets_import_csv(
            actor=world.worker_a2, commune=world.a2, file=b"ten,loai,xa_cu\nKhu pho 7,khu pho,26740\n"
        )
