"""The IHE ADX export: valid against the structural schema, namespaced, ISO 8601 periods, exact values
with numerators and denominators, the sex breakdown as an attribute; scoped like the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from lxml import etree

from treem.core.models import ExportJob
from treem.indicators import adx

pytestmark = pytest.mark.django_db

NS = {"adx": adx.NAMESPACE}
PAGE = reverse("indicators:adx")
API = "/api/v1/analytics/adx"


def _parse(content: bytes) -> etree._Element:
    doc = etree.fromstring(content)
    schema = adx.schema()
    assert schema.validate(doc), schema.error_log
    return doc


def _values(doc: etree._Element, org_unit: str) -> dict[tuple[str, str], str]:
    (group,) = doc.xpath("adx:group[@orgUnit=$ou]", namespaces=NS, ou=org_unit)
    return {(dv.get("dataElement"), dv.get("SEX", "")): dv.get("value") for dv in group}


def test_build_is_valid_adx() -> None:
    groups = [
        adx.Group(
            org_unit="79",
            year=2025,
            data_values=[
                adx.DataValue("QD23-14", Decimal("60.00")),
                adx.DataValue("QD23-14_NUM", 3),
                adx.DataValue("QD23-14_DEN", 5, "F"),
            ],
        )
    ]
    exported = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    doc = _parse(adx.build(groups, exported=exported))
    assert doc.tag == "{urn:ihe:qrph:adx:2015}adx"
    assert doc.nsmap == {None: "urn:ihe:qrph:adx:2015"}
    assert doc.get("exported") == "2026-01-02T03:04:05Z"
    (group,) = doc
    assert dict(group.attrib) == {"orgUnit": "79", "period": "2025-01-01/P1Y", "dataSet": adx.DATASET}
    assert [dict(dv.attrib) for dv in group] == [
        {"dataElement": "QD23-14", "value": "60.00"},
        {"dataElement": "QD23-14_NUM", "value": "3"},
        {"dataElement": "QD23-14_DEN", "value": "5", "SEX": "F"},
    ]


def test_schema_rejects_broken_documents() -> None:
    schema = adx.schema()
    head = b'<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-01-01T00:00:00Z">'
    bad_period = head + b'<group orgUnit="79" period="2025" dataSet="X"/></adx>'
    bad_value = (
        head + b'<group orgUnit="79" period="2025-01-01/P1Y" dataSet="X">'
        b'<dataValue dataElement="A" value="60,00"/></group></adx>'
    )
    bad_sex = (
        head + b'<group orgUnit="79" period="2025-01-01/P1Y" dataSet="X">'
        b'<dataValue dataElement="A" value="1" SEX="X"/></group></adx>'
    )
    no_ns = b'<adx exported="2026-01-01T00:00:00Z"><group orgUnit="79" period="2025-01-01/P1Y" dataSet="X"/>'
    no_ns += b"</adx>"
    for doc in (bad_period, bad_value, bad_sex, no_ns):
        assert not schema.validate(etree.fromstring(doc))


def test_page_exports_unit_and_children(
    world: Any, births: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(world.province_a)
    with django_capture_on_commit_callbacks(execute=True):  # the worker, inline
        response = client.get(PAGE, {"unit": world.a.pk, "year": 2025, "children": "1"})
    assert response.status_code == 302  # a province with its communes: built in the background
    job = ExportJob.objects.get(created_by=world.province_a)
    assert response["Location"] == reverse("exports:detail", args=[job.pk])
    assert "chi-tieu-79-2025.adx.xml" in client.get(response["Location"]).content.decode()
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response["Content-Type"].startswith("application/adx+xml")
    assert "chi-tieu-79-2025.adx.xml" in response["Content-Disposition"]
    doc = _parse(b"".join(response.streaming_content))
    assert [g.get("orgUnit") for g in doc] == ["79", "26740", "26968"]
    assert {g.get("period") for g in doc} == {"2025-01-01/P1Y"}
    hcmc = _values(doc, "79")
    assert (hcmc[("QD23-14", "")], hcmc[("QD23-14_NUM", "")], hcmc[("QD23-14_DEN", "")]) == (
        "60.00",
        "3",
        "5",
    )
    assert (hcmc[("QD23-14", "M")], hcmc[("QD23-14_NUM", "F")], hcmc[("QD23-14_DEN", "F")]) == (
        "100.00",
        "1",
        "3",
    )
    assert ("QD23-05", "") not in hcmc  # nothing reported: left out, not written as zero
    a1 = _values(doc, "26740")
    assert a1[("QD23-14", "")] == "33.33"


def test_page_is_scoped(world: Any, births: None, login: Any) -> None:
    client = login(world.worker_b1)
    assert client.get(PAGE, {"unit": world.a.pk, "year": 2025}).status_code == 404
    assert client.get(PAGE, {"unit": world.a1.pk, "year": 2025}).status_code == 404
    assert client.get(PAGE, {"unit": "x"}).status_code == 404
    own = client.get(PAGE, {"year": 2025})  # default: the worker's own commune
    assert [g.get("orgUnit") for g in _parse(own.content)] == ["00004"]


def test_api_variant(world: Any, births: None, login: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = login(world.province_a)
    with django_capture_on_commit_callbacks(execute=True):  # the worker, inline
        response = client.get(API, {"ou": "79", "pe": "2025", "children": "true"})
    assert response.status_code == 202
    status_url = response["Location"]
    assert response.json()["status_url"] == status_url
    state = client.get(status_url).json()
    assert state["status"] == "done" and state["download_url"]
    assert login(world.province_b).get(status_url).status_code == 404  # another user's export
    client = login(world.province_a)
    response = client.get(state["download_url"])
    doc = _parse(b"".join(response.streaming_content))
    assert [g.get("orgUnit") for g in doc] == ["79", "26740", "26968"]
    single = client.get(API, {"ou": "79", "pe": "2025"})  # one unit: answered at once
    assert single.status_code == 200 and [g.get("orgUnit") for g in _parse(single.content)] == ["79"]
    assert client.get(API, {"ou": "01", "pe": "2025"}).status_code == 404
    assert client.get(API, {"ou": "79", "pe": "2024;2025"}).status_code == 400
    assert client.get(API, {"ou": "79", "pe": "2025Q1"}).status_code == 400


@pytest.mark.parametrize("who", [None, "province_a", "agency_a"])
def test_the_batched_file_equals_each_figure_read_alone(world: Any, births: None, who: str | None) -> None:
    """The ADX groups read the computed indicators from one catalogue per exported unit, and its child
    units' from the same (issue #20): every data value and every cell left out equals what reading each
    figure alone (``selectors.figure``, the unbatched reader) gives — exact, or protected for a reader
    without record access, of the nation with its provinces and of a province with its communes."""
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    user = getattr(world, who) if who else None
    indicators = list(Indicator.objects.all())

    def alone(unit: Any) -> Any:
        return selectors._Figures(unit, batched=False)

    for unit in (world.nation, world.a):
        batched = adx.groups_for([unit], 2025, with_children=True, user=user)
        children = selectors.child_units(unit)
        assert [g.org_unit for g in batched] == [adx.unit_code(u) for u in (unit, *children)]
        exact = user is None or adx.privacy.exact_for(user, unit)
        top = adx.group_for(unit, 2025, indicators, exact=exact, user=user, figures=alone(unit))
        assert (batched[0].data_values, batched[0].suppressed) == (top.data_values, top.suppressed)
        protected: dict[int, dict[str, Any]] = {c.pk: {} for c in children}
        if not exact:
            among = adx.privacy.hidden_among_siblings(user, unit, 2025, indicators)
            for indicator in indicators:
                total = selectors.figure(indicator, unit, 2025)
                if indicator.code in among:
                    total = adx.privacy.hide(indicator, total)
                figures = [selectors.figure(indicator, c, 2025) for c in children]
                _total, shown = adx.privacy.protect(indicator, total, figures)
                for child, fig in zip(children, shown, strict=True):
                    protected[child.pk][indicator.code] = fig
        for group, child in zip(batched[1:], children, strict=True):
            one = adx.group_for(
                child, 2025, indicators, exact=exact, totals=protected[child.pk], figures=alone(child)
            )
            assert (group.data_values, group.suppressed) == (one.data_values, one.suppressed), child
        assert any(v.value for g in batched for v in g.data_values)  # figures there to compare
