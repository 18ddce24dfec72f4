"""Break-glass only inside the commune; provincial officers ask for a time-limited grant that someone else
approves (issue #14, ADR 0018)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from treem.accounts.access import AccessDenied
from treem.audit.models import AuditEvent
from treem.cases import rules, selectors, services
from treem.cases.access import can_open_case_file
from treem.cases.models import CaseAccessGrant, CaseAccessRequest
from treem.cases.tests.test_services import _intake
from treem.core.errors import ApplicationError
from treem.core.models import Notification

pytestmark = pytest.mark.django_db
REASON = "Cần xem hồ sơ để phối hợp với Sở Y tế."


def _sexual_abuse_case(world: Any) -> Any:
    case = _intake(world, abuse_form="sexual_abuse", sexual_abuse_subtype="molestation")
    services.case_assign_worker(actor=world.worker_a1, case=case, worker=world.worker_a1)
    return case


def _second_province_officer(world: Any) -> Any:
    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create

    user = User.objects.create_user(username="province_a2", full_name="Phan Thị Duyệt", email="duyet@x.vn")
    assignment_create(
        actor=None,
        user=user,
        unit=world.a,
        role=Role.objects.get(code="province_officer"),
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    return user


def test_provincial_officer_can_no_longer_break_glass(world: Any, login: Any) -> None:
    case = _sexual_abuse_case(world)
    with pytest.raises(AccessDenied):
        services.break_glass_open(actor=world.province_a, case=case, reason=REASON)
    client = login(world.province_a)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 403
    body = page.content.decode()
    assert "Mở hồ sơ khẩn cấp</button>" not in body and "Xin xem hồ sơ" in body
    response = client.post(reverse("cases:break_glass", args=[case.pk]), {"reason": REASON})
    assert response.status_code == 404
    assert not CaseAccessGrant.objects.filter(user=world.province_a).exists()
    for url in ("cases:detail", "cases:document"):
        assert client.get(reverse(url, args=[case.pk])).status_code in (403, 404)


def test_old_break_glass_grant_of_a_provincial_officer_opens_nothing(world: Any) -> None:
    case = _sexual_abuse_case(world)
    CaseAccessGrant.objects.create(
        case=case,
        user=world.province_a,
        granted_by=world.province_a,
        reason=REASON,
        break_glass=True,
        valid_until=timezone.now() + datetime.timedelta(hours=24),
    )
    assert not can_open_case_file(world.province_a, case)
    assert selectors.openable_ids(world.province_a, [case]) == set()
    filtered = selectors.case_list(
        user=world.province_a, filters=selectors.CaseFilters(abuse_form="sexual_abuse")
    )
    assert case not in filtered


def test_commune_break_glass_alerts_chairman_and_province_by_code_only(world: Any) -> None:
    world.chairman_a1.email = "chutich@x.vn"
    world.chairman_a1.save()
    world.province_a.email = "tinh@x.vn"
    world.province_a.save()
    case = _sexual_abuse_case(world)
    assert not can_open_case_file(world.worker_a2, case)  # another commune: not even listed
    with pytest.raises(AccessDenied):
        services.break_glass_open(actor=world.worker_a2, case=case, reason=REASON)
    mail.outbox.clear()
    services.break_glass_open(actor=world.chairman_a1, case=case, reason="Trẻ đang gặp nguy hiểm ngay.")
    assert can_open_case_file(world.chairman_a1, case)
    alerted = set(
        Notification.objects.filter(kind="case.break_glass").values_list("user__username", flat=True)
    )
    assert alerted == {"province_a"}  # the chairman broke the glass: the province is told
    assert [m.to for m in mail.outbox] == [["tinh@x.vn"]]
    assert case.code in mail.outbox[0].subject and "Lê Minh Khoa" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="cases.case.break_glass", object_id=str(case.pk)).count() == 1


def test_worker_break_glass_notifies_chairman_and_province(world: Any) -> None:
    from treem.accounts.models import Role, User
    from treem.accounts.services import assignment_create

    other = User.objects.create_user(username="worker_a1b", full_name="Hồ Văn Trực")
    assignment_create(
        actor=None,
        user=other,
        unit=world.a1,
        role=Role.objects.get(code="commune_worker"),
        valid_from=datetime.date(2025, 7, 1),
        check_actor=False,
    )
    case = _sexual_abuse_case(world)
    assert not can_open_case_file(other, case)
    services.break_glass_open(actor=other, case=case, reason="Trẻ đang gặp nguy hiểm ngay.")
    assert can_open_case_file(other, case)
    alerted = set(
        Notification.objects.filter(kind="case.break_glass").values_list("user__username", flat=True)
    )
    assert alerted == {"chairman_a1", "province_a"}
    for n in Notification.objects.filter(kind="case.break_glass"):
        assert case.code in n.title and "Lê Minh Khoa" not in n.title


def test_request_approved_by_chairman_opens_within_validity_then_expires(world: Any, login: Any) -> None:
    world.chairman_a1.email = "chutich@x.vn"
    world.chairman_a1.save()
    case = _sexual_abuse_case(world)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login(world.province_a)
        with pytest.raises(ApplicationError):
            services.access_request_create(
                actor=world.province_a, case=case, reason=REASON, hours=rules.ACCESS_GRANT_MAX_HOURS + 1
            )
        mail.outbox.clear()
        response = client.post(
            reverse("cases:access_request", args=[case.pk]), {"reason": REASON, "hours": "4"}
        )
        assert response.status_code == 302
        item = CaseAccessRequest.objects.get()
        assert item.state() == "pending" and item.hours == 4
        assert not can_open_case_file(world.province_a, case)
        assert Notification.objects.filter(user=world.chairman_a1, kind="case.access_requested").exists()
        assert any(case.code in m.subject and m.to == ["chutich@x.vn"] for m in mail.outbox)
        chairman = login(world.chairman_a1)
        review = chairman.get(reverse("cases:access_review"))
        assert review.status_code == 200 and REASON in review.content.decode()
        chairman.post(
            reverse("cases:access_decide", args=[item.pk]), {"decision": "approve", "note": "Đồng ý."}
        )
        item.refresh_from_db()
        assert item.state() == "approved" and item.decided_by == world.chairman_a1
        assert Notification.objects.filter(user=world.province_a, kind="case.access_decided").exists()
        client = login(world.province_a)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=3, minutes=59), tick=False):
        assert can_open_case_file(world.province_a, case)
    with time_machine.travel(start + datetime.timedelta(hours=4, minutes=1), tick=False):
        assert not can_open_case_file(world.province_a, case)
        item.refresh_from_db()
        assert item.state() == "expired"
        assert login(world.province_a).get(reverse("cases:detail", args=[case.pk])).status_code == 403
    actions = set(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {"cases.access_request.created", "cases.access_request.approved"} <= actions


def test_requester_cannot_approve_own_request_but_a_colleague_can(world: Any, login: Any) -> None:
    case = _sexual_abuse_case(world)
    item = services.access_request_create(actor=world.province_a, case=case, reason=REASON, hours=2)
    with pytest.raises(AccessDenied):
        services.access_request_decide(actor=world.province_a, request_id=item.pk, approve=True)
    response = login(world.province_a).post(
        reverse("cases:access_decide", args=[item.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "pending" and not can_open_case_file(world.province_a, case)
    for outsider in (world.province_b, world.worker_a1, world.leader_a):
        with pytest.raises(AccessDenied):
            services.access_request_decide(actor=outsider, request_id=item.pk, approve=True)
    colleague = _second_province_officer(world)
    assert (
        Notification.objects.filter(kind="case.access_requested", user=colleague).count() == 0
    )  # came later
    services.access_request_decide(actor=colleague, request_id=item.pk, approve=False, note="Chưa cần.")
    item.refresh_from_db()
    assert item.state() == "refused" and not can_open_case_file(world.province_a, case)
    with pytest.raises(ApplicationError):
        services.access_request_decide(actor=colleague, request_id=item.pk, approve=True)


def test_request_notifies_chairman_and_other_provincial_officers(world: Any) -> None:
    colleague = _second_province_officer(world)
    case = _sexual_abuse_case(world)
    services.access_request_create(actor=world.province_a, case=case, reason=REASON, hours=2)
    told = set(
        Notification.objects.filter(kind="case.access_requested").values_list("user__username", flat=True)
    )
    assert told == {"chairman_a1", colleague.username}
    assert [m.to for m in mail.outbox] == [["duyet@x.vn"]]
    assert "Lê Minh Khoa" not in mail.outbox[0].body and case.code in mail.outbox[0].body


def test_review_page_is_scoped(world: Any, login: Any) -> None:
    case = _sexual_abuse_case(world)
    services.break_glass_open(actor=world.chairman_a1, case=case, reason="Mở để kiểm tra khẩn cấp.")
    item = services.access_request_create(actor=world.province_a, case=case, reason=REASON, hours=2)
    chairman = login(world.chairman_a1)
    chairman.get(reverse("cases:detail", args=[case.pk]))
    page = login(world.province_a).get(reverse("cases:access_review"))
    body = page.content.decode()
    assert page.status_code == 200 and "Mở để kiểm tra khẩn cấp." in body and case.code in body
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}: hồ sơ vụ việc", body)  # what the chairman opened
    assert "Lê Minh Khoa" not in body
    assert 'name="decision"' not in body  # province_a's own request: no buttons for them
    other = login(world.province_b).get(reverse("cases:access_review"))
    assert other.status_code == 200 and case.code not in other.content.decode()
    assert (
        login(world.province_b)
        .post(reverse("cases:access_decide", args=[item.pk]), {"decision": "approve"})
        .status_code
        == 404
    )
    for user in (world.worker_a1, world.hotline, world.leader_a):
        assert login(user).get(reverse("cases:access_review")).status_code == 404
    page = login(world.chairman_a1).get(reverse("cases:access_review"))
    assert 'name="decision"' in page.content.decode()
