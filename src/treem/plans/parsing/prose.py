"""Tasks told in running prose: a paragraph of a post or a letter whose sentences each say who does
what ("UBND xã giao Văn phòng chủ trì, phối hợp với A tổ chức …; Trạm Y tế xã tuyên truyền …. Đồng
thời, rà soát …. Đẩy mạnh …").

Each sentence (and each clause after ";") is read by its grammar, never by its words:

- an assignment: "… giao (cho) <bodies> (chủ trì)(, phối hợp với <partners>) <verb> …" — led by the
  bodies assigned, with the partners;
- a body that acts: "<body> (sẽ, dự kiến) (chủ trì, phối hợp với <partners>) <verb> …", possibly after
  a preposed phrase ("Cùng với …, <body> <verb> …"); a place ("xã X", "tỉnh Y") that acts is the
  plan's own issuer, so the task has no lead of its own;
- a continuation: "Đồng thời, <verb> …" — the same body as the sentence before it;
- an imperative: "<Verb> …" — the plan's own task, no lead.

A paragraph gives tasks this way only where two of its sentences or more read as tasks (one sentence
with a verb is a report's narration, not a list of tasks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treem.core.text import fold

from .agencies import AgencyCatalogue, looks_like_agency, placed_body
from .dates import first_date
from .letters import LOWER, UPPER
from .model import AgencyRef
from .structure import ACTS as _ACTS
from .structure import PARTNERS_INSIDE, Node, is_body

# words between a body and its verb that say how it acts, not what it does
# (and the word of need or duty before the verb of what it must do: "các tổ dân phố cần tập trung rà soát …")
_NEED = r"(?:cần|phải)"
_MANNER = (
    r"(?:(?:ký kết phối hợp|phối kết hợp|phối hợp|chủ động|tích cực|khẩn trương|sớm|thường xuyên|cũng|sẽ|"
    rf"dự kiến|tập trung|{_NEED})\s*,?\s+)"
)
_VERB = rf"(?:{_ACTS}|chủ trì)"
# "căn cứ chức năng, nhiệm vụ …, tổ chức …": the basis a body acts on, before the verb of what it does
_BASIS = r"(?:căn cứ|dựa (?:vào|trên))"
_ON_BASIS = re.compile(rf"^{_BASIS}\s[^.;:]*?,\s+(?=(?:{_ACTS})\s)")
# "…, phối hợp với A, B tổ chức …": whom the body works with, up to the verb of what it does (or the basis
# it acts on); groups of bodies may be separated by ";" ("phối hợp với các sở, ngành; các hội; UBND …")
_WITH = re.compile(
    rf"^(?:chủ trì\s*,?\s*)?phối (?:kết )?hợp(?:\s+chặt chẽ)?\s+với\s+(?P<p>[^.:]+?)\s*,?\s+"
    rf"(?={_MANNER}*(?:{_ACTS}|{_BASIS})[\s,])"
)
# a clause that ends inside its list of partners: no verb of doing after "phối hợp với"
_OPEN_WITH = re.compile(r"\bphối (?:kết )?hợp(?:\s+chặt chẽ)?\s+với\s+(?P<p>[^.:]*)$")
_LEADS = re.compile(rf"^chủ trì\s*,?\s*(?:và\s+)?(?=[{LOWER}])")
# "… quán triệt | yêu cầu | đề nghị <bodies> <need> <verb> …": the bodies directed, up to what they must do
_DIRECTED = re.compile(
    rf"\b(?:quán triệt|yêu cầu|đề nghị)\s+(?P<who>[^.;:()]{{2,160}}?)\s+(?={_NEED}\s+{_MANNER}*{_VERB}[\s,])"
)
# "… yêu cầu | đề nghị <bodies> <verb> …" with no word of need: a request, what the bodies must do as
# written after them ("TPHCM yêu cầu các đơn vị phối hợp đẩy mạnh …": "phối hợp" is part of the request)
_REQUESTED = re.compile(
    rf"\b(?:yêu cầu|đề nghị)\s+(?P<who>(?:các|những)\s[^.;:()]{{2,120}}?)\s+(?={_MANNER}*{_VERB}[\s,])"
)
# A person (a title of address and a capitalised name) who directs or asks bodies named as a group to act:
# a person leads no task, the bodies do; they end before a word of manner and a verb, or before a verb
_PERSON_DIRECTS = re.compile(
    rf"^(?:Ông|Bà)\s+[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*){{0,3}}\s+(?:chỉ đạo|yêu cầu|đề nghị)\s+"
    rf"(?P<who>(?:các|những)\s[^.;:()]{{2,120}}?)\s+(?={_MANNER}+[{LOWER}]|{_VERB}[\s,])"
)
# "<document> requires that <verb> …": the word of need right after the word of requiring, no body named
# between them; what must be done is a task of the document's own issuer
# (any verb: the word of need says a verb follows)
_REQUIRED = re.compile(rf"\byêu cầu\s+{_NEED}\s+(?=[{LOWER}])")
# what a body does opens with its verb, or with whom it works with ("… phối hợp chặt chẽ với A tổ chức …")
_DOES = rf"(?:{_MANNER}*{_VERB}[\s,]|phối (?:kết )?hợp(?:\s+chặt chẽ)?\s+với\s)"
# an assignment: the bodies assigned end where their verb, or the partners they work with, start
_ASSIGN = re.compile(rf"\bgiao\s+(?:cho\s+)?(?P<who>[^.;:()]{{2,160}}?)\s+(?={_DOES})")
_LIST_SUBJECT = re.compile(rf"^(?P<who>[{UPPER}][^.;:()]{{2,120}}?)\s+(?={_DOES})")
# a subject at a clause's start, after a comma, or right after a colon (what a document says, told)
_SUBJECT = re.compile(rf"(?:^|[,:]\s+)(?P<who>[^,.;:()]{{2,90}}?)\s+(?={_DOES})")
_GOING_ON = r"Đồng thời|Bên cạnh đó|Ngoài ra|Cùng với đó"
_CONTINUES = re.compile(rf"^(?:{_GOING_ON}|Sau đó|Tiếp đó),\s+(?=[{LOWER}])")
# a sentence that opens with the word of need or duty ("Cần tổ chức …") after a body was directed to act:
# what that body must do too
_MUST = re.compile(rf"^{_NEED}\s+(?=[{LOWER}])", re.IGNORECASE)
_ACT_START = re.compile(rf"^(?:{_MANNER}*)(?:{_ACTS})[\s,]", re.IGNORECASE)
# a full stop, then a capital — or a quotation that opens with one ("… trẻ em. “Phân công …")
_SENTENCE = re.compile(
    rf"(?<=[^\d\s.][.!?])\s+(?=[“\"]?[{UPPER}])"
    # "… kế hoạch hóa gia đình... Các chương trình …": a list's trailing dots, then a capitalised word or
    # an abbreviation in capitals ("… bị xâm hại... UBND huyện giao …")
    rf"|(?:(?<=[{LOWER}]\.\.\.)|(?<=[{LOWER}]…))\s+(?=[{UPPER}](?:[{LOWER}]*|[{UPPER}]+)\s)"
)
# a connective that goes on with a list of measures ("Cụ thể, tăng cường …", "Ngoài ra, tổ chức …"),
# the measures of a document a post reports, when a verb of doing follows it
_ENUMERATING = re.compile(rf"^(?:Cụ thể|{_GOING_ON}),\s+(?=[{LOWER}])")
# a place that acts ("xã Hòa Phú tổ chức …", "tỉnh sẽ tổ chức …"): the plan's own territory
_PLACE = re.compile(
    r"^(?:(?:trên địa bàn|toàn)\s+)?(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|đặc khu)\b"
)
_GROUP = re.compile(r"^(?:các|những)\s", re.IGNORECASE)
# a numbered round or phase of a plan: its noun, then its ordinal (Roman or Arabic)
ROUND = r"(?:đợt|giai đoạn)"
_ROUND_AT = rf"{ROUND}\s+(?:[IVX]+|\d{{1,2}})\s+(?=[{LOWER}])"
# a clause that tells what a numbered round does, after an opening phrase and its comma or not: a task
# of the plan's own, when the clause gives its days ("<connective>, <round> <ordinal> <what it does>, <days>")
_ROUND_TASK = re.compile(rf"^(?:[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+){{0,3}}\s*,\s+)?(?P<what>{_ROUND_AT}.+)$")
# "…; <round> 2 <does> … và <round> 3 <does> …": the next round after "và" opens a clause of its own
_AND_NEXT_ROUND = re.compile(rf"\s+và\s+(?={_ROUND_AT})")


@dataclass
class ProseTask:
    text: str
    who: list[str]  # the bodies that lead it, as written (empty: the plan's own issuer)
    partners: str


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def directs_inside(text: str, after: int = 0) -> int:
    """Where a sentence of ``text`` that starts past ``after`` directs bodies to act (a request, a
    direction or an assignment to bodies it names), or 0: what follows is the document's tasks."""
    for m in _SENTENCE.finditer(text, after):
        sentence = _SENTENCE.split(text[m.end() :], maxsplit=1)[0]
        if _DIRECTED.search(sentence) or _REQUESTED.search(sentence) or _ASSIGN.search(sentence):
            return m.end()
    return 0


