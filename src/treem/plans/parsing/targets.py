"""Measurable targets: "Chỉ tiêu 1: Tỷ lệ … đạt 65% vào năm 2025 và đạt 75% vào năm 2030",
"giảm … xuống dưới 7,0/1.000 trẻ đẻ sống vào năm 2025", "… duy trì đến năm 2030",
"giảm ít nhất 5% … so với cùng kỳ"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from treem.core.text import fold

from .indicators import IndicatorCatalogue
from .letters import LOWER, UPPER
from .model import SourceLines, TargetDraft
from .structure import BULLETS, Node

CHI_TIEU = re.compile(r"^Chỉ tiêu\s+(?P<n>\d{1,3})\s*[:.)-]?\s*(?P<rest>.*)$", re.IGNORECASE)
_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
_RATE = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>%|‰|/\s*1\.?000\b|/\s*100\.?000\b)", re.IGNORECASE)
_COUNT = re.compile(
    rf"(?<![\d/.,])(?P<num>{_NUMBER})(?![\d%/]|\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu))",
    re.IGNORECASE,
)
# "7/7 huyện, thành phố …", "12/15 xã …": so many of all the units (a count of them), written before them
_FRACTION = re.compile(
    r"(?<![\d/.,])(?P<num>\d{1,4})\s*/\s*(?P<of>\d{1,4})(?![\d.,/])\s+"
    r"(?=(?:huyện|quận|thị xã|thành phố|tỉnh|xã|phường|thị trấn|đặc khu|thôn|bản|tổ dân phố|khu phố|ấp|"
    r"trường|cơ sở|đơn vị|sở|ngành)\b)",
    re.IGNORECASE,
)
# A measure's year; "so với (cùng kỳ) năm 2024" names the year it is compared with, never its own.
_YEAR = re.compile(
    r"(?:(?:vào|đến|tới|trong|cuối|hết)\s+)?(?<!so với )(?<!so với cùng kỳ )năm\s+(?P<y>20\d\d)"
    r"|giai đoạn\s+(?:20\d\d\s*-\s*)?(?P<e>20\d\d)",
    re.IGNORECASE,
)
_RANGE = re.compile(rf"từ\s+(?P<a>{_NUMBER})\s*%?\s*(?:-|đến)\s*(?P<b>{_NUMBER})\s*%", re.IGNORECASE)
_DASH_RANGE = re.compile(rf"(?<![\d,.])(?P<a>{_NUMBER})\s*%?\s*-\s*(?P<b>{_NUMBER})\s*%")
_HORIZON = re.compile(
    r"(?:đến|tới)\s+năm\s+(?P<y>20\d\d)|giai đoạn\s+20\d\d\s*-\s*(?P<e>20\d\d)", re.IGNORECASE
)


_ROLE_HEADINGS = ("targets", "tasks", "responsibility")


@dataclass
class TargetSource:
    """A target with where it sits in the outline (for matching "Trách nhiệm thực hiện" leads)."""

    draft: TargetDraft
    group: str
    base_label: str


def decimal_of(text: str) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


# A word of scale after a count: thousands, millions, thousands of millions
_SCALE = re.compile(r"\s*(?P<s>tỷ|tỉ|triệu|nghìn|ngàn)\b", re.IGNORECASE)
_SCALES = {"ty": 10**9, "ti": 10**9, "trieu": 10**6, "nghin": 1000, "ngan": 1000}


def _scaled(text: str, m: re.Match[str]) -> Decimal | None:
    """The value of a count match, times the word of scale right after its number if any."""
    value = decimal_of(m["num"])
    scale = _SCALE.match(text, m.end("num"))
    if value is None or scale is None:
        return value
    scaled = value * _SCALES[fold(scale["s"]).lower()]
    return scaled.to_integral_value() if scaled == scaled.to_integral_value() else scaled


def collect_targets(
    root: Node, indicators: IndicatorCatalogue, *, implements_qd23: bool, horizon: str
) -> list[TargetSource]:
    out: list[TargetSource] = []
    labelled: tuple[tuple[int, int], str] = ((-1, -1), "")  # the paragraph's lines, its labelled year
    for node in root.walk():
        if node.kind == "root" or node.role == "preamble":
            continue
        m = CHI_TIEU.match(node.text)
        if m:
            label = f"Chỉ tiêu {m['n']}"
            group = _group(node)
            pieces = _clauses(m["rest"])
            parts: list[tuple[str, Node]] = [(p, node) for p in pieces if is_measurable(p, labelled=True)]
            parts += [
                (child.text, child)
                for child in node.children
                if child.kind in BULLETS and is_measurable(child.text, labelled=True)
            ]
            lead_year = _leading_year(m["rest"]) or horizon
            every_year = every_year_item(m["rest"])
            drafts = [
                d
                for text, source in parts
                for d in build_targets(
                    label,
                    text,
                    source,
                    indicators,
                    m["n"] if implements_qd23 else "",
                    lead_year,
                    dated=bool(_leading_year(m["rest"])),
                    every_year=every_year,
                )
            ]
            drafts = _merge_years(drafts)
            for index, draft in enumerate(drafts):
                draft.label = label if len(drafts) == 1 else f"{label}{chr(ord('a') + index)}"
                out.append(TargetSource(draft, group, label))
            continue
        if node.role != "targets" or node.kind in ("roman", "root"):
            continue
        if node.parent is not None and CHI_TIEU.match(node.parent.text):
            continue
        heading = node.children and not node.text.rstrip().endswith((".", ";")) and len(node.text) < 200
        if heading and not _has_values(node.text):
            continue
        pieces = [p for p in _clauses(node.text) if is_measurable(p, labelled=False)]
        own = _leading_year(node.text) or _horizon_of(node)  # the item's or its heading's own year
        base = "Mục tiêu " + _short_number(node.number)
        every_year = every_year_item(node.text)
        drafts = []
        if labelled[0] != (node.start, node.end):
            labelled = ((node.start, node.end), "")  # the clauses of another paragraph
        for text in pieces:
            # a year written before a clause's first value, a comma or a colon after it, labels that
            # clause and the ones after it up to the next label, in the same paragraph (whose announced
            # clauses may be items of their own)
            if year := _labelled_year(text):
                labelled = ((node.start, node.end), year)
            own = labelled[1] or own
            local = own or horizon
            drafts += build_targets(
                base, text, node, indicators, "", local, dated=bool(own), every_year=every_year
            )
        for index, draft in enumerate(drafts):
            draft.label = base if len(drafts) == 1 else f"{base}.{chr(ord('a') + index)}"
            out.append(TargetSource(draft, _group(node), base))
    _carry_ages(out, indicators)
    return _merge_sources(out)


# a year that labels the measures after it: "by the year", the year, then a comma or a colon
_YEAR_LABEL = re.compile(r"(?:^|\s)(?:đến|tới|vào)\s+năm\s+(?P<y>20\d\d)\s*[,:]\s+", re.IGNORECASE)


def _labelled_year(text: str) -> str:
    """The year written as a label before a clause's first value (a comma or a colon after it), or ""."""
    first = _RATE.search(text)
    labels = [m for m in _YEAR_LABEL.finditer(text) if first is None or m.end() <= first.start()]
    return labels[-1]["y"] if labels else ""


def _after_label(text: str, position: int) -> str:
    """The words of a measure after the year that labels it: the words before the label (the document
    setting out its goals) announce the measure, they are not what it measures."""
    labels = [m for m in _YEAR_LABEL.finditer(text) if m.end() <= position]
    return text[labels[-1].end() :] if labels else text


# whom a rate counts by their age: children under, over or from an age
_AGED = re.compile(r"\btre(?: em)?\s+(?:duoi|tren|tu)\s+\d{1,2}\s+tuoi\b")


