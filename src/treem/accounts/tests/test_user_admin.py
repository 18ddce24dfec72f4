"""User administration: provincial administrators manage users only inside their province."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from treem.accounts import services
from treem.accounts.models import Assignment, Role, User
from treem.audit import actions
from treem.audit.models import AuditEvent
from treem.core.errors import ApplicationError, ConcurrentEditError

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cay-xanh-ben-song-2026"


def _role(code: str) -> Role:
    return Role.objects.get(code=code)


def _create_form(unit: Any, role: str, **extra: Any) -> dict[str, Any]:
    data = {
        "username": "nguyenvan.an",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "0901234567",
        "job_title": "Công chức văn hóa – xã hội",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "unit": unit.pk,
        "role": _role(role).pk,
        "agency": "",
    }
    data.update(extra)
    return data


# --- pages ------------------------------------------------------------------------------------------


def test_province_admin_creates_user_in_own_commune(world: Any, login: Any) -> None:
    client = login(world.province_a)
    page = client.get(reverse("accounts:user_create"))
    assert page.status_code == 200
    units = set(page.context["form"].fields["unit"].queryset)
    assert {world.a, world.a1, world.a2} <= units
    assert not units & {world.b, world.b1, world.b2, world.nation}

    response = client.post(reverse("accounts:user_create"), _create_form(world.a1, "commune_worker"))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    user = User.objects.get(username="nguyenvan.an")
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"user_id": user.pk})
    assert user.full_name == "Nguyễn Văn An"
    assert user.check_password(NEW_PASSWORD)
    assert user.must_change_password
    assignment = Assignment.objects.get(user=user)
    assert (assignment.unit, assignment.role.code, assignment.created_by) == (
        world.a1,
        "commune_worker",
        world.province_a,
    )
    events = AuditEvent.objects.filter(actor_id=world.province_a.pk)
    assert events.filter(action=actions.USER_CREATED, object_id=str(user.pk)).exists()
    assert events.filter(action=actions.ASSIGNMENT_CREATED, unit_id=world.a1.pk).exists()

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Người làm công tác bảo vệ trẻ em cấp xã" in body
    assert "Phường Sài Gòn" in body


def test_create_form_refuses_foreign_unit_and_writes_nothing(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.post(reverse("accounts:user_create"), _create_form(world.b1, "commune_worker"))
    assert response.status_code == 200
    assert "Địa bàn không hợp lệ." in response.content.decode()
    assert not User.objects.filter(username="nguyenvan.an").exists()


def test_create_form_refuses_level_mismatch_and_writes_nothing(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.post(reverse("accounts:user_create"), _create_form(world.a, "commune_worker"))
    assert response.status_code == 200
    assert "không thể phân công tại Thành phố Hồ Chí Minh" in response.content.decode()
    assert not User.objects.filter(username="nguyenvan.an").exists()
    assert not AuditEvent.objects.filter(action=actions.USER_CREATED).exists()


def test_create_form_validates_every_field(world: Any, login: Any) -> None:
    client = login(world.province_a)
    data = _create_form(
        world.a1,
        "commune_worker",
        username="worker_a1",
        full_name="",
        email="không-phải-email",
        phone="abc",
        password1="12345678",
        password2="12345678",
    )
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["username"] == ["Tên đăng nhập này đã có người dùng."]
    assert errors["full_name"] == ["Vui lòng nhập thông tin này."]
    assert errors["email"] == ["Địa chỉ thư điện tử không hợp lệ."]
    assert "Số điện thoại" in errors["phone"][0]
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in errors["password1"]
    assert "Mật khẩu không được chỉ gồm chữ số." in errors["password1"]
    mismatch = client.post(
        reverse("accounts:user_create"),
        _create_form(world.a1, "commune_worker", password2="Khac-han-2026-xyz"),
    )
    assert mismatch.context["form"].errors["password2"] == ["Hai mật khẩu không khớp."]


def test_police_role_needs_an_agency(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.post(reverse("accounts:user_create"), _create_form(world.a1, "commune_police"))
    assert "phải gắn với một cơ quan" in response.content.decode()
    agency = world.police_a1.assignments.get().agency
    ok = client.post(
        reverse("accounts:user_create"), _create_form(world.a1, "commune_police", agency=agency.pk)
    )
    assert ok.status_code == 302


def test_worker_cannot_open_user_admin(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    assert client.get(reverse("accounts:user_create")).status_code == 404
    assert client.get(reverse("accounts:users")).status_code == 404
    assert (
        client.post(reverse("accounts:user_create"), _create_form(world.a1, "commune_worker")).status_code
        == 404
    )
    assert not User.objects.filter(username="nguyenvan.an").exists()


def test_foreign_users_answer_404(world: Any, login: Any) -> None:
    client = login(world.province_a)
    for name in ("accounts:user_detail", "accounts:user_edit"):
        assert client.get(reverse(name, kwargs={"user_id": world.worker_b1.pk})).status_code == 404
    response = client.post(
        reverse("accounts:user_detail", kwargs={"user_id": world.worker_b1.pk}),
        {"action": "set_password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404
    world.worker_b1.refresh_from_db()
    assert not world.worker_b1.check_password(NEW_PASSWORD)


def test_user_list_search_is_accent_insensitive_and_scoped(world: Any, login: Any) -> None:
    client = login(world.province_a)
    body = client.get(reverse("accounts:users"), {"q": "nguyen thi thu"}).content.decode()
    assert "worker_a1" in body
    assert "worker_a2" not in body
    body = client.get(reverse("accounts:users"), {"q": "VÕ THỊ"}).content.decode()
    assert "worker_a2" in body
    # Ngô Thị Mai works in Hà Nội: outside province A even when searched for.
    body = client.get(reverse("accounts:users"), {"q": "ngo thi mai"}).content.decode()
    assert "worker_b1" not in body
    assert "Không tìm thấy người dùng phù hợp." in body
    body = client.get(reverse("accounts:users"), {"q": "WORKER_A"}).content.decode()
    assert "worker_a1" in body and "worker_a2" in body


def test_edit_user(world: Any, login: Any) -> None:
    client = login(world.province_a)
    url = reverse("accounts:user_edit", kwargs={"user_id": world.worker_a1.pk})
    form = client.get(url).context["form"]
    data = {**form.initial, "full_name": "Nguyễn Thị Thu Hà", "phone": "0281234567", "is_active": ""}
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.full_name == "Nguyễn Thị Thu Hà"
    assert not world.worker_a1.is_active
    event = AuditEvent.objects.get(action=actions.USER_UPDATED)
    assert event.before == {"full_name": "Nguyễn Thị Thu", "phone": "", "is_active": True}
    # A form opened before that change is refused, not silently applied.
    stale = client.post(url, {**data, "full_name": "Khác"})
    assert stale.status_code == 200
    assert "Người khác vừa sửa tài khoản này" in stale.content.decode()


def test_add_and_end_assignment_on_detail_page(world: Any, login: Any) -> None:
    client = login(world.province_a)
    url = reverse("accounts:user_detail", kwargs={"user_id": world.worker_a1.pk})
    response = client.post(
        url,
        {"action": "add_assignment", "unit": world.a2.pk, "role": _role("commune_chairman").pk, "agency": ""},
    )
    assert response.status_code == 302
    added = Assignment.objects.get(user=world.worker_a1, unit=world.a2)
    today = timezone.localdate()
    response = client.post(
        url, {"action": "end_assignment", "assignment": added.pk, "valid_to": today.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.valid_to == today
    assert AuditEvent.objects.filter(action=actions.ASSIGNMENT_ENDED, object_id=str(added.pk)).exists()
    # An end date before the start is refused with a message.
    response = client.post(
        url,
        {
            "action": "end_assignment",
            "assignment": world.worker_a1.assignments.get(unit=world.a1).pk,
            "valid_to": "01/01/2020",
        },
    )
    assert "Ngày kết thúc phải từ ngày 01/07/2025 trở đi." in response.content.decode()


def test_set_password_on_detail_page(world: Any, login: Any) -> None:
    client = login(world.province_a)
    url = reverse("accounts:user_detail", kwargs={"user_id": world.worker_a1.pk})
    weak = client.post(url, {"action": "set_password", "password1": "matkhau", "password2": "matkhau"})
    assert "Mật khẩu quá ngắn" in weak.content.decode()
    ok = client.post(url, {"action": "set_password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert ok.status_code == 302
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action=actions.USER_PASSWORD_SET)
    assert NEW_PASSWORD not in str(event.after) + str(event.extra)


# --- services ---------------------------------------------------------------------------------------


def _new_user(username: str = "moi") -> User:
    return services.user_create(actor="test", username=username, full_name="Người Mới", password=None)


def test_assignment_in_foreign_province_is_404(world: Any) -> None:
    user = _new_user()
    with pytest.raises(Http404):
        services.assignment_create(
            actor=world.province_a, user=user, unit=world.b1, role=_role("commune_worker")
        )
    with pytest.raises(Http404):
        services.assignment_create(
            actor=world.worker_a1, user=user, unit=world.a1, role=_role("commune_worker")
        )
    assert not Assignment.objects.filter(user=user).exists()


def test_sysadmin_assigns_anywhere(world: Any) -> None:
    user = _new_user()
    services.assignment_create(actor=world.sysadmin, user=user, unit=world.b1, role=_role("commune_worker"))
    services.assignment_create(actor=world.sysadmin, user=user, unit=world.a, role=_role("leader"))
    assert Assignment.objects.filter(user=user).count() == 2


@pytest.mark.parametrize(
    ("role", "unit", "ok"),
    [
        ("commune_worker", "a", False),
        ("commune_worker", "hamlet_a1", False),
        ("commune_worker", "a1", True),
        ("village_collaborator", "hamlet_a1", True),
        ("village_collaborator", "a1", True),
        ("village_collaborator", "a", False),
        ("leader", "a", True),
        ("leader", "a1", False),
        ("hotline_operator", "nation", True),
        ("hotline_operator", "a", False),
    ],
)
def test_role_level_must_fit_unit(world: Any, role: str, unit: str, ok: bool) -> None:
    user = _new_user()
    kwargs = {
        "actor": None,
        "user": user,
        "unit": getattr(world, unit),
        "role": _role(role),
        "check_actor": False,
    }
    if ok:
        services.assignment_create(**kwargs)
    else:
        with pytest.raises(ApplicationError, match="không thể phân công tại"):
            services.assignment_create(**kwargs)


def test_privilege_escalation_is_refused(world: Any) -> None:
    # A narrower user administrator: may manage users of province A, but not read the audit trail.
    limited = Role.objects.create(
        code="user_admin_only",
        name="Quản trị người dùng (hạn chế)",
        level="province",
        permissions=["geo.view_unit", "accounts.view_user", "accounts.manage_user"],
    )
    admin = _new_user("han_che")
    services.assignment_create(actor=world.sysadmin, user=admin, unit=world.a, role=limited)
    target = _new_user("nhan_vien")
    with pytest.raises(ApplicationError, match="có quyền mà bạn không có"):
        services.assignment_create(actor=admin, user=target, unit=world.a, role=_role("province_officer"))
    with pytest.raises(ApplicationError, match="có quyền mà bạn không có"):
        services.assignment_create(actor=admin, user=target, unit=world.a1, role=_role("commune_chairman"))
    services.assignment_create(actor=admin, user=target, unit=world.a, role=_role("leader"))
    # Nor may anyone give a role to themselves.
    with pytest.raises(ApplicationError, match="tự phân quyền"):
        services.assignment_create(
            actor=world.province_a, user=world.province_a, unit=world.a1, role=_role("commune_worker")
        )
    assert not Assignment.objects.filter(user=world.province_a, unit=world.a1).exists()


def test_escalation_refused_on_the_page_with_message(world: Any, login: Any) -> None:
    limited = Role.objects.create(
        code="user_admin_only",
        name="Quản trị người dùng (hạn chế)",
        level="province",
        permissions=["geo.view_unit", "accounts.view_user", "accounts.manage_user"],
    )
    admin = _new_user("han_che")
    services.assignment_create(actor=world.sysadmin, user=admin, unit=world.a, role=limited)
    client = login(admin)
    response = client.post(reverse("accounts:user_create"), _create_form(world.a, "province_officer"))
    assert response.status_code == 200
    assert "Bạn không thể giao vai trò “Cán bộ phụ trách trẻ em cấp tỉnh”" in response.content.decode()
    assert not User.objects.filter(username="nguyenvan.an").exists()


def test_user_update_and_password_services(world: Any) -> None:
    user = world.worker_a1
    version = services.user_version(user)
    services.user_update(
        actor=world.province_a, user=user, data={"job_title": "Công chức"}, expected_version=version
    )
    with pytest.raises(ConcurrentEditError):
        services.user_update(
            actor=world.province_a, user=user, data={"job_title": "X"}, expected_version=version
        )
    with pytest.raises(Http404):
        services.user_update(actor=world.province_b, user=user, data={"job_title": "X"})
    with pytest.raises(ApplicationError, match="Mật khẩu"):
        services.user_set_password(actor=world.province_a, user=user, password="123")
    with pytest.raises(Http404):
        services.user_set_password(actor=world.worker_a2, user=user, password=NEW_PASSWORD)
    services.user_set_password(actor=world.province_a, user=user, password=NEW_PASSWORD)
    assert AuditEvent.objects.filter(action=actions.USER_UPDATED, actor_id=world.province_a.pk).count() == 1
    assert (
        AuditEvent.objects.filter(action=actions.USER_PASSWORD_SET, actor_id=world.province_a.pk).count() == 1
    )


def test_cannot_take_over_account_with_role_elsewhere(world: Any) -> None:
    # worker_b1 also holds a role in province A: province A's administrator still cannot reset the password.
    services.assignment_create(
        actor=world.sysadmin, user=world.worker_b1, unit=world.a2, role=_role("commune_chairman")
    )
    with pytest.raises(Http404):
        services.user_set_password(actor=world.province_a, user=world.worker_b1, password=NEW_PASSWORD)
    # … nor the system administrator's account.
    with pytest.raises(Http404):
        services.user_update(actor=world.province_a, user=world.sysadmin, data={"is_active": False})


def test_assignment_end_rules(world: Any) -> None:
    assignment = world.worker_a1.assignments.get()
    with pytest.raises(Http404):
        services.assignment_end(actor=world.province_b, assignment=assignment, valid_to=timezone.localdate())
    with pytest.raises(ApplicationError, match="Ngày kết thúc phải từ ngày 01/07/2025"):
        services.assignment_end(
            actor=world.province_a, assignment=assignment, valid_to=datetime.date(2025, 1, 1)
        )
    services.assignment_end(
        actor=world.province_a, assignment=assignment, valid_to=datetime.date(2025, 12, 31)
    )
    assignment.refresh_from_db()
    assert assignment.valid_to == datetime.date(2025, 12, 31)
    event = AuditEvent.objects.get(action=actions.ASSIGNMENT_ENDED)
    assert event.before == {"valid_to": None}
    assert event.unit_id == world.a1.pk
    if timezone.localdate() > datetime.date(2025, 12, 31):
        with pytest.raises(ApplicationError, match="đã kết thúc"):
            services.assignment_end(
                actor=world.province_a, assignment=assignment, valid_to=timezone.localdate()
            )