def _strip_manner(text: str, named: bool) -> tuple[str, bool]:
    """ "phối kết hợp chủ động rà soát …" → "rà soát …": the words that say how a body acts, before
    another verb of doing (after a body named, before any word: "các thôn chủ động nắm …")."""
    stripped = False
    while True:
        after = rf"[{LOWER}]" if named else rf"{_MANNER}*(?:{_ACTS})[\s,]"
        m = re.match(rf"{_MANNER}(?={after})", text)
        if not m:
            return text, stripped
        text, stripped = text[m.end() :], True


# A verb of up to three words followed at once by the word for "reaches" or a lower bound ("above", "at
# least") and a figure: the result the subject is to reach, not a task it does
_REACHES_FIGURE = re.compile(
    rf"^[{LOWER}]+(?:\s+[{LOWER}]+){{0,2}}\s+"
    r"(?:đạt\s+(?:(?:trên|hơn|ít nhất|tối thiểu|khoảng)\s+)?|(?:trên|hơn|ít nhất|tối thiểu)\s+)\d"
)


def _doing(rest: str, named: bool = False, any_verb: bool = False) -> tuple[str, str] | None:
    """What follows a body: (partners, activity) or None when no verb of doing opens it."""
    rest = rest.strip()
    m = _WITH.match(rest)
    partners = ""
    if m:
        partners, rest = m["p"].strip(" ,;"), rest[m.end() :]
    else:
        rest = _LEADS.sub("", rest)
    basis = _ON_BASIS.match(rest)
    if basis:
        rest = rest[basis.end() :]
    # words of manner after the list of partners (urgently, actively …, then the verb) are part of what is
    # done with those partners; before a verb with no partners named they only say how the body acts
    rest, stripped = (rest, False) if m else _strip_manner(rest, named)
    if not (_ACT_START.match(rest) or (stripped and named) or (any_verb and rest[:1].islower())):
        return None
    if _REACHES_FIGURE.match(rest):
        return None  # what the body is to reach (its verb, then a bound or "reaches" and a figure): a result
    inside = None if partners else PARTNERS_INSIDE.search(rest)
    if inside:
        # "<verb>, <working with> A and B <in doing> ...": whom the body works with, named after its verb
        # (those of them that are bodies: a thing it works with, in lower case, is none)
        refs = AgencyCatalogue.default().split(inside["p"].strip(" ,"))
        partners = ", ".join(r.text for r in refs if r.type_code or _bodies(r.text))
    return partners, rest.strip(" .;")


