"""People as people read them: a user's full name, never the login name alone where a person is shown
(issue #19). ``display_name`` is also a template filter: ``{% load people %}{{ user|display_name }}``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def display_name(user: Any, fallback: str = "—") -> str:
    """The user's full name; the login name when none is recorded; ``fallback`` for no user (the system,
    a deleted account)."""
    if user is None:
        return fallback
    name = (getattr(user, "full_name", "") or "").strip()
    return name or (getattr(user, "username", "") or "").strip() or fallback


def display_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """Full names of the given user ids, in one query (for lists of events that keep only the id)."""
    from django.contrib.auth import get_user_model

    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = get_user_model().objects.filter(pk__in=ids).values_list("pk", "full_name", "username")
    return {pk: (full or username) for pk, full, username in rows}