def _carry_ages(sources: list[TargetSource], indicators: IndicatorCatalogue) -> None:
    """Rates of one paragraph, listed one after the other: a rate that names no age and matches no
    indicator counts the same children as the last rate before it that names their age and matched an
    indicator — matched again with that age."""
    aged: tuple[SourceLines, str] | None = None  # the sentence's lines and the age its rates count
    for source in sources:
        draft = source.draft
        folded = fold(draft.text)
        own = _AGED.search(folded)
        if own is not None:
            aged = (draft.lines, own.group(0)) if draft.indicator else None
            continue
        if aged is None or aged[0] != draft.lines:
            aged = None
            continue
        if draft.indicator or draft.unit != "percent" or not re.search(r"\bty le\b", folded):
            continue
        draft.indicator = indicators.match(
            f"{folded} o {aged[1]}", unit="percent", threshold=0.8, coverage=0.5
        )


_LEADING_YEAR = re.compile(
    r"^\s*(?:Đến|Tới|Vào|Trong|Cuối|Hết)\s+(?:cuối\s+|hết\s+)?năm\s+(20\d\d)\s*[:,]", re.I
)


def _leading_year(text: str) -> str:
    """ "Đến năm 2025: …; …; …" — the year every clause after it is for."""
    m = _LEADING_YEAR.match(text)
    return m.group(1) if m else ""


# "hằng năm", "hàng năm", "mỗi năm", "từng năm" (folded): every year
EVERY_YEAR = re.compile(r"\b(?:hang|moi|tung) nam\b")
LEADING_EVERY_YEAR = re.compile(r"^\s*(?:hằng|hàng|mỗi|từng)\s+năm\b\s*,?\s*", re.IGNORECASE)


def every_year_item(text: str) -> bool:
    """ "Hằng năm, 100% …; 98% …": an item that opens with "every year" sets every clause of it that
    names no year of its own for every year (as "Đến năm 2025: …" sets them for 2025)."""
    return bool(LEADING_EVERY_YEAR.match(text))


def _subject(draft: TargetDraft) -> str:
    """What a target measures, without its values, years and verbs (to join one measure's years)."""
    folded = fold(draft.text)
    # its year or period's label: "Đến năm 2025, …", "Giai đoạn 2018-2020: …"
    label = r"^\s*(?:(?:den|toi|vao|trong)\s+)?(?:nam|giai doan)\s+(?:\d{4}\s*[-–]\s*)?\d{4}\s*[:,]"
    folded = re.sub(label, "", folded)
    first = _RATE.search(folded) or _COUNT.search(folded)
    if first:
        cut = fold(_after_label(draft.text, len(draft.text)))
        if cut != fold(draft.text) and (rate := _RATE.search(cut) or _COUNT.search(cut)):
            folded, first = cut, rate
    before = folded[: first.start()] if first else folded
    verbs = r"\b(?:duy tri|giam|tang|dat|phan dau|xuong con|xuong|con|duoi|tren|it nhat|toi thieu)\b"
    words = re.findall(r"[a-z]+", re.sub(verbs, " ", before))
    if not words and first:
        # the value first ("Phấn đấu 70% trẻ em khuyết tật được tiếp cận …"): the words after it
        words = re.findall(r"[a-z]+", re.split(r"[;.]", folded[first.end() :], maxsplit=1)[0])
    return " ".join(words)


def _merge_years(drafts: list[TargetDraft]) -> list[TargetDraft]:
    """One measure written once per year ("Đến năm 2025: A dưới 24%; …" / "Đến năm 2030: A dưới 22%")
    is one target with several years."""
    out: list[TargetDraft] = []
    for draft in drafts:
        twin = next(
            (
                o
                for o in out
                if o.unit == draft.unit
                and o.group == draft.group
                and (o.indicator == draft.indicator)
                and _subject(o) == _subject(draft)
                and _subject(o)
                and not set(o.values) & set(draft.values)
            ),
            None,
        )
        if twin is None:
            out.append(draft)
            continue
        twin.values.update(draft.values)
        twin.values = dict(sorted(twin.values.items()))
        twin.lines = SourceLines(
            min(twin.lines.start, draft.lines.start), max(twin.lines.end, draft.lines.end)
        )
        twin.text = f"{twin.text}; {draft.text}"
    return out


def _merge_sources(sources: list[TargetSource]) -> list[TargetSource]:
    out: list[TargetSource] = []
    by_group: dict[tuple[str, str], list[TargetSource]] = {}
    for source in sources:
        if source.base_label.startswith("Chỉ tiêu"):
            out.append(source)
            continue
        # items under one heading, or the items of the body's first level ("- Giai đoạn 2018-2020: …")
        parent = source.base_label.rsplit(".", 1)[0] if "." in source.base_label else ""
        key = (source.group, parent)
        siblings = by_group.setdefault(key, [])
        kept = _merge_years([s.draft for s in siblings] + [source.draft])
        if len(kept) == len(siblings) + 1:
            siblings.append(source)
            out.append(source)
    return out


def _has_values(text: str) -> bool:
    return bool(_RATE.search(text))


_MEASURE_OPENING = re.compile(
    # "đến năm 2025 giảm …", "hằng năm, 100% …"
    r"^(?:(?:(?:đến|vào|tới)\s+)?năm\s+20\d\d,?\s+)?(?:(?:hằng|hàng|mỗi|từng)\s+năm,?\s+)?"
    # … or a period's label: "Giai đoạn 2018-2020: Phấn đấu 70% …", "Năm 2025: 90% …"
    r"(?:(?:(?:đến|vào|tới|trong)\s+)?(?:năm|giai đoạn)\s+(?:20\d\d\s*[-–]\s*)?20\d\d\s*:\s+)?"
    # … and an average change: "Giảm bình quân 2% - 3%/năm …"
    # … or with the verb of a count of people: "huy động trên 35% học sinh tham gia …"
    r"(?:(?:phấn đấu|giảm|kéo giảm|tăng|nâng|hạ|duy trì|khống chế|kiểm soát|bảo đảm|đảm bảo|đạt|"
    r"huy động|bình quân|trung bình)\s+)*"
    r"(?:(?:tỷ|tỉ)\s+(?:lệ|suất)\b|"
    # … or, after such a verb, the state it acts on: "Kiểm soát tình trạng X ở mức dưới 8% …"
    r"(?<=[^\W\d_] )tình trạng\b|"
    # the value may come with its comparator first: "Trên 90% …", "Tối thiểu 80% …", "Có 90% …"
    r"(?:(?:trên|dưới|hơn|ít nhất|tối thiểu|tối đa|không (?:quá|dưới|ít hơn)|có)\s+)?"
    # "5 - 10%", "từ 5 đến 10%" too
    rf"(?:(?:từ\s+)?(?:{_NUMBER})\s*(?:[-–]|đến)\s*)?(?:{_NUMBER})\s*(?:%|‰))",
    re.IGNORECASE,
)


# "Năm 2015, tất cả trẻ 5 tuổi sẽ được đến trường …", "đến năm 2025, tất cả các xã đều có …", "… mọi trẻ em
# đều được …": every one of those it names (a share of 100 % written in words), by a year. Not "cho / ở /
# của / trên tất cả …" (whom a scheme reaches, where it runs) nor "để mọi …" (an aim), nor a clause with a
# figure of its own or with no year ("đảm bảo tất cả trẻ em đều được hưởng các quyền …" is an aim).
_ALL_OF = re.compile(
    r"(?<!\S)(?<!cho )(?<!ở )(?<!của )(?<!trên )(?<!tại )(?<!với )(?<!để )(?:tất cả|mọi)"
    r"(?=\s+(?:(?:các|những)\s+)?[^\d\s,;.:()%][^,;.:()%]{0,60}?\s(?:(?:sẽ|đều)\s+)*(?:được|có|đạt|biết)\s)",
    re.IGNORECASE,
)


# "Đến năm 2025, không còn trẻ em lang thang", "… không còn tình trạng tảo hôn": none of those it names
# is left by a year — a share of at most 0 % (a rate; a count's indicator is the reviewer's to choose),
# read as "0%" so that no word is added to what the indicator is matched on, its comparator set after.
_NONE_LEFT = re.compile(
    r"(?<!\S)không còn(?=\s+(?:(?:tình trạng|trường hợp|hiện tượng)\s+)?(?:(?:các|những)\s+)?"
    r"(?:trẻ|em|học sinh|người|hộ|gia đình|xã|phường|thị trấn|thôn|bản|trường|cơ sở|cặp|tảo hôn|"
    r"kết hôn|lao động|bạo lực|xâm hại)\b)",
    re.IGNORECASE,
)