def _bodies(who: str) -> bool:
    """Whether a subject names bodies that act: an agency, units named as a whole, or a list of them
    each of which opens with "các"/"những" or a capital letter."""
    who = who.strip(" ,")
    if is_body(who) or placed_body(who):
        return True
    refs = AgencyCatalogue.default().split(who)
    if len(refs) >= 2 and all(r.type_code or _GROUP.match(r.text) for r in refs):
        return True  # "Các đơn vị nghiệp vụ Công an tỉnh, Công an các huyện": the catalogue's, or groups
    who = _LEVELS_LISTED.sub(lambda m: m.group(0).replace(",", ""), who)  # "UBND các xã, thị trấn": one
    pieces = [p.strip() for p in re.split(r",\s*|\s+và\s+", who) if p.strip()]
    return (
        bool(pieces)
        and _GROUP.match(pieces[0]) is not None
        and all(
            len(p.split()) <= 6 and (_GROUP.match(p) or p[:1].isupper() or fold(p).split()[0] in _UNIT_WORDS)
            for p in pieces
        )
    )


def _units_named_as_group(who: str) -> bool:
    """ "các đơn vị", "các cơ quan liên quan", "những trường học": units named as a group, its noun one
    of a unit (not "các em", "các gia đình": people do not carry out a plan's tasks as its bodies)."""
    words = fold(who).split()
    return (
        _GROUP.match(who) is not None
        and 2 <= len(words) <= 6
        and words[1] in _UNIT_WORDS
        and "," not in who
        and _bodies(who)
    )


