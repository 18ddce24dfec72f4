from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.geo.models import AdminUnit, Generation, Level
from treem.registry.dedup import find_duplicates
from treem.registry.models import Child


class Command(BaseCommand):
    help = "Tìm các cặp hồ sơ trẻ em có thể trùng lặp (không tự động hợp nhất)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--commune", help="Mã xã, phường")
        parser.add_argument("--province", help="Mã tỉnh, thành phố")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Child.objects.all()
        for option, level in (("commune", Level.COMMUNE), ("province", Level.PROVINCE)):
            code = options.get(option)
            if code:
                unit = AdminUnit.objects.filter(generation=Generation.CURRENT, level=level, code=code).first()
                if unit is None:
                    raise CommandError(f"Không có đơn vị mã {code}.")
                qs = qs.filter(commune=unit) if level == Level.COMMUNE else qs.filter(province=unit)
        started = time.perf_counter()
        examined, created = find_duplicates(qs)
        self.stdout.write(
            f"Đã xét {examined} hồ sơ, thêm {created} cặp có thể trùng lặp "
            f"trong {time.perf_counter() - started:.1f} giây."
        )
