"""Finding a place by name, without accents, current map first with former names as hints (issue #19)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from treem.geo import selectors

pytestmark = pytest.mark.django_db


def test_search_without_accents_and_by_a_former_name(world: Any) -> None:
    found = selectors.unit_search(user=world.province_a, q="tan son nhat")
    assert [r["id"] for r in found] == [world.a2.pk]
    assert found[0]["label"] == "Phường Tân Sơn Nhất, Thành phố Hồ Chí Minh (mã 26968)"
    assert found[0]["hint"] == "gồm Phường 2, 4 cũ"
    # The former Phường 4 (same code as a2) is not offered; its successor is.
    assert [r["id"] for r in selectors.unit_search(user=world.province_a, q="phuong 4")] == [world.a2.pk]
    # Only places in the user's jurisdiction.
    assert selectors.unit_search(user=world.worker_a1, q="tan son nhat") == []


def test_the_search_endpoint_and_page(world: Any, login: Any) -> None:
    client = login(world.province_a)
    data = client.get(reverse("geo:search"), {"q": "sai gon", "cap": "commune"}).json()
    assert [r["id"] for r in data["results"]] == [world.a1.pk]
    page = client.get(reverse("geo:browse"), {"q": "tan son"}).content.decode()
    assert "Phường Tân Sơn Nhất" in page and "gồm Phường 2, 4 cũ" in page


def test_the_hotline_home_lists_each_province_once(world: Any, login: Any) -> None:
    page = login(world.hotline).get(reverse("web:home")).content.decode()
    listed = page[page.index("Đơn vị trực thuộc") :]
    assert listed.count(">Thành phố Hồ Chí Minh</a>") == 1


def test_the_administrator_types_the_place(world: Any, login: Any) -> None:
    from treem.accounts.models import Assignment
    from treem.accounts.tests.test_user_admin import _create_form

    client = login(world.province_a)
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert 'list="id_unit-goi-y"' in page and "<datalist" in page and '<select name="unit"' not in page
    assert 'value="Phường Tân Sơn Nhất, Thành phố Hồ Chí Minh (mã 26968)">gồm Phường 2, 4 cũ' in page
    form = {**_create_form(world.a1, "commune_worker"), "unit": "phuong sai gon"}
    response = client.post(reverse("accounts:user_create"), form)
    assert response.status_code == 302
    assert Assignment.objects.get(user__username="nguyenvan.an").unit == world.a1
    response = client.post(
        reverse("accounts:user_create"),
        {**_create_form(world.a1, "commune_worker", username="b.x"), "unit": "Phường Ba Đình"},
    )
    assert "Địa bàn không hợp lệ." in response.content.decode()  # another province: not among the choices


def test_the_picker_refuses_hostile_text(world: Any) -> None:
    from django.core.exceptions import ValidationError

    from treem.geo.forms import UnitSearchField
    from treem.geo.models import AdminUnit

    field = UnitSearchField(queryset=AdminUnit.objects.filter(pk=world.a1.pk))
    for text in ("a\x00b", "x" * 10_000, "9" * 40, "Phường Ba Đình"):
        with pytest.raises(ValidationError):
            field.clean(text)
    assert field.clean("Phường Sài Gòn, Thành phố Hồ Chí Minh (mã 26740)") == world.a1
    # shown back after an invalid submit, as typed
    assert field.widget.format_value("9" * 10_000) == "9" * 10_000
