"""The review page's round trip: a stored draft → form rows beside their source lines → a corrected draft.

Agency names and timeframes that a person retypes are parsed again with the same grammar as the file.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from treem.plans.models import DocumentType, Periodicity

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
    return "; ".join(f"{y}: {_num(v)}" for y, v in values.items())


def _num(value: Any) -> str:
    return str(value).replace(".", ",")


def parse_values(text: str) -> dict[str, float] | None:
    """ "2025: 65; 2030: 75,5" → {"2025": 65.0, "2030": 75.5}; None when it cannot be read."""
    result: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[;\n]", text))):
        m = re.fullmatch(r"(20\d\d|yearly)\s*[:=]\s*([0-9][0-9.]*(?:,[0-9]+)?)", part)
        if not m:
            return None
        raw = m.group(2).replace(".", "").replace(",", ".") if "," in m.group(2) else m.group(2)
        try:
            result[m.group(1)] = float(Decimal(raw))
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


def apply_post(draft: dict[str, Any], post: Any) -> dict[str, Any]:
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
        targets.append(target)
    result["targets"] = targets
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
    result["deadlines"] = deadlines
    return result


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
