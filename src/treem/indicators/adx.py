"""Indicator figures as an IHE ADX document (Aggregate Data Exchange, namespace urn:ihe:qrph:adx:2015).

One ``<group>`` per unit (and optionally per child unit) for one year, period written as ISO 8601
start/duration (``2025-01-01/P1Y``). Each indicator gives up to three data elements, so that a receiver
can aggregate further as a ratio of sums: ``<code>`` (the published value), ``<code>_NUM`` (numerator)
and ``<code>_DEN`` (denominator). The sex breakdown is the ``SEX`` attribute (``M``/``F``); a total has
none. Figures that do not exist are left out rather than written as zero. ADX has no "< 5": for a
reader without record access to the unit, a suppressed cell (small-cell suppression, ADR 0020) leaves
out its value and numerator data values (a ratio's denominator stays), and an XML comment in the group
names the cells left out.

``ADX_XSD`` is a structural schema of the profile's base message (root, groups, data values, period
syntax), used by the tests; a dataset-specific schema would enumerate the codes as well.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from lxml import etree

from treem.geo.models import AdminUnit
from treem.geo.selectors import unit_code
from treem.indicators import analytics, privacy, selectors
from treem.indicators.models import Indicator

NAMESPACE = "urn:ihe:qrph:adx:2015"
DATASET = "TREEM-QD23"
ADX_XSD = Path(__file__).with_name("adx.xsd")


@dataclass
class DataValue:
    data_element: str
    value: Decimal | int
    sex: str = ""


@dataclass
class Group:
    org_unit: str
    year: int
    data_values: list[DataValue] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)  # "CODE" or "CODE/SEX" left out (ADR 0020)

    @property
    def period(self) -> str:
        return f"{datetime.date(self.year, 1, 1).isoformat()}/P1Y"


def _values(indicator: Indicator, fig: selectors.Figure, sex: str) -> list[DataValue]:
    out = []
    if fig.value is not None:
        out.append(DataValue(indicator.code, fig.value, sex))
    if fig.numerator is not None:
        out.append(DataValue(f"{indicator.code}_NUM", fig.numerator, sex))
    if fig.denominator is not None:
        out.append(DataValue(f"{indicator.code}_DEN", fig.denominator, sex))
    return out


def _suppressed(indicator: Indicator, fig: selectors.Figure, sex: str) -> list[str]:
    return [f"{indicator.code}{'/' + sex if sex else ''}"] if fig.suppressed else []


def group_for(
    unit: AdminUnit,
    year: int,
    indicators: list[Indicator],
    *,
    exact: bool = True,
    totals: dict[str, selectors.Figure] | None = None,
    user: Any = None,
    figures: Any = None,
) -> Group:
    """The unit's figures; without ``exact`` (no record access) small cells are left out (ADR 0020), and
    ``totals`` replaces the unit's own totals by those already protected as parts of a parent.
    ``figures``: the unit's reader (``selectors._Figures``, batched by default: the computed indicators
    from one catalogue read, not a query per indicator and sex — 176 queries and 12 s at a nation of
    1,000,000 children, issue #20)."""
    figures = figures or selectors._Figures(unit, batched=True)
    group = Group(org_unit=unit_code(unit), year=year)
    among: set[str] = set()
    if not exact and totals is None:
        among = privacy.hidden_among_siblings(user, unit, year, indicators)
    for indicator in indicators:
        total = figures.get(indicator, year)
        sexes = list(analytics.SEXES) if analytics.has_sex_breakdown(indicator) else []
        parts = [figures.get(indicator, year, sex) for sex in sexes]
        if not exact:
            if totals is not None and indicator.code in totals and totals[indicator.code].suppressed:
                total = totals[indicator.code]
            elif indicator.code in among:
                total = privacy.hide(indicator, total)
            total, parts = privacy.protect(indicator, total, parts)
        group.data_values += _values(indicator, total, "")
        group.suppressed += _suppressed(indicator, total, "")
        for sex, part in zip(sexes, parts, strict=True):
            group.data_values += _values(indicator, part, sex)
            group.suppressed += _suppressed(indicator, part, sex)
    return group


