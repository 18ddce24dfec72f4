from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FOLD_SQL = r"""
CREATE OR REPLACE FUNCTION treem_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)), '\s+', ' ', 'g'))
$$;
"""


class Migration(migrations.Migration):
    """unaccent and pg_trgm for accent-insensitive search, and treem_fold(), the SQL twin of
    treem.core.text.fold (IMMUTABLE so that it can be used in indexes)."""

    dependencies = [("core", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(FOLD_SQL, reverse_sql="DROP FUNCTION IF EXISTS treem_fold(text);"),
    ]
