"""Refuse hostile bytes before any view sees them (issue #15).

A NUL byte (``\\x00``) in the path, the query string, a form value or a JSON body would reach PostgreSQL,
which refuses it in text ("A string literal cannot contain NUL") — a server error in every view that
filters or saves. So would a lone UTF-16 surrogate (``"\\ud800"``) in a JSON body: ``json.loads`` turns
the escape into a Python string that cannot be encoded to UTF-8 for the database. (Form and query values
cannot carry one: Django decodes them with replacement characters.) This middleware answers **400** with a
Vietnamese message instead (JSON under /api/).
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
SURROGATE_MESSAGE = (
    "Dữ liệu gửi lên chứa ký tự Unicode không hợp lệ (nửa cặp thay thế UTF-16 đứng một mình). "
    "Hãy kiểm tra lại nội dung đã nhập."
)
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has(value: Any, test: Callable[[str], bool]) -> bool:
    if isinstance(value, str):
        return test(value)
    if isinstance(value, dict):
        return any(_has(k, test) or _has(v, test) for k, v in value.items())
    if isinstance(value, list):
        return any(_has(v, test) for v in value)
    return False


def _has_nul(value: Any) -> bool:
    return _has(value, lambda text: "\x00" in text)


def _has_surrogate(value: Any) -> bool:
    """A lone surrogate survives ``json.loads`` (a valid pair becomes one character)."""
    return _has(value, lambda text: _SURROGATE.search(text) is not None)


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
        if self._lone_surrogate(request):
            return self._bad_request(request, SURROGATE_MESSAGE)
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
    def _lone_surrogate(request: HttpRequest) -> bool:
        if request.method not in ("POST", "PUT", "PATCH") or request.content_type != "application/json":
            return False
        body = request.body
        if _SURROGATE_ESCAPE.search(body) is None:
            return False
        try:
            return _has_surrogate(json.loads(body))
        except ValueError:
            return False  # not JSON: the API answers it

    @staticmethod
    def _bad_request(request: HttpRequest, message: str = MESSAGE) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponse(render_to_string("core/bad_input.html", {"message": message}), status=400)
