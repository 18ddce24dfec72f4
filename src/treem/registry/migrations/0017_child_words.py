"""The words of children's names in name order, kept by triggers, for the given name alone (ADR 0038).

``registry_childword``: one row per distinct word of a name after its first word (``word``, the folded
name, the child), primary key ``(word, name_folded, child_id)`` under the "C" collation, including
``shared`` (letters in common at the start with an earlier such word of the same name, at most), the
status, area and commune. The children whose name holds a word after the first starting with ``q`` —
``name_folded LIKE '% q%'`` for a ``q`` of one word — are the rows of the words in ``[q, q + 1)`` with
``shared < length(q)``: exactly one row per child (its first such word), so that a page is read in name
order one word at a time and the bounded count is one index-only range, with no DISTINCT.

Statement-level triggers with transition tables (as the vocabulary's, migration 0005, and the keys',
ADR 0034) keep it for every INSERT (the services, the import's COPY), UPDATE (the rows whose name,
status, area or commune changed: their old rows deleted, their new ones inserted) and DELETE. TRUNCATE
of registry_child is not followed (nothing in Treem truncates it but a test database's flush, which
truncates this table too).

The migration fills it from the register in one sorted INSERT, then builds the primary key: at 5M
children about 11M rows (see ADR 0038 for the time and size); a VACUUM of the table afterwards (autovacuum
does it) lets the count be read from the index alone.
"""

from django.db import migrations, models

TABLE = """
CREATE TABLE registry_childword (
  word text COLLATE "C" NOT NULL,
  name_folded text COLLATE "C" NOT NULL,
  child_id bigint NOT NULL,
  shared smallint NOT NULL,
  status varchar(12) NOT NULL,
  area_id bigint NOT NULL,
  commune_id bigint NOT NULL
);
"""

PRIMARY_KEY = """
ALTER TABLE registry_childword ADD CONSTRAINT registry_childword_pkey
  PRIMARY KEY (word, name_folded, child_id) INCLUDE (shared, status, area_id, commune_id);
ANALYZE registry_childword;
"""

# How many letters two words have in common at their start. Called only for two words of one name that
# start with the same letter (``ROWS``).
COMMON_PREFIX = """
CREATE FUNCTION registry_common_prefix(a text, b text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  n integer := least(length(a), length(b));
  i integer := 1;
BEGIN
  WHILE i <= n AND substr(a, i, 1) = substr(b, i, 1) LOOP
    i := i + 1;
  END LOOP;
  RETURN i - 1;
END;
$$;
"""

# The rows of the children in ``{rows}``: each distinct word of a name after its first word (words are
# split on single spaces, as ``LIKE '% q%'`` sees them: an empty word between two spaces starts nothing),
# at its first place, with the most letters it shares at its start with an earlier word of the name.
ROWS = """
SELECT u.word, r.name_folded, r.id AS child_id,
       coalesce((SELECT max(CASE WHEN left(e.word, 1) = left(u.word, 1)
                                 THEN registry_common_prefix(e.word, u.word) ELSE 0 END)
                 FROM unnest(a.words[2:u.place - 1]) AS e(word)), 0)::smallint AS shared,
       r.status, r.area_id, r.commune_id
FROM {rows} AS r, string_to_array(r.name_folded, ' ') AS a(words),
     unnest(a.words) WITH ORDINALITY AS u(word, place)
WHERE u.place > 1 AND u.word <> '' AND NOT (u.word = ANY (a.words[2:u.place - 1]))
"""

# The keys of the rows of the children in ``{rows}`` (a word repeated in a name gives its key twice: a
# DELETE … USING deletes the row once).
KEYS = """
SELECT u.word, r.name_folded, r.id AS child_id
FROM {rows} AS r, unnest(string_to_array(r.name_folded, ' ')) WITH ORDINALITY AS u(word, place)
WHERE u.place > 1 AND u.word <> ''
"""

COLUMNS = "word, name_folded, child_id, shared, status, area_id, commune_id"

