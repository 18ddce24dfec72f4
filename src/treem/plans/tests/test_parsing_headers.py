"""The document header (issuer, number, date, place, title, type) in the layouts a two-column header
reaches the importer in: plain lines, table cells with and without outer "|", the motto's column first,
the number and the place and date on one row or two, a page laid out with spaces, a DOCX whose header is
a real table and a PDF with two columns.

Written by hand before the parser was run on them (issue #17). Each header names its issuer the way the
corpus expectations do (src/treem/plans/tests/corpus/*.json): the body with its place ("Ủy ban nhân dân
phường Bến Thành"); an office under a committee with the committee's place ("Sở Y tế tỉnh Đồng Tháp",
as "Phòng Giáo dục và Đào tạo huyện Thanh Oai"); a school, not the education office above it; a commune's
party committee, not the province's party organisation above it; a unit under a department or a mass
organisation as the block of headers "A unit under its parent body" says. The type is read from the type
word ("KẾ HOẠCH" → ke_hoach) and the title is the line under it."""

from __future__ import annotations

import datetime
import io
import itertools
from dataclasses import dataclass, replace

import docx
import pytest

from treem.plans.parsing import parse_plan
from treem.plans.parsing.diacritics import strip_marks
from treem.plans.parsing.extract import extract_text
from treem.plans.tests.conftest import hand_pdf
from treem.plans.tests.corpus_score import _words

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
PARTY_MOTTO = ["ĐẢNG CỘNG SẢN VIỆT NAM"]

BODY = [
    "Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;",
    "",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Nâng cao nhận thức của gia đình và cộng đồng về bảo vệ trẻ em.",
    "II. NHIỆM VỤ",
    "1. Tổ chức truyền thông về phòng, chống đuối nước cho trẻ em.",
]


@dataclass(frozen=True)
class Header:
    key: str
    issuer_lines: list[str]  # the left column's first cell, as set on the page
    number_line: str
    date_line: str
    type_word: str
    title_line: str
    # what a careful reader writes down
    issuer: str
    number: str
    date: datetime.date
    place: str
    doc_type: str
    title: str
    motto: tuple[str, ...] = tuple(MOTTO)
    under_number: str = ""  # a letter's subject ("V/v …") in the number's cell, under it


