from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.registry import cleaning, services
from treem.registry.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def kids(world: Any) -> dict[str, Child]:
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    base = {"date_of_birth": "05/06/2015", "sex": "Nam", "ethnicity": "01"}
    make = lambda name, **kw: services.child_create(  # noqa: E731
        actor=world.worker_a1, commune=world.a1, data={**base, "full_name": name, **kw}
    )
    out = {
        "ok": make("Nguyễn Văn An", personal_id="079215000001"),
        "no_id": make("Trần Văn Bình"),
        "no_id2": make("Lê Văn Cường", ethnicity=""),
    }
    for c in out.values():
        services.guardian_set(
            actor=world.worker_a1, child=c, data={"relationship": "mother", "full_name": "Lê Thị Hoa"}
        )
    legacy = make("Phạm Văn Dũng")
    Child.objects.filter(pk=legacy.pk).update(personal_id="000215000002")  # legacy record, bad province code
    out["legacy"] = legacy
    return out


def test_lists_and_progress(world: Any, kids: dict[str, Child]) -> None:
    found = cleaning.problems(world.a1)
    assert {c.pk for c in found["missing_id"]} == {kids["no_id"].pk, kids["no_id2"].pk}
    assert [c.pk for c in found["malformed_id"]] == [kids["legacy"].pk]
    assert [c.pk for c in found["missing_ethnicity"]] == [kids["no_id2"].pk]
    assert [c.pk for c in found["missing_guardian"]] == [kids["legacy"].pk]
    rows, _total = cleaning.progress(world.province_a)
    assert [(r.unit, r.total, r.with_valid_id, r.complete) for r in rows] == [(world.a1, 4, 1, 1)]
    assert cleaning.progress(world.worker_b1) == ([], None)


def test_export_neutralises_formulas(world: Any, kids: dict[str, Child], login: Any) -> None:
    Child.objects.filter(pk=kids["no_id"].pk).update(address="=HYPERLINK(1)")
    response = login(world.worker_a1).get(reverse("registry:cleaning_export", args=[world.a1.pk]))
    assert response.status_code == 200
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0] == cleaning.EXPORT_HEADERS
    assert len(rows) == 4
    assert any(str(v).startswith("'=HYPERLINK") for r in rows for v in r)


