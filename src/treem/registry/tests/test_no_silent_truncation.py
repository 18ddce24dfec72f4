"""Text longer than its column is refused with the field named, never cut silently (non-negotiable 3:
nothing is lost). The address, the birth-registration place and the school name were cut to 255/200
characters, from the API and from an import alike, and the rest of what the user typed was gone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from treem.registry.models import Child
from treem.registry.validation import clean_child_data

pytestmark = pytest.mark.django_db

BASE = {"full_name": "Nguyễn Văn An", "date_of_birth": "05/06/2015", "sex": "Nam"}


@pytest.mark.parametrize(
    ("field", "limit", "label"),
    [
        ("address", 255, "Địa chỉ"),
        ("birth_registration_place", 255, "Nơi đăng ký khai sinh"),
        ("school_name", 200, "Tên trường"),
    ],
)
def test_too_long_text_is_an_error_naming_the_field(field: str, limit: int, label: str) -> None:
    cleaned, errors = clean_child_data({**BASE, field: "x" * (limit + 1)})
    assert [(e.field, e.message) for e in errors] == [
        (field, f"{label} dài {limit + 1} ký tự, quá giới hạn {limit} ký tự.")
    ]
    cleaned, errors = clean_child_data({**BASE, field: "ỷ" * limit})
    assert not errors and cleaned[field] == "ỷ" * limit


def test_the_api_refuses_a_100k_address_and_writes_nothing(world: Any, login: Any) -> None:
    body = {"commune": world.a1.pk, "full_name": "Nguyễn Văn An", "date_of_birth": "2015-06-05", "sex": "M"}
    response = login(world.worker_a1).post(
        "/api/v1/children", json.dumps({**body, "address": "Số1" * 33_334}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "address"
    assert "100.002 ký tự" in response.json()["errors"][0]["message"]
    assert not Child.objects.exists()


def test_an_import_row_with_a_too_long_address_is_an_error(world: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(
        "Họ và tên,Ngày sinh,Giới tính,Địa chỉ\n"
        "Nguyễn Văn An,05/06/2015,Nam,Số 1 Lê Lợi\n"
        f"Trần Thị Bình,06/07/2016,Nữ,{'Đ' * 300}\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        call_command("import_children", str(path), "--commune", "26740", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 0
    assert [(e["row"], "300 ký tự" in e["message"]) for e in out["errors"]] == [(3, True)]
    assert not Child.objects.exists()  # all or nothing: the good row waits for the file to be fixed
