"""Who may list a protection case and who may open its file (ADR 0006, amended by ADR 0018).

A case is listed to users who hold cases.view_case (or cases.file_intake, for what they filed) over its
commune, and to agencies it was referred to. Its file opens only for:
1. the workers assigned to it;
2. whoever holds cases.approve_plan over the commune (the chairman) — except in sexual-abuse cases,
   where the chairman needs a grant like anyone else (given automatically when the plan is submitted);
3. users with an active explicit grant: given by the chairman, or from an access request approved by
   someone else (``CaseAccessRequest``);
4. a break-glass opening, only by a user *of the commune*: assigned to the case's commune or a hamlet of
   it with a role that sees cases there (``BREAK_GLASS_PERMISSIONS``). A provincial officer asks instead.

These rules live in the cases app; ``treem.accounts.access`` stays generic (it imports no case model).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from treem.accounts.access import AccessDenied, get_access, has_perm, parse_pk, scope

# A user of the commune may break the glass when one of their assignments at the commune (or one of its
# hamlets) grants one of these.
BREAK_GLASS_PERMISSIONS = ("cases.view_case", "cases.manage_case", "cases.approve_plan")
# Approves access requests and reviews break-glass openings over its jurisdiction (the chairman over
# the commune, the provincial officer over the province).
APPROVE_ACCESS = "cases.approve_access"


def cases_listable(user: Any) -> QuerySet[Any]:
    from treem.cases.models import Case

    scoped = scope(Case.objects.all(), user, "cases.view_case")
    filed = (
        Case.objects.filter(filed_by_id=getattr(user, "pk", None))
        if getattr(user, "is_authenticated", False)
        else Case.objects.none()
    )
    referred = (
        Case.objects.filter(
            referrals__agency__in=[a.agency_id for a in get_access(user).assignments if a.agency_id]
        )
        if has_perm(user, "cases.handle_referral")
        else Case.objects.none()
    )
    return Case.objects.filter(
        Q(pk__in=scoped.values("pk")) | Q(pk__in=filed.values("pk")) | Q(pk__in=referred.values("pk"))
    )


def is_commune_user(user: Any, unit: Any) -> bool:
    """Is ``user`` assigned today to the commune ``unit`` or one of its hamlets, with a role that sees its
    cases? (Who may break the glass; an assignment at the province or the nation does not count.)"""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(
        a.unit.path.startswith(unit.path) and any(p in a.role.permissions for p in BREAK_GLASS_PERMISSIONS)
        for a in get_access(user).assignments
    )


def _commune_unit_ids(user: Any) -> set[int]:
    """Ids of the units on the paths of the user's assignments that count for break-glass: a case's
    commune is among them exactly when ``is_commune_user(user, case.unit)``."""
    ids: set[int] = set()
    for a in get_access(user).assignments:
        if any(p in a.role.permissions for p in BREAK_GLASS_PERMISSIONS):
            ids.update(int(x) for x in a.unit.path.strip("/").split("/") if x.isdecimal())
    return ids


def active_grants(user: Any, now: Any = None) -> QuerySet[Any]:
    """The user's grants in force now. A break-glass grant counts only while its holder is still a user
    of the case's commune (a grant taken under the old, wider rule no longer opens anything)."""
    from treem.cases.models import CaseAccessGrant

    now = now or timezone.now()
    return CaseAccessGrant.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        Q(break_glass=False) | Q(case__unit_id__in=_commune_unit_ids(user)),
        user_id=int(getattr(user, "pk", 0) or 0),
        revoked_at__isnull=True,
    )


def can_open_case_file(user: Any, case: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not has_perm(user, "cases.view_case", case.unit):
        return False
    user_pk = int(user.pk or 0)
    if case.workers.filter(pk=user_pk).exists():
        return True
    if not case.is_sexual_abuse and has_perm(user, "cases.approve_plan", case.unit):
        return True
    return active_grants(user).filter(case=case).exists()


def may_break_glass(user: Any, case: Any) -> bool:
    return is_commune_user(user, case.unit) and has_perm(user, "cases.view_case", case.unit)


def may_request_access(user: Any, case: Any) -> bool:
    """Who sees the case (cases.view_case over its commune) but is not of the commune asks instead."""
    return (
        getattr(user, "is_authenticated", False)
        and has_perm(user, "cases.view_case", case.unit)
        and not is_commune_user(user, case.unit)
    )


def may_decide_request(user: Any, request: Any) -> bool:
    """The chairman of the commune, or a provincial officer, holding cases.approve_access over the case's
    commune — never the requester."""
    return (
        getattr(user, "is_authenticated", False)
        and user.pk != request.requester_id
        and has_perm(user, APPROVE_ACCESS, request.case.unit)
    )


def access_case(user: Any, case_id: Any, *, file: bool = True) -> Any:
    """The case if the user may see it (``file=True``: open its file), else 404 like a missing one."""
    try:
        case = cases_listable(user).select_related("unit", "child").get(pk=parse_pk(case_id))
    except Exception:
        raise AccessDenied from None
    if file and not can_open_case_file(user, case):
        raise AccessDenied
    return case
