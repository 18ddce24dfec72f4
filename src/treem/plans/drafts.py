"""The review page's round trip: a stored draft → form rows beside their source lines → a corrected draft.

Agency names and timeframes that a person retypes are parsed again with the same grammar as the file.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from treem.core.text import nfc
from treem.plans.models import EVERY_YEAR_LABEL, DocumentType, Periodicity

_YEAR_RANGE = re.compile(r"(20\d\d)\s*[-–—]\s*(20\d\d)")
_UNTIL = re.compile(r"đến năm\s+(20\d\d)", re.IGNORECASE)
_DATES = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}", re.IGNORECASE)
_ONE_YEAR = re.compile(r"năm\s+(20\d\d)", re.IGNORECASE)


def plan_years(draft: dict[str, Any]) -> tuple[int | None, int | None]:
    """The plan's period read from its title: "giai đoạn 2021–2030", "đến năm 2030", "năm 2024"."""
    doc = draft.get("document") or {}
    title = _DATES.sub(" ", str(doc.get("title") or ""))  # "ngày 25 tháng 12 năm 2023" is not a period
    issued = str(doc.get("date") or "")[:4]
    if m := _YEAR_RANGE.search(title):
        return int(m.group(1)), int(m.group(2))
    if m := _UNTIL.search(title):
        start = int(issued) if issued.isdecimal() else None
        return start, int(m.group(1))
    if m := _ONE_YEAR.search(title):
        return int(m.group(1)), int(m.group(1))
    return None, None


def agencies_text(refs: list[dict[str, Any]]) -> str:
    return "; ".join(str(r.get("text") or "") for r in refs)


def values_text(values: dict[str, Any]) -> str:
    """{"yearly": 100, "2030": 98} → "Hằng năm: 100; 2030: 98" (the form the reviewer types back); a
    value the document gives no year for ("") shows as "?: 100", for the reviewer to give its year."""
    return "; ".join(
        f"{EVERY_YEAR_LABEL if y == 'yearly' else y or '?'}: {_num(v)}" for y, v in values.items()
    )


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # "95", not "95,0", for a value the reviewer typed as 95
    return str(value).replace(".", ",")


_EVERY_YEAR_WORDS = r"yearly|hằng năm|hàng năm|mỗi năm|từng năm"


def parse_values(text: str) -> dict[str, float] | None:
    """ "2025: 65; 2030: 75,5" → {"2025": 65.0, "2030": 75.5}; "Hằng năm: 100" (or "hàng năm", "mỗi
    năm", "từng năm") → {"yearly": 100.0}, every year of the plan; None when it cannot be read."""
    result: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[;\n]", nfc(text)))):
        m = re.fullmatch(
            rf"(20\d\d|{_EVERY_YEAR_WORDS})\s*[:=]\s*([0-9][0-9.]*(?:,[0-9]+)?)", part, re.IGNORECASE
        )
        if not m:
            return None
        raw = m.group(2).replace(".", "").replace(",", ".") if "," in m.group(2) else m.group(2)
        key = m.group(1) if m.group(1).isdecimal() else "yearly"
        try:
            result[key] = float(Decimal(raw))
        except InvalidOperation:
            return None
    return result


def source_excerpt(lines: list[str], span: list[int] | None) -> str:
    if not span:
        return ""
    start, end = span[0], span[-1]
    return "\n".join(lines[max(start - 1, 0) : min(end, start + 40, len(lines))])


