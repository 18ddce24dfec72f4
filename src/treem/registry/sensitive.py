"""What in the children register is sensitive, who may see it, and the audit of every read (ADR 0017).

Two permissions, because the roles that need them differ:

- ``registry.view_sensitive`` — the personal ID in full and the ethnicity (commune police verify IDs
  against the population database with them, Đề án 06);
- ``registry.view_sensitive_groups`` — health (HIV status, disability type and level) and membership of
  the special-circumstance groups and risk flags in ``rules.SENSITIVE_GROUPS`` / ``SENSITIVE_RISKS``:
  only the commune's child-protection worker and the commune chairman hold it.

Pages, forms, the API and the exports all ask this module, so a field or a group is hidden in the same
way everywhere. Counts without names are not sensitive and stay visible to every reader of the register.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError
from treem.registry import actions, rules

PERM_FIELDS = "registry.view_sensitive"
PERM_GROUPS = "registry.view_sensitive_groups"
ID_FIELDS = ("personal_id", "ethnicity")
HEALTH_FIELDS = ("hiv_status", "disability_type", "disability_level")
FIELD_PERMS: dict[str, str] = {
    **{f: PERM_FIELDS for f in ID_FIELDS},
    **{f: PERM_GROUPS for f in HEALTH_FIELDS},
}
# Fields a user without the right may still fill in while they are empty (registering the ID or the
# ethnicity a family brings): emptiness is already shown by the "missing data" filter.
FILL_WHEN_EMPTY = ID_FIELDS


class SensitiveFilterRefused(ApplicationError):
    """A list was asked for by a sensitive group, risk or personal ID without the right (403)."""


def is_sensitive_group(number: int | None) -> bool:
    return number is not None and number in rules.SENSITIVE_GROUPS


def is_sensitive_risk(kind: str) -> bool:
    return kind in rules.SENSITIVE_RISKS


def _covers(user: Any, perm: str, over: str = "registry.view_child") -> bool:
    """Does ``perm`` reach every unit where the user holds ``over``?"""
    mine = access.get_access(user).paths(perm)
    return bool(mine) and all(any(p.startswith(m) for m in mine) for p in access.get_access(user).paths(over))


def sees_all_groups(user: Any) -> bool:
    """May the user list children of every group wherever they see children?"""
    return _covers(user, PERM_GROUPS)


def hidden_fields(user: Any, unit: Any) -> set[str]:
    """The sensitive fields of a child of ``unit`` the user may not see."""
    return {f for f, perm in FIELD_PERMS.items() if not access.has_perm(user, perm, unit)}


def may_see_group(user: Any, number: int, unit: Any) -> bool:
    return not is_sensitive_group(number) or access.has_perm(user, PERM_GROUPS, unit)


def may_see_risk(user: Any, kind: str, unit: Any) -> bool:
    return not is_sensitive_risk(kind) or access.has_perm(user, PERM_GROUPS, unit)


def visible_circumstances(user: Any, child: Any, items: Iterable[Any]) -> list[Any]:
    """The child's group memberships the user may see (each item has ``group.number``)."""
    return [c for c in items if may_see_group(user, c.group.number, child.area)]


def refusal(user: Any, *, group: int | None, risk: str, personal_id_search: bool) -> str:
    """Why the user may not list children by this filter ("" when they may)."""
    if is_sensitive_group(group) and not access.has_perm(user, PERM_GROUPS):
        return _(
            "Bạn không có quyền xem danh sách trẻ em thuộc nhóm này: đây là thông tin nhạy cảm "
            "(sức khỏe, xâm hại, vi phạm pháp luật). Bạn vẫn xem được số lượng trong báo cáo, thống kê."
        )
    if is_sensitive_risk(risk) and not access.has_perm(user, PERM_GROUPS):
        return _("Bạn không có quyền xem danh sách trẻ em có nguy cơ này: đây là thông tin nhạy cảm.")
    if personal_id_search and not access.has_perm(user, PERM_FIELDS):
        return _("Bạn không có quyền tìm trẻ em theo số định danh cá nhân. Hãy tìm theo họ tên và ngày sinh.")
    return ""