HEADERS = [
    Header(
        "province",
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM"],
        "Số: 25/KH-UBND",
        "Quảng Nam, ngày 14 tháng 02 năm 2024",
        "KẾ HOẠCH",
        "Thực hiện công tác trẻ em năm 2024",
        "Ủy ban nhân dân tỉnh Quảng Nam",
        "25/KH-UBND",
        datetime.date(2024, 2, 14),
        "Quảng Nam",
        "ke_hoach",
        "Thực hiện công tác trẻ em năm 2024",
    ),
    Header(
        "city",
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"],
        "Số: 120/QĐ-UBND",
        "Hà Nội, ngày 03 tháng 3 năm 2026",
        "QUYẾT ĐỊNH",
        "BAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC TRẺ EM NĂM 2026",
        "Ủy ban nhân dân thành phố Hà Nội",
        "120/QĐ-UBND",
        datetime.date(2026, 3, 3),
        "Hà Nội",
        "quyet_dinh",
        "Ban hành Kế hoạch thực hiện công tác trẻ em năm 2026",
    ),
    Header(
        "ward",
        ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN THÀNH"],
        "Số: 12/KH-UBND",
        "Bến Thành, ngày 10 tháng 9 năm 2025",
        "KẾ HOẠCH",
        "Thực hiện công tác trẻ em năm 2026",
        "Ủy ban nhân dân phường Bến Thành",
        "12/KH-UBND",
        datetime.date(2025, 9, 10),
        "Bến Thành",
        "ke_hoach",
        "Thực hiện công tác trẻ em năm 2026",
    ),
    Header(
        "special_zone",
        ["ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"],
        "Số: 40/KH-UBND",
        "Phú Quốc, ngày 02 tháng 10 năm 2025",
        "KẾ HOẠCH",
        "Phòng, chống đuối nước trẻ em năm 2026",
        "Ủy ban nhân dân đặc khu Phú Quốc",
        "40/KH-UBND",
        datetime.date(2025, 10, 2),
        "Phú Quốc",
        "ke_hoach",
        "Phòng, chống đuối nước trẻ em năm 2026",
    ),
    Header(
        "district",
        ["ỦY BAN NHÂN DÂN", "QUẬN BÌNH THẠNH"],
        "Số: 88/KH-UBND",
        "Bình Thạnh, ngày 20 tháng 5 năm 2022",
        "KẾ HOẠCH",
        "Triển khai Tháng hành động vì trẻ em năm 2022",
        "Ủy ban nhân dân quận Bình Thạnh",
        "88/KH-UBND",
        datetime.date(2022, 5, 20),
        "Bình Thạnh",
        "ke_hoach",
        "Triển khai Tháng hành động vì trẻ em năm 2022",
    ),
    Header(
        "department",
        ["UBND TỈNH ĐỒNG THÁP", "SỞ Y TẾ"],
        "Số: 150/KH-SYT",
        "Đồng Tháp, ngày 08 tháng 4 năm 2025",
        "KẾ HOẠCH",
        "Chăm sóc dinh dưỡng cho trẻ em dưới 5 tuổi năm 2025",
        "Sở Y tế tỉnh Đồng Tháp",
        "150/KH-SYT",
        datetime.date(2025, 4, 8),
        "Đồng Tháp",
        "ke_hoach",
        "Chăm sóc dinh dưỡng cho trẻ em dưới 5 tuổi năm 2025",
    ),
    Header(
        "steering",
        ["UBND XÃ TÂN PHÚ", "BAN CHỈ ĐẠO HOẠT ĐỘNG HÈ"],
        "Số: 05/KH-BCĐ",
        "Tân Phú, ngày 26 tháng 5 năm 2025",
        "KẾ HOẠCH",
        "Tổ chức hoạt động hè cho thiếu nhi năm 2025",
        "Ban Chỉ đạo hoạt động hè xã Tân Phú",
        "05/KH-BCĐ",
        datetime.date(2025, 5, 26),
        "Tân Phú",
        "ke_hoach",
        "Tổ chức hoạt động hè cho thiếu nhi năm 2025",
    ),
    Header(
        "party",
        ["ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG ỦY XÃ ĐỒNG ĐĂNG"],
        "Số 15-KH/ĐU",
        "Đồng Đăng, ngày 05 tháng 9 năm 2025",
        "KẾ HOẠCH",
        "Lãnh đạo công tác bảo vệ, chăm sóc trẻ em giai đoạn 2025 - 2030",
        "Đảng ủy xã Đồng Đăng",
        "15-KH/ĐU",
        datetime.date(2025, 9, 5),
        "Đồng Đăng",
        "ke_hoach",
        "Lãnh đạo công tác bảo vệ, chăm sóc trẻ em giai đoạn 2025 - 2030",
        tuple(PARTY_MOTTO),
    ),
    Header(
        "school",
        ["PHÒNG GD&ĐT HUYỆN GIA LÂM", "TRƯỜNG TIỂU HỌC ĐA TỐN"],
        "Số: 30/KH-THĐT",
        "Đa Tốn, ngày 15 tháng 9 năm 2023",
        "KẾ HOẠCH",
        "Phòng, chống bạo lực học đường năm học 2023 - 2024",
        "Trường Tiểu học Đa Tốn",
        "30/KH-THĐT",
        datetime.date(2023, 9, 15),
        "Đa Tốn",
        "ke_hoach",
        "Phòng, chống bạo lực học đường năm học 2023 - 2024",
    ),
    Header(
        "school_under_department",
        ["SỞ GD&ĐT HÀ NỘI", "TRƯỜNG THPT CHU VĂN AN"],
        "Số: 112/KH-THPTCVA",
        "Hà Nội, ngày 05 tháng 9 năm 2025",
        "KẾ HOẠCH",
        "Công tác y tế trường học năm học 2025 - 2026",
        "Trường THPT Chu Văn An",
        "112/KH-THPTCVA",
        datetime.date(2025, 9, 5),
        "Hà Nội",
        "ke_hoach",
        "Công tác y tế trường học năm học 2025 - 2026",
    ),
    Header(
        "school_under_commune",
        ["UBND XÃ ĐA TỐN", "TRƯỜNG MẦM NON ĐA TỐN"],
        "Số: 18/KH-MNĐT",
        "Đa Tốn, ngày 22 tháng 9 năm 2025",
        "KẾ HOẠCH",
        "Phòng, chống tai nạn thương tích cho trẻ năm học 2025 - 2026",
        "Trường Mầm non Đa Tốn",
        "18/KH-MNĐT",
        datetime.date(2025, 9, 22),
        "Đa Tốn",
        "ke_hoach",
        "Phòng, chống tai nạn thương tích cho trẻ năm học 2025 - 2026",
    ),
    Header(
        "office_of_numbered_district",
        ["ỦY BAN NHÂN DÂN QUẬN 8", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"],
        "Số: 64/KH-GDĐT",
        "Quận 8, ngày 14 tháng 3 năm 2023",
        "KẾ HOẠCH",
        "Phòng, chống bạo lực học đường năm 2023",
        "Phòng Giáo dục và Đào tạo quận 8",
        "64/KH-GDĐT",
        datetime.date(2023, 3, 14),
        "Quận 8",
        "ke_hoach",
        "Phòng, chống bạo lực học đường năm 2023",
    ),
    Header(
        "department_of_abbreviated_city",
        ["UBND TP. HỒ CHÍ MINH", "SỞ Y TẾ"],
        "Số: 905/KH-SYT",
        "Thành phố Hồ Chí Minh, ngày 25 tháng 02 năm 2025",
        "KẾ HOẠCH",
        "Tiêm chủng mở rộng năm 2025",
        "Sở Y tế TP. Hồ Chí Minh",
        "905/KH-SYT",
        datetime.date(2025, 2, 25),
        "Thành phố Hồ Chí Minh",
        "ke_hoach",
        "Tiêm chủng mở rộng năm 2025",
    ),
    Header(
        "council",
        ["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NAM"],
        "Số: 15/NQ-HĐND",
        "Quảng Nam, ngày 10 tháng 7 năm 2024",
        "NGHỊ QUYẾT",
        "Quy định mức hỗ trợ trẻ em có hoàn cảnh đặc biệt trên địa bàn tỉnh Quảng Nam",
        "Hội đồng nhân dân tỉnh Quảng Nam",
        "15/NQ-HĐND",
        datetime.date(2024, 7, 10),
        "Quảng Nam",
        "nghi_quyet",
        "Quy định mức hỗ trợ trẻ em có hoàn cảnh đặc biệt trên địa bàn tỉnh Quảng Nam",
    ),
    Header(
        "letter",
        ["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ"],
        "Số: 210/UBND-VHXH",
        "Tân Phú, ngày 15 tháng 5 năm 2026",
        "",
        "Kính gửi: Các đoàn thể và các ấp trên địa bàn xã.",
        "Ủy ban nhân dân xã Tân Phú",
        "210/UBND-VHXH",
        datetime.date(2026, 5, 15),
        "Tân Phú",
        "cong_van",
        "triển khai Tháng hành động vì trẻ em năm 2026",
        under_number="V/v triển khai Tháng hành động vì trẻ em năm 2026",
    ),
    Header(
        "youth_union",
        ["HUYỆN ĐOÀN GIA LÂM", "BCH ĐOÀN XÃ ĐA TỐN"],
        "Số: 20-KH/ĐTN",
        "Đa Tốn, ngày 02 tháng 6 năm 2024",
        "KẾ HOẠCH",
        "Tổ chức hoạt động hè cho thiếu nhi năm 2024",
        "BCH Đoàn xã Đa Tốn",
        "20-KH/ĐTN",
        datetime.date(2024, 6, 2),
        "Đa Tốn",
        "ke_hoach",
        "Tổ chức hoạt động hè cho thiếu nhi năm 2024",
        ("ĐOÀN TNCS HỒ CHÍ MINH",),
    ),
    Header(
        "ministry",
        ["BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"],
        "Số: 45/KH-LĐTBXH",
        "Hà Nội, ngày 20 tháng 01 năm 2025",
        "KẾ HOẠCH",
        "Thực hiện Chương trình hành động quốc gia vì trẻ em năm 2025",
        "Bộ Lao động - Thương binh và Xã hội",
        "45/KH-LĐTBXH",
        datetime.date(2025, 1, 20),
        "Hà Nội",
        "ke_hoach",
        "Thực hiện Chương trình hành động quốc gia vì trẻ em năm 2025",
    ),
    Header(
        "two_line_name",
        ["UBND TỈNH AN GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"],
        "Số: 1250/KH-SLĐTBXH",
        "An Giang, ngày 12 tháng 7 năm 2024",
        "KẾ HOẠCH",
        "Phòng, chống xâm hại trẻ em năm 2024",
        "Sở Lao động - Thương binh và Xã hội tỉnh An Giang",
        "1250/KH-SLĐTBXH",
        datetime.date(2024, 7, 12),
        "An Giang",
        "ke_hoach",
        "Phòng, chống xâm hại trẻ em năm 2024",
    ),
    # A unit under its parent body, no enacting sentence naming it (issue #17, second pass). As an office
    # under its committee, a unit whose name names no place takes its parent's ("Trung tâm Kiểm soát bệnh
    # tật tỉnh Đồng Tháp"); a unit that names its own place, or a hospital by its own name (as a school),
    # issues alone; an organ of a body ("BAN THƯỜNG VỤ", "THANH TRA SỞ") is named with the whole body
    # ("Ban Thường vụ Hội LHPN tỉnh …", as "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh" in the corpus).
    Header(
        "centre_under_department",
        ["SỞ Y TẾ TỈNH ĐỒNG THÁP", "TRUNG TÂM KIỂM SOÁT BỆNH TẬT"],
        "Số: 215/KH-KSBT",
        "Đồng Tháp, ngày 12 tháng 5 năm 2025",
        "KẾ HOẠCH",
        "Phòng, chống bệnh tay chân miệng ở trẻ em năm 2025",
        "Trung tâm Kiểm soát bệnh tật tỉnh Đồng Tháp",
        "215/KH-KSBT",
        datetime.date(2025, 5, 12),
        "Đồng Tháp",
        "ke_hoach",
        "Phòng, chống bệnh tay chân miệng ở trẻ em năm 2025",
    ),
    Header(
        "branch_under_department",
        ["SỞ Y TẾ TỈNH LÂM ĐỒNG", "CHI CỤC DÂN SỐ - KẾ HOẠCH HÓA GIA ĐÌNH"],
        "Số: 56/KH-CCDS",
        "Lâm Đồng, ngày 15 tháng 4 năm 2024",
        "KẾ HOẠCH",
        "Nâng cao chất lượng dân số và sức khỏe trẻ em năm 2024",
        "Chi cục Dân số - Kế hoạch hóa gia đình tỉnh Lâm Đồng",
        "56/KH-CCDS",
        datetime.date(2024, 4, 15),
        "Lâm Đồng",
        "ke_hoach",
        "Nâng cao chất lượng dân số và sức khỏe trẻ em năm 2024",
    ),
    Header(
        "centre_with_own_place",
        ["SỞ Y TẾ TỈNH THANH HÓA", "TRUNG TÂM Y TẾ HUYỆN NGA SƠN"],
        "Số: 102/KH-TTYT",
        "Nga Sơn, ngày 18 tháng 8 năm 2023",
        "KẾ HOẠCH",
        "Phòng, chống suy dinh dưỡng trẻ em năm 2023",
        "Trung tâm Y tế huyện Nga Sơn",
        "102/KH-TTYT",
        datetime.date(2023, 8, 18),
        "Nga Sơn",
        "ke_hoach",
        "Phòng, chống suy dinh dưỡng trẻ em năm 2023",
    ),
    Header(
        "hospital_under_department",
        ["SỞ Y TẾ TP. HỒ CHÍ MINH", "BỆNH VIỆN NHI ĐỒNG 1"],
        "Số: 310/KH-BVNĐ1",
        "Thành phố Hồ Chí Minh, ngày 02 tháng 6 năm 2025",
        "KẾ HOẠCH",
        "Phòng, chống đuối nước cho trẻ em năm 2025",
        "Bệnh viện Nhi Đồng 1",
        "310/KH-BVNĐ1",
        datetime.date(2025, 6, 2),
        "Thành phố Hồ Chí Minh",
        "ke_hoach",
        "Phòng, chống đuối nước cho trẻ em năm 2025",
    ),
    Header(
        "inspectorate_of_department",
        ["SỞ Y TẾ TỈNH NGHỆ AN", "THANH TRA SỞ"],
        "Số: 08/KH-TTr",
        "Nghệ An, ngày 20 tháng 3 năm 2025",
        "KẾ HOẠCH",
        "Thanh tra việc thực hiện chính sách chăm sóc sức khỏe trẻ em năm 2025",
        "Thanh tra Sở Y tế tỉnh Nghệ An",
        "08/KH-TTr",
        datetime.date(2025, 3, 20),
        "Nghệ An",
        "ke_hoach",
        "Thanh tra việc thực hiện chính sách chăm sóc sức khỏe trẻ em năm 2025",
    ),
    Header(
        "standing_committee",
        ["HỘI LHPN TỈNH THÁI BÌNH", "BAN THƯỜNG VỤ"],
        "Số: 45/KH-BTV",
        "Thái Bình, ngày 06 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Hỗ trợ phụ nữ xây dựng gia đình hạnh phúc, bền vững năm 2024",
        "Ban Thường vụ Hội LHPN tỉnh Thái Bình",
        "45/KH-BTV",
        datetime.date(2024, 3, 6),
        "Thái Bình",
        "ke_hoach",
        "Hỗ trợ phụ nữ xây dựng gia đình hạnh phúc, bền vững năm 2024",
    ),
    Header(
        "standing_committee_of_youth_union",
        ["TỈNH ĐOÀN ĐỒNG THÁP", "BAN THƯỜNG VỤ"],
        "Số: 35-KH/TĐTN",
        "Đồng Tháp, ngày 10 tháng 5 năm 2025",
        "KẾ HOẠCH",
        "Tổ chức Tháng hành động vì trẻ em năm 2025",
        "Ban Thường vụ Tỉnh Đoàn Đồng Tháp",
        "35-KH/TĐTN",
        datetime.date(2025, 5, 10),
        "Đồng Tháp",
        "ke_hoach",
        "Tổ chức Tháng hành động vì trẻ em năm 2025",
        ("ĐOÀN TNCS HỒ CHÍ MINH",),
    ),
    Header(
        "presidium_of_national_organisation",
        ["HỘI LHPN VIỆT NAM", "ĐOÀN CHỦ TỊCH"],
        "Số: 12/KH-ĐCT",
        "Hà Nội, ngày 18 tháng 4 năm 2025",
        "KẾ HOẠCH",
        "Truyền thông phòng, chống xâm hại trẻ em năm 2025",
        "Đoàn Chủ tịch Hội LHPN Việt Nam",
        "12/KH-ĐCT",
        datetime.date(2025, 4, 18),
        "Hà Nội",
        "ke_hoach",
        "Truyền thông phòng, chống xâm hại trẻ em năm 2025",
    ),
    # Three levels (issue #17, worktree armiss): the committee, its department or office, and the unit
    # under that which issues. The unit issues as it would under its department alone: a centre or a
    # branch with the province's place, an organ with the whole body, a unit naming its own place, a
    # hospital or a school alone; the parser records no parent body beyond the place it adds.
    Header(
        "centre_under_department_under_province",
        ["UBND TỈNH ĐỒNG THÁP", "SỞ Y TẾ", "TRUNG TÂM KIỂM SOÁT BỆNH TẬT"],
        "Số: 220/KH-KSBT",
        "Đồng Tháp, ngày 14 tháng 5 năm 2025",
        "KẾ HOẠCH",
        "Phòng, chống sốt xuất huyết ở trẻ em năm 2025",
        "Trung tâm Kiểm soát bệnh tật tỉnh Đồng Tháp",
        "220/KH-KSBT",
        datetime.date(2025, 5, 14),
        "Đồng Tháp",
        "ke_hoach",
        "Phòng, chống sốt xuất huyết ở trẻ em năm 2025",
    ),
    Header(
        "social_work_centre_under_department_under_province",
        ["UBND TỈNH AN GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "TRUNG TÂM CÔNG TÁC XÃ HỘI"],
        "Số: 48/KH-TTCTXH",
        "An Giang, ngày 03 tháng 6 năm 2024",
        "KẾ HOẠCH",
        "Hỗ trợ trẻ em có hoàn cảnh đặc biệt năm 2024",
        "Trung tâm Công tác xã hội tỉnh An Giang",
        "48/KH-TTCTXH",
        datetime.date(2024, 6, 3),
        "An Giang",
        "ke_hoach",
        "Hỗ trợ trẻ em có hoàn cảnh đặc biệt năm 2024",
    ),
    Header(
        "branch_under_department_under_province",
        ["UBND TỈNH LÂM ĐỒNG", "SỞ Y TẾ", "CHI CỤC DÂN SỐ - KẾ HOẠCH HÓA GIA ĐÌNH"],
        "Số: 61/KH-CCDS",
        "Lâm Đồng, ngày 22 tháng 4 năm 2024",
        "KẾ HOẠCH",
        "Tư vấn và khám sức khỏe trước khi kết hôn năm 2024",
        "Chi cục Dân số - Kế hoạch hóa gia đình tỉnh Lâm Đồng",
        "61/KH-CCDS",
        datetime.date(2024, 4, 22),
        "Lâm Đồng",
        "ke_hoach",
        "Tư vấn và khám sức khỏe trước khi kết hôn năm 2024",
    ),
    Header(
        "inspectorate_under_department_under_province",
        ["UBND TỈNH NGHỆ AN", "SỞ Y TẾ", "THANH TRA SỞ"],
        "Số: 09/KH-TTr",
        "Nghệ An, ngày 25 tháng 3 năm 2025",
        "KẾ HOẠCH",
        "Thanh tra công tác y tế trường học năm 2025",
        "Thanh tra Sở Y tế tỉnh Nghệ An",
        "09/KH-TTr",
        datetime.date(2025, 3, 25),
        "Nghệ An",
        "ke_hoach",
        "Thanh tra công tác y tế trường học năm 2025",
    ),
    Header(
        "centre_with_own_place_under_department_under_province",
        ["UBND TỈNH THANH HÓA", "SỞ Y TẾ", "TRUNG TÂM Y TẾ HUYỆN NGA SƠN"],
        "Số: 110/KH-TTYT",
        "Nga Sơn, ngày 21 tháng 8 năm 2023",
        "KẾ HOẠCH",
        "Tiêm chủng mở rộng cho trẻ em năm 2023",
        "Trung tâm Y tế huyện Nga Sơn",
        "110/KH-TTYT",
        datetime.date(2023, 8, 21),
        "Nga Sơn",
        "ke_hoach",
        "Tiêm chủng mở rộng cho trẻ em năm 2023",
    ),
    Header(
        "hospital_under_department_under_city",
        ["UBND TP. HỒ CHÍ MINH", "SỞ Y TẾ", "BỆNH VIỆN NHI ĐỒNG 2"],
        "Số: 415/KH-BVNĐ2",
        "Thành phố Hồ Chí Minh, ngày 05 tháng 6 năm 2025",
        "KẾ HOẠCH",
        "Phòng, chống tai nạn thương tích cho trẻ em năm 2025",
        "Bệnh viện Nhi Đồng 2",
        "415/KH-BVNĐ2",
        datetime.date(2025, 6, 5),
        "Thành phố Hồ Chí Minh",
        "ke_hoach",
        "Phòng, chống tai nạn thương tích cho trẻ em năm 2025",
    ),
    Header(
        "school_under_office_under_district",
        ["UBND HUYỆN GIA LÂM", "PHÒNG GD&ĐT", "TRƯỜNG THCS ĐA TỐN"],
        "Số: 25/KH-THCSĐT",
        "Đa Tốn, ngày 10 tháng 9 năm 2024",
        "KẾ HOẠCH",
        "Phòng, chống bạo lực học đường năm học 2024 - 2025",
        "Trường THCS Đa Tốn",
        "25/KH-THCSĐT",
        datetime.date(2024, 9, 10),
        "Đa Tốn",
        "ke_hoach",
        "Phòng, chống bạo lực học đường năm học 2024 - 2025",
    ),
    Header(
        "kindergarten_under_office_under_numbered_district",
        ["ỦY BAN NHÂN DÂN QUẬN 8", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG MẦM NON HOA SEN"],
        "Số: 14/KH-MNHS",
        "Quận 8, ngày 16 tháng 9 năm 2024",
        "KẾ HOẠCH",
        "Phòng, chống tai nạn thương tích cho trẻ năm học 2024 - 2025",
        "Trường Mầm non Hoa Sen",
        "14/KH-MNHS",
        datetime.date(2024, 9, 16),
        "Quận 8",
        "ke_hoach",
        "Phòng, chống tai nạn thương tích cho trẻ năm học 2024 - 2025",
    ),
    Header(  # three lines, two levels: the committee's name over two lines, the department under it
        "department_under_wrapped_committee",
        ["ỦY BAN NHÂN DÂN", "TỈNH VĨNH LONG", "SỞ Y TẾ"],
        "Số: 330/KH-SYT",
        "Vĩnh Long, ngày 19 tháng 8 năm 2025",
        "KẾ HOẠCH",
        "Chăm sóc sức khỏe trẻ em có hoàn cảnh đặc biệt năm 2025",
        "Sở Y tế tỉnh Vĩnh Long",
        "330/KH-SYT",
        datetime.date(2025, 8, 19),
        "Vĩnh Long",
        "ke_hoach",
        "Chăm sóc sức khỏe trẻ em có hoàn cảnh đặc biệt năm 2025",
    ),
    # four lines: the unit's name wraps onto a line of its own under its department and the committee
    Header(
        "wrapped_centre_under_department_under_province",
        ["UBND TỈNH QUẢNG TRỊ", "SỞ Y TẾ", "TRUNG TÂM", "KIỂM SOÁT BỆNH TẬT"],
        "Số: 52/KH-KSBT",
        "Quảng Trị, ngày 12 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Phòng, chống bệnh tay chân miệng ở trẻ em năm 2024",
        "Trung tâm Kiểm soát bệnh tật tỉnh Quảng Trị",
        "52/KH-KSBT",
        datetime.date(2024, 3, 12),
        "Quảng Trị",
        "ke_hoach",
        "Phòng, chống bệnh tay chân miệng ở trẻ em năm 2024",
    ),
    Header(
        "wrapped_social_work_centre_under_department_under_province",
        ["UBND TỈNH BÌNH ĐỊNH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "TRUNG TÂM CÔNG TÁC", "XÃ HỘI"],
        "Số: 31/KH-TTCTXH",
        "Quy Nhơn, ngày 02 tháng 6 năm 2023",
        "KẾ HOẠCH",
        "Hỗ trợ trẻ em có hoàn cảnh đặc biệt trong dịp hè năm 2023",
        "Trung tâm Công tác xã hội tỉnh Bình Định",
        "31/KH-TTCTXH",
        datetime.date(2023, 6, 2),
        "Quy Nhơn",
        "ke_hoach",
        "Hỗ trợ trẻ em có hoàn cảnh đặc biệt trong dịp hè năm 2023",
    ),
    Header(
        "wrapped_primary_school_under_office_under_district",
        ["UBND HUYỆN CỦ CHI", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG TIỂU HỌC", "TÂN THẠNH ĐÔNG"],
        "Số: 18/KH-THTTĐ",
        "Củ Chi, ngày 20 tháng 9 năm 2024",
        "KẾ HOẠCH",
        "Phòng, chống đuối nước cho học sinh năm học 2024 - 2025",
        "Trường Tiểu học Tân Thạnh Đông",
        "18/KH-THTTĐ",
        datetime.date(2024, 9, 20),
        "Củ Chi",
        "ke_hoach",
        "Phòng, chống đuối nước cho học sinh năm học 2024 - 2025",
    ),
    Header(  # "MÔI TRƯỜNG" in the department's name: a word of it, no school under it
        "branch_under_environment_department_under_province",
        ["UBND TỈNH NGHỆ AN", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CHI CỤC THỦY LỢI"],
        "Số: 75/KH-CCTL",
        "Nghệ An, ngày 08 tháng 7 năm 2025",
        "KẾ HOẠCH",
        "Bảo đảm nước sạch cho các trường học năm 2026",
        "Chi cục Thủy lợi tỉnh Nghệ An",
        "75/KH-CCTL",
        datetime.date(2025, 7, 8),
        "Nghệ An",
        "ke_hoach",
        "Bảo đảm nước sạch cho các trường học năm 2026",
    ),
]


def _rest(h: Header) -> list[str]:
    return ["", *([h.type_word] if h.type_word else []), h.title_line, "", *BODY]


def _number_cell(h: Header) -> list[str]:
    return [h.number_line, *([h.under_number] if h.under_number else [])]


def _plain(h: Header, *, motto_first: bool = False) -> str:
    """The two columns read cell by cell (a DOCX's cells, a copy of a page): the issuer's cell, the
    motto's, the number, the place and date."""
    first, second = (list(h.motto), h.issuer_lines) if motto_first else (h.issuer_lines, list(h.motto))
    low = [h.date_line, *_number_cell(h)] if motto_first else [*_number_cell(h), h.date_line]
    return "\n".join([*first, *second, *low, *_rest(h)])


def _right_column_first(h: Header) -> str:
    """The columns read one after the other, the right one first (a PDF whose page was written so):
    the motto and the place and date, then the issuer and the number."""
    return "\n".join([*h.motto, h.date_line, *h.issuer_lines, *_number_cell(h), *_rest(h)])


def _joined_rows(h: Header, separator: str) -> str:
    """A row a line, its cells run together by a converter that dropped the borders (``separator``
    "": "Số: 12/KH-UBNDBến Thành, ngày …", "… VIỆT NAMPHƯỜNG …"; " ": a space between them)."""
    rows = _rows(h, motto_first=False, one_row=True)
    return "\n".join([separator.join(cell for cell in row if cell) for row in rows] + _rest(h))


def _header_on_one_line(h: Header) -> str:
    """The header's cells run onto one line (a .doc copied as one paragraph), the rest below."""
    cells = [cell for row in _rows(h, motto_first=False, one_row=True) for cell in row if cell]
    return "\n".join([" ".join(cells), *_rest(h)])


def _document_on_one_line(h: Header) -> str:
    """The whole excerpt on one line: the header, the type word, the title, the preamble, the body."""
    cells = [cell for row in _rows(h, motto_first=False, one_row=True) for cell in row if cell]
    return " ".join([*cells, *(line for line in _rest(h) if line)])


def _document_on_one_line_without_motto(h: Header) -> str:
    """The same, the motto's lines lost (a page that dropped them): no motto marks where the header runs."""
    return _document_on_one_line(replace(h, motto=()))


def _rows(h: Header, *, motto_first: bool, one_row: bool) -> list[tuple[str, str]]:
    rows = list(itertools.zip_longest(h.issuer_lines, h.motto, fillvalue=""))
    if one_row:
        rows.append((h.number_line, h.date_line))
        rows += [(h.under_number, "")] if h.under_number else []
    else:
        rows += [(line, "") for line in _number_cell(h)] + [("", h.date_line)]
    return [(right, left) if motto_first else (left, right) for left, right in rows]


def _cells(h: Header, *, outer: bool, motto_first: bool = False, one_row: bool = True) -> str:
    """The header as a site's table gives it, a line a row and "|" between the cells (``outer``: a
    "|" before and after the row too)."""
    lines = []
    for left, right in _rows(h, motto_first=motto_first, one_row=one_row):
        lines.append(f"| {left} | {right} |" if outer else f"{left} | {right}".strip())
    return "\n".join([*lines, *_rest(h)])


def _closed_cells(h: Header) -> str:
    """A site's copy of the table that closes each cell with "|" and reads the cells one after another,
    a cell's lines kept ("ỦY BAN NHÂN DÂN" / "PHƯỜNG X |" / "CỘNG HÒA …" / "Độc lập … |" / "Số: N |" …)."""
    cells = [h.issuer_lines, list(h.motto), _number_cell(h), [h.date_line]]
    lines = [line for cell in cells for line in [*cell[:-1], f"{cell[-1]} |"]]
    return "\n".join([*lines, *_rest(h)])


def _tabs(h: Header) -> str:
    """A Word table copied into the form: a row a line, its cells between tabs."""
    lines = [f"{left}\t{right}".strip("\t") for left, right in _rows(h, motto_first=False, one_row=True)]
    return "\n".join([*lines, *_rest(h)])


def _markdown(h: Header) -> str:
    """A Markdown table (a converter's or a chat tool's): the first row its head, a rule row under it."""
    rows = [f"| {left} | {right} |" for left, right in _rows(h, motto_first=False, one_row=True)]
    return "\n".join([rows[0], "| --- | --- |", *rows[1:], *_rest(h)])


def _spaced_centred(h: Header) -> str:
    """As `pdftotext -layout` lays out a page whose cells are centred: each column's lines centred."""
    rows = _rows(h, motto_first=False, one_row=True)
    lines = [f"{left:^40}    {right:^44}".rstrip() for left, right in rows]
    return "\n".join([*lines, *_rest(h)])


def _spaced(h: Header) -> str:
    """As `pdftotext -layout` lays out a page: the right column after spaces."""
    lines = [f"{left:<48}{right}".rstrip() for left, right in _rows(h, motto_first=False, one_row=True)]
    return "\n".join([*lines, *_rest(h)])


def _docx(h: Header) -> str:
    """A DOCX whose header is a real 2 × 2 table (the issuer's lines and the motto's as paragraphs of
    their cells), read as the importer reads an upload."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for cell, lines in (
        (table.cell(0, 0), h.issuer_lines),
        (table.cell(0, 1), list(h.motto)),
        (table.cell(1, 0), _number_cell(h)),
        (table.cell(1, 1), [h.date_line]),
    ):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in _rest(h):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return extract_text("ke-hoach.docx", buffer.getvalue())


def _docx_one_row(h: Header) -> str:
    """A DOCX whose header is a table of one row: the issuer's cell holds the number under it, the
    motto's cell the place and date."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for cell, lines in (
        (table.cell(0, 0), [*h.issuer_lines, *_number_cell(h)]),
        (table.cell(0, 1), [*h.motto, h.date_line]),
    ):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in _rest(h):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return extract_text("ke-hoach.docx", buffer.getvalue())


WRAPPED_MOTTO = ("CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _wrapped(h: Header) -> Header:
    """A narrow motto's column: the country's name over two lines (not the party's or the union's)."""
    return replace(h, motto=WRAPPED_MOTTO) if h.motto == tuple(MOTTO) else h


def _ruled(h: Header) -> Header:
    """The short rules a page sets under the issuer and the motto, kept as their own lines."""
    return replace(h, issuer_lines=[*h.issuer_lines, "-------"], motto=(*h.motto, "---------------"))


LAYOUTS = {
    "plain": lambda h: _plain(h),
    "plain_motto_first": lambda h: _plain(h, motto_first=True),
    "right_column_first": _right_column_first,
    "cells": lambda h: _cells(h, outer=False),
    "cells_outer": lambda h: _cells(h, outer=True),
    "cells_motto_first": lambda h: _cells(h, outer=False, motto_first=True),
    "cells_outer_motto_first": lambda h: _cells(h, outer=True, motto_first=True),
    "cells_two_rows": lambda h: _cells(h, outer=False, one_row=False),
    "cells_outer_two_rows": lambda h: _cells(h, outer=True, one_row=False),
    "cells_closed": _closed_cells,
    "cells_wrapped_motto": lambda h: _cells(_wrapped(h), outer=False),
    "cells_outer_wrapped_motto": lambda h: _cells(_wrapped(h), outer=True),
    "plain_wrapped_motto": lambda h: _plain(_wrapped(h)),
    "cells_ruled": lambda h: _cells(_ruled(h), outer=False),
    "cells_outer_ruled": lambda h: _cells(_ruled(h), outer=True),
    "plain_ruled": lambda h: _plain(_ruled(h)),
    "cells_glued": lambda h: _joined_rows(h, ""),
    "cells_spaced": lambda h: _joined_rows(h, " "),
    "header_on_one_line": _header_on_one_line,
    "document_on_one_line": _document_on_one_line,
    "document_on_one_line_without_motto": _document_on_one_line_without_motto,
    "tabs": _tabs,
    "markdown": _markdown,
    "spaced": _spaced,
    "spaced_centred": _spaced_centred,
    "docx": _docx,
    "docx_one_row": _docx_one_row,
}


def _check(text: str, h: Header) -> None:
    head = parse_plan(text).document
    got = {
        "issuer": _words(head.issuer),
        "number": head.number.replace(" ", ""),
        "date": head.date,
        "place": _words(head.place),
        "doc_type": head.doc_type,
        "title": _words(head.title),
    }
    want = {
        "issuer": _words(h.issuer),
        "number": h.number,
        "date": h.date,
        "place": _words(h.place),
        "doc_type": h.doc_type,
        "title": _words(h.title),
    }
    assert got == want, (head.issuer, head.title)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("header", HEADERS, ids=[h.key for h in HEADERS])
def test_header_in_every_layout(layout: str, header: Header) -> None:
    _check(LAYOUTS[layout](header), header)


@pytest.mark.parametrize("between", [" ", "", " | "])
def test_a_code_ending_in_a_small_letter_before_the_place(between: str) -> None:
    # "TTr" (an inspectorate's code) ends in a small letter: with the cells' border lost or not, "Tr" opens
    # no place ("Tr Nghệ An"), the place is "Nghệ An"
    lines = ["SỞ Y TẾ TỈNH NGHỆ AN", f"Số: 08/KH-TTr{between}Nghệ An, ngày 20 tháng 3 năm 2025", *BODY]
    head = parse_plan("\n".join(lines)).document
    assert (head.number, head.place, head.date) == ("08/KH-TTr", "Nghệ An", datetime.date(2025, 3, 20))


def _ascii(text: str) -> str:
    return strip_marks(text).replace("Đ", "D").replace("đ", "d")


@pytest.mark.parametrize("order", ["rows", "left_column_first", "right_column_first"])
@pytest.mark.parametrize("header", HEADERS, ids=[h.key for h in HEADERS])
def test_header_of_a_two_column_pdf(header: Header, order: str) -> None:
    # A PDF whose header sits in two columns (Helvetica: ASCII only, so the words lack their marks and
    # the importer puts them back): each column's runs at their own x, the rows at the same heights,
    # written row by row or one column after the other.
    rows = _rows(header, motto_first=False, one_row=True)
    left = [(60, 760 - 16 * i, _ascii(text)) for i, (text, _) in enumerate(rows) if text]
    right = [(320, 760 - 16 * i, _ascii(text)) for i, (_, text) in enumerate(rows) if text]
    runs = {
        "rows": sorted(left + right, key=lambda run: (-run[1], run[0])),
        "left_column_first": left + right,
        "right_column_first": right + left,
    }[order]
    y = 760 - 16 * len(rows)
    for line in _rest(header):
        y -= 16
        if line:
            runs.append((60, y, _ascii(line)))
    content = "BT /F1 10 Tf " + " ".join(f"1 0 0 1 {x} {yy} Tm ({t}) Tj" for x, yy, t in runs) + " ET"
    # the number's "Đ" stays "D": no word to put its mark back from
    _check(extract_text("ke-hoach.pdf", hand_pdf(content)), replace(header, number=_ascii(header.number)))
