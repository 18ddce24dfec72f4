"""Text written without Vietnamese diacritics ("Ke hoach trien khai … tre em", typed without a
Vietnamese keyboard, pasted from an old SMS or e-mail, or an OCR that lost every mark).

The grammar of the parser is written with diacritics ("Kế hoạch", "ngày … tháng … năm", "Ủy ban nhân
dân"). A document whose letters carry (almost) no mark is read through a copy with the marks put back
on the words the grammar knows: each run of one to three words whose accent-folded form is one of the
grammar's own words or phrases takes the form the grammar writes most often ("so voi" → "so với", "So:"
→ "Số:", "viet nam" → "việt nam", "nam 2021" → "năm 2021"). Every marked letter is one code point in NFC,
so the copy has exactly the characters and lines of the document; a word the grammar does not know is
left as it is. What the user sees of the document (titles, tasks, names, the source lines) is then
taken back to the document's own letters (``strip_marks``): Treem never shows a guessed accent as if
the document had written it.

The vocabulary is the parser's own source (its patterns, word lists and the examples in its comments)
and the reference lists it matches against (``data/reference``: agency types and aliases, indicators).
Plans themselves (the seeds, the corpus) are not read. It is generated from those sources
(``build_lexicon``) into a committed word list, ``data/diacritics_lexicon.tsv`` beside this module,
which is what the importer reads: ``manage.py regenerate_diacritics_lexicon`` writes it again after a
rule adds words, and a test fails while the committed list differs from what the generator makes.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from treem.core.text import fold

from .agencies import REFERENCE_DIR
from .normalise import SPACED_DASH

_WORD = re.compile(r"[^\W\d_]+")
# A phrase is words and numbers with one space between; a number stands for any number ("#"), so that
# "nam 2021" is "năm 2021" and "con 15%" "còn 15%" wherever the grammar writes them with a number.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,/]\d+)*")
_RUN = re.compile(r"(?:[^\W\d_]+|\d+(?:[.,/]\d+)*)(?: (?:[^\W\d_]+|\d+(?:[.,/]\d+)*))*")


def _key(token: str) -> str:
    return "#" if token[:1].isdigit() else token.lower()


_LONGEST = 3  # words in one lexicon entry
_MIN_LETTERS = 100  # a text shorter than this is not judged: a title alone may have no marked letter
_MAX_MARKED = 0.02  # Vietnamese written with its marks has about a third of its letters marked
# Words of any Vietnamese text, by their folded form: a text without marks that holds none of them is not
# Vietnamese (an English page, a list of codes) and is read as it is.
_VIETNAMESE = {
    "va", "cua", "cac", "trong", "cho", "duoc", "nhung", "theo", "ve", "voi", "tai", "nam", "ngay",
    "thang", "tre", "em", "ke", "hoach", "uy", "ban", "nhan", "dan", "thuc", "hien", "to", "chuc", "tinh",
    "huyen", "xa",
}  # fmt: skip


def _is_marked(ch: str) -> bool:
    return ch in "đĐ" or (ch.isalpha() and not ch.isascii() and fold(ch) != ch.lower())


def lacks_diacritics(text: str) -> bool:
    """A Vietnamese text long enough to judge whose letters carry (almost) no diacritic."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return False
    marked = sum(1 for ch in letters if _is_marked(ch))
    if marked / len(letters) > _MAX_MARKED:
        return False
    words = set(_WORD.findall(fold(text)))
    return len(words & _VIETNAMESE) >= 5


# The grammar's own words outweigh the reference lists' ("trong đó", the rules' phrase, over "trong độ
# tuổi", the indicators' names'): the lists are read for names, the grammar for what it must match.
_GRAMMAR_WEIGHT = 3
# A word a pattern lists alone, as one of its alternatives: the characters either side of it ("(?:", "|", ")")
_ALTERNATIVE = {"||", ":|", "|)", ":)"}
# A word's form is bound to one phrase where that phrase holds this share of its uses or more
_BOUND = 0.8


def _sources() -> list[Path]:
    here = Path(__file__).resolve().parent
    return sorted(here.glob("*.py")) + sorted(REFERENCE_DIR.glob("*.csv"))


def _shape(words: list[str]) -> str:
    """How a phrase is written: "U" for a word with a capital first letter, "l" for one without, "*" for
    the whole phrase when a word is in capitals (which tells nothing)."""
    if any(len(w) > 1 and w.isupper() for w in words):
        return "*"
    return "".join("U" if w[:1].isupper() else "l" for w in words)


