"""Writes of plans: importing a reviewed draft, deriving a unit's or an agency's plan, posting progress.

Every write is one transaction and audited. The draft is the JSON that ``parsing.PlanDraft.to_json()``
produces, possibly corrected by a person on the review page (``views.import_review``).
"""

from __future__ import annotations

import datetime
import re
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.files import check_upload
from treem.geo.models import AdminUnit, Agency, AgencyType, Level
from treem.plans import reform
from treem.plans.models import (
    EVERY_YEAR_LABEL,
    AgencyRole,
    Document,
    DocumentLink,
    DocumentType,
    Evidence,
    ImportState,
    LinkKind,
    Periodicity,
    Plan,
    PlanImport,
    PlanStatus,
    PlanTarget,
    PlanTargetValue,
    ProgressStatus,
    ReportingDeadline,
    Task,
    TaskAgency,
    TaskProgress,
    TimeframeKind,
    number_key,
    validate_period,
)

MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_DUE_DAY = 20
_NATIONAL_SYMBOL = re.compile(r"(/tw|-ttg|/qh\d*|-cp|-bct|/bct|-tw)$")


# -- import ---------------------------------------------------------------------------------------------
def plan_import_create(*, actor: Any, unit: AdminUnit, file_name: str, data: bytes) -> PlanImport:
    """Parse an uploaded .txt/.docx/.pdf into a draft kept for review. Raises ApplicationError."""
    from treem.plans import parsing

    access.require(actor, "plans.manage_plan", unit)
    if not data:
        raise ApplicationError(_("Tệp rỗng."))
    if len(data) > MAX_PLAN_FILE_BYTES:
        raise ApplicationError(_("Tệp quá lớn (tối đa 5 MB)."))
    try:
        text = parsing.extract_text(file_name, data)
        draft = parsing.parse_plan(text)
    except parsing.PlanFileError as exc:
        raise ApplicationError(str(exc)) from None
    data_json = draft.to_json()
    with transaction.atomic():
        item = PlanImport.objects.create(
            unit=unit,
            file_name=file_name[:255],
            lines=list(draft.lines),
            draft={k: v for k, v in data_json.items() if k != "lines"},
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(actor=actor, action="plans.import.parsed", obj=item, unit=unit, after={"file": file_name})
    return item


def plan_import_update(*, actor: Any, item: PlanImport, draft: dict[str, Any], version: int) -> PlanImport:
    """Keep a person's corrections to the draft (not yet a plan)."""
    access.require(actor, "plans.manage_plan", item.unit)
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=item.pk)
        _check_open(locked, version)
        locked.draft = draft
        locked.version += 1
        locked.save(update_fields=["draft", "version", "updated_at"])
    return locked


def _check_open(item: PlanImport, version: int) -> None:
    if item.state != ImportState.DRAFT:
        raise ApplicationError(_("Bản nháp này đã được lưu thành kế hoạch."))
    if item.version != version:
        raise ConcurrentEditError(
            _("Bản nháp đã được người khác sửa sau khi bạn mở trang. Hãy tải lại trang và sửa lại.")
        )


def _parse_date(value: Any) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    from treem.plans.drafts import dmy

    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return dmy(text)


def validate_draft(draft: dict[str, Any]) -> dict[str, str]:
    """Every problem of a draft, keyed by the review form's field names (Vietnamese messages)."""
    errors: dict[str, str] = {}
    doc = draft.get("document") or {}
    if doc.get("doc_type") not in DocumentType.values:
        errors["doc_type"] = _("Chọn loại văn bản.")
    if not str(doc.get("title") or "").strip():
        errors["doc_title"] = _("Chưa có trích yếu (tên) của văn bản.")
    try:
        day = _parse_date(doc.get("date"))
        if day and day > timezone.localdate():
            errors["doc_date"] = _("Ngày ban hành không được ở tương lai.")
    except ValueError:
        errors["doc_date"] = _("Ngày ban hành phải theo dạng dd/mm/yyyy.")
    start, end = draft.get("start_year"), draft.get("end_year")
    if start and end and int(start) > int(end):
        errors["plan_years"] = _("Năm bắt đầu phải trước năm kết thúc.")
    tasks = draft.get("tasks") or []
    kept_targets = [t for t in draft.get("targets") or [] if not t.get("deleted")]
    if not any(not t.get("deleted") for t in tasks) and not kept_targets:
        errors["tasks"] = _("Kế hoạch chưa có nhiệm vụ hay chỉ tiêu nào.")
    for i, task in enumerate(tasks):
        if task.get("deleted"):
            continue
        if not str(task.get("title") or "").strip():
            errors[f"task_{i}"] = _("Nhiệm vụ chưa có nội dung.")
        tf = task.get("timeframe") or {}
        if tf.get("on"):
            try:
                _parse_date(tf["on"])
            except ValueError:
                errors[f"task_{i}"] = _("Thời hạn không đọc được.")
    for i, deadline in enumerate(draft.get("deadlines") or []):
        if deadline.get("deleted"):
            continue
        day, month = deadline.get("day"), deadline.get("month")
        if not isinstance(day, int) or not 0 <= day <= 31:
            errors[f"deadline_{i}"] = _("Ngày của hạn báo cáo phải từ 1 đến 31.")
        elif month is not None and not (isinstance(month, int) and 1 <= month <= 12):
            errors[f"deadline_{i}"] = _("Tháng của hạn báo cáo phải từ 1 đến 12.")
    for i, target in enumerate(draft.get("targets") or []):
        if target.get("deleted"):
            continue
        for year, value in (target.get("values") or {}).items():
            if str(year) in ("", "?"):
                errors[f"target_{i}"] = _("Chỉ tiêu chưa có năm: hãy ghi năm cho giá trị (vd. 2026: 100).")
            elif not re.fullmatch(r"\d{4}|yearly", str(year)):
                errors[f"target_{i}"] = _("Năm của chỉ tiêu không hợp lệ: %(y)s.") % {"y": year}
            try:
                Decimal(str(value))
            except InvalidOperation:
                errors[f"target_{i}"] = _("Giá trị chỉ tiêu phải là số.")
        if target.get("high") not in (None, "") and _decimal_or_none(target.get("high")) is None:
            errors[f"target_{i}"] = _("Cận trên của khoảng phải là số.")
    for i, cite in enumerate(draft.get("cites") or []):
        if cite.get("deleted") or not cite.get("date"):
            continue
        try:
            datetime.date.fromisoformat(str(cite["date"]))
        except ValueError:
            errors[f"cite_{i}"] = _("Ngày của văn bản được dẫn phải theo dạng dd/mm/yyyy.")
    return errors


