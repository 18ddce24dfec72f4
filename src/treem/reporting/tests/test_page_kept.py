"""The report page's figures kept under a stamp of every table they are read from (issue #20, ADR 0049):
read once while nothing changes, read again the moment any input changes — and the page the same as
when it read them afresh."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from treem.indicators.tests.conftest import make_abuse_case, make_child
from treem.reporting import content, services
from treem.reporting.models import Obligation, ReportFigures
from treem.reporting.tests.test_views import _sent, _varied_tasks

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)
FIGURES = ("indicators", "tasks", "task_summary", "cases", "support")
# Read by ``content.figures`` but not logged, each for its reason (ADR 0049):
NOT_LOGGED = {
    # the kept numerators and populations: written by the register's own triggers in the transaction
    # of each change of a logged table, folded and windowed without changing any figure (ADR 0033, 0040)
    "indicators_numeratorchild",
    "indicators_numeratorcount",
    "indicators_numeratordirty",
    "indicators_numeratoryear",
    "indicators_populationcount",
    # the support figures' own stamp and kept rows (ADR 0037); the supports themselves are logged
    "reporting_supportchange",
    "reporting_supportepoch",
    "reporting_supportfigures",
    # the "system" account whose rights scope the cases: its rights are the unit's path, not a row
    "accounts_user",
}


def _as_viewed(obligation: Obligation) -> Obligation:
    """The obligation as the page reads it (``views._obligation``)."""
    return Obligation.objects.select_related("unit", "unit__parent", "agency", "reviewer_unit", "plan").get(
        pk=obligation.pk
    )


def _fresh(obligation: Obligation, today: datetime.date = TODAY) -> dict[str, Any]:
    """What the page must show: the figures read afresh, as the kept ones come back (through JSON)."""
    return json.loads(json.dumps(content.figures(_as_viewed(obligation), today, by_sex=False)))


def _shown(client: Any, obligation: Obligation) -> tuple[dict[str, Any], str, int]:
    """The figures the page shows, its HTML without the CSRF token, and the plan's tasks read or not."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reporting:detail", args=[obligation.pk]))
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    tasks_read = sum('FROM "plans_task"' in q["sql"] for q in queries.captured_queries)
    return {k: response.context["data"][k] for k in FIGURES}, html, tasks_read


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime.date], None]:
    """Set the day the page is asked on (``timezone.localdate``, as the view reads it)."""
    from django.utils import timezone

    def set_day(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    set_day(TODAY)
    return set_day


def test_the_page_reads_its_figures_once_while_nothing_changes(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """The second view reads the kept row, not the plan's tasks nor the indicators: far fewer queries,
    and the same page byte for byte but the CSRF token."""
    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    city = login(world.province_a)
    with CaptureQueriesContext(connection) as first_queries:
        first, first_html, read = _shown(city, province)
    assert read == 1 and first == _fresh(province)
    with CaptureQueriesContext(connection) as again_queries:
        again, again_html, read = _shown(city, province)
    assert read == 0 and again == first and again_html == first_html
    assert len(again_queries.captured_queries) < len(first_queries.captured_queries) - 20
    assert ReportFigures.objects.filter(obligation=province).count() == 1


def test_the_kept_page_is_the_page_read_afresh(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, monkeypatch: Any
) -> None:
    """The page served from the kept figures is the page served with the figures read afresh (the code
    before ADR 0049), for the province's report and a ward's."""
    _varied_tasks(obligations[world.a.code].plan)
    child = make_child(world.a1, D(2015, 1, 1))
    make_abuse_case(child, datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))
    for unit, user in ((world.a, world.province_a), (world.a1, world.worker_a1)):
        client = login(user)
        obligation = obligations[unit.code]
        _shown(client, obligation)
        kept = _shown(client, obligation)
        assert kept[2] == 0  # from the kept row
        monkeypatch.setattr(content, "kept_figures", content.figures)
        afresh = _shown(client, obligation)
        monkeypatch.undo()
        today(TODAY)
        assert afresh[2] == 1 and afresh[:2] == kept[:2]


def _task(province: Obligation) -> Any:
    from treem.plans.models import Task

    return Task.objects.filter(plan=province.plan, is_heading=False).order_by("sort_order").first()


def _forum(world: Any) -> Any:
    """A children's forum in ward A1 this year (QĐ 23's indicator 22, computed from the activities)."""
    from treem.activities.models import Activity

    day = D(2026, 6, 1)
    return Activity.objects.create(
        kind="forum", unit=world.a1, commune=world.a1, title="Diễn đàn trẻ em", start_date=day, end_date=day
    )


def _progress(world: Any, province: Obligation) -> None:
    from treem.plans.models import TaskProgress

    TaskProgress.objects.create(task=_task(province), period="2026", status="done", percent=100)


def _task_added(world: Any, province: Obligation) -> None:
    from treem.plans.models import Task

    Task.objects.create(plan=province.plan, number="99", sort_order=9999, title="Nhiệm vụ mới")


def _lead_renamed(world: Any, province: Obligation) -> None:
    from treem.plans.models import TaskAgency

    TaskAgency.objects.filter(task__plan=province.plan, text="Sở Lao động - Thương binh và Xã hội").update(
        successor_text="Sở Nội vụ"
    )


def _task_due(world: Any, province: Obligation) -> None:
    from treem.plans.models import Task

    Task.objects.filter(pk=_task(province).pk).update(due_date=TODAY - datetime.timedelta(days=1))


def _target(world: Any, province: Obligation) -> None:
    from treem.indicators.models import Indicator, Target

    indicator = Indicator.objects.order_by("code").first()
    Target.objects.create(unit=world.a, indicator=indicator, year=2026, value=77, comparator="ge")


def _reported(world: Any, province: Obligation) -> None:
    from treem.indicators.models import Indicator, ReportedValue
    from treem.indicators.selectors import COMPUTERS

    indicator = next(i for i in Indicator.objects.order_by("code") if i.code not in COMPUTERS)
    ReportedValue.objects.create(unit=world.a, indicator=indicator, year=2026, value=42)


def _indicator_renamed(world: Any, province: Obligation) -> None:
    from treem.indicators.models import Indicator

    Indicator.objects.filter(pk=Indicator.objects.order_by("code").first().pk).update(name="Chỉ tiêu đổi tên")


def _child(world: Any, province: Obligation) -> None:
    make_child(world.a2, D(2024, 5, 1))  # the register's kept counts: the children, the registered


def _child_changed(world: Any, province: Obligation) -> None:
    from treem.registry.models import Child

    Child.objects.filter(commune=world.a1).update(date_of_birth=D(2025, 2, 1))


def _support(world: Any, province: Obligation) -> None:
    from treem.registry.models import Child, Support

    child = Child.objects.filter(commune=world.a1).first()
    Support.objects.create(child=child, kind="gift", date=D(2026, 2, 1), amount=300_000, source="budget")


def _participant(world: Any, province: Obligation) -> None:
    from treem.activities.models import Activity, ActivityChild
    from treem.registry.models import Child

    ActivityChild.objects.create(
        activity=Activity.objects.get(), child=Child.objects.filter(commune=world.a1).first()
    )


def _counted(world: Any, province: Obligation) -> None:
    from treem.activities.models import Activity, ChildCount

    ChildCount.objects.create(activity=Activity.objects.get(), sex="F", age_group="11_15", count=3)


def _case(world: Any, province: Obligation) -> None:
    from treem.registry.models import Child

    make_abuse_case(
        Child.objects.filter(commune=world.a1).first(), datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    )


@pytest.mark.parametrize(
    "change",
    [
        _progress,
        _task_added,
        _lead_renamed,
        _task_due,
        _target,
        _reported,
        _indicator_renamed,
        _child,
        _child_changed,
        _support,
        _participant,
        _counted,
        _case,
    ],
    ids=lambda change: change.__name__.strip("_"),
)
def test_every_change_of_an_input_is_shown_at_once(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, change: Any
) -> None:
    """Each input of the figures changed after they were kept (a task's progress, a task added, a lead
    agency renamed, a task's due date, a target, a reported value, an indicator's name, a child
    registered, a child's birth date, a support, a child taking part in an activity or counted there, a
    case): the next view shows the figures read afresh,
    which differ from those shown before."""
    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    make_child(world.a1, D(2015, 1, 1))
    _forum(world)
    city = login(world.province_a)
    _shown(city, province)
    before, _, read = _shown(city, province)
    assert read == 0  # kept
    change(world, province)
    after, _, _ = _shown(city, province)
    assert after == _fresh(province) and after != before


def _province_changes(province: Any) -> tuple[int, int]:
    """The count and last id of the logged changes a report of ``province`` counts (its own and none)."""
    from django.db.models import Count, Max, Q

    from treem.reporting.models import ReportChange

    found = ReportChange.objects.filter(Q(province__isnull=True) | Q(province=province)).aggregate(
        n=Count("id"), last=Max("id")
    )
    return found["n"], found["last"] or 0


def _register_changes(commune: Any) -> None:
    """A child registered in ``commune``, one there born again, a support and a case of a child there."""
    from treem.registry.models import Child, Support

    child = make_child(commune, D(2014, 3, 1))
    Child.objects.filter(pk=child.pk).update(date_of_birth=D(2013, 3, 1))
    Support.objects.create(child=child, kind="gift", date=D(2026, 2, 1), amount=200_000, source="budget")
    make_abuse_case(child, datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))