# The rows of an UPDATE whose name, status, area or commune changed, as they were (o) or are now (n).
CHANGED = """(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id
  WHERE (o.name_folded, o.status, o.area_id, o.commune_id)
        IS DISTINCT FROM (n.name_folded, n.status, n.area_id, n.commune_id))"""

DELETE_KEYS = """
  DELETE FROM registry_childword w USING ({keys}) AS k
  WHERE w.word = k.word AND w.name_folded = k.name_folded AND w.child_id = k.child_id;
"""

# A statement's rows are inserted in the primary key's order: the key's pages are then visited once each,
# in order, instead of once per row at random (200,000 imported children: their 428,000 rows in 1.9 s
# instead of 2.7 s, best of 3, ADR 0038).
IN_KEY_ORDER = "ORDER BY 1, 2, 3"

TRIGGERS = f"""
CREATE FUNCTION registry_child_words_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_childword ({COLUMNS}) {ROWS.format(rows="new_rows")} {IN_KEY_ORDER};
  RETURN NULL;
END;
$$;
CREATE FUNCTION registry_child_words_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {DELETE_KEYS.format(keys=KEYS.format(rows=CHANGED.format(side="o")))}
  INSERT INTO registry_childword ({COLUMNS}) {ROWS.format(rows=CHANGED.format(side="n"))} {IN_KEY_ORDER};
  RETURN NULL;
END;
$$;
CREATE FUNCTION registry_child_words_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  {DELETE_KEYS.format(keys=KEYS.format(rows="old_rows"))}
  RETURN NULL;
END;
$$;
CREATE TRIGGER registry_child_words_insert
  AFTER INSERT ON registry_child REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_child_words_insert();
CREATE TRIGGER registry_child_words_update
  AFTER UPDATE ON registry_child REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_child_words_update();
CREATE TRIGGER registry_child_words_delete
  AFTER DELETE ON registry_child REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_child_words_delete();
"""

REVERSE_TRIGGERS = """
DROP TRIGGER IF EXISTS registry_child_words_delete ON registry_child;
DROP TRIGGER IF EXISTS registry_child_words_update ON registry_child;
DROP TRIGGER IF EXISTS registry_child_words_insert ON registry_child;
DROP FUNCTION IF EXISTS registry_child_words_delete();
DROP FUNCTION IF EXISTS registry_child_words_update();
DROP FUNCTION IF EXISTS registry_child_words_insert();
"""

# After the triggers, in the same transaction (CREATE TRIGGER holds off other writers of registry_child
# until it commits): no child written meanwhile is missed. Sorted, so that the table is in the primary
# key's order (its pages read in order by the first index-only scans, before a VACUUM).
BACKFILL = f"""
INSERT INTO registry_childword ({COLUMNS})
SELECT * FROM ({ROWS.format(rows="registry_child")}) AS x
ORDER BY x.word, x.name_folded, x.child_id;
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0016_name_words_computed_once")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChildWord",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "word", "name_folded", "child", blank=True, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("word", models.TextField(db_collation="C")),
                        ("name_folded", models.TextField(db_collation="C")),
                        (
                            "child",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registry.child",
                            ),
                        ),
                        ("shared", models.SmallIntegerField()),
                        ("status", models.CharField(max_length=12)),
                        ("area_id", models.BigIntegerField()),
                        ("commune_id", models.BigIntegerField()),
                    ],
                ),
            ],
            database_operations=[
                migrations.RunSQL(TABLE, reverse_sql="DROP TABLE IF EXISTS registry_childword;"),
            ],
        ),
        migrations.RunSQL(COMMON_PREFIX, reverse_sql="DROP FUNCTION IF EXISTS registry_common_prefix(text, text);"),
        migrations.RunSQL(TRIGGERS, reverse_sql=REVERSE_TRIGGERS),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(PRIMARY_KEY, reverse_sql=migrations.RunSQL.noop),
    ]
