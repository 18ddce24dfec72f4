"""What a careful reader finds in each of the five seed plans (real documents for Chỉ thị 28-CT/TW)."""

from __future__ import annotations

import datetime
import json
import textwrap
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from treem.plans.parsing import PlanDraft, TaskDraft, parse_plan

FIXTURES = Path(__file__).resolve().parents[4] / "data" / "plans"  # the seed texts (data/plans/README.md)


@cache
def seed(name: str) -> PlanDraft:
    return parse_plan((FIXTURES / name).read_text(encoding="utf-8"))


def task(draft: PlanDraft, number: str) -> TaskDraft:
    return next(t for t in draft.tasks if t.number == number)


def codes(refs: list) -> list[str | None]:
    return [r.type_code for r in refs]


# -- seed 000: Tân Bình district plan (no number, no date in the converted text) ---------------------


def test_tan_binh_header_and_citations() -> None:
    draft = seed("000_tan_binh_ke_hoach_ct33.txt")
    head = draft.document
    assert head.doc_type == "ke_hoach"
    assert head.number == ""
    assert head.date is None
    assert head.issuer == "Ủy ban nhân dân quận Tân Bình"
    assert head.title.startswith("Thực hiện Chỉ thị số 33-CT/TU ngày 26 tháng 4 năm 2024")
    numbers = [c.number for c in draft.cites]
    assert set(numbers) == {"28-CT/TW", "33-CT/TU", "3597/KH-UBND", "253-KH/QU"}
    ct28 = next(c for c in draft.cites if c.number == "28-CT/TW")
    assert ct28.doc_type == "chi_thi"
    assert ct28.date == datetime.date(2023, 12, 25)
    assert ct28.issuer == "Bộ Chính trị"
    kh253 = next(c for c in draft.cites if c.number == "253-KH/QU")
    assert kh253.date == datetime.date(2024, 6, 10)
    assert kh253.issuer == "Quận ủy Tân Bình"


def test_tan_binh_six_tasks_with_fields() -> None:
    draft = seed("000_tan_binh_ke_hoach_ct33.txt")
    section = [t for t in draft.tasks if t.number.startswith("II.")]
    assert [t.number for t in section] == [f"II.{n}" for n in range(1, 7)]
    assert not any(t.is_heading for t in section)
    assert task(draft, "II").is_heading

    t1 = task(draft, "II.1")
    assert codes(t1.lead) == ["phong_ldtbxh_cu"]
    assert [a.text for a in t1.cooperating] == ["Các ban ngành, đoàn thể quận"]
    assert (t1.timeframe.kind, t1.timeframe.start_year, t1.timeframe.end_year) == ("yearly", 2021, 2030)

    t2 = task(draft, "II.2")
    assert codes(t2.lead) == ["cong_an_huyen_cu", "phong_ldtbxh_cu"]
    assert codes(t2.cooperating) == ["phong_gddt_cu", "phong_y_te_cu", "chi_cuc_thong_ke", "ubnd"]
    assert t2.cooperating[-1].level == "commune"
    assert t2.timeframe.kind == "yearly"

    t3 = task(draft, "II.3")
    assert codes(t3.lead) == ["phong_ldtbxh_cu"]
    assert codes(t3.cooperating) == ["cac_so_nganh", "ubnd"]
    assert t3.timeframe.kind == "yearly"  # "Thường xuyên, hằng năm"

    t4 = task(draft, "II.4")
    assert codes(t4.lead) == ["phong_y_te_cu", "bhxh"]
    assert t4.lead[1].level == "district"
    assert codes(t4.cooperating) == [
        "phong_gddt_cu", "trung_tam_y_te", "benh_vien", "phong_ldtbxh_cu", "cac_so_nganh", "ubnd",
    ]  # fmt: skip
    assert (t4.timeframe.start_year, t4.timeframe.end_year) == (2023, 2030)

    t5 = task(draft, "II.5")
    assert codes(t5.lead) == ["phong_vhtt_cu", "trung_tam_vhtt"]
    assert codes(t5.cooperating) == ["phong_ldtbxh_cu", "phong_gddt_cu", "cac_so_nganh", "ubnd"]

    t6 = task(draft, "II.6")
    assert codes(t6.lead) == ["phong_gddt_cu"]
    assert codes(t6.cooperating) == ["cac_so_nganh", "ubnd"]
    assert t6.timeframe.kind == "yearly"
    assert t6.lines.start == 98 and t6.lines.end == 104
    assert draft.lines[97].startswith("6. Tăng cường phối hợp")


