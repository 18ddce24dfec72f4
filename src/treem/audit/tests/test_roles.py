"""The application role (ADR 0013) cannot rewrite the audit trail: it connects to the test database
and every way of changing or hiding events is refused, while appending through audit_log works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from psycopg import errors

from treem.audit.models import AuditEvent
from treem.audit.services import audit_log, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_conn() -> Iterator[psycopg.Connection[Any]]:
    url = settings.TREEM_TEST_APP_DATABASE_URL
    if not url:
        pytest.skip("no application role for this test server (DATABASE_URL set from outside)")
    params = connection.get_connection_params()
    with psycopg.connect(
        url,
        dbname=connection.settings_dict["NAME"],
        host=params["host"],
        port=params["port"],
        autocommit=True,
    ) as conn:
        yield conn


REFUSED = [
    "UPDATE audit_auditevent SET action = 'tampered'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete",
    "ALTER TABLE audit_auditevent ADD COLUMN note text",
    "DROP TRIGGER audit_event_no_update_delete ON audit_auditevent",
    "DROP TABLE audit_auditevent",
    "SET session_replication_role = replica",
    "CREATE TABLE audit_shadow (id int)",
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_application_role_cannot_rewrite_the_audit_trail(app_conn: Any, statement: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        app_conn.execute(statement)


def test_application_role_owns_nothing_and_reads_and_writes_the_rest(app_conn: Any) -> None:
    role = app_conn.execute(
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    assert role == (False, False, False, False)
    owned = app_conn.execute(
        "SELECT count(*) FROM pg_class "
        "WHERE relowner = current_user::regrole AND relnamespace = 'public'::regnamespace"
    ).fetchone()
    assert owned == (0,)
    rows = app_conn.execute(
        "SELECT tablename, "
        "bool_and(has_table_privilege(current_user, 'public.' || quote_ident(tablename), p)) "
        "FROM pg_tables, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS p "
        "WHERE schemaname = 'public' GROUP BY tablename"
    ).fetchall()
    tables = dict(rows)
    assert tables.pop("audit_auditevent") is False
    assert tables and all(tables.values()), [t for t, ok in tables.items() if not ok]
    assert "procrastinate_jobs" in tables
    audit = app_conn.execute(
        "SELECT has_table_privilege(current_user, 'audit_auditevent', 'SELECT'), "
        "has_table_privilege(current_user, 'audit_auditevent', 'INSERT')"
    ).fetchone()
    assert audit == (True, True)
    # The bulk import fills a temporary table and ANALYZEs registry_child (ADR 0012) — the latter with
    # MAINTAIN, a privilege of PostgreSQL 17+ (on 15 and 16 a non-owner's ANALYZE is skipped).
    assert app_conn.execute(
        "SELECT has_database_privilege(current_user, current_database(), 'TEMPORARY')"
    ).fetchone() == (True,)
    if app_conn.info.server_version >= 170000:
        assert app_conn.execute(
            "SELECT has_table_privilege(current_user, 'registry_child', 'MAINTAIN')"
        ).fetchone() == (True,)
    assert app_conn.execute(
        "SELECT bool_and(has_function_privilege(current_user, p.oid, 'EXECUTE')) FROM pg_proc p "
        "WHERE p.proname LIKE 'procrastinate%'"
    ).fetchone() == (True,)


def test_audit_log_appends_as_the_application_role() -> None:
    if not settings.TREEM_DB_APP_ROLE:
        pytest.skip("no application role configured")
    with connection.cursor() as cur:
        cur.execute(f'SET ROLE "{settings.TREEM_DB_APP_ROLE}"')
    try:
        event = audit_log(actor="system", action="test.role.append")
        with pytest.raises(Exception, match="permission denied"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
        with connection.cursor() as cur:
            cur.execute("SELECT current_user")
            assert cur.fetchone() == (settings.TREEM_DB_APP_ROLE,)
    finally:
        with connection.cursor() as cur:
            cur.execute("RESET ROLE")
    assert verify_chain()[1] is None and AuditEvent.objects.filter(action="test.role.append").exists()
