"""The one-typo tier reads the names holding a correction through the correction's rarest word (ADR 0043),
chosen by the most common values of ``registry_childword.word`` in ``pg_stats``. With the default
statistics target (100 values) common given names (about 0.4 % of the rows each at 5M) were missing from
the list and taken for rare: a target of 1,000 lists every word that matters (5M children: 3,271
distinct words). Only ANALYZE reads more rows; no write costs more."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0017_child_words")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE registry_childword ALTER COLUMN word SET STATISTICS 1000",
            "ALTER TABLE registry_childword ALTER COLUMN word SET STATISTICS -1",
        ),
        migrations.RunSQL("ANALYZE registry_childword", migrations.RunSQL.noop),
    ]
