"""The round's procedure end to end through the pages: the commune enters, self-assesses and submits; the
province returns it with a comment, it is corrected, accepted and recognised; QĐ 23 indicator 1 moves."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from treem.assessment import services
from treem.assessment.models import CommuneAssessment, ManualEntry
from treem.assessment.tests.conftest import all_manual, enter_all
from treem.core.errors import ApplicationError


def _indicator_1(unit: Any, year: int) -> Any:
    from treem.indicators.models import Indicator
    from treem.indicators.selectors import figure

    return figure(Indicator.objects.get(code="QD23-01"), unit, year)


def test_rounds_only_in_evaluation_years_for_every_current_commune(criteria: None, world: Any) -> None:
    with pytest.raises(ApplicationError):
        services.round_generate(actor=None, year=2026)
    rnd, created = services.round_generate(actor=None, year=2027)
    assert created == 4 and rnd.period_start == 2026 and rnd.period_end == 2030
    assert services.round_generate(actor=None, year=2027)[1] == 0  # idempotent


def test_submit_return_correct_accept_recognise_moves_indicator_1(
    criteria: None, world: Any, client: Any, login: Any
) -> None:
    all_manual()
    services.round_generate(actor=None, year=2027)
    a = CommuneAssessment.objects.get(unit=world.a1, round__year=2027)
    enter_all(a, {"13.1": 0})  # the commune has not surveyed satisfaction yet
    assert _indicator_1(world.a, 2027).value == 0  # 0 of 2 communes of Hồ Chí Minh

    c = login(world.worker_a1)
    assert c.get(f"/danh-gia-xa/xa/{world.a1.pk}/?nam=2027").status_code == 200
    # evidence for criterion 13 with the entry
    pdf = SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 survey", content_type="application/pdf")
    r = c.post(
        f"/danh-gia-xa/{a.pk}/nhap-diem/",
        {"code": "13.1", "points": 40, "figure": "82% hài lòng", "evidence": pdf},
    )
    assert r.status_code == 302
    entry = ManualEntry.objects.get(assessment=a, sub__code="13.1")
    assert entry.points == 40 and entry.evidence_name == "khao-sat.pdf"
    assert c.get(f"/danh-gia-xa/minh-chung/{entry.pk}/").status_code == 200
    # no minutes yet: refused
    c.post(f"/danh-gia-xa/{a.pk}/chuyen/", {"version": a.version, "action": "submit"})
    a.refresh_from_db()
    assert a.status == "draft"
    c.post(
        f"/danh-gia-xa/{a.pk}/tu-danh-gia/",
        {
            "version": a.version,
            "meeting_date": "05/11/2027",
            "meeting_minutes": "Họp ngày 05/11/2027.",
            "explanation": "",
        },
    )
    a.refresh_from_db()
    assert a.meeting_date == datetime.date(2027, 11, 5)
    c.post(f"/danh-gia-xa/{a.pk}/chuyen/", {"version": a.version, "action": "submit"})
    a.refresh_from_db()
    assert a.status == "submitted" and a.total == 990 and a.passed

    p = login(world.province_a)
    page = p.get(f"/danh-gia-xa/{a.pk}/")
    assert page.status_code == 200 and "Trả lại để bổ sung" in page.content.decode()
    p.post(f"/danh-gia-xa/{a.pk}/chuyen/", {"version": a.version, "action": "return", "comment": ""})
    a.refresh_from_db()
    assert a.status == "submitted"  # a return needs its comment
    p.post(
        f"/danh-gia-xa/{a.pk}/chuyen/",
        {"version": a.version, "action": "return", "comment": "Bổ sung minh chứng khám sức khỏe."},
    )
    a.refresh_from_db()
    assert a.status == "returned" and a.comment == "Bổ sung minh chứng khám sức khỏe."

    c = login(world.worker_a1)
    assert "Bổ sung minh chứng khám sức khỏe." in c.get(f"/danh-gia-xa/{a.pk}/").content.decode()
    c.post(f"/danh-gia-xa/{a.pk}/nhap-diem/", {"code": "9.1", "points": 45, "figure": "96% trẻ em được khám"})
    c.post(f"/danh-gia-xa/{a.pk}/chuyen/", {"version": a.version, "action": "submit"})
    a.refresh_from_db()
    assert a.status == "submitted" and a.total == 985

    p = login(world.province_a)
    p.post(f"/danh-gia-xa/{a.pk}/chuyen/", {"version": a.version, "action": "accept"})
    a.refresh_from_db()
    assert a.status == "accepted"
    p.post(
        f"/danh-gia-xa/{a.pk}/chuyen/",
        {"version": a.version, "action": "recognise", "decision_number": "15/QĐ-UBND"},
    )
    a.refresh_from_db()
    assert a.status == "recognised" and a.decision_number == "15/QĐ-UBND"
    assert list(a.events.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "accept",
        "recognise",
    ]

    fig = _indicator_1(world.a, 2027)
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50)
    assert _indicator_1(world.nation, 2027).numerator == 1  # rolled up: 1 of 4
    assert _indicator_1(world.nation, 2027).denominator == 4

    docx = p.get(f"/danh-gia-xa/{a.pk}/quyet-dinh/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert p.get(f"/danh-gia-xa/{a.pk}/ho-so/").content[:2] == b"PK"
    overview = p.get(f"/danh-gia-xa/tinh/{world.a.pk}/?nam=2027").content.decode()
    assert "Được công nhận" in overview


def test_other_communes_and_provinces_get_404(criteria: None, world: Any, client: Any, login: Any) -> None:
    services.round_generate(actor=None, year=2027)
    a = CommuneAssessment.objects.get(unit=world.a1, round__year=2027)
    c = login(world.worker_b1)
    assert c.get(f"/danh-gia-xa/{a.pk}/").status_code == 404
    assert c.get(f"/danh-gia-xa/xa/{world.a1.pk}/").status_code == 404
    assert c.get(f"/danh-gia-xa/tinh/{world.a.pk}/").status_code == 404
    # the commune cannot review its own dossier
    c = login(world.worker_a1)
    a.meeting_date, a.meeting_minutes = datetime.date(2027, 11, 5), "Biên bản."
    a.save()
    services.assessment_transition(actor=world.worker_a1, assessment_id=a.pk, action="submit")
    with pytest.raises(ApplicationError):
        services.assessment_transition(actor=world.worker_a1, assessment_id=a.pk, action="accept")


def test_a_failing_commune_cannot_be_recognised(criteria: None, world: Any) -> None:
    all_manual()
    services.round_generate(actor=None, year=2027)
    a = CommuneAssessment.objects.get(unit=world.a2, round__year=2027)
    enter_all(a, {"9.1": 0})
    a.meeting_date, a.meeting_minutes = datetime.date(2027, 11, 5), "Biên bản."
    a.save()
    services.assessment_transition(actor=world.worker_a2, assessment_id=a.pk, action="submit")
    services.assessment_transition(actor=world.province_a, assessment_id=a.pk, action="accept")
    with pytest.raises(ApplicationError, match="chưa đạt"):
        services.assessment_transition(
            actor=world.province_a,
            assessment_id=a.pk,
            action="recognise",
            data={"decision_number": "1/QĐ-UBND"},
        )
    a = services.assessment_transition(
        actor=world.province_a,
        assessment_id=a.pk,
        action="not_recognise",
        data={"comment": "Tiêu chí 9 đạt 0 điểm."},
    )
    assert a.status == "not_recognised"


def test_the_monthly_job_creates_the_round_only_in_evaluation_years(criteria: None, world: Any) -> None:
    from unittest import mock

    from treem.assessment.models import AssessmentRound
    from treem.assessment.tasks import assessment_rounds

    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 11, 1)):
        assert assessment_rounds() == {"year": None, "created": 0}
    assert not AssessmentRound.objects.exists()
    # opened on 1 December before the evaluation year (ADR 0031), idempotent afterwards
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 12, 1)):
        assert assessment_rounds() == {"year": 2027, "created": 4}
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2027, 1, 1)):
        assert assessment_rounds() == {"year": 2027, "created": 0}
    assert CommuneAssessment.objects.filter(round__year=2027).count() == 4


def test_indicator_1_splits_by_area_and_drills_down(criteria: None, world: Any) -> None:
    from treem.indicators.models import Indicator
    from treem.indicators.selectors import area_breakdown, drill_down

    services.round_generate(actor=None, year=2027)
    CommuneAssessment.objects.filter(unit=world.b2).update(status="recognised")  # Xã Sóc Sơn, Hà Nội
    indicator = Indicator.objects.get(code="QD23-01")
    areas, rows = area_breakdown(world.nation, 2027, [indicator])
    assert [key for key, _label in areas] == ["urban", "rural"]
    urban, rural = rows[0][1]
    assert (urban.numerator, urban.denominator) == (0, 3)
    assert (rural.numerator, rural.denominator) == (1, 1)
    by_province = {unit.code: figs[0] for unit, figs in drill_down(world.nation, 2027, [indicator])}
    assert (by_province["01"].numerator, by_province["01"].denominator) == (1, 2)
    assert by_province["79"].value == 0


def test_the_sector_responsible_enters_only_its_criteria(criteria: None, world: Any) -> None:
    from treem.accounts import access
    from treem.assessment.models import SubCriterion
    from treem.geo.models import Agency, AgencyType

    health = AgencyType.objects.create(
        code="so_y_te_test", name="Sở Y tế", sector="health", levels="province"
    )
    Agency.objects.filter(name="Sở Y tế Thành phố Hồ Chí Minh").update(agency_type=health)
    access.forget(world.agency_a)
    services.round_generate(actor=None, year=2027)
    a = CommuneAssessment.objects.get(unit=world.a1, round__year=2027)
    services.entry_save(
        actor=world.agency_a, assessment=a, sub=SubCriterion.objects.get(code="9.1"), points=40
    )
    with pytest.raises(access.AccessDenied):
        services.entry_save(
            actor=world.agency_a, assessment=a, sub=SubCriterion.objects.get(code="13.1"), points=40
        )
    with pytest.raises(ApplicationError, match="từ 0 đến 50"):
        services.entry_save(
            actor=world.worker_a1, assessment=a, sub=SubCriterion.objects.get(code="9.1"), points=60
        )


def test_each_user_finds_their_level(criteria: None, world: Any, client: Any, login: Any) -> None:
    services.round_generate(actor=None, year=2027)
    c = login(world.leader_a)
    home = c.get("/danh-gia-xa/").content.decode()
    assert f'href="/danh-gia-xa/tinh/{world.a.pk}/"' in home and 'href="/danh-gia-xa/"' in home  # menu link
    page = c.get(f"/danh-gia-xa/tinh/{world.a.pk}/").content.decode()
    assert "Phường Sài Gòn" in page and "Loại xã" not in page  # leaders read, they do not set kinds
    c = login(world.worker_a1)
    assert f'href="/danh-gia-xa/xa/{world.a1.pk}/"' in c.get("/danh-gia-xa/").content.decode()
    assert "Mở hồ sơ đánh giá năm 2027" in c.get(f"/danh-gia-xa/xa/{world.a1.pk}/?nam=2027").content.decode()
    c = login(world.police_a1)
    assert c.get("/danh-gia-xa/").status_code == 404
    c = login(world.province_a)
    r = c.post(f"/danh-gia-xa/xa/{world.a2.pk}/loai-xa/", {"category": "mountain_island", "note": "Thử"})
    assert r.status_code == 302
    from treem.assessment.scoring import commune_category

    assert commune_category(world.a2) == "mountain_island"
    c = login(world.province_b)
    assert c.post(f"/danh-gia-xa/xa/{world.a1.pk}/loai-xa/", {"category": "other"}).status_code == 404


@pytest.mark.parametrize("pk", ["0", "9223372036854775808", "99999999999999999999"])
@pytest.mark.parametrize(
    "path", ["/danh-gia-xa/{}/", "/danh-gia-xa/{}/ho-so/", "/danh-gia-xa/minh-chung/{}/"]
)
def test_an_id_beyond_a_bigint_or_zero_is_a_404_not_a_500(world: Any, login: Any, path: str, pk: str) -> None:
    """parse_pk refuses such an id with ValueError, which the assessment pages let through as a 500."""
    assert login(world.province_a).get(path.format(pk)).status_code == 404
