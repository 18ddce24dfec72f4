"""Every write to the children register. Each service checks the actor's permission through
``accounts.access`` (404 outside the jurisdiction), validates fully, runs in one transaction and
writes an audit event. Sensitive values never enter the audit trail in clear.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.text import fold, nfc
from treem.geo.models import AdminUnit, Level
from treem.registry import actions, dedup, rules, sensitive
from treem.registry.identity import PersonalIdError, normalise_personal_id
from treem.registry.models import (
    Child,
    ChildCircumstance,
    ChildMove,
    ChildStatus,
    CircumstanceGroup,
    CircumstanceSubtype,
    Ethnicity,
    Guardian,
    Household,
    Injury,
    LabourRecord,
    PovertyStatus,
    RiskFlag,
    Support,
)
from treem.registry.validation import FieldError, clean_child_data

# Fields whose values are masked until revealed, and never written to the audit trail in clear.
SENSITIVE_FIELDS = ("personal_id", "ethnicity", "hiv_status", "disability_type", "disability_level")
CHILD_FIELDS = (
    "full_name",
    "date_of_birth",
    "sex",
    "personal_id",
    "ethnicity",
    "address",
    "birth_registered",
    "birth_registration_date",
    "birth_registration_place",
    "health_insurance_number",
    "health_insurance_valid_until",
    "schooling",
    "school_name",
    "disability_type",
    "disability_level",
    "hiv_status",
)


class ChildValidationError(ApplicationError):
    """``extra['errors']`` is a list of FieldError."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(_("Dữ liệu chưa hợp lệ: %(n)d lỗi.") % {"n": len(errors)}, extra={"errors": errors})
        self.errors = errors


@lru_cache(maxsize=1)
def _collator() -> Any:
    from icu import Collator, Locale

    return Collator.createInstance(Locale("vi_VN"))


def name_sort_key(name: str) -> bytes:
    """Vietnamese alphabetical order (Chu < Chung, Dương < Đặng), stored because the DB has no ICU."""
    return bytes(_collator().getSortKey(name))


def _ethnicities() -> dict[str, Ethnicity]:
    return {e.code: e for e in Ethnicity.objects.all()}


def resolve_units(
    *, commune: AdminUnit, hamlet: AdminUnit | None
) -> tuple[AdminUnit, AdminUnit | None, AdminUnit, list[FieldError]]:
    """(province, hamlet, area, errors) for a child living in ``commune`` / ``hamlet``."""
    errors: list[FieldError] = []
    if commune.level != Level.COMMUNE or not commune.is_current:
        errors.append(
            FieldError("commune", _("Đơn vị “%(u)s” không phải xã, phường hiện hành.") % {"u": commune})
        )
    if hamlet is not None and hamlet.parent_id != commune.pk:
        errors.append(
            FieldError("hamlet", _("Thôn “%(h)s” không thuộc %(c)s.") % {"h": hamlet, "c": commune})
        )
    province = (
        AdminUnit.objects.get(pk=commune.ancestor_ids()[1]) if len(commune.ancestor_ids()) > 1 else commune
    )
    return province, hamlet, hamlet or commune, errors


def personal_id_holder(personal_id: str, exclude_pk: int | None = None) -> Child | None:
    qs = Child.objects.filter(personal_id=personal_id)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _masked(values: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in SENSITIVE_FIELDS and v not in (None, "") else v) for k, v in values.items()}


def _snapshot(child: Child) -> dict[str, Any]:
    data = {f: getattr(child, f) for f in CHILD_FIELDS if f != "ethnicity"}
    data["ethnicity"] = child.ethnicity.code if child.ethnicity_id else None  # type: ignore[union-attr]
    return data


def _apply(child: Child, cleaned: dict[str, Any], ethnicities: dict[str, Ethnicity]) -> list[FieldError]:
    errors: list[FieldError] = []
    code = cleaned.get("ethnicity")
    if code:
        code = code.zfill(2) if code.isdigit() else code
        found = ethnicities.get(code) or next(
            (e for e in ethnicities.values() if fold(e.name) == fold(code)), None
        )
        if found is None:
            errors.append(
                FieldError(
                    "ethnicity", _("Dân tộc “%(v)s” không có trong danh mục 54 dân tộc.") % {"v": code}
                )
            )
        child.ethnicity = found
    else:
        child.ethnicity = None
    for field in CHILD_FIELDS:
        if field != "ethnicity":
            setattr(child, field, cleaned.get(field))
    child.name_folded = fold(child.full_name or "")
    child.name_sort_key = name_sort_key(child.full_name or "")
    return errors


