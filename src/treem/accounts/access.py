"""THE place that scopes querysets and checks actions (ARCHITECTURE §4 rule 1, STYLE §2.5).

A user's jurisdiction for a permission is the union of the subtrees of the units of their active
assignments whose role holds the permission. Subtrees are prefix matches on ``AdminUnit.path``.

- ``scope(qs, user, perm, field=...)`` filters any queryset by the unit its rows belong to;
- ``access_*(user, pk, perm)`` fetch and authorise in one call, answering 404 both for a missing
  object and for one outside the jurisdiction, so nobody can probe which IDs exist (Zulip);
- ``require(user, perm, unit)`` checks an action on a unit (e.g. creating a record there).

A superuser (``createsuperuser``) has every *administrative* permission over the whole country: it is
the installation's first administrator, and every action it takes is audited like any other. It holds
no permission that opens children's records or case files, nor the one that approves access to them
(``permissions.NEEDS_APPROVAL``, ADR 0019): those come only from approved assignments.
Nothing else bypasses these checks: there is no switch that turns row security off.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from treem.accounts.permissions import NEEDS_APPROVAL, PERMISSIONS
from treem.geo.models import AdminUnit, Level

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from treem.accounts.models import Assignment, User

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_treem_access"


class AccessDenied(Http404):
    """Raised for anything outside the user's jurisdiction; indistinguishable from "not found"."""


@dataclass
class Access:
    """What one user may do today: permission → minimal list of unit paths (prefixes)."""

    assignments: list[Assignment]
    paths_by_perm: dict[str, list[str]] = field(default_factory=dict)
    superuser: bool = False  # every administrative permission over the country, no child permission

    @property
    def permissions(self) -> set[str]:
        if self.superuser:
            return (set(PERMISSIONS) - NEEDS_APPROVAL) | set(self.paths_by_perm)
        return set(self.paths_by_perm)

    def paths(self, perm: str) -> list[str]:
        if self.superuser and perm not in NEEDS_APPROVAL:
            return ["/"]
        return self.paths_by_perm.get(perm, [])


def _minimal(paths: list[str]) -> list[str]:
    """Drop paths already covered by an ancestor path in the list."""
    kept: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def active_assignments(user: User, day: datetime.date | None = None) -> list[Assignment]:
    from treem.accounts.models import Assignment

    day = day or timezone.localdate()
    return list(
        Assignment.objects.filter(user=user, valid_from__lte=day, pending=False)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("unit", "role", "agency")
        .order_by("unit__path")
    )


