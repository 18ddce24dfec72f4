"""A covering index for the numerators of the computed indicators (``selectors._catalogue_sql``): every
child with something in the year is looked up by id for its commune, sex, birth date, status, merge and
ethnicity; with this index PostgreSQL answers from the index alone (an index-only scan) instead of
reading the child's row — about a third less time for the whole catalogue (ADR 0011)."""

from django.db import migrations

COLUMNS = "commune_id, sex, date_of_birth, status, status_date, merged_into_id, ethnicity_id"


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_population_count"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS indicators_child_facts_idx ON registry_child (id) INCLUDE ({COLUMNS});",
            "DROP INDEX IF EXISTS indicators_child_facts_idx;",
        ),
    ]
