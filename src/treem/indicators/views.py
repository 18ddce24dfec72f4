"""The indicator pages: the scorecard (every indicator of a unit for a year, with target, status, trend
and drill-down to child units, charts drawn on the server), the ADX export, the entry of reported
figures and the unit's targets. Each takes its unit from ``?unit=<id>`` (404 outside the jurisdiction)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from treem.accounts import access
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.text import nfc
from treem.geo.models import AdminUnit
from treem.indicators import adx, analytics, charts, forms, privacy, rules, selectors, services
from treem.indicators.models import Indicator, ReportedValue, Source, Target
from treem.web.shell import current_unit

PERM = "indicators.view_indicator"
MIN_YEAR, MAX_YEAR = 2000, 2100
TREND_YEARS = 5  # the scorecard's small charts: this year and the four before


def _year(request: HttpRequest) -> int:
    raw = str(request.GET.get("year") or "").strip()
    if len(raw) == 4 and raw.isascii() and raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return timezone.localdate().year


def _unit(request: HttpRequest, perm: str) -> AdminUnit:
    """The unit of ``?unit=<id>`` (404 when missing or outside the jurisdiction for ``perm``); without
    it, the shell's current unit when ``perm`` covers it, else the first root of the jurisdiction."""
    raw_unit = request.GET.get("unit") or request.POST.get("unit")
    if raw_unit:
        return access.access_unit(request.user, raw_unit, perm)
    unit = current_unit(request)
    if unit is None or not access.has_perm(request.user, perm, unit):
        roots = access.top_units(request.user, perm)
        if not roots:
            raise access.AccessDenied
        unit = roots[0]
    return unit


# The records behind a computed figure of a commune: (permission, list URL name, query, label) per
# indicator; "{year}" is the scorecard's year. Injury deaths list every status (the children died).
RECORDS: dict[str, tuple[str, str, str, str]] = {
    "QD23-08b": (
        "registry.view_child",
        "registry:list",
        "group=0&event=supported&year={year}",
        "Trẻ em có hoàn cảnh đặc biệt được hỗ trợ",
    ),
    "QD23-10": ("registry.view_child", "registry:list", "event=labour&year={year}", "Trẻ em lao động"),
    "QD23-11a": (
        "registry.view_child",
        "registry:list",
        "event=injured&year={year}&status=all",
        "Trẻ bị tai nạn, thương tích",
    ),
    "QD23-11b": (
        "registry.view_child",
        "registry:list",
        "event=injury_death&year={year}&status=all",
        "Trẻ tử vong do tai nạn, thương tích",
    ),
    "QD23-08a": ("registry.view_child", "registry:list", "group=0", "Trẻ em có hoàn cảnh đặc biệt"),
    "TT13-I-0301": ("registry.view_child", "registry:list", "group=0", "Trẻ em có hoàn cảnh đặc biệt"),
    "TT13-I-0101": ("registry.view_child", "registry:list", "", "Danh sách trẻ em"),
    "QD23-14": (
        "registry.view_child",
        "registry:list",
        "missing=birth_registration",
        "Trẻ chưa đăng ký khai sinh",
    ),
    "QD23-09": ("cases.view_case", "cases:list", "category=abuse", "Vụ việc xâm hại"),
    "TT13-II-0101": ("cases.view_case", "cases:list", "category=abuse", "Vụ việc xâm hại"),
}


def records_links(user: Any, unit: AdminUnit, year: int) -> dict[str, tuple[str, str]]:
    """For a commune, each computed indicator's link to the records behind its figure (the register's or
    the cases' list, filtered), when the viewer may read them; the lists apply their own scoping."""
    if unit.level != "commune":
        return {}
    links: dict[str, tuple[str, str]] = {}
    for code, (perm, name, query, label) in RECORDS.items():
        if access.has_perm(user, perm, unit):
            query = query.format(year=int(year))
            links[code] = (f"{reverse(name)}?commune={unit.pk}{'&' + query if query else ''}", label)
    return links


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, PERM)
    year = _year(request)
    user = request.user
    exact = privacy.exact_for(user, unit)
    rows = selectors.scorecard(unit, year)
    computed = [i for i in Indicator.objects.all() if i.is_computed and i.code in selectors.COMPUTERS]
    drill = selectors.drill_down(unit, year, computed) if unit.level != "commune" else []
    areas, area_rows = selectors.area_breakdown(unit, year, computed) if drill else ([], [])
    age_rows = selectors.breakdown(unit, year, computed, "age")
    ethnic_rows = selectors.breakdown(unit, year, computed, "ethnicity")
    if not exact:  # small-cell suppression (ADR 0020), each table against the exact totals
        # a figure held back among the parent's parts is held back here too, with all its own parts
        among = privacy.hidden_among_siblings(user, unit, year, computed)
        totals = {
            row.indicator.code: privacy.hide(row.indicator, row.figure)
            if row.indicator.code in among
            else row.figure
            for row in rows
        }
        rows = [
            replace(row, figure=totals[row.indicator.code]) if row.indicator.code in among else row
            for row in rows
        ]
        area_rows = privacy.protect_breakdown(area_rows, totals)
        age_rows = privacy.protect_breakdown(age_rows, totals)
        ethnic_rows = privacy.protect_breakdown(ethnic_rows, totals)
        drill = _protect_drill(drill, computed, totals)
        rows = [privacy.protect_row(row) for row in rows]
    return render(
        request,
        "indicators/scorecard.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, 2020, -1)),
            "lines": [(row, _trend(row, unit, year, exact=exact)) for row in rows],
            "computed": computed,
            "drill": drill,
            "drill_rows": [(child, list(zip(computed, figures, strict=True))) for child, figures in drill],
            "drill_charts": _drill_charts(rows, computed, drill),
            "trend_years": f"{year - TREND_YEARS + 1}–{year}",
            "parent": unit.parent if unit.parent and access.has_perm(user, PERM, unit.parent) else None,
            "may_enter": access.has_perm(user, "indicators.enter_value", unit),
            "records": records_links(user, unit, year),
            "areas": areas if len(areas) > 1 else [],
            "area_rows": area_rows,
            "age_groups": selectors.AGE_GROUPS,
            "age_rows": age_rows,
            "ethnic_groups": selectors.ETHNIC_GROUPS,
            "ethnic_rows": ethnic_rows,
            "may_target": access.has_perm(user, "indicators.manage_target", unit),
            "suppressed": not exact,
            "suppression_note": privacy.EXPLANATION,
        },
    )


