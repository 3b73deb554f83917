"""The demo street's places: nested grid polygons, compounds, buildings and houses (pure data, no database).

Regions of levels 1-3 are rectangles of one lattice in a flat plan (metres, x east, y north). The
lattice nodes are moved by a smooth warp (a slight rotation plus a few long sine waves) and every
region's ring walks the warped nodes along its rectangle's edges. Neighbours therefore share exactly
the same vertices: children nest in their parent and siblings never overlap, while the boundaries
bend like streets do. Points inside a lattice cell are placed by bilinear interpolation of its four
corner nodes, so anything inside a grid's plan rectangle lands inside that grid's polygon.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from .. import geo
from . import names

LAT0, LON0 = 37.309, 117.157  # 许商街道, 商河县
STREET_W, STREET_H = 3000.0, 2500.0
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))
NDIGITS = 7  # ~1 cm
STREET_CODE = "370126001"
STREET_NAME = "许商街道"
ADDRESS_PREFIX = "山东省济南市商河县许商街道"
OCCUPANCY = 0.86  # share of dwellings with a household in them (the rest empty, or shops)


class Mesh:
    """A warped lattice over the street plan; nodes[i][j] is the (lon, lat) of plan point (xs[i], ys[j])."""

    def __init__(self, xs: list[float], ys: list[float], rng: random.Random):
        self.xs, self.ys = sorted(set(xs)), sorted(set(ys))
        self._ix = {x: i for i, x in enumerate(self.xs)}
        self._iy = {y: j for j, y in enumerate(self.ys)}
        theta = math.radians(rng.uniform(-5.0, -2.0))
        waves = [(rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi), amp, length)
                 for amp, length in ((26.0, 1700.0), (16.0, 1050.0), (8.0, 640.0)) for _ in range(2)]
        cos_t, sin_t = math.cos(theta), math.sin(theta)

        def warp(x: float, y: float) -> tuple[float, float]:
            dx = sum(a * math.sin(2 * math.pi * (x * math.cos(d) + y * math.sin(d)) / L + d)
                     for d, _, a, L in waves[0::2])
            dy = sum(a * math.sin(2 * math.pi * (x * math.sin(d) - y * math.cos(d)) / L + d)
                     for d, _, a, L in waves[1::2])
            u, v = x - STREET_W / 2 + dx, y - STREET_H / 2 + dy
            return u * cos_t - v * sin_t, u * sin_t + v * cos_t

        self.nodes = [[_lonlat(*warp(x, y)) for y in self.ys] for x in self.xs]
        self._check_cells()

    def _check_cells(self) -> None:
        # Every cell must stay a convex counter-clockwise quad, or the lattice would fold over itself.
        for i in range(len(self.xs) - 1):
            for j in range(len(self.ys) - 1):
                quad = [self.nodes[i][j], self.nodes[i + 1][j], self.nodes[i + 1][j + 1], self.nodes[i][j + 1]]
                for k in range(4):
                    a, b, c = quad[k], quad[(k + 1) % 4], quad[(k + 2) % 4]
                    if (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) <= 0:
                        raise AssertionError(f"lattice cell {i},{j} folds; lower the warp")

    def ring(self, x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
        """The closed counter-clockwise ring of plan rectangle [x0, x1] × [y0, y1] (lattice lines only)."""
        i0, i1, j0, j1 = self._ix[x0], self._ix[x1], self._iy[y0], self._iy[y1]
        n = self.nodes
        pts = [n[i][j0] for i in range(i0, i1)] + [n[i1][j] for j in range(j0, j1)]
        pts += [n[i][j1] for i in range(i1, i0, -1)] + [n[i0][j] for j in range(j1, j0, -1)]
        pts.append(pts[0])
        return [list(p) for p in pts]

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(lon, lat) of any plan point, by bilinear interpolation in its lattice cell."""
        i = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        j = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        s = (x - self.xs[i]) / (self.xs[i + 1] - self.xs[i])
        t = (y - self.ys[j]) / (self.ys[j + 1] - self.ys[j])
        n = self.nodes
        a, b, c, d = n[i][j], n[i + 1][j], n[i + 1][j + 1], n[i][j + 1]
        lon = (1 - s) * (1 - t) * a[0] + s * (1 - t) * b[0] + s * t * c[0] + (1 - s) * t * d[0]
        lat = (1 - s) * (1 - t) * a[1] + s * (1 - t) * b[1] + s * t * c[1] + (1 - s) * t * d[1]
        return round(lon, NDIGITS), round(lat, NDIGITS)

    def latlon(self, x: float, y: float) -> tuple[float, float]:
        lon, lat = self.point(x, y)
        return lat, lon


