from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from treem.accounts.models import Role
from treem.web.management.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu của ./treem demo."

    def handle(self, *args: Any, **options: Any) -> None:
        roles = dict(Role.objects.values_list("code", "name"))
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung / password for all: {DEMO_PASSWORD})")
        width = max(len(u.username) for u in DEMO_USERS)
        for u in DEMO_USERS:
            self.stdout.write(f"  {u.username.ljust(width)}  {roles.get(u.role, u.role)}")
        if not settings.TREEM_ENFORCE_2FA:
            self.stdout.write(
                "Xác thực hai lớp đang tắt trong bản demo; bật bằng TREEM_ENFORCE_2FA=1 "
                "(two-factor authentication is off in the demo)."
            )
        self.stdout.write("")
