"""The outline of the document body: sections "I.", items "1." / "1)" / "2.1.", sub-items "a)",
numbered points "(1)", bullets "-" / "+" and plain paragraphs, as a tree of ``Node``.

Markers get their depth from the order in which their kinds first appear (so "1) a)" and "1. a."
both work); dotted numbers ("2.1.") hang under the item whose number they extend.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from treem.core.text import fold

from .agencies import AgencyCatalogue, looks_like_agency
from .letters import LOWER, UPPER
from .normalise import Block, marker_of

NUMBERED = ("roman", "dotted", "arabic", "letter", "paren")
BULLETS = ("bullet", "plus")


@dataclass
class Node:
    kind: str  # root | roman | dotted | arabic | letter | paren | bullet | plus | para
    label: str
    text: str  # the block text without its marker
    start: int
    end: int
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    number: str = ""
    role: str = ""  # purpose | tasks | responsibility | targets | mixed | funding | reporting | other
    doer: str = ""  # a report's activity: the body its paragraph names as doing it ("Sở X chỉ đạo …")
    partners: str = ""  # … and the bodies it does it with ("… phối hợp với A, B tổ chức …")
    prose: bool = False  # a task one sentence of a paragraph tells (``doer`` empty: the plan's own issuer)
    # the time a report's sentence opens with, for the activity it tells: day(s) ("Từ ngày …, …") or
    # years ("Đặc biệt, từ năm 2023-2025, <body> …")
    when: str = ""

    @property
    def extent_end(self) -> int:
        end = self.end
        for child in self.children:
            end = max(end, child.extent_end)
        return end

    def walk(self) -> list[Node]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    @property
    def numbered_children(self) -> list[Node]:
        return [c for c in self.children if c.kind in NUMBERED]


def first_section_index(blocks: list[Block]) -> int:
    """Index of the block where the body (first Roman-numeral section) starts."""
    for index, block in enumerate(blocks):
        m = marker_of(block.text)
        if m and m.kind == "roman" and m.label in ("I", "1"):
            return index
    for index, block in enumerate(blocks):
        m = marker_of(block.text)
        if m and m.kind == "roman":
            return index
    return len(blocks)


def build_outline(blocks: list[Block], warnings: list[str]) -> Node:
    root = Node("root", "", "", 0, 0)
    stack: list[Node] = [root]
    last_roman = 0
    for block in blocks:
        m = marker_of(block.text)
        if m is None or m.kind in ("article", "roman_lower"):
            node = Node("para", "", block.text, block.start, block.end)
            while len(stack) > 1 and stack[-1].kind in BULLETS:
                stack.pop()
            _attach(stack[-1], node)
            continue
        node = Node(m.kind, m.label, m.rest, block.start, block.end)
        if m.kind == "roman":
            value = _roman_value(m.label)
            if value <= last_roman:
                renumbered = _to_roman(last_roman + 1)
                warnings.append(
                    f"Mục {m.label} (dòng {block.start}) trùng số thứ tự; coi là mục {renumbered}."
                )
                value = last_roman + 1
                node.label = _to_roman(value)
            last_roman = value
            stack = [root]
        elif m.kind == "dotted":
            parent_label = m.label.rsplit(".", 1)[0]
            while len(stack) > 1 and not (
                stack[-1].kind == "roman"
                or (stack[-1].kind in ("arabic", "dotted") and stack[-1].label == parent_label)
            ):
                stack.pop()
        elif m.kind == "arabic" and _repeats_heading(stack, m.label):
            node.kind, node.label = "dotted", f"{m.label}.1"
        else:
            kinds = [n.kind for n in stack]
            if m.kind in kinds:
                while stack[-1].kind != m.kind:
                    stack.pop()
                stack.pop()
            elif m.kind == "arabic" and "dotted" in kinds:
                while stack[-1].kind != "dotted":
                    stack.pop()
                while len(stack) > 1 and stack[-1].kind == "dotted":
                    stack.pop()
        _attach(stack[-1], node)
        stack.append(node)
    _number(root)
    return root


# A paragraph that lists the activities in one sentence: "Nội dung hoạt động gồm: Tổ chức lễ phát
# động; Tổ chức Diễn đàn trẻ em; Vận động nguồn lực", "Các nhiệm vụ chính: …; …", "Các hoạt động trọng
# tâm của kế hoạch gồm: …" (the qualifier may be followed by the document the activities belong to);
# "(Theo đó,) về nhiệm vụ, giải pháp: A; B; C": the heading of the plan's tasks, run into the sentence.
# The contents may be qualified as specific or main and said to be for the bodies named after them, up to
# the colon; the items may then be sentences rather than clauses split by semicolons.
_ACTIVITY_LIST = re.compile(
    r"^(?:(?:Theo đó|Cụ thể),\s*)?(?:(?:Các|Những|các|những)\s+|"
    r"[Nn]ội dung\s+(?:(?:cụ thể|chính|chủ yếu)\s+)?(?:của\s+)?|"
    r"[Vv]ề\s+(?:(?:các|những)\s+)?(?=(?:nhiệm vụ|giải pháp)(?:\s*(?:,|và)\s*(?:nhiệm vụ|giải pháp))*\s*:))"
    r"(?:hoạt động|nhiệm vụ|kế hoạch|giải pháp)(?:\s*(?:,|và)\s*(?:nhiệm vụ|giải pháp))*"
    rf"(?:\s+[{LOWER}]+){{0,3}}?"
    r"(?:\s+của\s+(?:bản\s+)?(?:kế hoạch|chương trình|đề án)(?:\s+này)?)?"
    r"(?:\s+cho\s+(?:các|những)\s+[^.;:]{2,120}?)?"
    r"\s*(?:bao gồm|gồm)?\s*:\s*(?P<items>.+)$"
)
# An activity (or a field of work) of the plan a post reports, with a few words that qualify it, said to
# consist of the contents listed after a colon, perhaps after an opening connective: each item one of the
# things the plan has done.
_CONTENTS_LIST = re.compile(
    r"^(?:(?:Theo đó|Cụ thể),\s*)?(?:(?:Các|Những|các|những)\s+)?(?:[Hh]oạt động|[Cc]ông tác)"
    rf"(?:\s+[{LOWER}]+){{0,5}}?\s+(?:bao\s+)?gồm\s+(?:các|những)\s+(?:nội dung|hoạt động)"
    r"(?:\s+(?:chính|chủ yếu|trọng tâm|sau))?\s*:\s*(?P<items>.+)$"
)
# "(Về nội dung / Cụ thể,) kế hoạch đề ra / nêu / xác định (các) nhiệm vụ, giải pháp (thực hiện) như: A; B": a
# post whose subject is the plan it reports, unnamed or by its quoted name (another quoted name and "and"
# may come before it), listing its tasks after the colon
_SETS_OUT_LIST = re.compile(
    rf"^(?:[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+){{0,3}},\s*)?"
    r"(?:[“\"][^“”\"]{3,200}[”\"]\s+(?:và|cùng)\s+)?"  # another quoted name, then "and"
    r"(?:kế hoạch|chương trình|đề án|Kế hoạch|Chương trình|Đề án)"
    r"(?:\s+này|\s+[“\"][^“”\"]{3,200}[”\"])?\s+"  # the plan's quoted name
    r"(?:đề ra|nêu(?:\s+rõ|\s+ra)?|xác định|đặt ra)\s+(?:(?:các|những|một số)\s+)?(?:nhóm\s+)?"
    r"(?:nhiệm vụ|giải pháp|hoạt động)(?:\s*(?:,|và)\s*(?:các\s+)?(?:nhiệm vụ|giải pháp|hoạt động))*"
    rf"(?:\s+[{LOWER}]+){{0,3}}?\s*(?:như sau|như|bao gồm|gồm)?\s*:\s*(?P<items>.+)$"
)


def sets_out_inside(text: str) -> int:
    """Where a later sentence of a paragraph sets out its plan's tasks ("… 90% giáo viên được tập huấn.
    Chương trình đề ra các nhiệm vụ, giải pháp như: A; B") or the parts it is carried out through ("…
    Kế hoạch được thực hiện thông qua 3 dự án là A; B; C."), or 0."""
    for m in re.finditer(rf"(?:\.\.\.|…|\.)\s+(?=[{UPPER}])", text):
        rest = text[m.end() :]
        if _SETS_OUT_LIST.match(rest) or component_items(_SENTENCE_END.split(rest, maxsplit=1)[0]):
            return m.end()
    return 0


