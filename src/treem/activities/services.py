"""Writes of activities and of the collaborator network (issue #16, ADR 0021).

Every write checks the actor's right over the unit through ``treem.accounts.access``, validates the whole
record (every problem at once, Vietnamese messages keyed by form field), runs in one transaction and is
audited. Edits carry the version the form was opened at (optimistic locking).

Who records what: ``activities.record_activity`` over the activity's unit. A user whose only assignments
holding it there are tied to an agency (an agency officer) records and edits the activities their agency
organises, and nothing else.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from treem.accounts import access
from treem.activities.models import (
    CONSULTING_KINDS,
    Activity,
    ActivityChild,
    ActivityFile,
    ActivityKind,
    AdultCount,
    AdultRole,
    AgeGroup,
    ChildCount,
    CollaboratorPost,
    FileKind,
)
from treem.activities.selectors import MANAGE_NETWORK, RECORD
from treem.audit.services import audit_log
from treem.core import rules
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.files import check_upload
from treem.core.text import nfc
from treem.geo.models import AdminUnit, Agency, Generation, Level
from treem.plans.models import Task
from treem.registry.models import Child, Sex

MAX_FILES_PER_ACTIVITY = 20
MAX_COUNT = 100_000  # more people than this at one activity is a typing mistake
_PHONE = re.compile(r"^0\d{9,10}$")


@dataclass
class ActivityData:
    """What the form sends. ``child_counts`` are the children NOT named (by sex, age group)."""

    kind: str
    unit: AdminUnit
    title: str
    start_date: datetime.date
    end_date: datetime.date
    place: str = ""
    organiser: Agency | None = None
    cooperating: list[Agency] = field(default_factory=list)
    task: Task | None = None
    description: str = ""
    questions: str = ""
    children_views: str = ""
    findings: str = ""
    follow_up: str = ""
    child_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    adult_counts: dict[str, int] = field(default_factory=dict)
    child_ids: list[int] = field(default_factory=list)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def agency_restriction(actor: Any, unit: AdminUnit) -> set[int] | None:
    """None when the actor records any activity of ``unit``; else the agencies whose activities they may
    record (their right there comes only from assignments tied to those agencies)."""
    acc = access.get_access(actor)
    if acc.superuser:
        return None
    agencies: set[int] = set()
    for a in acc.assignments:
        if RECORD in a.role.permissions and unit.path.startswith(a.unit.path):
            if a.agency_id is None:
                return None
            agencies.add(a.agency_id)
    return agencies or None  # no assignment at all: the system account of a commune (access.system_actor)


def _covers(upper: AdminUnit, unit: AdminUnit) -> bool:
    return unit.path.startswith(upper.path)


def _commune_of(unit: AdminUnit) -> AdminUnit | None:
    if unit.level == Level.COMMUNE:
        return unit
    if unit.level == Level.HAMLET:
        return unit.parent
    return None


def _clean_text(value: str) -> str:
    return nfc(value or "").strip()


def _validate(actor: Any, data: ActivityData, restriction: set[int] | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    unit = data.unit
    if data.kind not in ActivityKind.values:
        errors["kind"] = "Chọn loại hoạt động."
    if (
        unit.level not in (Level.PROVINCE, Level.COMMUNE, Level.HAMLET)
        or unit.generation != Generation.CURRENT
    ):
        errors["unit"] = "Hoạt động phải thuộc một tỉnh, một xã (phường, đặc khu) hoặc một thôn hiện hành."
    if not _clean_text(data.title):
        errors["title"] = "Nhập tên hoạt động."
    elif len(_clean_text(data.title)) > 255:
        errors["title"] = "Tên hoạt động dài quá 255 ký tự."
    today = timezone.localdate()
    if not rules.MIN_YEAR <= data.start_date.year <= rules.MAX_YEAR:
        errors["start_date"] = "Ngày bắt đầu không hợp lệ."
    elif data.start_date > today:
        errors["start_date"] = "Chỉ ghi nhận hoạt động đã diễn ra: ngày bắt đầu không được sau hôm nay."
    if data.end_date < data.start_date:
        errors["end_date"] = "Ngày kết thúc không được trước ngày bắt đầu."
    elif (data.end_date - data.start_date).days > 366:
        errors["end_date"] = "Một hoạt động kéo dài không quá một năm; hãy ghi từng đợt."
    if data.organiser is not None and not _covers(data.organiser.unit, unit):
        errors["organiser"] = "Cơ quan tổ chức phải thuộc địa bàn của hoạt động hoặc cấp trên."
    if restriction is not None and (data.organiser is None or data.organiser.pk not in restriction):
        errors["organiser"] = "Bạn chỉ ghi nhận được hoạt động do cơ quan của mình tổ chức."
    for agency in data.cooperating:
        if not _covers(agency.unit, unit):
            errors["cooperating"] = f"{agency.name} không thuộc địa bàn của hoạt động hoặc cấp trên."
        elif data.organiser is not None and agency.pk == data.organiser.pk:
            errors["cooperating"] = "Cơ quan phối hợp không được trùng với cơ quan tổ chức."
    if data.task is not None:
        if data.task.is_heading:
            errors["task"] = "Đây là mục tiêu đề của kế hoạch; hãy chọn một nhiệm vụ cụ thể."
        elif not _covers(data.task.plan.unit, unit):
            errors["task"] = "Nhiệm vụ phải thuộc kế hoạch của địa bàn này hoặc của cấp trên."
    if data.kind == ActivityKind.CONSULTATION and not _clean_text(data.children_views):
        errors["children_views"] = "Buổi tham vấn cần ghi lại ý kiến của trẻ em."
    if data.kind == ActivityKind.INSPECTION and not _clean_text(data.findings):
        errors["findings"] = "Buổi kiểm tra, giám sát cần ghi kết quả kiểm tra."
    for (sex, group), count in data.child_counts.items():
        if sex not in Sex.values or group not in AgeGroup.values:
            errors["child_counts"] = "Nhóm trẻ em không hợp lệ."
        elif not 0 <= count <= MAX_COUNT:
            errors["child_counts"] = "Số trẻ em phải là số nguyên từ 0 đến 100.000."
    for role, count in data.adult_counts.items():
        if role not in AdultRole.values:
            errors["adult_counts"] = "Nhóm người lớn không hợp lệ."
        elif not 0 <= count <= MAX_COUNT:
            errors["adult_counts"] = "Số người lớn phải là số nguyên từ 0 đến 100.000."
    return errors


def _linked_children(actor: Any, child_ids: Iterable[int], errors: dict[str, str]) -> list[int]:
    """The register children named as taking part: each must be a record the actor sees; a record merged
    into another is linked as the one it was merged into (ADR 0021)."""
    wanted = sorted(set(child_ids))
    if not wanted:
        return []
    if not access.has_perm(actor, "registry.view_child"):
        errors["child_ids"] = "Bạn không có quyền xem cơ sở dữ liệu trẻ em nên không gắn được trẻ em."
        return []
    found = dict(
        access.scope(
            Child.objects.filter(pk__in=wanted), actor, "registry.view_child", field="area"
        ).values_list("pk", "merged_into_id")
    )
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        shown = ", ".join(str(pk) for pk in missing[:10])
        errors["child_ids"] = f"Không tìm thấy hồ sơ trẻ em số {shown} trong địa bàn của bạn."
        return []
    return sorted({merged or pk for pk, merged in found.items()})


def _check_files(uploads: list[tuple[Any, str]], errors: dict[str, str]) -> list[tuple[Any, Any, str]]:
    checked = []
    for upload, kind in uploads:
        try:
            info = check_upload(upload)
        except ApplicationError as exc:
            errors["files"] = f"{getattr(upload, 'name', '')}: {exc.message}"
            continue
        checked.append((upload, info, kind if kind in FileKind.values else FileKind.OTHER))
    return checked


def _write(activity: Activity, data: ActivityData, child_ids: list[int]) -> None:
    activity.kind = data.kind
    activity.unit = data.unit
    activity.commune = _commune_of(data.unit)
    activity.title = _clean_text(data.title)
    activity.start_date = data.start_date
    activity.end_date = data.end_date
    activity.place = _clean_text(data.place)[:255]
    activity.organiser = data.organiser
    activity.task = data.task
    activity.description = _clean_text(data.description)
    consulting = data.kind in CONSULTING_KINDS
    activity.questions = _clean_text(data.questions) if consulting else ""
    activity.children_views = _clean_text(data.children_views) if consulting else ""
    inspection = data.kind == ActivityKind.INSPECTION
    activity.findings = _clean_text(data.findings) if inspection else ""
    activity.follow_up = _clean_text(data.follow_up) if inspection else ""
    activity.save()
    activity.cooperating.set(data.cooperating)
    ChildCount.objects.filter(activity=activity).delete()
    ChildCount.objects.bulk_create(
        ChildCount(activity=activity, sex=sex, age_group=group, count=count)
        for (sex, group), count in sorted(data.child_counts.items())
        if count
    )
    AdultCount.objects.filter(activity=activity).delete()
    AdultCount.objects.bulk_create(
        AdultCount(activity=activity, role=role, count=count)
        for role, count in sorted(data.adult_counts.items())
        if count
    )
    ActivityChild.objects.filter(activity=activity).exclude(child_id__in=child_ids).delete()
    have = set(ActivityChild.objects.filter(activity=activity).values_list("child_id", flat=True))
    ActivityChild.objects.bulk_create(
        ActivityChild(activity=activity, child_id=pk) for pk in child_ids if pk not in have
    )


def _save_files(activity: Activity, actor: Any, checked: list[tuple[Any, Any, str]]) -> None:
    for upload, info, kind in checked:
        item = ActivityFile(
            activity=activity,
            kind=kind,
            name=info.name,
            content_type=info.content_type,
            size=info.size,
            uploaded_by=_user_or_none(actor),
        )
        item.file.save(f"{secrets.token_hex(16)}{info.ext}", ContentFile(upload.read()), save=False)
        item.save()


def _summary(activity: Activity, child_ids: list[int], data: ActivityData) -> dict[str, Any]:
    """What the audit keeps: no child's name, only how many took part."""
    return {
        "kind": data.kind,
        "unit": data.unit.pk,
        "title": activity.title,
        "start_date": data.start_date.isoformat(),
        "end_date": data.end_date.isoformat(),
        "organiser": data.organiser.pk if data.organiser else None,
        "task": data.task.pk if data.task else None,
        "children_named": len(child_ids),
        "children_anonymous": sum(data.child_counts.values()),
        "adults": sum(data.adult_counts.values()),
    }


