"""The indicator pages: the scorecard (a card per indicator of a unit for a year, with target, status and
trend, charts drawn on the server), the comparison of the child units on one indicator (sortable table
and tile map), the ADX export, the entry of reported figures and the unit's targets. Each takes its unit
from ``?unit=<id>`` (404 outside the jurisdiction)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from treem.accounts import access
from treem.accounts.working_unit import current_unit
from treem.core.errors import ApplicationError, ConcurrentEditError
from treem.core.replica import use_replica
from treem.core.text import nfc
from treem.geo import selectors as geo
from treem.geo.models import AdminUnit
from treem.indicators import adx, analytics, charts, forms, privacy, rules, selectors, services, unitmap
from treem.indicators import compare as compare_rows
from treem.indicators.models import Indicator, ReportedValue, Source, Target

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
        if perm == PERM:  # figures: a former unit too, within scope when its territory is (ADR 0024)
            return geo.access_unit_any_map(request.user, raw_unit, perm)
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
    if unit.level != "commune" or not unit.is_current:
        return {}
    links: dict[str, tuple[str, str]] = {}
    for code, (perm, name, query, label) in RECORDS.items():
        if access.has_perm(user, perm, unit):
            query = query.format(year=int(year))
            links[code] = (f"{reverse(name)}?commune={unit.pk}{'&' + query if query else ''}", label)
    return links


@login_required
@use_replica()
def scorecard(request: HttpRequest) -> HttpResponse:
    """One card per indicator (status, figure, target, trend), then the breakdowns; the child units are
    compared one indicator at a time on ``compare`` (the table of every child unit by every indicator
    made the province's page 660 KB, ADR 0028)."""
    unit = _unit(request, PERM)
    year = _year(request)
    user = request.user
    exact = privacy.exact_for(user, unit)
    figures = KeptFigures(unit)
    indicators = list(Indicator.objects.all())
    rows = selectors.scorecard(unit, year, figures=figures, indicators=indicators)
    computed = [i for i in indicators if i.is_computed and i.code in selectors.COMPUTERS]
    children = len(selectors.child_units(unit)) if unit.level != "commune" else 0
    areas, area_rows = (
        selectors.area_breakdown(
            unit,
            year,
            computed,
            catalogue=figures.catalogue(year),
            provided=lambda indicator: figures.provided(indicator, year),
        )
        if children
        else ([], [])
    )
    # by age group and ethnic group: each table reads the register's year once more, so they are drawn
    # when asked (``?phan_tich=1``), as the trends and the two maps (issue #20: pages under load)
    by_group = request.GET.get("phan_tich") == "1"
    age_rows = selectors.breakdown(unit, year, computed, "age") if by_group else []
    ethnic_rows = selectors.breakdown(unit, year, computed, "ethnicity") if by_group else []
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
        rows = [privacy.protect_row(row) for row in rows]
    with_charts = request.GET.get("trends") == "1"
    trends = _trends(rows, figures, year, exact=exact, charts_too=with_charts)
    comparable = {i.code for i in computed} if children else set()
    cards = [
        Card(row, svg, change, row.indicator.code in comparable)
        for row, (svg, change) in zip(rows, trends, strict=True)
    ]
    return render(
        request,
        "indicators/scorecard.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, 2020, -1)),
            "cards": cards,
            "lines": [(card.row, card.trend) for card in cards],
            "tally": _tally(rows),
            "computed": computed,
            "children": children,
            "child_level": _child_level(unit),
            "trend_years": f"{year - TREND_YEARS + 1}–{year}",
            "with_charts": with_charts,
            "by_group": by_group,
            "may_split": bool(computed),
            "parent": unit.parent if unit.parent and geo.within_scope(user, PERM, unit.parent) else None,
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
            **_reform(
                user,
                unit,
                year,
                rows,
                exact=exact,
                both_maps=request.GET.get("hai_ban_do") == "1" or not unit.is_current,
            ),
        },
    )


