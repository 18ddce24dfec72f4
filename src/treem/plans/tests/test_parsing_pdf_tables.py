"""A task table extracted from a PDF ("pdftotext -layout", or a PDF's text copied): no "|" and no tab,
the cells side by side separated by runs of spaces, each cell's text wrapped over its row's lines, each
row opening with its number in the first column. Read by the columns of its header's words."""

from __future__ import annotations

import datetime
import random
import textwrap

import pytest

from treem.plans.parsing import parse_plan
from treem.plans.parsing.extract import extract_text
from treem.plans.tests.conftest import hand_pdf

# An invented appendix of a commune's plan after the 2025 reform, laid out as pdftotext -layout gives a
# landscape table: the header's words centred and wrapped ("Cơ quan" over "chủ trì"), the task's text
# and the agencies left-aligned and wrapped (a name cut over two lines: "Phòng Văn hóa - Xã" / "hội"),
# the deadline centred, two groups' rows ("I", "II") and, after the page's number and a form feed, the
# header repeated on the next page.
COMMUNE_PLAN = """\
ỦY BAN NHÂN DÂN                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
   XÃ TÂN PHÚ                              Độc lập - Tự do - Hạnh phúc

Số: 45/KH-UBND                           Tân Phú, ngày 12 tháng 3 năm 2026

                                  KẾ HOẠCH
              Bảo vệ, chăm sóc trẻ em trên địa bàn xã năm 2026

I. MỤC ĐÍCH, YÊU CẦU
    Bảo đảm mọi trẻ em trên địa bàn xã được bảo vệ, chăm sóc.

II. NHIỆM VỤ
    Các cơ quan, đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.

III. TỔ CHỨC THỰC HIỆN
    Công an xã chủ trì, phối hợp với Trạm Y tế theo dõi, đôn đốc việc thực hiện Kế hoạch; báo cáo
kết quả về Ủy ban nhân dân xã trước ngày 15/12/2026.

                                                       CHỦ TỊCH


                                                       PHỤ LỤC
                                    PHÂN CÔNG NHIỆM VỤ THỰC HIỆN KẾ HOẠCH
      (Kèm theo Kế hoạch số 45/KH-UBND ngày 12 tháng 3 năm 2026 của Ủy ban nhân dân xã Tân Phú)

 STT             Nội dung nhiệm vụ                   Cơ quan                Cơ quan             Thời gian
                                                     chủ trì                phối hợp            hoàn thành

  I   Truyền thông, nâng cao nhận thức

  1.  Tổ chức tuyên truyền Luật Trẻ em, phòng,  Phòng Văn hóa - Xã  Trạm Y tế; Hội Liên hiệp   Quý II/2026
      chống xâm hại trẻ em trên hệ thống        hội                 Phụ nữ xã; Đoàn Thanh
      truyền thanh xã                                               niên Cộng sản Hồ Chí
                                                                    Minh xã

  2.  Tập huấn kỹ năng bảo vệ trẻ em cho cha    Trạm Y tế           Văn phòng HĐND và UBND     Tháng 6/2026
      mẹ, người chăm sóc trẻ                                        xã

  II  Hỗ trợ, can thiệp

  3.  Rà soát, lập danh sách trẻ em có hoàn     Phòng Văn hóa - Xã  Công an xã, Ban Chỉ huy     Trước ngày
      cảnh đặc biệt, trẻ em có nguy cơ rơi vào  hội                 Quân sự xã                  30/9/2026
      hoàn cảnh đặc biệt

                                                            2
\f STT             Nội dung nhiệm vụ                   Cơ quan                Cơ quan             Thời gian
                                                     chủ trì                phối hợp            hoàn thành

  4.  Kiểm tra các điểm kinh doanh dịch vụ trò  Công an xã          Phòng Văn hóa - Xã hội     Thường xuyên
      chơi điện tử, internet gần trường học                         và Đoàn Thanh niên Cộng
                                                                    sản Hồ Chí Minh xã

"""

