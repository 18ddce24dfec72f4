"""Lists of agencies as plans write them: split at the list's boundaries, never inside a name.

The names are written here by hand, as the five seed plans (data/plans/00*.txt) and the legal reference
(/work/shared/domain/legal-reference.md, §9 "2025 reforms") write them, with the bodies of a commune
after the 2025 reform and the merged provincial departments; many contain "và", "-" or a comma of
their own ("Sở Văn hóa, Thể thao và Du lịch", "Văn phòng HĐND và UBND xã").
"""

from __future__ import annotations

import random

import pytest

from treem.plans.parsing import AgencyCatalogue

# (name as written, the catalogue's code; None for a body the catalogue does not know)
SEED_NAMES = [
    # 000 Tân Bình (district, before the reform)
    ("Phòng Lao động - Thương binh và Xã hội", "phong_ldtbxh_cu"),
    ("Công an quận", "cong_an_huyen_cu"),
    ("Phòng Giáo dục và Đào tạo", "phong_gddt_cu"),
    ("Phòng Y tế", "phong_y_te_cu"),
    ("Chi cục Thống kê quận", "chi_cuc_thong_ke"),
    ("Ủy ban nhân dân 15 phường", "ubnd"),
    ("Bảo hiểm xã hội quận", "bhxh"),
    ("Bệnh viện Tân Bình", "benh_vien"),
    ("Phòng Văn hóa và Thông tin", "phong_vhtt_cu"),
    ("Trung tâm Văn hóa - Thể thao quận", "trung_tam_vhtt"),
    ("Phòng Tài chính - Kế hoạch", "phong_tckh_cu"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam quận", "ubmttq"),
    # 002 Quảng Nam (province)
    ("Sở Lao động - Thương binh và Xã hội", "so_noi_vu"),
    ("Sở Giáo dục và Đào tạo", "so_gddt"),
    ("Sở Văn hoá, Thể thao và Du lịch", "so_vhttdl"),
    ("Sở Thông tin và Truyền thông", "so_tttt_cu"),
    ("Sở Kế hoạch và Đầu tư", "so_khdt_cu"),
    ("Sở Giao thông vận tải", "so_gtvt_cu"),
    ("Ban an toàn giao thông tỉnh", "ban_an_toan_giao_thong"),
    ("Viện Kiểm sát nhân dân tỉnh", "vien_kiem_sat"),
    ("Tòa án nhân dân tỉnh", "toa_an"),
    ("Đài Phát thanh - Truyền hình Quảng Nam", "dai_phat_thanh_truyen_hinh"),
    ("Báo Quảng Nam", "co_quan_bao_chi"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "hoi_phu_nu"),
    ("Hội Nông dân tỉnh", "hoi_nong_dan"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "doan_thanh_nien"),
    ("Liên đoàn Lao động tỉnh", "lien_doan_lao_dong"),
    ("Hội Cựu chiến binh tỉnh", "hoi_cuu_chien_binh"),
    ("Hội Chữ thập đỏ tỉnh", "hoi_chu_thap_do"),
    ("Công an tỉnh", "cong_an_tinh"),
    ("Sở Tư pháp", "so_tu_phap"),
    ("Sở Tài chính", "so_tai_chinh"),
    # 003 Hồ Chí Minh City (province-level city)
    ("Sở Văn hóa và Thể thao", "so_vhttdl"),
    ("Sở Du lịch", "so_du_lich"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "so_nong_nghiep"),
    ("Đài Tiếng nói nhân dân Thành phố", "dai_phat_thanh_truyen_hinh"),
    ("Thành Đoàn", "doan_thanh_nien"),
    ("Sở Xây dựng", "so_xay_dung"),
    ("Sở Khoa học và Công nghệ", "so_khcn"),
    ("Sở Ngoại vụ", "so_ngoai_vu"),
    ("Ban Tuyên giáo Thành ủy", "ban_tuyen_giao"),
    ("Ban Dân vận Thành ủy", "ban_dan_van"),
    ("Hội Bảo trợ trẻ em Thành phố", "hoi_bao_tro_tre_em"),
    ("Hội Bảo vệ Quyền Trẻ em Thành phố", "hoi_bao_ve_tre_em"),
    ("Ban Dân tộc Thành phố", "so_dan_toc_ton_giao"),
    # 004 Cần Thơ (party committee)
    ("Đảng đoàn Hội đồng nhân dân thành phố", "dang_doan"),
    ("Ban cán sự đảng Ủy ban nhân dân thành phố", "dang_doan"),
]

REFORM_NAMES = [
    # legal reference §9: children under the Ministry of Health, labour under Home Affairs
    ("Bộ Y tế", "bo_nganh"),
    ("Bộ Nội vụ", "bo_nganh"),
    ("Cục Bà mẹ và Trẻ em", None),
    # provincial departments after the 2025 merger (Nghị định 45/2025/NĐ-CP)
    ("Sở Y tế", "so_y_te"),
    ("Sở Nội vụ", "so_noi_vu"),
    ("Sở Dân tộc và Tôn giáo", "so_dan_toc_ton_giao"),
    ("Sở Nông nghiệp và Môi trường", "so_nong_nghiep"),
    ("Sở Văn hóa, Thể thao và Du lịch", "so_vhttdl"),
    ("Tỉnh đoàn", "doan_thanh_nien"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "ubmttq"),
    # a commune's bodies after the reform (Nghị định 150/2025/NĐ-CP)
    ("Văn phòng HĐND và UBND xã", "van_phong_ubnd"),
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "van_phong_ubnd"),
    ("Phòng Văn hóa - Xã hội", "phong_van_hoa_xa_hoi"),
    ("Phòng Kinh tế", "phong_kinh_te"),
    ("Trạm Y tế", "tram_y_te"),
    ("Công an xã", "cong_an_xa"),
    ("Ban Chỉ huy Quân sự xã", "ban_chi_huy_quan_su"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "ubmttq"),
    ("Hội Liên hiệp Phụ nữ xã", "hoi_phu_nu"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "doan_thanh_nien"),
    ("Hội Cựu chiến binh xã", "hoi_cuu_chien_binh"),
    ("UBND xã", "ubnd"),
    ("Trường THCS Tân Phú", "truong_thcs"),
    ("Trường mầm non", "truong_mam_non"),
]

