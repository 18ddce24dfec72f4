"""The two database roles (ADR 0013): an owner that migrates, and an application role that owns nothing.

- the **owner** role owns the database, the ``public`` schema and every table, function and type in
  it; migrations, the reference loader, the demo seeders, backup and restore run as the owner;
- the **application** role (web server, job worker) owns nothing: it may read and write the
  tables, but on the audit table only SELECT and INSERT. Not being the owner it cannot disable the
  append-only triggers (``ALTER TABLE … DISABLE TRIGGER``), and not being a superuser it cannot
  ``SET session_replication_role = replica`` (which skips triggers).

``app_grant_statements`` is the grants step, run after every ``migrate`` (``treem.audit.apps``) and
at every start of the embedded server, so that tables added by later migrations are covered; the
owner's default privileges cover objects it creates in between.

No Django imports: ``treem.core.pgserver`` uses this before Django is set up.
"""

from __future__ import annotations

from typing import Any

# Only SELECT and INSERT on these: the append-only audit trail.
APPEND_ONLY_TABLES = ("audit_auditevent",)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def app_grant_statements(app_role: str, server_version_num: int) -> list[str]:
    """SQL run by the owner (or a superuser) in the application database: ``app_role``'s rights."""
    r = _ident(app_role)
    table_rights = "SELECT, INSERT, UPDATE, DELETE"
    if server_version_num >= 170000:
        # MAINTAIN (PostgreSQL 17+) lets the bulk import ANALYZE registry_child; a non-owner's ANALYZE
        # is otherwise skipped with a warning.
        table_rights += ", MAINTAIN"
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT {table_rights} ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
        f"GRANT EXECUTE ON ALL ROUTINES IN SCHEMA public TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {table_rights} ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON ROUTINES TO {r}",
    ]
    for table in APPEND_ONLY_TABLES:
        t = f"public.{_ident(table)}"
        seq = f"public.{_ident(table + '_id_seq')}"
        statements += [
            f"DO $$ BEGIN IF to_regclass('{t}') IS NOT NULL THEN "
            f"REVOKE ALL ON {t} FROM {r}; GRANT SELECT, INSERT ON {t} TO {r}; END IF; "
            f"IF to_regclass('{seq}') IS NOT NULL THEN "
            f"REVOKE ALL ON SEQUENCE {seq} FROM {r}; "
            f"GRANT USAGE, SELECT ON SEQUENCE {seq} TO {r}; END IF; END $$",
        ]
    return statements


def grant_app_privileges(cursor: Any, app_role: str) -> bool:
    """Run the grants step through a DB-API cursor; False (nothing done) when the role is absent or
    the cursor is itself connected as the application role."""
    if not app_role:
        return False
    cursor.execute(
        "SELECT current_user, current_setting('server_version_num')::int, "
        "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)",
        [app_role],
    )
    current, version, exists = cursor.fetchone()
    if not exists or current == app_role:
        return False
    for statement in app_grant_statements(app_role, version):
        cursor.execute(statement)
    return True


# Objects in ``public`` not owned by the owner role and not part of an extension: what an older var/
# (everything created by the superuser) holds. Ownership moves to the owner role at the next start.
FOREIGN_RELATIONS = """
SELECT c.oid::regclass::text, c.relkind FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> %(owner)s::regrole
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = c.oid AND e.deptype = 'e')
  AND NOT (c.relkind = 'S' AND EXISTS (
      SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')
        AND d.refclassid = 'pg_class'::regclass))
ORDER BY c.relkind <> 'r', c.oid
"""

FOREIGN_ROUTINES = """
SELECT p.oid::regprocedure::text FROM pg_proc p
WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> %(owner)s::regrole
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = p.oid AND e.deptype = 'e')
"""

FOREIGN_TYPES = """
SELECT t.oid::regtype::text FROM pg_type t
WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> %(owner)s::regrole
  AND (t.typtype IN ('e', 'd', 'r', 'm')
       OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = t.oid AND e.deptype = 'e')
"""

_RELKIND_WORD = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}


def transfer_ownership(cursor: Any, owner_role: str) -> int:
    """Make ``owner_role`` the owner of every non-extension object in ``public``; returns how many moved.
    Run by a superuser (the embedded server's upgrade of an older var/)."""
    o = _ident(owner_role)
    moved = 0
    cursor.execute(FOREIGN_RELATIONS, {"owner": owner_role})
    for name, kind in cursor.fetchall():
        cursor.execute(f"ALTER {_RELKIND_WORD[kind]} {name} OWNER TO {o}")
        moved += 1
    cursor.execute(FOREIGN_ROUTINES, {"owner": owner_role})
    for (name,) in cursor.fetchall():
        cursor.execute(f"ALTER ROUTINE {name} OWNER TO {o}")
        moved += 1
    cursor.execute(FOREIGN_TYPES, {"owner": owner_role})
    for (name,) in cursor.fetchall():
        cursor.execute(f"ALTER TYPE {name} OWNER TO {o}")
        moved += 1
    return moved
