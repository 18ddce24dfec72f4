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


def otp_view(request: HttpRequest) -> HttpResponse:
    """Verify the second factor; enrol a TOTP authenticator app first if the user has none."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    assert device is not None
    error = ""
    if request.method == "POST":
        token = "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())
        if device.verify_token(token):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
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


def user_list(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    from treem.accounts import access

    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not access.has_perm(request.user, "accounts.view_user"):
        raise access.AccessDenied
    users = access.users_in_scope(request.user).prefetch_related("assignments__role", "assignments__unit")
    page = Paginator(users.order_by("username"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})