SEPARATORS = [", ", "; ", " và ", "\n", ",\n", " ; "]


def _lists(names: list[tuple[str, str | None]], seed: int) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Lists of two to five names in shuffled orders, joined by every separator and by the usual
    "A, B và C"."""
    rng = random.Random(seed)
    out = []
    for _ in range(40):
        chosen = rng.sample(names, rng.randint(2, 5))
        for sep in SEPARATORS:
            out.append((sep.join(n for n, _ in chosen), chosen))
        out.append((", ".join(n for n, _ in chosen[:-1]) + " và " + chosen[-1][0], chosen))
    # every name beside every other once, both ways round, in "A, B" and "A và B"
    for a in names:
        for b in names:
            if a is not b:
                out.append((f"{a[0]}, {b[0]}", [a, b]))
                out.append((f"{a[0]} và {b[0]}", [a, b]))
    return out


# "Sở Văn hóa, Thể thao và Du lịch" once, as seed 002 writes it ("Văn hoá")
MIXED_NAMES = [n for n in SEED_NAMES + REFORM_NAMES if n[0] != "Sở Văn hóa, Thể thao và Du lịch"]


@pytest.mark.parametrize("names", [SEED_NAMES, REFORM_NAMES, MIXED_NAMES], ids=["seeds", "reform", "mixed"])
def test_a_list_of_agencies_splits_between_names_never_inside_one(
    names: list[tuple[str, str | None]],
) -> None:
    catalogue = AgencyCatalogue.default()
    wrong = []
    for text, chosen in _lists(names, seed=len(names)):
        got = [(r.text, r.type_code) for r in catalogue.split(text)]
        if got != chosen:
            wrong.append((text, got))
    assert not wrong, f"{len(wrong)} lists split wrongly, e.g. {wrong[:5]}"


def test_the_two_lists_seen_split_wrongly() -> None:
    catalogue = AgencyCatalogue.default()
    split = catalogue.split
    assert [(r.text, r.type_code) for r in split("Sở Giáo dục và Đào tạo, Tỉnh đoàn")] == [
        ("Sở Giáo dục và Đào tạo", "so_gddt"),
        ("Tỉnh đoàn", "doan_thanh_nien"),
    ]
    office = split("Văn phòng HĐND và UBND xã")
    assert [(r.text, r.type_code, r.level) for r in office] == [
        ("Văn phòng HĐND và UBND xã", "van_phong_ubnd", "commune")
    ]
    # the qualifier of a name is still its own: "UBND tỉnh, huyện" is one body at two levels
    assert [r.text for r in split("Sở Y tế tỉnh, Tỉnh đoàn và UBND các xã, phường")] == [
        "Sở Y tế tỉnh",
        "Tỉnh đoàn",
        "UBND các xã, phường",
    ]
