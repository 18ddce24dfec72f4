"""The supports' change log per commune (issue #20, ADR 0049 amended, ADR 0037).

``reporting_supportchange`` gains the commune: a statement on ``registry_support`` logs one row per
province **and commune** of the children its rows belong to (from its transition tables, as 0007), and a
child moved to another commune logs its old province and commune and its new ones. The support section is
kept per commune (``content._support``), each commune's part under the count of its own rows and of those
of none: a support given in one commune makes the next miss read that commune's supports only, not the
province's.
"""

from django.db import migrations, models

CHANGED = "reporting_support_changed"


def _function(columns: str, child: str, moved: str) -> list[str]:
    def rows(table: str) -> str:
        return child.format(rows=table)

    return [
        f"""
        CREATE OR REPLACE FUNCTION {CHANGED}_registry_support() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                INSERT INTO reporting_supportchange (province_id) VALUES (NULL);
            ELSIF TG_OP = 'INSERT' THEN
                INSERT INTO reporting_supportchange ({columns}) SELECT DISTINCT * FROM
                    ({rows("new_rows")}) AS p;
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO reporting_supportchange ({columns}) SELECT DISTINCT * FROM
                    ({rows("old_rows")} UNION {rows("new_rows")}) AS p;
            ELSE
                INSERT INTO reporting_supportchange ({columns}) SELECT DISTINCT * FROM
                    ({rows("old_rows")}) AS p;
            END IF;
            RETURN NULL;
        END $$;
        """,
        f"""
        CREATE OR REPLACE FUNCTION {CHANGED}_child_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO reporting_supportchange ({columns}) SELECT DISTINCT * FROM {moved};
            RETURN NULL;
        END $$;
        """,
    ]


FORWARD = _function(
    "province_id, commune_id",
    "SELECT c.province_id, c.commune_id FROM {rows} r LEFT JOIN registry_child c ON c.id = r.child_id",
    "(VALUES (OLD.province_id, OLD.commune_id), (NEW.province_id, NEW.commune_id)) AS v",
)
REVERSE = _function(  # migration 0007's
    "province_id",
    "SELECT c.province_id FROM {rows} r LEFT JOIN registry_child c ON c.id = r.child_id",
    "(VALUES (OLD.province_id), (NEW.province_id)) AS v",
)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_support_changes_per_province")]

    operations = [
        migrations.AddField(
            model_name="supportchange",
            name="commune",
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
            index=models.Index(fields=["province", "commune", "id"], name="reporting_supchg_comm_idx"),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
