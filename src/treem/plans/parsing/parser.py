"""``parse_plan``: normalised text → ``PlanDraft``."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
from decimal import Decimal

from treem.core.text import fold

from .agencies import AgencyCatalogue
from .criteria import collect_criteria
from .deadlines import collect_deadlines
from .diacritics import (
    NO_DIACRITICS_WARNING,
    document_words,
    lacks_diacritics,
    restore_marks,
    restore_stretches,
    some_lines_warning,
)
from .extract import PlanFileError, to_unicode
from .glued import GLUED_WARNING, split_glued, split_glued_plain
from .header import (
    GROUNDS_HEADING,
    carried_out_in_sentences,
    cited_in_clauses,
    issuer_of_code,
    parse_citations,
    parse_head,
    read_statement,
)
from .indicators import IndicatorCatalogue
from .letters import LOWER, UPPER
from .model import (
    AgencyRef,
    Citation,
    DeadlineDraft,
    DocumentHead,
    PlanDraft,
    SourceLines,
    TargetDraft,
    TaskDraft,
)
from .normalise import Block, marker_of, normalise, paragraphs, raw_lines
from .ocr import OCR_WARNING, repair_ocr
from .prose import asks_list, directs_inside, prose_tasks, read_prose_tasks, sentences
from .structure import (
    Node,
    assign_roles,
    attach_announced_activities,
    build_outline,
    component_items,
    dated_act,
    dated_act_inside,
    document_asks,
    doer_activity,
    first_section_index,
    held_event,
    later_request,
    one_of_measures,
    planned_activity,
    request_items,
    section_role,
    sets_out_inside,
    sets_out_tasks,
    split_activity_lists,
)
from .tables import find_layout_tables, find_tables, table_tasks
from .targets import (
    EVERY_YEAR,
    LEADING_EVERY_YEAR,
    REACH_COUNT,
    TargetSource,
    collect_targets,
    continues_subjects,
    counts_at_least,
    opens_with_count,
    reaches_count,
    states_a_measure,
    verb_then_count,
)
from .tasks import build_tasks, date_in_plans_year, request_task, task_title

_HORIZON = re.compile(
    r"(?:đến|tới)\s+năm\s+(?P<y>20\d\d)|giai đoạn\s+(?:20\d\d\s*-\s*)?(?P<e>20\d\d)", re.IGNORECASE
)
# "… NĂM HỌC: 2023-2024": a plan for a school year, two calendar years — a target that names no year of its
# own is for neither, not for the year of the plan's date
_SCHOOL_YEAR_TITLE = re.compile(r"\bnăm học\s*:?\s*20\d\d\s*[-–]\s*20\d\d\b", re.IGNORECASE)
# "dự án … giai đoạn 2 (2009-2011) … đã chính thức được triển khai": the period of a scheme's phase
_PHASE = re.compile(r"\bgiai đoạn\s+(?:[1-9]|I{1,3}|IV|V)\s*\(\s*20\d\d\s*[-–]\s*(?P<e>20\d\d)\s*\)", re.I)


def parse_plan(
    text: str, *, agencies: AgencyCatalogue | None = None, indicators: IndicatorCatalogue | None = None
) -> PlanDraft:
    agencies = agencies or AgencyCatalogue.default()
    indicators = indicators or IndicatorCatalogue.default()
    warnings: list[str] = []
    try:
        text, legacy = to_unicode(text)
    except PlanFileError as exc:
        legacy = ""
        warnings.append(str(exc))
    if legacy:
        warnings.append(
            f"Văn bản được gõ bằng bảng mã {legacy}; Treem đã chuyển sang Unicode. "
            "Hãy đối chiếu các trường với bản gốc trước khi lưu."
        )
    text, repaired = repair_ocr(text)
    if repaired:
        # a scan's letters read as digits ("s6" for "số"): put right before anything reads the text
        warnings.append(OCR_WARNING.format(count=repaired))
    text, unglued = split_glued(text)
    if unglued:
        # words a page's text extraction glued together ("trẻem", "năm2025"): apart before anything reads them
        warnings.append(GLUED_WARNING.format(count=unglued))
    lines = normalise(text)
    shown = lines
    plain = lacks_diacritics(text)
    if plain:
        # no diacritics ("Ke hoach … tre em"): the grammar reads a copy with its own words' marks put back,
        # the draft shows the document's own letters
        # (before the clean-up, whose filters of a page's chrome — "Chào mừng bạn đến với …" — read marks)
        warnings.append(NO_DIACRITICS_WARNING)
        text, more = split_glued_plain(text)
        if more:
            # two words without marks glued together: apart before the marks are put back
            warnings = [w for w in warnings if w != GLUED_WARNING.format(count=unglued)]
            warnings.append(GLUED_WARNING.format(count=unglued + more))
        raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        # the restored text keeps its spacing: a table laid out with spaces (a PDF's) is read by columns
        text = "\n".join(restore_marks(line) for line in raw)
        lines = normalise(text)
        stretches: list[tuple[int, int]] = []
    else:
        # … or only a part of it (a body typed under a header copied with its marks)
        lines, stretches = restore_stretches(lines)
        if stretches:
            warnings.append(some_lines_warning(stretches))
            text = "\n".join(lines)
    tables = find_tables(raw_lines(text))
    taken = {i for t in tables for i in range(t.start, t.end + 1)}
    tables += [t for t in find_layout_tables(text) if not taken & set(range(t.start, t.end + 1))]
    tables.sort(key=lambda t: t.start)
    in_tables = {i for t in tables for i in range(t.start, t.end + 1)}
    # a task table's lines are read as its rows, not as paragraphs
    read_lines = [("" if i in in_tables else line) for i, line in enumerate(lines)] if in_tables else lines
    blocks, announced = _split_announced(paragraphs(read_lines))
    blocks = _split_dated_acts(blocks)
    body_start = first_section_index(blocks)
    no_sections = body_start == len(blocks)
    if no_sections:
        body_start = _body_without_sections(blocks, announced)
        warnings.append(
            "Không thấy các mục đánh số La Mã (I., II., …); cấu trúc được đoán từ các mục 1., 2., …"
        )
    body_start = _past_grounds(blocks, body_start)
    head = parse_head(blocks, body_start)
    if not head.issuer and (central := issuer_of_code(head.number)):
        # a document its text names no body for (a post: "a deputy minister signed Decision N/QĐ-TTg"):
        # the central body its number's code names, as for a cited one
        head = dataclasses.replace(head, issuer=central)
    title = head.title
    title_block = next((b for b in blocks if title and _holds_title(b.text, title)), None)
    own = re.sub(r"\s+", "", fold(head.number))
    cites = [c for c in parse_citations(blocks, body_start, title_block) if not own or fold(c.number) != own]
    if no_sections:
        known = {fold(c.number) for c in cites}
        cites += [c for c in cited_in_clauses(blocks) if fold(c.number) not in known | {own}]
        known = {fold(c.number) for c in cites}
        cites += [c for c in carried_out_in_sentences(blocks) if fold(c.number) not in known | {own}]
    # a cited document whose issuer the text does not name: the central body its number's code names
    cites = [dataclasses.replace(c, issuer=issuer_of_code(c.number)) if not c.issuer else c for c in cites]

    body_end = _closing_index(blocks, body_start)
    body = blocks[body_start:body_end]
    if (
        no_sections
        and body_start > 0
        and title_block is not blocks[0]
        and (headline := _headline_measure(blocks[0])) is not None
        and not _said_again(blocks[0], blocks[1:body_end])
    ):
        body = [headline, *body]  # a page whose headline states the plan's measure: "Giảm tỷ lệ … còn 38%"
    if no_sections and 0 < body_start <= len(blocks):
        before = _measures_pointed_back(blocks[body_start - 1])
        body = [before, *body] if before is not None else body
    root = build_outline(body, warnings)
    assign_roles(root)
    _measures_among_aims(root)
    if no_sections:
        split_activity_lists(root)
        attach_announced_activities(root)
        read_prose_tasks(
            root,
            listed=0 < body_start <= len(blocks) and asks_list(blocks[body_start - 1].text),
            issuers=tuple(head.issuer.split(", ")) if head.issuer else (),
        )
        _guess_roles(root, head.date.year if head.date else None, announced)
        for node in list(root.children):
            if node.kind == "para" and not node.children and node.role not in ("targets", "purpose"):
                _measures_after_aims(node, root)  # a post's paragraph whose later sentence states a measure
    purposes = _purposes(root)
    funding = _funding(root)
    tasks = build_tasks(root, agencies) + table_tasks(tables, agencies, task_title)
    if no_sections:
        tasks = _with_letter_requests(_letter_request(blocks[:body_start], agencies), tasks)
    if head.date is not None:
        date_in_plans_year(tasks, head.date.year)

    horizon = _horizon(head)
    if not horizon and no_sections and body_start > 0:
        # a title with no year ("Triển khai Quyết định số 830/QĐ-TTg …"): the sentence that introduces
        # the body names the programme's period ("… giai đoạn 2021 - 2025” (Kế hoạch); theo đó, …:")
        m = _HORIZON.search(blocks[body_start - 1].text)
        horizon = (m["y"] or m["e"]) if m else ""
    if not horizon and not head.number and head.date is None:
        # a post on a scheme's phase ("dự án … giai đoạn 2 (2009-2011) … được triển khai"): its end
        m = next((p for b in blocks[: max(body_start, 1)] if (p := _PHASE.search(b.text))), None)
        horizon = m["e"] if m else ""
    if not horizon and head.date is not None and not _SCHOOL_YEAR_TITLE.search(head.title):
        horizon = str(head.date.year)  # no period written anywhere: the targets are for the plan's year
    if not horizon and no_sections and not head.number:
        # a report with no date or period that says the year it strives for ("Theo đó, X phấn đấu đến năm
        # 2020, giảm …"): the year of the measures after it, even where one is compared with a year before
        reached = {m["y"] for m in _STRIVES_TO.finditer(text)}
        horizon = reached.pop() if len(reached) == 1 else ""
    if not horizon and no_sections and not head.number:
        # a report with no date or period: "… giảm … so với năm 2024" compares this year's plan with
        # the year before it
        compared = {int(y) for y in _COMPARED_WITH.findall(text)}
        horizon = str(compared.pop() + 1) if len(compared) == 1 else ""
    implements_qd23 = any(c.number.upper().startswith(("23/QĐ-TTG", "23/QD-TTG")) for c in cites) or (
        "23/qd-ttg" in fold(text)
    )
    sources = collect_targets(root, indicators, implements_qd23=implements_qd23, horizon=horizon)
    _assign_target_leads(sources, tasks, root)
    targets = [s.draft for s in sources]

    deadlines, deadline_warnings = collect_deadlines(blocks[body_start:body_end], agencies)
    deadlines = [d for d in deadlines if not _a_tasks_own_date(d, tasks)]
    warnings.extend(deadline_warnings)
    criteria = collect_criteria(root)

    unmatched: list[str] = []
    for ref in _all_refs(tasks, targets):
        if not ref.matched and ref.text not in unmatched:
            unmatched.append(ref.text)
    if not tasks and not targets:
        warnings.append("Không tìm thấy nhiệm vụ hay chỉ tiêu nào; hãy kiểm tra lại cấu trúc văn bản.")
    elif not tasks:
        warnings.append("Không tìm thấy nhiệm vụ nào; kế hoạch chỉ có chỉ tiêu (vẫn lưu được).")
    warnings.extend(consistency_warnings(head, cites, tasks, targets))
    draft = PlanDraft(
        document=head,
        cites=cites,
        purposes=purposes,
        tasks=tasks,
        targets=targets,
        deadlines=deadlines,
        criteria=criteria,
        funding=funding,
        budget_sources=budget_sources(funding),
        unmatched_agencies=unmatched,
        lines=lines,
        warnings=warnings,
    )
    if plain or stretches:
        return document_words(draft, shown, whole=plain)
    return draft


def _letter_request(blocks: list[Block], agencies: AgencyCatalogue) -> list[TaskDraft]:
    """A post that reports a letter and its request ("Bộ X đã có công văn đề nghị các tỉnh hỗ trợ …"):
    the request is the letter's task, or each of its clauses ("… yêu cầu Sở Y chủ trì phối hợp với A, B
    tổ chức …; xây dựng …") is one, led by whom it asks, with the bodies it is to work with."""
    for block in blocks:
        stated = read_statement(block.text)
        if stated is not None and stated.form == "letter":
            lines = SourceLines(block.start, block.end)
            found = request_items(stated.request)
            if found is None or (len(found[1]) < 2 and not found[0]):
                return [request_task(stated.request, stated.addressee, lines, agencies)]
            partners, items = found
            return [
                request_task(item, stated.addressee, lines, agencies, number=str(n), partners=partners)
                for n, item in enumerate(items, 1)
            ]
    return []