def share_in_words(text: str) -> str:
    """``text`` with a share written in words read as its figure, where it is set for a year and the
    text has no figure of its own: "tất cả / mọi …" as "100% …" (``_ALL_OF``), "không còn …" as "0% …"
    (``_NONE_LEFT``, at most); else ``text`` as it is."""
    if _RATE.search(text) or not _YEAR.search(text):
        return text
    text = _ALL_OF.sub("100%", text, count=1)
    return text if _RATE.search(text) else _NONE_LEFT.sub("0%", text, count=1)


def _none_left(shown: str, read: str) -> bool:
    """``read`` is ``shown`` with its "không còn …" read as "0% …": a ceiling of nothing."""
    return read != shown and not _ALL_OF.search(shown) and bool(_NONE_LEFT.search(shown))


def dated_fractions(text: str) -> list[re.Match[str]]:
    """ "Trong năm 2011, … công nhận 12/24 quận … và 24/24 quận … vào năm 2012": so many of all the
    units, written inside a sentence that gives their years — a count of the units for each year (no
    rate in the sentence: "12/24" there is not a share's value)."""
    if _RATE.search(text) or not _YEAR.search(text):
        return []
    return list(_FRACTION.finditer(text))


# A post's sentence that gives, after the words "according to the plan", a count of the things the plan
# makes (ten or more, a lower-case noun after it) and the year they are made in: a count measure
_PLANNED_COUNT = re.compile(
    r"^Theo\s+kế hoạch\s*,\s+(?:\d{1,3}(?:\.\d{3})+|\d{2,6})(?![\d%/.,‰])"
    rf"(?!\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu)\b)\s+[{LOWER}][^.;:]*?"
    r"\s(?:trong|vào|đến)\s+năm\s+(?:19|20)\d\d\b"
)


def planned_count(text: str) -> bool:
    """ "According to the plan, N things (are made) in year Y": a count measure for that year."""
    return bool(_PLANNED_COUNT.match(text.strip())) and not _RATE.search(text)


def states_a_measure(text: str) -> bool:
    """ "Giảm tỷ lệ … xuống dưới 21,5%", "Phấn đấu 100% trẻ em …", "Tỷ lệ … đạt 80%": a sentence that
    opens with a measure (or its value) and gives a rate."""
    text = share_in_words(text)
    first = re.split(r";\s+", text, maxsplit=1)[0]  # a list of subjects may run on after ";"
    if len(first) > 400:
        return False
    return (
        (bool(_MEASURE_OPENING.match(text.strip())) and bool(_RATE.search(text)))
        or bool(_FRACTION_OPENING.match(text.strip()))
        or bool(dated_fractions(first))
        or planned_count(first)
        or strives_for_count(first)
        or sum_to_reach(first)
    )


# A sum of money to reach or raise: "reaches", or a verb of raising, then a bound if any, a number, a word
# of scale and the currency
_SUM_TO_REACH = re.compile(
    r"(?:\bđạt|\b(?:vận động|huy động|quyên góp))\s+(?:(?:trên|hơn|ít nhất|tối thiểu|khoảng)\s+)?"
    rf"(?:{_NUMBER})\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)\s+đồng\b",
    re.IGNORECASE,
)


def sum_to_reach(text: str) -> bool:
    """A sentence that sets a sum of money to reach or raise: a count measure (of the currency)."""
    return bool(_SUM_TO_REACH.search(text)) and not _RATE.search(text)


# A sentence whose subject strives to do (a verb of up to three words) at least so many things (a count
# with its floor, then a lower-case noun): a count measure, whatever words open the sentence
_STRIVES_FOR_COUNT = re.compile(
    rf"^(?:[^.;:]{{0,80}}?\s)?phấn đấu\s+(?:[{LOWER}]+\s+){{1,3}}(?:ít nhất|tối thiểu)\s+"
    rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d{{1,6}})(?![\d%/.,‰])\s+[{LOWER}]",
    re.IGNORECASE,
)


def strives_for_count(text: str) -> bool:
    """A sentence that strives for at least a count of things: a count measure."""
    return bool(_STRIVES_FOR_COUNT.match(text.strip())) and not _RATE.search(text)


# "cấp tỉnh tổ chức ít nhất 1 chương trình …", "mỗi xã có tối thiểu 2 điểm …": a count of things with
# its floor, whatever its size (a bare count is read from ten up); or a range of the things a measure
# reaches, after the word for "for", its lower bound the floor
_AT_LEAST_COUNT = re.compile(
    r"\b(?:ít nhất|tối thiểu|cho(?=\s+\d{1,4}\s*[-–]\s*\d{1,4}\s))\s+"
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,4})(?![\d%/.,])"
    rf"(?:\s*[-–]\s*\d{{1,4}}(?![\d%/.,]))?"
    rf"(?!\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu)\b)\s+(?=[{LOWER}])",
    re.IGNORECASE,
)


# "… hỗ trợ cho khoảng 2.000 gia đình …", "dạy nghề cho 1.500 em": how many people a goal reaches
REACH_COUNT = re.compile(
    r"\bcho\s+(?:khoảng|gần|trên|ít nhất|tối thiểu)?\s*(?P<num>\d{1,3}(?:\.\d{3})+|\d{2,6})\s+"
    # … in thousands or millions, and counted in times (a number of visits, not of people)
    r"(?:(?:nghìn|ngàn|triệu)\s+)?(?:lượt\s+)?"
    r"(?=(?:trẻ|em|gia đình|hộ|người|học sinh|cha mẹ|phụ nữ|bà mẹ|thanh niên|cán bộ|giáo viên)\b)",
    re.IGNORECASE,
)


# "40.000 ngôi nhà … đạt tiêu chí …", "04 xã, phường đạt tiêu chuẩn …": a clause that opens with a count and
# the things it counts (a lower-case noun, not an age or a span), which reach a state — a count measure,
# whatever its size (a count written with a leading zero, "04", is a count too).
_COUNT_OPENING = re.compile(
    r"^(?:(?:phấn đấu|có)\s+)*(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d%/.,‰])"
    rf"(?!\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu)\b)\s+(?=[{LOWER}])"
    r"(?=[^.;:]*?\s(?:đạt|được|có)\s)",
    re.IGNORECASE,
)


# "sản xuất 104 chương trình truyền hình …": in a list of measures, a clause whose verb (three words at
# most) comes first, then the count of the things it makes or reaches (ten or more, not an age or a
# span) and the things (a lower-case noun), after its year's label if any
_VERB_THEN_COUNT = re.compile(
    rf"^(?:Năm\s+20\d\d:\s+)?[{LOWER}]+(?:\s+[{LOWER}]+){{0,2}}\s+"
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d{2,6})(?![\d%/.,‰])"
    rf"(?!\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu)\b)\s+(?=[{LOWER}])"
)


def verb_then_count(text: str) -> bool:
    """A clause of a list of measures that opens with its verb and then counts what it makes ("sản xuất
    104 chương trình …"): a count measure."""
    return bool(_VERB_THEN_COUNT.match(text.strip())) and not _RATE.search(text)


def opens_with_count(text: str) -> bool:
    """A clause of a list of measures that opens with a count of things and says the state they reach
    ("40.000 ngôi nhà … đạt tiêu chí …"): a count measure."""
    return bool(_COUNT_OPENING.match(text.strip())) and not _RATE.search(text)


def reaches_count(text: str) -> bool:
    """A clause of a list of goals that says how many people it reaches ("… cho 5.500 em"): a count."""
    return bool(REACH_COUNT.search(text)) and not _RATE.search(text)


def counts_at_least(text: str) -> bool:
    """A clause of a list of measures that sets a floor to a count of things it names ("… tổ chức ít
    nhất 1 chương trình …"): a count measure, though it opens with who does it."""
    return bool(_AT_LEAST_COUNT.search(text)) and not _RATE.search(text)


