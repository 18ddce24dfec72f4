"""Data cleaning and duplicate pages in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from treem.registry.models_cleaning import DuplicatePair
    from treem.registry.reference import load_ethnicities
    from treem.registry.services import child_create

    load_ethnicities()
    from treem.accounts.access import system_actor

    admin = system_actor(world.nation)
    found: dict[str, tuple[int, Any]] = {}
    for key in ("a1", "a2", "b1"):
        unit = getattr(world, key)
        kids = [
            child_create(
                actor=admin,
                commune=unit,
                data={"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam", "ethnicity": "01"},
            )
            for name in ("Trần Văn Bình", "Tran Van Binh")
        ]
        a, b = sorted(kids, key=lambda c: c.pk)
        pair = DuplicatePair.objects.create(
            child_a=a, child_b=b, commune=unit, score=0.97, reasons=["no_accents"]
        )
        found[key] = (pair.pk, unit)
    return {"duplicate": found}
