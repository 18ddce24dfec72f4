"""A page's form as a browser would send it back: the fields and their values read from its HTML.

Standard library only: imported by ``bench/locustfile.py`` (Locust's own environment) and by
``bench/bench_pages.py`` (Treem's), which checks each write of the plan once before the load.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, object]] = []
        self._form: dict[str, object] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self._form = {"action": a.get("action", ""), "method": method, "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields: list[tuple[str, str]] = self._form["fields"]  # type: ignore[assignment]
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        fields: list[tuple[str, str]] = self._form["fields"]  # type: ignore[assignment]
        if tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_with(html: str, field: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The action and the fields (name, value), as sent, of the page's first POST form that has ``field``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        fields: list[tuple[str, str]] = form["fields"]  # type: ignore[assignment]
        if form["method"] == "post" and any(name == field for name, _ in fields):
            return str(form["action"]), fields
    return None


def filled(fields: list[tuple[str, str]], changes: dict[str, str]) -> list[tuple[str, str]]:
    """``fields`` with the values of ``changes`` in place (added where the form has no such field)."""
    out = [(name, changes.get(name, value)) for name, value in fields]
    out += [(name, value) for name, value in changes.items() if all(n != name for n, _ in fields)]
    return out
