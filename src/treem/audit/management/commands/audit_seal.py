from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.audit.seals import SealError, audit_seal, seal_time, seals_path


class Command(BaseCommand):
    help = (
        "Niêm phong chuỗi nhật ký: kiểm tra các sự kiện từ niêm phong trước rồi ghi một niêm phong mới "
        "(HMAC) vào tệp niêm phong ngoài cơ sở dữ liệu."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seal = audit_seal()
        except SealError as exc:
            raise CommandError(str(exc)) from exc
        if seal is None:
            self.stdout.write("Không có sự kiện mới kể từ niêm phong trước (nothing new to seal).")
            return
        self.stdout.write(
            f"Đã niêm phong nhật ký: niêm phong số {seal['seq']} lúc {seal_time(seal):%d/%m/%Y %H:%M:%S}, "
            f"{seal['count']} sự kiện đến #{seal['last_id']} ({seals_path()})."
        )
