from django.db import migrations

# A btree with varchar_pattern_ops serves "path LIKE '/1/23/%'" (subtree) whatever the collation.


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX geo_unit_path_prefix_idx ON geo_adminunit (path varchar_pattern_ops);",
            reverse_sql="DROP INDEX IF EXISTS geo_unit_path_prefix_idx;",
        ),
    ]