# "Năm 2020: phấn đấu 7/7 huyện, thành phố tổ chức …": a measure that opens with so many of all the units
_FRACTION_OPENING = re.compile(
    r"^(?:(?:(?:đến|vào|tới|trong)\s+)?(?:năm|giai đoạn)\s+(?:20\d\d\s*[-–]\s*)?20\d\d\s*[:,]\s+)?"
    r"(?:(?:phấn đấu|có|đạt)\s+)?" + _FRACTION.pattern,
    re.IGNORECASE,
)


# "Chương trình đưa ra mục tiêu vào năm 2030 giảm tỉ suất …": the words that announce the goals, before
# the first measure of the same sentence.
_ANNOUNCED = re.compile(
    r"^[^.;:]{0,80}?\b(?:đưa ra|đặt ra|đề ra|xác định|đặt)\s+(?:các\s+|những\s+)?(?:mục tiêu|chỉ tiêu)\b",
    re.IGNORECASE,
)


def is_measurable(text: str, *, labelled: bool) -> bool:
    text = share_in_words(text)
    if _RATE.search(text) or _FRACTION_OPENING.match(text.strip()) or counts_at_least(text):
        return True
    if dated_fractions(text):
        return True  # "… công nhận 12/24 quận … vào năm 2012": so many of all the units, for a year
    if labelled and _YEAR.search(text) and _count_values(text):
        return True
    if not labelled and verb_then_count(text):
        return True  # "Năm 2016: sản xuất 104 chương trình …": a count of what a listed measure makes
    if opens_with_count(text):
        return True  # "04 xã, phường đạt tiêu chuẩn …": a count of things that reach a state
    if sum_to_reach(text):
        return True  # a sum of money to reach or raise
    if reaches_count(text):
        return True  # a goal's count of whom it reaches ("… dạy nghề cho 1.500 em"), its year the plan's
    if planned_count(text):
        return True  # the plan's count of what it makes, for a year
    return not labelled and bool(_YEAR.search(text)) and len(_count_values(text)) >= 1 and "đạt" in text


# A clause that opens with a value, its unit and a year has no subject of its own: "… đạt 70% năm 2025;
# 90% năm 2030" lists the same measure's next year ("100% học sinh …" names its own).
_VALUE_FIRST = re.compile(
    r"^\s*(?:(?:dưới|trên|đạt|còn|xuống|ít nhất|tối thiểu|không quá|tối đa|khoảng|là)\s+)*"
    rf"(?:{_NUMBER})\s*(?:%|‰|/\s*1\.?000|/\s*100\.?000)\s*(?:trẻ\s+(?:em|đẻ sống)\s*)?"
    r"(?:vào\s+|đến\s+|tới\s+|trong\s+)?(?:năm|giai đoạn)\s+20\d\d",
    re.IGNORECASE,
)


def continues_subjects(previous: str, clause: str) -> bool:
    """ "100% các huyện, thị xã, thành phố; các xã, phường, thị trấn tổ chức …": a clause with no figure
    before its first comma, after a value followed only by a list of short names (no verb yet), goes on
    with that list — one measure."""
    rates = list(_RATE.finditer(previous))
    if not rates or not re.match(rf"[{LOWER}]", clause) or re.search(r"\d", clause.split(",", 1)[0]):
        return False
    names = [n.split() for n in previous[rates[-1].end() :].split(",")]  # "các huyện", "thị xã", …
    return len(names) >= 2 and all(1 <= len(n) <= 4 for n in names) and not _PREDICATE.search(previous)


# A sentence or a "và" clause that opens with a share and the ones it counts: a measure of its own
# ("… của trẻ em. 100% cán bộ … được bồi dưỡng", "giảm tỷ lệ … so với năm 2024 và 100% trẻ em … được hỗ trợ").
_NEXT_SHARE = rf"(?=\d{{1,3}}(?:[,.]\d+)?\s*%\s+[{LOWER}])"


# A sentence that names a rate and gives its own value ("…  mầm non. Tỷ lệ trẻ em 6 tuổi vào lớp 1 đạt
# 100%, …"), or one whose verb is followed by a bound and a share of what it counts ("… năm 2020. Duy trì
# trên 95% trạm y tế …", "… năm 2015. Bảo đảm ít nhất 90% trường …"): a measure of its own after a sentence
# with a value.
_NEXT_RATE = re.compile(
    r"\.\s+(?=(?:(?:[Gg]iảm|[Tt]ăng|[Nn]âng)\s+)?(?:Tỷ|Tỉ|tỷ|tỉ)\s+(?:lệ|suất)\s[^.;]*?\d{1,3}(?:[,.]\d+)?\s*%"
    rf"|[{UPPER}][{LOWER}]+(?:\s+[{LOWER}]+)?\s+(?:trên|dưới|ít nhất|tối thiểu|không quá|tối đa)\s+"
    rf"\d{{1,3}}(?:[,.]\d+)?\s*%\s+[{LOWER}])"
)


# A share and the ones it counts, not a year: "50% trường học …", not "90% năm 2030" (the same measure's
# next year).
_SHARE_OF = rf"\d{{1,3}}(?:[,.]\d+)?\s*%\s+(?!(?:năm|giai đoạn|vào|đến|tới|trong)\b)[{LOWER}]"


def _shares_joined(part: str) -> list[str]:
    """ "50% trường học có đủ … theo quy định và 80% nhà vệ sinh bảo đảm …": a clause that opens with a
    share, whom it counts and its own verb, joined by "và" to another share with its own subject, is two
    measures ("90% công chức cấp tỉnh và 70% cán bộ cấp xã được tập huấn" shares one verb: one clause)."""
    if not re.match(_SHARE_OF, part):
        return [part]
    pieces = re.split(r"\s+và\s+(?=" + _SHARE_OF + ")", part)
    if not all(_PREDICATE.search(p) or _OWN_VERB.search(p) for p in pieces[:-1]):
        return [part]
    return pieces


# A sentence whose full stop was lost: a capitalised word and its share right after a number ("… so với
# năm 2015 Giảm 6% số …") opens a measure of its own.
_LOST_STOP = rf"(?<=\d)\s+(?=[{UPPER}][{LOWER}]+\s+\d{{1,3}}(?:[,.]\d+)?\s*%)"


_OWN_VERB = re.compile(r"\b(?:có|bảo đảm|đảm bảo)\b", re.IGNORECASE)


def _clauses(text: str) -> list[str]:
    out: list[str] = []
    pieces: list[str] = []
    parts: list[str] = []
    cut: list[str] = []
    for part in re.split(r";\s+|\.\s+" + _NEXT_SHARE + "|" + _LOST_STOP, text):
        # "100% xã … năm 2020, trong đó 75% duy trì …": the share of a share, a measure of its own for
        # the same year
        head, *subs = re.split(r",\s+trong\s+đó,?\s+" + _NEXT_SHARE, part)
        years = [m["y"] or m["e"] for m in _YEAR.finditer(head)]
        cut.append(head)
        cut.extend(sub if _YEAR.search(sub) or not years else f"Năm {years[-1]}: {sub}" for sub in subs)
    for part in cut:
        start = 0
        for m in _NEXT_RATE.finditer(part):
            if _RATE.search(part[start : m.start()]) and re.match(f"[{UPPER}]", part[m.end() :]):
                parts.append(part[start : m.start()])
                start = m.end()
        parts.append(part[start:])
    for part in parts:
        head, sep, rest = part.partition(" và ")
        figure = re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b", "", head))
        split = re.match(_NEXT_SHARE, rest) and not figure  # a change with no figure first (a year aside)
        pieces.extend([head, rest] if sep and split else _shares_joined(part))
    pieces = [c for piece in pieces for c in _counts_listed(piece)]
    for clause in (c.strip() for c in pieces):
        if not clause:
            continue
        if out and (
            (_VALUE_FIRST.match(clause) and _RATE.search(out[-1])) or continues_subjects(out[-1], clause)
        ):
            out[-1] = f"{out[-1]}; {clause}"
        else:
            out.append(clause)
    return out


