from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.audit.services import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký; thoát với mã khác 0 và nêu mắt xích hỏng đầu tiên nếu có."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken, reason = verify_chain()
        if broken is None:
            self.stdout.write(f"Nhật ký toàn vẹn: đã kiểm tra {checked} sự kiện (audit chain intact).")
            return
        what = (
            "một sự kiện trước nó đã bị xóa hoặc sửa (previous link does not match)"
            if reason == "prev_hash"
            else "nội dung sự kiện đã bị sửa (content does not match its hash)"
        )
        raise CommandError(
            f"Chuỗi nhật ký bị hỏng tại sự kiện #{broken.id} ({broken.action}, "
            f"{broken.at:%d/%m/%Y %H:%M:%S}): {what}. Đã kiểm tra hợp lệ {checked} sự kiện trước đó."
        )
