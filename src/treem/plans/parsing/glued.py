"""Words a web page's text extraction glued together: "trẻem", "kếhoạch", "Ủybannhân", a word glued to a
number ("năm2025", "đạt95%", "5tuổi", "100%trẻ").

A Vietnamese syllable is an onset, at most one group of vowels (with at most one tone mark) and a final
consonant or glide from a closed list, so a word with marks that cannot be one syllable ("trẻem": no syllable
has the vowels "ee"; "Ủybannhân": three vowel groups) is cut where it falls into two to four syllables, the
fewest (a syllable after the first that opens with its vowel must be one the parser's word list holds: "trẻ
em", while a mistyped "người", its "ờ" written "ò", is not cut). Only an unambiguous cut is made: where
several cuts exist, the one whose syllables are all in the parser's word list (``diacritics.lexicon``) if it
is the only such, else the one that gives each syllable after the first its longest onset ("tổ chức": "ch"
opens the second); otherwise the word is left. A word written without marks ("treem" may be a name), a word
glued to a code's "/", "-", "&" or "'" ("KH-UBND", "GD&ĐT") and a word that is one syllable already are left
as they are. A number and a word with marks written together are two words ("ngày15/3/2026tại" too: a date's
"/" is no code's); a code ("H5N1", "QĐ23", "20h", "10km") is not a word with marks.

In a text written without marks, ``split_glued_plain`` cuts a word that is not one syllable, nor a word of
the word list, in two where exactly one cut gives two parts the word list holds as a phrase; failing that,
a word of six letters or more where exactly one cut gives two syllables that are each a word of the list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from treem.core.text import fold

from .diacritics import lexicon

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_CODAS = ("c", "m", "n", "ng", "p", "t")
_LONGEST_SYLLABLE = 7  # "nghiêng", "nghuếch"


def _rhymes() -> frozenset[str]:
    """Every rhyme (vowels and final, without the tone) Vietnamese writes, a little more rather than less."""
    out: set[str] = set()
    plain = ("a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "ua", "ưa", "oa", "oe", "uê", "uy", "uơ")
    out.update(plain)
    out.update(("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu"))
    out.update(("iêu", "yêu", "uôi", "ươi", "ươu", "oai", "oay", "oao", "oeo", "uây", "uyu", "uya"))
    for nucleus in (
        "a",
        "ă",
        "â",
        "e",
        "ê",
        "i",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "iê",
        "yê",
        "uô",
        "ươ",
        "oa",
        "oă",
    ):
        out.update(nucleus + coda for coda in _CODAS)
    out.update(("uân", "uâng", "uât", "oen", "oet", "uên", "uêt", "uyn", "uyt", "uyp", "uyên", "uyêt"))
    out.update(v + coda for v in ("a", "ê", "i", "oa", "uê", "uy") for coda in ("ch", "nh"))
    out.update(("oong", "ooc"))  # "xoong", "moóc"
    return frozenset(out)


_RHYMES = _rhymes()


def _toneless(word: str) -> tuple[str, int]:
    """``word`` in lower case without its tone marks (its vowels' own marks kept: ă â ê ô ơ ư), and how
    many tone marks it had."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in _TONES for ch in decomposed)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES)), tones


@lru_cache(maxsize=1 << 16)
def one_syllable(word: str) -> bool:
    """Whether ``word`` is written as one Vietnamese syllable."""
    base, tones = _toneless(word)
    if tones > 1 or not base:
        return False
    return any(base.startswith(onset) and base[len(onset) :] in _RHYMES for onset in _ONSETS)


@cache
def _known() -> frozenset[str]:
    """The syllables of the parser's own word list, in lower case with their marks."""
    return frozenset(
        w for form, _ in lexicon().values() for w in form.lower().split() if w.isalpha() and one_syllable(w)
    )


def _onset_length(syllable: str) -> int:
    base = _toneless(syllable)[0]
    return max(len(o) for o in _ONSETS if base.startswith(o) and base[len(o) :] in _RHYMES)


def _cuts(word: str, pieces: int) -> list[list[str]]:
    """Every way ``word`` falls into ``pieces`` syllables."""
    if pieces == 1:
        return [[word]] if one_syllable(word) else []
    out: list[list[str]] = []
    for end in range(1, min(len(word), _LONGEST_SYLLABLE + 1)):
        head = word[:end]
        if one_syllable(head):
            out.extend([head, *rest] for rest in _cuts(word[end:], pieces - 1))
    return out


def split_word(word: str) -> list[str]:
    """``word`` cut into its syllables where it is several glued together and the cut is unambiguous (see
    the module's note); ``[word]`` otherwise."""
    if word.isascii() or len(word) < 3 or len(word) > 4 * _LONGEST_SYLLABLE or one_syllable(word):
        return [word]
    # the fewest syllables ("cô giáo" in two, not three); a syllable after the first that opens with its
    # vowel must be a known one ("trẻ em"; a mistyped "người" is not cut before its "ò")
    cuts: list[list[str]] = []
    for n in range(2, 5):
        cuts = [c for c in _cuts(word, n) if all(_onset_length(p) or p.lower() in _known() for p in c[1:])]
        if cuts:
            break
    if len(cuts) > 1:
        known = [c for c in cuts if all(p.lower() in _known() for p in c)]
        if len(known) == 1:
            cuts = known
        else:
            # the longest onset for each syllable after the first: "tổ chức", "Ủy ban"
            best = max(tuple(_onset_length(p) for p in c[1:]) for c in cuts)
            cuts = [c for c in cuts if tuple(_onset_length(p) for p in c[1:]) == best]
    return cuts[0] if len(cuts) == 1 else [word]


# a run of letters and digits, not glued to a code's "/", "-", "&" or "'" (before it, or after it); a "/"
# after a digit, or before one, is a date's or a number's ("ngày15/3/2026", "số14/KH-UBND")
_TOKEN = re.compile(r"(?<![\w/&'-])[^\W_]{2,}(?![\w&']|-\d)(?!(?<=[^\W\d_])/\D)")
_RUNS = re.compile(r"\d+|[^\W\d_]+")
# a share glued to the word after it: "95%trẻ em"
_AFTER_SHARE = re.compile(r"(?<=\d[%‰])[^\W\d_]{2,}")
# a date glued to the word after it: "15/3/2026tại"
_AFTER_DATE = re.compile(r"(?<![\d/])(\d{1,2}/\d{1,2}/(?:19|20)\d\d)([^\W\d_]{2,})")

GLUED_WARNING = (
    "Văn bản có những từ bị dính liền nhau (như “trẻem” thay cho “trẻ em”, “năm2025” thay cho “năm 2025”), "
    "thường do trang web hoặc phần mềm chuyển đổi. Treem đã tách {count} chỗ như vậy trước khi đọc. "
    "Hãy đối chiếu các trường với bản gốc trước khi lưu."
)


def _vietnamese(letters: str) -> bool:
    """A run of letters that is one word or more of Vietnamese written with its marks."""
    return not letters.isascii() and all(one_syllable(p) for p in split_word(letters))


def _split_token(token: str) -> tuple[str, int]:
    """A run of letters and digits with its glued words cut apart, and how many cuts."""
    runs = _RUNS.findall(token)
    words = [run.split() if run.isdigit() else split_word(run) for run in runs]
    count = sum(len(w) - 1 for w in words)
    text = " ".join(words[0])
    for index in range(1, len(runs)):
        letters = runs[index] if runs[index - 1].isdigit() else runs[index - 1]
        glued = len(letters) >= 2 and _vietnamese(letters)  # "năm2025", "5tuổi"; never "H5N1", "QĐ23"
        text += (" " if glued else "") + " ".join(words[index])
        count += glued
    return text, count


def split_glued(text: str) -> tuple[str, int]:
    """``text`` with glued words cut apart (see the module's note), and how many cuts were made."""
    count = 0

    def token(m: re.Match[str]) -> str:
        nonlocal count
        fixed, cuts = _split_token(m.group(0))
        count += cuts
        return fixed

    def share(m: re.Match[str]) -> str:
        nonlocal count
        if not _vietnamese(m.group(0)):
            return m.group(0)
        count += 1
        return " " + m.group(0)

    def date(m: re.Match[str]) -> str:
        nonlocal count
        if not _vietnamese(m.group(2)):
            return m.group(0)
        count += 1
        return f"{m.group(1)} {m.group(2)}"

    text = _AFTER_SHARE.sub(share, text)
    text = _AFTER_DATE.sub(date, text)
    return _TOKEN.sub(token, text), count


@cache
def _plain_rhymes() -> frozenset[str]:
    return frozenset(fold(r) for r in _RHYMES)


def _plain_syllable(word: str) -> bool:
    """Whether ``word``, written without marks, can be one syllable."""
    base = word.lower()
    return any(
        base.startswith(onset) and base[len(onset) :] in _plain_rhymes() for onset in map(fold, _ONSETS)
    )


def split_plain_word(word: str) -> list[str]:
    """``word``, written without marks, cut in two where it is two words glued together: not one syllable
    nor a word the parser's word list holds, and there is one cut only whose two parts (two letters or
    more each) are a phrase the word list holds; ``[word]`` otherwise."""
    if not word.isascii() or not word.isalpha() or not 4 <= len(word) <= 2 * _LONGEST_SYLLABLE:
        return [word]
    known = lexicon()
    key = word.lower()
    if _plain_syllable(key) or "*|" + key in known:
        return [word]
    cuts = [end for end in range(2, len(word) - 1) if f"*|{key[:end]} {key[end:]}" in known]
    if not cuts and len(word) >= 6:
        # no phrase the word list holds: the one cut into two syllables, each a word the list holds (six
        # letters or more: a shorter word is as often a foreign one whose letters read as two syllables)
        cuts = [
            end
            for end in range(2, len(word) - 1)
            if all(_plain_syllable(part) and "*|" + part in known for part in (key[:end], key[end:]))
        ]
    return [word[: cuts[0]], word[cuts[0] :]] if len(cuts) == 1 else [word]


def split_glued_plain(text: str) -> tuple[str, int]:
    """``text``, written without marks, with words glued two together cut apart (``split_plain_word``),
    and how many cuts were made."""
    count = 0

    def token(m: re.Match[str]) -> str:
        nonlocal count
        parts = split_plain_word(m.group(0))
        count += len(parts) - 1
        return " ".join(parts)

    return _PLAIN_TOKEN.sub(token, text), count


# a run of letters alone, not glued to a digit or to a code's "/", "-", "&" or "'"; or a word with a capital
# and then lower-case letters before a dash, a name's word and not a code's
_PLAIN_TOKEN = re.compile(r"(?<![\w/&'-])(?:[^\W\d_]{4,}(?![\w/&'-])|[A-Z][a-z]{3,}(?=-[A-Z]))")
