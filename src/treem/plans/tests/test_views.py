from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from treem.plans import services
from treem.plans.models import Plan, PlanImport
from treem.plans.tests.conftest import hand_draft

pytestmark = pytest.mark.django_db

SMALL_PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH
Số: 125/KH-UBND
Thành phố Hồ Chí Minh, ngày 10 tháng 01 năm 2025

KẾ HOẠCH
Thực hiện công tác bảo vệ trẻ em năm 2025

Căn cứ Chỉ thị số 28-CT/TW ngày 25 tháng 12 năm 2023 của Bộ Chính trị về tăng cường công tác chăm sóc,
giáo dục và bảo vệ trẻ em;

I. MỤC ĐÍCH, YÊU CẦU
- Bảo đảm môi trường sống an toàn cho trẻ em.

II. NHIỆM VỤ, GIẢI PHÁP
1. Tuyên truyền Luật Trẻ em tại các khu phố
- Đơn vị chủ trì: Sở Y tế.
- Đơn vị phối hợp: Ủy ban nhân dân các phường, xã.
- Thời gian thực hiện: Hằng năm.

2. Rà soát trẻ em có hoàn cảnh đặc biệt
- Đơn vị chủ trì: Ủy ban nhân dân các phường, xã.
- Thời gian thực hiện: Trước ngày 30/6/2025.