def dmy(text: str) -> datetime.date:
    """ "05/12/2026" → date(2026, 12, 5); ValueError for anything else."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if not match:
        raise ValueError(text)
    day, month, year = (int(g) for g in match.groups())
    return datetime.date(year, month, day)


def date_text(value: Any) -> str:
    if not value:
        return ""
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def apply_post(draft: dict[str, Any], post: Any, lines: list[str] | None = None) -> dict[str, Any]:
    """The draft with the review form's corrections applied (agencies and timeframes re-parsed)."""
    from treem.plans import parsing

    catalogue = parsing.AgencyCatalogue.default()
    result = dict(draft)
    doc = dict(draft.get("document") or {})
    doc["doc_type"] = post.get("doc-type", doc.get("doc_type"))
    doc["number"] = post.get("doc-number", doc.get("number") or "").strip()
    doc["issuer"] = post.get("doc-issuer", doc.get("issuer") or "").strip()
    doc["title"] = " ".join(post.get("doc-title", doc.get("title") or "").split())
    raw_date = post.get("doc-date", date_text(doc.get("date"))).strip()
    try:
        doc["date"] = dmy(raw_date).isoformat() if raw_date else None
    except ValueError:
        doc["date"] = raw_date  # validate_draft reports it
    result["document"] = doc
    for key, field in (("start_year", "plan-start"), ("end_year", "plan-end")):
        raw = str(post.get(field, "") or "").strip()
        result[key] = int(raw) if raw.isdecimal() and len(raw) == 4 and 2000 <= int(raw) <= 2100 else None
    tasks = []
    for i, task in enumerate(draft.get("tasks") or []):
        task = dict(task)
        if task.get("merged"):  # joined into the task above: no longer on the page
            tasks.append(task)
            continue
        task["deleted"] = bool(post.get(f"t{i}-delete"))
        task["is_heading"] = bool(post.get(f"t{i}-heading"))
        task["number"] = post.get(f"t{i}-number", task.get("number") or "").strip()
        task["title"] = " ".join(post.get(f"t{i}-title", task.get("title") or "").split())
        for role, field in (("lead", f"t{i}-lead"), ("cooperating", f"t{i}-coop")):
            typed = post.get(field)
            if typed is not None and typed.strip() != agencies_text(task.get(role) or []):
                task[role] = [_ref_json(r) for r in catalogue.split(typed)] if typed.strip() else []
        typed_tf = post.get(f"t{i}-timeframe")
        if typed_tf is not None and typed_tf.strip() != str((task.get("timeframe") or {}).get("text") or ""):
            task["timeframe"] = _timeframe_json(parsing.parse_timeframe(typed_tf.strip()))
        tasks.append(task)
    tasks = _split_and_merge(tasks, post)
    new_title = " ".join(str(post.get("tnew-title") or "").split())
    if new_title:
        tasks.append(_new_task(new_title, post, "tnew", catalogue))
    result["tasks"] = tasks
    targets = []
    for i, target in enumerate(draft.get("targets") or []):
        target = dict(target)
        target["deleted"] = bool(post.get(f"g{i}-delete"))
        if f"g{i}-indicator" in post:
            target["indicator"] = post.get(f"g{i}-indicator") or None
        typed_values = post.get(f"g{i}-values")
        if typed_values is not None and typed_values.strip() != values_text(target.get("values") or {}):
            parsed = parse_values(typed_values)
            target["values"] = parsed if parsed is not None else {"?": typed_values}
        _target_fields(target, post, f"g{i}")
        targets.append(target)
    new_text = " ".join(str(post.get("gnew-text") or "").split())
    if new_text:
        target = {"label": f"Chỉ tiêu {len(targets) + 1}", "text": new_text, "indicator": None}
        target.update(comparator="ge", direction="", unit="percent", lead=[], lines=[])
        typed = str(post.get("gnew-values") or "")
        parsed = parse_values(typed)
        target["values"] = parsed if parsed is not None else {"?": typed}
        target["indicator"] = post.get("gnew-indicator") or None
        _target_fields(target, post, "gnew")
        targets.append(target)
    result["targets"] = targets
    cites = []
    for i, cite in enumerate(draft.get("cites") or []):
        cite = dict(cite, deleted=bool(post.get(f"c{i}-delete")))
        _cite_fields(cite, post, f"c{i}")
        cites.append(cite)
    if str(post.get("cnew-number") or post.get("cnew-title") or "").strip():
        cite = {"doc_type": "other", "number": "", "date": None, "issuer": "", "title": "", "lines": []}
        _cite_fields(cite, post, "cnew")
        cites.append(cite)
    result["cites"] = cites
    _lines_made_items(result, post, catalogue, lines or [])
    deadlines = []
    for i, d in enumerate(draft.get("deadlines") or []):
        d = dict(d, deleted=bool(post.get(f"d{i}-delete")))
        for key in ("day", "month"):
            raw = post.get(f"d{i}-{key}")
            if raw is not None:
                raw = raw.strip()
                d[key] = int(raw) if raw.isdecimal() and len(raw) < 10 else (raw or None)
        if d.get("day") is None:
            d["day"] = 0  # not stated: the default rule applies (ADR 0008)
        deadlines.append(d)
    new_day = str(post.get("dnew-day") or "").strip()
    if new_day:
        month = str(post.get("dnew-month") or "").strip()
        deadlines.append(
            {
                "periodicity": post.get("dnew-periodicity") or "yearly",
                "day": int(new_day) if new_day.isdecimal() and len(new_day) < 10 else new_day,
                "month": int(month) if month.isdecimal() and len(month) < 10 else (month or None),
                "text": "Thêm khi rà soát",
                "recipient": str(post.get("dnew-recipient") or "").strip(),
                "lines": [],
            }
        )
    result["deadlines"] = deadlines
    return result


