"""Recording activities: validation, scoping of writes, agency officers, concurrent edits, evidence."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from treem.accounts.access import AccessDenied
from treem.activities import services
from treem.activities.models import Activity, ActivityFile
from treem.activities.tests.conftest import data, make_child
from treem.audit.models import AuditEvent
from treem.core.errors import ConcurrentEditError
from treem.geo.models import Agency

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minutes"


def test_create_records_everything_and_audits_without_names(world: Any) -> None:
    child = make_child(world.a1, datetime.date(2015, 3, 1), "F")
    activity = services.activity_create(
        actor=world.worker_a1,
        data=data(
            world.hamlet_a1,
            kind="consultation",
            questions="Em muốn có sân chơi ở đâu?",
            children_views="Các em muốn sân chơi gần nhà văn hóa.",
            child_counts={("M", "11_15"): 4, ("F", "7_10"): 3},
            adult_counts={"parent": 2},
            child_ids=[child.pk],
        ),
        files=[(SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"), "minutes")],
    )
    assert activity.commune == world.a1 and activity.unit == world.hamlet_a1
    assert list(activity.children.all()) == [child]
    assert ActivityFile.objects.get(activity=activity).kind == "minutes"
    event = AuditEvent.objects.get(action="activities.activity.created")
    assert event.after["children_named"] == 1 and event.after["children_anonymous"] == 7
    assert child.full_name not in str(event.after)


def test_every_problem_is_reported_in_vietnamese(world: Any) -> None:
    other = make_child(world.b1, datetime.date(2015, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            actor=world.worker_a1,
            data=data(
                world.a1,
                kind="consultation",
                title=" ",
                start_date=datetime.date(2026, 6, 2),
                end_date=datetime.date(2026, 6, 1),
                child_counts={("M", "11_15"): -1},
                child_ids=[other.pk],
            ),
            files=[(SimpleUploadedFile("anh.png", b"not a png", "image/png"), "photo")],
        )
    errors = exc.value.message_dict
    assert set(errors) == {"title", "end_date", "children_views", "child_counts", "child_ids", "files"}
    assert "Không tìm thấy hồ sơ trẻ em" in errors["child_ids"][0]
    assert not Activity.objects.exists()


def test_future_activity_refused(world: Any) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)  # noqa: DTZ011
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            actor=world.worker_a1, data=data(world.a1, start_date=tomorrow, end_date=tomorrow)
        )
    assert "đã diễn ra" in exc.value.message_dict["start_date"][0]


def test_worker_cannot_record_in_another_commune(world: Any) -> None:
    with pytest.raises(AccessDenied):
        services.activity_create(actor=world.worker_a1, data=data(world.a2))
    with pytest.raises(AccessDenied):
        services.activity_create(actor=world.chairman_a1, data=data(world.a1))  # view only


def test_agency_officer_records_only_their_agency(world: Any) -> None:
    health = Agency.objects.get(name="Sở Y tế Thành phố Hồ Chí Minh")
    other = Agency.objects.create(unit=world.a, name="Sở Văn hóa, Thể thao Thành phố Hồ Chí Minh")
    with pytest.raises(ValidationError) as exc:
        services.activity_create(actor=world.agency_a, data=data(world.a1, organiser=other))
    assert "cơ quan của mình" in exc.value.message_dict["organiser"][0]
    mine = services.activity_create(actor=world.agency_a, data=data(world.a, organiser=health))
    assert services.can_edit(world.agency_a, mine)
    theirs = services.activity_create(actor=world.worker_a1, data=data(world.a1))
    assert not services.can_edit(world.agency_a, theirs)
    with pytest.raises(AccessDenied):
        services.activity_update(actor=world.agency_a, activity=theirs, data=data(world.a1), version=1)


def test_update_detects_concurrent_edit_and_keeps_links(world: Any) -> None:
    child = make_child(world.a1, datetime.date(2015, 3, 1))
    activity = services.activity_create(actor=world.worker_a1, data=data(world.a1, child_ids=[child.pk]))
    updated = services.activity_update(
        actor=world.worker_a1,
        activity=activity,
        data=data(world.a1, title="Diễn đàn trẻ em (sửa)", child_ids=[child.pk]),
        version=1,
    )
    assert updated.version == 2 and updated.title == "Diễn đàn trẻ em (sửa)"
    assert list(updated.children.all()) == [child]
    with pytest.raises(ConcurrentEditError):
        services.activity_update(actor=world.worker_a1, activity=activity, data=data(world.a1), version=1)


def test_merged_child_is_linked_as_the_record_it_went_into(world: Any) -> None:
    kept = make_child(world.a1, datetime.date(2015, 3, 1))
    merged = make_child(world.a1, datetime.date(2015, 3, 1), merged_into=kept)
    activity = services.activity_create(
        actor=world.worker_a1, data=data(world.a1, child_ids=[merged.pk, kept.pk])
    )
    assert list(activity.children.all()) == [kept]


def test_collaborator_succession_and_overlap(world: Any) -> None:
    first = services.post_create(
        actor=world.worker_a1,
        data=services.PostData(
            hamlet=world.hamlet_a1, full_name="Phạm Thị Hoa", since=datetime.date(2025, 8, 1)
        ),
    )
    second = services.post_create(
        actor=world.worker_a1,
        data=services.PostData(
            hamlet=world.hamlet_a1,
            full_name="Lê Văn Tâm",
            phone="0912 345 678",
            since=datetime.date(2026, 3, 1),
            trained_on=datetime.date(2026, 3, 15),
        ),
    )
    first.refresh_from_db()
    assert first.until == datetime.date(2026, 2, 28) and second.phone == "0912345678"
    with pytest.raises(ValidationError) as exc:  # a change that would overlap the successor
        services.post_update(
            actor=world.worker_a1,
            post=first,
            data=services.PostData(
                hamlet=world.hamlet_a1, full_name="Phạm Thị Hoa", since=datetime.date(2025, 8, 1)
            ),
            version=first.version,
        )
    assert "không được trùng" in exc.value.message_dict["since"][0]
    with pytest.raises(AccessDenied):
        services.post_create(
            actor=world.worker_a2,
            data=services.PostData(hamlet=world.hamlet_a1, full_name="X", since=datetime.date(2026, 1, 1)),
        )
