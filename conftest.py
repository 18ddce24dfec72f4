"""The shared test world (STYLE §2.6): two provinces × two communes, hamlets, roles and users.

Province A = Thành phố Hồ Chí Minh (79) with communes A1, A2; province B = Hà Nội (01) with B1, B2.
The former map is there too: Thành phố Hồ Chí Minh (79, 2008) › Quận Tân Bình (766) › Phường 2 (26965)
and Phường 4 (26968, the code of the current A2), both succeeded by A2.
Users: worker_a1, chairman_a1, police_a1, collaborator_a1 (hamlet), worker_a2, province_a,
agency_a, leader_a, worker_b1, province_b, hotline, sysadmin — each with its catalogue role.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

PASSWORD = "Mat-khau-thu-nghiem-2026"  # noqa: S105 — test users only


@dataclass
class World:
    nation: Any
    a: Any
    b: Any
    a1: Any
    a2: Any
    b1: Any
    b2: Any
    hamlet_a1: Any
    former_wards: list[Any] = field(default_factory=list)  # former Phường 2 (26965), Phường 4 (26968) → a2
    former_a: Any = None  # the former Thành phố Hồ Chí Minh (79, 2008): QĐ 4063's targets (ADR 0024)
    users: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def build_world() -> World:
    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create, role_sync
    from treem.geo.models import Agency, UnitSuccession
    from treem.geo.services import unit_create

    role_sync()
    d = datetime.date(2025, 7, 1)
    nation = unit_create(level="nation", unit_type="quoc_gia", code="VN", name="Việt Nam", parent=None)
    a = unit_create(
        level="province",
        unit_type="thanh_pho_tw",
        code="79",
        name="Thành phố Hồ Chí Minh",
        short_name="Hồ Chí Minh",
        parent=nation,
        valid_from=d,
    )
    b = unit_create(
        level="province",
        unit_type="thanh_pho_tw",
        code="01",
        name="Thành phố Hà Nội",
        short_name="Hà Nội",
        parent=nation,
        valid_from=d,
    )
    a1 = unit_create(
        level="commune",
        unit_type="phuong",
        code="26740",
        name="Phường Sài Gòn",
        short_name="Sài Gòn",
        parent=a,
        valid_from=d,
    )
    a2 = unit_create(
        level="commune",
        unit_type="phuong",
        code="26968",
        name="Phường Tân Sơn Nhất",
        short_name="Tân Sơn Nhất",
        parent=a,
        valid_from=d,
    )
    b1 = unit_create(
        level="commune",
        unit_type="phuong",
        code="00004",
        name="Phường Ba Đình",
        short_name="Ba Đình",
        parent=b,
        valid_from=d,
    )
    b2 = unit_create(
        level="commune",
        unit_type="xa",
        code="00376",
        name="Xã Sóc Sơn",
        short_name="Sóc Sơn",
        parent=b,
        valid_from=d,
    )
    hamlet = unit_create(level="hamlet", unit_type="khu_pho", code="26740-KP1", name="Khu phố 1", parent=a1)
    # The former map beside it, as in production, where codes repeat across the two maps: the former
    # Quận Tân Bình's Phường 4 had 26968, the code of the current Phường Tân Sơn Nhất (a2), which took
    # it over together with Phường 2 (26965, a code no current commune has).
    former_a = unit_create(
        level="province",
        unit_type="thanh_pho_tw",
        code="79",
        name="Thành phố Hồ Chí Minh",
        short_name="Hồ Chí Minh",
        parent=nation,
        generation="2008",
        valid_to=datetime.date(2025, 6, 30),
    )
    tan_binh = unit_create(
        level="district",
        unit_type="quan",
        code="766",
        name="Quận Tân Bình",
        parent=former_a,
        generation="2008",
        valid_to=datetime.date(2025, 6, 30),
    )
    former_wards = [
        unit_create(
            level="commune",
            unit_type="phuong",
            code=code,
            name=name,
            parent=tan_binh,
            generation="2008",
            valid_to=datetime.date(2025, 6, 30),
        )
        for code, name in (("26965", "Phường 2"), ("26968", "Phường 4"))
    ]
    for ward in former_wards:
        UnitSuccession.objects.create(predecessor=ward, successor=a2, effective_date=d)
    police_a1 = Agency.objects.create(unit=a1, name="Công an Phường Sài Gòn")
    health_a = Agency.objects.create(unit=a, name="Sở Y tế Thành phố Hồ Chí Minh")
    world = World(
        nation=nation,
        a=a,
        b=b,
        a1=a1,
        a2=a2,
        b1=b1,
        b2=b2,
        hamlet_a1=hamlet,
        former_wards=former_wards,
        former_a=former_a,
    )
    roles = {r.code: r for r in Role.objects.all()}
    spec = [
        ("worker_a1", "Nguyễn Thị Thu", "commune_worker", a1, None),
        ("chairman_a1", "Trần Văn Minh", "commune_chairman", a1, None),
        ("police_a1", "Lê Quốc Bảo", "commune_police", a1, police_a1),
        ("collaborator_a1", "Phạm Thị Hoa", "village_collaborator", hamlet, None),
        ("worker_a2", "Võ Thị Lan", "commune_worker", a2, None),
        ("province_a", "Đặng Thu Hà", "province_officer", a, None),
        ("agency_a", "Hoàng Văn Nam", "agency_officer", a, health_a),
        ("leader_a", "Bùi Đức Thắng", "leader", a, None),
        ("worker_b1", "Ngô Thị Mai", "commune_worker", b1, None),
        ("province_b", "Đỗ Văn Hùng", "province_officer", b, None),
        ("hotline", "Dương Thị Ngọc", "hotline_operator", nation, None),
        ("sysadmin", "Quản Trị Viên", "system_admin", nation, None),
    ]
    for username, full_name, role, unit, agency in spec:
        user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
        assignment_create(
            actor=None,
            user=user,
            unit=unit,
            role=roles[role],
            agency=agency,
            valid_from=datetime.date(2025, 7, 1),
            check_actor=False,
        )
        world.users[username] = user
    return world


# -- one world per module ------------------------------------------------------------------------------
# Building the world takes about 0.2 s, and some 1,500 tests ask for it: a third of the suite's time.
# So the world is built once per test module inside a transaction of its own, and each test runs in a
# savepoint within it (pytest-django's TestCase atomics nest there), which is rolled back after the
# test as before. The test gets the world's rows freshly read, so nothing a test changes in memory
# reaches the next one. A test that must commit (transactional_db, live_server, a django_db marker
# that asks for it) and a test without the world get what they always had: their own world, or an
# empty database — the module's transaction is rolled back before they start.


_COMMITTING = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _wants_kept_world(node: Any, fixturenames: Any) -> bool:
    if "world" not in fixturenames:
        return False
    if _COMMITTING & set(fixturenames):
        return False
    marker = node.get_closest_marker("django_db")
    if marker is not None:
        from pytest_django.fixtures import validate_django_db

        transactional, reset_sequences, databases, serialized_rollback, _apps = validate_django_db(marker)
        if transactional or reset_sequences or serialized_rollback or databases not in (None, ["default"]):
            return False
    return True


class _KeptWorld:
    """The module's world and the outer transaction that holds it."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.atomic: Any = None
        self.module: str | None = None
        self.ids: dict[str, Any] = {}

    def holds(self, module: str) -> bool:
        from django.db import connection

        return (
            self.atomic is not None
            and self.module == module
            and bool(connection.atomic_blocks)
            and connection.atomic_blocks[0] is self.atomic
        )

    def open(self, module: str) -> None:
        from django.db import transaction

        self.close()
        with self.blocker.unblock():
            atomic = transaction.atomic()
            atomic._from_testcase = True  # type: ignore[attr-defined]  # durable atomics may nest in it
            atomic.__enter__()
            try:
                world = build_world()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self.atomic, self.module = atomic, module
        self.ids = {
            "units": {
                name: getattr(world, name).pk
                for name in ("nation", "a", "b", "a1", "a2", "b1", "b2", "hamlet_a1", "former_a")
            },
            "former_wards": [u.pk for u in world.former_wards],
            "users": {name: u.pk for name, u in world.users.items()},
        }

    def close(self) -> None:
        if self.atomic is None:
            return
        from django.db import connection, transaction

        with self.blocker.unblock():
            if connection.atomic_blocks and connection.atomic_blocks[0] is self.atomic:
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
        self.atomic, self.module, self.ids = None, None, {}

    def world(self) -> World:
        from treem.accounts.models import User
        from treem.geo.models import AdminUnit as Unit

        unit_ids = [*self.ids["units"].values(), *self.ids["former_wards"]]
        units = Unit.objects.in_bulk(unit_ids)
        users = User.objects.in_bulk(list(self.ids["users"].values()))
        fresh = World(
            **{name: units[pk] for name, pk in self.ids["units"].items()},
            former_wards=[units[pk] for pk in self.ids["former_wards"]],
        )
        fresh.users = {name: users[pk] for name, pk in self.ids["users"].items()}
        return fresh


