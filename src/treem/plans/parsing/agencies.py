"""Agency names as plans write them, normalised against the agency catalogue.

The catalogue is data/reference/agency_types.csv (code, name, abbreviations) plus
data/reference/agency_aliases.csv (old names, abbreviations and collectives). Matching works on an
accent-free, lower-case copy of the text with the same length as the original, so every match maps
back to the words as written. A name that matches nothing is returned with ``type_code=None``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from treem.core.text import fold

from .letters import LOWER, UPPER
from .model import AgencyRef
from .normalise import fold_same_length

REFERENCE_DIR = Path(__file__).resolve().parents[4] / "data" / "reference"

_UNIT = (
    r"(?:thanh pho|thi xa|thi tran|quan(?!\s+ly\b)|huyen|tinh|phuong|xa|tp|dac khu|cap tinh|"
    r"cap huyen|cap quan|cap xa)"
)  # "quản lý" folds to "quan ly": no district
# one unit word after a name ("tỉnh", ", các xã", "và 15 phường"); the unit word is group "unit"
_QUALIFIER_UNIT = re.compile(
    rf"\s*(?:,|;|\bva\b|\bvoi\b)?\s*(?:cac\s+|\d{{1,3}}\s+)?(?P<unit>{_UNIT})\b(?!\s*uy\b(?!\s+ban\b))"
)
_QUALIFIER_OTHER = re.compile(
    r"\s+(?:cac cap|trung uong|dia phuong|thanh uy|tinh uy|quan uy|huyen uy|thi uy)\b"
)
_NAME_WORD = re.compile(r"\s+(?:-\s+)?([^\s,;.:()]+)")
_NOT_NAME = {
    "chu", "phoi", "tham", "thuc", "trien", "xay", "to", "huong", "co", "theo", "tai", "tren", "trong",
    "de", "ve", "va", "cac", "duoc", "giao", "lanh", "chi", "tang", "nghien", "bo", "so", "phong",
    "ban", "hoi", "uy", "ubnd", "cong", "dai", "bao", "trung", "vien", "toa", "doan", "lien",
}  # fmt: skip
_COMMUNE = re.compile(r"\b(?:phuong|(?<!thi )xa(?! hoi)|thi tran|cap xa|co so|dac khu)\b")
_DISTRICT = re.compile(r"\b(?:quan|huyen|thi xa|cap huyen|cap quan)\b")
_PROVINCE = re.compile(r"\b(?:tinh|thanh pho|tp|cap tinh)\b")
_PROVINCE_CITIES = ("ho chi minh", "ha noi", "hai phong", "da nang", "can tho", "hue")
_SKIPPED_ABBREVIATIONS = {"bo", "bv", "mn", "th", "ub"}

_FILLER = {
    "va", "cac", "cung", "voi", "phoi hop", "lien quan", "co lien quan", "khac", "don vi", "co quan",
    "to chuc", "ca nhan", "nhan dan", "gia dinh", "cong dong", "xa hoi", "dia phuong", "nha truong",
}  # fmt: skip
_CLAUSE_CUT = re.compile(
    r"\s(?:duoc giao|tai ke hoach|theo (?:quy dinh|chuc nang|ke hoach)|trong pham vi|de |nham |thuc hien |"
    r"trien khai |tren dia ban)|\(|:|\.\s"
)
# "Trung ương" right before a body's name: that organisation's central body ("Trung ương Hội Nông dân")
_CENTRAL_BEFORE = re.compile(r"(?<![\w])Trung ương\s+$")
# an abbreviation the text glosses in brackets inside or after a name: "Hội Liên hiệp Phụ nữ (LHPN) Việt Nam"
_GLOSS = re.compile(r"\s*\([A-ZĐ][A-ZĐ&]{1,7}\)")
_HEAD_WORDS = (
    "so ", "phong ", "ban ", "uy ban", "ubnd", "cong an", "hoi ", "doan ", "lien doan", "dai ", "bao ",
    "trung tam", "benh vien", "chi cuc", "cuc ", "vien ", "toa an", "bao hiem", "co quan", "van phong",
    "quy ", "to ", "doi ", "bo ", "cong ty", "truong ", "nha ", "hoc vien", "tong cong ty", "thanh uy",
    "tinh uy", "dang ", "mat tran", "chi doan ", "chi hoi ", "chi bo ", "lien doi ", "chi doi ",
)  # fmt: skip


@dataclass(frozen=True)
class _Alias:
    key: str  # folded words joined by single spaces
    type_code: str
    level: str | None
    commas: bool  # the name itself contains commas ("Sở Văn hóa, Thể thao và Du lịch")
    capitals: bool = False  # an abbreviation ("ĐU", "TU"): only written in capitals ("dự kiến" is no ĐU)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    ref: AgencyRef


class AgencyCatalogue:
    """Known agency kinds and their aliases; matches names in free text."""

    def __init__(self, aliases: list[tuple[str, str, str | None]], levels: dict[str, list[str]]) -> None:
        self._levels = levels
        by_key: dict[str, _Alias] = {}
        for alias, code, level in aliases:
            key = _alias_key(alias)
            if key and key not in _SKIPPED_ABBREVIATIONS and key not in by_key:
                capitals = bool(re.fullmatch(r"[A-ZĐ]{2,3}", alias.strip()))
                by_key[key] = _Alias(key, code, level or None, "," in alias, capitals)
            elif key in by_key and "," in alias and not by_key[key].commas:
                old = by_key[key]
                by_key[key] = _Alias(key, old.type_code, old.level, True)
        self._aliases = by_key
        ordered = sorted(by_key, key=lambda k: (-len(k), k))
        alternatives = "|".join(_alias_pattern(k, by_key[k].commas) for k in ordered)
        self._pattern = re.compile(rf"(?<![\w&])(?:(?:cac|nhung)\s+)?(?:{alternatives})(?![\w&])")

    @classmethod
    def default(cls) -> AgencyCatalogue:
        return _default_catalogue()

    @classmethod
    def from_files(cls, types_csv: Path, aliases_csv: Path | None = None) -> AgencyCatalogue:
        aliases: list[tuple[str, str, str | None]] = []
        levels: dict[str, list[str]] = {}
        with types_csv.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code = row["code"].strip()
                levels[code] = [lv.strip() for lv in row.get("levels", "").split(",") if lv.strip()]
                level = levels[code][0] if len(levels[code]) == 1 else None
                aliases.append((row["name"], code, level))
                for abbreviation in (row.get("abbreviations") or "").split(";"):
                    if abbreviation.strip():
                        aliases.append((abbreviation, code, level))
        if aliases_csv is not None and aliases_csv.exists():
            with aliases_csv.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    alias = (row.get("alias") or "").strip()
                    if alias and not alias.startswith("#"):
                        aliases.append((alias, row["type_code"].strip(), (row.get("level") or "").strip()))
        return cls(aliases, levels)

    # -- public API -------------------------------------------------------------------------------

    def match(self, name: str) -> AgencyRef:
        """The agency ``name`` denotes (``type_code=None`` when unknown)."""
        cleaned = _clean(name)
        mentions = self.find(cleaned)
        if mentions and mentions[0].start <= 4:
            first = mentions[0]
            return AgencyRef(cleaned, first.ref.type_code, first.ref.level, first.ref.qualifier)
        return AgencyRef(cleaned, None, _level_from_words(fold(cleaned), None, []), "")

    def split(self, text: str) -> list[AgencyRef]:
        """Cut a list of agencies ("Công an quận, Phòng Y tế và UBND 15 phường") into names; the
        pieces that match nothing come back unmatched, never dropped. The list is cut only between the
        catalogue's names (the longest that matches), never inside one: "và", "-" and commas inside a name
        ("Sở Văn hóa, Thể thao và Du lịch", "Văn phòng HĐND và UBND xã") are the name's; a line break
        (a list written a name a line) separates like a comma."""
        text = _clean_keeping_lines(text)
        folded = fold_same_length(text)
        cut = next((c for c in _CLAUSE_CUT.finditer(folded) if not _GLOSS.match(text, c.start())), None)
        if cut:
            text, folded = text[: cut.start()], folded[: cut.start()]
        refs: list[AgencyRef] = []
        position = 0
        for mention in self.find(text):
            gap = text[position : mention.start]
            pieces = _leftovers(gap)
            where = re.fullmatch(r"\s*(?P<w>ở|tại)\s*", gap)
            if refs and where:
                # "các cơ quan liên quan ở địa phương": where the bodies before it are, not a body of its own
                last = refs.pop()
                where_text = f"{last.text} {where['w']} {mention.ref.text}"
                refs.append(AgencyRef(where_text, last.type_code, last.level, last.qualifier))
                position = mention.end
                continue
            joined = _HEAD_BEFORE.search(gap) if mention.ref.text[:1].islower() else None
            if joined and fold(joined["w"]) not in _FILLER and fold(joined["w"]).split()[0] not in _NOT_HEAD:
                # "chính quyền địa phương": lower-case words right before a lower-case name, no comma or
                # "và" between, are the head of one body the name qualifies, not a body of their own
                gap = gap[: joined.start("w")]
                refs.extend(_leftovers(_whose(refs, gap)) if refs else _leftovers(gap))
                ref = mention.ref
                refs.append(AgencyRef(f"{joined['w']} {ref.text}", ref.type_code, ref.level, ref.qualifier))
                position = mention.end
                continue
            refs.extend(_leftovers(_whose(refs, gap)) if refs else pieces)
            refs.append(mention.ref)
            position = mention.end
        refs.extend(_leftovers(_whose(refs, text[position:])))
        return _unique(refs)

    def find(self, text: str) -> list[Mention]:
        """Every agency mention in ``text``, left to right."""
        folded = fold_same_length(text)
        mentions: list[Mention] = []
        position = 0
        while True:
            m = self._pattern.search(folded, position)
            if m is None:
                break
            position = m.end()
            key = _alias_key(folded[m.start() : m.end()])
            alias = self._lookup(key)
            if alias is None:
                continue
            if alias.capitals and not text[m.start() : m.end()].isupper():
                continue  # "dự kiến": a word, not the abbreviation ĐU
            end = self._qualifier_end(folded, m.end())
            qualifier = re.sub(r"\s*\n\s*", " ", text[m.end() : end]).strip(" ,;")
            end = self._absorb_proper_name(text, folded, end, alias.type_code == "co_quan_bao_chi")
            if alias.type_code == "co_quan_bao_chi" and end == m.end() and "bao chi" not in key:
                continue  # "báo" alone is the verb "to report", not a newspaper
            central = _CENTRAL_BEFORE.search(text, mentions[-1].end if mentions else 0, m.start())
            start = central.start() if central else m.start()
            written = _clean(_GLOSS.sub("", text[start:end]))
            suffix = fold(text[m.end() : end])
            level = "nation" if central else alias.level or _level_from_words(suffix, alias.type_code, [])
            level = level or _level_from_words(key, alias.type_code, self._levels.get(alias.type_code, []))
            mentions.append(Mention(start, end, AgencyRef(written, alias.type_code, level, qualifier)))
            position = end
        return mentions

    def leading(self, text: str) -> tuple[list[AgencyRef], int]:
        """The agencies a sentence starts with ("Sở Y tế, Công an tỉnh chủ trì …") and where they end."""
        folded = fold_same_length(text)
        position = 0
        prefix = re.match(r"\s*(?:de nghi|giao cho|giao|doi voi|yeu cau)\s+", folded)
        if prefix:
            position = prefix.end()
        refs: list[AgencyRef] = []
        for mention in self.find(text):
            gap = folded[position : mention.start]
            if mention.start < position or not re.fullmatch(r"[\s,;]*(?:\b(?:va|cung|voi)\b[\s,;]*)*", gap):
                break
            refs.append(mention.ref)
            position = mention.end
        return refs, position

    def _qualifier_end(self, folded: str, end: int) -> int:
        """Where the unit words after a name end ("UBND tỉnh, huyện", "Ban Tuyên giáo Thành ủy"); a unit
        word that opens a longer name of the catalogue ("Tỉnh đoàn" after "Sở Y tế,") is that name's."""
        position = end
        while q := _QUALIFIER_UNIT.match(folded, position):
            opened = self._name_end(folded, q.start("unit"))
            if opened > q.end():
                # "Hội Nông dân tỉnh, Tỉnh đoàn": the unit word opens the next name, unless a longer name
                # starts right after it ("… tỉnh, Đoàn Thanh niên Cộng sản Hồ Chí Minh")
                after = len(folded) - len(folded[q.end() :].lstrip())
                if self._name_end(folded, after) <= opened:
                    break
            position = q.end()
        if position == end and (q := _QUALIFIER_OTHER.match(folded, end)):
            position = q.end()
        return position

    def _name_end(self, folded: str, start: int) -> int:
        """Where the catalogue name that starts at ``start`` ends (-1: none starts there)."""
        m = self._pattern.match(folded, start)
        if m is None or self._lookup(_alias_key(m.group())) is None:
            return -1
        return m.end()

    def _absorb_proper_name(self, text: str, folded: str, end: int, required: bool) -> int:
        """Extend a match over a following proper name ("Bệnh viện Tân Bình", "Báo Quảng Nam"), never
        over the start of another name of the catalogue, nor onto a new line that opens a body's name
        (a list written a name a line)."""
        gloss = _GLOSS.match(text, end)  # "Hội Liên hiệp Phụ nữ (LHPN) Việt Nam": the name goes on after it
        if gloss:
            after = self._absorb_proper_name(text, folded, gloss.end(), False)
            if after > gloss.end():
                return after
        taken = 0
        while taken < 4:
            m = _NAME_WORD.match(text, end)
            if not m:
                break
            word = m.group(1)
            capital = word[:1].isupper()
            acronym = word.isupper() and len(word) > 1 and taken == 0  # "UBND" starts a new name …
            acronym = acronym and not _CITY_SHORT.fullmatch(word)  # … "TPHCM" (a city's) is the body's place
            stop = not capital or fold(word) in _NOT_NAME or acronym
            if stop and not (required and taken == 0 and capital):
                break
            if self._name_end(folded, m.start(1)) > 0:
                break
            new_line = "\n" in text[end : m.start(1)]
            if new_line and fold(text[m.start(1) : m.start(1) + 20]).startswith(_HEAD_WORDS):
                break
            end = m.end()
            taken += 1
        return end

    def _lookup(self, key: str) -> _Alias | None:
        alias = self._aliases.get(key)
        if alias is None and key.startswith(("cac ", "nhung ")):
            alias = self._aliases.get(key.split(" ", 1)[1])
        return alias


