"""The numerators' dirty log of an UPDATE without a join of the transition tables (ADR 0033, ADR 0047).

Migration 0010's ``AFTER UPDATE`` functions (registry_child, the four tables of facts, cases_case) found
the rows whose counted columns changed by ``new_rows JOIN old_rows ON id``. PL/pgSQL keeps the plan made
at the function's first call of the session: made on a one-row statement (a service's save), that join
is a nested loop rescanning ``old_rows`` once per row — quadratic (on 2,000,000 children, 2.9–3.4 s for
the UPDATE of 4,000 children of the indicators' 10,000 changes; ``bench_child_words.py --first-one``).
The rows whose columns changed are now two set differences, ``SELECT id, <columns> FROM new_rows EXCEPT
SELECT id, <columns> FROM old_rows`` (the new side) and the same the other way (the old side) — hashed
or sorted, linear whatever plan is kept. The same ids are logged: ids are unique on each side and never
updated, so a row is in one difference exactly when it is in the other, exactly when its columns are
distinct from the old ones (``EXCEPT`` compares NULLs as ``IS DISTINCT FROM`` does). A case counts when
either side is an abuse case: the two sides of a changed case meet by a window over its id (sorted, not
joined). Everything else in the functions (the triggers, the ids logged, the survivor of a merged
record) is migration 0010's.
"""

from importlib import import_module

from django.db import migrations

_KEPT = import_module("treem.indicators.migrations.0010_numerators_kept")
DIRTY = _KEPT.DIRTY


def _sides(columns: str, new: str, old: str) -> str:
    """The ids ``new`` (a VALUES list over ``n``) of the new side of the rows of an UPDATE whose
    ``columns`` changed, then ``old`` (over ``o``) of their old side: no join."""
    keys = f"id, {columns}"
    return (
        f"SELECT v.id FROM (SELECT {keys} FROM new_rows EXCEPT SELECT {keys} FROM old_rows) AS n "
        f"CROSS JOIN LATERAL (VALUES {new}) AS v(id) UNION ALL "
        f"SELECT v.id FROM (SELECT {keys} FROM old_rows EXCEPT SELECT {keys} FROM new_rows) AS o "
        f"CROSS JOIN LATERAL (VALUES {old}) AS v(id)"
    )


def _case_update() -> str:
    keys = f"id, {_KEPT.CASE_COLUMNS}"
    sides = (
        f"SELECT {keys} FROM (SELECT {keys} FROM new_rows EXCEPT SELECT {keys} FROM old_rows) AS n "
        f"UNION ALL SELECT {keys} FROM (SELECT {keys} FROM old_rows EXCEPT SELECT {keys} FROM new_rows) AS o"
    )
    changed = (
        "SELECT d.child_id FROM (SELECT child_id, bool_or(category = 'abuse') OVER (PARTITION BY id) AS abuse "
        f"FROM ({sides}) AS s) AS d WHERE d.abuse"
    )
    return _KEPT._log(
        f"SELECT {_KEPT.SURVIVOR} FROM ({changed}) x(child_id) LEFT JOIN registry_child m ON m.id = x.child_id"
    )


def functions() -> dict[str, str]:
    """The bodies of the UPDATE functions, by name."""
    bodies = {
        "indicators_numerators_child_update": _KEPT._log(
            _sides(_KEPT.CHILD_KEY, "(n.id), (n.merged_into_id)", "(o.merged_into_id)")
        ),
        "indicators_numerators_case_update": _case_update(),
    }
    for table, columns in _KEPT.FACTS.items():
        short = table.removeprefix("registry_")
        bodies[f"indicators_numerators_{short}_update"] = _KEPT._log(
            _sides(columns, "(n.child_id)", "(o.child_id)")
        )
    return bodies


def forward_sql() -> str:
    return "".join(_KEPT._function(name, body) for name, body in functions().items())


def reverse_sql() -> str:
    """Migration 0010's text of the same functions."""
    texts = []
    for name in functions():
        (text,) = (s for s in _KEPT.FORWARD if f"FUNCTION {name}()" in s and "CREATE OR REPLACE" in s)
        texts.append(text)
    return "".join(texts)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0013_target_replaced_every_year")]

    operations = [migrations.RunSQL(forward_sql(), reverse_sql())]
