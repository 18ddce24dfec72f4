"""Mẫu 01–06 of Nghị định 56/2017/NĐ-CP as DOCX, laid out as Nghị định 30/2020/NĐ-CP Phụ lục I asks
(through ``treem.core.docx30``): A4 portrait, margins 20/20/30/15 mm, Times New Roman 13–14, the issuing
body and the national motto in a borderless table, the place-and-date line in italics, the title in bold
capitals, the signature block.

The forms' wording follows the fields seen in the decree's appendix (legal-reference.md §2.3); where the
appendix text was not read, the headings are ours.
"""

from __future__ import annotations

import datetime
import shutil  # noqa: F401 - tests stub ``documents.shutil.which`` to hide LibreOffice
from typing import Any

from django.utils import timezone

from treem.cases.models import Assessment, Case
from treem.core import docx30
from treem.core.docx30 import Align, Document30, Letterhead, Signature

DOCX_TYPE = docx30.DOCX_TYPE
FONT = docx30.FONT

FORMS: dict[int, str] = {
    1: "Mẫu số 01 — Báo cáo tiếp nhận thông tin",
    2: "Mẫu số 02 — Phiếu đánh giá nguy cơ ban đầu",
    3: "Mẫu số 03 — Báo cáo đánh giá chi tiết",
    4: "Mẫu số 04 — Kế hoạch hỗ trợ, can thiệp",
    5: "Mẫu số 05 — Quyết định phê duyệt kế hoạch",
    6: "Mẫu số 06 — Rà soát, đánh giá tình trạng của trẻ em",
}
TITLES = {
    1: "BÁO CÁO TIẾP NHẬN THÔNG TIN, THÔNG BÁO, TỐ GIÁC",
    2: "PHIẾU ĐÁNH GIÁ NGUY CƠ BAN ĐẦU",
    3: "BÁO CÁO THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ CỤ THỂ",
    4: "KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
    5: "QUYẾT ĐỊNH",
    6: "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM SAU KHI THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
}
SEX = {"M": "Nam", "F": "Nữ", "U": "Không biết"}
SIGN_NOTE = "(Ký, ghi rõ họ tên)"