@cache
def _default_catalogue() -> AgencyCatalogue:
    return AgencyCatalogue.from_files(
        REFERENCE_DIR / "agency_types.csv", REFERENCE_DIR / "agency_aliases.csv"
    )


def _alias_key(text: str) -> str:
    folded = fold(text.replace("&", " va ").replace("(cũ)", ""))
    key = " ".join(re.findall(r"[a-z0-9]+", folded))
    return re.sub(r"^(?:cac|nhung) ", "", key)


def _alias_pattern(key: str, commas: bool) -> str:
    parts = []
    for word in key.split(" "):
        parts.append(r"(?:va|&)?" if word == "va" else re.escape(word))
    pattern = ""
    for index, part in enumerate(parts):
        if index:
            pattern += r"[\s\-.,&/]{0,4}" if commas else r"[\s\-.&/]{0,4}"
        pattern += part
    return pattern


def _level_from_words(folded: str, code: str | None, levels: list[str]) -> str | None:
    if len(levels) == 1:
        return levels[0]
    if _COMMUNE.search(folded):
        return "commune"
    if _DISTRICT.search(folded):
        return "district"
    if _PROVINCE.search(folded):
        city = re.search(r"thanh pho ([a-z ]+)", folded)
        if city and not city.group(1).strip().startswith(_PROVINCE_CITIES) and city.group(1).strip():
            return "district"
        return "province"
    if folded.startswith("so "):
        return "province"
    if folded.startswith("phong "):
        return "district"
    if folded.startswith("bo ") or "trung uong" in folded:
        return "nation"
    return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("–", "-")).strip(" ,;.:-")


