"""The page's change log names the part a change feeds, and the register's rows their commune (issue #20,
ADR 0049 amended (5)).

``reporting_reportchange`` gains ``part`` and ``commune``: the plans' four tables log their rows as part 1
(``PLANS``: only the tasks read them), the register and the child's facts (children, circumstances,
injuries, labour records, supports) as part 2 (``REGISTER``) with the child's commune — one row per
distinct (province, commune) a statement touched, an UPDATE's old rows and new (a child moved is a change of
both communes), a TRUNCATE or a child not found a row of no commune —, and every other table as part 0 (the
column's default: their triggers are unchanged). The page keeps each part of its figures under the rows of
the parts it reads (``content.kept_figures``), and the indicators' register counts per commune: a record
saved in one commune reads that commune's counts again, not the plan's tasks nor the province's counts.
"""

import importlib

from django.db import migrations, models

CHANGED = "reporting_report_changed"
PLANS, REGISTER = 1, 2
_0005 = importlib.import_module("treem.reporting.migrations.0005_report_changes_per_province")
_0006 = importlib.import_module("treem.reporting.migrations.0006_plans_and_targets_per_province")
CHILD = "SELECT c.province_id, c.commune_id FROM {rows} r LEFT JOIN registry_child c ON c.id = r.child_id"
# The (province, commune) of the register's rows ``{rows}`` (a transition table): one key join at most.
REGISTER_OF = {
    "registry_child": "SELECT province_id, commune_id FROM {rows}",
    "registry_childcircumstance": CHILD,
    "registry_injury": CHILD,
    "registry_labourrecord": CHILD,
    "registry_support": CHILD,
}
PLANS_OF = {
    table: _0006.PROVINCE_OF[table]
    for table in ("plans_plan", "plans_task", "plans_taskagency", "plans_taskprogress")
}


def _function(table: str, rows: str, part: int, *, commune: bool) -> str:
    columns, names = (
        ("province_id, commune_id", "p (province, commune)") if commune else ("province_id", "p (province)")
    )
    picked = "p.province, p.commune" if commune else "p.province"

    def insert(source: str) -> str:
        return (
            f"INSERT INTO reporting_reportchange ({columns}, part) SELECT DISTINCT {picked}, {part} "
            f"FROM ({source}) AS {names};"
        )

    return f"""
    CREATE OR REPLACE FUNCTION {CHANGED}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            INSERT INTO reporting_reportchange (province_id, part) VALUES (NULL, {part});
        ELSIF TG_OP = 'INSERT' THEN
            {insert(rows.format(rows="new_rows"))}
        ELSIF TG_OP = 'UPDATE' THEN
            {insert(rows.format(rows="old_rows") + " UNION " + rows.format(rows="new_rows"))}
        ELSE
            {insert(rows.format(rows="old_rows"))}
        END IF;
        RETURN NULL;
    END $$;
    """


FORWARD = [
    *(_function(table, rows, REGISTER, commune=True) for table, rows in REGISTER_OF.items()),
    *(_function(table, rows, PLANS, commune=False) for table, rows in PLANS_OF.items()),
]
REVERSE = [
    *(_0005._function(table) for table in REGISTER_OF),
    *(_0006._function(table) for table in PLANS_OF),
]


class Migration(migrations.Migration):
    dependencies = [("reporting", "0008_support_changes_per_commune")]

    operations = [
        migrations.RemoveIndex(model_name="reportchange", name="reporting_change_prov_idx"),
        migrations.AddField(
            model_name="reportchange",
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
        migrations.AddField(
            model_name="reportchange",
            name="part",
            field=models.PositiveSmallIntegerField(db_default=0),
        ),
        migrations.AddField(
            model_name="reportfigures",
            name="parts",
            field=models.JSONField(default=dict),
        ),
        migrations.AddIndex(
            model_name="reportchange",
            index=models.Index(
                fields=["province", "part", "commune", "id"], name="reporting_change_part_idx"
            ),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
