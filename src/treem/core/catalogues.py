"""What the apps' catalogue loaders (``<app>/reference.py``, run by ``load_reference``) share: reading a
CSV of data/reference and writing its rows idempotently."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Model

DATA = Path(settings.BASE_DIR) / "data" / "reference"


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of data/reference/``name`` (UTF-8, a header line), as dicts by column."""
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def upsert(model: type[Model], key: str, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Create the rows whose ``key`` is new, update those that differ, leave the others alone; the counts
    of each, as ``load_reference`` reports them."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {getattr(o, key): o for o in model._default_manager.all()}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            model._default_manager.create(**row)
            counts["created"] += 1
        elif any(getattr(obj, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(obj, k, v)
            obj.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
