"""The commune's dossier (request, self-assessment table, explanations and data sources, minutes) and the
recognition decision as DOCX in the Nghị định 30/2020/NĐ-CP layout (``treem.core.docx30``). The dossier's
parts follow QĐ 06/QĐ-TTg Điều 5 as read in legal-reference.md §4.3; the wording of the headings is ours."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from treem.assessment import rules, scoring
from treem.assessment.models import CommuneAssessment
from treem.core import docx30
from treem.core.docx30 import Document30, Letterhead, Signature
from treem.geo.models import AdminUnit, Level

DOCX_TYPE = docx30.DOCX_TYPE
BASIS = (
    "Căn cứ Quyết định số 06/QĐ-TTg ngày 03 tháng 01 năm 2019 của Thủ tướng Chính phủ ban hành Quy định "
    "về tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em;"
)
LEVEL_NAMES = {"province": "tỉnh, thành phố", "commune": "xã, phường"}


def _score_json(a: CommuneAssessment) -> dict[str, Any]:
    if a.score:
        return dict(a.score)
    return scoring.score(a.unit, a.round.year, assessment=a).as_json()


def _province(unit: AdminUnit) -> AdminUnit | None:
    return AdminUnit.objects.filter(pk__in=unit.ancestor_ids(), level=Level.PROVINCE).first()


def render_dossier(a: CommuneAssessment) -> bytes:
    data = _score_json(a)
    unit = a.unit
    province = _province(unit)
    day = timezone.localdate(a.submitted_at) if a.submitted_at else timezone.localdate()
    doc = Document30()
    if a.status in ("draft", "returned"):
        doc.draft_mark("DỰ THẢO")
    doc.letterhead(
        Letterhead(
            issuer=f"ỦY BAN NHÂN DÂN\n{unit.name.upper()}",
            symbol="TTr-UBND",
            place=unit.short_name or unit.name,
            date=day,
        )
    )
    doc.title(
        "TỜ TRÌNH", f"Đề nghị công nhận {unit.name} đạt tiêu chuẩn phù hợp với trẻ em năm {a.round.year}"
    )
    recipient = f"Ủy ban nhân dân {province.name}" if province else "Cấp có thẩm quyền"
    doc.paragraph(f"Kính gửi: {recipient}.", align=docx30.Align.CENTER, indent=False)
    doc.paragraph(BASIS)
    doc.paragraph(
        f"{unit.name} đã tự đánh giá theo 13 tiêu chí, đạt tổng số {data['total']} điểm (mức cần đạt "
        f"{data['threshold']} điểm), và đề nghị xem xét, công nhận {unit.name} đạt tiêu chuẩn phù hợp "
        "với trẻ em."
    )
    doc.heading("I. BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM")
    rows: list[list[Any]] = []
    for c in data["criteria"]:
        rows.append([str(c["number"]), c["name"], "", str(c["max"]), str(c["points"])])
        for s in c["sources"]:
            flag = "" if s["confirmed"] else " (thang điểm chưa xác nhận)"
            rows.append([s["sub"], s["name"] + flag, s["figure"], str(s["max"]), str(s["points"])])
    rows.append(["", "Tổng cộng", "", "1000", str(data["total"])])
    doc.table(
        ["TT", "Tiêu chí", "Kết quả thực hiện", "Điểm tối đa", "Điểm tự chấm"], rows, numeric=(3, 4), size=12
    )
    doc.heading("II. GIẢI TRÌNH, NGUỒN SỐ LIỆU")
    for c in data["criteria"]:
        for s in c["sources"]:
            parts = "; ".join(f"{r['label']} ({len(r['ids'])} bản ghi)" for r in s["records"]) or "—"
            doc.paragraph(f"{s['sub']}. {s['rule']} Nguồn: {parts}.", size=12)
    if a.explanation.strip():
        doc.paragraph(a.explanation)
    doc.heading("III. BIÊN BẢN CUỘC HỌP TỰ ĐÁNH GIÁ")
    when = a.meeting_date.strftime("%d/%m/%Y") if a.meeting_date else "…/…/……"
    doc.paragraph(f"Ngày họp: {when}.")
    for line in (a.meeting_minutes or "(chưa có biên bản)").splitlines():
        doc.paragraph(line)
    doc.closing(
        Signature(
            position="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            note="(Ký, ghi rõ họ tên)",
            recipients=["Như trên", "Lưu: VT"],
        )
    )
    return doc.to_bytes()


def render_decision(a: CommuneAssessment) -> bytes:
    data = _score_json(a)
    unit = a.unit
    province = _province(unit)
    issuer = province.name if province and rules.RECOGNISE_LEVEL == "province" else unit.name
    day = timezone.localdate(a.decided_at) if a.decided_at else timezone.localdate()
    number, _sep, symbol = (a.decision_number or "").partition("/")
    doc = Document30()
    if a.status != "recognised":
        doc.draft_mark("DỰ THẢO")
    doc.letterhead(
        Letterhead(
            issuer=f"ỦY BAN NHÂN DÂN\n{issuer.upper()}",
            number=number,
            symbol=symbol or "QĐ-UBND",
            place=(province.short_name if province else unit.short_name) or issuer,
            date=day,
        )
    )
    doc.title("QUYẾT ĐỊNH", f"Công nhận xã, phường đạt tiêu chuẩn phù hợp với trẻ em năm {a.round.year}")
    doc.paragraph(
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {issuer.upper()}", align=docx30.Align.CENTER, indent=False, bold=True
    )
    doc.paragraph(
        BASIS,
        italic=True,
    )
    doc.paragraph(f"Xét hồ sơ đề nghị của Ủy ban nhân dân {unit.name} và kết quả kiểm tra;", italic=True)
    doc.paragraph("QUYẾT ĐỊNH:", align=docx30.Align.CENTER, indent=False, bold=True)
    doc.paragraph(
        f"Điều 1. Công nhận {unit.name} đạt tiêu chuẩn xã, phường phù hợp với trẻ em năm {a.round.year} "
        f"với tổng số {data['total']} điểm."
    )
    doc.paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    doc.paragraph(
        f"Điều 3. Chánh Văn phòng Ủy ban nhân dân, Chủ tịch Ủy ban nhân dân {unit.name} và các cơ quan, "
        "đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."
    )
    doc.closing(
        Signature(
            position="CHỦ TỊCH",
            note="(Ký, ghi rõ họ tên)",
            recipients=["Như Điều 3", "Lưu: VT"],
        )
    )
    return doc.to_bytes()
