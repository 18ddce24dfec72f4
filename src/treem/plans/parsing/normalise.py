"""Text clean-up and paragraph rebuilding.

``normalise`` keeps one output line per input line (so line numbers stay meaningful) and only
cleans each line: NFC, markdown/HTML markup left over from conversion, unified dashes and spaces.
``paragraphs`` then rejoins hard-wrapped lines (PDF extraction, Word "soft" breaks, page breaks in
the middle of a sentence) into logical blocks that remember the lines they span.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from treem.core.text import fold

from .letters import LOWER, UPPER

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,80}>")
_HEADING_HASHES = re.compile(r"^\s{0,3}#{1,6}\s*")
_DASHES = str.maketrans({
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00ad": "",
    "Ð": "Đ", "ð": "đ",  # the Latin-1 eth some sites write for "Đ" ("570/QÐ-TTg"): one letter for another
})  # fmt: skip
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# A document site's page mark (the word for page and its number) run into the page's first line, before a
# word in capitals (the header's first line): the mark is no text, and the line goes on as the page gives it
_GLUED_PAGE_MARK = re.compile(rf"^Trang\s?\d{{1,3}}\s?(?=[{UPPER}]{{2,}}\b)")
_TABLESS = re.compile(r"[ \u00a0\u2000-\u200b\u202f\u3000]+")  # spaces, a tab kept (a pasted row's cells)
_TABLE_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_DOUBLE_BULLET = re.compile(r"^[-•]\s*([-+•])\s+")
_BULLET_CHARS = "•●▪◦‣∙·"
_RULE_LINE = re.compile(r"^[-_=~.*]{3,}$")
_CELL_RULE = re.compile(r"\s*[-_=]{3,}\s*")


def normalise(text: str) -> list[str]:
    """One cleaned line per line of ``text``."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_clean_line(line) for line in text.split("\n")]
    for index, line in enumerate(lines):
        if index and not lines[index - 1]:
            lines[index] = _PAPER_CODE.sub("", line)
    return _dotless_items(lines)


# A Roman section heading whose dot was lost (the numeral, a space, words in capitals) and, under it, an
# item numbered the same way: a number, a space and a capitalised word, in sequence from 1 after it.
_DOTLESS_ROMAN = re.compile(rf"^[IVXL]{{1,6}}\s+[{UPPER}]{{2,}}\s+[{UPPER}]{{2,}}\b")
_DOTLESS_ITEM = re.compile(rf"^(?P<n>\d{{1,2}})\s+(?P<rest>[{UPPER}][{LOWER}]*\s.*)$")


def _dotless_items(lines: list[str]) -> list[str]:
    """A writer (or a converter) that dropped the dots of the Roman headings dropped those of the items
    under them: the items numbered 1, 2, … in sequence under such a heading get their dot back, so that
    they are items and not lines of the paragraph above. A number out of sequence (a table's row, a
    count that starts a wrapped line) is left as it is."""
    expected = 0  # 0: not under a dotless heading
    out = list(lines)
    for index, line in enumerate(lines):
        if ROMAN.match(line):
            expected = 1 if _DOTLESS_ROMAN.match(line) else 0
            continue
        m = _DOTLESS_ITEM.match(line) if expected else None
        if m and int(m["n"]) == expected:
            out[index] = f"{m['n']}. {m['rest']}"
            expected += 1
    return out


# A paper's code with no brackets before its lead ("ABC.VN - UBND tỉnh vừa …", "XYZ - Chiến lược …"):
# capitals and dots only, no word of the language, at the start of a paragraph's first line (a blank
# line above it: the post's headline, its stamp), before a dash and what starts a sentence — words in
# capitals or capitalised ("Sở Y tế", "UBND tỉnh"), then a small word. The rest of a cited number
# wrapped onto the next line has no blank line above it.
_PAPER_CODE = re.compile(
    rf"^[A-ZĐ]{{2,8}}(?:\.[A-ZĐ]{{2,4}}){{0,2}}\s+-\s+"
    rf"(?=[{UPPER}][{UPPER}{LOWER}]*(?:\s+[{UPPER}][{UPPER}{LOWER}]*){{0,3}}\s+[{LOWER}]+\s)"
)


