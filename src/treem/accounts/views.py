from __future__ import annotations

import base64
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.audit import actions
from treem.audit.services import audit_log, client_ip


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(actor=form.get_user(), action=actions.LOGIN, ip=client_ip(self.request))
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_log(actor=request.user, action=actions.LOGOUT, ip=client_ip(request))
    logout(request)
    return redirect("accounts:login")


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes calls this when an account or an IP address is locked out."""
    username = request.POST.get("username", "") if request.method == "POST" else ""
    audit_log(actor=username, action=actions.LOCKED_OUT, ip=client_ip(request), extra={"username": username})
    return render(request, "accounts/locked_out.html", status=429)


def _safe_next(request: HttpRequest) -> str:
    nxt = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return "/"
    return nxt


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


_ENROLMENT_SESSION_KEY = "treem_enrolment_user"


def otp_view(request: HttpRequest) -> HttpResponse:
    """Verify the second factor. A user with no confirmed device enrols one, but only after entering
    the one-time enrolment code an administrator handed them (ADR 0019): the password alone is not
    enough to own the second factor."""
    from treem.accounts import services

    if not request.user.is_authenticated:
        return redirect("accounts:login")
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    error = ""
    if enrolling and request.session.get(_ENROLMENT_SESSION_KEY) != user.pk:
        if request.method == "POST":
            if services.enrolment_code_redeem(
                user=user,
                code=request.POST.get("enrolment_code", "")[:40],
                ip=client_ip(request),
            ):
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                request.session[_ENROLMENT_SESSION_KEY] = user.pk
                return redirect(f"{request.path}?next={_safe_next(request)}")
            error = _("Mã kích hoạt không đúng, đã dùng hoặc đã hết hạn. Vui lòng liên hệ quản trị hệ thống.")
        context = {"needs_code": True, "error": error, "next": _safe_next(request)}
        return render(request, "accounts/otp.html", context)
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    assert device is not None
    if request.method == "POST":
        token = "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())
        if device.verify_token(token):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop(_ENROLMENT_SESSION_KEY, None)
                audit_log(actor=user, action=actions.TOTP_ENROLLED, obj=user, ip=client_ip(request))
            otp_login(request, device)
            messages.success(request, _("Đã xác thực hai lớp."))
            return redirect(_safe_next(request))
        error = _("Mã xác thực không đúng hoặc đã hết hạn. Vui lòng nhập mã 6 chữ số mới nhất.")
    context = {"enrolling": enrolling, "error": error, "next": _safe_next(request)}
    if enrolling:
        context["qr"] = _qr_data_uri(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


class PasswordLinkView(auth_views.PasswordResetConfirmView):
    """The one-time link an approver hands over: the person sets their own password (ADR 0019)."""

    template_name = "accounts/password_link.html"
    post_reset_login = False

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        type(user).objects.filter(pk=user.pk).update(must_change_password=False)
        audit_log(actor=user, action=actions.PASSWORD_SET_BY_LINK, obj=user, ip=client_ip(self.request))
        messages.success(self.request, _("Đã đặt mật khẩu. Vui lòng đăng nhập."))
        return response


# --- user administration -------------------------------------------------------------------------


def _login_required(view: Any) -> Any:
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@_login_required
def user_list(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator
    from django.db.models import F, Func, Q

    from treem.accounts import access
    from treem.core.text import fold

    if not access.has_perm(request.user, "accounts.view_user"):
        raise access.AccessDenied
    users = access.users_in_scope(request.user).prefetch_related("assignments__role", "assignments__unit")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        key = fold(query)
        users = users.annotate(
            full_name_folded=Func(F("full_name"), function="treem_fold"),
            username_folded=Func(F("username"), function="treem_fold"),
        ).filter(Q(full_name_folded__contains=key) | Q(username_folded__contains=key))
    page = Paginator(users.order_by("username"), 50).get_page(request.GET.get("page"))
    can_manage = access.has_perm(request.user, "accounts.manage_user")
    return render(request, "accounts/user_list.html", {"page": page, "q": query, "can_manage": can_manage})


@_login_required
def user_create(request: HttpRequest) -> HttpResponse:
    from treem.accounts import access, services
    from treem.accounts.forms import UserCreateForm
    from treem.core.errors import ApplicationError

    if not access.has_perm(request.user, "accounts.manage_user"):
        raise access.AccessDenied
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.user_create_with_assignment(
                actor=request.user,
                username=d["username"],
                full_name=d["full_name"],
                password=d["password1"],
                email=d["email"],
                phone=d["phone"],
                job_title=d["job_title"],
                unit=d["unit"],
                role=d["role"],
                agency=d.get("agency"),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": user.username})
            _say_if_pending(request, user)
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@_login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    from treem.accounts import access, services
    from treem.accounts.forms import AssignmentAddForm, AssignmentEndForm, PasswordSetForm
    from treem.accounts.models import Assignment
    from treem.core.errors import ApplicationError

    target = access.access_user(request.user, user_id, "accounts.view_user")
    can_assign = access.has_perm(request.user, "accounts.manage_user") and (
        access.users_in_scope(request.user, "accounts.manage_user").filter(pk=target.pk).exists()
    )
    can_manage = can_assign and _can_manage(request.user, target)
    add_form = AssignmentAddForm(actor=request.user, target=target) if can_assign else None
    password_form = PasswordSetForm(target=target) if can_manage else None
    end_errors: dict[int, list[str]] = {}
    new_code = ""
    if request.method == "POST":
        # Changes need manage_user over the account (404 otherwise, like a missing page); the
        # services check the unit of each assignment, and the whole account for a password.
        target = access.access_user(request.user, user_id, "accounts.manage_user")
        action = request.POST.get("action", "")
        if action == "add_assignment":
            add_form = AssignmentAddForm(request.POST, actor=request.user, target=target)
            if add_form.is_valid():
                d = add_form.cleaned_data
                try:
                    services.assignment_create(
                        actor=request.user,
                        user=target,
                        unit=d["unit"],
                        role=d["role"],
                        agency=d.get("agency"),
                        valid_from=d.get("valid_from"),
                        valid_to=d.get("valid_to"),
                    )
                except ApplicationError as exc:
                    add_form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Đã phân công vai trò."))
                    _say_if_pending(request, target)
                    return redirect("accounts:user_detail", user_id=target.pk)
        elif action == "end_assignment":
            end_form = AssignmentEndForm(request.POST)
            if end_form.is_valid():
                assignment = (
                    Assignment.objects.filter(pk=end_form.cleaned_data["assignment"], user=target)
                    .select_related("unit", "role", "user")
                    .first()
                )
                if assignment is None:
                    raise access.AccessDenied
                try:
                    services.assignment_end(
                        actor=request.user, assignment=assignment, valid_to=end_form.cleaned_data["valid_to"]
                    )
                except ApplicationError as exc:
                    end_errors[assignment.pk] = [exc.message]
                else:
                    messages.success(request, _("Đã kết thúc phân công."))
                    return redirect("accounts:user_detail", user_id=target.pk)
            else:
                pk = end_form.cleaned_data.get("assignment")
                end_errors[pk or 0] = [str(e) for errs in end_form.errors.values() for e in errs]
        elif action == "issue_enrolment_code":
            services.user_check_manage(actor=request.user, user=target)
            new_code = services.enrolment_code_issue(actor=request.user, user=target)
        elif action == "set_password":
            services.user_check_manage(actor=request.user, user=target)
            password_form = PasswordSetForm(request.POST, target=target)
            if password_form.is_valid():
                try:
                    services.user_set_password(
                        actor=request.user, user=target, password=password_form.cleaned_data["password1"]
                    )
                except ApplicationError as exc:
                    password_form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Đã đặt mật khẩu mới."))
                    return redirect("accounts:user_detail", user_id=target.pk)
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("accounts:user_detail", user_id=target.pk)
    from django.utils import timezone

    today = timezone.localdate()
    assignments = list(
        Assignment.objects.filter(user=target)
        .select_related("unit", "role", "agency", "created_by")
        .order_by("-valid_from", "pk")
    )
    rows = []
    for a in assignments:
        ended = a.valid_to is not None and a.valid_to < today
        rows.append(
            {
                "a": a,
                "active": a.is_active_on(today),
                "ended": ended,
                "can_end": can_assign
                and not ended
                and access.has_perm(request.user, "accounts.manage_user", a.unit),
                "errors": end_errors.get(a.pk, []),
            }
        )
    context = {
        "target": target,
        "rows": rows,
        "can_manage": can_manage,
        "can_assign": can_assign,
        "add_form": add_form,
        "password_form": password_form,
        "today": today,
        "general_errors": end_errors.get(0, []),
        "new_code": new_code,
        "code_hours": services.ENROLMENT_CODE_HOURS,
    }
    return render(request, "accounts/user_detail.html", context)


def _say_if_pending(request: HttpRequest, user: Any) -> None:
    from treem.accounts.models import Assignment

    if Assignment.objects.filter(user=user, pending=True).exists():
        messages.info(
            request,
            _(
                "Vai trò có quyền xem hồ sơ trẻ em hoặc vụ việc: phân công chỉ có hiệu lực khi người "
                "phụ trách dữ liệu của địa bàn (chủ tịch UBND xã, cán bộ cấp tỉnh hoặc trung ương) phê "
                "duyệt. Mật khẩu do anh/chị đặt sẽ bị vô hiệu khi phê duyệt; người dùng nhận đường dẫn "
                "đặt mật khẩu từ người phê duyệt."
            ),
        )


def _can_manage(actor: Any, target: Any) -> bool:
    from treem.accounts import access, services

    try:
        services.user_check_manage(actor=actor, user=target)
    except access.AccessDenied:
        return False
    return True


@_login_required
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    from treem.accounts import access, services
    from treem.accounts.forms import UserEditForm
    from treem.core.errors import ApplicationError

    target = access.access_user(request.user, user_id, "accounts.manage_user")
    services.user_check_manage(actor=request.user, user=target)
    initial = {f: getattr(target, f) for f in services.USER_FIELDS}
    initial["version"] = services.user_version(target)
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=target,
                data={f: d[f] for f in services.USER_FIELDS},
                expected_version=d["version"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("accounts:user_detail", user_id=target.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": False, "target": target})


@_login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Pending assignments that open children's records, for the unit's data owner (ADR 0019)."""
    from treem.accounts import access, services
    from treem.accounts.models import Assignment
    from treem.accounts.permissions import APPROVE
    from treem.core.errors import ApplicationError

    if not access.has_perm(request.user, APPROVE):
        raise access.AccessDenied
    link = ""
    approved: Any = None
    error = ""
    if request.method == "POST":
        try:
            pk = access.parse_pk(request.POST.get("assignment"))
        except (TypeError, ValueError):
            raise access.AccessDenied from None
        assignment = Assignment.objects.select_related("user", "unit", "role").filter(pk=pk).first()
        if assignment is None:
            raise access.AccessDenied
        try:
            if request.POST.get("decision") == "approve":
                link = services.assignment_approve(actor=request.user, assignment=assignment) or ""
                approved = assignment
            elif request.POST.get("decision") == "reject":
                services.assignment_reject(actor=request.user, assignment=assignment)
                messages.success(request, _("Đã từ chối phân công."))
                return redirect("accounts:approvals")
            else:
                raise ApplicationError(_("Thao tác không hợp lệ."))
        except ApplicationError as exc:
            error = exc.message
        else:
            if not link:
                messages.success(request, _("Đã phê duyệt phân công."))
                return redirect("accounts:approvals")
    context = {
        "pending": services.approvals_pending(request.user),
        "approved": approved,
        "link": request.build_absolute_uri(link) if link else "",
        "error": error,
    }
    return render(request, "accounts/approvals.html", context)
