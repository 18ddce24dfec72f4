"""The population counts without row locks (issue #15.12, ADR 0011 as amended by ADR 0020).

Until now each statement on ``registry_child`` upserted its keys' count rows (``ON CONFLICT DO UPDATE``)
and held their row locks until commit: two transactions changing children of the same commune, sex and
birth year in opposite orders waited for each other, and PostgreSQL aborted one with a deadlock. Sorting
the keys within a statement (as 0002 did) cannot order the locks of several statements of a transaction.

Now the triggers only INSERT delta rows (+n, −n) and the key is no longer unique: an insert never waits
for another transaction's rows, so concurrent writers cannot deadlock on the counts at all. A key's count
is the sum of its rows (the readers already sum). ``indicators_population_compact()`` folds each key's
rows back into one, under an advisory lock; it deletes only rows it saw committed and writers never touch
existing rows, so it waits for no writer and no writer waits for it.
"""

from django.db import migrations, models

KEY = """commune_id, sex, extract(year FROM date_of_birth)::int, coalesce(birth_registered, false),
    CASE WHEN ethnicity_id IS NULL THEN 0
         WHEN ethnicity_id = (SELECT id FROM registry_ethnicity WHERE code = '01') THEN 1 ELSE 2 END,
    CASE WHEN status = 'deceased' THEN extract(year FROM status_date)::int ELSE 9999 END"""
COUNTED = "merged_into_id IS NULL AND status <> 'moved_away' AND NOT (status = 'deceased' AND status_date IS NULL)"
COLUMNS = "commune_id, sex, birth_year, registered, ethnic_group, until_year"


def _function(name: str, body: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {body}
            RETURN NULL;
        END $$;
    """


def _append(select: str) -> str:
    """Append the (key, n) rows of ``select`` to the counts: a plain INSERT, which takes no lock that
    another writer of the counts could wait for."""
    return f"INSERT INTO indicators_populationcount ({COLUMNS}, n) {select};"


def _upsert(select: str) -> str:
    """0002's upsert (for the reverse migration)."""
    return f"""
        INSERT INTO indicators_populationcount AS p ({COLUMNS}, n)
        {select}
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT ({COLUMNS}) DO UPDATE SET n = p.n + EXCLUDED.n;
    """


INSERTED = f"SELECT {KEY}, count(*) FROM new_rows WHERE {COUNTED} GROUP BY 1, 2, 3, 4, 5, 6"
DELETED = f"SELECT {KEY}, -count(*) FROM old_rows WHERE {COUNTED} GROUP BY 1, 2, 3, 4, 5, 6"
# An edit that leaves the key alone (a name, an address) nets to zero and writes nothing.
UPDATED = f"""SELECT k1, k2, k3, k4, k5, k6, sum(d) FROM (
        SELECT {KEY}, 1 FROM new_rows WHERE {COUNTED}
        UNION ALL
        SELECT {KEY}, -1 FROM old_rows WHERE {COUNTED}
    ) AS x(k1, k2, k3, k4, k5, k6, d)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0"""

COMPACT = f"""
    CREATE OR REPLACE FUNCTION indicators_population_compact() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
        folded bigint;
    BEGIN
        -- one compaction at a time; writers never take this lock
        PERFORM pg_advisory_xact_lock(hashtext('indicators_population_compact'));
        WITH spread AS (
            SELECT {COLUMNS} FROM indicators_populationcount
            GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1 OR bool_or(n = 0)
        ), gone AS (
            DELETE FROM indicators_populationcount p USING spread s
            WHERE (p.commune_id, p.sex, p.birth_year, p.registered, p.ethnic_group, p.until_year)
                = (s.commune_id, s.sex, s.birth_year, s.registered, s.ethnic_group, s.until_year)
            RETURNING p.commune_id, p.sex, p.birth_year, p.registered, p.ethnic_group, p.until_year, p.n
        )
        INSERT INTO indicators_populationcount ({COLUMNS}, n)
        SELECT {COLUMNS}, sum(n) FROM gone GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
        GET DIAGNOSTICS folded = ROW_COUNT;
        RETURN folded;
    END $$;
"""

FORWARD = [
    _function("indicators_population_insert", _append(INSERTED)),
    _function("indicators_population_delete", _append(DELETED)),
    _function("indicators_population_update", _append(UPDATED)),
    COMPACT,
]
REVERSE = [
    "SELECT indicators_population_compact();",
    _function("indicators_population_insert", _upsert(INSERTED)),
    _function("indicators_population_delete", _upsert(DELETED)),
    _function("indicators_population_update", _upsert(UPDATED)),
    "DROP FUNCTION IF EXISTS indicators_population_compact();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_target_origin"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="populationcount",
            name="indicators_population_key",
        ),
        migrations.AddIndex(
            model_name="populationcount",
            index=models.Index(
                fields=["commune_id", "sex", "birth_year", "registered", "ethnic_group", "until_year"],
                name="indicators_population_key_idx",
            ),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
