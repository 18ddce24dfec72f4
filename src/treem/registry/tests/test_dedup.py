from __future__ import annotations

import datetime
from typing import Any

import pytest

from treem.accounts.access import AccessDenied
from treem.audit.models import AuditEvent
from treem.registry import dedup, services
from treem.registry.models import Child, ChildCircumstance, CircumstanceGroup, Guardian, Support
from treem.registry.models_cleaning import DuplicatePair, DuplicateStatus

D = datetime.date(2015, 3, 7)


def rec(pk: int, name: str, dob: datetime.date = D, commune: int = 1, guardians: tuple[str, ...] = ()) -> Any:
    from treem.core.text import fold

    return dedup.Record(pk, name, fold(name), dob, "M", commune, None, {fold(g) for g in guardians})


def test_finds_typo_no_accent_and_swapped_date() -> None:
    records = [
        rec(1, "Nguyễn Văn Hùng"),
        rec(2, "Nguyen Van Hung"),
        rec(3, "Trần Minh Khôi"),
        rec(4, "Trần Minh Khoii"),
        rec(5, "Lê Quốc Bảo", datetime.date(2015, 7, 3)),
        rec(6, "Lê Quốc Bảo"),
        rec(7, "Phạm Đức Anh", commune=2),
    ]
    pairs = {(c.a, c.b): c for c in dedup.find_candidates(records)}
    assert set(pairs) == {(1, 2), (3, 4), (5, 6)}
    assert "no_accents" in pairs[(1, 2)].reasons
    assert "swapped_dob" in pairs[(5, 6)].reasons


def test_twins_are_not_flagged() -> None:
    g = ("Nguyễn Văn Tâm",)
    records = [
        rec(1, "Nguyễn Văn An", guardians=g, commune=1),
        rec(2, "Nguyễn Văn Bình", guardians=g, commune=2),
    ]
    assert dedup.find_candidates(records) == []
    # the same child in two communes, linked by the guardian
    records = [
        rec(1, "Nguyễn Văn An", guardians=g, commune=1),
        rec(2, "Nguyen Van An", guardians=g, commune=2),
    ]
    assert [(c.a, c.b) for c in dedup.find_candidates(records)] == [(1, 2)]


def test_same_id_is_high_confidence() -> None:
    a, b = rec(1, "Hồ Thị Mai"), rec(2, "Hồ Thị Lan", datetime.date(2016, 1, 1))
    a.personal_id = b.personal_id = "079315012345"
    [cand] = dedup.find_candidates([a, b])
    assert cand.high_confidence and cand.reasons == ("same_id",)


@pytest.fixture
def pair(world: Any) -> DuplicatePair:
    from treem.registry.reference import load_circumstances, load_ethnicities

    load_ethnicities()
    load_circumstances()
    data = {"date_of_birth": "07/03/2015", "sex": "Nam", "ethnicity": "01"}
    services.child_create(
        actor=world.worker_a1, commune=world.a1, data={**data, "full_name": "Nguyễn Văn Hùng"}
    )
    b = services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        data={**data, "full_name": "Nguyen Van Hung", "personal_id": "079215012345", "ethnicity": ""},
    )
    services.guardian_set(
        actor=world.worker_a1, child=b, data={"relationship": "mother", "full_name": "Lê Thị Hoa"}
    )
    services.circumstance_add(
        actor=world.worker_a1,
        child=b,
        group=CircumstanceGroup.objects.get(number=4),
        start_date=datetime.date(2020, 1, 1),
    )
    Support.objects.create(
        child=b, kind="gift", date=datetime.date(2025, 6, 1), amount=100000, source="budget"
    )
    _examined, created = dedup.find_duplicates(Child.objects.all())
    assert created == 1
    return DuplicatePair.objects.get()


@pytest.mark.django_db
def test_merge_moves_every_link_and_keeps_both(world: Any, pair: DuplicatePair) -> None:
    kept, other = pair.child_a, pair.child_b
    dedup.merge(actor=world.worker_a1, pair=pair, keep=kept)
    kept.refresh_from_db()
    other.refresh_from_db()
    assert other.merged_into == kept and Child.objects.count() == 2
    assert kept.personal_id == "079215012345" and other.personal_id is None
    assert Guardian.objects.get().child == kept
    assert ChildCircumstance.objects.get().child == kept and Support.objects.get().child == kept
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.MERGED and pair.decided_by == world.worker_a1
    assert AuditEvent.objects.filter(action="registry.child.merged").count() == 1
    # a new run does not bring the merged pair back
    assert dedup.find_duplicates(Child.objects.all())[1] == 0


@pytest.mark.django_db
def test_decisions_are_scoped(world: Any, pair: DuplicatePair, login: Any) -> None:
    with pytest.raises(AccessDenied):
        dedup.mark_distinct(actor=world.worker_a2, pair=pair)
    assert not dedup.pairs_in_scope(world.worker_b1).exists()
    assert dedup.pairs_in_scope(world.province_a).count() == 1
    client = login(world.worker_a1)
    from django.urls import reverse

    response = client.post(reverse("registry:duplicate_decide", args=[pair.pk]), {"decision": "distinct"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DISTINCT
