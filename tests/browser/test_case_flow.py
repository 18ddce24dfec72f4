"""A hotline report handled to closure through the pages (Nghị định 56/2017 steps), with a referral to the
police beside the support track, and an overdue alert. The case page leads: the next legal step is the
main button, or the form to fill first; escalations are set apart and confirmed (issues #18, #19)."""

from __future__ import annotations

import base64
import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import totp

from conftest import PASSWORD, build_world
from tests.browser.test_login_scope import _enter_enrolment_code

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def _log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Every role that opens records requires two-factor authentication (ADR 0019).
    page.get_by_role("heading", name="Xác thực hai lớp").wait_for()
    _enter_enrolment_code(page, username)
    secret = page.locator("code").inner_text().strip()
    page.get_by_label("Mã xác thực").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("heading", name="Xin chào").wait_for()


def _act(page: Any, label: str, **fields: str) -> None:
    """Press one of the case's action buttons (each a small form), filling its fields first."""
    form = page.locator("form", has=page.get_by_role("button", name=label))
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def _main_step(page: Any) -> Any:
    """The main action of the "Bước tiếp theo" box: its primary button or link."""
    return page.locator(".next-step .primary").first


def test_hotline_report_to_closure(live_server: Any, chromium: Any) -> None:
    world = build_world()
    base = live_server.url

    def new_page() -> Any:
        context = chromium.new_context(locale="vi-VN", viewport={"width": 1000, "height": 900})
        p = context.new_page()
        p.set_default_timeout(15_000)
        return p

    # 1. The hotline operator files the report for Phường Sài Gòn (Mẫu 01).
    hotline = new_page()
    _log_in(hotline, base, world.hotline.username)
    hotline.goto(f"{base}/vu-viec/tiep-nhan/")
    hotline.select_option("#id_province", label="Thành phố Hồ Chí Minh")
    hotline.get_by_role("button", name="Tìm xã, phường").click()
    hotline.select_option("#id_commune", label="Phường Sài Gòn")
    hotline.select_option("#id_channel", label="Tổng đài 111")
    hotline.get_by_label("Họ và tên trẻ em (nếu biết)").fill("Lý Gia Huy")
    hotline.get_by_label("Tuổi ước tính").fill("8")
    hotline.select_option("#id_child_sex", label="Không biết")
    hotline.select_option("#id_category", label="Trẻ em bị xâm hại")
    hotline.select_option("#id_abuse_form", label="Bạo lực")
    hotline.get_by_label("Nội dung thông tin, thông báo").fill("Hàng xóm báo trẻ bị đánh, khóc nhiều đêm.")
    hotline.get_by_role("button", name="Lưu báo cáo tiếp nhận").click()
    hotline.wait_for_load_state()
    assert "Đã tiếp nhận thông tin" in hotline.locator(".messages").inner_text()
    code = hotline.locator("tbody tr td").first.inner_text().strip()
    assert code.startswith("VV-26740-")

    # 2. The commune worker takes the case and walks it to the plan.
    worker = new_page()
    _log_in(worker, base, world.worker_a1.username)
    worker.goto(f"{base}/vu-viec/")
    worker.get_by_role("link", name=code).click()
    worker.get_by_role("button", name="Nhận xử lý vụ việc").click()
    assert "Không rõ" in worker.locator("main").inner_text()  # the sex was not known: not "Nam"
    assert _main_step(worker).inner_text() == "Bắt đầu xác minh"
    _act(worker, "Bắt đầu xác minh")
    _act(worker, "Xác nhận có cơ sở, đánh giá ban đầu")
    # The 12-hour clock in hours; completing the assessment is not offered before the Mẫu 02 exists.
    assert re.search(
        r"còn \d+ giờ \d\d phút \(đến \d\d:\d\d \d\d/\d\d/\d{4}\)", worker.locator(".deadlines").inner_text()
    )
    assert worker.get_by_role("button", name="Hoàn thành đánh giá ban đầu").count() == 0
    assert _main_step(worker).inner_text() == "Ghi phiếu đánh giá nguy cơ ban đầu (Mẫu 02)"
    case_url = worker.url

    # Signs of a crime: the police are told beside the support track, after a confirmation.
    assert worker.get_by_role("button", name="Xác nhận: Chuyển cơ quan công an").is_visible() is False
    worker.locator("summary", has_text="Chuyển cơ quan công an").click()
    escalation = worker.locator("form#step-refer_to_police")
    escalation.get_by_label("Lý do, dấu hiệu cần chuyển").fill("Trẻ bị đánh gây thương tích nhiều lần.")
    escalation.get_by_label("Tôi xác nhận").check()
    escalation.get_by_role("button", name="Xác nhận: Chuyển cơ quan công an").click()
    worker.wait_for_load_state()
    assert worker.locator("#case-status").inner_text() == "Đánh giá nguy cơ ban đầu"  # the case goes on
    assert "Công an Phường Sài Gòn" in worker.locator("main").inner_text()

    _main_step(worker).click()
    worker.select_option("#id_risk_level", label="Trung bình")
    worker.select_option("#id_emergency_needed", label="Không")
    worker.get_by_role("button", name="Lưu phiếu").click()
    assert _main_step(worker).inner_text() == "Hoàn thành đánh giá ban đầu (Mẫu 02)"
    _act(worker, "Hoàn thành đánh giá ban đầu (Mẫu 02)")
    # The plan's clock in working days, never mixed with calendar days.
    assert re.search(
        r"còn \d ngày làm việc \(đến \d\d/\d\d/\d{4}\)", worker.locator(".deadlines").inner_text()
    )
    assert _main_step(worker).inner_text() == "Ghi báo cáo đánh giá chi tiết (Mẫu 03)"
    _main_step(worker).click()
    worker.select_option("#id_risk_level", label="Trung bình")
    worker.get_by_label("Biên bản họp xác định nhu cầu hỗ trợ").fill("Họp với gia đình và nhà trường.")
    worker.get_by_role("button", name="Lưu phiếu").click()
    _act(worker, "Hoàn thành đánh giá chi tiết (Mẫu 03)")
    assert _main_step(worker).inner_text() == "Soạn kế hoạch hỗ trợ, can thiệp (Mẫu 04)"
    _main_step(worker).click()
    worker.get_by_label("Mục tiêu của kế hoạch").fill("Bảo đảm an toàn cho trẻ tại gia đình.")
    worker.locator("#id_svc-0-description").fill("Tham vấn tâm lý cho trẻ")
    worker.locator("#id_svc-0-due_date").fill("30/06/2030")
    worker.get_by_role("button", name="Lưu kế hoạch").click()
    _act(worker, "Trình phê duyệt kế hoạch (Mẫu 04)")
    assert worker.locator("#case-status").inner_text() == "Chờ phê duyệt kế hoạch"

    # 3. The chairman approves (Mẫu 05) in a separate browser context, with the second factor.
    chairman = new_page()
    _log_in(chairman, base, world.chairman_a1.username)
    chairman.goto(case_url)
    number = chairman.get_by_label("Số, ký hiệu quyết định")
    assert number.input_value() == "" and number.get_attribute("placeholder") is None  # not looking filled
    assert "15/QĐ-UBND" in chairman.locator(".next-step .hint").inner_text()  # the example is a hint below
    _act(chairman, "Phê duyệt kế hoạch (Mẫu 05)", decision_number="21/QĐ-UBND")
    assert chairman.locator("#case-status").inner_text() == "Đang thực hiện kế hoạch"

    # 4. Review (Mẫu 06) and closure.
    worker.goto(case_url)
    _act(worker, "Bắt đầu rà soát (Mẫu 06)")
    assert _main_step(worker).inner_text() == "Ghi phiếu rà soát, đánh giá (Mẫu 06)"
    _main_step(worker).click()
    for criterion in ("harm_severity", "abuser_access", "care_obstacles"):
        worker.select_option(f"#id_{criterion}", value="low")
    worker.select_option("#id_self_protection", label="Trung bình")
    worker.select_option("#id_risk_level", label="Thấp")
    worker.select_option("#id_child_stable", label="Có")
    worker.get_by_role("button", name="Lưu phiếu").click()
    assert _main_step(worker).inner_text() == "Kết thúc vụ việc"
    _act(worker, "Kết thúc vụ việc")
    assert worker.locator("#case-status").inner_text() == "Đã kết thúc"
    timeline = worker.locator(".timeline").inner_text()
    assert "Phê duyệt kế hoạch (Mẫu 05)" in timeline and "Trần Văn Minh" in timeline
    assert "Chuyển cơ quan công an" in timeline

    # 5. An old report whose 12-hour clock ran out shows as overdue on the list.
    from treem.cases import services

    old = services.case_intake_create(
        actor=world.hotline,
        commune=world.a1,
        data={
            "channel": "phone",
            "category": "risk",
            "summary": "Trẻ ở nhà một mình nhiều ngày.",
            "received_at": timezone.now() - datetime.timedelta(days=2),
            "reported_child": {"full_name": "Mai Anh", "estimated_age": 6, "sex": "F"},
        },
    )
    services.deadlines_scan()
    worker.goto(f"{base}/vu-viec/")
    row = worker.locator("tbody tr", has_text=old.code)
    assert "Quá hạn" in row.inner_text()
    assert worker.locator("tbody tr").first.inner_text().startswith(old.code)  # overdue first
