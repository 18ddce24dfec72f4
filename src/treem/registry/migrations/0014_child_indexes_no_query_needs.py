"""Drop the indexes of registry_child that no query needs (ADR 0029, following ADR 0012).

The single-column indexes Django gives the foreign keys ``hamlet``, ``household``, ``ethnicity`` and
``created_by``: no query looks children up by them — a hamlet's children are read as its area's
(``registry_child_area_fold_idx``; the check constraint added here makes ``area`` the hamlet, or the
commune without one) — and Treem never deletes the rows they point to (hamlets and ethnicities are
reference data, users are deactivated, households are kept). Each one cost every import, edit and
trigger-driven update. Deleting such a row by hand now reads the register once instead of an index.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0004_alter_agencytype_sector"),
        ("registry", "0013_child_sex_may_be_unknown"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="child",
            name="created_by",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="ethnicity",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.ethnicity",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="hamlet",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="household",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="registry.household",
            ),
        ),
        migrations.AddConstraint(
            model_name="child",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("area", django.db.models.functions.comparison.Coalesce("hamlet", "commune"))
                ),
                name="registry_child_area_is_hamlet_or_commune",
            ),
        ),
    ]