def _reform(
    user: Any, unit: AdminUnit, year: int, rows: list[selectors.Row], *, exact: bool, both_maps: bool
) -> dict[str, Any]:
    """Both administrative maps side by side (ADR 0024): the former units' figures of the year before the
    reform beside the current units' of the year after (``selectors.reform_comparison``). The table costs
    as much as the rest of the page (every figure once more per column), so it is drawn when asked
    (``?hai_ban_do=1``), or on a former unit's own page (ADR 0028's one-second page)."""
    holders = AdminUnit.objects.filter(pk__in=geo.containers(unit)).order_by("level")
    base = {
        # the former units whose whole territory held this one (a ward's former district and city)
        "former_holders": [u for u in holders if geo.within_scope(user, PERM, u)],
        "former_unit": not unit.is_current,
        "territory_exact": unit.is_current or geo.territory(unit).exact,
        "both_maps": both_maps,
    }
    if not both_maps:
        return {**base, "reform_columns": [], "reform_rows": []}
    indicators = [row.indicator for row in rows]
    # only the units the viewer may see (a former ward divided with a neighbour's commune is not a ward
    # worker's), each protected unless the viewer has record access to it (ADR 0020)
    columns = [
        column
        for column in selectors.reform_comparison(unit, year, indicators)
        if geo.within_scope(user, PERM, column.unit)
    ]
    for column in columns:
        if not privacy.exact_for(user, column.unit):
            column.figures = [
                privacy.protect_one(i, f) for i, f in zip(indicators, column.figures, strict=True)
            ]
    return {
        **base,
        "reform_columns": columns,
        "reform_rows": [
            (indicator, [column.figures[k] for column in columns]) for k, indicator in enumerate(indicators)
        ],
    }


@dataclass
class Change:
    """The figure against the year before's: an arrow and its words (never the arrow alone)."""

    arrow: str
    text: str
    tone: str  # "ok" when it moved the indicator's way, "danger" the other way, "" otherwise


@dataclass
class Card:
    row: selectors.Row
    trend: str
    change: Change | None
    comparable: bool  # the child units can be compared on it (``compare``)


def _tally(rows: list[selectors.Row]) -> list[tuple[str, str, int]]:
    """(status label, badge, how many indicators) for each status that occurs, in the statuses' order."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return [
        (selectors.STATUS_LABELS[s], selectors.STATUS_BADGES[s], counts[s])
        for s in selectors.STATUS_LABELS
        if s in counts
    ]


def _child_level(unit: AdminUnit) -> str:
    return "tỉnh, thành phố" if unit.level == "nation" else "xã, phường, đặc khu"


def _change(
    indicator: Indicator, now: selectors.Figure, before: selectors.Figure, year: int
) -> Change | None:
    if now.suppressed or before.suppressed or now.value is None or before.value is None:
        return None
    places = 0 if indicator.unit == "count" else 2
    was = f"{charts.vn_number(before.value, places)} năm {year - 1}"
    if now.value == before.value:
        return Change("→", f"không đổi so với {was}", "")
    up = now.value > before.value
    delta = charts.vn_number(abs(now.value - before.value), places)
    tone = ""
    if indicator.direction in ("raise", "lower"):
        tone = "ok" if up == (indicator.direction == "raise") else "danger"
    verb = "tăng" if up else "giảm"
    return Change("↑" if up else "↓", f"{verb} {delta} so với {was}", tone)


class KeptFigures(selectors._Figures):
    """The scorecard's figures of one unit (``selectors._Figures``, batched), each kept once read: the
    year before's figures that the status's baseline reads are the ones the cards' arrows show, and the
    trends read the earlier years through the same path as the year's own figure."""

    def __init__(self, unit: AdminUnit) -> None:
        super().__init__(unit, batched=True)
        self._kept: dict[tuple[int, int, str], selectors.Figure] = {}

    def get(self, indicator: Indicator, year: int, sex: str = "") -> selectors.Figure:
        key = (indicator.pk, year, sex)
        if key not in self._kept:
            self._kept[key] = super().get(indicator, year, sex)
        return self._kept[key]