# After a count, a comma and a verb of one or two words with a count of its own (ten or more, then a
# lower-case noun): the next measure of the list
_NEXT_COUNT = re.compile(
    rf",\s+(?=[{LOWER}]+(?:\s+[{LOWER}]+)?\s+(?:\d{{1,3}}(?:\.\d{{3}})+|\d{{2,6}})(?![\d%/.,‰])"
    rf"(?!\s*(?:tuổi|loại|tháng|ngày|năm|giờ|lần|tiêu chí|chỉ tiêu)\b)\s+[{LOWER}])"
    # … or, after a sum, the words for "of which" and a part of it with a sum of its own
    r"|,\s+trong\s+đó,?\s+(?=[^.;]*?(?:đạt|vận động|huy động|quyên góp)\s+(?:(?:trên|hơn|ít nhất|tối thiểu"
    rf"|khoảng)\s+)?(?:{_NUMBER})\s*(?:tỷ|tỉ|triệu|nghìn|ngàn)\s+đồng\b)"
)


def _counts_listed(piece: str) -> list[str]:
    """A clause of counts with no rate, each after its own verb and set apart by commas: one clause each,
    the year written before the first one the year of the next ones that name none."""
    if _RATE.search(piece):
        return [piece]
    out: list[str] = []
    start = 0
    for m in _NEXT_COUNT.finditer(piece):
        if _count_values(piece[start : m.start()]) or _AT_LEAST_COUNT.search(piece[start : m.start()]):
            out.append(piece[start : m.start()])
            start = m.end()
    if not out:
        return [piece]
    years = [y["y"] or y["e"] for y in _YEAR.finditer(out[0])]
    rest = [*out[1:], piece[start:]]
    return [out[0], *(c if _YEAR.search(c) or not years else f"Năm {years[-1]}: {c}" for c in rest)]


def _short_number(number: str) -> str:
    parts = number.split(".")
    return ".".join(parts[1:]) if len(parts) > 1 and re.fullmatch(r"[IVXL]+", parts[0]) else number


def _group(node: Node) -> str:
    current = node.parent
    while current is not None and current.kind != "root":
        parent = current.parent
        if current.role in _ROLE_HEADINGS and parent is not None and parent.role not in _ROLE_HEADINGS:
            return parent.number
        current = current.parent
    return ""


def _horizon_of(node: Node) -> str:
    current: Node | None = node.parent
    while current is not None and current.kind != "root":
        for m in _HORIZON.finditer(current.text):
            if re.search(r"\bvà\s+(?:định hướng|tầm nhìn)\s+$", current.text[: m.start()], re.IGNORECASE):
                continue  # "Mục tiêu và định hướng đến năm 2030": the orientation's year, not the targets'
            return m["y"] or m["e"]
        current = current.parent
    return ""


def _count_values(text: str) -> list[re.Match[str]]:
    years = {m.start("y") for m in _YEAR.finditer(text) if m["y"]} | {
        m.start("e") for m in _YEAR.finditer(text) if m["e"]
    }
    out = []
    for m in _COUNT.finditer(text):
        if m.start() in years or re.fullmatch(r"20\d\d", m["num"]):
            continue
        before = fold(text[max(0, m.start() - 12) : m.start()])
        if re.search(r"(?:chi tieu|tieu chi|nhom|muc tieu|so|tu|den)\s*$", before):
            continue
        value = _scaled(text, m)
        if value is not None and value >= 10:
            out.append(m)
    return out


_CONTINUES = re.compile(
    # "98% năm 2030", "và năm 2030 đạt 99,3%", ", năm 2030 con số này giảm còn dưới 4%": the same measure
    r"^\s*(?:(?:vào|đến|tới|trong)\s+)?(?:năm\s+20\d\d,?\s+)?(?:(?:con số|tỷ lệ|tỉ lệ|chỉ tiêu)\s+này\s+)?"
    r"(?:(?:dưới|trên|đạt|còn|xuống|ít nhất|tối thiểu|không quá|tối đa|khoảng|từ|lên|là|giảm|tăng|"
    r"phấn đấu)\s+)*\d",
    re.IGNORECASE,
)
# "… ở mức dưới 8% vào năm 2015 và duy trì ở mức dưới 12% vào năm 2020": a level kept, with only its
# value and its year after it, names nothing of its own — the same measure's next year
_KEPT_LEVEL = re.compile(
    r"^\s*duy trì\s+(?:ở\s+)?(?:mức\s+)?(?:(?:dưới|trên|không quá|tối đa|ít nhất|tối thiểu)\s+)?"
    rf"(?:{_NUMBER})\s*(?:%|‰)\s*(?:(?:vào|đến|tới|trong)\s+)?năm\s+20\d\d\s*$",
    re.IGNORECASE,
)
_GROUP_AFTER = re.compile(
    r"\s*(?:\((?P<p>[^()]{2,40})\)|(?:ở|tại|đối với)\s+"
    r"(?P<w>(?:khu vực\s+|vùng\s+)?[^\s,;()]+(?:\s+[^\s,;()]+)?"
    # a third word where the breakdown ends with it ("ở đô thị loại một vào năm …"), before the
    # measure's year, a mark or the clause's end
    r"(?:\s+[^\s,;()]+(?=\s*(?:$|[,;.)]|(?:vào|đến|tới|trong)\s+năm\b)))?))",
    re.IGNORECASE,
)


_OWN_MEASURE = re.compile(
    rf"^\s*(?:giảm|tăng)\s+(?:ít nhất\s+|tối thiểu\s+)?(?:{_NUMBER})\s*%\s+"
    r"(?:số|tỷ lệ|tỉ lệ|tỷ suất)\s",  # the change names what it changes
    re.IGNORECASE,
)


_OPENING_YEAR = re.compile(r"^\s*(?:(?:đến|tới|vào)\s+)?năm\s+(?P<y>20\d\d)\s*[:,]", re.IGNORECASE)


def _subjects(text: str) -> list[str]:
    """ "100% xã … đăng ký xây dựng và duy trì trên 65% xã … đạt tiêu chuẩn" → two measures; "65% vào
    năm 2025 và 75% vào năm 2030" stays one."""
    pieces = re.split(r"(\s+và\s+|,\s+)", text)
    if len(pieces) < 3:
        return [text]
    out = [pieces[0]]
    for joint, part in zip(pieces[1::2], pieces[2::2], strict=True):
        own = _OWN_MEASURE.match(part)  # "… và giảm 50% số cặp tảo hôn": a change of something else
        if joint.strip() == ",":
            # "… thể thấp còi xuống 29,5%, thể gầy còm xuống dưới 5,2%": after a comma only a part
            # that names its own measure and moves it (xuống, giảm, tăng, lên, đạt) is a new target
            # and a change that names what it changes ("…, giảm 20% số trẻ em …"), a value with the
            # subject it counts ("…, 60% trẻ em … biết bơi", "…, 15.000 trường học đạt …")
            moves = _NAMED_MOVE.match(part) and not _CONTINUES.match(part)
            # — once the measure before has its own verb: "90% cán bộ …, 70% cha mẹ … được cung cấp …"
            # shares the one verb, and stays one target
            subject = _VALUE_SUBJECT.match(part) and _PREDICATE.search(out[-1])
            # … and a part that names its measure first ("…, tỷ lệ trẻ em … đạt 20%")
            subject = subject or re.match(r"(?:tỷ|tỉ)\s+(?:lệ|suất)\s", part, re.IGNORECASE)
            if _RATE.search(out[-1]) and (_RATE.search(part) or subject) and (own or moves or subject):
                # "Năm 2015: 60% A đạt …, 80% B đạt …": the year the clause opened with is the new one's too
                opening = _OPENING_YEAR.match(out[0])
                if opening and not re.search(r"\bnăm\s+20\d\d\b", part):
                    part = f"Năm {opening['y']}: {part}"
                out.append(part)
            else:
                out[-1] = f"{out[-1]}{joint}{part}"
            continue
        # "60% trẻ em … biết bơi và 90% ngôi nhà … đạt tiêu chí …": a value with its own subject and verb
        # after a measure with its own verb ("100% học sinh và 90% giáo viên được tập huấn" shares one)
        counted = _VALUE_SUBJECT.match(part) and _PREDICATE.search(out[-1]) and _PREDICATE.search(part)
        # "Giảm bình quân 2% - 3%/năm số A và 3% - 5%/năm số B": one verb of change, two values each
        # followed by what it changes — two changes, the second with the verb it shares
        changed = _CHANGED.match(part)
        shared = _CHANGE_OF.match(out[-1]) if changed else None
        if shared and changed and _what_changes(out[-1], shared) == _what_changes(part, changed):
            shared = None  # "Giảm 10% số trẻ em … vào năm 2025 và 20% số trẻ em … vào năm 2030": one measure
        if shared:
            part = f"{shared['verb']} {part}"
        new_measure = (own or counted or shared or not _CONTINUES.match(part)) and not _KEPT_LEVEL.match(part)
        if _RATE.search(out[-1]) and _RATE.search(part) and new_measure:
            years = re.findall(r"\bnăm\s+(20\d\d)\b", out[-1])
            if years and not re.search(r"\bnăm\s+20\d\d\b", part):
                # "… đến năm 2030, con số này là 98% và số trẻ em … đạt 98% trong năm này": that year
                part = re.sub(r"\b(?:trong|vào)\s+năm\s+(?:này|đó)\b", f"vào năm {years[-1]}", part)
            out.append(part)
        else:
            out[-1] = f"{out[-1]}{joint}{part}"
    return out


