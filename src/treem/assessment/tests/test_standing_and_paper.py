"""Where a commune stands before its evaluation year, rounds held on paper by former communes, and the
province page read from the kept standings (ADR 0031). Expected figures worked by hand."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from treem.assessment import rules, scoring, selectors, services
from treem.assessment.models import AssessmentEvent, CommuneAssessment, Standing, SubCriterion
from treem.assessment.tests.conftest import make_child
from treem.core.errors import ApplicationError

TODAY = datetime.date(2026, 12, 6)


def test_round_opens_in_december_before_its_year() -> None:
    assert rules.round_year_open(datetime.date(2026, 11, 30)) is None
    assert rules.round_year_open(datetime.date(2026, 12, 1)) == 2027
    assert rules.round_year_open(datetime.date(2027, 6, 1)) == 2027
    assert rules.round_year_open(datetime.date(2028, 3, 1)) is None
    assert rules.round_year_open(datetime.date(2028, 12, 6)) == 2029


def test_standing_window_before_the_year_is_the_last_twelve_months() -> None:
    # criterion 4 (data of the year 2027) on 06/12/2026: 07/12/2025 – 06/12/2026, estimated
    assert rules.standing_window(4, 2027, TODAY) == (datetime.date(2025, 12, 7), TODAY, True)
    # criterion 3 (whole period from 01/01/2026): up to today, not estimated
    assert rules.standing_window(3, 2027, TODAY) == (datetime.date(2026, 1, 1), TODAY, False)
    # during the year: 01/01/2027 up to today
    day = datetime.date(2027, 5, 10)
    assert rules.standing_window(4, 2027, day) == (datetime.date(2027, 1, 1), day, False)
    # after the year: the statutory window
    assert rules.standing_window(4, 2027, datetime.date(2028, 2, 1))[1] == datetime.date(2027, 12, 31)


def test_standing_counts_the_last_twelve_months_before_the_year(criteria: None, world: Any) -> None:
    from treem.registry.models import Injury

    child = make_child(world.a1, datetime.date(2018, 1, 1))
    Injury.objects.create(child=child, kind="fall", date=datetime.date(2026, 3, 1), outcome="recovered")
    official = scoring.score(world.a1, 2027)  # the window of 2026–2027 for criterion 5 counts it too
    standing = scoring.score(world.a1, 2027, as_of=TODAY)
    assert standing.estimated and not official.estimated
    by = {c.number: c for c in standing.criteria}
    assert by[4].window_text.startswith("07/12/2025 – 06/12/2026 (ước tính")
    assert by[5].window_text == "01/01/2026 – 06/12/2026"
    assert "1 lượt" in next(s for s in by[5].subs if s.code == "5.1").figure
    assert scoring.score(world.a1, 2027, as_of=TODAY).as_json()["estimated"] is True


def _points(**off: int) -> dict[str, int]:
    return {s.code: s.max_points - off.get(s.code.replace(".", "_"), 0) for s in SubCriterion.objects.all()}


def test_paper_result_of_a_former_ward_is_history(criteria: None, world: Any, login: Any) -> None:
    ward = world.former_wards[0]  # former Phường 2 of Quận Tân Bình → current a2
    points = _points(**{"1_4": 5, "8_1": 10})  # 1,000 − 15 = 985 ≥ 900 (a phường of a central city)
    a = services.paper_result_record(
        actor=world.province_a,
        year=2024,
        unit=ward,
        points=points,
        status="recognised",
        meeting_date=datetime.date(2024, 11, 8),
        submitted_on=datetime.date(2024, 11, 15),
        decided_on=datetime.date(2024, 12, 16),
        decision_number="4100/QĐ-UBND",
        decided_by_text="Chủ tịch Ủy ban nhân dân quận Tân Bình",
    )
    assert (a.status, a.total, a.passed, a.paper) == ("recognised", 985, True, True)
    assert a.score["threshold"] == 900
    days = [timezone.localtime(e.at).date() for e in AssessmentEvent.objects.filter(assessment=a)]
    assert days == [datetime.date(2024, 11, 15), datetime.date(2024, 12, 16), datetime.date(2024, 12, 16)]
    # history: no step, no entry
    with pytest.raises(ApplicationError):
        services.assessment_transition(actor=world.province_a, assessment_id=a.pk, action="submit")
    with pytest.raises(ApplicationError):
        services.entry_save(actor=world.province_a, assessment=a, sub=SubCriterion.objects.first(), points=1)
    # the successor's worker reads it; a worker of another ward and another province do not
    assert selectors.can_view(world.worker_a2, ward)
    assert not selectors.can_view(world.worker_a1, ward)
    assert not selectors.can_view(world.province_b, ward)
    page = login(world.worker_a2).get(f"/danh-gia-xa/{a.pk}/").content.decode()
    assert "16/12/2024 — theo hồ sơ giấy: Quyết định công nhận" in page and "(cũ)" in page
    assert "Tải quyết định công nhận" not in page  # not re-issued in today's name


@pytest.mark.parametrize(
    ("status", "off", "dates", "expect"),
    [
        ("recognised", {"13_1": 50}, (15, 16), "Tiêu chí 13 đạt 0 điểm"),  # recognised with a zero
        ("recognised", {"5_1": 75, "3_1": 30}, (15, 16), "thấp hơn mức 900"),  # 895 < 900
        ("recognised", {}, (16, 15), "theo thứ tự"),  # decided before it was sent
        ("not_recognised", {}, (15, 16), "lý do"),  # no reason given
    ],
)
def test_paper_result_refused_whole(
    criteria: None, world: Any, status: str, off: dict[str, int], dates: tuple[int, int], expect: str
) -> None:
    with pytest.raises(ApplicationError, match=expect):
        services.paper_result_record(
            actor=world.province_a,
            year=2024,
            unit=world.former_wards[1],
            points=_points(**off),
            status=status,
            submitted_on=datetime.date(2024, 11, dates[0]),
            decided_on=datetime.date(2024, 12 if dates[1] > dates[0] else 11, dates[1]),
            decision_number="1/QĐ-UBND",
        )
    assert not CommuneAssessment.objects.exists()


def test_paper_result_needs_every_point_and_a_past_round(criteria: None, world: Any) -> None:
    points = _points()
    points.pop("13.1")
    with pytest.raises(ApplicationError, match=r"Thiếu điểm tiêu chí 13\.1"):
        services.paper_result_record(
            actor=world.province_a,
            year=2024,
            unit=world.former_wards[1],
            points=points,
            status="submitted",
            submitted_on=datetime.date(2024, 11, 15),
        )
    with pytest.raises(ApplicationError, match="chưa diễn ra"):
        services.paper_result_record(
            actor=world.province_a,
            year=2027,
            unit=world.a1,
            points=_points(),
            status="submitted",
            submitted_on=datetime.date(2026, 11, 15),
        )
    from treem.accounts.access import AccessDenied

    with pytest.raises(AccessDenied):  # a commune worker does not re-enter results
        services.paper_result_record(
            actor=world.worker_a2,
            year=2024,
            unit=world.former_wards[1],
            points=_points(),
            status="submitted",
            submitted_on=datetime.date(2024, 11, 15),
        )


def test_province_page_reads_kept_standings_and_frozen_scores(
    criteria: None,
    world: Any,
    login: Any,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.round_generate(actor=None, year=2027)
    assert services.standings_refresh(year=2027, within=world.a) == 2
    assert Standing.objects.filter(year=2027).count() == 2
    c = login(world.province_a)
    with django_assert_max_num_queries(40):  # the page no longer scores each commune
        r = c.get(f"/danh-gia-xa/tinh/{world.a.pk}/?nam=2027")
    assert r.status_code == 200
    html = r.content.decode()
    assert world.a1.name in html and "chưa tính" not in html
    # the 2024 round lists the former wards with a result, not the current communes
    services.paper_result_record(
        actor=world.province_a,
        year=2024,
        unit=world.former_wards[0],
        points=_points(),
        status="submitted",
        submitted_on=datetime.date(2024, 11, 15),
    )
    html = c.get(f"/danh-gia-xa/tinh/{world.a.pk}/?nam=2024").content.decode()
    assert "Phường 2" in html and "hồ sơ giấy" in html and world.a1.name not in html
    # the refresh button queues the job (run inline in tests)
    Standing.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(f"/danh-gia-xa/tinh/{world.a.pk}/tinh-lai/?nam=2027").status_code == 302
    assert Standing.objects.filter(year=2027).count() == 2
    assert login(world.worker_a1).post(f"/danh-gia-xa/tinh/{world.a.pk}/tinh-lai/").status_code == 404


def test_standing_page_of_a_former_commune_is_404(criteria: None, world: Any, login: Any) -> None:
    c = login(world.province_a)
    assert c.get(f"/danh-gia-xa/xa/{world.former_wards[0].pk}/").status_code == 404
    assert c.get(f"/danh-gia-xa/xa/{world.a1.pk}/").status_code == 200
