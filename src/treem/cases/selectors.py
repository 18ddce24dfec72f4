"""Reads of protection cases, always scoped through ``accounts.access``."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from treem.accounts import access
from treem.cases import access as case_access
from treem.cases.choices import AbuseForm, CaseStatus, Category, DeadlineKind
from treem.cases.models import Case, CaseAccessGrant, CasePlan, Deadline

OVERDUE = "overdue"


@dataclass
class CaseFilters:
    status: str = ""
    overdue: bool = False
    category: str = ""
    abuse_form: str = ""
    commune: int | None = None
    q: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> CaseFilters:
        """Filters from a query string; unknown values are ignored."""

        def _in(name: str, allowed: Any) -> str:
            value = str(data.get(name) or "").strip()
            return value if value in allowed else ""

        commune = str(data.get("commune") or "").strip()
        return cls(
            status=_in("status", (*CaseStatus.values, "open")),
            overdue=str(data.get("overdue") or "") in ("1", "on", "true"),
            category=_in("category", Category.values),
            abuse_form=_in("abuse_form", AbuseForm.values),
            commune=int(commune) if commune.isdecimal() and len(commune) < 10 else None,
            q=str(data.get("q") or "").strip()[:40],
        )


def _open_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)


def case_list(*, user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases the user may list (``case_access.cases_listable``), overdue ones first, then the newest."""
    filters = filters or CaseFilters()
    now = timezone.now()
    qs = case_access.cases_listable(user).select_related("unit", "child")
    if filters.status == "open":
        qs = qs.exclude(status__in=[s.value for s in _final()])
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category or filters.abuse_form:
        # Filtering must not reveal which closed files are sexual-abuse cases (the list masks them).
        qs = qs.filter(
            ~Q(abuse_form=AbuseForm.SEXUAL_ABUSE)
            | Exists(Case.workers.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))
            | Exists(case_access.active_grants(user).filter(case_id=OuterRef("pk")))
        )
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.abuse_form:
        qs = qs.filter(abuse_form=filters.abuse_form)
    if filters.commune is not None:
        qs = qs.filter(unit_id=filters.commune)
    if filters.q:
        qs = qs.filter(code__icontains=filters.q)
    qs = qs.annotate(is_overdue=Exists(_open_deadlines().filter(case=OuterRef("pk"), due_at__lte=now)))
    if filters.overdue:
        qs = qs.filter(is_overdue=True)
    return qs.order_by("-is_overdue", "-received_at", "-id")


def _final() -> tuple[Any, ...]:
    from treem.cases.choices import FINAL_STATUSES

    return FINAL_STATUSES


def openable_ids(user: Any, cases: list[Case]) -> set[int]:
    """Which of ``cases`` the user may open (``case_access.can_open_case_file`` in three queries at most)."""
    if not cases or not getattr(user, "is_authenticated", False):
        return set()
    viewable = [c for c in cases if access.has_perm(user, "cases.view_case", c.unit)]
    if not viewable:
        return set()
    ids = [c.pk for c in viewable]
    result = {
        c.pk
        for c in viewable
        if not c.is_sexual_abuse and access.has_perm(user, "cases.approve_plan", c.unit)
    }
    result |= set(
        Case.workers.through.objects.filter(case_id__in=ids, user_id=user.pk).values_list(
            "case_id", flat=True
        )
    )
    result |= set(case_access.active_grants(user).filter(case_id__in=ids).values_list("case_id", flat=True))
    return result


def case_overdue_list(*, user: Any) -> QuerySet[Deadline]:
    """Open deadlines past due on cases the user may list (partial index ``cases_deadline_open_idx``)."""
    return (
        _open_deadlines()
        .filter(due_at__lte=timezone.now(), case__in=case_access.cases_listable(user))
        .select_related("case", "case__unit")
        .order_by("due_at")
    )


def case_deadlines(case: Case) -> list[Deadline]:
    return list(case.deadlines.order_by("due_at", "id"))


# -- statistics ----------------------------------------------------------------------------------------------
AGE_GROUPS = (("0_5", 0, 5), ("6_10", 6, 10), ("11_15", 11, 15), ("16_17", 16, 17))
AGE_GROUP_LABELS = {"0_5": "0–5 tuổi", "6_10": "6–10 tuổi", "11_15": "11–15 tuổi", "16_17": "16–17 tuổi"}