def _lonlat(u: float, v: float) -> tuple[float, float]:
    return round(LON0 + u / M_PER_DEG_LON, NDIGITS), round(LAT0 + v / M_PER_DEG_LAT, NDIGITS)


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in plan metres


@dataclass
class RegionSpec:
    id: str
    level: int
    parent_id: str | None
    name: str
    polygon: dict[str, Any]
    rect: Rect | None = None
    households: int = 0
    population: int = 0
    head_id: str | None = None
    centroid: tuple[float, float] = (0.0, 0.0)  # (lat, lon)
    area_km2: float = 0.0


@dataclass
class GateSpec:
    name: str  # e.g. "南门"
    lat: float
    lon: float
    x: float  # plan metres, for placing barriers beside the gate
    y: float


@dataclass
class CompoundSpec:
    id: str
    name: str
    grid_id: str
    community: str
    road: str
    address: str  # "商中路188号"
    property_company: str
    rect: Rect
    old: bool
    built_year: int
    smart: bool  # 智安小区: face, pedestrian and vehicle gates
    gates: list[GateSpec] = field(default_factory=list)


@dataclass
class BuildingSpec:
    id: str
    compound_id: str
    region_id: str  # the micro-grid
    grid_id: str
    number: int
    floors: int
    units: int
    rooms: int  # dwellings per unit and floor
    lat: float
    lon: float
    polygon: dict[str, Any]
    commercial_ground: bool
    address: str


@dataclass
class HouseSpec:
    id: str
    building_id: str
    grid_id: str
    unit: int
    floor: int
    room: str
    area_m2: float
    usage: str  # owner, rented, vacant, commercial


@dataclass
class Crossing:
    name: str  # "商中路与富源街路口"
    lat: float
    lon: float
    corners: int  # how many grid corners meet there
    on_edge: bool  # on the street's outline


@dataclass
class Geography:
    mesh: Mesh
    street: RegionSpec
    communities: list[RegionSpec]
    grids: list[RegionSpec]
    micro: list[RegionSpec]
    compounds: list[CompoundSpec]
    buildings: list[BuildingSpec]
    houses: list[HouseSpec]
    crossings: list[Crossing]
    roads: list[str]
    grid_of_community: dict[str, list[str]]

    def regions(self) -> list[RegionSpec]:
        """Every region, parents before children (the order the foreign keys want)."""
        return [self.street, *self.communities, *self.grids, *self.micro]


# --- the plan --------------------------------------------------------------------------------------


def _cuts(rng: random.Random, lo: float, hi: float, n: int, jitter: float) -> list[float]:
    """n-1 inner cut positions of [lo, hi] near equal spacing, rounded to 5 m."""
    step = (hi - lo) / n
    return [round((lo + step * k + rng.uniform(-jitter, jitter) * step) / 5) * 5 for k in range(1, n)]


def _grid_rects(rng: random.Random, rect: Rect, count: int) -> list[Rect]:
    """Cut a community into `count` grids: 2 or 3 columns, each split into 1-3 rows."""
    x0, y0, x1, y1 = rect
    cols = 2 if count <= 4 else 3
    rows = [1] * cols
    for _ in range(count - cols):
        k = rng.choice([c for c in range(cols) if rows[c] < 3])
        rows[k] += 1
    xcuts = [x0, *_cuts(rng, x0, x1, cols, 0.12), x1]
    out = []
    for c in range(cols):
        ycuts = [y0, *_cuts(rng, y0, y1, rows[c], 0.15), y1]
        for r in range(rows[c] - 1, -1, -1):  # north first: 第一网格 is the north-west one
            out.append((xcuts[c], ycuts[r], xcuts[c + 1], ycuts[r + 1]))
    return out


def _densify(lines: set[float], lo: float, hi: float, step: float, gap: float) -> set[float]:
    """Extra lattice lines every `step` m (not closer than `gap` to a cut) so that boundaries bend."""
    out = set(lines)
    v = lo + step
    while v < hi - gap:
        if all(abs(v - c) >= gap for c in lines):
            out.add(v)
        v += step
    return out


