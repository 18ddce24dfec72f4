"""A report's register counts per commune kept packed beside its parts (issue #20, ADR 0049 amended (6)):
``reporting_reportfigures.counts`` (bytea) holds them as 32-bit whole numbers, with their communes and keys
in a head, instead of a JSON list per commune in ``parts``. The kept rows are dropped after every migrate
(``content.report_changes_compact``), so no row holds the old form."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_report_changes_per_part"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportfigures",
            name="counts",
            field=models.BinaryField(null=True),
        ),
    ]
