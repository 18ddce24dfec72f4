"""Honest input (issue #17): legacy font encodings converted or refused, inconsistent facts flagged."""

from __future__ import annotations

import datetime

import pytest

from treem.plans.parsing import PlanFileError, extract_text, parse_plan
from treem.registry import legacy_encodings

PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG

Số: 12/KH-UBND

Hà Giang, ngày 05 tháng 3 năm 2025

KẾ HOẠCH
Thực hiện công tác trẻ em năm 2025

Căn cứ Nghị quyết số 07/2025/NQ-HĐND ngày 20/4/2025 của Hội đồng nhân dân tỉnh về công tác trẻ em;

I. MỤC TIÊU
1. Tỷ lệ xã đạt tiêu chuẩn phù hợp với trẻ em đạt 120% vào năm 2025.
II. NHIỆM VỤ
1. Sở Y tế chủ trì tổ chức tập huấn về bảo vệ trẻ em. Thời gian thực hiện: năm 2024.
"""


# TCVN3 has no accented capitals (they were the same codes in a capitals font), so the legacy
# sample is written in lower case where the accents are.
LEGACY = """Ủy ban nhân dân tỉnh Hà Giang

Số: 12/KH-UBND

Hà Giang, ngày 05 tháng 3 năm 2025

Kế hoạch thực hiện công tác trẻ em năm 2025

Căn cứ Nghị quyết số 07/2024/NQ-HĐND ngày 20/4/2024 của Hội đồng nhân dân tỉnh về công tác trẻ em;

I. Mục tiêu
1. Tỷ lệ xã đạt tiêu chuẩn phù hợp với trẻ em đạt 80% vào năm 2025.
""".replace("Ủy", "UBND").replace("Kế", "KH")


@pytest.mark.parametrize("encoding", [legacy_encodings.TCVN3, legacy_encodings.VNI])
def test_a_legacy_encoded_file_is_converted_and_said_so(encoding: str) -> None:
    data = legacy_encodings.encode(LEGACY, encoding).encode("latin-1")
    draft = parse_plan(extract_text("ke-hoach.txt", data))
    assert draft.document.number == "12/KH-UBND"
    assert draft.document.date == datetime.date(2025, 3, 5)
    assert [c.number for c in draft.cites] == ["07/2024/NQ-HĐND"]
    assert draft.cites[0].issuer == "Hội đồng nhân dân tỉnh"
    assert any(legacy_encodings.NAMES[encoding] in w and "Unicode" in w for w in draft.warnings)


def test_legacy_text_saved_as_utf8_is_converted_too() -> None:
    text = legacy_encodings.encode(LEGACY, legacy_encodings.TCVN3)
    draft = parse_plan(extract_text("ke-hoach.txt", text.encode("utf-8")))
    assert draft.document.date == datetime.date(2025, 3, 5)


@pytest.mark.parametrize("encoding", [legacy_encodings.TCVN3, legacy_encodings.VNI])
def test_a_mixed_file_is_refused_with_the_reason(encoding: str) -> None:
    text = legacy_encodings.encode(LEGACY, encoding) + "\nNguyễn Văn Út phụ trách.\n"
    with pytest.raises(PlanFileError, match=legacy_encodings.NAMES[encoding].split()[0]):
        extract_text("ke-hoach.txt", text.encode("utf-8"))
    assert any("không thể tự chuyển" in w for w in parse_plan(text).warnings)  # pasted text: said


def test_inconsistent_facts_are_warned() -> None:
    draft = parse_plan(PLAN)
    assert not any("bảng mã" in w for w in draft.warnings)
    assert any("07/2025/NQ-HĐND" in w and "20/04/2025" in w and "05/03/2025" in w for w in draft.warnings)
    assert any("120" in w and "0–100" in w for w in draft.warnings)
    assert any(w.startswith("Nhiệm vụ II.1") and "trước ngày" in w for w in draft.warnings)


def test_a_consistent_plan_has_none_of_those_warnings() -> None:
    text = PLAN.replace("20/4/2025", "20/4/2024").replace("120%", "90%").replace("năm 2024.", "năm 2025.")
    warnings = parse_plan(text).warnings
    assert not any("sau ngày" in w or "0–100" in w or "trước ngày" in w for w in warnings)
