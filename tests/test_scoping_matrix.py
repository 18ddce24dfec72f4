"""THE access matrix: every URL × every role × every context, with the answer each must get (issue 14).

How to read ``TABLE`` (the single statement of who may see what):

- Each row is keyed by a Django URL name (``registry:detail``) or, for the API, by the operation's
  ``METHOD /path`` from the OpenAPI schema (``GET /api/v1/children``). A key may add ``?query`` to test
  a variant of the same URL (``registry:special_list?format=xlsx``).
- ``kind`` is the object the URL takes (see ``PLACES``); the contexts it is requested in are that
  object **in** the hamlet Khu phố 1 of commune A1 (``hamlet``), commune A1 (``a1``), its sibling
  commune A2 (``a2``), commune B1 of the other province (``b1``), a missing id (``missing``), a
  sexual-abuse case of A1 (``secret``, rows with ``secret=``) and, for rows with ``groups=``, a
  sensitive group: ``group5`` (children living with HIV) and ``group11`` (sexually abused children),
  i.e. the list filtered to the group (``?group=5``), or the special-circumstances list, or the child's
  own page. A row without a kind is requested once (``page``); ``bare=True`` adds that context too.
- ``ok`` gives, per catalogue role, the answer where the object lies in the user's jurisdiction
  (``COVERS``); everyone else, and everybody out of jurisdiction or on a missing id, gets ``refused``
  (404 by default: an object out of scope answers like a missing one). ``secret`` does the same for
  the sexual-abuse case. In the group contexts the child's name (on a child's page: the group's name)
  must be ``shown`` (200, in the body) to the roles of the row's ``groups_to`` (by default
  ``SENSITIVE_GROUPS``, who hold registry.view_sensitive_groups) that may open the page, and
  ``hidden`` from everyone else (absent from the body, whatever the answer: a sensitive-group filter
  answers 403 to the others). Whatever the cell, a system administrator's answer names no child.
- ``exceptions`` pins single (user, context) cells; ``leaks`` marks cells where today's answer is the
  leak issue 14 describes: the table states the right answer and the cell is ``xfail(strict=True)``
  until the fix lands — then delete the ``leaks`` entry.
- Anonymous visitors are sent to the login page (pages) or get 401 (API).

Adding a URL is one line, e.g. ``"cases:break_glass_review": Row(ok=ok(CHAIRMAN)),`` for a page, or
``"registry:enrolment": Row("enrolment", ok(WORKER), "code_id"),`` for one taking an object made by
``objects(world)`` in the app's ``tests/scoping_*.py`` (one per place "a1", "a2", "b1"; see
treem/core/testing.py).

Unsafe methods (POST, PATCH) are requested too: each request runs in a savepoint that is rolled back,
so an answer that wrongly succeeds leaves nothing behind. ``test_every_url_is_in_the_table`` fails
for a URL or API operation the table does not name: add it to ``TABLE`` (one line) or, for a URL
that is not a page of anybody's data, to ``NOT_IN_MATRIX`` with the reason.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import io
import json
import pkgutil
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import World, build_world

# Marked so that pytest-django creates the test database; each cell then runs in a savepoint of the
# module's transaction (``matrix``), which holds the world built once for the module.
pytestmark = pytest.mark.django_db

# -- who is who -----------------------------------------------------------------------------------------
# The users of the test world (conftest.py), their catalogue role, and the places of the matrix that lie
# in their jurisdiction.
ROLE = {
    "worker_a1": "commune_worker",
    "chairman_a1": "commune_chairman",
    "police_a1": "commune_police",
    "collaborator_a1": "village_collaborator",
    "worker_a2": "commune_worker",
    "province_a": "province_officer",
    "agency_a": "agency_officer",
    "leader_a": "leader",
    "worker_b1": "commune_worker",
    "province_b": "province_officer",
    "hotline": "hotline_operator",
    "sysadmin": "system_admin",
}
_A1 = frozenset({"hamlet", "a1"})
_A = frozenset({"hamlet", "a1", "a2"})
_ALL = frozenset({"hamlet", "a1", "a2", "b1"})
COVERS: dict[str, frozenset[str]] = {
    "worker_a1": _A1,
    "chairman_a1": _A1,
    "police_a1": _A1,
    "collaborator_a1": frozenset({"hamlet"}),
    "worker_a2": frozenset({"a2"}),
    "province_a": _A,
    "agency_a": _A,
    "leader_a": _A,
    "worker_b1": frozenset({"b1"}),
    "province_b": frozenset({"b1"}),
    "hotline": _ALL,
    "sysadmin": _ALL,
}
USERS = sorted(ROLE)

# -- role groups (named after what they may do; the role catalogue is accounts/roles.py) ---------------
EVERYONE = frozenset(ROLE.values())
COMMUNE = frozenset({"commune_worker", "commune_chairman", "commune_police"})
READERS = frozenset({"commune_worker", "commune_chairman", "agency_officer", "province_officer", "leader"})
USER_ADMINS = frozenset({"province_officer", "system_admin"})  # accounts.*, core.manage_calendar
HAMLET_ADMINS = frozenset({"commune_worker", "province_officer", "system_admin"})  # geo.manage_hamlet
CHILD_READERS = frozenset(
    {
        "village_collaborator",
        "commune_worker",
        "commune_chairman",
        "commune_police",
        "province_officer",
        "leader",
    }
)
CHILD_EDITORS = frozenset({"village_collaborator", "commune_worker"})
SENSITIVE_FIELDS = frozenset(
    {"commune_worker", "commune_chairman", "commune_police"}
)  # registry.view_sensitive
# Who may see which children belong to group 5 (HIV) or 11 (sexual abuse): those who handle them.
SENSITIVE_GROUPS = frozenset({"commune_worker", "commune_chairman"})
EXPORTERS = frozenset({"commune_worker", "province_officer"})
INTAKE = frozenset({"village_collaborator", "commune_worker", "hotline_operator"})
CASE_READERS = frozenset({"commune_worker", "commune_chairman", "province_officer"})  # cases.view_case
WORKER = frozenset({"commune_worker"})
CHAIRMAN = frozenset({"commune_chairman"})
PROVINCE = frozenset({"province_officer"})
INDICATOR_ENTRY = frozenset({"commune_worker", "agency_officer", "province_officer"})
REVIEWERS = frozenset({"commune_chairman", "province_officer"})
# accounts.approve_access (ADR 0019) and cases.approve_access (ADR 0018): the data owners
APPROVERS = frozenset({"commune_chairman", "province_officer"})
RECORDERS = frozenset({"commune_worker", "agency_officer"})  # activities.record_activity
PROVINCE_READERS = READERS - COMMUNE  # the readers whose jurisdiction is a province

# -- contexts -------------------------------------------------------------------------------------------
# For each kind of object, the places where the matrix has one (built in ``_objects``).
_CAP = ("a1", "a2", "b1")
PLACES: dict[str, tuple[str, ...]] = {
    "unit": ("hamlet", "a1", "a2", "b1"),
    "commune": _CAP,
    "hamlet": ("hamlet", "a2", "b1"),
    "user": ("hamlet", "a1", "a2", "b1"),
    "notification": ("a1",),  # worker_a1's own
    "child": ("hamlet", "a1", "a2", "b1"),
    "import_job": _CAP,
    "duplicate": _CAP,
    "case": _CAP,
    "attachment": _CAP,
    "referral": _CAP,
    "plan": _CAP,
    "document": _CAP,
    "task": _CAP,
    "evidence": _CAP,
    "agency": _CAP,
    "plan_import": _CAP,
    "target": _CAP,
    "obligation": _CAP,
    "submission": _CAP,
}


def places_of(kind: str) -> tuple[str, ...]:
    """Where the matrix has an object of ``kind``: a new kind made by an app's scoping module needs no
    entry in PLACES when it has one in each of A1, A2 and B1."""
    return PLACES.get(kind, _CAP)


MISSING = 10**9
SECRET_NAME = "Lò Thị Mật"  # the child of the sexual-abuse case
GROUP_CHILD = {5: "Hà Thị Kín", 11: "Hà Văn Riêng"}  # in groups 5 and 11, hamlet Khu phố 1 of A1
GROUP_NAME = {5: "nhiễm HIV/AIDS", 11: "bị xâm hại tình dục"}  # what a child's own page must not say


def ok(roles: frozenset[str], status: int = 200) -> dict[str, int]:
    return dict.fromkeys(roles, status)


@dataclass(frozen=True)
class Row:
    kind: str = ""
    ok: Mapping[str, int] = field(default_factory=dict)
    kwarg: str = ""  # the path argument that takes the object's id
    query: str = ""  # query string; {pk} and {code} are the object's
    method: str = "GET"
    data: Callable[[Obj], dict[str, Any]] | None = None  # request body (form, or JSON for the API)
    headers: Mapping[str, str] = field(default_factory=dict)
    secret: Mapping[str, int] | None = None
    # group contexts: the query selecting group {n}, "" when the page lists every group; on a child's
    # page (kind "child"), the page of the group's child, whose group must not be named
    groups: str | None = None
    groups_to: frozenset[str] = SENSITIVE_GROUPS  # who is shown the group's child (or name) there
    conceals_secret: bool = False  # the sexual-abuse case's child is named to its worker only
    bare: bool = False
    refused: int = 404
    exceptions: Mapping[tuple[str, str], int | str] = field(default_factory=dict)
    leaks: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Obj:
    pk: int
    code: str = ""
    version: int = 0


def _child_in(o: Obj) -> dict[str, Any]:
    return {"commune": o.pk, "full_name": "Trần Thị Mới", "date_of_birth": "2016-03-04", "sex": "F"}


def _intake_in(o: Obj) -> dict[str, Any]:
    return {
        "commune_code": o.code,
        "channel": "hotline_111",
        "category": "risk",
        "summary": "Trẻ ở nhà một mình nhiều ngày.",
        "child": {"full_name": "Trẻ Báo Tin", "estimated_age": 7},
    }


_BREAK_GLASS = "Trẻ đang gặp nguy hiểm, cần xem hồ sơ ngay."

_HAMLET_COMMUNE = {("collaborator_a1", "a1"): 200}
_OWNER: dict[tuple[str, str], int | str] = {(f"worker_{p}", p): 200 for p in _CAP}
_OWNER_302: dict[tuple[str, str], int | str] = {(f"worker_{p}", p): 302 for p in _CAP}

# -- THE TABLE ------------------------------------------------------------------------------------------
TABLE: dict[str, Row] = {
    # shell
    "web:home": Row(ok=ok(EVERYONE)),
    "web:notifications": Row(ok=ok(EVERYONE)),
    "web:notification_open": Row(
        "notification", {}, "notification_id", exceptions={("worker_a1", "a1"): 302}
    ),
    "web:switch_unit": Row("unit", ok(EVERYONE, 302), method="POST", data=lambda o: {"unit": o.pk}),
    # administrative units, users, audit, calendar
    "geo:browse": Row(ok=ok(EVERYONE)),
    "geo:search": Row(ok=ok(EVERYONE)),  # suggestions within the user's own units (issue #19)
    "geo:unit": Row("unit", ok(EVERYONE), "unit_id"),
    "geo:hamlets": Row("commune", ok(EVERYONE), "unit_id"),
    "geo:hamlet_edit": Row("hamlet", ok(HAMLET_ADMINS), "hamlet_id"),
    "geo:agencies": Row("commune", ok(EVERYONE), "unit_id"),
    "accounts:users": Row(ok=ok(USER_ADMINS)),
    "accounts:user_create": Row(ok=ok(USER_ADMINS)),
    "accounts:user_detail": Row("user", ok(USER_ADMINS), "user_id"),
    "accounts:user_edit": Row("user", ok(USER_ADMINS), "user_id"),
    # the pending assignments over the data owner's own area (ADR 0019; accounts/tests/test_approval.py)
    "accounts:approvals": Row(ok=ok(APPROVERS)),
    # the system administrator reads the trail, but not the children's names in it
    # the administrator reads the trail with children's names hidden (ADR 0019, audit.selectors)
    "audit:list": Row(ok=ok(frozenset({"commune_chairman", "province_officer", "system_admin"}))),
    "core:calendar": Row(ok=ok(USER_ADMINS)),
    "core:calendar_remove": Row(ok=ok(USER_ADMINS, 302), method="POST"),
    # the children register
    "registry:list": Row(ok=ok(CHILD_READERS), groups="group={n}"),
    # listing by a sensitive group or by a personal ID: 403 to a reader without the right (ADR 0017)
    "registry:list?group=11": Row(ok={**ok(CHILD_READERS, 403), **ok(SENSITIVE_GROUPS)}),
    "registry:list?q=079201000001": Row(ok={**ok(CHILD_READERS, 403), **ok(SENSITIVE_FIELDS)}),
    "registry:create": Row(ok=ok(CHILD_EDITORS)),
    # a child's page names a sensitive group to nobody; the audited reveal, to those who hold
    # registry.view_sensitive_groups (ADR 0017)
    "registry:detail": Row("child", ok(CHILD_READERS), "child_id", groups="", groups_to=frozenset()),
    "registry:reveal": Row("child", ok(SENSITIVE_FIELDS), "child_id", method="POST", groups=""),
    "registry:edit": Row("child", ok(CHILD_EDITORS), "child_id"),
    "registry:guardians": Row("child", ok(CHILD_EDITORS), "child_id"),
    "registry:circumstances": Row("child", ok(CHILD_EDITORS), "child_id"),
    "registry:tracking": Row("child", ok(CHILD_EDITORS), "child_id"),
    "registry:support": Row("child", ok(WORKER), "child_id"),
    "registry:move": Row("child", ok(CHILD_EDITORS), "child_id"),
    "registry:import": Row(ok=ok(WORKER)),
    "registry:import_job": Row("import_job", ok(WORKER), "job_id"),
    "registry:import_progress": Row("import_job", ok(WORKER), "job_id"),
    "registry:import_errors": Row("import_job", ok(WORKER), "job_id"),
    "registry:import_commit": Row("import_job", ok(WORKER, 302), "job_id", method="POST"),
    "registry:import_retry": Row("import_job", ok(WORKER, 302), "job_id", method="POST"),
    # the sensitive-group filter answers 403 to those without the right; the special-circumstances
    # list and its XLSX give counts only for the sensitive groups (ADR 0017)
    "registry:export": Row(ok=ok(EXPORTERS), groups="group={n}"),
    "registry:export?group=5": Row(ok={**ok(EXPORTERS, 403), **ok(EXPORTERS & SENSITIVE_GROUPS)}),
    "registry:special_list": Row(ok=ok(CHILD_READERS), groups=""),
    "registry:special_list?format=xlsx": Row(ok=ok(CHILD_READERS), query="format=xlsx", groups=""),
    "registry:cleaning": Row(ok=ok(CHILD_READERS)),
    # a hamlet collaborator gets their commune's lists restricted to their hamlet
    "registry:cleaning_list": Row("commune", ok(CHILD_READERS), "unit_id", exceptions=_HAMLET_COMMUNE),
    "registry:cleaning_export": Row("commune", ok(SENSITIVE_FIELDS), "unit_id"),
    "registry:cleaning_import": Row("commune", ok(CHILD_READERS), "unit_id", exceptions=_HAMLET_COMMUNE),
    "registry:duplicates": Row(ok=ok(CHILD_READERS)),
    "registry:duplicate": Row("duplicate", ok(CHILD_READERS), "pair_id"),
    "registry:duplicate_decide": Row("duplicate", ok(CHILD_EDITORS, 302), "pair_id", method="POST"),
    # protection cases: the commune's worker is assigned to each case, the provincial officer holds a
    # supervisor's grant on the cases of their province; the sexual-abuse case has neither (ADR 0006).
    "cases:list": Row(ok=ok(EVERYONE), conceals_secret=True),
    "cases:intake": Row(ok=ok(INTAKE)),
    "cases:detail": Row(
        "case",
        ok(CASE_READERS),
        "case_id",
        secret={"commune_worker": 200, "commune_chairman": 403, "province_officer": 403},
    ),
    "cases:document": Row("case", ok(CASE_READERS), "case_id", secret=ok(WORKER)),
    "cases:assess": Row("case", ok(WORKER), "case_id", secret=ok(WORKER)),
    "cases:plan": Row("case", ok(WORKER), "case_id", secret=ok(WORKER)),
    "cases:referral": Row("case", ok(WORKER), "case_id", secret=ok(WORKER)),
    "cases:attachment": Row("attachment", ok(CASE_READERS), "attachment_id", secret=ok(WORKER)),
    # POSTs without a valid form: whoever may open the file reaches the form (and is sent back to the
    # file with an error); what each transition or assignment needs is tested in cases/tests.
    "cases:transition": Row("case", ok(CASE_READERS, 302), "case_id", method="POST", secret=ok(WORKER, 302)),
    # break-glass only by the commune's users; a provincial officer asks for a grant (ADR 0018)
    "cases:break_glass": Row(
        "case",
        ok(COMMUNE & CASE_READERS, 302),
        "case_id",
        method="POST",
        data=lambda o: {"reason": _BREAK_GLASS},
        secret=ok(COMMUNE & CASE_READERS, 302),
    ),
    # the in-scope cases are open to the provincial officer already (a supervisor's grant): nothing
    # to ask for (404); the confidential case is not
    "cases:access_request": Row(
        "case",
        {},
        "case_id",
        method="POST",
        data=lambda o: {"reason": _BREAK_GLASS, "hours": 2},
        secret=ok(PROVINCE, 302),
    ),
    "cases:access_review": Row(ok=ok(APPROVERS)),
    # without a decision the form sends the approver back to the review page (cases/tests)
    "cases:access_decide": Row("access_request", ok(APPROVERS, 302), "request_id", method="POST"),
    "cases:assign": Row("case", ok(CASE_READERS, 302), "case_id", method="POST", secret=ok(WORKER, 302)),
    "cases:grant": Row("case", ok(CHAIRMAN, 302), "case_id", method="POST", secret={}),
    "cases:attachment_upload": Row("case", ok(WORKER, 302), "case_id", method="POST", secret=ok(WORKER, 302)),
    # only the agency the case was referred to: A1's case went to agency_a's Sở Y tế
    "cases:referral_respond": Row(
        "referral", {}, "referral_id", method="POST", exceptions={("agency_a", "a1"): 400}
    ),
    # indicators: the unit comes from ?unit=<id>; without it, the shell's unit
    "indicators:scorecard": Row("commune", ok(READERS), query="unit={pk}", bare=True),
    "indicators:adx": Row("commune", ok(READERS), query="unit={pk}", bare=True),
    # the child units of a province compared on one indicator (a commune has none: 404)
    "indicators:compare": Row("province", ok(PROVINCE_READERS), query="unit={pk}"),
    "indicators:enter": Row("commune", ok(INDICATOR_ENTRY), query="unit={pk}", bare=True),
    "indicators:targets": Row("commune", ok(PROVINCE), query="unit={pk}", bare=True),
    # plans
    "plans:list": Row(ok=ok(READERS)),
    "plans:import": Row(ok=ok(PROVINCE)),
    "plans:detail": Row("plan", ok(READERS), "plan_id"),
    "plans:document": Row("document", ok(READERS), "document_id"),
    "plans:task": Row("task", ok(READERS), "task_id"),
    "plans:evidence": Row("evidence", ok(READERS), "evidence_id"),
    "plans:agency": Row("agency", ok(READERS), "agency_id"),
    "plans:import_review": Row("plan_import", ok(PROVINCE), "import_id"),
    # without a valid target the form sends any reader back; the target must be managed (plans/tests)
    "plans:derive": Row("plan", ok(READERS, 302), "plan_id", method="POST"),
    "plans:target": Row("target", ok(PROVINCE, 302), "target_id", method="POST"),
    # activities and the collaborator network (ADR 0021): an agency officer edits only the activities
    # of their agency (A1's is organised by agency_a's Sở Y tế)
    "activities:list": Row(ok=ok(READERS)),
    "activities:create": Row(ok=ok(RECORDERS)),
    "activities:detail": Row("activity", ok(READERS), "activity_id"),
    "activities:edit": Row("activity", ok(RECORDERS), "activity_id", exceptions={("agency_a", "a2"): 404}),
    "activities:file": Row("activity_file", ok(READERS), "file_id"),
    "activities:network_index": Row(ok=ok(READERS)),
    "activities:network": Row("commune", ok(READERS), "commune_id"),
    "activities:post_edit": Row("collaborator_post", ok(WORKER), "post_id"),
    # play places (ADR 0031): anyone who reads activities sees them; recorders add and edit
    "activities:places": Row("commune", ok(READERS), "commune_id"),
    "activities:place_edit": Row("play_place", ok(RECORDERS), "place_id"),
    # the child-friendly commune assessment (ADR 0022); a province's page to those of the province
    "assessment:home": Row(ok=ok(READERS)),
    "assessment:standing": Row("commune", ok(READERS), "unit_id"),
    "assessment:province": Row("province", ok(PROVINCE_READERS), "unit_id"),
    # recomputing the communes' standings: the province officer (review permission) of that province
    "assessment:province_refresh": Row("province", ok(PROVINCE, 302), "unit_id", method="POST"),
    "assessment:commune_type": Row(
        "commune", ok(PROVINCE, 302), "unit_id", method="POST", data=lambda o: {"category": "other"}
    ),
    "assessment:detail": Row("assessment", ok(READERS), "pk"),
    "assessment:dossier": Row("assessment", ok(READERS), "pk"),
    "assessment:decision": Row("assessment", ok(READERS), "pk"),
    "assessment:evidence": Row("assessment_entry", ok(READERS), "entry_id"),
    # POSTs without a valid form: whoever may read the assessment is sent back to it with an error;
    # who may score, submit or decide is tested in assessment/tests
    "assessment:self_assessment": Row("assessment", ok(READERS, 302), "pk", method="POST"),
    "assessment:entry": Row(
        "assessment", ok(READERS, 302), "pk", method="POST", data=lambda o: {"code": "13.1"}
    ),
    "assessment:transition": Row("assessment", ok(READERS, 302), "pk", method="POST"),
    # reports
    "reporting:list": Row(ok=ok(READERS)),
    "reporting:rules": Row(ok=ok(USER_ADMINS)),
    "reporting:detail": Row("obligation", ok(READERS), "obligation_id"),
    "reporting:download": Row("obligation", ok(READERS), "obligation_id"),
    "reporting:submission": Row("submission", ok(READERS), "submission_id"),
    "reporting:review": Row("obligation", ok(PROVINCE, 302), "obligation_id", method="POST"),
    # background exports (ADR 0015): each is its requester's own (the commune worker's, below)
    "exports:list": Row(ok=ok(EVERYONE)),
    "exports:detail": Row("export", {}, "job_id", exceptions=_OWNER),
    "exports:progress": Row("export", {}, "job_id", exceptions=_OWNER),
    "exports:download": Row("export", {}, "job_id", exceptions=_OWNER),
    "exports:retry": Row("export", {}, "job_id", method="POST", exceptions=_OWNER_302),
    "GET /api/v1/exports/{job_id}": Row("export", {}, "job_id", exceptions=_OWNER),
    "GET /api/v1/exports/{job_id}/file": Row("export", {}, "job_id", exceptions=_OWNER),
    # the API (session-authenticated here; a Bearer token reaches the same code)
    "api:openapi-json": Row(ok=ok(EVERYONE)),
    "api:openapi-view": Row(ok=ok(EVERYONE)),
    "GET /api/v1/geo/units": Row(ok=ok(EVERYONE)),
    "POST /api/v1/cases/intake": Row(
        "commune",
        ok(INTAKE, 201),
        method="POST",
        data=_intake_in,
        headers={"Idempotency-Key": "k-1"},
        exceptions={("collaborator_a1", "a1"): 201},  # the commune of their hamlet (may_file_intake)
    ),
    # status only: to whoever may list the case, the one who filed it (the hotline filed the plain
    # cases) and the agency it was referred to (the Sở Y tế of agency_a, for A1's case)
    "GET /api/v1/cases/{case_id}/status": Row(
        "case",
        ok(CASE_READERS | {"hotline_operator"}),
        "case_id",
        secret=ok(CASE_READERS),
        exceptions={("agency_a", "a1"): 200},
    ),
    "GET /api/v1/children": Row(ok=ok(CHILD_READERS), groups="group={n}"),
    "GET /api/v1/children?group=5": Row(ok={**ok(CHILD_READERS, 403), **ok(SENSITIVE_GROUPS)}),
    "POST /api/v1/children": Row("commune", ok(WORKER, 201), method="POST", data=_child_in),
    "GET /api/v1/children/{child_id}": Row("child", ok(CHILD_READERS), "child_id"),
    "PATCH /api/v1/children/{child_id}": Row(
        "child",
        ok(CHILD_EDITORS),
        "child_id",
        method="PATCH",
        data=lambda o: {"version": o.version, "address": "Số 1"},
    ),
    "GET /api/v1/analytics": Row("commune", ok(READERS), query="dx=QD23-14&ou={code}&pe=2025", bare=True),
    "GET /api/v1/analytics/adx": Row("commune", ok(READERS), query="ou={code}&pe=2025", bare=True),
}

# URL names that are not pages of anybody's data, each with the reason.
NOT_IN_MATRIX = {
    "accounts:login": "the login form itself (accounts/tests)",
    "accounts:logout": "ends the session (accounts/tests)",
    "accounts:otp": "the second factor of the login flow (accounts/tests)",
    "api:api-root": "django-ninja's URL prefix: answers 404",
    "accounts:password_link": "a one-time link for a logged-out person (accounts/tests/test_approval.py)",
}


# -- the expected answer of one cell -----------------------------------------------------------------------
def contexts(row: Row) -> list[str]:
    found = ["page"] if not row.kind or row.bare else []
    if row.kind:
        found += [*places_of(row.kind), "missing"]
    if row.secret is not None:
        found.append("secret")
    if row.groups is not None:
        found += ["group5", "group11"]
    return found


def expected(row: Row, user: str, context: str) -> int | str:
    if (user, context) in row.exceptions:
        return row.exceptions[(user, context)]
    role = ROLE[user]
    if context == "page":
        return row.ok.get(role, row.refused)
    if context == "missing":
        return row.refused
    if context == "secret":
        assert row.secret is not None
        return row.secret.get(role, row.refused) if "a1" in COVERS[user] else row.refused
    if context.startswith("group"):
        shown = role in row.groups_to and row.ok.get(role) == 200 and "hamlet" in COVERS[user]
        return "shown" if shown else "hidden"
    return row.ok.get(role, row.refused) if context in COVERS[user] else row.refused


def _is_api(key: str) -> bool:
    return key.startswith(("GET ", "POST ", "PATCH ", "PUT ", "DELETE ", "api:"))


def cells_of(key: str) -> list[tuple[str, str]]:
    """The (user, context) cells of a row that are requested; a user refused for want of permission is
    asked only where the object is theirs, and a missing id by one user who could see an object."""
    row = TABLE[key]
    found = []
    asked_missing = False
    for user in USERS:
        for c in contexts(row):
            theirs = {*COVERS[user], "page", "secret" if "a1" in COVERS[user] else "page"}
            if ROLE[user] not in row.ok and (user, c) not in row.exceptions and c not in theirs:
                continue
            if c == "missing":
                if asked_missing or ROLE[user] not in row.ok:
                    continue
                asked_missing = True
            found.append((user, c))
    return found


def _rows() -> Iterator[Any]:
    """One test per row for the cells that hold today, and one per cell of each known leak."""
    for key, row in TABLE.items():
        cells = cells_of(key)
        yield pytest.param(key, tuple(c for c in cells if c not in row.leaks), id=key)
        for cell, reason in row.leaks.items():
            assert cell in cells, (key, cell)
            yield pytest.param(
                key,
                (cell,),
                id=f"{key}|{'|'.join(cell)}",
                marks=pytest.mark.xfail(strict=True, reason=reason),
            )


# -- the world, built once for this module ------------------------------------------------------------------
@dataclass
class Matrix:
    world: World
    objects: dict[str, dict[str, Obj]]
    sessions: dict[str, str]


def _object_makers() -> list[Callable[[World], dict[str, dict[str, tuple[int, Any]]]]]:
    """The ``objects(world)`` of every ``treem.<app>.tests.scoping*`` module (see treem/core/testing.py):
    {kind: {"a1" | "a2" | "b1" | "hamlet_a1": (pk, unit)}}; a new kind of object is made there."""
    import treem

    makers = []
    for app in pkgutil.iter_modules(treem.__path__):
        try:
            tests_pkg = importlib.import_module(f"treem.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for mod in pkgutil.iter_modules(tests_pkg.__path__):
            if mod.name.startswith("scoping"):
                module = importlib.import_module(f"treem.{app.name}.tests.{mod.name}")
                if hasattr(module, "objects"):
                    makers.append(module.objects)
    return makers


def _objects(world: World) -> dict[str, dict[str, Obj]]:
    from django.core.files.base import ContentFile

    from treem.cases import services as case_services
    from treem.cases.models import Attachment
    from treem.core.notifications import notify
    from treem.geo.services import unit_create
    from treem.indicators.models import Indicator
    from treem.indicators.reference import load_indicators
    from treem.registry import services as child_services
    from treem.registry.models import CircumstanceGroup

    load_indicators()  # one indicator is enough for the analytics API (the scorecard stays quick)
    Indicator.objects.exclude(code="QD23-14").delete()
    found: dict[str, dict[str, Obj]] = {k: {} for k in PLACES}
    places = {"hamlet": world.hamlet_a1, "a1": world.a1, "a2": world.a2, "b1": world.b1}
    for place, unit in places.items():
        found["unit"][place] = Obj(unit.pk, unit.code)
        if unit.level == "commune":
            found["commune"][place] = Obj(unit.pk, unit.code)
    found["hamlet"] = {
        "hamlet": Obj(world.hamlet_a1.pk),
        "a2": Obj(
            unit_create(
                level="hamlet", unit_type="khu_pho", code="A2-001", name="Khu phố 9", parent=world.a2
            ).pk
        ),
        "b1": Obj(
            unit_create(
                level="hamlet", unit_type="to_dan_pho", code="B1-001", name="Tổ 5", parent=world.b1
            ).pk
        ),
    }
    for place, username in (
        ("hamlet", "collaborator_a1"),
        ("a1", "worker_a1"),
        ("a2", "worker_a2"),
        ("b1", "worker_b1"),
    ):
        found["user"][place] = Obj(getattr(world, username).pk)
    # The apps' object makers (treem/<app>/tests/scoping_*.py): {kind: {"a1"|…|"hamlet_a1": (pk, unit)}}.
    for make in _object_makers():
        for kind, by_place in make(world).items():
            for key, (pk, _unit) in by_place.items():
                place = "hamlet" if key == "hamlet_a1" else key
                if place in places_of(kind):
                    found.setdefault(kind, {})[place] = Obj(pk)
    from treem.registry.models import Child

    for place, item in found["child"].items():
        found["child"][place] = Obj(item.pk, version=Child.objects.get(pk=item.pk).version)
    notify(users=[world.worker_a1], title="Thông báo thử", link="/", kind="test", send_email=False)
    from treem.core.models import Notification

    found["notification"]["a1"] = Obj(Notification.objects.filter(user=world.worker_a1).latest("pk").pk)
    # The confidential case: sexual abuse in A1, filed and worked by A1's worker, with an attachment.
    secret = case_services.case_intake_create(
        actor=world.worker_a1,
        commune=world.a1,
        data={
            "channel": "in_person",
            "category": "abuse",
            "abuse_form": "sexual_abuse",
            "summary": "Trẻ bị xâm hại.",
            "reported_child": {"full_name": SECRET_NAME, "estimated_age": 12, "sex": "F"},
        },
    )
    item = Attachment(case=secret, name="bien-ban.pdf", content_type="application/pdf", size=8)
    item.file.save("scoping-secret.pdf", ContentFile(b"%PDF-1.4"), save=False)
    item.save()
    found["case"]["secret"] = Obj(secret.pk)
    found["attachment"]["secret"] = Obj(item.pk)
    # Children in groups 5 and 11, in the hamlet (so the village collaborator could list them too).
    root = world.worker_a1
    for number, name in GROUP_CHILD.items():
        child = child_services.child_create(
            actor=root,
            commune=world.a1,
            hamlet=world.hamlet_a1,
            data={"full_name": name, "date_of_birth": "05/06/2014", "sex": "Nữ" if "Thị" in name else "Nam"},
        )
        child_services.circumstance_add(
            actor=root,
            child=child,
            group=CircumstanceGroup.objects.get(number=number),
            start_date=datetime.date(2024, 1, 1),
        )
        found["child"][f"group{number}"] = Obj(child.pk, version=child.version)
    return found


def _session(user: Any) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return session.session_key or ""


@pytest.fixture(scope="module")
def matrix(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Matrix]:
    """One world for the whole module (thousands of cells), rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            objects = _objects(world)
            sessions = {u: _session(getattr(world, u)) for u in USERS}
            yield Matrix(world, objects, sessions)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# -- requests ---------------------------------------------------------------------------------------------
