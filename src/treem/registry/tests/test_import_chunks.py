"""A real import writes its streamed children in chunks, from a thread of its own (ADR 0042): the same
outcome as the sequential path whatever the chunks, and nothing written when anything fails in any chunk.

The files here are small, so the chunks are made small (``CHUNK_MIN`` and ``CHUNK_MAX`` 3 rows, ``QUEUED``
1): a file of a few hundred rows goes in dozens of chunks, each its own COPY of the children and of their
guardians."""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, connection

from treem.audit.models import AuditEvent
from treem.core.text import fold
from treem.registry import actions, bulk, importing
from treem.registry.models import Child, ChildWord, Guardian
from treem.registry.tests.test_import_parity import (
    _both,
    _csv,
    _door_rows,
    _error_rows,
    _outcome,
    _row,
    _valid_rows,
    door,  # noqa: F401 — a fixture
    register,  # noqa: F401 — a fixture
)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "CHUNK_MIN", 3)
    monkeypatch.setattr(importing, "CHUNK_MAX", 3)
    monkeypatch.setattr(importing, "QUEUED", 1)


def _many(n: int, name: str = "Nguyễn Văn") -> list[list[str]]:
    return [
        _row(
            full_name=f"{name} {chr(0x41 + i % 26)}{chr(0x41 + i // 26 % 26)}",
            date_of_birth="05/06/2015",
            sex="Nam",
            mother_name="Lê Thị Mai",
        )
        for i in range(n)
    ]


def _nothing_written() -> tuple[int, int, int, int]:
    return (
        Child.objects.count(),
        Guardian.objects.count(),
        ChildWord.objects.count(),
        AuditEvent.objects.count(),
    )


def _import(world: Any, data: bytes) -> importing.ImportResult:
    return importing.import_table(
        actor=world.worker_a1,
        commune=world.a1,
        table=importing.read_table(data),
        mapping=importing.PRESETS["treem"][1],
        dry_run=False,
    )


