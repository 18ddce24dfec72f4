"""Demo activities: a year of a ward's activities (the twelve months up to today) and village collaborators
in most of its hamlets. Idempotent: a ward that already has activities or collaborators is left as it is."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from treem.accounts.access import system_actor
from treem.accounts.models import User
from treem.activities import services
from treem.activities.models import Activity, CollaboratorPost
from treem.geo.models import AdminUnit, Agency, Generation, Level
from treem.plans.models import Task
from treem.registry.models import Child, ChildStatus
from treem.web.management.demo import COMMUNE_CODES as DEMO_COMMUNE_CODES

COLLABORATORS: list[
    list[tuple[str, str, bool] | None]
] = [  # per ward, by hamlet in order: (name, phone, trained) — None: no collaborator yet
    [
        ("Phạm Thị Hoa", "0903123456", True),
        ("Nguyễn Văn Hải", "0908234567", True),
        ("Lê Thị Mai", "", False),
        None,
    ],
    [("Trần Thị Lan", "0912345670", True), ("Đỗ Văn Phúc", "0913456781", True), None],
    [("Huỳnh Thị Ngọc", "0934567892", True), ("Vũ Văn Toàn", "", False)],
]
COLLABORATOR_USERS = {("27004", 0): "ctv.tanbinh"}  # the demo login of Khu phố 1, Phường Tân Bình


@dataclass(frozen=True)
class Planned:
    month: int  # calendar month
    day: int
    days: int  # duration
    kind: str
    title: str
    at_hamlet: bool = False
    children: bool = True
    keyword: str = ""  # a word of the ward's plan task it carries out


PROGRAMME = [
    Planned(
        1, 12, 1, "communication", "Truyền thông phòng chống xâm hại trẻ em dịp Tết", keyword="truyền thông"
    ),
    Planned(2, 20, 1, "core_group", "Sinh hoạt nhóm trẻ em nòng cốt", at_hamlet=True, keyword="tham gia"),
    Planned(3, 25, 1, "board_meeting", "Họp Ban bảo vệ trẻ em quý I", children=False),
    Planned(
        4,
        15,
        1,
        "consultation",
        "Tham vấn ý kiến trẻ em về điểm vui chơi của khu phố",
        at_hamlet=True,
        keyword="vui chơi",
    ),
    Planned(4, 22, 1, "core_group", "Sinh hoạt nhóm trẻ em nòng cốt", at_hamlet=True, keyword="tham gia"),
    Planned(5, 25, 14, "swimming", "Lớp dạy bơi an toàn cho trẻ em", keyword="đuối nước"),
    Planned(6, 1, 1, "month_of_action", "Lễ phát động Tháng hành động vì trẻ em", keyword="tuyên truyền"),
    Planned(
        6, 10, 1, "forum", "Diễn đàn trẻ em phường: “Trẻ em nói, người lớn lắng nghe”", keyword="tham gia"
    ),
    Planned(6, 26, 1, "board_meeting", "Họp Ban bảo vệ trẻ em quý II", children=False),
    Planned(6, 20, 1, "core_group", "Sinh hoạt nhóm trẻ em nòng cốt", at_hamlet=True, keyword="tham gia"),
    Planned(7, 6, 30, "summer", "Sinh hoạt hè cho thiếu nhi khu phố", at_hamlet=True, keyword="vui chơi"),
    Planned(
        8,
        12,
        2,
        "training",
        "Tập huấn kỹ năng bảo vệ trẻ em cho cộng tác viên khu phố",
        children=False,
        keyword="năng lực",
    ),
    Planned(8, 24, 1, "core_group", "Sinh hoạt nhóm trẻ em nòng cốt", at_hamlet=True, keyword="tham gia"),
    Planned(9, 8, 1, "communication", "Truyền thông về quyền trẻ em đầu năm học", keyword="truyền thông"),
    Planned(9, 29, 1, "board_meeting", "Họp Ban bảo vệ trẻ em quý III", children=False),
    Planned(
        10,
        14,
        1,
        "consultation",
        "Tham vấn ý kiến trẻ em về an toàn trên đường đến trường",
        at_hamlet=True,
        keyword="tham gia",
    ),
    Planned(10, 26, 1, "core_group", "Sinh hoạt nhóm trẻ em nòng cốt", at_hamlet=True, keyword="tham gia"),
    Planned(
        11,
        18,
        1,
        "inspection",
        "Kiểm tra công tác bảo vệ trẻ em của phường",
        children=False,
        keyword="kiểm tra",
    ),
    Planned(11, 25, 1, "communication", "Truyền thông phòng chống bạo lực gia đình", keyword="truyền thông"),
    Planned(12, 2, 1, "board_meeting", "Họp Ban bảo vệ trẻ em quý IV", children=False),
]
QUESTIONS = {
    "consultation": "Các em thường vui chơi ở đâu? Nơi nào các em thấy chưa an toàn? "
    "Các em mong muốn điều gì?",
    "forum": "Trẻ em muốn chính quyền phường làm gì để trẻ em được an toàn và có nơi vui chơi?",
    "core_group": "Các em đã làm được gì trong tháng qua? Tháng tới nhóm muốn làm gì?",
}
VIEWS = {
    "consultation": "Các em mong có sân chơi có người trông gần nhà văn hóa khu phố; "
    "đề nghị lắp đèn ở hẻm tối; muốn có lớp dạy bơi vào dịp hè.",
    "forum": "Trẻ em đề nghị tổ chức thêm lớp kỹ năng sống, có hộp thư góp ý ở trường và nhà văn hóa; "
    "mong người lớn không la mắng, đánh đòn.",
    "core_group": "Nhóm đề xuất tổ chức buổi chia sẻ về an toàn trên mạng cho các bạn trong khu phố.",
}


def _months(today: datetime.date) -> list[tuple[int, int]]:
    """(year, month) of the twelve months ending with this one."""
    result = []
    year, month = today.year, today.month
    for _ in range(12):
        result.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(result)


def seed_commune(commune: AdminUnit, *, today: datetime.date, seed: int = 0) -> tuple[int, int]:
    """A year of activities and the collaborator network of one ward; (activities, posts) created."""
    rng = random.Random(f"{commune.code}-{seed}")  # noqa: S311 — demo data, not security
    actor = system_actor(commune)
    hamlets = list(
        AdminUnit.objects.filter(parent=commune, level=Level.HAMLET, valid_to__isnull=True).order_by("code")
    )
    posts = 0
    if not CollaboratorPost.objects.filter(commune=commune).exists():
        index = DEMO_COMMUNE_CODES.index(commune.code) if commune.code in DEMO_COMMUNE_CODES else 0
        people = COLLABORATORS[index % len(COLLABORATORS)]
        for n, hamlet in enumerate(hamlets):
            person = people[n] if n < len(people) else None
            if person is None:
                continue
            name, phone, trained = person
            since = today - datetime.timedelta(days=400 + 30 * n)
            username = COLLABORATOR_USERS.get((commune.code, n))
            services.post_create(
                actor=actor,
                data=services.PostData(
                    hamlet=hamlet,
                    full_name=name,
                    phone=phone,
                    since=since,
                    trained_on=since + datetime.timedelta(days=45) if trained else None,
                    user=User.objects.filter(username=username).first() if username else None,
                ),
            )
            posts += 1
    _seed_places(commune, actor, hamlets, today)
    if Activity.objects.filter(commune=commune).exists():
        return 0, posts
    organiser = Agency.objects.filter(unit=commune, name__startswith="Ủy ban nhân dân").first()
    health = Agency.objects.filter(unit=commune, name__startswith="Trạm Y tế").first()
    inspector = Agency.objects.filter(unit=commune.parent, name__startswith="Sở Y tế").first()
    tasks = list(Task.objects.filter(plan__unit=commune, is_heading=False).order_by("plan_id", "sort_order"))
    children = list(
        Child.objects.filter(commune=commune, status=ChildStatus.ACTIVE, merged_into__isnull=True)
        .filter(
            date_of_birth__gte=today - datetime.timedelta(days=16 * 365),
            date_of_birth__lte=today - datetime.timedelta(days=6 * 365),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:300]
    )
    core_group = rng.sample(children, min(len(children), 8))  # the same children meet all year
    created = 0
    hamlet_turn = 0
    for year, month in _months(today):
        for item in (p for p in PROGRAMME if p.month == month):
            start = datetime.date(year, month, min(item.day, 28))
            if start > today:
                continue
            end = min(start + datetime.timedelta(days=item.days - 1), today)
            unit = commune
            if item.at_hamlet and hamlets:
                unit = hamlets[hamlet_turn % len(hamlets)]
                hamlet_turn += 1
            task = _task_for(tasks, item.keyword)
            linked: list[int] = []
            counts: dict[tuple[str, str], int] = {}
            adults: dict[str, int] = {}
            if item.children:
                if item.kind == "core_group":
                    linked = core_group
                elif children:
                    linked = rng.sample(children, min(len(children), rng.randint(2, 6)))
                for sex in ("M", "F"):
                    for group, weight in (("7_10", 6), ("11_15", 10)):
                        counts[(sex, group)] = (
                            rng.randint(weight // 2, weight * 2) if item.kind != "core_group" else 0
                        )
                adults = {
                    "parent": rng.randint(3, 15),
                    "teacher": rng.randint(0, 3),
                    "official": rng.randint(1, 3),
                }
            else:
                adults = {"official": rng.randint(5, 12), "mass_org": rng.randint(2, 6)}
                if item.kind == "training":
                    adults["collaborator"] = len(hamlets)
            kind = item.kind
            data = services.ActivityData(
                kind=kind,
                unit=unit,
                title=f"{item.title} — {unit.name}" if unit.level == Level.HAMLET else item.title,
                start_date=start,
                end_date=end,
                place="Nhà văn hóa khu phố"
                if unit.level == Level.HAMLET
                else "Hội trường Ủy ban nhân dân phường",
                organiser=inspector if kind == "inspection" and inspector else organiser,
                cooperating=[health] if health and kind in ("swimming", "month_of_action") else [],
                task=task,
                description=f"{item.title}, {start:%d/%m/%Y}.",
                questions=QUESTIONS.get(kind, ""),
                children_views=VIEWS.get(kind, ""),
                findings="Phường đã kiện toàn Ban bảo vệ trẻ em, cập nhật cơ sở dữ liệu trẻ em; "
                "mạng lưới cộng tác viên chưa phủ hết các khu phố."
                if kind == "inspection"
                else "",
                follow_up="Bố trí cộng tác viên cho khu phố còn thiếu trước cuối năm."
                if kind == "inspection"
                else "",
                child_counts=counts,
                adult_counts=adults,
                child_ids=linked,
            )
            services.activity_create(actor=actor, data=data)
            created += 1
    return created, posts


def _task_for(tasks: list[Task], keyword: str) -> Task | None:
    if not keyword:
        return None
    word = keyword.lower()
    return next((t for t in tasks if word in f"{t.title} {t.body}".lower()), None)


class Command(BaseCommand):
    help = "Tạo một năm hoạt động và mạng lưới cộng tác viên thôn cho các phường mẫu."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        activities = posts = 0
        communes = AdminUnit.objects.filter(
            code__in=DEMO_COMMUNE_CODES, level=Level.COMMUNE, generation=Generation.CURRENT
        ).select_related("parent")
        for commune in communes:
            with transaction.atomic():
                made, appointed = seed_commune(commune, today=today)
            activities += made
            posts += appointed
        self.stdout.write(f"Hoạt động mẫu: {activities} hoạt động, {posts} cộng tác viên thôn mới.")


# Play places of the demo wards: two in the first, one (and one closed) in the second, none recorded in the
# third, which keeps the figure the culture sector reports (ADR 0031).
PLACES: list[list[tuple[str, str, int | None, int, int | None]]] = [
    [
        ("Sân chơi thiếu nhi Khu phố 1", "playground", 0, 900, None),
        ("Nhà văn hóa phường — phòng đọc thiếu nhi", "library", None, 1500, None),
    ],
    [
        ("Hồ bơi dạy bơi an toàn cho trẻ em", "pool", None, 600, None),
        ("Sân chơi tạm Khu phố 2", "playground", 1, 1200, 700),
    ],
    [],
]


def _seed_places(commune: AdminUnit, actor: Any, hamlets: list[AdminUnit], today: datetime.date) -> None:
    from treem.activities import places
    from treem.activities.models import PlayPlace

    if PlayPlace.objects.filter(commune=commune).exists() or commune.code not in DEMO_COMMUNE_CODES:
        return
    for name, kind, hamlet_index, opened_ago, closed_ago in PLACES[DEMO_COMMUNE_CODES.index(commune.code)]:
        hamlet = hamlets[hamlet_index] if hamlet_index is not None and hamlet_index < len(hamlets) else None
        places.place_create(
            actor=actor,
            data=places.PlaceData(
                commune=commune,
                hamlet=hamlet,
                name=name,
                kind=kind,
                opened_on=today - datetime.timedelta(days=opened_ago),
                closed_on=today - datetime.timedelta(days=closed_ago) if closed_ago else None,
                managed_by="Ủy ban nhân dân " + commune.name,
            ),
        )
