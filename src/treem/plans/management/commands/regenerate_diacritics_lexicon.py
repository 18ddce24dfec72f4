"""``regenerate_diacritics_lexicon [--check]``: write the plan importer's word list for text without
diacritics (``treem/plans/parsing/data/diacritics_lexicon.tsv``) again from its sources, the parser's
own rules and ``data/reference/*.csv``. Run it after a change to the parser's rules and commit the file;
``--check`` only says whether the committed list is current (exit 1 when it is not)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.plans.parsing import diacritics


class Command(BaseCommand):
    help = "Tạo lại danh sách từ dùng để thêm dấu cho văn bản kế hoạch viết không dấu."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Chỉ kiểm tra danh sách đã lưu có đúng với nguồn không"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = diacritics.LEXICON_FILE
        fresh = diacritics.lexicon_text(diacritics.build_lexicon())
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != fresh:
                raise CommandError(
                    f"{path} không khớp với nguồn; hãy chạy manage.py regenerate_diacritics_lexicon."
                )
            self.stdout.write(f"{path}: khớp với nguồn.")
            return
        diacritics.write_lexicon()
        self.stdout.write(f"Đã ghi {path} ({fresh.count(chr(10))} dòng).")
