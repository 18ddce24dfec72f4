"""Every place that reads an uploaded spreadsheet refuses hostile files in words and stays alive:
the children import (web job and command) and the Đề án 06 verified list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from treem.core.tests.test_spreadsheets import HOSTILE_CORNERS, build_xlsx, forge_declared_size, sheet_xml
from treem.registry import cleaning, import_jobs, importing
from treem.registry.models import Child

pytestmark = pytest.mark.django_db

HUGE_CELL = forge_declared_size(
    build_xlsx(
        sheet_xml([("A1", "Họ và tên")]),
        {"xl/sharedStrings.xml": b"<sst><si><t>" + b"A" * 1000 + b"</t></si></sst>"},
    ),
    "xl/sharedStrings.xml",
    1024 * 1024 * 1024,
)


def test_read_table_refuses_the_corner_cells_file() -> None:
    with pytest.raises(importing.ImportFileError) as exc:
        importing.read_table(HOSTILE_CORNERS)
    assert "dòng" in exc.value.message


def test_read_table_refuses_a_one_gib_cell() -> None:
    with pytest.raises(importing.ImportFileError) as exc:
        importing.read_table(HUGE_CELL)
    assert "giải nén" in exc.value.message


def test_csv_caps_columns_and_cell_length() -> None:
    with pytest.raises(importing.ImportFileError) as exc:
        importing.read_table(("a," * 500 + "b\n1,2\n").encode())
    assert "cột" in exc.value.message
    with pytest.raises(importing.ImportFileError) as exc:
        importing.read_table(("Họ và tên\n" + "x" * 40_000 + "\n").encode())
    assert "ký tự" in exc.value.message


def test_import_job_fails_in_words(world: Any, settings: Any, tmp_path: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from treem.registry.models_io import ImportJob, ImportStatus

    settings.MEDIA_ROOT = str(tmp_path)
    job = import_jobs.import_job_create(
        actor=world.worker_a1,
        commune=world.a1,
        upload=SimpleUploadedFile("x.xlsx", HOSTILE_CORNERS),
        mapping=dict(importing.FIELDS),
        date_format="dd/mm/yyyy",
    )
    importing.job_run(job.pk)
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportStatus.FAILED
    assert "dòng" in job.message


def test_import_command_reports_instead_of_aborting(world: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(HOSTILE_CORNERS)
    with pytest.raises(SystemExit) as exc:
        call_command("import_children", str(path), "--commune", "26740", "--json", "--dry-run")
    assert exc.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 0 and "dòng" in out["errors"][0]["message"]
    assert not Child.objects.exists()


@pytest.mark.parametrize("content", [HOSTILE_CORNERS, HUGE_CELL])
def test_verified_list_refuses_hostile_files(world: Any, content: bytes) -> None:
    with pytest.raises(cleaning.VerifiedImportError) as exc:
        cleaning.import_verified(actor=world.police_a1, commune=world.a1, name="ds.xlsx", content=content)
    assert "dòng" in exc.value.errors[0] or "giải nén" in exc.value.errors[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_read_table_reads_excel_unicode_text(codec: str) -> None:
    """Excel's "Unicode Text" (UTF-16 with its byte-order mark, tab-separated) was refused as not a table."""
    import codecs

    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text = "Họ và tên\tNgày sinh\r\nNguyễn Thị Ánh\t05/06/2015\r\n"
    table = importing.read_table(bom + text.encode(codec))
    assert table.headers == ["Họ và tên", "Ngày sinh"]
    assert [cells for _line, cells in table.rows] == [["Nguyễn Thị Ánh", "05/06/2015"]]


def test_read_table_refuses_broken_utf16_in_words() -> None:
    import codecs

    with pytest.raises(importing.ImportFileError) as exc:
        importing.read_table(codecs.BOM_UTF16_LE + "Họ và tên\n".encode("utf-16-le") + b"\x00\xd8")
    assert exc.value.message == importing.NOT_A_TABLE
