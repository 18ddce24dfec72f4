"""``import_children FILE --commune CODE [--dry-run] [--date-format F] [--template NAME] --json``.

Runs as the "system" actor with every right inside the commune, through the same code as the web import
(treem.registry.importing). Exits 1 when nothing was imported because of errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.accounts.access import system_actor
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit, Level
from treem.registry import importing
from treem.registry.validation import DATE_FORMATS


class Command(BaseCommand):
    help = "Nhập danh sách trẻ em của một xã, phường từ tệp CSV hoặc XLSX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--commune", required=True, help="Mã xã, phường")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--date-format", default="dd/mm/yyyy", choices=list(DATE_FORMATS))
        parser.add_argument("--template", default="treem", help="treem, csdlqg hoặc tên một mẫu đã lưu")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = AdminUnit.objects.filter(code=options["commune"], level=Level.COMMUNE).first()
        if commune is None:
            raise CommandError(f"Không có xã, phường mã {options['commune']}.")
        actor = system_actor(commune)
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from None
        try:
            name = options["template"]
            if name in importing.PRESETS:
                mapping = dict(importing.PRESETS[name][1])
            else:
                template = importing.template_by_name(actor, name)
                mapping = dict(template.mapping) if template else dict(importing.PRESETS["treem"][1])
            table = importing.read_table(data)
            result = importing.import_table(
                actor=actor,
                commune=commune,
                table=table,
                mapping=mapping,
                date_format=options["date_format"],
                dry_run=options["dry_run"],
                source=Path(options["file"]).name,
            )
            payload = result.as_dict()
        except ApplicationError as exc:
            payload = {
                "rows": 0,
                "valid": 0,
                "created": 0,
                "updated": 0,
                "errors": [{"row": 0, "column": "", "message": exc.message}],
            }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{payload['rows']} dòng, {payload['valid']} hợp lệ, {payload['created']} thêm mới, "
                f"{payload['updated']} cập nhật, {len(payload['errors'])} lỗi."
            )
            for e in payload["errors"]:
                self.stdout.write(f"Dòng {e['row']} · {e['column']}: {e['message']}")
        if payload["errors"]:
            raise SystemExit(1)
