"""Indicator figures as a table of dimensions, in the spirit of DHIS2's analytics API.

``parse_request`` turns the ``dx`` / ``ou`` / ``pe`` / ``by`` parameters (items separated by ``;``) into
indicators, units and years, refusing what cannot be answered honestly with a Vietnamese message;
``table`` computes the rows with the same selectors as the scorecard (ratios are sums of numerators over
sums of denominators). Scoping: every unit is checked against the caller's ``indicators.view_indicator``
jurisdiction; a unit outside it is reported exactly like a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from treem.accounts import access
from treem.geo import selectors as geo
from treem.geo.models import AdminUnit
from treem.indicators import privacy, selectors
from treem.indicators.models import Indicator, SexBreakdown, Target

PERM = "indicators.view_indicator"
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_ITEMS = {"dx": 50, "ou": 50, "pe": 10}
MAX_CELLS = 300  # indicator × unit × period combinations per request (each costs a few grouped queries)
SEXES = (SexBreakdown.MALE.value, SexBreakdown.FEMALE.value)
# by=… : the fourth column of the table. Sex for every indicator that has it; the others only for the
# indicators computed from the register (reported figures come per unit and sex only).
BY_COLUMNS = {"sex": "Giới tính", "age": "Nhóm tuổi", "ethnicity": "Dân tộc", "area": "Khu vực"}

HEADERS: list[dict[str, str]] = [
    {"name": "dx", "column": "Chỉ tiêu", "valueType": "TEXT"},
    {"name": "ou", "column": "Đơn vị hành chính", "valueType": "TEXT"},
    {"name": "pe", "column": "Kỳ", "valueType": "TEXT"},
    {"name": "sex", "column": "Giới tính", "valueType": "TEXT"},
    {"name": "value", "column": "Giá trị", "valueType": "NUMBER"},
    {"name": "numerator", "column": "Tử số", "valueType": "INTEGER"},
    {"name": "denominator", "column": "Mẫu số", "valueType": "INTEGER"},
    {"name": "target", "column": "Mục tiêu", "valueType": "NUMBER"},
    {"name": "status", "column": "Đánh giá", "valueType": "TEXT"},
    {"name": "target_comparator", "column": "Phép so sánh với mục tiêu", "valueType": "TEXT"},
    {"name": "target_year", "column": "Năm của mục tiêu", "valueType": "INTEGER"},
]

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$")
_UNIT_CODE = _CODE  # "2008-766" names a former unit (``geo.unit_by_code``)
_YEAR = re.compile(r"^\d{4}$")
_SUB_YEAR = re.compile(r"^(\d{4})(S[12]|Q[1-4]|0[1-9]|1[0-2]|W\d{1,2}|BiW\d{1,2}|\d{4})$")
RELATIVE = {"THIS_YEAR": (0, 0), "LAST_YEAR": (1, 1), "LAST_5_YEARS": (5, 1)}


class AnalyticsError(Exception):
    """A request that cannot be answered; ``status`` is the HTTP status, ``message`` is Vietnamese."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Query:
    indicators: list[Indicator]
    units: list[AdminUnit]
    years: list[int]
    by: str = ""
    periods: list[str] = field(default_factory=list)
    # Who asks: figures of a unit they have no record access to are suppressed (``privacy``, ADR 0020).
    # None (a trusted in-process caller) sees them exactly.
    user: Any = None

    @property
    def by_sex(self) -> bool:
        return self.by == "sex"


