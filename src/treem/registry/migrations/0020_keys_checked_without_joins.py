"""The set-wise key checks of an UPDATE without a join of the transition tables (ADR 0047, ADR 0034).

Migration 0015's ``AFTER UPDATE`` key checks of registry_child and registry_guardian found the rows whose
keys changed by ``new_rows LEFT JOIN old_rows ON id``. PL/pgSQL keeps the plan made at the function's
first call of the session: made on a one-row statement (a service's save), that join is a nested loop
rescanning ``old_rows`` once per row — quadratic (on 2,000,000 children, 2.7–3.3 s for each of the two
joins of an UPDATE of 4,000 children; bench_child_words.py ``--first-one``). The rows whose keys changed
are now a set difference, ``SELECT id, <keys> FROM new_rows EXCEPT SELECT id, <keys> FROM old_rows``
(hashed or sorted: linear whatever plan is kept) — the same rows: a new id, or a key distinct from the
old one. Everything else in the functions is migration 0015's.
"""

from importlib import import_module

from django.db import migrations

_KEYS = import_module("treem.registry.migrations.0015_setwise_keys")


def _function(table: str, *, setwise: bool) -> str:
    """The ``{table}_keys_update`` function, as migration 0015 made it or with the set difference."""
    text = _KEYS._referencing(table, update=True).split("CREATE TRIGGER")[0]
    text = text.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    if not setwise:
        return text
    checks = ""
    for target, columns in _KEYS.KEYS[table].items():
        keys = ", ".join(columns)
        changed = f"(SELECT id, {keys} FROM new_rows EXCEPT SELECT id, {keys} FROM old_rows) AS r"  # noqa: S608
        check = _KEYS._check(table, target, columns, update=False)
        assert check.count("FROM new_rows r") == 1
        checks += check.replace("FROM new_rows r", f"FROM {changed}", 1)
    head, rest = text.split("BEGIN", 1)
    return head + "BEGIN" + checks + rest[rest.index("\n  RETURN NULL;") :]


TABLES = ("registry_child", "registry_guardian")


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_child_words_kept_in_place")]

    operations = [
        migrations.RunSQL(
            "".join(_function(t, setwise=True) for t in TABLES),
            "".join(_function(t, setwise=False) for t in TABLES),
        )
    ]
