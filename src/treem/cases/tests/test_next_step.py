"""Issue #19: the case page says what to do next — the next legal step as the main button, offered only
when possible; escalations apart and confirmed; each note box inside its own action; deadlines in the
unit of their clock."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse

from treem.cases import nextstep, services
from treem.cases.choices import Action, CaseStatus, DeadlineKind, Level
from treem.cases.models import Assessment, Deadline, Referral
from treem.cases.tests.test_services import case_in_state

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _page(client: Any, case: Any) -> str:
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def _section(body: str, heading_id: str) -> str:
    start = body.index(f'id="{heading_id}"')
    return body[start : body.index("</section>", start)]


def _buttons(html: str) -> list[tuple[str, str]]:
    """(class, text) of every submit button."""
    return [
        (m.group(1) or "", m.group(2).strip())
        for m in re.finditer(r'<button type="submit"(?: class="([^"]*)")?>([^<]*)</button>', html)
    ]


def test_completing_the_initial_assessment_is_offered_only_once_it_exists(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.INITIAL_ASSESSMENT)
    client = login(world.worker_a1)
    next_step = _section(_page(client, case), "next-h")
    assert "Hoàn thành đánh giá ban đầu" not in "".join(t for _c, t in _buttons(next_step))
    assert "Chưa có phiếu đánh giá nguy cơ ban đầu (Mẫu 02)" in next_step  # why not yet …
    link = reverse("cases:assess", args=[case.pk, "initial"])
    assert f'class="button primary" href="{link}"' in next_step  # … and what to do first
    services.assessment_record(
        actor=world.worker_a1, case=case, kind=Assessment.Kind.INITIAL, risk_level=Level.MEDIUM,
        harm_level=Level.LOW, emergency_needed=False,
    )  # fmt: skip
    next_step = _section(_page(client, case), "next-h")
    assert _buttons(next_step) == [("primary", "Hoàn thành đánh giá ban đầu (Mẫu 02)")]
    assert "Áp dụng biện pháp khẩn cấp" not in next_step  # the assessment says no emergency


def test_police_referral_is_set_apart_and_needs_a_confirmation(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.INITIAL_ASSESSMENT)
    client = login(world.worker_a1)
    body = _page(client, case)
    assert "Chuyển cơ quan công an" not in _section(body, "next-h")
    escalations = _section(body, "escalate-h")
    assert "<details" in escalations and 'name="confirmed"' in escalations
    assert "Công an Phường Sài Gòn" in escalations
    police = services.police_agencies(case)[0]
    url = reverse("cases:transition", args=[case.pk])
    post = {
        "action": Action.REFER_TO_POLICE,
        "version": case.version,
        "agency": police.pk,
        "note": "Dấu hiệu.",
    }
    response = client.post(url, post, follow=True)
    assert "Cần đánh dấu xác nhận" in response.content.decode()
    assert not Referral.objects.filter(case=case).exists()
    client.post(url, {**post, "confirmed": "1"})
    case.refresh_from_db()
    assert case.status == CaseStatus.INITIAL_ASSESSMENT
    assert Referral.objects.get(case=case).kind == Referral.Kind.POLICE
    assert "escalate-h" not in _page(client, case)  # waits for the answer of the police


def test_each_note_box_sits_in_its_own_action_and_the_decision_number_is_hinted(
    world: Any, login: Any
) -> None:
    case = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    body = _page(login(world.chairman_a1), case)
    section = _section(body, "next-h")
    assert _buttons(section) == [
        ("primary", "Phê duyệt kế hoạch (Mẫu 05)"),
        ("", "Trả lại kế hoạch để chỉnh sửa"),
    ]
    assert 'placeholder="15/QĐ-UBND"' not in body and "placeholder" not in section
    assert re.search(r'aria-describedby="(decision-hint-\w+)".*id="\1">[^<]*15/QĐ-UBND', section, re.S)
    for form in re.findall(r"<form.*?</form>", section, re.S):
        legend = re.search(r"<legend>([^<]*)</legend>", form)
        assert legend is not None
        assert form.count("<textarea") <= 1 and form.count("<fieldset") == 1
        assert _buttons(form)[0][1] == legend.group(1)  # the box, its fields and its button belong together
    worker_page = _section(_page(login(world.worker_a1), case), "next-h")
    assert "chờ Chủ tịch" in worker_page and not _buttons(worker_page)


def test_reviewing_a_child_not_yet_safe_makes_replanning_the_next_step(world: Any, login: Any) -> None:
    case = case_in_state(world, CaseStatus.REVIEWING)
    services.assessment_record(
        actor=world.worker_a1,
        case=case,
        kind=Assessment.Kind.REVIEW,
        risk_level=Level.MEDIUM,
        child_stable=False,
    )
    section = _section(_page(login(world.worker_a1), case), "next-h")
    assert _buttons(section) == [("primary", "Xây dựng lại kế hoạch")]
    assert "Điều 30" in section  # why closing is not possible


def _deadline(kind: str, due: datetime.datetime, **kw: Any) -> Deadline:
    return Deadline(kind=kind, opened_at=due - datetime.timedelta(days=1), due_at=due, **kw)


@pytest.mark.parametrize(
    ("kind", "due", "now", "text"),
    [
        # Tuesday 08/12/2026 → Friday 11/12/2026: three working days left.
        (
            DeadlineKind.PLAN_5WD,
            (2026, 12, 11, 23, 59),
            (2026, 12, 8, 9, 0),
            "còn 3 ngày làm việc (đến 11/12/2026)",
        ),
        # Over a weekend: Friday → Tuesday is two working days, never four calendar days.
        (
            DeadlineKind.APPROVAL_7WD,
            (2026, 12, 15, 23, 59),
            (2026, 12, 11, 9, 0),
            "còn 2 ngày làm việc (đến 15/12/2026)",
        ),
        (
            DeadlineKind.APPROVAL_7WD,
            (2026, 12, 11, 23, 59),
            (2026, 12, 11, 9, 0),
            "hết hạn hôm nay (11/12/2026)",
        ),
        # Due Thursday 03/12, now Monday 07/12: Friday and Monday have passed — two working days late.
        (
            DeadlineKind.PLAN_5WD,
            (2026, 12, 3, 23, 59),
            (2026, 12, 7, 9, 0),
            "quá hạn 2 ngày làm việc (hạn 03/12/2026)",
        ),
        (DeadlineKind.PLAN_5WD, (2026, 12, 4, 23, 59), (2026, 12, 6, 9, 0), "quá hạn từ 04/12/2026"),
        (DeadlineKind.REVIEW, (2026, 12, 20, 23, 59), (2026, 12, 6, 9, 0), "còn 14 ngày (đến 20/12/2026)"),
        (DeadlineKind.REVIEW, (2026, 12, 1, 23, 59), (2026, 12, 6, 9, 0), "quá hạn 5 ngày (hạn 01/12/2026)"),
        (
            DeadlineKind.EMERGENCY_12H,
            (2026, 12, 6, 14, 30),
            (2026, 12, 6, 9, 10),
            "còn 5 giờ 20 phút (đến 14:30 06/12/2026)",
        ),
        (
            DeadlineKind.EMERGENCY_12H,
            (2026, 12, 6, 6, 0),
            (2026, 12, 6, 9, 10),
            "quá hạn 3 giờ (hạn 06:00 06/12/2026)",
        ),
        (
            DeadlineKind.EMERGENCY_12H,
            (2026, 12, 1, 6, 0),
            (2026, 12, 6, 9, 10),
            "quá hạn 5 ngày (hạn 06:00 01/12/2026)",
        ),
    ],
)
def test_deadlines_read_in_the_unit_of_their_clock(
    kind: str, due: tuple[int, ...], now: tuple[int, ...], text: str
) -> None:
    d = _deadline(kind, datetime.datetime(*due, tzinfo=TZ))
    assert nextstep.deadline_text(d, datetime.datetime(*now, tzinfo=TZ)) == text


def test_a_met_deadline_says_when(world: Any) -> None:
    due = datetime.datetime(2026, 12, 11, 23, 59, tzinfo=TZ)
    d = _deadline(DeadlineKind.PLAN_5WD, due, met_at=datetime.datetime(2026, 12, 9, 10, 5, tzinfo=TZ))
    assert nextstep.deadline_text(d) == "đã xong 10:05 09/12/2026 (hạn 11/12/2026)"


def test_forms_are_offered_only_where_they_count(world: Any, login: Any) -> None:
    client = login(world.worker_a1)
    case = case_in_state(world, CaseStatus.DETAILED_ASSESSMENT)
    review = reverse("cases:assess", args=[case.pk, "review"])
    assert review not in _page(client, case)  # no plan approved yet: a review would not count
    case = case_in_state(world, CaseStatus.IMPLEMENTING)
    assert reverse("cases:assess", args=[case.pk, "review"]) in _page(client, case)