def _items(raw: str, dimension: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in (raw or "").split(";"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    items = list(seen)
    if len(items) > MAX_ITEMS[dimension]:
        raise AnalyticsError(
            400, f"Tham số {dimension} có tối đa {MAX_ITEMS[dimension]} mục (đang có {len(items)})."
        )
    return items


def parse_indicators(raw: str) -> list[Indicator]:
    codes = _items(raw, "dx")
    if not codes:
        raise AnalyticsError(
            400, "Thiếu tham số dx: mã chỉ tiêu, cách nhau bởi dấu chấm phẩy, ví dụ QD23-14."
        )
    valid = [c for c in codes if _CODE.match(c)]
    found = {i.code: i for i in Indicator.objects.filter(code__in=valid)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise AnalyticsError(400, f"Không có chỉ tiêu mã: {', '.join(unknown)}.")
    return [found[c] for c in codes]


def parse_periods(raw: str, *, today_year: int | None = None) -> list[tuple[str, int]]:
    """(period as written, year) pairs. Only years can be computed honestly: every indicator is defined
    over a calendar year (ages at 31/12, reported figures per year), so a half-year, quarter or month
    is refused rather than approximated."""
    this_year = today_year or timezone.localdate().year
    items = _items(raw, "pe") or ["THIS_YEAR"]
    periods: list[tuple[str, int]] = []
    for item in items:
        token = item.upper()
        if token in RELATIVE:
            back, until = RELATIVE[token]
            years = [this_year - n for n in range(back, until - 1, -1)] if back else [this_year]
            periods.extend((str(y), y) for y in years)
        elif _YEAR.match(token):
            year = int(token)
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise AnalyticsError(400, f"Năm {item} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
            periods.append((token, year))
        elif _SUB_YEAR.match(token):
            raise AnalyticsError(
                400,
                f"Kỳ {item} chưa được hỗ trợ: các chỉ tiêu chỉ được tính theo năm (ví dụ 2025), "
                "không tính theo 6 tháng, quý hay tháng.",
            )
        else:
            raise AnalyticsError(
                400, f"Kỳ {item} không hợp lệ: dùng năm (ví dụ 2025), THIS_YEAR, LAST_YEAR hoặc LAST_5_YEARS."
            )
    unique: dict[int, str] = {}
    for label, year in periods:
        unique.setdefault(year, label)
    return [(label, year) for year, label in unique.items()]


def _not_found(code: str) -> AnalyticsError:
    return AnalyticsError(404, f"Không tìm thấy đơn vị hành chính mã {code} trong phạm vi của bạn.")


def parse_units(raw: str, user: Any) -> list[AdminUnit]:
    """Units by official code ("VN", "79", "26740"), of the former map too ("766", or "2008-26968" for a
    code the current map also uses: ``geo.unit_by_code``, ADR 0024); default: the roots of the caller's
    jurisdiction. A unit outside the jurisdiction answers like a missing one (404); a former unit is
    within it when its whole territory is."""
    codes = _items(raw, "ou")
    if not codes:
        roots = access.top_units(user, PERM)
        if not roots:
            raise AnalyticsError(404, "Bạn không có địa bàn nào được xem chỉ tiêu.")
        return roots
    units = []
    for code in codes:
        match = geo.unit_by_code(code) if _UNIT_CODE.match(code) else None
        if match is None or not geo.within_scope(user, PERM, match):
            raise _not_found(code)
        if match not in units:
            units.append(match)
    return units


def parse_request(*, user: Any, dx: str, ou: str, pe: str, by: str) -> Query:
    by = (by or "").strip().lower()
    if by and by not in BY_COLUMNS:
        raise AnalyticsError(
            400,
            "Tham số by chỉ nhận một trong các giá trị sex (giới tính), age (nhóm tuổi), "
            "ethnicity (dân tộc), area (thành thị, nông thôn).",
        )
    indicators = parse_indicators(dx)
    periods = parse_periods(pe)
    units = parse_units(ou, user)
    cells = len(indicators) * len(units) * len(periods)
    if cells > MAX_CELLS:
        raise AnalyticsError(
            400,
            f"Yêu cầu quá lớn: {cells} tổ hợp chỉ tiêu × đơn vị × kỳ (tối đa {MAX_CELLS}). "
            "Hãy chia thành nhiều yêu cầu.",
        )
    return Query(
        indicators=indicators,
        units=units,
        years=[y for _, y in periods],
        by=by,
        periods=[label for label, _ in periods],
        user=user,
    )


def _num(value: Decimal | int | None) -> str | None:
    return None if value is None else str(value)


def _cells(fig: selectors.Figure) -> list[str | None]:
    """value, numerator, denominator; a suppressed figure says "<5" where its value and numerator were."""
    if fig.suppressed:
        return [privacy.API_SUPPRESSED, privacy.API_SUPPRESSED, _num(fig.denominator)]
    return [_num(fig.value), _num(fig.numerator), _num(fig.denominator)]


def _target_cells(target: Target | None) -> tuple[str | None, str | None, str | None]:
    if target is None:
        return None, None, None
    return format(target.value.normalize(), "f"), target.comparator, str(target.year)


def has_sex_breakdown(indicator: Indicator) -> bool:
    return indicator.is_computed or "sex" in indicator.disaggregations.split(";")


def _parts(query: Query, unit: AdminUnit, year: int) -> dict[str, list[tuple[str, selectors.Figure]]]:
    """Per computed indicator code, its (category, figure) parts for ``query.by`` other than sex — one
    grouped query per unit and year for all the requested indicators."""
    computed = [i for i in query.indicators if i.is_computed and i.code in selectors.COMPUTERS]
    if not computed:
        return {}
    if query.by == "area":
        areas, rows = selectors.area_breakdown(unit, year, computed)
        keys = [key for key, _label in areas]
    else:
        rows = selectors.breakdown(unit, year, computed, query.by)
        keys = list(selectors.BREAKDOWNS[query.by])
    return {indicator.code: list(zip(keys, figures, strict=True)) for indicator, figures in rows}


def _categories(by: str) -> list[tuple[str, str]]:
    if by == "sex":
        return [(sex, str(SexBreakdown(sex).label)) for sex in SEXES]
    if by == "age":
        return [(group, f"{group} tuổi") for group in selectors.AGE_GROUPS]
    if by == "ethnicity":
        return list(selectors.ETHNIC_GROUPS)
    if by == "area":
        return [(key, label) for key, label, _types in selectors.AREAS]
    return []


def _part(total: list[str | None], key: str, part: selectors.Figure) -> list[str | None]:
    """A breakdown row under the ``total`` row: same indicator, unit and period; no target or status."""
    return [*total[:3], key, *_cells(part), None, None, None, None]


def _unit_label(unit: AdminUnit, query: Query) -> str:
    """A former unit's name says so, and that its figures are estimates where a current commune only
    partly inside it is shared out (ADR 0024)."""
    if unit.is_current:
        return unit.name
    if geo.territory(unit).exact:
        return f"{unit.name} (bản đồ cũ)"
    return f"{unit.name} (bản đồ cũ, ước tính)"


def table(query: Query) -> dict[str, Any]:
    rows: list[list[str | None]] = []
    seen: set[str] = set()
    for unit in query.units:
        exact = query.user is None or privacy.exact_for(query.user, unit)
        for period, year in zip(query.periods, query.years, strict=True):
            # Other breakdowns than sex: one catalogue per unit and year for all the indicators.
            parts = _parts(query, unit, year) if query.by and not query.by_sex else {}
            among: set[str] = set()
            if not exact:  # held back among its parent's child units (ADR 0020)
                among = privacy.hidden_among_siblings(query.user, unit, year, query.indicators)
            for indicator in query.indicators:
                row = selectors.evaluate(indicator, unit, year)
                breakdown: list[tuple[str, selectors.Figure]] = []
                if query.by_sex and has_sex_breakdown(indicator):
                    breakdown = [(sex, selectors.figure(indicator, unit, year, sex=sex)) for sex in SEXES]
                breakdown += parts.get(indicator.code, [])
                fig = row.figure
                if not exact:
                    if indicator.code in among:
                        fig = privacy.hide(indicator, fig)
                    fig, shown = privacy.protect(indicator, fig, [part for _key, part in breakdown])
                    breakdown = [(key, part) for (key, _old), part in zip(breakdown, shown, strict=True)]
                target, comparator, target_year = _target_cells(row.target)
                total: list[str | None] = [
                    indicator.code,
                    geo.unit_code(unit),
                    period,
                    None,
                    *_cells(fig),
                    target,
                    row.status,
                    comparator,
                    target_year,
                ]
                rows.append(total)
                for key, part in breakdown:
                    if not query.by_sex:
                        seen.add(key)
                    rows.append(_part(total, key, part))
    items: dict[str, dict[str, str | None]] = {}
    for indicator in query.indicators:
        items[indicator.code] = {"name": indicator.name, "measure": indicator.get_unit_display()}
    for unit in query.units:
        items[geo.unit_code(unit)] = {"name": _unit_label(unit, query), "measure": None}
    for period, year in zip(query.periods, query.years, strict=True):
        items[period] = {"name": f"Năm {year}", "measure": None}
    categories = [(key, label) for key, label in _categories(query.by) if query.by_sex or key in seen]
    for key, label in categories:
        items[key] = {"name": label, "measure": None}
    for code, label in selectors.STATUS_LABELS.items():
        items[code] = {"name": label, "measure": None}
    column = query.by or "sex"
    headers = [dict(h) for h in HEADERS]
    headers[3] = {"name": column, "column": BY_COLUMNS[column], "valueType": "TEXT"}
    dimensions = {
        "dx": [i.code for i in query.indicators],
        "ou": [geo.unit_code(u) for u in query.units],
        "pe": list(query.periods),
        column: [key for key, _label in categories],
    }
    return {
        "headers": headers,
        "rows": rows,
        "width": len(headers),
        "height": len(rows),
        "metaData": {"items": items, "dimensions": dimensions},
    }
