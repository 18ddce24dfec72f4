from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse

from treem.reporting import services
from treem.reporting.models import Obligation, ReportState

pytestmark = pytest.mark.django_db


def _sent(worker: Any, ward: Obligation, results: str = "Tuyên truyền.", **sections: str) -> Obligation:
    """The ward's report written by ``worker`` and sent, read again."""
    ward = services.report_save(
        actor=worker,
        obligation=ward,
        version=ward.version,
        results=results,
        shortcomings=sections.get("shortcomings", ""),
        proposals=sections.get("proposals", ""),
    )
    services.report_submit(actor=worker, obligation=ward, version=ward.version)
    ward.refresh_from_db()
    return ward


def test_write_send_return_and_download(world: Any, login: Any, obligations: dict[str, Obligation]) -> None:
    from docx import Document as Docx
    from python_calamine import CalamineWorkbook

    ward = obligations[world.a1.code]
    worker = login(world.worker_a1)
    listing = worker.get(reverse("reporting:list") + "?year=2026").content.decode()
    assert "Năm 2026" in listing and "07/12/2026" in listing  # 05/12/2026 is a Saturday
    assert "Tỷ lệ báo cáo theo cấp" in listing and "Xã, phường, đặc khu" in listing
    url = reverse("reporting:detail", args=[ward.pk])
    page = worker.get(url).content.decode()
    assert "Gửi báo cáo" in page and "Số liệu Treem điền sẵn" in page
    response = worker.post(url, {"version": ward.version, "action": "submit", "results": ""})
    assert "Hãy viết phần kết quả thực hiện trước khi gửi." in response.content.decode()
    response = worker.post(
        url,
        {
            "version": ward.version,
            "action": "submit",
            "results": "Tuyên truyền tại 4 khu phố.",
            "proposals": "",
        },
    )
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.state == ReportState.SUBMITTED
    assert worker.post(reverse("reporting:review", args=[ward.pk]), {}).status_code == 404  # not the reviewer

    city = login(world.province_a)
    page = city.get(url).content.decode()
    assert "Duyệt báo cáo" in page
    city.post(reverse("reporting:review", args=[ward.pk]), {"version": ward.version, "decision": "returned"})
    ward.refresh_from_db()
    assert ward.state == ReportState.SUBMITTED  # returning needs a comment
    city.post(
        reverse("reporting:review", args=[ward.pk]),
        {"version": ward.version, "decision": "returned", "comment": "Bổ sung số liệu hỗ trợ."},
    )
    ward.refresh_from_db()
    assert ward.state == ReportState.RETURNED
    assert "Bổ sung số liệu hỗ trợ." in worker.get(url).content.decode()

    docx = worker.get(reverse("reporting:download", args=[ward.pk]) + "?format=docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    texts = [p.text for p in Docx(io.BytesIO(docx.content)).paragraphs]
    assert "DỰ THẢO" in texts  # returned: the current text is a draft again
    assert "I. KẾT QUẢ THỰC HIỆN" in texts and "Tuyên truyền tại 4 khu phố." in texts
    xlsx = worker.get(reverse("reporting:download", args=[ward.pk]) + "?format=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    assert book.sheet_names  # one sheet per table
    first = ward.submissions.get(number=1)
    sent = worker.get(reverse("reporting:submission", args=[first.pk]))
    assert sent.status_code == 200 and "lan-1" in sent["Content-Disposition"]


def test_the_rules_page(world: Any, login: Any, obligations: dict[str, Obligation]) -> None:
    admin = login(world.sysadmin)
    from django.utils import timezone

    from treem.reporting import calendar

    page = admin.get(reverse("reporting:rules")).content.decode()
    example = calendar.due_date(str(timezone.localdate().year), 5, 12)  # "before 05/12" this year
    assert f"năm nay theo quy định hiện hành là {example:%d/%m/%Y}" in page
    response = admin.post(
        reverse("reporting:rules"), {"day_off_rule": "previous", "remind_days_before": "70"}
    )
    assert "Số ngày nhắc trước phải từ 0 đến 60." in response.content.decode()
    response = admin.post(reverse("reporting:rules"), {"day_off_rule": "previous", "remind_days_before": "3"})
    assert response.status_code == 302
    assert Obligation.objects.get(pk=obligations[world.a1.code].pk).due_date == datetime.date(2026, 12, 4)


def test_the_home_page_lists_reports_to_send_and_to_review(
    world: Any, login: Any, obligations: dict[str, Obligation]
) -> None:
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC), tick=False):
        home = login(world.worker_a1).get(reverse("web:home")).content.decode()
    assert "Báo cáo cần gửi" in home and "Quá hạn 3 ngày, chưa gửi" in home  # due 07/12/2026
    ward = obligations[world.a1.code]
    ward = _sent(world.worker_a1, ward, results="Xong.")
    city = login(world.province_a).get(reverse("web:home")).content.decode()
    assert "Báo cáo chờ duyệt" in city