# the units of several levels under one "các": "các xã, phường, thị trấn"
_LEVELS = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố)"
_LEVELS_LISTED = re.compile(rf"\bcác\s+{_LEVELS}(?:\s*,\s*{_LEVELS}\b)+")


# the first (folded) word of a unit named without "các" in a list that "các" opens ("các Phòng, Ban, cơ quan")
_UNIT_WORDS = {"co", "don", "truong", "ban", "nganh", "phong", "hoi", "doan", "tram", "thon", "to", "ap"}


# "(Theo đó,) công tác X sẽ được tăng cường": a clause whose thing is done, the verb of doing in the
# passive at its end (two words after it at most) — a measure with no body named
_PASSIVE = re.compile(
    r"^(?:(?:Theo đó|Đồng thời|Ngoài ra),\s+)?"
    rf"(?P<what>(?![\d(])[^;:%]{{10,300}}?\sđược\s+(?:{_ACTS})"
    rf"(?:\s+[{LOWER}]+){{0,2}})\s*(?:\.\.\.|…)?$"
)


# "Theo (chương trình,) kế hoạch của <body> <what it does>": what the body's own plan has it do
_BY_PLAN_OF = re.compile(rf"^Theo\s+(?:[{LOWER}]+(?:\s+[{LOWER}]+)?\s*,\s+)?kế hoạch\s+của\s+")


def _by_plan_of(clause: str) -> ProseTask | None:
    """The task of a body its own plan sets ("Theo kế hoạch của Trạm Y tế xã định kỳ tổ chức …"), the body
    one the agency catalogue knows."""
    m = _BY_PLAN_OF.match(clause)
    refs, end = AgencyCatalogue.default().leading(clause[m.end() :]) if m else ([], 0)
    done = _doing(clause[m.end() + end :], named=True, any_verb=True) if m and refs else None
    return ProseTask(done[1], [r.text for r in refs], done[0]) if done else None


# a subject that counts the bodies it stands for ("2 đơn vị", "Hai đơn vị", "hai bên"): the document's
# issuers, when they are as many ("A và B ký kết chương trình …. Hai đơn vị cũng phối hợp tuyên truyền …")
_COUNTED = re.compile(r"(?P<n>[2-4]|[Hh]ai|[Bb]a|[Bb]ốn)\s+(?:đơn vị|bên|cơ quan|ngành|hội)")
_COUNTS = {"2": 2, "hai": 2, "3": 3, "ba": 3, "4": 4, "bon": 4}


# "Một nội dung khác được 2 đơn vị sẽ thực hiện là A.": a duty named in the passive, the bodies that carry
# it out after "được" / "do", what it is after "là"
_DUTY_IS = re.compile(
    r"^(?:(?:Một|Các|Những)\s+)?(?:nội dung|nhiệm vụ|hoạt động|việc)(?:\s+(?:khác|nữa|quan trọng))?\s+"
    r"(?:được|do)\s+(?P<who>[^.;:,()]{2,80}?)\s+(?:(?:sẽ|cũng|cùng)\s+)*"
    rf"(?:phối hợp\s+)?(?:{_ACTS})\s+là\s+(?P<what>[{LOWER}][^;]+)$"
)


def _duty_is(clause: str, issuers: tuple[str, ...]) -> ProseTask | None:
    """The duty a clause names in the passive ("Một nội dung khác được 2 đơn vị sẽ thực hiện là …"), led
    by the bodies named (a count of them: the document's issuers, when they are as many)."""
    m = _DUTY_IS.match(clause)
    if m is None:
        return None
    who = m["who"].strip()
    counted = _COUNTED.fullmatch(who)
    if counted:
        many = len(issuers) >= 2 and _COUNTS[fold(counted["n"])] == len(issuers)
        return ProseTask(m["what"].strip(" ."), list(issuers), "") if many else None
    return ProseTask(m["what"].strip(" ."), [who], "") if _bodies(who) else None