def _issuing_unit(number: str, own: AdminUnit) -> AdminUnit:
    """Central documents (…-CT/TW, …/QĐ-TTg, …/QH15) belong to the nation; the rest to the province."""
    if _NATIONAL_SYMBOL.search(number_key(number)):
        nation = AdminUnit.objects.filter(level=Level.NATION).first()
        if nation is not None:
            return nation
    node = own
    while node.level not in (Level.PROVINCE, Level.NATION) and node.parent_id is not None:
        node = node.parent  # type: ignore[assignment]
    return node


def _cited_document(cite: dict[str, Any], unit: AdminUnit, actor: Any) -> Document | None:
    number = str(cite.get("number") or "").strip()
    title = str(cite.get("title") or "").strip()
    if not number and not title:
        return None
    if number:
        found = Document.objects.filter(number_key=number_key(number)).order_by("-has_text").first()
        if found is not None:
            return found
    elif (found := Document.objects.filter(number="", title=title).first()) is not None:
        return found
    doc_type = (
        str(cite.get("doc_type")) if cite.get("doc_type") in DocumentType.values else DocumentType.OTHER
    )
    try:
        date = _parse_date(cite.get("date"))
    except ValueError:
        date = None
    if doc_type == DocumentType.LUAT:  # laws are the National Assembly's, numbered or not
        home = AdminUnit.objects.filter(level=Level.NATION).first() or unit
    else:
        home = _issuing_unit(number, unit) if number else unit
    return Document.objects.create(
        unit=home,
        doc_type=doc_type,
        number=number,
        date=date,
        issuer=str(cite.get("issuer") or "")[:255],
        title=title,
        has_text=False,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _link_citations(cited: list[tuple[dict[str, Any], Document]]) -> None:
    """A citation that names another ("Chỉ thị số 33-CT/TU … về triển khai Chỉ thị số 28-CT/TW") tells
    how two documents known only by citation relate: the first implements the second."""
    for cite, source in cited:
        if source.has_text:
            continue  # a document with its text has its own links
        words = number_key(str(cite.get("title") or ""))
        for _other, target in cited:
            if target.pk != source.pk and target.number_key and target.number_key in words:
                DocumentLink.objects.get_or_create(
                    source=source, target=target, defaults={"kind": LinkKind.IMPLEMENTS}
                )


def _agency_types() -> dict[str, AgencyType]:
    return {t.code: t for t in AgencyType.objects.all()}


def _add_agencies(task: Task, refs: list[dict[str, Any]], role: str, types: dict[str, AgencyType]) -> None:
    unit = task.plan.unit
    for order, ref in enumerate(refs):
        code = str(ref.get("type_code") or "")
        level = str(ref.get("level") or "")
        agency_type = types.get(code)
        agency = None
        if agency_type is not None and level in ("", unit.level):
            agency = Agency.objects.filter(unit=unit, agency_type=agency_type, is_active=True).first()
        text = str(ref.get("text") or "")[:255]
        after = reform.agency_successor(text, code, level, unit)  # the 2025 reform (ADR 0025)
        if after is not None:
            agency = after.agency
        TaskAgency.objects.create(
            task=task,
            role=role,
            text=text,
            type_code=code,
            agency_type=agency_type,
            agency=agency,
            level=level,
            sort_order=order,
            **_successor_fields(after),
        )


def _successor_fields(after: reform.Successor | None) -> dict[str, Any]:
    if after is None:
        return {"successor_text": "", "successor_type": None, "successor_confirmed": True}
    return {
        "successor_text": after.text[:255],
        "successor_type": after.agency_type,
        "successor_confirmed": after.row.confirmed,
    }


def _parent_number(number: str, known: dict[str, Task]) -> Task | None:
    parts = number.split(".")
    while len(parts) > 1:
        parts = parts[:-1]
        if (parent := known.get(".".join(parts))) is not None:
            return parent
    return None


def _create_tasks(plan: Plan, tasks: list[dict[str, Any]], budget: str = "") -> None:
    """The tasks in document order; those without budget sources of their own take the plan's."""
    types = _agency_types()
    known: dict[str, Task] = {}
    for order, data in enumerate(tasks):
        number = str(data.get("number") or "").strip()
        tf = data.get("timeframe") or {}
        kind = str(tf.get("kind")) if tf.get("kind") in TimeframeKind.values else ""
        lines = data.get("lines") or []
        task = Task.objects.create(
            plan=plan,
            parent=_parent_number(number, known) if number else None,
            number=number[:40],
            sort_order=order,
            is_heading=bool(data.get("is_heading")),
            title=str(data.get("title") or "").strip(),
            body=str(data.get("body") or "").strip(),
            timeframe_kind=kind,
            start_year=tf.get("start_year"),
            end_year=tf.get("end_year"),
            due_date=_parse_date(tf.get("on")),
            timeframe_text=str(tf.get("text") or "")[:255],
            budget_sources=str(data.get("budget_sources") or budget)[:255],
            source_lines="–".join(str(n) for n in lines[:2]),
        )
        if number:
            known[number] = task
        _add_agencies(task, data.get("lead") or [], AgencyRole.LEAD, types)
        _add_agencies(task, data.get("cooperating") or [], AgencyRole.COOPERATING, types)


def _create_targets(plan: Plan, targets: list[dict[str, Any]]) -> None:
    from treem.indicators.models import Indicator

    indicators = {i.code: i for i in Indicator.objects.all()}
    for order, data in enumerate(targets):
        lead = data.get("lead") or []
        lines = data.get("lines") or []
        target = PlanTarget.objects.create(
            plan=plan,
            label=str(data.get("label") or f"Chỉ tiêu {order + 1}")[:60],
            text=str(data.get("text") or "").strip(),
            indicator=indicators.get(str(data.get("indicator") or "")),
            direction=str(data.get("direction") or "")[:6],
            comparator=str(data.get("comparator") or "")[:2],
            measure=str(data.get("unit") or "")[:24],
            kind=str(data.get("kind") or "level")[:8],
            value_high=_decimal_or_none(data.get("high")),
            breakdown=str(data.get("group") or "")[:60],
            lead_text="; ".join(str(a.get("text") or "") for a in lead)[:255],
            sort_order=order,
            source_lines="–".join(str(n) for n in lines[:2]),
        )
        values: dict[int | None, Decimal] = {}
        for year, value in (data.get("values") or {}).items():
            number = _decimal_or_none(value)
            if number is None:
                continue
            if str(year).isdecimal() and len(str(year)) == 4:
                values[int(year)] = number
            elif str(year) == "yearly":  # "hằng năm 100%", "giảm 5 %/năm": every year of the plan (ADR 0044)
                values[None] = number
        _create_values(target, values)


def _create_values(target: PlanTarget, values: dict[int | None, Decimal]) -> None:
    PlanTargetValue.objects.bulk_create(
        PlanTargetValue(target=target, year=y, value=v)
        for y, v in sorted(values.items(), key=lambda item: item[0] or 0)
    )


def _years_of(plan: Plan, target: PlanTarget) -> list[tuple[int, Decimal, bool]]:
    """(year, value, every year) of each year a target sets: its own years, and the years of the plan's
    period (``Plan.target_years``) for a value set every year, where no value of its own is given."""
    values = list(target.values.all())
    given = {v.year: v.value for v in values if v.year is not None}
    out = [(year, value, False) for year, value in given.items()]
    for every in (v for v in values if v.year is None):
        out += [(year, every.value, True) for year in plan.target_years() if year not in given]
    return sorted(out)


def _decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except (ArithmeticError, ValueError):
        return None


def _sync_indicator_targets(plan: Plan, actor: Any) -> int:
    """A plan's targets linked to a catalogue indicator become indicator targets of the plan's territory
    (they override the inherited national or provincial ones on the scorecard): the unit the plan was
    written for — a former unit when the plan predates the 2025 reform (``_plan_territory``, ADR 0024).
    A catalogue (reference) target for the same unit, indicator and year that says something else is
    kept exactly as written, the plan's wording recorded beside it as a conflict (shown, not
    overwritten). Returns how many were set."""
    from treem.indicators.models import Comparator, Target, TargetKind, TargetOrigin
    from treem.indicators.rules import breakdown_of
    from treem.indicators.services import every_year_dict

    source = _target_source(plan)
    unit = _plan_territory(plan)
    count = conflicts = 0
    kept: set[tuple[int, int, str]] = set()  # (indicator, year, breakdown) the plan sets now
    for target in (
        plan.targets.filter(indicator__isnull=False)
        .select_related("indicator", "plan__document")
        .prefetch_related("values")
    ):
        kind = target.kind or TargetKind.LEVEL
        if kind not in TargetKind.values or (
            kind != TargetKind.RANGE and target.comparator not in Comparator.values
        ):
            continue
        if target.measure == "percent_change" and kind != TargetKind.CHANGE:
            continue
        breakdown = breakdown_of(target.breakdown)
        if target.breakdown and breakdown is None:
            continue  # a breakdown the scorecard has no figures for ("miền núi"): kept on the plan only
        assert target.indicator_id is not None
        for year, value, every_year in _years_of(plan, target):
            comparator = _comparator(target, value)
            existing = Target.objects.filter(
                unit=unit, indicator=target.indicator, year=year, breakdown=breakdown or ""
            ).first()
            if existing is not None and existing.origin == TargetOrigin.REFERENCE:
                if (existing.value, existing.comparator) != (value, comparator):
                    shown = dict(Comparator.choices)[comparator]
                    existing.conflict = f"{shown} {value.normalize():f} ({source})"[:400]
                    existing.save(update_fields=["conflict"])
                    conflicts += 1
                continue
            kept.add((target.indicator_id, year, breakdown or ""))
            if every_year and existing is not None and existing.replaced is not None:
                # a person's own target for one year of the every-year level stays theirs; clearing it
                # gives the year the level as the plan sets it now (ADR 0044)
                level = Target(
                    value=value,
                    comparator=comparator if kind != TargetKind.RANGE else "ge",
                    kind=kind,
                    value_high=target.value_high if kind in (TargetKind.RANGE, TargetKind.CHANGE) else None,
                    source=source,
                    origin=TargetOrigin.PLAN,
                )
                existing.replaced = every_year_dict(level)
                existing.save(update_fields=["replaced"])
                continue
            Target.objects.update_or_create(
                unit=unit,
                indicator=target.indicator,
                year=year,
                breakdown=breakdown or "",
                defaults={
                    "value": value,
                    "every_year": every_year,
                    "replaced": None,
                    "comparator": comparator if kind != TargetKind.RANGE else "ge",
                    "kind": kind,
                    "value_high": target.value_high
                    if kind in (TargetKind.RANGE, TargetKind.CHANGE)
                    else None,
                    "source": source,
                    "origin": TargetOrigin.PLAN,  # outranks the reference catalogue (ADR 0020)
                },
            )
            count += 1
    # the years the plan no longer sets (a value once every year now given for 2030 only) are dropped
    stale = [
        t.pk
        for t in Target.objects.filter(unit=unit, origin=TargetOrigin.PLAN, source=source)
        if (t.indicator_id, t.year, t.breakdown) not in kept
    ]
    Target.objects.filter(pk__in=stale).delete()
    for own in Target.objects.filter(unit=unit, replaced__source=source).exclude(origin=TargetOrigin.PLAN):
        if (own.indicator_id, own.year, own.breakdown) not in kept:  # the level it replaced is gone
            own.replaced = None
            own.save(update_fields=["replaced"])
    if count or conflicts:
        audit_log(
            actor=actor,
            action="plans.targets.synced",
            obj=plan,
            unit=plan.unit,
            after={"n": count, "conflicts": conflicts, "unit": unit.pk},
        )
    return count


def _target_source(plan: Plan) -> str:
    return (str(plan.document) if plan.document else plan.title)[:255]


def _plan_territory(plan: Plan) -> AdminUnit:
    from treem.plans.selectors import plan_territory

    return plan_territory(plan)


def _comparator(target: PlanTarget, value: Decimal) -> str:
    """A plan's wording made a usable target: "là 2%" for a rate to lower means at most 2 %; "đạt" a
    rate to raise means at least; nothing is ever more than 100 % ("trên 98% … đạt 100%")."""
    comparator = target.comparator
    direction = target.indicator.direction if target.indicator is not None else target.direction
    if comparator == "eq" and direction == "lower":
        comparator = "le"
    elif comparator == "eq" and direction == "raise":
        comparator = "ge"
    if comparator == "gt" and target.measure == "percent" and value >= 100:
        comparator = "ge"
    return comparator


def _create_deadlines(plan: Plan, deadlines: list[dict[str, Any]]) -> None:
    for data in deadlines:
        periodicity = data.get("periodicity")
        day = data.get("day")
        month = data.get("month")
        if periodicity not in Periodicity.values or not isinstance(day, int) or not 0 <= day <= 31:
            continue
        if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
            continue
        text = str(data.get("text") or "")
        if day == 0:  # the period is stated, not the day (ADR 0008): the 20th after the cut-off
            day, month = DEFAULT_DUE_DAY, None
            text += _(" (văn bản không nêu ngày; Treem đặt hạn ngày %(d)s sau khi chốt số liệu)") % {"d": day}
        ReportingDeadline.objects.create(
            plan=plan,
            periodicity=periodicity,
            day=day,
            month=month,
            recipient=str(data.get("recipient") or "")[:255],
            recipient_now=reform.recipient_now(str(data.get("recipient") or ""), plan.unit)[:255],
            text=text,
        )


def plan_import_save(*, actor: Any, item: PlanImport, draft: dict[str, Any], version: int) -> Plan:
    """Turn a reviewed draft into a Document and its Plan, whole or not at all."""
    access.require(actor, "plans.manage_plan", item.unit)
    errors = validate_draft(draft)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=item.pk)
        _check_open(locked, version)
        plan = plan_create_from_draft(actor=actor, unit=item.unit, draft=draft, source_name=item.file_name)
        locked.draft, locked.state, locked.plan = draft, ImportState.SAVED, plan
        locked.version += 1
        locked.save(update_fields=["draft", "state", "plan", "version", "updated_at"])
    return plan


