"""Deployment checks (``manage.py check --deploy``) for the role split and the seal key (ADR 0013)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_roles_and_seal_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    import os

    from config.env import VAR_DIR, get_secret

    messages: list[checks.CheckMessage] = []
    if not get_secret("DATABASE_OWNER_URL"):
        messages.append(
            checks.Warning(
                "DATABASE_OWNER_URL is not set: the application connects as the role that runs "
                "migrations and owns the audit table, so it can disable the append-only triggers.",
                hint="Create an owner and an application role (docs/operations.md §1).",
                id="treem.W001",
            )
        )
    key_file = settings.TREEM_AUDIT_SEAL_KEY_FILE
    if not os.environ.get("TREEM_AUDIT_SEAL_KEY") and key_file.resolve().is_relative_to(VAR_DIR.resolve()):
        messages.append(
            checks.Warning(
                f"The audit seal key is kept in {key_file}, beside the data it protects.",
                hint="Set TREEM_AUDIT_SEAL_KEY_FILE to a file outside var/ and outside the database "
                "host's backups (docs/operations.md §2).",
                id="treem.W002",
            )
        )
    return messages
