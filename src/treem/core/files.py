"""Checking uploaded documents (case attachments, task evidence): type by extension AND content, size."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from treem.core.errors import ApplicationError
from treem.core.text import nfc

MAX_BYTES = 10 * 1024 * 1024
TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the original name, NFC, kept as metadata only
    ext: str
    content_type: str
    size: int


def check_upload(upload: Any) -> CheckedUpload:
    """PDF, JPEG, PNG or DOCX up to 10 MB whose first bytes match the extension; else ApplicationError."""
    name = nfc(os.path.basename(str(getattr(upload, "name", "") or "")))[:255]
    ext = os.path.splitext(name)[1].lower()
    size = int(getattr(upload, "size", 0) or 0)
    if ext not in TYPES:
        raise ApplicationError(_("Chỉ nhận tệp PDF, JPG, PNG hoặc DOCX."))
    if size <= 0 or size > MAX_BYTES:
        raise ApplicationError(_("Tệp phải có nội dung và không quá 10 MB."))
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(m) for m in _MAGIC[ext]):
        raise ApplicationError(_("Nội dung tệp không đúng với định dạng %(ext)s.") % {"ext": ext})
    return CheckedUpload(name=name, ext=ext, content_type=TYPES[ext], size=size)
