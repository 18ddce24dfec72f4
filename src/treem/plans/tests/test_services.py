from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from treem.accounts import access
from treem.core.errors import ApplicationError
from treem.geo.models import Agency
from treem.plans import selectors, services
from treem.plans.models import Document, LinkKind, Plan, ProgressStatus, Task
from treem.plans.tests.conftest import hand_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: Any) -> None:
    from treem.indicators.reference import load_indicators

    load_indicators()


@pytest.fixture
def plan(world: Any, agency_types: Any, catalogue: None) -> Plan:
    Agency.objects.create(unit=world.a, name="Sở Y tế TP", agency_type=agency_types["so_y_te"])
    return services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())


def test_saving_a_draft_writes_document_links_tasks_targets_and_deadlines(world: Any, plan: Plan) -> None:
    from treem.indicators.models import Target

    doc = plan.document
    assert doc is not None and doc.number == "12/KH-UBND" and doc.date == datetime.date(2024, 3, 1)
    links = {link.target.number: link.kind for link in doc.links_out.select_related("target")}
    # The title names 3597/KH-UBND: the plan implements it; Chỉ thị 28 is only cited.
    assert links == {"3597/KH-UBND": LinkKind.IMPLEMENTS, "28-CT/TW": LinkKind.CITES}
    directive = Document.objects.get(number="28-CT/TW")
    assert directive.unit == world.nation and not directive.has_text  # central document, known by citation
    assert Document.objects.get(number="3597/KH-UBND").unit == world.a
    tasks = {t.number: t for t in plan.tasks.all()}
    assert tasks["II.1"].parent == tasks["II"] and tasks["II"].is_heading
    assert tasks["II.2"].due_date == datetime.date(2024, 6, 30)
    lead = tasks["II.2"].agencies.get(role="lead")
    assert lead.agency is not None and lead.agency.name == "Sở Y tế TP"  # matched to the city's agency
    unknown = tasks["II.2"].agencies.get(role="cooperating")
    assert unknown.text == "Ban Quản lý khu công nghệ cao" and unknown.agency_type is None  # kept, flagged
    target = plan.targets.get()
    assert {v.year: v.value for v in target.values.all()} == {2025: Decimal("99"), 2030: Decimal("99.5")}
    # The plan's target becomes the city's own indicator target.
    assert Target.objects.get(unit=world.a, indicator__code="QD23-14", year=2030).value == Decimal("99.5")
    deadline = plan.deadlines.get()
    assert (deadline.periodicity, deadline.day, deadline.month) == ("yearly", 5, 12)
    assert deadline.next_due(datetime.date(2026, 12, 6)) == datetime.date(2027, 12, 5)


def test_a_cited_stub_is_filled_in_when_its_text_is_imported(world: Any, plan: Plan) -> None:
    stub = Document.objects.get(number="3597/KH-UBND")
    draft = hand_draft(cites=[])
    draft["document"] = dict(draft["document"], number="3597 /KH-UBND", title="Kế hoạch của Thành phố")
    upper = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    assert upper.document == stub  # the same document, now with its text
    stub.refresh_from_db()
    assert stub.has_text and list(stub.links_in.values_list("source__number", flat=True)) == ["12/KH-UBND"]
    with pytest.raises(ApplicationError, match="đã có trong Treem"):
        services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())


def test_a_bad_draft_is_refused_whole(world: Any, agency_types: Any, catalogue: None) -> None:
    draft = hand_draft()
    draft["document"]["date"] = "31/02/2024"
    draft["tasks"][1]["title"] = " "
    draft["targets"][0]["values"] = {"2025": "nhiều"}
    with pytest.raises(ValidationError) as exc:
        services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    assert set(exc.value.message_dict) == {"doc_date", "task_1", "target_0"}
    assert "dd/mm/yyyy" in exc.value.message_dict["doc_date"][0]
    assert not Plan.objects.exists() and not Document.objects.exists()


