"""Every audit action code the code can write has a Vietnamese label (issue #19)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from treem.audit.labels import LABELS, action_label

SRC = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+\.[a-z_]+(\.[a-z_]+)?$")


def _dynamic(module: str, expression: str) -> list[str]:
    """The codes an f-string action can produce, from the choices it is built of."""
    if expression == "f'reporting.report.{decision}'":
        from treem.reporting.forms import ReviewForm

        return [f"reporting.report.{value}" for value, _ in ReviewForm.base_fields["decision"].choices]  # type: ignore[attr-defined]
    if expression == "f'cases.access_request.{item.status}'":
        from treem.cases.models import CaseAccessRequest

        return [f"cases.access_request.{value}" for value in CaseAccessRequest.Status.values]
    if expression == "f'assessment.{action}'":
        from treem.assessment.workflow import TRANSITIONS

        return [f"assessment.{action}" for action in TRANSITIONS]
    raise AssertionError(f"{module}: an audit action built as {expression}: teach this test its values")


def used_codes() -> set[str]:
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        module = ".".join(parts)
        if parts[-1] == "actions":  # the constants modules: every code, used through a variable or not
            codes |= {v for k, v in vars(importlib.import_module(module)).items() if k.isupper()}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("audit_log")):
                continue
            for kw in node.keywords:
                if kw.arg != "action":
                    continue
                if isinstance(kw.value, ast.Constant):
                    codes.add(kw.value.value)
                elif isinstance(kw.value, ast.Attribute):
                    codes.add(eval(ast.unparse(kw.value), vars(importlib.import_module(module))))  # noqa: S307
                elif isinstance(kw.value, ast.JoinedStr):
                    codes.update(_dynamic(module, ast.unparse(kw.value)))
                # a plain name (``action=action``) holds a constant of an actions module, counted above
    return codes


def test_every_action_code_in_the_code_has_a_label() -> None:
    codes = used_codes()
    assert len(codes) > 80  # the scan found the codes
    assert all(CODE.match(c) for c in codes), sorted(c for c in codes if not CODE.match(c))
    missing = sorted(codes - LABELS.keys())
    assert not missing, f"audit action codes without a Vietnamese label in treem/audit/labels.py: {missing}"


def test_an_unknown_code_is_never_shown_raw() -> None:
    assert action_label("registry.child.teleported") == "Thao tác khác (hồ sơ trẻ em)"
    assert "zzz" not in action_label("zzz.thing.done")


@pytest.mark.django_db
def test_the_audit_list_shows_labels_and_names(world: Any, login: Any) -> None:
    from treem.audit import actions
    from treem.audit.services import audit_log

    audit_log(actor=world.worker_a1, action=actions.LOGIN)
    page = login(world.province_a).get(reverse("audit:list")).content.decode()
    shown = re.sub(r'="[^"]*"', "", page)  # the text, not the attributes (the filter's values, data-action)
    assert "accounts.user.logged_in" not in shown
    assert "Đăng nhập" in page
    assert "Nguyễn Thị Thu" in page  # the person, not the login name alone