def _clause_task(
    clause: str, previous: ProseTask | None, issuers: tuple[str, ...] = ()
) -> tuple[ProseTask | None, bool]:
    """The task a clause tells, and whether the clause names who does it."""
    rounds = _ROUND_TASK.match(clause)
    if rounds and first_date(clause)[0] is not None:
        return ProseTask(rounds["what"].strip(" ."), [], ""), False
    planned = _by_plan_of(clause) or _duty_is(clause, issuers)
    if planned is not None:
        return planned, True
    passive = _PASSIVE.match(clause)
    if passive:
        return ProseTask(passive["what"], [], ""), False
    m = _ASSIGN.search(clause) or _DIRECTED.search(clause)
    if m and _bodies(m["who"]):
        done = _doing(clause[m.end() :], named=True)
        if done:
            return ProseTask(done[1], [m["who"].strip(" ,")], done[0]), True
    requested = _REQUESTED.search(clause)
    if requested and _bodies(requested["who"]):
        done = _doing(clause[requested.end() :], named=True)
        if done:
            rest = clause[requested.end() :].strip(" .;")
            text = done[1] if done[0] else rest  # partners named ("phối hợp với A …"): what is done with them
            return ProseTask(text, [requested["who"].strip(" ,")], done[0]), True
    person = _PERSON_DIRECTS.match(clause)
    if person and _bodies(person["who"]):
        done = _doing(clause[person.end() :], named=True)
        if done:
            rest = clause[person.end() :].strip(" .;")
            return ProseTask(done[1] if done[0] else rest, [person["who"].strip(" ,")], done[0]), True
    required = _REQUIRED.search(clause)
    if required:
        done = _doing(clause[required.end() :], named=True, any_verb=True)
        if done:
            return ProseTask(done[1], [], done[0]), True  # the document's own requirement, no body named
    cont = _CONTINUES.match(clause) or (_MUST.match(clause) if previous and previous.who else None)
    if cont and previous is not None:
        done = _doing(clause[cont.end() :])
        if done:
            return ProseTask(done[1], previous.who, done[0] or previous.partners), False
    listing = _ENUMERATING.match(clause)
    if listing and previous is None:
        done = _doing(clause[listing.end() :])  # "Cụ thể, tăng cường …" with no task before: the plan's own
        if done:
            return ProseTask(done[1], [], done[0]), False
    clause = clause.lstrip('“"')  # a quoted measure: the quotation's words
    if _ACT_START.match(clause) and clause[:1].isupper():
        done = _doing(clause)
        if done:
            return ProseTask(done[1][:1].upper() + done[1][1:], [], done[0]), False
    listed = _LIST_SUBJECT.match(clause)
    if listed and "," in listed["who"] and _bodies(listed["who"]):
        # "Các ngành liên quan và UBND các xã, thị trấn tiếp tục …": a list of bodies, a comma inside it
        done = _doing(clause[listed.end() :], named=True)
        if done:
            return ProseTask(done[1], [listed["who"].strip()], done[0]), True
    for s in _SUBJECT.finditer(clause):
        who = s["who"].strip()
        if _ISSUED.search(who):
            continue  # a body that issued a document, and what the document is for: narration
        counted = _COUNTED.fullmatch(who)
        if counted and len(issuers) >= 2 and _COUNTS[fold(counted["n"])] == len(issuers):
            done = _doing(clause[s.end() :], named=True)
            if done:
                return ProseTask(done[1], list(issuers), done[0]), True
        if _PLACE.match(fold_lower(who)) and len(who.split()) <= 6:
            done = _doing(clause[s.end() :], named=True)
            if done:
                return ProseTask(done[1], [], done[0]), True
        elif who[:1].isupper() and _bodies(who):
            done = _doing(clause[s.end() :], named=True)
            if done:
                return ProseTask(done[1], [who], done[0]), True
        elif _units_named_as_group(who):
            # "Theo đó, các đơn vị tập trung thực hiện …": units named as a group, in lower case; what they
            # do as written after them (no partners named: the words of manner are part of it)
            done = _doing(clause[s.end() :], named=True)
            if done:
                text = done[1] if done[0] else clause[s.end() :].strip(" .;")
                return ProseTask(text, [who], done[0]), True
    return _catalogued(clause)


