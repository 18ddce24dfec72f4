"""Mẫu 01–06 of Nghị định 56/2017/NĐ-CP as DOCX, laid out as Nghị định 30/2020/NĐ-CP Phụ lục I asks:
A4 portrait, margins 20/20/30/15 mm, Times New Roman 13–14, the issuing body and the national motto in a
borderless table, the place-and-date line in italics, the title in bold capitals, the signature block.

The forms' wording follows the fields seen in the decree's appendix (legal-reference.md §2.3); where the
appendix text was not read, the headings are ours.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from treem.cases.models import Assessment, Case

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"

FORMS: dict[int, str] = {
    1: "Mẫu số 01 — Báo cáo tiếp nhận thông tin",
    2: "Mẫu số 02 — Phiếu đánh giá nguy cơ ban đầu",
    3: "Mẫu số 03 — Báo cáo đánh giá chi tiết",
    4: "Mẫu số 04 — Kế hoạch hỗ trợ, can thiệp",
    5: "Mẫu số 05 — Quyết định phê duyệt kế hoạch",
    6: "Mẫu số 06 — Phiếu rà soát, đánh giá",
}
TITLES = {
    1: "BÁO CÁO TIẾP NHẬN THÔNG TIN, THÔNG BÁO, TỐ GIÁC",
    2: "PHIẾU ĐÁNH GIÁ NGUY CƠ BAN ĐẦU",
    3: "BÁO CÁO THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ CỤ THỂ",
    4: "KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
    5: "QUYẾT ĐỊNH",
    6: "PHIẾU RÀ SOÁT, ĐÁNH GIÁ",
}
SEX = {"M": "Nam", "F": "Nữ", "U": "Không biết"}


def _n(text: Any) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def _d(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def pdf_available() -> bool:
    return shutil.which("libreoffice") is not None


def to_pdf(docx: bytes) -> bytes:
    """Convert with LibreOffice (only when installed; the PDF link is hidden otherwise)."""
    exe = shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("libreoffice is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "mau.docx"
        src.write_bytes(docx)
        subprocess.run(
            [exe, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(tmp) / "mau.pdf").read_bytes()


# -- building blocks -------------------------------------------------------------------------------------
def _run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: float = 14) -> Any:
    run = paragraph.add_run(_n(text))
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(container: Any, text: str = "", *, align: Any = None, **kw: Any) -> Any:
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(6)
    if text:
        _run(p, text, **kw)
    return p


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell(cell: Any, lines: list[tuple[str, dict[str, Any]]], align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    first = True
    for text, fmt in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = align
        _run(p, text, **fmt)


def _new_document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return doc


def _header(doc: Any, case: Case, number: str = "") -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left = [("ỦY BAN NHÂN DÂN", {"size": 13}), (_n(case.unit.name).upper(), {"bold": True, "size": 13})]
    if number:
        left.append((f"Số: {number}", {"size": 13}))
    _cell(table.cell(0, 0), left)
    _cell(
        table.cell(0, 1),
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 13}),
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 14}),
        ],
    )
    table.columns[0].width = table.cell(0, 0).width = Mm(65)
    table.columns[1].width = table.cell(0, 1).width = Mm(100)


def _place_date(doc: Any, case: Case, day: datetime.date) -> None:
    place = case.unit.short_name or case.unit.name
    _para(
        doc,
        f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        italic=True,
    )


def _title(doc: Any, title: str, subtitle: str = "") -> None:
    _para(doc, title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    if subtitle:
        _para(doc, subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _facts(doc: Any, rows: list[tuple[str, Any]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        _cell(cells[0], [(label, {"bold": True, "size": 13})], WD_ALIGN_PARAGRAPH.LEFT)
        _cell(cells[1], [(_n(value) or "—", {"size": 13})], WD_ALIGN_PARAGRAPH.LEFT)
        cells[0].width, cells[1].width = Mm(60), Mm(105)


def _grid(doc: Any, head: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for i, h in enumerate(head):
        _cell(table.rows[0].cells[i], [(h, {"bold": True, "size": 13})])
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            _cell(cells[i], [(_n(value) or "—", {"size": 13})], WD_ALIGN_PARAGRAPH.LEFT)


def _signature(doc: Any, title: str, name: str, recipients: list[str] | None = None) -> None:
    _para(doc)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    if recipients:
        lines: list[tuple[str, dict[str, Any]]] = [("Nơi nhận:", {"bold": True, "italic": True, "size": 12})]
        lines += [(f"- {r};", {"size": 11}) for r in recipients[:-1]] + [
            (f"- {recipients[-1]}.", {"size": 11})
        ]
        _cell(table.cell(0, 0), lines, WD_ALIGN_PARAGRAPH.LEFT)
    sign = [(line, {"bold": True, "size": 14}) for line in title.split("\n")]
    sign += [
        ("(Ký, ghi rõ họ tên)", {"italic": True, "size": 13}),
        ("", {}),
        ("", {}),
        (name, {"bold": True}),
    ]
    _cell(table.cell(0, 1), sign)


def _level(value: str) -> str:
    from treem.cases.choices import Level

    return str(Level(value).label) if value in Level.values else ""


def _yes_no(value: bool | None) -> str:
    return {True: "Có", False: "Không", None: "Chưa xác định"}[value]


def _child_rows(case: Case) -> list[tuple[str, Any]]:
    child = case.child
    return [
        ("Mã vụ việc", case.code),
        ("Họ và tên trẻ em", child.full_name),
        ("Ngày sinh", _d(child.date_of_birth)),
        ("Giới tính", SEX.get(child.sex, "")),
    ]


def _latest(case: Case, kind: str) -> Assessment | None:
    return (
        case.assessments.filter(kind=kind)
        .select_related("assessed_by")
        .order_by("-created_at", "-id")
        .first()
    )


def _name(user: Any) -> str:
    return (getattr(user, "full_name", "") or getattr(user, "username", "")) if user else ""


# -- the six forms -----------------------------------------------------------------------------------------
def render_docx(case: Case, form_no: int) -> bytes:
    doc = _new_document()
    builder = {1: _form_01, 2: _form_02, 3: _form_03, 4: _form_04, 5: _form_05, 6: _form_06}[form_no]
    builder(doc, case)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _form_01(doc: Any, case: Case) -> None:
    _header(doc, case)
    _place_date(doc, case, timezone.localtime(case.received_at).date())
    _title(doc, TITLES[1], "VỀ TRẺ EM BỊ XÂM HẠI HOẶC CÓ NGUY CƠ BỊ BẠO LỰC, BÓC LỘT, BỎ RƠI")
    reported = case.reported_child or {}
    parents = []
    for key, label in (("father", "Cha"), ("mother", "Mẹ")):
        p = reported.get(key) or {}
        if p:
            parents.append(
                f"{label}: {p.get('name') or ''}, {p.get('age') or ''} tuổi, {p.get('occupation') or ''}"
            )
    rows = [
        ("Nguồn tiếp nhận", case.get_channel_display()),
        ("Thời gian tiếp nhận", _d(case.received_at)),
        *_child_rows(case),
        ("Tuổi ước tính (theo thông tin báo)", reported.get("estimated_age") or ""),
        ("Phân loại", case.get_category_display()),
        ("Hình thức xâm hại", case.get_abuse_form_display()),
        ("Môi trường xảy ra", case.get_setting_display()),
        ("Nơi xảy ra vụ việc", case.incident_place),
        ("Nơi trẻ em đang ở", case.child_location),
        ("Nội dung thông tin", case.summary),
        ("Cha, mẹ", "; ".join(parents)),
        ("Người đang chăm sóc trẻ", case.caregiver),
        ("Hoàn cảnh gia đình", case.family_situation),
        ("Những việc đã làm", case.actions_taken),
    ]
    if case.informant_consent:
        rows += [
            ("Người cung cấp thông tin", case.informant_name),
            ("Điện thoại", case.informant_phone),
            ("Địa chỉ", case.informant_address),
        ]
    else:
        rows.append(("Người cung cấp thông tin", "Không đồng ý ghi thông tin cá nhân"))
    _facts(doc, rows)
    _signature(doc, "NGƯỜI TIẾP NHẬN THÔNG TIN", _name(case.filed_by))


def _assessment_form(doc: Any, case: Case, form_no: int, kind: str) -> None:
    a = _latest(case, kind)
    _header(doc, case)
    _place_date(doc, case, timezone.localtime(a.created_at).date() if a else timezone.localdate())
    _title(doc, TITLES[form_no])
    rows = _child_rows(case)
    if a is None:
        rows.append(("Tình trạng", "Chưa có phiếu đánh giá"))
    else:
        content = a.content or {}
        rows += [
            ("Mức độ tổn hại", _level(a.harm_level)),
            ("Mức độ nguy cơ", _level(a.risk_level)),
        ]
        if kind == Assessment.Kind.INITIAL:
            rows.append(("Cần can thiệp khẩn cấp", _yes_no(a.emergency_needed)))
        if kind == Assessment.Kind.REVIEW:
            rows.append(("Trẻ em đã ổn định", _yes_no(a.child_stable)))
        rows += [
            ("Tình trạng thể chất", content.get("physical", "")),
            ("Tình trạng tâm lý, tình cảm", content.get("psychological", "")),
            ("Hoàn cảnh gia đình, khả năng bảo vệ", content.get("family", "")),
            ("Khả năng người gây hại tiếp cận trẻ", content.get("perpetrator_access", "")),
            ("Nhu cầu hỗ trợ", content.get("needs", "")),
        ]
        if kind == Assessment.Kind.DETAILED:
            rows.append(("Biên bản họp xác định nhu cầu", a.meeting_minutes))
        rows.append(("Kết luận, đề xuất", content.get("conclusion", "")))
    _facts(doc, rows)
    _signature(doc, "NGƯỜI ĐÁNH GIÁ", _name(a.assessed_by) if a else "")


def _form_02(doc: Any, case: Case) -> None:
    _assessment_form(doc, case, 2, Assessment.Kind.INITIAL)


def _form_03(doc: Any, case: Case) -> None:
    _assessment_form(doc, case, 3, Assessment.Kind.DETAILED)


def _form_06(doc: Any, case: Case) -> None:
    _assessment_form(doc, case, 6, Assessment.Kind.REVIEW)


def _plan(case: Case, approved: bool = False) -> Any:
    qs = case.plans.prefetch_related("services__agency").select_related("drafted_by", "approved_by")
    if approved:
        qs = qs.filter(approved_at__isnull=False)
    return qs.order_by("-number").first()


def _plan_body(doc: Any, plan: Any) -> None:
    _facts(
        doc,
        [
            ("Mục tiêu", plan.goals),
            ("Ngày rà soát, đánh giá", _d(plan.review_date)),
        ],
    )
    _para(doc, "Các dịch vụ, biện pháp hỗ trợ, can thiệp", bold=True)
    _grid(
        doc,
        ["TT", "Dịch vụ, biện pháp", "Cơ quan, người thực hiện", "Thời hạn"],
        [
            [
                i,
                s.description,
                ", ".join(x for x in (s.agency.name if s.agency else "", s.responsible) if x),
                _d(s.due_date),
            ]
            for i, s in enumerate(plan.services.all(), start=1)
        ],
    )


def _form_04(doc: Any, case: Case) -> None:
    plan = _plan(case)
    _header(doc, case)
    _place_date(doc, case, timezone.localtime(plan.created_at).date() if plan else timezone.localdate())
    _title(doc, TITLES[4])
    _facts(doc, [*_child_rows(case), ("Mức độ nguy cơ", _level(case.risk_level))])
    if plan is None:
        _para(doc, "Chưa có kế hoạch.")
        _signature(doc, "NGƯỜI LẬP KẾ HOẠCH", "")
        return
    _plan_body(doc, plan)
    _signature(doc, "NGƯỜI LẬP KẾ HOẠCH", _name(plan.drafted_by))


def _form_05(doc: Any, case: Case) -> None:
    plan = _plan(case, approved=True) or _plan(case)
    number = plan.decision_number if plan and plan.decision_number else "……/QĐ-UBND"
    _header(doc, case, number=number)
    day = timezone.localtime(plan.approved_at).date() if plan and plan.approved_at else timezone.localdate()
    _place_date(doc, case, day)
    _title(doc, TITLES[5], "Về việc phê duyệt kế hoạch hỗ trợ, can thiệp")
    _para(
        doc,
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_n(case.unit.name).upper()}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
    )
    for basis in (
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;",
        "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định chi tiết "
        "Luật Trẻ em;",
        "Xét đề nghị của người làm công tác bảo vệ trẻ em cấp xã,",
    ):
        _para(doc, basis, italic=True)
    _para(doc, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(
        doc,
        f"Điều 1. Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {case.child.full_name} "
        f"(mã vụ việc {case.code}).",
    )
    _facts(doc, _child_rows(case))
    if plan is not None:
        _plan_body(doc, plan)
    _para(doc, "Điều 2. Các cơ quan, tổ chức, cá nhân có tên trong kế hoạch chịu trách nhiệm thực hiện.")
    _para(doc, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    _signature(
        doc,
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        _name(plan.approved_by) if plan else "",
        recipients=["Như Điều 2", "Gia đình, người chăm sóc trẻ em", "Lưu: VT, hồ sơ vụ việc"],
    )
