"""Tasks: the items of the "nhiệm vụ, giải pháp" sections and of the "tổ chức thực hiện"
responsibility section, with their lead and cooperating agencies and timeframe.

Three grammars give the agencies: explicit fields ("Đơn vị chủ trì: …", "Phối hợp: …",
"Thời gian thực hiện: …"), responsibility sentences ("Sở Y tế chủ trì, phối hợp … báo cáo kết quả
Chỉ tiêu 3") and responsibility items whose heading is the agency ("1. Sở Lao động …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from treem.core.text import fold

from .agencies import AgencyCatalogue, looks_like_agency
from .dates import make_date, parse_timeframe
from .letters import LOWER, UPPER
from .model import AgencyRef, SourceLines, TaskDraft, Timeframe
from .prose import split_groups
from .structure import (
    ACT,
    BULLETS,
    NUMBERED,
    Node,
    bodies_listed,
    listed_groups,
    planned_activity,
    subheading_role,
)

TASK_ROLES = ("tasks", "responsibility", "mixed")
_FIELD = re.compile(
    r"(?P<label>(?:Đơn vị|Cơ quan|Bộ phận)\s+(?:chủ trì|phối hợp|thực hiện)|"
    r"Chủ trì(?: thực hiện)?|Phối hợp(?: thực hiện)?|"
    r"Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?|Tiến độ(?: thực hiện)?)\s*:\s*",
    re.IGNORECASE,
)
_VERB = (
    r"chủ trì|phối hợp|lãnh đạo|chỉ đạo|có trách nhiệm|thực hiện|triển khai|tham mưu|tăng cường|xây dựng|"
    r"nghiên cứu|hướng dẫn|tổ chức|theo dõi|bố trí|nâng cao|rà soát|tiếp tục|chịu trách nhiệm"
)
_SUBJECT = re.compile(rf"^(?:Đề nghị\s+|Giao\s+)?(?P<who>[^,;:()]{{3,90}}?)\s+(?:{_VERB})\b")
_COOPERATE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)
_CHI_TIEU_REFS = re.compile(r"[Cc]hỉ tiêu\s+(\d{1,3}(?:\s*(?:,|và)\s*(?:[Cc]hỉ tiêu\s+)?\d{1,3})*)")
_CODE_REFS = re.compile(r"\bQD23-\d{2}[a-z]?\b")
_ROMAN_ITEMS = re.compile(r"\((?P<r>i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s*")
_INLINE_DEADLINE = re.compile(
    r"(?:hoàn thành|thực hiện|xong)\s+(?:trước|trong)\s+(?:ngày|quý|tháng|năm)[^.;]*"
    # a full date after "trước ngày" is a deadline whatever the verb ("gửi về … trước ngày 10/7/2018")
    r"|trước\s+ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm|/\s*\d{1,2}\s*/)\s*\d{4}",
    re.IGNORECASE,
)


# "- Cấp tỉnh:", "- Cấp huyện, cấp xã: Tổ chức …": an activity's item headed by the level of government
# that carries it out (its text after the colon, or the paragraphs under an empty heading).
_LEVEL = r"cấp\s+(?:trung ương|tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|cơ sở|thôn|bản|tổ dân phố)"
_LEVEL_HEAD = re.compile(
    rf"^(?P<who>{_LEVEL}(?:\s*(?:,|và)\s*{_LEVEL})*)\s*:\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL
)
# The body that opens a paragraph under such a heading: "Ủy ban nhân dân tỉnh dự kiến tổ chức …".
_PLANNED_BY = re.compile(rf"^(?P<who>[^,;:()]{{3,90}}?)\s+(?:cũng\s+)?(?:dự kiến|sẽ)\s+(?=[{LOWER}])")
_COMMITTEE = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\b")
# "đến ngày D/M/YYYY", "vào 8h00, ngày D/M/YYYY": the day an activity is held or done by.
_ON_DAY = re.compile(
    r"(?:\bđến|\bvào)\b[^.;()]{0,25}?ngày\s*(?:thứ\s+\w+,?\s*)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}",
    re.IGNORECASE,
)


# "từ ngày D1 đến D2-M-Y", "từ ngày D1/M đến ngày D2/M/Y": a range of days whose last day is written in
# full, the first day's month or year left to it; the task is done by that last day
_DAY_RANGE = re.compile(
    r"\btừ\s+ngày\s*\d{1,2}(?:\s*[/.-]\s*\d{1,2}){0,2}\s*(?:đến|tới|-)\s*"
    r"(?P<end>(?:ngày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})(?!\d)",
    re.IGNORECASE,
)


# "vào 19h30 ngày 30/5", "đến ngày 15/6": a day written without its year (a report on this year's plan).
_ON_DAY_MONTH = re.compile(
    r"(?:\bđến|\bvào)\b[^.;()]{0,25}?ngày\s*(?:thứ\s+\w+,?\s*)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?!\s*/\s*\d)",
    re.IGNORECASE,
)


def date_in_plans_year(tasks: list[TaskDraft], year: int) -> None:
    """A task with no timeframe whose text holds a day without its year ("… vào 19h30 ngày 30/5 …")
    is done on that day of the plan's year."""
    for task in tasks:
        if task.timeframe.kind or task.is_heading:
            continue
        m = _ON_DAY_MONTH.search(task.title)
        on = make_date(year, int(m["m"]), int(m["d"])) if m else None
        if m and on:
            task.timeframe = Timeframe("date", None, None, on, m.group(0))


