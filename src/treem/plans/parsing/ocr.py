"""Letters an OCR misread: a scanned plan's text where a marked vowel came out as a digit ("s6" for
"số", "g6p" for "góp", "16i" for "lối") or as a capital inside a word ("hQi" for "hội", "dOng").

The repair is used only when a text looks OCR'd: three different words or more that mix letters with
the digits an OCR gives for a round vowel or an "l" (0, 6, 1), or carry a capital O or Q inside a
lower-case word. It then changes those words only, and only their confused characters:

- a digit 0 or 6 in a word that starts with a letter reads "o", a 1 reads "l"; a word with any other
  digit (a code: "H5N1", "m2"), a word that starts with a digit (a number with its unit: "20h", "10km",
  "2a"), a word in capitals (a code or an abbreviation: "QD23", "T6") and a word glued to "/", "-",
  "." or another digit's separator (a document's number "53/KH-UBND", a date) are left as they are, so
  no number that is a value changes;
- a capital O or Q after a lower-case letter in a lower-case word reads "o".

Every change keeps the text's length, so its lines and columns stay where they were.
"""

from __future__ import annotations

import re

# a word that starts with a letter and holds one of the digits an OCR gives for a letter
_CONFUSED = re.compile(
    r"(?<![\w/\-.,:])[^\W\d_](?:[^\W\d_]|[016])*[016](?:[^\W\d_]|[016])*(?![\w/\-]|[.,:]\d)"
)
# a capital O or Q inside a lower-case word ("hQi", "dOng"), the word otherwise lower-case
# (at most three letters after it: "eOffice" is a name)
_INNER_CAPITAL = re.compile(r"(?<![\w'])[a-z]+[OQ][a-z]{0,3}(?![\w'])")
_DIGITS = str.maketrans({"0": "o", "6": "o", "1": "l"})
_LEAST = 3  # different such words before a text is taken for an OCR's

OCR_WARNING = (
    "Văn bản có dấu hiệu được nhận dạng từ bản quét (OCR) với lỗi ký tự, ví dụ chữ số lẫn trong chữ "
    "(“s6” thay cho “số”). Treem đã sửa {count} từ như vậy trước khi đọc; các con số, ngày tháng và số hiệu "
    "văn bản được giữ nguyên. Hãy đối chiếu các trường với bản gốc trước khi lưu."
)


def _repairs(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _CONFUSED.finditer(text):
        word = m.group(0)
        if any(ch.islower() for ch in word):
            out.append((m.start(), m.end(), word.translate(_DIGITS)))
    for m in _INNER_CAPITAL.finditer(text):
        out.append((m.start(), m.end(), re.sub(r"[OQ]", "o", m.group(0))))
    return out


def looks_ocred(text: str) -> bool:
    """Whether a text holds three different words or more an OCR misread as above."""
    return len({text[a:b] for a, b, _ in _repairs(text)}) >= _LEAST


def repair_ocr(text: str) -> tuple[str, int]:
    """``text`` with the misread letters put right (same length), and how many words changed; the
    text as it is where it does not look OCR'd."""
    if not looks_ocred(text):
        return text, 0
    chars = list(text)
    changed = 0
    for start, end, fixed in _repairs(text):
        if text[start:end] != fixed:
            chars[start:end] = fixed
            changed += 1
    return "".join(chars), changed