def raw_lines(text: str) -> list[str]:
    """The lines of ``text`` as ``normalise`` numbers them, each only NFC and with unified dashes and
    spaces: a table's "|" kept (``normalise`` joins a row's cells)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_row_of_tabs(_TABLESS.sub(" ", line.translate(_DASHES)).strip(" ")) for line in text.split("\n")]


def _row_of_tabs(line: str) -> str:
    """A table row pasted from a word processor, its cells between tabs ("1\tTập huấn\tSở Y tế\t\tQuý
    II/2026"): the same row between "|" (two tabs or more, and no "|" of its own)."""
    line = line.strip("\t ")
    if "|" in line or line.count("\t") < 2:
        return line
    return "| " + " | ".join(cell.strip() for cell in line.split("\t")) + " |"


def _clean_line(line: str) -> str:
    line = line.replace("\ufeff", "").replace("\f", " ").replace("\v", " ")
    line = _TAG.sub("", line)
    if _TABLE_RULE.match(line.strip()):
        return ""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 2:
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        # a short rule in a cell (under the motto, beside the issuer's third line) is no text: "| TRUNG TÂM
        # | ------- |" is "TRUNG TÂM", its fourth line "KIỂM SOÁT BỆNH TẬT" goes on from it
        line = " ; ".join(c for c in cells if c and not _CELL_RULE.fullmatch(c))
    line = _HEADING_HASHES.sub("", line)
    line = line.replace("\\*", "").replace("\\_", "_").replace("\\", "")
    line = line.replace("*", "").replace("__", "")
    line = line.translate(_DASHES)
    for ch in _BULLET_CHARS:
        if line.lstrip().startswith(ch):
            line = "- " + line.lstrip()[1:].lstrip()
    line = _SPACES.sub(" ", line).strip()
    line = _GLUED_PAGE_MARK.sub("", line)
    line = _DOUBLE_BULLET.sub(r"\1 ", line)
    line = _DATELINE.sub("", line)
    line = _restore_dashes(line)
    line = _GLUED_WORD.sub(_split_glued, line)
    if (
        line in {"-", "+", "."}
        or _RULE_LINE.match(line)
        or _POSTING_LINE.match(line)
        or _POSTED_AT.match(line)
        or _WEATHER.match(line)
    ):
        return ""  # decoration under the issuer and the motto ("-------", "_____"), a site's stamp
    return line


# A web page's own stamp on the post ("Ngày cập nhật 28/03/2016", "Lượt xem: 16", "Người đăng tin: …"):
# when the page put it, not when the document was signed.
_POSTING_LINE = re.compile(
    r"^\(?\s*(?:Ngày\s+(?:cập\s+nhật|đăng(?:\s+tin)?)|Cập\s+nhật\s+(?:lúc|ngày)|Lượt\s+xem|"
    r"Người\s+đăng(?:\s+tin)?)\s*:?\s*[\d/.:\s-]*(?:\)?$|\s*(?:Lượt|Người)\b)",  # "( Cập nhật lúc: … )" too
    re.IGNORECASE,
)

# A news agency's code before a report's first sentence ("(HG) - UBND huyện …", "(QNO) - Ngày 20.10, …"),
# or the site's or paper's name in brackets, each of its two to four words capitalised ("(Báo Nhân Dân) - ",
# "(XYZ CityNews) - "): the post's byline, not its text.
_DATELINE = re.compile(
    r"^\((?:[A-ZĐ]{2,6}|Website [^()]{2,30}|[\w.-]{2,40}\.(?:vn|com|net|org)"
    rf"|[{UPPER}][\w.&'-]*(?:\s+[{UPPER}][\w.&'-]*){{1,3}})\)\s*[-–]\s+"
)

# A line that is only a date, with a time or in brackets ("28/05/2021 10:51 AM", "(06/05/2022)"): when a
# news site posted the item; a document's own date is always written with its place or in a sentence.
_POSTED_AT = re.compile(
    r"^(?:-\s+)?\(?\d{1,2}/\d{1,2}/\d{4}\)?(?:\s*[-|]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$"
    r"|^Chào mừng (?:bạn|quý vị) đến với\b.{0,80}$"  # … and a page's greeting
    # … and a paper's date line with its weekday ("Thứ Năm, ngày 09/05/2024 | 06:45")
    r"|^(?:Thứ\s+\S+|Chủ\s+nhật)\s*,\s*(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}(?:\s*\|?\s*\d{1,2}:\d{2}.*)?$",
    re.IGNORECASE,
)

# A news site's weather widget above its post: a line that is only a place's name (capitalised words, a
# list's bullet before them or not) and a temperature in degrees Celsius. A plan states no figure alone
# on a line in degrees; left in, each such line is a paragraph before the post's own first sentence.
_WEATHER = re.compile(
    rf"^(?:-\s+)?[{UPPER}][{UPPER}{LOWER}]*(?:\s+[{UPPER}][{UPPER}{LOWER}]*){{0,7}}"
    r"\s+-?\d{1,2}(?:[.,]\d)?\s?°\s?C$"
)

# Two syllables a converter glued together where a line break was (in capitals or in lower case): a
# Vietnamese syllable holds one run of vowels, so a word of letters with two runs, a Vietnamese letter among
# them and exactly one place where it falls into two syllables is two words. (The glued examples are not
# written here: the generated word list reads this file, and would hold them as words.)
_GLUED_WORD = re.compile(r"(?<![\w/&'-])[^\W\d_]{4,}(?![\w/&']|-\d)")  # before a code's dash too
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3}|uy(?:ng|nh|ch|[cmnpt])|[aeiouy]{0,2}[aeouy](?:ng|nh|ch|[cmnpt])|i(?:ng|nh|ch|[cmnpt]))$"
)  # a run of vowels ending in a glide (i, o, u, y: "ai", "ao", "âu") closes the syllable, "uynh" aside
_VOWEL_RUNS = re.compile(r"[aeiouy]+")
_DIGRAPHS = {"ch", "gh", "kh", "ng", "nh", "ph", "th", "tr"}
# ă and â never end a syllable, nor take "nh" or "ch": c, m, n, p, t or ng closes them ("văn", "tâm")
_OPEN_SHORT = re.compile(r"[ăằắẳẵặâầấẩẫậ](?:nh|ch)?$", re.IGNORECASE)