@dataclass
class _Context:
    catalogue: AgencyCatalogue
    tasks: list[TaskDraft] = field(default_factory=list)


def build_tasks(root: Node, catalogue: AgencyCatalogue) -> list[TaskDraft]:
    ctx = _Context(catalogue)
    sectioned = any(section.kind == "roman" for section in root.children)
    for section in root.children:
        if section.kind == "roman" and section.role == "tasks":
            _group_activities(section)
    for section in root.children:
        if section.kind == "roman" and section.role in TASK_ROLES:
            _visit(section, ctx, [], 1)
        elif not sectioned and section.kind in NUMBERED and section.role in TASK_ROLES:
            _visit(section, ctx, [], 1)  # a body without "I.", "II.": its numbered items are the tasks
        elif not sectioned and section.kind in BULLETS and section.role in TASK_ROLES and section.children:
            _visit(section, ctx, [], 1)  # "- Các sở …:" then "+ …" items: a group of requests
        elif not sectioned and section.kind == "para" and section.role in TASK_ROLES:
            # "Theo đó, UBND tỉnh dự kiến tổ chức …": the body that will carry out a planned activity
            doer = _planner(section.text, catalogue) if planned_activity(section.text) else []
            for item in section.children:  # "Nội dung hoạt động gồm: A; B; C", split into its items
                if item.kind in BULLETS:
                    _visit(item, ctx, doer, 1)
    return ctx.tasks


def request_task(
    request: str,
    addressee: str,
    lines: SourceLines,
    catalogue: AgencyCatalogue,
    *,
    number: str = "1",
    partners: str = "",
) -> TaskDraft:
    """A letter's request a post reports ("… đã có công văn đề nghị 63 tỉnh thành hỗ trợ …"): a task,
    led by whom the letter asks, with the bodies it asks them to work with."""
    return TaskDraft(
        number=number,
        level=1,
        title=_title(request, False),
        body=request,
        lead=catalogue.split(addressee) if addressee else [],
        cooperating=catalogue.split(partners) if partners else [],
        timeframe=_timeframe({}, request),
        indicator_refs=indicator_refs(request),
        lines=lines,
        is_heading=False,
    )


def _planner(text: str, catalogue: AgencyCatalogue) -> list[AgencyRef]:
    """The agency that opens a report's sentence on what will be done, after its connective."""
    m = _PLANNED_BY.match(_CONNECTIVE.sub("", text))
    if m is None:
        return []
    refs, _ = catalogue.leading(m["who"])
    return refs


# "Theo đó, UBND tỉnh dự kiến tổ chức …": a report's connective before the body that acts
_CONNECTIVE = re.compile(r"^(?:Theo đó|Bên cạnh đó|Cùng với đó|Ngoài ra|Đồng thời),\s+")


def is_field(text: str) -> bool:
    m = _FIELD.match(text)
    return bool(m and m.start() == 0)


