from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template

from treem.core.people import display_name


def test_display_name_prefers_the_full_name() -> None:
    assert display_name(SimpleNamespace(full_name="Nguyễn Thị Thu", username="worker_a1")) == "Nguyễn Thị Thu"
    assert display_name(SimpleNamespace(full_name="", username="worker_a1")) == "worker_a1"
    assert display_name(None) == "—"
    rendered = Template("{% load people %}{{ u|display_name }}|{{ none|display_name:'Hệ thống' }}").render(
        Context({"u": SimpleNamespace(full_name="Trần Văn Minh", username="chairman_a1"), "none": None})
    )
    assert rendered == "Trần Văn Minh|Hệ thống"
