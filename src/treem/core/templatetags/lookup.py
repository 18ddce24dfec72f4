"""``{{ mapping|get_item:key }}``: a dictionary entry by a key held in a variable (Django's templates
only look up literal keys)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any] | None, key: Any) -> Any:
    return (mapping or {}).get(key)
