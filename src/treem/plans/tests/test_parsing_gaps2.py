"""Gaps of the plan importer closed after batches ad–ag (ADR 0026, "Gaps closed … worktree gaps2"): shares
written in words, words glued by a page's text extraction, PDF tables with one-space gutters. The texts
are written here, not copied from the corpus."""

from __future__ import annotations

from decimal import Decimal

from treem.plans.parsing import PlanDraft, TargetDraft, parse_plan

PLAN_HEAD = (
    "ỦY BAN NHÂN DÂN\nHUYỆN SÔNG MÂY\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 14/KH-UBND\nSông Mây, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\nChăm sóc trẻ em huyện Sông Mây năm 2026\n"
)


def _targets(draft: PlanDraft) -> list[TargetDraft]:
    return sorted(draft.targets, key=lambda t: t.lines.start)


def test_a_share_of_every_one_written_in_words_by_a_year_is_a_target_of_100_percent() -> None:
    text = PLAN_HEAD + (
        "I. MỤC TIÊU\n"
        "1. Đến năm 2028, tất cả học sinh tiểu học trong huyện đều được hoàn thành chương trình tiểu học.\n"
        "2. Năm 2027, tất cả các em 5 tuổi sẽ được đi học mầm non.\n"
        "3. Đến năm 2029, không còn học sinh trung học cơ sở bỏ học.\n"
        "II. NHIỆM VỤ\n1. Phòng Giáo dục và Đào tạo rà soát số trẻ trong độ tuổi đến trường.\n"
    )
    found = [(t.indicator, t.comparator, t.unit, t.values, t.text[:14]) for t in _targets(parse_plan(text))]
    assert found == [
        ("QD23-17a", "ge", "percent", {"2028": Decimal(100)}, "Đến năm 2028, "),
        ("QD23-16", "ge", "percent", {"2027": Decimal(100)}, "Năm 2027, tất "),
        ("QD23-18b", "le", "percent", {"2029": Decimal(0)}, "Đến năm 2029, "),
    ]


def test_all_of_them_without_a_year_or_as_whom_a_scheme_reaches_is_no_target() -> None:
    text = PLAN_HEAD + (
        "I. MỤC ĐÍCH\n"
        "1. Bảo đảm tất cả trẻ em đều được hưởng các quyền cơ bản của mình.\n"
        "2. Năm 2026, tổ chức khám sức khỏe cho tất cả trẻ em được gia đình đưa đến trạm y tế.\n"
        "3. Trẻ em không còn phải lo lắng khi đến trường.\n"
        "II. NHIỆM VỤ\n1. Trạm Y tế xã tổ chức khám sức khỏe cho trẻ em.\n"
    )
    assert parse_plan(text).targets == []


def test_words_glued_by_a_page_s_extraction_are_cut_into_their_syllables_with_a_warning() -> None:
    text = (
        "ỦYBAN NHÂN DÂN\nHUYỆN SÔNG MÂY\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 14/KH-UBND\nSông Mây, ngày 02 tháng 3 năm2026\nKẾHOẠCH\nChămsóc trẻem huyện Sông Mây năm 2026\n"
        "I. MỤC TIÊU\n"
        "1. Đến năm2027, tỷ lệ trẻem dưới 1 tuổi được tiêmchủng đầyđủ các loại vắc xin đạt95%.\n"
        "II. NHIỆM VỤ\n1. Trạm Y tế xã tổ chức tiêm chủng cho trẻ em.\n"
    )
    draft = parse_plan(text)
    assert (draft.document.doc_type, draft.document.title) == (
        "ke_hoach",
        "Chăm sóc trẻ em huyện Sông Mây năm 2026",
    )
    assert draft.document.issuer == "ỦY BAN NHÂN DÂN HUYỆN SÔNG MÂY"
    [target] = draft.targets
    assert (target.indicator, target.values) == ("QD23-05", {"2027": Decimal(95)})
    assert "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ" in target.text
    assert any("dính liền" in w for w in draft.warnings)


def test_codes_names_and_a_mistyped_word_are_not_taken_for_glued_words() -> None:
    from treem.plans.parsing.glued import split_glued

    text = (
        "Số: 07/KH-BCĐ; GD&ĐT; QĐ23; H5N1; 20h; 10km; Pleiku; Đắk; người; ngưòi; nghiêng; Nguyễn; khuya; "
        "treem; 50.000đ; UBND-VX"
    )
    assert split_glued(text) == (text, 0)
    assert split_glued("kếhoạch số 5, năm2025 đạt95%, 100%trẻ em, 5tuổi, TỔCHỨC") == (
        "kế hoạch số 5, năm 2025 đạt 95%, 100% trẻ em, 5 tuổi, TỔ CHỨC",
        6,
    )
