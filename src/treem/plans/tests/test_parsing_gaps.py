"""Gaps of the plan importer closed after the corpus batches (ADR 0026, "Gaps closed"): tasks told in
running prose, OCR letter errors, PDF table rows. The texts are written here, not copied from the
corpus."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.core.text import fold
from treem.plans.parsing import PlanDraft, TaskDraft, parse_plan


def _task(draft: PlanDraft, start: str) -> TaskDraft:
    found = [t for t in draft.tasks if fold(t.title).startswith(fold(start))]
    assert found, [t.title for t in draft.tasks]
    return found[0]


def _names(refs: list) -> list[str]:
    return sorted(r.text for r in refs)


PROSE_POST = (
    "Phường Tân Lộc triển khai Tháng hành động vì trẻ em năm 2026\n\n"
    "Thực hiện kế hoạch của Ủy ban nhân dân thành phố về Tháng hành động vì trẻ em năm 2026, phường Tân "
    "Lộc dự kiến tổ chức lễ phát động tại nhà văn hóa khu phố 3 vào ngày 30/5/2026.\n"
    "Ảnh: Quang cảnh buổi họp\n"
    "Tại buổi họp, Chủ tịch UBND phường giao Văn phòng HĐND và UBND phường chủ trì, phối hợp với Trạm Y "
    "tế phường, Đoàn Thanh niên phường tổ chức truyền thông về phòng, chống đuối nước trước ngày "
    "15/6/2026; Công an phường kiểm tra các điểm kinh doanh trò chơi điện tử gần trường học. Đồng thời, "
    "vận động các doanh nghiệp trên địa bàn ủng hộ Quỹ Bảo trợ trẻ em. Để các em có một mùa hè an toàn, "
    "phường cũng giao các tổ dân phố, các chi hội phụ nữ chủ động nắm tình hình trẻ em nghỉ hè. Duy trì "
    "đường dây nóng tiếp nhận tin báo về trẻ em bị xâm hại.\n"
)


def test_tasks_told_in_sentences_of_one_paragraph_give_each_its_lead_partners_and_deadline() -> None:
    draft = parse_plan(PROSE_POST)
    media = _task(draft, "tổ chức truyền thông về phòng, chống đuối nước")
    assert _names(media.lead) == ["Văn phòng HĐND và UBND phường"]
    assert _names(media.cooperating) == sorted(["Trạm Y tế phường", "Đoàn Thanh niên phường"])
    assert media.timeframe.on == datetime.date(2026, 6, 15)
    police = _task(draft, "kiểm tra các điểm kinh doanh trò chơi")
    assert _names(police.lead) == ["Công an phường"]
    # "Đồng thời, …": the same bodies as the sentence before it
    funds = _task(draft, "vận động các doanh nghiệp")
    assert [r.text for r in funds.lead] == [r.text for r in police.lead]
    # a list of bodies each group of which "các" opens; "chủ động" says how, not what
    watch = _task(draft, "nắm tình hình trẻ em nghỉ hè")
    assert _names(watch.lead) == ["các chi hội phụ nữ", "các tổ dân phố"]
    hotline = _task(draft, "Duy trì đường dây nóng")
    assert hotline.lead == []


def test_a_paragraph_of_aims_told_in_sentences_gives_no_tasks() -> None:
    text = (
        "Huyện Đông Sơn ban hành kế hoạch phòng, chống bạo lực học đường năm 2026\n\n"
        "UBND huyện triển khai kế hoạch nhằm nâng cao nhận thức của học sinh; tăng cường phối hợp giữa "
        "nhà trường và gia đình. Phát hiện sớm các nguy cơ bạo lực. Xây dựng môi trường học đường an "
        "toàn, thân thiện.\n"
    )
    draft = parse_plan(text)
    assert not [t for t in draft.tasks if "nguy cơ bạo lực" in t.title or "môi trường học đường" in t.title]


def test_the_committed_diacritics_word_list_is_what_its_generator_makes() -> None:
    # stale after a rule of the parser adds words: run `manage.py regenerate_diacritics_lexicon`
    from treem.plans.parsing import diacritics

    assert diacritics.LEXICON_FILE.read_text(encoding="utf-8") == diacritics.lexicon_text(
        diacritics.build_lexicon()
    ), "run manage.py regenerate_diacritics_lexicon and commit the word list"


def test_the_importer_reads_the_committed_word_list_not_its_own_source(tmp_path, monkeypatch) -> None:
    from treem.plans.parsing import diacritics

    listed = tmp_path / "lexicon.tsv"
    listed.write_text(diacritics.lexicon_text({"l|zzq": ("zzq", 1), "*|ke hoach": ("kế hoạch", 9)}), "utf-8")
    monkeypatch.setattr(diacritics, "LEXICON_FILE", listed)
    diacritics.lexicon.cache_clear()
    try:
        assert diacritics.restore_marks("ke hoach nam") == "kế hoạch nam"
    finally:
        monkeypatch.undo()
        diacritics.lexicon.cache_clear()
    assert diacritics.restore_marks("ke hoach nam 2026") == "kế hoạch năm 2026"


OCR_SCAN = (
    "UY BAN NHAN DAN HUYEN DONG SON\n"
    "S6: 41/KH-UBND\n"
    "Dong Son, ngay 12 thang 3 nam 2026\n"
    "KE HOACH\n"
    "Phong, ch0ng duoi nuoc cho tre em nam 2026\n"
    "Can cu Quyet dinh s6 23/QD-TTg ngay 07/01/2021 cua Thu tuong Chinh phu;\n"
    "I. MUC TIEU\n"
    "1. Giam t6i thieu 10% s6 tre em bi duoi nuoc so voi nam 2025; 100% xa c6 diem hoc boi.\n"
    "II. NHIEM VU\n"
    "1. Phong Van hoa - Xa hQi chu tri t6 chirc 20 lop day boi 10km quanh ho, phong chong H5N1 va COVID-19,"
    " bao cao ket qua truoc ngay 30/6/2026 theo mau B6; chi tieu QD23-01 va T6/2026.\n"
)


def test_an_ocr_scan_has_its_letters_read_as_digits_put_right_and_its_values_kept() -> None:
    from treem.plans.parsing.ocr import repair_ocr

    fixed, count = repair_ocr(OCR_SCAN)
    assert count >= 5
    assert len(fixed) == len(OCR_SCAN)
    assert "Quyet dinh so 23/QD-TTg" in fixed
    assert "Giam toi thieu 10% so tre em" in fixed and "xa co diem" in fixed and "chOng" not in fixed
    assert "Xa hoi chu tri to chirc" in fixed
    # numbers that are values, codes and units stay as written
    # (a word in capitals may be a code: "S6" is kept as it is)
    for kept in (
        "S6: 41/KH-UBND",
        "20 lop",
        "10km",
        "H5N1",
        "COVID-19",
        "30/6/2026",
        "mau B6",
        "QD23-01",
        "T6/2026",
        "10%",
    ):
        assert kept in fixed, kept
    draft = parse_plan(OCR_SCAN)
    assert any("OCR" in w for w in draft.warnings)
    assert draft.document.date == datetime.date(2026, 3, 12)
    assert [c.number for c in draft.cites] == ["23/QD-TTg"]


def test_a_text_with_a_code_or_two_is_not_taken_for_an_ocr_scan() -> None:
    from treem.plans.parsing.ocr import repair_ocr

    text = "Phòng họp A1 tầng 6; mẫu số B6, biểu m01 và kế hoạch số 12/KH-UBND ngày 3/3/2026 của xã."
    assert repair_ocr(text) == (text, 0)
    assert not any("OCR" in w for w in parse_plan(text).warnings)


def test_a_document_cited_as_a_van_ban_in_running_text_is_a_citation() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ AN HÒA\n\nSố: 15/KH-UBND\n\nAn Hòa, ngày 2 tháng 4 năm 2026\n\nKẾ HOẠCH\n"
        "Phòng, chống xâm hại trẻ em năm 2026\n\n"
        "Thực hiện văn bản số 208/SYT-NVY ngày 20/3/2026 của Sở Y tế về tăng cường phòng, chống xâm hại "
        "trẻ em; Ủy ban nhân dân xã ban hành Kế hoạch như sau:\n\n"
        "I. NHIỆM VỤ\n1. Trạm Y tế xã chủ trì tuyên truyền phòng, chống xâm hại trẻ em.\n"
    )
    cites = parse_plan(text).cites
    assert [(c.number, c.date, c.issuer) for c in cites] == [
        ("208/SYT-NVY", datetime.date(2026, 3, 20), "Sở Y tế")
    ]


# A ward's appendix as pdftotext -layout gives it when the PDF centres each cell vertically: the row's
# number, its agencies and its deadline stand on the middle line of a tall row, the task's text starts
# above them.
CENTRED_ROWS = """\
KẾ HOẠCH
Phòng, chống tai nạn thương tích cho trẻ em năm 2026

