"""``indicator_values --unit CODE --year YYYY [--json]``: every indicator of a unit for a year — value,
numerator, denominator, target and status (reported indicators from the reported figures). The unit may be
one of the former map (a former province, district or commune, ADR 0024): ``--unit 766`` (Quận Tân Bình),
``--unit 2008-26968`` for a code that the current map uses too."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.geo import selectors as geo
from treem.geo.models import AdminUnit
from treem.indicators import selectors


def _num(value: Any) -> str | None:
    return None if value is None else str(value)


def unit_by_code(code: str) -> AdminUnit:
    unit = geo.unit_by_code(code)
    if unit is None:
        raise CommandError(f"Không có đơn vị hành chính mã {code} (trên bản đồ hiện hành hoặc bản đồ cũ).")
    return unit


class Command(BaseCommand):
    help = "In giá trị, mục tiêu và đánh giá của mọi chỉ tiêu cho một địa bàn trong một năm."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--unit",
            required=True,
            help="Mã đơn vị hành chính, ví dụ 79; đơn vị cũ: 766 hoặc 2008-26968",
        )
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = unit_by_code(options["unit"])
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("Năm phải từ 2000 đến 2100.")
        items = []
        for row in selectors.scorecard(unit, year, by_sex=False):
            target = row.target
            items.append(
                {
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "source": row.indicator.source,
                    "unit": row.indicator.unit,
                    "value": _num(row.figure.value),
                    "numerator": row.figure.numerator,
                    "denominator": row.figure.denominator,
                    "target": None
                    if target is None
                    else {
                        "value": format(target.value.normalize(), "f"),
                        "comparator": target.comparator,
                        "year": target.year,
                        "unit": geo.unit_code(target.unit),
                        "source": target.source,
                    },
                    "status": row.status,
                    "approximate": row.figure.approximate,
                }
            )
        payload = {
            "unit": unit.code,
            "unit_name": unit.name,
            "map": unit.generation,
            "year": year,
            "indicators": items,
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for item in items:
            shown = f"{'≈' if item['approximate'] else ''}{item['value'] or '—'}"
            self.stdout.write(f"{item['code']:<10} {shown:>10}  {item['status']:<10} {item['name']}")