def _url(key: str, row: Row, obj: Obj | None) -> str:
    """The URL of ``key`` for ``obj`` (None: the page without an object, its parameters left out)."""
    base, _, variant = key.partition("?")
    pk = obj.pk if obj else MISSING
    if " " in base:  # an API operation: METHOD /path
        path = (
            base.split(" ", 1)[1].replace("{" + row.kwarg + "}", str(pk))
            if row.kwarg
            else base.split(" ", 1)[1]
        )
    else:
        path = reverse(base, kwargs={row.kwarg: pk} if row.kwarg else {})
    params = [p for p in (row.query, variant) if p]
    if obj is None:
        params = [p for q in params for p in q.split("&") if "{" not in p]
    query = "&".join(params).format(pk=pk, code=obj.code if obj else "")
    return f"{path}?{query}" if query else path


def request(m: Matrix, user: str | None, key: str, context: str, extra_query: str = "") -> tuple[Any, str]:
    """Answer and body text of ``key`` requested by ``user`` (None: anonymous) in ``context``,
    inside a savepoint that is rolled back."""
    row = TABLE[key]
    if context == "missing":
        obj: Obj | None = Obj(MISSING, "99999", 1)
    elif context == "page" or (context.startswith("group") and not row.kind):
        obj = None
    else:
        obj = m.objects[row.kind][context]
    url = _url(key, row, obj)
    if extra_query:
        url += ("&" if "?" in url else "?") + extra_query
    client = Client()
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = m.sessions[user]
    body = row.data(obj or Obj(MISSING, "99999", 1)) if row.data else {}
    with transaction.atomic():
        if " " in key and row.method != "GET":
            response = client.generic(
                row.method, url, json.dumps(body), content_type="application/json", headers=dict(row.headers)
            )
        elif row.method == "POST":
            response = client.post(url, body, headers=dict(row.headers))
        else:
            response = client.get(url, headers=dict(row.headers))
        text = _text(response)
        transaction.set_rollback(True)
    return response, text