def _split_glued(m: re.Match[str]) -> str:
    word = m.group(0)
    if word.isascii() or not any(unicodedata.decomposition(ch) or ch in "đĐ" for ch in word):
        return word
    folded = fold_same_length(word)
    if len(folded) != len(word) or _SYLLABLE.match(folded):
        return word
    runs = list(_VOWEL_RUNS.finditer(folded))
    if len(runs) != 2:
        return word
    cuts = [
        cut
        for cut in range(runs[0].end(), runs[1].start() + 1)
        if _SYLLABLE.match(folded[:cut])
        and _SYLLABLE.match(folded[cut:])
        and not _OPEN_SHORT.search(word[:cut])  # "Vănhóa": "Văn hóa", never "Vă nhóa" nor "Vănh óa"
        and not _OPEN_SHORT.search(word[cut:])
    ]
    if len(cuts) > 1:  # "TỔCHỨC": "tổ chức", not "tổc hức" nor "tổch ức": a two-letter consonant stays
        # whole and opens the second syllable
        cuts = [cut for cut in cuts if folded[cut - 1 : cut + 1] not in _DIGRAPHS and cut < runs[1].start()]
    return f"{word[: cuts[0]]} {word[cuts[0] :]}" if len(cuts) == 1 else word


_GLUED_PARTY_NUMBER = re.compile(r"(?<![\w/.-])(\d{1,5})([A-ZĐ]{2,4}(?<!LT)/[A-ZĐ])")
_GLUED_CODE = re.compile(  # "QĐ" typed without diacritics is "QD", "HĐND" "HDND"
    r"/(Q[ĐD]|N[ĐD]|NQ)(?!LT)([A-ZĐ][A-ZĐa-z]+)\b|/(KH|CT|TB|BC|HD|CV|TTr)(UBND|H[ĐD]ND)\b"
)
_GLUED_YEARS = re.compile(r"\b((?:19|20)\d\d)((?:19|20)\d\d)\b")
# "1848/LĐTBXH- TE", "4235/UBND- KGVX": a space a converter put after a number's last dash, before the
# rest of its code (capitals, "TTg"'s small letter at most at its end) — "Bộ Lao động- Thương binh" is no code
SPACED_DASH = re.compile(
    r"(?<![\w/.-])(\d{1,6}(?:/\d{4})?/[A-ZĐ][A-ZĐa-z0-9&./-]*-)\s(?=[A-ZĐ]{2,}[A-ZĐ0-9&]*[a-z]?(?!\w))"
)


