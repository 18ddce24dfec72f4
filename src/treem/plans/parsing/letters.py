"""Vietnamese letters by case, for character classes in the parser's patterns.

A range of code points is no class of capitals: "À-Ỹ" (U+00C0–U+1EF8) runs through Latin-1, Latin
Extended-A and -B and Latin Extended Additional, where capitals and small letters alternate, so it holds
"đ", "ư", "ơ", "ạ", "ở" … and "đã", "ở", "ưu tiên", "ơn" passed as capitalised words; "à-ỹ" likewise holds
"Ă", "Ơ", "Ư", "Ủ", "Ấ" …. These list the letters themselves (in NFC, as ``normalise`` leaves the text):
the 26 Latin letters, "đ", the six vowels with a mark of their own (ă â ê ô ơ ư) and the twelve vowels
each with its five tones.

    rf"[{UPPER}][{LOWER}]*"      # a capitalised word: "Ninh", "Đắk", "Ủy" — not "đã", "ở", "ưu"
"""

from __future__ import annotations

# inside "[…]": "A-Z" is the one range, the rest are the letters themselves
UPPER = "A-ZĐÂĂÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zđâăêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"

CAPITAL = f"[{UPPER}]"
SMALL = f"[{LOWER}]"
