from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from treem.accounts import access
from treem.accounts.permissions import needs_approval

# Paths a logged-in user without a verified second factor may still reach: the login flow itself,
# static files and the API (which checks the second factor in ``tokens.SessionAuth``). The user
# administration pages under /tai-khoan/nguoi-dung/ are *not* open.
_OPEN_PREFIXES = ("/static/", "/api/", "/tai-khoan/dat-mat-khau/")
_OPEN_URL_NAMES = ("accounts:login", "accounts:logout", "accounts:otp")


def _is_open(path: str) -> bool:
    return path.startswith(_OPEN_PREFIXES) or any(path == reverse(name) for name in _OPEN_URL_NAMES)


class AccessContextMiddleware:
    """Puts the user's permission set on the request (for templates), like pretix's eventpermset."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.perms_set = access.get_access(request.user).permissions  # type: ignore[attr-defined]
        return self.get_response(request)


def user_requires_2fa(user: object) -> bool:
    if not settings.TREEM_ENFORCE_2FA or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(
        a.role.requires_2fa or needs_approval(a.role.permissions)
        for a in access.get_access(user).assignments  # type: ignore[arg-type]
    )


class TwoFactorRequiredMiddleware:
    """Roles that approve or open case files must verify a TOTP code after the password."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            getattr(user, "is_authenticated", False)
            and not _is_open(request.path)
            and user_requires_2fa(user)
            and not user.is_verified()  # type: ignore[union-attr]
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)