def _restore_dashes(line: str) -> str:
    """Dashes a converter dropped or spaced (a .doc or .pdf copied as text): "20NQ/TW" → "20-NQ/TW",
    "1848/LĐTBXH- TE" → "1848/LĐTBXH-TE",
    "5556/QĐBYT" → "5556/QĐ-BYT", "giai đoạn 20212025" → "giai đoạn 2021-2025". A number is never
    glued to the letters of its code, a decision's code never to its issuer's, two years never to
    each other. A joint code ("…LT", liên tịch: "176KHLT/…", "TTLT", "NQLT") is written glued to the
    number by the bodies themselves and kept."""
    line = _GLUED_PARTY_NUMBER.sub(r"\1-\2", line)
    line = SPACED_DASH.sub(r"\1", line)
    line = _GLUED_CODE.sub(lambda m: f"/{m[1] or m[3]}-{m[2] or m[4]}", line)

    def years(m: re.Match[str]) -> str:
        first, second = int(m[1]), int(m[2])
        return f"{m[1]}-{m[2]}" if 0 < second - first <= 30 else m[0]

    return _GLUED_YEARS.sub(years, line)


def fold_same_length(text: str) -> str:
    """Accent-free lower-case copy of ``text`` with exactly one character per input character,
    so that positions found in the folded copy are positions in the original."""
    return "".join(_fold_char(ch) for ch in text)


@cache
def _fold_char(ch: str) -> str:
    folded = fold(ch) if not ch.isspace() else " "
    return folded[:1] if folded else " "


# ---------------------------------------------------------------------------------------------
# Markers of the administrative outline (Nghị định 30/2020 style)

ROMAN = re.compile(
    rf"^(?P<label>[IVXL]{{1,6}})(?:\s*[.\-:)]\s*|\s+(?=[{UPPER}]{{2,}}\s+[{UPPER}]{{2,}}\b))(?P<rest>\S.*)$"
)  # "II. NHIỆM VỤ", or with the dot lost before a heading in capitals ("II CÁC HOẠT ĐỘNG …")
# a line that is one letter, a dot and one word in capitals, glued ("V.THÀNH", "L.HOA"): a writer's initial
# and name under a post (its byline), not a section — a heading has two words or more ("V.KINH PHÍ")
_INITIAL_AND_NAME = re.compile(rf"^[IVXL]\.[{UPPER}]{{2,}}$")
DOTTED = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\)?\s+(?P<rest>\S.*)$")
ARABIC = re.compile(r"^(?P<label>\d{1,2})\s*[.)]\s*(?P<rest>\S.*)$")
LETTER = re.compile(r"^(?P<label>[a-zđ])\s*[).]\s+(?P<rest>\S.*)$")
PAREN = re.compile(r"^\((?P<label>\d{1,2})\)\s*(?P<rest>\S.*)$")
ROMAN_LOWER = re.compile(r"^\((?P<label>[ivx]{1,5})\)\s*(?P<rest>\S.*)$")
BULLET = re.compile(r"^(?P<label>[-+])\s*(?P<rest>\S.*)$")
ARTICLE = re.compile(r"^Điều\s+(?P<label>\d{1,3})\s*[.:]\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class Marker:
    kind: str  # roman | dotted | arabic | letter | paren | roman_lower | bullet | plus | article
    label: str
    rest: str


def marker_of(text: str) -> Marker | None:
    """The outline marker a block starts with, if any."""
    m = ARTICLE.match(text)
    if m:
        return Marker("article", m["label"], m["rest"])
    m = ROMAN.match(text)
    if m and _looks_like_section(m["rest"]) and not _INITIAL_AND_NAME.match(text.strip()):
        return Marker("roman", m["label"], m["rest"])
    m = DOTTED.match(text)
    if m and not re.match(r"^\d", m["rest"]):
        return Marker("dotted", m["label"], m["rest"])
    m = ARABIC.match(text)
    if m and not re.match(r"^[\d/]", m["rest"]):
        return Marker("arabic", m["label"], m["rest"])
    m = LETTER.match(text)
    if m:
        return Marker("letter", m["label"], m["rest"])
    m = PAREN.match(text)
    if m:
        return Marker("paren", m["label"], m["rest"])
    m = ROMAN_LOWER.match(text)
    if m:
        return Marker("roman_lower", m["label"], m["rest"])
    m = BULLET.match(text)
    if m:
        return Marker("plus" if m["label"] == "+" else "bullet", m["label"], m["rest"])
    return None


def _looks_like_section(rest: str) -> bool:
    letters = [c for c in rest if c.isalpha()]
    if not letters:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.6 or len(rest) <= 60


def is_caps_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# ---------------------------------------------------------------------------------------------
# Paragraph rebuilding


@dataclass(frozen=True)
class Block:
    text: str
    start: int  # 1-based, inclusive
    end: int


_TERMINAL = (".", ";", ":", "!", "?", "./.", "…")
_DANGLING = {
    "cac", "cua", "va", "voi", "cho", "ve", "o", "tai", "theo", "ngay", "so", "tren", "trong",
    "nhung", "la", "duoc", "bi", "den", "tu", "hoac", "hay", "nhu", "mot", "thuc", "hien", "de",
    "can", "co", "khi", "nham", "giua", "doi", "vao", "ra", "thi", "ma", "nay", "do", "phoi", "hop",
}  # fmt: skip
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.IGNORECASE)


