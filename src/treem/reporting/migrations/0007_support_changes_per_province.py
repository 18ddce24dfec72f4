"""The supports' change log per province (issue #20, ADR 0049 amended, ADR 0037).

``reporting_supportchange`` gains the province: a statement on ``registry_support`` logs one row per
province of the children its rows belong to (from its transition tables: an INSERT's new rows, an
UPDATE's old and new, a DELETE's old; a TRUNCATE, or a row whose child is not found, logs a row of no
province), and a child moved to another commune logs its old province and its new. A report reads the
count of its province's rows and of none (``content.support_stamp``): another province's supports no
longer make it read its supports again.
"""

from django.db import migrations, models

CHANGED = "reporting_support_changed"
CHILD = "SELECT c.province_id FROM {rows} r LEFT JOIN registry_child c ON c.id = r.child_id"


def _rows(rows: str) -> str:
    return CHILD.format(rows=rows)


FORWARD = [
    f"DROP TRIGGER IF EXISTS {CHANGED} ON registry_support;",
    "DROP TRIGGER IF EXISTS reporting_support_child_moved ON registry_child;",
    f"""
    CREATE OR REPLACE FUNCTION {CHANGED}_registry_support() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            INSERT INTO reporting_supportchange (province_id) VALUES (NULL);
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO reporting_supportchange (province_id) SELECT DISTINCT p.province FROM
                ({_rows("new_rows")}) AS p (province);
        ELSIF TG_OP = 'UPDATE' THEN
            INSERT INTO reporting_supportchange (province_id) SELECT DISTINCT p.province FROM
                ({_rows("old_rows")} UNION {_rows("new_rows")}) AS p (province);
        ELSE
            INSERT INTO reporting_supportchange (province_id) SELECT DISTINCT p.province FROM
                ({_rows("old_rows")}) AS p (province);
        END IF;
        RETURN NULL;
    END $$;
    """,
    f"""
    CREATE OR REPLACE FUNCTION {CHANGED}_child_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO reporting_supportchange (province_id)
            SELECT DISTINCT p FROM (VALUES (OLD.province_id), (NEW.province_id)) AS v (p);
        RETURN NULL;
    END $$;
    """,
    f"CREATE TRIGGER {CHANGED}_ins AFTER INSERT ON registry_support REFERENCING NEW TABLE AS new_rows "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}_registry_support();",
    f"CREATE TRIGGER {CHANGED}_upd AFTER UPDATE ON registry_support "
    f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}_registry_support();",
    f"CREATE TRIGGER {CHANGED}_del AFTER DELETE ON registry_support REFERENCING OLD TABLE AS old_rows "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}_registry_support();",
    f"CREATE TRIGGER {CHANGED}_trunc AFTER TRUNCATE ON registry_support "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}_registry_support();",
    f"CREATE TRIGGER reporting_support_child_moved AFTER UPDATE OF commune_id ON registry_child "
    f"FOR EACH ROW WHEN (OLD.commune_id IS DISTINCT FROM NEW.commune_id) "
    f"EXECUTE FUNCTION {CHANGED}_child_moved();",
]
REVERSE = [
    "DROP TRIGGER IF EXISTS reporting_support_child_moved ON registry_child;",
    *(f"DROP TRIGGER IF EXISTS {CHANGED}_{event} ON registry_support;" for event in ("ins", "upd", "del", "trunc")),
    f"DROP FUNCTION IF EXISTS {CHANGED}_registry_support();",
    f"DROP FUNCTION IF EXISTS {CHANGED}_child_moved();",
    f"CREATE TRIGGER {CHANGED} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_support "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}();",
    f"CREATE TRIGGER reporting_support_child_moved AFTER UPDATE OF commune_id ON registry_child "
    f"FOR EACH ROW WHEN (OLD.commune_id IS DISTINCT FROM NEW.commune_id) EXECUTE FUNCTION {CHANGED}();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_plans_and_targets_per_province"),
        ("geo", "0005_hamlet_former_commune"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportchange",
            name="province",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=models.deletion.DO_NOTHING,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AddIndex(
            model_name="supportchange",
            index=models.Index(fields=["province", "id"], name="reporting_supchg_prov_idx"),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