III. TỔ CHỨC THỰC HIỆN
Ủy ban nhân dân các phường, xã báo cáo kết quả thực hiện về Sở Y tế trước ngày 05 tháng 12 hằng năm.
"""


def test_import_review_correct_and_save(world: Any, login: Any, agency_types: Any) -> None:
    client = login(world.province_a)
    upload = SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    item = PlanImport.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "125/KH-UBND" in html and "Tuyên truyền Luật Trẻ em" in html
    assert "Đơn vị chủ trì: Sở Y tế." in html  # the source lines beside the item
    tasks = item.draft["tasks"]
    first = next(i for i, t in enumerate(tasks) if "Tuyên truyền" in t["title"])
    form = {"version": item.version, "action": "save", f"t{first}-lead": "Sở Giáo dục và Đào tạo"}
    response = client.post(reverse("plans:import_review", args=[item.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    task = plan.tasks.get(title__startswith="Tuyên truyền")
    lead = task.agencies.get(role="lead")
    assert lead.text == "Sở Giáo dục và Đào tạo" and lead.type_code == "so_gddt"
    assert plan.deadlines.filter(periodicity="yearly", day=5, month=12).exists()
    # Saved once: the review page now leads to the plan, and a stale second save is refused.
    again = client.post(reverse("plans:import_review", args=[item.pk]), form)
    assert again.status_code == 302 and again["Location"] == reverse("plans:detail", args=[plan.pk])


def test_a_plan_typed_without_diacritics_is_read_and_the_review_page_says_so(
    world: Any, login: Any, agency_types: Any
) -> None:
    plain = "".join(
        unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0] if ch.isalpha() else ch
        for ch in SMALL_PLAN
    )
    client = login(world.province_a)
    upload = SimpleUploadedFile("ke-hoach.txt", plain.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(response["Location"]).content.decode()
    assert "Văn bản được viết không dấu tiếng Việt" in html  # the warning, in Vietnamese with its marks
    assert "125/KH-UBND" in html and "Tuyen truyen Luat Tre em" in html  # the document's own words
    item = PlanImport.objects.get()
    tasks = item.draft["tasks"]
    first = next(t for t in tasks if t["title"].startswith("Tuyen truyen"))
    assert [a["type_code"] for a in first["lead"]] == ["so_y_te"]
    assert first["timeframe"]["kind"] == "yearly"
    form = {"version": item.version, "action": "save"}
    response = client.post(reverse("plans:import_review", args=[item.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.deadlines.filter(periodicity="yearly", day=5, month=12).exists()


def test_review_reports_errors_without_saving(world: Any, login: Any, agency_types: Any) -> None:
    client = login(world.province_a)
    upload = SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.encode("utf-8"), content_type="text/plain")
    client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    item = PlanImport.objects.get()
    response = client.post(
        reverse("plans:import_review", args=[item.pk]),
        {"version": item.version, "action": "save", "doc-date": "32/13/2025", "doc-title": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày ban hành phải theo dạng dd/mm/yyyy." in html and "Chưa có trích yếu" in html
    assert not Plan.objects.exists()
    stale = client.post(reverse("plans:import_review", args=[item.pk]), {"version": 99, "action": "update"})
    assert "người khác sửa" in stale.content.decode()


def test_upload_errors_are_vietnamese(world: Any, login: Any) -> None:
    client = login(world.province_a)
    bad = SimpleUploadedFile(
        "ke-hoach.xls", b"\xd0\xcf\x11\xe0 old excel", content_type="application/vnd.ms-excel"
    )
    response = client.post(reverse("plans:import"), {"unit": world.a.pk, "file": bad})
    assert response.status_code == 200 and "không được hỗ trợ" in response.content.decode()
    empty = client.post(reverse("plans:import"), {"unit": world.a.pk})
    assert "Chọn tệp văn bản kế hoạch." in empty.content.decode()
    assert not PlanImport.objects.exists()


def test_plan_page_derive_and_post_progress(world: Any, login: Any, agency_types: Any) -> None:
    from treem.indicators.reference import load_indicators

    load_indicators()
    plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())
    client = login(world.province_a)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Tuyên truyền Luật Trẻ em" in page and "Chỉ tiêu 1" in page and "05/12" in page
    assert f'value="unit:{world.a1.pk}"' in page  # a ward can receive the plan
    response = client.post(reverse("plans:derive", args=[plan.pk]), {"target": f"unit:{world.a1.pk}"})
    ward_plan = Plan.objects.get(unit=world.a1)
    assert response["Location"] == reverse("plans:detail", args=[ward_plan.pk])
    task = ward_plan.tasks.get(number="II.1")
    worker = login(world.worker_a1)
    assert (
        worker.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    )  # the city's plan, read-only
    response = worker.post(
        reverse("plans:task", args=[task.pk]),
        {"period": "2026-S1", "status": "late", "percent": "30", "narrative": ""},
    )
    assert "Hãy nêu khó khăn" in response.content.decode()
    response = worker.post(
        reverse("plans:task", args=[task.pk]),
        {"period": "2026-S1", "status": "in_progress", "percent": "30", "narrative": "Đã họp 2 khu phố."},
    )
    assert response.status_code == 302
    city_page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Đơn vị được giao" in city_page and "0/1 hoàn thành" in city_page
    city_task = client.get(reverse("plans:task", args=[task.source_task_id])).content.decode()
    assert "Tiến độ tại các đơn vị được giao" in city_task and "30%" in city_task
    assert worker.get(reverse("plans:task", args=[task.pk])).status_code == 200
    other = login(world.worker_a2)
    assert other.get(reverse("plans:task", args=[task.pk])).status_code == 404
    assert (
        other.post(reverse("plans:task", args=[task.source_task_id]), {"period": "2026"}).status_code == 404
    )


def test_a_ward_adjusts_an_inherited_target(world: Any, login: Any, agency_types: Any) -> None:
    from decimal import Decimal

    from treem.indicators.models import Target
    from treem.indicators.reference import load_indicators

    load_indicators()
    plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())
    ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    target = ward.targets.get()
    client = login(world.province_a)
    url = reverse("plans:target", args=[target.pk])
    response = client.post(url, {"values": "năm sau: 100"}, follow=True)
    assert "Giá trị chỉ tiêu phải theo dạng" in response.content.decode()
    client.post(url, {"values": "2025: 99,5; 2030: 100"})
    assert Target.objects.get(unit=world.a1, indicator__code="QD23-14", year=2025).value == Decimal("99.5")
    assert (
        login(world.worker_a1).post(url, {"values": "2030: 90"}).status_code == 404
    )  # a ward worker does not plan


def test_a_deadline_without_a_day_is_completed_on_review(world: Any, login: Any, agency_types: Any) -> None:
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR) / "data" / "plans" / "001_long_khanh_306_kh_ubnd.txt"
    client = login(world.province_a)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    item = PlanImport.objects.get()
    kinds = [d["periodicity"] for d in item.draft["deadlines"]]
    yearly = kinds.index("yearly")
    url = reverse("plans:import_review", args=[item.pk])
    bad = client.post(
        url, {"version": item.version, "action": "save", f"d{yearly}-day": "5", f"d{yearly}-month": "13"}
    )
    assert "Tháng của hạn báo cáo phải từ 1 đến 12." in bad.content.decode()
    item.refresh_from_db()  # the failed save kept the corrections: the page now carries the next version
    client.post(
        url, {"version": item.version, "action": "save", f"d{yearly}-day": "5", f"d{yearly}-month": "12"}
    )
    plan = Plan.objects.get()
    assert plan.deadlines.filter(periodicity="yearly", day=5, month=12).exists()
    assert plan.deadlines.filter(periodicity="quarterly", day=20, month=None).exists()  # the default


def test_an_agency_officer_finds_the_agency_s_tasks_from_the_plan_list(world: Any, login: Any) -> None:
    from treem.accounts.access import active_assignments

    health = next(a.agency for a in active_assignments(world.agency_a) if a.agency)
    page = login(world.agency_a).get(reverse("plans:list")).content.decode()
    assert reverse("plans:agency", args=[health.pk]) in page and f"Nhiệm vụ giao cho {health.name}" in page


TARGETS_ONLY = """ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 40/KH-UBND | Thành phố Hồ Chí Minh, ngày 10 tháng 01 năm 2025 |
THỰC HIỆN CÔNG TÁC DINH DƯỠNG TRẺ EM THÀNH PHỐ HỒ CHÍ MINH NĂM 2025
Thực hiện Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân Thành phố
ban hành Kế hoạch như sau:
1. Mục tiêu cụ thể
- Tỷ lệ trẻ em dưới 5 tuổi thừa cân, béo phì dưới 10 % ở thành thị, dưới 5 % ở nông thôn vào năm 2025.
Ghi chú: số liệu lấy từ ngành Y tế.
"""


def test_review_adds_removes_and_keeps_corrections_across_a_failed_save(
    world: Any, login: Any, agency_types: Any
) -> None:
    client = login(world.province_a)
    upload = SimpleUploadedFile("dinh-duong.txt", TARGETS_ONLY.encode("utf-8"), content_type="text/plain")
    client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    item = PlanImport.objects.get()
    assert not item.draft["tasks"] and len(item.draft["targets"]) == 2
    url = reverse("plans:import_review", args=[item.pk])
    html = client.get(url).content.decode()
    assert "10/01/2025" in html and "2025-01-10" not in html  # dates as dd/mm/yyyy
    assert "07/01/2021" in html  # the cited decision's date too
    assert 'name="g0-comparator"' in html and 'name="g0-unit"' in html and "thành thị" in html
    assert "Dòng chưa dùng" in html and "Ghi chú: số liệu lấy từ ngành Y tế." in html
    note = next(n for n, text in enumerate(item.lines, start=1) if text.startswith("Ghi chú"))
    form = {
        "version": item.version,
        "action": "save",
        "doc-date": "31/02/2025",  # wrong: the save fails
        "g1-comparator": "le",
        "c0-delete": "on",
        "cnew-number": "1248/QĐ-TTg",
        "cnew-date": "19/07/2021",
        "cnew-issuer": "Thủ tướng Chính phủ",
        "tnew-title": "Tập huấn dinh dưỡng cho cộng tác viên",
        "tnew-lead": "Sở Y tế",
        "dnew-day": "15",
        "dnew-month": "12",
        "line-use": f"task:{note}",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày ban hành phải theo dạng dd/mm/yyyy." in html
    item.refresh_from_db()  # the corrections are kept even though the plan was not saved
    draft = item.draft
    assert draft["targets"][1]["comparator"] == "le" and draft["cites"][0]["deleted"]
    assert draft["cites"][-1]["number"] == "1248/QĐ-TTg" and draft["cites"][-1]["date"] == "2021-07-19"
    assert [t["title"] for t in draft["tasks"]] == [
        "Tập huấn dinh dưỡng cho cộng tác viên",
        "Ghi chú: số liệu lấy từ ngành Y tế.",
    ]
    assert draft["deadlines"][-1]["day"] == 15
    reloaded = client.get(url).content.decode()
    assert "Tập huấn dinh dưỡng cho cộng tác viên" in reloaded and 'value="31/02/2025"' in reloaded
    response = client.post(
        url,  # the page shows the removed citation ticked, so the browser sends it again
        {
            "version": item.version,
            "action": "save",
            "doc-date": "10/01/2025",
            "t1-delete": "on",
            "c0-delete": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert [t.title for t in plan.tasks.all()] == ["Tập huấn dinh dưỡng cho cộng tác viên"]
    assert sorted((t.breakdown, t.comparator) for t in plan.targets.all()) == [
        ("nông thôn", "le"),
        ("thành thị", "lt"),
    ]
    links = plan.document.links_out.select_related("target")
    assert [link.target.number for link in links] == ["1248/QĐ-TTg"]  # 23/QĐ-TTg was removed
    assert plan.deadlines.filter(day=15, month=12).exists()


def test_a_plan_with_targets_and_no_tasks_saves_from_the_review(world: Any, login: Any) -> None:
    client = login(world.province_a)
    upload = SimpleUploadedFile("dinh-duong.txt", TARGETS_ONLY.encode("utf-8"), content_type="text/plain")
    client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    item = PlanImport.objects.get()
    url = reverse("plans:import_review", args=[item.pk])
    response = client.post(url, {"version": item.version, "action": "save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert not plan.tasks.exists() and plan.targets.count() == 2


def test_review_splits_a_task_by_lines_and_merges_one_into_the_task_above(
    world: Any, login: Any, agency_types: Any
) -> None:
    client = login(world.province_a)
    upload = SimpleUploadedFile("ke-hoach.txt", SMALL_PLAN.encode("utf-8"), content_type="text/plain")
    client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    item = PlanImport.objects.get()
    tasks = item.draft["tasks"]
    first = next(i for i, t in enumerate(tasks) if t["title"].startswith("Tuyên truyền"))
    second = next(i for i, t in enumerate(tasks) if t["title"].startswith("Rà soát"))
    url = reverse("plans:import_review", args=[item.pk])
    form = {
        "version": item.version,
        "action": "update",
        f"t{first}-title": "Tuyên truyền Luật Trẻ em tại các khu phố\nTổ chức diễn đàn trẻ em",
        f"t{first}-split": "on",
        f"t{second}-merge": "on",
    }
    assert client.post(url, form).status_code == 200
    item.refresh_from_db()
    kept = [t for t in item.draft["tasks"] if not t.get("deleted")]
    titles = [t["title"] for t in kept]
    split = titles.index("Tuyên truyền Luật Trẻ em tại các khu phố")
    assert titles[split + 1] == "Tổ chức diễn đàn trẻ em"
    assert not any(t.startswith("Rà soát") for t in titles)
    assert "Rà soát trẻ em có hoàn cảnh đặc biệt" in kept[split + 1]["body"]  # merged into the task above


EVERY_YEAR_PLAN = """ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 77/KH-UBND
Bình An, ngày 10 tháng 01 năm 2025

