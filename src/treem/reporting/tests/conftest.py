from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def agency_types(world: Any) -> dict[str, Any]:
    from treem.plans.tests.conftest import load_agency_types

    return load_agency_types()


@pytest.fixture
def obligations(world: Any, agency_types: Any) -> dict[str, Any]:
    """HCMC's plan (the hand-made draft, 2024–2030) in province A, derived to its ward A1, and every
    report of 2026, by unit code."""
    from treem.indicators.reference import load_indicators
    from treem.plans import services as plans
    from treem.plans.tests.conftest import hand_draft
    from treem.reporting import services
    from treem.reporting.models import Obligation

    load_indicators()
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    plan = plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    plans.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    services.obligations_generate(2026)
    return {o.unit.code: o for o in Obligation.objects.filter(period="2026")}