I. NHIỆM VỤ
     Các đơn vị thực hiện các nhiệm vụ tại bảng dưới đây.

 STT            Nội dung công việc              Đơn vị chủ trì       Đơn vị phối hợp       Thời hạn

      Khảo sát các điểm nguy cơ đuối nước ở
  1   ao, hồ, kênh mương và lắp biển cảnh       Công an phường       Tổ dân phố            Tháng 5/2026
      báo tại những nơi nguy hiểm

      Mở lớp dạy bơi an toàn cho học sinh
  2   tiểu học trong dịp hè, ưu tiên trẻ em     Trạm Y tế phường     Đoàn Thanh niên       Tháng 7/2026
      có hoàn cảnh khó khăn                                          phường

  3   Tổng kết, báo cáo kết quả thực hiện       Văn phòng HĐND       Các đơn vị liên quan  Trước ngày
                                                và UBND phường                             15/12/2026

II. TỔ CHỨC THỰC HIỆN
     Văn phòng HĐND và UBND phường theo dõi, đôn đốc thực hiện Kế hoạch này.
"""


def test_a_pdf_table_whose_row_numbers_stand_in_the_middle_of_tall_rows_keeps_each_row_whole() -> None:
    tasks = [t for t in parse_plan(CENTRED_ROWS).tasks if t.number.startswith("PL")]
    assert [(t.number, t.title) for t in tasks] == [
        (
            "PL.1",
            "Khảo sát các điểm nguy cơ đuối nước ở ao, hồ, kênh mương và lắp biển cảnh báo tại những nơi "
            "nguy hiểm",
        ),
        (
            "PL.2",
            "Mở lớp dạy bơi an toàn cho học sinh tiểu học trong dịp hè, ưu tiên trẻ em có hoàn cảnh khó khăn",
        ),
        ("PL.3", "Tổng kết, báo cáo kết quả thực hiện"),
    ]
    survey, swimming, report = tasks
    assert [a.text for a in survey.lead] == ["Công an phường"]
    assert [a.text for a in swimming.lead] == ["Trạm Y tế phường"]
    assert [a.text for a in swimming.cooperating] == ["Đoàn Thanh niên phường"]
    assert swimming.timeframe.on == datetime.date(2026, 7, 31)
    assert [a.text for a in report.lead] == ["Văn phòng HĐND và UBND phường"]
    assert report.timeframe.on == datetime.date(2026, 12, 15)


def test_centred_row_numbers_with_no_blank_line_between_rows_take_as_many_lines_below_as_above() -> None:
    packed = CENTRED_ROWS.replace("những nơi nguy hiểm\n\n", "những nơi nguy hiểm\n").replace(
        "phường\n\n  3", "phường\n  3"
    )
    assert packed.count("\n\n") == CENTRED_ROWS.count("\n\n") - 2
    tasks = [t for t in parse_plan(packed).tasks if t.number.startswith("PL")]
    assert [t.title[:30] for t in tasks] == [
        "Khảo sát các điểm nguy cơ đuối",
        "Mở lớp dạy bơi an toàn cho học",
        "Tổng kết, báo cáo kết quả thực",
    ]
    assert [a.text for a in tasks[1].cooperating] == ["Đoàn Thanh niên phường"]
    assert [a.text for a in tasks[2].lead] == ["Văn phòng HĐND và UBND phường"]


# The same kind of appendix without a column of row numbers: each row starts after a blank line.
UNNUMBERED_ROWS = """\
KẾ HOẠCH
Phòng, chống tai nạn thương tích cho trẻ em năm 2026

