"""Shared pieces of the access-scoping matrix (tests/test_scoping_matrix.py).

Each app lists its URLs in ``treem/<app>/tests/scoping*.py`` modules, which may define:
- ``PAGES: dict[str, Page]`` — GET pages: 200 in scope with the permission, 404 otherwise;
- ``POSTS: dict[str, Page]`` — POST-only actions taking an object: 404 out of scope or missing;
- ``UNSCOPED: set[str]`` — URLs with no object that are not pages (login flow …), with a reason;
- ``objects(world) -> dict[kind, dict[home, (pk, unit)]]`` — in-scope objects of a kind for each
  home key of the matrix ("a1", "a2", "b1", "hamlet_a1"), the unit being what decides access.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    perm: str | None  # None: any logged-in user
    kind: str = ""  # the object the URL takes ("unit", "commune", "hamlet", "user", "child" …) or ""
    kwarg: str = ""
