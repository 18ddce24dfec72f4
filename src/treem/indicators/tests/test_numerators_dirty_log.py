"""The numerators' dirty log of an UPDATE (migration 0014, ADR 0033/0047): the set differences of the
transition tables log exactly the ids that migration 0010's joins logged — after a one-row UPDATE in the
same session has fixed the plans, for multi-row UPDATEs where some rows' counted columns change and
others' do not — and exactly the ids the definition names (every child whose counted part may change,
old and new side)."""

from __future__ import annotations

import datetime
import importlib
import zoneinfo
from typing import Any

import pytest
from django.db import connection, transaction

from treem.indicators.tests.conftest import make_abuse_case, make_child
from treem.registry.models import (
    ChildCircumstance,
    CircumstanceGroup,
    Ethnicity,
    Injury,
    LabourRecord,
    Support,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MIGRATION = importlib.import_module("treem.indicators.migrations.0014_numerators_dirty_without_joins")


def _run(
    statements: list[tuple[str, list[Any]]], firsts: list[tuple[str, list[Any]]], *, old: bool
) -> list[Any]:
    """The child ids each statement logged (sorted, repeats kept), in a savepoint rolled back; with
    migration 0010's functions installed in it when ``old``."""
    logged = []
    with transaction.atomic(), connection.cursor() as cur:
        if old:
            cur.execute(MIGRATION.reverse_sql())
        for sql, params in firsts:  # one row each: the plans kept for the session are made on it
            cur.execute(sql, params)
        cur.execute("SELECT coalesce(max(id), 0) FROM indicators_numeratordirty")
        (mark,) = cur.fetchone()
        for sql, params in statements:
            cur.execute(sql, params)
            cur.execute(
                "SELECT child_id FROM indicators_numeratordirty WHERE id > %s ORDER BY child_id", [mark]
            )
            logged.append([r[0] for r in cur.fetchall()])
            cur.execute("SELECT coalesce(max(id), 0) FROM indicators_numeratordirty")
            (mark,) = cur.fetchone()
        transaction.set_rollback(True)
    return logged


def test_multi_row_updates_log_what_the_joins_logged(world: Any, catalogues: None) -> None:
    group = CircumstanceGroup.objects.get(number=1)
    kinh, _ = Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
    k = [make_child(world.a1 if i % 2 else world.a2, D(2015, 1, 1 + i), "MF"[i % 2]) for i in range(10)]
    c = [x.pk for x in k]
    sup = [
        Support.objects.create(child=x, kind="gift", date=D(2025, 3, 1), source="budget").pk for x in k[:6]
    ]
    cir = [ChildCircumstance.objects.create(child=x, group=group, start_date=D(2024, 1, 1)).pk for x in k[:4]]
    lab = [
        LabourRecord.objects.create(child=x, status="child_labour", recorded_on=D(2025, 2, 1)).pk
        for x in k[:4]
    ]
    inj = [
        Injury.objects.create(child=x, kind="fall", date=D(2025, 7, 1), outcome="recovered").pk for x in k[:4]
    ]
    cases = [make_abuse_case(x, datetime.datetime(2025, 4, 1, 9, 0, tzinfo=TZ)).pk for x in k[:6]]
    with connection.cursor() as cur:  # two of the cases are of another category; k[9] merged into k[8]
        cur.execute("UPDATE cases_case SET category = 'risk' WHERE id = ANY(%s)", [cases[4:]])
        cur.execute("UPDATE registry_child SET merged_into_id = %s WHERE id = %s", [c[8], c[9]])
        cur.execute("DELETE FROM indicators_numeratordirty")
    case9 = make_abuse_case(k[9], datetime.datetime(2025, 5, 1, 9, 0, tzinfo=TZ)).pk

    firsts = [
        ("UPDATE registry_child SET updated_at = now() WHERE id = %s", [c[0]]),
        ("UPDATE registry_support SET date = date WHERE id = %s", [sup[0]]),
        ("UPDATE registry_childcircumstance SET end_date = end_date WHERE id = %s", [cir[0]]),
        ("UPDATE registry_labourrecord SET note = 'x' WHERE id = %s", [lab[0]]),
        ("UPDATE registry_injury SET note = 'x' WHERE id = %s", [inj[0]]),
        ("UPDATE cases_case SET summary = summary WHERE id = %s", [cases[0]]),
    ]
    statements: list[tuple[str, list[Any]]] = [
        # registry_child: nothing counted; then status of the even ones (the name of all); a merge and an
        # unmerge; an ethnicity set on some (NULL -> value) and re-set to NULL on others (NULL -> NULL).
        ("UPDATE registry_child SET birth_registered = NOT birth_registered WHERE id = ANY(%s)", [c]),
        (
            "UPDATE registry_child SET full_name = full_name || ' A', status = CASE WHEN id %% 2 = 0 "
            "THEN 'moved_away' ELSE status END, status_date = CASE WHEN id %% 2 = 0 THEN DATE '2025-06-01' "
            "ELSE status_date END WHERE id = ANY(%s)",
            [c[:8]],
        ),
        (
            "UPDATE registry_child SET merged_into_id = CASE WHEN id = %s THEN NULL ELSE %s END "
            "WHERE id = ANY(%s)",
            [c[9], c[0], [c[7], c[9]]],
        ),
        (
            "UPDATE registry_child SET ethnicity_id = CASE WHEN id = ANY(%s) THEN %s END WHERE id = ANY(%s)",
            [c[:2], kinh.pk, c[:6]],
        ),
        # Facts: some dates moved, some rows to another child, the rest set to themselves.
        ("UPDATE registry_support SET date = CASE WHEN id %% 2 = 0 THEN date + 1 ELSE date END", []),
        (
            "UPDATE registry_support SET child_id = CASE WHEN id = %s THEN %s ELSE child_id END",
            [sup[1], c[7]],
        ),
        (
            "UPDATE registry_childcircumstance SET end_date = "
            "CASE WHEN id %% 2 = 0 THEN DATE '2025-08-01' END",
            [],
        ),
        ("UPDATE registry_labourrecord SET status = CASE WHEN id = %s THEN 'none' ELSE status END", [lab[2]]),
        (
            "UPDATE registry_injury SET outcome = CASE WHEN id = %s THEN 'death' ELSE outcome END, "
            "note = 'y'",
            [inj[3]],
        ),
        # Cases: an abuse case's status, a risk case's status (not counted), abuse -> risk, risk -> abuse,
        # a case of a merged record (its survivor logged), another column only.
        (
            "UPDATE cases_case SET status = 'not_substantiated' WHERE id = ANY(%s)",
            [[cases[0], cases[4], case9]],
        ),
        (
            "UPDATE cases_case SET category = CASE WHEN id = %s THEN 'risk' WHEN id = %s THEN 'abuse' "
            "ELSE category END WHERE id = ANY(%s)",
            [cases[1], cases[5], cases],
        ),
        ("UPDATE cases_case SET summary = summary || '.'", []),
    ]
    new = _run(statements, firsts, old=False)
    old = _run(statements, firsts, old=True)
    assert new == old
    # The definition, statement by statement (c[9] merged into c[8]; c[7] merged into c[0], c[9] freed by
    # the third statement, so case9 counts for c[9] itself from there on).
    evens = sorted(x for x in c[:8] if x % 2 == 0)
    s_even = sorted(c[i] for i, s in enumerate(sup) if s % 2 == 0)
    assert new == [
        [],
        evens,
        sorted([c[7], c[0], c[9], c[8]]),
        sorted(c[:2]),
        s_even,
        sorted([c[1], c[7]]),
        sorted(c[i] for i, x in enumerate(cir) if x % 2 == 0),
        [c[2]],
        [c[3]],
        sorted([c[0], c[9]]),
        sorted([c[1], c[5]]),
        [],
    ]
