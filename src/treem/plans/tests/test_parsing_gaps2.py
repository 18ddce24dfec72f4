"""Gaps of the plan importer closed after batches ad–ag (ADR 0026, "Gaps closed … worktree gaps2"): shares
written in words, words glued by a page's text extraction, PDF tables with one-space gutters. The texts
are written here, not copied from the corpus."""

from __future__ import annotations

import random
import textwrap
from decimal import Decimal

import pytest

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
        "4. Đến năm 2027, mọi trẻ em dưới 5 tuổi đều được đăng ký khai sinh.\n"
        "II. NHIỆM VỤ\n1. Phòng Giáo dục và Đào tạo rà soát số trẻ trong độ tuổi đến trường.\n"
    )
    found = [(t.indicator, t.comparator, t.unit, t.values, t.text[:14]) for t in _targets(parse_plan(text))]
    assert found == [
        ("QD23-17a", "ge", "percent", {"2028": Decimal(100)}, "Đến năm 2028, "),
        ("QD23-16", "ge", "percent", {"2027": Decimal(100)}, "Năm 2027, tất "),
        ("QD23-18b", "le", "percent", {"2029": Decimal(0)}, "Đến năm 2029, "),
        ("QD23-14", "ge", "percent", {"2027": Decimal(100)}, "Đến năm 2027, "),
    ]


