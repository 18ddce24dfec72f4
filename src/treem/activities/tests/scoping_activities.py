"""The activity pages in the access-scoping matrix (tests/test_scoping_matrix.py).

The activity of commune A1 is organised by the Sở Y tế of province A, the agency of the world's agency
officer, so that the officer's right to edit it follows the permission like everyone else's (an agency
officer edits only their own agency's activities: test_views.py).
"""

from __future__ import annotations

import datetime
from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from django.core.files.base import ContentFile

    from treem.activities.models import Activity, ActivityFile, CollaboratorPost, PlayPlace
    from treem.geo.models import Agency
    from treem.geo.services import unit_create

    health_a = Agency.objects.get(name="Sở Y tế Thành phố Hồ Chí Minh")
    kinds: dict[str, dict[str, tuple[int, Any]]] = {
        k: {} for k in ("activity", "activity_file", "collaborator_post", "play_place")
    }
    day = datetime.date(2026, 6, 1)
    for key in ("a1", "a2", "b1"):
        commune = getattr(world, key)
        activity = Activity.objects.create(
            kind="forum",
            unit=commune,
            commune=commune,
            title=f"Diễn đàn trẻ em {key}",
            start_date=day,
            end_date=day,
            organiser=health_a if key == "a1" else None,
        )
        item = ActivityFile(activity=activity, name="bien-ban.pdf", content_type="application/pdf", size=8)
        item.file.save(f"scoping-activity-{key}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        hamlet = (
            world.hamlet_a1
            if key == "a1"
            else unit_create(
                level="hamlet",
                unit_type="thon",
                code=f"{key.upper()}-CTV",
                name="Thôn Cộng Tác",
                parent=commune,
            )
        )
        post = CollaboratorPost.objects.create(
            hamlet=hamlet, commune=commune, full_name="Phạm Thị Hoa", since=day
        )
        kinds["activity"][key] = (activity.pk, commune)
        kinds["activity_file"][key] = (item.pk, commune)
        kinds["collaborator_post"][key] = (post.pk, hamlet)
        place = PlayPlace.objects.create(commune=commune, name="Sân chơi", kind="playground", opened_on=day)
        kinds["play_place"][key] = (place.pk, commune)
    return kinds
