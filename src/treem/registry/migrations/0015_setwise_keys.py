"""The register's foreign keys checked set-wise by statement-level triggers (issue #20, ADR 0034).

PostgreSQL checks a (deferred) foreign key with one keyed lookup per written row and key, at COMMIT:
about 40 % of a 200,000-row import's storage floor, where one query per key over the same rows costs a
tenth of it (bench/bench_import_floor.py, ADR 0029 §4). The constraints of registry_child's keys and of
registry_guardian's key to the child are dropped (``db_constraint=False``: Django's relations and
``on_delete`` are unchanged) and replaced by triggers:

- on the referencing tables, ``AFTER INSERT`` and ``AFTER UPDATE … FOR EACH STATEMENT`` with transition
  tables (COPY fires them too): for each referenced table, the distinct keys of the statement's rows (of
  an UPDATE, those of the rows whose keys changed) are looked up in one query, the rows found are locked
  ``FOR KEY SHARE`` — as PostgreSQL's own check does, so that a concurrent DELETE waits for this
  transaction and then sees its rows — except the rows this transaction itself wrote (``xmin``), which
  no other transaction can delete before it commits; a key not found raises ``foreign_key_violation``
  (SQLSTATE 23503: Django's IntegrityError), naming the column, the key and the table, as PostgreSQL does;
- on the referenced tables, ``AFTER DELETE … FOR EACH STATEMENT`` (transition table of the deleted rows)
  and ``AFTER UPDATE OF id … FOR EACH ROW WHEN (the key changed)`` (a transition table cannot go with a
  column list; the condition costs nothing to the updates that keep the key): a row still referenced
  raises foreign_key_violation, as the NO ACTION constraints did. Django's PROTECT, SET_NULL and CASCADE
  run before the DELETE, in Python, as before.

The checks are immediate (at the end of each statement), where the constraints were deferred to COMMIT:
every writer of the register writes the referenced rows first. A hamlet's children are found through
their area (the check constraint ``area = COALESCE(hamlet, commune)``), so deleting a unit checks the
province, commune and area columns, each led by an index. Not covered, as documented in ADR 0034:
TRUNCATE of a referenced table, and a DELETE of a referenced row in a REPEATABLE READ or SERIALIZABLE
transaction (its snapshot cannot see a child committed meanwhile), which the triggers refuse.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Referencing table -> referenced table -> the referencing columns. The columns of one referenced table are
# checked together (one query). Deleting a unit checks province, commune and area: the hamlet is the area
# where there is one (check constraint registry_child_area_is_hamlet_or_commune), and has no index.
KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "registry_child": {
        "geo_adminunit": ("province_id", "commune_id", "hamlet_id", "area_id"),
        "registry_household": ("household_id",),
        "registry_ethnicity": ("ethnicity_id",),
        "registry_child": ("merged_into_id",),
        "accounts_user": ("created_by_id",),
    },
    "registry_guardian": {"registry_child": ("child_id",)},
}
# Implied by another column through a check constraint: not checked when the referenced row goes.
IMPLIED = {("registry_child", "hamlet_id")}


def _raise(table: str, column: str, key: str, target: str) -> str:
    return (
        f'RAISE EXCEPTION \'insert or update on table "{table}" violates foreign key '
        f"\"{table}_{column}_fkey\"' USING ERRCODE = 'foreign_key_violation', "
        f"DETAIL = format('Key ({column})=(%s) is not present in table \"{target}\".', {key}), "
        f"TABLE = '{table}', COLUMN = '{column}', CONSTRAINT = '{table}_{column}_fkey';"
    )


def _check(table: str, target: str, columns: tuple[str, ...], *, update: bool) -> str:
    """The statement's keys into ``target``: found and locked, or an error naming the first missing one."""
    rows = "new_rows r"
    if update:  # only the rows whose keys into target changed (or whose id did)
        new = ", ".join(f"r.{c}" for c in columns)
        old = ", ".join(f"o.{c}" for c in columns)
        rows = (
            f"new_rows r LEFT JOIN old_rows o ON o.id = r.id "
            f"WHERE (o.id IS NULL OR ROW({new}) IS DISTINCT FROM ROW({old}))"
        )
    if len(columns) == 1:
        key, source = f"r.{columns[0]}", rows
    else:  # the columns into one table, one key each: one query for the table
        lateral = " CROSS JOIN LATERAL (VALUES " + ", ".join(f"(r.{c})" for c in columns) + ") AS v(k)"
        key = "v.k"
        source = rows.replace(" WHERE ", lateral + " WHERE ", 1) if update else rows + lateral
    wanted = f"SELECT DISTINCT {key} AS k FROM {source} {'AND' if update else 'WHERE'} {key} IS NOT NULL"
    # The referenced rows of the keys, counted: those of other transactions locked FOR KEY SHARE, this
    # transaction's own not (no other transaction can delete them before it commits). Run by EXECUTE, so
    # planned for this statement's keys (a join with a few keys reads the primary key's index, with
    # 200,000 it hashes), never by a plan cached for another statement's size.
    count = (
        f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {target} t JOIN unnest($1) AS k(id) ON t.id = k.id "
        f"WHERE t.xmin <> $2 FOR KEY SHARE OF t) AS l) "
        f"+ (SELECT count(*) FROM {target} t JOIN unnest($1) AS k(id) ON t.id = k.id WHERE t.xmin = $2)"
    )
    which = "\n".join(
        f"      {'IF' if i == 0 else 'ELSIF'} EXISTS (SELECT 1 FROM new_rows WHERE {c} = missing) THEN\n"
        f"        {_raise(table, c, 'missing', target)}"
        for i, c in enumerate(columns)
    )
    return f"""
  SELECT array_agg(w.k) INTO keys FROM ({wanted}) AS w;
  IF keys IS NOT NULL THEN
    EXECUTE '{count}' INTO found USING keys, me;
    IF found < cardinality(keys) THEN
      SELECT k INTO missing FROM unnest(keys) AS k WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE t.id = k)
      LIMIT 1;
{which}
      ELSE  -- found now, not when counted (a row of that id written meanwhile, unlocked): refused too
        {_raise(table, columns[0], "missing", target)}
      END IF;
    END IF;
  END IF;"""


