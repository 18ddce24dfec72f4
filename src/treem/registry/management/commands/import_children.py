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
from treem.geo.models import AdminUnit, Generation, Level
from treem.registry import importing
from treem.registry.validation import DATE_FORMATS


def resolve_commune(code: str) -> AdminUnit:
    """The CURRENT commune with this code. Codes repeat across the two maps (26968 is both the former
    Phường 4 and the current Phường Tân Sơn Nhất): the former map is only consulted to say, for a code
    that is not current, which current communes took the former one over."""
    code = code.strip()
    commune = AdminUnit.objects.filter(code=code, level=Level.COMMUNE, generation=Generation.CURRENT).first()
    if commune is not None:
        return commune
    former = AdminUnit.objects.filter(code=code, level=Level.COMMUNE, generation=Generation.FORMER).first()
    if former is None:
        raise CommandError(f"Không có xã, phường hiện hành nào mã {code}.")
    successors = AdminUnit.objects.filter(
        predecessions__predecessor=former, generation=Generation.CURRENT, level=Level.COMMUNE
    ).order_by("code")
    named = ", ".join(f"{s.name} (mã {s.code})" for s in successors) or "không có đơn vị kế thừa nào được ghi"
    raise CommandError(
        f"Mã {code} là của {former.name} trên bản đồ hành chính cũ, không còn là đơn vị hiện hành. "
        f"Đơn vị kế thừa: {named}. Hãy chạy lại với --commune là mã của xã, phường hiện hành."
    )


def unit_label(commune: AdminUnit) -> str:
    province = commune.parent.name if commune.parent is not None else ""
    return f"{commune.name} (mã {commune.code}){', ' + province if province else ''}"


class Command(BaseCommand):
    help = "Nhập danh sách trẻ em của một xã, phường từ tệp CSV hoặc XLSX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--commune", required=True, help="Mã xã, phường")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--date-format", default="dd/mm/yyyy", choices=list(DATE_FORMATS))
        parser.add_argument("--template", default="treem", help="treem, csdlqg hoặc tên một mẫu đã lưu")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--create-duplicates",
            action="store_true",
            help="Vẫn thêm mới các dòng không có số định danh trùng với trẻ em đã có (mặc định: không ghi)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        commune = resolve_commune(options["commune"])
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
                create_duplicates=options["create_duplicates"],
            )
            payload = result.as_dict()
        except ApplicationError as exc:
            payload = {
                "rows": 0,
                "valid": 0,
                "created": 0,
                "updated": 0,
                "matched": 0,
                "possible_duplicates": [],
                "ignored_columns": [],
                "errors": [{"row": 0, "column": "", "message": exc.message}],
            }
        payload["unit"] = {
            "code": commune.code,
            "name": commune.name,
            "province": commune.parent.name if commune.parent is not None else "",
        }
        payload["dry_run"] = bool(options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            verb = "Chạy thử, sẽ ghi vào" if options["dry_run"] else "Đã ghi vào"
            self.stdout.write(f"{verb}: {unit_label(commune)}.")
            self.stdout.write(
                f"{payload['rows']} dòng, {payload['valid']} hợp lệ, {payload['created']} thêm mới, "
                f"{payload['updated']} cập nhật, {len(payload['errors'])} lỗi."
            )
            if payload.get("ignored_columns"):
                names = ", ".join(f"“{h}”" for h in payload["ignored_columns"])
                self.stdout.write(f"Các cột bị bỏ qua: {names}.")
            for d in payload.get("possible_duplicates", []):
                found = "; ".join(
                    f"{m['full_name']}, {m['date_of_birth']} (hồ sơ {m['id']})" for m in d["matches"]
                )
                self.stdout.write(f"Dòng {d['row']} · có thể đã có: {found}.")
            if payload.get("matched"):
                self.stdout.write(
                    f"{payload['matched']} dòng có thể đã có trong sổ nên không ghi "
                    "(dùng --create-duplicates để vẫn thêm mới)."
                )
            for e in payload["errors"]:
                self.stdout.write(f"Dòng {e['row']} · {e['column']}: {e['message']}")
        if payload["errors"]:
            raise SystemExit(1)
