"""Which role each process connects as (ADR 0013): the launcher's choice and the settings' reading of it."""

from __future__ import annotations

import pytest

from config.env import database_app_role, default_database
from treem import cli
from treem.core.dbroles import app_grant_statements

APP = "postgresql://treem_app:a@db:5432/treem"
OWNER = "postgresql://treem_owner:o@db:5432/treem"


@pytest.mark.parametrize(
    ("command", "owner"),
    [
        ("migrate", True),
        ("load_reference", True),
        ("seed_demo", True),
        ("seed_demo_children", True),
        ("backup", True),
        ("restore", True),
        ("procrastinate", False),
        ("audit_seal", False),
        ("audit_verify", False),
        ("createsuperuser", False),
        ("import_children", False),
    ],
)
def test_the_launcher_runs_admin_work_as_the_owner(command: str, owner: bool) -> None:
    assert cli.needs_owner(command) is owner
    assert cli.role_env(owner)["TREEM_DB_ROLE"] == ("owner" if owner else "app")


def test_settings_pick_the_url_of_the_role(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", APP)
    monkeypatch.setenv("DATABASE_OWNER_URL", OWNER)
    monkeypatch.delenv("TREEM_DB_APP_ROLE", raising=False)
    monkeypatch.setenv("TREEM_DB_ROLE", "app")
    assert default_database()["USER"] == "treem_app"
    monkeypatch.setenv("TREEM_DB_ROLE", "owner")
    assert default_database()["USER"] == "treem_owner"
    assert database_app_role() == "treem_app"
    # One URL only (a single-role installation): everything uses it and no grants step runs.
    monkeypatch.delenv("DATABASE_OWNER_URL")
    assert default_database()["USER"] == "treem_app"
    assert database_app_role() == ""


def test_the_audit_table_is_append_only_for_the_application_role() -> None:
    statements = app_grant_statements("treem_app", 180000)
    assert any("MAINTAIN" in s for s in statements)
    audit = statements[-1]
    assert 'REVOKE ALL ON public."audit_auditevent" FROM "treem_app"' in audit
    assert 'GRANT SELECT, INSERT ON public."audit_auditevent"' in audit
    assert not any("MAINTAIN" in s for s in app_grant_statements("treem_app", 160000))


def test_pooling_and_the_replica_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.env import database_from_url, replica_database

    for name in ("TREEM_DB_POOL_MAX", "TREEM_DB_PGBOUNCER", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(name, raising=False)
    assert "OPTIONS" not in database_from_url(APP) and database_from_url(APP)["CONN_MAX_AGE"] == 60
    assert replica_database() is None
    monkeypatch.setenv("TREEM_DB_POOL_MAX", "8")
    db = database_from_url(APP)
    assert db["CONN_MAX_AGE"] == 0  # Django's pool refuses persistent connections
    assert db["OPTIONS"] == {"pool": {"min_size": 2, "max_size": 8, "timeout": 10}}
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://treem_app:a@standby:5432/treem")
    replica = replica_database()
    assert replica is not None and replica["HOST"] == "standby"
    assert replica["OPTIONS"] == {"pool": {"min_size": 2, "max_size": 8, "timeout": 10}, "connect_timeout": 3}
    assert replica["TEST"] == {"MIRROR": "default"}
    monkeypatch.setenv("TREEM_DB_PGBOUNCER", "1")  # transaction pooling: no session state
    db = database_from_url(APP)
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True and db["OPTIONS"] == {"prepare_threshold": None}