def _referencing(table: str, *, update: bool) -> str:
    event = "update" if update else "insert"
    name = f"{table}_keys_{event}"
    checks = "".join(_check(table, target, cols, update=update) for target, cols in KEYS[table].items())
    referencing = "OLD TABLE AS old_rows NEW TABLE AS new_rows" if update else "NEW TABLE AS new_rows"
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me xid := pg_current_xact_id()::xid;  -- rows this transaction wrote: no other can delete them
  keys bigint[];
  found bigint;
  missing bigint;
BEGIN{checks}
  RETURN NULL;
END;
$$ SET work_mem = '64MB';  -- the distinct keys of a 200,000-row import hashed in memory
CREATE TRIGGER {name} AFTER {event.upper()} ON {table} REFERENCING {referencing}
  FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


def _referenced_checks(target: str, ids: str) -> str:
    out = []
    for table, targets in KEYS.items():
        for column in targets.get(target, ()):
            if (table, column) in IMPLIED:
                continue
            out.append(
                f"""
  SELECT c.{column} INTO missing FROM {table} c WHERE c.{column} IN ({ids}) LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION
      'update or delete on table "{target}" violates foreign key "{table}_{column}_fkey" on table "{table}"'
      USING ERRCODE = 'foreign_key_violation',
      DETAIL = format('Key (id)=(%s) is still referenced from table "{table}".', missing),
      TABLE = '{table}', CONSTRAINT = '{table}_{column}_fkey';
  END IF;"""
            )
    return "".join(out)


def _referenced(target: str) -> str:
    return f"""
CREATE FUNCTION {target}_refs_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN
  -- Under REPEATABLE READ or SERIALIZABLE the check's snapshot could miss a referencing row committed
  -- after it (PostgreSQL's own check uses a cross-check snapshot, not available here): refused.
  IF current_setting('transaction_isolation') <> 'read committed' AND EXISTS (SELECT 1 FROM old_rows) THEN
    RAISE EXCEPTION 'deleting from "{target}" is only allowed at READ COMMITTED (ADR 0034)'
      USING ERRCODE = 'feature_not_supported';
  END IF;{_referenced_checks(target, "SELECT id FROM old_rows")}
  RETURN NULL;
END;
$$;
CREATE TRIGGER {target}_refs_delete AFTER DELETE ON {target} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION {target}_refs_delete();
CREATE FUNCTION {target}_refs_key() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN{_referenced_checks(target, "OLD.id")}
  RETURN NULL;
END;
$$;
CREATE TRIGGER {target}_refs_key AFTER UPDATE OF id ON {target}
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {target}_refs_key();
"""


def _sql() -> tuple[str, str]:
    forward, reverse = [], []
    for table in KEYS:
        for update in (False, True):
            forward.append(_referencing(table, update=update))
            name = f"{table}_keys_{'update' if update else 'insert'}"
            reverse.append(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();")
    for target in sorted({t for targets in KEYS.values() for t in targets}):
        forward.append(_referenced(target))
        for suffix in ("refs_delete", "refs_key"):
            name = f"{target}_{suffix}"
            reverse.append(f"DROP TRIGGER IF EXISTS {name} ON {target}; DROP FUNCTION IF EXISTS {name}();")
    return "\n".join(forward), "\n".join(reversed(reverse))


FORWARD, REVERSE = _sql()


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0005_hamlet_former_commune"),
        ("registry", "0014_child_indexes_no_query_needs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="child",
            name="area",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="commune",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="created_by",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="ethnicity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.ethnicity",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="hamlet",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="household",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="registry.household",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.child",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="province",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.AlterField(
            model_name="guardian",
            name="child",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="guardians",
                to="registry.child",
            ),
        ),
        # Reversed: the triggers go before the constraints come back (checked against the rows).
        migrations.RunSQL(FORWARD, reverse_sql=REVERSE),
    ]
