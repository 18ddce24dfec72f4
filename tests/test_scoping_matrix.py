"""Every URL pattern × every role × an in-scope and an out-of-scope object (ARCHITECTURE §4 rule 7).

Out of scope answers 404, exactly like a missing object; in scope answers 200 when the role holds
the page's permission over the object's unit, and 404 otherwise. A URL that is not listed in
``MATRIX`` (or ``UNSCOPED``) fails ``test_every_url_is_in_the_matrix``: add each new URL here.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.testing import Page
from treem.geo.services import unit_create

pytestmark = pytest.mark.django_db


MATRIX: dict[str, Page] = {
    "web:home": Page(None),
    "web:notifications": Page(None),
    "geo:browse": Page(None),
    "geo:unit": Page("geo.view_unit", "unit", "unit_id"),
    "geo:hamlets": Page("geo.view_unit", "commune", "unit_id"),
    "geo:hamlet_edit": Page("geo.manage_hamlet", "hamlet", "hamlet_id"),
    "geo:agencies": Page("geo.view_unit", "commune", "unit_id"),
    "accounts:users": Page("accounts.view_user"),
    "accounts:user_create": Page("accounts.manage_user"),
    "accounts:user_detail": Page("accounts.view_user", "user", "user_id"),
    "accounts:user_edit": Page("accounts.manage_user", "user", "user_id"),
    "audit:list": Page("audit.view_audit"),
    "core:calendar": Page("core.manage_calendar"),
}

# URLs that take no object and are not pages of the shell (POST-only actions, login flow, API).
UNSCOPED = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp",
    "web:switch_unit",
    "web:notification_open",  # a user's own notifications only (test_notifications)
    "core:calendar_remove",  # POST only; checks core.manage_calendar itself (test_calendar_views)
}

POSTS: dict[str, Page] = {}
_OBJECT_MAKERS: list[Any] = []


def _collect_app_entries() -> None:
    """Merge every ``treem.<app>.tests.scoping*`` module (see treem/core/testing.py)."""
    import treem

    for app in pkgutil.iter_modules(treem.__path__):
        try:
            tests_pkg = importlib.import_module(f"treem.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for mod in pkgutil.iter_modules(tests_pkg.__path__):
            if mod.name.startswith("scoping"):
                module = importlib.import_module(f"treem.{app.name}.tests.{mod.name}")
                MATRIX.update(getattr(module, "PAGES", {}))
                POSTS.update(getattr(module, "POSTS", {}))
                UNSCOPED.update(getattr(module, "UNSCOPED", set()))
                if hasattr(module, "objects"):
                    _OBJECT_MAKERS.append(module.objects)


_collect_app_entries()

# For each user: the unit their in-scope objects hang under, and one outside their jurisdiction.
HOMES = {
    "worker_a1": ("a1", "a2"),
    "chairman_a1": ("a1", "b1"),
    "police_a1": ("a1", "a2"),
    "collaborator_a1": ("hamlet_a1", "a2"),
    "worker_a2": ("a2", "a1"),
    "province_a": ("a1", "b1"),
    "agency_a": ("a1", "b1"),
    "leader_a": ("a1", "b1"),
    "worker_b1": ("b1", "a1"),
    "province_b": ("b1", "a1"),
    "hotline": ("a1", None),
    "sysadmin": ("a1", None),
}


def _names(resolver: URLResolver, prefix: str = "") -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.update(_names(entry, ns))
        elif entry.name:
            found[f"{prefix}{entry.name}"] = entry
    return found


def test_every_url_is_in_the_matrix() -> None:
    names = {n for n in _names(get_resolver()) if not n.startswith("api")}
    missing = names - set(MATRIX) - set(POSTS) - UNSCOPED
    assert not missing, f"add these URLs to the scoping matrix: {sorted(missing)}"
    stale = (set(MATRIX) | set(POSTS)) - names
    assert not stale, f"the matrix names URLs that no longer exist: {sorted(stale)}"


class Objects:
    """In-scope and out-of-scope objects of each kind, built once per test world."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.hamlets = {
            "a1": world.hamlet_a1,
            "hamlet_a1": world.hamlet_a1,
            "a2": unit_create(
                level="hamlet", unit_type="khu_pho", code="A2-001", name="Khu phố 9", parent=world.a2
            ),
            "b1": unit_create(
                level="hamlet", unit_type="to_dan_pho", code="B1-001", name="Tổ 5", parent=world.b1
            ),
        }
        self.users = {
            "a1": world.worker_a1,
            "hamlet_a1": world.collaborator_a1,
            "a2": world.worker_a2,
            "b1": world.worker_b1,
        }
        self.extra: dict[str, dict[str, tuple[int, Any]]] = {}
        for make in _OBJECT_MAKERS:
            self.extra.update(make(world))

    def unit_of(self, key: str) -> Any:
        return getattr(self.world, key)

    def get(self, kind: str, key: str) -> tuple[int, Any] | None:
        """(primary key, unit that decides access) of an object of ``kind`` under ``key``, if any."""
        if kind == "commune":
            unit = self.unit_of(key)
            return (unit.pk, unit) if unit.level == "commune" else None
        if kind == "unit":
            unit = self.unit_of(key)
            return unit.pk, unit
        if kind == "hamlet":
            hamlet = self.hamlets[key]
            return hamlet.pk, hamlet
        if kind == "user":
            return self.users[key].pk, self.unit_of(key)
        if kind in self.extra:
            return self.extra[kind].get(key)
        raise AssertionError(kind)


