"""The score of a commune against the 13 criteria of Quyết định 06/QĐ-TTg (ADR 0022).

Each sub-criterion with a data rule is computed from Treem's own records: the children register, the cases
and their approval clocks, the indicators other sectors report, the activities and the collaborator
network. Each result carries the figure, the rule applied (in Vietnamese), the points, the maximum and the
records behind the figure (``sources``: label, link, ids). Sub-criteria Treem cannot compute — or whose data
are missing — take the points entered with evidence (``ManualEntry``). The caller has authorised the commune.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from treem.assessment import rules
from treem.assessment.models import CommuneAssessment, CommuneType, Criterion, ManualEntry, SubCriterion
from treem.assessment.rules import CommuneCategory
from treem.geo.models import AdminUnit, UnitType


@dataclass
class Record:
    label: str
    url: str | None = None
    ids: list[int] = field(default_factory=list)
    model: str = ""


@dataclass
class Measure:
    """What a data rule found: the value compared with the threshold, its wording, the records."""

    value: Decimal | None  # None: no data (the sub-criterion is then entered by hand)
    text: str
    records: list[Record] = field(default_factory=list)


@dataclass
class SubResult:
    code: str
    name: str
    max: int
    points: int
    figure: str
    rule: str
    confirmed: bool
    sector: str
    manual: bool = False  # points entered by hand
    missing: bool = False  # nothing computed and nothing entered yet
    records: list[Record] = field(default_factory=list)


@dataclass
class CriterionResult:
    number: int
    name: str
    max: int
    confirmed: bool
    sector: str
    window: str
    window_text: str
    subs: list[SubResult]

    @property
    def points(self) -> int:
        return sum(s.points for s in self.subs)

    @property
    def met(self) -> bool:
        return self.points > 0


@dataclass
class Score:
    unit: AdminUnit
    year: int
    category: str
    criteria: list[CriterionResult]
    as_of: datetime.date | None = None  # a standing on that day, not the evaluation's own windows
    estimated: bool = False  # some criteria read the last twelve months: the year has not begun

    @property
    def total(self) -> int:
        return sum(c.points for c in self.criteria)

    @property
    def threshold(self) -> int:
        return rules.threshold(self.category)

    @property
    def zero_criteria(self) -> list[int]:
        return [c.number for c in self.criteria if not c.met]

    @property
    def passed(self) -> bool:
        return (
            len(self.criteria) == rules.CRITERIA_COUNT
            and not self.zero_criteria
            and self.total >= self.threshold
        )

    @property
    def result(self) -> str:
        return "pass" if self.passed else "fail"

    @property
    def reasons(self) -> list[str]:
        """What the commune lacks, in Vietnamese."""
        out = []
        if len(self.criteria) != rules.CRITERIA_COUNT:
            out.append(f"Danh mục chỉ có {len(self.criteria)}/13 tiêu chí.")
        for number in self.zero_criteria:
            out.append(f"Tiêu chí {number} đạt 0 điểm.")
        if self.total < self.threshold:
            out.append(f"Tổng điểm {self.total} thấp hơn mức {self.threshold} điểm của loại xã này.")
        return out

    @property
    def unconfirmed(self) -> bool:
        return any(not c.confirmed or any(not s.confirmed for s in c.subs) for c in self.criteria)

    def as_json(self) -> dict[str, Any]:
        """The shape printed by ``assessment_score --json``."""
        return {
            "unit": self.unit.code,
            "year": self.year,
            "criteria": [
                {
                    "number": c.number,
                    "name": c.name,
                    "points": c.points,
                    "max": c.max,
                    "sources": [
                        {
                            "sub": s.code,
                            "name": s.name,
                            "figure": s.figure,
                            "rule": s.rule,
                            "points": s.points,
                            "max": s.max,
                            "confirmed": s.confirmed,
                            "manual": s.manual,
                            "missing": s.missing,
                            "records": [asdict(r) for r in s.records],
                        }
                        for s in c.subs
                    ],
                }
                for c in self.criteria
            ],
            "total": self.total,
            "threshold": self.threshold,
            "result": self.result,
            **({"as_of": self.as_of.isoformat(), "estimated": self.estimated} if self.as_of else {}),
        }


# -- commune kind -----------------------------------------------------------------------------------------
def derived_category(unit: AdminUnit) -> str:
    """Without the province's record: a ward (phường) of a centrally-run city → 900; a special zone (đặc
    khu, the island districts of 2025) → 800; everything else → 850. Mountain and extremely
    disadvantaged communes are known only from the province's record (``CommuneType``)."""
    if unit.unit_type == UnitType.SPECIAL_ZONE:
        return CommuneCategory.MOUNTAIN_ISLAND
    if unit.unit_type == UnitType.WARD:
        province = AdminUnit.objects.filter(pk__in=unit.ancestor_ids(), level="province").first()
        if province is not None and province.unit_type == UnitType.CITY:
            return CommuneCategory.CENTRAL_CITY_WARD
    return CommuneCategory.OTHER


