"""Every HTML form, for every role of the world fixture, answers hostile values with a page or a 4xx —
never a server error (issue #15).

For each role the crawler GETs every URL pattern it can name (those without arguments, and the pages of
the access matrix's ``TABLE`` taking an object of its fixtures: ``treem/<app>/tests/scoping*.py``),
follows the links of the pages it reads, finds their ``<form>``s and submits each with hostile values:
NUL bytes, 10 000-character strings, the dates 31/12/9999 and 01/01/0001, negative and huge numbers,
emoji.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404

pytestmark = pytest.mark.django_db

ROLES = [
    "worker_a1",
    "chairman_a1",
    "police_a1",
    "collaborator_a1",
    "province_a",
    "agency_a",
    "leader_a",
    "hotline",
    "sysadmin",
]
SKIP = {"accounts:logout", "accounts:login", "accounts:otp", "web:switch_unit"}
PER_ROUTE = 3  # distinct URLs visited per route name
MOST_PAGES = 400

DATE_FIELD = re.compile(r"date|dob|ngay|_at$|from|until|valid|deadline|due|birth|period", re.I)
NUMBER_FIELD = re.compile(
    r"age|hours|year|count|number|version|value|page|amount|total|qty|quantity|pk|id$", re.I
)

VARIANTS: dict[str, dict[str, str]] = {
    "nul": {"text": "Nguyễn\x00Văn", "date": "01/01/2020\x00", "number": "1\x00", "choice": "\x00"},
    "long": {"text": "Ỷ" * 10_000, "date": "1" * 10_000, "number": "9" * 10_000, "choice": "x" * 10_000},
    "far_future": {"text": "👶🏽🚸 trẻ em", "date": "31/12/9999", "number": "-1", "choice": "-1"},
    "far_past": {"text": "😀" * 300, "date": "01/01/0001", "number": "-99999999999999999999", "choice": "0"},
    "iso": {"text": "\u202e\ufeff", "date": "9999-12-31", "number": "1e309", "choice": "9" * 30},
    "digits": {"text": "²", "date": "²/²/²", "number": "²", "choice": "9" * 10_000},
    "superscript": {"text": "9" * 10_000, "date": "0000-00-00", "number": "9" * 25, "choice": "²"},
}


class _Forms(HTMLParser):
    """The forms and links of one page (stdlib parser: enough for Treem's server-rendered HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.links: list[str] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = a.get("method", "get").lower()
            self._form = {"action": a.get("action", ""), "method": method, "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if kind == "submit" and a.get("value"):
                    self._form.setdefault("submits", []).append((a["name"], a["value"]))
                return
            self._form["fields"].append(
                {
                    "name": a["name"],
                    "type": kind,
                    "value": a.get("value", ""),
                    "date": "dd/mm" in a.get("placeholder", "") or kind == "date",
                    "number": kind == "number" or a.get("inputmode") == "numeric",
                }
            )
        elif tag == "button" and a.get("name"):
            self._form.setdefault("submits", []).append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append({"name": a["name"], "type": "textarea", "value": ""})
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "value": "", "options": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _patterns(resolver: URLResolver, prefix: str = "") -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.update(_patterns(entry, ns))
        elif entry.name:
            found[f"{prefix}{entry.name}"] = entry
    return found


def _start_urls(world: Any) -> list[str]:
    """Every URL pattern without arguments, and those taking an object of the scoping fixtures."""
    import treem
    from tests.test_scoping_matrix import TABLE

    urls: list[str] = ["/"]
    objects: dict[str, dict[str, tuple[int, Any]]] = {}
    for app in pkgutil.iter_modules(treem.__path__):
        try:
            tests_pkg = importlib.import_module(f"treem.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for mod in pkgutil.iter_modules(tests_pkg.__path__):
            if mod.name.startswith("scoping"):
                module = importlib.import_module(f"treem.{app.name}.tests.{mod.name}")
                if hasattr(module, "objects"):
                    objects.update(module.objects(world))
    objects.setdefault("unit", {"a1": (world.a1.pk, world.a1), "a": (world.a.pk, world.a)})
    objects.setdefault("commune", {"a1": (world.a1.pk, world.a1)})
    objects.setdefault("hamlet", {"a1": (world.hamlet_a1.pk, world.hamlet_a1)})
    objects.setdefault("user", {"a1": (world.worker_a1.pk, world.a1)})
    for name, pattern in _patterns(get_resolver()).items():
        if name.startswith("api") or name in SKIP:
            continue
        if not pattern.pattern.converters:
            try:
                urls.append(reverse(name))
            except NoReverseMatch:
                continue
    for name, row in TABLE.items():
        # the GET pages taking an object (not the API's operations nor a query's variants)
        page = row.kind and row.kwarg and row.method == "GET" and " " not in name and "?" not in name
        if page and name not in SKIP:
            for pk, _unit in objects.get(row.kind, {}).values():
                urls.append(reverse(name, kwargs={row.kwarg: pk}))
    return list(dict.fromkeys(urls))


def _value(field: dict[str, Any], variant: dict[str, str], keep_hidden: bool) -> str:
    name = field["name"]
    if field["type"] == "hidden" and keep_hidden:
        return str(field["value"])
    if field["type"] in ("checkbox", "radio"):
        return field["value"] or "on"
    if field.get("date") or DATE_FIELD.search(name):
        return variant["date"]
    if field.get("number") or NUMBER_FIELD.search(name):
        return variant["number"]
    if field["type"] == "select":
        return variant["choice"]
    return variant["text"]


def _route(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def _crawl(client: Any, world: Any) -> list[str]:
    failures: list[str] = []
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    forms_done: set[tuple[str, str, tuple[str, ...]]] = set()
    queue = deque(_start_urls(world))
    pages = 0

    def request(method: str, url: str, data: Any = None) -> Any:
        try:
            response = client.post(url, data) if method == "post" else client.get(url, data)
        except Exception as e:  # the test client re-raises a view's exception
            error = f"{type(e).__name__}: {str(e)[:150]}"
            failures.append(f"{method.upper()} {url[:120]} {_short(data)}: {error}")
            return None
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url[:120]} {_short(data)}: {response.status_code}")
            return None
        return response

    while queue and pages < MOST_PAGES:
        url = queue.popleft()
        route = _route(url)
        if url in seen or route is None or route in SKIP or route.startswith("api"):
            continue
        seen.add(url)
        if per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        pages += 1
        response = request("get", url)
        if response is None or response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
                link = parts.path + (f"?{parts.query}" if parts.query else "")
                if link not in seen:
                    queue.append(link)
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            target_route = _route(action)
            if target_route is None or target_route in SKIP:
                continue
            key = (form["method"], target_route, tuple(sorted(f["name"] for f in form["fields"])))
            if key in forms_done:
                continue
            forms_done.add(key)
            submits = form.get("submits") or [None]
            # Each hostile variant once, the hidden fields kept by every other one (the form's own
            # version and object, or the hostile value in them too): 7 posts a form, not 14.
            for index, variant in enumerate(VARIANTS.values()):
                keep_hidden = index % 2 == 0
                data: dict[str, Any] = {}
                for field in form["fields"]:
                    if field["type"] == "file":
                        continue
                    data[field["name"]] = _value(field, variant, keep_hidden)
                submit = submits[index % len(submits)]
                if submit is not None:
                    data[submit[0]] = submit[1]
                data.pop("csrfmiddlewaretoken", None)
                if form["method"] == "post":
                    request("post", action, data)
                else:
                    request("get", urlsplit(action).path + "?" + urlencode(data), None)
    return failures


def _short(data: Any) -> str:
    if not data:
        return ""
    short = {k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v) for k, v in data.items()}
    return str(short)[:300]


@pytest.mark.parametrize("username", ROLES)
def test_no_form_answers_hostile_values_with_a_server_error(world: Any, login: Any, username: str) -> None:
    client = login(getattr(world, username))
    failures = _crawl(client, world)
    assert not failures, "\n".join(failures)
