"""A tile grid of units ("sơ đồ ô") coloured by an indicator, drawn on the server as inline SVG.

No boundary polygons ship with the packages Treem installs, so this is not a geographic map: one square
per unit, placed near where the unit lies. The places are the representative coordinates (one point per
unit, approximate) that the MIT-licensed ``vietnamadminunits`` package bundles for the 34 provinces and
3,321 communes of the 2025 map (``data/parser_from_2025.json``: ``provinceLat/Lon``, ``wardLat/Lon``);
each point (half its position, half its rank west–east and north–south, so that a dense city centre
spreads out) is snapped to the nearest free square of a grid, so neighbours stay roughly neighbours. Units
the package does not know go after the others, in name order. The page says so in words (ADR 0028).

Pure functions returning a string, like ``charts``: every text escaped, ``role="img"`` with a
Vietnamese ``aria-label``, each square a link with its own ``<title>`` (name, figure, status). Colours
only in SVG presentation attributes (the CSP allows no inline style); the legend is HTML with text.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

LABEL = "Sơ đồ ô, không phải bản đồ địa lý"
SOURCE = (
    "Mỗi ô là một đơn vị, đặt gần vị trí tương đối của đơn vị theo tọa độ đại diện (gần đúng) trong "
    "gói vietnamadminunits (giấy phép MIT); không thể hiện ranh giới, hình dạng hay diện tích."
)
CELL = 22  # the square's side in the SVG's own units, gap included
GAP = 2


@dataclass(frozen=True)
class Tile:
    """One unit on the grid: its name, link, colour, and the text of its ``<title>``."""

    key: int
    name: str
    href: str
    fill: str
    title: str
    dashed: bool = False  # a figure held back (small cells) or missing: drawn with a dashed border


Point = tuple[float, float]  # (latitude, longitude)


@functools.cache
def _points() -> tuple[dict[str, Point], dict[tuple[str, str], Point]]:
    """From the package's data: unit code → point (the 34 provinces, the 3,321 communes), and (province
    code, the commune's folded full name) → point, for the communes whose code the package gives
    differently (a merged ward coded after another of its predecessors)."""
    from treem.core.text import fold

    try:
        text = (resources.files("vietnamadminunits") / "data" / "parser_from_2025.json").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover — the package is a dependency
        return {}, {}
    data = json.loads(text)
    by_code: dict[str, Point] = {}
    by_name: dict[tuple[str, str], Point] = {}
    codes = {key: str(p["provinceCode"]) for key, p in data.get("DICT_PROVINCE", {}).items()}
    for province in data.get("DICT_PROVINCE", {}).values():
        by_code[str(province["provinceCode"])] = (
            float(province["provinceLat"]),
            float(province["provinceLon"]),
        )
    for key in ("DICT_PROVINCE_WARD_NO_ACCENTED", "DICT_PROVINCE_WARD_ACCENTED"):  # accented: no clashes
        for province_key, wards in data.get(key, {}).items():
            for ward in wards.values():
                if ward.get("wardLat") is None or ward.get("wardLon") is None:
                    continue
                point = (float(ward["wardLat"]), float(ward["wardLon"]))
                by_code[str(ward["wardCode"])] = point
                by_name[(codes.get(province_key, ""), fold(str(ward["ward"])))] = point
    return by_code, by_name


def coordinates() -> dict[str, Point]:
    """Unit code → (latitude, longitude) of the 2025 map's provinces and communes."""
    return _points()[0]


def locate(code: str, name: str = "", province_code: str = "") -> Point | None:
    """A unit's point: by its code, else (a commune) by its name within its province; None if unknown."""
    from treem.core.text import fold

    by_code, by_name = _points()
    return by_code.get(code) or by_name.get((province_code, fold(name)))


def _clip(values: list[float], share: float = 0.02) -> tuple[float, float]:
    """The range of ``values`` without the far outliers (an island commune would squeeze the rest)."""
    ordered = sorted(values)
    k = int(len(ordered) * share)
    return ordered[k], ordered[len(ordered) - 1 - k]