# A province's plan whose table stands in its section: the header of one-line cells centred in a row
# of two lines ("TT" and "Nhiệm vụ" on the second), rows numbered without a dot, the co-operating
# agencies a body a line ("Sở Giáo dục và" / "Đào tạo" one of them), a page's number between two rows,
# and a paragraph under the table, its first line indented into the table's columns.
PROVINCE_PLAN = """\
ỦY BAN NHÂN DÂN                               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
  TỈNH AN GIANG                                       Độc lập - Tự do - Hạnh phúc

Số: 88/KH-UBND                                       An Giang, ngày 5 tháng 2 năm 2026

                                        KẾ HOẠCH
                  Thực hiện quyền trẻ em trên địa bàn tỉnh năm 2026

I. MỤC ĐÍCH, YÊU CẦU
      Nâng cao hiệu quả công tác bảo vệ, chăm sóc trẻ em sau khi sắp xếp đơn vị hành chính.

II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN
                                                     Cơ quan               Cơ quan            Thời gian
 TT                   Nhiệm vụ                       chủ trì               phối hợp           thực hiện

 1   Xây dựng và vận hành cơ sở dữ liệu trẻ em  Sở Y tế             Sở Giáo dục và          Năm 2026
     có hoàn cảnh đặc biệt của tỉnh                                 Đào tạo
                                                                    Công an tỉnh
                                                                    Tỉnh đoàn
                                                        3
 2   Kiểm tra việc thực hiện quyền trẻ em tại   Sở Y tế             Sở Nội vụ               Quý IV/2026
     các xã, phường                                                 Sở Văn hóa, Thể thao
                                                                    và Du lịch

      Ủy ban nhân dân các xã, phường chủ động bố trí kinh phí, nhân lực thực hiện các nhiệm vụ được
 giao; báo cáo kết quả về Sở Y tế trước ngày 10/12/2026.

III. TỔ CHỨC THỰC HIỆN
      Sở Y tế chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc thực hiện Kế hoạch này.
"""


def rows(text: str) -> list:
    return [t for t in parse_plan(text).tasks if t.number.startswith("PL")]


def test_a_task_table_laid_out_with_spaces_as_a_pdf_gives_it_is_read_by_its_header_words() -> None:
    tasks = rows(COMMUNE_PLAN)
    assert [(t.number, t.is_heading, t.title) for t in tasks] == [
        ("PL.I", True, "Truyền thông, nâng cao nhận thức"),
        (
            "PL.I.1",
            False,
            "Tổ chức tuyên truyền Luật Trẻ em, phòng, chống xâm hại trẻ em trên hệ thống truyền thanh xã",
        ),
        ("PL.I.2", False, "Tập huấn kỹ năng bảo vệ trẻ em cho cha mẹ, người chăm sóc trẻ"),
        ("PL.II", True, "Hỗ trợ, can thiệp"),
        (
            "PL.II.3",
            False,
            "Rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt, trẻ em có nguy cơ rơi vào hoàn cảnh "
            "đặc biệt",
        ),
        (
            "PL.II.4",
            False,
            "Kiểm tra các điểm kinh doanh dịch vụ trò chơi điện tử, internet gần trường học",
        ),
    ]
    radio, training, _, listing, inspection = tasks[1:]
    assert [(a.text, a.type_code) for a in radio.lead] == [("Phòng Văn hóa - Xã hội", "phong_van_hoa_xa_hoi")]
    assert [(a.text, a.type_code) for a in radio.cooperating] == [
        ("Trạm Y tế", "tram_y_te"),
        ("Hội Liên hiệp Phụ nữ xã", "hoi_phu_nu"),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "doan_thanh_nien"),
    ]
    assert radio.timeframe.on == datetime.date(2026, 6, 30)
    assert [a.type_code for a in training.cooperating] == ["van_phong_ubnd"]
    assert training.timeframe.on == datetime.date(2026, 6, 30)
    assert [a.type_code for a in listing.cooperating] == ["cong_an_xa", "ban_chi_huy_quan_su"]
    assert listing.timeframe.on == datetime.date(2026, 9, 30)
    # the row after the page break, under the repeated header
    assert [a.text for a in inspection.lead] == ["Công an xã"]
    assert [a.type_code for a in inspection.cooperating] == ["phong_van_hoa_xa_hoi", "doan_thanh_nien"]
    assert inspection.timeframe.kind == "ongoing"
    assert (radio.lines.start, radio.lines.end) == (31, 34)  # 1-based, the row's four lines


