"""The plans, their tasks, agencies and progress, and the indicators' targets logged per province (issue #20,
ADR 0049 amended again).

A report's figures read the tasks of its own plan — issued by its unit or by the nation (the report of any
other plan counts every change, ``content.kept_figures``) — and the targets of its unit, its ancestors and
the former units that hold its territory. Each of these tables logs, for every statement, one row per
province its rows belong to: the province of the plan's issuing unit, or of the target's unit — the second
key of the unit's path on the current map —, and a row of no province (counted by every report) for a unit
of the nation, a unit of the former map (its targets measure current units of any province, ADR 0024) or a
row whose unit is not found (deleted by the same statement). As in migration 0005: an INSERT's new rows, an
UPDATE's old and new (a plan given to another unit is a change of both provinces), a DELETE's old; a
TRUNCATE logs a row of no province.
"""

from django.db import migrations

CHANGED = "reporting_report_changed"
# the province of a unit ``u`` of the current map ("/<nation>/<province>/…/"); none for the nation and for a
# unit of the former map (generation 2008) or not found
PROVINCE = "CASE WHEN u.generation = '2025' THEN nullif(split_part(u.path, '/', 3), '')::bigint END"
PLAN = "LEFT JOIN plans_plan p ON p.id = {key} LEFT JOIN geo_adminunit u ON u.id = p.unit_id"
# The province(s) of the rows ``{rows}`` (a transition table): key joins only.
PROVINCE_OF = {
    "plans_plan": f"SELECT {PROVINCE} FROM {{rows}} r LEFT JOIN geo_adminunit u ON u.id = r.unit_id",
    "plans_task": f"SELECT {PROVINCE} FROM {{rows}} r {PLAN.format(key='r.plan_id')}",
    "plans_taskagency": f"SELECT {PROVINCE} FROM {{rows}} r LEFT JOIN plans_task t ON t.id = r.task_id "
    f"{PLAN.format(key='t.plan_id')}",
    "plans_taskprogress": f"SELECT {PROVINCE} FROM {{rows}} r LEFT JOIN plans_task t ON t.id = r.task_id "
    f"{PLAN.format(key='t.plan_id')}",
    "indicators_target": f"SELECT {PROVINCE} FROM {{rows}} r LEFT JOIN geo_adminunit u ON u.id = r.unit_id",
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
        ("reporting", "0005_report_changes_per_province"),
        ("plans", "0005_yearly_changes_every_year"),
        ("indicators", "0014_numerators_dirty_without_joins"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
