"""Gaps of the plan importer closed after the corpus batches (ADR 0026, "Gaps closed"): tasks told in
running prose, OCR letter errors, PDF table rows. The texts are written here, not copied from the
corpus."""

from __future__ import annotations

import datetime

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