def _csv(rows: list[tuple[Any, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([cleaning.ID_COLUMN, "Họ và tên", cleaning.VERIFIED_COLUMN])
    for pk, pid in rows:
        w.writerow([pk, "x", pid])
    return buf.getvalue().encode("utf-8")


def test_import_all_or_nothing(world: Any, kids: dict[str, Child]) -> None:
    bad = _csv(
        [
            (kids["no_id"].pk, "079215000003"),
            (kids["no_id2"].pk, "079315000004"),
            (kids["legacy"].pk, "079215000001"),
        ]
    )
    with pytest.raises(cleaning.VerifiedImportError) as exc:
        cleaning.import_verified(actor=world.police_a1, commune=world.a1, name="ds.csv", content=bad)
    assert len(exc.value.errors) == 2  # sex digit mismatch; ID held by another child
    assert Child.objects.filter(personal_id="079215000003").count() == 0
    good = _csv(
        [(kids["no_id"].pk, "079215000003"), (kids["no_id2"].pk, ""), (kids["legacy"].pk, "079 215 000005")]
    )
    result = cleaning.import_verified(actor=world.police_a1, commune=world.a1, name="ds.csv", content=good)
    assert (result.updated, result.skipped) == (2, 1)
    kids["legacy"].refresh_from_db()
    assert kids["legacy"].personal_id == "079215000005"
    after = AuditEvent.objects.get(action="registry.child.ids_verified").after
    assert after is not None and after["updated"] == 2


def test_import_refuses_children_of_another_commune(world: Any, kids: dict[str, Child], login: Any) -> None:
    with pytest.raises(cleaning.VerifiedImportError):
        cleaning.import_verified(
            actor=world.worker_a2,
            commune=world.a2,
            name="a.csv",
            content=_csv([(kids["no_id"].pk, "079215000003")]),
        )
    client = login(world.police_a1)
    upload = io.BytesIO(_csv([(kids["no_id"].pk, "079215000009")]))
    upload.name = "ds.csv"
    response = client.post(reverse("registry:cleaning_import", args=[world.a1.pk]), {"file": upload})
    assert response.status_code == 302
    assert Child.objects.filter(personal_id="079215000009").exists()
    response = login(world.worker_a1).get(
        reverse("registry:cleaning_list", args=[world.a1.pk]) + "?loai=malformed_id"
    )
    assert "Phạm Văn Dũng" in response.content.decode()


NAMES = ["", "An", "Bình", "Cường", "Dũng", "Em", "Phúc", "Giang", "Hải"]


def test_progress_counted_in_groups_by_hand(world: Any) -> None:
    """The overview's counts, grouped in the database with Python checking each group's ID once, by hand.
    Phường Sài Gòn: (1) 079215000001 boy of 2015, complete; (2) 079315000002 for a boy (digit 4 says a
    girl): invalid; (3) 079214000003 born 2015 (digits 5–6 say 2014): invalid; (4) no ID; (5) a valid ID
    and a name of no-break spaces: valid, not complete; (6) 001215000008, registered in Hà Nội: valid,
    complete; (7) a valid ID and no guardian: valid, not complete.
    Phường Tân Sơn Nhất: (8) a valid ID, no ethnicity: valid, not complete.
    Sài Gòn 7 children, 4 valid, 2 complete; Tân Sơn Nhất 1, 1, 0; the city 8, 5, 2."""
    from treem.registry.reference import load_ethnicities

    load_ethnicities()
    base = {"date_of_birth": "05/06/2015", "sex": "Nam", "ethnicity": "01"}
    made = []
    for n, (commune, stored, extra) in enumerate(
        [
            (world.a1, "079215000001", {}),
            (world.a1, "079315000002", {}),
            (world.a1, "079214000003", {}),
            (world.a1, None, {}),
            (world.a1, "079215000005", {}),
            (world.a1, "001215000008", {}),
            (world.a1, "079215000006", {}),
            (world.a2, "079215000007", {"ethnicity": ""}),
        ],
        start=1,
    ):
        actor = world.worker_a1 if commune == world.a1 else world.worker_a2
        child = services.child_create(
            actor=actor, commune=commune, data={**base, "full_name": f"Nguyễn Văn {NAMES[n]}", **extra}
        )
        if n != 7:
            services.guardian_set(
                actor=actor, child=child, data={"relationship": "mother", "full_name": "Lê Thị Hoa"}
            )
        Child.objects.filter(pk=child.pk).update(personal_id=stored)  # as kept, legacy records included
        made.append(child)
    Child.objects.filter(pk=made[4].pk).update(full_name="\u00a0\u00a0")
    rows, total = cleaning.progress(world.province_a)
    assert [(r.unit, r.total, r.with_valid_id, r.complete) for r in rows] == [
        (world.a1, 7, 4, 2),
        (world.a2, 1, 1, 0),
    ]
    assert total is not None and (total.total, total.with_valid_id, total.complete) == (8, 5, 2)
    found = cleaning.problems(world.a1)  # the lists agree with the counts
    assert {c.pk for c in found["malformed_id"]} == {made[1].pk, made[2].pk}
    assert [c.pk for c in found["missing_id"]] == [made[3].pk]
    assert [c.pk for c in found["missing_name"]] == [made[4].pk]


def test_the_overview_pages_its_communes_and_sums_them_all(
    world: Any, kids: dict[str, Child], login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview names its communes a page at a time (the nation's 3,321 made 515 KB of HTML); the sum
    row counts every commune on each page. One commune a page here: Sài Gòn's 4 children, then Tân Sơn
    Nhất's 1."""
    from treem.registry import views_cleaning

    monkeypatch.setattr(views_cleaning, "OVERVIEW_ROWS", 1)
    services.child_create(
        actor=world.worker_a2,
        commune=world.a2,
        data={"full_name": "Đỗ Văn Em", "date_of_birth": "05/06/2015", "sex": "Nam", "ethnicity": "01"},
    )
    client = login(world.province_a)
    first = client.get(reverse("registry:cleaning")).content.decode()
    second = client.get(reverse("registry:cleaning"), {"trang": 2}).content.decode()
    assert world.a1.name in first and world.a2.name not in first and "Trang 1/2 (2 xã, phường)" in first
    assert world.a2.name in second and world.a1.name not in second and "Trang 2/2" in second
    for page in (first, second):
        assert '<th scope="row">Cộng</th><td>5</td>' in page