# a subject that holds its own verb of issuing a document after an auxiliary: the body issued it, and the
# verb after the subject tells what the document is for, not what the body does
_ISSUED = re.compile(r"\s(?:đã|vừa|mới)\s+(?:ban hành|ra|có)\s+\S")


# words after a body's name that do not open what it does ("Sở Y tế cho biết", "Công an xã đã …")
_NOT_DOING = {
    "cua", "va", "voi", "tai", "o", "la", "duoc", "da", "vua", "moi", "co", "cung", "trong", "ve", "theo",
    "thuoc", "tren", "cho", "dang", "sau", "truoc", "khi", "nay", "nam", "ngay", "gom", "do", "bi", "de",
    "nham", "thi", "ma", "cac", "nhung", "cap", "tinh", "huyen", "xa", "phuong",
}  # fmt: skip


def _catalogued(clause: str) -> tuple[ProseTask | None, bool]:
    """A clause whose body the agency catalogue knows, whatever verb follows it: "Trạm Y tế xã khám …",
    "… giao Trạm Y tế xã khám …"."""
    catalogue = AgencyCatalogue.default()
    starts = [0] + [m.start() for m in re.finditer(r"\bgiao\s", clause)]
    for start in starts:
        refs, end = catalogue.leading(clause[start:])
        rest = clause[start + end :]
        word = re.match(rf"\s+([{LOWER}]+)", rest)
        if not refs or not word or fold(word.group(1)) in _NOT_DOING:
            continue
        done = _doing(rest, named=True, any_verb=True)
        if done:
            return ProseTask(done[1], [r.text for r in refs], done[0]), True
    return None, False


def fold_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


# a paragraph that ends on a sender's list of requirements: "Trước tình hình trên, Chủ tịch UBND huyện yêu
# cầu:" — the paragraphs after it are what it requires
_ASKS_LIST = re.compile(r"\b(?:yêu cầu|đề nghị|chỉ đạo)(?:\s+như sau)?\s*:\s*$")


def asks_list(text: str) -> bool:
    """Whether a paragraph ends on "… yêu cầu:" (what is required follows, a paragraph each)."""
    return _ASKS_LIST.search(text) is not None


def prose_tasks(
    text: str, listed: ProseTask | None = None, among: bool = False, issuers: tuple[str, ...] = ()
) -> list[ProseTask]:
    """The tasks a paragraph tells in its sentences, or [] when fewer than two read as tasks or none
    names who acts (a paragraph of aims: "Với mục đích …; Đẩy mạnh …. Nâng cao …"). A sentence that
    gives its activity's aim ("UBND tỉnh triển khai … nhằm tăng cường …; đẩy mạnh …") states aims.
    A paragraph of a list of requirements (``listed``: the task before it in the list) tells tasks
    however many: its imperatives are required of the bodies the list last named. Among paragraphs that
    tell tasks (``among``), one whose only task names the bodies that carry it out tells that task.
    ``issuers``: the bodies that issue the document, for a subject that counts them ("Hai đơn vị …")."""
    found: list[ProseTask] = []
    previous: ProseTask | None = listed
    actor = assigned = False
    parts = sentences(text)
    # a paragraph that opens with a connective of a list and a verb of doing ("Cụ thể, tăng cường …;
    # giáo dục …. Ngoài ra, …"): it goes on with the measures of the document a post reports, its
    # sentences the document's tasks though they name no body that acts
    enumerating = bool(parts) and _enumerating_act(parts[0])
    for sentence in parts:
        if _states_aims(sentence):
            previous = None
            continue
        clauses = _clauses(sentence)
        for index, clause in enumerate(clauses):
            # "…; rà soát …", "…; giáo dục …" (at a clause's start a verb, not the start of a name such as
            # "Sở Giáo dục …")
            going_on = _AND_THEN.match(clause) if index and previous is not None else None
            if (
                index
                and previous is not None
                and (re.match(rf"^(?:{_ACTS}|giáo dục)[\s,]", clause) or _VERB_BY_MANNER.match(clause))
            ):
                task: ProseTask | None = ProseTask(clause, previous.who, previous.partners)  # "…; rà soát …"
            elif going_on and previous is not None:
                task = ProseTask(
                    clause[going_on.end() :], previous.who, previous.partners
                )  # "…; đồng thời X"
            else:
                task, named = _clause_task(clause, previous if index == 0 else None, issuers)
                actor = actor or named
                if task is not None and listed is not None and not named and not task.who and previous:
                    task = ProseTask(task.text, previous.who, task.partners)  # the list's bodies
            if task is not None:
                found.append(task)
                directed = (
                    _ASSIGN.search(clause)
                    or _DIRECTED.search(clause)
                    or _REQUESTED.search(clause)
                    or _BY_PLAN_OF.match(clause)
                )
                assigned = bool(task.who) and directed is not None and len(clauses) == 1
                # a requirement that opens its sentence: the clauses after it may be its list of cases
                assigned = assigned or (index == 0 and _REQUIRED.search(clause) is not None)
            previous = task if task is not None else previous
    # a paragraph that is one assignment to bodies ("Theo đó, UBND tỉnh giao Sở X chủ trì, phối hợp với …
    # tổ chức …."), or one direction ("… yêu cầu các sở phải tăng cường …"), not a clause after others, is
    # a task, not narration
    if listed is not None:
        return found
    if among and len(found) == 1 and found[0].who:
        return found
    # two rounds or more of the plan, each with its days, are its tasks though they name no body
    rounds = sum(1 for task in found if _ROUND_TASK.match(task.text))
    return (
        found
        if (len(found) >= 2 or (assigned and len(found) == 1)) and (actor or enumerating or rounds >= 2)
        else []
    )


