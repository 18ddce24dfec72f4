from __future__ import annotations

import io
from typing import Any

import pytest
import xlsxwriter
from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.registry import importing, legacy_encodings
from treem.registry.models import Child, Guardian
from treem.registry.models_io import ImportJob

pytestmark = pytest.mark.django_db

HEADER = (
    "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Thôn, tổ dân phố,Họ tên mẹ,Điện thoại của mẹ"
)
GOOD = (
    '"Họ và tên","Ngày sinh","Giới tính","Số định danh cá nhân","Dân tộc","Thôn, tổ dân phố","Họ tên mẹ",'
    '"Điện thoại của mẹ"\n'
    "Nguyễn Văn An,05/06/2015,Nam,079215012345,Kinh,Khu phố 1,Lê Thị Mai,0912345678\n"
    "Trần Thị Bình,20/11/2016,Nữ,079316000123,01,,,\n"
)


def run(
    world: Any, data: bytes | str, *, dry_run: bool = False, fmt: str = "dd/mm/yyyy"
) -> importing.ImportResult:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return importing.import_table(
        actor=world.worker_a1,
        commune=world.a1,
        table=importing.read_table(raw),
        mapping=importing.PRESETS["treem"][1],
        date_format=fmt,
        dry_run=dry_run,
    )


def counts() -> tuple[int, int]:
    return Child.objects.count(), AuditEvent.objects.count()


def test_good_csv_creates_then_upserts(world: Any, catalogues: None) -> None:
    result = run(world, GOOD)
    assert result.errors == [] and (result.created, result.updated) == (2, 0)
    an = Child.objects.get(personal_id="079215012345")
    assert an.hamlet == world.hamlet_a1 and an.ethnicity.code == "01"
    assert Guardian.objects.get(child=an).phone == "0912345678"
    assert AuditEvent.objects.filter(action="registry.child.imported").count() == 1
    again = run(world, GOOD.replace("Nguyễn Văn An", "Nguyễn Văn Ân"))
    assert (again.created, again.updated) == (0, 2)
    assert Child.objects.count() == 2
    assert Child.objects.get(personal_id="079215012345").full_name == "Nguyễn Văn Ân"
    assert Guardian.objects.filter(child=an).count() == 1


def _xlsx(rows: list[list[Any]], formula: bool = False) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if formula and r == 1 and c == 0:
                ws.write_formula(r, c, '="Nguyễn Văn "&"An"', None, value)
            else:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_good_xlsx_with_float_ids_and_formulas(world: Any, catalogues: None) -> None:
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân"]
    data = _xlsx([headers, ["Nguyễn Văn An", "05/06/2015", "Nam", 79215012345]], formula=True)
    before = counts()
    result = run(world, data)  # 11 digits once Excel dropped the leading zero: an error, not a guess
    assert "Excel đã bỏ mất số 0" in result.errors[0].message and counts() == before
    data = _xlsx([headers, ["Nguyễn Văn An", "05/06/2015", "Nam", "079215012345"]], formula=True)
    result = run(world, data)
    assert result.errors == [] and result.created == 1
    assert Child.objects.get().full_name == "Nguyễn Văn An"


def test_float_id_with_twelve_digits_is_normalised(world: Any, catalogues: None) -> None:
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân"]
    # Every valid ID starts with 0 (province codes), so a 12-digit number is read as digits, then refused.
    result = run(world, _xlsx([headers, ["Lê Văn Hùng", "05/06/2016", "Nam", 123456789012.0]]))
    assert [(e.value, e.column) for e in result.errors] == [("123456789012", "Số định danh cá nhân")]
    assert "(123)" in result.errors[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng"),
        (b"\x00\x01\x02\xff\xfe binary junk \x00" * 50, "Tệp không phải CSV/XLSX hợp lệ"),
        (b"PK\x03\x04not really a zip", "Tệp không phải CSV/XLSX hợp lệ"),
        (
            "Tên,Sinh ngày\nAn,01/01/2015\n".encode(),
            "Thiếu cột bắt buộc: “Họ và tên”, “Ngày sinh”, “Giới tính”",
        ),
    ],
)
def test_unreadable_files_are_refused(world: Any, catalogues: None, data: bytes, message: str) -> None:
    before = counts()
    with pytest.raises(importing.ImportFileError, match=message):
        run(world, data)
    assert counts() == before


def test_row_errors_leave_the_database_unchanged(world: Any, catalogues: None) -> None:
    from treem.registry import services

    services.child_create(
        actor=world.worker_b1,
        commune=world.b1,
        data={
            "full_name": "Ngô Văn Tú",
            "date_of_birth": "01/02/2016",
            "sex": "Nam",
            "personal_id": "001216000001",
        },
    )
    before = counts()
    text = (
        "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Thôn, tổ dân phố\n"
        "Nguyễn Văn An,05/06/2015,Nam,079215012345,\n"
        "Nguyễn Văn Ba,2015-06-05,Nam,,\n"  # mixed date formats: this one does not fit dd/mm/yyyy
        "Nguyễn Văn Cư,05/06/2015,Nam,079215012345,\n"  # same ID twice in the file
        "Nguyễn Văn Dũng,05/06/2016,Nam,001216000001,\n"  # ID held by a child of another commune
        f"{'X' * 10_000},05/06/2015,Nam,,\n"  # a 10,000-character cell
        "Nguyễn Văn Em,05/06/2015,Nam,,Thôn Xa\n"  # hamlet not in the commune
    )
    text = text.replace("Thôn, tổ dân phố", '"Thôn, tổ dân phố"')
    result = run(world, text)
    messages = {e.row: e.message for e in result.errors}
    assert "không phải ngày hợp lệ theo định dạng dd/mm/yyyy" in messages[3]
    assert "trùng với dòng 2" in messages[4]
    assert "ngoài địa bàn" in messages[5] and "Ngô" not in messages[5]
    assert "quá giới hạn 1000 ký tự" in messages[6]
    assert "không thuộc Phường Sài Gòn" in messages[7]
    assert {e.column for e in result.errors if e.row == 3} == {"Ngày sinh"}
    assert result.created == 0 and counts() == before