def _with_letter_requests(requests: list[TaskDraft], tasks: list[TaskDraft]) -> list[TaskDraft]:
    """The letter's requests first, the post's other tasks numbered after them."""
    if not requests:
        return tasks
    shift = len(requests)
    for task in tasks:
        head, _, rest = task.number.partition(".")
        if head.isdigit():
            task.number = str(int(head) + shift) + (f".{rest}" if rest else "")
    return requests + tasks


_CLOSING = ("tren day la", "noi nhan", "tm. ", "tm ", "t/m ", "kt. ", "kt ", "kt.", "tm.", "tran trong")


def _closing_index(blocks: list[Block], start: int) -> int:
    """Where the body ends: "Trên đây là Kế hoạch …", a letter's "Trân trọng …", "Nơi nhận:", the
    signature block."""
    for index in range(start, len(blocks)):
        if fold(blocks[index].text).startswith(_CLOSING):
            return index
    return len(blocks)


# a sentence that points back at the ones before it as the document's content or aims: "(Above) this is
# (one of) the main contents / the aims of …"
_POINTS_BACK = re.compile(
    r"^(?:Trên\s+đây|Đây|Đó)\s+là\s+(?:một\s+trong\s+(?:những|các)\s+)?"
    r"(?:(?:các|những)\s+)?(?:nội dung|mục tiêu|chỉ tiêu)\b"
)


