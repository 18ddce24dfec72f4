"""Drop the trigram GIN index of the children's folded names (ADR 0050).

It answered ``name_folded LIKE '% text%'`` over a province or the nation: a word inside names when the
list has filters that registry_childword does not carry (sex, age band, groups …). Since ADR 0050 those
searches find the children through registry_childword's primary key (``selectors._in_words``), which
ADR 0038 already keeps for every child; the ``LIKE`` stays beside it on the child. The index cost every
import, edit and trigger-driven update of registry_child the most of its indexes (``bench_import_floor.py
--each-index``). The ``pg_trgm`` extension stays (core migration 0002 creates it).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0020_keys_checked_without_joins")]

    operations = [migrations.RemoveIndex(model_name="child", name="registry_child_trgm_idx")]
