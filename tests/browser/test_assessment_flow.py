"""A ward records a children's forum with a named child and its minutes, self-assesses and submits; the
city's officer returns it with a comment; the ward corrects and resubmits; the officer accepts and
recognises it; QĐ 23 indicator 1 moves (issue #16, child-friendly commune)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import build_world
from tests.browser.test_login_scope import _artifact, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]


def _indicator_1(unit: Any) -> Any:
    from treem.indicators.models import Indicator
    from treem.indicators.selectors import figure

    return figure(Indicator.objects.get(code="QD23-01"), unit, 2024)


def test_activity_self_assessment_return_and_recognition(
    live_server: Any, page: Any, chromium: Any, tmp_path: Any
) -> None:
    from treem.assessment import services
    from treem.assessment.models import CommuneAssessment, SubCriterion
    from treem.assessment.reference import load_criteria
    from treem.assessment.tests.conftest import enter_all, make_child
    from treem.indicators.reference import load_indicators
    from treem.registry.reference import load_circumstances

    world = build_world()
    load_circumstances()
    load_indicators()
    load_criteria()
    # Every sub-criterion is entered by hand at its maximum except 11.1 (children's participation, read
    # from the activities) and 13.1 (satisfaction survey, entered by the ward in the browser).
    SubCriterion.objects.exclude(code="11.1").update(rule="manual")
    services.round_generate(actor=None, year=2024)
    a = CommuneAssessment.objects.get(unit=world.a1, round__year=2024)
    enter_all(a, {})
    a.entries.filter(sub__code__in=["11.1", "13.1"]).delete()
    child = make_child(world.a1, datetime.date(2012, 4, 1))
    assert _indicator_1(world.a).value == 0

    _log_in(page, live_server.url, world.worker_a1.username)
    page.goto(f"{live_server.url}{reverse('activities:create')}")
    page.get_by_label("Loại hoạt động").select_option("forum")
    page.get_by_label("Địa bàn tổ chức").select_option(str(world.a1.pk))
    page.get_by_label("Tên hoạt động").fill("Diễn đàn trẻ em phường Sài Gòn 2024")
    page.get_by_label("Từ ngày").fill("15/06/2024")
    page.get_by_label("Trẻ em có hồ sơ trong cơ sở dữ liệu (số hồ sơ)").fill(str(child.pk))
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes of the forum")
    page.get_by_label("Tài liệu minh chứng (PDF, JPG, PNG, DOCX; tối đa 10 MB mỗi tệp)").set_input_files(
        str(minutes)
    )
    page.get_by_role("button", name="Ghi nhận").click()
    page.get_by_text("Đã ghi nhận hoạt động.").wait_for()

    page.goto(f"{live_server.url}{reverse('assessment:detail', args=[a.pk])}")
    row = page.locator("#tc-11\\.1")
    assert "40/40" in row.inner_text() and "1 lượt trẻ em" in row.inner_text()
    page.get_by_label("Ngày họp tự đánh giá").fill("05/11/2024")
    page.get_by_label("Biên bản cuộc họp").fill("Hội nghị tự đánh giá ngày 05/11/2024.")
    page.get_by_role("button", name="Lưu phần tự đánh giá").click()
    page.get_by_text("Đã lưu phần tự đánh giá.").wait_for()
    page.get_by_role("button", name="Gửi hồ sơ đề nghị công nhận").click()
    page.get_by_text("Đã cập nhật hồ sơ đánh giá.").wait_for()
    assert "Đã gửi, chờ kiểm tra" in page.locator("#status").inner_text()

    officer = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    _log_in(officer, live_server.url, world.province_a.username)
    officer.goto(f"{live_server.url}{reverse('assessment:detail', args=[a.pk])}")
    officer.get_by_label("Ý kiến, lý do").first.fill(
        "Bổ sung kết quả khảo sát mức độ hài lòng (tiêu chí 13)."
    )
    officer.get_by_role("button", name="Trả lại để bổ sung").click()
    officer.get_by_text("Đã cập nhật hồ sơ đánh giá.").wait_for()

    page.reload()
    assert "Bổ sung kết quả khảo sát mức độ hài lòng" in page.locator("main").inner_text()
    row = page.locator("#tc-13\\.1")
    row.get_by_text("Nhập điểm, minh chứng").click()
    row.get_by_label("Điểm (0–50)").fill("45")
    row.get_by_label("Kết quả, số liệu").fill("90% trẻ em và người dân hài lòng")
    row.get_by_label("Minh chứng (PDF, JPG, PNG, DOCX)").set_input_files(str(minutes))
    row.get_by_role("button", name="Ghi điểm 13.1").click()
    page.get_by_text("Đã ghi điểm tiêu chí 13.1.").wait_for()
    page.get_by_role("button", name="Gửi hồ sơ đề nghị công nhận").click()
    page.get_by_text("Đã cập nhật hồ sơ đánh giá.").wait_for()

    officer.reload()
    officer.get_by_role("button", name="Xác nhận đã kiểm tra").click()
    officer.get_by_text("Đã cập nhật hồ sơ đánh giá.").wait_for()
    officer.get_by_label("Số, ký hiệu quyết định").first.fill("25/QĐ-UBND")
    officer.get_by_role("button", name="Quyết định công nhận").click()
    officer.get_by_text("Đã cập nhật hồ sơ đánh giá.").wait_for()
    assert "Được công nhận" in officer.locator("#status").inner_text()
    with officer.expect_download() as info:
        officer.get_by_role("link", name="Tải quyết định công nhận (DOCX)").click()
    assert info.value.suggested_filename.endswith(".docx")

    a.refresh_from_db()
    assert a.status == "recognised" and a.total == 995
    fig = _indicator_1(world.a)
    assert (fig.numerator, fig.denominator) == (1, 2)
    officer.screenshot(path=str(_artifact("assessment_recognised.png")), full_page=True)