def _measures_pointed_back(block: Block) -> Block | None:
    """The paragraph that states the document (right before its body) opens with sentences the statement
    points back to as the document's content ("N% of X get Y. This is the main content of the scheme …
    approved by Z."): those of them that state a measure are the document's, read with its body."""
    parts = sentences(block.text)
    back = next((i for i, part in enumerate(parts) if i and _POINTS_BACK.match(part)), None)
    if back is None or not read_statement(parts[back]):
        return None
    measures = [part for part in parts[:back] if states_a_measure(part)]
    return dataclasses.replace(block, text=" ".join(measures)) if measures else None


def _headline_measure(block: Block) -> Block | None:
    """A page's first line, a headline with no full stop, that states a measure and its rate — after a
    short label and a colon if it has one (the place, or when, the measure is for): the measure."""
    if block.start != block.end or block.text.rstrip().endswith("."):
        return None
    if states_a_measure(block.text):
        return block
    measure = _HEADLINE_LABEL.sub("", block.text, count=1)
    return dataclasses.replace(block, text=measure) if states_a_measure(measure) else None


# a headline's label before its colon: a few words with no figure of a rate ("<Place> in four years: …")
_HEADLINE_LABEL = re.compile(r"^[^:%;.]{2,60}:\s+")


def _said_again(headline: Block, blocks: list[Block]) -> bool:
    """A headline's measure that the page states again below ("Năm 2011, giảm … xuống dưới 16,8%" over
    "… đặt ra mục tiêu giảm … xuống dưới 16,8%, …"): each of its rates (or sums of money) is written in a
    later paragraph."""
    rates = re.findall(r"\d+(?:[,.]\d+)?\s*(?:%|(?:tỷ|tỉ|triệu|nghìn|ngàn)\s+đồng\b)", headline.text)
    later = " ".join(b.text for b in blocks)
    return bool(rates) and all(re.search(rf"(?<![\d,.]){re.escape(r)}", later) for r in rates)


def _past_grounds(blocks: list[Block], start: int) -> int:
    """A body whose first section gives the grounds of the plan ("I. CĂN CỨ KẾ HOẠCH", "I. CƠ SỞ PHÁP
    LÝ") lists the documents it cites there: that section is preamble, the body starts at the next."""
    if start >= len(blocks):
        return start
    m = marker_of(blocks[start].text)
    if not (m and m.kind == "roman" and GROUNDS_HEADING.match(fold(m.rest).strip(" :."))):
        return start
    for index in range(start + 1, len(blocks)):
        later = marker_of(blocks[index].text)
        if later and later.kind == "roman":
            return index
    return len(blocks)


_ACCORDINGLY = re.compile(r"^Theo đó,\s")


def _past_post_s_own(blocks: list[Block], start: int) -> int:
    """After a post's statement of its document, "Theo đó, …" opens what the document says: one-sentence
    paragraphs before it (a photo's caption, at most two) are the post's own, not the document's."""
    for index in range(start, min(start + 3, len(blocks))):
        if _ACCORDINGLY.match(blocks[index].text):
            between = blocks[start:index]
            own = all(len(b.text) <= 200 and ";" not in b.text and b.text.count(". ") == 0 for b in between)
            return index if own else start
    return start