def plan_create_from_draft(
    *, actor: Any, unit: AdminUnit, draft: dict[str, Any], source_name: str = ""
) -> Plan:
    """The document (filling in a stub another document's citation created), its links, the plan with
    tasks, targets and deadlines. Used by the review page and by ``manage.py import_plan``."""
    access.require(actor, "plans.manage_plan", unit)
    errors = validate_draft(draft)
    if errors:
        raise ValidationError(errors)
    doc_data = draft["document"]
    number = str(doc_data.get("number") or "").strip()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        document = None
        if number:
            document = Document.objects.filter(number_key=number_key(number)).first()
            if document is not None and document.has_text:
                raise ApplicationError(
                    _("Văn bản số %(n)s đã có trong Treem; không nhập lại.") % {"n": document.number}
                )
        document = document or Document(unit=unit)
        document.unit = unit
        document.doc_type = str(doc_data["doc_type"])
        document.number = number
        document.date = _parse_date(doc_data.get("date"))
        document.issuer = str(doc_data.get("issuer") or "")[:255]
        document.place = str(doc_data.get("place") or "")[:120]
        document.title = str(doc_data.get("title") or "")
        document.has_text = True
        document.source_name = source_name[:255]
        document.created_by = document.created_by or user
        document.save()
        title_key = number_key(document.title)
        cited: list[tuple[dict[str, Any], Document]] = []
        for cite in draft.get("cites") or []:
            if cite.get("deleted"):
                continue
            target = _cited_document(cite, unit, actor)
            if target is None or target.pk == document.pk:
                continue
            cited.append((cite, target))
            kind = (
                LinkKind.IMPLEMENTS
                if target.number_key and target.number_key in title_key
                else LinkKind.CITES
            )
            DocumentLink.objects.get_or_create(source=document, target=target, defaults={"kind": kind})
        _link_citations(cited)
        plan = Plan.objects.create(
            unit=unit,
            document=document,
            title=document.title or str(document),
            start_year=draft.get("start_year") or None,
            end_year=draft.get("end_year") or None,
            purposes="\n".join(str(p) for p in draft.get("purposes") or []),
            created_by=user,
        )
        _create_tasks(
            plan,
            [t for t in draft.get("tasks") or [] if not t.get("deleted")],
            budget="; ".join(str(b) for b in draft.get("budget_sources") or []),
        )
        _create_targets(plan, [t for t in draft.get("targets") or [] if not t.get("deleted")])
        _create_deadlines(plan, [d for d in draft.get("deadlines") or [] if not d.get("deleted")])
        _sync_indicator_targets(plan, actor)
        _notify_task_agencies(plan, actor)
        audit_log(
            actor=actor,
            action="plans.plan.imported",
            obj=plan,
            unit=unit,
            after={"document": str(document), "tasks": plan.tasks.count(), "targets": plan.targets.count()},
        )
    return plan