def noise_lines(lines: list[str]) -> set[int]:
    """0-based indexes of page numbers and running headers/footers (PDF extraction)."""
    noise = {i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line)}
    counts = Counter(line for line in lines if line and len(line) <= 80 and marker_of(line) is None)
    repeated = {
        line
        for line, n in counts.items()
        if n >= 3 and len(line) >= 12 and line[:1].isupper() and not line.endswith((";", ",", "."))
    }
    noise.update(i for i, line in enumerate(lines) if line in repeated)
    return noise


_HEADER_LINES = 40
# A whole sentence on its line ("Nếu bạn là thành viên. Vui lòng ĐĂNG NHẬP để tiếp tục."): a cell's
# pieces are short fragments ("ỦY", "BAN NHÂN DÂN", "Số:", "Cà Mau, ngày 13"), never such a line.
_FULL_SENTENCE = re.compile(r"^[^|]{30,}[.!?]$")
_PREAMBLE = re.compile(r"^(?:Căn cứ|Thực hiện|Kính gửi)\b|^I\s*[.:]\s", re.IGNORECASE)
# a dash item: "- " and a word (not a rule of dashes, "-----")
_DASH_ITEM = re.compile(r"^\s*[-–+•]\s*(?=\w)")


# A site's heading that names the document by its kind and number ("QUYẾT ĐỊNH 718/QĐ-BYT NĂM 2018 VỀ …
# DO BỘ TRƯỞNG BỘ Y TẾ BAN HÀNH"), above the document's own header.
SITE_HEADING = re.compile(
    r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|HƯỚNG DẪN|CÔNG VĂN|NGHỊ QUYẾT|THÔNG TƯ|NGHỊ ĐỊNH)\s+(?:SỐ\s*:?\s*)?"
    r"\d{1,6}(?:/\d{4})?/[A-ZĐ]"
)


def _cell_lines(lines: list[str]) -> set[int]:
    """0-based indexes of header lines that belong to a table cell closed by "|" further down.

    Text extracted from the two-column header (issuer | motto, number | place and date) keeps the
    cell borders as "|", often without a leading or trailing one, and breaks a cell's words over
    lines ("ỦY" / "BAN NHÂN DÂN |", "Số:" / "25/KH-UBND" / "|"). Such lines are joined by cell."""
    out: set[int] = set()
    limit = min(len(lines), _HEADER_LINES)
    for index in range(limit):
        line = lines[index].strip()
        if _PREAMBLE.match(line):
            break
        if "|" in line:
            out.add(index)
            back = index - 1
            while back >= 0 and lines[back].strip() and "|" not in lines[back] and back not in out:
                if index - back > 5 or _FULL_SENTENCE.match(lines[back].strip()):
                    break  # a site's notice above the header is a sentence, never a broken cell
                if SITE_HEADING.match(lines[back].strip()):
                    break  # nor a site's heading that names the document by its kind and number
                if _DASH_ITEM.match(lines[back]) and back > 0 and _DASH_ITEM.match(lines[back - 1]):
                    break  # nor a list above the header (a site's related texts): a cell's broken
                    # pieces never run as two dash items in a row
                out.add(back)
                back -= 1
    return out