def test_tan_binh_responsibility_section_and_deadline() -> None:
    draft = seed("000_tan_binh_ke_hoach_ct33.txt")
    responsibility = {t.number: codes(t.lead) for t in draft.tasks if t.number.startswith("IV.")}
    assert responsibility == {
        "IV.1": ["phong_ldtbxh_cu"],
        "IV.2": ["cac_so_nganh"],
        "IV.3": ["phong_tckh_cu"],
        "IV.4": ["ubmttq", "cac_doan_the"],
        "IV.5": ["ubnd"],
    }
    assert len(draft.deadlines) == 1
    deadline = draft.deadlines[0]
    assert (deadline.periodicity, deadline.day, deadline.month) == ("yearly", 5, 12)
    assert deadline.recipient == "Ủy ban nhân dân quận"
    assert draft.unmatched_agencies == []
    assert draft.targets == []
    assert len(draft.purposes) == 4


# -- seed 001: Long Khánh 306/KH-UBND -------------------------------------------------------------


def test_long_khanh() -> None:
    draft = seed("001_long_khanh_306_kh_ubnd.txt")
    head = draft.document
    assert (head.doc_type, head.number, head.date) == ("ke_hoach", "306/KH-UBND", datetime.date(2024, 2, 28))
    assert head.place == "Long Khánh"
    assert head.issuer == "UBND thành phố Long Khánh"
    assert head.title.startswith("Tổ chức thực hiện công tác bảo vệ, chăm sóc trẻ em")
    assert [c.number for c in draft.cites] == ["115/NQ-HĐND", "857/KH-UBND"]
    # Section II numbers its items 1, 3, 4, … 14 (no 2): kept as written.
    items = [t.number for t in draft.tasks if t.number.startswith("II.")]
    assert items == ["II.1"] + [f"II.{n}" for n in range(3, 15)]
    # The second "IV." (TỔ CHỨC THỰC HIỆN) is renumbered V with a warning.
    assert any("trùng số thứ tự" in w for w in draft.warnings)
    assert codes(task(draft, "V.1").lead) == ["phong_ldtbxh_cu"]
    assert codes(task(draft, "V.2").lead) == ["ubnd"]
    assert task(draft, "V.2").lead[0].level == "commune"
    assert sorted(d.periodicity for d in draft.deadlines) == ["half_yearly", "quarterly", "yearly"]
    assert all(d.day == 0 and d.recipient == "Sở Lao động - Thương binh và Xã hội" for d in draft.deadlines)
    assert draft.unmatched_agencies == []


# -- seed 002: Quảng Nam province plan ------------------------------------------------------------


