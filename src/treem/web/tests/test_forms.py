"""Forms with errors open with a summary that links to each field (issue #19)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_invalid_form_starts_with_a_summary_linking_to_each_field(world: Any, login: Any) -> None:
    client = login(world.province_a)
    response = client.post(reverse("accounts:user_create"), {"username": "", "full_name": ""})
    page = response.content.decode()
    summary = page[page.index("data-error-summary") : page.index("</div>", page.index("data-error-summary"))]
    assert 'role="alert"' in page[page.index('class="error-summary"') - 5 : page.index("data-error-summary")]
    for field in ("username", "full_name", "unit", "role"):
        assert f'href="#id_{field}"' in summary, field
    assert re.search(r"Chưa lưu được: hãy sửa \d+ mục sau", summary)
    assert 'aria-invalid="true"' in page  # each field says it is wrong
    # The long form is in sections a phone can follow.
    assert "<legend>Thông tin tài khoản</legend>" in page and "<legend>Phân công đầu tiên</legend>" in page


def test_a_valid_page_has_no_summary(world: Any, login: Any) -> None:
    page = login(world.province_a).get(reverse("accounts:user_create")).content.decode()
    assert "data-error-summary" not in page
