"""Two people for access to children (ADR 0019, issue #14, 6).

Reported: the system administrator, who holds no child permission, created a commune-worker account,
logged in as it and saw every child.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from treem.accounts import access, services
from treem.accounts.models import Assignment, Role, User
from treem.accounts.permissions import CHILD_PERMISSIONS, NEEDS_APPROVAL
from treem.accounts.roles import ROLES
from treem.audit.models import AuditEvent
from treem.cases import access as case_access
from treem.core.errors import ApplicationError
from treem.core.models import Notification

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-moi-rat-dai-2026"


def _role(code: str) -> Role:
    return Role.objects.get(code=code)


def _admin_creates_worker(world: Any) -> User:
    return services.user_create_with_assignment(
        actor=world.sysadmin,
        username="canbo.moi",
        full_name="Cán Bộ Mới",
        password=PASSWORD,
        unit=world.a1,
        role=_role("commune_worker"),
    )


def test_admin_created_worker_sees_no_child(world: Any, login: Any) -> None:
    worker = _admin_creates_worker(world)
    assignment = Assignment.objects.get(user=worker)
    assert assignment.pending
    assert access.active_assignments(worker) == []
    assert not access.has_perm(worker, "registry.view_child")
    client = login(worker)
    assert client.get(reverse("registry:list")).status_code == 404
    assert (
        client.get("/api/v1/children").status_code in (401, 403, 404)
        or client.get("/api/v1/children").json().get("count", 0) == 0
    )


def test_pending_is_notified_to_the_chairman(world: Any) -> None:
    world.chairman_a1.email = "chutich@example.vn"
    world.chairman_a1.save()
    _admin_creates_worker(world)
    assert Notification.objects.filter(user=world.chairman_a1, kind="accounts.approval").exists()
    assert any("chutich@example.vn" in m.to for m in mail.outbox)
    assert not Notification.objects.filter(user=world.sysadmin, kind="accounts.approval").exists()


def test_chairman_approves_and_it_is_audited(world: Any, login: Any) -> None:
    worker = _admin_creates_worker(world)
    assignment = Assignment.objects.get(user=worker)
    client = login(world.chairman_a1)
    page = client.get(reverse("accounts:approvals"))
    assert page.status_code == 200
    assert "canbo.moi" in page.content.decode()
    response = client.post(
        reverse("accounts:approvals"), {"assignment": assignment.pk, "decision": "approve"}
    )
    assert response.status_code == 200
    link = response.context["link"]
    assert "/tai-khoan/dat-mat-khau/" in link
    assignment.refresh_from_db()
    assert not assignment.pending
    assert assignment.approved_by == world.chairman_a1
    worker = User.objects.get(pk=worker.pk)
    access.forget(worker)
    assert access.has_perm(worker, "registry.view_child", world.a1)
    # The password the administrator typed no longer works: the person sets their own through the link.
    assert not worker.check_password(PASSWORD)
    assert AuditEvent.objects.filter(
        action="accounts.assignment.approved", actor_id=world.chairman_a1.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action="accounts.assignment.created", actor_id=world.sysadmin.pk
    ).exists()
    assert Notification.objects.filter(user=world.sysadmin, kind="accounts.approval").exists()


def test_password_link_is_single_use(world: Any, client: Any) -> None:
    worker = _admin_creates_worker(world)
    link = services.assignment_approve(
        actor=world.chairman_a1, assignment=Assignment.objects.get(user=worker)
    )
    assert link
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    new = "Mat-khau-cua-rieng-toi-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(new)
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_admin_cannot_approve_own_creation(world: Any) -> None:
    # Even a superuser who also manages users: it holds no approving permission, and never for its own.
    worker = _admin_creates_worker(world)
    assignment = Assignment.objects.get(user=worker)
    with pytest.raises(access.AccessDenied):
        services.assignment_approve(actor=world.sysadmin, assignment=assignment)
    assert services.approvals_pending(world.sysadmin) == []
    world.sysadmin.is_superuser = True
    world.sysadmin.save()
    access.forget(world.sysadmin)
    with pytest.raises(access.AccessDenied):
        services.assignment_approve(actor=world.sysadmin, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.pending


def test_approver_cannot_approve_what_they_created(world: Any) -> None:
    # A province officer's assignment to a chairman at a commune is active at once (a data owner gave it);
    # an approver cannot approve a pending one they created themselves.
    user = services.user_create(actor="test", username="nguoi.moi", full_name="Người Mới", password=None)
    assignment = services.assignment_create(
        actor=world.sysadmin, user=user, unit=world.a1, role=_role("village_collaborator")
    )
    Assignment.objects.filter(pk=assignment.pk).update(created_by=world.chairman_a1)
    assignment.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.assignment_approve(actor=world.chairman_a1, assignment=assignment)


def test_foreign_chairman_cannot_approve(world: Any) -> None:
    worker = services.user_create_with_assignment(
        actor=world.sysadmin,
        username="canbo.b1",
        full_name="Cán Bộ B",
        password=PASSWORD,
        unit=world.b1,
        role=_role("commune_worker"),
    )
    with pytest.raises(access.AccessDenied):
        services.assignment_approve(actor=world.chairman_a1, assignment=Assignment.objects.get(user=worker))
    # The province B officer is the data owner above B1 (no chairman there in the test world).
    services.assignment_approve(actor=world.province_b, assignment=Assignment.objects.get(user=worker))


def test_reject_ends_it(world: Any) -> None:
    worker = _admin_creates_worker(world)
    assignment = Assignment.objects.get(user=worker)
    services.assignment_reject(actor=world.chairman_a1, assignment=assignment)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert services.approvals_pending(world.chairman_a1) == []
    assert AuditEvent.objects.filter(action="accounts.assignment.rejected").exists()


def test_a_decided_assignment_is_not_decided_again(world: Any) -> None:
    worker = _admin_creates_worker(world)
    stale = Assignment.objects.get(user=worker)  # the page a second data owner still has open
    services.assignment_approve(actor=world.chairman_a1, assignment=Assignment.objects.get(user=worker))
    for decide in (services.assignment_approve, services.assignment_reject):
        with pytest.raises(ApplicationError, match="không còn chờ phê duyệt"):
            decide(actor=world.province_a, assignment=stale)
    assert Assignment.objects.filter(pk=stale.pk, pending=False).exists()
    event = AuditEvent.objects.get(action="accounts.assignment.approved")
    summary = {"user": "canbo.moi", "role": "commune_worker", "created_by": world.sysadmin.username}
    assert event.after == summary


def test_password_reset_by_admin_puts_child_access_back_to_pending(world: Any) -> None:
    services.user_set_password(actor=world.sysadmin, user=world.worker_a1, password=PASSWORD)
    access.forget(world.worker_a1)
    assert not access.has_perm(world.worker_a1, "registry.view_child")
    assert Assignment.objects.get(user=world.worker_a1).pending
    assert AuditEvent.objects.filter(action="accounts.assignment.reopened").exists()


def test_password_reset_by_data_owner_keeps_access(world: Any) -> None:
    services.user_set_password(actor=world.province_a, user=world.worker_a1, password=PASSWORD)
    assert not Assignment.objects.get(user=world.worker_a1).pending


def test_non_child_role_is_active_at_once(world: Any) -> None:
    user = services.user_create(actor="test", username="quantri2", full_name="Quản Trị", password=None)
    a = services.assignment_create(
        actor=world.sysadmin, user=user, unit=world.nation, role=_role("system_admin")
    )
    assert not a.pending


def test_approving_role_needs_approval_too(world: Any) -> None:
    user = services.user_create(actor="test", username="trunguong", full_name="Trung Ương", password=None)
    a = services.assignment_create(
        actor=world.sysadmin, user=user, unit=world.nation, role=_role("national_officer")
    )
    assert a.pending


def test_superuser_holds_no_child_permission(world: Any) -> None:
    root = User.objects.create_superuser(username="root", password=PASSWORD, full_name="Gốc")
    for perm in NEEDS_APPROVAL:
        assert not access.has_perm(root, perm), perm
    assert access.has_perm(root, "accounts.manage_user")
    assert not (access.get_access(root).permissions & CHILD_PERMISSIONS)


def test_system_admin_role_holds_no_child_permission() -> None:
    (admin,) = [r for r in ROLES if r.code == "system_admin"]
    assert not set(admin.permissions) & NEEDS_APPROVAL


def test_approvals_page_needs_the_permission(world: Any, login: Any) -> None:
    assert login(world.sysadmin).get(reverse("accounts:approvals")).status_code == 404


def test_assign_role_command_appoints_a_first_data_owner(world: Any) -> None:
    import io

    from django.core.management import call_command

    user = services.user_create(actor="test", username="trunguong", full_name="Trung Ương", password=None)
    call_command("assign_role", "trunguong", "national_officer", "VN", stdout=io.StringIO())
    assert access.has_perm(user, "accounts.approve_access", world.nation)


def test_reported_scenario_on_the_pages(world: Any, login: Any) -> None:
    """The administrator creates a commune worker on the page, logs in as it with the password they
    typed: no child, no case, no break-glass — until the chairman approves, and then the password the
    administrator knows no longer works."""
    from django.test import Client

    from treem.cases import services as case_services

    admin = login(world.sysadmin)
    created = admin.post(
        reverse("accounts:user_create"),
        {
            "username": "canbo.gia",
            "full_name": "Cán Bộ Giả",
            "email": "",
            "phone": "",
            "job_title": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "unit": world.a1.pk,
            "role": _role("commune_worker").pk,
            "agency": "",
        },
        follow=True,
    )
    assert created.status_code == 200
    assert "phê duyệt" in created.content.decode()
    fake = User.objects.get(username="canbo.gia")
    case = case_services.case_intake_create(
        actor=world.hotline,
        commune=world.a1,
        data={
            "channel": "hotline_111",
            "category": "abuse",
            "abuse_form": "violence",
            "setting": "family",
            "summary": "Hàng xóm báo trẻ bị cha đánh nhiều lần.",
            "reported_child": {"full_name": "Lê Minh Khoa", "estimated_age": 9, "sex": "M"},
            "informant_consent": False,
            "informant_name": "Người báo tin",
        },
    )
    as_fake = Client(REMOTE_ADDR="10.1.0.9")
    creds = {"username": "canbo.gia", "password": PASSWORD}
    assert as_fake.post(reverse("accounts:login"), creds).status_code == 302
    assert as_fake.get(reverse("registry:list")).status_code == 404
    assert as_fake.get(f"/api/v1/cases/{case.pk}").status_code in (401, 404)
    access.forget(fake)
    with pytest.raises(access.AccessDenied):
        case_services.break_glass_open(actor=fake, case=case, reason="Khẩn cấp, cần xem ngay hồ sơ")
    with pytest.raises(access.AccessDenied):
        case_access.access_case(fake, case.pk, file=False)

    services.assignment_approve(actor=world.chairman_a1, assignment=Assignment.objects.get(user=fake))
    assert Client(REMOTE_ADDR="10.1.0.9").post(reverse("accounts:login"), creds).status_code == 200  # refused