def test_only_planners_of_the_unit_save_plans(world: Any, agency_types: Any) -> None:
    with pytest.raises(access.AccessDenied):
        services.plan_create_from_draft(actor=world.worker_a1, unit=world.a, draft=hand_draft())
    with pytest.raises(access.AccessDenied):
        services.plan_create_from_draft(actor=world.province_b, unit=world.a, draft=hand_draft())


def test_deriving_a_ward_plan_copies_the_tasks_given_to_wards(world: Any, plan: Plan) -> None:
    ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    assert ward.unit == world.a1 and ward.derived_from == plan
    numbers = list(ward.tasks.values_list("number", "is_heading"))
    assert numbers == [("II", True), ("II.1", False)]  # the heading above it is kept for structure
    copy = ward.tasks.get(number="II.1")
    assert copy.source_task == plan.tasks.get(number="II.1")
    inherited = ward.targets.get()
    assert inherited.inherited_from == plan.targets.get() and inherited.values.count() == 2
    assert ward.deadlines.count() == 1
    with pytest.raises(ApplicationError, match="đã có kế hoạch"):
        services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    with pytest.raises(ApplicationError, match="phạm vi"):
        services.plan_derive(actor=access.system_actor(world.nation), plan=plan, unit=world.b1)
    with pytest.raises(access.AccessDenied):
        services.plan_derive(actor=world.worker_a1, plan=plan, unit=world.a1)


def test_an_adjusted_target_overrides_the_inherited_one(world: Any, plan: Plan) -> None:
    from treem.indicators.models import Target

    ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    target = ward.targets.get()
    services.plan_target_adjust(actor=world.province_a, target=target, values={2030: Decimal("100")})
    assert Target.objects.get(unit=world.a1, indicator__code="QD23-14", year=2030).value == Decimal("100")
    assert target.inherited_from is None
    with pytest.raises(ValidationError):
        services.plan_target_adjust(actor=world.province_a, target=target, values={2030: Decimal("-1")})


def test_deriving_an_agency_plan(world: Any, plan: Plan) -> None:
    agency = Agency.objects.get(name="Sở Y tế TP")
    mine = services.plan_derive(actor=world.province_a, plan=plan, agency=agency)
    assert mine.agency == agency and list(
        mine.tasks.filter(is_heading=False).values_list("number", flat=True)
    ) == ["II.2"]
    rows = selectors.agency_tasks(agency, world.province_a, datetime.date(2026, 1, 1))
    assert {(s.task.plan_id, role) for s, role in rows} == {(plan.pk, "Chủ trì"), (mine.pk, "Chủ trì")}


def test_progress_status_lateness_and_contributions(world: Any, plan: Plan) -> None:
    task = plan.tasks.get(number="II.2")
    today = datetime.date(2024, 7, 1)
    assert selectors.task_state(task, today).late  # due 30/06/2024, not done
    with pytest.raises(ValidationError) as exc:
        services.progress_post(
            actor=world.province_a, task=task, period="2024-Q5", status="blocked", percent=120, narrative=""
        )
    assert set(exc.value.message_dict) == {"period", "percent", "narrative"}
    evidence = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.progress_post(
        actor=world.province_a,
        task=task,
        period="2024-S1",
        status=ProgressStatus.DONE,
        percent=None,
        narrative="Đã khám cho 1.200 trẻ.",
        files=[evidence],
    )
    state = selectors.task_state(Task.objects.get(pk=task.pk), today)
    assert (state.status, state.percent, state.late) == ("done", 100, False)
    progress = task.progress.get()
    assert progress.evidence.get().name == "bien-ban.pdf"
    # The health department's officer posts on a task where it is only cooperating: a contribution.
    coop_task = plan.tasks.get(number="II.1")
    health = access.active_assignments(world.agency_a)[0].agency
    coop_task.agencies.create(role="cooperating", text=health.name, agency=health)
    services.progress_post(
        actor=world.agency_a, task=coop_task, period="2024", status="in_progress", percent=50, narrative=""
    )
    assert coop_task.progress.get().is_contribution
    assert selectors.task_state(coop_task, today).status == ProgressStatus.NOT_STARTED


