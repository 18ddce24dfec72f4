"""The populations of the kept years kept per age band beside the numerators (issue #20, ADR 0040).

``indicators_populationcount`` gains ``folded``: the rows already there are folded (the column is added
with the default true, which costs no rewrite of the table), the rows the triggers append from now on are
not (default false). ``numerators.fold`` marks the rows it sees folded and adds them to the kept counts
(``indicators_numeratorcount.children`` / ``registered``) of every kept year; the catalogue adds the rows
not folded yet. The compaction (``indicators_population_compact``, ADR 0020) folds only the folded rows
into one per key, and waits for a fold in progress (the fold's lock), so that it never deletes a row the
fold is marking. Then the kept years are computed again, populations included (``numerators.keep_year``);
on a new database this keeps the window's years (0010's back-fill, moved here).
"""

import importlib
from typing import Any

from django.db import migrations, models

previous = importlib.import_module("treem.indicators.migrations.0006_population_count_append_only")

KEY = "commune_id, sex, birth_year, registered, ethnic_group, until_year"

COMPACT = f"""
    CREATE OR REPLACE FUNCTION indicators_population_compact() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
        folded_rows bigint;
    BEGIN
        -- not beside a fold, which marks rows folded (ADR 0040); then one compaction at a time
        PERFORM pg_advisory_xact_lock(hashtext('indicators_numerators'));
        PERFORM pg_advisory_xact_lock(hashtext('indicators_population_compact'));
        WITH spread AS (
            SELECT {KEY} FROM indicators_populationcount WHERE folded
            GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1 OR bool_or(n = 0)
        ), gone AS (
            DELETE FROM indicators_populationcount p USING spread s
            WHERE p.folded
                AND (p.commune_id, p.sex, p.birth_year, p.registered, p.ethnic_group, p.until_year)
                = (s.commune_id, s.sex, s.birth_year, s.registered, s.ethnic_group, s.until_year)
            RETURNING p.commune_id, p.sex, p.birth_year, p.registered, p.ethnic_group, p.until_year, p.n
        )
        INSERT INTO indicators_populationcount ({KEY}, n, folded)
        SELECT {KEY}, sum(n), true FROM gone GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
        GET DIAGNOSTICS folded_rows = ROW_COUNT;
        RETURN folded_rows;
    END $$;
"""


def backfill(apps: Any, schema_editor: Any) -> None:
    """The year before, this year and the next kept from the register as it stands (0010's back-fill,
    moved here), and the years 0010 kept computed again, their populations from the population rows
    (all folded)."""
    from treem.indicators import numerators

    added = set(numerators.keep_window())
    for year in numerators.kept_years():
        if year not in added:
            numerators.keep_year(year)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_numerators_kept"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="populationcount",
                    name="folded",
                    field=models.BooleanField(db_default=False),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE indicators_populationcount ADD COLUMN folded boolean NOT NULL DEFAULT true;"
                    "ALTER TABLE indicators_populationcount ALTER COLUMN folded SET DEFAULT false;",
                    "ALTER TABLE indicators_populationcount DROP COLUMN folded;",
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="populationcount",
            index=models.Index(
                condition=models.Q(("folded", False)),
                fields=["birth_year"],
                name="indicators_population_new_idx",
            ),
        ),
        migrations.AddField(
            model_name="numeratorcount",
            name="children",
            field=models.IntegerField(db_default=0),
        ),
        migrations.AddField(
            model_name="numeratorcount",
            name="registered",
            field=models.IntegerField(db_default=0),
        ),
        migrations.RunSQL(COMPACT, previous.COMPACT),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
