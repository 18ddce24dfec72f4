from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_app_role(using: str = "default", **kwargs: Any) -> None:
    """The grants step after every ``migrate`` (ADR 0013): the application role gets read and write on
    every table, SELECT and INSERT only on the audit table. Nothing happens when no application role
    is configured or ``migrate`` runs as that role."""
    from django.conf import settings
    from django.db import connections

    from treem.core.dbroles import grant_app_privileges

    role = getattr(settings, "TREEM_DB_APP_ROLE", "")
    if role:
        with connections[using].cursor() as cursor:
            grant_app_privileges(cursor, role)


class AuditConfig(AppConfig):
    name = "treem.audit"
    label = "audit"
    verbose_name = "Nhật ký"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sent once per app after all migrations ran; listening to this app's signal runs it once.
        post_migrate.connect(grant_app_role, sender=self, dispatch_uid="treem.audit.grant_app_role")
        from treem.audit import checks  # noqa: F401 — registers the deployment checks
