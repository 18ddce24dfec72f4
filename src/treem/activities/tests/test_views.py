"""The pages: recording through the form, filters, who sees linked children, the task page, the network."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.activities import services
from treem.activities.models import Activity, CollaboratorPost
from treem.activities.tests.conftest import data, make_child
from treem.geo.models import Agency
from treem.plans.models import Plan, Task

pytestmark = pytest.mark.django_db


def test_worker_records_an_activity_through_the_form(world: Any, login: Any) -> None:
    child = make_child(world.a1, datetime.date(2015, 3, 1), "F")
    plan = Plan.objects.create(unit=world.a1, title="Kế hoạch bảo vệ trẻ em năm 2026")
    task = Task.objects.create(plan=plan, number="2", title="Tổ chức diễn đàn trẻ em")
    client = login(world.worker_a1)
    form = client.get(reverse("activities:create"))
    assert form.status_code == 200 and "Khu phố 1" in form.content.decode()
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "consultation",
            "unit": world.hamlet_a1.pk,
            "title": "Tham vấn trẻ em về sân chơi",
            "start_date": "01/06/2026",
            "task": task.pk,
            "questions": "Em muốn sân chơi ở đâu?",
            "children_views": "Gần nhà văn hóa.",
            "child_ids": f"{child.pk}",
            "c_M_11_15": "4",
            "a_parent": "2",
            "file_kind": "photo",
            "files": [SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n", "image/png")],
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == reverse("activities:detail", args=[activity.pk])
    detail = client.get(response.url).content.decode()
    assert "Gần nhà văn hóa." in detail and child.full_name in detail and "anh.png" in detail
    assert "<strong>5</strong> trẻ em" in detail
    task_page = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "Hoạt động thực hiện" in task_page and "Tham vấn trẻ em về sân chơi" in task_page


def test_form_errors_are_shown_and_nothing_written(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "inspection",
            "unit": world.a1.pk,
            "title": "Kiểm tra",
            "start_date": "31/02/2026",
            "file_kind": "minutes",
        },
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "Ngày không hợp lệ" in response.content.decode()
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "inspection",
            "unit": world.a1.pk,
            "title": "Kiểm tra",
            "start_date": "01/06/2026",
            "file_kind": "minutes",
        },
    )
    assert "cần ghi kết quả kiểm tra" in response.content.decode() and not Activity.objects.exists()


@pytest.mark.parametrize("ids", ["²", "9" * 10_000, "12, -3"])
def test_odd_child_ids_are_a_form_error_not_a_server_error(world: Any, login: Any, ids: str) -> None:
    client = login(world.worker_a1)
    response = client.post(
        reverse("activities:create"),
        {"kind": "forum", "unit": world.a1.pk, "title": "Diễn đàn", "start_date": "01/06/2026"}
        | {"child_ids": ids},
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "Số hồ sơ không hợp lệ" in response.content.decode()


def test_list_filters_by_kind_year_and_unit(world: Any, login: Any) -> None:
    services.activity_create(actor=world.worker_a1, data=data(world.a1, title="Diễn đàn A"))
    services.activity_create(
        actor=world.worker_a1, data=data(world.hamlet_a1, kind="summer", title="Sinh hoạt hè khu phố")
    )
    services.activity_create(
        actor=world.worker_a1,
        data=data(
            world.a1,
            title="Diễn đàn năm trước",
            start_date=datetime.date(2025, 6, 1),
            end_date=datetime.date(2025, 6, 1),
        ),
    )
    services.activity_create(actor=world.worker_a2, data=data(world.a2, title="Diễn đàn phường khác"))
    client = login(world.worker_a1)

    def titles(**params: Any) -> set[str]:
        page = client.get(reverse("activities:list"), params).context["page"]
        return {a.title for a in page}

    assert titles() == {"Diễn đàn A", "Sinh hoạt hè khu phố", "Diễn đàn năm trước"}
    assert titles(kind="summer") == {"Sinh hoạt hè khu phố"}
    assert titles(year="2025") == {"Diễn đàn năm trước"}
    assert titles(unit=world.hamlet_a1.pk) == {"Sinh hoạt hè khu phố"}
    assert titles(unit=world.a2.pk) == {"Diễn đàn A", "Sinh hoạt hè khu phố", "Diễn đàn năm trước"}  # ignored


def test_agency_officer_sees_counts_not_names_and_edits_only_their_own(world: Any, login: Any) -> None:
    child = make_child(world.a1, datetime.date(2015, 3, 1))
    activity = services.activity_create(actor=world.worker_a1, data=data(world.a1, child_ids=[child.pk]))
    client = login(world.agency_a)
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert child.full_name not in detail and "1 trẻ em ngoài phạm vi" in detail
    assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 404
    health = Agency.objects.get(name="Sở Y tế Thành phố Hồ Chí Minh")
    own = services.activity_create(actor=world.agency_a, data=data(world.a, organiser=health))
    assert client.get(reverse("activities:edit", args=[own.pk])).status_code == 200


def test_worker_of_another_commune_gets_404(world: Any, login: Any) -> None:
    activity = services.activity_create(actor=world.worker_a1, data=data(world.a1))
    client = login(world.worker_a2)
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404
    assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 404
    assert client.get(reverse("activities:network", args=[world.a1.pk])).status_code == 404


def test_network_page_records_and_edits_a_collaborator(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    url = reverse("activities:network", args=[world.a1.pk])
    response = client.post(
        url,
        {
            "hamlet": world.hamlet_a1.pk,
            "full_name": "Phạm Thị Hoa",
            "phone": "0912345678",
            "since": "01/08/2025",
            "trained_on": "15/09/2025",
            "user": world.collaborator_a1.pk,
        },
    )
    assert response.status_code == 302
    post = CollaboratorPost.objects.get()
    assert post.user == world.collaborator_a1 and post.commune == world.a1
    page = client.get(url).content.decode()
    assert "<strong>1/1</strong>" in page and "15/09/2025" in page
    edit = reverse("activities:post_edit", args=[post.pk])
    response = client.post(
        edit,
        {
            "hamlet": world.hamlet_a1.pk,
            "full_name": "Phạm Thị Hoa",
            "since": "01/08/2025",
            "until": "31/12/2025",
            "version": 1,
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.until == datetime.date(2025, 12, 31) and post.version == 2
    chairman = login(world.chairman_a1)
    assert chairman.get(url).status_code == 200 and chairman.post(url, {}).status_code == 404
