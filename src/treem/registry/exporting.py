"""Exporting the children register: the filtered list (XLSX or CSV), the special-circumstances list and
the import error report. Every text cell that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from treem.accounts import access
from treem.audit.services import audit_log
from treem.core.errors import ApplicationError
from treem.core.jobs import Built, export_start
from treem.geo.models import AdminUnit
from treem.registry import actions, rules, selectors
from treem.registry import sensitive as sensitive_rules
from treem.registry.models import Child, ChildCircumstance, CircumstanceGroup, Guardian

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value that spreadsheets show as text: strings starting like a formula get a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _date(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


@dataclass(frozen=True)
class Column:
    header: str
    sensitive: bool = False


COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("full_name", "Họ và tên", False),
    ("date_of_birth", "Ngày sinh", False),
    ("sex", "Giới tính", False),
    ("personal_id", "Số định danh cá nhân", True),
    ("ethnicity", "Dân tộc", True),
    ("commune", "Xã, phường", False),
    ("hamlet", "Thôn, tổ dân phố", False),
    ("address", "Địa chỉ", False),
    ("father", "Họ tên cha", False),
    ("mother", "Họ tên mẹ", False),
    ("caregiver", "Người chăm sóc", False),
    ("birth_registered", "Đã đăng ký khai sinh", False),
    ("health_insurance_number", "Mã thẻ BHYT", False),
    ("health_insurance_valid_until", "Hạn thẻ BHYT", False),
    ("schooling", "Tình trạng học tập", False),
    ("school_name", "Trường", False),
    ("disability_type", "Dạng khuyết tật", True),
    ("disability_level", "Mức độ khuyết tật", True),
    ("hiv_status", "Nhiễm HIV", True),
    ("status", "Trạng thái", False),
)


def export_columns(*, sensitive: bool | set[str]) -> list[tuple[str, str]]:
    """The columns of an export: every column, or the non-sensitive ones plus the sensitive ``sensitive``
    names (``True``: all of them, ``False``: none)."""
    allowed = {k for k, _h, s in COLUMNS if s} if sensitive is True else (sensitive or set())
    return [(key, header) for key, header, is_sensitive in COLUMNS if not is_sensitive or key in allowed]


def sensitive_columns(actor: Any, qs: QuerySet[Child]) -> set[str]:
    """The sensitive columns ``actor`` may export for every row of ``qs`` (ADR 0017): the personal ID
    and ethnicity with ``registry.view_sensitive``, health with ``registry.view_sensitive_groups``, each
    over every exported row. The masking step of any export of the register (background jobs included)."""
    allowed: set[str] = set()
    for perm in (sensitive_rules.PERM_FIELDS, sensitive_rules.PERM_GROUPS):
        if not access.has_perm(actor, perm):
            continue
        if qs.exclude(pk__in=access.scope(qs, actor, perm, field="area").values("pk")).exists():
            continue
        allowed |= {f for f, p in sensitive_rules.FIELD_PERMS.items() if p == perm}
    return allowed


def audited_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filter of an export as the audit trail keeps it: a searched name or ID is not written."""
    return {k: ("***" if k == "q" else v) for k, v in filters.items() if v not in (None, "")}


def _guardian(child: Child, relationship: str) -> str:
    return ", ".join(g.full_name for g in child.guardians.all() if g.relationship == relationship)


def _value(child: Child, key: str) -> Any:
    if key == "date_of_birth":
        return _date(child.date_of_birth)
    if key == "health_insurance_valid_until":
        return _date(child.health_insurance_valid_until)
    if key == "sex":
        return child.get_sex_display()
    if key == "ethnicity":
        return child.ethnicity.name if child.ethnicity_id else ""  # type: ignore[union-attr]
    if key == "commune":
        return child.commune.name
    if key == "hamlet":
        return child.hamlet.name if child.hamlet_id else ""  # type: ignore[union-attr]
    if key in ("father", "mother", "caregiver"):
        return _guardian(child, key)
    if key in ("birth_registered", "hiv_status"):
        return _yes_no(getattr(child, key))
    if key in ("schooling", "disability_type", "disability_level", "status"):
        return getattr(child, f"get_{key}_display")()
    return getattr(child, key) or ""