def _protect_drill(
    drill: list[tuple[AdminUnit, list[selectors.Figure]]],
    computed: list[Indicator],
    totals: dict[str, selectors.Figure],
) -> list[tuple[AdminUnit, list[selectors.Figure]]]:
    """The child units' figures, per indicator, as parts of the unit's total (complementary suppression
    across the child units: the total minus the shown units never gives a small cell)."""
    columns = []
    for k, indicator in enumerate(computed):
        parts = [figures[k] for _child, figures in drill]
        total = totals.get(indicator.code)
        if total is None:
            columns.append([privacy.protect_one(indicator, f) for f in parts])
        else:
            columns.append(privacy.protect(indicator, total, parts)[1])
    return [(child, [column[i] for column in columns]) for i, (child, _figures) in enumerate(drill)]


def _shown(fig: selectors.Figure) -> Decimal | str | None:
    return charts.SUPPRESSED if fig.suppressed else fig.value


def _target_parts(row: selectors.Row) -> dict[str, Any]:
    if row.target is None:
        return {"target": None, "comparator": ""}
    return {"target": row.target.value, "comparator": row.target.get_comparator_display()}


def _trend(row: selectors.Row, unit: AdminUnit, year: int, *, exact: bool = True) -> str:
    """The last ``TREND_YEARS`` years of the row's indicator, the row's own year last."""
    earlier = list(range(year - TREND_YEARS + 1, year))
    figures = selectors.series(row.indicator, unit, earlier)
    if not exact:
        figures = [privacy.protect_one(row.indicator, f) for f in figures]
    values = [_shown(f) for f in figures] + [_shown(row.figure)]
    svg = charts.trend_svg(
        points=list(zip([*earlier, year], values, strict=True)),
        title=f"{row.indicator.code} {row.indicator.name}, {unit.name}",
        unit_label=str(row.indicator.get_unit_display()),
        **_target_parts(row),
    )
    return mark_safe(svg)  # noqa: S308 — built by charts.py, every text escaped there


def _drill_charts(
    rows: list[selectors.Row],
    computed: list[Indicator],
    drill: list[tuple[AdminUnit, list[selectors.Figure]]],
) -> list[tuple[Indicator, str]]:
    if not drill:
        return []
    by_code = {r.indicator.code: r for r in rows}
    out: list[tuple[Indicator, str]] = []
    for k, indicator in enumerate(computed):
        svg = charts.bars_svg(
            items=[(child.short_name or child.name, _shown(figures[k])) for child, figures in drill],
            title=f"{indicator.code} {indicator.name} theo đơn vị trực thuộc",
            unit_label=str(indicator.get_unit_display()),
            **_target_parts(by_code[indicator.code]),
        )
        out.append((indicator, mark_safe(svg)))  # noqa: S308 — built by charts.py, every text escaped there
    return out


