"""The name-word trigger splits the statement's names once, not twice (issue #20, ADR 0034).

The trigger of migration 0005 computed the words of the statement's new names (``string_to_array``,
``unnest``, ``GROUP BY`` over every new row) once for its INSERT into the vocabulary and again for its
UPDATE of the words newly seen in the middle of a name: on a 200,000-row import, each pass reads the
200,000 names. The words (a few thousand, sorted) are now kept in two arrays between the two statements.
Same two statements, same order, same behaviour: the UPDATE is still a second statement, which (READ
COMMITTED) sees a word another transaction has just committed.
"""

import importlib

from django.db import migrations

NEW_WORDS = importlib.import_module("treem.registry.migrations.0005_name_words").NEW_WORDS

FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_child_name_words() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  words text[];
  middles boolean[];
BEGIN
  SELECT array_agg(w.word ORDER BY w.word), array_agg(w.middle ORDER BY w.word) INTO words, middles
  FROM ({NEW_WORDS.format(rows="new_rows")}) AS w;
  IF words IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO registry_nameword (word, middle)
  SELECT u.word, u.middle FROM unnest(words, middles) WITH ORDINALITY AS u(word, middle, n)
  ORDER BY u.n
  ON CONFLICT DO NOTHING;
  UPDATE registry_nameword SET middle = true
  WHERE NOT middle AND word IN (SELECT u.word FROM unnest(words, middles) AS u(word, middle) WHERE u.middle);
  RETURN NULL;
END;
$$;
"""

# Migration 0005's function, as it was.
REVERSE = f"""
CREATE OR REPLACE FUNCTION registry_child_name_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_nameword (word, middle)
  SELECT word, middle FROM ({NEW_WORDS.format(rows="new_rows")}) AS w
  ORDER BY word
  ON CONFLICT DO NOTHING;
  UPDATE registry_nameword SET middle = true
  WHERE NOT middle AND word IN (SELECT word FROM ({NEW_WORDS.format(rows="new_rows")}) AS w WHERE middle);
  RETURN NULL;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_setwise_keys")]

    operations = [migrations.RunSQL(FUNCTION, reverse_sql=REVERSE)]