# a value (or a range of values, "3% - 5%"), per year or not, then what it changes ("số …", "tỷ lệ …")
_CHANGED_VALUE = (
    rf"(?:{_NUMBER})\s*%?(?:\s*[-–]\s*(?:{_NUMBER}))?\s*%(?:\s*/\s*năm)?\s+(?:số|tỷ lệ|tỉ lệ|tỷ suất)\s"
)
_CHANGED = re.compile(rf"^\s*{_CHANGED_VALUE}", re.IGNORECASE)
_CHANGE_OF = re.compile(
    rf"^\s*(?P<verb>giảm|kéo giảm|tăng)\s+(?:(?:bình quân|trung bình|ít nhất|tối thiểu)\s+)?{_CHANGED_VALUE}",
    re.IGNORECASE,
)


def _what_changes(text: str, m: re.Match[str]) -> str:
    """The words after a change's value up to its year: what it changes."""
    rest = re.split(r"\s(?:vào|đến|tới|trong)\s+năm\b|[,;.]", text[m.end() - 1 :], maxsplit=1)[0]
    return fold(rest).strip()


_VALUE_SUBJECT = re.compile(
    r"^\s*(?:(?:có|phấn đấu)\s+)?(?:\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?\s*%)\s+"
    r"(?!(?:năm|giai đoạn|vào|đến|tới|ở|tại|đối với|trong|khu vực|vùng|so với|trở lên|số|tổng|và)\b)"
    rf"[{LOWER}]+\s+[{LOWER}]+"
)
_PREDICATE = re.compile(
    r"\b(?:biết|được|đạt|bị|tham gia|tổ chức|sử dụng|tiếp cận|hoàn thành|giảm|tăng|xuống|lên)\b",
    re.IGNORECASE,
)
_NAMED_MOVE = re.compile(
    r"^(?!(?:khu vực|vùng|ở|tại|năm|giai đoạn|riêng|trong đó|trong số|đối với|nhất là)\b)"
    r"[^\d,;()]{3,60}?\s(?:xuống|giảm|tăng|lên|đạt)\s"
    r"(?:còn\s+|dưới\s+|trên\s+|ít nhất\s+|tối thiểu\s+)?\d",
    re.IGNORECASE,
)


def _group_of(text: str, m: re.Match[str]) -> str:
    g = _GROUP_AFTER.match(text, m.end())
    if not g:
        return ""
    words = (g["p"] or g["w"] or "").strip()
    if re.match(r"(?:so với|năm|giai đoạn|trở lên|\d)", words, re.IGNORECASE):
        return ""
    return re.sub(r"^khu vực\s+", "", words, flags=re.IGNORECASE)


# a breakdown defined by a condition of its own ("ở các tỉnh năm 2020 có tỷ suất tử vong sơ sinh trên
# 19‰"): its year and its number name the group, they are no value of the target
_CONDITIONAL_GROUP = re.compile(
    r"\s+(?:ở|tại)\s+(?P<g>(?:các|những)\s+(?:tỉnh|thành phố|huyện|quận|xã|vùng|địa phương|khu vực)\b"
    r"[^;]*\d[^;]*)$",
    re.IGNORECASE,
)


_SCOPE_OF_ALL = re.compile(
    r"\s+đối với\s+(?P<g>(?:địa bàn\s+)?(?:các|những)\s+"
    r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|vùng|địa phương|địa bàn|khu vực)"
    rf"\s[^\d;.]*?\bcó\s[^\d;.]+?)(?=\.\s+[{UPPER}]|$)",
    re.IGNORECASE,
)


# "giảm tỷ lệ suy dinh dưỡng … sinh sống trên địa bàn các huyện nghèo xuống 2%": the units the measure is
# taken in, written inside it right before the move to its value — its breakdown group (after the value,
# "80% phụ nữ … sinh sống trên địa bàn các huyện nghèo được …", the place says who is counted)
_GROUP_BEFORE_VALUE = re.compile(
    r"\s(?:(?:sinh sống|cư trú)\s+)?(?:trên địa bàn|ở|tại)\s+"
    r"(?P<g>(?:các|những)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thôn|bản|vùng|địa phương)"
    rf"(?:\s+[{LOWER}]+){{0,2}}?)\s+(?:xuống|giảm|tăng|lên|đạt)\s+"
    r"(?:(?:còn|dưới|trên|ít nhất|tối thiểu|khoảng)\s+)?\d",
    re.IGNORECASE,
)


# The level of government a named subject is at ("at district level", after the subject's noun, not the
# level as the subject itself), right before the verb and the count or sum it reaches: the breakdown of
# a count (a rate's breakdown is read by the pattern above)
_LEVEL_BEFORE_COUNT = re.compile(
    r"(?<=[^\W\d_])\s(?P<g>cấp\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn))"
    rf"\s+(?:[{LOWER}]+\s+){{1,6}}?(?:(?:trên|hơn|ít nhất|tối thiểu|khoảng)\s+)?\d"
)


def build_targets(
    label: str,
    text: str,
    node: Node,
    indicators: IndicatorCatalogue,
    chi_tieu: str,
    horizon: str,
    *,
    dated: bool = False,
    every_year: bool = False,
) -> list[TargetDraft]:
    """The targets one clause states: one per measure, one per breakdown ("dưới 10% (khu vực nội
    thành), 5% (khu vực ngoại thành)", "dưới 10 % ở thành thị, dưới 5 % ở nông thôn")."""
    out: list[TargetDraft] = []
    text = text.strip().rstrip(".")
    # "… 3% - 5%/năm số cặp … đối với các địa bàn có tỷ lệ này còn cao.": the areas named at the end of
    # the measures' sentence are the group of each of them
    scope = _SCOPE_OF_ALL.search(text)
    scope_group = ""
    if scope and _RATE.search(text[: scope.start()]):
        scope_group = scope["g"].strip()
        text = text[: scope.start()] + text[scope.end() :]
    only = _breakdowns_set_apart(text)
    text = only[0]
    for piece in _subjects(text):
        condition = _CONDITIONAL_GROUP.search(piece)
        if condition:  # "… 9‰ trong toàn quốc và xuống 15‰ ở các tỉnh năm 2020 có tỷ suất … trên 19‰"
            measured = piece[: condition.start()]
            rates = list(_RATE.finditer(measured))
            if len(rates) >= 2:
                parts = [({m.start() for m in rates[:-1]}, ""), ({rates[-1].start()}, condition["g"])]
                for keep, group in parts:
                    draft = build_target(
                        label,
                        measured,
                        node,
                        indicators,
                        chi_tieu,
                        horizon,
                        keep=keep,
                        dated=dated,
                        every_year=every_year,
                    )
                    if draft:
                        draft.group = group
                        out.append(draft)
                continue
        rates = list(_RATE.finditer(piece))
        groups = [_group_of(piece, m) for m in rates]
        named = [g for g in groups if g]
        if len(set(named)) >= 2:
            for group in dict.fromkeys(named):
                keep = {m.start() for m, g in zip(rates, groups, strict=True) if g == group}
                draft = build_target(
                    label,
                    piece,
                    node,
                    indicators,
                    chi_tieu,
                    horizon,
                    keep=keep,
                    groups=named,
                    dated=dated,
                    every_year=every_year,
                )
                if draft:
                    draft.group = group
                    out.append(draft)
            continue
        draft = build_target(
            label, piece, node, indicators, chi_tieu, horizon, dated=dated, every_year=every_year
        )
        if draft:
            inside = _GROUP_BEFORE_VALUE.search(piece)
            if inside is None and not _RATE.search(piece):
                inside = _LEVEL_BEFORE_COUNT.search(piece)
            draft.group = draft.group or (inside["g"] if inside else "")
            out.append(draft)
    for group, part in only[1]:
        draft = build_target(
            label,
            part,
            node,
            indicators,
            chi_tieu,
            horizon,
            groups=[group],
            dated=dated,
            every_year=every_year,
        )
        if draft:
            draft.group = group
            out.append(draft)
    for draft in out:
        draft.group = draft.group or scope_group
    return out