def get_access(user: User | AnonymousUser) -> Access:
    """The user's access, computed once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Access(assignments=[])
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    assignments = active_assignments(user)  # type: ignore[arg-type]
    by_perm: dict[str, list[str]] = {}
    for a in assignments:
        for perm in a.role.permissions:
            by_perm.setdefault(perm, []).append(a.unit.path)
    access = Access(
        assignments=assignments,
        paths_by_perm={perm: _minimal(paths) for perm, paths in by_perm.items()},
        superuser=bool(getattr(user, "is_superuser", False)),
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def forget(user: Any) -> None:
    """Drop the cached access (after the user's assignments change within a request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_perm(user: User | AnonymousUser, perm: str, unit: AdminUnit | None = None) -> bool:
    """Does the user hold ``perm`` anywhere (unit=None), or over ``unit``?"""
    paths = get_access(user).paths(perm)
    if unit is None:
        return bool(paths)
    return any(unit.path.startswith(p) for p in paths)


def _path_q(paths: list[str], path_field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    if paths == ["/"]:
        return Q()
    q = Q()
    for p in paths:
        q |= Q(**{f"{path_field}__startswith": p})
    return q


def scope(qs: QuerySet[M], user: User | AnonymousUser, perm: str, field: str = "unit") -> QuerySet[M]:
    """Rows of ``qs`` whose unit (reached through ``field``) lies in the user's jurisdiction for ``perm``.

    ``field`` names the foreign key to AdminUnit; use ``field=""`` when ``qs`` is AdminUnit itself.
    """
    path_field = f"{field}__path" if field else "path"
    return qs.filter(_path_q(get_access(user).paths(perm), path_field))


def scope_listed(
    qs: QuerySet[M], user: User | AnonymousUser, perm: str, field: str = "unit", most: int = 500
) -> QuerySet[M]:
    """Like ``scope`` — the same rows —, with a jurisdiction of at most ``most`` units named by their ids
    (``field IN (…)``) instead of joined through their paths. PostgreSQL then sees constants it can
    estimate together with other conditions on the row (extended statistics), where a join leaves it to
    assume that the unit and, say, the commune of a child are independent."""
    paths = get_access(user).paths(perm)
    if not paths or paths == ["/"]:
        return scope(qs, user, perm, field)
    ids = list(AdminUnit.objects.filter(_path_q(paths, "path")).values_list("pk", flat=True)[: most + 1])
    if len(ids) > most:
        return scope(qs, user, perm, field)
    return qs.filter(**{f"{field}__in" if field else "pk__in": ids})


def scope_by_path(qs: QuerySet[M], user: User | AnonymousUser, perm: str, path_field: str) -> QuerySet[M]:
    """Like ``scope`` for rows that store a unit path themselves (e.g. audit events)."""
    return qs.filter(_path_q(get_access(user).paths(perm), path_field))


def scope_with_ancestors(
    qs: QuerySet[M], user: User | AnonymousUser, perm: str, field: str = "unit"
) -> QuerySet[M]:
    """Like ``scope``, plus rows of the units ABOVE the jurisdiction: the documents and plans issued
    higher up that a commune or an agency carries out (no personal data lives in them)."""
    paths = get_access(user).paths(perm)
    if not paths:
        return qs.none()
    above: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        above.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    return qs.filter(_path_q(paths, f"{field}__path") | Q(**{f"{field}__path__in": sorted(above)}))


def units(user: User | AnonymousUser, perm: str = "geo.view_unit") -> QuerySet[AdminUnit]:
    return scope(AdminUnit.objects.all(), user, perm, field="")


def top_units(user: User | AnonymousUser, perm: str = "geo.view_unit") -> list[AdminUnit]:
    """The roots of the user's jurisdiction (the units of their assignments, deduplicated)."""
    paths = get_access(user).paths(perm)
    if paths == ["/"]:
        return list(AdminUnit.objects.filter(level=Level.NATION))
    return list(AdminUnit.objects.filter(path__in=paths).order_by("path"))


def require(user: User | AnonymousUser, perm: str, unit: AdminUnit) -> None:
    """Refuse (as 404) an action on ``unit`` the user may not take."""
    if not has_perm(user, perm, unit):
        raise AccessDenied


_MAX_PK = 2**63 - 1


def parse_pk(value: Any) -> int:
    """A primary key from a URL or a form: anything that is not a positive bigint is "not found"."""
    pk = int(value)
    if not 0 < pk <= _MAX_PK:
        raise ValueError(value)
    return pk


def access_unit(user: User | AnonymousUser, unit_id: int | str, perm: str = "geo.view_unit") -> AdminUnit:
    try:
        unit = AdminUnit.objects.select_related("parent").get(pk=parse_pk(unit_id))
    except (AdminUnit.DoesNotExist, ValueError, TypeError):
        raise AccessDenied from None
    require(user, perm, unit)
    return unit


def access_object(qs: QuerySet[M], user: User | AnonymousUser, pk: Any, perm: str, field: str = "unit") -> M:
    """Generic fetch-and-authorise for a scoped model: 404 if missing or out of jurisdiction."""
    try:
        return scope(qs, user, perm, field=field).get(pk=parse_pk(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise AccessDenied from None


def users_in_scope(user: User | AnonymousUser, perm: str = "accounts.view_user") -> QuerySet[User]:
    """Users with at least one assignment (current or past) inside the jurisdiction."""
    from treem.accounts.models import User as UserModel

    paths = get_access(user).paths(perm)
    if paths == ["/"]:
        return UserModel.objects.all()
    return UserModel.objects.filter(_path_q(paths, "assignments__unit__path")).distinct()


def access_user(user: User | AnonymousUser, user_id: Any, perm: str = "accounts.view_user") -> User:
    try:
        return users_in_scope(user, perm).get(pk=parse_pk(user_id))
    except Exception:  # DoesNotExist, ValueError
        raise AccessDenied from None


# The rules of protection cases (who may list a case, who may open its file) live in the cases app:
# ``treem.cases.access`` (ADR 0006, 0018). This module imports no model of another app's domain.


def system_actor(unit: AdminUnit) -> Any:
    """The "system" account (no password, no assignment) holding every permission inside ``unit`` only,
    for this process: the rights live in the per-user access cache, never in the database."""
    from treem.accounts.models import User

    user = User.objects.filter(username="system").first()
    if user is None:
        user = User(username="system", full_name="Hệ thống")
        user.set_unusable_password()
        user.save()
    setattr(user, _CACHE_ATTR, Access(assignments=[], paths_by_perm={p: [unit.path] for p in PERMISSIONS}))
    return user


def holders(perm: str, unit: AdminUnit, agency: Any = None, day: datetime.date | None = None) -> list[User]:
    """Active users assigned AT ``unit`` (and to ``agency`` when given) whose role grants ``perm``:
    whom to remind of the unit's own duties (not the levels above, who supervise)."""
    from treem.accounts.models import Assignment

    day = day or timezone.localdate()
    qs = (
        Assignment.objects.filter(
            unit=unit, role__permissions__contains=[perm], valid_from__lte=day, pending=False
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .filter(user__is_active=True)
        .select_related("user")
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return list({a.user_id: a.user for a in qs}.values())
