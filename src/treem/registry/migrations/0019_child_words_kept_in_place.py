"""The words of names' update trigger without a join of the transition tables, updating in place (ADR 0047).

Migration 0017's ``registry_child_words_update`` joined the statement's old and new rows by id to find
the children whose name, status, area or commune changed, then deleted every word row of theirs and
inserted them again. Its plans are made once per session by PL/pgSQL and kept: made for a statement of
a few rows, the join is a nested loop that rescans the transition table once per row (quadratic: the
25M set-up's UPDATE of 809,360 children never ended), and the DELETE … USING a join of transition tables
is estimated blind. Every change of status or place (a move, a death, a merge) paid a delete and an insert
of each word row, two writes of the table's wide key.

Now, with the same rows kept (what the table holds is unchanged):

- the changed children are found with ``EXCEPT`` (a hashed or sorted set difference, linear whatever the
  plan), never a join of the transition tables;
- only the words of a name that changed are deleted (its old keys); the new rows of every changed child
  are written with ``INSERT … ON CONFLICT (key) DO UPDATE``: a child whose name is unchanged has its words'
  status, area and commune updated in place (one probe of the key each), a renamed one its new words
  inserted. Both in the key's order, as before.
"""

from django.db import migrations

W = "registry_childword"
COLUMNS = "word, name_folded, child_id, shared, status, area_id, commune_id"
OF = "id, name_folded, status, area_id, commune_id"


def _rows(rows: str) -> str:
    from importlib import import_module

    return import_module("treem.registry.migrations.0017_child_words").ROWS.format(rows=rows)


def _keys(rows: str) -> str:
    from importlib import import_module

    return import_module("treem.registry.migrations.0017_child_words").KEYS.format(rows=rows)


# The old names of the children renamed by the statement; the new rows (name, status, area, commune) of
# the children whose words change. Set differences of the two transition tables (ids are unique in each).
GONE = "(SELECT id, name_folded FROM old_rows EXCEPT SELECT id, name_folded FROM new_rows)"
CHANGED = f"(SELECT {OF} FROM new_rows EXCEPT SELECT {OF} FROM old_rows)"  # noqa: S608

# The DELETEs of old words (a rename, a deleted child) probe the key once per word, whatever PL/pgSQL's
# kept plan estimated: a hash or merge join would read the whole table (12 GB at 25M) for a statement
# whose first call in the session was large, or whose set difference is estimated at its input's size
# while nothing was renamed.
PROBES_ONLY = "SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off"

UPDATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION registry_child_words_update() RETURNS trigger
LANGUAGE plpgsql {PROBES_ONLY} AS $$
BEGIN
  DELETE FROM {W} w USING ({_keys(GONE)}) AS k
  WHERE w.word = k.word AND w.name_folded = k.name_folded AND w.child_id = k.child_id;
  INSERT INTO {W} ({COLUMNS}) {_rows(CHANGED)} ORDER BY 1, 2, 3
  ON CONFLICT (word, name_folded, child_id) DO UPDATE
    SET shared = excluded.shared, status = excluded.status, area_id = excluded.area_id,
        commune_id = excluded.commune_id;
  RETURN NULL;
END;
$$;
ALTER FUNCTION registry_child_words_delete() {PROBES_ONLY};
"""  # noqa: S608


def _reverse() -> str:
    from importlib import import_module

    m = import_module("treem.registry.migrations.0017_child_words")
    old = m.TRIGGERS.split("CREATE FUNCTION registry_child_words_update()")[1].split("CREATE FUNCTION")[0]
    return (
        "ALTER FUNCTION registry_child_words_delete() RESET ALL;\n"
        "DROP FUNCTION registry_child_words_update() CASCADE;\n"
        f"CREATE FUNCTION registry_child_words_update(){old}"
        "CREATE TRIGGER registry_child_words_update\n"
        "  AFTER UPDATE ON registry_child REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows\n"
        "  FOR EACH STATEMENT EXECUTE FUNCTION registry_child_words_update();\n"
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0018_child_word_statistics")]

    operations = [migrations.RunSQL(UPDATE_FUNCTION, reverse_sql=_reverse())]