def _body_without_sections(blocks: list[Block], announced: set[str] | None = None) -> int:
    """Where the body starts when it has no "I.", "II." sections: after the sentence that enacts the
    plan ("… ban hành Kế hoạch … như sau:"), else at the first numbered item after the citations."""
    after = 0
    for index, block in enumerate(blocks[:60]):
        folded = fold(block.text)
        if re.search(r"(?:nhu\s+)?sau\s*:\s*$", folded) and re.search(
            r"ban hanh|xay dung|trien khai|huong dan|chi dao", folded
        ):
            return index + 1
        if asks_list(block.text):
            return index + 1  # "… Chủ tịch UBND huyện yêu cầu:": the requirements follow
        goals = bool(re.search(r"\b(?:muc tieu|chi tieu)\b[^.;]*:\s*$", folded))
        if goals or (announced and index + 1 < len(blocks) and blocks[index + 1].text in announced):
            # "…; theo đó, mục tiêu cụ thể được xác định:", "Kế hoạch đặt mục tiêu:" and the measures
            # under it — or, before them, a paragraph on the parts the scheme consists of
            parts = next((i for i in range(after, index) if component_items(blocks[i].text)), None)
            return parts if parts is not None else index + 1
        if folded.startswith(("can cu", "thuc hien", "xet de nghi", "theo de nghi", "kinh gui")):
            after = index + 1
    for index in range(after, len(blocks)):
        m = marker_of(blocks[index].text)
        if m and m.kind in ("arabic", "dotted", "letter", "article", "paren"):
            return index
    for index, block in enumerate(blocks[:12]):
        if read_statement(block.text):
            # a news post: the body follows "… ban hành Kế hoạch số …" ("… (Quyết định số …)"), or its
            # report without a number ("X vừa ban hành kế hoạch Y."); a lead paragraph before it that
            # tells what a body does is the body's first task — or the body is the rest of its paragraph,
            # where a later sentence asks bodies to act ("… Theo đó, đề nghị <bodies> <verb> …")
            lead = next((i for i in range(index) if doer_activity(blocks[i].text)), None)
            if lead is not None:
                return lead
            if later_request(block.text):
                return index
            return _past_post_s_own(blocks, index + 1)
    for index, block in enumerate(blocks[:12]):
        if dated_act(block.text):
            # a paragraph before the day's act that tells what a body did to prepare it is a task too
            lead = next((i for i in range(index) if doer_activity(blocks[i].text)), None)
            return lead if lead is not None else index
        if planned_activity(block.text) or held_event(block.text) or document_asks(block.text):
            return index  # a post that names its plan and tells what it will do: "…, xã X dự kiến tổ chức …"
    for index, block in enumerate(blocks[:12]):
        if doer_activity(block.text):
            # a report that tells what bodies do: "Các đơn vị, trường học phối hợp với …"
            return _named_task_before(blocks, index)
    for index, block in enumerate(blocks[:12]):
        if component_items(block.text):
            return index  # "Theo Sở Y tế, chương trình X gồm ba hợp phần là: A; B và C."
    for index, block in enumerate(blocks[:12]):
        if sets_out_tasks(block.text):
            return index  # "Về nội dung, kế hoạch đề ra nhiệm vụ, giải pháp như: A; B; C."
    for index, block in enumerate(blocks[:12]):
        if one_of_measures(block.text):
            return index  # "Để …, một trong những nhiệm vụ và biện pháp thực hiện là …"
    for index, block in enumerate(blocks[:12]):
        if prose_tasks(block.text):
            return _named_task_before(blocks, index)  # a paragraph that tells its tasks in sentences
    return len(blocks)


def _named_task_before(blocks: list[Block], index: int) -> int:
    """Where the tasks start when paragraph ``index`` tells what bodies do: there, or at a paragraph
    before it (a sentence, not a headline) whose one task names the bodies that carry it out ("Theo đó,
    các đơn vị tập trung thực hiện …." above "Công an quận, huyện tham mưu …; tăng cường …")."""
    return next(
        (
            before
            for before in range(index)
            if blocks[before].text.rstrip().endswith(".") and prose_tasks(blocks[before].text, among=True)
        ),
        index,
    )


