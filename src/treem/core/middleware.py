"""Request bodies over the upload limit are refused with 413 before anything reads them.

Django reads a multipart body in full (to temporary files) as soon as something touches
``request.POST`` — the CSRF check does — so a file over the 10 MB limit was received whole before the
form refused it. This middleware, first in the stack, compares the declared ``Content-Length`` with the
limit of the URL (``TREEM_UPLOAD_LIMITS`` by URL name, else ``TREEM_UPLOAD_MAX_BYTES``) and answers at
once, without reading the body. A body without a length (chunked) is not read by Django at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.html import escape

MULTIPART_SLACK = 256 * 1024  # the form's other fields and the multipart boundaries around the file


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def upload_limit(path: str) -> int:
    """The largest body (bytes) accepted for ``path``: its file limit plus room for the form around it."""
    limits: dict[str, int] = getattr(settings, "TREEM_UPLOAD_LIMITS", {})
    try:
        name = resolve(path).view_name
    except Resolver404:
        name = ""
    return limits.get(name, settings.TREEM_UPLOAD_MAX_BYTES) + MULTIPART_SLACK


def too_large_message(limit: int) -> str:
    return (
        f"Tệp hoặc dữ liệu gửi lên quá lớn: tối đa {_megabytes(limit - MULTIPART_SLACK)} cho trang này. "
        "Hãy chọn tệp nhỏ hơn hoặc chia thành nhiều tệp."
    )


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or ""
        try:
            length = int(raw) if raw else 0
        except ValueError:
            length = 0  # Django itself reads nothing from a body whose length it cannot parse
        if length > 0:
            limit = upload_limit(request.path_info)
            if length > limit:
                return self._refuse(request, limit)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, limit: int) -> HttpResponse:
        message = too_large_message(limit)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        body = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tệp quá lớn</title></head>'
            f"<body><h1>Tệp quá lớn</h1><p>{escape(message)}</p>"
            '<p><a href="javascript:history.back()">Quay lại</a></p></body></html>'
        )
        return HttpResponse(body, status=413, content_type="text/html; charset=utf-8")