def layout(points: list[tuple[int, Point | None]]) -> dict[int, tuple[int, int]]:
    """Each key → (column, row) on a grid about twice as large as the units, north up. Keys with a point
    take the free square nearest to it (those nearest the middle first); keys without one follow, in the
    given order, in the rows below."""
    placed = [(key, p) for key, p in points if p is not None]
    rest = [key for key, p in points if p is None]
    out: dict[int, tuple[int, int]] = {}
    cols = rows = 0
    if placed:
        lats = [p[0] for _k, p in placed]
        mid = math.cos(math.radians(sum(lats) / len(lats)))
        xs = [p[1] * mid for _k, p in placed]
        x0, x1 = _clip(xs)
        y0, y1 = _clip(lats)
        w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
        cells = 2 * len(placed)
        cols = max(1, min(len(placed), round(math.sqrt(cells * w / h))))
        rows = max(1, math.ceil(cells / cols))
        if len(placed) == 1:
            cols = rows = 1
        # Half the position, half the rank among the units: a dense city centre spreads over more
        # squares instead of pushing its wards far from their neighbours; the order is kept both ways.
        rank_x = _ranks(xs)
        rank_y = _ranks([-lat for lat in lats])
        wanted = []
        for i, ((key, (lat, _lon)), x) in enumerate(zip(placed, xs, strict=True)):
            fx = (min(max((x - x0) / w, 0.0), 1.0) + rank_x[i]) / 2
            fy = (min(max((y1 - lat) / h, 0.0), 1.0) + rank_y[i]) / 2
            wanted.append((key, fx * (cols - 1), fy * (rows - 1)))
        cx, cy = (cols - 1) / 2, (rows - 1) / 2
        wanted.sort(key=lambda t: ((t[1] - cx) ** 2 + (t[2] - cy) ** 2, t[0]))
        taken: set[tuple[int, int]] = set()
        for key, fx, fy in wanted:
            cell = _nearest_free(fx, fy, cols, rows, taken)
            taken.add(cell)
            out[key] = cell
    if rest:
        cols = cols or min(len(rest), 12)
        start = rows + (1 if placed else 0)
        for i, key in enumerate(rest):
            out[key] = (i % cols, start + i // cols)
    return out


def _ranks(values: list[float]) -> list[float]:
    """Each value's rank among ``values`` from 0 to 1 (ties share their mean rank)."""
    if len(values) < 2:
        return [0.5] * len(values)
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 / (len(values) - 1)
        i = j + 1
    return ranks


def _nearest_free(fx: float, fy: float, cols: int, rows: int, taken: set[tuple[int, int]]) -> tuple[int, int]:
    best: tuple[float, int, int] | None = None
    for radius in range(max(cols, rows) + 1):
        for c in range(max(0, math.floor(fx) - radius), min(cols, math.ceil(fx) + radius + 1)):
            for r in range(max(0, math.floor(fy) - radius), min(rows, math.ceil(fy) + radius + 1)):
                if (c, r) in taken:
                    continue
                d = (c - fx) ** 2 + (r - fy) ** 2
                if best is None or (d, c, r) < best:
                    best = (d, c, r)
        if best is not None and best[0] <= radius**2:
            return best[1], best[2]
    if best is not None:
        return best[1], best[2]
    raise ValueError("no free square")  # pragma: no cover — the grid has twice the squares needed


def tile_map_svg(*, tiles: list[Tile], points: dict[int, Point | None], label: str) -> str:
    """The grid of ``tiles`` (placed by ``points``: tile key → the unit's point, see ``locate``) as one
    ``<svg>``."""
    places = layout([(t.key, points.get(t.key)) for t in tiles])
    cols = max((c for c, _r in places.values()), default=0) + 1
    rows = max((r for _c, r in places.values()), default=0) + 1
    width, height = cols * CELL + GAP, rows * CELL + GAP
    text = f"{LABEL}: {label}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="unit-map" viewBox="0 0 {width} {height}" '
        f'width="{width * 2}" height="{height * 2}" role="img" aria-label="{escape(text, quote=True)}">',
        f"<title>{escape(text)}</title>",
    ]
    side = CELL - GAP
    for tile in tiles:
        col, row = places[tile.key]
        dash = ' stroke="#5b6475" stroke-width="1" stroke-dasharray="2 2"' if tile.dashed else ""
        out.append(
            f'<a href="{escape(tile.href, quote=True)}" aria-label="{escape(tile.title, quote=True)}">'
            f'<rect x="{col * CELL + GAP}" y="{row * CELL + GAP}" width="{side}" height="{side}" rx="3" '
            f'fill="{tile.fill}"{dash}><title>{escape(tile.title)}</title></rect></a>'
        )
    out.append("</svg>")
    return "".join(out)


def swatch(fill: str, *, dashed: bool = False) -> str:
    """A legend's colour sample (decorative: the legend's text says what it means)."""
    dash = ' stroke="#5b6475" stroke-width="1" stroke-dasharray="2 2"' if dashed else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="swatch" width="16" height="16" viewBox="0 0 16 16" '
        f'aria-hidden="true" focusable="false"><rect x="1" y="1" width="14" height="14" rx="3" '
        f'fill="{fill}"{dash}/></svg>'
    )


def scale(values: list[Any], palette: tuple[str, ...]) -> list[tuple[Any, Any]]:
    """Equal-width classes from the smallest to the largest of ``values`` (Decimals): [(low, high), ...],
    one per colour of ``palette`` (fewer when the values are all equal)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [(low, high)]
    step = (high - low) / len(palette)
    return [
        (low + step * i, high if i == len(palette) - 1 else low + step * (i + 1)) for i in range(len(palette))
    ]


def class_of(value: Any, classes: list[tuple[Any, Any]]) -> int:
    for i, (_low, high) in enumerate(classes):
        if value <= high:
            return i
    return len(classes) - 1
