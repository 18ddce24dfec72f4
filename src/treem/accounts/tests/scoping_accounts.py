"""The account pages added by ADR 0019 in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from treem.core.testing import Page

PAGES = {
    # Lists only the pending assignments over the data owner's own area (test_approval.py).
    "accounts:approvals": Page("accounts.approve_access"),
}

UNSCOPED = {
    "accounts:password_link",  # a one-time token link, for a logged-out person (test_approval.py)
}