class PossibleDuplicate(ApplicationError):
    """A child without a personal ID matches one already in the commune (ADR 0016); nothing written.
    ``matches`` are ``dedup.DoorMatch``; create anyway with ``confirm_duplicate=True``."""

    def __init__(self, matches: list[Any]) -> None:
        names = "; ".join(f"{m.full_name}, {m.date_of_birth:%d/%m/%Y}" for m in matches)
        super().__init__(
            _("Có thể trẻ em này đã có trong sổ của xã, phường: %(names)s.") % {"names": names},
            extra={"matches": [m.pk for m in matches]},
        )
        self.matches = matches


def child_create(
    *,
    actor: Any,
    commune: AdminUnit,
    hamlet: AdminUnit | None = None,
    data: dict[str, Any],
    date_format: str = "dd/mm/yyyy",
    is_provisional: bool = False,
    confirm_duplicate: bool = False,
) -> Child:
    """Create a child. Without a personal ID, a child of the commune with the same folded name, birth
    date and address (or guardian) stops it with ``PossibleDuplicate`` unless ``confirm_duplicate``;
    a child created anyway is paired with its match in the duplicate review."""
    access.require(actor, "registry.edit_child", hamlet or commune)
    cleaned, errors = clean_child_data(data, date_format=date_format)
    province, hamlet, area, unit_errors = resolve_units(commune=commune, hamlet=hamlet)
    errors += unit_errors
    with transaction.atomic():
        child = Child(
            province=province, commune=commune, hamlet=hamlet, area=area, is_provisional=is_provisional
        )
        errors += _apply(child, cleaned, _ethnicities())
        if cleaned.get("personal_id") and personal_id_holder(cleaned["personal_id"]) is not None:
            errors.append(
                FieldError("personal_id", _("Số định danh cá nhân này đã được ghi cho một trẻ em khác."))
            )
        if errors:
            raise ChildValidationError(errors)
        matches: list[dedup.DoorMatch] = []
        if not child.personal_id and child.date_of_birth and child.full_name:
            arrival = dedup.Arrival(
                key=0, name=child.full_name, dob=child.date_of_birth, address=child.address
            )
            matches = dedup.door_matches(commune.pk, [arrival]).get(0, [])
            if matches and not confirm_duplicate:
                raise PossibleDuplicate(matches)
        child.created_by = actor if getattr(actor, "is_authenticated", False) else None
        child.save()
        if matches:
            dedup.record_created_anyway(commune_id=commune.pk, pairs=[(child.pk, m) for m in matches])
        audit_log(
            actor=actor,
            action=actions.CHILD_CREATED,
            obj=child,
            unit=commune,
            after=_masked(_snapshot(child)),
        )
    return child


def child_update(
    *,
    actor: Any,
    child: Child,
    data: dict[str, Any],
    expected_version: int,
    hamlet: AdminUnit | str | None = "unchanged",
    date_format: str = "dd/mm/yyyy",
) -> Child:
    """Update a child's own fields. ``expected_version`` is the version the form was opened with:
    if someone saved in between, nothing is written and ConcurrentEditError lists what they changed."""
    with transaction.atomic():
        locked = Child.objects.select_for_update(of=("self",)).select_related("ethnicity").get(pk=child.pk)
        access.require(actor, "registry.edit_child", locked.area)
        if locked.version != expected_version:
            changed = [
                str(getattr(Child._meta.get_field(f), "verbose_name", f))
                for f, v in _snapshot(locked).items()
                if v != _snapshot(child).get(f)
            ]
            raise ConcurrentEditError(
                _(
                    "Hồ sơ đã được người khác cập nhật sau khi bạn mở (phiên bản %(theirs)d, bạn đang sửa "
                    "phiên bản %(yours)d). Các trường đã thay đổi: %(fields)s. Hãy tải lại hồ sơ rồi sửa lại."
                )
                % {
                    "theirs": locked.version,
                    "yours": expected_version,
                    "fields": ", ".join(changed) or _("không rõ"),
                },
                extra={"changed": changed},
            )
        before = _snapshot(locked)
        merged = {**before, **data}
        cleaned, errors = clean_child_data(merged, date_format=date_format)
        if hamlet != "unchanged":
            new_hamlet = hamlet if isinstance(hamlet, AdminUnit) else None
            _province, new_hamlet, area, unit_errors = resolve_units(
                commune=locked.commune, hamlet=new_hamlet
            )
            errors += unit_errors
            locked.hamlet, locked.area = new_hamlet, area
        errors += _apply(locked, cleaned, _ethnicities())
        if cleaned.get("personal_id") and personal_id_holder(cleaned["personal_id"], exclude_pk=locked.pk):
            errors.append(
                FieldError("personal_id", _("Số định danh cá nhân này đã được ghi cho một trẻ em khác."))
            )
        if errors:
            raise ChildValidationError(errors)
        after = _snapshot(locked)
        diff_before = {k: v for k, v in before.items() if after.get(k) != v}
        diff_after = {k: after[k] for k in diff_before}
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action=actions.CHILD_UPDATED,
            obj=locked,
            unit=locked.commune,
            before=_masked(diff_before),
            after=_masked(diff_after),
        )
    return locked


