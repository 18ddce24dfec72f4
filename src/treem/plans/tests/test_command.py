"""``./treem manage import_plan FILE [--dry-run] [--unit CODE] --json``."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from treem.plans.models import Plan

pytestmark = pytest.mark.django_db
SEED = Path(settings.BASE_DIR) / "data" / "plans" / "000_tan_binh_ke_hoach_ct33.txt"


def _run(*args: str) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    try:
        call_command("import_plan", *args, "--json", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def test_dry_run_prints_the_draft_in_the_issue_s_shape(world: Any) -> None:
    code, draft = _run(str(SEED), "--dry-run")
    assert code == 0
    assert {"document", "cites", "tasks", "targets", "deadlines", "unmatched_agencies"} <= set(draft)
    task = next(t for t in draft["tasks"] if t["number"] == "II.1")
    assert {"number", "title", "lead", "cooperating", "timeframe"} <= set(task)
    assert [a["text"] for a in task["lead"]] == ["Phòng Lao động - Thương binh và Xã hội"]
    assert {"28-CT/TW", "33-CT/TU", "3597/KH-UBND", "253-KH/QU"} <= {c["number"] for c in draft["cites"]}
    assert draft["deadlines"][0]["day"] == 5 and draft["deadlines"][0]["month"] == 12
    assert not Plan.objects.exists()  # a dry run writes nothing


def test_saving_and_refusals(world: Any, tmp_path: Path) -> None:
    from treem.plans.tests.conftest import load_agency_types

    load_agency_types()
    code, result = _run(str(SEED), "--unit", world.a.code)
    assert code == 0 and result["tasks"] > 0 and Plan.objects.get().pk == result["plan"]
    bad = tmp_path / "ke-hoach.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    code, result = _run(str(bad), "--dry-run")
    assert code == 1 and "không được hỗ trợ" in result["error"]


def test_a_former_units_plan_is_saved_as_its_history(world: Any) -> None:
    """``--former``: the Tân Bình district plan goes to the former Quận Tân Bình (766), not to the city
    that replaced it (issue #18, ADR 0025)."""
    from treem.plans.tests.conftest import load_agency_types

    load_agency_types()
    code, result = _run(str(SEED), "--unit", "766", "--former")
    assert code == 0
    plan = Plan.objects.get(pk=result["plan"])
    assert (plan.unit.generation, plan.unit.level, plan.unit.code) == ("2008", "district", "766")
    with pytest.raises(CommandError, match="766"):  # not a code of the current map
        _run(str(SEED), "--unit", "766")
