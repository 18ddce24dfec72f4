"""Every write to a protection case. ``case_transition`` is the only code that assigns ``Case.status``."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.cases import access as case_access
from treem.cases import rules, workflow
from treem.cases.choices import Action, CaseStatus, Category, DeadlineKind, Level
from treem.cases.models import (
    Assessment,
    Case,
    CaseAccessGrant,
    CaseAccessRequest,
    CaseEvent,
    CasePlan,
    CaseService,
    Deadline,
    Perpetrator,
    Referral,
)
from treem.core import calendar
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.notifications import notify
from treem.geo.models import AdminUnit
from treem.geo.models import Level as UnitLevel


class InvalidTransition(ApplicationError):
    """The action is not allowed now; ``extra['reasons']`` lists every reason."""


def _tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def end_of_working_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=_tz())


def due_at(
    kind: str, start: datetime.datetime, *, review_date: datetime.date | None = None
) -> datetime.datetime:
    """When a clock of ``kind`` opened at ``start`` runs out (working-day calendar, rules.py)."""
    if kind == DeadlineKind.EMERGENCY_12H:
        return calendar.add_hours(start, rules.EMERGENCY_HOURS)
    if kind == DeadlineKind.PLAN_5WD:
        return end_of_working_day(calendar.add_working_days(start.astimezone(_tz()), rules.PLAN_WORKING_DAYS))
    if kind == DeadlineKind.APPROVAL_7WD:
        return end_of_working_day(
            calendar.add_working_days(start.astimezone(_tz()), rules.APPROVAL_WORKING_DAYS)
        )
    if kind == DeadlineKind.REVIEW:
        day = review_date or (
            start.astimezone(_tz()).date() + datetime.timedelta(days=rules.DEFAULT_REVIEW_DAYS)
        )
        return end_of_working_day(day)
    raise ValueError(kind)


def _case_code(unit: AdminUnit, when: datetime.datetime) -> str:
    year = when.astimezone(_tz()).year
    prefix = f"VV-{unit.code}-{year}-"
    last = Case.objects.filter(code__startswith=prefix).aggregate(m=Max("code"))["m"]
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _event(
    case: Case,
    actor: Any,
    action: str,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    from_status: str = "",
    to_status: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def _link(case: Case) -> str:
    try:
        return reverse("cases:detail", kwargs={"case_id": case.pk})
    except NoReverseMatch:  # the pages are not installed (e.g. a worker-only deployment)
        return f"/vu-viec/{case.pk}/"


def chairmen_of(unit: AdminUnit) -> list[Any]:
    from treem.accounts.models import Assignment

    today = timezone.localdate()
    return [
        a.user
        for a in Assignment.objects.filter(unit=unit, role__code="commune_chairman", valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .select_related("user")
    ]


# -- intake -----------------------------------------------------------------------------------------------
def case_intake_create(*, actor: Any, commune: AdminUnit, data: dict[str, Any], child: Any = None) -> Case:
    """File a report (Mẫu 01). Commune staff file for their commune; hotline operators for any commune.
    Links to ``child`` (found in the register) or creates a provisional child record for the commune."""

    if not may_file_intake(actor, commune):
        raise access.AccessDenied
    if commune.level != UnitLevel.COMMUNE or not commune.is_current:
        raise ApplicationError(_("Vụ việc phải thuộc một xã, phường hiện hành."))
    errors: list[str] = []
    if not str(data.get("summary") or "").strip():
        errors.append(_("Cần mô tả nội dung thông tin, thông báo."))
    if data.get("category") not in Category.values:
        errors.append(_("Cần phân loại: trẻ em bị xâm hại, có nguy cơ, hay có hoàn cảnh đặc biệt."))
    if data.get("category") == Category.ABUSE and not data.get("abuse_form"):
        errors.append(_("Cần chọn hình thức xâm hại."))
    received_at = data.get("received_at") or timezone.now()
    if timezone.is_naive(received_at):  # a caller's local clock: Việt Nam time (ADR 0018)
        received_at = received_at.replace(tzinfo=_tz())
    errors += intake_date_errors(received_at, (data.get("reported_child") or {}).get("date_of_birth"))
    if errors:
        raise ApplicationError(" ".join(errors), extra={"errors": errors})
    with transaction.atomic():
        if child is None:
            reported = data.get("reported_child") or {}
            child = _provisional_child(actor=actor, commune=commune, reported=reported)
        elif child.commune_id != commune.pk and not access.has_perm(
            actor, "cases.file_intake", child.commune
        ):
            raise access.AccessDenied
        case = Case(
            code=_case_code(commune, received_at),
            province=AdminUnit.objects.get(pk=commune.ancestor_ids()[1]),
            unit=commune,
            child=child,
            channel=data.get("channel") or "other",
            received_at=received_at,
            category=data["category"],
            abuse_form=data.get("abuse_form") or "",
            sexual_abuse_subtype=data.get("sexual_abuse_subtype") or "",
            setting=data.get("setting") or "",
            incident_place=data.get("incident_place") or "",
            child_location=data.get("child_location") or "",
            summary=data["summary"],
            family_situation=data.get("family_situation") or "",
            caregiver=data.get("caregiver") or "",
            actions_taken=data.get("actions_taken") or "",
            reported_child=_jsonable(data.get("reported_child") or {}),
            informant_consent=bool(data.get("informant_consent")),
            filed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if case.informant_consent:  # kept only with consent
            case.informant_name = data.get("informant_name") or ""
            case.informant_phone = data.get("informant_phone") or ""
            case.informant_address = data.get("informant_address") or ""
        case.full_clean(exclude=["child", "province", "unit", "filed_by"])
        case.save()
        if getattr(actor, "is_authenticated", False) and access.has_perm(actor, "cases.manage_case", commune):
            case.workers.add(actor)
        for p in data.get("perpetrators") or []:
            Perpetrator.objects.create(case=case, **p)
        _open_deadline(case, DeadlineKind.EMERGENCY_12H, received_at)
        _event(case, actor, "intake", to_status=CaseStatus.RECEIVED, data={"channel": case.channel})
        audit_log(actor=actor, action="cases.case.intake", obj=case, unit=commune, after={"code": case.code})
        workers = [a.user for a in _commune_workers(commune)]
        notify(
            users=workers + chairmen_of(commune),
            title=_("Có thông tin mới về trẻ em cần bảo vệ: %(c)s") % {"c": case.code},
            link=_link(case),
            kind="case.intake",
        )
    return case


def intake_date_errors(received_at: datetime.datetime, date_of_birth: Any = None) -> list[str]:
    """Dates of an intake outside plausible bounds (``rules.py``): received before Nghị định 56/2017 took
    effect or more than a few minutes in the future; a reported birth date in the future or of someone
    who is no longer a minor."""
    from treem.registry import rules as register_rules

    errors: list[str] = []
    now = timezone.now()
    earliest = datetime.datetime.combine(rules.EARLIEST_RECEIPT, datetime.time(0, 0), tzinfo=_tz())
    latest = now + datetime.timedelta(minutes=rules.RECEIPT_FUTURE_TOLERANCE_MINUTES)
    if received_at < earliest:
        errors.append(
            _("Thời điểm tiếp nhận không được trước ngày %(d)s (Nghị định 56/2017/NĐ-CP có hiệu lực).")
            % {"d": f"{rules.EARLIEST_RECEIPT:%d/%m/%Y}"}
        )
    elif received_at > latest:
        errors.append(_("Thời điểm tiếp nhận không được ở tương lai."))
    dob = date_of_birth
    if isinstance(dob, str) and dob:
        try:
            dob = datetime.date.fromisoformat(dob)
        except ValueError:
            errors.append(_("Ngày sinh của trẻ em không hợp lệ."))
            dob = None
    if isinstance(dob, datetime.datetime):
        dob = dob.date()
    if isinstance(dob, datetime.date):
        today = timezone.localdate()
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        if dob > today:
            errors.append(_("Ngày sinh của trẻ em không được sau hôm nay."))
        elif age >= register_rules.MINOR_AGE_LIMIT:
            errors.append(
                _("Người sinh ngày %(d)s đã đủ %(n)d tuổi, không còn là trẻ em.")
                % {"d": f"{dob:%d/%m/%Y}", "n": register_rules.MINOR_AGE_LIMIT}
            )
    return errors


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    """Dates (a reported birth date) stored as ISO text in the JSON column."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    result: dict[str, Any] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return result