# "… có một số tiêu chí đáng chú ý: A; B; C", "… với chỉ tiêu cụ thể là A; B", "… với 7 chỉ tiêu cụ thể nổi
# bật, như: A; B": a paragraph that announces the measures and lists them in the same sentence.
_ANNOUNCING = re.compile(
    r"\b(?:mục tiêu|chỉ tiêu|tiêu chí)\b[^.;:]{0,80}?"
    r"(?::|\s+là\b|\s+như(?:\s+sau)?\s*:?|\s+gồm\s*:?"
    # "Mục tiêu của Đề án nhằm giảm a%/năm A và b%/năm B": the aim told as the changes it makes
    r"|\s+nhằm(?=\s+(?:giảm|tăng|nâng)\s[^.;:]*?\d))\s+(?=\S)"
    # "Theo kế hoạch, X phấn đấu đến năm 2025 giảm …", "Theo đó, mục tiêu đến năm 2025, tỷ lệ … giảm …"
    r"|\bphấn đấu\s+(?=(?:đến|vào|tới)\s+năm\s+20\d\d)|\bmục tiêu\s+(?=(?:đến|vào|tới)\s+năm\s+20\d\d\s*,)"
    # "Theo kế hoạch, (trong) năm 2020, phấn đấu 100% xã …; 90% …": the year first, then the values — the
    # whole territory may be who strives ("năm 2020, toàn tỉnh phấn đấu có 120/150 xã …")
    r"|\b(?:(?:trong|đến|vào|tới)\s+)?năm\s+(?P<year>20\d\d),\s+"
    r"(?:(?:toàn|cả)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+)?"
    # … or with no one striving where the horizon opens the paragraph ("Tới năm 2020, 90% A; B; 100% C.")
    r"(?:phấn đấu\s+|(?<=^(?:đến|tới|vào)\snăm\s\d{4},\s))"
    r"(?=(?:(?:trên|dưới|ít nhất|tối thiểu|có)\s+)?\d)"
    # "Dự án “… đến năm 2028” phấn đấu 95% …; 80% …": the values the document strives for, right after it
    r"|(?:[”\"]|\b(?:đề án|kế hoạch|chương trình|dự án)(?:\s+này)?)\s+phấn đấu\s+"
    r"(?=(?:(?:trên|dưới|ít nhất|tối thiểu|có)\s+)?\d{1,3}(?:[,.]\d+)?\s*%)"
    # "Về …, đến năm 2015 có 60% A, 80% B": the year, "có" and the shares it will have
    # (inside a sentence: a clause that opens with them is already one measure)
    r"|(?<=\S\s)\b(?:đến|tới|vào)\s+năm\s+20\d\d,?\s+có\s+(?=\d{1,3}(?:[,.]\d+)?\s*%)"
    # "Kế hoạch đặt / đề ra mục tiêu đến năm 2025 giảm …", "Theo đó, (hằng năm,) 90% …; 100% …"
    r"|\b(?:đặt|đưa|đề)\s+(?:ra\s+)?mục tiêu,?\s+(?=(?:đến|vào|tới)\s+năm\s+20\d\d)"
    # "Chiến lược … đặt ra mục tiêu giảm A xuống dưới a%, giảm B …": the measures right after it, each
    # opened by its change — or by the rate it names ("… cũng đặt mục tiêu phấn đấu tỷ lệ A đạt a%; …")
    r"|\b(?:đặt|đưa|đề)\s+(?:ra\s+)?mục tiêu\s+(?:phấn đấu\s+)?"
    r"(?=(?:(?:giảm|tăng|nâng)\s+)?(?:tỷ|tỉ)\s+(?:lệ|suất)\s[^.;]*?\d\s*%"
    # … or by the size of the change ("X cũng đặt mục tiêu giảm 10% số A vào năm …")
    r"|(?:giảm|tăng)\s+(?:ít nhất\s+|tối thiểu\s+)?\d{1,3}(?:[,.]\d+)?\s*%)"
    # "… phê duyệt chương trình … giai đoạn 2016-2020 với mục tiêu 100% trẻ em … được can thiệp …"
    r"|\bvới\s+mục tiêu\s+(?=\d{1,3}(?:[,.]\d+)?\s*%)"
    # "X sets the goal: <share> <whom it counts> …": the share right after the words that set the goal
    rf"|\b(?:đặt|đưa|đề)\s+(?:ra\s+)?mục tiêu\s+(?=\d{{1,3}}(?:[,.]\d+)?\s*%\s+[{LOWER}])"
    # "Cụ thể, đề án đặt ra trên 90% cán bộ … được tập huấn …": the document sets the value itself
    r"|\b(?:đặt|đề|đưa)\s+ra\s+(?=(?:(?:trên|dưới|ít nhất|tối thiểu|có)\s+)?\d{1,3}(?:[,.]\d+)?\s*%)"
    # "Theo đó, đến năm 2020 có 100% …": a paragraph's first sentence or one after another sentence of it
    r"|(?:^|(?<=\.\s))(?:Theo đó|Cùng (?:với )?đó|Bên cạnh đó|Ngoài ra|Trên cơ sở (?:đó|này)),\s+"
    # "Trên cơ sở đó, năm 2025 X phấn đấu giảm …": the year its measures are for, before who strives
    r"(?:(?:(?:trong|đến|vào|tới)\s+)?năm\s+20\d\d,?\s+(?=[^.;:]{0,60}?\bphấn đấu\s))?"
    # "Theo đó, tỉnh phấn đấu 100% …": the territory that strives named first, by its kind or by its name
    # (capitalised words, parts joined by a dash: "Theo đó, Bình An - Hòa Lạc phấn đấu …")
    r"(?:(?:(?:(?:toàn|cả)\s+)?(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)"
    rf"|(?-i:[{UPPER}][{LOWER}]*(?:\s+(?:-\s+)?[{UPPER}][{LOWER}]*){{0,3}})"
    # … or by its name's capitals ("Theo đó, TPHCM phấn đấu …", "TP.HCM")
    rf"|(?-i:[{UPPER}]{{2,}}(?:\.[{UPPER}]+)?))\s+phấn đấu\s+)?"
    # "(trong) năm nay / này": this year, which the page does not name (the words are the lead's, no
    # measure's)
    r"(?:(?:trong\s+)?năm\s+(?:nay|này),?\s+)?"
    r"(?=(?:(?:hằng|hàng|mỗi|từng)\s+năm,?\s+)?(?:(?:đến|vào|tới|trong)\s+năm\s+20\d\d,?\s+)?"
    # "Theo đó, tối thiểu 80% …": a bound written before the value
    r"(?:phấn đấu\s+)?(?:(?:có|trên|dưới|ít nhất|tối thiểu)\s+)?"
    r"(?:\d|(?:giảm|tăng|nâng)\s+(?:tỷ|tỉ)\s+(?:lệ|suất)\s))",
    re.IGNORECASE,
)
# "đến năm 2030, con số này là 98%": a clause that gives the measure before it another year's value
_THIS_FIGURE = re.compile(
    r"^(?:(?:vào|đến|tới|trong)\s+)?(?:năm\s+20\d\d,?\s+)?(?:con số|tỷ lệ|tỉ lệ|chỉ tiêu)\s+này\b", re.I
)
_BY_YEAR = re.compile(r"\b(?:đến|tới|vào)\s+năm\s+(20\d\d)\b", re.IGNORECASE)
# "năm 2011" in a lead ("Chiến lược … năm 2011 đặt ra mục tiêu …"), not a year compared with or counted from
_NAMED_YEAR = re.compile(r"(?<!so với )(?<!từ )(?<!trước )\bnăm\s+(20\d\d)\b(?!\s*-)", re.IGNORECASE)
# a year the measure is for ("so với năm 2024" is the year it is compared with)
_YEARS = re.compile(r"(?<!so với )\b(?:năm|giai đoạn)\s+(?:20\d\d\s*-\s*)?20\d\d\b", re.IGNORECASE)
# a clause ends at ";", or at a full stop before a capital or before a count and what it counts (". 40.000
# ngôi nhà …")
_CLAUSE_END = re.compile(
    rf";\s+|(?:\.\.\.|…)\s+(?=[{UPPER}])|\.\s+(?=[{UPPER}]|\d{{1,3}}(?:\.\d{{3}})*\s+[{LOWER}])"
)


def _split_dated_acts(blocks: list[Block]) -> list[Block]:
    """A paragraph run together from lines without full stops, in which "Hôm nay, ngày D, <body> <verb> …"
    starts a sentence, is cut there: the dated act is a paragraph of its own."""
    out: list[Block] = []
    for block in blocks:
        at = dated_act_inside(block.text)
        if at:
            out.extend(
                [
                    Block(block.text[:at].rstrip(), block.start, block.end),
                    Block(block.text[at:], block.start, block.end),
                ]
            )
        else:
            out.append(block)
    return out


def _split_announced(blocks: list[Block]) -> tuple[list[Block], set[str]]:
    """A post's paragraph that announces its measures and lists them after a colon (or "là", "như"),
    one a clause, is cut into the announcing words (which end with ":") and one block per clause; a
    clause that announces more ("… với 3 chỉ tiêu là A, B") is cut again. Only where a clause states a
    measure and its rate. Returns the blocks and the set of clause texts so cut."""
    out: list[Block] = []
    clauses: set[str] = set()
    for block in blocks:
        if marker_of(block.text) is not None or len(block.text) < 80:
            out.append(block)
            continue
        tasks_at = sets_out_inside(block.text)  # "… A; B. Kế hoạch đề ra các nhiệm vụ như: …": not a measure
        if not tasks_at and (announcing := _ANNOUNCING.search(block.text)):
            tasks_at = directs_inside(block.text, announcing.end())
        pieces = _announced_pieces(block.text[:tasks_at] if tasks_at else block.text)
        if not pieces or _opens_with_measures(block.text):
            out.append(block)
            continue
        lead, items = pieces
        out.append(Block(lead, block.start, block.end))
        for item in items:
            out.append(Block(item, block.start, block.end))
            clauses.add(item)
        if tasks_at:
            out.append(Block(block.text[tasks_at:], block.start, block.end))
    return out, clauses


