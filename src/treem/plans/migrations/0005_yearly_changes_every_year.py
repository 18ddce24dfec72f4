"""ADR 0044: a yearly change ("giảm 5 %/năm") saved before it was expanded into one value per year of the
plan's period, and the indicators' targets got one ordinary row per year. Such a target is stored now as
it would be written today — one value for every year (``year`` empty), its rows on the indicators'
targets marked ``every_year`` — when, and only when, its values are exactly those copies: one and the
same value for each year of ``Plan.target_years`` and for no other year. A target whose values differ
from year to year, or cover other years (edited by hand, or a plan open at its end that has reached a
later year), is left as it is; so is each row on the indicators' targets that no longer holds what the
plan wrote there (set or changed by a person, or from the reference catalogue)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import migrations
from django.utils import timezone


def _target_years(plan: Any, today: datetime.date) -> list[int]:
    """``Plan.target_years`` as ADR 0044 wrote it."""
    document = plan.document
    issued = document.date.year if document is not None and document.date else None
    start, end = plan.start_year, plan.end_year
    if start and end:
        return list(range(start, end + 1))
    if start:
        return list(range(start, max(start, today.year) + 1))
    if end:
        return list(range(issued if issued and issued <= end else end, end + 1))
    return [issued] if issued else []


def _source(plan: Any) -> str:
    """The source the plan wrote on the indicators' targets (``str(plan.document)``, else its title)."""
    document = plan.document
    if document is None:
        return str(plan.title)[:255]
    label = str(document.get_doc_type_display())
    if document.number:
        label += f" số {document.number}"
    elif document.title:
        label = document.title if document.title.startswith(label) else f"{label} {document.title}"
    if document.date:
        label += f" ngày {document.date:%d/%m/%Y}"
    return label[:255]


def forwards(apps: Any, schema_editor: Any, today: datetime.date | None = None) -> int:
    """Returns how many plan targets it converted."""
    from treem.indicators.rules import breakdown_of

    PlanTarget = apps.get_model("plans", "PlanTarget")
    PlanTargetValue = apps.get_model("plans", "PlanTargetValue")
    Target = apps.get_model("indicators", "Target")
    today = today or timezone.localdate()
    converted = 0
    for target in PlanTarget.objects.filter(kind="change").select_related("plan__document").order_by("pk"):
        values = list(PlanTargetValue.objects.filter(target=target))
        numbers = {v.value for v in values}
        years = sorted(v.year for v in values if v.year is not None)
        if len(numbers) != 1 or len(years) != len(values):
            continue  # none, several values, or already one for every year
        if years != _target_years(target.plan, today):
            continue  # not the copies over the plan's period
        (value,) = numbers
        PlanTargetValue.objects.filter(target=target).delete()
        PlanTargetValue.objects.create(target=target, year=None, value=value)
        converted += 1
        breakdown = breakdown_of(target.breakdown)
        if target.indicator_id is None or breakdown is None:
            continue  # never written to the indicators' targets
        rows = Target.objects.filter(
            indicator_id=target.indicator_id,
            breakdown=breakdown,
            year__in=years,
            origin="plan",
            source=_source(target.plan),
            kind="change",
            value=value,
            value_high=target.value_high,
            every_year=False,
        )
        rows.update(every_year=True)
    return converted


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_target_value_every_year"),
        ("indicators", "0013_target_replaced_every_year"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
