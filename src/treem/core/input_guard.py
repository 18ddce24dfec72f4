"""Refuse hostile bytes before any view sees them (issue #15).

A NUL byte (``\\x00``) in the path, the query string, a form value or a JSON body would reach PostgreSQL,
which refuses it in text ("A string literal cannot contain NUL") — a server error in every view that
filters or saves. This middleware answers **400** with a Vietnamese message instead (JSON under /api/).
Other C0 control characters (except tab, line feed and carriage return) are stripped from query and
form values: they come from copy-paste, are invisible and have no meaning in any field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string

MESSAGE = "Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL). Hãy kiểm tra lại nội dung đã nhập."
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A copy of ``data`` without control characters, or None when nothing changes."""
    if not any(_CONTROL.search(k) or any(_CONTROL.search(v) for v in data.getlist(k)) for k in data):
        return None
    out = QueryDict(mutable=True)
    for key in data:
        out.setlist(_CONTROL.sub("", key), [_CONTROL.sub("", v) for v in data.getlist(key)])
    out._mutable = False
    return out


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._refused(request):
            return self._bad_request(request)
        cleaned = _cleaned(request.GET)
        if cleaned is not None:
            request.GET = cleaned  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            cleaned = _cleaned(request.POST)
            if cleaned is not None:
                request.POST = cleaned  # type: ignore[assignment]
        return self.get_response(request)

    @staticmethod
    def _refused(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if _has_nul(dict(request.GET.lists())):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                try:
                    return _has_nul(dict(request.POST.lists()))
                except Exception:  # a malformed body: the view (or Django) answers it
                    return False
            if request.content_type == "application/json":
                body = request.body
                if b"\x00" in body or b"\\u0000" in body.lower():
                    try:
                        return _has_nul(json.loads(body))
                    except ValueError:
                        return b"\x00" in body
        return False

    @staticmethod
    def _bad_request(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGE}, status=400)
        return HttpResponse(render_to_string("core/bad_input.html", {"message": MESSAGE}), status=400)