def test_a_consolidated_report_is_built_in_the_background(
    world: Any, login: Any, obligations: dict[str, Obligation], django_capture_on_commit_callbacks: Any
) -> None:
    from docx import Document as Docx

    from treem.core.models import ExportJob

    province = obligations[world.a.code]
    city = login(world.province_a)
    with django_capture_on_commit_callbacks(execute=True):  # the worker, inline
        response = city.get(reverse("reporting:download", args=[province.pk]) + "?format=docx")
    job = ExportJob.objects.get(created_by=world.province_a, kind="report")
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.file_name == f"bao-cao-{world.a.code}-2026-du-thao.docx"
    download = city.get(reverse("exports:download", args=[job.pk]))
    texts = [p.text for p in Docx(io.BytesIO(b"".join(download.streaming_content))).paragraphs]
    assert "DỰ THẢO" in texts
    assert login(world.worker_a1).get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_the_reviewer_reads_the_sent_sections_and_what_changed(
    world: Any, login: Any, obligations: dict[str, Obligation]
) -> None:
    """Issue #19: the province reads the ward's sections on the page, with the changes since the
    version it returned, and the accept/return form beside them."""
    ward = obligations[world.a1.code]
    ward = _sent(
        world.worker_a1,
        ward,
        results="Tuyên truyền tại 4 khu phố.\nTổ chức diễn đàn trẻ em.",
        shortcomings="Thiếu kinh phí.",
    )
    url = reverse("reporting:detail", args=[ward.pk])
    city = login(world.province_a)
    page = city.get(url).content.decode()
    assert "Nội dung đơn vị đã gửi" in page and "Duyệt báo cáo" in page
    assert "Tuyên truyền tại 4 khu phố." in page and "Thiếu kinh phí." in page
    assert "III. Đề xuất, kiến nghị" in page and "(Không có nội dung.)" in page
    assert "Thay đổi so với lần gửi trước" not in page  # the first sending
    services.report_review(
        actor=world.province_a,
        obligation=ward,
        version=ward.version,
        decision=ReportState.RETURNED,
        comment="Bổ sung.",
    )
    ward.refresh_from_db()
    ward = _sent(
        world.worker_a1,
        ward,
        results="Tuyên truyền tại 5 khu phố.\nTổ chức diễn đàn trẻ em.",
        shortcomings="Thiếu kinh phí.",
        proposals="Cấp thêm kinh phí.",
    )
    page = city.get(url).content.decode()
    assert "Thay đổi so với lần gửi trước (lần 1)" in page
    assert '<del class="diff">Tuyên truyền tại 4 khu phố.</del>' in page
    assert '<ins class="diff">Tuyên truyền tại 5 khu phố.</ins>' in page
    assert '<ins class="diff">Cấp thêm kinh phí.</ins>' in page
    assert "Không thay đổi" in page  # shortcomings
    # The ward, while it waits, reads what it sent too, without the review form.
    own = login(world.worker_a1).get(url).content.decode()
    assert "Cấp thêm kinh phí." in own and "Duyệt báo cáo" not in own


def test_a_late_task_says_late_once_in_the_document(world: Any, obligations: dict[str, Obligation]) -> None:
    from treem.reporting import content

    ward = obligations[world.a1.code]
    data = content.build(ward)
    task = {"number": "1", "title": "Tuyên truyền", "lead": "", "percent": 20}
    data["tasks"] = [
        {**task, "status": "late", "status_label": "Chậm tiến độ", "late": True},
        {**task, "status": "in_progress", "status_label": "Đang thực hiện", "late": True},
    ]
    document = content.as_document(data, ward, draft=True)
    section = next(s for s in document.sections if s.heading.startswith("2. Tiến độ"))
    assert [row[3] for row in section.tables[0].rows] == ["Chậm tiến độ", "Đang thực hiện (chậm)"]


