"""``assessment_rounds [--year YYYY]``: create the evaluation round of a year (default: the next one,
November of years 2 and 4 of the five-year plan) with a draft assessment for every current commune.
Idempotent: safe to run from a daily job."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from treem.assessment import rules, services
from treem.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Tạo đợt đánh giá xã, phường phù hợp với trẻ em cho mọi xã, phường hiện hành."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Năm đánh giá (mặc định: đợt kế tiếp).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or rules.next_evaluation_year(timezone.localdate())
        try:
            rnd, created = services.round_generate(actor="system", year=year)
        except ApplicationError as e:
            raise CommandError(e.message) from e
        self.stdout.write(f"{rnd}: tạo mới {created} hồ sơ đánh giá.")