# After a measure's value, a comma, the word for "as for" and a place with its own value: the value for
# one part of those the measure counts, the same measure with that breakdown (typed without diacritics,
# the word list leaves the preposition of place unmarked there: after that word it can be nothing else)
_ONLY_IN = re.compile(
    r",\s+riêng\s+(?P<pre>(?:ở|o|tại|đối với|với|cho)\s+)?(?P<g>[^,;()\d%]{3,80}?)\s+"
    r"(?P<v>(?:(?:là|đạt|còn|xuống|dưới|trên|ít nhất|tối thiểu|không quá|tối đa|khoảng)\s+)*"
    rf"(?:{_NUMBER})\s*(?:%|‰))",
    re.IGNORECASE,
)
_BOUND_TAIL = re.compile(
    r"(?:\s+(?:là|đạt|còn|xuống|dưới|trên|ít nhất|tối thiểu|không quá|tối đa|khoảng|ở mức))+\s*$",
    re.IGNORECASE,
)


def _breakdowns_set_apart(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The clause without the breakdowns set apart after its value, and each breakdown's group with its
    measure written whole: the measure's words before its first value, then the breakdown and its value."""
    first = _RATE.search(text)
    found = [m for m in _ONLY_IN.finditer(text) if first is not None and first.end() <= m.start()]
    if not found or first is None:
        return text, []
    subject = _BOUND_TAIL.sub("", text[: first.start()]).rstrip(" ,")
    parts = [(m["g"].strip(), f"{subject} {m.group(0).lstrip(', ')}") for m in found]
    for m in reversed(found):
        text = text[: m.start()] + text[m.end() :]
    return text, parts


def build_target(
    label: str,
    text: str,
    node: Node,
    indicators: IndicatorCatalogue,
    chi_tieu: str,
    horizon: str,
    keep: set[int] | None = None,
    groups: list[str] | None = None,
    dated: bool = False,
    every_year: bool = False,
) -> TargetDraft | None:
    """The target ``text`` states. A value with no year of its own takes the year written before it,
    else "yearly" for a yearly change ("giảm 5 %/năm") or a level written every year ("hằng năm 100% …",
    "… mỗi năm", or ``every_year``: its item opened with "Hằng năm,") unless the clause or its heading
    gives its own year (``dated``: "Mục tiêu đến năm 2025" over "… hằng năm dưới 15/100.000"), else
    ``horizon``."""
    shown = text.strip().rstrip(".")
    text = share_in_words(shown)  # the values are read from "100%" for "tất cả", the text shown as written
    folded = fold(text)
    per_year = bool(re.search(r"%\s*/\s*nam\b", folded))  # "giảm 5 %/năm", "2-3%/năm"
    yearly = per_year or bool(EVERY_YEAR.search(folded))
    relative = per_year or bool(
        re.search(r"so voi cung ky|so voi nam truoc|muc giam|\bgiam so\b", folded)
        # "giảm tỷ lệ … xuống 2% so với năm 2024": a value compared with a year is the change against it
        or re.search(r"\d\s*%\s+so voi nam \d{4}\b", folded)
        or re.search(r"\b(?:hang|moi|tung) nam\b[^%]*\bgiam\b|\bgiam\s+(?:it nhat\s+|tu\s+)?\d", folded)
        or re.search(r"\bgiam\b(?! thieu)[^%]{0,60}\b(?:hang|moi|tung) nam\b", folded)
    )
    all_values = list(_RATE.finditer(text)) or _count_values(text)
    if _FRACTION_OPENING.match(text) and not _RATE.search(text):
        all_values = [next(_FRACTION.finditer(text))]  # "7/7 huyện …": the count of units, 7
    elif fractions := dated_fractions(text):
        all_values = fractions  # "12/24 quận … [2011] và 24/24 quận … vào năm 2012": 12, then 24
    elif not all_values and counts_at_least(text):
        all_values = [next(_AT_LEAST_COUNT.finditer(text))]  # "… tổ chức ít nhất 1 chương trình …"
    elif not all_values and opens_with_count(text) and (opening := _COUNT_OPENING.match(text.strip())):
        all_values = [opening]  # "04 xã, phường đạt …": the count it opens with, whatever its size
    values_m = [m for m in all_values if keep is None or m.start() in keep]
    if not values_m:
        return None
    if relative and not per_year and _unit(values_m[0], folded, False).startswith("per_"):
        # "giảm tỷ suất … hàng năm dưới 17/100.000": a rate per 1.000 or 100.000 is a level to hold
        # every year; a yearly change is written in per cent
        relative = yearly = False
    # "từ 2% đến 3%", "2–3 %/năm": the lower bound is the value, the upper one is kept beside it
    skip: set[int] = set()
    low_of: dict[int, Decimal] = {}  # "2-3%": only "3%" is a rate; its value is the lower bound 2
    high: Decimal | None = None
    starts = {m.start() for m in values_m}
    for r in list(_RANGE.finditer(text)) + list(_DASH_RANGE.finditer(text)):
        if r.start("b") in starts:
            high = decimal_of(r["b"])
            if r.start("a") in starts:
                skip.add(r.start("b"))
            else:
                low = decimal_of(r["a"])
                if low is not None:
                    low_of[r.start("b")] = low
    values_m = [m for m in values_m if m.start() not in skip]
    years = [
        (m.start(), m["y"] or m["e"], m) for m in _YEAR.finditer(text) if not (relative and yearly and m["e"])
    ]
    values: dict[str, Decimal] = {}
    pending: list[Decimal] = []
    events = sorted(
        [(m.start(), "v", m) for m in values_m] + [(p, "y", m) for p, _, m in years], key=lambda e: e[0]
    )
    last: Decimal | None = None
    previous_end = 0
    unused_year = ""
    kinds = "".join(kind for _, kind, _ in events)
    if len(kinds) >= 4 and kinds == "yv" * (len(kinds) // 2):
        # "năm 2025 đạt 99,1% và năm 2030 đạt 99,3%", "đến năm 2025 … dưới 4,5%, năm 2030 … dưới 4%":
        # every year written before its own value
        for (_, _, ym), (_, _, vm) in zip(events[::2], events[1::2], strict=True):
            value = low_of.get(vm.start()) or _scaled(text, vm)
            if value is not None:
                values[ym["y"] or ym["e"]] = value
        events = []
    for position, kind, m in events:
        if kind == "v":
            value = low_of.get(m.start()) or _scaled(text, m)
            if value is not None:
                pending.append(value)
            continue
        year = m["y"] or m["e"]
        if pending and len(pending) >= 2 and unused_year and unused_year not in values:
            # "năm 2025 xuống còn 500/100.000 và 450/100.000 vào năm 2030": the year before its value
            values[unused_year] = pending[0]
            pending = pending[1:]
        unused_year = ""
        if pending:
            values[year] = pending[0]
            last = pending[0]
            pending = []
        elif last is not None and "duy tri" in fold(text[previous_end:position]):
            values[year] = last
        else:
            unused_year = year
        previous_end = m.end()
    if pending:
        level_every_year = not relative and not dated and (every_year or bool(EVERY_YEAR.search(folded)))
        key = "yearly" if (relative and yearly) or (level_every_year and not unused_year) else ""
        key = key or unused_year or horizon
        if key not in values:
            # "" when neither the text nor the plan gives it a year (a page that lost the plan's header):
            # the value is kept for the reviewer to give its year
            values[key] = pending[0]
    first = values_m[0]
    unit = _unit(first, folded, relative)
    direction = _direction(folded)
    comparator = _comparator_at(text, all_values, all_values.index(first), direction)
    if _none_left(shown, text):
        comparator = "le"  # "không còn …": at most none
    if direction == "raise" and comparator in ("lt", "le") and not re.search(r"\b(?:tang|nang)\b", folded):
        direction = "lower"  # "dưới 5 %", "không quá 3 %": a ceiling
    indicator = None
    counted = re.search(r"\d\s*%(?:\s*/\s*nam)?\s+so\s", folded)  # "giảm 2%/năm số cặp …": a count
    if (
        unit != "percent_change"
        or ("tao hon" in folded and not counted)
        or re.search(r"\bty (?:le|suat)\b", folded)
    ):
        # a yearly change of a rate ("giảm 5 %/năm tỷ lệ thấp còi") is a change of that indicator; a
        # change of a count ("giảm 2%/năm số cặp tảo hôn") is not the rate of the same thing
        measured = _measured_part(text, first.start())
        for group in groups or []:  # the breakdown's words say nothing of what is measured
            mention = rf"(?:\s*(?:ở|tại|đối với)\s+(?:khu vực\s+)?|\s*\((?:khu vực\s+)?){re.escape(group)}\)?"
            measured = re.sub(mention, " ", measured, flags=re.IGNORECASE)
        indicator = indicators.match(
            measured,
            unit=unit if unit != "percent_change" else "",
            chi_tieu=chi_tieu,
            threshold=0.55 if label.startswith("Chỉ tiêu") else 0.8,
            coverage=0.0 if label.startswith("Chỉ tiêu") else 0.3 if unit == "percent_change" else 0.5,
        )
    lines = SourceLines(node.start, node.end)
    kind = "change" if unit == "percent_change" else "range" if high is not None else "level"
    if kind == "level" and direction == "keep":
        kind = "keep"
    if kind == "change":  # the value is the size of the change: at least it, unless "không quá"
        comparator = "le" if re.search(r"\b(?:khong qua|toi da)\b", folded) else "ge"
    return TargetDraft(
        label, shown, indicator, values, comparator, direction, unit, [], lines, kind=kind, high=high
    )


def _measured_part(text: str, position: int) -> str:
    """What the value measures: its own sentence ("… xuống còn 5%. Giảm tỷ lệ gia tăng …" keeps the
    first; so does "… 7/100.000 trẻ em. 40.000 ngôi nhà …", a sentence opening with a count), without a
    purpose clause ("… được trợ giúp, chăm sóc để phục hồi, tái hòa nhập …"),"""
    start = 0
    for m in re.finditer(rf"\.\s+(?=[{UPPER}]|\d[\d.,]*\s+[{LOWER}])", text):
        if m.end() > position:
            text = text[: m.start()]
            break
        start = m.end()
    part = text[start:]
    # nor another year's value after the first ("…, năm 2030 con số này giảm còn dưới 4%")
    later = re.compile(r"(?:,|\s+và)\s+(?:(?:vào|đến|tới|trong)\s+)?năm\s+20\d\d\b", re.IGNORECASE)
    cut = later.search(part, max(position - start, 0))
    part = part[: cut.start()] if cut else part
    # nor the words that announce it, before the year that labels it
    part = _after_label(part, position - start)
    part = re.split(r"\s+(?:để|nhằm)\s+", part, maxsplit=1)[0]
    # nor the horizon and the scope, which say when and where ("Đến năm 2025: …", "… trong toàn quốc")
    part = re.sub(r"^\s*(?:Đến|Tới)\s+năm\s+\d{4}\s*:\s*", "", part, flags=re.IGNORECASE)
    # … nor the sentence that announces the goals ("Chương trình đưa ra mục tiêu vào năm 2030 giảm …")
    announced = _ANNOUNCED.match(part)
    if announced:
        part = re.sub(r"^\s*(?:(?:vào|đến|tới)\s+năm\s+\d{4}\s*:?\s*)?", "", part[announced.end() :])
    part = re.sub(
        r"\s+(?:trong|trên)\s+(?:phạm vi\s+)?(?:toàn quốc|cả nước|toàn tỉnh|toàn thành phố)\b", "", part
    )
    # "… trên địa bàn thành phố xuống dưới 21,5%", "… trên địa bàn tỉnh Kon Tum …": where, not what
    return re.sub(
        r"\s+trên\s+địa\s+bàn\s+(?:toàn\s+)?(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)"
        rf"(?:\s+[{UPPER}][^\s,;.]*)*",
        "",
        part,
    )


def _unit(first: re.Match[str], folded: str, relative: bool) -> str:
    if relative:
        return "percent_change"
    unit = first.groupdict().get("unit") or ""
    if unit == "%":
        return "percent"
    if unit == "‰" or unit.replace(" ", "").replace(".", "") == "/1000":
        return "per_1000_live_births"  # "10‰" is "10/1.000"
    if unit.replace(" ", "").replace(".", "") == "/100000":
        return "per_100000_children"
    return "count"


def _direction(folded: str) -> str:
    if re.search(r"\bgiam\b(?! thieu)", folded):
        return "lower"
    if re.search(r"\bduy tri (?:den|o muc|muc|ty le|ti le|on dinh|\d)", folded) and not re.search(
        r"\b(?:tang|nang|dat)\b", folded
    ):
        return "keep"
    return "raise"


def _comparator_at(text: str, values: list[re.Match[str]], index: int, direction: str) -> str:
    """The comparator written before ``values[index]``; a value listed after another with none of its
    own ("dưới 10% (nội thành), 5% (ngoại thành)") takes the one before it."""
    while index > 0 and not _explicit_comparator(text, values[index]):
        between = text[values[index - 1].end() : values[index].start()]
        if re.search(r"\b(?:năm|giai đoạn)\s+20\d\d", between) and not re.search(r"[,;(]", between):
            break
        index -= 1
    return _comparator(text, values[index], direction)


_CHECKS = (
    (r"(?:khong qua|toi da|khong vuot qua)$", "le"),
    (r"(?:duoi|thap hon)$", "lt"),
    (r"(?:it nhat|toi thieu)$", "ge"),
    (r"(?:tren|hon|cao hon)$", "gt"),
    (r"(?:xuong con|xuong|con)$", "le"),
    (r"(?:tu)$", "ge"),
    (r"(?:dat|phan dau|len|dat trung binh)$", "ge"),
    (r"(?:la|bang)$", "eq"),
)


def _explicit_comparator(text: str, m: re.Match[str]) -> str:
    before = fold(text[max(0, m.start() - 30) : m.start()]).strip()
    before = re.sub(r"\s+muc$", "", before)  # "dưới mức 5%", "không quá mức …": the level's word between
    for pattern, comparator in _CHECKS:
        if re.search(pattern, before):
            return comparator
    return ""


def _comparator(text: str, first: re.Match[str], direction: str) -> str:
    """The comparator written before ``first``; else "ge" for "… trở lên" after it; else what the
    direction of the target implies."""
    if explicit := _explicit_comparator(text, first):
        return explicit
    if fold(text[first.end() : first.end() + 15]).strip().startswith("tro len"):
        return "ge"
    return "le" if direction == "lower" else "ge"
