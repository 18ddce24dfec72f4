"""The register's foreign keys checked set-wise by triggers (ADR 0034): a key to nothing is refused with
IntegrityError, whether written by a form, a bulk INSERT, an import's COPY or an UPDATE; deleting a row
still referenced is refused (or, through Django, protected, nulled or cascaded exactly as before); a
delete racing an insert cannot leave an orphan; a refused statement leaves nothing half-written."""

from __future__ import annotations

import threading
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import ProtectedError

from treem.accounts.models import User
from treem.audit.tests.test_roles import app_conn  # noqa: F401  (the application role's connection)
from treem.geo.models import AdminUnit
from treem.registry import bulk, importing, services
from treem.registry.models import Child, Ethnicity, Guardian, Household, NameWord
from treem.registry.tests.test_bulk import CSV, run

pytestmark = pytest.mark.django_db

MISSING = 2_000_000_000


def _child(world: Any, name: str = "Nguyễn Văn An", **data: Any) -> Child:
    from treem.accounts.access import system_actor

    fields = {"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam", **data}
    hamlet = fields.pop("hamlet", None)
    return services.child_create(
        actor=system_actor(world.nation), commune=world.a1, hamlet=hamlet, data=fields
    )


def _copy_of(child: Child, **keys: Any) -> Child:
    """An unsaved copy of ``child`` (no personal ID) with the given key columns."""
    copy = Child.objects.get(pk=child.pk)
    copy.pk = None
    copy.personal_id = None
    for name, value in keys.items():
        setattr(copy, name, value)
    return copy


def _violation(exc: pytest.ExceptionInfo[IntegrityError]) -> tuple[str, str]:
    cause = exc.value.__cause__
    assert isinstance(cause, psycopg.errors.ForeignKeyViolation)  # SQLSTATE 23503
    return cause.diag.constraint_name or "", cause.diag.message_detail or ""


# Each key of the register and a value for the other columns that keeps the row otherwise valid.
KEYS = [
    ("province_id", {}),
    ("commune_id", {"area_id": MISSING}),  # the area is the commune where there is no hamlet
    ("hamlet_id", {"area_id": MISSING}),
    ("household_id", {}),
    ("ethnicity_id", {}),
    ("merged_into_id", {}),
    ("created_by_id", {}),
]


@pytest.mark.parametrize(("column", "with_"), KEYS)
def test_an_insert_with_a_missing_key_is_refused(
    world: Any, catalogues: None, column: str, with_: dict[str, Any]
) -> None:
    child = _child(world)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        _copy_of(child, **{column: MISSING, **with_}).save()
    constraint, detail = _violation(exc)
    assert constraint == f"registry_child_{column}_fkey"
    assert f"({column})=({MISSING}) is not present" in detail
    assert Child.objects.count() == 1


@pytest.mark.parametrize(("column", "with_"), KEYS)
def test_an_update_to_a_missing_key_is_refused(
    world: Any, catalogues: None, column: str, with_: dict[str, Any]
) -> None:
    child = _child(world)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Child.objects.filter(pk=child.pk).update(**{column: MISSING, **with_})
    assert _violation(exc)[0] == f"registry_child_{column}_fkey"
    # Updates that keep the keys, or set them to existing rows, go through.
    Child.objects.filter(pk=child.pk).update(full_name="Nguyễn Văn Ân", ethnicity=Ethnicity.objects.first())
    Child.objects.filter(pk=child.pk).update(merged_into=_child(world, "Lê Văn Bình"))


def test_a_guardian_of_a_missing_child_is_refused(world: Any, catalogues: None) -> None:
    child = _child(world)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Guardian.objects.create(child_id=MISSING, relationship="mother", full_name="Lê Thị Mai")
    assert _violation(exc)[0] == "registry_guardian_child_id_fkey"
    guardian = Guardian.objects.create(child=child, relationship="mother", full_name="Lê Thị Mai")
    with pytest.raises(IntegrityError), transaction.atomic():
        Guardian.objects.filter(pk=guardian.pk).update(child_id=MISSING)


def test_a_bulk_insert_with_one_bad_row_writes_nothing(world: Any, catalogues: None) -> None:
    child = _child(world)
    words = NameWord.objects.count()
    rows = [_copy_of(child, full_name=f"Trần Văn Số{i}") for i in range(50)]
    rows[37].ethnicity_id = MISSING
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.bulk_create(rows)
    assert Child.objects.count() == 1 and NameWord.objects.count() == words
    # Rows referring to each other in one statement are checked after the statement: accepted.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('registry_child', 'id')) FROM generate_series(1, 2)"
        )
        first, second = (pk for (pk,) in cursor.fetchall())
    pair = [_copy_of(child, id=first), _copy_of(child, id=second, merged_into_id=first)]
    Child.objects.bulk_create(pair)
    assert Child.objects.filter(merged_into_id=first).count() == 1