_KEPT: _KeptWorld | None = None


@pytest.fixture(scope="session")
def _kept_world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    global _KEPT  # the runtest hook below reaches it
    _MIGRATED.take(django_db_blocker)
    _KEPT = _KeptWorld(django_db_blocker)
    yield _KEPT
    _KEPT.close()
    _KEPT = None


# -- the migrated database after a committing test -----------------------------------------------------
# A committing test (transactional_db, live_server) ends with pytest-django emptying every table with
# TRUNCATE — the rows the migrations wrote too (the support figures' epoch, the kept numerators' years),
# and a TRUNCATE trigger then logs a support change into the emptied database. In one process that is
# harmless: pytest-django runs the committing tests after all others. In a parallel run (ADR 0048) a
# worker takes whole files, so tests of a later file would read that emptied database. So in a worker
# the database is put back as the migrations left it after each committing test: the rows taken once
# before the first test are loaded again in place of what post_migrate and the triggers wrote.


class _MigratedRows:
    def __init__(self) -> None:
        self.rows: str | None = None
        self.tables: list[str] = []

    def take(self, blocker: Any) -> None:
        import os

        if not os.environ.get("PYTEST_XDIST_WORKER") or self.rows is not None:
            return
        from django.apps import apps
        from django.db import connection

        with blocker.unblock():
            self.rows = connection.creation.serialize_db_to_string()
            self.tables = sorted(
                {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
            )

    def restore(self, blocker: Any) -> None:
        if self.rows is None:
            return
        from django.db import connection, transaction

        with blocker.unblock(), transaction.atomic():
            with connection.cursor() as cur:
                # Emptied again without a trigger (what they logged, what post_migrate wrote after the
                # TRUNCATE with new ids), then the migrated rows loaded with theirs.
                cur.execute("SET LOCAL session_replication_role = replica")
                cur.execute("".join(f'DELETE FROM "{t}";' for t in self.tables))  # noqa: S608
            connection.creation.deserialize_db_from_string(self.rows)


_MIGRATED = _MigratedRows()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    yield  # the test's fixtures torn down: a committing test's database emptied
    # After the worker's last test the session's fixtures are torn down too: the test database is gone.
    if _MIGRATED.rows is not None and nextitem is not None and _commits(item):
        _MIGRATED.restore(item.config.stash[_blocker_key()])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """pytest-django's, and before it drops the test database the sessions still open on it are ended."""
    yield
    _end_other_sessions(django_db_blocker)


def _end_other_sessions(blocker: Any) -> None:
    """Before the session's fixtures drop the test database: end the sessions a test left open on it (a
    thread's own connection), which would make DROP DATABASE fail with a warning at the end of the run."""
    from django.db import connection

    if not connection.settings_dict["NAME"].startswith("test_"):
        return  # no test database was set up in this process
    # Whatever fails here, the drop's own warning says so as before.
    with contextlib.suppress(Exception), blocker.unblock(), connection.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


def _blocker_key() -> Any:
    from pytest_django.plugin import blocking_manager_key

    return blocking_manager_key


def _commits(item: Any) -> bool:
    if _COMMITTING & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: Any) -> None:
    """Before any fixture of the next test: roll the module's world back unless that test uses it."""
    if (
        _KEPT is not None
        and _KEPT.atomic is not None
        and (item.module.__name__ != _KEPT.module or not _wants_kept_world(item, item.fixturenames))
    ):
        _KEPT.close()


@pytest.fixture
def _django_db_helper(_world_outer: None, _django_db_helper: Any) -> Any:
    """pytest-django's test atomics, entered after (inside) the module's world when the test uses it."""
    return _django_db_helper


@pytest.fixture
def _world_outer(request: Any, _kept_world: Any) -> None:
    module = request.module.__name__
    if _wants_kept_world(request.node, request.fixturenames) and not _kept_world.holds(module):
        _kept_world.open(module)


@pytest.fixture
def world(request: Any, db: Any) -> World:
    if _KEPT is not None and _KEPT.holds(request.module.__name__):
        return _KEPT.world()
    return build_world()


@pytest.fixture
def login(client: Any) -> Any:
    """``login(user)`` logs the Django test client in as ``user``, second factor included."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return _login


def _truncate_trigger(enabled: bool) -> None:
    from django.db import connection

    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE audit_auditevent {verb} TRIGGER audit_event_no_truncate")


@pytest.fixture
def live_db(transactional_db: Any) -> Any:
    """A database the live server thread sees (committed). pytest-django empties it with TRUNCATE
    after the test, which the audit table refuses; only that trigger is lifted, after the test."""
    _truncate_trigger(True)
    yield
    _truncate_trigger(False)
