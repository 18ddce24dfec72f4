"""What a report says: the figures Treem pre-fills for the unit and period, plus the unit's narratives.

``build(obligation)`` returns plain JSON (kept as it is in each Submission, so a sent report never
changes when the register does); ``as_document(content, obligation)`` turns it into the DOCX/XLSX model.
Figures are aggregates of the unit's subtree only: counts, never a child's data.
"""

from __future__ import annotations

import array
import datetime
import hashlib
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F
from django.template.defaultfilters import floatformat, truncatechars
from django.utils import timezone
from django.utils.html import format_html

from treem.accounts.access import system_actor
from treem.geo.models import AdminUnit, Level
from treem.indicators.charts import vn_number
from treem.reporting.models import (
    Obligation,
    ReportChange,
    ReportEpoch,
    ReportFigures,
    ReportState,
    SupportChange,
    SupportEpoch,
    SupportFigures,
)

PREFILL_VERSION = 1


def _num(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _indicators(
    obligation: Obligation,
    year: int,
    *,
    by_sex: bool = True,
    figures: Any = None,
    indicators: list[Any] | None = None,
) -> list[dict[str, Any]]:
    """The scorecard's rows as the report keeps them; ``figures`` and ``indicators`` as ``scorecard``'s
    (the kept page's: its register counts kept per commune, and only the indicators read again)."""
    from treem.indicators import selectors

    rows = []
    for row in selectors.scorecard(
        obligation.unit, year, by_sex=by_sex, figures=figures, indicators=indicators
    ):
        indicator = row.indicator
        target = row.target
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.get_unit_display(),
                "source": indicator.source,
                "value": _num(row.figure.value),
                "numerator": _num(row.figure.numerator),
                "denominator": _num(row.figure.denominator),
                "target": _num(target.value) if target else None,
                "comparator": target.get_comparator_display() if target else "",
                "target_year": target.year if target else None,
                "status": row.status,
                "status_label": row.status_label,
                "male": _num(row.by_sex["M"].value) if "M" in row.by_sex else None,
                "female": _num(row.by_sex["F"].value) if "F" in row.by_sex else None,
            }
        )
    return rows