@login_required
def adx_export(request: HttpRequest) -> HttpResponse:
    """The unit's figures of a year (and, with ``?children=1``, its child units') as an IHE ADX file."""
    unit = _unit(request, PERM)
    year = _year(request)
    if request.GET.get("children") == "1" and selectors.child_units(unit):
        job = adx.export_start(actor=request.user, units=[unit], year=year)  # built by the worker
        return redirect("exports:detail", job_id=job.pk)
    groups = adx.groups_for([unit], year, user=request.user)
    response = HttpResponse(adx.build(groups), content_type="application/adx+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{year}.adx.xml"'
    return response


# -- reported-value entry ----------------------------------------------------------------------------------
ENTER = "indicators.enter_value"
TARGETS = "indicators.manage_target"


def _entry_rows(user: Any, unit: AdminUnit, year: int) -> list[forms.EntryRow]:
    """Every reported indicator the user may enter (an agency: those it leads, ADR 0020): the total, and
    nam / nữ where the catalogue disaggregates by sex."""
    sectors = services.entry_sectors(user, unit)
    saved = {
        (r.indicator_id, r.sex): r
        for r in ReportedValue.objects.filter(unit=unit, year=year).select_related("entered_by")
    }
    rows = []
    for indicator in Indicator.objects.filter(source=Source.REPORTED):
        if sectors is not None and not indicator.sectors & sectors:
            continue
        sexes = ["", *analytics.SEXES] if analytics.has_sex_breakdown(indicator) else [""]
        rows += [forms.EntryRow(indicator, sex, saved.get((indicator.pk, sex))) for sex in sexes]
    return rows


@login_required
def enter_values(request: HttpRequest) -> HttpResponse:
    """The reported (non-computed) indicators of a unit for a year, entered and saved all at once."""
    unit = _unit(request, ENTER)
    year = _year(request) if request.method == "GET" else _posted_year(request)
    rows = _entry_rows(request.user, unit, year)
    form = forms.ReportedValuesForm(request.POST or None, rows=rows)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        changed = form.changed_rows()
        entries = [
            services.ReportedEntry(indicator=r.indicator, sex=r.sex, **form.entry_data(r)) for r in changed
        ]
        try:
            saved = services.reported_values_save(actor=request.user, unit=unit, year=year, entries=entries)
        except ConcurrentEditError as e:
            conflict = e.message
        except services.ReportedValuesInvalid as e:
            by_key = {(r.indicator.code, r.sex): r for r in rows}
            for key, errors in e.errors.items():
                form.add_row_errors(by_key[key], errors)
            form.add_error(None, e.message)
        else:
            if saved:
                messages.success(request, f"Đã lưu {len(saved)} dòng số liệu năm {year} của {unit.name}.")
            else:
                messages.info(request, "Không có số liệu nào thay đổi.")
            return redirect(f"{reverse('indicators:enter')}?unit={unit.pk}&year={year}")
    return render(
        request,
        "indicators/enter_values.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, 2020, -1)),
            "form": form,
            "lines": form.bound_rows(),
            "conflict": conflict,
            "jump": int(rules.JUMP_THRESHOLD * 100),
        },
        status=409 if conflict else 200,
    )


def _posted_year(request: HttpRequest) -> int:
    raw = str(request.POST.get("year") or "").strip()
    if len(raw) == 4 and raw.isascii() and raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    raise access.AccessDenied  # a forged form: nothing to save


# -- targets -----------------------------------------------------------------------------------------------
def _target_table(unit: AdminUnit) -> list[dict[str, Any]]:
    """Each indicator with the targets that apply to ``unit`` per year: its own (editable) or the nearest
    ancestor's (inherited, with the unit that set it)."""
    ancestors = unit.ancestor_ids()
    depth = {pk: i for i, pk in enumerate(ancestors)}
    targets = Target.active().filter(unit_id__in=ancestors).select_related("unit").order_by("year")
    by_indicator: dict[int, dict[int, Target]] = {}
    for t in targets:
        year_map = by_indicator.setdefault(t.indicator_id, {})
        kept = year_map.get(t.year)
        if kept is None or depth[t.unit_id] > depth[kept.unit_id]:
            year_map[t.year] = t
    return [
        {
            "indicator": i,
            "targets": [
                {"target": t, "own": t.unit_id == unit.pk}
                for _, t in sorted(by_indicator.get(i.pk, {}).items())
            ],
        }
        for i in Indicator.objects.all()
    ]


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The unit's targets: set its own (overriding the inherited one for that year) or clear them."""
    unit = _unit(request, TARGETS)
    form = forms.TargetForm(request.POST if request.POST.get("action") == "set" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "clear":
                clear = forms.TargetClearForm(request.POST)
                if not clear.is_valid():
                    raise access.AccessDenied
                data = clear.cleaned_data
                services.target_clear(
                    actor=request.user, unit=unit, indicator=data["indicator"], year=data["year"]
                )
                messages.success(request, f"Đã xóa mục tiêu năm {data['year']} của {data['indicator'].code}.")
                return redirect(f"{reverse('indicators:targets')}?unit={unit.pk}")
            if form.is_valid():
                data = form.cleaned_data
                services.target_set(
                    actor=request.user,
                    unit=unit,
                    indicator=data["indicator"],
                    year=data["year"],
                    value=data["value"],
                    comparator=data["comparator"],
                    source=nfc(data["source"]),
                )
                messages.success(request, f"Đã đặt mục tiêu năm {data['year']} của {data['indicator'].code}.")
                return redirect(f"{reverse('indicators:targets')}?unit={unit.pk}")
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except ApplicationError as e:
            messages.error(request, e.message)
    return render(
        request,
        "indicators/targets.html",
        {"unit": unit, "form": form, "table": _target_table(unit)},
        status=400 if form.errors else 200,
    )