def test_bad_evidence_is_refused_and_nothing_is_written(world: Any, plan: Plan) -> None:
    task = plan.tasks.get(number="II.2")
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.progress_post(
            actor=world.province_a,
            task=task,
            period="2024",
            status="done",
            percent=100,
            narrative="",
            files=[fake],
        )
    assert "không đúng với định dạng" in exc.value.message_dict["files"][0]
    assert not task.progress.exists()


def test_plans_above_the_jurisdiction_are_readable_not_beside_it(world: Any, plan: Plan) -> None:
    assert plan in selectors.plans_visible(world.worker_a1)  # the city's plan, read by a ward worker
    ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    assert ward in selectors.plans_visible(world.worker_a1)
    assert ward not in selectors.plans_visible(world.worker_a2)  # a sibling ward's plan
    assert plan not in selectors.plans_visible(world.worker_b1)  # another province
    assert ward in selectors.plans_visible(world.province_a)


def test_the_five_seeds_import_into_one_cascade(world: Any, agency_types: Any, catalogue: None) -> None:
    """All five seed documents save; the citations link them: the Tân Bình plan implements Chỉ thị
    33-CT/TU, which implements Chỉ thị 28-CT/TW; HCMC's chỉ tiêu become the city's indicator targets."""
    from pathlib import Path

    from django.conf import settings

    from treem.indicators.models import Target
    from treem.plans import drafts, parsing

    folder = Path(settings.BASE_DIR) / "data" / "plans"
    actor = access.system_actor(world.nation)
    saved = {}
    for path in sorted(folder.glob("*.txt")):
        draft = parsing.parse_plan(parsing.extract_text(path.name, path.read_bytes())).to_json()
        draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
        saved[path.name[:3]] = services.plan_create_from_draft(actor=actor, unit=world.a, draft=draft)
    tan_binh = saved["000"].document
    assert tan_binh is not None
    up = {link.target.number: link.kind for link in tan_binh.links_out.select_related("target")}
    assert up["33-CT/TU"] == LinkKind.IMPLEMENTS
    directive_33 = Document.objects.get(number="33-CT/TU")
    assert directive_33.links_out.filter(target__number="28-CT/TW", kind=LinkKind.IMPLEMENTS).exists()
    # Browsing down from Chỉ thị 28: the provinces' plans that carry it out.
    ct28 = Document.objects.get(number="28-CT/TW")
    assert ct28.unit == world.nation
    below = set(ct28.links_in.values_list("source__number", flat=True))
    assert {"33-CT/TU", "276-KH/TU"} <= below
    assert Document.objects.get(title__startswith="Luật Trẻ em").unit == world.nation
    # "trên 98% … vào năm 2024 và phấn đấu đạt 100% vào năm 2030": at least 100 %, not more than 100 %.
    target = Target.objects.get(unit=world.a, indicator__code="QD23-14", year=2030)
    assert (target.value, target.comparator) == (Decimal("100"), "ge")
    hiv = Target.objects.get(unit=world.a, indicator__code="QD23-06", year=2030)
    assert (hiv.value, hiv.comparator) == (Decimal("2"), "le")  # "là 2%" of a rate to lower
    assert saved["003"].deadlines.filter(periodicity="half_yearly", day=10, month=6).exists()
    task = saved["000"].tasks.filter(is_heading=False).first()
    assert task is not None and "Ngân sách nhà nước" in task.budget_sources  # the plan's "Kinh phí"
    long_khanh = saved["001"].deadlines.all()
    assert {d.periodicity for d in long_khanh} == {"quarterly", "half_yearly", "yearly"}
    assert all(d.day == services.DEFAULT_DUE_DAY and d.month is None for d in long_khanh)


