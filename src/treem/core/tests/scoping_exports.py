"""The background-export pages in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from treem.core.testing import Page

PAGES = {"exports:list": Page(None)}  # every user's own exports only

# An export belongs to the user who asked for it, not to a unit: anyone else gets 404 (test_exports.py).
UNSCOPED = {"exports:detail", "exports:progress", "exports:download", "exports:retry"}
