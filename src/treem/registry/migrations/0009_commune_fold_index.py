"""The commune's children by folded name (ADR 0010, amended): what a commune worker's search reads.

``registry_child_commune_fold_idx`` (commune, folded name in "C" order, id, including status and area)
replaces ``registry_child_commune_idx`` (commune, status), which it also serves (equality on the
commune, the status read from the index). With ``selectors.child_list`` naming the jurisdiction's
communes, a name search of a commune worker is a range of this index, or at worst a read of the
commune's entries in it, instead of a trigram or area bitmap over the whole nation's children.
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