def test_quang_nam() -> None:
    draft = seed("002_quang_nam_ke_hoach_ct28.txt")
    head = draft.document
    assert (head.doc_type, head.number, head.date, head.issuer) == ("ke_hoach", "", None, "UBND tỉnh")
    assert head.title.startswith("Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị")
    assert [c.number for c in draft.cites] == ["28-CT/TW", "1183/QĐ-TTg", "41-CT/TU"]
    assert next(c for c in draft.cites if c.number == "41-CT/TU").date == datetime.date(2023, 9, 6)
    # Section II: 8 headings with lettered tasks a), b), …
    headings = [t.number for t in draft.tasks if t.number.count(".") == 1 and t.number.startswith("II.")]
    assert headings == [f"II.{n}" for n in range(1, 9)]
    assert all(task(draft, n).is_heading for n in headings)
    assert [t.number for t in draft.tasks if t.number.startswith("II.5.")] == [
        "II.5.a",
        "II.5.b",
        "II.5.c",
        "II.5.d",
    ]
    # A lettered item continued after a page break keeps its lines.
    assert task(draft, "II.2.b").lines.start == 45 and task(draft, "II.2.b").lines.end == 47
    # Section IV: 14 responsibility items, each led by its agency; sub-items inherit the lead.
    items = [t for t in draft.tasks if t.number.count(".") == 1 and t.number.startswith("IV.")]
    assert len(items) == 14
    assert codes(task(draft, "IV.1").lead) == ["so_noi_vu"]
    assert codes(task(draft, "IV.1.a").lead) == ["so_noi_vu"]
    assert codes(task(draft, "IV.1.a").cooperating) == ["cac_co_quan_lien_quan", "ubnd"]
    assert codes(task(draft, "IV.6").lead) == ["so_tttt_cu"]
    assert codes(task(draft, "IV.8").lead) == ["so_khdt_cu"]
    assert codes(task(draft, "IV.11").lead) == ["vien_kiem_sat", "toa_an"]
    assert codes(task(draft, "IV.12").lead) == ["dai_phat_thanh_truyen_hinh", "co_quan_bao_chi"]
    assert codes(task(draft, "IV.13").lead) == [
        "ubmttq", "hoi_phu_nu", "hoi_nong_dan", "doan_thanh_nien", "lien_doan_lao_dong",
        "hoi_cuu_chien_binh", "hoi_chu_thap_do", "cac_doan_the",
    ]  # fmt: skip
    assert task(draft, "IV.14").lead[0].level == "district"
    assert draft.deadlines == []  # "định kỳ tổng hợp báo cáo" names no period
    assert draft.unmatched_agencies == []


# -- seed 003: HCMC Quyết định 4063/QĐ-UBND with its attached Kế hoạch ----------------------------

QD4063_VALUES = {  # label: (indicator, 2025, 2030)
    "Chỉ tiêu 1": ("QD23-01", "65", "75"),
    "Chỉ tiêu 2": ("QD23-02", "90", "95"),
    "Chỉ tiêu 3a": ("QD23-03a", "7.0", "6.0"),
    "Chỉ tiêu 3b": ("QD23-03b", "8.05", "7.0"),
    "Chỉ tiêu 3c": ("QD23-03c", "9.0", "8.0"),
    "Chỉ tiêu 4a": ("QD23-04a", "4.5", "4.5"),
    "Chỉ tiêu 4b": ("QD23-04b", "6.5", "6.2"),
    "Chỉ tiêu 4c": ("QD23-04c", "12", "12"),
    "Chỉ tiêu 5a": ("QD23-05", "95", "95"),
    "Chỉ tiêu 5b": ("QD23-05b", "95", "95"),
    "Chỉ tiêu 7": ("QD23-07", "100", "100"),
    "Chỉ tiêu 8a": ("QD23-08a", "3.5", "3"),
    "Chỉ tiêu 8b": ("QD23-08b", "90", "95"),
    "Chỉ tiêu 9a": ("QD23-09", "4.5", "4"),
    "Chỉ tiêu 10": ("QD23-10", "4.9", "4.5"),
    "Chỉ tiêu 11a": ("QD23-11a", "550", "500"),
    "Chỉ tiêu 11b": ("QD23-11b", "16", "15"),
    "Chỉ tiêu 15": ("QD23-15", "99.1", "99.3"),
    "Chỉ tiêu 16": ("QD23-16", "99.1", "99.3"),
    "Chỉ tiêu 17a": ("QD23-17a", "97", "99"),
    "Chỉ tiêu 17b": ("QD23-17b", "0.12", "0.1"),
    "Chỉ tiêu 18a": ("QD23-18a", "88", "93"),
    "Chỉ tiêu 18b": ("QD23-18b", "0.14", "0.05"),
    "Chỉ tiêu 20a": ("QD23-20a", "55", "60"),
    "Chỉ tiêu 20b": ("QD23-20b", "80", "90"),
    "Chỉ tiêu 21": ("QD23-21", "40", "45"),
    "Chỉ tiêu 22": ("QD23-22", "30", "35"),
    "Chỉ tiêu 23": ("QD23-23", "85", "90"),
    "Chỉ tiêu 24": ("QD23-24", "30", "35"),
}


