"""Give a role from the server's command line: the way to appoint an installation's first data owners
(a national officer, the first provincial officers), who approve everything else (ADR 0019).

Whoever runs commands on the server is outside the web's two-person rule; the assignment is audited
with the command as its actor.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from treem.accounts.models import Role, User
from treem.accounts.services import assignment_create
from treem.core.errors import ApplicationError
from treem.geo.models import AdminUnit, Generation


class Command(BaseCommand):
    help = "Phân công vai trò cho người dùng từ dòng lệnh (ví dụ người phụ trách dữ liệu đầu tiên)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("role", help="mã vai trò, ví dụ national_officer, province_officer")
        parser.add_argument("unit", help="mã đơn vị hành chính hiện hành, ví dụ VN, 79, 26740")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        role = Role.objects.filter(code=options["role"]).first()
        unit = AdminUnit.objects.filter(code=options["unit"], generation=Generation.CURRENT).first()
        if user is None or role is None or unit is None:
            raise CommandError("Không tìm thấy người dùng, vai trò hoặc đơn vị hành chính.")
        try:
            assignment_create(actor="assign_role", user=user, unit=unit, role=role, check_actor=False)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã giao vai trò “{role.name}” tại {unit.name} cho {user.username}.")
