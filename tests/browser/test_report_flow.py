"""A ward worker writes and sends the yearly report, the city's officer returns it with a comment, and
the worker downloads the report as DOCX (issue "Periodic reports")."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from conftest import build_world
from tests.browser.test_login_scope import _artifact, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def test_send_return_and_download(live_server: Any, page: Any, chromium: Any) -> None:
    from docx import Document as Docx

    from treem.indicators.reference import load_indicators
    from treem.plans import services as plans
    from treem.plans.tests.conftest import hand_draft, load_agency_types
    from treem.reporting import services
    from treem.reporting.models import Obligation

    world = build_world()
    load_agency_types()
    load_indicators()
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    plan = plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    plans.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    services.obligations_generate(2026)
    ward = Obligation.objects.get(unit=world.a1, period="2026")

    _log_in(page, live_server.url, world.worker_a1.username)
    page.goto(f"{live_server.url}{reverse('reporting:list')}?year=2026")
    page.get_by_role("link", name=str(world.a1)).first.click()
    page.get_by_label("I. Kết quả thực hiện").fill("Tuyên truyền Luật Trẻ em tại 4 khu phố.")
    page.get_by_label("III. Đề xuất, kiến nghị").fill("Tập huấn cho cộng tác viên.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_text("Đã gửi báo cáo lên cấp trên.").wait_for()
    assert "Đã gửi, chờ duyệt" in page.locator("main").inner_text()

    officer = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    _log_in(officer, live_server.url, world.province_a.username)
    officer.goto(f"{live_server.url}{reverse('reporting:detail', args=[ward.pk])}")
    officer.get_by_label("Trả lại để sửa").check()
    officer.get_by_label("Nhận xét, yêu cầu sửa").fill("Bổ sung số trẻ em được hỗ trợ.")
    officer.get_by_role("button", name="Ghi ý kiến").click()
    officer.get_by_text("Đã trả lại báo cáo.").wait_for()

    page.reload()
    assert "Bổ sung số trẻ em được hỗ trợ." in page.locator("main").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    download = info.value
    assert download.suggested_filename.endswith("-du-thao.docx")
    with open(download.path(), "rb") as fh:
        document = Docx(io.BytesIO(fh.read()))
    texts = [p.text for p in document.paragraphs]
    letterhead = document.tables[0].cell(0, 1).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead and "Độc lập - Tự do - Hạnh phúc" in letterhead
    assert "Tuyên truyền Luật Trẻ em tại 4 khu phố." in texts
    page.screenshot(path=str(_artifact("report_returned.png")), full_page=True)
