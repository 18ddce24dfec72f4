"""Writing users and role assignments. Every change is authorised through ``accounts.access``,
audited and made in one transaction.

Rules for granting a role (``assignment_check``):

- the role's level must fit the unit's level (a hamlet-level role may also be held over a commune);
- a role assigned "with an agency" needs an agency of the unit or of a unit above it;
- an assignment whose role opens children's records or case files (``permissions.NEEDS_APPROVAL``),
  given by a person who does not hold ``accounts.approve_access`` over the unit (the system
  administrator), waits for the approval of the unit's data owner (``assignment_approve``, ADR 0019);
  until then it grants nothing. Scripts (seed, tests: ``actor`` not a person) give active assignments;
- no privilege escalation: an actor may not grant (or end) a role holding an *administrative*
  permission (``permissions.GUARDED``: user administration, audit, calendar, map catalogues) that the
  actor does not hold over the unit, and may not give a role to themselves. Operational permissions
  (children register, cases, indicators, …) are what a provincial administrator hands out to commune
  staff, so holding ``accounts.manage_user`` over the unit is enough to grant those.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.accounts.models import Assignment, Role, User
from treem.accounts.permissions import APPROVE, GUARDED, needs_approval
from treem.accounts.roles import ROLES
from treem.audit import actions
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.geo.models import AdminUnit, Generation, Level

MANAGE = "accounts.manage_user"

# Role level → unit levels it may be held over.
ROLE_UNIT_LEVELS: dict[str, tuple[str, ...]] = {
    Role.Level.NATION: (Level.NATION,),
    Role.Level.PROVINCE: (Level.PROVINCE,),
    Role.Level.COMMUNE: (Level.COMMUNE,),
    Role.Level.HAMLET: (Level.HAMLET, Level.COMMUNE),
}

# Fields of a user an administrator edits (``user_update``), in form order.
USER_FIELDS = ("full_name", "email", "phone", "job_title", "is_active")


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


# --- checks -----------------------------------------------------------------------------------------


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def open_assignments(user: User) -> list[Assignment]:
    """Assignments not yet ended (current or starting later)."""
    today = timezone.localdate()
    return list(
        Assignment.objects.filter(user=user)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("unit", "role")
    )


def _missing_guarded(actor: Any, role: Role, unit: AdminUnit) -> list[str]:
    return sorted(p for p in role.permissions if p in GUARDED and not access.has_perm(actor, p, unit))


def assignment_check(
    *,
    actor: Any,
    user: User | None,
    unit: AdminUnit,
    role: Role,
    agency: Any = None,
    check_actor: bool = True,
) -> None:
    """Raise ApplicationError (Vietnamese message) if ``role`` may not be given over ``unit``.

    Raises ``access.AccessDenied`` (404) when the actor does not manage users over ``unit``.
    """
    if check_actor:
        access.require(actor, MANAGE, unit)
    allowed_levels = ROLE_UNIT_LEVELS.get(role.level, ())
    if unit.level not in allowed_levels:
        raise ApplicationError(
            _("Vai trò “%(role)s” là vai trò cấp %(level)s, không thể phân công tại %(unit)s.")
            % {"role": role.name, "level": role.get_level_display().lower(), "unit": unit.name}
        )
    if unit.generation != Generation.CURRENT or (
        unit.valid_to is not None and unit.valid_to < timezone.localdate()
    ):
        raise ApplicationError(
            _("%(unit)s không còn trên bản đồ hành chính hiện hành; không thể phân công tại đơn vị này.")
            % {"unit": unit.name}
        )
    if role.needs_agency and agency is None:
        raise ApplicationError(
            _("Vai trò “%(role)s” phải gắn với một cơ quan, đơn vị. Vui lòng chọn cơ quan.")
            % {"role": role.name}
        )
    if agency is not None:
        if not unit.path.startswith(agency.unit.path):
            raise ApplicationError(
                _("Cơ quan “%(agency)s” không thuộc %(unit)s hoặc cấp trên của đơn vị này.")
                % {"agency": agency.name, "unit": unit.name}
            )
        if not agency.is_active:
            raise ApplicationError(_("Cơ quan “%(agency)s” đã ngừng hoạt động.") % {"agency": agency.name})
    if check_actor and _is_user(actor) and not getattr(actor, "is_superuser", False):
        if user is not None and user.pk == actor.pk:
            raise ApplicationError(_("Bạn không thể tự phân quyền cho chính mình."))
        missing = _missing_guarded(actor, role, unit)
        if missing:
            raise ApplicationError(
                _(
                    "Bạn không thể giao vai trò “%(role)s” vì vai trò này có quyền mà bạn không có tại "
                    "%(unit)s: %(perms)s."
                )
                % {"role": role.name, "unit": unit.name, "perms": _perm_labels(missing)}
            )


def _perm_labels(codes: list[str]) -> str:
    from treem.accounts.permissions import PERMISSIONS

    return "; ".join(str(PERMISSIONS.get(c, c)) for c in codes)


def user_check_manage(*, actor: Any, user: User) -> None:
    """The actor may edit ``user``: 404 unless they manage users over every open assignment's unit.

    A provincial administrator thus cannot take over an account that also holds a role elsewhere.
    """
    access.access_user(actor, user.pk, MANAGE)
    if getattr(actor, "is_superuser", False):
        return
    if user.is_superuser:
        raise access.AccessDenied
    for a in open_assignments(user):
        access.require(actor, MANAGE, a.unit)
        if a.user_id != actor.pk and _missing_guarded(actor, a.role, a.unit):
            raise access.AccessDenied


def user_version(user: User) -> str:
    """A short fingerprint of the editable fields: the form's optimistic-locking token."""
    values = [getattr(user, f) for f in USER_FIELDS]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:16]


_PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống thông tin của tài khoản (%(verbose_name)s).",
}


def password_errors(password: str, user: User | None = None) -> list[str]:
    """Django's password validators, with Vietnamese messages."""
    if not password:
        return [_("Vui lòng nhập mật khẩu.")]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        messages: list[str] = []
        for error in exc.error_list:
            template = _PASSWORD_MESSAGES.get(error.code or "")
            params = dict(error.params or {})
            if error.code == "password_too_similar":
                params["verbose_name"] = _("tên đăng nhập, họ tên hoặc thư điện tử")
            messages.append(_(template) % params if template else str(error.message % params))
        return messages
    return []


# --- users ------------------------------------------------------------------------------------------


def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
    job_title: str = "",
    unit: AdminUnit | None = None,
) -> User:
    """Create a user. A person acting must manage users over ``unit`` (or somewhere, without it).

    Scripts (``actor`` a string or None) are not checked. Use ``user_create_with_assignment`` from
    forms so that the account and its first role are written together.
    """
    if _is_user(actor):
        if unit is not None:
            access.require(actor, MANAGE, unit)
        elif not access.has_perm(actor, MANAGE):
            raise access.AccessDenied
    with transaction.atomic():
        user = User(username=username, full_name=full_name, email=email, phone=phone, job_title=job_title)
        if password:
            errors = password_errors(password, user)
            if errors:
                raise ApplicationError(" ".join(errors))
            user.set_password(password)
            user.must_change_password = _is_user(actor)
        else:
            user.set_unusable_password()
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            if "username" in exc.message_dict:
                raise ApplicationError(_("Tên đăng nhập đã có hoặc không hợp lệ.")) from exc
            raise ApplicationError(" ".join(exc.messages)) from exc
        user.save()
        audit_log(
            actor=actor,
            action=actions.USER_CREATED,
            obj=user,
            unit=unit,
            after={"username": username, "full_name": user.full_name, "email": email},
        )
    return user