def _d(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def pdf_available() -> bool:
    return docx30.office_binary() is not None


def to_pdf(docx: bytes) -> bytes:
    """Convert with LibreOffice (only when installed; the PDF link is hidden otherwise)."""
    pdf = docx30.docx_to_pdf(docx, timeout=120, name="mau")
    if pdf is None:
        raise RuntimeError("libreoffice is not installed")
    return pdf


# -- building blocks -------------------------------------------------------------------------------------
def _header(doc: Document30, case: Case, number: str = "") -> None:
    doc.letterhead(
        Letterhead(issuer=case.unit.name, parent_body="ỦY BAN NHÂN DÂN", number=number),
        date_in_header=False,
    )


def _place_date(doc: Document30, case: Case, day: datetime.date) -> None:
    # Every month padded ("tháng 03"), as these forms always printed it (and their tests pin it); NĐ 30
    # pads months 1–2 only, see docx30.date_line.
    doc.place_date(case.unit.short_name or case.unit.name, day)


def _title(doc: Document30, title: str, subtitle: str = "") -> None:
    doc.title(title, subtitle)


def _facts(doc: Document30, rows: list[tuple[str, Any]]) -> None:
    doc.table(
        None,
        [[label, docx30.nfc(value) or "—"] for label, value in rows],
        widths_mm=(60, 105),
        size=13,
        first_column_bold=True,
    )


def _grid(doc: Document30, head: list[str], rows: list[list[Any]]) -> None:
    doc.table(head, [[docx30.nfc(v) or "—" for v in row] for row in rows], size=13)


def _signature(doc: Document30, title: str, name: str, recipients: list[str] | None = None) -> None:
    doc.closing(Signature(position=title, name=name, note=SIGN_NOTE, recipients=recipients or []))


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
    doc = Document30()
    builder = {1: _form_01, 2: _form_02, 3: _form_03, 4: _form_04, 5: _form_05, 6: _form_06}[form_no]
    builder(doc, case)
    return doc.to_bytes()


def _form_01(doc: Document30, case: Case) -> None:
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


def _assessment_form(doc: Document30, case: Case, form_no: int, kind: str) -> None:
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


def _form_02(doc: Document30, case: Case) -> None:
    _assessment_form(doc, case, 2, Assessment.Kind.INITIAL)


def _form_03(doc: Document30, case: Case) -> None:
    _assessment_form(doc, case, 3, Assessment.Kind.DETAILED)


def _form_06(doc: Document30, case: Case) -> None:
    """Mẫu 06 as the decree's appendix lays it out: the child, the officer and the date; 1 a) the three
    criteria rated Cao / Trung bình / Thấp with the totals per level; 1 b) the child's capacity to protect
    themself and recover; then Treem's conclusion (the appendix's closing part was not read)."""
    from treem.cases.choices import REVIEW_CRITERIA, SELF_PROTECTION_KEY, SELF_PROTECTION_LABEL, Level

    a = _latest(case, Assessment.Kind.REVIEW)
    content = (a.content or {}) if a else {}
    _header(doc, case)
    _place_date(doc, case, timezone.localtime(a.created_at).date() if a else timezone.localdate())
    _title(doc, TITLES[6])
    _facts(
        doc,
        [
            ("Mã vụ việc", case.code),
            ("Họ và tên trẻ em", case.child.full_name),
            ("Họ và tên cán bộ thực hiện", _name(a.assessed_by) if a else ""),
            ("Ngày, tháng, năm thực hiện", _d(timezone.localtime(a.created_at).date()) if a else ""),
        ],
    )
    doc.paragraph("1. Đánh giá nguy cơ tại giai đoạn kết thúc", bold=True)
    doc.paragraph("a) Đánh giá mức độ tổn hại của trẻ em", italic=True)
    rows: list[list[Any]] = []
    totals = dict.fromkeys(Level.values, 0)
    for key, label, levels in REVIEW_CRITERIA:
        level = str(content.get(key) or "")
        if level in levels:
            totals[level] += 1
            rows.append([label, f"{_level(level)} ({levels[level]})"])
        else:
            rows.append([label, ""])
    rows.append(["Tổng số", "; ".join(f"{_level(v)}: {totals[v]}" for v in Level.values)])
    _grid(doc, ["Đánh giá mức độ tổn hại của trẻ em", "Mức độ (Cao, Trung bình, Thấp)"], rows)
    doc.paragraph("b) Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em", italic=True)
    _grid(
        doc,
        ["Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em", "Mức độ (Cao, Trung bình, Thấp)"],
        [[SELF_PROTECTION_LABEL, _level(str(content.get(SELF_PROTECTION_KEY) or ""))]],
    )
    doc.paragraph("2. Kết luận, đề xuất", bold=True)
    if a is None:
        _facts(doc, [("Tình trạng", "Chưa có phiếu rà soát, đánh giá")])
    else:
        _facts(
            doc,
            [
                ("Mức độ nguy cơ", _level(a.risk_level)),
                ("Trẻ em ổn định về thể chất, tâm lý, nhận thức, tình cảm", _yes_no(a.child_stable)),
                ("Tình trạng thể chất", content.get("physical", "")),
                ("Tình trạng tâm lý, tình cảm", content.get("psychological", "")),
                ("Kết luận, đề xuất", content.get("conclusion", "")),
            ],
        )
    _signature(doc, "NGƯỜI THỰC HIỆN", _name(a.assessed_by) if a else "")


def _plan(case: Case, approved: bool = False) -> Any:
    qs = case.plans.prefetch_related("services__agency").select_related("drafted_by", "approved_by")
    if approved:
        qs = qs.filter(approved_at__isnull=False)
    return qs.order_by("-number").first()


def _plan_body(doc: Document30, plan: Any) -> None:
    _facts(
        doc,
        [
            ("Mục tiêu", plan.goals),
            ("Ngày rà soát, đánh giá", _d(plan.review_date)),
        ],
    )
    doc.paragraph("Các dịch vụ, biện pháp hỗ trợ, can thiệp", bold=True)
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


def _form_04(doc: Document30, case: Case) -> None:
    plan = _plan(case)
    _header(doc, case)
    _place_date(doc, case, timezone.localtime(plan.created_at).date() if plan else timezone.localdate())
    _title(doc, TITLES[4])
    _facts(doc, [*_child_rows(case), ("Mức độ nguy cơ", _level(case.risk_level))])
    if plan is None:
        doc.paragraph("Chưa có kế hoạch.")
        _signature(doc, "NGƯỜI LẬP KẾ HOẠCH", "")
        return
    _plan_body(doc, plan)
    _signature(doc, "NGƯỜI LẬP KẾ HOẠCH", _name(plan.drafted_by))


def _form_05(doc: Document30, case: Case) -> None:
    plan = _plan(case, approved=True) or _plan(case)
    number = plan.decision_number if plan and plan.decision_number else "……/QĐ-UBND"
    _header(doc, case, number=number)
    day = timezone.localtime(plan.approved_at).date() if plan and plan.approved_at else timezone.localdate()
    _place_date(doc, case, day)
    _title(doc, TITLES[5], "Về việc phê duyệt kế hoạch hỗ trợ, can thiệp")
    doc.paragraph(
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {docx30.nfc(case.unit.name).upper()}",
        align=Align.CENTER,
        indent=False,
        bold=True,
    )
    for basis in (
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;",
        "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định chi tiết "
        "Luật Trẻ em;",
        "Xét đề nghị của người làm công tác bảo vệ trẻ em cấp xã,",
    ):
        doc.paragraph(basis, italic=True)
    doc.paragraph("QUYẾT ĐỊNH:", align=Align.CENTER, indent=False, bold=True)
    doc.paragraph(
        f"Điều 1. Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {case.child.full_name} "
        f"(mã vụ việc {case.code}).",
    )
    _facts(doc, _child_rows(case))
    if plan is not None:
        _plan_body(doc, plan)
    doc.paragraph("Điều 2. Các cơ quan, tổ chức, cá nhân có tên trong kế hoạch chịu trách nhiệm thực hiện.")
    doc.paragraph("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    # The chairman's own decision (Điều 28 k2: "Chủ tịch Ủy ban nhân dân cấp xã phê duyệt"), not one of
    # the People's Committee as a body: signed "CHỦ TỊCH", without "TM. ỦY BAN NHÂN DÂN" (issue #18).
    _signature(
        doc,
        "CHỦ TỊCH",
        _name(plan.approved_by) if plan else "",
        recipients=["Như Điều 2", "Gia đình, người chăm sóc trẻ em", "Lưu: VT, hồ sơ vụ việc"],
    )