def export_rows(qs: QuerySet[Child], columns: list[tuple[str, str]]) -> Iterator[list[Any]]:
    qs = qs.select_related("commune", "hamlet", "ethnicity").prefetch_related(
        Prefetch("guardians", queryset=Guardian.objects.only("child_id", "relationship", "full_name"))
    )
    for child in qs.iterator(chunk_size=2000):
        yield [neutralise(str(_value(child, key))) for key, _h in columns]


def write_xlsx(headers: list[str], rows: Iterable[list[Any]], *, sheet: str = "Danh sách") -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"constant_memory": True, "in_memory": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    for col, header in enumerate(headers):
        ws.write_string(0, col, header, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(count, col, value)
            else:
                ws.write_string(count, col, str(neutralise(value) if value is not None else ""))
    book.close()
    return buffer.getvalue()


def write_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def children_export_data(
    *,
    actor: Any,
    qs: QuerySet[Child],
    fmt: str,
    filters: dict[str, Any],
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> tuple[bytes, dict[str, Any], int]:
    """(file, audit_log keyword arguments, rows) of the list ``qs`` (already scoped by the selector) as
    XLSX or CSV. Sensitive columns appear only for a user holding ``registry.view_sensitive`` over every
    row. The caller writes the audit event (with the job's state, for a background export)."""
    qs = access.scope(qs, actor, "registry.export_children", field="area")
    allowed = sensitive_columns(actor, qs)
    columns = export_columns(sensitive=allowed)
    counter = {"n": 0}

    def rows() -> Iterator[list[Any]]:
        for row in export_rows(qs, columns):
            counter["n"] += 1
            if progress is not None and counter["n"] % PROGRESS_EVERY == 0:
                progress(counter["n"], max(total, counter["n"]))
            yield row

    headers = [h for _k, h in columns]
    data = write_xlsx(headers, rows()) if fmt == "xlsx" else write_csv(headers, rows())
    audit = {
        "action": actions.CHILDREN_EXPORTED,
        "object_type": "registry.child",
        "extra": {
            "filters": audited_filters(filters),
            "rows": counter["n"],
            "format": fmt,
            "sensitive": [k for k, _h, s in COLUMNS if s and k in allowed],
        },
    }
    # A list filtered by a sensitive group is audited as such too (ADR 0017), wherever it is built.
    sensitive_rules.audit_listing(
        actor=actor,
        what=sensitive_rules.sensitive_filter(
            **selectors.ChildFilters.from_mapping(filters).sensitive_args()
        ),
        count=counter["n"],
        place=f"xuất tệp {fmt}",
    )
    return data, audit, counter["n"]


def children_export(*, actor: Any, qs: QuerySet[Child], fmt: str, filters: dict[str, Any]) -> bytes:
    """The list as a file at once (a list of at most ``SYNC_ROWS`` children), audited."""
    data, audit, _rows = children_export_data(actor=actor, qs=qs, fmt=fmt, filters=filters)
    audit_log(actor=actor, **audit)
    return data


SYNC_ROWS = 50  # one page of the list (selectors.PAGE_SIZE): larger lists are built in the background
PROGRESS_EVERY = 500
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def children_export_start(*, actor: Any, fmt: str, filters: dict[str, Any]) -> Any:
    """Queue the list matching ``filters`` as a file for ``actor`` (treem.core.jobs, kind "children")."""
    fmt = "csv" if fmt == "csv" else "xlsx"
    return export_start(
        actor=actor,
        kind="children",
        title=f"Danh sách trẻ em ({fmt.upper()})",
        params={"format": fmt, "filters": filters},
    )


def children_export_build(job: Any, progress: Callable[[int, int], None]) -> Any:
    """Build an ExportJob of kind "children": the list as its user sees it now, scoped and masked."""
    actor = job.created_by
    if not access.has_perm(actor, "registry.export_children"):
        raise ApplicationError("Bạn không còn quyền xuất danh sách trẻ em.")
    fmt = "csv" if job.params.get("format") == "csv" else "xlsx"
    filters = dict(job.params.get("filters") or {})
    qs = selectors.child_list(user=actor, filters=selectors.ChildFilters.from_mapping(filters))
    total = qs.count()
    progress(0, total)
    data, audit, rows = children_export_data(
        actor=actor, qs=qs, fmt=fmt, filters=filters, progress=progress, total=total
    )
    return Built(
        data=data,
        file_name=f"danh-sach-tre-em-{timezone.localdate():%Y%m%d}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        audit=audit,
        rows=rows,
    )


@dataclass
class SpecialGroup:
    group: CircumstanceGroup
    children: list[Child]  # those listed by name: the user may see them, up to the page's number
    count: int = 0  # every child of the group in the unit
    sensitive: bool = False
    named: int = -1  # those the user may see by name (-1: all the children listed)

    def __post_init__(self) -> None:
        if self.named < 0:
            self.named = len(self.children)

    @property
    def hidden(self) -> int:
        """The children of a sensitive group the user may not see by name (counted, never named)."""
        return self.count - self.named

    @property
    def more(self) -> int:
        """The children the user may see by name beyond those listed on the page."""
        return self.named - len(self.children)


# The children named per group on the page: a commune's groups in full, a province's or the nation's
# (tens of thousands of children, 2.2 MB of HTML for the 1M nation) in part, the rest in the register's
# list of the group (paged) and in the XLSX file (issue #20: no page over 200 KB).
SPECIAL_NAMES_SHOWN = 50


def special_groups(
    *, actor: Any, unit: AdminUnit, place: str = "", ip: str | None = None, most: int | None = None
) -> list[SpecialGroup]:
    """The 14 groups of children in special circumstances (Luật Trẻ em Điều 10) in ``unit``, with counts.
    Children of a sensitive group (ADR 0017) are named only to holders of ``registry.view_sensitive_groups``
    over them; the count stays. ``most``: name at most so many per group (in name order; ``named`` says
    how many the user may see). With ``place``, naming them is audited (group and number named, no
    names). Counted in the database, and each group's names read apart: a group is never read whole to
    show part of it."""
    from django.db.models import Count

    from treem.registry import selectors

    today = timezone.localdate()
    children = selectors.within_unit(selectors.visible_children(actor), unit)
    memberships = ChildCircumstance.objects.filter(child__in=children, start_date__lte=today).exclude(
        end_date__lt=today
    )
    numbers = sorted(rules.SENSITIVE_GROUPS)
    in_sensitive = access.scope(
        memberships.filter(group__number__in=numbers), actor, sensitive_rules.PERM_GROUPS, field="child__area"
    )

    def counted(qs: Any) -> dict[int, int]:
        return dict(qs.order_by().values("group_id").annotate(n=Count("pk")).values_list("group_id", "n"))

    counts, sensitive_named = counted(memberships), counted(in_sensitive)
    groups = []
    for group in CircumstanceGroup.objects.order_by("number"):
        sensitive = group.number in rules.SENSITIVE_GROUPS
        named = sensitive_named.get(group.pk, 0) if sensitive else counts.get(group.pk, 0)
        listed: list[Child] = []
        if named:
            rows = (in_sensitive if sensitive else memberships).filter(group=group)
            rows = rows.select_related("child", "child__hamlet").order_by("child__name_sort_key", "child_id")
            listed = [m.child for m in (rows[:most] if most is not None else rows)]
        groups.append(SpecialGroup(group, listed, counts.get(group.pk, 0), sensitive, named))
    if place:
        sensitive_rules.audit_groups_listing(
            actor=actor,
            counts={g.group.number: len(g.children) for g in groups},
            place=place,
            unit=unit,
            ip=ip,
        )
    return groups


def special_list_xlsx(groups: list[SpecialGroup], unit: AdminUnit) -> bytes:
    headers = ["Nhóm", "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Thôn, tổ dân phố", "Địa chỉ"]

    def rows() -> Iterator[list[Any]]:
        for sg in groups:
            yield [f"{sg.group.number}. {sg.group.name} ({sg.count} trẻ em)", "", "", "", "", "", ""]
            if sg.hidden:
                yield ["", "", f"{sg.hidden} trẻ em thuộc nhóm nhạy cảm, không ghi tên", "", "", "", ""]
            for n, child in enumerate(sg.children, start=1):
                yield [
                    "",
                    n,
                    child.full_name,
                    _date(child.date_of_birth),
                    child.get_sex_display(),
                    child.hamlet.name if child.hamlet_id else "",  # type: ignore[union-attr]
                    child.address,
                ]

    return write_xlsx(headers, rows(), sheet="Hoàn cảnh đặc biệt")
