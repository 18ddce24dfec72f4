"""Vietnamese text typed with the pre-Unicode fonts: TCVN3 (ABC, ".VnTime") and VNI-Windows ("VNI-Times").

Such files show up as "Hä vµ tªn" (TCVN3) or "Hoï vaø teân" (VNI) once read as Unicode, because the
font, not the character, drew the Vietnamese letter. ``detect`` recognises either from characters that
never occur in Vietnamese Unicode text; ``to_unicode`` converts it back and returns NFC.

- TCVN3 (TCVN 5712:1993, bảng mã VN3) is single-byte: each precomposed lower-case letter and the seven
  upper-case base letters Ă Â Ê Ô Ơ Ư Đ have their own byte in 0xA1–0xFE.
- VNI-Windows composes: a base letter followed by a byte for the mark (e.g. "a" + "ù" = "á",
  "a" + "â" = "â", "a" + "á" = "ấ"); ơ, ư, đ and the i-with-tone letters are single bytes.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI-Windows"}

# --- TCVN3: Unicode letter → the Latin-1 character at its byte.
_TCVN3_PAIRS = (
    "Ă\xa1 Â\xa2 Ê\xa3 Ô\xa4 Ơ\xa5 Ư\xa6 Đ\xa7 ă\xa8 â\xa9 ê\xaa ô\xab ơ\xac ư\xad đ\xae "
    "à\xb5 ả\xb6 ã\xb7 á\xb8 ạ\xb9 ằ\xbb ẳ\xbc ẵ\xbd ắ\xbe ặ\xc6 ầ\xc7 ẩ\xc8 ẫ\xc9 ấ\xca ậ\xcb "
    "è\xcc ẻ\xce ẽ\xcf é\xd0 ẹ\xd1 ề\xd2 ể\xd3 ễ\xd4 ế\xd5 ệ\xd6 ì\xd7 ỉ\xd8 ĩ\xdc í\xdd ị\xde "
    "ò\xdf ỏ\xe1 õ\xe2 ó\xe3 ọ\xe4 ồ\xe5 ổ\xe6 ỗ\xe7 ố\xe8 ộ\xe9 ờ\xea ở\xeb ỡ\xec ớ\xed ợ\xee "
    "ù\xef ủ\xf1 ũ\xf2 ú\xf3 ụ\xf4 ừ\xf5 ử\xf6 ữ\xf7 ứ\xf8 ự\xf9 ỳ\xfa ỷ\xfb ỹ\xfc ý\xfd ỵ\xfe"
)
TCVN3_ENCODE: dict[str, str] = {p[0]: p[1] for p in _TCVN3_PAIRS.split()}
TCVN3_DECODE: dict[str, str] = {v: k for k, v in TCVN3_ENCODE.items()}
# Bytes 0xA1–0xBE are punctuation in Latin-1 (¨ © ª µ ¸ …) that no Vietnamese text contains.
_TCVN3_SIGNS = {c for c in TCVN3_DECODE if "\xa1" <= c <= "\xbe"}


# --- VNI-Windows: built from its mark bytes.
def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    tones = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng
    for upper in (False, True):

        def c(s: str, up: bool = upper) -> str:
            return s.upper() if up else s

        plain_marks = [c(m) for m in ("ù", "ø", "û", "õ", "ï")]
        hat_marks = [c(m) for m in ("á", "à", "å", "ã", "ä")]  # â ê ô with a tone
        breve_marks = [c(m) for m in ("é", "è", "ú", "ü", "ë")]  # ă with a tone
        for base in "aeouy":
            for tone, mark in zip(tones, plain_marks, strict=True):
                table[unicodedata.normalize("NFC", c(base) + tone)] = c(base) + mark
        for base in "aeo":
            table[unicodedata.normalize("NFC", c(base) + "\u0302")] = c(base) + c("â")
            for tone, mark in zip(tones, hat_marks, strict=True):
                table[unicodedata.normalize("NFC", c(base) + "\u0302" + tone)] = c(base) + mark
        table[c("ă")] = c("a") + c("ê")
        for tone, mark in zip(tones, breve_marks, strict=True):
            table[unicodedata.normalize("NFC", c("a") + "\u0306" + tone)] = c("a") + mark
        for horn, single in (("ơ", "ô"), ("ư", "ö")):
            table[c(horn)] = c(single)
            for tone, mark in zip(tones, plain_marks, strict=True):
                table[unicodedata.normalize("NFC", c(horn) + tone)] = c(single) + mark
        for tone, single in zip(tones, ("í", "ì", "æ", "ó", "ò"), strict=True):
            table[unicodedata.normalize("NFC", c("i") + tone)] = c(single)
        table[c("đ")] = c("ñ")
        table[c("ỵ")] = c("î")
    return table


VNI_ENCODE: dict[str, str] = _vni_table()
VNI_DECODE: dict[str, str] = {v: k for k, v in VNI_ENCODE.items()}
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_DECODE, key=len, reverse=True)))
# Mark characters VNI writes after a vowel, and its single letters, that Vietnamese text never has.
_VNI_SIGNS = re.compile(r"[aeouyAEOUY][øûïåäëüØÛÏÅÄËÜ]|[aeoAEO][âÂ]|[aA][êÊ]|[ñÑöÖ]")
# Letters only Unicode Vietnamese has (outside Latin-1): their presence next to legacy signs = mixed file.
_UNICODE_VIET = re.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")


def encode(text: str, encoding: str) -> str:
    """Unicode → the legacy form (for tests and examples)."""
    table = TCVN3_ENCODE if encoding == TCVN3 else VNI_ENCODE
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


_TCVN3_SIGNS_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_TCVN3_SIGNS)) + "]")


def _at_least_two(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern.findall(text)`` has two or more matches: the same scan, stopped at the second."""
    found = pattern.finditer(text)
    return next(found, None) is not None and next(found, None) is not None