# Building types: floors, units, dwellings per unit and floor, metres per unit (E-W), depth (N-S).
_TYPES = {
    "multi": ((5, 6), (2, 4), 2, 14.0, 12.0),
    "mid": ((11, 11), (2, 3), 2, 16.0, 14.0),
    "high": ((17, 26), (1, 2), 3, 22.0, 18.0),
}


def _building_plan(rng: random.Random, old: bool, houses_needed: int) -> list[tuple[str, int, int]]:
    plan, total = [], 0
    while total < houses_needed:
        kind = "multi" if old else rng.choices(["multi", "mid", "high"], [3, 4, 3])[0]
        (f0, f1), (u0, u1), rooms, _, _ = _TYPES[kind]
        floors, units = rng.randint(f0, f1), rng.randint(u0, u1)
        plan.append((kind, floors, units))
        total += floors * units * rooms
    return plan


def _pack(rng: random.Random, area: Rect, plan: list[tuple[str, int, int]]) -> tuple[Rect, list[Rect]] | None:
    """Rows of buildings at realistic spacing, as a compound somewhere in `area`; None when they do not fit.

    Returns the compound's rectangle and the footprints, numbered from the north-west.
    """
    ax0, ay0, ax1, ay1 = area
    n = len(plan)
    tallest = max(f for _, f, _ in plan)
    cw = max(_TYPES[k][3] * u for k, _, u in plan) + rng.uniform(14, 24)
    ch = max(_TYPES[k][4] for k, _, _ in plan) + (22 if tallest <= 6 else 30 if tallest <= 11 else 42)
    margin = 10.0
    best = None
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        w, h = cols * cw + 2 * margin, rows * ch + 2 * margin
        if w > ax1 - ax0 or h > ay1 - ay0:
            continue
        score = (rows * cols - n) + abs(math.log((w / h) / ((ax1 - ax0) / (ay1 - ay0))))
        if best is None or score < best[0]:
            best = (score, rows, cols, w, h)
    if best is None:
        return None
    _, rows, cols, w, h = best
    x0 = ax0 + rng.uniform(0, (ax1 - ax0) - w)
    y0 = ay0 + rng.uniform(0, (ay1 - ay0) - h)
    feet = []
    for k, (kind, _, units) in enumerate(plan):
        r, c = divmod(k, cols)
        length, depth = _TYPES[kind][3] * units, _TYPES[kind][4]
        bx = x0 + margin + c * cw + rng.uniform(0, cw - length - 12)
        by = y0 + h - margin - (r + 1) * ch + rng.uniform(0, 3)
        feet.append((bx, by, bx + length, by + depth))
    return (x0, y0, x0 + w, y0 + h), feet


def _finish(spec: RegionSpec) -> RegionSpec:
    lat, lon = geo.centroid(spec.polygon)
    spec.centroid = (round(lat, NDIGITS), round(lon, NDIGITS))
    spec.area_km2 = round(geo.area_km2(spec.polygon), 6)
    return spec