def _opens_with_measures(text: str) -> bool:
    """A paragraph whose sentences before the words announcing its goals are two or more, each stating a
    measure: the announcing sentence is one more measure of the paragraph, not a heading over a list."""
    announcing = _ANNOUNCING.search(text)
    before = [p.strip() for p in _SENTENCE_OR_SHARE.split(text[: announcing.start()])] if announcing else []
    before = [p for p in before if p]
    return len(before) >= 2 and all(states_a_measure(p) for p in before)


def _announced_pieces(text: str) -> tuple[str, list[str]] | None:
    m = _ANNOUNCING.search(text)
    if not m:
        return None
    items: list[str] = []
    rest = text[m.end() :]
    for clause in _CLAUSE_END.split(rest):
        clause = clause.strip(" .…")
        if not clause:
            continue
        if items and _THIS_FIGURE.match(clause):
            items[-1] = f"{items[-1]}, {clause}"  # "…; đến năm 2030, con số này là 98%": the same measure
            continue
        if items and continues_subjects(items[-1], clause):
            items[-1] = f"{items[-1]}; {clause}"  # "100% các huyện, thị xã; các xã … tổ chức …": one measure
            continue
        more = _ANNOUNCING.search(clause)
        if more and states_a_measure(clause[more.end() :]):
            ahead = clause[more.end() :]
            if more.group("year") and not _YEARS.search(ahead):
                # "…: Đến năm 2013, có A%, giảm B …": the year the clause opened with is its measures'
                pieces = _aimed_pieces(ahead)
                if len(pieces) == 1:
                    items.append(clause)  # one measure: the clause as written, its year in it
                    continue
                items.extend(c for c in (clause[: more.start()].strip(" ,"),) if c)
                year_of = f"Năm {more.group('year')}: "
                items.extend(p if _YEARS.search(p) else year_of + p for p in pieces)
                continue
            items.extend(c for c in (clause[: more.start()].strip(" ,"), ahead) if c)
        else:
            items.extend(_aimed_pieces(clause))
    items = [piece for item in items for piece in _reach_pieces(item)]
    if not any(states_a_measure(item) or reaches_count(item) for item in items):
        return None
    year = m.group("year")
    if not year and len(ends := set(_BY_YEAR.findall(text[: m.start()]))) == 1:
        year = ends.pop()  # "Đề án “… đến năm 2020” phấn đấu A; B": the one year its lead runs to
    own = re.split(r"[.;:]\s+", text[: m.end()])[-1]  # the announcing sentence's own words
    if not year and len(ends := set(_NAMED_YEAR.findall(own))) == 1:
        year = ends.pop()  # "Chiến lược … năm 2011 đặt ra mục tiêu A, B": the one year its sentence names
    if year:  # "năm 2020, phấn đấu A; B": the year of each measure that names none
        items = [item if _YEARS.search(item) else f"Năm {year}: {item}" for item in items]
    every = LEADING_EVERY_YEAR.match(rest)
    if every:  # "Theo đó, hằng năm, A; B; C vào năm 2025": every year, for each measure with no year
        items = [items[0]] + [
            item if _YEARS.search(item) or EVERY_YEAR.search(fold(item)) else every.group(0) + item
            for item in items[1:]
        ]
    lead = text[: m.end()].rstrip()
    lead = lead if lead.endswith(":") else lead + ":"
    return lead, items


# After a comma, a clause of its own: "phấn đấu …", or a change of a rate ("giảm tỷ lệ …", "kiểm soát tỷ
# lệ …")
_AIMED = re.compile(r",\s+(?=phấn đấu\s|(?:giảm|tăng|nâng|kiểm soát|khống chế)\s+(?:tỷ|tỉ)\s+(?:lệ|suất)\s)")


def _aimed_pieces(item: str) -> list[str]:
    """ "Tối thiểu 50% A đạt X, phấn đấu giảm từ 5 đến 10% B", "(… đặt ra mục tiêu) giảm tỷ lệ A xuống dưới
    a%, giảm tỷ lệ B xuống dưới b%, kiểm soát tỷ lệ C dưới c%": a clause of a list of measures that goes on
    after a comma with "phấn đấu" or a rate's change and a measure of its own is several measures, if each
    states one."""
    pieces = [p.strip() for p in _AIMED.split(item)]
    return pieces if len(pieces) > 1 and all(states_a_measure(p) for p in pieces) else [item]


def _reach_pieces(item: str) -> list[str]:
    """ "tư vấn cho khoảng 7.000 trẻ em …, trong đó tái hòa nhập cho khoảng 500 em": a clause of a list of
    goals that names several counts of whom it reaches is cut before each count's own verb, at the last
    ", (trong đó)" or "và" between one count and the next."""
    reaches = list(REACH_COUNT.finditer(item))
    if len(reaches) < 2:
        return [item]
    cuts = []
    for before, after in itertools.pairwise(reaches):
        gap = item[before.end() : after.start()]
        seps = list(re.finditer(r",\s+trong đó\s+|,\s+|\s+và\s+", gap))
        if not seps:
            return [item]
        cuts.append((before.end() + seps[-1].start(), before.end() + seps[-1].end()))
    pieces, start = [], 0
    for cut_start, cut_end in cuts:
        pieces.append(item[start:cut_start].strip())
        start = cut_end
    pieces.append(item[start:].strip())
    return pieces


# In a list of measures a paragraph announced, a clause whose verbs come before its value, the share of
# whom they act on ("có kế hoạch hỗ trợ, can thiệp 100% trẻ em …"), after its year's label if any
_VERBS_THEN_SHARE = re.compile(
    rf"^(?:Năm\s+20\d\d:\s+)?[{UPPER}{LOWER}][{LOWER}]*(?:,?\s+[{LOWER}]+){{0,7}}"
    rf"\s+\d{{1,3}}(?:,\d+)?\s*%\s+[{LOWER}]"
)


