"""The commune's children by folded name (ADR 0010, amended).

``registry_child_commune_fold_idx`` (commune, folded name in "C" order, id, including status and area)
replaces ``registry_child_commune_idx`` (commune, status), which it also serves (equality on the
commune, the status read from the index): a province officer's list filtered on one commune, searched
by name, is one range of it. (A commune worker's own search goes through the area index of migration
0010.)
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_search_fold_statistics")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS registry_child_commune_fold_idx ON registry_child "
            '(commune_id, (name_folded COLLATE "C"), id) INCLUDE (status, area_id)',
            "DROP INDEX IF EXISTS registry_child_commune_fold_idx",
        ),
        migrations.RemoveIndex(model_name="child", name="registry_child_commune_idx"),
    ]
