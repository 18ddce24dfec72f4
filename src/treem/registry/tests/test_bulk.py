"""The bulk write of the import (treem.registry.bulk): same derived fields as the services, upserts
audited, the audit chain intact, and a personal ID taken in the meantime rolling everything back."""

from __future__ import annotations

from typing import Any

import pytest

from treem.audit.models import AuditEvent
from treem.audit.services import verify_chain
from treem.registry import actions, bulk, importing, services
from treem.registry.models import Child, Guardian

pytestmark = pytest.mark.django_db

CSV = (
    "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Địa chỉ,Thôn,Họ tên cha,Họ tên mẹ,"
    "Điện thoại của mẹ\n"
    "Nguyễn Văn An,05/06/2015,Nam,079215012345,Kinh,Số 1 Lê Lợi,Khu phố 1,Nguyễn Văn Bình,Lê Thị Mai,"
    "0912345678\n"
    "Đặng Thị Ánh,20/11/2016,Nữ,079316000123,Tày,,,,Đặng Thị Hoa,\n"
    "Chu Văn Dương,01/01/2017,Nam,,,,,,,\n"
)
MAPPING = {**importing.PRESETS["treem"][1], "hamlet": "Thôn"}


def run(world: Any, text: str) -> importing.ImportResult:
    return importing.import_table(
        actor=world.worker_a1,
        commune=world.a1,
        table=importing.read_table(text.encode()),
        mapping=MAPPING,
        dry_run=False,
    )


def test_new_children_have_the_derived_fields_of_the_services(world: Any, catalogues: None) -> None:
    result = run(world, CSV)
    assert result.errors == [] and (result.created, result.updated) == (3, 0)
    an = Child.objects.get(personal_id="079215012345")
    reference = services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        hamlet=world.hamlet_a1,
        data={"full_name": "Nguyễn Văn An", "date_of_birth": "05/06/2015", "sex": "Nam", "ethnicity": "01"},
    )
    for name in ("province_id", "commune_id", "hamlet_id", "area_id", "name_folded", "sex", "ethnicity_id"):
        assert getattr(an, name) == getattr(reference, name), name
    assert (
        bytes(an.name_sort_key) == bytes(reference.name_sort_key) == services.name_sort_key("Nguyễn Văn An")
    )
    assert an.name_folded == "nguyen van an" and an.address == "Số 1 Lê Lợi"
    assert (an.version, an.status, an.created_by, an.is_provisional) == (1, "active", world.worker_a1, False)
    assert an.province == world.a and an.area == world.hamlet_a1
    anh = Child.objects.get(personal_id="079316000123")
    assert anh.name_folded == "dang thi anh" and anh.hamlet is None and anh.area == world.a1
    assert anh.ethnicity.name == "Tày"
    assert Child.objects.get(full_name="Chu Văn Dương").personal_id is None
    guardians = {(g.relationship, g.full_name, g.name_folded, g.phone) for g in an.guardians.all()}
    assert guardians == {
        ("father", "Nguyễn Văn Bình", "nguyen van binh", ""),
        ("mother", "Lê Thị Mai", "le thi mai", "0912345678"),
    }
    assert [g.relationship for g in anh.guardians.all()] == ["mother"]
    # Vietnamese order: Chu < Đặng < Nguyễn, through the stored sort key.
    ordered = list(Child.objects.filter(pk__in=result_ids()).order_by("name_sort_key"))
    assert [c.full_name for c in ordered] == ["Chu Văn Dương", "Đặng Thị Ánh", "Nguyễn Văn An"]


def result_ids() -> list[int]:
    event = AuditEvent.objects.filter(action=actions.CHILDREN_IMPORTED).latest("id")
    summary = event.extra["created_ids"]
    return list(range(summary["min"], summary["max"] + 1))


def test_one_summary_event_with_the_created_ids(world: Any, catalogues: None) -> None:
    run(world, CSV)
    event = AuditEvent.objects.get(action=actions.CHILDREN_IMPORTED)
    ids = sorted(Child.objects.values_list("pk", flat=True))
    assert event.extra["created"] == 3 and event.extra["created_ids"] == bulk.created_summary(ids)
    assert event.extra["created_ids"]["count"] == 3 and event.extra["guardians_created"] == 3
    assert not AuditEvent.objects.filter(action=actions.CHILD_CREATED).exists()
    assert verify_chain()[1] is None


