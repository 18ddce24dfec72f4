"""Numbered criteria lists, e.g. the 13 criteria of a child-friendly commune (Quyết định 06/QĐ-TTg)."""

from __future__ import annotations

import re

from treem.core.text import fold

from .model import CriterionDraft, SourceLines
from .structure import BULLETS, NUMBERED, Node

_CRITERION = re.compile(r"^Tiêu (?:chí|chuẩn)\s+(?P<n>\d{1,2})\s*[:.)-]\s*(?P<text>\S.*)$", re.IGNORECASE)


def collect_criteria(root: Node) -> list[CriterionDraft]:
    found: dict[str, CriterionDraft] = {}
    for node in root.walk():
        if node.kind == "root":
            continue
        m = _CRITERION.match(node.text)
        if m and m["n"] not in found:
            found[m["n"]] = CriterionDraft(
                m["n"], m["text"].strip().rstrip("."), SourceLines(node.start, node.end)
            )
            continue
        f = fold(node.text)
        if (
            ("tieu chi" in f or "tieu chuan" in f)
            and "phu hop voi tre em" in f
            and node.text.rstrip().endswith(":")
        ):
            items = [c for c in node.children if c.kind in NUMBERED or c.kind in BULLETS]
            if items and not any(_CRITERION.match(c.text) for c in items):
                for index, child in enumerate(items, start=1):
                    number = child.label if child.kind in NUMBERED else str(index)
                    if number not in found:
                        found[number] = CriterionDraft(
                            number, child.text.rstrip("."), SourceLines(child.start, child.end)
                        )
    return sorted(
        found.values(), key=lambda c: int(c.number) if c.number.isdecimal() and len(c.number) < 10 else 999
    )
