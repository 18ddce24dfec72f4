"""Score the plan importer against hand-written expectations (corpus/*.json), field by field.

Every expected field is one point: the document's number, date, issuer, type and title; each cited
document's number (or, for a law, its name), date and issuer; each target's indicator, comparator,
unit, breakdown group and, per year, the year and the value; each task's text, lead, co-operating
agencies and deadline; each reporting deadline. A target, task or citation the parser finds that the
expectation does not have costs one point too (it would have to be removed in review).

    python -m treem.plans.tests.corpus_score      # prints the table
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from treem.core.text import fold
from treem.plans.parsing import PlanDraft, parse_plan

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass
class Score:
    name: str
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.right += 1
        else:
            self.misses.append(what)

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


def documents() -> list[str]:
    return sorted(p.stem for p in CORPUS.glob("*.json"))


def expected(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def parsed(name: str) -> PlanDraft:
    return parse_plan((CORPUS / f"{name}.txt").read_text(encoding="utf-8"))


def _words(text: str | None) -> str:
    folded = fold(text or "")
    folded = re.sub(r"\bubnd\b", "uy ban nhan dan", folded)
    folded = re.sub(r"\bhdnd\b", "hoi dong nhan dan", folded)
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def _number(text: str | None) -> str:
    return re.sub(r"\s+", "", fold(text or ""))


def _agencies(refs: list[Any]) -> list[str]:
    return sorted(_words(r.text if hasattr(r, "text") else r) for r in refs)


def _same_value(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except Exception:
        return False


def score(name: str, draft: PlanDraft | None = None) -> Score:
    exp = expected(name)
    draft = draft or parsed(name)
    s = Score(name)
    head, want = draft.document, exp["document"]
    s.check(_number(head.number) == _number(want["number"]), f"number {head.number!r}")
    s.check((head.date.isoformat() if head.date else None) == want["date"], f"date {head.date}")
    s.check(_words(head.issuer) == _words(want["issuer"]), f"issuer {head.issuer!r}")
    s.check(head.doc_type == want["doc_type"], f"doc_type {head.doc_type}")
    s.check(_words(head.title) == _words(want["title"]), f"title {head.title[:60]!r}")

    cites = list(draft.cites)
    for c in exp["cites"]:
        key = _number(c["number"]) if c["number"] else _words(c["title"])
        found = next(
            (x for x in cites if (_number(x.number) if c["number"] else _words(x.title)) == key), None
        )
        s.check(found is not None, f"cite {key}")
        if found is not None:
            cites.remove(found)
        s.check(found is not None and (found.date.isoformat() if found.date else None) == c["date"],
                f"cite {key} date")  # fmt: skip
        s.check(found is not None and _words(found.issuer) == _words(c["issuer"]), f"cite {key} issuer")
    for extra in cites:
        s.check(False, f"extra cite {extra.number or extra.title[:30]}")

    targets = list(draft.targets)
    for t in exp["targets"]:
        best, best_points = None, -1
        for candidate in targets:
            points = _target_points(t, candidate)
            if points > best_points:
                best, best_points = candidate, points
        if best is not None and best_points > 0:
            targets.remove(best)
        else:
            best = None
        label = f"target {t['indicator'] or ''} {t['values']}"
        s.check(best is not None and best.indicator == t["indicator"], f"{label} indicator")
        s.check(best is not None and best.comparator == t["comparator"], f"{label} comparator")
        s.check(best is not None and best.unit == t["unit"], f"{label} unit")
        group = getattr(best, "group", "") if best is not None else None
        s.check(best is not None and _words(group) == _words(t["group"]), f"{label} group")
        for year, value in t["values"].items():
            have = best.values if best is not None else {}
            s.check(year in have, f"{label} year {year}")
            s.check(year in have and _same_value(have[year], value), f"{label} value {year}")
    for extra in targets:
        s.check(False, f"extra target {extra.text[:40]!r}")

    tasks = [t for t in draft.tasks if not t.is_heading or not any(
        x.number.startswith(t.number + ".") for x in draft.tasks)]  # fmt: skip
    for t in exp["tasks"]:
        want_text = _words(t["text"])
        found = next((x for x in tasks if _words(x.title).startswith(want_text[:60])), None)
        s.check(found is not None, f"task {t['text'][:40]!r}")
        if found is not None:
            tasks.remove(found)
        same_lead = found is not None and _agencies(found.lead) == _agencies(t["lead"])
        s.check(same_lead, f"task lead {t['text'][:30]!r}")
        s.check(found is not None and _agencies(found.cooperating) == _agencies(t["cooperating"]),
                f"task cooperating {t['text'][:30]!r}")  # fmt: skip
        s.check(found is not None and _deadline(found) == t["deadline"], f"task deadline {t['text'][:30]!r}")
    for extra in tasks:
        s.check(False, f"extra task {extra.number} {extra.title[:40]!r}")

    deadlines = list(draft.deadlines)
    for d in exp["deadlines"]:
        found = next(
            (
                x
                for x in deadlines
                if (x.periodicity, x.day, x.month) == (d["periodicity"], d["day"], d["month"])
            ),
            None,
        )
        s.check(found is not None, f"deadline {d}")
        if found is not None:
            deadlines.remove(found)
    for extra in deadlines:
        s.check(False, f"extra deadline {extra.text!r}")
    return s


def _target_points(want: dict[str, Any], have: Any) -> int:
    points = 0
    points += want["indicator"] is not None and have.indicator == want["indicator"]
    for year, value in want["values"].items():
        points += 2 * (year in have.values and _same_value(have.values[year], value))
    points += any(_same_value(v, value) for v in have.values.values() for value in want["values"].values())
    return points


def _deadline(task: Any) -> str:
    tf = task.timeframe
    if tf.on:
        return tf.on.isoformat()
    if tf.kind == "period" and tf.end_year:
        return str(tf.end_year)
    return tf.kind


def table() -> list[Score]:
    return [score(name) for name in documents()]


if __name__ == "__main__":
    total_right = total = 0
    for s in table():
        total_right += s.right
        total += s.total
        print(f"{s.name:28} {s.right:3}/{s.total:3}  {100 * s.ratio:5.1f} %")
        for miss in s.misses:
            print(f"    - {miss}")
    print(f"{'ALL':28} {total_right:3}/{total:3}  {100 * total_right / total:5.1f} %")
