from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0002_path_prefix_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="agencytype",
            name="source",
            field=models.CharField(blank=True, max_length=255, verbose_name="source"),
        ),
    ]