def user_create_with_assignment(
    *,
    actor: Any,
    username: str,
    full_name: str,
    password: str | None,
    unit: AdminUnit,
    role: Role,
    agency: Any = None,
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> User:
    """A new account and its first role, all or nothing."""
    assignment_check(actor=actor, user=None, unit=unit, role=role, agency=agency)
    with transaction.atomic():
        user = user_create(
            actor=actor,
            username=username,
            full_name=full_name,
            password=password,
            email=email,
            phone=phone,
            job_title=job_title,
            unit=unit,
        )
        assignment_create(actor=actor, user=user, unit=unit, role=role, agency=agency)
    return user


def user_update(*, actor: Any, user: User, data: dict[str, Any], expected_version: str | None = None) -> User:
    """Change full name, e-mail, phone, job title or the active flag of ``user``."""
    user_check_manage(actor=actor, user=user)
    unknown = set(data) - set(USER_FIELDS)
    if unknown:
        raise ApplicationError(
            _("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if expected_version is not None and user_version(locked) != expected_version:
            raise ConcurrentEditError(
                _("Người khác vừa sửa tài khoản này. Vui lòng tải lại trang và nhập lại thay đổi.")
            )
        if data.get("is_active") is False and _is_user(actor) and locked.pk == actor.pk:
            raise ApplicationError(_("Bạn không thể tự khóa tài khoản của chính mình."))
        before = {f: getattr(locked, f) for f in USER_FIELDS}
        for name, value in data.items():
            setattr(locked, name, value)
        try:
            locked.full_clean(exclude=["password", "username"])
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from exc
        after = {f: getattr(locked, f) for f in USER_FIELDS}
        changed = [f for f in USER_FIELDS if before[f] != after[f]]
        if changed:
            locked.save(update_fields=changed)
            audit_log(
                actor=actor,
                action=actions.USER_UPDATED,
                obj=locked,
                before={f: before[f] for f in changed},
                after={f: after[f] for f in changed},
            )
    for name in USER_FIELDS:
        setattr(user, name, getattr(locked, name))
    return user


def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Set a new password (validated); the user must change it at next login when set by someone else."""
    user_check_manage(actor=actor, user=user)
    errors = password_errors(password, user)
    if errors:
        raise ApplicationError(" ".join(errors))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.must_change_password = not (_is_user(actor) and actor.pk == locked.pk)
        locked.save(update_fields=["password", "must_change_password"])
        audit_log(actor=actor, action=actions.USER_PASSWORD_SET, obj=locked)  # never the password
        if locked.must_change_password and _is_user(actor):
            _reopen_for_approval(actor=actor, user=locked)
    user.password = locked.password
    user.must_change_password = locked.must_change_password
    return user


# --- assignments ------------------------------------------------------------------------------------


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
    assignment_check(actor=actor, user=user, unit=unit, role=role, agency=agency, check_actor=check_actor)
    with transaction.atomic():
        assignment = Assignment(
            user=user,
            unit=unit,
            role=role,
            agency=agency,
            valid_to=valid_to,
            created_by=actor if _is_user(actor) else None,
            pending=_needs_owner_approval(actor, role, unit),
        )
        if valid_from is not None:
            assignment.valid_from = valid_from
        if assignment.valid_to is not None and assignment.valid_to < assignment.valid_from:
            raise ApplicationError(
                _("Ngày kết thúc phải từ ngày %(day)s trở đi.") % {"day": _fmt(assignment.valid_from)}
            )
        assignment.full_clean()
        assignment.save()
        audit_log(
            actor=actor,
            action=actions.ASSIGNMENT_CREATED,
            obj=assignment,
            unit=unit,
            after={
                "user": user.username,
                "role": role.code,
                "unit": unit.code,
                "agency": agency.pk if agency is not None else None,
                "valid_from": assignment.valid_from,
                "valid_to": valid_to,
                "pending": assignment.pending,
            },
        )
        if assignment.pending:
            _notify_approvers(assignment)
    access.forget(user)
    return assignment


def assignment_end(*, actor: Any, assignment: Assignment, valid_to: datetime.date) -> Assignment:
    """End a role on ``valid_to`` (the last day it is held)."""
    access.require(actor, MANAGE, assignment.unit)
    if (
        _is_user(actor)
        and not getattr(actor, "is_superuser", False)
        and _missing_guarded(actor, assignment.role, assignment.unit)
    ):
        raise ApplicationError(
            _("Bạn không thể kết thúc vai trò “%(role)s” vì vai trò này có quyền mà bạn không có.")
            % {"role": assignment.role.name}
        )
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update()
            .select_related("user", "unit", "role")
            .get(pk=assignment.pk)
        )
        today = timezone.localdate()
        if locked.valid_to is not None and locked.valid_to < today:
            raise ApplicationError(
                _("Phân công này đã kết thúc ngày %(day)s.") % {"day": _fmt(locked.valid_to)}
            )
        if valid_to < locked.valid_from:
            raise ApplicationError(
                _("Ngày kết thúc phải từ ngày %(day)s trở đi.") % {"day": _fmt(locked.valid_from)}
            )
        if locked.valid_to is not None and valid_to > locked.valid_to:
            raise ApplicationError(
                _("Phân công này đã có ngày kết thúc %(day)s; chỉ có thể kết thúc sớm hơn.")
                % {"day": _fmt(locked.valid_to)}
            )
        before = {"valid_to": locked.valid_to}
        locked.valid_to = valid_to
        locked.save(update_fields=["valid_to", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.ASSIGNMENT_ENDED,
            obj=locked,
            unit=locked.unit,
            before=before,
            after={"valid_to": valid_to, "user": locked.user.username, "role": locked.role.code},
        )
    assignment.valid_to = locked.valid_to
    access.forget(locked.user)
    access.forget(assignment.user)
    return assignment


# --- approval by the data owner (ADR 0019) -----------------------------------------------------------


def _needs_owner_approval(actor: Any, role: Role, unit: AdminUnit) -> bool:
    """A person who is not a data owner over ``unit`` gives a role that opens children: it waits."""
    return _is_user(actor) and needs_approval(role.permissions) and not access.has_perm(actor, APPROVE, unit)


def _approvers(assignment: Assignment) -> list[User]:
    """Whom to ask: the data owners assigned at the unit, else at the nearest unit above that has one
    (a hamlet's → the commune chairman; a commune without a chairman → the province). Never the
    person who gave the role nor the one receiving it."""
    excluded = {assignment.user_id, assignment.created_by_id}
    unit: AdminUnit | None = assignment.unit
    while unit is not None:
        found = [u for u in access.holders(APPROVE, unit) if u.pk not in excluded]
        if found:
            return found
        unit = unit.parent
    return []


def _notify_approvers(assignment: Assignment) -> None:
    from django.urls import reverse

    from treem.core.notifications import notify

    notify(
        users=_approvers(assignment),
        title=_("Phân công “%(role)s” tại %(unit)s cho %(user)s đang chờ anh/chị phê duyệt.")
        % {"role": assignment.role.name, "unit": assignment.unit.name, "user": assignment.user.username},
        link=reverse("accounts:approvals"),
        kind="accounts.approval",
    )


def approvals_pending(actor: Any) -> list[Assignment]:
    """Pending assignments the actor may decide on: over units where they hold the approving permission,
    neither given by them nor to them."""
    if not _is_user(actor):
        return []
    qs = access.scope(
        Assignment.objects.filter(pending=True).exclude(user=actor).exclude(created_by=actor),
        actor,
        APPROVE,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
    return list(qs.select_related("user", "unit", "role", "agency", "created_by").order_by("created_at"))


def _check_approver(actor: Any, assignment: Assignment) -> None:
    """404 unless the actor is a data owner over the unit; a Vietnamese refusal for their own."""
    if not _is_user(actor):
        raise access.AccessDenied
    access.require(actor, APPROVE, assignment.unit)
    if assignment.created_by_id == actor.pk:
        raise ApplicationError(_("Anh/chị không thể phê duyệt phân công do chính mình tạo."))
    if assignment.user_id == actor.pk:
        raise ApplicationError(_("Anh/chị không thể phê duyệt phân công cho chính mình."))


def _locked_pending(pk: int) -> Assignment:
    """The assignment, locked, if it still waits for approval (two data owners may decide at once)."""
    qs = Assignment.objects.select_for_update(of=("self",))
    locked = qs.select_related("user", "unit", "role", "created_by").get(pk=pk)
    if not locked.pending:
        raise ApplicationError(_("Phân công này không còn chờ phê duyệt."))
    return locked


def _decided(locked: Assignment) -> dict[str, Any]:
    """What the audit event of an approval or a refusal says about the assignment."""
    return {
        "user": locked.user.username,
        "role": locked.role.code,
        "created_by": locked.created_by.username if locked.created_by else None,
    }


def assignment_approve(*, actor: Any, assignment: Assignment) -> str | None:
    """The data owner approves a pending assignment: from now on it grants its role.

    If the account's password was set by someone else (the administrator), it stops working and a
    one-time link to set a new one is returned, for the approver to hand to the person: the
    administrator thus never holds a working password of an account that opens children.
    """
    _check_approver(actor, assignment)
    link: str | None = None
    with transaction.atomic():
        locked = _locked_pending(assignment.pk)
        locked.pending = False
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.save(update_fields=["pending", "approved_by", "approved_at", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.ASSIGNMENT_APPROVED,
            obj=locked,
            unit=locked.unit,
            after=_decided(locked),
        )
        user = User.objects.select_for_update().get(pk=locked.user_id)
        if user.must_change_password or not user.has_usable_password():
            link = password_link_issue(actor=actor, user=user)
    from django.urls import reverse

    from treem.core.notifications import notify

    title = _("Phân công “%(role)s” tại %(unit)s cho %(user)s đã được phê duyệt.") % {
        "role": locked.role.name,
        "unit": locked.unit.name,
        "user": locked.user.username,
    }
    notify(
        users=[locked.created_by, locked.user] if locked.created_by else [locked.user],
        title=title,
        link=reverse("web:home"),
        kind="accounts.approval",
    )
    assignment.pending, assignment.approved_by, assignment.approved_at = False, actor, locked.approved_at
    access.forget(locked.user)
    access.forget(assignment.user)
    return link


def assignment_reject(*, actor: Any, assignment: Assignment) -> None:
    """The data owner refuses a pending assignment: it is removed, never having granted anything (the
    audit trail keeps who asked for it and who refused)."""
    _check_approver(actor, assignment)
    with transaction.atomic():
        locked = _locked_pending(assignment.pk)
        audit_log(
            actor=actor,
            action=actions.ASSIGNMENT_REJECTED,
            obj=locked,
            unit=locked.unit,
            after=_decided(locked),
        )
        creator, user, role, unit = locked.created_by, locked.user, locked.role, locked.unit
        locked.delete()
    from django.urls import reverse

    from treem.core.notifications import notify

    if creator is not None:
        notify(
            users=[creator],
            title=_("Phân công “%(role)s” tại %(unit)s cho %(user)s không được phê duyệt.")
            % {"role": role.name, "unit": unit.name, "user": user.username},
            link=reverse("accounts:user_detail", args=[user.pk]),
            kind="accounts.approval",
        )


def _reopen_for_approval(*, actor: Any, user: User) -> None:
    """Someone other than a data owner set the password of an account that opens children: its
    assignments that need approval wait for it again (the data owner vouches anew for who holds it)."""
    for a in open_assignments(user):
        if a.pending or not needs_approval(a.role.permissions) or access.has_perm(actor, APPROVE, a.unit):
            continue
        Assignment.objects.filter(pk=a.pk).update(
            pending=True, approved_by=None, approved_at=None, updated_at=timezone.now()
        )
        a.pending = True
        audit_log(
            actor=actor,
            action=actions.ASSIGNMENT_REOPENED,
            obj=a,
            unit=a.unit,
            after={"user": user.username, "role": a.role.code, "reason": "password_set"},
        )
        transaction.on_commit(functools.partial(_notify_approvers, a))
    access.forget(user)


def password_link_issue(*, actor: Any, user: User) -> str:
    """Make the account's current password unusable and return a one-time link (path) that sets a new
    one. The link works once and for ``PASSWORD_RESET_TIMEOUT`` seconds (Django's token generator)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_unusable_password()
        locked.must_change_password = False
        locked.save(update_fields=["password", "must_change_password"])
        audit_log(actor=actor, action=actions.PASSWORD_LINK_ISSUED, obj=locked)
    user.password = locked.password
    uid = urlsafe_base64_encode(force_bytes(locked.pk))
    return reverse("accounts:password_link", args=[uid, default_token_generator.make_token(locked)])


# --- enrolment codes for the second factor (ADR 0019) ------------------------------------------------

ENROLMENT_CODE_HOURS = 72


def _code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def enrolment_code_issue(*, actor: Any, user: User) -> str:
    """A new enrolment code for ``user`` (earlier unused ones are revoked). Shown once; only its hash
    is kept. A person must manage the account (scripts, such as the demo, are not checked)."""
    import secrets

    from treem.accounts.models import EnrolmentCode

    if _is_user(actor):
        user_check_manage(actor=actor, user=user)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    now = timezone.now()
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        EnrolmentCode.objects.create(
            user=user,
            code_hash=_code_hash(code),
            issued_by=actor if _is_user(actor) else None,
            expires_at=now + datetime.timedelta(hours=ENROLMENT_CODE_HOURS),
        )
        audit_log(
            actor=actor,
            action=actions.ENROLMENT_CODE_ISSUED,
            obj=user,
            after={"valid_hours": ENROLMENT_CODE_HOURS},
        )
    return code


def enrolment_code_redeem(*, user: User, code: str, ip: str | None = None) -> bool:
    """Spend ``user``'s enrolment code: True once for a valid, unexpired, unused code, else False."""
    from treem.accounts.models import EnrolmentCode

    now = timezone.now()
    with transaction.atomic():
        found = (
            EnrolmentCode.objects.select_for_update()
            .filter(
                user=user,
                code_hash=_code_hash(code),
                used_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=now,
            )
            .first()
        )
        if found is None:
            audit_log(actor=user, action=actions.ENROLMENT_CODE_REFUSED, obj=user, ip=ip)
            return False
        found.used_at = now
        found.save(update_fields=["used_at", "updated_at"])
        audit_log(actor=user, action=actions.ENROLMENT_CODE_USED, obj=user, ip=ip)
    return True
