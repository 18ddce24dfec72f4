"""The importer scored field by field on plans it was not written for (corpus/, see corpus/README.md).

Each document must keep at least the share of fields it reached when this floor was last raised; the
table is printed with ``pytest -s`` (and by ``python -m treem.plans.tests.corpus_score``)."""

from __future__ import annotations

import unicodedata

import pytest

from treem.plans.parsing import parse_plan

from .corpus_score import CORPUS, documents, score

# Share of fields right, per document, at the last improvement of the parser (ADR 0026).
FLOOR = {
    "an_giang_177_2024": 1.00,
    "an_giang_581_2021": 1.00,
    "ba_ria_vung_tau_1314_2011": 1.00,
    "ba_dinh_105_2017": 1.00,
    "ba_ria_vung_tau_174_2022": 1.00,
    "ba_ria_vung_tau_3199_2010": 1.00,
    "ba_ria_vung_tau_41_2017": 1.00,
    "ba_ria_vung_tau_460_2022": 1.00,
    "ba_ria_vung_tau_boi_an_toan_2022": 1.00,
    "ba_ria_vung_tau_duoi_nuoc_2023": 0.97,
    "ba_ria_vung_tau_tntt_2021": 1.00,
    "bac_kan_388_2019": 1.00,
    "bac_kan_huyen_tung_2023": 1.00,
    "bac_kan_ldtbxh_1248_2021": 1.00,
    "bac_ninh_182_2014": 1.00,
    "bac_ninh_675_2021": 1.00,
    "backancity_hoat_dong_he_2017": 0.94,
    "baobinhdinh_chi_thi_bvcste_2009": 1.00,
    "baogiaothong_sang_loc_ha_noi_2016": 1.00,
    "baohatinh_ubatgtqg_cong_dien_2023": 1.00,
    "baokhanhhoa_bao_luc_xam_hai_2020": 1.00,
    "baokhanhhoa_bgddt_tntt_2021": 1.00,
    "baokhanhhoa_cam_lam_tre_em_2020": 1.00,
    "baokhanhhoa_van_dong_nguon_luc_2019": 1.00,
    "baomoi_ha_noi_205_2016": 1.00,
    "baomoi_lien_nganh_duoi_nuoc_2009": 1.00,
    "baonghean_3010_2015": 1.00,
    "baoninhthuan_ninh_son_soi_rubella_2014": 1.00,
    "baophapluat_tgpl_tre_em_11_2010": 1.00,
    "baophutho_lam_cha_me_2025": 1.00,
    "baoquangnam_2771_2021": 0.86,
    "baoquangtri_pho_cap_mam_non_5_tuoi": 1.00,
    "baotainguyenmoitruong_the_gioi_tuoi_tho_2019": 1.00,
    "bc_02_ldtbxh_2024": 1.00,
    "ben_tam_04_2022": 1.00,
    "ben_tre_1591_2013": 1.00,
    "ben_tre_bao_luc_2020": 1.00,
    "bgddt_19_2014": 1.00,
    "binh_dinh_1528_2021": 1.00,
    "binh_dinh_161_2022": 1.00,
    "binh_dinh_1710_2020": 1.00,
    "binh_dinh_22_2023": 1.00,
    "binh_dinh_3327_2022": 1.00,
    "binh_dinh_797_2018": 1.00,
    "binh_duong_792_2019": 1.00,
    "binhdinh_xa_phuong_phu_hop_2014": 1.00,
    "bo_tu_phap_1985_2012": 1.00,
    "bugiamap_sua_hoc_duong_1340_ttg_2016": 1.00,
    "bvhttdl_1642_2021": 1.00,
    "bvhttdl_tuyen_truyen_gia_dinh_2024": 1.00,
    "byt_2545_2020": 1.00,
    "byt_359_2023": 1.00,
    "byt_3781_2020": 1.00,
    "byt_5556_2021": 1.00,
    "byt_7130_2018": 1.00,
    "byt_718_2018": 1.00,
    "byt_tcmr_2025": 1.00,
    "ca_mau_202_2024": 1.00,
    "ca_mau_98_2021": 1.00,
    "ca_mau_thang_hanh_dong_2022": 0.95,
    "cam_minh_thang_hanh_dong_2022": 1.00,
    "can_gio_1458_2020": 1.00,
    "can_tho_74_2018": 1.00,
    "cand_296_vpcp_2024": 1.00,
    "cand_hcm_xam_hai_tre_em": 1.00,
    "cand_tao_hon_de_an": 1.00,
    "cao_bang_1274_2024": 1.00,
    "cao_bang_715_2022": 1.00,
    "chau_thanh_62_2017": 1.00,
    "chi_minh_9_2021": 1.00,
    "cong_van_ra_soat_mo_coi_covid": 1.00,
    "cualo_ngay_gia_dinh_2016": 1.00,
    "cv_1088_ldtbxh_2023": 1.00,
    "cv_1499_ldtbxh_2018": 1.00,
    "cv_375_ldtbxh_2021": 1.00,
    "cv_4006_ldtbxh_2013": 1.00,
    "da_nang_1701_2022": 1.00,
    "da_nang_4352_2020": 1.00,
    "da_nang_598_2019": 1.00,
    "daidoanket_my_tho_pho_cap_boi_2020": 1.00,
    "dak_lak_160_2022": 1.00,
    "dak_lak_19_2025": 1.00,
    "dak_nong_217_2023": 1.00,
    "dak_nong_557_2015": 1.00,
    "dak_nong_599_2021": 1.00,
    "dantocmiennui_du_an_3_dinh_duong": 0.89,
    "dantri_phu_yen_duoi_nuoc_2022": 1.00,
    "danviet_thua_thien_hue_tre_em": 1.00,
    "dien_bien_519_2018": 1.00,
    "don_phong_56_2021": 1.00,
    "dong_nai_sua_hoc_duong_2014": 1.00,
    "dong_thap_588_2025": 1.00,
    "dong_xuat_trung_thu_2024": 0.93,
    "duc_xuong_trung_thu_2021": 1.00,
    "gg_dich_hcm_812_2023": 1.00,
    "gia_lai_1369_2021": 1.00,
    "gia_lai_2025": 0.97,
    "gia_lai_thang_hanh_dong_2021": 0.57,
    "giadinh_ha_noi_sgddt_atgt_2021": 0.82,
    "gialaitv_dak_po_mam_non": 1.00,
    "gialaitv_giao_duc_dao_duc_gia_dinh_2022": 1.00,
    "gialaitv_tao_hon_492_2022": 1.00,
    "giaoducthoidai_bao_luc_hoc_duong": 1.00,
    "giaoducthoidai_ma_tuy_truong_hoc": 1.00,
    "giaoducthoidai_tieng_viet_tra_vinh": 1.00,
    "ha_giang_134_2017": 1.00,
    "ha_nam_470_2022": 1.00,
    "ha_noi_138_2021": 1.00,
    "ha_noi_209_2024": 1.00,
    "ha_noi_36_2026": 1.00,
    "ha_noi_89_2016": 1.00,
    "ha_noi_thang_hanh_dong_2024": 1.00,
    "ha_tinh_446_2023": 1.00,
    "hai_duong_sgddt_moi_truong_mang": 1.00,
    "hai_duong_thang_hanh_dong_2024": 1.00,
    "hau_giang_1960_2020": 1.00,
    "hcm_1269_2017": 1.00,
    "hcm_2022_2014": 1.00,
    "hcm_4794_2010": 1.00,
    "hcm_thang_hanh_dong_2021": 1.00,
    "hcm_thang_hanh_dong_2022": 1.00,
    "hcm_thang_hanh_dong_2025": 1.00,
    "hddtw_232_2016": 1.00,
    "hlhpn_thai_binh_2024": 1.00,
    "hoa_binh_163_2018": 1.00,
    "hoa_binh_78_2022": 1.00,
    "hoa_binh_81_2023": 1.00,
    "hoa_phu_trung_thu_2025": 1.00,
    "hoanhap_da_nang_76_2021": 1.00,
    "hoatieu_2254_byt": 1.00,
    "htv_mo_coi_covid": 1.00,
    "hue_183_2025": 1.00,
    "hue_184_2025": 1.00,
    "hue_58_2021": 1.00,
    "hung_yen_2331_2023": 1.00,
    "hung_yen_42_2022": 1.00,
    "hungyen_quy_bao_tro_tre_em_2018": 0.89,
    "huong_binh_31_2020": 1.00,
    "huong_hoa_tao_hon_2021": 1.00,
    "khanh_vinh_2021": 1.00,
    "khlt_176_2012": 1.00,
    "kon_tum_1052_2021": 1.00,
    "kon_tum_1479_2022": 1.00,
    "kon_tum_2516_2014": 1.00,
    "kon_tum_2995_2019": 1.00,
    "kon_tum_3660_2021": 1.00,
    "kon_tum_943_2025": 1.00,
    "ktdt_chien_luoc_dinh_duong_2011": 1.00,
    "lai_chau_268_2019": 1.00,
    "lam_dong_2211_2013": 1.00,
    "lam_dong_7849_2021": 1.00,
    "lam_son_doan_16_2018": 1.00,
    "lang_son_187_2021": 0.97,
    "lang_son_198_2021": 1.00,
    "lang_son_32_2024": 1.00,
    "lang_son_54_2020": 1.00,
    "lang_son_67_2022": 1.00,
    "lang_son_vp_1248_2021": 1.00,
    "lap_thach_clb_quyen_tham_gia": 1.00,
    "lao_cai_60_2024": 1.00,
    "lien_doi_minh_lap_thang_12_2019": 1.00,
    "long_my_2024": 1.00,
    "long_xuyen_bcd_2023": 1.00,
    "mamnonx20_thanh_xuan_soi_tcm_2024": 0.73,
    "mg_hoa_sen_kien_tuong_110_2025": 0.90,
    "mn_hoa_huong_duong_sot_xuat_huyet_2023": 1.00,
    "mn_ii_hue_105_2022": 1.00,
    "mn_phuoc_thanh_170_2021": 0.72,
    "mn_yen_tho_19_2016": 1.00,
    "nghe_an_197_2022": 1.00,
    "nghe_an_310_2025": 1.00,
    "nghe_an_923_2022": 1.00,
    "nhandan_830_ttg_2021": 1.00,
    "ninh_binh_117_2025": 1.00,
    "ninh_binh_149_2021": 1.00,
    "ninh_binh_75_2025": 1.00,
    "ninh_thuan_182_2022": 1.00,
    "ninh_thuan_303_2010": 1.00,
    "ninh_thuan_5334_2021": 1.00,
    "ninh_thuan_700_2025": 1.00,
    "ninh_thuan_hoat_dong_he_2020": 1.00,
    "pbgdpl_thai_nguyen_28_ct_tw_2023": 1.00,
    "phapluatplus_1000_ngay_dau_doi_2019": 1.00,
    "phu_tho_2856_2022": 1.00,
    "phu_tho_880_2016": 1.00,
    "phu_tho_sgddt_765_2025": 0.94,
    "phuc_xuan_tay_giun_2012": 1.00,
    "phuongnam24h_hcm_y_te_truong_hoc_2023": 1.00,
    "plo_hcm_khu_vui_choi_2011": 1.00,
    "plo_mam_non_nam_tuoi_2013": 1.00,
    "plo_nhom_tre_kcn_2020": 1.00,
    "plo_tong_dai_111": 1.00,
    "plo_xam_hai_18001567": 1.00,
    "qd_1437_ttg_2018": 1.00,
    "qd_1438_ttg_2018": 1.00,
    "qd_1442_bgddt_2022": 1.00,
    "qd_1472_ttg_2020": 1.00,
    "qd_1493_ttg_2021": 1.00,
    "qd_1555_ttg_2012": 1.00,
    "qd_1863_ttg_2019": 1.00,
    "qd_23_ttg_2021": 0.89,
    "qd_267_ttg_2011": 1.00,
    "qd_570_ttg_2014": 1.00,
    "qrt_quang_nam_dinh_duong_2025": 1.00,
    "quan_8_77_2013": 1.00,
    "quang_binh_2767_2020": 1.00,
    "quang_binh_869_2021": 1.00,
    "quang_nam_5729_2022": 1.00,
    "quang_nam_7401_2021": 1.00,
    "quang_ngai_25_2020": 1.00,
    "quang_ninh_256_2024": 1.00,
    "quang_ninh_52_2021": 1.00,
    "quang_thai_2022": 1.00,
    "quang_thai_muc_tieu": 1.00,
    "quang_tin_2016": 1.00,
    "quang_tri_90_2021": 1.00,
    "sggp_lhpn_thanh_doan_2022": 1.00,
    "sldtbxh_quang_nam_cd_03": 1.00,
    "sggp_hcm_boi_an_toan_2022": 1.00,
    "sggp_to_tu_van_tam_ly": 1.00,
    "so_gddt_ba_ria_vung_tau_boi_an_toan_2022": 1.00,
    "so_gddt_lac_duong_2023": 1.00,
    "soc_trang_chi_doan_vpub_2018": 1.00,
    "son_la_177_2020": 1.00,
    "son_la_57_2016": 1.00,
    "son_la_75_2020": 1.00,
    "son_tra_58_2022": 1.00,
    "suckhoetoday_byt_covid_5_11_tuoi": 0.55,
    "tam_an_tiem_chung": 1.00,
    "tam_dan_he_2022": 0.94,
    "tamlongvang_1023_ttg_2016": 1.00,
    "tan_yen_duoi_nuoc_2018": 1.00,
    "tapchigiamcan_chien_luoc_dinh_duong_2011": 1.00,
    "tay_ninh_113_2020": 1.00,
    "tay_ninh_tntt_2020": 1.00,
    "thai_binh_96_2021": 1.00,
    "thai_nguyen_85_2018": 1.00,
    "thanh_hoa_200_2018": 1.00,
    "thanh_oai_pgd_78_2016": 1.00,
    "thcs_an_phu_hkpd_2020": 1.00,
    "thcs_duc_thuan_10_2020": 1.00,
    "thcs_hiep_thanh_bo_hoc_2010": 0.85,
    "thcs_luong_yen_thuoc_la_2019": 0.95,
    "thcs_phong_binh_y_te_2023": 1.00,
    "thcs_phong_my_ctxh_2019": 1.00,
    "thcs_trinh_hoai_duc_ke_hoach_nho_2021": 1.00,
    "thpt_nguyen_dinh_chieu_thu_vien_220_2025": 1.00,
    "thoidai_khuyen_nghi_quyen_tre_em": 1.00,
    "thoidai_phoi_hop_tre_em_khong_gian_mang": 1.00,
    "thua_thien_hue_148_2022": 1.00,
    "thua_thien_hue_175_2021": 1.00,
    "thua_thien_hue_51_2016": 1.00,
    "thua_thien_hue_nq07_2021": 1.00,
    "thuvienphapluat_1481_byt_2025": 0.93,
    "tien_giang_99_2016": 1.00,
    "tinh_bien_130_2019": 1.00,
    "tra_vinh_2033_2011": 1.00,
    "tra_vinh_2185_2013": 1.00,
    "tua_chua_pgd_76_2021": 1.00,
    "tuoitre_byt_soi_rubella_2018": 1.00,
    "tuyen_quang_109_2018": 1.00,
    "tuyen_quang_55_2013": 1.00,
    "tuyen_quang_57_2021": 1.00,
    "tvpl_3162_bgddt_2020": 1.00,
    "tvpl_782_ttg_2021": 1.00,
    "twd_de_an_bien_gioi_2025": 1.00,
    "twdtn_225_2024": 1.00,
    "ubmttq_yen_bai_191_2020": 1.00,
    "vhttdl_dak_lak_4235_2018": 1.00,
    "viendinhduong_1294_2022": 1.00,
    "vietgiaitri_trao_hoc_cu_2021": 1.00,
    "vietnamnet_nuoc_sach_truong_hoc": 1.00,
    "vietnamplus_tay_chan_mieng": 1.00,
    "vietnamplus_tre_lang_thang_2009": 1.00,
    "vietnamplus_tro_giup_xa_hoi_2016": 1.00,
    "vietnamplus_vpcp_2325a": 1.00,
    "vinh_long_2007_2012": 1.00,
    "vinh_long_29_2011": 1.00,
    "vinh_phuc_201_2022": 1.00,
    "vinh_phuc_duoi_nuoc_2020": 1.00,
    "voh_hoat_dong_he_2013": 0.89,
    "vtc_bgddt_bao_luc_xam_hai_hoc_duong": 1.00,
    "vtc_pho_cap_mam_non_3_5_tuoi_2025": 1.00,
    "vy_da_2016": 1.00,
    "yen_bai_duoi_nuoc_2022": 1.00,
    "yenthe_tap_huan_bvcs_tre_em_2018": 1.00,
}
# 0.98 until batch ap (ADR 0026): its four news-like pages (scored 3226/3301 as the parser stood) took
# the whole corpus under it; 0.97 keeps every document's floor the guard. (Batch au's pages, 14/54 as the
# parser stood, took it to 3413/3527 and it was 0.96 until their rules brought the corpus back over 0.97.)
# 0.96 from batch ax (ADR 0026): its four pages, 67/144 as the parser stood, took the whole corpus to
# 3605/3760 (95.9 %), 3627/3760 after its rules; every document's floor stays the guard. Back to 0.97
# with batch ax's leftovers (3666/3760, 97.5 %). Batch az's pages, 11/84 as the parser stood, took it to
# 3677/3844 (95.7 %); 3748/3843 (97.5 %) after its rules. Batch ba's four pages (21/60 as the parser
# stood) took it to 3718/3851 (96.5 %) on a base without batch az; merged after batch az and the older
# leftovers, with its rules, the whole corpus reads 3856/3933 (98.0 %).
# Batch bb's pages, 60/177 as the parser stood, took it to 3865/4050 (95.4 %); 3950/4050 (97.5 %) after
# its rules. Batch bl's four pages (35/79 as the parser stood at 79eb1e7) took it to 4308/4452 (96.8 %),
# 0.96 while they stood as scored; back to 0.97 with its rules (4335/4449, 97.4 %). Batch bo's three pages
# (11/45 as the parser stood at 4c1010f) took it to 4536/4654 (97.5 %); 4565/4653 (98.1 %) after its
# rules. Batch br's two pages (39/58 as the parser stood at ec57e33) took it to 4636/4743 (97.7 %);
# 4646/4742 (98.0 %) after its rule. Batch bt's page (4/11 as the parser stood at 5fff12d) took it to
# 4650/4753 (97.8 %); 4657/4753 (98.0 %) after its rules. Batch bu's two pages (27/28 as the parser stood
# at 5fff12d) took it to 4673/4770 (98.0 %), no rule added.
# 0.98 from batches bi–bu merged with the leftovers of bf–bh and bi–bn (ADR 0026, "Batches bi–bu
# merged"): 4694/4780 (98.2 %), 261 documents. A batch that takes it under may lower it while it stands as
# scored, saying so here, as batches ap, au and ax did.
# Batch bx's page (5/5 as the parser stood at 407f99a) took it to 4699/4785 (98.2 %), no rule added.
# 0.97 while batch bw (school meals, school milk, micronutrients) stood as scored: its two pages (9/24 as
# the parser stood at 407f99a) took it to 4703/4804 (97.9 %); back to 0.98 with its rules (4718/4804,
# 98.2 %). Merged with bx: 4723/4809 (98.2 %).
# 0.99 with the leftovers of batches bl–bu (worktree bumiss), all batches to bx merged: 4765/4809 (99.1 %),
# 264 documents.
# Batch cd (adolescent reproductive health and sex education): its page (8/8 as the parser stood at
# 8b3f7e9) took it to 4773/4817 (99.1 %), 265 documents, no rule added.
# Batch cf's page (11/11 as the parser stood at 8b3f7e9), merged after batch cd, took it to 4784/4828
# (99.1 %), 266 documents, no rule added.
# Batch cc (preschool and early childhood education): its page (8/11 as the parser stood at 8b3f7e9) took
# it to 4773/4820 (99.0 %); 4776/4820 (99.1 %) after its three rules; merged after batches cd and cf,
# 4795/4839 (99.1 %), 267 documents.
# 0.98 while batch cb (immunization of children) stood as scored: its three pages (15/34 as the parser
# stood at 8b3f7e9) took it to 4780/4843 (98.7 %); back to 0.99 with its rules (4795/4843, 99.01 %);
# merged after batches cd, cf and cc: 4825/4873 (99.0 %), 270 documents.
# Batch ch (reading culture and libraries for children): its page (7/8 as the parser stood at 316f700) took
# it to 4791/4836 (99.07 %), 267 documents; 4792/4836 (99.09 %) with its rule; merged after batches cc and cb:
# 4833/4881 (99.0 %), 271 documents.
# 0.98 while batch ca (child marriage and consanguineous marriage) stood as scored: its three pages
# (35/48 as the parser stood at 8b3f7e9) took it to 4800/4857 (98.8 %); back to 0.99 with its rules
# (4813/4857, 99.1 %); merged after batches cd, cf, cc, cb and ch: 4881/4929 (99.0 %), 274 documents.
# Batch cj (family education and domestic violence): its two pages (7/26 as the parser stood at 316f700)
# took it to 4791/4854 (98.7 %), 268 documents — under 0.99 while they stood as scored; back over it with
# its three rules: 4810/4854 (99.1 %); merged after batches cd, cf, cc, cb, ch and ca: 4907/4955 (99.0 %),
# 276 documents.
# Batch ce (children's summer activities): its two pages (6/46 as the parser stood at 8b3f7e9) took it to
# 4771/4855 (98.3 %, under the floor while it stood as scored); 4807/4855 (99.0 %) after its rules.
# 0.98 from batch ce's merge after batches cd, cf, cc, cb, ch, ca and cj: 4949/5001 (98.96 %), 278
# documents, two points under 0.99 — batch ce's four leftover points (its titles and VOH's leads, ADR 0026)
# weigh more in the merged corpus than on its own branch. A leftover pass may take it back to 0.99.
# Batch cg (child nutrition and stunting): its two pages (19/67 as the parser stood at 316f700) took it to
# 4803/4895 (98.1 %, under 0.99; their floors were set only after the rules), 268 documents; 4851/4895
# (99.1 %) after its four rules (a weather widget, the Prime Minister as issuer, a labelled year, a
# breakdown set apart); merged after batches cd to ce: 5016/5068 (98.97 %), 280 documents — 0.98 stays.
# Batch ci (the child protection fund, mobilising support for children): its three pages (30/81 as the
# parser stood at 316f700) took it to 4814/4909 (98.1 %, under 0.99 while they stood as scored);
# 4859/4907 (99.02 %) after its rules (sums of money and counts in a post's prose, ADR 0026); merged after
# batches cd to cg: 5091/5147 (98.9 %), 283 documents — batch ce's 0.98 stays.
# Batch cl (school health): its two pages (10/13 as the parser stood at 97caaff) took it to 4891/4942
# (98.97 %, a hair under the floor at 565aa48, the excerpts' commit); 4894/4942 (99.03 %) with its rules;
# merged after batches cd to ci: 5104/5160 (98.9 %), 285 documents — 0.98 stays.
# 0.98 while batch ck (communicable diseases of children) stands: its page (7/15 as the parser stood at
# cbc61aa) took it to 4888/4944 (98.87 %); 4890/4944 (98.91 %) with its two rules, 275 documents (its
# notice's own head and task are left, ADR 0026); merged after batches cd to cl: 5113/5175 (98.8 %), 286
# documents.
OVERALL = 0.98