def _clean_keeping_lines(text: str) -> str:
    lines = (re.sub(r"\s+", " ", line.replace("–", "-")).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line).strip(" ,;.:-")


def _cut_leftover(text: str) -> list[str]:
    """A run of words no catalogue name covers, cut into bodies: at a comma or ";", at "cùng" / "với", at
    "và" unless what follows goes on with the name's capitalised words ("Cục Bà mẹ và Trẻ em"), and at a
    line break before a body's name ("Ban …", "Hội …"; a name wrapped over two lines stays whole)."""
    pieces: list[str] = []
    for part in re.split(r"[,;]|\s(?:cùng|với)\s", text):
        chunks = re.split(r"\s+và\s+", part)
        current = chunks[0]
        for chunk in chunks[1:]:
            if current.strip() and _goes_on_with_a_name(chunk):
                current = f"{current} và {chunk}"
            else:
                pieces.append(current)
                current = chunk
        pieces.append(current)
    out: list[str] = []
    for piece in pieces:
        lines = piece.split("\n")
        current = lines[0]
        for line in lines[1:]:
            if current.strip() and line.strip()[:1].isupper() and fold(line.strip()).startswith(_HEAD_WORDS):
                out.append(current)
                current = line
            else:
                current = f"{current} {line}"
        out.append(current)
    return out