def _guess_roles(root: Node, plan_year: int | None, announced: set[str] | None = None) -> None:
    for node in list(root.children):
        if announced and node.text in announced and not node.children:
            # one clause of a list of measures a paragraph announced: a target, or an aim without a figure
            measure = (
                _reads_as_targets(node, plan_year)
                or counts_at_least(node.text)
                or reaches_count(node.text)
                or opens_with_count(node.text)
                or bool(_VERBS_THEN_SHARE.match(node.text))
                or verb_then_count(node.text)
            )
            node.role = "targets" if measure else "purpose"
            continue
        if any(child.doer or child.prose for child in node.children):
            node.role = "tasks"  # "Sở X chỉ đạo …; …": what a body does
            continue
        if node.children and component_items(node.text):
            # "… chương trình mục tiêu … gồm ba hợp phần là: A; B và C": its parts, whatever its name says
            node.role = "tasks"
            continue
        role = section_role(node.text)
        if role == "reporting" and not node.children and len(node.text) > 80:
            role = "tasks"  # "2. Báo cáo kết quả … gửi về Bộ … trước ngày …": a request, not a heading
        if not node.children and node.kind == "para" and _paragraph_of_measures(node, root, plan_year):
            role = "targets"
        elif (not node.children or role == "other") and _reads_as_targets(node, plan_year):
            role = "targets"  # a measure's sentence, whatever words ("… khi có yêu cầu") it holds
        elif not node.children and node.kind == "para":
            _measures_closing_aims(node, root, plan_year)
        node.role = role if role != "other" else "tasks"
        for child in node.walk()[1:]:
            if child.role == "preamble":
                child.role = node.role


def _reads_as_targets(node: Node, plan_year: int | None) -> bool:
    """Without "Mục tiêu" headings, an item that states a measure and its value ("Giảm tỷ lệ … xuống
    dưới 21,5%", "100% trẻ em … được hỗ trợ") is a target, and so is a heading all of whose items (two
    or more) do — not a task. Not a figure of the past ("… giảm từ 17,7% năm 2014 xuống còn 16,8% năm
    2017" in a plan of 2018: every year it names is before the plan's)."""
    if not node.children:
        return states_a_measure(node.text) and _ahead(node.text, plan_year)
    items = node.children
    return len(items) >= 2 and all(states_a_measure(c.text) and _ahead(c.text, plan_year) for c in items)


def _paragraph_of_measures(node: Node, parent: Node, plan_year: int | None) -> bool:
    """Without sections, a paragraph that opens with two sentences or more each of which states a measure
    (a rate, a sum to raise, a count it reaches): each of them a target of its own, right before what is
    left of the paragraph (which keeps its role). True when no sentence is left, the node itself the first
    target."""
    parts = [p.strip() for p in _SENTENCE_OR_SHARE.split(node.text) if p.strip()]
    measure = lambda p: (states_a_measure(p) or reaches_count(p)) and _ahead(p, plan_year)  # noqa: E731
    lead = list(itertools.takewhile(measure, parts))
    if len(lead) < 2:
        return False
    rest = parts[len(lead) :]
    at = parent.children.index(node)
    if not rest:
        node.text, lead = lead[0], lead[1:]
        at += 1
    else:
        node.text = " ".join(rest)
    for offset, text in enumerate(lead):
        parent.children.insert(
            at + offset, Node("para", "", text, node.start, node.end, parent=parent, role="targets")
        )
    return not rest


def _measures_closing_aims(node: Node, parent: Node, plan_year: int | None) -> None:
    """Without sections, a paragraph of aims with no figure whose last sentences each state a measure
    and its rate: those sentences are targets of their own, right after the paragraph (the aims keep the
    paragraph's role)."""
    parts = [p.strip() for p in _SENTENCE_OR_SHARE.split(node.text) if p.strip()]
    tail = list(itertools.takewhile(lambda p: states_a_measure(p) and _ahead(p, plan_year), parts[::-1]))
    aims = parts[: len(parts) - len(tail)]
    if not tail or len(aims) < 2 or any(_RATE_IN_AIMS.search(p) for p in aims):
        return
    node.text = " ".join(aims)
    at = parent.children.index(node) + 1
    for offset, text in enumerate(tail[::-1]):
        parent.children.insert(
            at + offset, Node("para", "", text, node.start, node.end, parent=parent, role="targets")
        )


_RATE_IN_AIMS = re.compile(r"\d\s*(?:%|‰)")
# The end of a sentence: before a capital, or before a share and the ones it counts
_SENTENCE_OR_SHARE = re.compile(
    rf"(?<=[^\d\s.][.!?])\s+(?=[“\"]?[{UPPER}]|\d{{1,3}}(?:,\d+)?\s*%\s+[{LOWER}])"
)


def _ahead(text: str, plan_year: int | None) -> bool:
    """No figure of the past: some year ``text`` names is the plan's or later (or it names none)."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    return not (plan_year and years and max(years) < plan_year)


def _measures_among_aims(root: Node) -> None:
    """ "I. MỤC ĐÍCH, YÊU CẦU … 3. Bảo đảm 100% các tố giác … được tiếp nhận; 100% các vụ … được khởi
    tố …": an aim that states a measure and its rate is a target, whatever section holds it."""
    for section in root.children:
        if section.kind != "roman" or section.role != "purpose":
            continue
        for node in section.walk()[1:]:
            if not node.children and states_a_measure(node.text):
                node.role = "targets"
            elif not node.children and node.kind == "para" and node.parent is not None:
                _measures_after_aims(node, node.parent)


def _measures_after_aims(node: Node, parent: Node) -> None:
    """A paragraph of aims whose later sentence states a measure and its rate ("Các trường lồng ghép …. Phấn
    đấu 90% học sinh …"): that sentence a target of its own, right after the paragraph."""
    parts = sentences(node.text)
    measures = [p for p in parts[1:] if states_a_measure(p)]
    if not measures:
        return
    node.text = " ".join(p for p in parts if p not in measures)
    at = parent.children.index(node) + 1
    for offset, text in enumerate(measures):
        parent.children.insert(
            at + offset, Node("para", "", text, node.start, node.end, parent=parent, role="targets")
        )


