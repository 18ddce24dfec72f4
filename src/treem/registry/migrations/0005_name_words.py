from django.db import migrations, models

# Written by hand: Django would add a second, useless index (varchar_pattern_ops) beside the primary key,
# which already serves prefixes under the "C" collation.
TABLE = """
CREATE TABLE registry_nameword (
  word text COLLATE "C" PRIMARY KEY,
  middle boolean NOT NULL DEFAULT false
);
"""

# The words of the names in a statement's new rows, each with whether it stands between two other words
# of some name (neither first nor last).
NEW_WORDS = """
SELECT u.word, bool_or(u.place > 1 AND u.place < cardinality(a.words)) AS middle
FROM {rows}, string_to_array({rows}.name_folded, ' ') AS a(words),
     unnest(a.words) WITH ORDINALITY AS u(word, place)
WHERE u.word <> ''
GROUP BY u.word
"""

# One statement-level trigger per event (a transition table allows one event per trigger): it runs
# once per INSERT, UPDATE or COPY, whatever the number of rows. New words are added in sorted order, so
# that two transactions adding the same words wait for each other rather than deadlock; DO NOTHING
# locks no existing row. A known word newly seen in the middle of a name is marked by a second
# statement, which (READ COMMITTED) sees a word another transaction has just committed.
TRIGGER = f"""
CREATE FUNCTION registry_child_name_words() RETURNS trigger
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
CREATE TRIGGER registry_child_name_words_insert
  AFTER INSERT ON registry_child REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_child_name_words();
CREATE TRIGGER registry_child_name_words_update
  AFTER UPDATE ON registry_child REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_child_name_words();
"""

REVERSE_TRIGGER = """
DROP TRIGGER IF EXISTS registry_child_name_words_update ON registry_child;
DROP TRIGGER IF EXISTS registry_child_name_words_insert ON registry_child;
DROP FUNCTION IF EXISTS registry_child_name_words();
"""

# After the trigger, in the same transaction: no child written meanwhile is missed.
BACKFILL = f"""
INSERT INTO registry_nameword (word, middle)
SELECT word, middle FROM ({NEW_WORDS.format(rows="registry_child")}) AS w
ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    """The vocabulary of the words in children's names, kept by a trigger, for the one-typo search
    (ADR 0010)."""

    dependencies = [("registry", "0004_child_fold_prefix_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NameWord",
                    fields=[
                        ("word", models.TextField(db_collation="C", primary_key=True, serialize=False)),
                        ("middle", models.BooleanField(default=False)),
                    ],
                ),
            ],
            database_operations=[
                migrations.RunSQL(TABLE, reverse_sql="DROP TABLE IF EXISTS registry_nameword;"),
            ],
        ),
        migrations.RunSQL(TRIGGER, reverse_sql=REVERSE_TRIGGER),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