def test_the_consolidated_report_page_reads_a_bounded_number_of_queries(
    world: Any, login: Any, obligations: dict[str, Obligation], django_assert_max_num_queries: Any
) -> None:
    """The province's unsent report, with a ward's report sent and accepted below it and supports in the
    period (issue #20): the page's figures are the report's own, and reading it again costs a number of
    queries measured once — the working-day calendar read once per year, the reports below not read
    twice, the supports kept (ADR 0037), the scorecard's reported and provided figures read once per kind
    (ADR 0041: 52 → 47), the reports below read in one query (ADR 0037's amendment: 46 → 45), the figures
    kept under a stamp of their inputs and the calendar read once (ADR 0049: 45 → 14)."""
    from treem.indicators.tests.conftest import make_child
    from treem.registry.models import Support
    from treem.reporting import content

    for commune, amount in ((world.a1, 500_000), (world.a2, 700_000)):
        child = make_child(commune, datetime.date(2015, 1, 1))
        Support.objects.create(
            child=child, kind="gift", date=datetime.date(2026, 2, 1), amount=amount, source="budget"
        )
    ward = obligations[world.a1.code]
    ward = _sent(world.worker_a1, ward)
    services.report_review(
        actor=world.province_a, obligation=ward, version=ward.version, decision="accepted", comment=""
    )
    province = obligations[world.a.code]
    city = login(world.province_a)
    url = reverse("reporting:detail", args=[province.pk])
    city.get(url)  # the per-process caches filled, as on a served page
    with django_assert_max_num_queries(14):
        page = city.get(url).content.decode()
    whole = content.build(Obligation.objects.get(pk=province.pk))
    assert whole["support"]["records"] == 2 and whole["support"]["children"] == 2
    assert "<strong>Hỗ trợ:</strong> 2 lần cho 2 trẻ em" in page
    assert f"{whole['task_summary']['total']} nhiệm vụ" in page
    assert [b["unit"] for b in whole["below"]] == [str(world.a1)]  # the documents still consolidate
    assert str(world.a1) in page


# The task and indicator tables as the page's template wrote them before their cells were worked out in
# ``content.task_rows`` / ``content.indicators_compared`` (issue #20): the page must show the same.
OLD_INDICATOR_ROWS = (
    '{% for i in indicator_rows %}<tr{% if i.changed %} class="row-changed"{% endif %}><td data-label="Mã">'
    '{{ i.code }}</td><td data-label="Chỉ tiêu">{{ i.name }}</td><td class="num" data-label="Mục tiêu">'
    '{% if i.target is not None %}{{ i.comparator }} {{ i.target|floatformat:"-2" }}{% else %}—{% endif %}'
    '</td><td class="num" data-label="Thực hiện">{% if i.value is not None %}{{ i.value|floatformat:"-2" }}'
    '{% else %}—{% endif %}</td><td data-label="Đánh giá">{{ i.status_label }}</td>{% if previous %}'
    '<td class="num" data-label="Lần gửi trước">{% if i.changed %}{% if i.before is not None %}'
    '{{ i.before|floatformat:"-2" }}{% else %}—{% endif %}{% else %}<span class="muted">như trên</span>'
    "{% endif %}</td>{% endif %}</tr>{% endfor %}"
)
OLD_TASK_ROWS = (
    "<summary>Tiến độ {{ data.tasks|length }} nhiệm vụ</summary>{% for t in data.tasks %}<tr>"
    '<td data-label="Số">{{ t.number }}</td><td data-label="Nhiệm vụ">{{ t.title|truncatechars:300 }}</td>'
    '<td data-label="Chủ trì">{{ t.lead|default:"—" }}</td><td data-label="Tình trạng">{{ t.status_label }}'
    '{% if t.late and t.status_label != "Chậm tiến độ" %} <span class="badge danger">chậm</span>{% endif %}'
    '</td><td class="num" data-label="Tỷ lệ">{% if t.percent is not None %}{{ t.percent }}%{% else %}—'
    "{% endif %}</td></tr>{% endfor %}"
)


def _old_tables(response: Any) -> tuple[str, str]:
    from django.template import Context, Template
    from django.utils import translation

    context = Context({k: response.context[k] for k in ("data", "indicator_rows", "previous")})
    with translation.override("vi"):
        return Template(OLD_INDICATOR_ROWS).render(context), Template(OLD_TASK_ROWS).render(context)


