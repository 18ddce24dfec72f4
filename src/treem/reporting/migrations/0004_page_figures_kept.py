"""The report page's figures kept under a stamp of every table they are read from (issue #20, ADR 0049).

A statement trigger on each of those tables appends a row to ``reporting_reportchange`` for every
statement that changes it (insert, update, delete, truncate; COPY fires them too). The stamp —
``ReportEpoch.number``, the count and the last id of those rows, read in one statement — changes with
every committed change, so figures kept under it are never stale.
"""

import django.db.models.deletion
from django.db import migrations, models

CHANGED = "reporting_report_changed"
# Every table ``content.figures`` reads but the kept numerators (folded from these tables by their own
# triggers, in the same transactions) and the support figures (kept under their own stamp, ADR 0037):
# ``test_page_kept.test_every_table_the_figures_read_is_logged`` holds the list to the queries.
TABLES = (
    "activities_activity",
    "activities_activitychild",
    "activities_childcount",
    "activities_playplace",
    "assessment_assessmentround",
    "assessment_communeassessment",
    "cases_case",
    "cases_caseplan",
    "cases_deadline",
    "core_calendaroverride",
    "geo_adminunit",
    "geo_unitsuccession",
    "indicators_indicator",
    "indicators_reportedvalue",
    "indicators_target",
    "plans_plan",
    "plans_task",
    "plans_taskagency",
    "plans_taskprogress",
    "registry_child",
    "registry_childcircumstance",
    "registry_ethnicity",
    "registry_injury",
    "registry_labourrecord",
    "registry_support",
)
FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION {CHANGED}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO reporting_reportchange DEFAULT VALUES;
        RETURN NULL;
    END $$;
    """,
    *(
        f"CREATE TRIGGER {CHANGED} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGED}();"
        for table in TABLES
    ),
    "INSERT INTO reporting_reportepoch (number) VALUES (1);",
]
REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {CHANGED} ON {table};" for table in TABLES),
    f"DROP FUNCTION IF EXISTS {CHANGED}();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_support_figures_in_the_database"),
        ("activities", "0002_play_places"),
        ("assessment", "0002_paper_results_standing"),
        ("cases", "0003_police_referral_beside_the_support_track"),
        ("core", "0004_export_jobs"),
        ("geo", "0005_hamlet_former_commune"),
        ("indicators", "0014_numerators_dirty_without_joins"),
        ("plans", "0005_yearly_changes_every_year"),
        ("registry", "0020_keys_checked_without_joins"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="ReportEpoch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=1)),
            ],
        ),
        migrations.CreateModel(
            name="ReportFigures",
            fields=[
                (
                    "obligation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="reporting.obligation",
                    ),
                ),
                ("stamp", models.CharField(max_length=200)),
                ("figures", models.JSONField()),
            ],
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