# The VNI telltales, split for speed: the marks no Vietnamese Unicode text has (and the single letters), and
# â/ê, which Unicode text has often but never after the letters that make them a VNI telltale.
_VNI_RARE = re.compile("[øûïåäëüØÛÏÅÄËÜñÑöÖ]")
_VNI_HATS = re.compile("[âÂêÊ]")


def _vni_at_least_two(text: str) -> bool:
    """Whether ``_VNI_SIGNS.findall(text)`` has two or more matches. Its matches cannot overlap (no mark
    starts one, no vowel ends one), so they are exactly the single letters ñ Ñ ö Ö and the marks preceded
    by their vowels: found from the marks, rarer than the vowels the pattern's scan stops at."""
    found = 0
    for match in _VNI_RARE.finditer(text):
        at = match.start()
        if text[at] in "ñÑöÖ" or (at > 0 and text[at - 1] in "aeouyAEOUY"):
            found += 1
            if found >= 2:
                return True
    for match in _VNI_HATS.finditer(text):
        at = match.start()
        if at > 0 and text[at - 1] in ("aeoAEO" if text[at] in "âÂ" else "aA"):
            found += 1
            if found >= 2:
                return True
    return False


def detect(text: str) -> str | None:
    """TCVN3, VNI or None (plain Unicode or plain ASCII). Needs at least two telltale characters.

    Every telltale is outside ASCII, so an ASCII text has none; otherwise one regular-expression scan per
    kind, stopped at the second telltale (a Python loop over the characters took 1–1.5 s of a
    200,000-row file's reading — bench_import_floor.py, ADR 0039)."""
    if text.isascii():
        return None
    if _at_least_two(_TCVN3_SIGNS_RE, text):  # VNI never uses 0xA1–0xBE: these decide even beside VNI marks
        return TCVN3
    if _vni_at_least_two(text):
        return VNI
    return None


def to_unicode(text: str, encoding: str) -> str:
    if encoding == TCVN3:
        out = "".join(TCVN3_DECODE.get(ch, ch) for ch in text)
    else:
        out = _VNI_RE.sub(lambda m: VNI_DECODE[m.group(0)], text)
    return unicodedata.normalize("NFC", out)


class LegacyEncodingError(ValueError):
    pass


def how_to_convert(encoding: str) -> str:
    return _(
        "Tệp được gõ bằng bảng mã %(enc)s lẫn với chữ Unicode nên không thể tự chuyển an toàn. Hãy mở tệp, "
        "chép toàn bộ dữ liệu, dùng UniKey → Công cụ chuyển mã (Ctrl+Shift+F6) với nguồn %(enc)s, đích "
        "Unicode, rồi lưu lại dạng CSV UTF-8 hoặc XLSX và tải lên lại."
    ) % {"enc": NAMES[encoding]}


def normalise_text(text: str) -> tuple[str, str | None]:
    """(Unicode NFC text, legacy encoding found or None). Raises LegacyEncodingError for a mixed file."""
    found = detect(text)
    if found is None:
        return text, None
    if _UNICODE_VIET.search(text):
        raise LegacyEncodingError(how_to_convert(found))
    return to_unicode(text, found), found