def groups_for(
    units: list[AdminUnit],
    year: int,
    *,
    with_children: bool = False,
    user: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Group]:
    """Groups of ``units`` (already scoped by the caller) and, with ``with_children``, of the current
    units one level below each (all inside the caller's jurisdiction, which is a whole subtree). For a
    ``user`` without record access to a unit, small cells are left out, the child units' figures
    protected as parts of their parent's total; ``user`` None (a trusted caller) gets every figure."""
    indicators = list(Indicator.objects.all())
    groups: list[Group] = []
    seen: set[int] = set()
    total = len(units) + (sum(len(selectors.child_units(u)) for u in units) if with_children else 0)
    for unit in units:
        exact = user is None or privacy.exact_for(user, unit)
        reader = selectors._Figures(unit, batched=True)
        if unit.pk not in seen:
            seen.add(unit.pk)
            groups.append(group_for(unit, year, indicators, exact=exact, user=user, figures=reader))
            if progress is not None:
                progress(len(groups), total)
        children = selectors.child_units(unit) if with_children else []
        readers = {c.pk: reader.below(c, year) for c in children}  # the unit's catalogue, read once
        protected: dict[int, dict[str, selectors.Figure]] = {c.pk: {} for c in children}
        if children and not exact:
            among = privacy.hidden_among_siblings(user, unit, year, indicators)
            for indicator in indicators:
                figures = [readers[child.pk].get(indicator, year) for child in children]
                total_fig = reader.get(indicator, year)
                if indicator.code in among:  # the unit itself held back: so are all its parts
                    total_fig = privacy.hide(indicator, total_fig)
                _total, shown = privacy.protect(indicator, total_fig, figures)
                for child, fig in zip(children, shown, strict=True):
                    protected[child.pk][indicator.code] = fig
        for child in children:
            if child.pk not in seen:
                seen.add(child.pk)
                groups.append(
                    group_for(
                        child,
                        year,
                        indicators,
                        exact=exact,
                        totals=protected[child.pk],
                        figures=readers[child.pk],
                    )
                )
                if progress is not None:
                    progress(len(groups), total)
    return groups


# --------------------------------------------------------------------------- in the background (ADR 0015)
# A file with the child units (a province's communes: thousands of figures) is built by the worker:
# the page and the API queue it and answer at once; a single unit's file stays immediate.


def export_start(*, actor: Any, units: list[AdminUnit], year: int) -> Any:
    """Queue the ADX file of ``units`` (already scoped) and their child units for ``actor``."""
    from treem.core.jobs import export_start as start

    names = ", ".join(u.name for u in units[:3]) + (" …" if len(units) > 3 else "")
    return start(
        actor=actor,
        kind="adx",
        title=f"Tệp ADX chỉ tiêu năm {year}: {names} và các đơn vị trực thuộc",
        params={"units": [u.pk for u in units], "year": year, "children": True},
    )


def export_build(job: Any, progress: Callable[[int, int], None]) -> Any:
    """Build an ExportJob of kind "adx", checking again that every unit is in the user's jurisdiction."""
    from treem.accounts import access
    from treem.core.errors import ApplicationError
    from treem.core.jobs import Built

    units = []
    for pk in job.params.get("units") or []:
        unit = AdminUnit.objects.filter(pk=pk).first()
        if unit is None or not access.has_perm(job.created_by, analytics.PERM, unit):
            raise ApplicationError("Đơn vị không còn trong địa bàn bạn được xem chỉ tiêu.")
        units.append(unit)
    year = int(job.params["year"])
    groups = groups_for(
        units, year, with_children=bool(job.params.get("children")), user=job.created_by, progress=progress
    )
    code = units[0].code if len(units) == 1 else "nhieu-don-vi"
    return Built(
        data=build(groups),
        file_name=f"chi-tieu-{code}-{year}.adx.xml",
        content_type="application/adx+xml; charset=utf-8",
        rows=len(groups),
    )


def _decimal(value: Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    return format(value, "f")


def build(groups: list[Group], *, exported: datetime.datetime | None = None) -> bytes:
    stamp = (exported or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    root = etree.Element(f"{{{NAMESPACE}}}adx", nsmap={None: NAMESPACE})
    root.set("exported", stamp.isoformat().replace("+00:00", "Z"))
    for g in groups:
        node = etree.SubElement(root, f"{{{NAMESPACE}}}group")
        node.set("orgUnit", g.org_unit)
        node.set("period", g.period)
        node.set("dataSet", DATASET)
        for dv in g.data_values:
            item = etree.SubElement(node, f"{{{NAMESPACE}}}dataValue")
            item.set("dataElement", dv.data_element)
            item.set("value", _decimal(dv.value))
            if dv.sex:
                item.set("SEX", dv.sex)
        if g.suppressed:
            node.append(
                etree.Comment(
                    f" {privacy.SUPPRESSED_TEXT}: {', '.join(g.suppressed)} — số trẻ em từ 1 đến 4 được ẩn "
                    "để bảo vệ trẻ em (và các ô suy ra được từ chúng) "
                )
            )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(ADX_XSD)))
