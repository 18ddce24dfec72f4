from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from treem.audit.models import AuditEvent
from treem.registry import exporting, services

pytestmark = pytest.mark.django_db


def test_neutralise() -> None:
    assert [exporting.neutralise(v) for v in ("=1+1", "+84", "-x", "@a", "\tz", "An")] == [
        "'=1+1", "'+84", "'-x", "'@a", "'\tz", "An",
    ]  # fmt: skip


@pytest.fixture
def child(world: Any) -> Any:
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    return services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        data={
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "05/06/2015",
            "sex": "Nam",
            "personal_id": "079215012345",
            "ethnicity": "01",
            "address": '=HYPERLINK("http://x")',
        },
    )


def test_csv_export_with_sensitive_columns(world: Any, login: Any, child: Any) -> None:
    response = login(world.worker_a1).get(reverse("registry:export"), {"format": "csv"})
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "079215012345" in body and "05/06/2015" in body
    assert "'=HYPERLINK" in body
    event = AuditEvent.objects.get(action="registry.child.exported")
    assert event.extra["rows"] == 1 and event.extra["format"] == "csv"


def test_xlsx_export_omits_sensitive_columns_without_permission(world: Any, login: Any, child: Any) -> None:
    response = login(world.province_a).get(reverse("registry:export"))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert "Số định danh cá nhân" not in sheet[0] and "Dân tộc" not in sheet[0]
    assert "079215012345" not in str(sheet)
    assert sheet[1][0] == "Nguyễn Văn An" and '\'=HYPERLINK("http://x")' in sheet[1]


def test_special_list(world: Any, login: Any, child: Any) -> None:
    import datetime

    from treem.registry.models import CircumstanceGroup
    from treem.registry.reference import load_circumstances

    load_circumstances()
    services.circumstance_add(
        actor=world.worker_a1, child=child, group=CircumstanceGroup.objects.get(number=1),
        start_date=datetime.date(2020, 1, 1),
    )  # fmt: skip
    client = login(world.worker_a1)
    page = client.get(reverse("registry:special_list")).content.decode()
    assert "Nguyễn Văn An" in page and "1 trẻ em" in page
    xlsx = client.get(reverse("registry:special_list"), {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_special_list_names_part_of_a_large_group_and_links_to_the_rest(
    world: Any, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group larger than the page names (``SPECIAL_NAMES_SHOWN``, 2 here): the first in name order,
    how many more, a link to the register's list of the group in the unit; the XLSX names them all; the
    count is every child's."""
    import datetime

    from treem.registry.models import CircumstanceGroup
    from treem.registry.reference import load_circumstances, load_ethnicities

    load_ethnicities()
    load_circumstances()
    monkeypatch.setattr(exporting, "SPECIAL_NAMES_SHOWN", 2)
    orphans = CircumstanceGroup.objects.get(number=1)
    for name in ("Trần Văn Cường", "Lê Thị Bình", "Nguyễn Văn An"):
        kid = services.child_create(
            actor=world.worker_a1,
            commune=world.a1,
            data={"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam", "ethnicity": "01"},
        )
        services.circumstance_add(
            actor=world.worker_a1, child=kid, group=orphans, start_date=datetime.date(2020, 1, 1)
        )
    client = login(world.worker_a1)
    page = client.get(reverse("registry:special_list")).content.decode()
    assert "1. " in page and "— 3 trẻ em" in page
    assert "Lê Thị Bình" in page and "Nguyễn Văn An" in page and "Trần Văn Cường" not in page
    assert "Và 1 trẻ em khác" in page
    assert f"{reverse('registry:list')}?group=1&amp;commune={world.a1.pk}" in page
    xlsx = client.get(reverse("registry:special_list"), {"format": "xlsx"})
    sheet = str(CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0).to_python())
    assert all(name in sheet for name in ("Trần Văn Cường", "Lê Thị Bình", "Nguyễn Văn An"))
