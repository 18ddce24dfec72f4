"""Text extraction from uploaded .txt, .docx and .pdf files."""

from __future__ import annotations

import io
import unicodedata

import docx
import pytest

from treem.plans.parsing import PlanFileError, extract_text, parse_plan
from treem.plans.tests.conftest import hand_pdf

PLAN = "KẾ HOẠCH\nI. NHIỆM VỤ\n1. Sở Y tế chủ trì khám sức khỏe cho trẻ em.\n"


def test_txt_encodings() -> None:
    assert extract_text("a.txt", PLAN.encode("utf-8")) == PLAN
    assert extract_text("a.TXT", b"\xef\xbb\xbf" + PLAN.encode("utf-8")) == PLAN
    assert extract_text("a.txt", PLAN.encode("utf-16")) == PLAN
    nfd = unicodedata.normalize("NFD", "Ủy ban").encode("utf-8")
    assert extract_text("a.txt", nfd) == "Ủy ban"


def test_txt_cp1258_fallback() -> None:
    # Windows-1258 writes "ế" as ê (0xEA) + combining acute (0xEC) and "ạ" as a + dot below (0xF2).
    data = b"K\xea\xec hoa\xf2ch s\xf4\xec 5"
    assert extract_text("a.txt", data) == "Kế hoạch số 5"


def test_binary_garbage_is_rejected() -> None:
    garbage = bytes(range(256)) * 20
    with pytest.raises(PlanFileError, match="Tệp không đọc được"):
        extract_text("plan.txt", garbage)


def test_unsupported_extension() -> None:
    with pytest.raises(PlanFileError, match="không được hỗ trợ"):
        extract_text("plan.odt", b"whatever")


def test_docx_paragraphs_and_table_cells_in_order() -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("I. NHIỆM VỤ")
    document.add_paragraph("1. Tăng cường kiểm tra.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Đơn vị chủ trì: Sở Y tế"
    table.cell(0, 1).text = "Thời gian: Hằng năm"
    table.cell(1, 0).text = "Ô thứ ba"
    table.cell(1, 1).text = "Ô thứ tư"
    document.add_paragraph("Trên đây là Kế hoạch.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text("ke-hoach.docx", buffer.getvalue())
    lines = [line for line in text.split("\n") if line]
    assert lines == [
        "KẾ HOẠCH",
        "I. NHIỆM VỤ",
        "1. Tăng cường kiểm tra.",
        "Đơn vị chủ trì: Sở Y tế",
        "Thời gian: Hằng năm",
        "Ô thứ ba",
        "Ô thứ tư",
        "Trên đây là Kế hoạch.",
    ]
    draft = parse_plan(text)
    assert [t.type_code for t in draft.tasks[-1].lead] == ["so_y_te"]
    assert draft.tasks[-1].timeframe.kind == "yearly"


def test_broken_docx() -> None:
    with pytest.raises(PlanFileError):
        extract_text("x.docx", b"PK\x03\x04 not really a zip")


def _minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text, written by hand (ASCII only)."""
    content = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    return hand_pdf(content)


def test_pdf_text_layer() -> None:
    data = _minimal_pdf(["KE HOACH", "I. NHIEM VU", "1. So Y te chu tri kham suc khoe."])
    text = extract_text("plan.pdf", data)
    assert "KE HOACH" in text
    assert "1. So Y te chu tri kham suc khoe." in text


def test_pdf_without_text_is_a_scan() -> None:
    with pytest.raises(PlanFileError, match="bản quét"):
        extract_text("scan.pdf", _minimal_pdf([]))


def test_not_a_pdf() -> None:
    with pytest.raises(PlanFileError, match="Tệp không đọc được"):
        extract_text("plan.pdf", b"this is not a pdf")


def test_a_docx_zip_bomb_is_refused_before_python_docx_unpacks_it() -> None:
    """python-docx reads each part whole: a 5 MB upload unpacking to gigabytes took the worker's memory."""
    from treem.core.tests.test_spreadsheets import forge_declared_size

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch")
    document.save(out)
    bomb = forge_declared_size(out.getvalue(), "word/document.xml", 1024 * 1024 * 1024)
    with pytest.raises(PlanFileError) as exc:
        extract_text("kh.docx", bomb)
    assert "giải nén lớn bất thường (1024 MB)" in str(exc.value)


def test_a_highly_compressed_docx_part_is_refused() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(PlanFileError) as exc:
        extract_text("kh.docx", out.getvalue())
    assert "nén" in str(exc.value) and "lần" in str(exc.value)
