from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from treem.core.models import Notification

pytestmark = pytest.mark.django_db


def test_openapi_document_and_docs_page_are_served(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/api/v1/geo/units" in paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content  # Swagger UI is served from our own static files


def test_notifications_are_private_and_marked_read(world: Any, login: Any) -> None:
    mine = Notification.objects.create(
        user=world.worker_a1, title="Quá hạn: vụ việc VV-1", link="/vu-viec/1/"
    )
    theirs = Notification.objects.create(user=world.worker_a2, title="Khác", link="/")
    client = login(world.worker_a1)
    page = client.get(reverse("web:notifications")).content.decode()
    assert "Quá hạn: vụ việc VV-1" in page and "Khác" not in page
    assert client.get(reverse("web:notification_open", args=[theirs.pk])).status_code == 404
    response = client.get(reverse("web:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/vu-viec/1/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_external_links_in_notifications_are_not_followed(world: Any, login: Any) -> None:
    item = Notification.objects.create(user=world.worker_a1, title="x", link="https://evil.example/")
    response = login(world.worker_a1).get(reverse("web:notification_open", args=[item.pk]))
    assert response["Location"] == reverse("web:notifications")


def test_dates_and_numbers_use_vietnamese_formats() -> None:
    import datetime

    from django.template import Context, Template

    out = Template(
        '{% load humanize %}{{ d|date:"SHORT_DATE_FORMAT" }} {{ n|intcomma }} {{ x|floatformat:1 }}'
    ).render(Context({"d": datetime.date(2026, 6, 5), "n": 1500000, "x": 12.34}))
    assert out == "05/06/2026 1.500.000 12,3"


def test_home_counts_only_what_the_user_may_see(world: Any, login: Any) -> None:
    from treem.registry import services
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    for commune, worker, name in (
        (world.a1, world.worker_a1, "Nguyễn Văn An"),
        (world.a2, world.worker_a2, "Trần Thị Bé"),
    ):
        services.child_create(
            actor=worker,
            commune=commune,
            data={"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam"},
        )
    worker_home = login(world.worker_a1).get(reverse("web:home")).context["summary"]
    assert worker_home.children["total"] == 1 and worker_home.children["no_id"] == 1
    province_home = login(world.province_a).get(reverse("web:home")).context["summary"]
    assert province_home.children["total"] == 2
    assert [row["total"] for row in province_home.communes] == [1, 1]
    sysadmin_home = login(world.sysadmin).get(reverse("web:home")).context["summary"]
    assert sysadmin_home.children == {}  # the system administrator does not see children's records
