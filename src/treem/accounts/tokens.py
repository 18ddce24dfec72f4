from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from treem.accounts.models import ApiToken, User


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    raw = "trm_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hashlib.sha256(raw.encode()).hexdigest(), prefix=raw[4:12]
    )
    return token, raw


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=digest, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's session, with Django's CSRF check on every unsafe method.

    django-ninja marks its views ``csrf_exempt``, so ``CsrfViewMiddleware`` does not look at API calls;
    the check must run here, and only once the session cookie is what authenticates the request (a
    bearer token, which a browser never attaches by itself, needs none). A request that carries the
    cookie but fails the check is refused (403) rather than passed on to the bearer scheme.
    """

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:  # the cookie name may be customised
        from django.conf import settings

        return request.COOKIES.get(settings.SESSION_COOKIE_NAME)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        from treem.accounts.middleware import user_requires_2fa

        if user_requires_2fa(user) and not user.is_verified():
            return None
        if request.method not in _SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed")
        return user


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
