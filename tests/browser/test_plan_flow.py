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