def test_a_pdf_table_with_its_header_centred_on_two_lines_ends_before_the_prose_under_it() -> None:
    draft = parse_plan(PROVINCE_PLAN)
    tasks = [t for t in draft.tasks if t.number.startswith("PL")]
    assert [(t.number, t.title) for t in tasks] == [
        ("PL.1", "Xây dựng và vận hành cơ sở dữ liệu trẻ em có hoàn cảnh đặc biệt của tỉnh"),
        ("PL.2", "Kiểm tra việc thực hiện quyền trẻ em tại các xã, phường"),
    ]
    database, inspection = tasks
    assert [a.type_code for a in database.lead] == ["so_y_te"]
    assert [(a.text, a.type_code) for a in database.cooperating] == [
        ("Sở Giáo dục và Đào tạo", "so_gddt"),
        ("Công an tỉnh", "cong_an_tinh"),
        ("Tỉnh đoàn", "doan_thanh_nien"),
    ]
    assert (database.timeframe.kind, database.timeframe.end_year) == ("period", 2026)
    assert [(a.text, a.type_code) for a in inspection.cooperating] == [
        ("Sở Nội vụ", "so_noi_vu"),
        ("Sở Văn hóa, Thể thao và Du lịch", "so_vhttdl"),
    ]
    assert inspection.timeframe.on == datetime.date(2026, 12, 31)
    # the paragraph under the table is the section's own text, not the last row's
    paragraph = next(t for t in draft.tasks if t.title.startswith("Ủy ban nhân dân các xã, phường chủ động"))
    assert paragraph.number == "II.1"
    assert [a.type_code for a in paragraph.lead] == ["ubnd"]


def test_columns_in_prose_or_a_header_without_numbered_rows_are_no_table() -> None:
    # the issuer and motto side by side, a signature block and a header row not followed by a numbered row
    text = (
        "ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "   XÃ TÂN PHÚ                       Độc lập - Tự do - Hạnh phúc\n\n"
        "KẾ HOẠCH\nPhòng, chống đuối nước trẻ em năm 2026\n\n"
        "I. NHIỆM VỤ\n"
        "STT     Nội dung        Đơn vị chủ trì        Thời gian\n"
        "Các nội dung trên do các đơn vị thực hiện trong năm 2026.\n\n"
        "Nơi nhận:                                      CHỦ TỊCH\n"
        "- Như trên;                                   Nguyễn Văn A\n"
    )
    assert not [t for t in parse_plan(text).tasks if t.number.startswith("PL")]


# A table copied without blank lines, under the sentence that announces it: a group's row lettered "A"
# whose title runs across the merged cells, columns of no use here ("Sản phẩm", "Ghi chú"), a row with
# no partner and no deadline, and the next section right under the last row.
GROUPED_PLAN = """\
KẾ HOẠCH
Phòng, chống xâm hại trẻ em năm 2026

I. NHIỆM VỤ
Các đơn vị thực hiện theo bảng dưới đây.
STT  Nội dung công việc                 Đơn vị chủ trì     Đơn vị phối hợp        Sản phẩm           Ghi chú
A    CÁC NHIỆM VỤ TRUYỀN THÔNG, GIÁO DỤC KỸ NĂNG CHO TRẺ EM VÀ CHA MẸ TRÊN ĐỊA BÀN XÃ
1    Tuyên truyền trên loa truyền       Phòng Văn hóa -    Hội Liên hiệp Phụ      Tin bài
     thanh                              Xã hội             nữ xã
2    Tổ chức diễn đàn trẻ em            Đoàn Thanh niên    Trường THCS            Báo cáo            Tháng 5
3    Tập huấn cho cộng tác viên         Trạm Y tế                                 Danh sách
II. TỔ CHỨC THỰC HIỆN
1. Công an xã chủ trì, phối hợp với Trạm Y tế theo dõi việc thực hiện.
"""


