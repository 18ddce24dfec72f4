"""The indicator pages in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from treem.core.testing import Page

# Every indicator page takes its unit from ?unit=<id> (404 outside the jurisdiction, tested in each page's
# tests); without it, the shell's unit when the page's permission covers it, else the jurisdiction's root.
PAGES = {
    "indicators:scorecard": Page("indicators.view_indicator"),
    # ?unit=<id> out of scope → 404: test_adx.py
    "indicators:adx": Page("indicators.view_indicator"),
    # ?unit=<id> out of scope → 404 (GET and POST): test_entry_targets.py
    "indicators:enter": Page("indicators.enter_value"),
    "indicators:targets": Page("indicators.manage_target"),
}