# a clause whose first word or two are followed by an adverb of manner: those words are its verb, whatever
# they are (a word that is a noun elsewhere acts here)
_VERB_BY_MANNER = re.compile(
    rf"^[{LOWER}]+(?:\s+[{LOWER}]+)?\s+(?:rộng rãi|sâu rộng|thường xuyên|kịp thời|sâu sát)\s+(?=[{LOWER}])"
)
# "…; đồng thời <verb> …": a clause that goes on with what the clause before it has its bodies do
_AND_THEN = re.compile(rf"^đồng thời\s*,?\s+(?=[{LOWER}]+\s)")


def _states_aims(sentence: str) -> bool:
    """Whether a sentence states aims: it gives the aim of what it tells ("UBND tỉnh triển khai … nhằm
    …") — unless what it tells is a request or a direction to bodies ("… yêu cầu các đơn vị đẩy mạnh …
    nhằm nâng cao …"): then the aim is the request's, and the request a task."""
    m = _AIM.search(sentence)
    if m is None:
        return False
    head = sentence[: m.start()]
    asked = _REQUESTED.search(head) or _DIRECTED.search(head)
    return not (asked and _bodies(asked["who"]))


def _enumerating_act(sentence: str) -> bool:
    m = _ENUMERATING.match(sentence)
    return m is not None and _ACT_START.match(sentence[m.end() :]) is not None


def _clauses(sentence: str) -> list[str]:
    """A sentence's clauses, cut at ";" — except where a clause ends inside its list of partners ("chủ trì,
    phối hợp với các sở, ngành; các hội, đoàn thể; UBND các huyện … tổ chức …") and the next opens with
    a body: there ";" separates groups of bodies, and the list goes on."""
    clauses: list[str] = []
    pieces = [p for c in sentence.split(";") for p in _split_rounds(c)]
    for clause in (c.strip(" .") for c in pieces):
        if not clause:
            continue
        open_list = _OPEN_WITH.search(clauses[-1]) if clauses else None
        if open_list and not _ACT_INSIDE.search(open_list["p"]) and _opens_with_body(clause):
            clauses[-1] = f"{clauses[-1]}; {clause}"
        else:
            clauses.append(clause)
    return clauses


_ACT_INSIDE = re.compile(rf"\s(?:{_ACTS})\s")


def _split_rounds(clause: str) -> list[str]:
    """A clause that tells a numbered round, cut before each next round joined to it by "và"."""
    if not re.search(_ROUND_AT, clause):
        return [clause]
    return _AND_NEXT_ROUND.split(clause)


