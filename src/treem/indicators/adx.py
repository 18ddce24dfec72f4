"""Indicator figures as an IHE ADX document (Aggregate Data Exchange, namespace urn:ihe:qrph:adx:2015).

One ``<group>`` per unit (and optionally per child unit) for one year, period written as ISO 8601
start/duration (``2025-01-01/P1Y``). Each indicator gives up to three data elements, so that a receiver
can aggregate further as a ratio of sums: ``<code>`` (the published value), ``<code>_NUM`` (numerator)
and ``<code>_DEN`` (denominator). The sex breakdown is the ``SEX`` attribute (``M``/``F``); a total has
none. Figures that do not exist are left out rather than written as zero.

``ADX_XSD`` is a structural schema of the profile's base message (root, groups, data values, period
syntax), used by the tests; a dataset-specific schema would enumerate the codes as well.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from lxml import etree

from treem.geo.models import AdminUnit
from treem.indicators import analytics, selectors
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


def group_for(unit: AdminUnit, year: int, indicators: list[Indicator]) -> Group:
    group = Group(org_unit=unit.code, year=year)
    for indicator in indicators:
        group.data_values += _values(indicator, selectors.figure(indicator, unit, year), "")
        if analytics.has_sex_breakdown(indicator):
            for sex in analytics.SEXES:
                group.data_values += _values(indicator, selectors.figure(indicator, unit, year, sex=sex), sex)
    return group


def groups_for(units: list[AdminUnit], year: int, *, with_children: bool = False) -> list[Group]:
    """Groups of ``units`` (already scoped by the caller) and, with ``with_children``, of the current
    units one level below each (all inside the caller's jurisdiction, which is a whole subtree)."""
    indicators = list(Indicator.objects.all())
    groups: list[Group] = []
    seen: set[int] = set()
    for unit in units:
        members = [unit, *(selectors.child_units(unit) if with_children else [])]
        for member in members:
            if member.pk not in seen:
                seen.add(member.pk)
                groups.append(group_for(member, year, indicators))
    return groups


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
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(ADX_XSD)))
