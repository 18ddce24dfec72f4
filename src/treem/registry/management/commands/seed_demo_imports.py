"""The demo's import page: a refused spreadsheet bomb beside an ordinary checked file (issue #15, ADR 0016).

The bomb is the 1.6 KB workbook that used to abort the job worker: one cell in A1 and one in XFD1048576,
so a reader that trusts the extent allocates half a terabyte. It goes through the real upload path
(``import_jobs.import_job_create``) and is checked by the job worker like any file; the job ends refused,
with its Vietnamese message, and the service keeps serving. Idempotent: files already imported are not
queued again.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand

from treem.accounts.models import User
from treem.geo.models import AdminUnit, Generation, Level
from treem.registry import import_jobs, importing
from treem.registry.models_io import ImportJob

BOMB_NAME = "danh-sach-tre-em-bom.xlsx"
CSV_NAME = "bo-sung-khu-pho-1.csv"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)
_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:XFD1048576"/><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    "</sheetData></worksheet>"
)


def bomb_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", _SHEET)
    return buffer.getvalue()


def ordinary_csv() -> bytes:
    rows = [
        "Họ và tên,Ngày sinh,Giới tính,Tổ dân phố",
        "Lâm Gia Hân,14/02/2019,Nữ,Khu phố 1",
        "Tạ Minh Khôi,03/09/2017,Nam,Khu phố 1",
    ]
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


class Command(BaseCommand):
    help = "Dữ liệu mẫu: một tệp nhập bị từ chối (tệp “bom” bảng tính) và một tệp CSV đã kiểm tra."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="tên đăng nhập của người nhập (cán bộ xã)")
        parser.add_argument("--commune", required=True, help="mã xã, phường hiện hành")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.get(username=options["user"])
        commune = AdminUnit.objects.get(
            code=options["commune"], generation=Generation.CURRENT, level=Level.COMMUNE
        )
        queued = 0
        for name, data in ((BOMB_NAME, bomb_xlsx()), (CSV_NAME, ordinary_csv())):
            if ImportJob.objects.filter(unit=commune, original_name=name).exists():
                continue
            import_jobs.import_job_create(
                actor=actor,
                commune=commune,
                upload=SimpleUploadedFile(name, data),
                mapping=dict(importing.FIELDS),
                date_format="dd/mm/yyyy",
            )
            queued += 1
        self.stdout.write(f"Tệp nhập mẫu: {queued} tệp mới đưa vào hàng đợi kiểm tra.")
