from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.audit.seals import seal_time, seals_path, verify


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi băm của nhật ký và các niêm phong của nó; thoát với mã khác 0 và nêu sự kiện "
        "hỏng đầu tiên nếu có."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify()
        if not verdict.ok:
            raise CommandError(f"{verdict.message} Đã kiểm tra hợp lệ {verdict.checked} sự kiện trước đó.")
        self.stdout.write(f"Nhật ký toàn vẹn: đã kiểm tra {verdict.checked} sự kiện (audit chain intact).")
        if not verdict.seals:
            self.stdout.write(
                f"Chưa có niêm phong nào trong {seals_path()}: chuỗi băm không chứng minh được rằng các sự "
                "kiện mới nhất còn đủ (no seals yet; run audit_seal)."
            )
            return
        last = verdict.seals[-1]
        self.stdout.write(
            f"Niêm phong: {len(verdict.seals)} niêm phong hợp lệ, niêm phong cuối lúc "
            f"{seal_time(last):%d/%m/%Y %H:%M:%S} (đến sự kiện #{last['last_id']}); "
            f"{verdict.after_last_seal} sự kiện sau niêm phong cuối, chưa được niêm phong "
            f"(seals valid; events after the last seal: {verdict.after_last_seal})."
        )
