"""Imports: possible duplicates caught at the door, the hamlet column's usual headings, ignored columns
and files without data rows (ADR 0016)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from treem.registry import import_jobs, importing
from treem.registry.models import Child
from treem.registry.models_cleaning import DuplicatePair
from treem.registry.tests.test_importing import run

pytestmark = pytest.mark.django_db

NO_IDS = (
    "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Địa chỉ,Họ tên mẹ\n"
    "Nguyễn Văn An,05/06/2015,Nam,079215012345,12 Lê Lợi,Lê Thị Mai\n"
    "Trần Thị Bình,20/11/2016,Nữ,,15 Lê Lợi,Phạm Thị Hoa\n"
    "Lê Văn Cường,01/02/2017,Nam,,7 Hàm Nghi,\n"
    "Võ Thị Dung,03/04/2018,Nữ,,,Đỗ Thị Hằng\n"
)


def test_reimporting_a_file_creates_no_new_children(world: Any, catalogues: None) -> None:
    first = run(world, NO_IDS)
    assert (first.created, first.updated, first.matched) == (4, 0, 0)
    dry = run(world, NO_IDS, dry_run=True)
    # Reported as "Sẽ thêm mới 1, cập nhật 4" before: the three rows without ID were new children again.
    assert (dry.created, dry.updated, dry.matched) == (0, 1, 3)
    assert [d["row"] for d in dry.possible_duplicates] == [3, 4, 5]
    binh = Child.objects.get(full_name="Trần Thị Bình")
    assert dry.possible_duplicates[0]["matches"] == [
        {
            "id": binh.pk,
            "full_name": "Trần Thị Bình",
            "date_of_birth": "20/11/2016",
            "reason": "same_guardian",
        }
    ]
    assert dry.possible_duplicates[1]["matches"][0]["reason"] == "same_address"
    again = run(world, NO_IDS)
    assert (again.created, again.updated, again.matched) == (0, 1, 3)
    assert Child.objects.count() == 4
    assert not DuplicatePair.objects.exists()


def test_a_different_guardian_and_address_is_not_a_match(world: Any, catalogues: None) -> None:
    run(world, NO_IDS)
    other = NO_IDS.replace("15 Lê Lợi,Phạm Thị Hoa", "99 Nguyễn Huệ,Hồ Thị Lan")
    result = run(world, other, dry_run=True)
    assert 3 not in [d["row"] for d in result.possible_duplicates]


def test_creating_anyway_sends_each_pair_to_the_review(world: Any, catalogues: None) -> None:
    run(world, NO_IDS)
    result = importing.import_table(
        actor=world.worker_a1,
        commune=world.a1,
        table=importing.read_table(NO_IDS.encode()),
        mapping=importing.PRESETS["treem"][1],
        dry_run=False,
        create_duplicates=True,
    )
    assert (result.created, result.updated, result.matched) == (3, 1, 0)
    assert Child.objects.count() == 7
    pairs = DuplicatePair.objects.all()
    assert pairs.count() == 3
    names = {Child.objects.get(pk=p.child_a_id).full_name for p in pairs}
    assert names == {"Trần Thị Bình", "Lê Văn Cường", "Võ Thị Dung"}
    assert all(p.commune_id == world.a1.pk and "same_dob" in p.reasons for p in pairs)


def test_hamlet_column_under_its_usual_headings(world: Any, catalogues: None) -> None:
    for heading in ("Tổ dân phố", "Khu phố", "Ấp", "Thôn/Xóm", "KHÓM"):
        data = f"Họ và tên,Ngày sinh,Giới tính,{heading}\nLê Văn Cường,01/02/2017,Nam,Tổ 99\n"
        result = run(world, data, dry_run=True)
        assert [e.message for e in result.errors] == ["Thôn, tổ dân phố “Tổ 99” không thuộc Phường Sài Gòn."]
        assert result.ignored_columns == []
    ok = run(world, "Họ và tên,Ngày sinh,Giới tính,Tổ dân phố\nLê Văn Cường,01/02/2017,Nam,Khu phố 1\n")
    assert ok.created == 1 and Child.objects.get().hamlet == world.hamlet_a1


def test_ignored_columns_are_listed(world: Any, catalogues: None) -> None:
    data = "Họ và tên,Ngày sinh,Giới tính,Ghi chú,Số nhà\nLê Văn Cường,01/02/2017,Nam,x,7\n"
    result = run(world, data, dry_run=True)
    assert result.ignored_columns == ["Ghi chú", "Số nhà"]


def test_header_only_file_says_so(world: Any, catalogues: None) -> None:
    with pytest.raises(importing.ImportFileError, match="không có dòng dữ liệu"):
        run(world, "Họ và tên,Ngày sinh,Giới tính\n", dry_run=True)


def test_preview_lists_matches_and_offers_an_explicit_choice(
    world: Any, catalogues: None, login: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from treem.registry.models_io import ImportJob

    settings.MEDIA_ROOT = str(tmp_path)
    settings.TREEM_TASKS_INLINE = True
    run(world, NO_IDS)
    client = login(world.worker_a1)
    job = import_jobs.import_job_create(
        actor=world.worker_a1,
        commune=world.a1,
        upload=SimpleUploadedFile("ds.csv", (NO_IDS.replace("Họ tên mẹ", "Họ tên mẹ,Ghi chú")).encode()),
        mapping=dict(importing.FIELDS),
        date_format="dd/mm/yyyy",
    )
    importing.job_run(job.pk)
    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "Có thể đã có: 3 dòng" in page
    binh = Child.objects.get(full_name="Trần Thị Bình")
    assert reverse("registry:detail", args=[binh.pk]) in page
    assert 'value="create"' in page and "Ghi vào cơ sở dữ liệu" in page
    client.post(reverse("registry:import_commit", args=[job.pk]), {"duplicates": "create"})
    commit = ImportJob.objects.get(source_job=job)
    assert commit.review.get("create_duplicates") is True


def test_empty_job_offers_no_write_button(world: Any, login: Any, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    job = import_jobs.import_job_create(
        actor=world.worker_a1,
        commune=world.a1,
        upload=SimpleUploadedFile("ds.csv", "Họ và tên,Ngày sinh,Giới tính\n".encode()),
        mapping=dict(importing.FIELDS),
        date_format="dd/mm/yyyy",
    )
    importing.job_run(job.pk)
    page = login(world.worker_a1).get(reverse("registry:import_job", args=[job.pk])).content.decode()
    assert "không có dòng dữ liệu" in page and "Ghi vào cơ sở dữ liệu</button>" not in page


FORM = {"full_name": "Trần Thị Bình", "date_of_birth": "20/11/2016", "sex": "F", "address": "15 Lê Lợi"}


def test_the_form_asks_before_entering_the_same_child_twice(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.worker_a1)
    response = client.post(reverse("registry:create"), FORM)
    first = Child.objects.get()
    assert response.status_code == 302
    response = client.post(reverse("registry:create"), {**FORM, "address": "15 LÊ LỢI"})
    body = response.content.decode()
    assert response.status_code == 400 and Child.objects.count() == 1
    assert "Có thể trẻ em này đã có trong sổ" in body
    assert reverse("registry:detail", args=[first.pk]) in body
    assert 'name="confirm_duplicate" value="1"' in body
    assert not DuplicatePair.objects.exists()
    response = client.post(reverse("registry:create"), {**FORM, "confirm_duplicate": "1"})
    assert response.status_code == 302 and Child.objects.count() == 2
    second = Child.objects.exclude(pk=first.pk).get()
    pair = DuplicatePair.objects.get()
    assert (pair.child_a_id, pair.child_b_id) == (first.pk, second.pk)
    from treem.registry import dedup

    assert pair in dedup.pairs_in_scope(world.worker_a1)


def test_the_service_refuses_a_silent_duplicate(world: Any, catalogues: None) -> None:
    from treem.registry import services

    data = {**FORM, "sex": "Nữ"}
    services.child_create(actor=world.worker_a1, commune=world.a1, data=data)
    with pytest.raises(services.PossibleDuplicate):
        services.child_create(actor=world.worker_a1, commune=world.a1, data=data)
    # Another commune, another address, or a personal ID: not stopped.
    services.child_create(actor=world.worker_a2, commune=world.a2, data=data)
    services.child_create(actor=world.worker_a1, commune=world.a1, data={**data, "address": "1 Hàm Nghi"})
    services.child_create(
        actor=world.worker_a1, commune=world.a1, data={**data, "personal_id": "079316000123"}
    )
    assert Child.objects.count() == 4


def test_a_pair_created_anyway_is_on_the_review_page(world: Any, catalogues: None, login: Any) -> None:
    client = login(world.worker_a1)
    client.post(reverse("registry:create"), FORM)
    client.post(reverse("registry:create"), {**FORM, "confirm_duplicate": "1"})
    pair = DuplicatePair.objects.get()
    assert pair.score == 1.0 and pair.reasons[-1] == "same_address"
    listing = client.get(reverse("registry:duplicates")).content.decode()
    assert reverse("registry:duplicate", args=[pair.pk]) in listing
    detail = client.get(reverse("registry:duplicate", args=[pair.pk])).content.decode()
    assert "Trùng địa chỉ" in detail and "Mức giống 100%" in detail
