"""Issue a one-time enrolment code for the second factor from the server's command line: the way for
the first superuser of an installation (whom nobody else manages) to enrol an authenticator (ADR 0019)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.accounts.models import User
from treem.accounts.services import ENROLMENT_CODE_HOURS, enrolment_code_issue


class Command(BaseCommand):
    help = "Cấp mã kích hoạt xác thực hai lớp (dùng một lần) cho một người dùng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("Không tìm thấy người dùng đang hoạt động có tên đăng nhập này.")
        code = enrolment_code_issue(actor="issue_enrolment_code", user=user)
        self.stdout.write(
            f"Mã kích hoạt của {user.username}: {code} "
            f"(dùng một lần, hết hạn sau {ENROLMENT_CODE_HOURS} giờ)."
        )
