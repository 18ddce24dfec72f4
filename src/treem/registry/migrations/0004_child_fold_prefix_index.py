from django.db import migrations


class Migration(migrations.Migration):
    """The folded name under the byte-order "C" collation, with the id: serves exact and prefix name
    searches (``LIKE 'nguyen van%'``) and returns them already ordered, so a page of a common prefix
    reads a few index entries; the trigram GIN stays for the word-inside and typo-tolerant tiers."""

    dependencies = [("registry", "0003_duplicates")]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX registry_child_fold_c_idx ON registry_child ((name_folded COLLATE "C"), id);',
            reverse_sql="DROP INDEX IF EXISTS registry_child_fold_c_idx;",
        ),
    ]