I. NHIỆM VỤ
     Các đơn vị thực hiện các nhiệm vụ tại bảng dưới đây.

       Nội dung công việc              Đơn vị chủ trì       Đơn vị phối hợp       Thời hạn

 Khảo sát các điểm nguy cơ đuối nước ở  Công an phường       Tổ dân phố            Tháng 5/2026
 ao, hồ, kênh mương và lắp biển cảnh
 báo tại những nơi nguy hiểm

 Mở lớp dạy bơi an toàn cho học sinh    Trạm Y tế phường     Đoàn Thanh niên       Tháng 7/2026
 tiểu học trong dịp hè                                       phường

 Tổng kết, báo cáo kết quả thực hiện    Văn phòng HĐND       Các đơn vị liên quan  Trước ngày
                                        và UBND phường                             15/12/2026

II. TỔ CHỨC THỰC HIỆN
     Văn phòng HĐND và UBND phường theo dõi, đôn đốc thực hiện Kế hoạch này.
"""


def test_a_pdf_table_without_a_number_column_is_read_row_by_row() -> None:
    tasks = [t for t in parse_plan(UNNUMBERED_ROWS).tasks if t.number.startswith("PL")]
    assert [(t.number, t.title) for t in tasks] == [
        (
            "PL.1",
            "Khảo sát các điểm nguy cơ đuối nước ở ao, hồ, kênh mương và lắp biển cảnh báo tại những nơi "
            "nguy hiểm",
        ),
        ("PL.2", "Mở lớp dạy bơi an toàn cho học sinh tiểu học trong dịp hè"),
        ("PL.3", "Tổng kết, báo cáo kết quả thực hiện"),
    ]
    survey, swimming, report = tasks
    assert [a.text for a in survey.lead] == ["Công an phường"]
    assert [a.text for a in swimming.cooperating] == ["Đoàn Thanh niên phường"]
    assert [a.text for a in report.lead] == ["Văn phòng HĐND và UBND phường"]
    assert report.timeframe.on == datetime.date(2026, 12, 15)


def test_a_post_naming_its_plan_for_a_unit_s_territory_gives_that_unit_s_committee_as_issuer() -> None:
    text = (
        "Theo Kế hoạch phòng, chống đuối nước cho trẻ em năm 2026, trên địa bàn phường Tân Lộc sẽ tổ chức "
        "các lớp dạy bơi miễn phí cho học sinh từ ngày 01/6/2026.\n"
        "Ảnh: Một lớp học bơi\n"
    )
    head = parse_plan(text).document
    assert head.issuer == "UBND phường Tân Lộc"
    assert head.title == "phòng, chống đuối nước cho trẻ em năm 2026"


def test_a_known_body_s_task_in_a_paragraph_opens_with_any_verb_and_numbers_follow_the_items() -> None:
    text = (
        "Xã An Hòa triển khai công tác bảo vệ trẻ em năm 2026\n\n"
        "Ủy ban nhân dân xã An Hòa ban hành Kế hoạch bảo vệ trẻ em năm 2026 với các nội dung như sau:\n\n"
        "Chủ tịch UBND xã giao Trạm Y tế xã khám sức khỏe cho trẻ em dưới 6 tuổi; Công an xã kiểm tra "
        "các điểm trò chơi điện tử. Sở Y tế cho biết sẽ hỗ trợ thêm.\n\n"
        "1. Rà soát trẻ em có hoàn cảnh đặc biệt trên địa bàn xã.\n"
        "2. Hỗ trợ trẻ em nghèo vượt khó.\n"
    )
    tasks = parse_plan(text).tasks
    health = _task(tasks_draft := parse_plan(text), "khám sức khỏe cho trẻ em")
    assert _names(health.lead) == ["Trạm Y tế xã"]
    assert not [t for t in tasks_draft.tasks if "cho biết" in t.title or t.title.startswith("cho biết")]
    numbers = [t.number for t in tasks]
    assert len(numbers) == len(set(numbers)), numbers


@pytest.mark.django_db
def test_the_review_page_says_in_vietnamese_that_an_ocr_scan_s_letters_were_put_right(
    world: Any, login: Any, agency_types: Any
) -> None:
    client = login(world.province_a)
    upload = SimpleUploadedFile("ke-hoach-scan.txt", OCR_SCAN.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(response["Location"]).content.decode()
    assert "được nhận dạng từ bản quét (OCR)" in html
    assert "số hiệu" in html  # the warning says numbers and document numbers were kept


def test_a_row_written_in_lower_case_does_not_make_a_table_of_first_line_numbers_centred() -> None:
    text = (
        "KẾ HOẠCH\nPhòng, chống đuối nước cho trẻ em năm 2026\n\nI. NHIỆM VỤ\n"
        "     Các đơn vị thực hiện các nhiệm vụ tại bảng dưới đây.\n\n"
        " STT   Nội dung công việc             Đơn vị chủ trì       Thời hạn\n\n"
        "  1    Khảo sát các điểm nguy cơ      Công an phường       Tháng 5/2026\n"
        "       đuối nước ở ao, hồ\n"
        "  2    xây dựng biển cảnh báo tại     Trạm Y tế phường     Tháng 7/2026\n"
        "       những nơi nguy hiểm\n"
        "  3    Tổng kết, báo cáo kết quả      Văn phòng HĐND       Tháng 12/2026\n"
    )
    tasks = [t for t in parse_plan(text).tasks if t.number.startswith("PL")]
    assert [t.title for t in tasks] == [
        "Khảo sát các điểm nguy cơ đuối nước ở ao, hồ",
        "xây dựng biển cảnh báo tại những nơi nguy hiểm",
        "Tổng kết, báo cáo kết quả",
    ]
