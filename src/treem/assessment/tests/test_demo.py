from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from treem.assessment.models import CommuneAssessment


def test_seed_demo_assessment_gives_states_and_is_idempotent(criteria: None, world: Any) -> None:
    out = StringIO()
    call_command("seed_demo_assessment", stdout=out)
    states = dict(CommuneAssessment.objects.values_list("unit__code", "status"))
    # the world's province 79 has two wards: the demo ward first (recognised), then the other (submitted)
    assert states == {"26968": "recognised", "26740": "submitted"}
    recognised = CommuneAssessment.objects.get(unit__code="26968")
    assert recognised.decision_number and list(recognised.events.values_list("action", flat=True)) == [
        "submit",
        "accept",
        "recognise",
    ]
    call_command("seed_demo_assessment", stdout=out)
    assert CommuneAssessment.objects.count() == 2
