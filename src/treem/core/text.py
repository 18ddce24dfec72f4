"""Vietnamese text: NFC normalisation on input and an accent-folded search key.

The folded key is what search compares: lower case, no tone or vowel marks, đ → d, whitespace
collapsed. ``fold("Nguyễn Đức")`` → ``"nguyen duc"``. The database has the same function
(``treem_fold``, see core migration 0002) so that indexes and queries agree with Python.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """NFC-normalise and collapse runs of whitespace; strips the ends. (``str.split()`` splits on exactly
    the characters ``re``'s ``\\s`` matches; registry/tests/test_import_parity.py checks every code point
    against the plain definition, as the import calls this millions of times.)"""
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def _fold_images() -> dict[int, str]:
    """Code point → its fold image, for the non-ASCII characters whose image is plain ASCII (Latin letters
    with marks, đ/Đ, the combining marks themselves → "")."""
    table: dict[int, str] = {}
    for cp in (*range(0x80, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)):
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFD", ch.translate(_FOLD_TABLE))
        image = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        if image.isascii() and not image.isspace() and (image or unicodedata.category(ch) == "Mn"):
            table[cp] = image
    return table


_FOLD_IMAGES = _fold_images()


def fold(value: str) -> str:
    """Accent-free, lower-case search key of a Vietnamese string. Vietnamese text takes a translation
    table; any other text the general definition (NFD, drop the marks, lower, collapse whitespace)."""
    image = value.translate(_FOLD_IMAGES)
    if image.isascii():
        return " ".join(image.lower().split())
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