def sets_out_tasks(text: str) -> bool:
    """Whether a paragraph lists the tasks of the plan it reports, unnamed ("kế hoạch đề ra: A; B"), or
    the contents an activity of that plan consists of, or its contents run into one sentence after a
    colon (two activities or more), or the forms it is carried out by."""
    if _SETS_OUT_LIST.match(text) or _CONTENTS_LIST.match(text) or forms_listed(text):
        return True
    return bool(_ACTIVITY_LIST.match(text)) and len(_activity_items(text) or []) >= 2


# "… chương trình X gồm ba hợp phần là: A; B và C", "dự án X … gồm hai tiểu dự án là: A và B": a
# document said to consist of so many parts, listed after the colon (the last two joined by "và") or
# right after "là" ("gồm 3 hợp phần chính là A; B; C"). The count may be written with a leading zero
# ("gồm 05 hoạt động chính"), the list introduced again by "(bao) gồm" ("… hoạt động chính bao gồm: A; B"),
# and the parts be what the plan is carried out through ("thực hiện thông qua 3 dự án là A; B; C").
_COMPONENT_LIST = re.compile(
    r"\b(?:(?:bao\s+)?gồm|thông\s+qua)\s+(?P<n>hai|ba|bốn|năm|sáu|bảy|0?[2-9])\s+"
    r"(?:tiểu dự án|dự án thành phần|dự án|hợp phần|nội dung|nhóm hoạt động|hoạt động|nhóm nhiệm vụ|"
    r"nhiệm vụ)(?:\s+(?:chính|trọng tâm))?\s*(?:(?:là|(?:bao\s+)?gồm)\s*:?|(?:như sau\s*)?:)\s*"
    r"(?P<items>[^:]+)$"
)
_SENTENCE_END = re.compile(rf"\.\s+(?=[{UPPER}])")
_COUNT_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7}


def component_items(text: str) -> list[str] | None:
    """The parts a document is said to consist of ("… gồm hai tiểu dự án là: A và B"), or None."""
    m = _COMPONENT_LIST.search(text)
    if not m:
        return None
    n = _COUNT_WORDS.get(m["n"]) or int(m["n"])
    # the list ends with its sentence: "… thông qua 3 dự án là A; B; C. Đối tượng tham gia là …; …"
    listed = _SENTENCE_END.split(m["items"], maxsplit=1)[0]
    items = [i.strip(" .") for i in listed.split(";") if i.strip(" .")]
    if len(items) == n - 1 and " và " in items[-1]:
        last, _, after = items[-1].rpartition(" và ")
        items[-1:] = [last.strip(" ,"), after.strip(" .")]
    return items if len(items) == n else None


# An activity of such a list is one clause: longer than a line (its purpose and whom it serves may
# follow it), not a paragraph.
_ACTIVITY_MAX = 250
_PLANNED_MAX = 800
# "… trong phòng, chống xâm hại trẻ em và xây dựng clip …": "và" before a verb that opens an activity
_AND_ACTIVITY = re.compile(
    r"\s+và\s+(?=(?:xây dựng|tổ chức|in|phát hành|tập huấn|tuyên truyền|biên soạn|triển khai|hỗ trợ|"
    r"rà soát|kiểm tra|thăm|tặng)\s)"
)


def _split_at_and(text: str) -> list[str]:
    """Two activities joined by "và": split where both sides hold four words or more ("In và phát
    hành tài liệu … và xây dựng clip …" splits before "xây dựng" only)."""
    pieces, start = [], 0
    for m in _AND_ACTIVITY.finditer(text):
        if len(text[start : m.start()].split()) >= 4 and len(text[m.end() :].split()) >= 4:
            pieces.append(text[start : m.start()].strip(" ."))
            start = m.end()
    pieces.append(text[start:].strip(" ."))
    return pieces


# A report's paragraph that goes on with the plan's activities after a connective, each one opening
# with a verb of doing: "Bên cạnh đó, vận động …; tổ chức …; đồng thời tổ chức …" ("Ngoài ra, tăng
# cường nâng cao nhận thức …; tạo điều kiện …" states aims, not activities).
_CONNECTIVE_LIST = re.compile(rf"^(?:Bên cạnh đó|Ngoài ra|Cùng với đó),\s+(?P<items>[{LOWER}].+)$")
_DOING = re.compile(
    r"^(?:đồng thời\s+)?(?P<a>(?:tổ chức|vận động|xây dựng|triển khai|tập huấn|biên soạn|in|phát hành|"
    r"rà soát|kiểm tra|thăm|tặng|phát động)[\s,].+)$"
)


# A report's sentence on what its plan's issuer will do: "Được biết, năm nay, tỉnh cũng sẽ tổ chức lễ
# phát động … từ ngày 1 đến 30-6.", "…, trên địa bàn xã dự kiến tổ chức “Đêm hội …” vào …": the
# paragraph's first sentence, from its verb of doing to its end, is one activity.
_PLANNED = re.compile(
    r"^[^.;:]{0,160}?\b(?:cũng\s+)?(?:sẽ|dự kiến)\s+(?P<a>(?:tổ chức|vận động|xây dựng|triển khai|tập huấn|"
    rf"biên soạn|rà soát|kiểm tra|thăm|tặng|phát động|tăng cường)\s.+?)(?:\.\s+(?=[{UPPER}])|\.?$)",
    re.DOTALL,
)


# "Từ ngày 30/5 - 01/6/2019, ngày hội “X” và triển lãm “Y” sẽ được tổ chức tại …": an event a report says
# will be held, in the passive with no doer — the activity "tổ chức <the event>", on the day(s) the sentence
# opens with.
_HELD = re.compile(
    r"^(?P<when>(?:[Tt]ừ\s+|[Vv]ào\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"(?:\s*(?:-|–|đến)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})?),\s+"
    r"(?P<what>[^\W\d_][^.;:]{5,250}?)\s+(?:(?:sẽ|dự kiến)\s+)+(?:được\s+)tổ chức\b"
)


def held_event(text: str) -> tuple[str, str] | None:
    """(the activity, its days) of an event a report's paragraph opens by saying will be held, or None."""
    m = _HELD.match(text)
    return ("tổ chức " + m["what"][:1].lower() + m["what"][1:], m["when"]) if m else None


# "Hôm nay, ngày 10/5/2021, Liên đội X long trọng tổ chức …": a report of what a body does on a day the
# sentence opens with — the body leads the activity, from its verb (an adverb of manner before it left
# out) to the sentence's end, on that day.
_ON_THE_DAY = re.compile(
    r"^(?:(?P<today>Hôm nay|Sáng nay|Chiều nay|Tối nay|Sáng|Chiều|Tối),?\s+)?"
    # the day in figures or in words; after "today" the comma after it may be left out
    r"(?P<when>(?:[Vv]ào\s+)?[Nn]gày\s+\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))"
    r",?\s+"
    rf"(?P<who>[{UPPER}][^.;:,()]{{2,80}}?)\s+(?:(?:đã|sẽ|long trọng|chính thức|đồng loạt|phấn khởi)\s+)*"
    # the bodies it acts with, between the body and its verb
    r"(?:phối hợp với\s+(?P<with>[^.;:,()]{2,80}?)\s+)?"
    r"(?P<a>(?:tổ chức|phát động|ra mắt|khai mạc|khánh thành|trao tặng|tặng|thăm)\s[^.;]+?)"
    rf"(?:\.\s+(?=[{UPPER}])|\.?$)"
)


