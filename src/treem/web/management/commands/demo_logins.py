from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.accounts.models import Role, User
from treem.accounts.services import ENROLMENT_CODE_HOURS, enrolment_code_issue
from treem.web.management.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "In danh sách tài khoản mẫu của ./treem demo: mỗi tài khoản thấy gì, làm gì, và mã kích hoạt "
        "xác thực hai lớp mới cho các vai trò bắt buộc."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        roles = {r.code: r for r in Role.objects.all()}
        users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
        enrolled = set(
            TOTPDevice.objects.filter(user__in=users.values(), confirmed=True).values_list(
                "user__username", flat=True
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung / password for all: {DEMO_PASSWORD})")
        width = max(len(u.username) for u in DEMO_USERS)
        codes: list[tuple[str, str]] = []
        for spec in DEMO_USERS:
            role = roles.get(spec.role)
            name = role.name if role else spec.role
            self.stdout.write(f"  {spec.username.ljust(width)}  {name}")
            if spec.sees:
                self.stdout.write(f"  {''.ljust(width)}  → {spec.sees}")
            user = users.get(spec.username)
            if role is not None and role.requires_2fa and user is not None and spec.username not in enrolled:
                codes.append((spec.username, enrolment_code_issue(actor="demo_logins", user=user)))
        if codes:
            self.stdout.write("")
            self.stdout.write(
                f"Mã kích hoạt xác thực hai lớp (dùng một lần, hết hạn sau {ENROLMENT_CODE_HOURS} giờ; "
                "enrolment codes for the authenticator app):"
            )
            for username, code in codes:
                self.stdout.write(f"  {username.ljust(width)}  {code}")
        if not settings.TREEM_ENFORCE_2FA:
            self.stdout.write(
                "Xác thực hai lớp đang tắt trong bản demo; bật bằng TREEM_ENFORCE_2FA=1 rồi nhập mã kích "
                "hoạt ở trên khi được hỏi (two-factor authentication is off in the demo)."
            )
        self.stdout.write("")