def test_every_corpus_document_has_a_floor() -> None:
    assert sorted(FLOOR) == documents()
    assert len(documents()) >= 15


@pytest.mark.parametrize("name", documents())
def test_document_score(name: str) -> None:
    s = score(name)
    print(f"\n{name}: {s.right}/{s.total} = {100 * s.ratio:.1f} %")
    for miss in s.misses:
        print(f"  - {miss}")
    assert s.ratio >= FLOOR[name], s.misses


def test_overall_score() -> None:
    scores = [score(name) for name in documents()]
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    print(f"\nALL: {right}/{total} = {100 * right / total:.1f} %")
    assert right / total >= OVERALL


# The whole corpus typed without diacritics (every letter's base letter, đ → d, by code), scored against the
# same expectations (which compare text accent-folded): the parser reads it through the words it knows.
# 0.97 until batch ar (ADR 0026): its pages, scored as the parser stood (14/32 typed without
# diacritics), took the whole corpus to 3281/3385; 0.96 keeps every document's floor the guard.
# 0.95 while batch ax (ADR 0026) stood as scored: its pages (67/144 both ways) took it to 3586/3758 (95.4 %);
# 3608/3758 (96.0 %) after its rules; back to 0.97 with batch ax's leftovers (3647/3758, 97.0 %). Batch
# az's pages took it to 3658/3844 (95.2 %) as the parser stood, 3730/3843 (97.1 %) after its rules.
# Batch ba's pages (21/60 both ways as the parser stood) took it to 3699/3849 (96.1 %) on a base without
# batch az, and 3730/3849 (96.9 %) with its rules there; merged after batch az and the older leftovers it
# reads 3838/3933 (97.6 %). Batch bb's pages took it to 3846/4050 (95.0 %) on a base without batch ba,
# 3931/4050 (97.1 %) after its rules there. 0.96 from batch bb's merge after batch ba: 3984/4110 (96.9 %),
# three points short of 0.97 — batch ba's and bb's pages score the same both ways (the gap is theirs as
# written: 51/60 and 146/177), the earlier documents 3838/3933; each document's floor stays the guard.
# Back to 0.97 with batches ba and bb's leftovers (worktree bbmiss): 4024/4110 (97.9 %).
# 0.96 while batch bg (ADR 0026) stood as scored: its three pages (37/84 both ways as the parser stood)
# took it from 4132/4230 to 4169/4314 (96.6 %); back to 0.97 with its rules (4202/4313, 97.4 %).
# 0.96 while batch bh (child labour) stood as scored: its pages (17/60 both ways as the parser stood at
# a57debc) took it to 4149/4290 (96.7 %) on a base without batch bg; back to 0.97 with its two rules (a
# run-in heading of tasks, a bracket after a body). Merged after batch bg: 4251/4373 (97.2 %).
# Batch bk (children in contact with the law): its two pages (6/22 both ways as the parser stood at
# 525deef) took it to 4257/4395 (96.9 %) on a base with bg and bh; 4271/4393 (97.2 %) after its rules.
# Batch bj (alternative care, orphans): its pages (10/25 typed without diacritics as the parser stood at
# 79eb1e7) took it to 4261/4398 (96.9 %); 4264/4398 (96.95 %) after its rules, three points short: its
# letter typed without diacritics reads the verb "giao" as the word list's far commoner "giáo", so its
# assignments are not found (5/17 against 16/17 as written). Merged with bi, bk and bm: 4341/4475 (97.0 %).
# 4291/4372 (98.1 %) with the leftovers of batches bf–bh (worktree bhmiss).
# Batch bl (abuse of and violence against children): its four pages (35/79 written, 31/79 without
# diacritics as the parser stood at 79eb1e7) took it to 4282/4452 (96.2 %) on its own base; with its
# rules 4305/4449 (96.8 %) there ("giao" is given back as "giáo", so two assigned tasks are lost).
# Merged with bi–bn and the leftovers: 4489/4609 (97.4 %).
# Batch bo (places to play, children's culture and sport): its three pages (11/45 both ways as the parser
# stood at 4c1010f) took it to 4500/4654 (96.7 %); 4529/4653 (97.3 %) after its rules.
# Batch br (children in disasters and emergencies): its two pages (33/58 typed without diacritics as the
# parser stood at ec57e33) took it to 4594/4743 (96.9 %); 4604/4742 (97.1 %) after its rule and the
# correction of one law's citation to the corpus's convention.
# 4535/4608 (98.4 %) with the leftovers of batches bi–bn (worktree blmiss: "giao" before a body's name,
# the purpose's word with either mark, …).
# Batch bu (keeping children from tobacco, alcohol and drugs): its two pages (27/28 typed without
# diacritics as the parser stood at 5fff12d) took it to 4631/4770 (97.1 %), no rule added.
# Batch bt (children of workers and migrants): its page (4/11 typed without diacritics as the parser stood
# at 5fff12d) took it to 4608/4753 (96.95 %, under the floor while it stood as scored); 4614/4753
# (97.1 %) after its rules.
# 0.98 from batches bi–bu merged with the leftovers of bf–bh and bi–bn: 4688/4780 (98.1 %), 261 documents.
# Batch bx (children out of school and on the streets): its page (5/5 typed without diacritics as the
# parser stood at 407f99a) took it to 4693/4785 (98.1 %), no rule added.
# 0.97 while batch bw stood as scored: its two pages (5/24 typed without diacritics as the parser stood at
# 407f99a) took it to 4693/4804 (97.7 %); back to 0.98 with its rules (4712/4804, 98.1 %). Merged with
# bx: 4717/4809 (98.1 %).
# With the leftovers of batches bl–bu (worktree bumiss), all batches to bx merged: 4759/4809 (99.0 %,
# 98.96 %: under 0.99 by two points, so 0.98 stays).
# Batch cd: its page (8/8 typed without diacritics as the parser stood at 8b3f7e9) took it to 4767/4817
# (98.96 %), no rule added; 0.98 stays.
# Batch cf (children and HIV): its page (11/11 typed without diacritics as the parser stood at 8b3f7e9)
# took it to 4778/4828 (98.96 %) merged after batch cd, no rule added.
# Batch cc (preschool education): its page (8/11 typed without diacritics as the parser stood at 8b3f7e9)
# took it to 4767/4820 (98.9 %); 4770/4820 (98.96 %) after its three rules; merged after batches cd and
# cf, 4789/4839 (98.97 %).
# Batch cb (immunization of children): its three pages (15/34 typed without diacritics as the parser stood
# at 8b3f7e9) took it to 4774/4843 (98.6 %); 4789/4843 (98.9 %) after its rules, so 0.98 stays;
# merged after batches cd, cf and cc: 4819/4873 (98.9 %).
# Batch ch: its page (7/8 typed without diacritics as the parser stood at 316f700) took it to 4785/4836
# (98.95 %); 4786/4836 (98.97 %) with its rule; merged after batches cc and cb: 4827/4881 (98.9 %).
# Batch ca (child marriage): its three pages (35/48 typed without diacritics as the parser stood at
# 8b3f7e9), 47/48 after its rules; merged after batches cd, cf, cc, cb and ch: 4874/4929 (98.9 %).
# Batch cj: its two pages (7/26 typed without diacritics as the parser stood at 316f700) took it to
# 4785/4854 (98.6 %); 4804/4854 (98.97 %) with its three rules; merged after batches cd, cf, cc, cb, ch
# and ca: 4900/4955 (98.9 %).
# Batch ce (children's summer activities): its two pages (6/46 typed without diacritics as the parser
# stood at 8b3f7e9) took it to 4765/4855 (98.1 %); 4795/4855 (98.8 %) after its rules; merged after
# batches cd, cf, cc, cb, ch, ca and cj: 4936/5001 (98.7 %).
# Batch cg: its two pages (19/67 typed without diacritics as the parser stood at 316f700) took it to
# 4797/4895 (98.0 %); 4845/4895 (98.98 %) after its rules; merged after batches cd to ce: 5003/5068
# (98.7 %).
# Batch ci (the child protection fund, mobilising support for children): its three pages (30/81 typed
# without diacritics as the parser stood at 316f700) took it to 4808/4909 (97.94 %, under the floor while
# they stood as scored); 4853/4907 (98.9 %) after its rules; merged after batches cd to cg: 5078/5147
# (98.7 %).
# Batch cl (school health): its two pages (10/13 typed without diacritics as the parser stood at 97caaff),
# 13/13 after its rules; merged after batches cd to ci: 5091/5160 (98.7 %).
# Batch ck (communicable diseases): its page (7/15 typed without diacritics as the parser stood at
# 97caaff), 9/15 after its rules; merged after batches cd to cl: 5100/5175 (98.5 %).
WITHOUT_DIACRITICS = 0.98


def test_the_corpus_typed_without_diacritics_scores_nearly_as_written() -> None:
    scores = []
    for name in documents():
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        plain = "".join(
            unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0] if ch.isalpha() else ch
            for ch in unicodedata.normalize("NFC", text)
        )
        scores.append(score(name, parse_plan(plain)))
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    print(f"\nALL without diacritics: {right}/{total} = {100 * right / total:.1f} %")
    assert right / total >= WITHOUT_DIACRITICS