def activity_create(
    *, actor: Any, data: ActivityData, files: list[tuple[Any, str]] | None = None
) -> Activity:
    """Record an activity. Raises ValidationError (keyed by form field), or 404 for a unit out of reach."""
    access.require(actor, RECORD, data.unit)
    restriction = agency_restriction(actor, data.unit)
    errors = _validate(actor, data, restriction)
    child_ids = _linked_children(actor, data.child_ids, errors)
    if len(files or []) > MAX_FILES_PER_ACTIVITY:
        errors["files"] = f"Mỗi hoạt động có tối đa {MAX_FILES_PER_ACTIVITY} tệp minh chứng."
    checked = _check_files(files or [], errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity(created_by=_user_or_none(actor), updated_by=_user_or_none(actor))
        _write(activity, data, child_ids)
        _save_files(activity, actor, checked)
        audit_log(
            actor=actor,
            action="activities.activity.created",
            obj=activity,
            unit=data.unit,
            after={**_summary(activity, child_ids, data), "files": len(checked)},
        )
    return activity


def can_edit(actor: Any, activity: Activity) -> bool:
    if not access.has_perm(actor, RECORD, activity.unit):
        return False
    restriction = agency_restriction(actor, activity.unit)
    return restriction is None or activity.organiser_id in restriction


def activity_update(
    *,
    actor: Any,
    activity: Activity,
    data: ActivityData,
    version: int,
    files: list[tuple[Any, str]] | None = None,
    remove_file_ids: Iterable[int] = (),
) -> Activity:
    """Change an activity opened at ``version``; the new unit must be in reach too."""
    if not can_edit(actor, activity):
        raise access.AccessDenied
    access.require(actor, RECORD, data.unit)
    restriction = agency_restriction(actor, data.unit)
    errors = _validate(actor, data, restriction)
    # Children already linked stay linked even if the actor cannot see them (another commune's child).
    kept = set(ActivityChild.objects.filter(activity=activity).values_list("child_id", flat=True))
    child_ids = sorted(
        set(_linked_children(actor, [pk for pk in data.child_ids if pk not in kept], errors))
        | (kept & set(data.child_ids))
    )
    remove = set(remove_file_ids)
    existing = ActivityFile.objects.filter(activity=activity).count()
    if existing - len(remove) + len(files or []) > MAX_FILES_PER_ACTIVITY:
        errors["files"] = f"Mỗi hoạt động có tối đa {MAX_FILES_PER_ACTIVITY} tệp minh chứng."
    checked = _check_files(files or [], errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                "Hoạt động đã được người khác sửa sau khi bạn mở trang. Hãy tải lại trang và nhập lại."
            )
        before = {
            "kind": locked.kind,
            "unit": locked.unit_id,
            "title": locked.title,
            "start_date": locked.start_date.isoformat(),
            "end_date": locked.end_date.isoformat(),
            "task": locked.task_id,
            "children_named": len(kept),
        }
        locked.version += 1
        locked.updated_by = _user_or_none(actor)
        _write(locked, data, child_ids)
        removed = list(ActivityFile.objects.filter(activity=locked, pk__in=remove))
        for item in removed:
            item.file.delete(save=False)
            item.delete()
        _save_files(locked, actor, checked)
        audit_log(
            actor=actor,
            action="activities.activity.updated",
            obj=locked,
            unit=data.unit,
            before=before,
            after={
                **_summary(locked, child_ids, data),
                "files_added": len(checked),
                "files_removed": len(removed),
            },
        )
    return locked


# -- the collaborator network ---------------------------------------------------------------------------
@dataclass
class PostData:
    hamlet: AdminUnit
    full_name: str
    since: datetime.date
    phone: str = ""
    until: datetime.date | None = None
    trained_on: datetime.date | None = None
    user: Any = None
    note: str = ""


def _validate_post(data: PostData, exclude_pk: int | None) -> tuple[dict[str, str], list[CollaboratorPost]]:
    """Problems, and the open post of the hamlet that the new one ends (a successor's appointment)."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if data.hamlet.level != Level.HAMLET or data.hamlet.generation != Generation.CURRENT:
        errors["hamlet"] = "Chọn một thôn, tổ dân phố hiện hành."
    if not _clean_text(data.full_name):
        errors["full_name"] = "Nhập họ và tên cộng tác viên."
    phone = re.sub(r"[\s.]", "", data.phone or "")
    if phone and not _PHONE.match(phone):
        errors["phone"] = "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0."
    if not rules.MIN_YEAR <= data.since.year <= rules.MAX_YEAR or data.since > today:
        errors["since"] = "Ngày bắt đầu làm cộng tác viên không hợp lệ (không được sau hôm nay)."
    if data.until is not None and data.until < data.since:
        errors["until"] = "Ngày thôi làm không được trước ngày bắt đầu."
    if data.trained_on is not None and data.trained_on > today:
        errors["trained_on"] = "Ngày tập huấn không được sau hôm nay."
    ended: list[CollaboratorPost] = []
    if errors:
        return errors, ended
    others = CollaboratorPost.objects.filter(hamlet=data.hamlet)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    end = data.until or datetime.date.max
    for other in others.filter(since__lte=end).filter(Q(until__isnull=True) | Q(until__gte=data.since)):
        if exclude_pk is None and other.until is None and other.since < data.since:
            ended.append(other)  # the new collaborator succeeds the one in post
            continue
        span = f"từ {other.since:%d/%m/%Y}" + (f" đến {other.until:%d/%m/%Y}" if other.until else "")
        errors["since"] = (
            f"Thôn đã có cộng tác viên {other.full_name} {span}; hai thời gian không được trùng."
        )
    return errors, ended


def _post_fields(post: CollaboratorPost, data: PostData) -> None:
    post.hamlet = data.hamlet
    post.commune = data.hamlet.parent  # type: ignore[assignment]
    post.full_name = _clean_text(data.full_name)
    post.phone = re.sub(r"[\s.]", "", data.phone or "")
    post.since = data.since
    post.until = data.until
    post.trained_on = data.trained_on
    post.user = data.user
    post.note = _clean_text(data.note)[:255]


def _post_audit(post: CollaboratorPost) -> dict[str, Any]:
    return {
        "hamlet": post.hamlet_id,
        "since": post.since.isoformat(),
        "until": post.until.isoformat() if post.until else None,
        "trained_on": post.trained_on.isoformat() if post.trained_on else None,
        "user": post.user_id,
    }


def post_create(*, actor: Any, data: PostData) -> CollaboratorPost:
    """Appoint a hamlet's collaborator. An open post that began earlier ends the day before (succession)."""
    access.require(actor, MANAGE_NETWORK, data.hamlet)
    errors, ended = _validate_post(data, None)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for other in ended:
            other.until = data.since - datetime.timedelta(days=1)
            other.version += 1
            other.save(update_fields=["until", "version", "updated_at"])
            audit_log(
                actor=actor,
                action="activities.post.ended",
                obj=other,
                unit=data.hamlet,
                after=_post_audit(other),
            )
        post = CollaboratorPost(created_by=_user_or_none(actor))
        _post_fields(post, data)
        post.save()
        audit_log(
            actor=actor, action="activities.post.created", obj=post, unit=data.hamlet, after=_post_audit(post)
        )
    return post


def post_update(*, actor: Any, post: CollaboratorPost, data: PostData, version: int) -> CollaboratorPost:
    access.require(actor, MANAGE_NETWORK, post.hamlet)
    access.require(actor, MANAGE_NETWORK, data.hamlet)
    errors, _ended = _validate_post(data, post.pk)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = CollaboratorPost.objects.select_for_update().get(pk=post.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                "Thông tin cộng tác viên đã được người khác sửa sau khi bạn mở trang. Hãy tải lại trang."
            )
        before = _post_audit(locked)
        _post_fields(locked, data)
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action="activities.post.updated",
            obj=locked,
            unit=data.hamlet,
            before=before,
            after=_post_audit(locked),
        )
    return locked