def test_upserts_bump_the_version_and_are_audited(world: Any, catalogues: None) -> None:
    run(world, CSV)
    an = Child.objects.get(personal_id="079215012345")
    mother = an.guardians.get(relationship="mother")
    changed = CSV.replace("Nguyễn Văn An,", "Nguyễn Văn Ân,").replace("0912345678", "0987654321")
    changed = changed.replace(",Tày,", ",Nùng,").replace("Đặng Thị Hoa,", "Đặng Thị Hoa,0911222333")
    result = run(world, changed)
    assert result.errors == [] and (result.created, result.updated) == (1, 2)  # the child without ID: new
    an.refresh_from_db()
    assert (an.full_name, an.name_folded, an.version) == ("Nguyễn Văn Ân", "nguyen van an", 2)
    assert bytes(an.name_sort_key) == services.name_sort_key("Nguyễn Văn Ân")
    assert an.guardians.get(relationship="mother").pk == mother.pk  # updated in place, not added
    assert an.guardians.get(relationship="mother").phone == "0987654321"
    assert Guardian.objects.filter(child=an).count() == 2
    anh = Child.objects.get(personal_id="079316000123")
    assert anh.ethnicity.name == "Nùng" and anh.version == 2
    assert anh.guardians.get().phone == "0911222333"
    events = AuditEvent.objects.filter(action=actions.CHILD_UPDATED).order_by("id")
    by_id = {e.object_id: e for e in events}
    assert set(by_id) == {str(an.pk), str(anh.pk)}
    assert by_id[str(an.pk)].before == {"full_name": "Nguyễn Văn An"}
    assert by_id[str(an.pk)].after == {"full_name": "Nguyễn Văn Ân"}
    assert by_id[str(anh.pk)].after == {"ethnicity": "***"}  # sensitive values stay masked
    assert by_id[str(an.pk)].extra["guardians"][1]["relationship"] == "mother"
    assert AuditEvent.objects.filter(action=actions.CHILDREN_IMPORTED).count() == 2
    assert verify_chain() == (AuditEvent.objects.count(), None, "")


def test_a_personal_id_taken_meanwhile_rolls_everything_back(
    world: Any, catalogues: None, monkeypatch: Any
) -> None:
    """Another import (or a form) registers one of the file's IDs after the check, before the write
    (bulk.write_rows, the path after the check; the streamed path's race is in test_import_parity)."""
    monkeypatch.setattr(importing, "STREAM", False)
    original = importing.check_rows

    def check_then_race(**kwargs: Any) -> Any:
        checked = original(**kwargs)
        services.child_create(
            actor=world.worker_a2,
            commune=world.a2,
            data={
                "full_name": "Lê Thị Nhanh",
                "date_of_birth": "20/11/2016",
                "sex": "Nữ",
                "personal_id": "079316000123",
            },
        )
        return checked

    monkeypatch.setattr(importing, "check_rows", check_then_race)
    children, events = Child.objects.count(), AuditEvent.objects.count()
    result = run(world, CSV)
    assert (result.created, result.updated) == (0, 0)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "Số định danh cá nhân", "Số định danh cá nhân này đã được ghi cho một trẻ em khác.")
    ]
    # Only the racing child exists: none of the file's rows, no guardian, no import event.
    assert Child.objects.count() == children + 1
    assert not Child.objects.filter(personal_id="079215012345").exists()
    assert not Guardian.objects.exists()
    assert not AuditEvent.objects.filter(action=actions.CHILDREN_IMPORTED).exists()
    assert AuditEvent.objects.count() == events + 1  # the racing child's own event
    assert verify_chain()[1] is None
    # The connection is usable again and the corrected file goes through.
    monkeypatch.undo()
    assert run(world, CSV.replace("079316000123", "079316000124")).created == 3


def test_created_summary_is_compact() -> None:
    summary = bulk.created_summary(range(1, 1_000_001))
    assert summary["count"] == 1_000_000 and summary["contiguous"] and len(summary["sha256"]) == 64
    assert bulk.created_summary([5, 3]) == {**bulk.created_summary([3, 5]), "contiguous": False}
    assert bulk.created_summary([]) == {"count": 0}


def test_large_imports_analyze_the_table_inside_the_transaction(
    world: Any, catalogues: None, monkeypatch: Any
) -> None:
    from django.db import connection

    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 2)
    with connection.cursor() as cursor:
        # An ANALYZE of an earlier test (test_setwise_keys) left its count in pg_class, which a rollback
        # does not undo: counted again on the table as this test finds it (empty).
        cursor.execute("ANALYZE registry_child (id)")
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_child'")
        assert cursor.fetchone()[0] < 3  # never analysed, or empty
    result = run(world, CSV)
    assert result.errors == [] and result.created == 3 and Guardian.objects.count() == 3
    # What the plan of the foreign-key checks reads: the table's size, and the ids' statistics.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_child'")
        assert cursor.fetchone()[0] == 3
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'registry_child'")
        assert "id" in {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize("stream", [False, True], ids=["after the check", "streamed"])
def test_a_deadlock_with_another_import_is_reported_not_raised(
    world: Any, catalogues: None, monkeypatch: Any, stream: bool
) -> None:
    import psycopg

    def deadlock(*args: Any, **kwargs: Any) -> None:
        raise psycopg.errors.DeadlockDetected("deadlock detected")

    monkeypatch.setattr(importing, "STREAM", stream)
    monkeypatch.setattr(bulk, "child_copy_row" if stream else "_create", deadlock)
    result = run(world, CSV)
    assert result.created == 0 and "Hãy chạy lại việc nhập tệp" in result.errors[0].message
    assert not Child.objects.exists()