def _is_activity_heading(node: Node) -> bool:
    return node.kind == "para" and node.text.rstrip().endswith(":") and len(node.text) <= 150


def _group_activities(section: Node) -> None:
    """A task section without numbered items (their numbers lost, as in a flattened copy) that lists
    its activities under short headings ending in ":" ("Tổ chức hoạt động truyền thông:" then "- …"):
    each heading is a task whose "- …" items are its tasks."""
    if any(c.kind in NUMBERED for c in section.children):
        return
    children: list[Node] = []
    heading: Node | None = None
    for child in section.children:
        if _is_activity_heading(child) and not is_field(child.text):
            heading = child
            children.append(child)
        elif heading is not None and child.kind in BULLETS and not is_field(child.text):
            child.parent = heading
            heading.children.append(child)
        else:
            heading = None
            children.append(child)
    section.children = children
    index = 0
    for child in children:
        if _is_activity_heading(child) and child.children:
            index += 1
            child.number = f"{section.number}.{index}"
            for position, item in enumerate(child.children, 1):
                item.number = f"{child.number}.{position}"


def _task_children(node: Node, catalogue: AgencyCatalogue) -> list[Node]:
    numbered = [c for c in node.children if c.kind in NUMBERED and c.role in TASK_ROLES]
    if numbered or node.role not in TASK_ROLES:
        return numbered
    groups = [
        c for c in node.children if _is_activity_heading(c) and any(b.kind in BULLETS for b in c.children)
    ]
    if node.kind == "roman" and groups:
        return groups
    # "Thăm hỏi trẻ em …:" over "- …" items, or "- Các sở, ban, ngành …:" over "+ …" items
    agencies_heading = (
        node.kind in BULLETS
        and node.parent is not None
        and node.parent.kind == "root"  # only where a body has no sections: a letter's request groups
        and node.text.rstrip().endswith(":")
        and len(node.text) <= 150
    )
    if (_is_activity_heading(node) or agencies_heading) and node.children:
        return [c for c in node.children if c.kind in BULLETS and not is_field(c.text)]
    # a numbered group of activities (what the group does and what for) whose dash items, two or more,
    # each open with a verb of doing: each item is a task, as under an activity heading (not a body's
    # duties under its name, in a section of responsibilities)
    acts = [c for c in node.children if c.kind in BULLETS and not is_field(c.text)]
    # … or, one or more, after the lines the item's colon announced (a table, a list)
    grouped = node.kind in NUMBERED and node.role == "tasks" and (len(acts) >= 2 or (_closed(node) and acts))
    if grouped and all(ACT.match(c.text) for c in acts):
        return acts
    if _task_over_its_own(node):
        return [c for c in node.children if c.kind == "plus"]
    levels = [c for c in node.children if c.kind in BULLETS and _LEVEL_HEAD.match(c.text)]
    if levels and node.kind in NUMBERED:
        _gather_under_levels(node)
        return levels
    loose = [c for c in node.children if (c.kind in BULLETS or c.kind == "para") and not is_field(c.text)]
    starting = [c for c in loose if catalogue.leading(c.text)[0] or _unknown_subject(c.text)]
    bullets = [c for c in loose if c.kind in BULLETS]
    if starting and (
        len(starting) * 2 > len(bullets) or (node.kind == "roman" and node.role == "responsibility")
    ):
        return starting if not bullets else [c for c in loose if c in starting or c.kind in BULLETS]
    return []


# a verb a plan's sub-item opens with to say where to put the weight of its item's task
_STRESS = re.compile(r"^(?:chú trọng|tập trung|ưu tiên|quan tâm)\s", re.IGNORECASE)


def _task_over_its_own(node: Node) -> bool:
    """A dash item that is a whole task (a sentence, no colon) over "+" items that each open with a verb
    of doing or of stress: the item is a task and so is each "+" item under it."""
    if node.kind != "bullet" or node.text.rstrip().endswith(":"):
        return False
    plus = [c for c in node.children if c.kind == "plus"]
    return (
        bool(plus)
        and len(plus) == len(node.children)
        and all(ACT.match(c.text) or _STRESS.match(c.text) for c in plus)
    )


