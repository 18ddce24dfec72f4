"""Fewer indexes on registry_child and registry_guardian (ADR 0012): each one costs every write.

Dropped: the upper(name_folded) btree and the guardians' name_folded btree (no query uses them); the
single-column indexes of province and commune (the composite indexes lead with them); the
varchar_pattern_ops twin Django adds to the unique personal ID (only equality is ever asked; the unique
index answers it). merged_into keeps a partial index of the merged records.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0004_alter_agencytype_sector"),
        ("registry", "0006_child_relation_to_head"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS registry_child_personal_id_5fd731e7_like",
            "CREATE INDEX IF NOT EXISTS registry_child_personal_id_5fd731e7_like "
            "ON registry_child (personal_id varchar_pattern_ops)",
        ),
        migrations.RemoveIndex(
            model_name="child",
            name="registry_child_fold_idx",
        ),
        migrations.RemoveIndex(
            model_name="guardian",
            name="registry_guardian_fold_idx",
        ),
        migrations.AlterField(
            model_name="child",
            name="commune",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.child",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into"],
                name="registry_child_merged_idx",
            ),
        ),
    ]
