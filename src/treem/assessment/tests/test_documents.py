"""The dossier and the recognition decision as DOCX (Nghị định 30/2020 layout through core/docx30)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from docx import Document as Docx

from treem.assessment import documents, services
from treem.assessment.models import CommuneAssessment
from treem.assessment.tests.conftest import all_manual, enter_all


def _texts(content: bytes) -> tuple[list[str], list[str]]:
    doc = Docx(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs], cells


def test_dossier_and_decision(criteria: None, world: Any) -> None:
    all_manual()
    services.round_generate(actor=None, year=2027)
    a = CommuneAssessment.objects.get(unit=world.a1, round__year=2027)
    enter_all(a, {"13.1": 30})
    a.meeting_date, a.meeting_minutes = datetime.date(2027, 11, 5), "Thành phần: Ban bảo vệ trẻ em."
    a.save()
    paragraphs, cells = _texts(documents.render_dossier(a))
    assert "DỰ THẢO" in "".join(paragraphs)  # not submitted yet
    assert any("TỜ TRÌNH" in p for p in paragraphs)
    assert any("980 điểm" in p and "900 điểm" in p for p in paragraphs)
    assert "Thành phần: Ban bảo vệ trẻ em." in paragraphs
    assert "Ngày họp: 05/11/2027." in paragraphs
    assert any("(thang điểm chưa xác nhận)" in c for c in cells)
    assert "980" in cells  # the total row of the self-assessment table
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in c for c in cells)

    a = services.assessment_transition(actor=world.worker_a1, assessment_id=a.pk, action="submit")
    a = services.assessment_transition(actor=world.province_a, assessment_id=a.pk, action="accept")
    a = services.assessment_transition(
        actor=world.province_a, assessment_id=a.pk, action="recognise", data={"decision_number": "25/QĐ-UBND"}
    )
    paragraphs, cells = _texts(documents.render_decision(a))
    assert "DỰ THẢO" not in "".join(paragraphs)
    assert any(p.startswith("Điều 1. Công nhận Phường Sài Gòn") and "980 điểm" in p for p in paragraphs)
    assert any("Số: 25/QĐ-UBND" in c for c in cells)
    assert any("THÀNH PHỐ HỒ CHÍ MINH" in c for c in cells)  # the province recognises (default level)