def _closed(node: Node) -> bool:
    """A numbered item of activities whose colon announces lines of its own (a table's rows, a list)
    before any dash item: those lines are the item's own task; a dash item after them that opens with a
    verb of doing is a further task, not a part of the list."""
    return (
        node.kind in NUMBERED
        and node.role == "tasks"
        and node.text.rstrip().endswith(":")
        and bool(node.children)
        and node.children[0].kind == "para"
    )


def _gather_under_levels(node: Node) -> None:
    """The paragraphs after an empty level heading ("- Cấp tỉnh:") up to the next item are its own."""
    kept: list[Node] = []
    heading: Node | None = None
    for child in node.children:
        if child.kind in BULLETS or child.kind in NUMBERED:
            m = _LEVEL_HEAD.match(child.text) if child.kind in BULLETS else None
            heading = child if m and not m["rest"].strip() else None
            kept.append(child)
        elif heading is not None and child.kind == "para":
            child.parent = heading
            heading.children.append(child)
        else:
            kept.append(child)
    node.children = kept


def _level_task(node: Node, catalogue: AgencyCatalogue) -> tuple[str, list[AgencyRef], str] | None:
    """A level's item: its text, its lead (the levels named, or the body that opens the paragraph
    under an empty heading) and the text its deadline is read from."""
    m = _LEVEL_HEAD.match(node.text) if node.kind in BULLETS else None
    if m is None:
        return None
    rest = m["rest"].strip()
    if rest:
        levels = [w.strip() for w in re.split(r"\s*(?:,|\bvà\b)\s*", m["who"]) if w.strip()]
        return rest, [AgencyRef(w, None, None, "") for w in levels], rest
    for child in node.children:
        planned = _PLANNED_BY.match(child.text) if child.kind == "para" else None
        if planned is None:
            continue
        who = planned["who"].strip()
        refs, _ = catalogue.leading(who)
        if not refs and (_COMMITTEE.match(who) or looks_like_agency(who)):
            refs = [AgencyRef(who, None, None, "")]
        if refs:
            return child.text[planned.end() :], refs, child.text
    return None


def _has_task_descendant(node: Node, catalogue: AgencyCatalogue) -> bool:
    children = _task_children(node, catalogue)
    if node.role in ("tasks", "responsibility") and node.kind != "roman":
        return True
    return any(_has_task_descendant(c, catalogue) for c in children)