def test_a_pdf_table_with_a_merged_group_row_and_extra_columns_is_read_by_its_header_words() -> None:
    draft = parse_plan(GROUPED_PLAN)
    tasks = [t for t in draft.tasks if t.number.startswith("PL")]
    assert [(t.number, t.is_heading, t.title) for t in tasks] == [
        ("PL.A", True, "CÁC NHIỆM VỤ TRUYỀN THÔNG, GIÁO DỤC KỸ NĂNG CHO TRẺ EM VÀ CHA MẸ TRÊN ĐỊA BÀN XÃ"),
        ("PL.A.1", False, "Tuyên truyền trên loa truyền thanh"),
        ("PL.A.2", False, "Tổ chức diễn đàn trẻ em"),
        ("PL.A.3", False, "Tập huấn cho cộng tác viên"),
    ]
    radio, forum, training = tasks[1:]
    assert [(a.text, a.type_code) for a in radio.lead] == [("Phòng Văn hóa - Xã hội", "phong_van_hoa_xa_hoi")]
    assert [(a.text, a.type_code) for a in radio.cooperating] == [("Hội Liên hiệp Phụ nữ xã", "hoi_phu_nu")]
    assert [a.type_code for a in forum.lead] == ["doan_thanh_nien"]
    assert [(a.text, a.type_code) for a in forum.cooperating] == [("Trường THCS", "truong_thcs")]
    assert forum.timeframe.text == ""  # "Tháng 5" stands under "Ghi chú", which is no deadline column
    assert [a.type_code for a in training.lead] == ["tram_y_te"] and training.cooperating == []
    # the section under the table is read as before
    follow = next(t for t in draft.tasks if t.number == "II.1")
    assert [a.type_code for a in follow.lead] == ["cong_an_xa"]


# -- tables generated as a PDF's layout would set them: widths, gutters and alignments varied ----------

_GENERATED_ROWS = [
    (
        "Tổ chức tuyên truyền Luật Trẻ em, phòng, chống xâm hại trẻ em trên hệ thống truyền thanh xã",
        ["Phòng Văn hóa - Xã hội"],
        ["Trạm Y tế", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã"],
        "Quý II/2026",
    ),
    (
        "Tập huấn kỹ năng bảo vệ trẻ em cho cha mẹ, người chăm sóc trẻ",
        ["Trạm Y tế"],
        ["Văn phòng HĐND và UBND xã"],
        "Tháng 6/2026",
    ),
    (
        "Rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt",
        ["Phòng Văn hóa - Xã hội"],
        ["Công an xã", "Ban Chỉ huy Quân sự xã"],
        "Trước ngày 30/9/2026",
    ),
    (
        "Kiểm tra các điểm kinh doanh dịch vụ trò chơi điện tử, internet gần trường học",
        ["Công an xã"],
        [],
        "Thường xuyên",
    ),
    (
        "Xây dựng cơ sở dữ liệu trẻ em có hoàn cảnh đặc biệt của tỉnh",
        ["Sở Y tế"],
        ["Sở Giáo dục và Đào tạo", "Tỉnh đoàn", "Sở Văn hóa, Thể thao và Du lịch"],
        "Năm 2026",
    ),
    ("Hỗ trợ trẻ em bị xâm hại", ["Sở Nội vụ", "Sở Y tế"], ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], ""),
]
_HEADER = [
    ["STT"],
    ["Nội dung nhiệm vụ"],
    ["Cơ quan", "chủ trì"],
    ["Cơ quan", "phối hợp"],
    ["Thời gian", "hoàn thành"],
]