def _text(response: Any) -> str:
    """The body as text: HTML, CSV, JSON (decoded) or the XML inside an XLSX."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            raw = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    text = raw.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return unicodedata.normalize("NFC", text)


# -- the tests --------------------------------------------------------------------------------------------
def _url_names(resolver: URLResolver, prefix: str = "", route: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.update(_url_names(entry, ns, route + str(entry.pattern)))
        elif isinstance(entry, URLPattern) and entry.name:
            found.setdefault(f"{prefix}{entry.name}", route + str(entry.pattern))
    return found


def _operations() -> set[str]:
    from treem.web.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_url_is_in_the_table() -> None:
    operations = _operations()
    op_paths = {op.split(" ", 1)[1] for op in operations}
    names = set()
    for name, route in _url_names(get_resolver()).items():
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if name.startswith("api:") and path in op_paths:
            continue  # an API operation's URL: its operations are the rows
        names.add(name)
    keys = {k.partition("?")[0] for k in TABLE}
    missing = (names | operations) - keys - set(NOT_IN_MATRIX)
    assert not missing, f"add these to the access matrix (tests/test_scoping_matrix.py): {sorted(missing)}"
    stale = (keys | set(NOT_IN_MATRIX)) - names - operations
    assert not stale, f"the access matrix names URLs that no longer exist: {sorted(stale)}"


def test_the_table_knows_each_users_jurisdiction(matrix: Matrix) -> None:
    from treem.accounts import access
    from treem.accounts.models import User

    units = {
        "hamlet": matrix.world.hamlet_a1,
        "a1": matrix.world.a1,
        "a2": matrix.world.a2,
        "b1": matrix.world.b1,
    }
    for username in USERS:
        user = User.objects.get(username=username)
        assert user.assignments.get().role.code == ROLE[username], username
        covered = {p for p, unit in units.items() if access.units(user).filter(pk=unit.pk).exists()}
        assert covered == COVERS[username], username


# Names of the register's and the cases' children in the matrix: a system administrator sees none.
CHILD_NAMES = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    SECRET_NAME,
    *GROUP_CHILD.values(),
)


def check(m: Matrix, key: str, user: str, context: str) -> str | None:
    """What is wrong with one cell, or None."""
    row = TABLE[key]
    want = expected(row, user, context)
    where = f"{key} as {user} on {context}"
    if context.startswith("group"):
        number = int(context[5:])
        if row.kind:
            response, text = request(m, user, key, context)
            name = GROUP_NAME[number]
        else:
            response, text = request(m, user, key, "page", row.groups.format(n=number) if row.groups else "")
            name = GROUP_CHILD[number]
        if response.status_code >= 500:
            return f"{where}: {response.status_code}"
        if want == "shown" and (response.status_code != 200 or name not in text):
            return f"{where}: {response.status_code}, should list {name}"
        if want == "hidden" and name in text:
            return f"{where}: lists the group-{number} child ({response.status_code})"
        return None
    response, text = request(m, user, key, context)
    if response.status_code != want:
        return f"{where}: {response.status_code}, table: {want}"
    if context == "secret" and want != 200 and SECRET_NAME in text:
        return f"{where}: shows the sexual-abuse case's child"
    if row.conceals_secret and user != "worker_a1" and SECRET_NAME in text:
        return f"{where}: names the child of the sexual-abuse case"
    if ROLE[user] == "system_admin" and any(n in text for n in CHILD_NAMES):
        return f"{where}: shows a child's name to the system administrator"
    return None


@pytest.mark.parametrize(("key", "cells"), list(_rows()))
def test_row(matrix: Matrix, key: str, cells: tuple[tuple[str, str], ...]) -> None:
    failures = [f for user, c in cells if (f := check(matrix, key, user, c))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", list(TABLE))
def test_anonymous_is_sent_to_login(matrix: Matrix, key: str) -> None:
    row = TABLE[key]
    context = contexts(row)[0]
    response, _ = request(matrix, None, key, context)
    if _is_api(key):  # the API's schema and its docs page are public: they hold no data
        assert response.status_code == (200 if key.startswith("api:openapi") else 401), key
    else:
        assert response.status_code == 302, key
        assert reverse("accounts:login") in response["Location"], key


@pytest.mark.parametrize("username", USERS)
def test_api_units_list_leaks_nothing(matrix: Matrix, username: str) -> None:
    from treem.accounts import access
    from treem.accounts.models import User

    visible = set(access.units(User.objects.get(username=username)).values_list("code", flat=True))
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[username]
    for query in ("level=province", "level=commune", "parent=79", "parent=01", "level=hamlet"):
        response = client.get(f"/api/v1/geo/units?{query}&limit=1000")
        assert response.status_code == 200, query
        codes = {item["code"] for item in response.json()["items"]}
        assert codes <= visible, (query, codes - visible)


def test_audit_list_shows_only_the_jurisdiction(matrix: Matrix) -> None:
    from treem.audit.services import audit_log

    w = matrix.world
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions["province_a"]
    with transaction.atomic():
        audit_log(actor=w.worker_b1, action="test.secret.b1", obj=w.b1, unit=w.b1)
        audit_log(actor=w.worker_a1, action="test.visible.a1", obj=w.a1, unit=w.a1)
        body = client.get(reverse("audit:list")).content.decode()
        transaction.set_rollback(True)
    assert "test.visible.a1" in body
    assert "test.secret.b1" not in body