COMPARATORS = (("lt", "<"), ("le", "≤"), ("eq", "="), ("ge", "≥"), ("gt", ">"))
UNITS = (
    ("percent", "%"),
    ("per_1000_live_births", "‰ trẻ đẻ sống"),
    ("per_100000_children", "/100.000 trẻ em"),
    ("count", "số lượng"),
    ("percent_change", "% thay đổi"),
)
KINDS = (("level", "Mức cần đạt"), ("keep", "Duy trì"), ("range", "Khoảng"), ("change", "Thay đổi hằng năm"))


def _target_fields(target: dict[str, Any], post: Any, prefix: str) -> None:
    """Comparator, unit, kind, upper bound and breakdown of a target as the reviewer set them."""
    if (value := post.get(f"{prefix}-comparator")) in dict(COMPARATORS):
        target["comparator"] = value
    if (value := post.get(f"{prefix}-unit")) in dict(UNITS):
        target["unit"] = value
    if (value := post.get(f"{prefix}-kind")) in dict(KINDS):
        target["kind"] = value
    if f"{prefix}-group" in post:
        target["group"] = " ".join(str(post.get(f"{prefix}-group") or "").split())[:60]
    if f"{prefix}-high" in post:
        raw = str(post.get(f"{prefix}-high") or "").strip().replace(",", ".")
        try:
            target["high"] = float(Decimal(raw)) if raw else None
        except InvalidOperation:
            target["high"] = raw  # validate_draft reports it


def _cite_fields(cite: dict[str, Any], post: Any, prefix: str) -> None:
    for key in ("number", "issuer", "title"):
        if f"{prefix}-{key}" in post:
            cite[key] = " ".join(str(post.get(f"{prefix}-{key}") or "").split())
    if f"{prefix}-date" in post:
        raw = str(post.get(f"{prefix}-date") or "").strip()
        try:
            cite["date"] = dmy(raw).isoformat() if raw else None
        except ValueError:
            cite["date"] = raw  # validate_draft reports it
    if cite.get("number") and cite.get("doc_type") in (None, "", "other"):
        from treem.plans.parsing.header import _type_from_number

        cite["doc_type"] = _type_from_number(str(cite["number"]))


def _new_task(title: str, post: Any, prefix: str, catalogue: Any) -> dict[str, Any]:
    from treem.plans import parsing

    lead = str(post.get(f"{prefix}-lead") or "").strip()
    coop = str(post.get(f"{prefix}-coop") or "").strip()
    timeframe = str(post.get(f"{prefix}-timeframe") or "").strip()
    return {
        "number": str(post.get(f"{prefix}-number") or "").strip(),
        "level": 1,
        "title": title,
        "body": title,
        "lead": [_ref_json(r) for r in catalogue.split(lead)] if lead else [],
        "cooperating": [_ref_json(r) for r in catalogue.split(coop)] if coop else [],
        "timeframe": _timeframe_json(parsing.parse_timeframe(timeframe))
        if timeframe
        else _timeframe_json(parsing.Timeframe()),
        "indicator_refs": [],
        "lines": [],
        "is_heading": False,
    }