def _generated_table(rng: random.Random) -> tuple[str, list[tuple[str, list[str], list[str], str]]]:
    """A table set as a PDF sets it: random column widths and gutters (two to four spaces), the header
    centred on one or two lines (its one-line cells at the top or in the middle), the agencies and the
    deadline left-aligned or centred, the agencies joined by ", ", "; " or a body a line, blank lines
    between rows or none, a group's row, a page break with the page's number and the header repeated,
    and a paragraph under the table, indented or not."""
    widths = [
        rng.randint(3, 5),
        rng.randint(28, 44),
        rng.randint(14, 22),
        rng.randint(18, 28),
        rng.randint(11, 14),
    ]
    columns, x = [], rng.randint(0, 2)
    for width in widths:
        columns.append((x, x + width))
        x += width + rng.randint(2, 4)
    align = ["c", "l", rng.choice("lc"), rng.choice("lc"), rng.choice("lc")]
    joiner = rng.choice(["; ", ", ", "\n"])

    def place(cells: list[list[str]], centre: bool = False, middle: bool = False) -> list[str]:
        height = max(len(c) for c in cells)
        out = []
        for i in range(height):
            line = ""
            for (a, b), how, cell in zip(columns, align, cells, strict=True):
                k = i - ((height - len(cell)) // 2 if middle else 0)
                if 0 <= k < len(cell):
                    line = line.ljust(a) + (
                        cell[k].center(b - a).rstrip() if how == "c" or centre else cell[k]
                    )
            out.append(line.rstrip())
        return out

    def wrap(text: str, width: int) -> list[str]:
        return [piece for part in text.split("\n") if part for piece in textwrap.wrap(part, width)]

    header = [
        [" ".join(h)] if rng.random() < 0.5 and len(" ".join(h)) <= w else h
        for h, w in zip(_HEADER, widths, strict=True)
    ]
    header_lines = place(
        [wrap("\n".join(h), w) for h, w in zip(header, widths, strict=True)], True, rng.random() < 0.5
    )
    blank = [""] if rng.random() < 0.5 else []
    lines = header_lines + blank
    if rng.random() < 0.5:
        lines += place([["I"], ["Truyền thông, can thiệp và hỗ trợ trẻ em"], [], [], []]) + blank
    chosen = rng.sample(_GENERATED_ROWS, rng.randint(2, len(_GENERATED_ROWS)))
    page_break = rng.randint(2, len(chosen)) if rng.random() < 0.5 else 0
    for n, (content, lead, cooperating, deadline) in enumerate(chosen, start=1):
        if n == page_break:
            lines += ["", " " * 50 + "2", "\f" + header_lines[0], *header_lines[1:], *blank]
        number = f"{n}." if rng.random() < 0.5 else str(n)
        texts = [number, content, ", ".join(lead), joiner.join(cooperating), deadline]
        lines += place([wrap(t, w) for t, w in zip(texts, widths, strict=True)]) + blank
    if rng.random() < 0.7:
        prose = (
            "Ủy ban nhân dân các xã, phường chủ động bố trí kinh phí, nhân lực thực hiện các nhiệm vụ "
            "được giao; báo cáo kết quả về Sở Y tế trước ngày 10/12/2026 để tổng hợp, báo cáo Ủy ban "
            "nhân dân tỉnh."
        )
        lines += [""] * rng.randint(0, 1) + textwrap.wrap(prose, 95, initial_indent=" " * rng.randint(0, 8))
    return "\n".join(lines), chosen


@pytest.mark.parametrize("seed", range(60))
def test_generated_pdf_tables_of_varied_widths_and_alignments_are_read_cell_for_cell(seed: int) -> None:
    table, chosen = _generated_table(random.Random(seed))
    plan = (
        "KẾ HOẠCH\nBảo vệ trẻ em năm 2026\n\nI. NHIỆM VỤ\nCác đơn vị thực hiện theo phụ lục.\n\nPHỤ LỤC\n"
        + table
        + "\n\nII. TỔ CHỨC THỰC HIỆN\nCông an xã chủ trì theo dõi.\n"
    )
    tasks = [t for t in parse_plan(plan).tasks if t.number.startswith("PL") and not t.is_heading]
    read = [
        (t.body, [a.text for a in t.lead], [a.text for a in t.cooperating], t.timeframe.text) for t in tasks
    ]
    assert read == chosen, table


# -- an uploaded PDF ----------------------------------------------------------------------------------


def _pdf_of_runs(runs: list[tuple[int, int, str]]) -> bytes:
    """A landscape one-page PDF whose text runs stand at (x, y), in the order given (a word processor
    writes a table cell by cell), with Helvetica (ASCII only), written by hand."""
    content = "BT /F1 10 Tf " + " ".join(f"1 0 0 1 {x} {y} Tm ({t}) Tj" for x, y, t in runs) + " ET"
    return hand_pdf(content, width=842, height=595)


def test_an_uploaded_pdf_s_task_table_is_read_in_its_columns() -> None:
    # The plain text of a PDF gives a table's cells one after another ("Co quan\nchu tri\nCo quan\n…"):
    # a PDF that holds a task table is taken laid out as on its page, and its rows read in their columns.
    # (Words without diacritics: the hand-written PDF has only Helvetica's Latin-1 letters.)
    runs = [
        (40, 560, "KE HOACH"),
        (40, 545, "Bao ve tre em nam 2026"),
        (40, 525, "I. NHIEM VU"),
        (40, 510, "Cac don vi thuc hien theo bang sau."),
    ]
    columns = [40, 80, 330, 460, 640]
    header = [["STT"], ["Noi dung nhiem vu"], ["Co quan", "chu tri"], ["Co quan", "phoi hop"], ["Thoi gian"]]
    first = [
        ["1."],
        ["To chuc tuyen truyen Luat Tre em tren", "he thong truyen thanh xa"],
        ["Phong Van hoa - Xa", "hoi"],
        ["Tram Y te", "Hoi Lien hiep Phu nu xa"],
        ["Quy II/2026"],
    ]
    rows = [
        first,
        [["2."], ["Tap huan ky nang bao ve tre em"], ["Tram Y te"], ["Cong an xa"], ["Thang 6/2026"]],
    ]
    y = 480
    for cells in [header, *rows]:
        for x, cell in zip(columns, cells, strict=True):
            runs += [(x, y - 12 * k, text) for k, text in enumerate(cell)]
        y -= 12 * max(len(c) for c in cells) + 10
    runs += [(40, y - 20, "II. TO CHUC THUC HIEN"), (40, y - 35, "Cong an xa chu tri theo doi.")]

    draft = parse_plan(extract_text("plan.pdf", _pdf_of_runs(runs)))
    tasks = [t for t in draft.tasks if t.number.startswith("PL")]
    read = [(t.title, [a.type_code for a in t.lead], [a.type_code for a in t.cooperating]) for t in tasks]
    assert read == [
        (
            "To chuc tuyen truyen Luat Tre em tren he thong truyen thanh xa",
            ["phong_van_hoa_xa_hoi"],
            ["tram_y_te", "hoi_phu_nu"],
        ),
        ("Tap huan ky nang bao ve tre em", ["tram_y_te"], ["cong_an_xa"]),
    ]
    assert [t.timeframe.text for t in tasks] == ["Quy II/2026", "Thang 6/2026"]
    assert [a.type_code for a in next(t for t in draft.tasks if t.number == "II.1").lead] == ["cong_an_xa"]