def _trends(
    rows: list[selectors.Row], figures: KeptFigures, year: int, *, exact: bool, charts_too: bool
) -> list[tuple[str, Change | None]]:
    """Each row's change from the year before and, with ``charts_too``, its small chart of the last
    ``TREND_YEARS`` years (else ""). The earlier years cost as much as the year itself (the indicators
    that other apps compute take one query per commune and year): the page draws the charts only when
    asked, and stays under 1 s at the province (ADR 0028)."""
    unit = figures.unit
    earlier = list(range(year - TREND_YEARS + 1, year))
    out: list[tuple[str, Change | None]] = []
    for row in rows:
        indicator = row.indicator
        if not charts_too:
            if row.figure.value is None or row.figure.suppressed:
                out.append(("", None))  # nothing to compare: the year before is not read
                continue
            before = figures.get(indicator, year - 1)
            if not exact:
                before = privacy.protect_one(indicator, before)
            out.append(("", _change(indicator, row.figure, before, year)))
            continue
        if indicator.source == Source.REPORTED and indicator.code not in selectors.WITH_FALLBACK:
            history = selectors.series(indicator, unit, earlier)  # the years in one query
        else:
            history = [figures.get(indicator, y) for y in earlier]
        if not exact:
            history = [privacy.protect_one(indicator, f) for f in history]
        change = _change(indicator, row.figure, history[-1], year)
        values = [_shown(f) for f in history] + [_shown(row.figure)]
        svg = charts.trend_svg(
            points=list(zip([*earlier, year], values, strict=True)),
            title=f"{indicator.name}, {unit.name}",
            unit_label=str(indicator.get_unit_display()),
            **_target_parts(row),
        )
        out.append((mark_safe(svg), change))  # noqa: S308 — built by charts.py, every text escaped there
    return out


def _shown(fig: selectors.Figure) -> Decimal | str | None:
    return charts.SUPPRESSED if fig.suppressed else fig.value


def _target_parts(row: selectors.Row) -> dict[str, Any]:
    if row.target is None:
        return {"target": None, "comparator": ""}
    return {"target": row.target.value, "comparator": row.target.get_comparator_display()}


# -- the comparison of the child units ----------------------------------------------------------------------
COMPARE_PAGE = 50  # rows of the comparison table per page (the map shows them all)
STATUS_FILLS = {
    selectors.Status.ACHIEVED: "#1a7f37",
    selectors.Status.ON_TRACK: "#7cc68d",
    selectors.Status.AT_RISK: "#f2b53a",
    selectors.Status.OFF_TRACK: "#c62828",
    selectors.Status.NO_TARGET: "#9db7d5",
    selectors.Status.NO_DATA: "#e4e7ec",
}
VALUE_FILLS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
HIDDEN_FILL = "#f2f4f7"


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """The child units of a unit on one computed indicator (``?indicator=<code>``): the tile map coloured
    by status (by value where no child unit has a target), and the table sorted on the server
    (``?sort=name|value|gap&dir=asc|desc``, ``?page=``)."""
    unit = _unit(request, PERM)
    year = _year(request)
    computed = [i for i in Indicator.objects.all() if i.is_computed and i.code in selectors.COMPUTERS]
    if unit.level == "commune" or not computed:
        raise Http404
    code = str(request.GET.get("indicator") or "")
    indicator = next((i for i in computed if i.code == code), computed[0])
    sort = str(request.GET.get("sort") or "")
    sort = sort if sort in compare_rows.SORTS else compare_rows.DEFAULT_SORT
    direction = str(request.GET.get("dir") or "")
    direction = direction if direction in compare_rows.DIRECTIONS else compare_rows.SORTS[sort][1]
    exact = privacy.exact_for(request.user, unit)
    items = compare_rows.entries(unit, year, indicator, user=request.user, exact=exact)
    ordered = compare_rows.order(items, sort, direction)
    page = Paginator(ordered, COMPARE_PAGE).get_page(request.GET.get("page"))
    base = {"unit": unit.pk, "year": year, "indicator": indicator.code}
    headers = []
    for key, (label, first) in compare_rows.SORTS.items():
        active = key == sort
        flip = ("desc" if direction == "asc" else "asc") if active else first
        headers.append(
            {
                "key": key,
                "label": label,
                "href": "?" + urlencode({**base, "sort": key, "dir": flip}),
                "aria_sort": ("ascending" if direction == "asc" else "descending") if active else "",
                "hint": f"sắp xếp {compare_rows.DIRECTIONS[flip]}",
                "arrow": ("▲" if direction == "asc" else "▼") if active else "",
            }
        )
    unit_label = str(indicator.get_unit_display())
    map_svg, legend = _map(unit, items, indicator, year, unit_label)
    return render(
        request,
        "indicators/compare.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, 2020, -1)),
            "indicator": indicator,
            "indicators": computed,
            "unit_label": unit_label,
            "page": page,
            "count": len(items),
            "headers": headers,
            "sort": sort,
            "dir": direction,
            "sorted_by": f"{compare_rows.SORTS[sort][0].lower()}, {compare_rows.DIRECTIONS[direction]}",
            "page_query": urlencode({**base, "sort": sort, "dir": direction}),
            "map": map_svg,
            "legend": legend,
            "map_label": unitmap.LABEL,
            "map_source": unitmap.SOURCE,
            "child_level": _child_level(unit),
            "suppressed": not exact,
            "suppression_note": privacy.EXPLANATION,
        },
    )