def _goes_on_with_a_name(text: str) -> bool:
    words = text.split()
    if not words or not words[0][:1].isupper() or (words[0].isupper() and len(words[0]) > 1):
        return False
    return not fold(text).startswith(_HEAD_WORDS)


# a city named by its short form after a body's name: "Thành đoàn TPHCM", "Sở Y tế TPHN"
_CITY_SHORT = re.compile(r"TP[A-ZĐ]{2,4}")
_OF = re.compile(r"^\s*(?P<of>(?:của|trực thuộc)\s+[^,;\n]{1,40}?)\s*(?=[,;\n]|\svà\s|$)")


# "(có) liên quan" right after bodies named as a whole: which of them, part of the name
_CONCERNED = re.compile(r"^\s*(?P<of>(?:có\s+)?liên\s+quan)\b")


def _whose(refs: list[AgencyRef], gap: str) -> str:
    """ "ban ngành đoàn thể của thôn", "Hội Phụ nữ của xã", "UBND các tỉnh, thành phố trực thuộc trung
    ương": the words "của …" ("trực thuộc …") right after a name say whose body it is (the name's, not a
    body of their own); what follows them is left. Bodies named as a whole, the concerned ones among
    them, keep those words too."""
    m = _OF.match(gap)
    if m is None and refs and re.match(r"(?:các|những)\s", refs[-1].text, re.IGNORECASE):
        m = _CONCERNED.match(gap)
    if not refs or m is None:
        return gap
    last = refs.pop()
    refs.append(AgencyRef(f"{last.text} {m['of']}", last.type_code, last.level, last.qualifier))
    return gap[m.end() :]