LEXICON_FILE = Path(__file__).resolve().parent / "data" / "diacritics_lexicon.tsv"
_LEXICON_HEADER = (
    "# The words the plan importer puts diacritics back on (treem.plans.parsing.diacritics).\n"
    "# Generated from the parser's source (src/treem/plans/parsing/*.py) and data/reference/*.csv by\n"
    "# `manage.py regenerate_diacritics_lexicon`; do not edit by hand.\n"
    "# <shape>|<folded phrase>\t<form>\t<weighted count>\n"
)


@cache
def lexicon() -> dict[str, tuple[str, int]]:
    """The committed word list (``LEXICON_FILE``), as ``build_lexicon`` made it."""
    out: dict[str, tuple[str, int]] = {}
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, form, count = line.split("\t")
        out[key] = (form, int(count))
    return out


def lexicon_text(entries: dict[str, tuple[str, int]]) -> str:
    """The word list as the committed file holds it: a header, then one sorted entry a line."""
    rows = "".join(f"{key}\t{form}\t{count}\n" for key, (form, count) in sorted(entries.items()))
    return _LEXICON_HEADER + rows


def write_lexicon() -> Path:
    """Generate the word list from its sources and write it over the committed file."""
    LEXICON_FILE.parent.mkdir(exist_ok=True)
    LEXICON_FILE.write_text(lexicon_text(build_lexicon()), encoding="utf-8")
    lexicon.cache_clear()
    return LEXICON_FILE


