from django.db import migrations

SQL = r"""
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_auditevent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
CREATE INDEX audit_unit_path_prefix_idx ON audit_auditevent (unit_path varchar_pattern_ops);
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
DROP INDEX IF EXISTS audit_unit_path_prefix_idx;
"""


class Migration(migrations.Migration):
    """The database itself refuses UPDATE, DELETE and TRUNCATE on the audit table."""

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(SQL, reverse_sql=REVERSE)]
