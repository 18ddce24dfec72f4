"""The report's support figures kept under a stamp of the register's supports (issue #20, ADR 0037).

Triggers append a row to ``reporting_supportchange`` for every statement that changes
``registry_support`` (insert, update, delete, truncate; COPY fires them too) and for every child moved to
another commune (a row trigger with a WHEN: an update that leaves the commune queues nothing). The
stamp — ``SupportEpoch.number`` and the count of those rows, read in one statement — changes with every
committed change, so figures kept under it are never stale.
"""

from django.db import migrations, models

CHANGED = "reporting_support_changed"
FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION {CHANGED}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO reporting_supportchange DEFAULT VALUES;
        RETURN NULL;
    END $$;
    """,
    f"CREATE TRIGGER {CHANGED} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_support "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}();",
    f"CREATE TRIGGER reporting_support_child_moved AFTER UPDATE OF commune_id ON registry_child "
    f"FOR EACH ROW WHEN (OLD.commune_id IS DISTINCT FROM NEW.commune_id) EXECUTE FUNCTION {CHANGED}();",
    "INSERT INTO reporting_supportepoch (number) VALUES (1);",
]
REVERSE = [
    "DROP TRIGGER IF EXISTS reporting_support_child_moved ON registry_child;",
    f"DROP TRIGGER IF EXISTS {CHANGED} ON registry_support;",
    f"DROP FUNCTION IF EXISTS {CHANGED}();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("registry", "0014_child_indexes_no_query_needs"),
    ]

    operations = [
        migrations.CreateModel(
            name="SupportChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="SupportEpoch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=1)),
            ],
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