def _notify_task_agencies(plan: Plan, actor: Any) -> None:
    """The agencies a saved plan names on its tasks (matched to an agency of Treem, as lead or cooperating)
    hear of it: their users who post progress, in Treem and by mail, after the commit — one notice per
    agency, saying how many tasks it leads and cooperates on. The one who saved the plan is not told."""
    from treem.core.notifications import notify

    tasks: dict[int, dict[str, set[int]]] = {}
    agencies: dict[int, Agency] = {}
    refs = TaskAgency.objects.filter(task__plan=plan, task__is_heading=False, agency__isnull=False)
    for ref in refs.select_related("agency__unit"):
        assert ref.agency is not None
        agencies[ref.agency.pk] = ref.agency
        tasks.setdefault(ref.agency.pk, {}).setdefault(ref.role, set()).add(ref.task_id)
    link = reverse("plans:detail", args=[plan.pk])
    for agency_id, roles in tasks.items():
        agency = agencies[agency_id]
        users = [
            u
            for u in access.holders("plans.post_progress", agency.unit, agency)
            if u.pk != getattr(actor, "pk", None)
        ]
        if not users:
            continue
        parts = []
        if lead := len(roles.get(AgencyRole.LEAD, ())):
            parts.append(_("chủ trì %(n)s nhiệm vụ") % {"n": lead})
        if cooperating := len(roles.get(AgencyRole.COOPERATING, ())):
            parts.append(_("phối hợp %(n)s nhiệm vụ") % {"n": cooperating})
        title = _("%(agency)s được giao %(parts)s: %(plan)s") % {
            "agency": agency.name,
            "parts": ", ".join(parts),
            "plan": _label(plan),
        }

        def send(users: list[Any] = users, title: str = title) -> None:
            notify(users=users, title=title[:255], link=link, kind="plan")

        transaction.on_commit(send)


