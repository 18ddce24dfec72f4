from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from treem.accounts import access
from treem.accounts.models import Assignment, Role, User
from treem.accounts.roles import ROLES
from treem.audit import actions
from treem.audit.services import audit_log
from treem.geo.models import AdminUnit


def role_sync() -> int:
    """Write the role catalogue (accounts/roles.py) into the Role table. Idempotent."""
    for order, spec in enumerate(ROLES):
        Role.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "level": spec.level,
                "permissions": sorted(spec.permissions),
                "requires_2fa": spec.requires_2fa,
                "needs_agency": spec.needs_agency,
                "sort_order": order,
            },
        )
    return len(ROLES)


def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> User:
    with transaction.atomic():
        user = User(username=username, full_name=full_name, email=email, phone=phone, job_title=job_title)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_log(
            actor=actor,
            action=actions.USER_CREATED,
            obj=user,
            after={"username": username, "full_name": user.full_name, "email": email},
        )
    return user


def assignment_create(
    *,
    actor: Any,
    user: User,
    unit: AdminUnit,
    role: Role,
    agency: Any = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    check_actor: bool = True,
) -> Assignment:
    """Give ``user`` a role over ``unit``. The actor must manage users over that unit (404 otherwise)."""
    if check_actor:
        access.require(actor, "accounts.manage_user", unit)
    with transaction.atomic():
        assignment = Assignment(
            user=user,
            unit=unit,
            role=role,
            agency=agency,
            valid_to=valid_to,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if valid_from is not None:
            assignment.valid_from = valid_from
        assignment.full_clean()
        assignment.save()
        audit_log(
            actor=actor,
            action=actions.ASSIGNMENT_CREATED,
            obj=assignment,
            unit=unit,
            after={"user": user.username, "role": role.code, "unit": unit.code, "valid_to": valid_to},
        )
    access.forget(user)
    return assignment