def _tasks(obligation: Obligation, today: datetime.date) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The plan's tasks with their lead agencies and status, in three queries whatever their number: the
    tasks, their agencies and their progress, each with only the columns the report uses (no task's body,
    no progress's narrative, no agency record: the lead is named as written or as called today). The
    agencies and progress are grouped by task here, not by ``prefetch_related``, which makes a queryset
    per task and relation (282 of them for HCMC's plan: most of this function's time, issue #20)."""
    from treem.plans import selectors as plan_selectors
    from treem.plans.models import TaskAgency, TaskProgress

    qs = obligation.plan.tasks.filter(is_heading=False).only(
        "plan", "number", "sort_order", "is_heading", "title", "due_date", "end_year"
    )
    task_list = list(qs)
    ids = [t.pk for t in task_list]
    agencies: dict[int, list[TaskAgency]] = {pk: [] for pk in ids}
    for agency in TaskAgency.objects.filter(task_id__in=ids).only(
        "task", "role", "sort_order", "text", "successor_text"
    ):
        agencies[agency.task_id].append(agency)
    progress: dict[int, list[TaskProgress]] = {pk: [] for pk in ids}
    for entry in (
        TaskProgress.objects.filter(task_id__in=ids)
        .only("task", "status", "percent", "period", "is_contribution", "created_at")
        .order_by()
    ):
        progress[entry.task_id].append(entry)
    states = [plan_selectors.task_state(t, today, progress[t.pk], agencies[t.pk]) for t in task_list]
    tasks = [
        {
            "number": s.task.number,
            "title": s.task.title,
            "status": s.status,
            "status_label": s.status_label,
            "percent": s.percent,
            "late": s.late,
            "lead": "; ".join(a.display for a in s.lead),
        }
        for s in states
    ]
    summary: dict[str, int] = dict(Counter(str(t["status"]) for t in tasks))
    summary["total"] = len(tasks)
    summary["late"] = sum(1 for t in tasks if t["late"])
    return tasks, summary


def _cases(obligation: Obligation) -> dict[str, Any]:
    from treem.cases import selectors as case_selectors

    stats = case_selectors.case_stats(
        user=system_actor(obligation.unit),
        unit=obligation.unit,
        period_start=obligation.period_start,
        period_end=obligation.data_end,
    )
    return {
        "cases": stats.cases,
        "children": stats.children,
        "by_status": stats.by_status,
        "by_sex": stats.by_sex,
        "plans_approved": stats.plans_approved,
        "plans_approved_on_time": stats.plans_approved_on_time,
    }


def support_changes_compact() -> int:
    """Empty the log of support changes and move the epoch on, in one transaction (an hourly job): the
    stamp stays new, and reading it stays one small count. Returns the rows taken out."""
    from django.db import transaction

    with transaction.atomic():
        removed, _ = SupportChange.objects.all().delete()
        SupportFigures.objects.all().delete()  # kept under stamps no reader will see again
        if not SupportEpoch.objects.update(number=F("number") + 1):
            SupportEpoch.objects.create(number=2)  # the migration's row gone (a flushed database)
    return removed


def _support(obligation: Obligation) -> dict[str, Any]:
    """The supports given in the period to children of the unit's communes (records and amount per kind,
    children counted once). Kept per commune (ADR 0037, ADR 0049 amended 07/12/2026 (4)): each unit's
    part under its own stamp — the epoch, the count and last id of the supports' changes logged for that
    commune and of those of none (``support_stamps``) —, all the parts of a report in one row
    (``SupportFigures``, read on the primary, as the stamps). A miss reads again only the communes whose
    stamp moved: a support given in one commune reads that commune's supports (some 10,000 children), not
    the province's 1,000,000 (about 0.3 s). A child belongs to one commune, so the children counted once
    per commune add up to the children counted once in the unit."""
    # The units under this one as a list of ids: the register is then read by its commune index, and
    # the year's supports hashed against it (the join on the units' paths read every child of the
    # province and then looked its supports up one child at a time, issue #20).
    units = sorted(
        AdminUnit.objects.filter(path__startswith=obligation.unit.path).values_list("pk", flat=True)
    )
    start, end = obligation.period_start, obligation.data_end
    digest = hashlib.sha256(",".join(map(str, units)).encode()).hexdigest()[:32]
    key = f"reporting:support:{digest}:{start}:{end}"
    stamps = support_stamps(unit_province(obligation.unit))
    kept: dict[str, Any] = (
        SupportFigures.objects.using(DEFAULT_DB_ALIAS)
        .filter(key=key)
        .values_list("figures", flat=True)
        .first()
    ) or {}
    parts: dict[str, Any] = {}
    stale: list[int] = []
    for unit in units:
        stamp = stamps(unit)
        part = kept.get(str(unit))
        if part is not None and part["stamp"] == stamp:
            parts[str(unit)] = part
        else:
            stale.append(unit)
            parts[str(unit)] = {"stamp": stamp, "kinds": {}, "children": 0}
    if stale:
        for unit, kind, n, amount, children in _support_read(stale, start, end):
            if kind is None:
                parts[str(unit)]["children"] = children
            else:
                parts[str(unit)]["kinds"][kind] = [n, amount]
        SupportFigures.objects.using(DEFAULT_DB_ALIAS).bulk_create(
            [SupportFigures(key=key, figures=parts)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["figures"],
        )
    from treem.registry.models import Support

    kinds: dict[str, list[int]] = {}
    for part in parts.values():
        for kind, (n, amount) in part["kinds"].items():
            total = kinds.setdefault(kind, [0, 0])
            total[0] += n
            total[1] += amount
    labels = dict(Support.Kind.choices)
    by_kind = {
        str(labels.get(kind, kind)): {"records": n, "amount": amount}
        for kind, (n, amount) in sorted(kinds.items())
    }
    return {
        "records": sum(n for n, _ in kinds.values()),
        "children": sum(part["children"] for part in parts.values()),
        "amount": sum(amount for _, amount in kinds.values()),
        "by_kind": by_kind,
    }


def support_stamps(province: int | None) -> Any:
    """The stamp of each commune's supports, read in one statement (one snapshot): a function of a unit's
    id giving the epoch, the count and the last id of the changes logged for that commune and of those of
    none (a TRUNCATE, a support whose child is not found: every commune's figures may have changed) —
    the rows of ``province`` (an index-only scan of ``(province, commune, id)``, migration 0008), or
    every row when ``province`` is None. Within an epoch rows are only added, so every committed change of
    a support, or move of a child, gives the stamp of each commune it touched a value never seen before."""
    from django.db import connection

    epochs, changes = SupportEpoch._meta.db_table, SupportChange._meta.db_table
    where, params = (
        ("", []) if province is None else ("WHERE province_id = %s OR province_id IS NULL", [province])
    )
    with connection.cursor() as cur:
        cur.execute(
            f"(SELECT true, number, NULL, NULL FROM {epochs} ORDER BY id LIMIT 1) UNION ALL "  # noqa: S608
            f"SELECT false, commune_id, count(*), max(id) FROM {changes} {where} GROUP BY commune_id",
            params,
        )
        rows = cur.fetchall()
    epoch = next((number for is_epoch, number, _, _ in rows if is_epoch), 0)
    counts = {commune: (int(n), int(last)) for is_epoch, commune, n, last in rows if not is_epoch}
    none = counts.pop(None, (0, 0))

    def stamp(unit: int) -> str:
        return "{}:{}:{}:{}:{}".format(int(epoch or 0), *none, *counts.get(unit, (0, 0)))

    return stamp


def _support_read(units: list[int], start: datetime.date, end: datetime.date) -> list[tuple[Any, ...]]:
    """Per commune of ``units``: its records and amount per kind, and its children supported (counted once
    over all kinds; the kind None) — in one pass over the join (GROUPING SETS)."""
    from django.db import connection

    from treem.registry.models import Child, Support

    support, child = Support._meta.db_table, Child._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"""
            SELECT c.commune_id, CASE WHEN GROUPING(s.kind) = 0 THEN s.kind END, count(*),
                   coalesce(sum(s.amount), 0), count(DISTINCT s.child_id)
            FROM {support} s JOIN {child} c ON c.id = s.child_id
            WHERE c.commune_id = ANY(%s) AND s.date >= %s AND s.date <= %s
            GROUP BY GROUPING SETS ((c.commune_id, s.kind), (c.commune_id))
            """,  # noqa: S608 — the tables' names; every value is a parameter
            [units, start, end],
        )
        return [
            (unit, kind, int(n), int(amount), int(children))
            for unit, kind, n, amount, children in cur.fetchall()
        ]


def below(obligation: Obligation) -> list[Obligation]:
    """The reports of the units below that answer to this unit for the same period — those under the
    plans derived from this report's plan when there are any (each plan consolidates its own)."""
    # one query: every report answering to the unit, each with its plan's source (an EXISTS first, then
    # the list again, before) — and only the columns the page and the documents use: not the reports'
    # narratives nor the units' and agencies' other columns (issue #20: 168 of each on HCMC's page)
    reports = list(
        Obligation.objects.filter(reviewer_unit=obligation.unit, period=obligation.period)
        .exclude(pk=obligation.pk)
        .annotate(plan_source_id=F("plan__derived_from"))
        .select_related("unit", "agency")
        .only(
            "plan",
            "unit__name",
            "agency__name",
            "period",
            "due_date",
            "state",
            "first_submitted_at",
        )
        .order_by("unit__path")
    )
    derived: list[Obligation] = [r for r in reports if r.plan_source_id == obligation.plan_id]
    return derived or list[Obligation](reports)


def below_rows(reports: list[Obligation]) -> list[dict[str, Any]]:
    """The page's list of the reports below (``below()``), each line's parts as shown: its link, the unit
    or agency, the state, the first sending's date (dd/mm/yyyy, local time) and whether it was late —
    worked out here once, not by a URL tag, filters and properties per line of 168 (issue #20)."""
    from django.urls import reverse

    rows = []
    for report in reports:
        sent = report.first_submitted_at
        rows.append(
            {
                "url": reverse("reporting:detail", args=[report.pk]),
                "name": report.agency.name if report.agency else str(report.unit),
                "state": report.get_state_display(),
                "sent": timezone.localtime(sent).strftime("%d/%m/%Y") if sent else "",
                "late": sent is not None and not report.on_time,
            }
        )
    return rows


def _consolidated(obligation: Obligation) -> list[dict[str, Any]]:
    from treem.reporting.models import Submission

    rows = []
    children = below(obligation)
    # the last accepted sending of each accepted report below, in one query (one per report before)
    accepted_ids = [c.pk for c in children if c.state == ReportState.ACCEPTED]
    last_accepted = {
        s.obligation_id: s
        for s in Submission.objects.filter(obligation_id__in=accepted_ids, decision=ReportState.ACCEPTED)
        .order_by("obligation_id", "-number")
        .distinct("obligation_id")
    }
    for child in children:
        accepted = last_accepted.get(child.pk)
        data = accepted.content if accepted else {}
        summary = data.get("task_summary") or {}
        rows.append(
            {
                "unit": child.agency.name if child.agency else str(child.unit),
                "state": child.state,
                "submitted": child.first_submitted_at.date().isoformat()
                if child.first_submitted_at
                else None,
                "on_time": child.on_time,
                "tasks_total": summary.get("total"),
                "tasks_done": summary.get("done", 0) if summary else None,
                "cases": (data.get("cases") or {}).get("cases"),
                "supported_children": (data.get("support") or {}).get("children"),
                "results": (data.get("narratives") or {}).get("results", ""),
            }
        )
    return rows


def figures(obligation: Obligation, today: datetime.date, *, by_sex: bool = True) -> dict[str, Any]:
    """The report's figures — indicators, tasks, cases and supports —: what takes reading (the rest of
    the content is the obligation's own fields). ``by_sex=False`` leaves the indicators' figures for boys
    and girls out (``male``/``female`` None)."""
    tasks, task_summary = _tasks(obligation, today)
    return {
        "indicators": _indicators(obligation, obligation.period_end.year, by_sex=by_sex),
        "tasks": tasks,
        "task_summary": task_summary,
        "cases": _cases(obligation),
        "support": _support(obligation),
    }


# The shape of what ``figures`` returns: a change of it must move this on, so that no row kept before it
# is read after it (ADR 0049).
FIGURES_VERSION = 2


def report_province(obligation: Obligation) -> int | None:
    """The province whose logged changes a report counts (ADR 0049, amended): its unit's own province on
    the current map — the key after the nation's in its path —, when its plan is issued by that unit or one
    of its ancestors (the plans, tasks and progress log their plan's province, or none for the nation's);
    ``None`` (every change) for the nation, a unit of the former map, whose figures may read any province's
    rows, or a plan issued elsewhere."""
    if obligation.plan.unit_id not in obligation.unit.ancestor_ids():
        return None
    return unit_province(obligation.unit)


def keeps_counts(obligation: Obligation) -> bool:
    """Whether a report keeps its register counts per commune (ADR 0049, amended (5) and (6)): every report
    of a unit of the current map, the nation's included — a record saved in one commune then reads that
    commune's counts, not the nation's 3,300 communes'. A unit of the former map reads its communes'
    figures in shares (ADR 0024): its counts are read whole on every register change."""
    return obligation.unit.is_current


def unit_province(unit: AdminUnit) -> int | None:
    """The province of ``unit`` on the current map — the key after the nation's in its path —; ``None`` for
    the nation or a unit of the former map (whose figures may read any province's rows)."""
    keys = unit.ancestor_ids()
    if not unit.is_current or len(keys) < 2:
        return None
    return keys[1]


# The indicators whose figures Treem computes from another app's tables that read nothing of the register
# (``test_page_kept.test_the_indicators_kept_across_register_changes_read_no_register``): their rows are
# kept while only the register changes. Every other computed indicator is read again then.
REGISTER_FREE = frozenset({"QD23-01", "QD23-21"})  # the communes recognised (assessment); play places


class _Stamps:
    """The stamps of a report's parts (ADR 0049, amended (5)), from the changes it counts grouped by part
    and commune (``ReportChange.part``, ``.commune``), each prefixed with the epoch and suffixed with the
    report's ``key`` (the day, the unit, the plan, the window):

    - ``whole``: every change — the page's hit, as before the parts;
    - ``tasks``: the plans' changes and the others' (not the register's);
    - ``cases``, ``support``, ``register``: every change but the plans' (the cases and supports read the
      children; ``register``: the indicators that read the register, each read again on any of its changes);
    - ``indicators``: the other changes and the register's of no commune (the indicators' rows that read
      no register, and the ground of the counts kept per commune);
    - ``commune(c)``: the register's changes of commune ``c`` (its counts)."""

    def __init__(self, epoch: int, counted: list[list[Any]], key: str) -> None:
        self.epoch, self.key = int(epoch or 0), key
        totals: dict[str, tuple[int, int]] = {}
        self.communes: dict[int, tuple[int, int]] = {}

        def add(name: str, n: int, last: int) -> None:
            had = totals.get(name, (0, 0))
            totals[name] = (had[0] + n, max(had[1], last))

        for part, commune, n, last in counted:
            n, last = int(n), int(last)
            add("whole", n, last)
            if part == ReportChange.PLANS:
                add("plans", n, last)
            elif part == ReportChange.REGISTER:
                add("register", n, last)
                if commune is None:
                    add("register_none", n, last)
                else:
                    self.communes[int(commune)] = (n, last)
            else:
                add("other", n, last)
        self._totals = totals

    def _of(self, *names: str) -> str:
        n = sum(self._totals.get(name, (0, 0))[0] for name in names)
        last = max((self._totals.get(name, (0, 0))[1] for name in names), default=0)
        return f"{self.epoch}:{n}:{last}:{self.key}"

    @property
    def whole(self) -> str:
        return self._of("whole")

    def parts(self) -> dict[str, str]:
        return {
            "tasks": self._of("other", "plans"),
            "cases": self._of("other", "register"),
            "support": self._of("other", "register"),
            "register": self._of("other", "register"),
            "indicators": self._of("other", "register_none"),
        }

    def commune(self, commune: int) -> str:
        return "{}:{}".format(*self.communes.get(commune, (0, 0)))


class _KeptCounts:
    """A report's register counts per commune (``catalogue_counts`` of each year read), as kept in
    ``ReportFigures.counts`` (ADR 0049, amended (5) and (6)): a head with the communes in one order and each
    year's keys (indicator, sex), then per year, per commune in that order, the (numerator, denominator) of
    each key as 32-bit integers, (0, 0) where ``catalogue_counts`` has none. The nation's 3,321 communes × 2
    years × 80 numbers were 3.3 MB of JSON that each miss parsed and wrote back as jsonb; packed they are
    2 MB read and written as they are."""

    def __init__(self, order: list[int], years: dict[int, tuple[list[tuple[str, str]], array.array[int]]]):
        self.order = order
        self.years = years
        self.index = {commune: i for i, commune in enumerate(order)}

    @classmethod
    def read(cls, catalogue: dict[int, Any], communes: list[int]) -> _KeptCounts:
        order = sorted(set(communes).union(*(c for counts in catalogue.values() for c in counts.values())))
        kept = cls(order, {})
        for year, counts in catalogue.items():
            keys = list(counts)
            kept.years[int(year)] = (keys, array.array("i", bytes(4 * 2 * len(keys) * len(order))))
            kept._fill(int(year), counts)
        return kept

    def _fill(self, year: int, counts: dict[tuple[str, str], dict[int, tuple[int, int]]]) -> None:
        keys, numbers = self.years[year]
        width = 2 * len(keys)
        for i, key in enumerate(keys):
            for commune, (n, d) in counts.get(key, {}).items():
                at = self.index[commune] * width + 2 * i
                numbers[at], numbers[at + 1] = n, d

    def replace(self, year: int, communes: list[int], counts: dict[tuple[str, str], Any]) -> None:
        """The counts of ``communes`` in ``year`` read again (``catalogue_counts`` of those communes)."""
        keys, numbers = self.years[year]
        width = 2 * len(keys)
        for commune in communes:
            at = self.index[commune] * width
            numbers[at : at + width] = array.array("i", bytes(4 * width))
        self._fill(year, counts)

    def sums(self) -> dict[int, Any]:
        """The ``catalogue_counts`` of each year added up over the communes, as the one entry of commune 0:
        what ``roll_up_for`` makes of a current unit's communes (their sums; only the reports of current
        units keep counts, ``keeps_counts``) — one strided sum per column."""
        years: dict[int, Any] = {}
        for year, (keys, numbers) in self.years.items():
            width = 2 * len(keys)
            sums = [sum(numbers[j::width]) for j in range(width)]
            years[year] = {
                key: {0: (sums[2 * i], sums[2 * i + 1])} if sums[2 * i + 1] else {}
                for i, key in enumerate(keys)
            }
        return years

    def packed(self) -> bytes:
        """The counts as kept: the length of a JSON head (4 bytes), the head (the communes' order and each
        year's keys), then each year's numbers — one value, whole, so that a writer that did not read the
        counts again cannot leave its older head over another's numbers."""
        import json

        years = sorted(self.years.items())
        head = json.dumps(
            {"order": self.order, "years": [[year, keys] for year, (keys, _) in years]}
        ).encode()
        return b"".join(
            [len(head).to_bytes(4, "little"), head, *(numbers.tobytes() for _, (_, numbers) in years)]
        )

    @classmethod
    def unpacked(cls, packed: bytes) -> _KeptCounts:
        import json

        size = int.from_bytes(packed[:4], "little")
        head = json.loads(packed[4 : 4 + size])
        order: list[int] = head["order"]
        kept, at = cls(order, {}), 4 + size
        for year, keys in head["years"]:
            size = 4 * 2 * len(keys) * len(order)
            numbers = array.array("i")
            numbers.frombytes(packed[at : at + size])
            kept.years[int(year)] = ([tuple(key) for key in keys], numbers)
            at += size
        return kept


def stamp_query(province: int | None, obligation_id: int) -> tuple[str, list[Any]]:
    """The statement ``_stamps_and_kept`` runs (``bench/bench_report_change.py`` times it as is): the
    epoch, the changes the report counts grouped by part and commune — its province's and those of none
    (index-only scans of ``(province, part, commune, id)``), every change for the nation's report (no
    ``province``) —, and the kept row's stamp and figures."""
    epochs, changes = ReportEpoch._meta.db_table, ReportChange._meta.db_table
    kept_table = ReportFigures._meta.db_table
    if province is None:
        rows, params = f"SELECT part, commune_id, id FROM {changes}", []  # noqa: S608
    else:
        rows = (
            f"SELECT part, commune_id, id FROM {changes} WHERE province_id IS NULL "  # noqa: S608
            f"UNION ALL SELECT part, commune_id, id FROM {changes} WHERE province_id = %s"
        )
        params = [province]
    sql = f"""
        WITH counted AS (
            SELECT part, commune_id, count(*) AS n, max(id) AS last FROM ({rows}) AS c GROUP BY 1, 2
        )
        SELECT (SELECT number FROM {epochs} ORDER BY id LIMIT 1),
               (SELECT coalesce(json_agg(json_build_array(part, commune_id, n, last)), '[]')
                FROM counted),
               kept.stamp, kept.figures
        FROM (SELECT 1) AS one LEFT JOIN {kept_table} kept ON kept.obligation_id = %s
        """  # noqa: S608 — the models' tables; every value is a parameter
    return sql, [*params, obligation_id]


def _stamps_and_kept(obligation: Obligation, key: str) -> tuple[_Stamps, str | None, dict[str, Any] | None]:
    """One statement (one snapshot, ``stamp_query``): the stamps of the report's parts, and the kept row's
    stamp and figures."""
    import json

    from django.db import connections

    with connections[DEFAULT_DB_ALIAS].cursor() as cur:
        cur.execute(*stamp_query(report_province(obligation), obligation.pk))
        epoch, counted, stamp, figures = cur.fetchone()
    counted = json.loads(counted) if isinstance(counted, str) else counted
    figures = json.loads(figures) if isinstance(figures, str) else figures
    return _Stamps(epoch, counted, key), stamp, figures


def kept_figures(obligation: Obligation, today: datetime.date, *, by_sex: bool = True) -> dict[str, Any]:
    """``figures(obligation, today)`` kept under a stamp of everything it is read from (ADR 0049): the
    epoch, count and last id of ``ReportChange`` — a row for every statement that changed one of the
    tables read (the migration's triggers) —, today (the tasks' lateness), and the obligation's unit,
    plan, year and data window (read from the obligation, not from the tables logged). One statement
    reads the stamp and the kept row in one snapshot; while the stamp holds, the page reads that row only
    (11 queries at 1,000,000 children against 47).

    A miss reads again only the parts whose own stamp moved (ADR 0049, amended (5)): the tasks (the plans'
    changes), the cases and the supports (any change but the plans'), the indicators — those that read no
    register under the other changes, those that read it under the register's changes too, and their
    register counts per commune under that commune's changes: a child's record saved in one commune reads
    that commune's counts and the indicators that read the register, not the plan's tasks, not the other
    communes' counts. The row is written back whole, each part with the stamp it was read under; two
    processes writing at once may put back an older part, which its old stamp makes the next view read
    again. A miss returns the figures as a hit would read them back (through JSON), so both show the same."""
    import json

    from treem.indicators import selectors

    key = ":".join(
        str(part)
        for part in (
            f"v{FIGURES_VERSION}",
            int(by_sex),
            today.isoformat(),
            obligation.unit_id,
            obligation.plan_id,
            obligation.period_end.year,
            obligation.period_start.isoformat(),
            obligation.data_end.isoformat(),
        )
    )
    stamps, stamp, kept = _stamps_and_kept(obligation, key)
    if kept is not None and stamp == stamps.whole:
        return dict(kept)
    kept = kept or {}
    old: dict[str, Any] = {}
    counts: _KeptCounts | None = None
    if kept:
        row = (
            ReportFigures.objects.using(DEFAULT_DB_ALIAS)
            .filter(obligation_id=obligation.pk)
            .values_list("parts", "counts")
            .first()
        )
        if row is not None:
            old = row[0] or {}
            if row[1] is not None:
                counts = _KeptCounts.unpacked(bytes(row[1]))
                if not {int(c) for c in old.get("communes", {})} <= counts.index.keys():
                    counts = None  # parts and counts of two writers that read different maps: read all again
    was, now = old.get("stamps") or {}, stamps.parts()

    def holds(part: str) -> bool:
        return was.get(part) == now[part]

    fresh: dict[str, Any] = {}
    if holds("tasks"):
        fresh["tasks"], fresh["task_summary"] = kept["tasks"], kept["task_summary"]
    else:
        fresh["tasks"], fresh["task_summary"] = _tasks(obligation, today)
    fresh["cases"] = kept["cases"] if holds("cases") else _cases(obligation)
    fresh["support"] = kept["support"] if holds("support") else _support(obligation)
    year = obligation.period_end.year
    parts: dict[str, Any] = {}
    counts_read = False
    if holds("indicators") and (holds("register") or counts is not None):
        parts.update({k: old[k] for k in ("communes", "heirs") if k in old})
        if holds("register"):
            fresh["indicators"] = kept["indicators"]
        else:
            assert counts is not None
            fresh["indicators"], counts_read = _indicators_again(
                obligation, year, by_sex, stamps, kept["indicators"], parts, counts
            )
    else:
        reader = selectors._Figures(obligation.unit, batched=True)
        fresh["indicators"] = _indicators(obligation, year, by_sex=by_sex, figures=reader)
        counts = None
        if keeps_counts(obligation):
            communes = list(selectors.current_communes(obligation.unit).values_list("pk", flat=True))
            parts["communes"] = {str(c): stamps.commune(c) for c in communes}
            counts, counts_read = _KeptCounts.read(reader._years, communes), True
        parts["heirs"] = None if reader._heirs is None else [[k, v] for k, v in reader._heirs.items()]
    fresh = json.loads(json.dumps({k: fresh[k] for k in FIGURE_KEYS}))
    parts["stamps"] = now
    fields = ["stamp", "figures", "parts"]
    packed = None
    if counts_read or counts is None or not kept:  # the counts written only when read again (2 MB a nation)
        fields.append("counts")
        packed = None if counts is None else counts.packed()
    ReportFigures.objects.using(DEFAULT_DB_ALIAS).bulk_create(
        [
            ReportFigures(
                obligation_id=obligation.pk, stamp=stamps.whole, figures=fresh, parts=parts, counts=packed
            )
        ],
        update_conflicts=True,
        unique_fields=["obligation"],
        update_fields=fields,
    )
    return fresh


FIGURE_KEYS = ("indicators", "tasks", "task_summary", "cases", "support")


def _indicators_again(
    obligation: Obligation,
    year: int,
    by_sex: bool,
    stamps: _Stamps,
    rows: list[dict[str, Any]],
    parts: dict[str, Any],
    counts: _KeptCounts,
) -> tuple[list[dict[str, Any]], bool]:
    """The indicators' rows after the register changed and nothing else they read: the register counts
    read again for the communes whose stamp moved only (``parts`` and ``counts`` updated in place), then
    the rows of the indicators that read the register worked out again from the counts' sums; the others'
    rows kept. Also whether any commune's counts were read again."""
    from treem.geo.models import AdminUnit
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    communes: dict[str, str] = parts["communes"]
    stale = [int(c) for c, stamp in communes.items() if stamp != stamps.commune(int(c))]
    if stale:
        for year_read in list(counts.years):
            again = selectors.catalogue_counts(AdminUnit.objects.filter(pk__in=stale).values("pk"), year_read)
            counts.replace(year_read, stale, again)
        for commune in stale:
            communes[str(commune)] = stamps.commune(commune)
    reader = selectors._Figures(obligation.unit, batched=True)
    reader._years = counts.sums()
    if parts.get("heirs") is not None:
        reader._heirs = {int(k): v for k, v in parts["heirs"]}
    again_of = [
        i for i in Indicator.objects.all() if i.code in selectors.COMPUTERS and i.code not in REGISTER_FREE
    ]
    read = {
        row["code"]: row
        for row in _indicators(obligation, year, by_sex=by_sex, figures=reader, indicators=again_of)
    }
    return [read.get(row["code"], row) for row in rows], bool(stale)


def report_changes_compact(using: str | None = None) -> int:
    """Empty the log of the page's input changes and the figures kept, and move the epoch on, in one
    transaction (a periodic job, and after every ``migrate``: a release's code may work figures out
    differently): the stamp stays new, and reading it stays one small count. Returns the rows taken out
    of the log."""
    from django.db import transaction

    using = using or DEFAULT_DB_ALIAS
    with transaction.atomic(using=using):
        removed, _ = ReportChange.objects.using(using).all().delete()
        ReportFigures.objects.using(using).all().delete()  # kept under stamps no reader will see again
        if not ReportEpoch.objects.using(using).update(number=F("number") + 1):
            ReportEpoch.objects.using(using).create(number=2)  # the migration's row gone (a flushed database)
    return removed


def build(
    obligation: Obligation,
    today: datetime.date | None = None,
    *,
    consolidated: bool = True,
    by_sex: bool = True,
    kept: bool = False,
) -> dict[str, Any]:
    """The report's content. ``consolidated=False`` leaves the reports below out (``below`` empty): the
    report's page lists them itself (``below()``) and shows nothing of this table, which reads every
    report below's sent content (issue #20); the documents and every sending build it whole.
    ``by_sex=False`` leaves the indicators' figures for boys and girls out (``male``/``female`` None):
    the page shows neither, and each asks the scorecard for two more figures per indicator.
    ``kept=True`` (the page) takes the figures kept under their stamp (``kept_figures``, ADR 0049);
    the documents and every sending read them afresh."""
    today = today or timezone.localdate()
    year = obligation.period_end.year
    read = (kept_figures if kept else figures)(obligation, today, by_sex=by_sex)
    rows = _consolidated(obligation) if consolidated and obligation.unit.level != Level.COMMUNE else []
    return {
        "version": PREFILL_VERSION,
        "made_on": today.isoformat(),
        "unit": obligation.agency.name if obligation.agency else str(obligation.unit),
        "unit_name": obligation.unit.name,
        "period": obligation.period,
        "period_label": obligation.period_label,
        "period_start": obligation.period_start.isoformat(),
        "period_end": obligation.period_end.isoformat(),
        "data_end": obligation.data_end.isoformat(),
        "estimated_from": obligation.estimated_from.isoformat() if obligation.estimated_from else None,
        "year": year,
        "plan": obligation.plan.title,
        "indicators": read["indicators"],
        "tasks": read["tasks"],
        "task_summary": read["task_summary"],
        "cases": read["cases"],
        "support": read["support"],
        "below": rows,
        "narratives": {
            "results": obligation.results,
            "shortcomings": obligation.shortcomings,
            "proposals": obligation.proposals,
        },
    }


# -- reading a sent report on the page -------------------------------------------------------------------
SECTIONS = (
    ("results", "I. Kết quả thực hiện"),
    ("shortcomings", "II. Tồn tại, hạn chế và nguyên nhân"),
    ("proposals", "III. Đề xuất, kiến nghị"),
)


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def sections_compared(current: dict[str, Any], previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The written sections of a sent report, each paragraph marked against the previous sending:
    ``("same" | "added" | "removed", text)``; ``changed`` is None on a first sending."""
    import difflib

    now = current.get("narratives") or {}
    before = (previous or {}).get("narratives") or {}
    result = []
    for key, heading in SECTIONS:
        new, old = _paragraphs(now.get(key)), _paragraphs(before.get(key))
        if previous is None:
            lines = [("same", p) for p in new]
        else:
            lines = []
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
                if op == "equal":
                    lines += [("same", p) for p in new[j1:j2]]
                else:
                    lines += [("removed", p) for p in old[i1:i2]]
                    lines += [("added", p) for p in new[j1:j2]]
        result.append(
            {
                "key": key,
                "heading": heading,
                "lines": lines,
                "changed": None if previous is None else new != old,
            }
        )
    return result


def indicators_compared(current: dict[str, Any], previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The indicator rows with a figure or a target, each with ``before`` = the previous sending's value
    where it differs (``changed``)."""
    old = {i["code"]: i for i in ((previous or {}).get("indicators") or [])}
    rows = []
    for i in current.get("indicators") or []:
        if i.get("value") is None and i.get("target") is None:
            continue
        was = old.get(i["code"])
        changed = previous is not None and (was is None or was.get("value") != i.get("value"))
        before = was.get("value") if was else None
        target, value = i.get("target"), i.get("value")
        rows.append(
            {
                **i,
                "changed": changed,
                "before": before,
                # as the page shows them, worked out here once rather than by filters in the row's template
                "target_text": format_html("{} {}", i.get("comparator", ""), floatformat(target, "-2"))
                if target is not None
                else "—",
                "value_text": floatformat(value, "-2") if value is not None else "—",
                "before_text": floatformat(before, "-2") if before is not None else "—",
            }
        )
    return rows


LATE_LABEL = "Chậm tiến độ"  # a task late by its status is not marked "chậm" a second time
TITLE_CHARS = 300  # a task's title on the page; the document cuts it at as many


def _title(title: str) -> str:
    """``title|truncatechars:300``: the title in NFC, cut to 300 characters (combining marks not counted)
    with an ellipsis — without walking each character of the (nearly always shorter) title."""
    text = unicodedata.normalize("NFC", title)
    return text if len(text) <= TITLE_CHARS else truncatechars(title, TITLE_CHARS)


def task_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The page's table of the report's tasks, each cell as shown (issue #20: the template's filters and
    tests, once per task of a plan of 141, were a good part of the page's rendering)."""
    rows = []
    for t in data.get("tasks") or []:
        label, percent = t.get("status_label", ""), t.get("percent")
        rows.append(
            {
                "number": t.get("number", ""),
                "title": _title(str(t.get("title", ""))),
                "lead": t.get("lead") or "—",
                "status_label": label,
                "late_badge": bool(t.get("late")) and label != LATE_LABEL,
                "percent": f"{percent}%" if percent is not None else "—",
            }
        )
    return rows


# -- the document -------------------------------------------------------------------------------------------
def vn(value: float | int | None, places: int = 2) -> str:
    """1234.5 → "1.234,50", a whole number of things stays whole (1.234); None → "—"."""
    return vn_number(value, places if isinstance(value, float) else 0)


def _places(indicator: dict[str, Any]) -> int:
    """Counts of children are whole numbers; rates have two decimals."""
    return 0 if indicator.get("source") == "computed" and indicator.get("unit") == "số lượng" else 2


def _issuer(obligation: Obligation) -> tuple[str, str, str]:
    """(cơ quan chủ quản, cơ quan ban hành, ký hiệu) in the style of Nghị định 30/2020."""
    unit = obligation.unit
    parent = unit.parent
    if obligation.agency is not None:
        return f"ỦY BAN NHÂN DÂN {unit.name}".upper(), obligation.agency.name.upper(), "BC"
    upper = f"ỦY BAN NHÂN DÂN {parent.name}".upper() if parent and parent.level != Level.NATION else ""
    return upper, f"ỦY BAN NHÂN DÂN {unit.name}".upper(), "UBND"


def _place(unit: Any) -> str:
    """Địa danh (Nghị định 30/2020): the province's name; a commune's name without "Xã"/"Phường"."""
    if unit.level == Level.COMMUNE:
        for prefix in ("Phường ", "Xã ", "Đặc khu "):
            if unit.name.startswith(prefix):
                return unit.name.removeprefix(prefix)
    return unit.name


def _dmy(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def window_text(data: dict[str, Any]) -> str:
    """What the figures cover: the data period up to its cut-off, and the part of the period reported as
    an estimate where the deadline comes before the period's cut-off (ADR 0025)."""
    start, end = data.get("period_start"), data.get("period_end")
    if not start or not end:
        return ""
    data_end, estimated = data.get("data_end") or end, data.get("estimated_from")
    text = f"Số liệu thực tế từ ngày {_dmy(start)} đến ngày {_dmy(data_end)}"
    if estimated:
        text += (
            f"; số liệu từ ngày {_dmy(estimated)} đến ngày {_dmy(end)} là số liệu ước tính "
            "(hạn nộp báo cáo trước ngày chốt số liệu của kỳ, Nghị định số 09/2019/NĐ-CP)"
        )
    return text + "."


def receiving_body(obligation: Obligation) -> str:
    """The body named in "Nơi nhận" (Nghị định 30/2020): see ``Obligation.receiving_body``."""
    return obligation.receiving_body


def _through(obligation: Obligation, first: str) -> list[str]:
    """The agency a derived plan's report goes through today ("gửi về Sở Lao động - Thương binh và Xã hội"
    → "Sở Y tế Thành phố Hồ Chí Minh"), named after the receiving body (ADR 0025)."""
    if obligation.plan.derived_from_id is None and obligation.agency_id is None:
        return []
    now = obligation.deadline.recipient_now
    return [now] if now and now != first else []


def as_document(data: dict[str, Any], obligation: Obligation, *, draft: bool) -> Any:
    """The DOCX/XLSX model (treem.reporting.documents) of a report's content."""
    from treem.reporting import documents as docs

    parent_body, issuer, short = _issuer(obligation)
    period_label = data.get("period_label", obligation.period_label)
    sections: list[Any] = []
    narratives = data.get("narratives") or {}
    sections.append(
        docs.Section(
            heading="I. KẾT QUẢ THỰC HIỆN",
            paragraphs=([window_text(data)] if window_text(data) else [])
            + (
                [p for p in (narratives.get("results") or "").split("\n") if p.strip()]
                or ["(Chưa có nội dung.)"]
            ),
        )
    )
    indicators = data.get("indicators") or []
    rows = [
        [
            i["code"],
            i["name"],
            f"{i['comparator']} {vn(i['target'])} ({i['target_year']})"
            if i.get("target") is not None
            else "—",
            vn(i.get("value"), _places(i)),
            vn(i.get("male"), _places(i)),
            vn(i.get("female"), _places(i)),
            i.get("status_label", ""),
        ]
        for i in indicators
        if i.get("value") is not None or i.get("target") is not None
    ]
    charts = []
    for i in indicators:
        if i.get("value") is not None and i.get("target") is not None and i.get("unit") == "%":
            charts.append(
                docs.Chart(
                    title=f"{i['code']}: {i['name']}",
                    labels=["Thực hiện", "Nam", "Nữ"],
                    values=[i.get("value"), i.get("male"), i.get("female")],
                    target=i.get("target"),
                    unit_label="%",
                )
            )
    sections.append(
        docs.Section(
            heading=f"1. Các chỉ tiêu về trẻ em năm {data.get('year')}",
            level=2,
            paragraphs=[
                "Số liệu tính từ cơ sở dữ liệu trẻ em và báo cáo của các ngành; tỷ lệ của địa bàn là "
                "tổng tử số chia tổng mẫu số của các đơn vị trực thuộc."
            ],
            tables=[
                docs.Table(
                    caption="Bảng 1. Kết quả thực hiện các chỉ tiêu",
                    columns=["Mã", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Nam", "Nữ", "Đánh giá"],
                    rows=rows,
                    numeric={3, 4, 5},
                    widths_mm=(18, 52, 25, 19, 15, 15, 21),
                )
            ]
            if rows
            else [],
            charts=charts[:4],
        )
    )
    tasks = data.get("tasks") or []
    summary = data.get("task_summary") or {}
    sections.append(
        docs.Section(
            heading="2. Tiến độ thực hiện các nhiệm vụ được giao",
            level=2,
            paragraphs=[
                f"Tổng số {summary.get('total', 0)} nhiệm vụ: hoàn thành {summary.get('done', 0)}, "
                f"đang thực hiện {summary.get('in_progress', 0)}, "
                f"chưa thực hiện {summary.get('not_started', 0)}, chậm tiến độ {summary.get('late', 0)}."
            ],
            tables=[
                docs.Table(
                    caption="Bảng 2. Tiến độ nhiệm vụ",
                    columns=["Số", "Nhiệm vụ", "Chủ trì", "Tình trạng", "Tỷ lệ"],
                    widths_mm=(20, 70, 40, 22, 13),
                    rows=[
                        [
                            t["number"],
                            t["title"][:300],
                            t.get("lead", ""),
                            t["status_label"]
                            + (" (chậm)" if t.get("late") and t.get("status") != "late" else ""),
                            f"{t['percent']}%" if t.get("percent") is not None else "—",
                        ]
                        for t in tasks
                    ],
                    numeric={4},
                )
            ]
            if tasks
            else [],
        )
    )
    cases = data.get("cases") or {}
    support = data.get("support") or {}
    sections.append(
        docs.Section(
            heading="3. Bảo vệ trẻ em và hỗ trợ trẻ em có hoàn cảnh đặc biệt",
            level=2,
            paragraphs=[
                f"Trong kỳ ({period_label}) tiếp nhận {cases.get('cases', 0)} vụ việc liên quan đến "
                f"{cases.get('children', 0)} trẻ em; {cases.get('plans_approved', 0)} kế hoạch hỗ trợ, "
                f"can thiệp được phê duyệt, trong đó {cases.get('plans_approved_on_time', 0)} kế hoạch "
                "đúng thời hạn.",
                f"Đã hỗ trợ {support.get('children', 0)} trẻ em với {support.get('records', 0)} lần hỗ trợ, "
                f"tổng giá trị {vn(support.get('amount', 0))} đồng.",
            ],
            tables=[
                docs.Table(
                    caption="Bảng 3. Hỗ trợ trẻ em theo hình thức",
                    columns=["Hình thức", "Số lần", "Số tiền (đồng)"],
                    rows=[
                        [k, vn(v["records"]), vn(v["amount"])]
                        for k, v in (support.get("by_kind") or {}).items()
                    ],
                    numeric={1, 2},
                )
            ]
            if support.get("by_kind")
            else [],
        )
    )
    below_rows = data.get("below") or []
    if below_rows:
        sent = [b for b in below_rows if b.get("submitted")]
        sections.append(
            docs.Section(
                heading="4. Tổng hợp báo cáo của các đơn vị trực thuộc",
                level=2,
                paragraphs=[
                    f"{len(sent)}/{len(below_rows)} đơn vị đã gửi báo cáo; "
                    f"{sum(1 for b in below_rows if b.get('on_time'))} đơn vị gửi đúng hạn; "
                    f"{sum(1 for b in below_rows if b.get('state') == 'accepted')} báo cáo đã được tiếp nhận."
                ],
                tables=[
                    docs.Table(
                        caption="Bảng 4. Báo cáo của các đơn vị",
                        columns=[
                            "Đơn vị",
                            "Ngày gửi",
                            "Đúng hạn",
                            "Nhiệm vụ hoàn thành",
                            "Vụ việc",
                            "Kết quả chính",
                        ],
                        rows=[
                            [
                                b["unit"],
                                datetime.date.fromisoformat(b["submitted"]).strftime("%d/%m/%Y")
                                if b.get("submitted")
                                else "Chưa gửi",
                                {True: "Có", False: "Không"}.get(b.get("on_time"), "—"),
                                f"{b['tasks_done']}/{b['tasks_total']}" if b.get("tasks_total") else "—",
                                vn(b.get("cases")),
                                (b.get("results") or "")[:200],
                            ]
                            for b in below_rows
                        ],
                    )
                ],
            )
        )
    sections.append(
        docs.Section(
            heading="II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            paragraphs=[p for p in (narratives.get("shortcomings") or "").split("\n") if p.strip()]
            or ["Không có."],
        )
    )
    sections.append(
        docs.Section(
            heading="III. ĐỀ XUẤT, KIẾN NGHỊ",
            paragraphs=[p for p in (narratives.get("proposals") or "").split("\n") if p.strip()]
            or ["Không có."],
        )
    )
    recipient = receiving_body(obligation)
    return docs.ReportContent(
        parent_body=parent_body,
        issuer=issuer,
        issuer_short=short,
        number="",
        place=_place(obligation.unit),
        date=datetime.date.fromisoformat(data.get("made_on") or timezone.localdate().isoformat()),
        title="Kết quả thực hiện công tác chăm sóc, giáo dục và bảo vệ trẻ em "
        + period_label[0].lower()
        + period_label[1:],
        sections=sections,
        recipients=[recipient, *_through(obligation, recipient), "Lưu: VT."],
        signer_authority="TM. ỦY BAN NHÂN DÂN" if obligation.agency is None else "",
        signer_position="CHỦ TỊCH" if obligation.agency is None else "GIÁM ĐỐC",
        signer_name="",
        draft_mark="DỰ THẢO" if draft else "",
    )