# "… (5/6/1911 - 5/6/2021) Hôm nay, ngày 10/5/2021, Liên đội X tổ chức …": a sentence that opens on "today"
# and its day starts anew inside a paragraph run together from lines that lost their full stops
_TODAY_INSIDE = re.compile(
    r"(?<=[.)”\"])\s+(?=(?:Hôm nay|Sáng nay|Chiều nay|Tối nay),\s+(?:vào\s+)?ngày\s+\d)"
)


def dated_act_inside(text: str) -> int:
    """Where a dated act of a body starts inside a paragraph (after its first sentence), or 0."""
    for m in _TODAY_INSIDE.finditer(text):
        if dated_act(text[m.end() :]):
            return m.end()
    return 0


def dated_act(text: str) -> tuple[str, str, str, str] | None:
    """(the body, its activity, the day, the bodies it acts with) of a paragraph that opens with a day and a
    body acting on it. A partner named by its staff is that body."""
    m = _ON_THE_DAY.match(text)
    if not m or not is_body(m["who"]):
        return None
    if text[m.end("when")] != "," and not (m["today"] or "").endswith("nay"):
        return None  # a day with no comma after it opens an act only after "today"
    partners = re.sub(r"^(?:các\s+)?cán bộ\s+(?:của\s+)?", "", (m["with"] or "").strip())
    return (m["who"], m["a"], m["when"], partners[:1].upper() + partners[1:])


def planned_activity(text: str) -> str:
    """The activity a report's paragraph says its plan's issuer will carry out, or ""."""
    planned = _PLANNED.match(text)
    if planned and not re.search(r"\d\s*%", text[: planned.start("a")]):
        return planned["a"].strip(" .")
    return ""


# "(Để thực hiện mục tiêu …,) một trong những nhiệm vụ (và / ,) biện pháp (thực hiện) là A; B.": a report
# names one of its plan's measures after "là" — one task, to the end of the sentence (what follows ";" is
# part of it)
_ONE_OF_MEASURES = re.compile(
    r"^(?:Để\s[^.;:]{3,120}?,\s*)?[Mm]ột trong (?:những|các)\s+(?:nhiệm vụ|giải pháp|biện pháp|hoạt động)"
    r"(?:\s*(?:,|và)\s*(?:nhiệm vụ|giải pháp|biện pháp|hoạt động))*"
    r"(?:\s+(?:thực hiện|chủ yếu|chính|trọng tâm|quan trọng))*\s+là\s+"
    rf"(?P<a>[{LOWER}].+?)(?:\.\s+(?=[{UPPER}])|\.?$)",
    re.DOTALL,
)


def one_of_measures(text: str) -> str:
    """The one measure a report's paragraph names as one of its plan's ("một trong những giải pháp là …")."""
    m = _ONE_OF_MEASURES.match(text)
    return m["a"].strip(" .") if m else ""


# a full stop inside an item of a list, before a capital
_STOP_INSIDE = re.compile(rf"(?<=[^\d\s.])\.\s+(?=[{UPPER}])")


def _acts_apart(item: str) -> list[str]:
    """An item of a list split by ";" that holds a sentence of its own opening with a verb of doing: that
    sentence is an item of its own (the full stop ends the first); so is one that opens with a connective
    adding it to them, the connective no part of it."""
    out: list[str] = []
    for index, part in enumerate(_STOP_INSIDE.split(item)):
        added = _ADDED_ACT.match(part) if index else None
        if added:
            out.append(part[added.end() :])
        elif index and _ACT.match(part):
            out.append(part)
        elif out:
            out[-1] = f"{out[-1]}. {part}"
        else:
            out.append(part)
    return out


# a sentence that says a plan (its content) is carried out by many forms, listed after a colon: each form
# one of the plan's activities, the list ending with the sentence
_FORMS_LIST = re.compile(
    r"\b(?:kế hoạch|chương trình|đề án)\b[^.;:]{0,200}?\s(?:bằng|với|qua|thông qua)\s+"
    rf"(?:nhiều|các|những)\s+hình thức(?:\s+[{LOWER}]+){{0,2}}?\s*:\s*"
    rf"(?P<items>[^:]+?)(?:\.\s+(?=[{UPPER}])|\.?$)"
)


# a sentence that says what the content of an activity (or a plan) centres on: that one activity, then
# each later sentence that adds one more after a connective
_CONTENT_FOCUS = re.compile(
    r"(?:^|,\s+)[Nn]ội dung\s+(?:của\s+)?(?:hoạt động|kế hoạch|chương trình|đề án)"
    rf"(?:\s+[{LOWER}\d]+){{0,4}}?\s+tập trung vào\s+(?:việc\s+)?(?P<a>[{LOWER}].+)$"
)
_ADDS_ONE = re.compile(rf"^(?:Bên cạnh đó|Ngoài ra|Đồng thời|Cùng với đó),\s+(?P<a>[{LOWER}].+)$")


def _content_focus(text: str) -> list[str] | None:
    """The activity a paragraph says the content centres on, and those the sentences after it add."""
    sentences = _sentences(text)
    m = _CONTENT_FOCUS.search(sentences[0].strip(" .")) if sentences else None
    if m is None:
        return None
    items = [m["a"].strip(" .")]
    for sentence in sentences[1:]:
        more = _ADDS_ONE.match(sentence.strip(" ."))
        if more is None:
            break
        items.append(more["a"].strip(" ."))
    return items


# a sentence whose subject is the activities (perhaps after a phrase set apart by a comma) and what they
# will do
_ACTIVITIES_WILL = re.compile(
    r"^(?:[^.;:]{0,160},\s+)?(?:các|những)\s+hoạt động"
    rf"(?:\s+[{LOWER}]+){{0,2}}?\s+(?:cũng\s+)?sẽ\s+(?P<a>[{LOWER}].+)$"
)


def forms_listed(text: str) -> bool:
    """Whether a paragraph's first sentence lists the forms a plan is carried out by."""
    m = _FORMS_LIST.search(_sentences(text)[0]) if text.strip() else None
    return m is not None and len([i for i in m["items"].split(";") if i.strip(" .…")]) >= 2


def _activity_items(text: str) -> list[str] | None:
    planned = planned_activity(text) or one_of_measures(text)
    if planned:
        return [planned]
    m = (
        _ACTIVITY_LIST.match(text)
        or _CONTENTS_LIST.match(text)
        or _SETS_OUT_LIST.match(text)
        or _FORMS_LIST.search(_sentences(text)[0])
    )
    if m:
        # "…; E;…": the dots that close the list say "and so on", not an item
        items = [i.strip(" .") for i in m["items"].split(";") if i.strip(" .…")]
        listed = [sentence for item in items for sentence in _acts_apart(item)]
        if m.re is _FORMS_LIST:  # the sentences after the forms that say what the activities will do
            for sentence in _sentences(text)[1:]:
                will = _ACTIVITIES_WILL.match(sentence.strip(" ."))
                if will is None:
                    break
                listed.append(will["a"].strip(" ."))
        return listed
    parts = component_items(text) or _content_focus(text)
    if parts:
        return parts
    c = _CONNECTIVE_LIST.match(text)
    if not c:
        return None
    doing = [_DOING.match(i.strip(" .")) for i in c["items"].split(";") if i.strip(" .")]
    return [d["a"] for d in doing if d] if len(doing) >= 2 and all(doing) else None