# A header cell that holds two parts of the header, read by column instead of by row ("UBND PHƯỜNG X
# BCĐ … Số: 04/KH-BCĐ", "CỘNG HÒA … Hạnh phúc X, ngày …"): it breaks before "Số:" and after the motto.
_CELL_BREAK = re.compile(r"\s+(?=Số\s*:\s*\d)|(?<=Hạnh phúc)\s+(?=\S)")


def _split_cells(lines: list[str], cells: set[int], skip: set[int]) -> list[Block]:
    blocks: list[Block] = []
    text, start = "", 0

    def close(end: int) -> None:
        for part in _CELL_BREAK.split(text):
            if part.strip():
                blocks.append(Block(part.strip(), start, end))

    for index in sorted(cells):
        if index in skip:
            continue
        pieces = lines[index].split("|")
        for position, piece in enumerate(pieces):
            piece = _CELL_RULE.sub(" ", piece).strip()
            if piece:
                if not text:
                    start = index + 1
                text = _join(text, piece) if text else piece
            if position < len(pieces) - 1 and text:
                close(index + 1)
                text = ""
    if text:
        close(max(cells) + 1)
    return blocks


def paragraphs(lines: list[str]) -> list[Block]:
    """Rejoin hard-wrapped lines into logical paragraphs (blocks)."""
    skip = noise_lines(lines)
    cells = _cell_lines(lines)
    blocks: list[Block] = []
    text, start, end = "", 0, 0
    blank_since = False
    above = ""  # the line before, as it stands
    last_cell = max(cells) if cells else -1
    for index, raw in enumerate(lines):
        number = index + 1
        if index in skip:
            continue
        if index in cells:
            if index == last_cell:
                if text:
                    blocks.append(Block(text, start, end))
                    text = ""
                blocks.extend(_split_cells(lines, cells, skip))
            continue
        line = raw.strip()
        if not line:
            blank_since = True
            continue
        if text and _continues(text, line, blank_since, above):
            text = _join(text, line)
            end = number
        else:
            if text:
                blocks.append(Block(text, start, end))
            text, start, end = line, number, number
        above = line
        blank_since = False
    if text:
        blocks.append(Block(text, start, end))
    blocks.sort(key=lambda b: (b.start, b.end))
    return [piece for block in blocks for piece in _split_run(block)]


# Where a header flattened onto one line (a .doc or .pdf copied as one paragraph) breaks apart: the
# motto, the number, the place and date, the type word after the date, the signer's title of a
# decision ("BỘ TRƯỞNG BỘ Y TẾ"), and each preamble clause.
_RUN_BREAK = re.compile(
    r"\s+(?=CỘNG\s+H[OÒ]A\s)"
    r"|(?<=Hạnh phúc)\s+"
    # the issuer's second line read after the country's name, before the motto ("… VIỆT NAM TRƯỜNG MN X")
    rf"|(?<=VIỆT NAM)\s+(?=[{UPPER}]{{2,}}\s)"
    r"|\s+(?=Số\s*:)"
    r"|\s+(?=Số\s+\d{1,6}\s*[-/]\s*[A-ZĐ])"  # a party's number, written without the colon ("Số 15-KH/ĐU")
    r"|(?<=\d{4})\s+(?=(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|HƯỚNG DẪN|NGHỊ QUYẾT)\s)"
    r"|(?<=\d{4}\.)\s+(?=(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|HƯỚNG DẪN|NGHỊ QUYẾT)\s)"
    rf"|\s+(?=(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC)\s+[{UPPER}])"
    r"|\s+(?=(?:Căn cứ|Căn|Thực hiện|Xét đề nghị|Theo đề nghị)\s)"
    # the body run on too: a Roman heading in capitals (its dot lost: "II CÁC HOẠT ĐỘNG …"), the text
    # after it, and each "- " item
    rf"|\s+(?=(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.?\s+[{UPPER}]{{2,}}\s+[{UPPER}]{{2,}})"
    rf"|(?<=[{UPPER}]{{2}})\s+(?=[{UPPER}][{LOWER}]+\s+[{LOWER}]+\s+[{LOWER}]+.{{0,80}}:\s+-\s)"
    rf"|(?<=:)\s+(?=-\s+[{UPPER}])|(?<=[;.])\s+(?=-\s+[{UPPER}])"
)
_RUN_NUMBER = re.compile(
    r"^Số\s*(?::\s*|(?=\d))(?:\d{1,6}\s+/\S+|\S+-\s[A-ZĐ]\S*|\S+)(?:\s+|$)"
)  # "Số: 78 /KH-PGD&ĐT." and "Số: 170/KH- MNPT" too, "Số 15-KH/ĐU" (a party's); the piece may end there


