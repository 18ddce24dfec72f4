from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.cases import services
from treem.cases.choices import Action, CaseStatus
from treem.cases.models import Attachment, Case, CaseEvent, Deadline
from treem.cases.tests.test_services import _intake, case_in_state
from treem.registry.models import Child

pytestmark = pytest.mark.django_db


def _intake_post(world: Any, **over: Any) -> dict[str, Any]:
    data = {
        "op": "save",
        "channel": "phone",
        "received_date": "03/03/2026",
        "received_time": "09:15",
        "commune": str(world.a1.pk),
        "child_name": "Trần Bảo Ngọc",
        "child_age": "7",
        "child_sex": "F",
        "category": "abuse",
        "abuse_form": "violence",
        "setting": "family",
        "summary": "Trẻ bị đánh nhiều vết bầm trên tay.",
        "informant_consent": "",
        "informant_name": "Nguyễn Văn Hàng Xóm",
        "perp-TOTAL_FORMS": "3",
        "perp-INITIAL_FORMS": "0",
        "perp-0-relationship": "step_parent",
        "perp-0-sex": "M",
        "perp-0-age_group": "31_50",
        **over,
    }
    return data


def test_intake_form_with_errors_writes_nothing(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    cases, children = Case.objects.count(), Child.objects.count()
    response = client.post(
        reverse("cases:intake"), _intake_post(world, summary="", abuse_form="", child_age="")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Cần chọn hình thức xâm hại." in body
    assert "Cần ngày sinh hoặc tuổi ước tính" in body
    # The summary at the top, drawn by the server (no script needed), links each error to its field.
    summary = body[
        body.index('class="error-summary"') : body.index("</div>", body.index('class="error-summary"'))
    ]
    assert 'href="#id_abuse_form"' in summary and "Chưa lưu được" in summary
    assert Case.objects.count() == cases and Child.objects.count() == children


def test_intake_success_creates_the_case_and_drops_the_informant_without_consent(
    world: Any, login: Any
) -> None:
    client = login(world.worker_a1)
    response = client.post(reverse("cases:intake"), _intake_post(world))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.unit == world.a1 and case.child.full_name == "Trần Bảo Ngọc" and case.child.is_provisional
    assert timezone.localtime(case.received_at).strftime("%d/%m/%Y %H:%M") == "03/03/2026 09:15"
    assert case.informant_name == ""
    assert case.perpetrators.get().relationship == "step_parent"


def test_hotline_chooses_a_commune_by_province(world: Any, login: Any) -> None:
    client = login(world.hotline)
    page = client.get(reverse("cases:intake"), {"province": world.a.pk})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Phường Sài Gòn" in body and "Phường Tân Sơn Nhất" in body and "Ba Đình" not in body
    response = client.post(
        reverse("cases:intake"),
        _intake_post(world, province=str(world.a.pk), commune=str(world.a2.pk), informant_consent="on"),
    )
    case = Case.objects.get()
    assert case.unit == world.a2 and case.informant_name == "Nguyễn Văn Hàng Xóm"
    assert response["Location"] == reverse("cases:list")  # the hotline cannot open the file


def test_intake_links_an_existing_child_found_by_search(world: Any, login: Any) -> None:
    child = _intake(world).child
    client = login(world.worker_a1)
    found = client.post(reverse("cases:intake"), _intake_post(world, op="search", child_q="Khoa"))
    assert found.status_code == 200 and "Lê Minh Khoa" in found.content.decode()
    client.post(reverse("cases:intake"), _intake_post(world, child_id=str(child.pk), child_age=""))
    assert Case.objects.filter(child=child).count() == 2


def test_transition_buttons_and_approval_only_by_the_chairman(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    worker = login(world.worker_a1)
    body = worker.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Phê duyệt kế hoạch (Mẫu 05)" not in body  # no button for the worker
    response = worker.post(
        reverse("cases:transition", args=[case.pk]),
        {"action": Action.APPROVE_PLAN, "version": case.version, "decision_number": "1/QĐ"},
        follow=True,
    )
    assert "Vai trò của bạn không được thực hiện bước này." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN_PENDING_APPROVAL
    chairman = login(world.chairman_a1)
    body = chairman.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Phê duyệt kế hoạch (Mẫu 05)" in body
    response = chairman.post(
        reverse("cases:transition", args=[case.pk]),
        {"action": Action.APPROVE_PLAN, "version": case.version},
        follow=True,
    )
    assert "Cần số, ký hiệu quyết định" in response.content.decode()
    chairman.post(
        reverse("cases:transition", args=[case.pk]),
        {"action": Action.APPROVE_PLAN, "version": case.version, "decision_number": "15/QĐ-UBND"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IMPLEMENTING


def test_stale_version_is_refused_with_what_changed(world: Any, login: Any) -> None:
    case = _intake(world)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    stale = case.version
    services.case_transition(actor=world.worker_a1, case_id=case.pk, action=Action.START_VERIFICATION)
    client = login(world.worker_a1)
    response = client.post(
        reverse("cases:transition", args=[case.pk]),
        {"action": Action.START_VERIFICATION, "version": stale},
        follow=True,
    )
    body = response.content.decode()
    assert "đã được người khác cập nhật" in body
    assert "Bắt đầu xác minh" in body and "Đang xác minh" in body
    assert Case.objects.get(pk=case.pk).status == CaseStatus.VERIFYING


def test_overdue_badge_on_list_and_detail(world: Any, login: Any) -> None:
    old = _intake(world, received_at=timezone.now() - datetime.timedelta(days=2))
    fresh = _intake(world)
    services.case_assign_worker(actor=world.worker_a1, case=old, worker=world.worker_a1)
    services.deadlines_scan()
    client = login(world.worker_a1)
    body = client.get(reverse("cases:list")).content.decode()
    assert body.count("Quá hạn") == 1
    assert body.index(old.code) < body.index(fresh.code)  # overdue first
    only = client.get(reverse("cases:list"), {"overdue": "1"}).content.decode()
    assert old.code in only and fresh.code not in only
    detail = client.get(reverse("cases:detail", args=[old.pk])).content.decode()
    assert "badge danger" in detail and "Quá hạn" in detail


def test_sexual_abuse_cases_are_masked_in_the_list(world: Any, login: Any) -> None:
    case = _intake(
        world,
        abuse_form="sexual_abuse",
        sexual_abuse_subtype="molestation",
        reported_child={"full_name": "Đỗ Thị Kín", "estimated_age": 12, "sex": "F"},
    )
    client = login(world.province_a)
    body = client.get(reverse("cases:list")).content.decode()
    table = body[body.index("<tbody>") :]
    assert case.code in table and "Đỗ Thị Kín" not in table and "Xâm hại tình dục" not in table
    assert "Hồ sơ hạn chế" in table
    filtered = client.get(reverse("cases:list"), {"abuse_form": "sexual_abuse"}).content.decode()
    assert case.code not in filtered  # a filter must not reveal the form of abuse either
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    body = login(world.worker_a1).get(reverse("cases:list")).content.decode()
    assert "Đỗ Thị Kín" in body


def test_list_but_not_open_gives_403_and_break_glass_is_audited(world: Any, login: Any) -> None:
    case = _intake(world)
    client = login(world.worker_a1)  # of the commune, not assigned: may break the glass (ADR 0018)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 403 and "Mở hồ sơ khẩn cấp" in response.content.decode()
    short = client.post(reverse("cases:break_glass", args=[case.pk]), {"reason": "gấp"})
    assert short.status_code == 400
    client.post(
        reverse("cases:break_glass", args=[case.pk]), {"reason": "Trẻ đang gặp nguy hiểm, cần xem ngay."}
    )
    assert AuditEvent.objects.filter(action="cases.case.break_glass", object_id=str(case.pk)).count() == 1
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="cases.case.viewed", object_id=str(case.pk)).count() == 1


def test_attachment_is_served_only_to_those_who_can_open_the_file(world: Any, login: Any) -> None:
    case = _intake(world)
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    worker = login(world.worker_a1)
    bad = SimpleUploadedFile("x.exe", b"MZ....", content_type="application/octet-stream")
    worker.post(reverse("cases:attachment_upload", args=[case.pk]), {"file": bad})
    assert not Attachment.objects.exists()
    fake = SimpleUploadedFile("gia.pdf", b"not a pdf", content_type="application/pdf")
    worker.post(reverse("cases:attachment_upload", args=[case.pk]), {"file": fake})
    assert not Attachment.objects.exists()
    pdf = SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    worker.post(reverse("cases:attachment_upload", args=[case.pk]), {"file": pdf})
    item = Attachment.objects.get()
    assert "Biên bản" not in item.file.name and item.file.name.endswith(".pdf")
    response = worker.get(reverse("cases:attachment", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert AuditEvent.objects.filter(action="cases.case.viewed", extra__view="attachment").count() == 1
    for user in (world.province_a, world.police_a1, world.worker_a2, world.hotline):
        assert login(user).get(reverse("cases:attachment", args=[item.pk])).status_code == 404, user


def test_agency_sees_only_referred_cases_and_responds(world: Any, login: Any) -> None:
    referred = case_in_state(world, CaseStatus.INITIAL_ASSESSMENT)
    other = _intake(world, reported_child={"full_name": "Phan Văn Khác", "estimated_age": 5, "sex": "M"})
    from treem.geo.models import Agency

    health = Agency.objects.get(name="Sở Y tế Thành phố Hồ Chí Minh")
    ref = services.referral_create(
        actor=world.worker_a1, case=referred, agency=health, kind="health", reason="Khám"
    )
    client = login(world.agency_a)
    body = client.get(reverse("cases:list")).content.decode()
    assert referred.code in body and other.code not in body
    assert client.get(reverse("cases:detail", args=[referred.pk])).status_code == 404
    page = client.get(reverse("cases:referral_respond", args=[ref.pk]))
    assert page.status_code == 200 and "Khám" in page.content.decode()
    client.post(reverse("cases:referral_respond", args=[ref.pk]), {"status": "accepted", "note": "Đã nhận"})
    ref.refresh_from_db()
    assert ref.status == "accepted"
    assert login(world.police_a1).get(reverse("cases:referral_respond", args=[ref.pk])).status_code == 404


def test_assessment_and_plan_pages(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.INITIAL_ASSESSMENT)
    client = login(world.worker_a1)
    url = reverse("cases:assess", args=[case.pk, "initial"])
    assert client.post(url, {"risk_level": "high"}).status_code == 400
    client.post(
        url, {"risk_level": "high", "harm_level": "medium", "emergency_needed": "0", "physical": "Bầm tay"}
    )
    assert case.assessments.get().content["physical"] == "Bầm tay"
    case = services.case_transition(
        actor=world.worker_a1, case_id=case.pk, action=Action.SUBMIT_INITIAL_ASSESSMENT
    )
    client.post(
        reverse("cases:assess", args=[case.pk, "detailed"]),
        {"risk_level": "medium", "meeting_minutes": "Họp"},
    )
    case = services.case_transition(
        actor=world.worker_a1, case_id=case.pk, action=Action.SUBMIT_DETAILED_ASSESSMENT
    )
    response = client.post(
        reverse("cases:plan", args=[case.pk]),
        {
            "goals": "An toàn cho trẻ",
            "review_date": "30/06/2030",
            "svc-TOTAL_FORMS": "2",
            "svc-INITIAL_FORMS": "0",
            "svc-0-description": "Tham vấn tâm lý",
            "svc-0-responsible": "Cô Lan",
            "svc-0-due_date": "15/06/2030",
            "svc-0-status": "planned",
            "svc-1-description": "Thăm gia đình",
            "svc-1-due_date": "20/06/2030",
            "svc-1-status": "planned",
        },
    )
    assert response.status_code == 302
    plan = case.plans.get()
    assert plan.services.count() == 2 and plan.review_date == datetime.date(2030, 6, 30)


def test_case_page_opens_in_bounded_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    case = case_in_state(world, CaseStatus.IMPLEMENTING)
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, at=now, actor=world.worker_a1, action="note", note=f"Ghi chú {i}")
            for i in range(200)
        ]
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                case=case,
                file=f"cases/x{i}.pdf",
                name=f"tep-{i}.pdf",
                content_type="application/pdf",
                size=10,
            )
            for i in range(50)
        ]
    )
    client = login(world.worker_a1)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert response.content.decode().count(".pdf") == 50  # every attachment listed


def test_documents_download_is_audited(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.IMPLEMENTING)
    client = login(world.chairman_a1)
    response = client.get(reverse("cases:document", args=[case.pk, 5]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{case.code}-mau-05.docx"'
    assert client.get(reverse("cases:document", args=[case.pk, 9])).status_code == 404
    assert AuditEvent.objects.filter(action="cases.case.viewed", extra__view="document").count() == 1


def test_deadline_rows_exist_for_the_list_query(world: Any) -> None:
    _intake(world)
    assert Deadline.objects.filter(met_at__isnull=True).count() == 1


def test_seed_demo_cases_is_idempotent(world: Any) -> None:
    from django.core.management import call_command

    from treem.cases.tests.test_demo_cases import seed_demo_world

    seed_demo_world(world)
    call_command("seed_demo_cases", stdout=None)
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert len(statuses) == 13
    assert {"closed", "not_substantiated", "plan_pending_approval", "implementing", "received"} <= set(
        statuses
    )
    assert Case.objects.filter(abuse_form="sexual_abuse").count() == 2
    assert Deadline.objects.filter(missed_notified_at__isnull=False).exists()  # the overdue one
    assert Case.objects.filter(referrals__isnull=False).count() == 3  # the police twice, the health office
    call_command("seed_demo_cases", stdout=None)
    assert Case.objects.count() == 13


def test_worker_takes_an_unassigned_case_and_chairman_assigns(world: Any, login: Any) -> None:
    case = _intake(world)  # filed by the hotline: nobody handles it yet
    worker = login(world.worker_a1)
    page = worker.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 403 and "Nhận xử lý vụ việc" in page.content.decode()
    worker.post(reverse("cases:assign", args=[case.pk]))
    assert list(case.workers.all()) == [world.worker_a1]
    assert worker.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    second = _intake(world)
    services.case_assign_worker(actor=world.chairman_a1, case=second, worker=world.worker_a1)
    other = login(world.province_a)
    assert other.post(reverse("cases:assign", args=[second.pk])).status_code == 404  # not a commune worker


def test_intake_page_shows_dates_as_dd_mm_yyyy_and_accepts_a_birth_date(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    body = client.get(reverse("cases:intake")).content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in body
    client.post(reverse("cases:intake"), _intake_post(world, child_age="", child_dob="05/06/2015"))
    case = Case.objects.get()
    assert case.child.date_of_birth == datetime.date(2015, 6, 5)
    assert case.reported_child["date_of_birth"] == "2015-06-05"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"received_date": "31/12/9999"}, "1900–2199"),  # the date field's own bounds come first
        ({"received_date": "01/01/0001"}, "1900–2199"),
        ({"received_date": "31/12/2099"}, "tương lai"),
        ({"received_date": "01/01/2016"}, "01/07/2017"),
        ({"child_dob": "01/01/2999", "child_age": ""}, "1900–2199"),
        ({"child_dob": "01/01/2099", "child_age": ""}, "sau hôm nay"),
        ({"child_dob": "01/01/1900", "child_age": ""}, "18 tuổi"),
    ],
)
def test_intake_form_refuses_implausible_dates(
    world: Any, login: Any, over: dict[str, str], message: str
) -> None:
    response = login(world.worker_a1).post(reverse("cases:intake"), _intake_post(world, **over))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Case.objects.exists()


def test_review_form_asks_the_three_criteria_and_self_protection(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.REVIEWING)
    client = login(world.worker_a1)
    url = reverse("cases:assess", args=[case.pk, "review"])
    page = client.get(url).content.decode()
    assert "Khả năng tiếp cận trẻ em của đối tượng xâm hại" in page
    assert "Khả năng tự bảo vệ, phục hồi của trẻ em" in page
    assert client.post(url, {"risk_level": "low", "child_stable": "1"}).status_code == 400
    response = client.post(
        url,
        {
            "risk_level": "low",
            "child_stable": "1",
            "harm_severity": "low",
            "abuser_access": "low",
            "care_obstacles": "medium",
            "self_protection": "high",
        },
    )
    assert response.status_code == 302
    content = case.assessments.get(kind="review").content
    assert (content["care_obstacles"], content["self_protection"]) == ("medium", "high")