def _visit(node: Node, ctx: _Context, inherited: list[AgencyRef], level: int) -> None:
    children = _task_children(node, ctx.catalogue)
    if node.role == "mixed" and node.kind != "roman":
        children = [c for c in children if _has_task_descendant(c, ctx.catalogue)]
        if not children:
            return
    own_text = node.text
    listed = _list_it_announces(node)
    if listed is not None:  # an item announcing its parts, over a line that lists them
        own_text = f"{own_text} {listed.text}"
        children = [c for c in children if c is not listed]
    fields = _fields(node)
    lead: list[AgencyRef] = []
    cooperating: list[AgencyRef] = []
    level_task = _level_task(node, ctx.catalogue)
    if level_task is not None:
        children = []  # the paragraphs under an empty level heading are the task's own text
        own_text, lead, when = level_task
        day = _ON_DAY.search(when)
        if day and "time" not in fields:
            fields["time"] = day[0]
    elif node.prose:  # a task a paragraph's sentence tells ("… giao các phòng, các thôn rà soát …")
        lead = split_groups(node.doer, ctx.catalogue) if node.doer else []
        cooperating = _partner_groups(node.partners, ctx.catalogue)
    elif node.doer:  # a report's activity of the body its paragraph names ("Sở X chỉ đạo …; …")
        lead = _body_refs(node.doer, ctx.catalogue)
        cooperating = ctx.catalogue.split(node.partners) if node.partners else []
    elif node.kind != "roman" and not subheading_role(own_text):
        lead, cooperating = _agencies(node, fields, ctx.catalogue)
    if (
        not lead
        and node.role == "responsibility"
        and node.kind in NUMBERED[1:]
        and (children or _is_title_only(node))
    ):
        head = re.sub(r"^(?:Đề nghị|Giao|Đối với)\s+", "", own_text.split(":", 1)[0])
        if len(head) <= 200 and (looks_like_agency(head) or ctx.catalogue.find(head)):
            lead = ctx.catalogue.split(head)
    task_lead = lead or inherited
    if node.role == "responsibility" and node.kind in NUMBERED[1:] and not node.children:
        name = own_text.strip(" :.")
        refs, end = ctx.catalogue.leading(name)
        if refs and not name[end:].strip(" ,"):
            return  # "1. Công an tỉnh" and nothing under it (the page cut its items): no task
    if node.kind == "roman" and not node.children and own_text.strip(" :.").isupper():
        return  # "III. NỘI DUNG CHƯƠNG TRÌNH" and nothing under it (the page cut its items): no task
    if node.when and "time" not in fields:
        fields["time"] = node.when  # "…, từ năm 2023-2025, <body> …": the years its sentence opens with
    timeframe = _timeframe(fields, own_text)
    if node.when:  # "Từ ngày 30/5 - 01/6/2019, <event> sẽ được tổ chức …", "Ngày D, <body> tổ chức …"
        timeframe = parse_timeframe(node.when)
    body_parts = [own_text] + [
        _body_line(c) for c in node.walk()[1:] if _is_body(c, node, children) and not is_field(c.text)
    ]
    # an item whose colon's own lines come before its dash items is a task as well as their heading
    is_heading = bool(children) and not (_closed(node) and all(c.kind in BULLETS for c in children))
    is_heading = is_heading and not _task_over_its_own(node)
    title = _title(own_text, is_heading)
    lines = SourceLines(node.start, node.end if is_heading else node.extent_end)
    task = TaskDraft(
        number=node.number,
        level=level,
        title=title,
        body="\n".join(p for p in body_parts if p),
        lead=task_lead,
        cooperating=cooperating,
        timeframe=timeframe,
        indicator_refs=indicator_refs(own_text),
        lines=lines,
        is_heading=is_heading,
    )
    ctx.tasks.append(task)
    if not children:
        _split_roman_items(task, ctx)
        return
    loose = 0
    before = len(ctx.tasks)
    for child in children:
        if child.kind == "para" and not (_is_activity_heading(child) and child.children):
            loose += 1
            child.number = f"{node.number}.{loose}"
        _visit(child, ctx, task_lead, level + 1)
    if node.kind == "roman" and len(ctx.tasks) == before:
        ctx.tasks.remove(task)  # a section whose only item was a bare agency's name: nothing to do


# An item that announces what it consists of (the verb for "consist of", up to three small words, a
# colon) and, under it, the list alone: one plain paragraph of names with commas, no sentence (no final
# stop, no colon).
_ANNOUNCES_LIST = re.compile(rf"\b(?:bao\s+)?gồm(?:\s+có)?(?:\s+[{LOWER}]+){{0,3}}\s*:$")


def _list_it_announces(node: Node) -> Node | None:
    if node.kind not in NUMBERED or not _ANNOUNCES_LIST.search(node.text.rstrip()):
        return None
    if len(node.children) != 1:
        return None
    child = node.children[0]
    text = child.text.strip()
    if child.kind != "para" or child.children or len(text) > 200 or "," not in text:
        return None
    return None if text.endswith((".", ":", ";")) else child


def _is_body(candidate: Node, owner: Node, task_children: list[Node]) -> bool:
    current: Node | None = candidate
    while current is not None and current is not owner:
        if current in task_children:
            return False
        current = current.parent
    return True


def _body_line(node: Node) -> str:
    if node.kind in BULLETS:
        return f"{node.label} {node.text}"
    if node.kind in NUMBERED:
        return f"{node.label}) {node.text}" if node.kind == "letter" else f"{node.label}. {node.text}"
    return node.text


def _is_title_only(node: Node) -> bool:
    return len(node.text) <= 200 and not node.text.rstrip().endswith(".")


_BREAK = re.compile(rf"(?<=[^\d\s][.;:])\s+(?=[{UPPER}(])")