def commune_category(unit: AdminUnit) -> str:
    own = CommuneType.objects.filter(unit=unit).values_list("category", flat=True).first()
    return own or derived_category(unit)


# -- data rules -------------------------------------------------------------------------------------------
def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _tz_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    begin = datetime.datetime(start.year, start.month, start.day, tzinfo=tz)
    after = datetime.datetime(end.year, end.month, end.day, tzinfo=tz) + datetime.timedelta(days=1)
    return begin, after


def _children(ids: list[int], label: str) -> Record:
    return Record(label=label, url=_url("registry:list"), ids=sorted(ids), model="registry.Child")


def commune_worker(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.accounts.models import Assignment

    rows = list(
        Assignment.objects.filter(unit=unit, role__code="commune_worker", valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .values_list("user_id", flat=True)
    )
    users = sorted(set(rows))
    return Measure(
        Decimal(len(users)),
        f"{len(users)} người làm công tác bảo vệ trẻ em cấp xã được phân công",
        [Record("Người làm công tác bảo vệ trẻ em được phân công", None, users, "accounts.User")],
    )


def collaborator_coverage(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.activities import selectors as activities

    on = min(end, timezone.localdate())
    cov = activities.collaborator_coverage(commune=unit, on_date=on)
    if not cov.hamlets:
        return Measure(None, "Chưa có danh sách thôn, tổ dân phố của xã")
    return Measure(
        cov.covered_share,
        f"{cov.covered}/{cov.hamlets} thôn, tổ dân phố có cộng tác viên tại ngày {on:%d/%m/%Y} "
        f"({cov.covered_share}%)",
        [
            Record(
                "Mạng lưới cộng tác viên",
                _url("activities:network"),
                cov.post_ids,
                "activities.CollaboratorPost",
            )
        ],
    )


def board_meetings(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.activities import selectors as activities

    meetings = activities.board_meetings(commune=unit, year=end.year)
    return Measure(
        Decimal(meetings.count),
        f"{meetings.count} cuộc họp Ban bảo vệ trẻ em trong năm {end.year}",
        [Record("Các cuộc họp", _url("activities:list"), meetings.activity_ids, "activities.Activity")],
    )


def children_consulted(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.activities import selectors as activities

    summary = activities.children_consulted(commune=unit, year=end.year)
    return Measure(
        Decimal(summary.children.total),
        f"{summary.children.total} lượt trẻ em tham gia {summary.activities} diễn đàn, tham vấn, "
        "nhóm nòng cốt",
        [Record("Các hoạt động", _url("activities:list"), summary.activity_ids, "activities.Activity")],
    )


PLAY_KINDS = ("summer", "swimming", "month_of_action")


def play_activities(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.activities import selectors as activities

    summary = activities.activity_summary(unit=unit, start=start, end=end, kinds=PLAY_KINDS)
    return Measure(
        Decimal(summary.activities),
        f"{summary.activities} hoạt động vui chơi, hè, dạy bơi, Tháng hành động "
        f"({summary.children.total} lượt trẻ em)",
        [Record("Các hoạt động", _url("activities:list"), summary.activity_ids, "activities.Activity")],
    )


def play_places(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    """Criterion 12.2 from the commune's play places, where it records them in Treem (else entered)."""
    from treem.activities import places

    if not places.PlayPlace.objects.filter(commune=unit, opened_on__lte=end).exists():
        return Measure(None, "Xã chưa ghi nhận điểm vui chơi trong Treem.")
    open_ = list(
        places.PlayPlace.objects.filter(places.open_between(start, end), commune=unit).order_by("name")
    )
    names = ", ".join(p.name for p in open_[:3]) + ("…" if len(open_) > 3 else "")
    return Measure(
        Decimal(len(open_)),
        f"{len(open_)} điểm vui chơi được sử dụng trong kỳ" + (f": {names}" if open_ else ""),
        [
            Record(
                "Điểm vui chơi",
                _url("activities:places", unit.pk),
                [p.pk for p in open_],
                "activities.PlayPlace",
            )
        ],
    )


def birth_registration(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.indicators import rules as indicator_rules
    from treem.indicators.selectors import population

    base = population(
        AdminUnit.objects.filter(pk=unit.pk).values("pk"),
        end.year,
        min_age=0,
        max_age=indicator_rules.BIRTH_REGISTRATION_AGE_LIMIT - 1,
    )
    whole = base.count()
    if not whole:
        return Measure(None, "Sổ theo dõi chưa có trẻ em dưới 5 tuổi")
    registered = base.filter(birth_registered=True).count()
    missing = list(base.exclude(birth_registered=True).values_list("pk", flat=True))
    return Measure(
        _pct(registered, whole),
        f"{registered}/{whole} trẻ em dưới 5 tuổi đã đăng ký khai sinh ({_pct(registered, whole)}%)",
        [_children(missing, "Trẻ em chưa ghi nhận đăng ký khai sinh")],
    )


def _case_records(cases: list[Any]) -> list[Record]:
    return [Record(c.code, _url("cases:detail", c.pk), [c.pk], "cases.Case") for c in cases]


def abused_period(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.cases.choices import CaseStatus, Category
    from treem.cases.models import Case

    begin, after = _tz_bounds(start, end)
    cases = list(
        Case.objects.filter(unit=unit, category=Category.ABUSE, received_at__gte=begin, received_at__lt=after)
        .exclude(status__in=[CaseStatus.NOT_SUBSTANTIATED, CaseStatus.TRANSFERRED])
        .select_related("child")
        .order_by("received_at", "pk")
    )
    children = {c.child.merged_into_id or c.child_id for c in cases}
    return Measure(
        Decimal(len(children)),
        f"{len(children)} trẻ em bị xâm hại từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} ({len(cases)} vụ việc)",
        _case_records(cases),
    )


def law_drug(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.registry.models import ChildCircumstance

    ids = sorted(
        set(
            ChildCircumstance.objects.filter(
                child__commune=unit,
                child__merged_into__isnull=True,
                group__number__in=(6, 7),
                start_date__lte=end,
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            .values_list("child_id", flat=True)
        )
    )
    return Measure(
        Decimal(len(ids)),
        f"{len(ids)} trẻ em vi phạm pháp luật, nghiện ma túy trong năm {end.year}",
        [_children(ids, "Trẻ em thuộc nhóm e, g (Luật Trẻ em Điều 10)")],
    )


def injuries_period(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from treem.registry.models import Injury

    rows = list(
        Injury.objects.filter(child__commune=unit, date__gte=start, date__lte=end).values_list(
            "pk", "child_id"
        )
    )
    return Measure(
        Decimal(len(rows)),
        f"{len(rows)} lượt trẻ em bị tai nạn, thương tích từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
        [_children(sorted({c for _pk, c in rows}), "Trẻ em bị tai nạn, thương tích")],
    )


def hcdb_supported(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    from django.db.models import Exists, OuterRef

    from treem.indicators.selectors import _special_circumstances
    from treem.registry.models import Support

    base = _special_circumstances(AdminUnit.objects.filter(pk=unit.pk).values("pk"), end.year, "")
    whole = base.count()
    if not whole:
        return Measure(Decimal(100), "Không có trẻ em có hoàn cảnh đặc biệt trong năm (đạt)")
    supported_q = Exists(Support.objects.filter(child_id=OuterRef("pk"), date__gte=start, date__lte=end))
    supported = base.filter(supported_q).count()
    lacking = list(base.exclude(supported_q).values_list("pk", flat=True))
    return Measure(
        _pct(supported, whole),
        f"{supported}/{whole} trẻ em có hoàn cảnh đặc biệt được trợ giúp ({_pct(supported, whole)}%)",
        [_children(lacking, "Trẻ em có hoàn cảnh đặc biệt chưa được ghi nhận trợ giúp")],
    )


IN_TIME_FORMS = ("sexual_abuse", "abandonment", "trafficking")


def plans_in_time(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
    """Cases of sexual abuse, abandonment or trafficking received in the year whose plan-approval clock
    (07 working days, Nghị định 56/2017 Điều 28) has run out or been met: approved by its due time?
    Cases whose clock is still running are left out until it ends."""
    from treem.cases.choices import CaseStatus, Category, DeadlineKind
    from treem.cases.models import Case, Deadline

    begin, after = _tz_bounds(start, end)
    now = timezone.now()
    cases = list(
        Case.objects.filter(
            unit=unit,
            category=Category.ABUSE,
            abuse_form__in=IN_TIME_FORMS,
            received_at__gte=begin,
            received_at__lt=after,
        )
        .exclude(status__in=[CaseStatus.NOT_SUBSTANTIATED, CaseStatus.TRANSFERRED])
        .order_by("received_at", "pk")
    )
    clocks: dict[int, list[Any]] = {}
    for d in Deadline.objects.filter(
        case__in=[c.pk for c in cases], kind=DeadlineKind.APPROVAL_7WD, cancelled_at__isnull=True
    ).order_by("opened_at"):
        clocks.setdefault(d.case_id, []).append(d)
    counted, in_time = [], []
    for case in cases:
        ds = clocks.get(case.pk, [])
        if not ds:
            continue
        last = ds[-1]
        if last.met_at is None and last.due_at > now:
            continue  # still running
        counted.append(case)
        if all(d.met_at is not None and d.met_at <= d.due_at for d in ds):
            in_time.append(case)
    if not counted:
        return Measure(
            Decimal(100), "Không có vụ việc xâm hại tình dục, bỏ rơi, mua bán đến hạn phê duyệt (đạt)"
        )
    late = [c for c in counted if c not in in_time]
    records = [
        Record(f"{c.code} — phê duyệt đúng hạn", _url("cases:detail", c.pk), [c.pk], "cases.Case")
        for c in in_time
    ]
    records += [
        Record(
            f"{c.code} — phê duyệt quá hạn hoặc chưa phê duyệt",
            _url("cases:detail", c.pk),
            [c.pk],
            "cases.Case",
        )
        for c in late
    ]
    return Measure(
        _pct(len(in_time), len(counted)),
        f"{len(in_time)}/{len(counted)} vụ việc được phê duyệt kế hoạch trong 07 ngày làm việc "
        f"({_pct(len(in_time), len(counted))}%)",
        records,
    )


def reported(code: str) -> Callable[[AdminUnit, datetime.date, datetime.date], Measure]:
    def rule(unit: AdminUnit, start: datetime.date, end: datetime.date) -> Measure:
        from treem.indicators.models import Indicator
        from treem.indicators.selectors import reported as reported_figure

        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            return Measure(None, f"Chưa có chỉ tiêu {code} trong danh mục")
        fig = reported_figure(indicator, unit, end.year)
        if fig.value is None:
            return Measure(None, f"Chưa có số liệu {code} năm {end.year}")
        detail = f" ({fig.numerator}/{fig.denominator})" if fig.denominator else ""
        return Measure(
            fig.value,
            f"{indicator.name}: {fig.value}%{detail} (số liệu ngành báo cáo năm {end.year})",
            [
                Record(
                    f"Chỉ tiêu {code}", _url("indicators:scorecard"), [indicator.pk], "indicators.Indicator"
                )
            ],
        )

    return rule


RULES: dict[str, Callable[[AdminUnit, datetime.date, datetime.date], Measure]] = {
    "commune_worker": commune_worker,
    "collaborator_coverage": collaborator_coverage,
    "board_meetings": board_meetings,
    "children_consulted": children_consulted,
    "play_activities": play_activities,
    "play_places": play_places,
    "birth_registration": birth_registration,
    "abused_period": abused_period,
    "law_drug": law_drug,
    "injuries_period": injuries_period,
    "hcdb_supported": hcdb_supported,
    "plans_in_time": plans_in_time,
}


def rule_for(key: str) -> Callable[[AdminUnit, datetime.date, datetime.date], Measure] | None:
    if key.startswith("reported:"):
        return reported(key.split(":", 1)[1])
    return RULES.get(key)


def meets(value: Decimal, comparator: str, threshold: Decimal) -> bool:
    if comparator == "le":
        return value <= threshold
    return value >= threshold


def points_for(sub: SubCriterion, value: Decimal) -> int:
    threshold = sub.threshold if sub.threshold is not None else Decimal(0)
    return sub.max_points if meets(value, sub.comparator or "ge", threshold) else sub.partial_points


# -- the score --------------------------------------------------------------------------------------------
def _manual(sub: SubCriterion, entry: ManualEntry | None, base_rule: str, why: str = "") -> SubResult:
    result = SubResult(
        code=sub.code,
        name=sub.name,
        max=sub.max_points,
        points=0,
        figure=why or "Chưa nhập",
        rule=base_rule,
        confirmed=sub.confirmed,
        sector=sub.sector,
        manual=True,
        missing=entry is None,
    )
    if entry is not None:
        result.points = min(entry.points, sub.max_points)
        result.figure = entry.figure or "Nhập kèm minh chứng"
        result.records = [
            Record(
                entry.evidence_name or "Giải trình của xã",
                _url("assessment:evidence", entry.pk) if entry.evidence else None,
                [entry.pk],
                "assessment.ManualEntry",
            )
        ]
    return result


def score(
    unit: AdminUnit,
    year: int,
    *,
    assessment: CommuneAssessment | None = None,
    as_of: datetime.date | None = None,
) -> Score:
    """The score of ``unit`` in the evaluation of ``year`` (the live one: computed now).

    ``as_of``: the commune's standing on that day — the data windows end there, and before the evaluation
    year begins the criteria of the year take the twelve months up to that day (``Score.estimated``).
    An assessment re-entered from a paper dossier (``CommuneAssessment.paper``) takes every sub-criterion
    from its entries: the records of that time are not in Treem."""
    if assessment is None:
        assessment = CommuneAssessment.objects.filter(unit=unit, round__year=year).first()
    entries: dict[int, ManualEntry] = {}
    if assessment is not None:
        entries = {e.sub_id: e for e in ManualEntry.objects.filter(assessment=assessment)}
    paper = assessment is not None and assessment.paper
    criteria = []
    estimated = False
    for criterion in Criterion.objects.prefetch_related("subs").order_by("number"):
        if as_of is None:
            start, end = rules.data_window(criterion.number, year)
            guess = False
        else:
            start, end, guess = rules.standing_window(criterion.number, year, as_of)
            estimated = estimated or guess
        window_text = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
        if guess:
            window_text += " (ước tính: 12 tháng gần nhất, năm đánh giá chưa bắt đầu)"
        subs = []
        for sub in sorted(criterion.subs.all(), key=lambda s: s.sort_order):
            rule = None if paper else rule_for(sub.rule)
            if rule is None:
                subs.append(_manual(sub, entries.get(sub.pk), sub.rule_text))
                continue
            measure = rule(unit, start, end)
            if measure.value is None:
                subs.append(_manual(sub, entries.get(sub.pk), sub.rule_text, measure.text))
                continue
            subs.append(
                SubResult(
                    code=sub.code,
                    name=sub.name,
                    max=sub.max_points,
                    points=points_for(sub, measure.value),
                    figure=measure.text,
                    rule=sub.rule_text,
                    confirmed=sub.confirmed,
                    sector=sub.sector,
                    records=measure.records,
                )
            )
        criteria.append(
            CriterionResult(
                number=criterion.number,
                name=criterion.name,
                max=criterion.max_points,
                confirmed=criterion.confirmed,
                sector=criterion.sector,
                window=criterion.data_window,
                window_text=window_text,
                subs=subs,
            )
        )
    return Score(
        unit=unit,
        year=year,
        category=commune_category(unit),
        criteria=criteria,
        as_of=as_of,
        estimated=estimated,
    )
