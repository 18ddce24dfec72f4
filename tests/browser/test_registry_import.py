"""A commune worker imports a children list: row errors in Vietnamese, the corrected file's dry run, the
commit, and the imported children in the list, found without accents (issue "Children register", import)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import build_world
from tests.browser.test_login_scope import _artifact, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]

HEADER = "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Họ tên mẹ,Điện thoại của mẹ\n"
BAD = (
    HEADER
    + "Nguyễn Thị Hồng,05/06/2015,Nữ,079315012345,Kinh,Lê Thị Mai,0912345678\n"
    + "Trần Văn Bảo,2016-11-20,Nam,,Kinh,,\n"  # not dd/mm/yyyy
    + "Phạm Gia Huy,01/02/2017,X,,,,\n"  # neither Nam nor Nữ
)
GOOD = BAD.replace("2016-11-20", "20/11/2016").replace(",X,", ",Nam,")


def _upload(page: Any, base_url: str, name: str, text: str) -> None:
    page.goto(f"{base_url}{reverse('registry:import')}")
    page.get_by_label("Tệp CSV hoặc XLSX").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()


def test_worker_imports_a_corrected_file(live_server: Any, page: Any) -> None:
    from treem.registry.models import Child
    from treem.registry.reference import load_circumstances, load_ethnicities

    world = build_world()
    load_ethnicities()
    load_circumstances()
    _log_in(page, live_server.url, world.worker_a1.username)

    _upload(page, live_server.url, "tre-em-loi.csv", BAD)
    page.get_by_role("heading", name="Có 2 lỗi — chưa dòng nào được ghi").wait_for()
    rows = page.locator("main table tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert "Ngày sinh" in rows[0] and "không phải ngày hợp lệ theo định dạng dd/mm/yyyy" in rows[0]
    assert rows[0].startswith("3") and rows[1].startswith("4")
    assert "Giới tính phải là Nam, Nữ hoặc Không rõ." in rows[1]
    assert Child.objects.count() == 0

    _upload(page, live_server.url, "tre-em.csv", GOOD)
    page.get_by_role("heading", name="Tệp hợp lệ: 3 dòng").wait_for()
    assert "Sẽ thêm mới 3 trẻ em và cập nhật 0 trẻ em." in page.locator("main").inner_text()
    assert Child.objects.count() == 0  # the dry run writes nothing
    page.get_by_role("button", name="Ghi vào cơ sở dữ liệu").click()
    page.get_by_role("heading", name="Đã ghi xong").wait_for()
    assert "Đã thêm mới 3 trẻ em" in page.locator("main").inner_text()
    assert Child.objects.filter(commune=world.a1).count() == 3

    page.goto(f"{live_server.url}/tre-em/")
    listing = page.locator("main").inner_text()
    for name in ("Nguyễn Thị Hồng", "Trần Văn Bảo", "Phạm Gia Huy"):
        assert name in listing
    page.get_by_label("Tìm theo họ tên").fill("nguyen thi hong")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Nguyễn Thị Hồng").click()
    page.get_by_role("heading", name="Nguyễn Thị Hồng").wait_for()
    assert "Lê Thị Mai" in page.locator("main").inner_text()
    page.screenshot(path=str(_artifact("registry_import_child.png")), full_page=True)
