"""The demo's assessments are coherent with today (ADR 0031): no step in the future, a recognised commune
passes, every state of the procedure is there."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from treem.assessment.models import AssessmentEvent, CommuneAssessment


def test_seed_demo_assessment_is_coherent_and_idempotent(criteria: None, world: Any) -> None:
    from treem.accounts.models import User
    from treem.assessment.management.commands import seed_demo_assessment as seed

    # the world's former Quận Tân Bình has two wards, both now in a2 (26968, one of the demo wards)
    world.province_a.username = seed.DEMO_OFFICER
    world.province_a.save()
    assert User.objects.filter(username=seed.DEMO_OFFICER).exists()
    out = StringIO()
    call_command("seed_demo_assessment", stdout=out)
    paper = dict(CommuneAssessment.objects.filter(round__year=2024).values_list("unit__code", "status"))
    assert paper == {"26965": "recognised", "26968": "recognised"}
    today = timezone.localdate()
    for a in CommuneAssessment.objects.all():
        assert a.status != "recognised" or a.passed
        for e in AssessmentEvent.objects.filter(assessment=a):
            assert timezone.localtime(e.at).date() <= today
        if a.submitted_at:
            assert timezone.localtime(a.submitted_at).date() <= today
    rounds = set(CommuneAssessment.objects.values_list("round__year", flat=True))
    if today >= datetime.date(today.year, 12, 1) and today.year == 2026:
        assert rounds == {2024, 2027}
        assert set(CommuneAssessment.objects.filter(round__year=2027).values_list("status", flat=True)) == {
            "draft"
        }
    count = CommuneAssessment.objects.count()
    call_command("seed_demo_assessment", stdout=out)
    assert CommuneAssessment.objects.count() == count