# -- derivation -----------------------------------------------------------------------------------------
def tasks_for_unit(plan: Plan) -> list[Task]:
    """Tasks the plan gives to the communes: an agency named at commune level ("UBND các phường/xã"), or at
    the former district level, whose work the communes took over on 01/07/2025 (ADR 0008)."""
    return list(plan.tasks.filter(agencies__level__in=[Level.COMMUNE, Level.DISTRICT]).distinct())


def tasks_for_agency(plan: Plan, agency: Agency) -> list[Task]:
    """Tasks the plan gives to ``agency`` (by name matched to it, or by its type at the plan's level)."""
    q = Q(agencies__agency=agency)
    if agency.agency_type_id:
        q |= Q(
            agencies__agency__isnull=True,
            agencies__successor_text="",
            agencies__agency_type_id=agency.agency_type_id,
        ) & (Q(agencies__level="") | Q(agencies__level=agency.unit.level))
        # a former agency's tasks go to its successor (ADR 0025)
        q |= Q(agencies__agency__isnull=True, agencies__successor_type_id=agency.agency_type_id)
    return list(plan.tasks.filter(q).distinct())


def _label(plan: Plan) -> str:
    document = plan.document
    if document is not None and document.number:
        return str(document)
    title = plan.title if len(plan.title) <= 160 else plan.title[:157].rstrip() + "…"
    return f"kế hoạch «{title}»"