def test_a_plan_period_is_read_from_its_title_not_from_dates_in_it() -> None:
    from treem.plans.drafts import plan_years

    def years(title: str, date: str = "2024-03-01") -> tuple[int | None, int | None]:
        return plan_years({"document": {"title": title, "date": date}})

    assert years("Thực hiện Chỉ thị số 33-CT/TU ngày 26 tháng 4 năm 2024 của Thành ủy") == (None, None)
    assert years("Chương trình hành động vì trẻ em giai đoạn 2021 – 2030") == (2021, 2030)
    assert years("Kế hoạch thực hiện … giai đoạn đến năm 2030", "2022-11-25") == (2022, 2030)
    assert years("Công tác bảo vệ, chăm sóc trẻ em năm 2024 (Quyết định ngày 15/12/2023)") == (2024, 2024)


def test_a_plan_of_targets_only_keeps_yearly_changes_and_splits(world: Any, catalogue: None) -> None:
    from treem.indicators.models import Target

    def target(label: str, code: str, values: dict[str, Any], **kw: Any) -> dict[str, Any]:
        data = {"label": label, "text": label, "indicator": code, "values": values, "comparator": "lt",
                "direction": "lower", "unit": "percent", "lead": [], "lines": [1, 1]}  # fmt: skip
        data.update(kw)
        return data

    draft = hand_draft(
        tasks=[],
        start_year=2026,
        end_year=2028,
        targets=[
            target(
                "Tảo hôn",
                "QD23-13",
                {"yearly": 2},
                kind="change",
                high=3,
                comparator="ge",
                unit="percent_change",
            ),
            target("Béo phì nội thành", "QD23-04c", {"2030": 10}, group="nội thành"),
            target("Béo phì ngoại thành", "QD23-04c", {"2030": 5}, group="khu vực ngoại thành"),
            target("Béo phì miền núi", "QD23-04c", {"2030": 4}, group="miền núi"),
        ],
    )
    assert services.validate_draft(draft) == {}
    plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    assert not plan.tasks.exists()
    change = plan.targets.get(label="Tảo hôn")
    assert (change.kind, change.value_high) == ("change", Decimal("3"))
    # kept once, for every year of the plan (ADR 0044); the scorecard gets one target per year
    assert [(v.year, v.value) for v in change.values.all()] == [(None, Decimal("2"))] and change.every_year
    rows = Target.objects.filter(unit=world.a, indicator__code__in=["QD23-13", "QD23-04c"], origin="plan")
    got = {(t.indicator.code, t.year, t.breakdown, t.kind): (t.value, t.comparator) for t in rows}
    assert got == {
        ("QD23-13", 2026, "", "change"): (Decimal("2"), "ge"),
        ("QD23-13", 2027, "", "change"): (Decimal("2"), "ge"),
        ("QD23-13", 2028, "", "change"): (Decimal("2"), "ge"),
        ("QD23-04c", 2030, "urban", "level"): (Decimal("10"), "lt"),
        ("QD23-04c", 2030, "rural", "level"): (Decimal("5"), "lt"),
    }  # "miền núi" has no figures on the scorecard: it stays on the plan only
    assert plan.targets.get(label="Béo phì miền núi").breakdown == "miền núi"


def test_a_draft_with_neither_tasks_nor_targets_is_refused(world: Any) -> None:
    errors = services.validate_draft(hand_draft(tasks=[], targets=[]))
    assert errors["tasks"] == "Kế hoạch chưa có nhiệm vụ hay chỉ tiêu nào."


