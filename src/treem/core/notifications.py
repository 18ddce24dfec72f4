"""In-app notifications and e-mail. Messages carry no personal data of children: a title and a link."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from treem.core.models import Notification


def notify(
    *, users: Iterable[Any], title: str, link: str = "", kind: str = "", send_email: bool = True
) -> int:
    """Notify each user in-app and, if they have an address, by e-mail (sent after commit by the caller's
    transaction is fine: send_mail is only called here, outside any data change)."""
    count = 0
    for user in {u.pk: u for u in users if u is not None}.values():
        Notification.objects.create(user=user, title=title, link=link, kind=kind)
        count += 1
        address = str(getattr(user, "email", "") or "")
        if send_email and address:
            body = _("%(title)s\n\nMở Treem để xem chi tiết: %(link)s") % {
                "title": title,
                "link": f"{settings.TREEM_BASE_URL}{link}",
            }
            send_mail(f"[Treem] {title}", body, None, [address], fail_silently=True)
    return count
