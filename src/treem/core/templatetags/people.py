"""``{{ user|display_name }}``: the person's full name (treem.core.people.display_name)."""

from __future__ import annotations

from typing import Any

from django import template

from treem.core import people

register = template.Library()


@register.filter
def display_name(user: Any, fallback: str = "—") -> str:
    return people.display_name(user, fallback)