@pytest.mark.parametrize("username", sorted(HOMES))
def test_pages_answer_by_scope_and_role(world: Any, login: Any, username: str) -> None:
    user = getattr(world, username)
    client = login(user)
    objects = Objects(world)
    home, foreign = HOMES[username]
    failures = []
    for name, page in MATRIX.items():
        if not page.kind:
            allowed = page.perm is None or access.has_perm(user, page.perm)
            status = client.get(reverse(name)).status_code
            if status != (200 if allowed else 404):
                failures.append(f"{name}: {status}, expected {200 if allowed else 404}")
            continue
        own = objects.get(page.kind, home)
        if own is not None:  # a hamlet collaborator has no commune of their own
            pk, unit = own
            allowed = access.has_perm(user, page.perm, unit) if page.perm else True
            status = client.get(reverse(name, kwargs={page.kwarg: pk})).status_code
            if status != (200 if allowed else 404):
                failures.append(f"{name} in scope: {status}, expected {200 if allowed else 404}")
        other = objects.get(page.kind, foreign) if foreign is not None else None
        if other is not None:
            status = client.get(reverse(name, kwargs={page.kwarg: other[0]})).status_code
            if status != 404:
                failures.append(f"{name} out of scope: {status}, expected 404")
        missing_pk = 10**9
        status = client.get(reverse(name, kwargs={page.kwarg: missing_pk})).status_code
        if status != 404:
            failures.append(f"{name} missing object: {status}, expected 404")
    for name, page in POSTS.items():
        targets = [10**9]
        other = objects.get(page.kind, foreign) if foreign is not None else None
        if other is not None:
            targets.append(other[0])
        for pk in targets:
            status = client.post(reverse(name, kwargs={page.kwarg: pk})).status_code
            if status != 404:
                failures.append(f"POST {name} on {pk} out of scope or missing: {status}, expected 404")
    assert not failures, failures


def test_anonymous_is_sent_to_login(client: Any, world: Any) -> None:
    objects = Objects(world)
    for name, page in MATRIX.items():
        found = objects.get(page.kind, "a1") if page.kind else None
        kwargs = {page.kwarg: found[0]} if found else {}
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302, name
        assert reverse("accounts:login") in response["Location"], name


@pytest.mark.parametrize("username", sorted(HOMES))
def test_api_units_list_leaks_nothing(world: Any, login: Any, username: str) -> None:
    user = getattr(world, username)
    client = login(user)
    visible = set(access.units(user).values_list("code", flat=True))
    for query in ("level=province", "level=commune", "parent=79", "parent=01", "level=hamlet"):
        response = client.get(f"/api/v1/geo/units?{query}&limit=1000")
        assert response.status_code == 200, query
        codes = {item["code"] for item in response.json()["items"]}
        assert codes <= visible, (query, codes - visible)


def test_audit_list_shows_only_the_jurisdiction(world: Any, login: Any) -> None:
    audit_log(actor=world.worker_b1, action="test.secret.b1", obj=world.b1, unit=world.b1)
    audit_log(actor=world.worker_a1, action="test.visible.a1", obj=world.a1, unit=world.a1)
    body = login(world.province_a).get(reverse("audit:list")).content.decode()
    assert "test.visible.a1" in body
    assert "test.secret.b1" not in body
