"""A provincial officer imports seed 000 (the Tân Bình plan), corrects one extracted task, saves it,
gives the plan to a ward; the ward's worker posts progress (issue "Plans and tasks")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import build_world
from tests.browser.test_login_scope import _artifact, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]

SEED = Path(settings.BASE_DIR) / "data" / "plans" / "000_tan_binh_ke_hoach_ct33.txt"


def test_import_correct_save_derive_and_post_progress(live_server: Any, page: Any, chromium: Any) -> None:
    from treem.plans.models import Plan, PlanImport
    from treem.plans.tests.conftest import load_agency_types

    world = build_world()
    load_agency_types()
    _log_in(page, live_server.url, world.province_a.username)
    page.goto(f"{live_server.url}{reverse('plans:import')}")
    page.get_by_label("Kế hoạch của địa bàn").select_option(str(world.a.pk))
    page.get_by_label("Tệp văn bản (.txt, .docx, .pdf)").set_input_files(
        files=[{"name": SEED.name, "mimeType": "text/plain", "buffer": SEED.read_bytes()}]
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name=f"Rà soát bản nháp: {SEED.name}").wait_for()
    item = PlanImport.objects.get()
    tasks = item.draft["tasks"]
    index = next(i for i, t in enumerate(tasks) if not t["is_heading"] and t["lead"])
    lead = page.locator(f"#t{index}-lead")
    assert lead.input_value()  # the extracted lead agency is shown for review
    lead.fill("Phòng Giáo dục và Đào tạo; Ủy ban nhân dân các phường")
    page.screenshot(path=str(_artifact("plan_review.png")), full_page=False)
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.get_by_text("Đã lưu kế hoạch với").wait_for()
    plan = Plan.objects.get(derived_from__isnull=True)
    corrected = plan.tasks.get(sort_order=index)
    assert [a.text for a in corrected.agencies.filter(role="lead")] == [
        "Phòng Giáo dục và Đào tạo",
        "Ủy ban nhân dân các phường",
    ]

    page.get_by_label("Giao kế hoạch cho phường, xã hoặc cơ quan").select_option(f"unit:{world.a1.pk}")
    page.get_by_role("button", name="Giao kế hoạch").click()
    page.get_by_text("Đã giao kế hoạch").wait_for()
    ward_plan = Plan.objects.get(unit=world.a1)
    task = ward_plan.tasks.get(source_task=corrected)

    worker = chromium.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}).new_page()
    _log_in(worker, live_server.url, world.worker_a1.username)
    worker.goto(f"{live_server.url}{reverse('plans:task', args=[task.pk])}")
    worker.get_by_label("Kỳ báo cáo").fill("2026-S1")
    worker.get_by_label("Tình trạng").select_option("in_progress")
    worker.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
    worker.get_by_label("Kết quả, khó khăn, đề xuất").fill("Đã tuyên truyền tại 3 khu phố.")
    worker.get_by_label("Tài liệu minh chứng (PDF, JPG, PNG, DOCX; tối đa 10 MB mỗi tệp)").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban"}]
    )
    worker.get_by_role("button", name="Gửi cập nhật").click()
    worker.wait_for_load_state()
    worker.screenshot(path=str(_artifact("plan_progress_after.png")), full_page=True)
    worker.get_by_text("Đã cập nhật tiến độ nhiệm vụ.").wait_for()
    text = worker.locator("main").inner_text()
    assert (
        "6 tháng đầu năm 2026" in text and "Đã tuyên truyền tại 3 khu phố." in text and "bien-ban.pdf" in text
    )
    worker.screenshot(path=str(_artifact("plan_progress.png")), full_page=True)
    assert task.progress.get().evidence.count() == 1


TARGETS_ONLY = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 40/KH-UBND | Thành phố Hồ Chí Minh, ngày 10 tháng 01 năm 2025 |
THỰC HIỆN CÔNG TÁC DINH DƯỠNG TRẺ EM THÀNH PHỐ HỒ CHÍ MINH NĂM 2025
Thực hiện Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân Thành phố
ban hành Kế hoạch như sau:
1. Mục tiêu cụ thể
- Tỷ lệ trẻ em dưới 5 tuổi thừa cân, béo phì dưới 10 % ở thành thị, dưới 5 % ở nông thôn vào năm 2025.
Ghi chú: số liệu lấy từ ngành Y tế.
"""


def test_review_fixes_anything_and_saves_a_plan_of_targets(live_server: Any, page: Any) -> None:
    """Issue #17: a document with targets only; the reviewer sees dates as dd/mm/yyyy, the comparator,
    unit and breakdown of each target and the unused lines, corrects them, adds a task, survives a
    failed save without losing the corrections, and saves."""
    from treem.plans.models import Plan

    world = build_world()
    _log_in(page, live_server.url, world.province_a.username)
    page.goto(f"{live_server.url}{reverse('plans:import')}")
    page.get_by_label("Kế hoạch của địa bàn").select_option(str(world.a.pk))
    page.get_by_label("Tệp văn bản (.txt, .docx, .pdf)").set_input_files(
        files=[{"name": "dinh-duong.txt", "mimeType": "text/plain", "buffer": TARGETS_ONLY.encode()}]
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Rà soát bản nháp: dinh-duong.txt").wait_for()
    assert page.get_by_label("Ngày ban hành (dd/mm/yyyy)").input_value() == "10/01/2025"
    assert page.locator("#c0-date").input_value() == "07/01/2021"
    assert page.locator("#g0-group").input_value() == "thành thị"
    assert page.locator("#g1-comparator").input_value() == "lt"
    page.locator("#g1-comparator").select_option("le")
    page.locator("#g0-values").fill("Hằng năm: 10")  # every year of the plan (ADR 0044)
    page.get_by_label("Nội dung nhiệm vụ mới").fill("Tập huấn dinh dưỡng cho cộng tác viên")
    page.get_by_label("Chủ trì nhiệm vụ mới").fill("Sở Y tế")
    page.get_by_role("row", name="Ghi chú").get_by_label("thành nhiệm vụ").check()
    page.get_by_label("Ngày ban hành (dd/mm/yyyy)").fill("31/02/2025")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.get_by_text("Ngày ban hành phải theo dạng dd/mm/yyyy.").first.wait_for()
    assert page.locator("#g1-comparator").input_value() == "le"  # kept across the failed save
    assert page.locator("#g0-values").input_value() == "Hằng năm: 10"
    assert "Tập huấn dinh dưỡng cho cộng tác viên" in page.locator("#t0-title").input_value()
    page.screenshot(path=str(_artifact("plan_review_fix.png")), full_page=True)
    page.locator('input[name="t1-delete"]').check()  # the note line was no task after all
    page.get_by_label("Ngày ban hành (dd/mm/yyyy)").fill("10/01/2025")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.get_by_text("Đã lưu kế hoạch với 1 nhiệm vụ và 2 chỉ tiêu.").wait_for()
    plan = Plan.objects.get()
    assert sorted((t.breakdown, t.comparator) for t in plan.targets.all()) == [
        ("nông thôn", "le"),
        ("thành thị", "lt"),
    ]
    assert plan.targets.get(breakdown="thành thị").every_year
