"""The children of an area by folded name (ADR 0010, amended): what a commune worker's search reads.

``registry_child_area_fold_idx`` (area, folded name in "C" order, id, including status and commune)
replaces the single-column index of ``area_id``, which it also serves (the scope joins, the ``PROTECT``
checks). A commune worker's list names the jurisdiction's areas by id (``access.scope_listed``), so a
name search is one range of this index per area, or at worst an index-only read of the commune's
entries, never a bitmap over the nation's children.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("geo", "0004_alter_agencytype_sector"), ("registry", "0009_commune_fold_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS registry_child_area_fold_idx ON registry_child "
            '(area_id, (name_folded COLLATE "C"), id) INCLUDE (status, commune_id)',
            "DROP INDEX IF EXISTS registry_child_area_fold_idx",
        ),
        migrations.AlterField(
            model_name="child",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
    ]