def test_hcmc_header_is_the_decision() -> None:
    draft = seed("003_hcmc_4063_qd_ubnd.txt")
    head = draft.document
    assert head.doc_type == "quyet_dinh"
    assert head.number == "4063/QĐ-UBND"
    assert head.date == datetime.date(2022, 11, 25)
    assert head.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    assert head.place == "Thành phố Hồ Chí Minh"
    assert head.title.startswith("Về ban hành Kế hoạch triển khai thực hiện Chương trình hành động vì trẻ em")
    numbers = [c.number for c in draft.cites]
    assert numbers == [
        "", "", "", "121/2020/QH14", "56/2017/NĐ-CP", "80/2017/NĐ-CP", "20/2021/NĐ-CP", "1437/QĐ-TTg",
        "1438/QĐ-TTg", "06/QĐ-TTg", "1863/QĐ-TTg", "1472/QĐ-TTg", "23/QĐ-TTg", "782/QĐ-TTg", "830/QĐ-TTg",
    ]  # fmt: skip
    laws = [c for c in draft.cites if c.doc_type == "luat"]
    assert [(c.title, c.date) for c in laws] == [
        ("Luật Tổ chức chính quyền địa phương", datetime.date(2015, 6, 19)),
        # the amending law is cited in its own right; the laws it amends are part of its name
        (
            "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
            "phương",
            datetime.date(2019, 11, 22),
        ),
        ("Luật Trẻ em", datetime.date(2016, 4, 5)),
    ]


def test_hcmc_24_chi_tieu() -> None:
    draft = seed("003_hcmc_4063_qd_ubnd.txt")
    chi_tieu = [t for t in draft.targets if t.label.startswith("Chỉ tiêu")]
    bases = {t.label.rstrip("abc") for t in chi_tieu}
    assert bases == {f"Chỉ tiêu {n}" for n in range(1, 25)}
    by_label = {t.label: t for t in chi_tieu}
    for label, (indicator, v2025, v2030) in QD4063_VALUES.items():
        target = by_label[label]
        assert target.indicator == indicator, label
        assert target.values["2025"] == Decimal(v2025), label
        assert target.values["2030"] == Decimal(v2030), label
        assert target.lead, label
    assert (by_label["Chỉ tiêu 3a"].comparator, by_label["Chỉ tiêu 3a"].unit) == (
        "lt",
        "per_1000_live_births",
    )
    assert by_label["Chỉ tiêu 3a"].direction == "lower"
    assert by_label["Chỉ tiêu 3b"].comparator == "le"
    assert by_label["Chỉ tiêu 5a"].comparator == "gt"
    assert by_label["Chỉ tiêu 11a"].unit == "per_100000_children"
    assert by_label["Chỉ tiêu 6"].values == {"2030": Decimal("2")}
    assert by_label["Chỉ tiêu 19"].values == {"2025": Decimal("95")}
    relative = by_label["Chỉ tiêu 9b"]
    assert (relative.direction, relative.unit, relative.indicator) == ("lower", "percent_change", None)
    assert relative.values == {"2025": Decimal("5"), "2030": Decimal("7")}
    assert by_label["Chỉ tiêu 13"].values == {"yearly": Decimal("2")}
    assert by_label["Chỉ tiêu 14"].values["2030"] == Decimal("100")
    # Leads come from the "Trách nhiệm thực hiện" sentences of each Mục tiêu.
    lead = {t.label: codes(t.lead) for t in chi_tieu}
    assert lead["Chỉ tiêu 1"] == ["so_noi_vu"]
    assert lead["Chỉ tiêu 3b"] == ["so_y_te"]
    assert lead["Chỉ tiêu 7"] == ["so_gddt"]
    assert lead["Chỉ tiêu 9a"] == ["cong_an_tinh"]
    assert lead["Chỉ tiêu 13"] == ["so_vhttdl"]
    assert lead["Chỉ tiêu 14"] == ["so_tu_phap"]
    assert lead["Chỉ tiêu 21"] == ["so_vhttdl"]
    assert lead["Chỉ tiêu 24"] == ["so_noi_vu"]