def test_the_commune_given_a_plan_hears_of_it_in_treem_and_by_mail(
    world: Any, plan: Plan, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    from treem.core.models import Notification

    world.worker_a1.email = "worker.a1@example.vn"
    world.worker_a1.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        ward = services.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    note = Notification.objects.get(user=world.worker_a1, kind="plan")
    assert note.title.startswith("Được giao 1 nhiệm vụ: ") and "12/KH-UBND" in note.title
    assert note.link == f"/plans/{ward.pk}/" or note.link.endswith(f"/{ward.pk}/")
    assert not Notification.objects.filter(user=world.province_a, kind="plan").exists()  # the giver
    assert not Notification.objects.filter(user__in=[world.worker_b1], kind="plan").exists()
    [mail] = [m for m in mailoutbox if "worker.a1@example.vn" in m.to]
    assert mail.subject.startswith("[Treem] Được giao")


def test_the_agencies_named_on_a_saved_plans_tasks_hear_of_it(
    world: Any, agency_types: Any, catalogue: None, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    from treem.core.models import Notification

    health = Agency.objects.get(unit=world.a, name="Sở Y tế Thành phố Hồ Chí Minh")  # agency_a's agency
    health.agency_type = agency_types["so_y_te"]
    health.save(update_fields=["agency_type"])
    world.agency_a.email = "so.y.te@example.vn"
    world.agency_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=hand_draft())
    assert plan.tasks.get(number="II.2").agencies.get(role="lead").agency == health
    [note] = Notification.objects.filter(user=world.agency_a, kind="plan")
    assert note.title.startswith("Sở Y tế Thành phố Hồ Chí Minh được giao chủ trì 1 nhiệm vụ: ")
    assert "12/KH-UBND" in note.title and note.link.endswith(f"/{plan.pk}/")
    # Nobody else: not the one who saved it, not the communes (the plan is not given to them yet).
    assert Notification.objects.filter(kind="plan").count() == 1
    [mail] = [m for m in mailoutbox if "so.y.te@example.vn" in m.to]
    assert mail.subject.startswith("[Treem] Sở Y tế Thành phố Hồ Chí Minh được giao")


def test_the_demo_reduction_plan_reaches_the_scorecard_with_a_reason(world: Any, catalogue: None) -> None:
    from django.conf import settings

    from treem.indicators import selectors
    from treem.indicators.models import Indicator, ReportedValue
    from treem.plans import drafts, parsing

    path = Path(settings.BASE_DIR) / "data" / "plans" / "demo" / "102_giam_hang_nam_tao_hon_thap_coi.txt"
    draft = parsing.parse_plan(parsing.extract_text(path.name, path.read_bytes())).to_json()
    draft.pop("lines", None)
    draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
    services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    stunting = Indicator.objects.get(code="QD23-04b")
    for year, value in ((2025, "6"), (2026, "5.4")):
        ReportedValue.objects.create(unit=world.a, indicator=stunting, year=year, value=Decimal(value))
    row = selectors.evaluate(stunting, world.a, 2026)
    assert row.target is not None and (row.target.kind, row.target.value) == ("change", Decimal("5"))
    assert row.status == selectors.Status.ACHIEVED
    assert row.reason == "Giảm 10% so với năm 2025 (6 → 5,4); mục tiêu giảm ≥ 5%/năm."


def every_year_draft(values: dict[str, Any], **over: Any) -> dict[str, Any]:
    target = {
        "label": "Chỉ tiêu 1",
        "text": "Hằng năm, 100% trẻ em bị ảnh hưởng bởi thiên tai được hỗ trợ kịp thời",
        "indicator": "QD23-12",
        "values": values,
        "comparator": "ge",
        "direction": "raise",
        "unit": "percent",
        "lead": [],
        "lines": [1, 1],
    }
    return hand_draft(tasks=[], targets=[target], **over)


def test_a_level_set_every_year_is_kept_once_and_judged_each_year_on_the_scorecard(
    world: Any, catalogue: None
) -> None:
    from treem.indicators import selectors as indicator_selectors
    from treem.indicators.models import Indicator, ReportedValue, Target

    draft = every_year_draft({"yearly": 100}, start_year=2026, end_year=2028)
    plan = services.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    target = plan.targets.get()
    assert [(v.year, v.value) for v in target.values.all()] == [(None, Decimal("100"))]
    assert target.every_year and str(target.values.get()) == "Hằng năm: 100.0000"
    rows = Target.objects.filter(unit=world.a, indicator__code="QD23-12").order_by("year")
    assert [(t.year, t.value, t.comparator, t.every_year) for t in rows] == [
        (year, Decimal("100"), "ge", True) for year in (2026, 2027, 2028)
    ]
    ind = Indicator.objects.get(code="QD23-12")
    for year, helped in ((2025, 40), (2026, 50), (2027, 45)):
        ReportedValue.objects.create(
            unit=world.a, indicator=ind, year=year, numerator=helped, denominator=50, value=2 * helped
        )
    met = indicator_selectors.evaluate(ind, world.a, 2026)
    assert (met.status, met.reason) == ("achieved", "Đạt: 100, mục tiêu ≥ 100 hằng năm (năm 2026).")
    missed = indicator_selectors.evaluate(ind, world.a, 2027)
    assert (missed.status, missed.reason) == (
        "off_track",
        "Chưa đạt: 90, mục tiêu ≥ 100 hằng năm (năm 2027).",
    )
    before = indicator_selectors.evaluate(ind, world.a, 2025)  # before the plan: no milestone of it
    assert before.status == "no_target" and before.target is None
    card = {r.indicator.code: r for r in indicator_selectors.scorecard(world.a, 2027, by_sex=False)}
    assert card["QD23-12"].status == "off_track" and card["QD23-12"].target.every_year
    # adjusted to one year: the years it no longer sets are gone from the scorecard
    services.plan_target_adjust(actor=world.province_a, target=target, values={2027: Decimal("90")})
    rows = Target.objects.filter(unit=world.a, indicator__code="QD23-12")
    assert [(t.year, t.value, t.every_year) for t in rows] == [(2027, Decimal("90"), False)]
    services.plan_target_adjust(
        actor=world.province_a, target=target, values={None: Decimal("95"), 2028: Decimal("100")}
    )
    rows = Target.objects.filter(unit=world.a, indicator__code="QD23-12").order_by("year")
    assert [(t.year, t.value, t.every_year) for t in rows] == [
        (2026, Decimal("95"), True),
        (2027, Decimal("95"), True),
        (2028, Decimal("100"), False),  # a year given its own value keeps it
    ]


@pytest.mark.parametrize(
    ("start", "end", "date", "years"),
    [
        (2026, 2028, "2025-12-01", [2026, 2027, 2028]),
        (2025, 2025, "2025-01-10", [2025]),  # a plan of one year
        (2024, None, "2024-01-10", [2024, 2025, 2026]),  # open at its end: to this year
        (None, 2027, "2025-03-01", [2025, 2026, 2027]),  # only an end: from the document's year
        (None, None, "2025-03-01", [2025]),  # no period: the document's year
        (None, None, None, []),  # nothing to go by: kept on the plan only
    ],
)
def test_the_years_a_target_set_every_year_holds_for(
    world: Any, start: int | None, end: int | None, date: str | None, years: list[int]
) -> None:
    document = Document(unit=world.a, doc_type="ke_hoach", date=date and datetime.date.fromisoformat(date))
    plan = Plan(unit=world.a, document=document, title="Kế hoạch", start_year=start, end_year=end)
    assert plan.target_years(today=datetime.date(2026, 5, 1)) == years


def test_a_plan_with_no_period_keeps_its_every_year_level_and_sets_its_document_s_year(
    world: Any, catalogue: None
) -> None:
    from treem.indicators.models import Target

    plan = services.plan_create_from_draft(
        actor=world.province_a, unit=world.a, draft=every_year_draft({"yearly": 100})
    )
    assert plan.start_year is None and plan.targets.get().every_year
    rows = Target.objects.filter(unit=world.a, indicator__code="QD23-12")
    assert [(t.year, t.every_year) for t in rows] == [(2024, True)]  # the document is of 01/03/2024
