from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from treem.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (pg_dump), tệp tải lên và niêm phong nhật ký vào một tệp lưu trữ có "
        "manifest và mã SHA-256. Chạy với vai trò chủ sở hữu (./treem backup)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="tệp đích (mặc định var/backups/treem-NGÀY-GIỜ.tar)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            dest = Path(options["file"])
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            dest = Path(settings.TREEM_BACKUP_DIR) / f"treem-{stamp}.tar"
        try:
            result = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        for warning in manifest["warnings"]:
            self.stderr.write(warning)
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({result.path.stat().st_size:,} byte; SHA-256 {result.sha256}): "
            f"{sum(manifest['row_counts'].values()):,} dòng trong {len(manifest['row_counts'])} bảng, "
            f"{len(manifest['files']) - 2} tệp tải lên, {manifest['audit']['events']} sự kiện nhật ký. "
            f"Khóa niêm phong ({settings.TREEM_AUDIT_SEAL_KEY_FILE}) không nằm trong bản sao lưu: hãy giữ "
            "nó riêng, cần nó để kiểm tra niêm phong khi khôi phục (seal key not included)."
        )
