"""The report page's stamp per province (issue #20, ADR 0049 amended).

The register and the tables reached through a child, a case or an activity log, for every statement,
one row per province the statement touched (from its transition tables: the new rows of an INSERT, the
old and the new of an UPDATE — a child may move to another province —, the old of a DELETE; a TRUNCATE
logs a row of no province). A row whose province is not found (its child deleted by the same statement)
logs a row of no province, which every report counts. The other tables of migration 0004 keep logging a
row of no province per statement.
"""

from django.db import migrations, models

CHANGED = "reporting_report_changed"
CHILD = "SELECT c.province_id FROM {rows} r LEFT JOIN registry_child c ON c.id = r.child_id"
CASE = "SELECT k.province_id FROM {rows} r LEFT JOIN cases_case k ON k.id = r.case_id"
# an activity's province: the second key of its unit's path ("/<nation>/<province>/…/"); none for the nation
ACTIVITY = (
    "SELECT nullif(split_part(u.path, '/', 3), '')::bigint FROM {rows} r"
    " LEFT JOIN activities_activity a ON a.id = r.activity_id LEFT JOIN geo_adminunit u ON u.id = a.unit_id"
)
# The province(s) of the rows ``{rows}`` (a transition table): one key join at most per source.
PROVINCE_OF = {
    "registry_child": "SELECT province_id FROM {rows}",
    "registry_childcircumstance": CHILD,
    "registry_injury": CHILD,
    "registry_labourrecord": CHILD,
    "registry_support": CHILD,
    "cases_case": "SELECT province_id FROM {rows}",
    "cases_caseplan": CASE,
    "cases_deadline": CASE,
    # a child may take part in another province's activity: both provinces' figures may count it
    "activities_activitychild": f"{CHILD} UNION {ACTIVITY}",
    "activities_childcount": ACTIVITY,
}


def _function(table: str) -> str:
    rows = PROVINCE_OF[table]
    return f"""
    CREATE OR REPLACE FUNCTION {CHANGED}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            INSERT INTO reporting_reportchange (province_id) VALUES (NULL);
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO reporting_reportchange (province_id) SELECT DISTINCT p.province FROM
                ({rows.format(rows="new_rows")}) AS p (province);
        ELSIF TG_OP = 'UPDATE' THEN
            INSERT INTO reporting_reportchange (province_id) SELECT DISTINCT p.province FROM
                ({rows.format(rows="old_rows")} UNION {rows.format(rows="new_rows")}) AS p (province);
        ELSE
            INSERT INTO reporting_reportchange (province_id) SELECT DISTINCT p.province FROM
                ({rows.format(rows="old_rows")}) AS p (province);
        END IF;
        RETURN NULL;
    END $$;
    """


def _triggers(table: str) -> list[str]:
    function = f"{CHANGED}_{table}()"
    return [
        f"DROP TRIGGER IF EXISTS {CHANGED} ON {table};",
        _function(table),
        f"CREATE TRIGGER {CHANGED}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function};",
        f"CREATE TRIGGER {CHANGED}_upd AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function};",
        f"CREATE TRIGGER {CHANGED}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function};",
        f"CREATE TRIGGER {CHANGED}_trunc AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {function};",
    ]


def _untriggers(table: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {CHANGED}_{event} ON {table};" for event in ("ins", "upd", "del", "trunc")),
        f"DROP FUNCTION IF EXISTS {CHANGED}_{table}();",
        f"CREATE TRIGGER {CHANGED} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}();",
    ]


FORWARD = [statement for table in PROVINCE_OF for statement in _triggers(table)]
REVERSE = [statement for table in PROVINCE_OF for statement in _untriggers(table)]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_page_figures_kept"),
        ("geo", "0005_hamlet_former_commune"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportchange",
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
            model_name="reportchange",
            index=models.Index(fields=["province", "id"], name="reporting_change_prov_idx"),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