@pytest.mark.parametrize("encoding", [legacy_encodings.TCVN3, legacy_encodings.VNI])
def test_legacy_encoded_files_are_converted(world: Any, catalogues: None, encoding: str) -> None:
    legacy = legacy_encodings.encode(GOOD, encoding).encode("latin-1")
    result = run(world, legacy, dry_run=True)
    assert result.encoding == encoding and result.errors == [] and result.created == 2
    mixed = (legacy_encodings.encode(GOOD, encoding) + "Nguyễn Văn Út,05/06/2015,Nam,,,,,\n").encode()
    before = counts()
    with pytest.raises(importing.ImportFileError, match=legacy_encodings.NAMES[encoding].split()[0]):
        run(world, mixed)
    assert counts() == before


def test_too_many_rows(world: Any, catalogues: None, monkeypatch: Any) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 1)
    with pytest.raises(importing.ImportFileError, match="hơn"):
        run(world, GOOD)


def test_web_flow_dry_run_then_commit(
    world: Any, catalogues: None, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.worker_a1)
    upload = SimpleUploadedFile("tre-em.csv", GOOD.encode("utf-8"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import"),
            {"commune": world.a1.pk, "file": upload, "template": "preset:treem", "date_format": "dd/mm/yyyy"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    assert job.status == "done" and job.created == 2 and Child.objects.count() == 0
    progress = client.get(reverse("registry:import_progress", args=[job.pk])).json()
    assert progress["percent"] == 100 and progress["finished"]
    assert (
        "Ghi vào cơ sở dữ liệu" in client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_commit", args=[job.pk]))
    assert Child.objects.count() == 2
    assert (
        client.post(reverse("registry:import_commit", args=[job.pk])).status_code == 302
    )  # refused, once only
    assert ImportJob.objects.count() == 2
    errors = client.get(reverse("registry:import_errors", args=[job.pk]))
    assert errors.status_code == 200


HOUSEHOLDS = (
    '"Họ và tên","Ngày sinh","Giới tính","Số định danh cá nhân","Địa chỉ","Họ tên chủ hộ",'
    '"Quan hệ với chủ hộ"\n'
    "Nguyễn Văn An,05/06/2015,Nam,079215012345,12 Lê Lợi,Nguyễn Văn Bảo,Con\n"
    "Nguyễn Thị Bình,20/11/2016,Nữ,079316000123,12 le loi,nguyen van bao,Con\n"
    "Trần Văn Cường,01/02/2017,Nam,,5 Hai Bà Trưng,Trần Thị Dung,Cháu\n"
)


def test_households_are_stored_and_shared_by_siblings(world: Any, catalogues: None) -> None:
    from treem.registry.models import Household

    result = run(world, HOUSEHOLDS)
    assert result.errors == [] and result.created == 3
    an, binh = Child.objects.get(personal_id="079215012345"), Child.objects.get(personal_id="079316000123")
    assert an.household_id == binh.household_id is not None  # same head and address, accents aside
    assert an.household.head_name == "Nguyễn Văn Bảo" and an.relation_to_head == "Con"
    cuong = Child.objects.get(full_name="Trần Văn Cường")
    assert cuong.household.head_name == "Trần Thị Dung" and cuong.relation_to_head == "Cháu"
    assert Household.objects.filter(commune=world.a1).count() == 2
    # Importing again (an upsert) keeps the households; a changed relation is written.
    again = run(world, HOUSEHOLDS.replace("12 le loi,nguyen van bao,Con", "12 le loi,nguyen van bao,Cháu"))
    # Cường has no ID, but the same name, birth date and address: matched, not created again (ADR 0016).
    assert again.errors == [] and (again.created, again.updated, again.matched) == (0, 2, 1)
    assert Child.objects.filter(full_name="Trần Văn Cường").count() == 1
    assert Household.objects.filter(commune=world.a1).count() == 2
    assert Child.objects.get(personal_id="079316000123").relation_to_head == "Cháu"


def test_a_relation_without_a_head_of_household_is_a_row_error(world: Any, catalogues: None) -> None:
    before = counts()
    result = run(world, HOUSEHOLDS.replace("5 Hai Bà Trưng,Trần Thị Dung,Cháu", "5 Hai Bà Trưng,,Cháu"))
    assert [(e.row, e.message) for e in result.errors] == [
        (4, "Có quan hệ với chủ hộ nhưng thiếu họ và tên chủ hộ.")
    ]
    assert counts() == before