# A report's paragraph on what a body does, or a letter's request to it: "<body> chủ trì(,) phối hợp
# (chặt chẽ) với <bodies> <verb> A; <verb> B.", "<body> chỉ đạo …; đưa …; tổ chức …": each clause that
# opens with a verb of doing is a task of the body, done with the bodies named after "phối hợp với".
# A paragraph right after it that opens with such a verb ("Cụ thể, tiếp tục …", "Trang bị …") goes
# on with the same body's tasks.
_ACTS = (
    r"tổ chức|vận động|xây dựng|triển khai|tập huấn|biên soạn|in|phát hành|rà soát|kiểm tra|thăm|tặng|"
    r"phát động|tiếp tục|tích cực|tăng cường|đẩy mạnh|chỉ đạo|đưa|trang bị|hướng dẫn|thực hiện|"
    r"nâng cao|bố trí|theo dõi|hỗ trợ|báo cáo|tuyên truyền|quán triệt|phổ biến|duy trì|nhân rộng|"
    r"lồng ghép|chủ động|tập trung|xử lý|giám sát|cung cấp|thống kê|tổng hợp|quan tâm|chăm lo|biên tập|"
    r"tiến hành|phân công|nghiên cứu|hoàn thiện|thiết lập|phát hiện|đề xuất|tham mưu|xác định|tham gia|"
    r"lấy ý kiến"
)
ACTS = _ACTS  # the verbs that open an activity, for other readers of prose
# (a run of verbs joined by commas may open with a verb the list above lacks, the next one in it: "V1, V2
# X" does both to X; a connective before the comma opens no run)
_RUN_OPENER = re.compile(
    rf"^(?!(?:đồng thời|ngoài ra|bên cạnh đó|đặc biệt|cụ thể|theo đó|trong đó|sau đó|tuy nhiên)\s*,)"
    rf"[{LOWER}]+(?:\s+[{LOWER}]+)?,\s+(?=(?:{_ACTS})[\s,])",
    re.IGNORECASE,
)
_ACT = re.compile(
    rf"^(?:đồng thời\s+)?(?:{_RUN_OPENER.pattern[1:]})?(?:{_ACTS})[\s,]",
    re.IGNORECASE,
)
ACT = _ACT  # a text that opens with a verb of doing, for the reader of tasks
# a sentence that adds to the activities before it, its connective with or without a comma, then a verb of
# doing
_ADDED_ACT = re.compile(
    rf"^(?:Bên cạnh đó|Ngoài ra|Đồng thời|Cùng với đó),?\s+(?=(?:{_ACTS})\s)", re.IGNORECASE
)
# (a body's name may be followed by a bracketed description of its role, before the verb, and the verb
# by a word of tense with an adverb of time after it)
# (units named as a whole may follow a quantifier: "Tất cả các đơn vị …" — the units act)
_DOER = re.compile(
    rf"^(?:(?:Tất cả|Toàn bộ)\s+(?=(?:các|những)\s))?"
    rf"(?P<who>[{UPPER}][^.;:()]{{2,90}}?|(?<=\s)(?:các|những)\s[^.;:()]{{2,86}}?)(?:\s*\([^().;]{{2,80}}\))?"
    rf"\s+(?:(?:sẽ|đã)(?:\s+sớm)?\s+)?(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)
# "Với mong muốn / Để / Nhằm <aim>, <body> (đã) <verb> …": the aim stands before the body that acts (its
# opener with either mark, as in a request after its aim: typed without marks, the commoner word's come back)
_AIM_FIRST = re.compile(r"^(?:[Vv]ới\s+(?:mong muốn|mục đích|mục tiêu)|[Đđ]ể|[Đđ]ề|[Nn]hằm)\s")
_DOER_AFTER_AIM = re.compile(
    rf"(?P<who>(?:[^.;:()]|\([A-ZĐ][A-ZĐ&]{{1,7}}\)){{2,90}}?)\s+(?:(?:đã|sẽ)\s+)?"
    rf"(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)  # (a name may hold the abbreviation the text glosses in brackets: "Hội Liên hiệp Phụ nữ (LHPN) Việt Nam")
# "phối hợp với A, B tổ chức …", a sentence's "Phối hợp với A, B... để tổ chức …", "Phối hợp với A, tổ chức …"
_PARTNERS = re.compile(
    rf"^(?:[Cc]hủ trì\s*,?\s*)?(?:[Pp]hối hợp)(?:\s+chặt chẽ)?\s+với\s+(?P<p>[^.;:…]+?)(?:\s*(?:\.\.\.|…))?"
    # (the verb may open a run of verbs joined by commas; a word of doing followed by a comma and no other
    # verb is one more partner of the list, a noun there; the purpose's word with either mark, as typed
    # without marks it comes back with the commoner word's)
    rf"\s+(?:(?:để|đề|trong việc)\s+)?(?=(?:{_ACTS})(?:\s|,\s+(?:{_ACTS})\s))"
    # "phối hợp A, B cùng tổ chức …": the partners without "với", "cùng" before the verb
    rf"|^(?:[Pp]hối hợp)\s+(?!với\s)(?P<q>[^.;:…]{{2,120}}?)\s+cùng\s+(?=(?:{_ACTS})\s)"
)
# "…, đồng thời phối hợp chặt chẽ (giữa nhà trường) với A, B trong công tác …": the partners of a task that
# names them inside its sentence
_PARTNERS_INSIDE = re.compile(
    r",\s+(?:đồng thời\s+)?phối hợp(?:\s+chặt chẽ)?(?:\s+giữa\s+[^.;:,]{2,40}?)?\s+với\s+"
    r"(?P<p>[^.;:…]{2,120}?)\s+(?:trong|để|nhằm|về|cùng)\s"
)
PARTNERS_INSIDE = _PARTNERS_INSIDE  # for other readers of prose
_LEADS_ONLY = re.compile(rf"^chủ trì\s*,?\s*(?=[{LOWER}])")
# the bodies a report names as a whole: "Các đơn vị, trường học", "Thủ trưởng các cơ quan, đơn vị"
_UNITS = (
    r"(?:đơn vị|trường học|trường|nhà trường|cơ sở (?:giáo dục|GD)|cơ quan|địa phương|sở|ban|ngành|đoàn thể)"
)
_COLLECTIVE = re.compile(
    rf"^(?:(?:thủ trưởng|lãnh đạo|người đứng đầu|hiệu trưởng)\s+)?(?:các|những)\s+{_UNITS}"
    rf"(?:\s*(?:,|và)\s*(?:các\s+)?{_UNITS}|\s+{_UNITS})*$",  # "các đơn vị trường học": units of a kind
    re.IGNORECASE,
)
_GOES_ON = re.compile(rf"^(?:Cụ thể|Đồng thời|Bên cạnh đó|Ngoài ra),\s+(?=[{LOWER}])")
# a post's request: "(Theo đó,) <sender> yêu cầu / đề nghị <bodies> <verb> …" — the bodies asked act; an
# aim may stand before the sender ("Theo đó, để <aim>, <sender> …") and an adverb before the verb ("<sender>
# cũng yêu cầu …")
_ASKED = re.compile(
    r"^(?:(?:Theo đó|Cụ thể|Đồng thời|Bên cạnh đó|Ngoài ra),\s+)?"
    # (the aim's opener with either mark: a text typed without marks gets the commoner word's back)
    r"(?:(?:[Đđ]ể|[Đđ]ề|[Nn]hằm)\s+[^.;:()]{3,200}?,\s+)?"
    rf"(?P<by>[{UPPER}][^.;:()]{{1,60}}?)\s+(?:(?:cũng|tiếp tục|đã|vừa)\s+)?"
    rf"(?:yêu cầu|đề nghị)\s+(?P<who>[^.;:()]{{2,160}}?)\s+(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)


def _sentences(text: str) -> list[str]:
    """The sentences of a paragraph: a full stop, then a capital ("… niên... để rà soát" is one)."""
    out: list[str] = []
    for piece in re.split(r"(?<=\.)\s+", text.strip()):
        if out and not piece[:1].isupper():
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


# a board of the school the post speaks for: a board's word, a few lower-case words, then the school's
_SCHOOL_BOARD = re.compile(rf"^Ban(?:\s+[{LOWER}]+){{1,4}}\s+nhà\s+trường$")


def is_body(who: str) -> bool:
    """Whether a paragraph's subject names a body that acts (an agency, units named as a whole, or a board
    of the school)."""
    refs, end = AgencyCatalogue.default().leading(who)
    if refs and not who[end:].strip(" ,"):
        return True
    return looks_like_agency(who) or bool(_COLLECTIVE.match(who) or _SCHOOL_BOARD.match(who))


# the units of several levels under one "các": "các huyện, thị xã, thành phố" is one group
_LEVELS_LISTED = re.compile(
    r"\bcác\s+(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố)"
    r"(?:\s*,\s*(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố)\b)+"
)


def bodies_listed(who: str) -> bool:
    """Whether a subject is a list of bodies that "các"/"những" opens, each piece after a comma opening a
    body (a group "các …", a unit, a name of a body) or going on with the name before it: a proper name
    holds a comma ("các sở, ngành thành viên Ban A, b c, UBND các huyện, thị xã": a name "Ban A, b c"),
    its piece after the comma in lower case, short, after a piece with a capitalised word."""
    who = who.strip(" ,")
    if not re.match(r"(?:các|những)\s", who, re.IGNORECASE):
        return False
    glued = _LEVELS_LISTED.sub(lambda m: m.group(0).replace(",", ""), who)
    pieces = [p.strip() for p in re.split(r",\s*", glued) if p.strip()]
    for index, piece in enumerate(pieces):
        opens_body = (
            re.match(rf"(?:(?:các|những)\s|{_UNITS}\b)", piece, re.IGNORECASE)
            or looks_like_agency(piece)
            or is_body(piece)
        )
        goes_on = (
            index > 0
            and piece[:1].islower()
            and len(piece.split()) <= 6
            and re.search(rf"\s[{UPPER}]", pieces[index - 1]) is not None
        )
        if not (opens_body or goes_on):
            return False
    return len(pieces) > 1


def _concerned(piece: str) -> bool:
    """Whether a piece of a list names, whole, the bodies concerned (the catalogue's collective of them)."""
    refs, end = AgencyCatalogue.default().leading(piece)
    return len(refs) == 1 and refs[0].type_code == "cac_co_quan_lien_quan" and not piece[end:].strip(" ,")


def listed_groups(who: str) -> list[str]:
    """The bodies of a list ``bodies_listed`` reads: a new one at each piece that opens with "các"/"những"
    or with a capital and names a body ("UBND các huyện, thị xã"), the rest going on with the one before
    ("các sở, ngành thành viên Ban …, chăm sóc trẻ em")."""
    groups: list[str] = []
    glued = _LEVELS_LISTED.sub(lambda m: m.group(0).replace(",", "\0"), who.strip(" ,"))
    for piece in (p.strip() for p in re.split(r",\s*", glued) if p.strip()):
        opens = (
            re.match(r"(?:các|những)\s", piece, re.IGNORECASE)
            or (piece[:1].isupper() and (looks_like_agency(piece) or is_body(piece.replace("\0", ","))))
            or _concerned(piece)  # the bodies concerned, named whole: a group of their own
        )
        if groups and not opens:
            groups[-1] = f"{groups[-1]}, {piece}"
        else:
            groups.append(piece)
    return [g.replace("\0", ",") for g in groups]


def request_items(rest: str, bound: bool = False) -> tuple[str, list[str]] | None:
    """ "chủ trì phối hợp với A, B tổ chức X; xây dựng Y" → ("A, B", ["tổ chức X", "xây dựng Y"]): whom
    the body works with and its tasks (one clause each where every clause opens with a verb of doing).
    A clause the body is ``bound`` to do (a modal of obligation stood before it) is a task whatever its
    verb."""
    rest = _sentences(rest)[0].strip(" .") if rest.strip() else ""
    partners = ""
    m = _PARTNERS.match(rest)
    if m:
        partners, rest = (m["p"] or m["q"]).strip(" ,"), rest[m.end() :]
    else:
        rest = _LEADS_ONLY.sub("", rest)
    if not _ACT.match(rest) and not (bound and rest[:1].islower()):
        return None
    clauses = [c.strip(" .") for c in rest.split(";") if c.strip(" .")]
    items = clauses if all(_ACT.match(c) for c in clauses) else [rest.strip(" .")]
    inside = _PARTNERS_INSIDE.search(rest) if not partners and len(items) == 1 else None
    return (inside["p"].strip(" ,") if inside else partners), items


def request_sender(text: str) -> str:
    """The body whose request a paragraph reports ("Theo đó, Sở X yêu cầu các trường …" → "Sở X"), or ""."""
    m = _ASKED.match(text)
    return m["by"].strip() if m and is_body(m["by"].strip()) and _asked(m["who"].strip()) else ""


# the issuer named again by its head word alone, a post's short way back to it (folded, so that these
# capitalised words do not weigh in the diacritics word list against the common words they fold to)
_HEAD_ALONE = ("bo", "so", "cuc", "ban", "phong", "uy ban", "ubnd")


def _sender(by: str) -> bool:
    """Whether the body that asks is one: a body's name, or its head word alone (the issuer again)."""
    return is_body(by) or (by[:1].isupper() and fold(by) in _HEAD_ALONE)


def _asked(who: str) -> bool:
    return is_body(who) or bodies_listed(who)


# a paragraph that opens on what, within the request before it, the bodies do in particular ("in which,
# <bodies> <verb> …")
_IN_PARTICULAR = re.compile(
    rf"^Trong đó,?\s+(?P<who>[^.;:()]{{2,160}}?)\s+(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)


def in_particular(text: str) -> str:
    """The bodies a paragraph names that opens on what they do in particular, or ""."""
    m = _IN_PARTICULAR.match(text)
    return m["who"].strip() if m and _asked(m["who"].strip()) else ""


# a sender that assigns a task to a body (the verb of assigning, then an optional preposition): the body,
# and the role it is given (a unit or agency that leads) standing between it and its verb
_ASSIGNED = re.compile(
    rf"^(?P<by>[{UPPER}][^.;:()]{{0,60}}?)\s+giao\s+(?:cho\s+)?(?P<who>[{UPPER}][^.;:()]+?)"
    r"(?:\s*,?\s+là\s+(?:đơn vị|cơ quan)(?:\s+(?:đầu mối|thường trực))?)?$"
)


def _doer_items(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The body a paragraph names and its tasks, each with its partners: where a sender assigns them, the
    body assigned."""
    found = _doer_items_named(text)
    if found is None:
        return None
    m = _ASSIGNED.match(found[0])
    if m and _sender(m["by"].strip()) and is_body(m["who"].strip()):
        return m["who"].strip(), found[1]
    return found


def _doer_items_named(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The body a paragraph names and its tasks, each with its partners."""
    if in_particular(text):
        m = _IN_PARTICULAR.match(text)
        assert m is not None
        found = request_items(text[m.end() :])
        return (m["who"].strip(), _acts_in(text[m.end() :])) if found else None
    asked_later = _later_asked_items(text)
    if asked_later:
        return asked_later  # "<body> vừa có công điện <subject>. Theo đó, đề nghị <bodies> <verb> …"
    m = _ASKED.match(text)  # "Theo đó, Sở X yêu cầu các đơn vị, trường học thực hiện …": the bodies asked
    if not m or not _sender(m["by"].strip()) or not _asked(m["who"].strip()):
        m = _DOER.match(text)
        if not m or not is_body(m["who"].strip()):
            found_later = (
                _doer_by_document(text)
                or _doer_after_aim(text)
                or _doer_after_citing(text)
                or _later_doer_items(text)
            )
            return found_later or _duty_items(text) or _document_asks(text) or _doer_after_setting(text)
    rest = text[m.end() :]
    found = request_items(rest)
    if found and re.search(r"\bnhằm\b", found[1][0]):
        return None  # "UBND tỉnh triển khai Tháng hành động … nhằm tăng cường …": the plan's aim
    return (m["who"].strip(), _acts_in(rest)) if found else None


# "according to the plan (this one), <bodies> (must) <verb> ...": the bodies a post's document names as
# acting, after the words that say the document says so; after a modal of obligation the clause is
# theirs whatever its verb
_DOER_BY_DOCUMENT = re.compile(
    r"^Theo\s+(?:kế hoạch|chương trình|đề án|hướng dẫn|quyết định|công văn|chỉ thị)(?:\s+này)?,\s+"
    rf"(?P<who>(?:các|những)\s[^.;:()]{{2,86}}?)\s+"
    rf"(?:(?P<need>cần|phải)\s+(?=[{LOWER}])|(?=(?:chủ trì|phối hợp|{_ACTS})[\s,]))"
)


def _doer_by_document(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The bodies a paragraph says the post's document has act (the plan's words, then the bodies and a
    modal or a verb of doing) and their tasks."""
    m = _DOER_BY_DOCUMENT.match(text)
    if m is None or not _asked(m["who"].strip()):
        return None
    rest, bound = text[m.end() :], m["need"] is not None
    found = request_items(rest, bound=bound)
    if not found or re.search(r"\bnhằm\b", found[1][0]):
        return None
    return m["who"].strip(), _acts_in(rest, bound=bound)


# "... . Besides, <bodies> (go on to) <verb> ...": a later sentence of a paragraph of a body's tasks that
# turns, after a connective, to other bodies acting
_THEN_BODIES = re.compile(
    r"^(?:Ngoài ra|Đồng thời|Bên cạnh đó|Cùng với đó),\s+"
    rf"(?P<who>(?:các|những)\s[^.;:()]{{2,86}}?)\s+(?:(?:sẽ|cũng)\s+)?(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)


def bodies_after(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The other bodies a paragraph of a body's tasks turns to in a later sentence (a connective, then a
    group of bodies and a verb of doing), each with its tasks: that sentence's and those of the sentences
    going on after it."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    sentences = _sentences(text)
    for n, sentence in enumerate(sentences[1:], start=1):
        m = _THEN_BODIES.match(sentence)
        if m is None or not _asked(m["who"].strip()):
            continue
        rest = " ".join([sentence[m.end() :], *sentences[n + 1 :]])
        found = request_items(rest)
        if found and not re.search(r"\bnhằm\b", found[1][0]):
            out.append((m["who"].strip(), _acts_in(rest)))
    return out


def _doer_after_aim(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """ "Với mong muốn <aim>, <body> đã phối hợp A, B cùng tổ chức …": the body after the paragraph's
    opening aim (the first comma followed by a capital that opens a body's name) and its tasks."""
    if not _AIM_FIRST.match(text):
        return None
    for comma in re.finditer(r",\s+", text[:300]):
        rest = text[comma.end() :]
        m = _DOER_AFTER_AIM.match(rest)
        if not rest[:1].isupper() or not m or not is_body(m["who"].strip()):
            continue
        found = request_items(rest[m.end() :])
        return (m["who"].strip(), _acts_in(rest[m.end() :])) if found else None
    # no comma sets the aim apart: a capital before the first comma that opens a body acting ends it
    first_comma = text.find(",")
    for gap in re.finditer(rf"\s+(?=[{UPPER}])", text[: first_comma if 0 < first_comma < 300 else 300]):
        rest = text[gap.end() :]
        m = _DOER_AFTER_AIM.match(rest)
        if m and is_body(m["who"].strip()) and request_items(rest[m.end() :]):
            return re.sub(r"\s+", " ", m["who"].strip()), _acts_in(rest[m.end() :])
    return None


# "Chiều 25/9, tại <place>, <body> …", "Đặc biệt, từ năm 2023-2025, <body> …", "Tại <place>, <body> …": a
# sentence that opens with when (a day, a year or years) or where the act happened, the body after it
_SETTING = re.compile(
    r"^(?:(?:đặc biệt|đồng thời|trước đó|sau đó|cũng),\s+)?"
    r"(?:(?:sáng|chiều|tối|trưa|ngày)\s+(?:nay|qua|\d{1,2}[/-]\d{1,2}(?:[/-]\d{4})?)"
    r"|(?:từ|trong|đến)\s+(?:năm|giai đoạn)\s+(?:19|20)\d\d(?:\s*[-–]\s*(?:năm\s+)?(?:19|20)\d\d)?"
    r"|năm\s+(?:19|20)\d\d|tại\s+[^.;:,]{2,80})\s*,\s+",
    re.IGNORECASE,
)
# "Ngày 28/9/2018, …": a day with its year in the opening is the task's day
_SETTING_DAY = re.compile(
    r"(?:sáng|chiều|tối|trưa|ngày)\s+\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d\d", re.IGNORECASE
)
_SETTING_YEARS = re.compile(
    r"(?:(?:từ|trong|đến)\s+)?(?:năm|giai đoạn)\s+(?:19|20)\d\d(?:\s*[-–]\s*(?:năm\s+)?(?:19|20)\d\d)?",
    re.IGNORECASE,
)


def _doer_after_setting(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    found = setting_doer(text)
    return (found[0], found[1]) if found else None


def setting_doer(text: str, known: Sequence[str] = ()) -> tuple[str, list[tuple[str, str]], str] | None:
    """ "Chiều 25/9, tại <place>, <body> phối hợp với A tổ chức …": the body after a sentence's opening time
    or place (what the first comma followed by a capital opens, where that is a body's name), its tasks,
    and the day (with its year) the opening time names, else the years the opening names ("" for a day
    without its year: no time of the task's). A body the
    text named before (``known``) may stand there by its first words only ("Trung ương Hội")."""
    for sentence in _sentences(text):
        setting = _SETTING.match(sentence)
        if setting is None:
            continue
        for comma in [setting, *re.finditer(r",\s+", sentence[setting.end() : 300])]:
            rest = sentence[comma.end() :] if comma is setting else sentence[setting.end() + comma.end() :]
            if not rest[:1].isupper():
                continue  # more of where: "…, tại <place>, phường X, <body> …"
            m = _DOER_AFTER_AIM.match(rest)
            who = m["who"].strip() if m else ""
            who = who if who and is_body(who) else _named_before(who, known)
            if not who or request_items(rest[m.end() :] if m else "") is None:
                break  # the first capital after the opening is the body's, or no body acts here
            opening = sentence[: len(sentence) - len(rest)]
            day = _SETTING_DAY.search(
                sentence[: setting.end()]
            )  # "Ngày 28/9/2018, …": the day, not a year after
            years = _SETTING_YEARS.search(opening)
            return who, _acts_in(rest[m.end() :] if m else ""), (day or years or [""])[0]
    return None


def _named_before(short: str, known: Sequence[str]) -> str:
    """ "Trung ương Hội" after "Trung ương Hội Liên hiệp Phụ nữ (LHPN) Việt Nam": the body named before whose
    first words (two or more, the first a capital) a short name is, or ""."""
    if len(short.split()) < 2 or not short[:1].isupper():
        return ""
    return next((k for k in reversed(known) if fold(k).startswith(fold(short) + " ")), "")


# "…, Thực hiện Công văn số N ngày D của <issuer> <body> <verb> …": a clause that cites a document, its issuer
# run into the body that carries it out (no comma between them)
_CITING = re.compile(
    rf"(?:^|[,.;]\s+)(?:Thực hiện|Căn cứ)\s+[{UPPER}][{LOWER}]+\s+[{LOWER}]+\s+số\s+\S+"
    r"(?:\s+ngày\s+\d[\d/]*)?\s+của\s+"
)


def _doer_after_citing(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """ "…, Thực hiện Công văn số N của Bộ X Chi đoàn Y tổ chức …": the body after the cited document's
    issuer carries it out, and its tasks follow."""
    m = _CITING.search(text)
    if m is None:
        return None
    rest = text[m.end() :]
    first = AgencyCatalogue.default().find(rest)[:1]  # the issuer: one name, the next is the body's
    after = rest[first[0].end :].lstrip() if first and first[0].start == 0 else ""
    doer = _DOER.match(after)
    if not after[:1].isupper() or doer is None or not is_body(doer["who"].strip()):
        return None
    found = request_items(after[doer.end() :])
    return (doer["who"].strip(), _acts_in(after[doer.end() :])) if found else None


# "(Thông báo này nêu rõ) các doanh nghiệp có trách nhiệm phối hợp với A trong việc …": a duty the document
# states, the bodies before "có / chịu trách nhiệm" its lead
_DUTY = re.compile(
    rf"^(?:[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+){{0,2}}\s+này\s+(?:nêu rõ|nêu|quy định|xác định|yêu cầu)\s+)?"
    r"(?P<who>[^.;:()]{2,90}?)\s+(?:có|chịu)\s+trách nhiệm\s+"
)


def _duty_items(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The bodies whose duty a paragraph states ("<bodies> có trách nhiệm <verb> …") and their tasks."""
    return _bodies_acting(_DUTY, text)


def _bodies_acting(pattern: re.Pattern[str], text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The bodies ``pattern`` names (group "who": one the catalogue knows, or a group "các …") and the
    tasks of the request after it — unless that request is an aim ("nhằm …")."""
    m = pattern.match(text)
    if m is None:
        return None
    who = m["who"].strip()
    if not is_body(who) and not re.match(r"(?:các|những)\s", who, re.IGNORECASE):
        return None
    rest = text[m.end() :]
    found = request_items(rest)
    return (who, _acts_in(rest)) if found and not re.search(r"\bnhằm\b", found[1][0]) else None


# "(Theo đó,) Kế hoạch (này) (cũng) yêu cầu các bộ, ngành … rà soát …": the document a post reports is the
# sender, and the bodies it asks (one the catalogue knows or a group, "các …") act
_DOCUMENT_ASKS = re.compile(
    r"^(?:(?:Theo đó|Đồng thời|Cụ thể),\s+)?(?:Kế hoạch|Chương trình|Đề án|Quyết định|Chỉ thị|Công văn|"
    r"Hướng dẫn|Văn bản)(?:\s+này)?\s+(?:cũng\s+)?(?:yêu cầu|đề nghị)\s+"
    rf"(?P<who>[^.;:()]{{2,90}}?)\s+(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)


def _document_asks(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The bodies a post's document asks to act ("Kế hoạch yêu cầu <bodies> <verb> …") and their tasks."""
    return _bodies_acting(_DOCUMENT_ASKS, text)


def document_asks(text: str) -> bool:
    """Whether a paragraph tells what the post's document asks bodies to do ("Kế hoạch yêu cầu các sở …")."""
    return _document_asks(text) is not None


def body_acting(text: str) -> str:
    """The body a clause opens with when a verb of doing follows it ("Chi đoàn X tổ chức …"), or ""."""
    m = _DOER.match(text)
    return m["who"].strip() if m and is_body(m["who"].strip()) else ""


# "… nêu ra nhiều nhiệm vụ … để các trường thực hiện. Theo đó, các trường học tích cực …": a later sentence of
# the paragraph that opens with "Theo đó," and names the bodies that act
_LATER_DOER = re.compile(rf"^Theo đó,\s+(?P<who>(?:các|những)\s[^.;:()]{{2,90}}?)\s+(?=(?:{_ACTS})[\s,])")
# "<body> vừa có công điện <subject>. Theo đó, đề nghị <bodies> <verb> …": a later sentence that asks with
# no sender named (the document the sentence before states asks); whom it asks may be their heads
_LATER_ASKED = re.compile(
    r"^Theo đó,\s+(?:(?:cũng|tiếp tục)\s+)?(?:yêu cầu|đề nghị)\s+"
    rf"(?P<who>[^.;:()]{{2,160}}?)\s+(?=(?:chủ trì|phối hợp|{_ACTS})[\s,])"
)
_HEAD_OF = re.compile(r"^(?:chủ tịch|giám đốc|thủ trưởng|người đứng đầu|lãnh đạo)\s+", re.IGNORECASE)


def _later_doer_items(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    for sentence in _sentences(text)[1:]:
        m = _LATER_DOER.match(sentence)
        if m and is_body(m["who"].strip()):
            found = request_items(sentence[m.end() :])
            if found and not re.search(r"\bnhằm\b", found[1][0]):
                return m["who"].strip(), _acts_in(sentence[m.end() :])
    return None


def later_request(text: str) -> bool:
    """Whether a paragraph goes on, after its first sentence, with a request that names no sender."""
    return _later_asked_items(text) is not None


def _later_asked_items(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    sentences = _sentences(text)
    for n, sentence in enumerate(sentences[1:], start=1):
        m = _LATER_ASKED.match(sentence)
        who = m["who"].strip() if m else ""
        if m and (_asked(who) or _asked(_HEAD_OF.sub("", who))):
            rest = " ".join([sentence[m.end() :], *sentences[n + 1 :]])
            found = request_items(rest)
            if found and not re.search(r"\bnhằm\b", found[1][0]):
                return who, _acts_in(rest)  # the sentences after it go on with the same bodies' tasks
    return None


_CONNECTED_ACT = re.compile(
    rf"^(?:(?:Đặc biệt|Đồng thời|Ngoài ra|Bên cạnh đó),\s+|Và\s+)?(?:cần\s+)?(?=(?:{_ACTS})[\s,])"
)


def _acts_in(rest: str, bound: bool = False) -> list[tuple[str, str]]:
    """Each task of a paragraph that goes on with its body's tasks, with its partners: its first sentence's
    (whatever its verb where the body is ``bound`` to do it), then those of each sentence after it that
    opens with a verb of doing (after a connective, or the conjunction "and" opening the sentence) or
    "Phối hợp với …" (the same body goes on), up to the first that does not."""
    acts: list[tuple[str, str]] = []
    for n, sentence in enumerate(_sentences(rest)):
        if n:  # "Đặc biệt, cần <verb> …", "Đồng thời, <verb> …": a connective and "cần" before the verb
            sentence = _CONNECTED_ACT.sub("", sentence)
        found = request_items(sentence, bound=bound and not n)
        if found is None:
            break
        if n and not _ACT.match(sentence) and not _PARTNERS.match(sentence):
            break
        acts.extend((found[0], item) for item in found[1])
    return acts


def doer_activity(text: str) -> bool:
    """Whether a paragraph tells what a body does ("Sở X chỉ đạo các trường …; …")."""
    return _doer_items(text) is not None


# a connective that says the paragraph it opens adds to the tasks before it
_ALSO = re.compile(r"^(?:Đồng thời|Bên cạnh đó|Ngoài ra),\s")
_ONE_CLAUSE = re.compile(rf"^[{UPPER}][{LOWER}]+\s[^.;:!?]{{10,200}}\.?$")


def _between_acts(node: Node, root: Node) -> bool:
    """A paragraph of one short clause with no body named, opening with a word outside the verbs of doing,
    right after a paragraph that goes on with a body's tasks and right before one that opens with a
    connective adding to them: a task of the same body (its verb opens aims as often, but the layout
    puts it in the run of tasks)."""
    if not _ONE_CLAUSE.match(node.text.strip()) or looks_like_agency(node.text.split(" ", 2)[0]):
        return False
    siblings = root.children
    index = siblings.index(node)
    after = siblings[index + 1] if index + 1 < len(siblings) else None
    return after is not None and after.kind == "para" and _ALSO.match(after.text) is not None


def split_activity_lists(root: Node) -> None:
    """Each item of a paragraph that lists activities after a colon (or a report's connective), split by
    ";", becomes an item under it (two items or more, each short), so that each is a task; so does each
    task of a paragraph that tells what a body does."""
    doer = ""
    named: list[str] = []  # the bodies found acting so far, for one named again by its first words
    previous: Node | None = None  # the paragraph whose activities were read last
    for node in list(root.children):
        if node.kind != "para" or node.children:
            doer = ""
            continue
        dated = dated_act(node.text)
        if dated:
            who, item, when, partners = dated
            _attach(
                node, Node("bullet", "-", item, node.start, node.end, doer=who, partners=partners, when=when)
            )
            doer = ""
            continue
        acts = _doer_items(node.text)
        if acts is None and named:
            again = setting_doer(node.text, named)
            acts = (again[0], again[1]) if again else None
        if acts is None and doer:
            goes_on = _acts_in(_GOES_ON.sub("", node.text))  # "Cụ thể, tiếp tục …": the same body
            acts = (doer, goes_on) if goes_on else None
        if acts is None and doer and _between_acts(node, root):
            acts = (doer, [("", node.text.strip(" ."))])
        if acts is None:
            doer = ""
            continue
        if in_particular(node.text) and fold(acts[0]) == fold(doer) and previous is not None:
            # "X yêu cầu A tăng cường công tác P." then "<in which> A tập trung …": the request was the
            # summing-up of what the bodies do in particular, no task of its own
            previous.children = [c for c in previous.children if c.doer != doer]
        doer, doings = acts
        previous = node
        named.append(doer)
        setting = setting_doer(node.text, named)
        when = setting[2] if setting and setting[0] == doer else ""
        for partners, item in doings:
            child = Node("bullet", "-", item, node.start, node.end, doer=doer, partners=partners, when=when)
            _attach(node, child)
        for other, more in bodies_after(node.text):  # a later sentence turning to other bodies
            taken = {c.text for c in node.children}
            for partners, item in more:
                if item not in taken:
                    child = Node("bullet", "-", item, node.start, node.end, doer=other, partners=partners)
                    _attach(node, child)
            doer = other
            named.append(other)
    for node in list(root.walk()):
        if node.kind != "para" or node.children or (node.parent and node not in node.parent.children):
            continue  # (a paragraph taken as a task of the list before it is gone from its parent)
        held = held_event(node.text)
        if held:
            _attach(node, Node("bullet", "-", held[0], node.start, node.end, when=held[1]))
            continue
        found = _activity_items(node.text)
        if found is None:
            continue
        items = found
        planned = bool(planned_activity(node.text) or one_of_measures(node.text))
        if planned and len(items) == 1 and items[0].rstrip().endswith(":"):
            if node.parent is root:  # "… sẽ triển khai các nhiệm vụ sau:": the lead-in of the list after it
                _attach_going_on(root, node)
            continue
        # "Các hoạt động chính bao gồm: Hướng dẫn …": the one activity a list of activities names, opening
        # with a verb of doing
        lone = len(items) == 1 and bool(_ACTIVITY_LIST.match(node.text)) and bool(_ACT.match(items[0]))
        if len(items) == 1 and not planned:
            items = _split_at_and(items[0])
        longest = _PLANNED_MAX if planned else _ACTIVITY_MAX  # a planned activity: one sentence, however long
        if len(items) < (1 if planned or lone else 2) or any(len(i) > longest for i in items):
            continue
        for item in items:
            _attach(node, Node("bullet", "-", item, node.start, node.end))
        if node.parent is root:
            _attach_going_on(root, node)
    _number(root)
    count = 0
    for node in root.children:  # a report's activities of bodies, numbered in turn across paragraphs
        for child in node.children:
            if child.doer:
                count += 1
                child.number = str(count)


# "<event> được tổ chức từ ngày D1 đến ngày D2 với nhiều hoạt động chính như:", "… gồm các hoạt động sau:":
# a paragraph that announces activities and ends at its colon — the dash items right after it are those
# activities, each a task, due by the period's end the paragraph names (if it names one)
_ACTIVITIES_LEAD_IN = re.compile(
    r"\b(?:với|gồm|có)\s+(?:nhiều|các|những|một số)\s+hoạt động(?:\s+(?:chính|trọng tâm|chủ yếu))?"
    r"\s*(?:như sau|như|sau)?\s*:\s*$"
)
_PERIOD = re.compile(
    r"(?:[Tt]ừ\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?\s*(?:-|–|đến)\s*(?:ngày\s+)?"
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
)


def attach_announced_activities(root: Node) -> None:
    """The dash items right after a paragraph that announces activities ("… với nhiều hoạt động chính
    như:") become its items, each due by the end of the period the paragraph names."""
    for node in list(root.children):
        if node.kind != "para" or node.children or not _ACTIVITIES_LEAD_IN.search(node.text):
            continue
        period = _PERIOD.search(node.text)
        after = root.children[root.children.index(node) + 1 :]
        for item in after:
            if item.kind != "bullet" or item.children:
                break
            root.children.remove(item)
            item.when = period[0] if period else item.when
            _attach(node, item)


def _attach_going_on(root: Node, listed: Node) -> None:
    """The paragraphs right after a paragraph that lists a plan's tasks, each opening with a verb of doing
    ("Tăng cường …", "Tổ chức …"), are more of its tasks, up to the first that does not open so."""
    after = root.children[root.children.index(listed) + 1 :]
    for node in after:
        if node.kind != "para" or node.children or not node.text[:1].isupper() or not _ACT.match(node.text):
            break
        root.children.remove(node)
        _attach(listed, Node("bullet", "-", node.text.strip(), node.start, node.end))


def _attach(parent: Node, node: Node) -> None:
    node.parent = parent
    parent.children.append(node)


def _repeats_heading(stack: list[Node], label: str) -> bool:
    """ "1. Nhóm …:" directly followed by "1. Mục tiêu 1 …" then "1.2." — the second "1." is "1.1"."""
    top = stack[-1]
    return (
        top.kind == "arabic" and top.label == label and not top.children and top.text.rstrip().endswith(":")
    )


def _number(node: Node) -> None:
    bullet_index = 0
    for child in node.children:
        if child.kind == "roman":
            child.number = child.label
        elif child.kind == "dotted":
            section = _section_of(node)
            child.number = f"{section}.{child.label}" if section else child.label
        elif child.kind in ("arabic", "letter"):
            child.number = f"{node.number}.{child.label}" if node.number else child.label
        elif child.kind == "paren":
            child.number = f"{node.number}.({child.label})" if node.number else f"({child.label})"
        elif child.kind in BULLETS:
            bullet_index += 1
            child.number = f"{node.number}.{bullet_index}" if node.number else str(bullet_index)
        else:
            child.number = node.number
        _number(child)


def _section_of(node: Node | None) -> str:
    while node is not None:
        if node.kind == "roman":
            return node.number
        node = node.parent
    return ""


def _roman_value(label: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for index, ch in enumerate(label):
        v = values.get(ch, 0)
        nxt = values.get(label[index + 1], 0) if index + 1 < len(label) else 0
        total += -v if v < nxt else v
    return total


def _to_roman(value: int) -> str:
    out = ""
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out += s
            value -= v
    return out


# ---------------------------------------------------------------------------------------------
# Roles of sections and sub-headings


def section_role(title: str) -> str:
    f = fold(title)
    has = lambda *words: any(w in f for w in words)  # noqa: E731
    if has("to chuc thuc hien", "trach nhiem", "phan cong"):
        return "responsibility"
    if has("muc tieu", "chi tieu") and has("nhiem vu", "giai phap", "hoat dong"):
        return "mixed"
    if has("muc dich", "yeu cau") and not has("nhiem vu", "giai phap"):
        return "purpose"
    if has("nhiem vu", "giai phap", "noi dung", "hoat dong"):
        return "tasks"
    if has("muc tieu", "chi tieu"):
        return "targets"
    if re.match(r"(?:\d+(?:\.\d+)*\.?\s*)?(?:doi tuong|pham vi)\b", f):
        return "scope"  # "Đối tượng, phạm vi và thời gian thực hiện": whom and where, not an activity
    if has("kinh phi", "nguon luc"):
        return "funding"
    if has("bao cao", "thong tin"):
        return "reporting"
    return "other"


_TARGET_HEADINGS = re.compile(
    r"^(?:cac\s+)?(?:muc tieu|chi tieu)(?:\s*(?:,|va)\s*(?:muc tieu|chi tieu))?(?: cu the)?$"
)
_TASK_HEADINGS = re.compile(r"^(?:trach nhiem|nhiem vu|giai phap|phan cong)")


def subheading_role(text: str) -> str:
    """Role of a short heading inside a section ("a) Chỉ tiêu:", "b) Trách nhiệm thực hiện:")."""
    f = fold(text).strip().rstrip(":").strip()
    if _TARGET_HEADINGS.match(f):
        return "targets"
    if _TASK_HEADINGS.match(f) and len(f) <= 80:
        return "responsibility" if f.startswith(("trach nhiem", "phan cong")) else "tasks"
    return ""


def assign_roles(root: Node) -> None:
    for section in root.children:
        if section.kind == "roman":
            section.role = section_role(section.text)
            _inherit(section, section.role)
        else:
            section.role = "preamble"
            _inherit(section, "preamble")


def _inherit(node: Node, role: str) -> None:
    for child in node.children:
        own = subheading_role(child.text) if child.kind in NUMBERED or child.kind in BULLETS else ""
        child.role = own or role
        _inherit(child, child.role)