@pytest.mark.parametrize("stream", [False, True], ids=["after the check", "streamed"])
def test_an_import_whose_copy_writes_a_missing_key_writes_nothing(
    world: Any, catalogues: None, monkeypatch: Any, stream: bool
) -> None:
    """The COPY of an import (bulk.write_rows after the check, or the streamed COPY of ADR 0035): a key
    gone between the check and the write (here made up) fails the import and leaves nothing."""
    original = bulk.child_copy_row
    column = bulk.CHILD_COLUMNS.index("ethnicity_id")

    def with_missing_ethnicity(*args: Any) -> Any:
        values = list(original(*args))
        values[column] = MISSING
        return tuple(values)

    monkeypatch.setattr(importing, "STREAM", stream)
    monkeypatch.setattr(bulk, "child_copy_row", with_missing_ethnicity)
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 2)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        run(world, CSV)
    assert _violation(exc)[0] == "registry_child_ethnicity_id_fkey"
    assert not Child.objects.exists() and not Guardian.objects.exists()
    monkeypatch.setattr(bulk, "child_copy_row", original)
    assert run(world, CSV).created == 3  # and the same file, unbroken, goes through


def _raw_fails(statement: str, params: list[Any]) -> str:
    with pytest.raises(IntegrityError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return _violation(exc)[0]


def test_deleting_a_referenced_row_is_refused_in_the_database(world: Any, catalogues: None) -> None:
    ethnicity = Ethnicity.objects.get(name="Tày")
    child = _child(world, hamlet=world.hamlet_a1)
    Child.objects.filter(pk=child.pk).update(
        ethnicity=ethnicity, household=Household.objects.create(commune=world.a1, head_name="Nguyễn Văn Bình")
    )
    child.refresh_from_db()
    survivor = _child(world, "Nguyễn Văn Ân")
    Child.objects.filter(pk=child.pk).update(merged_into=survivor)
    Guardian.objects.create(child=survivor, relationship="mother", full_name="Lê Thị Mai")
    cases = [
        ("registry_ethnicity", ethnicity.pk, "registry_child_ethnicity_id_fkey"),
        ("registry_household", child.household_id, "registry_child_household_id_fkey"),
        ("geo_adminunit", world.hamlet_a1.pk, "registry_child_area_id_fkey"),  # the hamlet is the area
        ("geo_adminunit", world.a1.pk, "registry_child_commune_id_fkey"),
        ("geo_adminunit", world.a1.parent_id, "registry_child_province_id_fkey"),
        ("registry_child", survivor.pk, "registry_child_merged_into_id_fkey"),
        ("accounts_user", child.created_by_id, "registry_child_created_by_id_fkey"),
    ]
    for table, pk, constraint in cases:
        if pk is None:
            continue
        # The register's triggers refuse at the statement (other tables' deferred constraints, at COMMIT).
        assert _raw_fails(f"DELETE FROM {table} WHERE id = %s", [pk]) == constraint, table  # noqa: S608
        assert _raw_fails(f"UPDATE {table} SET id = -id WHERE id = %s", [pk]) == constraint, table  # noqa: S608
    Child.objects.filter(pk=child.pk).update(merged_into=None)
    assert (
        _raw_fails("DELETE FROM registry_child WHERE id = %s", [survivor.pk])
        == "registry_guardian_child_id_fkey"
    )
    # An unreferenced row goes.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM registry_ethnicity WHERE id = %s", [Ethnicity.objects.get(name="Mường").pk]
        )
        assert cursor.rowcount == 1


def test_django_deletes_keep_their_on_delete(world: Any, catalogues: None) -> None:
    child = _child(world)
    household = Household.objects.create(commune=world.a1, head_name="Nguyễn Văn Bình")
    Child.objects.filter(pk=child.pk).update(ethnicity=Ethnicity.objects.get(name="Tày"), household=household)
    Guardian.objects.create(child=child, relationship="mother", full_name="Lê Thị Mai")
    with pytest.raises(ProtectedError):
        Ethnicity.objects.get(name="Tày").delete()
    with pytest.raises(ProtectedError):
        AdminUnit.objects.get(pk=world.a1.pk).delete()
    household.delete()  # SET_NULL
    creator = User.objects.create_user(username="creator-to-go", password="x")
    Child.objects.filter(pk=child.pk).update(created_by=creator)
    creator.delete()  # SET_NULL
    child.refresh_from_db()
    assert (child.household_id, child.created_by_id) == (None, None)
    Child.objects.get(pk=child.pk).delete()  # CASCADE to the guardians
    assert not Child.objects.exists() and not Guardian.objects.exists()


