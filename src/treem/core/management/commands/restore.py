from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from treem.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một tệp sao lưu của ./treem backup vào cơ sở dữ liệu và thư mục var/ trống: kiểm tra "
        "mã SHA-256 trước, so số dòng, rồi kiểm tra nhật ký (audit_verify)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu (.tar)")
        parser.add_argument(
            "--without-seal-key",
            action="store_true",
            help="khôi phục khi không có khóa niêm phong: chỉ kiểm tra chuỗi băm, không kiểm tra niêm phong",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(Path(options["file"]), without_seal_key=options["without_seal_key"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {result.manifest['created']}: "
            f"{sum(result.row_counts.values()):,} dòng trong {len(result.row_counts)} bảng, khớp manifest; "
            f"{result.audit_message}."
        )