def test_all_of_them_without_a_year_or_as_whom_a_scheme_reaches_is_no_target() -> None:
    text = PLAN_HEAD + (
        "I. MỤC ĐÍCH\n"
        "1. Bảo đảm tất cả trẻ em đều được hưởng các quyền cơ bản của mình.\n"
        "2. Năm 2026, tổ chức khám sức khỏe cho tất cả trẻ em được gia đình đưa đến trạm y tế.\n"
        "3. Trẻ em không còn phải lo lắng khi đến trường.\n"
        "4. Năm 2026, để mọi trẻ em được vui Tết Trung thu, xã tổ chức đêm hội.\n"
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
    assert split_glued("Kế hoạch số14/KH-UBND ngày15/3/2026của Ủy ban") == (
        "Kế hoạch số 14/KH-UBND ngày 15/3/2026 của Ủy ban",
        3,
    )


# A PDF's layout text whose longest cells stand one space from the next column ("… tại các xã Trạm Y tế",
# "Ban Chỉ huy Quân Đoàn Thanh niên"): the other lines give each column's left edge.
_COLUMNS = (2, 6, 44, 61, 80)


def _laid_out(*cells: str) -> str:
    line = ""
    for start, cell in zip(_COLUMNS, cells, strict=False):
        if cell:
            assert len(line) < start, (line, cell)  # a cell never runs into the next column
            line = line.ljust(start) + cell
    return line


ONE_SPACE_TABLE = "\n".join(
    [
        "KẾ HOẠCH",
        "Phòng, chống đuối nước trẻ em năm 2026",
        "",
        "I. NHIỆM VỤ",
        "Các đơn vị thực hiện theo phụ lục.",
        "",
        "PHỤ LỤC",
        _laid_out("STT", "      Nội dung nhiệm vụ", "Cơ quan", "Cơ quan", "Thời gian"),
        _laid_out("", "", "chủ trì", "phối hợp", "hoàn thành"),
        "",
        _laid_out(
            "1.", "Dạy bơi an toàn cho trẻ em tại các xã", "Trạm Y tế", "Hội Liên hiệp", "Tháng 7/2026"
        ),
        _laid_out("", "ven sông", "xã", "Phụ nữ xã"),
        "",
        _laid_out(
            "2.", "Rà soát các ao, hồ, sông, suối nguy", "Ban Chỉ huy Quân", "Đoàn Thanh niên", "Quý III/2026"
        ),
        _laid_out("", "hiểm và cắm biển cảnh báo", "sự xã", "xã"),
        "",
        _laid_out(
            "3.", "Tuyên truyền phòng, chống đuối nước ở", "Trường học", "Đoàn Thanh niên", "Tháng 5/2026"
        ),
        _laid_out("", "loa truyền thanh xã"),
        "",
        "II. TỔ CHỨC THỰC HIỆN",
        "Công an xã chủ trì theo dõi.",
    ]
)


def test_a_pdf_table_whose_longest_cells_stand_one_space_from_the_next_column_is_read_whole() -> None:
    tasks = [t for t in parse_plan(ONE_SPACE_TABLE).tasks if t.number.startswith("PL")]
    read = [
        (t.title, [a.text for a in t.lead], [a.text for a in t.cooperating], t.timeframe.text) for t in tasks
    ]
    assert read == [
        (
            "Dạy bơi an toàn cho trẻ em tại các xã ven sông",
            ["Trạm Y tế xã"],
            ["Hội Liên hiệp Phụ nữ xã"],
            "Tháng 7/2026",
        ),
        (
            "Rà soát các ao, hồ, sông, suối nguy hiểm và cắm biển cảnh báo",
            ["Ban Chỉ huy Quân sự xã"],
            ["Đoàn Thanh niên xã"],
            "Quý III/2026",
        ),
        (
            "Tuyên truyền phòng, chống đuối nước ở loa truyền thanh xã",
            ["Trường học"],
            ["Đoàn Thanh niên"],
            "Tháng 5/2026",
        ),
    ]


_ROWS = [
    (
        "Tổ chức tuyên truyền Luật Trẻ em, phòng, chống xâm hại trẻ em trên hệ thống truyền thanh xã",
        "Trạm Y tế xã",
    ),
    ("Tập huấn kỹ năng bảo vệ trẻ em cho cha mẹ, người chăm sóc trẻ tại các thôn", "Hội Liên hiệp Phụ nữ xã"),
    (
        "Rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt, trẻ em có nguy cơ rơi vào hoàn cảnh",
        "Công an xã",
    ),
    (
        "Kiểm tra các điểm kinh doanh dịch vụ trò chơi điện tử, internet gần trường học",
        "Ban Chỉ huy Quân sự xã",
    ),
    ("Dạy bơi an toàn cho trẻ em ở các xã ven sông, ven biển trong dịp hè", "Đoàn Thanh niên xã"),
]


@pytest.mark.parametrize("seed", range(40))
def test_generated_pdf_tables_with_one_space_gutters_are_read_cell_for_cell(seed: int) -> None:
    """Rows whose task text, wrapped to its column, fills it to one space before the next column (the
    lead left-aligned, as a PDF's layout text sets cells that nearly touch), random widths."""
    rng = random.Random(seed)
    width = rng.randint(28, 40)
    lead_at = 6 + width + 1
    deadline_at = lead_at + 24 + rng.randint(2, 4)
    lines = [
        " STT".ljust(10)
        + "Nội dung nhiệm vụ".ljust(lead_at - 10)
        + "Cơ quan chủ trì".ljust(deadline_at - lead_at)
        + "Thời gian",
        "",
    ]
    chosen = rng.sample(_ROWS, rng.randint(2, len(_ROWS)))
    for n, (content, lead) in enumerate(chosen, start=1):
        texts = textwrap.wrap(content, width)
        for k, text in enumerate(texts):
            line = (f"  {n}." if k == 0 else "").ljust(6) + text
            if k == 0:
                line = line.ljust(lead_at) + lead.ljust(deadline_at - lead_at) + "Quý IV/2026"
            lines.append(line.rstrip())
        lines.append("")
    plan = (
        "KẾ HOẠCH\nBảo vệ trẻ em năm 2026\n\nI. NHIỆM VỤ\nCác đơn vị thực hiện theo phụ lục.\n\nPHỤ LỤC\n"
        + "\n".join(lines)
        + "\nII. TỔ CHỨC THỰC HIỆN\nCông an xã chủ trì theo dõi.\n"
    )
    tasks = [t for t in parse_plan(plan).tasks if t.number.startswith("PL")]
    assert [(t.title, [a.text for a in t.lead], t.timeframe.text) for t in tasks] == [
        (content, [lead], "Quý IV/2026") for content, lead in chosen
    ]


def test_a_pdf_table_s_rows_from_ten_on_whose_number_stands_one_space_from_its_text_are_rows() -> None:
    """A number column wide enough for "9." and two spaces: "10." comes out one space from the task."""
    tasks = [f"Tổ chức hoạt động truyền thông số {n} về quyền trẻ em tại các thôn" for n in range(1, 13)]
    lines = [_laid_out("STT", "      Nội dung nhiệm vụ", "Cơ quan chủ trì", "", "Thời gian"), ""]
    for n, text in enumerate(tasks, start=1):
        first, rest = text[:36], text[36:].strip()
        lines += [_laid_out(f"{n}.", first, "Trạm Y tế xã", "", "Quý IV/2026"), _laid_out("", rest), ""]
    plan = (
        "KẾ HOẠCH\nBảo vệ trẻ em năm 2026\n\nI. NHIỆM VỤ\nCác đơn vị thực hiện theo phụ lục.\n\nPHỤ LỤC\n"
        + "\n".join(lines)
        + "\nII. TỔ CHỨC THỰC HIỆN\nCông an xã chủ trì theo dõi.\n"
    )
    assert "  10. Tổ chức" in plan
    rows = [t for t in parse_plan(plan).tasks if t.number.startswith("PL")]
    assert [(t.number, t.title, [a.text for a in t.lead]) for t in rows] == [
        (f"PL.{n}", text, ["Trạm Y tế xã"]) for n, text in enumerate(tasks, start=1)
    ]
