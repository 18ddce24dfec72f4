"""The computed indicators' numerators kept per commune and key for a few years (issue #20, ADR 0033).

Triggers on the register and on each table of facts the numerators read append the ids of the children
whose part may have changed to ``indicators_numeratordirty`` — in the changing transaction, a plain
INSERT that waits for no other writer (COPY fires them too). ``numerators.fold()`` (a periodic job)
folds them into the kept counts; the catalogue corrects the kept counts for those not folded yet, in the
same statement. Then the counts of the year before, this year and the next are back-filled from the
register as it stands (``numerators.keep_window``).
"""

from typing import Any

from django.db import migrations, models

DIRTY = "indicators_numeratordirty"


def _function(name: str, body: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {body}
            RETURN NULL;
        END $$;
    """


def _log(select: str) -> str:
    """Append the child ids of ``select`` (NULLs and repeats left out) to the log."""
    return f"INSERT INTO {DIRTY} (child_id) SELECT DISTINCT id FROM ({select}) AS x(id) WHERE id IS NOT NULL;"


def _changed(columns: str, ids: str) -> str:
    """``ids`` (a VALUES list over ``n`` and ``o``) of the rows of an UPDATE whose ``columns`` changed,
    new and old side by side."""
    old = ", ".join(f"o.{c}" for c in columns.split(", "))
    new = ", ".join(f"n.{c}" for c in columns.split(", "))
    return (
        f"SELECT v.id FROM new_rows n JOIN old_rows o ON o.id = n.id "
        f"CROSS JOIN LATERAL (VALUES {ids}) AS v(id) WHERE ({new}) IS DISTINCT FROM ({old})"
    )


# A child's part depends on its commune, sex, birth date, ethnicity, status (moved away, died when) and
# merge; its survivor's on the cases of the records merged into it.
CHILD_KEY = "commune_id, sex, date_of_birth, ethnicity_id, status, status_date, merged_into_id"
# The columns of each table of facts the numerators read (the child's link first).
FACTS = {
    "registry_childcircumstance": "child_id, start_date, end_date",
    "registry_support": "child_id, date",
    "registry_labourrecord": "child_id, recorded_on, status",
    "registry_injury": "child_id, date, outcome",
}
# An abuse case counts for the record it was filed against, or the record that one was merged into.
CASE_COLUMNS = "child_id, category, received_at, status"
SURVIVOR = "coalesce(m.merged_into_id, x.child_id)"


def _trigger(table: str, name: str, when: str, referencing: str) -> str:
    return (
        f"CREATE TRIGGER {name} AFTER {when} ON {table} {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
    )


def _sql() -> tuple[list[str], list[str]]:
    forward: list[str] = []
    reverse: list[str] = []

    def add(table: str, name: str, when: str, referencing: str, body: str) -> None:
        forward.append(_function(name, body))
        forward.append(_trigger(table, name, when, referencing))
        reverse.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
        reverse.append(f"DROP FUNCTION IF EXISTS {name}();")

    new, old, both = (
        "REFERENCING NEW TABLE AS new_rows",
        "REFERENCING OLD TABLE AS old_rows",
        ("REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    )
    # The register: a new record changes nothing until facts point at it (their triggers log it), except
    # a record entered already merged into another, whose cases count for the survivor. A row trigger
    # with a WHEN: an import of new children (never merged) queues nothing and keeps no transition table.
    name = "indicators_numerators_child_insert"
    forward.append(_function(name, f"INSERT INTO {DIRTY} (child_id) VALUES (NEW.merged_into_id);"))
    forward.append(
        f"CREATE TRIGGER {name} AFTER INSERT ON registry_child FOR EACH ROW "
        f"WHEN (NEW.merged_into_id IS NOT NULL) EXECUTE FUNCTION {name}();"
    )
    reverse.append(f"DROP TRIGGER IF EXISTS {name} ON registry_child;")
    reverse.append(f"DROP FUNCTION IF EXISTS {name}();")
    add(
        "registry_child",
        "indicators_numerators_child_delete",
        "DELETE",
        old,
        _log("SELECT id FROM old_rows UNION ALL SELECT merged_into_id FROM old_rows"),
    )
    add(
        "registry_child",
        "indicators_numerators_child_update",
        "UPDATE",
        both,
        _log(_changed(CHILD_KEY, "(n.id), (o.merged_into_id), (n.merged_into_id)")),
    )
    add(
        "registry_child",
        "indicators_numerators_child_truncate",
        "TRUNCATE",
        "",
        f"DELETE FROM indicators_numeratorchild; DELETE FROM indicators_numeratorcount; DELETE FROM {DIRTY};",
    )
    for table, columns in FACTS.items():
        short = table.removeprefix("registry_")
        add(
            table,
            f"indicators_numerators_{short}_insert",
            "INSERT",
            new,
            _log("SELECT child_id FROM new_rows"),
        )
        add(
            table,
            f"indicators_numerators_{short}_delete",
            "DELETE",
            old,
            _log("SELECT child_id FROM old_rows"),
        )
        add(
            table,
            f"indicators_numerators_{short}_update",
            "UPDATE",
            both,
            _log(_changed(columns, "(n.child_id), (o.child_id)")),
        )
        # Every child with a kept part is folded again.
        add(
            table,
            f"indicators_numerators_{short}_truncate",
            "TRUNCATE",
            "",
            _log("SELECT child_id FROM indicators_numeratorchild"),
        )
    cases = "FROM {rows} x LEFT JOIN registry_child m ON m.id = x.child_id WHERE x.category = 'abuse'"
    add(
        "cases_case",
        "indicators_numerators_case_insert",
        "INSERT",
        new,
        _log(f"SELECT {SURVIVOR} " + cases.format(rows="new_rows")),
    )
    add(
        "cases_case",
        "indicators_numerators_case_delete",
        "DELETE",
        old,
        _log(f"SELECT {SURVIVOR} " + cases.format(rows="old_rows")),
    )
    add(
        "cases_case",
        "indicators_numerators_case_update",
        "UPDATE",
        both,
        _log(
            "SELECT coalesce(m.merged_into_id, x.child_id) FROM ("
            f"{_changed(CASE_COLUMNS, '(n.child_id), (o.child_id)')} AND 'abuse' IN (n.category, o.category)"
            ") x(child_id) LEFT JOIN registry_child m ON m.id = x.child_id"
        ),
    )
    add(
        "cases_case",
        "indicators_numerators_case_truncate",
        "TRUNCATE",
        "",
        _log("SELECT child_id FROM indicators_numeratorchild"),
    )
    return forward, list(reversed(reverse))


FORWARD, REVERSE = _sql()


def backfill(apps: Any, schema_editor: Any) -> None:
    """The numerators of the year before, this year and the next, from the register as it stands: done by
    migration 0011 now (its back-fill runs today's ``numerators``, which needs 0011's columns)."""


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_target_kinds_and_breakdowns"),
        ("registry", "0014_child_indexes_no_query_needs"),
        ("cases", "0003_police_referral_beside_the_support_track"),
    ]

    operations = [
        migrations.CreateModel(
            name="NumeratorChild",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "child_id", "year", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("child_id", models.BigIntegerField()),
                ("year", models.IntegerField()),
                ("commune_id", models.BigIntegerField()),
                ("sex", models.CharField(max_length=1)),
                ("birth_year", models.IntegerField()),
                ("ethnic_group", models.SmallIntegerField()),
                ("kinds", models.SmallIntegerField()),
                ("injuries", models.IntegerField()),
                ("deaths", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="NumeratorDirty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("child_id", models.BigIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="NumeratorYear",
            fields=[
                ("year", models.IntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="NumeratorCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.IntegerField()),
                ("commune_id", models.BigIntegerField()),
                ("sex", models.CharField(max_length=1)),
                ("age_band", models.SmallIntegerField()),
                ("ethnic_group", models.SmallIntegerField()),
                ("hcdb", models.IntegerField()),
                ("hcdb_supported", models.IntegerField()),
                ("abused", models.IntegerField()),
                ("labour", models.IntegerField()),
                ("injuries", models.IntegerField()),
                ("injury_deaths", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "commune_id", "sex", "age_band", "ethnic_group"),
                        name="indicators_numerator_key",
                    )
                ],
            },
        ),
        migrations.RunSQL(FORWARD, REVERSE),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