def test_hcmc_tasks_criteria_and_deadlines() -> None:
    draft = seed("003_hcmc_4063_qd_ubnd.txt")
    sentence = task(draft, "III.1.1.b.2")
    assert codes(sentence.lead) == ["so_y_te"]
    assert codes(sentence.cooperating) == ["cac_so_nganh"]
    assert sentence.indicator_refs == ["Chỉ tiêu 3", "Chỉ tiêu 4", "Chỉ tiêu 5", "Chỉ tiêu 6"]
    # "Sở Giáo dục và Đào tạo chủ trì triển khai: (i) … (ii) … (iii) …"
    listed = task(draft, "III.2.1.b.2")
    assert listed.is_heading and codes(listed.lead) == ["so_gddt"]
    assert [t.number for t in draft.tasks if t.number.startswith("III.2.1.b.2.")] == [
        "III.2.1.b.2.i", "III.2.1.b.2.ii", "III.2.1.b.2.iii",
    ]  # fmt: skip
    assert codes(task(draft, "III.2.1.b.2.ii").lead) == ["so_gddt"]
    # Targets sections are not tasks; the decision's articles are not tasks either.
    assert not any(t.number.startswith(("I.", "II.", "IV.")) for t in draft.tasks)
    assert codes(task(draft, "V.2.7").lead) == ["lien_doan_lao_dong"]
    assert codes(task(draft, "V.2.8").lead) == ["ban_tuyen_giao", "ban_dan_van"]
    assert codes(task(draft, "V.2.10").lead) == ["so_dan_toc_ton_giao"]

    assert [c.number for c in draft.criteria] == [str(n) for n in range(1, 14)]
    assert draft.criteria[0].text == "Nguồn lực thực hiện quyên trẻ em"
    assert draft.criteria[12].text.startswith("Mức độ hài lòng")

    assert [(d.periodicity, d.day, d.month) for d in draft.deadlines] == [
        ("half_yearly", 10, 6),
        ("yearly", 10, 11),
    ]
    assert draft.deadlines[0].recipient == "Sở Lao động - Thương binh và Xã hội"
    assert draft.unmatched_agencies == []


def test_hcmc_group_targets_are_labelled_and_conservative() -> None:
    draft = seed("003_hcmc_4063_qd_ubnd.txt")
    others = [t for t in draft.targets if t.label.startswith("Mục tiêu")]
    assert others
    drowning = next(t for t in others if "đuối nước vào năm 2025" in t.text)
    assert drowning.unit == "percent_change"
    assert drowning.values == {"2025": Decimal("10"), "2030": Decimal("20")}
    schools = next(t for t in others if t.text.startswith("5.000 trường học"))
    assert schools.unit == "count" and schools.values == {"2025": Decimal("5000"), "2030": Decimal("6000")}
    # Matches outside the numbered chỉ tiêu are only made when the wording is the indicator's.
    assert {t.indicator for t in others} <= {None, "QD23-10"}


# -- seed 004: Cần Thơ Thành ủy 276-KH/TU ---------------------------------------------------------