def build_geography(rng: random.Random) -> Geography:
    """Plan the street, its communities, grids, compounds, buildings (micro-grids) and dwellings."""
    cx = round((STREET_W / 2 + rng.uniform(-120, 120)) / 5) * 5
    cy_w = round((STREET_H / 2 + rng.uniform(-160, -60)) / 5) * 5
    cy_e = round((STREET_H / 2 + rng.uniform(60, 160)) / 5) * 5
    community_rects = [(0.0, cy_w, cx, STREET_H), (cx, cy_e, STREET_W, STREET_H),
                       (0.0, 0.0, cx, cy_w), (cx, 0.0, STREET_W, cy_e)]
    grid_counts = [6, 6, 5, 5]
    rng.shuffle(grid_counts)
    grid_rects = [_grid_rects(rng, rect, n) for rect, n in zip(community_rects, grid_counts)]

    xs = {r[0] for rs in grid_rects for r in rs} | {r[2] for rs in grid_rects for r in rs}
    ys = {r[1] for rs in grid_rects for r in rs} | {r[3] for rs in grid_rects for r in rs}
    mesh = Mesh(sorted(_densify(xs, 0, STREET_W, 180, 55)), sorted(_densify(ys, 0, STREET_H, 180, 55)), rng)

    roads = _name_roads(rng, sorted(xs), sorted(ys), cx, cy_w)
    street = _finish(RegionSpec(STREET_CODE, 1, None, STREET_NAME,
                                geo.polygon(mesh.ring(0.0, 0.0, STREET_W, STREET_H)), (0.0, 0.0, STREET_W, STREET_H)))
    communities, grids, micro = [], [], []
    compounds: list[CompoundSpec] = []
    buildings: list[BuildingSpec] = []
    houses: list[HouseSpec] = []
    grid_of_community: dict[str, list[str]] = {}
    compound_names = list(names.COMPOUNDS)
    rng.shuffle(compound_names)
    smart_left = 13  # 13 小区 with 智安 gates, as in the source article
    for k, (cname, crect) in enumerate(zip(names.COMMUNITIES, community_rects), start=1):
        ccode = f"{STREET_CODE}{k:03d}"
        communities.append(_finish(RegionSpec(ccode, 2, STREET_CODE, cname, geo.polygon(mesh.ring(*crect)), crect)))
        grid_of_community[ccode] = []
        home = names.COMMUNITY_HOME[cname]
        for g, grect in enumerate(grid_rects[k - 1], start=1):
            gcode = f"{ccode}{g:03d}"
            grid = _finish(RegionSpec(gcode, 3, ccode, f"{cname}第{names.chinese_ordinal(g)}网格",
                                      geo.polygon(mesh.ring(*grect)), grect))
            grids.append(grid)
            grid_of_community[ccode].append(gcode)
            target = rng.randint(370, 490)
            grid.households = target  # the number of households the people stage will place here
            n_comp = 2 if rng.random() < 0.4 else 1
            for rect, share in _compound_rects(rng, grect, n_comp):
                if g == 1 and not any(c.name == home for c in compounds):
                    name = home
                else:
                    name = compound_names.pop()
                old = name.endswith(names.OLD_COMPOUND_MARKERS)
                smart = smart_left > 0 and (name == home or rng.random() < 0.45)
                smart_left -= smart
                need = math.ceil(target * share / OCCUPANCY)
                for _ in range(60):
                    plan = _building_plan(rng, old, need)
                    packed = _pack(rng, rect, plan)
                    if packed is not None:
                        break
                    old = False  # too dense for walk-ups: build towers instead
                else:
                    raise AssertionError(f"cannot fit {need} dwellings in {name}")
                crect, feet = packed
                comp = _compound(rng, mesh, roads[("y", grect[1])], len(compounds) + 1, name, gcode, cname, crect,
                                 old, smart)
                compounds.append(comp)
                for (kind, floors, units), foot in zip(plan, feet):
                    n = sum(1 for b in buildings if b.grid_id == gcode) + 1
                    number = sum(1 for b in buildings if b.compound_id == comp.id) + 1
                    mcode = f"{gcode}{n:03d}"
                    ring = [mesh.point(foot[0], foot[1]), mesh.point(foot[2], foot[1]),
                            mesh.point(foot[2], foot[3]), mesh.point(foot[0], foot[3])]
                    poly = geo.polygon(ring)
                    region = _finish(RegionSpec(mcode, 4, gcode, f"{name}{number}号楼", poly, foot))
                    micro.append(region)
                    rooms = _TYPES[kind][2]
                    b = BuildingSpec(id=f"BLD-{mcode}", compound_id=comp.id, region_id=mcode, grid_id=gcode,
                                     number=number, floors=floors, units=units, rooms=rooms,
                                     lat=region.centroid[0], lon=region.centroid[1], polygon=poly,
                                     commercial_ground=(kind != "multi" and rng.random() < 0.25),
                                     address=f"{ADDRESS_PREFIX}{comp.address}{name}{number}号楼")
                    buildings.append(b)
                    houses.extend(_houses(rng, b, kind))
            _assign_usage(rng, [h for h in houses if h.grid_id == gcode], target)
    crossings = _crossings(mesh, roads, [r for rs in grid_rects for r in rs])
    return Geography(mesh, street, communities, grids, micro, compounds, buildings, houses, crossings,
                     sorted(set(roads.values())), grid_of_community)