def check_filters(user: Any, *, group: int | None, risk: str, personal_id_search: bool) -> None:
    message = refusal(user, group=group, risk=risk, personal_id_search=personal_id_search)
    if message:
        raise SensitiveFilterRefused(message)


def sensitive_filter(*, group: int | None, risk: str, personal_id_search: bool) -> dict[str, Any]:
    """What of a list's filter is sensitive, as written to the audit trail (never the searched ID)."""
    out: dict[str, Any] = {}
    if is_sensitive_group(group):
        out["group"] = group
    if is_sensitive_risk(risk):
        out["risk"] = risk
    if personal_id_search:
        out["personal_id_search"] = True
    return out


def audit_listing(
    *, actor: Any, what: dict[str, Any], count: int, place: str, ip: str | None = None, unit: Any = None
) -> None:
    """One audit event for a list of children selected by sensitive data: who (the actor), what (the
    group, risk or an ID search, and how many children), where (page, API, export) and when. No names."""
    if not what:
        return
    only_id = set(what) == {"personal_id_search"}
    action = actions.CHILD_SEARCHED_ID if only_id else actions.CHILDREN_LISTED_SENSITIVE
    audit_log(
        actor=actor,
        action=action,
        object_type="registry.child",
        unit=unit,
        ip=ip,
        extra={**what, "count": count, "place": place},
    )


def audit_groups_listing(
    *, actor: Any, counts: dict[int, int], place: str, unit: Any, ip: str | None = None
) -> None:
    """The special-circumstances list showed the names of children of sensitive groups."""
    shown = {str(n): c for n, c in sorted(counts.items()) if is_sensitive_group(n) and c}
    if not shown:
        return
    audit_log(
        actor=actor,
        action=actions.CHILDREN_LISTED_SENSITIVE,
        object_type="registry.child",
        unit=unit,
        ip=ip,
        extra={"groups": shown, "count": sum(shown.values()), "place": place},
    )


def audit_fields_read(*, actor: Any, child: Any, fields: Iterable[str], reason: str, ip: str | None) -> None:
    """The sensitive fields of one child were shown (the edit form, a reveal); ``sensitive_groups``:
    its memberships of sensitive groups and risks."""
    wanted = set(fields)
    shown = [f for f in (*FIELD_PERMS, "sensitive_groups") if f in wanted]
    if not shown:
        return
    audit_log(
        actor=actor,
        action=actions.CHILD_SENSITIVE_VIEWED,
        obj=child,
        unit=child.commune,
        ip=ip,
        extra={"fields": shown, "reason": reason[:255]},
    )


def reveal(*, actor: Any, child: Any, ip: str | None = None, reason: str = "") -> dict[str, Any]:
    """The sensitive fields of ``child`` the actor may see, in clear (others are absent); audited.
    404 (AccessDenied) when the actor may see none of them."""
    hidden = hidden_fields(actor, child.area)
    if hidden == set(FIELD_PERMS):
        raise access.AccessDenied
    values: dict[str, Any] = {
        "personal_id": child.personal_id,
        "ethnicity": child.ethnicity.name if child.ethnicity_id else None,
        "hiv_status": child.hiv_status,
        "disability_type": child.get_disability_type_display(),
        "disability_level": child.get_disability_level_display(),
    }
    shown = {k: v for k, v in values.items() if k not in hidden}
    groups = ["sensitive_groups"] if access.has_perm(actor, PERM_GROUPS, child.area) else []
    audit_fields_read(actor=actor, child=child, fields=[*shown, *groups], reason=reason, ip=ip)
    return shown


def unwritable(user: Any, child: Any, keys: Iterable[str]) -> list[str]:
    """Of the sensitive ``keys`` a user wants to write on ``child``, those they may not: a value they
    cannot see could only be overwritten blindly (an empty ID or ethnicity may be filled in)."""
    hidden = hidden_fields(user, child.area)
    out = []
    for key in keys:
        if key not in hidden:
            continue
        if key in FILL_WHEN_EMPTY and not (child.ethnicity_id if key == "ethnicity" else child.personal_id):
            continue
        out.append(key)
    return out