def _purposes(root: Node) -> list[str]:
    out = []
    for section in root.children:
        if section.role != "purpose":
            continue
        for node in section.walk()[1:]:
            if node.children or len(node.text) < 25:
                continue
            out.append(node.text)
    return out


def _funding(root: Node) -> list[str]:
    """What the plan says about its money: the "Kinh phí (thực hiện)" section, or paragraphs that start
    with "Kinh phí …" / "Nguồn kinh phí …" wherever they stand."""
    out: list[str] = []
    for node in root.walk()[1:]:
        in_section = node.role == "funding" or (node.parent is not None and node.parent.role == "funding")
        starts = fold(node.text).startswith(("kinh phi", "nguon kinh phi"))
        if (in_section or starts) and len(node.text) >= 25 and node.text not in out:
            out.append(node.text)
    return out


_SOURCES = (
    ("Ngân sách nhà nước", ("ngan sach", "du toan", "nguon bao dam xa hoi")),
    ("Lồng ghép chương trình, đề án, kế hoạch khác", ("long ghep",)),
    ("Xã hội hóa, vận động tài trợ", ("xa hoi hoa", "van dong", "tai tro")),
    ("Quỹ Bảo trợ trẻ em", ("quy bao tro tre em",)),
    ("Nguồn hợp pháp khác", ("hop phap khac",)),
)


def budget_sources(texts: list[str]) -> list[str]:
    """The kinds of funding named in ``texts``, in a fixed order."""
    folded = fold(" ".join(texts))
    return [label for label, words in _SOURCES if any(w in folded for w in words)]


_COMPARED_WITH = re.compile(r"\bso với\s+(?:cùng kỳ\s+)?năm\s+(20\d\d)\b", re.IGNORECASE)
# "phấn đấu đến (hết) năm 2020": the year a report's measures are for
_STRIVES_TO = re.compile(
    r"\bphấn đấu\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+(?P<y>20\d\d)\b", re.IGNORECASE
)


def _horizon(head: DocumentHead) -> str:
    """The year the plan's targets are for: "đến năm 2030", "giai đoạn 2021-2025", the year of a
    yearly plan ("… năm 2025"), or the year a title ends on after the word for "to" alone."""
    m = _HORIZON.search(head.title)
    if m:
        return m["y"] or m["e"]
    years = re.findall(r"\bnăm\s+(20\d\d)\b", head.title, re.IGNORECASE)
    if years:
        return years[-1]
    # a title whose period ends "to <year>" without the word for year
    bare = re.search(r"(?:đến|tới)\s+(20\d\d)(?!\d)\s*$", head.title, re.IGNORECASE)
    if bare:
        return bare.group(1)
    # a programme's name that ends on the year of its edition, set apart by a space alone
    edition = re.search(r"(?<=[^\W\d_])\s+(20\d\d)\s*$", head.title) if head.doc_type == "other" else None
    return edition.group(1) if edition else ""


def _assign_target_leads(sources: list[TargetSource], tasks: list, root: Node) -> None:
    numbers = {n.number: n for n in root.walk()}
    for task in tasks:
        labels = [r for r in task.indicator_refs if r.startswith("Chỉ tiêu")]
        if not labels or not task.lead:
            continue
        group = _group_of_task(task.number, numbers)
        in_group = [s for s in sources if s.base_label in labels and s.group == group]
        chosen = in_group or [s for s in sources if s.base_label in labels and not s.draft.lead]
        for source in chosen:
            for ref in task.lead:
                if ref not in source.draft.lead:
                    source.draft.lead.append(ref)


def _group_of_task(number: str, numbers: dict[str, Node]) -> str:
    parts = number.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        node = numbers.get(".".join(parts[:cut]))
        roles = ("targets", "tasks", "responsibility")
        if (
            node is not None
            and node.role in roles
            and node.parent is not None
            and node.parent.role not in roles
        ):
            return node.parent.number
    return ""


def _all_refs(tasks: list, targets: list[TargetDraft]) -> list[AgencyRef]:
    refs: list[AgencyRef] = []
    for task in tasks:
        refs.extend(task.lead)
        refs.extend(task.cooperating)
    for target in targets:
        refs.extend(target.lead)
    return refs


def _dmy(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def consistency_warnings(
    head: DocumentHead, cites: list[Citation], tasks: list[TaskDraft], targets: list[TargetDraft]
) -> list[str]:
    """Facts that cannot all be true: a cited document dated after the plan, a deadline before the
    plan's date, a percentage outside 0–100."""
    out: list[str] = []
    if head.date is not None:
        for cite in cites:
            if cite.date is not None and cite.date > head.date:
                name = cite.number or cite.title
                out.append(
                    f"Văn bản được dẫn {name} ghi ngày {_dmy(cite.date)}, sau ngày của văn bản này "
                    f"({_dmy(head.date)}); hãy kiểm tra lại ngày hoặc số hiệu."
                )
        for task in tasks:
            tf = task.timeframe
            late = (tf.on is not None and tf.on < head.date) or (
                tf.kind == "period" and tf.end_year is not None and tf.end_year < head.date.year
            )
            if late:
                out.append(
                    f"Nhiệm vụ {task.number} có thời hạn ({tf.text or tf.end_year}) trước ngày của văn bản "
                    f"({_dmy(head.date)}); hãy kiểm tra lại."
                )
    for target in targets:
        if target.unit != "percent":
            continue
        for year, value in target.values.items():
            if not Decimal(0) <= value <= Decimal(100):
                out.append(
                    f"{target.label}: giá trị {value}% (năm {year}) nằm ngoài 0–100%; hãy kiểm tra lại."
                )
    return out


def _holds_title(text: str, title: str) -> bool:
    """The title's own block, or the block it ends ("KẾ HOẠCH Triển khai …" on one line)."""
    return text == title or text.endswith(" " + title)


def _a_tasks_own_date(deadline: DeadlineDraft, tasks: list[TaskDraft]) -> bool:
    """A one-off date written in a task ("… gửi về Bộ … trước ngày 10 tháng 7 năm 2018") is that
    task's deadline, not a reporting deadline of the plan."""
    if deadline.periodicity != "once":
        return False
    for task in tasks:
        on = task.timeframe.on
        inside = task.lines.start <= deadline.lines.start <= task.lines.end
        if inside and on is not None and (on.day, on.month) == (deadline.day, deadline.month):
            return True
    return False
