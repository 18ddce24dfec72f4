"""The register's pages in the access-scoping matrix (tests/test_scoping_matrix.py)."""

from __future__ import annotations

from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from treem.registry import services
    from treem.registry.reference import load_circumstances, load_ethnicities

    load_ethnicities()
    load_circumstances()
    from treem.accounts.access import system_actor

    root = system_actor(world.nation)
    found: dict[str, tuple[int, Any]] = {}
    spec = [
        ("a1", world.a1, None, "Nguyễn Văn An"),
        ("a2", world.a2, None, "Trần Thị Bình"),
        ("b1", world.b1, None, "Lê Văn Cường"),
        ("hamlet_a1", world.a1, world.hamlet_a1, "Phạm Thị Dung"),
    ]
    for key, commune, hamlet, name in spec:
        child = services.child_create(
            actor=root,
            commune=commune,
            hamlet=hamlet,
            data={"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam" if "Văn" in name else "Nữ"},
        )
        found[key] = (child.pk, child.area)
    return {"child": found}
