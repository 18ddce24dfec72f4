"""Hand-worked scores (Quyết định 06/QĐ-TTg): the pass rule by commune kind, the data windows, a
sub-criterion filled from cases with links to them."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from io import StringIO
from typing import Any

from django.core.management import call_command

from treem.assessment import rules, scoring
from treem.assessment.models import AssessmentRound, CommuneAssessment, CommuneType
from treem.assessment.tests.conftest import all_manual, enter_all, make_case, make_child

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _assessment(unit: Any, year: int = 2027) -> CommuneAssessment:
    first, last = rules.plan_period(year)
    rnd, _ = AssessmentRound.objects.get_or_create(
        year=year, defaults={"period_start": first, "period_end": last}
    )
    return CommuneAssessment.objects.create(round=rnd, unit=unit)


def test_catalogue_has_13_criteria_summing_to_1000_with_confirmed_points(criteria: None) -> None:
    from treem.assessment.models import Criterion, SubCriterion

    assert Criterion.objects.count() == 13
    assert sum(c.max_points for c in Criterion.objects.all()) == 1000
    assert SubCriterion.objects.get(code="6.1").max_points == 50
    assert SubCriterion.objects.get(code="6.2").max_points == 75
    assert SubCriterion.objects.get(code="7.1").max_points == 50
    assert SubCriterion.objects.get(code="6.2").confirmed
    assert not SubCriterion.objects.get(code="2.1").confirmed
    from treem.assessment.reference import load_criteria

    assert load_criteria()["created"] == 0  # idempotent


def test_schedule_november_of_years_2_and_4() -> None:
    assert [y for y in range(2021, 2031) if rules.is_evaluation_year(y)] == [2022, 2024, 2027, 2029]
    assert rules.next_evaluation_year(datetime.date(2026, 12, 6)) == 2027
    assert rules.next_evaluation_year(datetime.date(2027, 11, 30)) == 2027
    assert rules.next_evaluation_year(datetime.date(2027, 12, 1)) == 2029
    assert rules.plan_period(2029) == (2026, 2030)


def test_commune_kind_from_the_map_and_the_province_record(world: Any) -> None:
    assert scoring.commune_category(world.a1) == "central_ward"  # phường of Hồ Chí Minh city
    assert scoring.commune_category(world.b2) == "other"  # xã Sóc Sơn
    CommuneType.objects.create(unit=world.b2, category="mountain_island")
    assert scoring.commune_category(world.b2) == "mountain_island"
    assert rules.threshold("central_ward") == 900
    assert rules.threshold("other") == 850
    assert rules.threshold("mountain_island") == 800


def test_a_ward_with_905_points_passes(criteria: None, world: Any) -> None:
    all_manual()
    a = _assessment(world.a1)
    # hand-worked: every sub at its maximum but 2.1 (25 of 75: −50) and 13.1 (5 of 50: −45) → 905 ≥ 900
    enter_all(a, {"2.1": 25, "13.1": 5})
    s = scoring.score(world.a1, 2027)
    assert s.total == 1000 - 50 - 45 == 905
    assert s.threshold == 900
    assert s.passed and s.result == "pass"


def test_a_commune_with_one_zero_criterion_fails_despite_the_total(criteria: None, world: Any) -> None:
    all_manual()
    a = _assessment(world.b2)  # xã: threshold 850
    enter_all(a, {"9.1": 0})
    s = scoring.score(world.b2, 2027)
    assert s.total == 950 and s.total >= s.threshold
    assert s.zero_criteria == [9]
    assert not s.passed
    assert s.reasons == ["Tiêu chí 9 đạt 0 điểm."]


def test_the_same_points_pass_a_mountain_commune_and_fail_a_central_city_ward(
    criteria: None, world: Any
) -> None:
    all_manual()
    ward = _assessment(world.a2)
    other = _assessment(world.b2)
    CommuneType.objects.create(unit=world.b2, category="mountain_island")
    # 1000 − 70 − 95 = 835: 2.1 → 5 of 75, 3.1 → 5 of 100
    for a in (ward, other):
        enter_all(a, {"2.1": 5, "3.1": 5})
    ward_score = scoring.score(world.a2, 2027)
    other_score = scoring.score(world.b2, 2027)
    assert ward_score.total == other_score.total == 835
    assert not ward_score.passed and ward_score.threshold == 900
    assert ward_score.reasons == ["Tổng điểm 835 thấp hơn mức 900 điểm của loại xã này."]
    assert other_score.passed and other_score.threshold == 800


def test_missing_manual_entries_score_zero_and_are_flagged(criteria: None, world: Any) -> None:
    all_manual()
    s = scoring.score(world.a1, 2027)
    assert s.total == 0
    assert all(sub.missing for c in s.criteria for sub in c.subs)
    assert s.unconfirmed


def test_criteria_3_and_5_take_the_whole_period_others_the_year(criteria: None, world: Any) -> None:
    from treem.registry.models import ChildCircumstance, CircumstanceGroup, Injury

    assert rules.data_window(3, 2027) == (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
    assert rules.data_window(4, 2027) == (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    child = make_child(world.a1, datetime.date(2018, 5, 1))
    Injury.objects.create(child=child, kind="fall", date=datetime.date(2025, 12, 31), outcome="recovered")
    Injury.objects.create(child=child, kind="fall", date=datetime.date(2026, 3, 1), outcome="recovered")
    Injury.objects.create(child=child, kind="burn", date=datetime.date(2027, 6, 1), outcome="recovered")
    # criterion 3: a case in 2026 counts for 2027 (whole period); one in 2025 (previous plan) does not
    make_case(child, datetime.datetime(2026, 2, 1, 9, tzinfo=TZ), form="violence")
    other = make_child(world.a1, datetime.date(2017, 1, 1))
    make_case(other, datetime.datetime(2025, 2, 1, 9, tzinfo=TZ), form="violence")
    # criterion 4 (year window): a child in group e during 2026 only does not count in 2027
    group = CircumstanceGroup.objects.get(number=6)
    ChildCircumstance.objects.create(
        child=other, group=group, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31)
    )
    s = scoring.score(world.a1, 2027)
    by = {sub.code: sub for c in s.criteria for sub in c.subs}
    assert "2 lượt" in by["5.1"].figure and by["5.1"].points == 40  # 2026 + 2027, not 2025
    assert by["3.1"].figure.startswith("1 trẻ em") and by["3.1"].points == 50
    assert by["4.1"].figure.startswith("0 trẻ em") and by["4.1"].points == 75
    crit = {c.number: c for c in s.criteria}
    assert crit[3].window_text == "01/01/2026 – 31/12/2027"
    assert crit[4].window_text == "01/01/2027 – 31/12/2027"


def _approval(case: Any, opened: datetime.datetime, days: int, met_after_days: float | None) -> None:
    from treem.cases.models import Deadline

    Deadline.objects.create(
        case=case,
        kind="approval_7wd",
        opened_at=opened,
        due_at=opened + datetime.timedelta(days=days),
        met_at=None if met_after_days is None else opened + datetime.timedelta(days=met_after_days),
    )


def test_plans_approved_in_time_from_cases_with_links(criteria: None, world: Any) -> None:
    opened = datetime.datetime(2027, 3, 1, 9, tzinfo=TZ)
    c1 = make_case(make_child(world.a1, datetime.date(2015, 1, 1)), opened, form="sexual_abuse")
    c2 = make_case(make_child(world.a1, datetime.date(2016, 1, 1)), opened, form="abandonment")
    c3 = make_case(make_child(world.a1, datetime.date(2016, 1, 1)), opened, form="violence")  # not counted
    _approval(c1, opened, 9, 3)  # in time
    _approval(c2, opened, 9, 2)
    _approval(c3, opened, 9, 20)
    s = scoring.score(world.a1, 2027)
    sub = next(x for c in s.criteria for x in c.subs if x.code == "6.2")
    assert sub.points == 75 and "2/2" in sub.figure
    assert [r.url for r in sub.records] == [f"/vu-viec/{c1.pk}/", f"/vu-viec/{c2.pk}/"]
    # one plan approved late: 1/2 = 50 % → 0 of 75 points, the late case listed
    _approval(
        make_case(make_child(world.a1, datetime.date(2014, 1, 1)), opened, form="trafficking"), opened, 9, 10
    )
    sub = next(x for c in scoring.score(world.a1, 2027).criteria for x in c.subs if x.code == "6.2")
    assert sub.points == 0 and "2/3" in sub.figure
    assert any("quá hạn" in r.label for r in sub.records)


def test_assessment_score_command_prints_the_json_shape(criteria: None, world: Any) -> None:
    out = StringIO()
    call_command("assessment_score", unit="26740", year=2027, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"unit", "year", "criteria", "total", "threshold", "result"}
    assert data["unit"] == "26740" and data["year"] == 2027 and data["threshold"] == 900
    assert len(data["criteria"]) == 13
    assert set(data["criteria"][0]) == {"number", "name", "points", "max", "sources"}
    assert data["result"] == "fail"
    assert data["total"] == sum(c["points"] for c in data["criteria"])


def test_board_meetings_and_consultations_from_activities(criteria: None, world: Any) -> None:
    from treem.activities.models import Activity, ActivityChild

    for month in (2, 5, 8):
        Activity.objects.create(
            kind="board_meeting",
            unit=world.a1,
            commune=world.a1,
            title=f"Họp Ban tháng {month}",
            start_date=datetime.date(2027, month, 10),
            end_date=datetime.date(2027, month, 10),
        )
    forum = Activity.objects.create(
        kind="forum",
        unit=world.a1,
        commune=world.a1,
        title="Diễn đàn trẻ em",
        start_date=datetime.date(2027, 6, 1),
        end_date=datetime.date(2027, 6, 1),
    )
    ActivityChild.objects.create(activity=forum, child=make_child(world.a1, datetime.date(2014, 3, 3)))
    by = {sub.code: sub for c in scoring.score(world.a1, 2027).criteria for sub in c.subs}
    assert by["1.3"].figure.startswith("3 cuộc họp") and by["1.3"].points == 0  # 3 < 4 a year
    assert len(by["1.3"].records[0].ids) == 3
    assert by["11.1"].points == 40 and by["11.1"].records[0].ids == [forum.pk]
    Activity.objects.create(
        kind="board_meeting",
        unit=world.a1,
        commune=world.a1,
        title="Họp Ban tháng 11",
        start_date=datetime.date(2027, 11, 10),
        end_date=datetime.date(2027, 11, 10),
    )
    by = {sub.code: sub for c in scoring.score(world.a1, 2027).criteria for sub in c.subs}
    assert by["1.3"].points == 15
