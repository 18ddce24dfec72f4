"""The words of names computed in one pass over a statement's children, without a function scan per name
(ADR 0052).

Migration 0017's rows (``ROWS`` there) split each name with ``string_to_array`` and ``unnest … WITH
ORDINALITY`` in the FROM list: two function scans per child, each filling and reading a tuplestore of its
own, then for each word a slice of the array for the repeated-word test and a correlated subquery (a
slice, an ``unnest`` and an aggregate) for ``shared``, even for the name's second word, which has no
earlier word. At 200,000 children (428,356 rows) that computation cost about as much backend CPU as writing
the rows and their key (bench/README.md, "The words of names computed in one pass").

The rows are the same; only how they are computed changes:

- the name is split once per child, in a subquery kept apart (``OFFSET 0``: otherwise the planner copies
  ``string_to_array`` into every place the words are used), and its words and places are set-returning
  functions in the select list (``unnest`` and ``generate_series`` side by side, one row per word): a
  ``ProjectSet``, with no tuplestore per name;
- a word after the first is kept where it first appears after the first word: ``array_position(words,
  word, 2) = place``, no slice (the second word always is);
- ``shared`` is 0 for the second word, the one comparison with the second word for the third, and 0017's
  subquery over the earlier words only from the fourth word on (7 % of the words of the synthetic names).

Both triggers that write rows (INSERT, and UPDATE since ADR 0047) use them; the DELETE trigger and the keys
of a rename are unchanged. Reversible: the functions of 0017 (INSERT) and 0019 (UPDATE) are put back.
"""

from importlib import import_module

from django.db import migrations

W = "registry_childword"
COLUMNS = "word, name_folded, child_id, shared, status, area_id, commune_id"

# ``shared`` of the word ``x.word`` at ``x.place`` of the name ``x.words`` (0017's definition: the most
# letters it has in common at its start with an earlier word after the first, 0 if none starts with its
# letter).
SHARED = """CASE
  WHEN x.place = 2 THEN 0
  WHEN x.place = 3 THEN CASE WHEN left(x.words[2], 1) = left(x.word, 1)
                             THEN registry_common_prefix(x.words[2], x.word) ELSE 0 END
  ELSE (SELECT max(CASE WHEN left(e.word, 1) = left(x.word, 1)
                        THEN registry_common_prefix(e.word, x.word) ELSE 0 END)
        FROM unnest(x.words[2:x.place - 1]) AS e(word))
END"""

# The rows of the children in ``{rows}`` (columns id, name_folded, status, area_id, commune_id): each
# distinct word of a name after its first word (words split on single spaces; an empty word starts
# nothing), at its first place. The two set-returning functions of the select list run side by side and
# give as many rows as the name has words.
ROWS = f"""
SELECT x.word, x.name_folded, x.child_id, ({SHARED})::smallint AS shared, x.status, x.area_id, x.commune_id
FROM (SELECT r.id AS child_id, r.name_folded, r.status, r.area_id, r.commune_id, r.words,
             unnest(r.words) AS word, generate_series(1, cardinality(r.words)) AS place
      FROM (SELECT r.id, r.name_folded, r.status, r.area_id, r.commune_id,
                   string_to_array(r.name_folded, ' ') AS words
            FROM {{rows}} AS r OFFSET 0) AS r) AS x
WHERE x.place > 1 AND x.word <> '' AND (x.place = 2 OR array_position(x.words, x.word, 2) = x.place)
"""  # noqa: S608

_0017 = import_module("treem.registry.migrations.0017_child_words")
_0019 = import_module("treem.registry.migrations.0019_child_words_kept_in_place")

INSERT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_child_words_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {W} ({COLUMNS}) {ROWS.format(rows="new_rows")} ORDER BY 1, 2, 3;
  RETURN NULL;
END;
$$;
"""

# 0019's function with these rows (its settings included: CREATE OR REPLACE replaces them too).
UPDATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_child_words_update() RETURNS trigger
LANGUAGE plpgsql {_0019.PROBES_ONLY} AS $$
BEGIN
  DELETE FROM {W} w USING ({_0019._keys(_0019.GONE)}) AS k
  WHERE w.word = k.word AND w.name_folded = k.name_folded AND w.child_id = k.child_id;
  INSERT INTO {W} ({COLUMNS}) {ROWS.format(rows=_0019.CHANGED)} ORDER BY 1, 2, 3
  ON CONFLICT (word, name_folded, child_id) DO UPDATE
    SET shared = excluded.shared, status = excluded.status, area_id = excluded.area_id,
        commune_id = excluded.commune_id;
  RETURN NULL;
END;
$$;
"""  # noqa: S608

REVERSE_INSERT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_child_words_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {W} ({COLUMNS}) {_0017.ROWS.format(rows="new_rows")} {_0017.IN_KEY_ORDER};
  RETURN NULL;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0021_name_trigram_index_dropped")]

    operations = [
        migrations.RunSQL(
            INSERT_FUNCTION + UPDATE_FUNCTION, reverse_sql=REVERSE_INSERT_FUNCTION + _0019.UPDATE_FUNCTION
        )
    ]