# the lower-case words that end a gap right before a name ("…, chính quyền " + "địa phương")
_HEAD_BEFORE = re.compile(rf"(?:^|[,;\n]\s*)(?P<w>[{LOWER}]+(?:\s[{LOWER}]+){{0,2}})\s$")
# words that join, place or direct, never the head of a body
_NOT_HEAD = {
    "va",
    "cung",
    "voi",
    "cac",
    "nhung",
    "o",
    "tai",
    "cua",
    "giao",
    "cho",
    "de",
    "nghi",
    "yeu",
    "moi",
}


def _leftovers(text: str) -> list[AgencyRef]:
    """Pieces between recognised names: unknown agencies unless they are only filler words."""
    refs = []
    for piece in _cut_leftover(text):
        piece = _clean(piece)
        words = fold(piece)
        words = re.sub(r"^(?:va|cung|voi|cac|de nghi)\s+", "", words)
        if not words or words in _FILLER or not re.search(r"[a-z]", words):
            continue
        if all(w in {"va", "cac", "co", "lien", "quan", "khac", "don", "vi"} for w in words.split()):
            continue
        if len(words.split()) == 1 and not words.startswith(_HEAD_WORDS) and len(piece) < 3:
            continue
        refs.append(AgencyRef(piece, None, _level_from_words(words, None, []), ""))
    return refs