def child_set_status(*, actor: Any, child: Child, status: str, date: datetime.date, note: str = "") -> Child:
    if status not in ChildStatus.values:
        raise ApplicationError(_("Trạng thái không hợp lệ."))
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        access.require(actor, "registry.edit_child", locked.area)
        before = {"status": locked.status, "status_date": locked.status_date}
        locked.status, locked.status_date = status, date
        locked.version += 1
        locked.save(update_fields=["status", "status_date", "version", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.CHILD_STATUS_SET,
            obj=locked,
            unit=locked.commune,
            before=before,
            after={"status": status, "status_date": date, "note": note},
        )
    return locked


def child_move(
    *, actor: Any, child: Child, to_commune: AdminUnit, date: datetime.date, note: str = ""
) -> ChildMove:
    """Hand the record to another commune, keeping its history. The actor needs edit rights on the
    child's current commune; the new commune need not be in the actor's jurisdiction."""
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        access.require(actor, "registry.edit_child", locked.commune)
        if to_commune.pk == locked.commune_id:
            raise ApplicationError(_("Trẻ em đang ở chính xã, phường này."))
        province, _h, _area, errors = resolve_units(commune=to_commune, hamlet=None)
        if errors:
            raise ChildValidationError(errors)
        if date > timezone.localdate():
            raise ApplicationError(_("Ngày chuyển đi không được ở tương lai."))
        move = ChildMove.objects.create(
            child=locked,
            from_commune=locked.commune,
            to_commune=to_commune,
            date=date,
            note=note,
            moved_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        from_commune = locked.commune
        locked.province, locked.commune, locked.hamlet, locked.area = province, to_commune, None, to_commune
        locked.version += 1
        locked.save()
        audit_log(
            actor=actor,
            action=actions.CHILD_MOVED,
            obj=locked,
            unit=from_commune,
            before={"commune": from_commune.code},
            after={"commune": to_commune.code, "date": date},
        )
        audit_log(
            actor=actor,
            action=actions.CHILD_RECEIVED,
            obj=locked,
            unit=to_commune,
            after={"from": from_commune.code},
        )
    return move


def child_reveal_sensitive(
    *, actor: Any, child: Child, ip: str | None = None, reason: str = ""
) -> dict[str, Any]:
    """The sensitive fields the actor may see, in clear; every reveal is audited (ADR 0017)."""
    return sensitive.reveal(actor=actor, child=child, ip=ip, reason=reason)


def _child_for_edit(actor: Any, child: Child, perm: str = "registry.edit_child") -> Child:
    access.require(actor, perm, child.area)
    return child


def guardian_set(
    *, actor: Any, child: Child, guardian: Guardian | None = None, data: dict[str, Any]
) -> Guardian:
    _child_for_edit(actor, child)
    errors: list[FieldError] = []
    name = nfc(str(data.get("full_name") or ""))
    if not name:
        errors.append(FieldError("full_name", _("Họ và tên người giám hộ không được để trống.")))
    relationship = data.get("relationship") or ""
    if relationship not in Guardian.Relationship.values:
        errors.append(FieldError("relationship", _("Quan hệ với trẻ không hợp lệ.")))
    pid = str(data.get("personal_id") or "").strip()
    if pid:
        try:
            pid = normalise_personal_id(pid)
        except PersonalIdError as exc:
            errors.append(FieldError("personal_id", exc.message))
    phone = "".join(ch for ch in str(data.get("phone") or "") if ch.isdigit() or ch == "+")
    if phone and not (9 <= len(phone.lstrip("+")) <= 12):
        errors.append(
            FieldError("phone", _("Số điện thoại không hợp lệ: “%(v)s”.") % {"v": data.get("phone")})
        )
    if errors:
        raise ChildValidationError(errors)
    with transaction.atomic():
        g = guardian or Guardian(child=child)
        g.relationship, g.full_name, g.name_folded = relationship, name, fold(name)
        g.personal_id, g.phone = pid, phone
        g.lives_with_child = bool(data.get("lives_with_child", True))
        g.save()
        audit_log(
            actor=actor,
            action=actions.GUARDIAN_SET,
            obj=child,
            unit=child.commune,
            after={"relationship": relationship, "full_name": name, "personal_id": "***" if pid else ""},
        )
    return g


def household_for(commune: AdminUnit, head_name: str, address: str) -> Household | None:
    """The commune's household with this head and address (compared without accents, case or extra
    spaces), if one is on the register."""
    head_key, address_key = fold(head_name), fold(address)
    for household in Household.objects.filter(commune=commune).order_by("pk"):
        if fold(household.head_name) == head_key and fold(household.address) == address_key:
            return household
    return None


def household_set(*, actor: Any, child: Child, data: dict[str, Any]) -> Child:
    """Record the child's household (hộ gia đình): its head, address and poverty status, and the child's
    relation to the head. A household of the commune with the same head and address is shared (siblings);
    an empty head removes the child from its household."""
    _child_for_edit(actor, child)
    head = nfc(str(data.get("head_name") or "")).strip()
    address = nfc(str(data.get("address") or "")).strip()
    relation = nfc(str(data.get("relation_to_head") or "")).strip()
    poverty = data.get("poverty_status") or PovertyStatus.NONE
    errors: list[FieldError] = []
    if poverty not in PovertyStatus.values:
        errors.append(FieldError("poverty_status", _("Diện hộ nghèo không hợp lệ.")))
    if not head and (address or relation):
        errors.append(FieldError("head_name", _("Chưa nhập họ và tên chủ hộ.")))
    if len(head) > 150 or len(address) > 255 or len(relation) > 50:
        errors.append(FieldError("head_name", _("Thông tin hộ gia đình quá dài.")))
    if errors:
        raise ChildValidationError(errors)
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        household = None
        if head:
            household = household_for(locked.commune, head, address) or Household(
                commune=locked.commune, head_name=head, address=address
            )
            household.poverty_status = poverty
            household.save()
        locked.household, locked.relation_to_head = household, relation if head else ""
        locked.version += 1
        locked.save(update_fields=["household", "relation_to_head", "version", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.HOUSEHOLD_SET,
            obj=locked,
            unit=locked.commune,
            after={"head_name": head, "relation_to_head": relation, "poverty_status": poverty},
        )
    child.household, child.relation_to_head, child.version = (
        locked.household,
        locked.relation_to_head,
        locked.version,
    )
    return child


def circumstance_add(
    *,
    actor: Any,
    child: Child,
    group: CircumstanceGroup,
    subtype: CircumstanceSubtype | None = None,
    start_date: datetime.date,
    note: str = "",
) -> ChildCircumstance:
    _child_for_edit(actor, child)
    if subtype is not None and subtype.group_id != group.pk:
        raise ApplicationError(
            _("Nhóm nhỏ “%(s)s” không thuộc nhóm %(g)s.") % {"s": subtype, "g": group.number}
        )
    if start_date > timezone.localdate() or start_date < child.date_of_birth:
        raise ApplicationError(_("Ngày bắt đầu phải từ ngày sinh đến hôm nay."))
    with transaction.atomic():
        if ChildCircumstance.objects.filter(child=child, group=group, end_date__isnull=True).exists():
            raise ApplicationError(_("Trẻ em đang thuộc nhóm %(g)s.") % {"g": group})
        item = ChildCircumstance.objects.create(
            child=child, group=group, subtype=subtype, start_date=start_date, note=note
        )
        audit_log(
            actor=actor,
            action=actions.CIRCUMSTANCE_ADDED,
            obj=child,
            unit=child.commune,
            after={
                "group": group.number,
                "subtype": subtype.code if subtype else None,
                "start_date": start_date,
            },
        )
    return item


def circumstance_end(*, actor: Any, item: ChildCircumstance, end_date: datetime.date) -> ChildCircumstance:
    _child_for_edit(actor, item.child)
    if end_date < item.start_date:
        raise ApplicationError(_("Ngày kết thúc trước ngày bắt đầu."))
    with transaction.atomic():
        item.end_date = end_date
        item.save(update_fields=["end_date", "updated_at"])
        audit_log(
            actor=actor,
            action=actions.CIRCUMSTANCE_ENDED,
            obj=item.child,
            unit=item.child.commune,
            after={"group": item.group.number, "end_date": end_date},
        )
    return item


def risk_add(*, actor: Any, child: Child, kind: str, start_date: datetime.date, note: str = "") -> RiskFlag:
    _child_for_edit(actor, child)
    if kind not in RiskFlag.Kind.values:
        raise ApplicationError(_("Loại nguy cơ không hợp lệ."))
    with transaction.atomic():
        flag = RiskFlag.objects.create(child=child, kind=kind, start_date=start_date, note=note)
        audit_log(actor=actor, action=actions.RISK_ADDED, obj=child, unit=child.commune, after={"kind": kind})
    return flag


def injury_record(
    *, actor: Any, child: Child, kind: str, date: datetime.date, outcome: str, note: str = ""
) -> Injury:
    _child_for_edit(actor, child)
    if kind not in Injury.Kind.values or outcome not in Injury.Outcome.values:
        raise ApplicationError(_("Loại tai nạn, thương tích hoặc kết quả không hợp lệ."))
    if date > timezone.localdate() or date < child.date_of_birth:
        raise ApplicationError(_("Ngày xảy ra phải từ ngày sinh đến hôm nay."))
    with transaction.atomic():
        injury = Injury.objects.create(child=child, kind=kind, date=date, outcome=outcome, note=note)
        audit_log(
            actor=actor,
            action=actions.INJURY_RECORDED,
            obj=child,
            unit=child.commune,
            after={"kind": kind, "date": date, "outcome": outcome},
        )
    return injury


def labour_record(
    *, actor: Any, child: Child, status: str, recorded_on: datetime.date, note: str = ""
) -> LabourRecord:
    _child_for_edit(actor, child)
    if status not in LabourRecord.Status.values:
        raise ApplicationError(_("Tình trạng lao động không hợp lệ."))
    age = child.age_on(recorded_on)
    if not (rules.CHILD_LABOUR_MIN_AGE <= age <= rules.CHILD_LABOUR_MAX_AGE):
        raise ApplicationError(
            _("Tình trạng lao động chỉ ghi cho trẻ từ %(a)d đến %(b)d tuổi.")
            % {"a": rules.CHILD_LABOUR_MIN_AGE, "b": rules.CHILD_LABOUR_MAX_AGE}
        )
    with transaction.atomic():
        record = LabourRecord.objects.create(child=child, status=status, recorded_on=recorded_on, note=note)
        audit_log(
            actor=actor,
            action=actions.LABOUR_RECORDED,
            obj=child,
            unit=child.commune,
            after={"status": status},
        )
    return record


def support_record(
    *,
    actor: Any,
    child: Child,
    kind: str,
    date: datetime.date,
    amount: int,
    source: str,
    provider: Any = None,
    provider_name: str = "",
    note: str = "",
) -> Support:
    access.require(actor, "registry.record_support", child.area)
    errors: list[FieldError] = []
    if kind not in Support.Kind.values:
        errors.append(FieldError("kind", _("Hình thức hỗ trợ không hợp lệ.")))
    if source not in Support.Source.values:
        errors.append(FieldError("source", _("Nguồn kinh phí không hợp lệ.")))
    if not isinstance(amount, int) or amount < 0:
        errors.append(FieldError("amount", _("Số tiền phải là số nguyên không âm (đồng).")))
    if date > timezone.localdate():
        errors.append(FieldError("date", _("Ngày hỗ trợ không được ở tương lai.")))
    if errors:
        raise ChildValidationError(errors)
    with transaction.atomic():
        support = Support.objects.create(
            child=child,
            kind=kind,
            date=date,
            amount=amount,
            source=source,
            provider=provider,
            provider_name=provider_name or (str(provider) if provider else ""),
            note=note,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action=actions.SUPPORT_RECORDED,
            obj=child,
            unit=child.commune,
            after={"kind": kind, "date": date, "amount": amount, "source": source},
        )
    return support
