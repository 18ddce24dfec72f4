"""Issue #18: a child whose sex the report did not give stays "unknown" — never male (ADR 0023)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from treem.accounts.tokens import token_create
from treem.cases import documents, selectors
from treem.cases.models import Case
from treem.cases.tests.test_api import _body, _post
from treem.cases.tests.test_services import _intake
from treem.cases.tests.test_views import _intake_post

pytestmark = pytest.mark.django_db


def _mau_01_sex(case: Case) -> str:
    doc = Document(io.BytesIO(documents.render_docx(case, 1)))
    rows = {r.cells[0].text: r.cells[1].text for t in doc.tables for r in t.rows if len(r.cells) == 2}
    return rows["Giới tính"]


@pytest.mark.parametrize("given", ["U", ""])
def test_intake_form_keeps_an_unknown_sex(world: Any, login: Any, given: str) -> None:
    client = login(world.worker_a1)
    response = client.post(reverse("cases:intake"), _intake_post(world, child_sex=given))
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.child.sex == "U"
    assert _mau_01_sex(case) == "Không biết"  # Mẫu 01: Nam / Nữ / Không biết
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Không rõ" in page


def test_api_default_sex_is_unknown(client: Any, world: Any) -> None:
    token = token_create(user=world.hotline, name="tổng đài")[1]
    body = _body(child={"full_name": "Lê Minh Khoa", "estimated_age": 9})
    assert _post(client, token, body).status_code == 201
    assert Case.objects.get().child.sex == "U"


def test_known_sexes_are_kept(world: Any) -> None:
    case = _intake(world, reported_child={"full_name": "Lê Thu", "estimated_age": 9, "sex": "F"})
    assert case.child.sex == "F" and _mau_01_sex(case) == "Nữ"


def test_case_statistics_count_unknown_apart(world: Any) -> None:
    when = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)
    for sex in ("M", "F", None):
        reported = {"full_name": "Trẻ", "estimated_age": 8, **({"sex": sex} if sex else {})}
        _intake(world, received_at=when, reported_child=reported)
    stats = selectors.case_stats(
        user=world.province_a,
        unit=world.a,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    assert stats.by_sex == {"M": 1, "F": 1, "U": 1}
    assert stats.by_sex_label == {"Nam": 1, "Nữ": 1, "Không rõ": 1}


def test_indicator_counts_by_sex_keep_unknown_apart(world: Any) -> None:
    from treem.indicators import selectors as indicators

    _intake(world, reported_child={"full_name": "Trẻ", "estimated_age": 8})
    year = timezone.localdate().year
    communes = indicators.current_communes(world.a1).values("pk")

    def provisional(sex: str) -> Any:
        children = indicators.population(communes, year, min_age=0, max_age=17, sex=sex)
        return children.filter(is_provisional=True)

    assert not provisional("M").exists() and provisional("U").count() == 1
    counts = indicators.catalogue_counts(communes, year)
    assert any(sex == "U" for _code, sex in counts)  # its own bucket beside "M" and "F"