def _varied_tasks(plan: Any) -> None:
    """Tasks with several agencies (one renamed since the reform), each state of progress, overdue or
    not, a title to escape and cut, one written with combining marks."""
    import unicodedata

    from treem.plans.models import Task, TaskAgency, TaskProgress

    def task(number: str, title: str, **kw: Any) -> Task:
        return Task.objects.create(plan=plan, number=number, sort_order=900 + int(number), title=title, **kw)

    past, future = datetime.date(2025, 6, 30), datetime.date(2030, 12, 31)
    overdue = task("91", "Rà soát <trẻ em> & gia đình " + "rất dài " * 60, due_date=past)
    for n, (role, text, now) in enumerate(
        [
            ("lead", "Sở Lao động - Thương binh và Xã hội", "Sở Y tế"),
            ("lead", "Công an tỉnh", ""),
            ("cooperating", "Sở Giáo dục và Đào tạo", ""),
        ]
    ):
        TaskAgency.objects.create(task=overdue, role=role, text=text, successor_text=now, sort_order=n)
    done = task("92", "Khám sức khỏe", due_date=past)
    late = task("93", "Tập huấn", end_year=2025)
    going = task("94", unicodedata.normalize("NFD", "Ải " * 90), due_date=future)
    cut = task("95", "a" * 301, end_year=2030)
    task("96", unicodedata.normalize("NFD", "Ải " * 70))  # shown in NFC, as the filter did
    TaskAgency.objects.create(task=going, role="lead", text="UBND xã", sort_order=0)
    for t, status, percent, contribution in (
        (done, "in_progress", 50, False),
        (done, "done", 100, False),
        (late, "late", 20, False),
        (going, "in_progress", None, False),
        (going, "done", 100, True),  # a contribution: the status stays the lead's
        (cut, "blocked", 0, False),
    ):
        TaskProgress.objects.create(
            task=t, period="2026", status=status, percent=percent, is_contribution=contribution
        )


def test_the_report_page_shows_its_tables_as_before(
    world: Any, login: Any, obligations: dict[str, Obligation]
) -> None:
    """Issue #20: the cells worked out in Python (no figure by sex read for the page) show exactly what
    the template's filters showed — the province's unsent report with tasks of every kind, and a ward's
    report sent twice with figures changed in between."""
    from treem.reporting import content
    from treem.reporting.models import Submission

    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    city = login(world.province_a)
    response = city.get(reverse("reporting:detail", args=[province.pk]))
    whole = content.build(Obligation.objects.get(pk=province.pk), consolidated=False)
    page = response.content.decode()
    indicators, tasks = _old_tables(response)
    summary, rows = tasks.split("</summary>")
    assert indicators in page and summary + "</summary>" in page and rows in page
    assert "Rà soát &lt;trẻ em&gt; &amp; gia đình" in page and "Sở Y tế; Công an tỉnh" in page

    def row(number: str) -> str:
        return page.split(f'<td data-label="Số">{number}</td>')[1].split("</tr>")[0]

    assert "badge danger" in row("91") and "Chậm tiến độ" in row("93") and "badge" not in row("93")
    assert "…" in row("91") and "…" in row("95") and "…" not in row("94") and ">—</td>" in row("92")
    shown = response.context["data"]
    without_sex = [{k: v for k, v in i.items() if k not in ("male", "female")} for i in whole["indicators"]]
    assert shown["indicators"] == [{**i, "male": None, "female": None} for i in without_sex]
    assert {k: v for k, v in shown.items() if k != "indicators"} == {
        k: v for k, v in whole.items() if k != "indicators"
    }

    ward = obligations[world.a1.code]
    for results in ("Lần một.", "Lần hai."):
        ward = _sent(world.worker_a1, ward, results=results)
        if results == "Lần một.":
            services.report_review(
                actor=world.province_a,
                obligation=ward,
                version=ward.version,
                decision="returned",
                comment="Bổ sung.",
            )
            ward.refresh_from_db()
    first, second = Submission.objects.filter(obligation=ward).order_by("number")
    row = {"code": "X1", "name": "Tỷ lệ <a>", "comparator": "≥", "status_label": "Đạt", "unit": "%"}
    first.content["indicators"] = [
        {**row, "target": 90, "value": 1234.5},
        {**row, "code": "X2", "target": None, "value": 7},
        {**row, "code": "X3", "target": 0.125, "value": None},
    ]
    second.content["indicators"] = [
        {**row, "target": 90, "value": 1234.567},
        {**row, "code": "X2", "target": None, "value": 7},
        {**row, "code": "X3", "comparator": "<", "target": 0.125, "value": 2},
        {**row, "code": "X4", "target": None, "value": 3.0},
    ]
    first.save()
    second.save()
    response = city.get(reverse("reporting:detail", args=[ward.pk]))
    assert response.status_code == 200, response.content.decode()[-3000:]
    page = response.content.decode()
    indicators, tasks = _old_tables(response)
    assert indicators.count("<tr") == 4 and indicators in page
    assert "&lt; 0,13" in indicators and "như trên" in indicators and 'class="row-changed"' in indicators
    assert tasks.split("</summary>")[1] in page