def plan_derive(
    *, actor: Any, plan: Plan, unit: AdminUnit | None = None, agency: Agency | None = None
) -> Plan:
    """A commune's (``unit``) or an agency's plan from ``plan``: the tasks given to it are copied (with
    the headings above them, for structure), the targets inherited and adjustable."""
    if (unit is None) == (agency is None):
        raise ValueError("give a unit or an agency")
    target_unit = agency.unit if agency is not None else unit
    assert target_unit is not None
    access.require(actor, "plans.manage_plan", target_unit)
    territory = reform.successors(plan.unit)  # a former unit's plan goes on in the units that replaced it
    if not any(target_unit.path.startswith(u.path) for u in territory):
        raise ApplicationError(_("Chỉ giao kế hoạch cho địa bàn, cơ quan thuộc phạm vi của kế hoạch."))
    if reform.is_former(target_unit):
        raise ApplicationError(_("Không giao kế hoạch cho đơn vị hành chính đã giải thể, sáp nhập."))
    if agency is None and target_unit.level != Level.COMMUNE:
        raise ApplicationError(_("Chỉ giao kế hoạch xuống cấp xã, phường, đặc khu."))
    chosen = tasks_for_agency(plan, agency) if agency is not None else tasks_for_unit(plan)
    if not chosen:
        raise ApplicationError(_("Kế hoạch không có nhiệm vụ nào giao cho đơn vị này."))
    existing = Plan.objects.filter(derived_from=plan, unit=target_unit, agency=agency)
    if existing.exists():
        raise ApplicationError(_("Đơn vị này đã có kế hoạch thực hiện kế hoạch trên."))
    names = {t.pk for t in chosen}
    by_pk = {t.pk: t for t in plan.tasks.all()}
    for task in chosen:  # keep the headings above the chosen tasks
        parent = by_pk.get(task.parent_id) if task.parent_id else None
        while parent is not None:
            names.add(parent.pk)
            parent = by_pk.get(parent.parent_id) if parent.parent_id else None
    owner = agency.name if agency is not None else target_unit.name
    with transaction.atomic():
        child = Plan.objects.create(
            unit=target_unit,
            agency=agency,
            derived_from=plan,
            title=f"Kế hoạch của {owner} thực hiện {_label(plan)}",
            start_year=plan.start_year,
            end_year=plan.end_year,
            purposes=plan.purposes,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        copies: dict[int, Task] = {}
        for task in plan.tasks.filter(pk__in=names).prefetch_related("agencies").order_by("sort_order"):
            copy = Task.objects.create(
                plan=child,
                parent=copies.get(task.parent_id) if task.parent_id else None,
                source_task=task,
                number=task.number,
                sort_order=task.sort_order,
                is_heading=task.is_heading or task.pk not in {t.pk for t in chosen},
                title=task.title,
                body=task.body,
                timeframe_kind=task.timeframe_kind,
                start_year=task.start_year,
                end_year=task.end_year,
                due_date=task.due_date,
                timeframe_text=task.timeframe_text,
                budget_sources=task.budget_sources,
                source_lines=task.source_lines,
            )
            copies[task.pk] = copy
            for ref in task.agencies.all():
                concrete = ref.agency
                if ref.level in (Level.COMMUNE, Level.DISTRICT) and ref.agency_type_id and agency is None:
                    concrete = Agency.objects.filter(
                        unit=target_unit, agency_type_id=ref.agency_type_id, is_active=True
                    ).first()
                after = reform.agency_successor(ref.text, ref.type_code, ref.level, target_unit)
                if after is not None:
                    concrete = after.agency
                TaskAgency.objects.create(
                    task=copy,
                    role=ref.role,
                    text=ref.text,
                    type_code=ref.type_code,
                    agency_type_id=ref.agency_type_id,
                    agency=concrete,
                    level=ref.level,
                    sort_order=ref.sort_order,
                    **_successor_fields(after),
                )
        for target in plan.targets.prefetch_related("values"):
            inherited = PlanTarget.objects.create(
                plan=child,
                inherited_from=target,
                label=target.label,
                text=target.text,
                indicator_id=target.indicator_id,
                direction=target.direction,
                comparator=target.comparator,
                measure=target.measure,
                kind=target.kind,
                value_high=target.value_high,
                breakdown=target.breakdown,
                lead_text=target.lead_text,
                sort_order=target.sort_order,
                source_lines=target.source_lines,
            )
            PlanTargetValue.objects.bulk_create(
                PlanTargetValue(target=inherited, year=v.year, value=v.value) for v in target.values.all()
            )
        receiver = reform.receiving_unit(plan.unit)
        for deadline in plan.deadlines.all():
            recipient = str(plan.unit) if not deadline.recipient else deadline.recipient
            now = reform.recipient_now(recipient, target_unit)
            if not now and receiver is not None and receiver != plan.unit:  # a former unit's own name
                now = f"UBND {receiver.name}"
            ReportingDeadline.objects.create(
                plan=child,
                periodicity=deadline.periodicity,
                day=deadline.day,
                month=deadline.month,
                recipient=recipient,
                recipient_now=now[:255],
                text=deadline.text,
            )
        audit_log(
            actor=actor,
            action="plans.plan.derived",
            obj=child,
            unit=target_unit,
            after={"from": plan.pk, "tasks": len(copies)},
        )
        _notify_assigned(child, plan, agency, len(chosen))
    return child


def _notify_assigned(child: Plan, plan: Plan, agency: Agency | None, tasks: int) -> None:
    """The users of the commune or agency a plan was given to hear of it, in Treem and by mail (after
    the commit: nothing is announced that was rolled back)."""
    from treem.core.notifications import notify

    users = access.holders("plans.post_progress", child.unit, agency) + access.holders(
        "plans.manage_plan", child.unit, agency
    )
    if not users:
        return
    title = _("Được giao %(n)s nhiệm vụ: %(plan)s") % {"n": tasks, "plan": _label(plan)}
    link = reverse("plans:detail", args=[child.pk])
    transaction.on_commit(lambda: notify(users=users, title=title[:255], link=link, kind="plan"))


def every_year_targets_extend(*, today: datetime.date | None = None) -> int:
    """A yearly job (``tasks.every_year_targets_extend``): the targets set every year ("hằng năm") of the
    plans open at their end reach only the year they were last applied in (ADR 0044); each year of
    ``Plan.target_years`` after the last year of the every-year level on the indicators' targets gets that
    level — as it stands there, a change made on the targets page included. Idempotent; a year with a
    target of its own (the plan's, a person's, the catalogue's, a cleared one) is left as it is, and an
    every-year level cleared on the targets page is not brought back. Each plan's additions are one audit
    event of the system. Returns how many targets it added."""
    from treem.indicators.models import Target, TargetOrigin
    from treem.indicators.rules import breakdown_of

    today = today or timezone.localdate()
    plans = (
        Plan.objects.filter(
            status=PlanStatus.ACTIVE,
            start_year__isnull=False,
            end_year__isnull=True,
            targets__indicator__isnull=False,
            targets__values__year__isnull=True,
        )
        .select_related("unit", "document")
        .distinct()
        .order_by("pk")
    )
    added = 0
    for plan in plans:
        if reform.is_former(plan.unit):
            continue  # a former unit's plan is kept for reference only: its successor's plan goes on
        years = plan.target_years(today)
        unit = _plan_territory(plan)
        with transaction.atomic():
            written: list[str] = []
            for target in plan.targets.filter(
                indicator__isnull=False, values__year__isnull=True
            ).select_related("indicator"):
                indicator = target.indicator
                assert indicator is not None
                breakdown = breakdown_of(target.breakdown)
                if target.breakdown and breakdown is None:
                    continue
                own = set(target.values.exclude(year__isnull=True).values_list("year", flat=True))
                rows = list(
                    Target.objects.select_for_update().filter(
                        unit=unit, indicator=indicator, breakdown=breakdown or ""
                    )
                )
                taken = {t.year for t in rows}
                level = [
                    t for t in rows if t.every_year and t.origin != TargetOrigin.CLEARED and t.year in years
                ]
                if not level:
                    continue  # cleared on the targets page, or every year given its own target
                last = max(level, key=lambda t: t.year)
                for year in years:
                    if year <= last.year or year in taken or year in own:
                        continue
                    Target.objects.create(
                        unit=unit,
                        indicator=indicator,
                        year=year,
                        breakdown=breakdown or "",
                        value=last.value,
                        comparator=last.comparator,
                        kind=last.kind,
                        value_high=last.value_high,
                        source=last.source,
                        origin=last.origin,
                        every_year=True,
                    )
                    written.append(f"{indicator.code} {year}")
            if written:
                audit_log(
                    actor="system",
                    action="plans.targets.extended",
                    obj=plan,
                    unit=plan.unit,
                    after={"year": today.year, "targets": written, "unit": unit.pk},
                )
        added += len(written)
    return added


def plan_target_adjust(*, actor: Any, target: PlanTarget, values: dict[int | None, Decimal]) -> PlanTarget:
    """Set a (derived) plan's own values for a target (``None``: every year of the plan, "Hằng năm");
    linked indicators follow on the scorecard."""
    access.require(actor, "plans.manage_plan", target.plan.unit)
    _require_current(target.plan)
    for year, value in values.items():
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError({"values": _("Năm phải từ 2000 đến 2100.")})
        if value < 0:
            raise ValidationError({"values": _("Giá trị chỉ tiêu không được âm.")})
    with transaction.atomic():
        before = {v.year_label: str(v.value) for v in target.values.all()}
        target.values.all().delete()
        _create_values(target, values)
        target.inherited_from = None
        target.save(update_fields=["inherited_from"])
        _sync_indicator_targets(target.plan, actor)
        audit_log(
            actor=actor,
            action="plans.target.adjusted",
            obj=target.plan,
            unit=target.plan.unit,
            before=before,
            after={str(y or EVERY_YEAR_LABEL): str(v) for y, v in values.items()},
        )
    return target


# -- the 2025 reform (ADR 0025) ---------------------------------------------------------------------------
def plan_rehome(*, actor: Any, plan: Plan, unit: AdminUnit) -> Plan:
    """Attach a plan (and its document) to the unit that issued it — a former unit's plan imported under
    the unit that replaced it goes back to the former unit, as history. Its reports not yet sent are
    dropped and generated again for the right unit and recipient."""
    from treem.reporting.models import Obligation, ReportState

    access.require(actor, "plans.manage_plan", plan.unit)
    if plan.unit_id == unit.pk:
        return plan
    if plan.derived_from_id is not None or plan.agency_id is not None:
        raise ApplicationError(
            _("Chỉ chuyển được kế hoạch ban hành theo văn bản, không phải kế hoạch được giao.")
        )
    from treem.indicators.models import Target, TargetOrigin

    with transaction.atomic():
        old = plan.unit
        territory = _plan_territory(plan)
        before = old.name
        Obligation.objects.filter(plan=plan, state=ReportState.DRAFT, submissions__isnull=True).delete()
        # the targets it set on the territory it was filed under go; the plans of that territory and of
        # the old unit set theirs again; its own go on the territory of the unit that issued it (ADR 0024)
        Target.objects.filter(
            unit__in=[old, territory], origin=TargetOrigin.PLAN, source=_target_source(plan)
        ).delete()
        plan.unit = unit
        plan.version += 1
        plan.save(update_fields=["unit", "version", "updated_at"])
        if plan.document is not None and plan.document.unit_id != unit.pk:
            plan.document.unit = unit
            plan.document.save(update_fields=["unit", "updated_at"])
        for other in Plan.objects.filter(unit=old, agency__isnull=True).order_by("created_at"):
            _sync_indicator_targets(other, actor)
        _sync_indicator_targets(plan, actor)
        audit_log(
            actor=actor,
            action="plans.plan.rehomed",
            obj=plan,
            unit=unit,
            before={"unit": before},
            after={"unit": unit.name},
        )
    return plan


def agencies_map_successors(*, actor: Any) -> int:
    """Fill in the successors of the agencies and recipients that plans saved before the succession table
    name (idempotent; the words as written are kept). Returns how many rows changed."""
    changed = 0
    with transaction.atomic():
        named = TaskAgency.objects.filter(successor_text="").select_related("task__plan__unit")
        for ref in named.iterator():
            after = reform.agency_successor(ref.text, ref.type_code, ref.level, ref.task.plan.unit)
            if after is None:
                continue
            for field, value in _successor_fields(after).items():
                setattr(ref, field, value)
            ref.agency = after.agency
            ref.save()
            changed += 1
        for deadline in ReportingDeadline.objects.filter(recipient_now="").select_related(
            "plan__unit", "plan__derived_from__unit"
        ):
            now = reform.recipient_now(deadline.recipient, deadline.plan.unit)
            source = deadline.plan.derived_from
            if not now and source is not None and reform.is_former(source.unit):
                receiver = reform.receiving_unit(source.unit)
                now = f"UBND {receiver.name}" if receiver is not None else ""
            if now:
                deadline.recipient_now = now[:255]
                deadline.save(update_fields=["recipient_now"])
                changed += 1
        if changed:
            audit_log(actor=actor, action="plans.agencies.mapped", after={"n": changed})
    return changed


def _require_current(plan: Plan) -> None:
    if reform.is_former(plan.unit):
        raise ApplicationError(
            _(
                "Kế hoạch của đơn vị hành chính cũ (%(unit)s) chỉ để tra cứu; việc tiếp theo thực hiện "
                "trong kế hoạch của đơn vị kế thừa."
            )
            % {"unit": plan.unit.name}
        )


# -- progress -------------------------------------------------------------------------------------------
def _actor_agency(actor: Any, unit: AdminUnit) -> Agency | None:
    for assignment in access.active_assignments(actor):
        if assignment.agency_id and unit.path.startswith(assignment.unit.path):
            return assignment.agency
    return None


def _agency_roles(task: Task, agency: Agency) -> set[str]:
    """The roles (lead, co-operating) ``task`` gives ``agency``: named (matched to it), or by its type at
    its level where no concrete agency was matched (the rule of ``tasks_for_agency``)."""
    roles = set()
    for named in task.agencies.all():
        if named.agency_id == agency.pk or (
            named.agency_id is None
            and agency.agency_type_id is not None
            and (
                (
                    not named.successor_text
                    and named.agency_type_id == agency.agency_type_id
                    and named.level in ("", agency.unit.level)
                )
                or named.successor_type_id == agency.agency_type_id
            )
        ):
            roles.add(named.role)
    return roles


def may_post_progress(actor: Any, task: Task) -> bool:
    """May ``actor`` post progress on ``task`` (ADR 0020)? Through an assignment over the plan's unit
    whose role holds ``plans.post_progress``: without an agency (the unit's own staff: commune worker,
    province officer), on every task; with one, only on the tasks its agency leads or co-operates on, or
    every task of the agency's own (derived) plan. A heading takes no progress."""
    unit = task.plan.unit
    if reform.is_former(unit):  # a former unit's plan is history (ADR 0025)
        return False
    if not access.has_perm(actor, "plans.post_progress", unit):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    covering = [
        a
        for a in access.get_access(actor).assignments
        if "plans.post_progress" in a.role.permissions and unit.path.startswith(a.unit.path)
    ]
    if not covering:  # rights not from an assignment: the system actor of the commands
        return True
    for assignment in covering:
        agency = assignment.agency
        if agency is None:
            if not assignment.role.needs_agency:
                return True
            continue
        if task.plan.agency_id == agency.pk or _agency_roles(task, agency):
            return True
    return False


def progress_post(
    *,
    actor: Any,
    task: Task,
    period: str,
    status: str,
    percent: int | None,
    narrative: str,
    files: list[Any] | None = None,
) -> TaskProgress:
    """Post progress on a task for a period. A user whose agency is only cooperating on the task adds a
    contribution; the lead agency (or the unit's staff) posts the task's progress. An agency posts only
    on its own tasks (``may_post_progress``; AccessDenied otherwise)."""
    unit = task.plan.unit
    access.require(actor, "plans.post_progress", unit)
    _require_current(task.plan)
    if not may_post_progress(actor, task):  # another agency's task (issue #14.8)
        raise access.AccessDenied
    errors: dict[str, str] = {}
    try:
        validate_period(period)
    except ValidationError as exc:
        errors["period"] = exc.messages[0]
    if status not in ProgressStatus.values:
        errors["status"] = _("Chọn tình trạng thực hiện.")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Tỷ lệ hoàn thành phải từ 0 đến 100.")
    if status == ProgressStatus.DONE and percent is not None and percent < 100:
        errors["percent"] = _("Nhiệm vụ hoàn thành thì tỷ lệ phải là 100%.")
    if status in (ProgressStatus.BLOCKED, ProgressStatus.LATE) and not narrative.strip():
        errors["narrative"] = _("Hãy nêu khó khăn, vướng mắc hoặc lý do chậm.")
    if task.is_heading:
        errors["status"] = _("Đây là mục tiêu đề; hãy cập nhật tiến độ ở các nhiệm vụ bên dưới.")
    checked = []
    for upload in files or []:
        try:
            checked.append((upload, check_upload(upload)))
        except ApplicationError as exc:
            errors["files"] = exc.message
    if errors:
        raise ValidationError(errors)
    agency = _actor_agency(actor, unit)
    is_contribution = False
    if agency is not None:
        roles = _agency_roles(task, agency)
        is_contribution = AgencyRole.COOPERATING in roles and AgencyRole.LEAD not in roles
    with transaction.atomic():
        progress = TaskProgress.objects.create(
            task=task,
            period=period,
            status=status,
            percent=100 if status == ProgressStatus.DONE and percent is None else percent,
            narrative=narrative.strip(),
            is_contribution=is_contribution,
            agency=agency,
            posted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for upload, info in checked:
            evidence = Evidence(
                progress=progress, name=info.name, content_type=info.content_type, size=info.size
            )
            evidence.file.save(f"{secrets.token_hex(16)}{info.ext}", ContentFile(upload.read()), save=False)
            evidence.save()
        audit_log(
            actor=actor,
            action="plans.progress.posted",
            obj=task,
            unit=unit,
            after={"period": period, "status": status, "percent": percent, "files": len(checked)},
        )
    return progress
