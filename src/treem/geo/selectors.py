from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import QuerySet

from treem.accounts import access
from treem.core.text import fold
from treem.geo.models import AdminUnit, Generation, Level, UnitSuccession


def unit_list(
    *,
    user: object,
    level: str | None = None,
    parent_code: str | None = None,
    generation: str = Generation.CURRENT,
) -> QuerySet[AdminUnit]:
    qs = access.units(user).filter(generation=generation)  # type: ignore[arg-type]
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code, parent__generation=generation)
        if not level:
            qs = qs.exclude(level=Level.NATION)
    return qs.select_related("parent").order_by("code")


def unit_children(*, user: object, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return access.units(user).filter(parent=unit).order_by("level", "code")  # type: ignore[arg-type]


# -- the two maps: territories through the succession links (ADR 0024) ------------------------------------
# A former unit (2008 map) is not a node of the current tree: its territory is read off the succession
# links of its former communes (and of the island districts without communes, which were predecessors
# themselves). Each current commune a former unit touches carries a share: 1 when every predecessor of the
# commune lies inside the former unit (its whole territory does), else the share of its predecessors that
# do — an estimate, since the registers do not say on which side of a former border a child lives.


@dataclass(frozen=True)
class Territory:
    """The current communes covering a former unit, each with the share of it that lies in the unit."""

    shares: dict[int, Fraction]
    # For a current commune only partly inside: its hamlets known to lie inside the former unit, and those
    # known to lie outside (``AdminUnit.former_commune``); children there count exactly.
    hamlets_in: dict[int, list[int]] = field(default_factory=dict)
    hamlets_out: dict[int, list[int]] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return all(share == 1 for share in self.shares.values())

    @property
    def commune_ids(self) -> list[int]:
        return sorted(self.shares)

    @property
    def shared_ids(self) -> list[int]:
        """The current communes only partly inside the former unit (their figures are apportioned)."""
        return sorted(pk for pk, share in self.shares.items() if share != 1)


def _former_subtree(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(generation=Generation.FORMER, path__startswith=unit.path)


def territory(unit: AdminUnit) -> Territory:
    """The current communes of a former ``unit`` (kept on the unit object for its lifetime). A current
    unit's territory is its own current communes, whole."""
    cached: Territory | None = getattr(unit, "_treem_territory", None)
    if cached is not None:
        return cached
    if unit.is_current:
        ids = AdminUnit.objects.filter(
            level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=unit.path
        ).values_list("pk", flat=True)
        result = Territory({pk: Fraction(1) for pk in ids})
    else:
        result = _former_territory(unit)
    unit._treem_territory = result  # type: ignore[attr-defined]
    return result


def _former_territory(unit: AdminUnit) -> Territory:
    inside = UnitSuccession.objects.filter(
        predecessor__in=_former_subtree(unit).exclude(level=Level.PROVINCE).values("pk"),
        successor__level=Level.COMMUNE,
        successor__generation=Generation.CURRENT,
    )
    touched: dict[int, int] = {}  # current commune → how many of its predecessors lie inside
    for successor_id in inside.values_list("successor_id", flat=True):
        touched[successor_id] = touched.get(successor_id, 0) + 1
    if touched:
        totals: dict[int, int] = {}
        for successor_id in (
            UnitSuccession.objects.filter(
                successor_id__in=list(touched), predecessor__generation=Generation.FORMER
            )
            .exclude(predecessor__level=Level.PROVINCE)
            .values_list("successor_id", flat=True)
        ):
            totals[successor_id] = totals.get(successor_id, 0) + 1
        shared = {pk: Fraction(n, totals[pk]) for pk, n in touched.items()}
        hamlets_in: dict[int, list[int]] = {}
        hamlets_out: dict[int, list[int]] = {}
        for hamlet_id, commune_id, former_path in AdminUnit.objects.filter(
            level=Level.HAMLET,
            parent_id__in=[pk for pk, share in shared.items() if share != 1],
            former_commune__isnull=False,
        ).values_list("pk", "parent_id", "former_commune__path"):
            side = hamlets_in if former_path.startswith(unit.path) else hamlets_out
            side.setdefault(commune_id, []).append(hamlet_id)
        return Territory(shared, hamlets_in, hamlets_out)
    # No commune-level links (a former province known only as a whole): each current province that took
    # it over counts with the share of its former provinces that the unit is.
    shares: dict[int, Fraction] = {}
    if unit.level == Level.PROVINCE:
        for province in AdminUnit.objects.filter(predecessions__predecessor=unit, level=Level.PROVINCE):
            share = Fraction(1, max(1, province.predecessions.count()))
            for pk in AdminUnit.objects.filter(
                level=Level.COMMUNE, generation=Generation.CURRENT, path__startswith=province.path
            ).values_list("pk", flat=True):
                shares[pk] = share
    return Territory(shares)


def successors(unit: AdminUnit) -> list[AdminUnit]:
    """The current units that took a former ``unit`` over: the current province of a former province,
    the current communes of a former district or commune (whole or part)."""
    if unit.is_current:
        return [unit]
    if unit.level == Level.PROVINCE:
        found = list(
            AdminUnit.objects.filter(predecessions__predecessor=unit, level=Level.PROVINCE).order_by("code")
        )
        if found:
            return found
    return list(AdminUnit.objects.filter(pk__in=territory(unit).commune_ids).order_by("name_folded"))


def predecessors(unit: AdminUnit) -> list[AdminUnit]:
    """The former units a current ``unit`` took over (its former provinces, or its former communes)."""
    if not unit.is_current:
        return [unit]
    return list(
        AdminUnit.objects.filter(successions__successor=unit, generation=Generation.FORMER).order_by(
            "level", "name_folded"
        )
    )


def containers(unit: AdminUnit) -> list[int]:
    """The former units whose territory holds the whole territory of a current ``unit``, the most specific
    first (for a commune whose predecessors all lay in Quận Tân Bình: the district, then the former
    city): the units whose earlier plans' targets still measure it. Kept on the unit object."""
    containers_of([unit])
    return unit._treem_containers  # type: ignore[attr-defined]


def containers_of(units: list[AdminUnit]) -> None:
    """``containers`` of each of ``units`` in two queries whatever their number (a province's 168
    communes asked two each on the compare page, issue #20), kept on each unit object."""
    todo = [u for u in units if getattr(u, "_treem_containers", None) is None]
    asked = [u.pk for u in todo if u.is_current and u.level in (Level.PROVINCE, Level.COMMUNE)]
    chains: dict[int, list[list[int]]] = {}
    if asked:
        for successor, path in UnitSuccession.objects.filter(
            successor_id__in=asked, predecessor__generation=Generation.FORMER
        ).values_list("successor_id", "predecessor__path"):
            chains.setdefault(successor, []).append([int(p) for p in path.strip("/").split("/") if p])
    common = {pk: set(paths[0]).intersection(*paths[1:]) for pk, paths in chains.items()}
    former = (
        set(
            AdminUnit.objects.filter(
                pk__in=set().union(*common.values()), generation=Generation.FORMER
            ).values_list("pk", flat=True)
        )
        if any(common.values())
        else set()
    )
    for unit in todo:
        paths = chains.get(unit.pk)
        unit._treem_containers = (  # type: ignore[attr-defined]
            [pk for pk in reversed(paths[0]) if pk in common[unit.pk] and pk in former] if paths else []
        )


def within_scope(user: object, perm: str, unit: AdminUnit) -> bool:
    """Does ``perm`` cover ``unit`` for ``user``? A current unit by its place in the tree; a former unit
    when its whole territory (every current commune it touches) lies within the user's jurisdiction."""
    if unit.is_current:
        return access.has_perm(user, perm, unit)  # type: ignore[arg-type]
    paths = access.get_access(user).paths(perm)  # type: ignore[arg-type]
    if not paths:
        return False
    if paths == ["/"]:
        return True
    ids = territory(unit).commune_ids
    if not ids:
        return False
    return all(
        any(path.startswith(p) for p in paths)
        for path in AdminUnit.objects.filter(pk__in=ids).values_list("path", flat=True)
    )


def access_unit_any_map(user: object, unit_id: object, perm: str) -> AdminUnit:
    """``access.access_unit`` for a unit of either map (404 when missing or outside the jurisdiction)."""
    try:
        unit = AdminUnit.objects.select_related("parent").get(pk=access.parse_pk(unit_id))
    except (AdminUnit.DoesNotExist, ValueError, TypeError):
        raise access.AccessDenied from None
    if not within_scope(user, perm, unit):
        raise access.AccessDenied
    return unit


MAP_SEPARATOR = "-"  # "2008-26968": the former map's unit of that code


def unit_by_code(code: str) -> AdminUnit | None:
    """A nation, province, (former) district or commune by its official code, on either map. Codes repeat
    across the maps (26968 is the current Phường Tân Sơn Nhất and the former Phường 4): a bare code is the
    current unit's when there is one, else the former unit's; "2008-26968" names the former map's."""
    code = code.strip()
    generation = ""
    prefix, _sep, rest = code.partition(MAP_SEPARATOR)
    if rest and prefix in Generation.values:
        generation, code = prefix, rest
    levels = [Level.NATION, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
    for gen in [generation] if generation else [Generation.CURRENT, Generation.FORMER]:
        found = list(AdminUnit.objects.filter(code=code, generation=gen, level__in=levels)[:2])
        if len(found) == 1:
            return found[0]
    return None


def unit_code(unit: AdminUnit) -> str:
    """The code ``unit_by_code`` reads back: a former unit's carries its map ("2008-766", valid in ADX)."""
    return unit.code if unit.is_current else f"{unit.generation}{MAP_SEPARATOR}{unit.code}"


# -- finding a place (issue #19) -----------------------------------------------------------------------------
def _compress(names: list[str]) -> str:
    """ "Phường 2", "Phường 4", "Phường 15" → "Phường 2, 4, 15"; names of different kinds stay whole."""
    if len(names) > 1:
        first = names[0].rsplit(" ", 1)[0] + " "
        if all(n.startswith(first) and n[len(first) :].strip() for n in names):
            return first + ", ".join(n[len(first) :] for n in names)
    return ", ".join(names)


def former_names(units: list[AdminUnit]) -> dict[int, str]:
    """For each current unit, the former units its territory came from: "gồm Phường 2, 4 cũ"."""
    from treem.geo.models import UnitSuccession

    found: dict[int, list[str]] = {}
    rows = (
        UnitSuccession.objects.filter(successor__in=[u.pk for u in units])
        .select_related("predecessor")
        .order_by("predecessor__code")
    )
    for row in rows:
        found.setdefault(row.successor_id, []).append(row.predecessor.name)
    return {pk: f"gồm {_compress(names)} cũ" for pk, names in found.items()}


def unit_label(unit: AdminUnit) -> str:
    """The text a picker shows and accepts back: "Phường Sài Gòn, Thành phố Hồ Chí Minh (mã 26740)"."""
    parent = unit.parent if unit.parent_id and unit.level not in (Level.NATION, Level.PROVINCE) else None
    return f"{unit.name}{', ' + parent.name if parent else ''} (mã {unit.code})"


def unit_search(
    *,
    user: object,
    q: str,
    levels: list[str] | None = None,
    within: QuerySet[AdminUnit] | None = None,
    limit: int = 20,
) -> list[dict[str, object]]:
    """Current units whose name contains every word of ``q`` without accents ("tan son nhat"), or whose
    former units' names do ("phuong 4" finds Phường Tân Sơn Nhất, which took it over); current matches by
    name first. Each result has the label a picker accepts and the former names as a hint."""
    from treem.geo.models import UnitSuccession

    words = fold(q).split()
    qs = within if within is not None else access.units(user)  # type: ignore[arg-type]
    qs = qs.filter(generation=Generation.CURRENT)
    if levels:
        qs = qs.filter(level__in=levels)
    by_name = qs
    for w in words:
        by_name = by_name.filter(name_folded__contains=w)
    units = list(by_name.select_related("parent").order_by("level", "name_folded")[:limit])
    if words and len(units) < limit:
        former = AdminUnit.objects.filter(generation=Generation.FORMER)
        for w in words:
            former = former.filter(name_folded__contains=w)
        successors = UnitSuccession.objects.filter(predecessor__in=former.values("pk")).values("successor")
        seen = {u.pk for u in units}
        extra = qs.filter(pk__in=successors).exclude(pk__in=seen).select_related("parent")
        units += list(extra.order_by("level", "name_folded")[: limit - len(units)])
    hints = former_names(units)
    return [
        {"id": u.pk, "label": unit_label(u), "name": u.name, "level": u.level, "hint": hints.get(u.pk, "")}
        for u in units
    ]