def build_lexicon() -> dict[str, tuple[str, int]]:
    """ "<shape>|<folded phrase>" (one to three words) → the lower-case form the grammar writes most often
    in that shape, and how often; "*|<folded phrase>" whatever the shape. A capital tells a body's name from
    a common word: "Ban Chỉ đạo", but "văn bản chỉ đạo"; "Sở Y tế", but "số trẻ em"."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    alone: dict[str, Counter[str]] = defaultdict(Counter)  # a word written as a run of its own
    beside: dict[str, Counter[str]] = defaultdict(Counter)  # a form's occurrences by the phrase of two
    for path in _sources():
        weight = _GRAMMAR_WEIGHT if path.suffix == ".py" else 1
        try:
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        except OSError:
            continue
        for line in text.splitlines():
            for run in _RUN.finditer(line):
                if run.group(0).isascii():
                    continue  # English (the comments), or a folded literal ("tren day la"): not evidence
                raw = run.group(0).split()
                words = [_key(t) for t in raw]
                # (a pattern's alternative: a word between "|" or an opening group and "|" or a closing one)
                edges = line[run.start() - 1 : run.start()] + line[run.end() : run.end() + 1]
                if len(words) == 1 and words[0] != "#" and raw[0][:1].islower() and edges in _ALTERNATIVE:
                    alone[fold(words[0])][words[0]] += weight
                for i, word in enumerate(words):
                    if raw[i][:1].islower():
                        for pair in (words[i - 1 : i + 1] if i else [], words[i : i + 2]):
                            if len(pair) == 2:
                                beside[word][" ".join(pair)] += weight
                for n in range(1, _LONGEST + 1):
                    for i in range(len(words) - n + 1):
                        if all(word == "#" for word in words[i : i + n]):
                            continue
                        phrase = " ".join(words[i : i + n])
                        key = fold(phrase)
                        forms["*|" + key][phrase] += weight
                        shape = _shape(raw[i : i + n])
                        if shape != "*":
                            forms[shape + "|" + key][phrase] += weight
                        if n == 2 and shape == "lU" and words[i] != "#":  # before a name, whatever name
                            forms[_BEFORE_NAME + fold(words[i])][words[i]] += weight
    out: dict[str, tuple[str, int]] = {}
    for word, counter in alone.items():
        # "1|<word>": a word whose usual form is bound to one phrase of two (nearly all its uses), and
        # which the patterns list alone in another form, twice or more: that form, for a word of the text
        # that makes no known phrase with its neighbours
        if not forms["l|" + word]:
            continue
        form, used = forms["l|" + word].most_common(1)[0]
        free, count = counter.most_common(1)[0]
        bound = bool(beside[form]) and beside[form].most_common(1)[0][1] >= _BOUND * used
        if free != form and bound and count >= 2 * _GRAMMAR_WEIGHT:
            out["1|" + word] = (free, count)
    for key, counter in forms.items():
        form, count = counter.most_common(1)[0]
        # a phrase written without marks is kept as it is too
        if len(form) == len(key.split("|", 1)[1].removeprefix("_ ")):
            out[key] = (form, count)
    return out


# A lower-case word right before a capitalised one ("<verb> <Name> …"), whatever the name: the form the
# grammar writes before a name, where no phrase of two words or more around the word is known. A verb that
# assigns work to a body is written without marks, and its one-word key may hold a commoner word's marks.
_BEFORE_NAME = "lU|_ "
_NAMED = 1.5  # its rank: above the word alone, below a phrase of the grammar in the text's own shape


# A word glued to a code's slash or dash ("33-CT/TU", "KH-UBND", "BLDTBXH/") is part of the code: left as
# it is (a code's letters are matched as capitals with "Đ" or "D" alike).
_IN_CODE = "/-&"
_ROMAN = re.compile(r"[IVXL]{1,6}")  # a section's number ("VI.") is not "vị"


def _in_code(line: str, word: re.Match[str]) -> bool:
    """``word`` glued by "/", "-" or "&" to a letter or digit ("CT/TU", "KH-UBND"); not "5%/nam" (a rate
    per year) nor "Lao dong - Thuong binh" (a dash between spaces)."""
    before = line[max(word.start() - 2, 0) : word.start()]
    after = line[word.end() : word.end() + 2]
    return (len(before) == 2 and before[1] in _IN_CODE and before[0].isalnum()) or (
        len(after) == 2 and after[0] in _IN_CODE and after[1].isalnum()
    )


def restore_marks(line: str) -> str:
    """``line`` with the grammar's marks put back on the words it knows; same length, same case. Each
    word takes its form from the longest known phrase around it (then the most frequent): "chu tri" is
    "chủ trì" even where "don vi chu" is known too."""
    spaced = {m.end() for m in SPACED_DASH.finditer(line)}  # "1848/LDTBXH- TE": "TE" is its code's, no "tế"
    words = [
        w
        for w in _TOKEN.finditer(line)
        if not _ROMAN.fullmatch(w.group(0)) and not _in_code(line, w) and w.start() not in spaced
    ]
    if not words:
        return line
    known = lexicon()
    best: list[tuple[float, int, str] | None] = [None] * len(words)  # (words, count, the word's form)
    for i in range(len(words) - 1):
        k = i + 1
        if words[k].group(0) == "cho" and k + 1 < len(words):  # "<verb> cho <Name>": the word before a name
            k += 1
        before, name = words[i].group(0), words[k].group(0)
        if line[words[i].end() : words[k].start()] not in (" ", " cho ") or _shape([before, name]) != "lU":
            continue
        entry = known.get(_BEFORE_NAME + before.lower()) if before.isascii() and len(before) > 1 else None
        if entry is not None:
            best[i] = (_NAMED, entry[1], entry[0])
    for i in range(len(words)):
        for n in range(1, min(_LONGEST, len(words) - i) + 1):
            seq = words[i : i + n]
            if n > 1 and line[seq[-2].end() : seq[-1].start()] != " ":
                break
            key = " ".join(_key(w.group(0)) for w in seq)
            if not key.isascii() or (n == 1 and len(key) == 1):
                continue  # a lone letter is a list's label ("d)" is not "đ)") or an initial
            entry = known.get(_shape([w.group(0) for w in seq]) + "|" + key)
            shaped = entry is not None
            entry = entry or known.get("*|" + key)
            if entry is None:
                continue
            form, count = entry
            for j, part in enumerate(form.split(" ")):
                held = best[i + j]
                if held is not None and held[0] == _NAMED and not shaped:
                    continue  # a phrase the grammar writes in another shape: the word before a name holds
                if held is None or (n, count) > held[:2]:
                    best[i + j] = (n, count, part)
    for i, choice in enumerate(best):  # a word in no known phrase: the form a pattern lists it in alone
        alone = words[i].group(0)
        solo = known.get("1|" + alone) if choice is not None and choice[0] == 1 and alone.isascii() else None
        if solo is not None:
            best[i] = (1, solo[1], solo[0])
    out = list(line)
    for word, choice in zip(words, best, strict=True):
        if choice is None or choice[2] == "#":
            continue
        for offset, ch in enumerate(choice[2]):
            out[word.start() + offset] = ch.upper() if line[word.start() + offset].isupper() else ch
    return "".join(out)


def strip_marks(text: str) -> str:
    """``text`` with every diacritic taken off (đ → d), case and length kept: the document's own letters
    for a field read from the copy with the marks put back."""
    if text.isascii():
        return text
    return "".join(_plain(ch) for ch in text)


@cache
def _plain(ch: str) -> str:
    if not ch.isalpha() or ch.isascii():
        return ch
    image = fold(ch)
    if len(image) != 1:
        return ch
    return image.upper() if ch.isupper() else image


NO_DIACRITICS_WARNING = (
    "Văn bản được viết không dấu tiếng Việt. Treem đã đọc văn bản bằng cách so khớp không dấu; "
    "tên, tiêu đề và nhiệm vụ được giữ nguyên như trong văn bản (không dấu). "
    "Hãy đối chiếu các trường với bản gốc và bổ sung dấu trước khi lưu."
)


def document_words(draft: Any, lines: list[str], *, whole: bool = True) -> Any:
    """``draft`` (read from the copy with marks put back) with what it shows of the document in the
    document's own letters: names, titles, tasks, targets' text, deadlines' text, and its source
    ``lines``. Treem's own labels and warnings keep their marks. ``whole``: the whole document was
    written without marks (every field loses its marks); else only some stretches were, and a field
    loses its marks where the document wrote it so."""
    own = strip_marks if whole else _as_written(lines)

    def _plain_ref(ref: Any) -> Any:
        return dataclasses.replace(ref, text=own(ref.text), qualifier=own(ref.qualifier))

    head = draft.document
    draft.document = dataclasses.replace(
        head,
        number=own(head.number),
        issuer=own(head.issuer),
        place=own(head.place),
        title=own(head.title),
    )
    draft.cites = [
        dataclasses.replace(c, number=own(c.number), issuer=own(c.issuer), title=own(c.title))
        for c in draft.cites
    ]
    for task in draft.tasks:
        task.title = own(task.title)
        task.body = own(task.body)
        task.lead = [_plain_ref(r) for r in task.lead]
        task.cooperating = [_plain_ref(r) for r in task.cooperating]
        task.timeframe = dataclasses.replace(task.timeframe, text=own(task.timeframe.text))
    for target in draft.targets:
        target.text = own(target.text)
        target.group = own(target.group)
        target.lead = [_plain_ref(r) for r in target.lead]
    draft.deadlines = [
        dataclasses.replace(d, text=own(d.text), recipient=own(d.recipient)) for d in draft.deadlines
    ]
    draft.criteria = [dataclasses.replace(c, text=own(c.text)) for c in draft.criteria]
    draft.purposes = [own(p) for p in draft.purposes]
    draft.funding = [own(f) for f in draft.funding]
    draft.unmatched_agencies = [own(a) for a in draft.unmatched_agencies]
    draft.lines = list(lines)
    return draft


def _as_written(lines: list[str]) -> Callable[[str], str]:
    """A field as the document wrote it: as read where the document holds it so (a part with marks, or a
    word the copy left alone), else without the marks where the document holds that."""
    document = " ".join(" ".join(line.split()) for line in lines)

    def own(text: str) -> str:
        flat = " ".join(text.split())
        if not flat or flat.isascii() or flat in document:
            return text
        return strip_marks(text) if strip_marks(flat) in document else text

    return own


def restore_stretches(lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """In a text with diacritics, the stretches of lines typed without them (a part pasted from an e-mail,
    a body typed under a header copied with marks) that would be judged so on their own
    (``lacks_diacritics``), with the grammar's marks put back; and those stretches (1-based lines)."""
    out = list(lines)
    stretches: list[tuple[int, int]] = []
    marked = [any(_is_marked(ch) for ch in line) for line in lines]
    start = 0
    while start < len(lines):
        if marked[start]:
            start += 1
            continue
        end = start
        while end < len(lines) and not marked[end]:
            end += 1
        if lacks_diacritics("\n".join(lines[start:end])):
            out[start:end] = [restore_marks(line) for line in lines[start:end]]
            first = next(k for k in range(start, end) if lines[k].strip())
            last = max(k for k in range(start, end) if lines[k].strip())
            stretches.append((first + 1, last + 1))
        start = end
    return out, stretches


def some_lines_warning(stretches: list[tuple[int, int]]) -> str:
    where = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in stretches)
    return (
        f"Một phần văn bản (dòng {where}) được viết không dấu tiếng Việt. Treem đã đọc phần đó bằng cách so "
        "khớp không dấu; tên, tiêu đề và nhiệm vụ trong phần đó được giữ nguyên như trong văn bản. Hãy đối "
        "chiếu với bản gốc trước khi lưu."
    )