def age_on(dob: datetime.date, day: datetime.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def age_group(age: int) -> str:
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return "other"


@dataclass
class CaseStats:
    cases: int = 0
    children: int = 0
    by_abuse_form: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age_group: dict[str, int] = field(default_factory=dict)
    by_setting: dict[str, int] = field(default_factory=dict)
    by_commune: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    children_by_abuse_form: dict[str, int] = field(default_factory=dict)
    plans_approved: int = 0
    plans_approved_on_time: int = 0

    @property
    def by_sex_label(self) -> dict[str, int]:
        """``by_sex`` as shown: Nam, Nữ, Không rõ (an unknown sex is never counted as male)."""
        from treem.registry.models import ChildSex

        labels = dict(ChildSex.choices)
        return {str(labels.get(k, labels[ChildSex.UNKNOWN])): n for k, n in self.by_sex.items()}

    @property
    def timeliness(self) -> float | None:
        """Share of approved plans approved within the 7-working-day clock (None when none)."""
        if not self.plans_approved:
            return None
        return self.plans_approved_on_time / self.plans_approved


def case_stats(*, user: Any, unit: Any, period_start: datetime.date, period_end: datetime.date) -> CaseStats:
    """Cases received in [period_start, period_end] (local dates) in ``unit``'s subtree, within the user's
    scope for cases.view_case. Age is counted at the received date; children are counted once each."""
    import zoneinfo

    from django.conf import settings

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(period_start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    scoped = access.scope(Case.objects.all(), user, "cases.view_case").filter(
        unit__path__startswith=unit.path
    )
    rows = list(
        scoped.filter(received_at__gte=start, received_at__lt=end).values(
            "pk",
            "child_id",
            "abuse_form",
            "setting",
            "status",
            "received_at",
            "unit__code",
            "child__sex",
            "child__date_of_birth",
        )
    )
    stats = CaseStats(cases=len(rows), children=len({r["child_id"] for r in rows}))
    counters: dict[str, Counter[str]] = {
        k: Counter() for k in ("abuse", "sex", "age", "setting", "commune", "status")
    }
    children: dict[str, set[int]] = {}
    for r in rows:
        counters["abuse"][r["abuse_form"] or "none"] += 1
        children.setdefault(r["abuse_form"] or "none", set()).add(r["child_id"])
        counters["sex"][r["child__sex"]] += 1
        day = r["received_at"].astimezone(tz).date()
        counters["age"][age_group(age_on(r["child__date_of_birth"], day))] += 1
        counters["setting"][r["setting"] or "none"] += 1
        counters["commune"][r["unit__code"]] += 1
        counters["status"][r["status"]] += 1
    stats.by_abuse_form = dict(counters["abuse"])
    stats.by_sex = dict(counters["sex"])
    stats.by_age_group = dict(counters["age"])
    stats.by_setting = dict(counters["setting"])
    stats.by_commune = dict(counters["commune"])
    stats.by_status = dict(counters["status"])
    stats.children_by_abuse_form = {k: len(v) for k, v in children.items()}
    approvals = Deadline.objects.filter(
        kind=DeadlineKind.APPROVAL_7WD,
        case__in=scoped,
        met_at__gte=start,
        met_at__lt=end,
    ).filter(Exists(CasePlan.objects.filter(case=OuterRef("case"), approved_at=OuterRef("met_at"))))
    stats.plans_approved = approvals.count()
    stats.plans_approved_on_time = approvals.filter(met_at__lte=F("due_at")).count()
    return stats


# -- single objects and the case file ---------------------------------------------------------------------
def case_file(case: Case) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries (no per-row queries)."""
    from django.db.models import Prefetch

    from treem.cases.models import CaseService

    return {
        "events": list(case.events.select_related("actor").order_by("at", "id")),
        "assessments": list(case.assessments.select_related("assessed_by").order_by("created_at", "id")),
        "plans": list(
            case.plans.select_related("drafted_by", "approved_by")
            .prefetch_related(Prefetch("services", queryset=CaseService.objects.select_related("agency")))
            .order_by("number")
        ),
        "referrals": list(case.referrals.select_related("agency").order_by("created_at", "id")),
        "deadlines": case_deadlines(case),
        "attachments": list(case.attachments.select_related("uploaded_by").order_by("created_at", "id")),
        "perpetrators": list(case.perpetrators.order_by("id")),
        "workers": list(case.workers.order_by("full_name")),
    }


def attachment_get(*, user: Any, attachment_id: Any) -> Any:
    """The attachment if the user may open its case file; 404 otherwise."""
    from treem.cases.models import Attachment

    try:
        item = Attachment.objects.get(pk=access.parse_pk(attachment_id))
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise access.AccessDenied from None
    case_access.access_case(user, item.case_id, file=True)
    return item


def user_agency_ids(user: Any) -> set[int]:
    if not access.has_perm(user, "cases.handle_referral"):
        return set()
    return {a.agency_id for a in access.get_access(user).assignments if a.agency_id}


def referral_for_agency(*, user: Any, referral_id: Any) -> Any:
    """A referral to one of the user's agencies (agency officers, commune police); 404 otherwise."""
    from treem.cases.models import Referral

    try:
        return Referral.objects.select_related("case", "case__unit", "case__child", "agency").get(
            pk=access.parse_pk(referral_id), agency_id__in=user_agency_ids(user)
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise access.AccessDenied from None


def agency_referrals(*, user: Any) -> QuerySet[Any]:
    from treem.cases.models import Referral

    return (
        Referral.objects.filter(agency_id__in=user_agency_ids(user))
        .select_related("case", "case__unit", "agency")
        .order_by("-created_at")
    )


def agencies_for_case(case: Case) -> list[Any]:
    """Agencies of the case's commune and province (referral targets, plan services)."""
    from treem.geo.models import Agency

    return list(Agency.objects.filter(unit_id__in=[case.unit_id, case.province_id]).order_by("name"))


def grant_candidates(case: Case) -> list[Any]:
    """Users who hold cases.view_case over the case's commune (through the commune or the province)."""
    from treem.accounts.models import Assignment, User

    today = timezone.localdate()
    ancestors = case.unit.ancestor_ids()
    ids = [
        a.user_id
        for a in Assignment.objects.filter(unit_id__in=ancestors, valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .select_related("role")
        if "cases.view_case" in a.role.permissions
    ]
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name"))


def intake_provinces(user: Any) -> list[Any]:
    """Provinces whose communes the user may file for when not bound to a commune (hotline operators)."""
    from treem.geo.models import Level

    return list(
        access.units(user, "cases.file_intake")
        .filter(level=Level.PROVINCE, generation="2025")
        .order_by("name_folded")
    )


def intake_communes(user: Any, *, province_id: int | None = None, q: str = "") -> list[Any]:
    """Current communes the user may file an intake for: those in the jurisdiction for cases.file_intake,
    and the communes of the hamlets of a village collaborator."""
    from treem.core.text import fold
    from treem.geo.models import AdminUnit, Level

    ancestors: set[int] = set()
    for p in access.get_access(user).paths("cases.file_intake"):
        ancestors.update(int(x) for x in p.strip("/").split("/") if x.isdigit())
    qs = AdminUnit.objects.filter(level=Level.COMMUNE, generation="2025").filter(
        Q(pk__in=access.units(user, "cases.file_intake").values("pk")) | Q(pk__in=ancestors)
    )
    if province_id is not None:
        qs = qs.filter(parent_id=province_id)
    folded = fold(q)
    if folded:
        qs = qs.filter(name_folded__contains=folded)
    return list(qs.order_by("name_folded")[:1000])


def intake_children(user: Any, *, commune_id: int | None, q: str) -> list[Any]:
    """Register candidates for linking an intake (name or ID search in the commune)."""
    if not q or commune_id is None or not access.has_perm(user, "registry.view_child"):
        return []
    try:
        from treem.registry.selectors import ChildFilters, child_list
    except ImportError:  # pragma: no cover — the register's selectors are not installed
        from treem.core.text import fold
        from treem.registry.models import Child

        return list(
            access.scope(Child.objects.all(), user, "registry.view_child", field="area").filter(
                commune_id=commune_id, name_folded__contains=fold(q)
            )[:20]
        )
    return list(child_list(user=user, filters=ChildFilters(q=q, commune=commune_id, status="all"))[:20])


def intake_child_get(user: Any, *, commune_id: int, child_id: int) -> Any:
    from treem.registry.models import Child

    if not access.has_perm(user, "registry.view_child"):
        return None
    return (
        access.scope(Child.objects.all(), user, "registry.view_child", field="area")
        .filter(pk=child_id, commune_id=commune_id)
        .first()
    )


def assignable_workers(case: Case) -> list[Any]:
    """Commune workers (cases.manage_case over the case's commune) not yet assigned to it."""
    from treem.accounts.models import Assignment, User

    today = timezone.localdate()
    ids = [
        a.user_id
        for a in Assignment.objects.filter(unit_id__in=case.unit.ancestor_ids(), valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .select_related("role")
        if "cases.manage_case" in a.role.permissions
    ]
    assigned = case.workers.values_list("pk", flat=True)
    return list(
        User.objects.filter(pk__in=ids, is_active=True).exclude(pk__in=assigned).order_by("full_name")
    )


# -- review of break-glass openings and access requests (ADR 0018) ---------------------------------------
def _openings(grants: list[Any]) -> dict[int, list[str]]:
    """What each grant's holder opened of the case while the grant ran (from the audit trail)."""
    from treem.audit.models import AuditEvent

    found: dict[int, list[str]] = {}
    for g in grants:
        end = g.valid_until or timezone.now()
        events = AuditEvent.objects.filter(
            action="cases.case.viewed",
            object_type="cases.case",
            object_id=str(g.case_id),
            actor_id=g.user_id,
            at__gte=g.created_at,
            at__lte=end,
        ).order_by("at")[:50]
        found[g.pk] = [_opening_label(e) for e in events]
    return found


def _opening_label(event: Any) -> str:
    extra = event.extra or {}
    view = extra.get("view")
    when = f"{timezone.localtime(event.at):%H:%M %d/%m/%Y}"
    if view == "document":
        return f"{when}: Mẫu {int(extra.get('form') or 0):02d}"
    if view == "attachment":
        return f"{when}: tài liệu đính kèm"
    return f"{when}: hồ sơ vụ việc"


def access_review(*, user: Any, most: int = 200) -> dict[str, Any]:
    """Break-glass openings and access requests on cases of the user's jurisdiction for
    cases.approve_access (the chairman: the commune; the provincial officer: the province)."""
    from treem.cases.access import APPROVE_ACCESS
    from treem.cases.models import CaseAccessRequest

    grants = list(
        access.scope(
            CaseAccessGrant.objects.filter(break_glass=True), user, APPROVE_ACCESS, field="case__unit"
        )
        .select_related("case", "case__unit", "user")
        .order_by("-created_at")[:most]
    )
    requests = list(
        access.scope(CaseAccessRequest.objects.all(), user, APPROVE_ACCESS, field="case__unit")
        .select_related("case", "case__unit", "requester", "decided_by")
        .order_by("-requested_at")[:most]
    )
    by_request = {
        g.request_id: g
        for g in CaseAccessGrant.objects.filter(request__in=[r.pk for r in requests]).select_related("case")
    }
    opened = _openings(grants + list(by_request.values()))
    for g in grants:
        g.opened = opened.get(g.pk, [])  # type: ignore[attr-defined]
    for r in requests:
        grant = by_request.get(r.pk)
        r.opened = opened.get(grant.pk, []) if grant else []  # type: ignore[attr-defined]
    return {"break_glass": grants, "requests": requests}


def access_request_get(*, user: Any, request_id: Any) -> Any:
    """An access request on a case of the user's jurisdiction for cases.approve_access; else 404."""
    from treem.cases.access import APPROVE_ACCESS
    from treem.cases.models import CaseAccessRequest

    return access.access_object(
        CaseAccessRequest.objects.select_related("case", "case__unit"),
        user,
        request_id,
        APPROVE_ACCESS,
        field="case__unit",
    )
