"""ADR 0023: "referred to the police" is no longer a status that ends the case. Cases left in it go back to
the step they were at when referred (the ``from_status`` of the referral's event), where the support track
goes on; their referral stays in the history."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    for case in Case.objects.filter(status="referred_to_police"):
        event = (
            CaseEvent.objects.filter(case=case, to_status="referred_to_police").order_by("-at", "-id").first()
        )
        back = event.from_status if event is not None and event.from_status else "verifying"
        Case.objects.filter(pk=case.pk).update(status=back, version=case.version + 1)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_access_requests")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