def _lines_made_items(result: dict[str, Any], post: Any, catalogue: Any, source: list[str]) -> None:
    """ "Make this a task / target / citation" on a line the parser did not use."""
    from treem.plans import parsing

    lines = post.getlist("line-use") if hasattr(post, "getlist") else []
    for raw in lines:
        kind, _, number = str(raw).partition(":")
        if not number.isdecimal() or not 1 <= int(number) <= len(source):
            continue
        text = " ".join(source[int(number) - 1].split())
        if not text:
            continue
        span = [int(number), int(number)]
        if kind == "task":
            task = _new_task(text, {}, "none", catalogue)
            task["lines"] = span
            result["tasks"].append(task)
        elif kind == "target":
            drafts = parsing.parse_plan("I. MỤC TIÊU\n1. " + text).targets
            found = drafts[0].to_json() if drafts else {
                "label": "", "text": text, "indicator": None, "values": {}, "comparator": "ge",
                "direction": "", "unit": "percent", "lead": [],
            }  # fmt: skip
            found.update(label=f"Chỉ tiêu {len(result['targets']) + 1}", text=text, lines=span)
            result["targets"].append(found)
        elif kind == "cite":  # the same grammar as the document's own citations
            from treem.plans.parsing.header import citations_in
            from treem.plans.parsing.normalise import Block

            found_cites = citations_in(Block(text, span[0], span[1]))
            for cite in found_cites or []:
                data = cite.to_json()
                result["cites"].append(data)
            if not found_cites:
                result["cites"].append(
                    {
                        "doc_type": "other",
                        "number": "",
                        "date": None,
                        "issuer": "",
                        "title": text,
                        "lines": span,
                    }
                )


def _ref_json(ref: Any) -> dict[str, Any]:
    return {"text": ref.text, "type_code": ref.type_code, "level": ref.level}


def _timeframe_json(tf: Any) -> dict[str, Any]:
    return {
        "kind": tf.kind,
        "start_year": tf.start_year,
        "end_year": tf.end_year,
        "on": tf.on.isoformat() if tf.on else None,
        "text": tf.text,
    }


DOC_TYPES = DocumentType.choices
PERIODICITY_LABELS = {value: str(label) for value, label in Periodicity.choices}


def unused_lines(lines: list[str], draft: dict[str, Any]) -> list[tuple[int, str]]:
    """(line number, text) of the non-empty lines no item of the draft was read from."""
    used: set[int] = set()
    spans = [(draft.get("document") or {}).get("lines")]
    for key in ("cites", "tasks", "targets", "deadlines", "criteria"):
        spans.extend(item.get("lines") for item in draft.get(key) or [])
    for span in spans:
        if span:
            used.update(range(int(span[0]), int(span[-1]) + 1))
    out = []
    for number, text in enumerate(lines, start=1):
        if number not in used and len(text.strip()) >= 3 and any(c.isalpha() for c in text):
            out.append((number, text.strip()))
    return out


def _split_and_merge(tasks: list[dict[str, Any]], post: Any) -> list[dict[str, Any]]:
    """ "Tách theo dòng": one task per line typed in its text; "Gộp vào mục trên": the task's text
    joins the nearest kept task above it (agencies, deadline of that task kept)."""
    out: list[dict[str, Any]] = []
    for i, task in enumerate(tasks):
        raw = str(post.get(f"t{i}-title") or "")
        parts = [" ".join(p.split()) for p in raw.splitlines() if p.strip()]
        if post.get(f"t{i}-split") and len(parts) > 1 and not task.get("deleted"):
            for n, part in enumerate(parts):
                number = f"{task.get('number') or i + 1}.{chr(ord('a') + n)}" if n else task.get("number")
                out.append(dict(task, title=part, body=part, number=number, is_heading=False))
            continue
        if post.get(f"t{i}-merge") and not task.get("deleted"):
            above = next((t for t in reversed(out) if not t.get("deleted")), None)
            if above is not None:
                above["body"] = "\n".join(
                    p for p in (above.get("body") or above.get("title"), task.get("title")) if p
                )
                spans = [s for s in (above.get("lines"), task.get("lines")) if s]
                if spans:
                    above["lines"] = [min(s[0] for s in spans), max(s[-1] for s in spans)]
                out.append(dict(task, deleted=True, merged=True))
                continue
        out.append(task)
    return out
