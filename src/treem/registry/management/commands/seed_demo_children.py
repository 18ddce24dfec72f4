from __future__ import annotations

import datetime
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from treem.geo.models import AdminUnit, Generation, Level
from treem.registry import synthetic
from treem.registry.dedup import find_duplicates
from treem.registry.models import Child, ChildMove
from treem.registry.reference import load_circumstances, load_ethnicities
from treem.web.management.demo import COMMUNE_CODES

PER_COMMUNE = 1500


class Command(BaseCommand):
    help = "Tạo trẻ em mẫu cho các phường mẫu (không làm gì nếu các phường đã có trẻ em)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--per-commune", type=int, default=PER_COMMUNE)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        communes = list(
            AdminUnit.objects.filter(
                generation=Generation.CURRENT, level=Level.COMMUNE, code__in=COMMUNE_CODES
            )
        )
        if len(communes) != len(COMMUNE_CODES):
            raise CommandError("Thiếu các phường mẫu: hãy chạy ./treem manage seed_demo trước.")
        if Child.objects.filter(commune__in=communes).exists():
            self.stdout.write("Các phường mẫu đã có trẻ em: không tạo thêm.")
            return
        load_ethnicities()
        load_circumstances()
        communes.sort(key=lambda u: COMMUNE_CODES.index(u.code))
        seed = options["seed"]
        n = options["per_commune"]
        with transaction.atomic():
            for i, commune in enumerate(communes):
                records = synthetic.generate(n, seed=seed + i, problems=synthetic.REALISTIC)
                # Each commune has its own seed; make IDs unique across communes by prefixing the birth
                # province's serial space per commune (regenerate on collision).
                taken = set(Child.objects.exclude(personal_id=None).values_list("personal_id", flat=True))
                rng = random.Random(seed * 7 + i)  # noqa: S311 — synthetic data
                fixed = []
                for r in records:
                    pid = r.get("personal_id")
                    while pid and pid in taken:
                        pid = pid[:6] + f"{rng.randrange(1_000_000):06d}"
                    if pid:
                        taken.add(pid)
                    fixed.append({**r, "personal_id": pid})
                synthetic.write_children(fixed, [commune], seed=seed + i)
            # A few children moved between the demo communes (history kept as ChildMove).
            rng = random.Random(seed)  # noqa: S311 — synthetic data
            for i, source in enumerate(communes):
                target = communes[(i + 1) % len(communes)]
                for child in Child.objects.filter(commune=source).order_by("pk")[:: max(n // 5, 1)][:5]:
                    day = datetime.date(2025, rng.randint(8, 12), rng.randint(1, 28))
                    ChildMove.objects.create(
                        child=child,
                        from_commune=source,
                        to_commune=target,
                        date=day,
                        note="Chuyển nơi ở (dữ liệu mẫu)",
                    )
                    child.commune = child.area = target
                    child.hamlet = None
                    child.save(update_fields=["commune", "area", "hamlet", "updated_at"])
        _examined, pairs = find_duplicates(Child.objects.filter(commune__in=communes))
        created = Child.objects.filter(commune__in=communes).count()
        self.stdout.write(f"Đã tạo {created} trẻ em mẫu; {pairs} cặp có thể trùng lặp.")