def test_a_change_in_another_province_keeps_the_page(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """The stamp is the province's (ADR 0049, amended): the register changed in province B (a child
    registered, born again, supported, a case) leaves province A's kept figures read from their row — and
    they are still what a fresh read gives —; the same changes in A are shown at once."""
    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    make_child(world.a1, D(2015, 1, 1))
    city = login(world.province_a)
    before, _, read = _shown(city, province)
    assert read == 1
    stamp = ReportFigures.objects.get(obligation=province).stamp
    _register_changes(world.b1)
    again, _, read = _shown(city, province)
    assert read == 0 and again == before == _fresh(province)
    assert ReportFigures.objects.get(obligation=province).stamp == stamp
    _register_changes(world.a1)
    after, _, read = _shown(city, province)
    assert read == 1 and after == _fresh(province) and after != before
    assert ReportFigures.objects.get(obligation=province).stamp != stamp


def test_a_support_in_one_commune_reads_that_commune_s_supports_only(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, monkeypatch: Any
) -> None:
    """The supports are kept per commune (ADR 0049, amended (4)): a support given in commune a2 makes the
    page's next view read the figures again — a2's supports only, the other communes' parts kept — and
    show what a fresh read gives."""
    from treem.registry.models import Support

    read: list[list[int]] = []
    reader = content._support_read

    def spied(units: list[int], *args: Any) -> Any:
        read.append(sorted(units))
        return reader(units, *args)

    monkeypatch.setattr(content, "_support_read", spied)
    province = obligations[world.a.code]
    here, there = make_child(world.a1, D(2015, 1, 1)), make_child(world.a2, D(2015, 1, 1))
    Support.objects.create(child=here, kind="gift", date=D(2026, 2, 1), amount=100_000, source="budget")
    city = login(world.province_a)
    before, _, _ = _shown(city, province)
    read.clear()
    Support.objects.create(child=there, kind="gift", date=D(2026, 2, 1), amount=200_000, source="budget")
    after, _, _ = _shown(city, province)
    assert read == [[world.a2.pk]]
    assert after["support"]["records"] == 2 and after != before
    content.support_changes_compact()  # every commune's supports read afresh
    assert after == _fresh(province)


def test_a_child_moved_to_another_province_moves_both_stamps(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """A child moved from A to B is a change of both provinces (the UPDATE's old rows and its new)."""
    from treem.registry.models import Child

    province = obligations[world.a.code]
    child = make_child(world.a1, D(2015, 1, 1))
    city = login(world.province_a)
    before, _, _ = _shown(city, province)
    in_a, in_b = _province_changes(world.a), _province_changes(world.b)
    Child.objects.filter(pk=child.pk).update(province=world.b, commune=world.b1, area=world.b1)
    assert _province_changes(world.a) > in_a and _province_changes(world.b) > in_b
    after, _, read = _shown(city, province)
    assert read == 0 and after == _fresh(province) and after != before  # the tasks kept (amended (5))
    in_a, in_b = _province_changes(world.a), _province_changes(world.b)
    Child.objects.filter(pk=child.pk).update(date_of_birth=D(2015, 6, 1))  # now B's alone
    assert _province_changes(world.a) == in_a and _province_changes(world.b) > in_b


def test_a_change_of_the_nation_s_tables_moves_every_province_s_stamp(
    world: Any, obligations: dict[str, Obligation]
) -> None:
    """A reported value (a table logged for the whole nation) moves the stamp of every province."""
    from treem.reporting.models import ReportChange

    in_a, in_b = _province_changes(world.a), _province_changes(world.b)
    last = ReportChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    _reported(world, obligations[world.a.code])
    assert _province_changes(world.a) > in_a and _province_changes(world.b) > in_b
    assert list(ReportChange.objects.filter(id__gt=last).values_list("province", flat=True)) == [None]


def _plan_of(world: Any, unit: Any) -> Any:
    """A plan issued by ``unit`` (the hand-made draft under a number of its own), with varied tasks."""
    from treem.accounts.access import system_actor
    from treem.plans import services as plans
    from treem.plans.tests.conftest import hand_draft

    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    draft["document"]["number"] = f"{draft['document']['number']}-{unit.code}"
    plan = plans.plan_create_from_draft(actor=system_actor(unit), unit=unit, draft=draft)
    _varied_tasks(plan)
    return plan


def _kept(obligation: Obligation) -> tuple[dict[str, Any], int]:
    """The figures ``kept_figures`` gives (the page's call) and the plan's tasks read or not: for the
    reports no test user may open (the nation's)."""
    with CaptureQueriesContext(connection) as queries:
        kept = content.kept_figures(_as_viewed(obligation), TODAY, by_sex=False)
    return kept, sum('FROM "plans_task"' in q["sql"] for q in queries.captured_queries)


def _plan_progress(plan: Any) -> None:
    from treem.plans.models import Task, TaskProgress

    task = Task.objects.filter(plan=plan, is_heading=False).order_by("sort_order").first()
    TaskProgress.objects.create(task=task, period="2026", status="done", percent=100)


def _plan_task_added(plan: Any) -> None:
    from treem.plans.models import Task

    Task.objects.create(plan=plan, number="98", sort_order=9998, title="Nhiệm vụ bổ sung")


def _plan_lead_renamed(plan: Any) -> None:
    from treem.plans.models import TaskAgency

    TaskAgency.objects.filter(task__plan=plan, text="Sở Lao động - Thương binh và Xã hội").update(
        successor_text="Sở Nội vụ"
    )


def _plan_task_due(plan: Any) -> None:
    from treem.plans.models import Task

    task = Task.objects.filter(plan=plan, is_heading=False).order_by("sort_order").first()
    Task.objects.filter(pk=task.pk).update(due_date=TODAY - datetime.timedelta(days=1))


def _plan_renamed(plan: Any) -> None:
    from treem.plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(title="Kế hoạch đổi tên")


def _unit_target(unit: Any) -> None:
    from treem.indicators.models import Indicator, Target

    indicator = Indicator.objects.order_by("code").first()
    Target.objects.create(unit=unit, indicator=indicator, year=2026, value=77, comparator="ge")


PLAN_CHANGES = [_plan_progress, _plan_task_added, _plan_lead_renamed, _plan_task_due, _plan_renamed]


@pytest.mark.parametrize(
    "change",
    [*PLAN_CHANGES, "target of the province", "target of a commune"],
    ids=lambda change: change if isinstance(change, str) else change.__name__.strip("_"),
)
def test_a_plan_or_target_of_another_province_keeps_the_page(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, change: Any
) -> None:
    """The plans, their tasks, agencies and progress, and the targets log their province (ADR 0049,
    amended): province B's plan changed (a task's progress, a task added, a lead agency renamed, a due
    date, the plan renamed) or a target of B or of a commune of B leaves province A's kept figures read
    from their row, with the same stamp — and still what a fresh read gives."""
    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    plan_b = _plan_of(world, world.b)
    city = login(world.province_a)
    before, _, read = _shown(city, province)
    assert read == 1
    stamp = ReportFigures.objects.get(obligation=province).stamp
    if change == "target of the province":
        _unit_target(world.b)
    elif change == "target of a commune":
        _unit_target(world.b1)
    else:
        change(plan_b)
    again, _, read = _shown(city, province)
    assert read == 0 and again == before == _fresh(province)
    assert ReportFigures.objects.get(obligation=province).stamp == stamp


@pytest.mark.parametrize("change", PLAN_CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_a_change_of_the_nation_s_plan_shows_at_once_on_the_nation_s_report(
    world: Any, obligations: dict[str, Obligation], today: Any, change: Any
) -> None:
    """A plan issued by the nation logs a row of no province: the nation's report shows its change at
    once, as a fresh read gives it (and a province's report counts it too)."""
    from treem.reporting import services as reports

    plan = _plan_of(world, world.nation)
    reports.obligations_generate(2026)
    nation = Obligation.objects.get(plan=plan, period="2026")
    before, read = _kept(nation)
    assert read == 1 and _kept(nation) == (before, 0)
    in_a = _province_changes(world.a)
    change(plan)
    assert _province_changes(world.a) > in_a
    after, read = _kept(nation)
    assert read == 1 and after == _fresh(nation)


def test_a_plan_given_to_the_nation_or_another_province_shows_at_once(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """A's report on a plan that is not its unit's own (the plan handed to the nation; a report pointed at
    province B's plan) still shows each change of that plan at once: the nation's rows are counted by every
    report, and a report whose plan is issued outside its unit's line counts every change."""
    from treem.plans.models import Plan

    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    city = login(world.province_a)
    Plan.objects.filter(pk=province.plan_id).update(unit=world.nation)
    before, _, _ = _shown(city, province)
    _plan_progress(province.plan)
    after, _, read = _shown(city, province)
    assert read == 1 and after == _fresh(province) and after != before
    plan_b = _plan_of(world, world.b)
    Obligation.objects.filter(pk=province.pk).update(plan=plan_b)
    before, _, _ = _shown(city, province)
    assert _shown(city, province)[2] == 0
    _plan_progress(plan_b)
    after, _, read = _shown(city, province)
    assert read == 1 and after == _fresh(province) and after != before


@pytest.mark.parametrize("holder", ["nation", "former district"])
def test_a_target_of_the_nation_or_of_the_former_map_shows_at_once(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, holder: str
) -> None:
    """A target of the nation, or of a unit of the former map whose territory holds a current commune's
    (ADR 0024: the former Quận Tân Bình's targets measure Phường Tân Sơn Nhất), logs a row of no
    province: the commune's report shows it at once."""
    from treem.plans import services as plans
    from treem.reporting import services as reports

    province = obligations[world.a.code]
    plans.plan_derive(actor=world.province_a, plan=province.plan, unit=world.a2)
    reports.obligations_generate(2026)
    ward = Obligation.objects.get(unit=world.a2, period="2026")
    client = login(world.worker_a2)
    before, _, read = _shown(client, ward)
    assert read == 1 and _shown(client, ward)[2] == 0
    unit = world.nation if holder == "nation" else world.former_wards[0].parent
    _unit_target(unit)
    after, _, read = _shown(client, ward)
    assert read == 1 and after == _fresh(ward) and after != before


def test_a_new_day_reads_the_figures_again(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """A task due today is late tomorrow: the day is part of the stamp."""
    from treem.plans.models import Task

    province = obligations[world.a.code]
    Task.objects.filter(pk=_task(province).pk).update(due_date=TODAY)
    city = login(world.province_a)
    before, _, _ = _shown(city, province)
    tomorrow = TODAY + datetime.timedelta(days=1)
    today(tomorrow)
    after, _, read = _shown(city, province)
    assert read == 1 and after == _fresh(province, tomorrow) and after != before
    assert before["task_summary"].get("late", 0) + 1 == after["task_summary"]["late"]


def test_the_reports_below_and_the_narratives_are_read_on_every_view(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """What the page shows besides the figures is never kept: a ward's report sent, then accepted, and
    the province's narrative saved show at once."""
    province = obligations[world.a.code]
    city = login(world.province_a)
    url = reverse("reporting:detail", args=[province.pk])
    city.get(url)
    ward = _sent(world.worker_a1, obligations[world.a1.code])
    assert "Đã gửi, chờ duyệt" in city.get(url).content.decode()
    services.report_review(
        actor=world.province_a, obligation=ward, version=ward.version, decision="accepted", comment=""
    )
    page = city.get(url).content.decode()
    assert f"{world.a1}</a> — Đã tiếp nhận" in page
    province.refresh_from_db()
    services.report_save(
        actor=world.province_a,
        obligation=province,
        version=province.version,
        results="Kết quả mới của tỉnh.",
        shortcomings="",
        proposals="",
    )
    assert "Kết quả mới của tỉnh." in city.get(url).content.decode()


def test_the_compaction_reads_the_figures_again(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    from treem.reporting.models import ReportChange

    province = obligations[world.a.code]
    city = login(world.province_a)
    first, _, _ = _shown(city, province)
    _progress(world, province)
    assert ReportChange.objects.exists()
    assert content.report_changes_compact() >= 1
    assert not ReportChange.objects.exists() and not ReportFigures.objects.exists()
    after, _, read = _shown(city, province)
    assert read == 1 and after == _fresh(province) and after != first
    again, _, read = _shown(city, province)
    assert read == 0 and again == after


def test_a_migrate_drops_the_figures_kept(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """A release (its ``migrate``) may work the figures out differently: none kept before it is read."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    province = obligations[world.a.code]
    city = login(world.province_a)
    _shown(city, province)
    assert ReportFigures.objects.exists()
    post_migrate.send(
        sender=apps.get_app_config("reporting"), app_config=apps.get_app_config("reporting"), using="default"
    )
    assert not ReportFigures.objects.exists()
    assert _shown(city, province)[2] == 1


def test_every_table_the_figures_read_is_logged(world: Any, obligations: dict[str, Obligation]) -> None:
    """Each table ``content.figures`` reads for a province's report and a ward's carries the trigger that
    logs its changes (migration 0004), but those read for a reason of their own (``NOT_LOGGED``): a new
    input must be logged before its figures are kept."""
    from treem.activities.models import ActivityChild, ChildCount

    _varied_tasks(obligations[world.a.code].plan)
    child = make_child(world.a1, D(2015, 1, 1))
    make_abuse_case(child, datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))
    forum = _forum(world)  # the activities' indicators read their participants only where there are any
    ActivityChild.objects.create(activity=forum, child=child)
    ChildCount.objects.create(activity=forum, sex="F", age_group="11_15", count=3)
    read: set[str] = set()
    for unit in (world.a, world.a1):
        obligation = _as_viewed(obligations[unit.code])
        with CaptureQueriesContext(connection) as queries:
            content.figures(obligation, TODAY, by_sex=False)
        for query in queries.captured_queries:
            read |= set(re.findall(r'(?:FROM|JOIN)\s+"?([a-z_][a-z_0-9]*)"?', query["sql"]))
    with connection.cursor() as cur:
        cur.execute(
            "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relname = ANY(%s)", [sorted(read)]
        )
        tables = {name for (name,) in cur.fetchall()}
        cur.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'reporting\\_report\\_changed%%' AND t.tgenabled <> 'D'"
        )
        logged = {name for (name,) in cur.fetchall()}
    assert {
        "plans_task",
        "indicators_target",
        "registry_child",
        "cases_case",
        "activities_childcount",
    } <= tables
    assert tables - NOT_LOGGED - logged == set()
    assert NOT_LOGGED & logged == set()


@pytest.fixture
def counts_read(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The communes of each read of the indicators' register counts (``catalogue_counts``)."""
    from treem.indicators import selectors

    read: list[list[int]] = []
    reader = selectors.catalogue_counts

    def spied(communes: Any, year: int, **kwargs: Any) -> Any:
        read.append(sorted(communes.values_list("pk", flat=True)))
        return reader(communes, year, **kwargs)

    monkeypatch.setattr(selectors, "catalogue_counts", spied)
    return read


def _born_again(commune: Any) -> None:
    """A child's record of ``commune`` saved with another birth date, one that takes it out of the children
    counted (a commune worker's edit)."""
    from treem.registry.models import Child

    child = Child.objects.filter(commune=commune).order_by("pk").first()
    Child.objects.filter(pk=child.pk).update(date_of_birth=D(2005, 7, 1))


def test_a_record_saved_in_one_commune_reads_that_commune_s_counts_only(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, counts_read: list[list[int]]
) -> None:
    """The figures kept in parts (ADR 0049, amended (5)): a child's record saved in commune a2 makes the
    next view read a2's register counts only (the other communes' kept), not the plan's tasks — and show
    what a fresh read of every commune gives. A task's progress reads the tasks only."""
    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    make_child(world.a1, D(2015, 1, 1))
    make_child(world.a2, D(2016, 1, 1))
    city = login(world.province_a)
    before, _, read = _shown(city, province)
    assert read == 1 and {world.a1.pk, world.a2.pk} <= set(counts_read[0])
    counts_read.clear()
    _born_again(world.a2)
    after, _, read = _shown(city, province)
    assert counts_read and all(communes == [world.a2.pk] for communes in counts_read)
    assert read == 0  # the tasks kept
    assert after == _fresh(province) and after["indicators"] != before["indicators"]
    counts_read.clear()
    _progress(world, province)
    again, _, read = _shown(city, province)
    assert read == 1 and counts_read == []  # the tasks read again, the indicators kept
    assert again == _fresh(province) and again["tasks"] != after["tasks"]


def test_a_record_saved_in_one_commune_reads_that_commune_s_counts_only_on_the_nation_s_report(
    world: Any, obligations: dict[str, Obligation], today: Any, counts_read: list[list[int]]
) -> None:
    """The nation's report keeps its register counts per commune too (ADR 0049, amended (6)): a child's
    record saved in commune a2 makes its next read read a2's counts only, not the nation's every commune
    (some 3,300 on the real map), and show what a fresh read gives."""
    from treem.reporting import services as reports

    plan = _plan_of(world, world.nation)
    reports.obligations_generate(2026)
    nation = Obligation.objects.get(plan=plan, period="2026")
    make_child(world.a1, D(2015, 1, 1))
    make_child(world.a2, D(2016, 1, 1))
    make_child(world.b1, D(2016, 1, 1))  # another province's
    before, read = _kept(nation)
    assert read == 1 and {world.a1.pk, world.a2.pk, world.b1.pk} <= set(counts_read[0])
    counts_read.clear()
    _born_again(world.a2)
    after, read = _kept(nation)
    assert counts_read and all(communes == [world.a2.pk] for communes in counts_read)
    assert read == 0  # the tasks kept
    assert after == _fresh(nation) and after["indicators"] != before["indicators"]


def test_the_packed_counts_are_written_only_when_read_again(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any
) -> None:
    """ADR 0049, amended (6): the register counts per commune are kept packed (``ReportFigures.counts``, 2 MB
    for the nation) and written back only by a view that read some of them again: a task's progress
    rewrites the figures and the parts, not the counts; a record saved in a2 rewrites a2's numbers only,
    and the packed counts then equal a fresh read's."""
    from treem.indicators import selectors

    province = obligations[world.a.code]
    make_child(world.a1, D(2015, 1, 1))
    make_child(world.a2, D(2016, 1, 1))
    city = login(world.province_a)
    _shown(city, province)

    def written() -> tuple[bytes, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            _shown(city, province)
        upserts = [q["sql"] for q in queries.captured_queries if 'INTO "reporting_reportfigures"' in q["sql"]]
        packed = ReportFigures.objects.values_list("counts", flat=True).get(obligation=province)
        return bytes(packed), [sql.split("ON CONFLICT")[1] for sql in upserts]

    before, _ = written()  # a hit: nothing written
    _progress(world, province)
    after_progress, upserts = written()
    assert len(upserts) == 1 and '"counts"' not in upserts[0] and after_progress == before
    _born_again(world.a2)
    after_edit, upserts = written()
    assert len(upserts) == 1 and '"counts"' in upserts[0] and after_edit != before
    kept = content._KeptCounts.unpacked(after_edit)
    communes = list(selectors.current_communes(world.a).values_list("pk", flat=True))
    fresh = content._KeptCounts.read(
        {
            year: selectors.catalogue_counts(
                world.a.__class__.objects.filter(pk__in=communes).values("pk"), year
            )
            for year in kept.years
        },
        communes,
    )
    assert kept.packed() == fresh.packed()


def test_parts_naming_a_commune_the_packed_counts_lack_read_every_commune_again(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, counts_read: list[list[int]]
) -> None:
    """ADR 0049, amended (6): the parts (the communes' stamps) and the packed counts are written by two
    writers when the second did not read the counts again; should the parts name a commune the counts'
    head lacks (two writers on either side of a change of the map), the next miss reads every commune
    again rather than fail, and shows what a fresh read gives."""
    province = obligations[world.a.code]
    make_child(world.a1, D(2015, 1, 1))
    make_child(world.a2, D(2016, 1, 1))
    city = login(world.province_a)
    _shown(city, province)
    row = ReportFigures.objects.get(obligation=province)
    row.parts["communes"][str(world.b1.pk)] = "9:9"  # a commune the packed counts' head does not hold
    row.save(update_fields=["parts"])
    counts_read.clear()
    _born_again(world.a2)
    after, _, _ = _shown(city, province)
    assert counts_read and {world.a1.pk, world.a2.pk} <= set(counts_read[0])
    assert after == _fresh(province)


def test_a_late_writer_s_older_parts_are_read_again(
    world: Any, login: Any, obligations: dict[str, Obligation], today: Any, monkeypatch: Any
) -> None:
    """ADR 0049, amended (4) and (5): two views missing at once each write parts consistent with their own
    stamps; the later writer may put back older parts, which their old stamps make the next view read again.
    View A reads its stamp after a record saved in a2; while it reads a2's counts, a record is saved in a1
    and view B reads and writes everything; then A writes its older parts. The next view reads a1's counts
    again (A's a1 stamp is old) and not a2's, and shows what a fresh read gives."""
    from treem.indicators import selectors

    province = obligations[world.a.code]
    make_child(world.a1, D(2015, 1, 1))
    make_child(world.a2, D(2016, 1, 1))
    city = login(world.province_a)
    _shown(city, province)
    _born_again(world.a2)
    reader = selectors.catalogue_counts
    read: list[list[int]] = []
    meanwhile: list[dict[str, Any]] = []

    def spied(communes: Any, year: int, **kwargs: Any) -> Any:
        read.append(sorted(communes.values_list("pk", flat=True)))
        if not meanwhile:  # view A, between its stamp and its write: another save, and view B whole
            meanwhile.append({})
            _born_again(world.a1)
            meanwhile[0] = content.kept_figures(_as_viewed(province), TODAY, by_sex=False)
        return reader(communes, year, **kwargs)

    monkeypatch.setattr(selectors, "catalogue_counts", spied)
    late = content.kept_figures(_as_viewed(province), TODAY, by_sex=False)  # view A: the older parts
    assert meanwhile[0] == _fresh(province) and late != meanwhile[0]
    read.clear()
    after, _, tasks_read = _shown(city, province)
    assert read and all(communes == [world.a1.pk] for communes in read)
    assert tasks_read == 0 and after == _fresh(province)


def test_the_indicators_kept_across_register_changes_read_no_register(
    world: Any, obligations: dict[str, Obligation]
) -> None:
    """``content.REGISTER_FREE``: the indicators whose rows a register change keeps are computed by other
    apps (``COMPUTERS``) from tables that are not the register nor its kept counts."""
    from treem.indicators import selectors
    from treem.indicators.models import Indicator

    make_child(world.a1, D(2015, 1, 1))
    _forum(world)
    register = ("registry_", "indicators_numerator", "indicators_populationcount", "cases_")
    for indicator in Indicator.objects.filter(code__in=content.REGISTER_FREE):
        assert indicator.code in selectors.COMPUTERS
        for sex in ("", "M", "F"):
            with CaptureQueriesContext(connection) as queries:
                selectors.commune_counts(indicator, world.a, 2026, sex=sex)
            tables = {
                table
                for query in queries.captured_queries
                for table in re.findall(r'(?:FROM|JOIN)\s+"?([a-z_][a-z_0-9]*)"?', query["sql"])
            }
            assert not {t for t in tables if t.startswith(register)}, (indicator.code, tables)
    assert len(content.REGISTER_FREE) == Indicator.objects.filter(code__in=content.REGISTER_FREE).count()
