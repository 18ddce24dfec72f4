"""What the name search needs from PostgreSQL at millions of children (ADR 0010, measured at 5M).

- ``name_folded`` in the "C" collation, with a statistics target of 1,000: the search's ranges compare
  in byte order, and the column's histogram only serves estimates in the collation it was gathered in.
  With the default target (100 buckets) every range narrower than a bucket (1 % of the register) was
  estimated at one row, and the planner read 18,000 unrelated names in order to fill a page.
- ``registry_child_fold_c_idx`` includes the status, area and commune, so that the rows of other
  jurisdictions, and those no longer active, are passed over in the index (an index-only scan) rather
  than read from the table one page each.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_trim_child_indexes")]

    operations = [
        migrations.AlterField(
            model_name="child",
            name="name_folded",
            field=models.CharField(db_collation="C", editable=False, max_length=150),
        ),
        migrations.RunSQL(
            "ALTER TABLE registry_child ALTER COLUMN name_folded SET STATISTICS 1000",
            "ALTER TABLE registry_child ALTER COLUMN name_folded SET STATISTICS -1",
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS registry_child_fold_c_idx; "
            'CREATE INDEX registry_child_fold_c_idx ON registry_child ((name_folded COLLATE "C"), id) '
            "INCLUDE (status, area_id, commune_id)",
            "DROP INDEX IF EXISTS registry_child_fold_c_idx; "
            'CREATE INDEX registry_child_fold_c_idx ON registry_child ((name_folded COLLATE "C"), id)',
        ),
        migrations.RunSQL("ANALYZE registry_child", migrations.RunSQL.noop),
    ]