KẾ HOẠCH
Hỗ trợ trẻ em bị ảnh hưởng bởi thiên tai

I. MỤC TIÊU
1. Hằng năm, 100% trẻ em bị ảnh hưởng bởi thiên tai được hỗ trợ kịp thời.
2. 90% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế vào năm 2026.

II. NHIỆM VỤ, GIẢI PHÁP
1. Rà soát trẻ em bị ảnh hưởng bởi thiên tai.
- Đơn vị chủ trì: Sở Y tế.
"""


def test_review_shows_and_keeps_an_every_year_value_and_the_plan_page_judges_it(
    world: Any, login: Any, agency_types: Any
) -> None:
    from decimal import Decimal

    from django.utils import timezone

    from treem.indicators.models import Indicator, ReportedValue
    from treem.indicators.reference import load_indicators

    load_indicators()
    this_year = timezone.localdate().year
    client = login(world.province_a)
    upload = SimpleUploadedFile("thien-tai.txt", EVERY_YEAR_PLAN.encode("utf-8"), content_type="text/plain")
    client.post(reverse("plans:import"), {"unit": world.a.pk, "file": upload})
    item = PlanImport.objects.get()
    assert [t["values"] for t in item.draft["targets"]] == [{"yearly": 100}, {"2026": 90}]
    url = reverse("plans:import_review", args=[item.pk])
    html = client.get(url).content.decode()
    assert 'name="g0-values" value="Hằng năm: 100"' in html and "«Hằng năm: giá trị»" in html
    form = {
        "version": item.version,
        "action": "save",
        "doc-date": "32/01/2025",  # wrong: the save fails
        "plan-start": str(this_year - 1),
        "plan-end": str(this_year + 1),
        "g0-indicator": "QD23-12",
        "g0-values": "Hằng năm: 100",
        "g1-values": "hàng năm: 95",  # the reviewer makes the second one every year too
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Ngày ban hành phải theo dạng dd/mm/yyyy." in response.content.decode()
    item.refresh_from_db()
    assert [t["values"] for t in item.draft["targets"]] == [{"yearly": 100}, {"yearly": 95}]
    reloaded = client.get(url).content.decode()
    assert 'name="g1-values" value="Hằng năm: 95"' in reloaded
    response = client.post(url, dict(form, **{"doc-date": "10/01/2025", "version": item.version}))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert [[(v.year, v.value) for v in t.values.all()] for t in plan.targets.all()] == [
        [(None, Decimal("100"))],
        [(None, Decimal("95"))],
    ]
    ind = Indicator.objects.get(code="QD23-12")
    ReportedValue.objects.create(
        unit=world.a, indicator=ind, year=this_year, numerator=45, denominator=50, value=Decimal("90")
    )
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'value="Hằng năm: 100"' in page  # the planner's adjust field, as typed back
    assert f"Chưa đạt: 90, mục tiêu ≥ 100 hằng năm (năm {this_year})." in page
    card = client.get(reverse("indicators:scorecard"), {"unit": world.a.pk, "year": this_year})
    assert "(hằng năm)" in card.content.decode()