def _unique(refs: list[AgencyRef]) -> list[AgencyRef]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for ref in refs:
        key = (fold(ref.text), ref.type_code)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


_VERB_STARTS = (
    "bao dam", "bao ve", "bao cao", "to chuc", "hoi nhap", "bo tri", "bo sung", "doi moi", "doi voi",
    "ban hanh", "cong tac", "phong ngua", "phong chong", "truong hop",
)  # fmt: skip


# a ministry's department: its head word, then a capitalised word and one in lower case; not a person's
# name (the same word folded is a common surname, followed by capitalised names only)
_DEPARTMENT = re.compile(rf"^V[uụũ]\s+[{UPPER}]\S*\s+[{LOWER}]")
# a department of a hospital or a health centre, named by its capitals or a capitalised word (not the
# noun of science, which opens many a ministry's and department's name); matched folded, as a text typed
# without marks may have the word back with a tone mark
_WARD = re.compile(r"^khoa\s+(?!hoc\b)\S")


def looks_like_agency(text: str) -> bool:
    """Whether an unmatched phrase reads like the name of a body ("Ban Quản lý …", "Sở Ngoại vụ"):
    it starts with an organisation word and a capitalised proper part follows."""
    folded = fold(text)
    headed = folded.startswith(_HEAD_WORDS) or _DEPARTMENT.match(text) is not None
    headed = headed or (_WARD.match(folded) is not None and text.split()[1][:1].isupper())
    if not text[:1].isupper() or not headed or folded.startswith(_VERB_STARTS):
        return False
    words = text.split()
    return any(w[:1].isupper() for w in words[1:4])


# a body named by what it is for and the place it serves, in lower case but for the place's name: "Ban
# <what> xã | phường | huyện <Name>", or the like body of each unit below: "Ban <what> các thôn | tổ dân phố"
_PLACED_BODY = re.compile(
    r"^(?:Ban|Ủy ban|Uỷ ban|Hội đồng|Tổ|Đội)\s[^.;:,()]{2,60}?\s(?:"
    r"(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|tỉnh|thành phố)"
    rf"\s+[{UPPER}]\S*(?:\s+[{UPPER}]\S*){{0,3}}"
    r"|(?:các|mỗi)\s+(?:xã|phường|thị trấn|thôn|bản|khu phố|tổ dân phố|khu dân cư))$"
)


def placed_body(text: str) -> bool:
    """Whether a phrase names a body by its purpose and the place it serves ("Ban chỉ đạo … xã X")."""
    return _PLACED_BODY.match(text.strip()) is not None


# a unit named by its level and its proper name, a post's short way to its authority: "<Level> <Name>"
_NAMED_UNIT = re.compile(
    r"^(?:Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu)"
    rf"\s+[{UPPER}]\S*(?:\s+[{UPPER}]\S*){{0,3}}$"
)


def named_unit(text: str) -> bool:
    """Whether a phrase is an administrative unit named by its level and proper name, standing for its
    authority as a headline's subject."""
    return _NAMED_UNIT.match(text.strip()) is not None