def _opens_list(before: str, after: str) -> bool:
    """A colon after a whole clause (five words or more) followed by a short item and a comma opens a
    list inside the sentence ("Đổi mới truyền thông trên các phương tiện: Trang thông tin điện tử xã,
    loa truyền thanh, …"); after a short label ("Tuyên truyền: Tổ chức …") it ends the title."""
    subject = re.sub(r"^(?:Đề nghị|Giao)\s+", "", before.strip())
    if looks_like_agency(subject):
        return False  # "Sở Kế hoạch và Đầu tư: Chủ trì, phối hợp …": the agency, then its task
    return len(before.split()) >= 5 and bool(re.match(r"^[^,;:.]{2,40},\s", after))


def task_title(text: str, is_heading: bool) -> str:
    """A task's title: the first sentence of its text (a table's row, an item)."""
    return _title(text, is_heading)


def _title(text: str, is_heading: bool) -> str:
    text = text.strip()
    if is_heading:
        text = text.rstrip(":").strip()
    sentence = text
    for m in _BREAK.finditer(text):
        if text[m.start() - 1] == ":" and _opens_list(text[: m.start() - 1], text[m.end() :]):
            continue  # "… trên các phương tiện: Trang thông tin điện tử xã, …" goes on
        sentence = text[: m.start()]
        break
    if len(sentence) > 220:
        cut = sentence[:220].rsplit(" ", 1)[0]
        sentence = cut + " …"
    return sentence.rstrip(";:")


def _fields(node: Node) -> dict[str, str]:
    """Explicit "Đơn vị chủ trì: …" fields, in child bullets or inline in the text."""
    texts = [node.text] + [c.text for c in node.children if c.kind in BULLETS or c.kind == "para"]
    out: dict[str, str] = {}
    for text in texts:
        matches = list(_FIELD.finditer(text))
        for index, m in enumerate(matches):
            if m.start() != 0 and text[m.start() - 1] not in " .;-":
                continue
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            value = text[m.end() : end].strip().rstrip(".;-").strip()
            label = fold(m["label"])
            leads = "chu tri" in label or (label.endswith("thuc hien") and "thoi" not in label)
            key = "lead" if leads else ""
            key = "cooperating" if "phoi hop" in label else key
            key = "time" if label.startswith(("thoi gian", "thoi han", "tien do")) else key
            if key and key not in out:
                out[key] = value
    return out


def _partner_groups(partners: str, catalogue: AgencyCatalogue) -> list[AgencyRef]:
    """The bodies a prose task is done with; where ";" separates groups of them ("các sở, ngành; các
    hội, đoàn thể của tỉnh; UBND các huyện …"), each group as "các" governs it."""
    if ";" not in partners:
        return catalogue.split(partners) if partners else []
    return [ref for group in partners.split(";") if group.strip() for ref in split_groups(group, catalogue)]


def _agencies(
    node: Node, fields: dict[str, str], catalogue: AgencyCatalogue
) -> tuple[list[AgencyRef], list[AgencyRef]]:
    lead: list[AgencyRef] = []
    cooperating: list[AgencyRef] = []
    if "lead" in fields:
        lead = catalogue.split(fields["lead"])
    if "cooperating" in fields:
        cooperating = catalogue.split(fields["cooperating"])
    if lead:
        return lead, cooperating
    text = re.sub(r"^(?:Đề nghị|Giao|Đối với)\s+", "", node.text)
    refs, _ = catalogue.leading(text)
    if not refs:
        refs = _responsible_inside(text, catalogue)
    if refs:
        lead = refs
    else:
        unknown = _unknown_subject(text)
        if unknown:
            lead = [AgencyRef(unknown, None, None, "")]
    if not cooperating:
        texts = [node.text] + [c.text for c in node.children if c.kind == "para"]
        for text in texts:
            m = _COOPERATE.search(text)
            if m:
                cooperating, _ = catalogue.leading(text[m.end() :])
                break
    return lead, cooperating


def _body_refs(who: str, catalogue: AgencyCatalogue) -> list[AgencyRef]:
    """The agencies a subject names, or the subject whole where it names units as a whole ("Các đơn
    vị, trường học")."""
    refs, end = catalogue.leading(who)
    if refs and not who[end:].strip(" ,"):
        return refs
    if bodies_listed(who):  # "các sở, ngành thành viên Ban …, chăm sóc trẻ em, UBND các huyện, thị xã"
        return [_whole_body(group, catalogue) for group in listed_groups(who)]
    # "các cơ sở GD, các trường học": each "các …" after a comma names a group of its own
    return [AgencyRef(part.strip(), None, None, "") for part in re.split(r",\s+(?=(?:các|những)\s)", who)]