def _opens_with_body(clause: str) -> bool:
    """Whether a clause opens with a body: "các hội, …", or a name the agency catalogue knows."""
    if _GROUP.match(clause):
        return True
    if re.match(r"(?:giao|đề nghị|yêu cầu|đối với)\s", clause, re.IGNORECASE):
        return False  # a new assignment, not a body of the list
    refs, _ = AgencyCatalogue.default().leading(clause)
    return bool(refs)


# "nhằm", "để" + verb: the purpose of what a sentence tells; "Với mục đích", "Mục tiêu": a sentence of aims
_AIM = re.compile(r"\bnhằm\b|^(?:Với|Với\s+các)\s+mục (?:đích|tiêu)|^Mục (?:đích|tiêu)\b")


# Kinds of units in lower case listed by commas and closed by the word for "and" with a second plural
# (no proper name anywhere): one enumeration of the units as a whole, one lead as the text writes it
# (the convention of the corpus's expectations; units listed by commas alone, each with its plural, stay
# apart)
_ONE_ENUMERATION = re.compile(
    rf"(?:các|những)\s[{LOWER}\s]+(?:,\s+[{LOWER}\s]+)+\s+và\s+(?:các|những)\s[{LOWER}\s]+"
)


def split_groups(who: str, catalogue: AgencyCatalogue) -> list[AgencyRef]:
    """The bodies a subject names: the catalogue's; or, for a list that "các"/"những" opens, the groups
    each "các" opens, which governs the bare nouns after it ("các Phòng, Ban, cơ quan đơn vị, các đồng
    chí Trưởng thôn" is two groups), a name of its own ("Sở X") standing alone."""
    who = who.strip(" ,")
    if not _GROUP.match(who):
        return catalogue.split(who)
    if _ONE_ENUMERATION.fullmatch(who):
        return [AgencyRef(who, None, None, "")]
    groups: list[str] = []
    # "Các ngành liên quan và UBND các xã, thị trấn": "và" before a capital or "các" opens another group
    for part in re.split(rf"\s+và\s+(?=[{UPPER}]|các\s)", who):
        for index, piece in enumerate(p.strip() for p in re.split(r",\s*", part) if p.strip()):
            # … a name the catalogue knows whole after a comma opens one too ("…, Công an quận, huyện")
            known = piece[:1].isupper() and len(piece.split()) >= 2 and is_body(piece)
            if index and not _GROUP.match(piece) and not looks_like_agency(piece) and not known:
                groups[-1] = f"{groups[-1]}, {piece}"
            else:
                groups.append(piece)
    out: list[AgencyRef] = []
    for group in groups:
        refs, end = catalogue.leading(group)
        whole = len(refs) == 1 and not group[end:].strip(" ,")
        out.append(refs[0] if whole else AgencyRef(group, None, None, ""))
    return out


def read_prose_tasks(root: Node, listed: bool = False, issuers: tuple[str, ...] = ()) -> None:
    """Each paragraph of a body without sections that tells its tasks in sentences gets one item per
    task (numbered after the items already found), each led by the bodies its sentence names (``listed``:
    the body is a list of requirements, each paragraph's tasks read as such)."""
    # numbered after every number already given at the top ("1.", "2." items, other paragraphs' activities)
    taken = [n.number for n in root.children] + [c.number for n in root.children for c in n.children]
    count = max((int(number) for number in taken if number.isdigit()), default=0)
    last = ProseTask("", [], "")  # in a list of requirements: the task before, whose bodies go on
    paragraphs = [node for node in root.children if node.kind == "para" and not node.children]
    # a body whose paragraphs tell tasks in sentences: a paragraph of one task there is a task too, when
    # its sentence names the bodies that carry it out (the tasks are a paragraph each, not narration)
    told = sum(len(prose_tasks(node.text, issuers=issuers)) for node in root.children if node.kind == "para")
    among = not listed and told >= 2
    for node in paragraphs:
        tasks = prose_tasks(node.text, last if listed else None, among=among, issuers=issuers)
        last = tasks[-1] if tasks else last
        for task in tasks:
            count += 1
            who = ", ".join(task.who)
            child = Node(
                "bullet", "-", task.text, node.start, node.end, doer=who, partners=task.partners, prose=True
            )
            child.number = str(count)
            child.parent = node
            node.children.append(child)
