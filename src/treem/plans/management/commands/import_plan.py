"""``import_plan FILE [--dry-run] [--unit CODE] --json``: read a plan document (.txt, .docx, .pdf).

With --dry-run it prints the draft the review page would show; otherwise it saves the draft as it is
(no review) under the unit ``--unit`` as the "system" actor (``--former``: a unit of the map before
01/07/2025, whose plan is kept as its history, ADR 0025). Exits 1 when the file cannot be read."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from treem.accounts.access import system_actor
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit, Generation
from treem.plans import drafts, parsing, services


class Command(BaseCommand):
    help = (
        "Đọc văn bản kế hoạch (.txt, .docx, .pdf) thành bản nháp; lưu thành kế hoạch nếu không có --dry-run."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in bản nháp, không lưu")
        parser.add_argument("--unit", help="Mã địa bàn của kế hoạch (bắt buộc khi lưu)")
        parser.add_argument(
            "--former",
            action="store_true",
            help="Mã là của đơn vị hành chính cũ (trước 01/07/2025): kế hoạch lưu làm lịch sử của đơn vị đó",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from None
        if len(data) > services.MAX_PLAN_FILE_BYTES:
            raise CommandError("Tệp quá lớn (tối đa 5 MB).")
        try:
            draft = parsing.parse_plan(parsing.extract_text(path.name, data)).to_json()
        except parsing.PlanFileError as exc:
            self._fail(str(exc), options)
            return
        draft.pop("lines", None)
        if options["dry_run"]:
            self._print(draft, options)
            return
        if not options["unit"]:
            raise CommandError("Cần --unit MÃ để lưu kế hoạch (hoặc dùng --dry-run).")
        generation = Generation.FORMER if options["former"] else Generation.CURRENT
        unit = (
            AdminUnit.objects.filter(code=options["unit"], generation=generation)
            .exclude(level="hamlet")
            .order_by("-level")  # "province" before "district" before "commune" when codes repeat
            .first()
        )
        if unit is None:
            raise CommandError(f"Không có địa bàn mã {options['unit']}.")
        draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
        try:
            plan = services.plan_create_from_draft(
                actor=system_actor(unit), unit=unit, draft=draft, source_name=path.name
            )
        except ValidationError as exc:
            self._fail("; ".join(m for msgs in exc.message_dict.values() for m in msgs), options)
            return
        except ApplicationError as exc:
            self._fail(exc.message, options)
            return
        result = {"plan": plan.pk, "document": plan.document_id, "tasks": plan.tasks.count()}
        result["targets"] = plan.targets.count()
        result["deadlines"] = plan.deadlines.count()
        self._print(result, options)

    def _print(self, payload: dict[str, Any], options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for key, value in payload.items():
                size = len(value) if isinstance(value, list) else value
                self.stdout.write(f"{key}: {size}")

    def _fail(self, message: str, options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        else:
            self.stderr.write(message)
        sys.exit(1)