def may_file_intake(actor: Any, commune: AdminUnit) -> bool:
    """cases.file_intake over the commune, or over one of its hamlets (a village collaborator reports
    what happens in the commune of the hamlet)."""
    if access.has_perm(actor, "cases.file_intake", commune):
        return True
    return any(p.startswith(commune.path) for p in access.get_access(actor).paths("cases.file_intake"))


def _commune_workers(unit: AdminUnit) -> list[Any]:
    from treem.accounts.models import Assignment

    today = timezone.localdate()
    return list(
        Assignment.objects.filter(unit=unit, role__code="commune_worker", valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .select_related("user")
    )


def _provisional_child(*, actor: Any, commune: AdminUnit, reported: dict[str, Any]) -> Any:
    """A provisional register record from what the informant said; the commune confirms it later."""
    from treem.core.text import fold, nfc
    from treem.registry.models import Child, ChildSex
    from treem.registry.services import name_sort_key

    name = nfc(str(reported.get("full_name") or "")) or _("Chưa rõ tên")
    dob = reported.get("date_of_birth")
    if not dob:
        age = int(reported.get("estimated_age") or 0)
        today = timezone.localdate()
        dob = datetime.date(today.year - age, 1, 1)
    # Mẫu 01 records Nam / Nữ / Không biết: an unknown sex stays unknown (ADR 0023).
    sex = str(reported.get("sex")) if reported.get("sex") in ChildSex.values else ChildSex.UNKNOWN
    child = Child.objects.create(
        province=AdminUnit.objects.get(pk=commune.ancestor_ids()[1]),
        commune=commune,
        area=commune,
        full_name=name,
        name_folded=fold(name),
        name_sort_key=name_sort_key(name),
        date_of_birth=dob,
        sex=sex,
        is_provisional=True,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log(
        actor=actor, action="registry.child.created", obj=child, unit=commune, after={"provisional": True}
    )
    return child


# -- deadlines --------------------------------------------------------------------------------------------
def _open_deadline(case: Case, kind: str, start: datetime.datetime, **kw: Any) -> Deadline:
    return Deadline.objects.create(case=case, kind=kind, opened_at=start, due_at=due_at(kind, start, **kw))


def _close_deadlines(case: Case, kinds: tuple[str, ...], when: datetime.datetime) -> None:
    Deadline.objects.filter(case=case, kind__in=kinds, met_at__isnull=True, cancelled_at__isnull=True).update(
        met_at=when
    )


# -- the one transition service ----------------------------------------------------------------------------
def facts_for(case: Case, data: dict[str, Any]) -> workflow.Facts:
    return facts_from(
        case,
        data,
        assessments=list(case.assessments.order_by("created_at", "id")),
        plans=list(case.plans.prefetch_related("services").order_by("number")),
        referrals=list(case.referrals.all()),
    )


def facts_from(
    case: Case,
    data: dict[str, Any],
    *,
    assessments: list[Assessment],
    plans: list[CasePlan],
    referrals: list[Referral],
    police: list[Any] | None = None,
) -> workflow.Facts:
    """The guards' facts from the case's assessments (oldest first), plans (by number, services
    prefetched) and referrals — as loaded by ``facts_for`` or by the case page."""

    def latest(kind: str, since: datetime.datetime | None = None) -> Assessment | None:
        found = [a for a in assessments if a.kind == kind and (since is None or a.created_at >= since)]
        return found[-1] if found else None

    def facts(a: Assessment | None) -> dict[str, Any] | None:
        if a is None:
            return None
        return {
            "risk_level": a.risk_level,
            "harm_level": a.harm_level,
            "emergency_needed": a.emergency_needed,
            "child_stable": a.child_stable,
            "meeting_minutes": a.meeting_minutes,
        }

    plan = plans[-1] if plans else None
    # Closure weighs the review of the plan being carried out (Điều 30): a Mẫu 06 recorded before that
    # plan was approved does not count.
    review = None
    if plan is not None and plan.approved_at is not None:
        review = facts(latest(Assessment.Kind.REVIEW, since=plan.approved_at))
    police_open = any(
        r.kind == Referral.Kind.POLICE and r.status in (Referral.Status.PENDING, Referral.Status.ACCEPTED)
        for r in referrals
    )
    data = dict(data)
    if "agency" in data:
        found = police_agency(case, data["agency"], police)
        data["agency"] = found.pk if found is not None else None  # a police agency of the case only
    if "to_commune" in data:
        target = transfer_commune(data["to_commune"])
        data["to_commune"] = target.pk if target is not None else None  # a current commune only
    return workflow.Facts(
        initial_assessment=facts(latest(Assessment.Kind.INITIAL)),
        detailed_assessment=facts(latest(Assessment.Kind.DETAILED)),
        latest_review=review,
        plan_services=len(plan.services.all()) if plan else 0,
        data=data,
        same_commune=str(data.get("to_commune") or "") == str(case.unit_id),
        police_referral_open=police_open,
    )


def police_agencies(case: Case) -> list[Any]:
    """The police agencies of the case's commune and province (the targets of ``refer_to_police``): of the
    police sector in the agency catalogue, or named "Công an …" where no type was recorded."""
    from django.db.models import Q

    from treem.geo.models import Agency, Sector

    return list(
        Agency.objects.filter(unit_id__in=[case.unit_id, case.province_id], is_active=True)
        .filter(
            Q(agency_type__sector=Sector.POLICE) | Q(agency_type__isnull=True, name__istartswith="Công an")
        )
        .order_by("unit__level", "name")  # the commune police first
    )


def transfer_commune(raw: Any) -> AdminUnit | None:
    """The commune a case may be transferred to: a commune of the current map, or None (a missing id, a
    hamlet, a province, a former commune, an id that is no integer)."""
    try:
        pk = access.parse_pk(raw)
    except (ValueError, TypeError):
        return None
    return AdminUnit.objects.filter(pk=pk, level=UnitLevel.COMMUNE, generation="2025").first()


def police_agency(case: Case, raw: Any, police: list[Any] | None = None) -> Any:
    try:
        pk = access.parse_pk(raw)
    except (ValueError, TypeError):
        return None
    return next((a for a in (police_agencies(case) if police is None else police) if a.pk == pk), None)


def case_transition(
    *,
    actor: Any,
    case_id: int,
    action: str,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> Case:
    """Apply one step of the procedure: lock, authorise, check the table and guards, change the status,
    record the event, move the clocks, audit, notify — in one transaction."""
    data = data or {}
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if not case_access.can_open_case_file(actor, case):
            raise access.AccessDenied
        if expected_version is not None and case.version != expected_version:
            raise ConcurrentEditError(
                _("Vụ việc đã được người khác cập nhật (trạng thái hiện tại: %(s)s). Hãy tải lại trang.")
                % {"s": case.get_status_display()}
            )
        transition, reasons = workflow.check(case.status, action, facts_for(case, data))
        if transition is not None and not access.has_perm(actor, transition.perm, case.unit):
            reasons = [_("Vai trò của bạn không được thực hiện bước này.")]
        if reasons or transition is None:
            raise InvalidTransition(" ".join(reasons), extra={"reasons": reasons})
        now = timezone.now()
        before = case.status
        case.status = transition.to
        case.version += 1
        _close_deadlines(case, transition.closes, now)
        if action == Action.APPROVE_PLAN:
            plan = case.plans.order_by("-number").first()
            assert plan is not None
            plan.decision_number, plan.approved_by, plan.approved_at = data["decision_number"], actor, now
            plan.save(update_fields=["decision_number", "approved_by", "approved_at", "updated_at"])
        if action == Action.SUBMIT_PLAN:
            case.plans.filter(submitted_at__isnull=True).update(submitted_at=now)
            if case.is_sexual_abuse:  # the chairman needs the file to decide
                for chairman in chairmen_of(case.unit):
                    CaseAccessGrant.objects.get_or_create(
                        case=case,
                        user=chairman,
                        defaults={"reason": _("Phê duyệt kế hoạch (Mẫu 05)."), "granted_by": actor},
                    )
        for kind in transition.opens:
            review_date = None
            if kind == DeadlineKind.REVIEW:
                plan = case.plans.order_by("-number").first()
                review_date = plan.review_date if plan else None
            _open_deadline(case, kind, now, review_date=review_date)
        if transition.to in (CaseStatus.CLOSED,):
            case.closed_at = now
        if action == Action.REOPEN:
            case.closed_at = None
        if action == Action.REFER_TO_POLICE:  # beside the support track: the status stays (ADR 0023)
            _referral_make(
                actor=actor,
                case=case,
                agency=police_agency(case, data["agency"]),
                kind=Referral.Kind.POLICE,
                reason=str(data.get("note") or ""),
            )
        if action == Action.TRANSFER:
            case.transferred_to = _transfer_copy(actor=actor, case=case, to_commune_id=data["to_commune"])
        if action == Action.NOT_SUBSTANTIATED or transition.to in (CaseStatus.TRANSFERRED,):
            Deadline.objects.filter(case=case, met_at__isnull=True, cancelled_at__isnull=True).update(
                cancelled_at=now
            )
        case.save()
        _event(
            case,
            actor,
            action,
            note=str(data.get("note") or ""),
            from_status=before,
            to_status=case.status,
            data={k: v for k, v in data.items() if k != "note"},
        )
        audit_log(
            actor=actor,
            action="cases.case.transitioned",
            obj=case,
            unit=case.unit,
            before={"status": before},
            after={"status": case.status, "action": action},
        )
        if action == Action.SUBMIT_PLAN:
            notify(
                users=chairmen_of(case.unit),
                title=_("Kế hoạch hỗ trợ, can thiệp chờ phê duyệt: %(c)s") % {"c": case.code},
                link=_link(case),
                kind="case.plan_submitted",
            )
        if action in (Action.APPROVE_PLAN, Action.RETURN_PLAN):
            notify(
                users=case.workers.all(),
                title=_("Kế hoạch của vụ việc %(c)s: %(a)s") % {"c": case.code, "a": Action(action).label},
                link=_link(case),
                kind="case.plan_decided",
            )
    return case


def _transfer_copy(*, actor: Any, case: Case, to_commune_id: Any) -> Case:
    target = transfer_commune(to_commune_id)
    if target is None:  # the guard has_target_commune refused it already
        raise InvalidTransition(_("Cần chọn xã, phường tiếp nhận."))
    new = Case.objects.get(pk=case.pk)
    new.pk = None
    new.code = _case_code(target, case.received_at)
    new.unit = target
    new.province = AdminUnit.objects.get(pk=target.ancestor_ids()[1])
    new.status = CaseStatus.RECEIVED
    new.version = 1
    new.transferred_to = None
    new.save()
    _open_deadline(new, DeadlineKind.EMERGENCY_12H, timezone.now())
    _event(new, actor, "transferred_in", to_status=CaseStatus.RECEIVED, data={"from": case.code})
    audit_log(
        actor=actor, action="cases.case.transferred_in", obj=new, unit=target, after={"from": case.code}
    )
    notify(
        users=[a.user for a in _commune_workers(target)] + chairmen_of(target),
        title=_("Vụ việc được chuyển đến: %(c)s") % {"c": new.code},
        link=_link(new),
        kind="case.transferred",
    )
    return new


# -- forms of the procedure ----------------------------------------------------------------------------------
def assessment_record(
    *,
    actor: Any,
    case: Case,
    kind: str,
    risk_level: str,
    harm_level: str = "",
    emergency_needed: bool | None = None,
    child_stable: bool | None = None,
    content: dict[str, Any] | None = None,
    meeting_minutes: str = "",
) -> Assessment:
    if not case_access.can_open_case_file(actor, case) or not access.has_perm(
        actor, "cases.manage_case", case.unit
    ):
        raise access.AccessDenied
    if risk_level not in Level.values or (harm_level and harm_level not in Level.values):
        raise ApplicationError(_("Mức độ phải là Cao, Trung bình hoặc Thấp."))
    if kind == Assessment.Kind.INITIAL and emergency_needed is None:
        raise ApplicationError(_("Cần kết luận có phải can thiệp khẩn cấp hay không."))
    if kind == Assessment.Kind.REVIEW and child_stable is None:
        raise ApplicationError(_("Cần đánh giá trẻ em đã ổn định hay chưa."))
    with transaction.atomic():
        item = Assessment.objects.create(
            case=case,
            kind=kind,
            risk_level=risk_level,
            harm_level=harm_level,
            emergency_needed=emergency_needed,
            child_stable=child_stable,
            content=content or {},
            meeting_minutes=meeting_minutes,
            assessed_by=actor,
        )
        Case.objects.filter(pk=case.pk).update(
            risk_level=risk_level,
            harm_level=harm_level or case.harm_level,
            emergency_needed=emergency_needed if emergency_needed is not None else case.emergency_needed,
        )
        _event(case, actor, f"assessment.{kind}", data={"risk_level": risk_level, "harm_level": harm_level})
        audit_log(
            actor=actor, action="cases.assessment.recorded", obj=case, unit=case.unit, after={"kind": kind}
        )
    return item


def plan_save(
    *,
    actor: Any,
    case: Case,
    goals: str,
    services: list[dict[str, Any]],
    review_date: datetime.date | None = None,
) -> CasePlan:
    """Draft (or redraft) the plan (Mẫu 04) while the case is at the planning step."""
    if not case_access.can_open_case_file(actor, case) or not access.has_perm(
        actor, "cases.manage_case", case.unit
    ):
        raise access.AccessDenied
    if case.status != CaseStatus.PLAN_DRAFTING:
        raise ApplicationError(_("Chỉ soạn kế hoạch khi vụ việc ở bước xây dựng kế hoạch."))
    if not goals.strip():
        raise ApplicationError(_("Cần nêu mục tiêu của kế hoạch."))
    for s in services:
        if not str(s.get("description") or "").strip() or not s.get("due_date"):
            raise ApplicationError(_("Mỗi dịch vụ, biện pháp cần nội dung và thời hạn."))
    with transaction.atomic():
        plan = case.plans.filter(approved_at__isnull=True).order_by("-number").first()
        if plan is None:
            last = case.plans.aggregate(m=Max("number"))["m"] or 0
            plan = CasePlan.objects.create(case=case, number=last + 1, goals=goals, drafted_by=actor)
        plan.goals, plan.review_date = goals, review_date
        plan.save()
        plan.services.all().delete()
        for s in services:
            CaseService.objects.create(plan=plan, **s)
        _event(case, actor, "plan.saved", data={"plan": plan.number, "services": len(services)})
        audit_log(
            actor=actor, action="cases.plan.saved", obj=case, unit=case.unit, after={"plan": plan.number}
        )
    return plan


def referral_create(*, actor: Any, case: Case, agency: Any, kind: str, reason: str) -> Referral:
    if not case_access.can_open_case_file(actor, case) or not access.has_perm(
        actor, "cases.manage_case", case.unit
    ):
        raise access.AccessDenied
    if kind not in Referral.Kind.values or not reason.strip():
        raise ApplicationError(_("Cần loại cơ quan và lý do chuyển."))
    with transaction.atomic():
        ref = _referral_make(actor=actor, case=case, agency=agency, kind=kind, reason=reason)
        _event(case, actor, "referral.created", data={"agency": agency.name, "kind": kind})
    return ref


def _referral_make(*, actor: Any, case: Case, agency: Any, kind: str, reason: str) -> Referral:
    """Record a referral and alert the agency's officers (the caller holds the transaction)."""
    ref = Referral.objects.create(case=case, agency=agency, kind=kind, reason=reason, referred_by=actor)
    audit_log(
        actor=actor,
        action="cases.referral.created",
        obj=case,
        unit=case.unit,
        after={"agency": agency.pk},
    )
    from treem.accounts.models import Assignment

    officers = [a.user for a in Assignment.objects.filter(agency=agency).select_related("user")]
    notify(
        users=officers,
        title=_("Có vụ việc được chuyển đến cơ quan: %(c)s") % {"c": case.code},
        link=_link(case),
        kind="case.referral",
    )
    return ref


def referral_respond(
    *, actor: Any, referral: Referral, status: str, note: str = "", outcome: str = ""
) -> Referral:
    agencies = {a.agency_id for a in access.get_access(actor).assignments if a.agency_id}
    if referral.agency_id not in agencies or not access.has_perm(actor, "cases.handle_referral"):
        raise access.AccessDenied
    allowed: dict[str, set[str]] = {
        Referral.Status.PENDING: {Referral.Status.ACCEPTED, Referral.Status.DECLINED},
        Referral.Status.ACCEPTED: {Referral.Status.COMPLETED},
    }
    if status not in allowed.get(str(referral.status), set()):
        raise ApplicationError(_("Không thể chuyển yêu cầu sang trạng thái này."))
    if status == Referral.Status.COMPLETED and not outcome.strip():
        raise ApplicationError(_("Cần báo cáo kết quả."))
    with transaction.atomic():
        referral.status, referral.response_note = status, note or referral.response_note
        referral.outcome = outcome or referral.outcome
        referral.responded_at = timezone.now()
        referral.save()
        _event(referral.case, actor, f"referral.{status}", note=note)
        audit_log(
            actor=actor,
            action="cases.referral.responded",
            obj=referral.case,
            unit=referral.case.unit,
            after={"status": status},
        )
    return referral


def access_reviewers(case: Case) -> list[Any]:
    """Who is alerted of a break-glass opening or an access request on ``case`` and may review it: the
    commune chairman and the province's holders of cases.approve_access (ADR 0018)."""
    users = {u.pk: u for u in chairmen_of(case.unit)}
    for unit in (case.unit, case.province):
        users.update({u.pk: u for u in access.holders(case_access.APPROVE_ACCESS, unit)})
    return list(users.values())


def _check_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < rules.ACCESS_REASON_MIN_CHARS:
        raise ApplicationError(message % {"n": rules.ACCESS_REASON_MIN_CHARS})
    return reason


def break_glass_open(*, actor: Any, case: Case, reason: str, ip: str | None = None) -> CaseAccessGrant:
    """Emergency opening by a user of the commune (assigned to it or one of its hamlets) who is not
    assigned to the case: written reason, ``rules.BREAK_GLASS_HOURS``, audited, and the commune chairman
    and the province's reviewers are alerted (in-app and by mail: the case code and a link only).
    Anyone else asks (``access_request_create``)."""
    if not case_access.may_break_glass(actor, case):
        raise access.AccessDenied
    reason = _check_reason(reason, _("Cần ghi rõ lý do mở hồ sơ khẩn cấp (ít nhất %(n)d ký tự)."))
    with transaction.atomic():
        valid_until = timezone.now() + datetime.timedelta(hours=rules.BREAK_GLASS_HOURS)
        grant = CaseAccessGrant.objects.create(
            case=case, user=actor, granted_by=actor, reason=reason, break_glass=True, valid_until=valid_until
        )
        _event(case, actor, "access.break_glass", note=reason)
        audit_log(
            actor=actor,
            action="cases.case.break_glass",
            obj=case,
            unit=case.unit,
            ip=ip,
            extra={"reason": reason, "grant": grant.pk, "valid_until": valid_until.isoformat()},
        )
        notify(
            users=[u for u in access_reviewers(case) if u.pk != actor.pk],
            title=_("Hồ sơ vụ việc %(c)s vừa được mở khẩn cấp") % {"c": case.code},
            link=_review_link(),
            kind="case.break_glass",
        )
    return grant


def _review_link() -> str:
    try:
        return reverse("cases:access_review")
    except NoReverseMatch:  # the pages are not installed
        return "/vu-viec/mo-ho-so/"


def access_request_create(
    *, actor: Any, case: Case, reason: str, hours: int, ip: str | None = None
) -> CaseAccessRequest:
    """A user who sees the case but is not of its commune (a provincial officer) asks to open the file for
    ``hours`` (at most ``rules.ACCESS_GRANT_MAX_HOURS``, counted from the approval)."""
    if not case_access.may_request_access(actor, case) or case_access.can_open_case_file(actor, case):
        raise access.AccessDenied
    reason = _check_reason(reason, _("Cần ghi rõ lý do xin xem hồ sơ (ít nhất %(n)d ký tự)."))
    if not 1 <= int(hours) <= rules.ACCESS_GRANT_MAX_HOURS:
        raise ApplicationError(
            _("Thời hạn xin xem hồ sơ từ 1 đến %(n)d giờ.") % {"n": rules.ACCESS_GRANT_MAX_HOURS}
        )
    with transaction.atomic():
        now = timezone.now()
        if CaseAccessRequest.objects.filter(
            case=case,
            requester=actor,
            status=CaseAccessRequest.Status.PENDING,
            requested_at__gt=now - datetime.timedelta(hours=rules.ACCESS_REQUEST_PENDING_HOURS),
        ).exists():
            raise ApplicationError(_("Bạn đã có một yêu cầu xem hồ sơ này đang chờ duyệt."))
        item = CaseAccessRequest.objects.create(
            case=case, requester=actor, reason=reason, hours=int(hours), requested_at=now
        )
        _event(case, actor, "access.requested", note=reason, data={"request": item.pk, "hours": item.hours})
        audit_log(
            actor=actor,
            action="cases.access_request.created",
            obj=case,
            unit=case.unit,
            ip=ip,
            extra={"request": item.pk, "reason": reason, "hours": item.hours},
        )
        notify(
            users=[u for u in access_reviewers(case) if u.pk != actor.pk],
            title=_("Yêu cầu xem hồ sơ vụ việc %(c)s chờ duyệt") % {"c": case.code},
            link=_review_link(),
            kind="case.access_requested",
        )
    return item


def access_request_decide(
    *, actor: Any, request_id: Any, approve: bool, note: str = "", ip: str | None = None
) -> CaseAccessRequest:
    """Approve (a grant valid ``hours`` from now) or refuse a pending request. Only the commune chairman
    or a holder of cases.approve_access over the case's commune decides, and never the requester."""
    with transaction.atomic():
        try:
            item = (
                CaseAccessRequest.objects.select_for_update()
                .select_related("case__unit", "case__province", "requester")
                .get(pk=access.parse_pk(request_id))
            )
        except (CaseAccessRequest.DoesNotExist, ValueError, TypeError):
            raise access.AccessDenied from None
        if not case_access.may_decide_request(actor, item):
            raise access.AccessDenied
        now = timezone.now()
        if item.state(now) != CaseAccessRequest.Status.PENDING:
            raise ApplicationError(_("Yêu cầu này đã được xử lý hoặc đã hết hạn."))
        item.decided_by, item.decided_at, item.decision_note = actor, now, (note or "").strip()
        case = item.case
        if approve:
            item.status = CaseAccessRequest.Status.APPROVED
            item.valid_until = now + datetime.timedelta(hours=item.hours)
        else:
            item.status = CaseAccessRequest.Status.REFUSED
        item.save()
        if approve:
            CaseAccessGrant.objects.create(
                case=case,
                user=item.requester,
                granted_by=actor,
                reason=item.reason,
                valid_until=item.valid_until,
                request=item,
            )
        _event(
            case,
            actor,
            f"access.request_{item.status}",
            note=item.decision_note,
            data={"request": item.pk, "user": item.requester.username},
        )
        audit_log(
            actor=actor,
            action=f"cases.access_request.{item.status}",
            obj=case,
            unit=case.unit,
            ip=ip,
            after={"request": item.pk, "user": item.requester.username, "status": item.status},
            extra={"valid_until": item.valid_until.isoformat() if item.valid_until else None},
        )
        notify(
            users=[item.requester],
            title=(
                _("Yêu cầu xem hồ sơ vụ việc %(c)s đã được duyệt")
                if approve
                else _("Yêu cầu xem hồ sơ vụ việc %(c)s bị từ chối")
            )
            % {"c": case.code},
            link=_link(case) if approve else _review_link(),
            kind="case.access_decided",
        )
    return item


def grant_access(*, actor: Any, case: Case, user: Any, reason: str) -> CaseAccessGrant:
    if not case_access.can_open_case_file(actor, case) or not access.has_perm(
        actor, "cases.approve_plan", case.unit
    ):
        raise access.AccessDenied
    with transaction.atomic():
        grant = CaseAccessGrant.objects.create(case=case, user=user, granted_by=actor, reason=reason)
        _event(case, actor, "access.granted", data={"user": user.username})
        audit_log(
            actor=actor,
            action="cases.case.access_granted",
            obj=case,
            unit=case.unit,
            after={"user": user.username},
        )
    return grant


def case_assign_worker(*, actor: Any, case: Case, worker: Any) -> None:
    if not access.has_perm(actor, "cases.manage_case", case.unit) and not access.has_perm(
        actor, "cases.approve_plan", case.unit
    ):
        raise access.AccessDenied
    if not access.has_perm(worker, "cases.manage_case", case.unit):
        raise ApplicationError(_("Người được phân công phải là người làm công tác bảo vệ trẻ em của xã."))
    with transaction.atomic():
        case.workers.add(worker)
        _event(case, actor, "worker.assigned", data={"user": worker.username})
        audit_log(
            actor=actor,
            action="cases.case.worker_assigned",
            obj=case,
            unit=case.unit,
            after={"user": worker.username},
        )


# -- periodic: reminders and missed deadlines -----------------------------------------------------
def deadlines_scan(now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind the assignee before a deadline and alert the commune chairman when one is missed.
    Messages carry the case code and a link only."""
    now = now or timezone.now()
    counts = {"reminded": 0, "missed": 0}
    open_qs = Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True).select_related(
        "case__unit"
    )
    for d in open_qs.filter(reminded_at__isnull=True, due_at__gt=now):
        if d.kind == DeadlineKind.EMERGENCY_12H:
            soon = d.due_at - datetime.timedelta(hours=rules.REMIND_HOURS_BEFORE_EMERGENCY) <= now
        else:
            soon = calendar.working_days_between(now.astimezone(_tz()), d.due_at.astimezone(_tz())) <= (
                rules.REMIND_WORKING_DAYS_BEFORE
            )
        if soon:
            notify(
                users=d.case.workers.all(),
                title=_("Sắp đến hạn: %(k)s — vụ việc %(c)s") % {"k": d.get_kind_display(), "c": d.case.code},
                link=_link(d.case),
                kind="case.deadline_soon",
            )
            Deadline.objects.filter(pk=d.pk).update(reminded_at=now)
            counts["reminded"] += 1
    for d in open_qs.filter(missed_notified_at__isnull=True, due_at__lte=now):
        notify(
            users=[*d.case.workers.all(), *chairmen_of(d.case.unit)],
            title=_("Quá hạn: %(k)s — vụ việc %(c)s") % {"k": d.get_kind_display(), "c": d.case.code},
            link=_link(d.case),
            kind="case.deadline_missed",
        )
        Deadline.objects.filter(pk=d.pk).update(missed_notified_at=now)
        counts["missed"] += 1
    return counts


# -- attachments (appended for the case pages) ------------------------------------------------------------
def attachment_add(*, actor: Any, case: Case, upload: Any) -> Any:
    """Store an uploaded document of the case file under MEDIA_ROOT with a random name (the original
    name is kept only as metadata). PDF, JPEG, PNG or DOCX up to 10 MB, checked by content."""
    import secrets

    from django.core.files.base import ContentFile

    from treem.cases.models import Attachment
    from treem.core.files import check_upload

    if not case_access.can_open_case_file(actor, case) or not access.has_perm(
        actor, "cases.manage_case", case.unit
    ):
        raise access.AccessDenied
    checked = check_upload(upload)
    with transaction.atomic():
        item = Attachment(
            case=case,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
        item.file.save(f"{secrets.token_hex(16)}{checked.ext}", ContentFile(upload.read()), save=False)
        item.save()
        _event(case, actor, "attachment.added", data={"name": checked.name, "size": checked.size})
        audit_log(
            actor=actor,
            action="cases.attachment.added",
            obj=case,
            unit=case.unit,
            after={"name": checked.name},
        )
    return item