def test_the_report_s_tasks_are_read_in_three_queries_whatever_their_number(
    world: Any, obligations: dict[str, Obligation]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from treem.reporting import content

    province = Obligation.objects.select_related("plan").get(pk=obligations[world.a.code].pk)  # as the page
    today = datetime.date(2026, 12, 1)
    with CaptureQueriesContext(connection) as few:
        before, _ = content._tasks(province, today)
    _varied_tasks(province.plan)
    with CaptureQueriesContext(connection) as many:
        after, summary = content._tasks(province, today)
    assert len(after) == len(before) + 6 and summary["total"] == len(after)
    assert len(few.captured_queries) == len(many.captured_queries) == 3


OLD_BELOW = (
    "<ul>{% for b in below %}<li><a href=\"{% url 'reporting:detail' b.pk %}\">{% if b.agency %}"
    "{{ b.agency.name }}{% else %}{{ b.unit }}{% endif %}</a> — {{ b.get_state_display }}"
    '{% if b.first_submitted_at %}, gửi {{ b.first_submitted_at|date:"d/m/Y" }}{% if not b.on_time %}'
    " (muộn){% endif %}{% endif %}</li>{% endfor %}</ul>"
)


def test_the_report_page_lists_the_reports_below_and_the_tasks_as_before(
    world: Any, login: Any, obligations: dict[str, Obligation]
) -> None:
    """Issue #20 (ADR 0046): the list of the reports below, worked out in Python (``content.below_rows``),
    shows what the template's URL tag, filters and properties showed — a report not sent, then sent late
    (just before midnight UTC: the next day in Viet Nam) —, and the report's tasks, their agencies and
    progress grouped without ``prefetch_related``, are those the plan's page works out (``task_state``
    of each task with its prefetched agencies and progress)."""
    from django.template import Context, Template
    from django.utils import translation

    from treem.plans import selectors as plan_selectors
    from treem.reporting import content

    province = obligations[world.a.code]
    _varied_tasks(province.plan)
    city = login(world.province_a)
    url = reverse("reporting:detail", args=[province.pk])

    def old_list() -> str:
        below = content.below(Obligation.objects.get(pk=province.pk))
        with translation.override("vi"):
            return Template(OLD_BELOW).render(Context({"below": below}))

    page = city.get(url).content.decode()
    shown = old_list()
    assert str(world.a1) in shown and "gửi" not in shown and shown in page
    ward = obligations[world.a1.code]
    ward = _sent(world.worker_a1, ward)
    day_after = ward.due_date + datetime.timedelta(days=1)
    late = datetime.datetime.combine(day_after, datetime.time(23, 30), tzinfo=datetime.UTC)
    Obligation.objects.filter(pk=ward.pk).update(first_submitted_at=late)
    page = city.get(url).content.decode()
    shown = old_list()
    assert "(muộn)" in shown and (day_after + datetime.timedelta(days=1)).strftime("%d/%m/%Y") in shown
    assert shown in page

    today = datetime.date(2026, 12, 1)
    tasks, summary = content._tasks(Obligation.objects.get(pk=province.pk), today)
    states = plan_selectors.tasks_with_state(province.plan.tasks.filter(is_heading=False), today)
    assert [(t["number"], t["status"], t["percent"], t["late"], t["lead"]) for t in tasks] == [
        (s.task.number, s.status, s.percent, s.late, "; ".join(a.display for a in s.lead)) for s in states
    ]
    assert "Sở Y tế; Công an tỉnh" in [t["lead"] for t in tasks] and summary["total"] == len(tasks)


def test_the_list_pages_its_reports_and_leaves_out_communes_rates_beyond_a_number(
    world: Any, login: Any, obligations: dict[str, Obligation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of reports in pages (the nation's are thousands), the year kept in the pages' links; when
    the units are more than the rates table shows, the communes' own rates are left out (the rates by
    level count them). One report a page and one unit's rates here: the province's report and the ward's."""
    from treem.reporting import views

    monkeypatch.setattr(views, "REPORTS_PAGE", 1)
    monkeypatch.setattr(views, "RATES_ROWS", 1)
    client = login(world.province_a)
    first = client.get(reverse("reporting:list"), {"year": 2026}).content.decode()
    assert "Trang 1/2 (2 báo cáo)" in first and "?year=2026&amp;trang=2" in first
    second = client.get(reverse("reporting:list"), {"year": 2026, "trang": 2}).content.decode()
    assert "Trang 2/2" in second
    shown = [
        page.count(reverse("reporting:detail", args=[o.pk])) > 0
        for o in obligations.values()
        for page in (first, second)
    ]
    assert sum(shown) == 2  # each report on one page
    assert "Tỷ lệ riêng của 1 xã, phường không ghi ở đây" in first
    assert "Xã, phường, đặc khu" in first  # the rates by level count the ward