def _map(
    unit: AdminUnit, items: list[compare_rows.Entry], indicator: Indicator, year: int, unit_label: str
) -> tuple[str, list[tuple[str, str]]]:
    """The tile map's SVG and its legend [(swatch SVG, text)]: by status when some child unit has a
    target, else by the figure's value in equal-width classes."""
    places = 0 if indicator.unit == "count" else 2
    by_status = any(e.target is not None for e in items)
    values = [e.figure.value for e in items if not e.figure.suppressed and e.figure.value is not None]
    classes = unitmap.scale(values, VALUE_FILLS)
    tiles = []
    counts: dict[str, int] = {}
    for e in items:
        figure_text = charts.with_unit(_shown(e.figure), unit_label)
        title = f"{e.unit.name}: {figure_text}"
        if e.figure.suppressed:
            fill, key, dashed = HIDDEN_FILL, "hidden", True
        elif by_status:
            fill, key, dashed = STATUS_FILLS[e.status], e.status, e.status == selectors.Status.NO_DATA
        elif e.figure.value is None:
            fill, key, dashed = STATUS_FILLS[selectors.Status.NO_DATA], "none", True
        else:
            k = unitmap.class_of(e.figure.value, classes)
            fill, key, dashed = VALUE_FILLS[k], f"class{k}", False
        if by_status:
            title += f" — {e.status_label}"
        counts[key] = counts.get(key, 0) + 1
        href = f"{reverse('indicators:scorecard')}?unit={e.unit.pk}&year={year}"
        tiles.append(unitmap.Tile(e.unit.pk, e.unit.name, href, fill, title, dashed))
    legend: list[tuple[str, str]] = []
    if by_status:
        for status, label in selectors.STATUS_LABELS.items():
            if counts.get(status):
                swatch = unitmap.swatch(STATUS_FILLS[status], dashed=status == selectors.Status.NO_DATA)
                legend.append((swatch, f"{label}: {counts[status]}"))
    else:
        for k, (low, high) in enumerate(classes):
            if counts.get(f"class{k}"):
                span = f"{charts.vn_number(low, places)} – {charts.vn_number(high, places)} {unit_label}"
                legend.append((unitmap.swatch(VALUE_FILLS[k]), f"{span.strip()}: {counts[f'class{k}']}"))
        if counts.get("none"):
            legend.append(
                (
                    unitmap.swatch(STATUS_FILLS[selectors.Status.NO_DATA], dashed=True),
                    f"Chưa có số liệu: {counts['none']}",
                )
            )
    if counts.get("hidden"):
        legend.append((unitmap.swatch(HIDDEN_FILL, dashed=True), f"Số nhỏ được ẩn: {counts['hidden']}"))
    label = f"{indicator.name}, năm {year}, theo {'mức đánh giá' if by_status else 'giá trị'}"
    province = unit.code if unit.level == "province" else ""
    points = {e.unit.pk: unitmap.locate(e.unit.code, e.unit.name, province) for e in items}
    svg = unitmap.tile_map_svg(tiles=tiles, points=points, label=label)
    marked: list[tuple[str, str]] = [(mark_safe(s), text) for s, text in legend]  # noqa: S308 — unitmap.py
    return mark_safe(svg), marked  # noqa: S308 — built by unitmap.py, every text escaped there


@login_required
@use_replica()
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
def _set_key(unit_id: int, every_year: dict[str, Any]) -> tuple[Any, ...]:
    return (unit_id, *sorted(every_year.items()))


