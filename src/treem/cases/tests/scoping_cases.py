"""The case pages in the access-scoping matrix (tests/test_scoping_matrix.py).

Opening a case file needs more than cases.view_case (assigned worker, chairman, or a grant), so the
in-scope cases below are made openable by everyone who holds cases.view_case over their commune: the
commune's worker is assigned and the provincial officer holds an explicit grant. The 403 page that a
user who may list but not open a file gets (with the break-glass form) is tested in test_views.py.
"""

from __future__ import annotations

from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from treem.cases import services
    from treem.cases.models import Attachment, CaseAccessGrant, CaseAccessRequest
    from treem.geo.models import Agency

    spec = [
        ("a1", world.a1, world.worker_a1, [world.province_a], "Sở Y tế Thành phố Hồ Chí Minh"),
        ("a2", world.a2, world.worker_a2, [world.province_a], "Công an Phường Tân Sơn Nhất"),
        ("b1", world.b1, world.worker_b1, [world.province_b], "Công an Phường Ba Đình"),
    ]
    cases: dict[str, tuple[int, Any]] = {}
    attachments: dict[str, tuple[int, Any]] = {}
    referrals: dict[str, tuple[int, Any]] = {}
    requests: dict[str, tuple[int, Any]] = {}
    for key, commune, worker, supervisors, agency_name in spec:
        case = services.case_intake_create(
            actor=world.hotline,
            commune=commune,
            data={
                "channel": "hotline_111",
                "category": "risk",
                "summary": "Trẻ thường xuyên ở nhà một mình.",
                "reported_child": {"full_name": "Trẻ Thử Nghiệm", "estimated_age": 8, "sex": "F"},
            },
        )
        services.case_assign_worker(actor=worker, case=case, worker=worker)
        for user in supervisors:
            CaseAccessGrant.objects.create(case=case, user=user, granted_by=None, reason="Giám sát")
        cases[key] = (case.pk, commune)
        item = Attachment(case=case, name="bien-ban.pdf", content_type="application/pdf", size=8)
        item.file.save("scoping.pdf", ContentFile(b"%PDF-1.4"), save=False)
        item.save()
        attachments[key] = (item.pk, commune)
        agency = Agency.objects.filter(name=agency_name).first() or Agency.objects.create(
            unit=commune, name=agency_name
        )
        ref = services.referral_create(
            actor=worker, case=case, agency=agency, kind="health", reason="Khám sức khỏe"
        )
        referrals[key] = (ref.pk, commune)
        asked = CaseAccessRequest.objects.create(
            case=case, requester=supervisors[0], reason="Giám sát", hours=2, requested_at=timezone.now()
        )
        requests[key] = (asked.pk, commune)
    cases["hamlet_a1"] = cases["a1"]
    attachments["hamlet_a1"] = attachments["a1"]
    return {"case": cases, "attachment": attachments, "referral": referrals, "access_request": requests}