def test_a_referenced_table_refuses_deletes_outside_read_committed(
    live_db: Any, world: Any, catalogues: None
) -> None:
    """A REPEATABLE READ snapshot could miss a child committed after it: such deletes are refused."""
    unused = Ethnicity.objects.get(name="Mường").pk
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
    ) as raw:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="READ COMMITTED"):
            raw.execute("DELETE FROM registry_ethnicity WHERE id = %s", [unused])
        raw.rollback()
        raw.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        assert raw.execute("DELETE FROM registry_ethnicity WHERE id = %s", [unused]).rowcount == 1


# --------------------------------------------------------------------------- concurrency


def _in_thread(target: Any) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def go() -> None:
        try:
            target()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=go)
    thread.start()
    return thread, errors


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def _wait_until_blocked(pids: list[int]) -> None:
    import time

    for _ in range(600):
        if pids and _waiting_on_a_lock(pids[0]):
            return
        time.sleep(0.05)
    raise AssertionError("the second transaction never waited for the first")


def _orphans() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM registry_child c WHERE c.ethnicity_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM registry_ethnicity e WHERE e.id = c.ethnicity_id)"
        )
        return int(cursor.fetchone()[0])


def test_a_delete_waits_for_an_insert_referring_to_the_row(
    live_db: Any, world: Any, catalogues: None
) -> None:
    """The insert locks the ethnicity FOR KEY SHARE: the delete waits for it, then sees the child."""
    child = _child(world)
    ethnicity = Ethnicity.objects.create(code="99", name="Thử nghiệm")
    inserted, commit = threading.Event(), threading.Event()

    def insert() -> None:
        with transaction.atomic():
            _copy_of(child, ethnicity_id=ethnicity.pk).save()
            inserted.set()
            assert commit.wait(timeout=60)

    pids: list[int] = []

    def delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.append(cursor.fetchone()[0])
            cursor.execute("DELETE FROM registry_ethnicity WHERE id = %s", [ethnicity.pk])

    writer, writer_errors = _in_thread(insert)
    assert inserted.wait(timeout=60)
    deleter, deleter_errors = _in_thread(delete)
    _wait_until_blocked(pids)
    commit.set()
    writer.join(timeout=60)
    deleter.join(timeout=60)
    assert writer_errors == []
    assert len(deleter_errors) == 1 and isinstance(deleter_errors[0], IntegrityError)
    assert Ethnicity.objects.filter(pk=ethnicity.pk).exists() and _orphans() == 0


def test_an_insert_waits_for_a_delete_of_the_row_it_refers_to(
    live_db: Any, world: Any, catalogues: None
) -> None:
    child = _child(world)
    ethnicity = Ethnicity.objects.create(code="99", name="Thử nghiệm")
    deleted, commit = threading.Event(), threading.Event()

    def delete() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM registry_ethnicity WHERE id = %s", [ethnicity.pk])
            deleted.set()
            assert commit.wait(timeout=60)

    pids: list[int] = []

    def insert() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.append(cursor.fetchone()[0])
        _copy_of(child, ethnicity_id=ethnicity.pk).save()

    deleter, deleter_errors = _in_thread(delete)
    assert deleted.wait(timeout=60)
    writer, writer_errors = _in_thread(insert)
    _wait_until_blocked(pids)
    commit.set()
    deleter.join(timeout=60)
    writer.join(timeout=60)
    assert deleter_errors == []
    assert len(writer_errors) == 1 and isinstance(writer_errors[0], IntegrityError)
    assert not Ethnicity.objects.filter(pk=ethnicity.pk).exists() and _orphans() == 0
    assert Child.objects.count() == 1


def test_the_application_role_runs_the_checks(app_conn: Any, world: Any) -> None:  # noqa: F811
    """The check locks the referenced rows FOR KEY SHARE as the writer (PostgreSQL's own check ran as the
    owner), which needs UPDATE on the referenced tables: the application role has it (ADR 0013)."""
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="registry_guardian_child_id_fkey"):
        app_conn.execute(
            "INSERT INTO registry_guardian (child_id, relationship, full_name, name_folded, personal_id, "
            "phone, lives_with_child, created_at, updated_at) "
            "VALUES (%s, 'mother', 'Lê Thị Mai', 'le thi mai', '', '', true, now(), now())",
            [MISSING],
        )