def _target_table(unit: AdminUnit) -> list[dict[str, Any]]:
    """Each indicator with the targets that apply to ``unit``: its own (editable) or the nearest
    ancestor's (inherited, with the unit that set it). A target set every year ("hằng năm", ADR 0044) is
    one line with the years it covers — the years of its rows and of the years given their own target
    over it — and each year with a target of its own is a line of its own, in year order."""
    holders = selectors.target_holders(unit)  # the unit first, then by precedence (ADR 0024)
    rank = {pk: i for i, pk in enumerate(holders)}
    targets = (
        Target.active().filter(unit_id__in=holders, breakdown="").select_related("unit").order_by("year")
    )
    by_indicator: dict[int, dict[int, Target]] = {}
    spans: dict[tuple[int, tuple[Any, ...]], list[int]] = {}  # (indicator, set) → its years
    for t in targets:
        year_map = by_indicator.setdefault(t.indicator_id, {})
        kept = year_map.get(t.year)
        if kept is None or rank[t.unit_id] < rank[kept.unit_id]:
            year_map[t.year] = t
        if t.every_year:
            key = _set_key(t.unit_id, services.every_year_dict(t))
            spans.setdefault((t.indicator_id, key), []).append(t.year)
        elif t.replaced is not None:
            spans.setdefault((t.indicator_id, _set_key(t.unit_id, t.replaced)), []).append(t.year)
    table = []
    for indicator in Indicator.objects.all():
        lines: list[dict[str, Any]] = []
        sets: dict[tuple[Any, ...], dict[str, Any]] = {}
        for year, t in sorted(by_indicator.get(indicator.pk, {}).items()):
            if not t.every_year:
                lines.append({"target": t, "own": t.unit_id == unit.pk, "year": year})
                continue
            key = _set_key(t.unit_id, services.every_year_dict(t))
            if key not in sets:  # the set's first year that applies here: its line
                years = spans[(indicator.pk, key)]
                sets[key] = {"target": t, "own": t.unit_id == unit.pk, "year": min(years), "every_year": True}
                sets[key].update(first=min(years), last=max(years))
                lines.append(sets[key])
        for line in lines:  # a year inside a set shown here is that year's own, over the set
            line["over_every_year"] = not line.get("every_year") and (
                line["target"].replaced is not None
                or any(s["first"] <= line["year"] <= s["last"] for s in sets.values())
            )
        lines.sort(key=lambda line: (line["year"], not line.get("every_year")))
        table.append({"indicator": indicator, "targets": lines})
    return table


def _span(years: list[int]) -> str:
    return f"{min(years)}–{max(years)}" if min(years) != max(years) else str(years[0])


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The unit's targets: set its own (overriding the inherited one for that year) or clear them. A
    target set every year ("hằng năm", ADR 0044) is changed with "Hằng năm" as the year, for every year it
    holds; a year of its own over it is set with that year, and clearing it gives the year back to the
    every-year target; clearing the every-year target clears all its years."""
    unit = _unit(request, TARGETS)
    form = forms.TargetForm(request.POST if request.POST.get("action") == "set" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "clear":
                clear = forms.TargetClearForm(request.POST)
                if not clear.is_valid():
                    raise access.AccessDenied
                data = clear.cleaned_data
                done = services.target_clear(
                    actor=request.user, unit=unit, indicator=data["indicator"], year=data["year"]
                )
                code, year = data["indicator"].code, data["year"]
                if done.restored:
                    text = f"Đã xóa mục tiêu riêng năm {year} của {code}: năm đó theo mục tiêu hằng năm."
                elif done.every_year:
                    text = f"Đã xóa mục tiêu hằng năm ({_span(done.years)}) của {code}."
                else:
                    text = f"Đã xóa mục tiêu năm {year} của {code}."
                messages.success(request, text)
                return redirect(f"{reverse('indicators:targets')}?unit={unit.pk}")
            if form.is_valid():
                data = form.cleaned_data
                code = data["indicator"].code
                if data["year"] is None:
                    years = services.target_set_every_year(
                        actor=request.user,
                        unit=unit,
                        indicator=data["indicator"],
                        value=data["value"],
                        comparator=data["comparator"],
                        source=nfc(data["source"]),
                    )
                    messages.success(request, f"Đã đặt mục tiêu hằng năm ({_span(years)}) của {code}.")
                    return redirect(f"{reverse('indicators:targets')}?unit={unit.pk}")
                services.target_set(
                    actor=request.user,
                    unit=unit,
                    indicator=data["indicator"],
                    year=data["year"],
                    value=data["value"],
                    comparator=data["comparator"],
                    source=nfc(data["source"]),
                )
                messages.success(request, f"Đã đặt mục tiêu năm {data['year']} của {code}.")
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