# The motto in a header run onto one line: "chủ nghĩa Việt Nam", or, where a scan misread the country's
# name ("CỘNG HÒA XÃ HQI CHỦ NGHIA VIt'T NAM"), "cộng hòa xã …" and "chủ nghĩa" close together; the
# party's and the Youth Union's in its place ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐOÀN TNCS HỒ CHÍ MINH").
_HEADER_RUN = re.compile(
    r"chu nghia viet nam|cong hoa xa .{0,12}chu nghia|dang cong san viet nam"
    r"|doan (?:tncs|thanh nien cong san) ho chi minh"
)
# … or, the motto lost (a page that dropped its column), the document's number and, after it, its type
# word in capitals ("UBND XÃ X Số: 05/KH-UBND X, ngày … KẾ HOẠCH …")
_NUMBER_THEN_TYPE = re.compile(
    r"(?<!\w)Số\s*:?\s*\d{1,6}\s*[-/][^\n]{0,160}?\s(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|HƯỚNG DẪN|NGHỊ QUYẾT)\s"
)


def _split_run(block: Block) -> list[Block]:
    """A long block holding the whole header (issuer, motto, number, date, title, preamble) is cut
    into the blocks the header would have had; each piece keeps the block's lines."""
    head = block.text[:400]
    if len(block.text) < 200 or not (_HEADER_RUN.search(fold(head)) or _NUMBER_THEN_TYPE.search(head)):
        return [block]
    pieces: list[str] = []
    for piece in _RUN_BREAK.split(block.text):
        m = _RUN_NUMBER.match(piece)
        if m:
            pieces.extend([m.group(0).strip(), piece[m.end() :]])
        else:
            pieces.append(piece)
    pieces = [p.strip() for p in pieces if p and p.strip()]
    if pieces and is_caps_line(pieces[0]):
        # a list number the converter put before the document ("1. BỘ Y TẾ") is not the document's
        pieces[0] = re.sub(r"^\d{1,2}\.\s+(?=\S+\s+\S)", "", pieces[0])
    return [Block(p, block.start, block.end) for p in pieces]


_TYPE_WORDS = {
    "ke hoach", "quyet dinh", "chi thi", "huong dan", "cong van", "nghi quyet", "thong tu", "nghi dinh",
    "chuong trinh", "bao cao", "thong bao", "ket luan", "to trinh", "de an",
}  # fmt: skip
_BEFORE_NUMBER = {"thang", "ngay", "nam", "so", "tieu", "khoan", "dieu", "diem", "muc", "quy", "nhom", "chi"}


# a line that opens with a share and the word it counts ("N% <word> …"): a sentence's start of its own
_OPENS_WITH_SHARE = re.compile(rf"^\d{{1,3}}(?:[.,]\d+)?\s*%\s+[{LOWER}]")

_PHOTO_CREDIT = re.compile(r"\b(?:Ảnh|Ảnh minh họa|Nguồn)\s*:\s*[^.:;]{1,40}(?:\.[^.:;\s]{1,20})*\.?$")


# a line ending on a quotation it closes (its quote marks balanced: an opening mark, then a straight or
# closing one), and a line opening with a quoted name in capitals
_QUOTE_CLOSED = re.compile(r"^[^“”\"]*(?:[“\"][^“”\"]+[”\"][^“”\"]*)*[“\"][^“”\"]+[”\"]$")
_OPENS_QUOTED_NAME = re.compile(rf"^[“\"][{UPPER}]")