def _whole_body(name: str, catalogue: AgencyCatalogue) -> AgencyRef:
    """The catalogue's agency a name is whole, or the name itself."""
    refs, end = catalogue.leading(name)
    return refs[0] if len(refs) == 1 and not name[end:].strip(" ,") else AgencyRef(name, None, None, "")


_RESPONSIBLE = re.compile(r"\s*(?:có trách nhiệm|chịu trách nhiệm|chủ trì)\b", re.IGNORECASE)


def _responsible_inside(text: str, catalogue: AgencyCatalogue) -> list[AgencyRef]:
    """ "Căn cứ …, UBND các phường, xã có trách nhiệm …" → the agency before "có trách nhiệm"."""
    sentence = re.split(r"\.\s", text, maxsplit=1)[0]
    for mention in catalogue.find(sentence):
        if _RESPONSIBLE.match(sentence, mention.end):
            return [mention.ref]
    return []


def _unknown_subject(text: str) -> str:
    """The subject of "Ban Quản lý … chủ trì …" when it is no catalogue agency."""
    m = _SUBJECT.match(text)
    if m and looks_like_agency(m["who"]):
        return m["who"].strip()
    head = text.split(":", 1)[0].strip()
    if ":" in text and len(head) <= 90 and looks_like_agency(head):
        return head
    return ""


# "… trong năm học 2024 - 2025." at the end of a task: the school year it runs through
_SCHOOL_YEAR_END = re.compile(r"\bnăm học\s+(?:19|20)\d\d\s*-\s*(?:19|20)\d\d(?=\s*[.;]?\s*$)", re.IGNORECASE)


# a task that opens with how often it recurs ("định kỳ tổ chức …", "thường xuyên kiểm tra …"): ongoing
_RECURRING = re.compile(r"^(?:định kỳ|thường xuyên)\s", re.IGNORECASE)


def _timeframe(fields: dict[str, str], text: str) -> Timeframe:
    if "time" in fields:
        return parse_timeframe(fields["time"])
    m = _INLINE_DEADLINE.search(text) or _ON_DAY.search(text) or _SCHOOL_YEAR_END.search(text)
    if m:
        return parse_timeframe(m.group(0))
    recurring = _RECURRING.match(text.strip())
    if recurring:
        return parse_timeframe(recurring.group(0))
    days = _DAY_RANGE.search(text)
    if days:
        return parse_timeframe(days["end"])
    return Timeframe()


def indicator_refs(text: str) -> list[str]:
    refs: list[str] = []
    for m in _CHI_TIEU_REFS.finditer(text):
        for number in re.findall(r"\d{1,3}", m.group(1)):
            label = f"Chỉ tiêu {int(number)}"
            if label not in refs:
                refs.append(label)
    for code in _CODE_REFS.findall(text):
        if code not in refs:
            refs.append(code)
    return refs


def _split_roman_items(task: TaskDraft, ctx: _Context) -> None:
    """ "Sở GD&ĐT chủ trì triển khai: (i) …; (ii) …" → one child task per item."""
    own = task.body.split("\n", 1)[0]
    matches = list(_ROMAN_ITEMS.finditer(own))
    if len(matches) < 2 or matches[0]["r"] != "i" or matches[1]["r"] != "ii":
        return
    task.is_heading = True
    intro = own[: matches[0].start()].strip().rstrip(":").strip()
    task.title = intro or task.title
    for index, m in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(own)
        text = own[m.end() : end].strip().rstrip(";.").strip()
        ctx.tasks.append(
            TaskDraft(
                number=f"{task.number}.{m['r']}",
                level=task.level + 1,
                title=_title(text, False),
                body=text,
                lead=list(task.lead),
                cooperating=list(task.cooperating),
                timeframe=task.timeframe,
                indicator_refs=indicator_refs(text),
                lines=task.lines,
                is_heading=False,
            )
        )