def test_can_tho_party_plan() -> None:
    draft = seed("004_can_tho_276_kh_tu.txt")
    head = draft.document
    assert (head.doc_type, head.number, head.date) == ("ke_hoach", "276-KH/TU", datetime.date(2024, 3, 6))
    assert head.issuer == "THÀNH ỦY CẦN THƠ"
    assert head.place == "Cần Thơ"
    assert head.title.startswith("triển khai thực hiện Chỉ thị số 28-CT/TW")
    assert [c.number for c in draft.cites] == ["28-CT/TW", "136-HD/BTGTW"]
    assert next(c for c in draft.cites if c.number == "136-HD/BTGTW").doc_type == "huong_dan"
    assert [t.number for t in draft.tasks if t.number.startswith("II.")] == [f"II.{n}" for n in range(1, 8)]
    assert "- Nêu cao vai trò" in task(draft, "II.1").body  # bullets are the task's body
    assert codes(task(draft, "III.1").lead) == [
        "cap_uy_dang",
        "cap_uy_dang",
        "dang_doan",
        "dang_doan",
        "cap_uy_dang",
    ]
    assert codes(task(draft, "III.2").lead) == ["dang_doan"]
    assert codes(task(draft, "III.5").lead) == ["ban_tuyen_giao"]
    assert codes(task(draft, "III.5").cooperating) == ["cac_co_quan_lien_quan"]
    assert draft.deadlines == []
    assert draft.unmatched_agencies == []


@pytest.mark.parametrize(
    "name",
    ["000_tan_binh_ke_hoach_ct33.txt", "001_long_khanh_306_kh_ubnd.txt", "002_quang_nam_ke_hoach_ct28.txt",
     "003_hcmc_4063_qd_ubnd.txt", "004_can_tho_276_kh_tu.txt"],
)  # fmt: skip
def test_json_shape(name: str) -> None:
    draft = seed(name)
    data = json.loads(json.dumps(draft.to_json()))
    assert set(data) >= {"document", "cites", "tasks", "targets", "deadlines", "unmatched_agencies"}
    for item in data["tasks"]:
        assert set(item) >= {"number", "title", "lead", "cooperating", "timeframe", "lines"}
        for ref in item["lead"] + item["cooperating"]:
            assert set(ref) == {"text", "type_code", "level"}
    for item in data["targets"]:
        assert set(item) >= {"label", "indicator", "values", "lead", "lines"}
        assert all(isinstance(v, int | float) for v in item["values"].values())
    count = len(draft.lines)
    for group in ("cites", "tasks", "targets", "deadlines", "criteria"):
        for item in data[group]:
            start, end = item["lines"]
            assert 1 <= start <= end <= count


def test_hcmc_hard_wrapped_like_a_pdf_gives_the_same_targets_and_deadlines() -> None:
    """PDF extraction breaks every line at the page width and loses blank lines."""
    text = (FIXTURES / "003_hcmc_4063_qd_ubnd.txt").read_text(encoding="utf-8")
    wrapped = "\n".join(line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, 75))
    draft = parse_plan(wrapped)
    original = seed("003_hcmc_4063_qd_ubnd.txt")
    chi_tieu = {t.label: (t.indicator, t.values) for t in draft.targets if t.label.startswith("Chỉ tiêu")}
    expected = {t.label: (t.indicator, t.values) for t in original.targets if t.label.startswith("Chỉ tiêu")}
    assert chi_tieu == expected
    assert [(d.periodicity, d.day, d.month) for d in draft.deadlines] == [
        ("half_yearly", 10, 6),
        ("yearly", 10, 11),
    ]
    assert len(draft.criteria) == 13
    assert draft.unmatched_agencies == []


@pytest.mark.parametrize(
    ("name", "sources"),
    [
        (
            "000_tan_binh_ke_hoach_ct33.txt",
            {"Ngân sách nhà nước", "Lồng ghép chương trình, đề án, kế hoạch khác"},
        ),
        ("001_long_khanh_306_kh_ubnd.txt", {"Ngân sách nhà nước", "Nguồn hợp pháp khác"}),
        ("003_hcmc_4063_qd_ubnd.txt", {"Ngân sách nhà nước", "Xã hội hóa, vận động tài trợ"}),
    ],
)
def test_budget_sources(name: str, sources: set[str]) -> None:
    """ "Kinh phí thực hiện …": the kinds of funding the plan names apply to its tasks."""
    draft = seed(name)
    assert sources <= set(draft.budget_sources)
    assert draft.to_json()["budget_sources"] == draft.budget_sources


def test_no_budget_section_means_no_sources() -> None:
    assert seed("004_can_tho_276_kh_tu.txt").budget_sources == []
