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
    """NFC-normalise and collapse runs of whitespace; strips the ends."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Accent-free, lower-case search key of a Vietnamese string."""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
