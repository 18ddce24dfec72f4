"""The indicator pages in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from treem.core.testing import Page

# The scorecard takes its unit from ?unit=<id> (tested in test_views.py); without it, the shell's unit.
PAGES = {
    "indicators:scorecard": Page("indicators.view_indicator"),
}