def _compound_rects(rng: random.Random, rect: Rect, n: int) -> list[tuple[Rect, float]]:
    x0, y0, x1, y1 = rect
    m = 28.0  # the roads around the grid
    x0, y0, x1, y1 = x0 + m, y0 + m, x1 - m, y1 - m
    if n == 1:
        return [((x0, y0, x1, y1), 1.0)]
    gap = 30.0
    if x1 - x0 >= y1 - y0:
        cut = x0 + (x1 - x0) * rng.uniform(0.4, 0.6)
        return [((x0, y0, cut - gap / 2, y1), (cut - x0) / (x1 - x0)),
                ((cut + gap / 2, y0, x1, y1), (x1 - cut) / (x1 - x0))]
    cut = y0 + (y1 - y0) * rng.uniform(0.4, 0.6)
    return [((x0, cut + gap / 2, x1, y1), (y1 - cut) / (y1 - y0)),
            ((x0, y0, x1, cut - gap / 2), (cut - y0) / (y1 - y0))]


def _name_roads(rng: random.Random, xs: list[float], ys: list[float], cx: float, cy_w: float) -> dict[tuple[str, float], str]:
    ns, ew = list(names.ROADS_NS[1:]), list(names.ROADS_EW[1:])
    rng.shuffle(ns)
    rng.shuffle(ew)
    roads = {("x", cx): names.ROADS_NS[0], ("y", cy_w): names.ROADS_EW[0]}  # 商中路, 富源街
    for x in xs:
        roads.setdefault(("x", x), ns.pop())
    for y in ys:
        roads.setdefault(("y", y), ew.pop())
    return roads


def _compound(rng: random.Random, mesh: Mesh, road: str, n: int, name: str, grid_id: str, community: str,
              rect: Rect, old: bool, smart: bool) -> CompoundSpec:
    # The main gate opens to the south (as most compounds of north China do), onto the grid's south road.
    x0, y0, x1, y1 = rect
    number = rng.randint(2, 120) * 2 + (0 if (x0 + x1) / 2 > STREET_W / 2 else 1)
    comp = CompoundSpec(
        id=f"CMP-{n:03d}", name=name, grid_id=grid_id, community=community, road=road, address=f"{road}{number}号",
        property_company=names.NO_PROPERTY if old and rng.random() < 0.5 else rng.choice(names.PROPERTY_COMPANIES),
        rect=rect, old=old, built_year=rng.randint(1992, 2006) if old else rng.randint(2008, 2021), smart=smart)
    for gate, y, lo, hi in (("南门", y0 + 3.0, 0.35, 0.65), ("北门", y1 - 3.0, 0.3, 0.7)):
        if gate == "北门" and (x1 - x0) * (y1 - y0) <= 40_000 and not smart:
            break
        x = x0 + (x1 - x0) * rng.uniform(lo, hi)
        comp.gates.append(GateSpec(gate, *mesh.latlon(x, y), x, y))
    return comp


def _houses(rng: random.Random, b: BuildingSpec, kind: str) -> list[HouseSpec]:
    base = {"multi": (75, 135), "mid": (80, 140), "high": (70, 130)}[kind]
    out = []
    for unit in range(1, b.units + 1):
        for floor in range(1, b.floors + 1):
            for k in range(1, b.rooms + 1):
                shop = b.commercial_ground and floor == 1
                area = rng.uniform(40, 220) if shop else rng.uniform(*base)
                out.append(HouseSpec(id=f"H-{b.region_id}-{unit}-{floor}{k:02d}", building_id=b.id, grid_id=b.grid_id,
                                     unit=unit, floor=floor, room=f"{floor}{k:02d}", area_m2=round(area, 1),
                                     usage="commercial" if shop else "vacant"))
    return out


def _assign_usage(rng: random.Random, houses: list[HouseSpec], occupied: int) -> None:
    """Exactly `occupied` dwellings get a household; about a quarter of those are rented out."""
    homes = [h for h in houses if h.usage != "commercial"]
    if len(homes) < occupied:
        raise AssertionError(f"{len(homes)} dwellings for {occupied} households")
    for h in rng.sample(homes, occupied):
        h.usage = "rented" if rng.random() < 0.25 else "owner"


def _crossings(mesh: Mesh, roads: dict[tuple[str, float], str], rects: list[Rect]) -> list[Crossing]:
    corners: dict[tuple[float, float], int] = {}
    for x0, y0, x1, y1 in rects:
        for c in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
            corners[c] = corners.get(c, 0) + 1
    out = []
    for (x, y), degree in sorted(corners.items()):
        lat, lon = mesh.latlon(x, y)
        on_edge = x in (0.0, STREET_W) or y in (0.0, STREET_H)
        out.append(Crossing(f"{roads[('x', x)]}与{roads[('y', y)]}路口", lat, lon, degree, on_edge))
    return out
