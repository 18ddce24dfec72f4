"""Task tables: an appendix "phân công nhiệm vụ" (or any table of tasks) read by its header row.

A legal site or a converter gives a table's cells between "|": a row on one line ("| 1 | Tuyên
truyền … | Sở Y tế | Tỉnh đoàn | Quý II/2026 |"), or each cell's text on lines of its own, wrapped,
closed by a line "|" or by "|" at the end of its last line. The header row names each column's role
in its own words — the task (nội dung, nhiệm vụ, hoạt động, công việc), who leads it (chủ trì, đơn vị
thực hiện), who co-operates (phối hợp), by when (thời gian, thời hạn, tiến độ) and its row number (STT,
TT) —; the rows after it are tasks, a row with only a number and a text ("I | Truyền thông …") heads
the rows under it. Read on the raw lines, before ``normalise`` joins a row's cells. A table extracted
from a PDF, its cells standing apart in runs of spaces, is read by its header words' columns
(``find_layout_tables``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from treem.core.text import fold

from .agencies import AgencyCatalogue
from .dates import parse_timeframe
from .letters import UPPER
from .model import SourceLines, TaskDraft, Timeframe

_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zđ])[.)]?$")
_GROUP_NUMBER = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])[.)]?$")


_CONTENT_COLUMN = re.compile(
    r"(?:noi dung|nhiem vu|hoat dong|cong viec|giai phap|ten\s+(?:nhiem vu|hoat dong|cong viec))\b"
)
_OTHER_COLUMN = re.compile(
    r"(?:san pham|ket qua|kinh phi|ghi chu|nguon|du toan|chi tieu|dia diem|doi tuong|hinh thuc)\b"
)


def column_role(cell: str) -> str | None:
    """The role a header cell gives its column, "other" for a column of no use here, None for a cell
    that is no header at all (a row's text, a number)."""
    folded = fold(cell).strip(" :.*")
    if not folded or len(folded) > 60 or re.search(r"\d", folded):
        return None
    if re.fullmatch(r"s\.?\s*tt|t\.?\s*t|so tt|so thu tu|thu tu", folded):
        return "number"
    # each role named at the cell's start ("Cơ quan chủ trì", "Phối hợp", "Thời gian hoàn thành"), so that
    # a paragraph that only mentions the words ("I. NỘI DUNG", "Các đơn vị thực hiện …") names none
    agency = r"(?:(?:co quan|don vi|bo phan)\s+)?"
    if re.match(agency + r"phoi hop\b", folded):
        return "cooperating"
    if re.match(r"(?:thoi gian|thoi han|tien do|lo trinh|moc thoi gian)\b", folded):
        return "time"
    if re.match(agency + r"chu tri\b|(?:co quan|don vi|bo phan)\s+thuc hien\b|trach nhiem\b", folded):
        return "lead"
    if _CONTENT_COLUMN.match(folded):
        return "content"
    if _OTHER_COLUMN.match(folded):
        return "other"
    return None


@dataclass
class _Cell:
    text: str
    start: int
    end: int


@dataclass
class TableRow:
    cells: dict[str, str]
    start: int  # 0-based line indexes
    end: int


@dataclass
class TaskTable:
    roles: list[str]
    rows: list[TableRow] = field(default_factory=list)
    start: int = 0
    end: int = 0


def _tokens(lines: list[str], start: int) -> list[_Cell | None]:
    """The cells from line ``start`` on, in order; None marks where a line opened with "|" (a row's
    start in the one-line layout) and where the table ends (a run of lines without any "|")."""
    out: list[_Cell | None] = []
    buf: list[str] = []
    buf_start: int | None = None
    i = start
    while i < len(lines):
        s = lines[i].strip()
        if _RULE.match(s):
            i += 1
            continue
        if "|" not in s:
            if s and not buf and not _bar_ahead(lines, i):
                break
            if s:
                buf.append(s)
                buf_start = i if buf_start is None else buf_start
            i += 1
            continue
        if s == "|" and not buf:
            out.append(_Cell("", i, i))  # an empty cell closed by its own line
            i += 1
            continue
        parts = s.split("|")
        if s.startswith("|") and s != "|":
            # "| 1 | … |": a row of the one-line layout starts; text before it is no cell of the table
            buf, buf_start = [], None
            parts = parts[1:]
            out.append(None)
        for j, part in enumerate(parts):
            piece = part.strip()
            if j < len(parts) - 1:
                if piece:
                    buf.append(piece)
                text = " ".join(buf)
                out.append(_Cell(text, i if buf_start is None else buf_start, i))
                buf, buf_start = [], None
            elif piece:
                buf.append(piece)
                buf_start = i if buf_start is None else buf_start
        i += 1
    return out


def _bar_ahead(lines: list[str], index: int) -> bool:
    """A cell's text starting at ``index`` is closed by a "|" within a few lines."""
    seen = 0
    for line in lines[index : index + 12]:
        if "|" in line:
            return True
        if line.strip():
            seen += 1
            if seen > 4:
                return False
    return False


def is_task_header(cells: list[str]) -> bool:
    """The cells of a row name a task table's columns (a task's text and who leads it, at least)."""
    return _roles_of([column_role(c) for c in cells]) is not None


def _roles_of(roles: list[str | None]) -> list[str] | None:
    kept = [r for r in roles if r is not None]
    if len(kept) != len(roles) or len(kept) < 3:
        return None
    if "content" in kept and "lead" in kept and kept.count("content") == 1:
        return kept
    return None


def _header(cells: list[_Cell | None]) -> list[str] | None:
    roles: list[str] = []
    for cell in cells:
        if cell is None:
            if roles:
                break
            continue
        role = column_role(cell.text)
        if role is None:
            break
        roles.append(role)
    return _roles_of(list(roles))


def find_tables(lines: list[str]) -> list[TaskTable]:
    """Every task table in ``lines`` (the raw lines of the text)."""
    tables: list[TaskTable] = []
    i = 0
    while i < len(lines):
        first = lines[i].strip().strip("|").split("|")[0].strip()
        if not first or column_role(first) not in ("number", "content"):
            i += 1
            continue
        tokens = _tokens(lines, i)
        roles = _header(tokens)
        if roles is None:
            i += 1
            continue
        cells = [c for c in tokens if c is not None]
        roles, header_cells = _second_header_row(roles, cells)
        table = _read_rows(tokens, roles, header_cells)
        header_end = cells[header_cells - 1].end
        table.start, table.end = cells[0].start, max([header_end] + [r.end for r in table.rows])
        tables.append(table)
        i = table.end + 1
    return tables


def _second_header_row(roles: list[str], cells: list[_Cell]) -> tuple[list[str], int]:
    """A header of two rows: "Cơ quan thực hiện" over "Chủ trì | Phối hợp". The cells right after the
    first row that all name roles are its second row: only the cells under the merged one (the first
    row's lead column becomes them), or the whole row again, with the merged cell repeated (a .docx).
    Returns the columns' roles and how many cells the header takes."""
    sub: list[str] = []
    for cell in cells[len(roles) :]:
        role = column_role(cell.text)
        if role is None:
            break
        sub.append(role)
    whole = _roles_of(list(sub))
    if whole is not None and len(whole) > len(roles):
        return whole, len(roles) + len(sub)
    if sub and set(sub) <= {"lead", "cooperating"} and len(sub) >= 2 and "lead" in roles:
        at = roles.index("lead")
        return roles[:at] + sub + roles[at + 1 :], len(roles) + len(sub)
    return roles, len(roles)


def _read_rows(tokens: list[_Cell | None], roles: list[str], header_cells: int) -> TaskTable:
    table = TaskTable(roles)
    row: list[_Cell] = []
    numbered = roles[0] == "number"

    def flush() -> None:
        if row and not _repeats_header(row, roles):
            table.rows.append(
                TableRow(
                    {role: cell.text for role, cell in zip(roles, row, strict=False)},
                    row[0].start,
                    row[-1].end,
                )
            )
        row.clear()

    seen = 0
    for token in tokens:
        if token is not None:
            seen += 1
            if seen <= header_cells:
                continue
        if token is None:
            if seen >= header_cells:
                flush()
            continue
        if numbered and row and _ROW_NUMBER.match(token.text) and len(row) >= 2:
            flush()  # a group's row of fewer (merged) cells, then the next row's number
        row.append(token)
        if len(row) == len(roles):
            flush()
    flush()
    return table


def _repeats_header(row: list[_Cell], roles: list[str]) -> bool:
    return [column_role(c.text) for c in row] == roles[: len(row)]


def table_tasks(
    tables: list[TaskTable], catalogue: AgencyCatalogue, title_of: Callable[[str, bool], str]
) -> list[TaskDraft]:
    """The tasks the tables' rows give, a group's row heading the rows under it."""
    from .tasks import indicator_refs

    tasks: list[TaskDraft] = []
    for t_index, table in enumerate(tables, start=1):
        prefix = "PL" if len(tables) == 1 else f"PL{t_index}"
        group: TaskDraft | None = None
        count = 0
        for row in table.rows:
            text = _clean(row.cells.get("content", ""))
            if not text:
                continue
            number = row.cells.get("number", "").strip().rstrip(".)")
            others = [row.cells.get(r, "").strip() for r in ("lead", "cooperating", "time")]
            lines = SourceLines(row.start + 1, row.end + 1)
            if not any(others) and (not number or _GROUP_NUMBER.match(number)):
                count = 0
                group = TaskDraft(
                    number=f"{prefix}.{number or len(tasks) + 1}",
                    level=1,
                    title=text.rstrip(":"),
                    body=text,
                    lead=[],
                    cooperating=[],
                    timeframe=Timeframe(),
                    indicator_refs=indicator_refs(text),
                    lines=lines,
                    is_heading=True,
                )
                tasks.append(group)
                continue
            count += 1
            own = number or str(count)
            # a cell's lines kept for the catalogue: a list written a body a line
            lead_text, cooperating_text = (_clean_lines(x) for x in others[:2])
            time_text = _clean(others[2])
            task = TaskDraft(
                number=f"{group.number}.{own}" if group else f"{prefix}.{own}",
                level=2 if group else 1,
                title=title_of(text, False),
                body=text,
                lead=catalogue.split(lead_text) if lead_text else [],
                cooperating=catalogue.split(cooperating_text) if cooperating_text else [],
                timeframe=parse_timeframe(time_text) if time_text else Timeframe(),
                indicator_refs=indicator_refs(text),
                lines=lines,
                is_heading=False,
            )
            tasks.append(task)
            if group is not None:
                group.lines = SourceLines(group.lines.start, lines.end)
    return tasks


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip(" ;")


def _clean_lines(text: str) -> str:
    return "\n".join(line for line in (_clean(x) for x in text.split("\n")) if line)


# -- a table laid out with spaces (text extracted from a PDF, "pdftotext -layout") ---------------------
#
# No "|" and no tab: each row's cells stand side by side, separated by runs of spaces, each cell's text
# wrapped over the lines of its row, the row's number in the first column on the row's first line. The
# header's words (one to four lines, "Cơ quan" over "chủ trì") give the columns and their roles; a
# column ends in the gutter between its header words and the next column's, where no line of the table
# has a letter; a row starts at a line whose first column holds a row number.

_SEGMENT = re.compile(r"\S+(?: \S+)*")  # a run of words separated by single spaces
_SAME_WIDTH = str.maketrans(
    {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "–": "-", "—": "-", "‐": "-", "‑": "-"}
)


@dataclass
class _Segment:
    start: int
    end: int
    text: str


def _segments(line: str) -> list[_Segment]:
    return [_Segment(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(line)]


def layout_lines(text: str) -> list[str]:
    """The lines of ``text`` as ``normalise`` numbers them, their spaces kept (the columns' offsets); a
    page break's form feed takes no column."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [line.translate(_SAME_WIDTH).replace("\f", "").rstrip() for line in text.split("\n")]


def find_layout_tables(text: str) -> list[TaskTable]:
    """Every task table laid out with spaces in ``text``."""
    lines = layout_lines(text)
    tables: list[TaskTable] = []
    i = 0
    while i < len(lines):
        table = _layout_table(lines, i) if "|" not in lines[i] and "\t" not in lines[i] else None
        if table is None or not table.rows:
            i += 1
            continue
        tables.append(table)
        i = table.end + 1
    return tables


def _number_apart(segments: list[_Segment]) -> list[_Segment]:
    """``segments`` with a row number set one space from its row's text ("10. Tổ chức …": a number
    column too narrow for two digits, as a PDF's layout text gives it) made a segment of its own."""
    m = re.match(r"(\d{1,3}(?:\.\d{1,2})*[.)]?) (?=\S)", segments[0].text) if segments else None
    if m is None:
        return segments
    first, width = segments[0], len(m[1])
    number = _Segment(first.start, first.start + width, m[1])
    return [number, _Segment(first.start + width + 1, first.end, first.text[width + 1 :]), *segments[1:]]


def _row_start(segments: list[_Segment], content_start: int) -> bool:
    """A line opening a row: a row number alone in the first column (or one space from its text), text
    after it."""
    segments = _number_apart(segments)
    number = segments[0].text if segments else ""
    return (
        len(segments) >= 2
        and segments[0].start < content_start
        and bool(_ROW_NUMBER.match(number) or _GROUP_NUMBER.match(number))
    )


def _header_columns(lines: list[str], start: int) -> tuple[list[_Segment], int] | None:
    """The header's columns (each its words' span and text, top to bottom) from line ``start`` on, and the
    index of the line after the header; None when these lines are no header."""
    columns: list[_Segment] = []
    i = start
    while i < len(lines) and i < start + 4 and lines[i].strip():
        segments = _segments(lines[i])
        if i > start and _row_start(segments, columns[0].end + 1):
            break
        for segment in segments:
            under = [c for c in columns if segment.start < c.end and c.start < segment.end]
            if len(under) > 1:
                return None  # a line across the columns: prose, not a header
            if under:
                column = under[0]
                column.start, column.end = min(column.start, segment.start), max(column.end, segment.end)
                column.text = f"{column.text} {segment.text}"
            else:
                columns.append(_Segment(segment.start, segment.end, segment.text))
        i += 1
    columns.sort(key=lambda c: c.start)
    if len(columns) < 3:
        return None
    return columns, i


def _layout_table(lines: list[str], start: int) -> TaskTable | None:
    if len(_segments(lines[start])) < 2:
        return None
    found = _header_columns(lines, start)
    if found is None:
        return None
    columns, after = found
    roles = _roles_of([column_role(c.text) for c in columns])
    if roles is None:
        return None
    numbered = roles[0] == "number"
    first = after
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines) or not _first_row(lines, first, columns, numbered):
        return None
    header_lines = {" ".join(line.split()) for line in lines[start:after]}
    if numbered:
        found_region = _region(lines, first, columns, header_lines)
    else:
        found_region = _unnumbered_region(lines, first, header_lines)
    region, cuts = _narrowed(lines, found_region, columns, header_lines)
    if not region:
        return None
    table = TaskTable(roles, start=start)
    for span in _row_spans(lines, region, columns, header_lines, numbered):
        row: dict[str, list[str]] = {role: [] for role in roles}
        for i in span:
            line = lines[i]
            if numbered and _merged_group(line, columns):
                # a group's title across the merged cells ("II   Hỗ trợ, can thiệp …")
                segments = _segments(line)
                row = {"number": [segments[0].text], "content": [" ".join(x.text for x in segments[1:])]}
                continue
            cells = [line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
            for role, cell in zip(roles, cells, strict=False):
                if cell:
                    row.setdefault(role, []).append(cell)
        cells_text = {role: "\n".join(parts) for role, parts in row.items() if parts}
        table.rows.append(TableRow(cells_text, span[0], span[-1]))
    table.end = table.rows[-1].end if table.rows else start
    return table


# A line that opens a section ("II. TỔ CHỨC THỰC HIỆN", "3. Kinh phí") or the list of recipients: no row
_OUTSIDE = re.compile(rf"^\s*(?:[IVX]{{1,5}}\.|\d{{1,2}}\.\s+[{UPPER}]|Nơi nhận\b)")
_CENTRED_LEAD = 6  # lines a tall row's text may stand above its number


def _first_row(lines: list[str], first: int, columns: list[_Segment], numbered: bool) -> bool:
    """Whether the table's rows start at line ``first``: a row number there, or (the number centred in a
    tall row) a few lines of the row's cells before it, none in the number's column; a table without a
    number column starts with a line whose first column holds text and another column too."""
    if not numbered:
        segments = _segments(lines[first])
        return (
            len(segments) >= 2 and segments[0].start < columns[1].start and not _OUTSIDE.match(lines[first])
        )
    seen = 0
    for i in range(first, min(len(lines), first + 3 * _CENTRED_LEAD)):
        segments = _segments(lines[i])
        if not segments:
            continue
        if _row_start(segments, columns[1].start):
            return True
        if segments[0].start < columns[0].end or seen >= _CENTRED_LEAD:
            return False
        seen += 1
    return False


def _unnumbered_region(lines: list[str], first: int, header_lines: set[str]) -> list[int]:
    """The lines of a table without a number column: up to a line that starts left of its rows, or one
    that opens a section."""
    edge = _segments(lines[first])[0].start
    region: list[int] = []
    for i in range(first, len(lines)):
        line = lines[i]
        ends = line.strip() and (_OUTSIDE.match(line) or _segments(line)[0].start < edge - 1)
        if ends and not _skipped(line, header_lines):
            break
        region.append(i)
    while region and not lines[region[-1]].strip():
        region.pop()
    return region


def _row_spans(
    lines: list[str], region: list[int], columns: list[_Segment], header_lines: set[str], numbered: bool
) -> list[list[int]]:
    """The lines of each row. Numbered rows whose number stands on their first line run to the next
    number; a number centred in a tall row (text above it, or a row's text going on in lower case on the
    number's line) stands in a block of lines between blank lines, or else as many lines below it as
    above; rows without numbers are the blocks between blank lines, or each start a line whose first
    column opens with a capital beside another column's text."""
    kept = [i for i in region if lines[i].strip() and not _skipped(lines[i], header_lines)]
    if not kept:
        return []
    blocks: list[list[int]] = [[]]
    for i in region:
        if not lines[i].strip():
            if blocks[-1]:
                blocks.append([])
        elif not _skipped(lines[i], header_lines):
            blocks[-1].append(i)
    blocks = [b for b in blocks if b]
    if not numbered:
        if len(blocks) > 1:
            return blocks
        spans: list[list[int]] = []
        for i in kept:
            segments = _segments(lines[i])
            opens = segments[0].text[:1].isupper() and len(segments) >= 2
            if not spans or opens:
                spans.append([])
            spans[-1].append(i)
        return spans
    anchors = [i for i in kept if _row_start(_segments(lines[i]), columns[1].start)]
    if not anchors:
        return []
    # (half the rows at least: one row's text written in lower case does not make a table centred)
    going_on = sum(1 for i in anchors if _goes_on(lines, i, kept, columns))
    centred = kept[0] != anchors[0] or (going_on > 0 and 2 * going_on >= len(anchors))
    if not centred:
        # the number on the row's first line: the row runs to the next number
        return [
            [i for i in kept if a <= i < b]
            for a, b in zip(anchors, [*anchors[1:], kept[-1] + 1], strict=True)
        ]
    if all(sum(1 for i in b if i in anchors) == 1 for b in blocks) and len(blocks) == len(anchors):
        return blocks
    spans = []
    top = 0
    for n, anchor in enumerate(anchors):
        at = kept.index(anchor)
        above = at - top
        bottom = len(kept) if n == len(anchors) - 1 else min(at + above + 1, kept.index(anchors[n + 1]))
        spans.append(kept[top:bottom])
        top = bottom
    return spans


def _goes_on(lines: list[str], anchor: int, kept: list[int], columns: list[_Segment]) -> bool:
    """A number's line whose task text goes on in lower case from the line above it, in the table."""
    at = kept.index(anchor)
    if at == 0 or kept[at - 1] != anchor - 1:
        return False
    segments = _segments(lines[anchor])
    text = segments[1].text if len(segments) > 1 else ""
    above = _segments(lines[anchor - 1])
    return text[:1].islower() and bool(above) and above[0].start >= columns[0].end


def _region(lines: list[str], first: int, columns: list[_Segment], header_lines: set[str]) -> list[int]:
    """The lines from the first row on that may belong to the table: up to a line that starts in the
    number's column without a row number (a heading, a paragraph, "Nơi nhận:")."""
    edge = columns[0].end
    region: list[int] = []
    for i in range(first, len(lines)):
        line = lines[i]
        if not line.strip() or _skipped(line, header_lines):
            region.append(i)
            continue
        segments = _number_apart(_segments(line))
        if _row_start(segments, columns[1].start):
            edge = max(edge, segments[0].end)
        elif segments[0].start < edge:
            break
        region.append(i)
    while region and not lines[region[-1]].strip():
        region.pop()
    return region


def _skipped(line: str, header_lines: set[str]) -> bool:
    """A page's number alone on its line, or the header repeated on a new page."""
    words = " ".join(line.split())
    return words in header_lines or bool(re.fullmatch(r"(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?", words))


def _merged_group(line: str, columns: list[_Segment]) -> bool:
    """A group's row whose title runs across the merged cells ("II   Hỗ trợ, can thiệp …")."""
    segments = _segments(line)
    return (
        len(segments) == 2
        and _row_start(segments, columns[1].start)
        and bool(_GROUP_NUMBER.match(segments[0].text))
    )


def _narrowed(
    lines: list[str], region: list[int], columns: list[_Segment], header_lines: set[str]
) -> tuple[list[int], list[int]]:
    """The table's lines and where each column ends. Between two columns' header words lies the gutter,
    outside every cell's run of words on every line of the table: the offsets left, narrowed line by
    line; the table ends before a line that leaves none (prose under it, its words across the columns)."""
    gaps = [set(range(left.end, right.start)) for left, right in itertools.pairwise(columns)]
    edges = _column_edges(lines, region, columns, gaps, header_lines)
    kept: list[int] = []
    for i in region:
        line = lines[i]
        if line.strip() and not _skipped(line, header_lines) and not _merged_group(line, columns):
            # a cell's words are one run (single spaces); cells stand two spaces apart or more
            covered = {p for seg in _segments(line) for p in range(seg.start, seg.end)}
            narrowed = _one_space_gutters(line, gaps, [gap - covered for gap in gaps], edges)
            if narrowed is None:
                break
            gaps = narrowed
        kept.append(i)
    while kept and not lines[kept[-1]].strip():
        kept.pop()
    return kept, [_middle_of_widest_run(gap) for gap in gaps]


def _column_edges(
    lines: list[str], region: list[int], columns: list[_Segment], gaps: list[set[int]], header_lines: set[str]
) -> list[int]:
    """Where each column after the first starts: the end of the gutter before it, narrowed by every line
    of the region that leaves every gutter some room (its cells two spaces apart or more)."""
    for i in region:
        line = lines[i]
        if line.strip() and not _skipped(line, header_lines) and not _merged_group(line, columns):
            covered = {p for seg in _segments(line) for p in range(seg.start, seg.end)}
            narrowed = [gap - covered for gap in gaps]
            if all(narrowed):
                gaps = narrowed
    return [max(gap) + 1 for gap in gaps]


def _one_space_gutters(
    line: str, gaps: list[set[int]], narrowed: list[set[int]], edges: list[int]
) -> list[set[int]] | None:
    """The gutters left after ``line`` (``narrowed``); where its words fill one, a single space right
    before the column's edge (its next cell starting where the column's cells start on the other lines:
    a long cell set one space from the next, as a PDF's layout text gives it) is the gutter on that
    line. None where a gutter is filled otherwise (prose across the columns: the table ends)."""
    out = []
    for gap, left, edge in zip(gaps, narrowed, edges, strict=True):
        if left:
            out.append(left)
            continue
        space = edge - 1
        single = 0 < space < len(line) - 1 and line[space] == " " and " " not in (line[space - 1], line[edge])
        if not (single and space in gap):
            return None
        out.append({space})
    return out


def _middle_of_widest_run(offsets: set[int]) -> int:
    ordered = sorted(offsets)
    runs: list[list[int]] = []
    for p in ordered:
        if runs and runs[-1][-1] == p - 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    widest = max(runs, key=len)
    return widest[len(widest) // 2]
