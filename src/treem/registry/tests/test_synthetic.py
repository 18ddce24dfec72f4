from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from treem.registry import synthetic
from treem.registry.identity import PersonalIdError, validate_personal_id


def test_deterministic_and_ids_valid_where_claimed() -> None:
    a = list(synthetic.generate(3000, seed=5))
    assert a == list(synthetic.generate(3000, seed=5))
    assert a != list(synthetic.generate(3000, seed=6))
    with_id = [r for r in a if r["personal_id"]]
    assert 0.80 < len(with_id) / len(a) < 0.90
    for r in with_id:
        validate_personal_id(r["personal_id"], sex=r["sex"], date_of_birth=r["date_of_birth"])
    assert len({r["personal_id"] for r in with_id}) == len(with_id)


def test_distributions_are_roughly_right() -> None:
    rows = list(synthetic.generate(20000, seed=1))
    families = Counter(r["full_name"].split(" ")[0] for r in rows)
    assert 0.33 < families["Nguyễn"] / len(rows) < 0.43
    males = sum(r["sex"] == "M" for r in rows)
    assert 1.02 < males / (len(rows) - males) < 1.20
    assert 0.88 < sum(r["ethnicity"] == "01" for r in rows) / len(rows) < 0.97
    special = sum(bool(r["circumstances"]) for r in rows) / len(rows)
    assert 0.04 < special < 0.08
    disability = sum(4 in r["circumstances"] for r in rows) / len(rows)
    assert 0.008 < disability < 0.025
    today = datetime.date(2026, 1, 1)
    ages = Counter((today - r["date_of_birth"]).days // 366 for r in rows)
    assert max(ages) <= 17 and ages[0] < ages[15]
    assert any(r["twin_of"] is not None for r in rows)
    fathers = [r for r in rows if r["father"]]
    assert all(r["father"].split(" ")[0] == r["full_name"].split(" ")[0] for r in fathers)


def test_injected_problems() -> None:
    rows = list(synthetic.generate(5000, seed=2, problems=synthetic.REALISTIC))
    malformed = [r for r in rows if "malformed_id" in r["problems"]]
    assert malformed
    for r in malformed:
        assert len(r["personal_id"]) == 12 and r["personal_id"].isdigit()
        with pytest.raises(PersonalIdError):
            validate_personal_id(r["personal_id"], sex=r["sex"], date_of_birth=r["date_of_birth"])
    dups = [r for r in rows if r["duplicate_of"] is not None]
    assert 20 < len(dups) < 100
    kinds = {r["duplicate_kind"] for r in dups}
    assert {"typo", "no_accents", "swapped"} <= kinds


def test_csv_writer(tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    assert synthetic.write_csv(synthetic.generate(10, seed=3), path, {"01": "Kinh"}) == 10
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",") == synthetic.CSV_HEADERS
    assert len(lines) == 11 and "/" in lines[1].split(",")[1]


@pytest.mark.django_db
def test_write_children(world: Any) -> None:
    from treem.registry.models import Child, Guardian
    from treem.registry.reference import load_circumstances, load_ethnicities

    load_ethnicities()
    load_circumstances()
    pks = synthetic.write_children(synthetic.generate(300, seed=4), [world.a1, world.a2])
    assert len(pks) == 300 == Child.objects.count()
    child = Child.objects.get(pk=pks[0])
    assert child.province == world.a and child.name_folded and child.name_sort_key
    assert child.area in (world.a1, world.a2, world.hamlet_a1)
    assert Guardian.objects.count() > 400
    # Households: headed by a parent or grandparent of the child, shared by twins.
    with_household = Child.objects.filter(household__isnull=False).select_related("household")
    assert with_household.count() > 250
    for c in with_household[:50]:
        heads = set(Guardian.objects.filter(child=c).values_list("full_name", flat=True))
        assert c.household.head_name in heads and c.relation_to_head in ("Con", "Cháu")
        assert c.household.commune_id == c.commune_id


@pytest.mark.django_db
def test_copy_children_matches_the_services(world: Any) -> None:
    from treem.core.text import fold
    from treem.registry import services
    from treem.registry.models import Child, ChildCircumstance, Guardian
    from treem.registry.reference import load_circumstances, load_ethnicities

    load_ethnicities()
    load_circumstances()
    records = list(synthetic.generate(400, seed=5, problems=synthetic.REALISTIC))
    before = synthetic.write_children(records[:10], [world.a1])
    pks = synthetic.copy_children(records[10:], [world.a1, world.a2], seed=1)
    assert len(pks) == 390 and min(pks) > max(before)
    assert Child.objects.count() == 400
    for child in Child.objects.filter(pk__in=pks[:50]):
        assert child.name_folded == fold(child.full_name)
        assert bytes(child.name_sort_key) == services.name_sort_key(child.full_name)
        assert child.province == world.a and child.area in (world.a1, world.a2, world.hamlet_a1)
    expected = sum(1 for r in records[10:] for rel in ("father", "mother", "grandparent") if r.get(rel))
    assert Guardian.objects.filter(child_id__in=pks).count() == expected
    assert ChildCircumstance.objects.filter(child_id__in=pks).count() == sum(
        len(r["circumstances"]) for r in records[10:]
    )
    # The sequence moved past the copied ids: an ordinary insert still works.
    extra = synthetic.write_children([{**records[0], "personal_id": None}], [world.a1])
    assert extra[0] > max(pks)
