from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_copy(copies: dict[int, Any], task_id: int) -> Any:
    """``{{ page.copies|get_copy:task.pk }}``: (done, late, units) of the units given the task."""
    return copies.get(task_id)
