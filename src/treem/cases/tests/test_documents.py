from __future__ import annotations

import io
import unicodedata
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from treem.cases import documents, services
from treem.cases.choices import CaseStatus, Level
from treem.cases.models import Assessment
from treem.cases.tests.test_services import case_in_state
from treem.core import docx30

pytestmark = pytest.mark.django_db


def _open(case: Any, form_no: int) -> Any:
    return Document(io.BytesIO(documents.render_docx(case, form_no)))


def _texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _cells(doc: Any) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def test_layout_follows_decree_30(world: Any) -> None:
    case = case_in_state(world, CaseStatus.IMPLEMENTING)
    doc = _open(case, 1)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {k: round(getattr(section, f"{k}_margin").mm) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    header = doc.tables[0]
    assert header.cell(0, 0).text.splitlines() == ["ỦY BAN NHÂN DÂN", "PHƯỜNG SÀI GÒN"]
    assert header.cell(0, 1).text.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    day = timezone.localtime(case.received_at)
    place = next(p for p in doc.paragraphs if p.text.startswith("Sài Gòn, ngày"))
    assert place.text == docx30.date_line("Sài Gòn", day)  # Nghị định 30/2020: "tháng 3", "tháng 02"
    assert all(r.italic for r in place.runs)
    title = next(p for p in doc.paragraphs if p.text.startswith("BÁO CÁO TIẾP NHẬN"))
    assert all(r.bold for r in title.runs)
    for run in (r for p in doc.paragraphs for r in p.runs):
        assert run.font.size is None or 11 <= run.font.size.pt <= 14


def test_form_01_holds_the_intake(world: Any) -> None:
    case = case_in_state(world, CaseStatus.RECEIVED)
    cells = _cells(_open(case, 1))
    assert "Lê Minh Khoa" in cells and case.code in cells
    assert "Tổng đài 111" in cells and "Bạo lực" in cells
    assert timezone.localtime(case.received_at).strftime("%H:%M %d/%m/%Y") in cells
    assert "Không đồng ý ghi thông tin cá nhân" in cells  # the informant's details were not kept
    assert all(unicodedata.is_normalized("NFC", c) for c in cells)


def test_forms_02_03_06_show_the_risk_levels(world: Any) -> None:
    case = case_in_state(world, CaseStatus.REVIEWING)
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW, child_stable=True
    )
    cells2 = _cells(_open(case, 2))
    assert "Mức độ nguy cơ" in cells2 and "Trung bình" in cells2 and "Không" in cells2
    assert any(t.startswith("PHIẾU ĐÁNH GIÁ NGUY CƠ BAN ĐẦU") for t in _texts(_open(case, 2)))
    cells3 = _cells(_open(case, 3))
    assert "Họp ngày 03/03 với gia đình, trường, công an xã." in cells3
    cells6 = _cells(_open(case, 6))
    assert "Thấp" in cells6 and "Có" in cells6


def test_form_06_rates_three_criteria_with_totals_and_self_protection(world: Any) -> None:
    case = case_in_state(world, CaseStatus.REVIEWING)
    levels = {"harm_severity": "low", "abuser_access": "medium", "care_obstacles": "low"}
    levels["self_protection"] = "high"
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.REVIEW, risk_level=Level.LOW,
        child_stable=True, content=levels,
    )  # fmt: skip
    doc = _open(case, 6)
    assert any(t.startswith("RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM") for t in _texts(doc))
    grids = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    criteria = next(g for g in grids if g[0][0] == "Đánh giá mức độ tổn hại của trẻ em")
    assert criteria[0][1] == "Mức độ (Cao, Trung bình, Thấp)"
    assert [r[0][:2] for r in criteria[1:4]] == ["1.", "2.", "3."]
    assert criteria[1][1].startswith("Thấp") and criteria[2][1].startswith("Trung bình")
    assert criteria[4] == ["Tổng số", "Cao: 0; Trung bình: 1; Thấp: 2"]
    capacity = next(g for g in grids if g[0][0] == "Đánh giá khả năng tự bảo vệ, phục hồi của trẻ em")
    assert capacity[1] == ["Khả năng tự bảo vệ, phục hồi của trẻ em", "Cao"]
    assert "Nguyễn Thị Thu" in _cells(doc)  # the officer who reviewed


def test_form_04_and_05_decision(world: Any) -> None:
    case = case_in_state(world, CaseStatus.IMPLEMENTING)
    cells4 = _cells(_open(case, 4))
    assert "Tham vấn tâm lý cho trẻ" in cells4 and "01/01/2030" in cells4
    doc = _open(case, 5)
    texts = _texts(doc)
    assert "QUYẾT ĐỊNH" in texts and "Về việc phê duyệt kế hoạch hỗ trợ, can thiệp" in texts
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN" in texts
    assert "Số: 15/QĐ-UBND" in doc.tables[0].cell(0, 0).text
    plan = case.plans.get()
    day = timezone.localtime(plan.approved_at)
    assert docx30.date_line("Sài Gòn", day) in texts
    signature = doc.tables[-1]
    assert signature.cell(0, 0).text.startswith("Nơi nhận:")
    signer = signature.cell(0, 1).text
    assert signer.splitlines()[0] == "CHỦ TỊCH" and "Trần Văn Minh" in signer  # the chairman's own decision
    assert "TM." not in signer and "ỦY BAN NHÂN DÂN" not in signer
    assert "Lê Minh Khoa" in _cells(doc)


def test_pdf_only_when_libreoffice_is_installed(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    assert documents.pdf_available() is False
    with pytest.raises(RuntimeError):
        documents.to_pdf(b"")