def _continues(previous: str, line: str, blank_between: bool, above: str = "") -> bool:
    words = previous.split()
    last = fold(words[-1]) if words else ""
    if (
        line[:1].isdigit()
        and last in _BEFORE_NUMBER
        and not previous.endswith(_TERMINAL)
        and not is_caps_line(previous)
        and not blank_between
    ):
        return True  # "… trước ngày 10 tháng" + "11) báo cáo …": a number wrapped to the next line
    if (
        re.fullmatch(r"(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?", line)
        and last in ("nam", "doan")
        and not blank_between
    ):
        return True  # "… GIAI ĐOẠN" / "2021-2025": a title's period wrapped onto a line of its own
    marker = marker_of(line)
    if marker is not None and marker.kind == "roman_lower" and marker.label != "i" and "(i)" in previous:
        return True  # an inline "(i) …; (ii) …" list wrapped before "(ii)"
    if fold(previous).strip(" :") in ("can cu", "thuc hien", "kinh gui"):
        return True  # "Căn cứ" alone on its line, the document it cites on the next
    if marker is not None or _starts_block(line):
        return False
    if _PHOTO_CREDIT.search(previous):
        return False  # "… tại trạm y tế xã. Ảnh: T.H": a caption ends with its photo's credit
    if is_caps_line(previous) != is_caps_line(line):
        return False
    if fold(previous).strip(" :") in _TYPE_WORDS or fold(line).strip(" :") in _TYPE_WORDS:
        return False  # "KẾ HOẠCH" stands alone above its title
    if is_caps_line(previous) and is_caps_line(line):
        return not blank_between
    ended = previous.endswith(_TERMINAL) or previous.endswith("./")
    last_word = fold(previous.split()[-1]) if previous.split() else ""
    dangling = last_word in _DANGLING or previous.endswith((",", "-", "(", "“", '"'))
    first = line[0]
    lower_start = first.islower() or first.isdigit() or first in "(“\"'"
    if blank_between and not ended and not dangling and previous == above and _OPENS_WITH_SHARE.match(line):
        return False  # a one-line headline, a blank line, then a paragraph that opens with a share
    if blank_between and _QUOTE_CLOSED.search(previous) and _OPENS_QUOTED_NAME.match(line):
        return False  # a headline ending on a quoted name, a blank line, a sentence opening with one
    if blank_between:
        return not ended and (lower_start or dangling)
    if ended:
        if previous.endswith(":") and first.islower():
            return True  # "- Đến năm 2030:" / "tỷ lệ …": a lower-case line never starts a paragraph
        return lower_start and not previous.endswith((".", "./.", ":"))
    if lower_start or dangling:
        return True
    if _POST_STATEMENT.match(line):
        return False  # a post's heading, then "UBND TP.X vừa ban hành Kế hoạch …" (its code taken off)
    # An upper-case start after an unterminated short line is a heading followed by its text; so is one
    # after a longer line when the next line runs far longer than it (a text wrapped at a width never
    # runs on past twice the width it broke at: the line above is a headline, each paragraph a line).
    above = above or previous
    return len(previous) >= 60 and len(line) <= 2 * max(len(above), 60)


# The sentence that opens a post: a body that "(đã / vừa / mới) ban hành" a document.
_POST_STATEMENT = re.compile(
    r"^(?:UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Sở|Bộ|Ban|Phòng|Cục|Tỉnh ủy|Thành ủy)\s"
    r"(?:[^.;:()]|(?<=TP)\.(?=\S)){2,100}?\s(?:đã|vừa|mới)\s+(?:ban hành|ký|ra|phê duyệt)\s+"
    r"(?:Kế hoạch|Quyết định|Chương trình|Chỉ thị|Công văn|Hướng dẫn)\b",
    re.IGNORECASE,
)


def _starts_block(line: str) -> bool:
    folded = fold(line[:40])
    return folded.startswith(("can cu ", "noi nhan", "tm. ", "kt. ", "t/m ", "quyet dinh:")) or (
        line[:1].isupper()
        and folded.startswith("thuc hien ")
        and re.search(r"\sso\s*:?\s", folded[:40]) is not None
    )  # "Thực hiện Quyết định số …" ("… công văn số: 761/…") opens the preamble, even right under a title


def _join(previous: str, line: str) -> str:
    if re.search(r"\d-$", previous) and re.match(r"^[A-ZĐ]{1,6}/", line):
        return previous + line  # "Chỉ thị số 28-" + "CT/TW"
    return previous + " " + line
