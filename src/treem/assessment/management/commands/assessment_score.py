"""``assessment_score --unit CODE --year YYYY [--json]``: a commune's score against Quyết định 06/QĐ-TTg."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from treem.assessment import scoring
from treem.geo.models import AdminUnit, Generation, Level


class Command(BaseCommand):
    help = "Chấm điểm một xã, phường theo 13 tiêu chí của Quyết định 06/QĐ-TTg."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã xã, phường (bản đồ hiện hành).")
        parser.add_argument("--year", required=True, type=int, help="Năm đánh giá.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = AdminUnit.objects.filter(
            code=options["unit"], level=Level.COMMUNE, generation=Generation.CURRENT
        ).first()
        if unit is None:
            raise CommandError(f"Không có xã, phường mã {options['unit']} trên bản đồ hiện hành.")
        result = scoring.score(unit, options["year"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"{unit.name} — năm {result.year}")
        for c in result.criteria:
            flag = "" if c.confirmed and all(s.confirmed for s in c.subs) else " (điểm CHƯA XÁC NHẬN)"
            self.stdout.write(f"  {c.number:>2}. {c.name}: {c.points}/{c.max}{flag}")
        verdict = "ĐẠT" if result.passed else "CHƯA ĐẠT"
        self.stdout.write(f"Tổng: {result.total}, mức cần đạt {result.threshold}: {verdict}")
        for reason in result.reasons:
            self.stdout.write(f"  - {reason}")
