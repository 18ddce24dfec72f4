"""``manage.py jobs_recover`` — find background jobs that a crash interrupted (ADR 0015).

Run by the launcher before it starts (or restarts) the job worker; the worker also runs it every
minute. A job whose worker stopped beating is closed; an import left running is marked failed with a
retry button, an export is queued again once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from treem.core import jobs


class Command(BaseCommand):
    help = "Đánh dấu các công việc nền bị gián đoạn (recover background jobs interrupted by a crash)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--stalled-after",
            type=float,
            default=jobs.STALLED_AFTER_SECONDS,
            help="Giây không có nhịp của tiến trình nền thì coi là đã chết (seconds without heartbeat).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = jobs.jobs_recover(stalled_after=options["stalled_after"])
        expired = jobs.exports_expire()
        if any(counts.values()) or expired:
            self.stderr.write(
                f"» Công việc bị gián đoạn (interrupted jobs): {counts['failed']} đánh dấu lỗi (failed), "
                f"{counts['retried']} chạy lại (queued again); {expired} tệp xuất hết hạn đã xoá "
                "(expired exports deleted)."
            )
