from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from treem.core.text import fold, nfc


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Nguyễn Đức", "nguyen duc"),
        ("Nguyễn Văn An", "nguyen van an"),
        ("ĐẶNG  THỊ   Ánh", "dang thi anh"),
        ("Phường Rạch Dừa", "phuong rach dua"),
        ("Ông Ơn Ư Ừ", "ong on u u"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded
    assert fold(unicodedata.normalize("NFD", raw)) == folded


@given(st.text())
def test_fold_is_idempotent(value: str) -> None:
    assert fold(fold(value)) == fold(value)


def test_nfc_collapses_whitespace_and_composes() -> None:
    assert nfc("  Phường  Rạch\u00a0Dừa ") == "Phường Rạch Dừa"
    assert nfc(unicodedata.normalize("NFD", "Nguyễn")) == "Nguyễn"


VIETNAMESE = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


@pytest.mark.django_db
def test_sql_fold_agrees_with_python_on_every_vietnamese_letter() -> None:
    letters = VIETNAMESE + VIETNAMESE.upper()
    with connection.cursor() as cur:
        for form in ("NFC", "NFD"):
            text = unicodedata.normalize(form, letters)
            cur.execute("SELECT treem_fold(%s)", [text])
            assert cur.fetchone()[0] == fold(text)