@pytest.mark.usefixtures("register")
def test_each_chunk_holds_twice_the_rows_of_the_one_before(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first chunk holds CHUNK_MIN rows, each next one twice as many, up to CHUNK_MAX (ADR 0051): few
    statements for a large file, an early first one."""
    monkeypatch.setattr(importing, "CHUNK_MIN", 3)
    monkeypatch.setattr(importing, "CHUNK_MAX", 20)
    sizes: list[int] = []
    real_put = importing._ChunkWriter.put

    def put(self: Any, children: Any, guardians: Any) -> None:
        sizes.append(children.rows)
        real_put(self, children, guardians)

    monkeypatch.setattr(importing._ChunkWriter, "put", put)
    result = _import(world, _csv(_many(100)))
    assert result.created == 100 and not result.errors
    assert sizes == [3, 6, 12, 20, 20, 20, 19]


@pytest.mark.usefixtures("door", "small_chunks")
def test_a_file_in_many_chunks_writes_what_the_sequential_path_writes(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _many(40) + _valid_rows() + _door_rows() + _many(41, "Trần Thị")
    found = _both(world, monkeypatch, _csv(rows), dry_run=False)
    assert found["errors"] == [] and found["counts"][2] == len(rows) - 2  # an upsert, a possible duplicate
    assert len(found["state"]["guardians"]) >= 81


@pytest.mark.usefixtures("register")
def test_each_chunk_is_written_in_the_order_of_the_names(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The children of a chunk reach the table sorted by folded name (ADR 0050: the name-ordered indexes
    take them in one sweep), their ids still given in file order."""
    monkeypatch.setattr(importing, "CHUNK_MIN", 5)
    monkeypatch.setattr(importing, "CHUNK_MAX", 5)
    names = ["Vũ Văn Em", "Đỗ Thị Ba", "Trần Văn Tư", "An Thị Năm", "Lê Văn Một"]
    names += ["Phạm Thị Sáu", "Bùi Văn Bảy", "Hồ Thị Tám", "Cao Văn Chín", "Mai Thị Mười"]
    rows = [_row(full_name=n, date_of_birth="05/06/2015", sex="Nam", mother_name="Lê Thị Mai") for n in names]
    before = Child.objects.count()
    assert _import(world, _csv(rows)).created == len(names)
    with connection.cursor() as cursor:  # the physical order: the order the COPY wrote them in
        cursor.execute("SELECT id, name_folded FROM registry_child ORDER BY ctid OFFSET %s", [before])
        written = cursor.fetchall()
    folded = [name for _, name in written]
    assert folded == sorted(folded[:5]) + sorted(folded[5:])  # two chunks of five, each by name
    assert {name for name in folded[:5]} == {fold(n) for n in names[:5]}
    by_id = [name for _, name in sorted(written)]
    assert by_id == [fold(n) for n in names]  # ids in file order


@pytest.mark.usefixtures("register", "small_chunks")
def test_a_row_error_in_the_last_chunk_leaves_nothing_written(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _nothing_written()
    rows = [*_many(300), _error_rows()[1]]
    found = _both(world, monkeypatch, _csv(rows), dry_run=False)
    assert {e["row"] for e in found["errors"]} == {302}
    assert found["counts"][2:4] == (0, 0) and found["state"]["events"] == []
    result = _import(world, _csv(rows))
    assert result.created == 0 and result.errors
    assert _nothing_written() == before


@pytest.mark.usefixtures("register", "small_chunks")
def test_an_id_taken_meanwhile_in_a_middle_chunk_is_the_same_row_error(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another transaction registered an ID of the file after its lookup: the unique constraint stops the
    chunk that holds it, after earlier chunks were written; the row error of the sequential path, and
    nothing written."""
    monkeypatch.setattr(importing, "_on_register", lambda actor, ids: ({}, set()))
    taken = _row(full_name="Phạm Văn Cũ", date_of_birth="01/02/2016", sex="Nam", personal_id="079216000777")
    data = _csv([*_many(100), taken, *_many(100, "Trần Văn")])
    before = _nothing_written()
    streamed = _outcome(world, data, dry_run=False)
    monkeypatch.setattr(importing, "STREAM", False)
    sequential = _outcome(world, data, dry_run=False)
    assert streamed == sequential
    assert [(e["row"], e["message"]) for e in streamed["errors"]] == [(102, bulk.TAKEN_ID)]
    assert streamed["counts"][2:4] == (0, 0) and streamed["state"]["events"] == []
    assert _nothing_written() == before


@pytest.mark.usefixtures("register", "small_chunks")
def test_a_missing_key_in_a_chunk_raises_and_leaves_nothing_written(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key pointing to nothing (the ethnicity deleted meanwhile, here an id that never existed) fails the
    chunk's key check (ADR 0034): IntegrityError, as the bulk path raises it, and no row of any chunk."""
    real = bulk.child_copy_row
    calls = [0]

    def broken(*args: Any) -> tuple[Any, ...]:
        values = list(real(*args))
        calls[0] += 1
        if calls[0] == 50:
            values[bulk.CHILD_COLUMNS.index("ethnicity_id")] = 987_654_321
        return tuple(values)

    monkeypatch.setattr(bulk, "child_copy_row", broken)
    before = _nothing_written()
    with pytest.raises(IntegrityError, match="ethnicity_id"):
        _import(world, _csv(_many(120)))
    assert _nothing_written() == before


@pytest.mark.usefixtures("register", "small_chunks")
def test_a_failure_in_the_check_after_written_chunks_writes_nothing(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check fails (any exception) after chunks were written (it waits for one): no child, guardian,
    word of a name or audit event; the thread has ended and the connection is usable."""
    writers: list[Any] = []
    real_init, real_check = importing._ChunkWriter.__init__, importing._RowChecker.check

    def init(self: Any, raw: Any, **kwargs: Any) -> None:
        real_init(self, raw, **kwargs)
        writers.append(self)

    def failing(self: Any, line: int, cells: list[Any]) -> Any:
        if line == 250:
            deadline = time.monotonic() + 60
            while writers[0].children < 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert writers[0].children >= 3
            raise RuntimeError("disk on fire")
        return real_check(self, line, cells)

    monkeypatch.setattr(importing._ChunkWriter, "__init__", init)
    monkeypatch.setattr(importing._RowChecker, "check", failing)
    before = _nothing_written()
    with pytest.raises(RuntimeError, match="disk on fire"):
        _import(world, _csv(_many(300)))
    assert _nothing_written() == before
    assert not [t for t in threading.enumerate() if t.name == "treem-import-copy"]
    with connection.cursor() as cursor:  # the connection is usable: the stream's savepoint was rolled back
        cursor.execute("SELECT 1")


@pytest.mark.usefixtures("register", "small_chunks")
def test_chunks_are_written_while_later_rows_are_checked(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the last row is being checked, the first chunks' children and guardians are already in the
    table (written by the import's thread through its connection, inside its transaction)."""
    writers: list[Any] = []
    real_init, real_check = importing._ChunkWriter.__init__, importing._RowChecker.check
    seen: dict[str, int] = {}

    def init(self: Any, raw: Any, **kwargs: Any) -> None:
        real_init(self, raw, **kwargs)
        writers.append(self)

    def watched(self: Any, line: int, cells: list[Any]) -> Any:
        if line == 101:  # the last row: wait (at most 60 s) until the thread has written a chunk whole
            # (its children and then its guardians: the two counts are read between the thread's writes,
            # so wait until they agree rather than read one chunk's children without its guardians yet)
            deadline = time.monotonic() + 60
            w = writers[0]
            while not (w.children >= 3 and w.guardians == w.children) and time.monotonic() < deadline:
                time.sleep(0.01)
            seen.update(children=w.children, guardians=w.guardians)
        return real_check(self, line, cells)

    monkeypatch.setattr(importing._ChunkWriter, "__init__", init)
    monkeypatch.setattr(importing._RowChecker, "check", watched)
    result = _import(world, _csv(_many(100)))
    assert result.created == 100 and not result.errors
    assert 3 <= seen["children"] < 100 and seen["guardians"] == seen["children"]
    assert writers[0].children == 100 and writers[0].guardians == 100
    event = AuditEvent.objects.filter(action=actions.CHILDREN_IMPORTED).latest("id")
    assert event.extra["created_ids"]["contiguous"] is True
    assert Guardian.objects.filter(child__commune=world.a1).count() == 100


@pytest.mark.usefixtures("register", "small_chunks")
def test_a_failed_draw_is_raised_and_leaves_nothing_written(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writing thread's draw of the ids fails (here before the first row is checked): the import raises
    PostgreSQL's error, not a missing id, and writes nothing; the thread has ended and the connection is
    usable."""
    real_start = importing._ChunkWriter.start

    def start_drawn(self: Any) -> None:
        real_start(self)
        self.drawn.wait()

    monkeypatch.setattr(
        bulk,
        "DRAW_ARRAY_SQL",
        "SELECT array_agg(nextval('treem_no_such_sequence')) FROM generate_series(1, %s)",
    )
    monkeypatch.setattr(importing._ChunkWriter, "start", start_drawn)
    before = _nothing_written()
    with pytest.raises(psycopg.errors.UndefinedTable, match="treem_no_such_sequence"):
        _import(world, _csv(_many(30)))
    assert _nothing_written() == before
    assert not [t for t in threading.enumerate() if t.name == "treem-import-copy"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.mark.usefixtures("register", "small_chunks")
def test_the_collector_is_paused_while_a_file_is_read_and_imported(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's cyclic garbage collector is paused while a file is read and while it is imported (ADR 0051,
    amended), and runs again after — after a failed import too; left paused when it was paused before."""
    seen: list[tuple[str, bool]] = []
    real_csv, real_check = importing._read_csv, importing._RowChecker.check

    def read_csv(data: bytes) -> importing.Table:
        seen.append(("read", gc.isenabled()))
        return real_csv(data)

    def check(self: Any, line: int, cells: list[Any]) -> Any:
        seen.append(("check", gc.isenabled()))
        return real_check(self, line, cells)

    monkeypatch.setattr(importing, "_read_csv", read_csv)
    monkeypatch.setattr(importing._RowChecker, "check", check)
    assert gc.isenabled()
    result = _import(world, _csv(_many(20)))
    assert result.created == 20 and not result.errors
    assert ("read", False) in seen and ("check", False) in seen
    assert not [enabled for _what, enabled in seen if enabled]
    assert gc.isenabled()

    monkeypatch.setattr(
        bulk,
        "DRAW_ARRAY_SQL",
        "SELECT array_agg(nextval('treem_no_such_sequence')) FROM generate_series(1, %s)",
    )
    with pytest.raises(psycopg.errors.UndefinedTable):
        _import(world, _csv(_many(20, name="Trần Thị")))
    assert gc.isenabled()

    gc.disable()
    try:
        importing.read_table(_csv(_many(3)))
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.usefixtures("register", "small_chunks")
def test_the_ids_are_drawn_in_order_and_written_in_file_order(world: Any) -> None:
    """The writing thread draws one id per row of the file, ascending, as one array (ADR 0051, amended):
    the file's children take them in file order."""
    rows = _many(30)
    before = set(Child.objects.values_list("id", flat=True))
    result = _import(world, _csv(rows))
    assert result.created == 30 and not result.errors
    by_id = list(Child.objects.exclude(id__in=before).order_by("id").values_list("full_name", flat=True))
    assert by_id == [row[list(importing.FIELDS).index("full_name")] for row in rows]
