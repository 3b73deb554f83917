"""The grid map's scene: from the Store and a viewport to a bounded list of things to draw.

`MapScene` follows the Store's change batches incrementally (ticket points, per-grid tallies) and
answers `compute(view)` with a `Frame`: the grid polygons of one level (console.map_lod picks it;
micro-grids come with their grids beneath, `CONTEXT_LEVEL`), their labels, and clustered markers
per layer, never more than `ITEM_BUDGET` items together.

A frame holds what is in view and, while the budget lasts, what lies up to half a view beyond its
edges (`Frame.cover`). While the view stays within that cover at the same level and zoom step, and
nothing else changed, `compute` returns the very same frame: a pan costs the models nothing, and
when it does leave the cover the items that fell behind are re-bound to those ahead in one sync.
Positions in a Frame are already in the tile source's coordinate system (`to_display`), so a
GCJ-02 base map and the overlays agree. Colours are left to the view: polygons carry a `tone`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from .map_cluster import SEVERITY, Cluster, PointSet, cluster_with_cell, clusters_around
from .map_lod import (ITEM_BUDGET, LEVELS, POLYGON_BUDGET, Viewport, choose_level, px_outside, scale, simplify_ring,
                      split_budget)
from .map_stats import RegionIndex, TicketTally, is_open_ticket

POINT_LAYERS = ("alarms", "tickets", "cameras", "gates", "party")
LAYER_KINDS = {"alarms": "alarm", "tickets": "ticket", "cameras": "camera", "gates": "gate", "party": "party_org"}
# Most points each layer may take, in the order the budget is handed out (alarms never give way).
POINT_DEMAND = {"alarms": 40, "tickets": 160, "cameras": 80, "gates": 30, "party": 30}
COLOUR_MODES = ("open", "overdue", "density", "none")
# Micro-grids (buildings) cover only part of their grid: drawn alone, the rest of the map is empty
# background and the duty officer cannot tell which grid a building is in. Their grids are drawn
# beneath them.
CONTEXT_LEVEL = {4: 3}
LABEL_MIN_PX = 70.0  # a grid narrower than this (at the zoom step) gets no label item (it would not fit anyway)
POLYGON_MARGIN_PX = 64.0  # grids this close to the view are drawn (a pan shows no empty edge)
POINT_MARGIN_PX = 32.0  # clusters whose centre is this close to the view are drawn
# A layer's clusters this close to the view must fit its share of the budget (else its cells grow):
# the frame then reaches at least this far beyond the view, and a pan reuses it for a few frames
# instead of computing and re-binding a new one on every frame (which a layer filling its share
# within the view forced: at some zooms 26 of 31 pan frames were new).
POINT_FIT_MARGIN_PX = POLYGON_MARGIN_PX + 120.0
COVER_FRACTION = 0.5  # a frame holds, budget permitting, what lies this many view sizes beyond each edge
# While a zoom is under way (`MapScene.zoom_moving`) the clusters of the step it started from are
# kept, up to this many half-level steps away, and re-formed once it settles: as Google's
# MarkerClusterer waits for the map's "idle". Every re-forming re-binds every marker on the map,
# the largest cost of a zoom frame (and clusters that split and merge under an animated zoom are
# hard to follow anyway).
CLUSTER_HOLD_STEPS = 2
# Zooming in, the whole frame in hand (outlines, labels, clusters) is kept while it still covers the
# view, up to this many half-level steps in, and re-formed once the zoom settles: its items only grow
# on screen (outlines simplified to SIMPLIFY_PX at the step they were made stay within a pixel at
# two levels in), while re-forming them on every step re-bound hundreds of items per step, the
# largest cost of a zoom frame. Zooming out, labels and clusters would crowd: recomputed per step.
FRAME_HOLD_IN_STEPS = 4
# Zooming out, the frame is kept while its cover still holds the whole view, up to a level out (its
# clusters are kept that far anyway, CLUSTER_HOLD_STEPS): the grids' picture hides labels laid out
# for a closer zoom (widgets/map_canvas.py), so nothing crowds but the clusters, as before.
FRAME_HOLD_OUT_STEPS = 2
SIMPLIFY_PX = 0.25  # a drawn outline leaves out vertices this close (screen pixels) to it
DRAWN_MEMO_MAX = 4000  # shapes drawn and kept (a few levels and zoom steps of a street): then it starts over
# Legend classes: upper bounds per class for level-3 grids; coarser levels scale them up.
OPEN_BOUNDS = (0, 2, 5, 10)
DENSITY_BOUNDS = (2000, 5000, 10000, 20000)  # residents per km²
LEVEL_SCALE = {1: 20, 2: 5, 3: 1, 4: 1}


@dataclass(frozen=True)
class PolygonItem:
    key: str  # region id, with "#n" for the n-th part of a MultiPolygon
    region_id: str
    level: int
    path: list[tuple[float, float]]  # (lat, lon) in display coordinates
    tone: str  # legend class: "q0".."q4", "none", "at_risk", "overdue"
    value: float
    highlighted: bool


@dataclass(frozen=True)
class LabelItem:
    key: str
    region_id: str
    lat: float
    lon: float
    text: str
    detail: str  # a second line: the value behind the colour


@dataclass(frozen=True)
class MarkerItem:
    key: str
    kind: str  # alarm, ticket, camera, gate, party_org
    entity_id: str | None  # None for a cluster
    lat: float
    lon: float
    count: int
    state: str  # ok / at_risk / overdue for tickets; active / acknowledged; online / offline; org kind
    title: str
    highlighted: bool


@dataclass
class Frame:
    level: int | None  # the finest level drawn (clicks pick its regions first)
    polygons: list[PolygonItem] = field(default_factory=list)
    labels: list[LabelItem] = field(default_factory=list)
    markers: dict[str, list[MarkerItem]] = field(default_factory=dict)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (tone, range text)

    # World bounds (console.map_lod.world_xy units) within which this frame holds everything any
    # view of its level and zoom step needs; None: it serves only the view it was computed for.
    cover: tuple[float, float, float, float] | None = None
    context_level: int | None = None  # a coarser level drawn beneath `level` (CONTEXT_LEVEL)
    step: float = 0.0  # the zoom step it was laid out for: its labels fit at this zoom and closer

    @property
    def levels(self) -> tuple[int, ...]:
        """The levels drawn, finest first: the order in which a click looks for its region."""
        return tuple(lv for lv in (self.level, self.context_level) if lv is not None)

    @property
    def item_count(self) -> int:
        return len(self.polygons) + len(self.labels) + sum(len(v) for v in self.markers.values())

    def covers(self, view: Viewport) -> bool:
        """True when the view, with its drawing margin, lies within the cover."""
        c = self.cover
        if c is None:
            return False
        x0, y0, x1, y1 = view.world_bounds(POLYGON_MARGIN_PX)
        return c[0] <= x0 and c[1] <= y0 and x1 <= c[2] and y1 <= c[3]


def legend_bounds(mode: str, level: int | None) -> tuple[int, ...]:
    if mode == "open":
        k = LEVEL_SCALE.get(level or 3, 1)
        return tuple(b * k for b in OPEN_BOUNDS)
    if mode == "density":
        return DENSITY_BOUNDS
    return ()


def tone_for(mode: str, value: float, level: int | None) -> str:
    """The legend class of a value; `overdue` mode uses the status colours (0 none, 1 amber, 2+ red)."""
    if mode == "none":
        return "none"
    if mode == "overdue":
        return "none" if value <= 0 else "at_risk" if value < 2 else "overdue"
    bounds = legend_bounds(mode, level)
    for i, b in enumerate(bounds):
        if value <= b:
            return f"q{i}"
    return f"q{len(bounds)}"


def legend(mode: str, level: int | None) -> list[tuple[str, str]]:
    """(tone, range) rows of the colour legend, ranges as plain numbers ("0", "1–2", "≥ 11")."""
    if mode == "none":
        return []
    if mode == "overdue":
        return [("none", "0"), ("at_risk", "1"), ("overdue", "≥ 2")]
    bounds = legend_bounds(mode, level)
    rows, lo = [], 0
    for i, b in enumerate(bounds):
        if mode == "open":
            rows.append((f"q{i}", str(b) if lo == b else f"{lo}–{b}"))
            lo = b + 1
        else:
            rows.append((f"q{i}", f"< {b:,}" if i == 0 else f"{bounds[i - 1]:,}–{b:,}"))
    rows.append((f"q{len(bounds)}", f"≥ {lo}" if mode == "open" else f"≥ {bounds[-1]:,}"))
    return rows


def _ticket_severity(t: dict) -> int:
    return SEVERITY.get(t.get("sla_state") or "ok", 0)


class _PointLayer:
    """One point layer's entities as a PointSet, rebuilt lazily after a change touching its kind."""

    def __init__(self, kind: str, include: Callable[[dict], bool], severity: Callable[[dict], int]) -> None:
        self.kind, self.include, self.severity = kind, include, severity
        self.points: PointSet | None = None

    def invalidate(self) -> None:
        self.points = None

    def get(self, store: Any) -> PointSet:
        if self.points is None:
            self.points = PointSet.from_entities((e for e in store.all(self.kind) if self.include(e)), self.severity)
        return self.points


class MapScene:
    """Pure scene state of the grid map: layer switches, colouring, highlight, and the Store's data."""

    def __init__(self, store: Any, to_display: Callable[[float, float], tuple[float, float]] | None = None) -> None:
        self.store = store
        self.to_display = to_display or (lambda lon, lat: (lon, lat))
        self.layers: dict[str, bool] = {f"level{lv}": True for lv in LEVELS} | {name: True for name in POINT_LAYERS}
        self.colour_by = "open"
        # The second label line per colour mode, "%1" the value; the view sets translated ones.
        self.detail_formats: dict[str, str] = {"open": "%1", "overdue": "%1", "density": "%1"}
        self.highlight: tuple[str, str] | None = None
        self.regions = RegionIndex()
        self._level: int | None = None  # the level drawn last frame (hysteresis in choose_level)
        self._version = 0  # bumped by every change of what is drawn that the frame key cannot see
        self._last: tuple[tuple, Frame] | None = None  # (key, frame) of the last compute
        # (region, level, zoom step) -> its polygons and label, while what they show stays the same
        # (`_drawn_for`): a frame recomputed after a pan rebuilds only the shapes that came into
        # reach, and the models see the same objects for the rest (no comparison of paths)
        self._drawn: dict[tuple, tuple] = {}
        self._drawn_for: tuple | None = None
        # id(cluster) -> (cluster, its marker), under the same `_drawn_for`: clusters are kept per
        # zoom step (console.map_cluster), so a recomputed frame hands the models the same markers
        self._marked: dict[int, tuple[Cluster, MarkerItem]] = {}
        self.frames_reused = 0
        self.zoom_moving = False  # set by the view: a zoom is under way (clusters are held, see above)
        self._cluster_step: float | None = None  # the zoom step the last frame's clusters were made at
        self._cells: dict[str, tuple[float, float]] = {}  # layer -> (zoom step, cell px) of last frame
        self.tally = TicketTally()
        # (level, short name) that several regions share: every community has its "第一网格"
        self._shared_names: set[tuple[Any, str]] = set()
        self._paths: dict[str, list[list[tuple[float, float]]]] = {}  # region id -> display rings (lat, lon)
        self._points = {
            "alarms": _PointLayer("alarm", lambda a: a.get("status") in ("active", "acknowledged"),
                                  lambda a: 2 if a.get("status") == "active" else 1),
            "tickets": _PointLayer("ticket", is_open_ticket, _ticket_severity),
            "cameras": _PointLayer("camera", lambda c: True, lambda c: 0 if c.get("online") else 1),
            "gates": _PointLayer("gate", lambda g: True, lambda g: 0 if g.get("online") else 1),
            "party": _PointLayer("party_org", lambda p: p.get("kind") in ("committee", "branch"), lambda p: 0),
        }
        self.reset()

    # --- following the Store ------------------------------------------------------------------------

    def set_to_display(self, fn: Callable[[float, float], tuple[float, float]]) -> None:
        self.to_display = fn
        self._version += 1
        self._paths.clear()
        for layer in self._points.values():
            layer.invalidate()

    def reset(self) -> None:
        self._version += 1
        self.regions.rebuild(self.store.all("region"))
        self._paths.clear()
        self._find_shared_names()
        self.tally.rebuild(self.store.all("ticket"))
        for layer in self._points.values():
            layer.invalidate()

    def apply(self, changes: Iterable[Any]) -> bool:
        """Follow one Store batch; True when anything the map draws may have changed."""
        kinds = set()
        for c in changes:
            kinds.add(c.kind)
            if c.kind == "ticket":
                self.tally.update(c.id, self.store.get("ticket", c.id))
        if "region" in kinds:
            self.regions.rebuild(self.store.all("region"))
            self._paths.clear()
            self._find_shared_names()
        for layer in self._points.values():
            if layer.kind in kinds:
                layer.invalidate()
        drawn = bool(kinds & {"region", "ticket", "alarm", "camera", "gate", "party_org", "staff"})
        if drawn:
            self._version += 1
        return drawn

    # --- drawing --------------------------------------------------------------------------------------

    def display_rings(self, region_id: str) -> list[list[tuple[float, float]]]:
        rings = self._paths.get(region_id)
        if rings is None:
            shape = self.regions.shapes[region_id]
            conv = self.to_display
            rings = []
            for ring in shape.rings:
                pts = [conv(p[0], p[1]) for p in ring]
                if len(pts) > 3 and pts[0] == pts[-1]:
                    pts = pts[:-1]  # MapPolygon closes the ring itself
                rings.append([(lat, lon) for lon, lat in pts])
            self._paths[region_id] = rings
        return rings

    def enabled_levels(self) -> list[int]:
        return [lv for lv in LEVELS if self.layers.get(f"level{lv}")]

    def compute(self, view: Viewport) -> Frame:
        step = math.floor(view.zoom * 2) / 2
        held = self._cluster_step
        cluster_step = held if self.zoom_moving and held is not None and \
            abs(step - held) <= CLUSTER_HOLD_STEPS * 0.5 else step
        drawn_for = (self._version, self.colour_by, self.highlight, tuple(sorted(self.layers.items())),
                     tuple(sorted(self.detail_formats.items())))
        last = self._last
        if last is not None and last[0][3:] == drawn_for and last[1].covers(view) and (
                last[0][1:3] == (step, cluster_step)
                or (self.zoom_moving and (0 < step - last[0][1] <= FRAME_HOLD_IN_STEPS * 0.5
                                          or 0 < last[0][1] - step <= FRAME_HOLD_OUT_STEPS * 0.5))):
            # A pan within the cover at the same zoom step, or a zoom under way: the same frame,
            # and the same level (the level is chosen again once the view leaves the cover, a few
            # hundred pixels on, or the zoom settles)
            self.frames_reused += 1
            return last[1]  # the same object: the view's models have nothing to do
        if self._drawn_for != drawn_for or max(len(self._drawn), len(self._marked)) > DRAWN_MEMO_MAX:
            self._drawn.clear()
            self._marked.clear()
            self._drawn_for = drawn_for
        level = choose_level(self.regions.bboxes_by_level, view, self.enabled_levels(), current=self._level)
        self._level = level
        self._cluster_step = cluster_step
        frame = self._compute(view, level, COVER_FRACTION * max(view.width, view.height), cluster_step)
        self._last = ((level, step, cluster_step, *drawn_for), frame)
        return frame

    def _compute(self, view: Viewport, level: int | None, outer: float, cluster_step: float) -> Frame:
        frame = Frame(level, legend=legend(self.colour_by, level), step=math.floor(view.zoom * 2) / 2)
        # Candidates beyond the drawing margins, nearest first: (distance px, layer, thing, items it costs).
        extra: list[tuple[float, str, Any, int]] = []
        complete = True  # False when something within the margins had to be left out (the budget)
        shown: list[Any] = []
        if level is not None:
            context = CONTEXT_LEVEL.get(level)
            if context is not None and self.layers.get(f"level{context}"):
                frame.context_level = context
            for lv in reversed(frame.levels):  # the context first: its polygons lie beneath
                got, near, full = self._shapes_near(lv, view, outer)
                complete &= full
                shown += got
                for s in got:
                    self._add_shape(frame, s, lv, view)
                extra += [(d, "polygons", s, self._shape_items(s, view)) for d, s in near]
        budget = ITEM_BUDGET - frame.item_count
        demands = {name: POINT_DEMAND[name] if self.layers.get(name) else 0 for name in POINT_LAYERS}
        allowed = split_budget(demands, budget, POINT_LAYERS)
        caps = {"polygons": POLYGON_BUDGET - len(shown)}
        for name in POINT_LAYERS:
            if not allowed[name]:
                frame.markers[name] = []
                continue
            frame.markers[name], near, full = self._markers(name, view, allowed[name], outer, cluster_step)
            complete &= full
            caps[name] = allowed[name] - len(frame.markers[name])
            extra += [(d, name, c, 1) for d, c in near]
        # Beyond the view: nearest first while every layer's share and the item budget last (the
        # map's cost grows with its items, seen or not). The cover ends just before the first thing
        # left out, so a view within it needs nothing more.
        free = ITEM_BUDGET - frame.item_count
        reach = outer
        extra.sort(key=lambda e: e[0])
        for d, layer, thing, cost in extra:
            if caps.get(layer, 0) < 1 or cost > free:
                reach = min(reach, d - 0.5)
                break
            caps[layer] -= 1
            free -= cost
            if layer == "polygons":
                self._add_shape(frame, thing, thing.level, view)
            else:
                frame.markers[layer].append(self._marker(self._points[layer].kind, thing, self._highlighted(layer)))
        if complete and reach >= POLYGON_MARGIN_PX:
            frame.cover = view.world_bounds(reach)
        return frame

    def _shapes_near(self, level: int, view: Viewport, outer: float) -> tuple[list[Any], list[tuple[float, Any]], bool]:
        """The level's shapes within the drawing margin (nearest the centre when more than the
        budget: then False, nothing beyond is added) and those up to `outer` px beyond, nearest first."""
        shapes = self.regions.by_level.get(level, [])
        if not shapes:
            return [], [], True
        d = px_outside(self.regions.world_boxes_by_level[level], view.world_bounds(0.0), view.zoom)
        inside = [shapes[i] for i in np.nonzero(d <= POLYGON_MARGIN_PX)[0]]
        if len(inside) > POLYGON_BUDGET:  # keep those nearest the centre
            inside.sort(key=lambda s: (s.label_lonlat[0] - view.lon) ** 2 + (s.label_lonlat[1] - view.lat) ** 2)
            return inside[:POLYGON_BUDGET], [], False
        near = np.nonzero((d > POLYGON_MARGIN_PX) & (d <= outer))[0]
        near = near[np.argsort(d[near], kind="stable")]
        return inside, [(float(d[i]), shapes[i]) for i in near], True

    def _label_px(self, s: Any, view: Viewport) -> float:
        """A shape's width at the view's zoom step: labels come and go by step, not on every zoom frame."""
        return (s.bbox[2] - s.bbox[0]) / 360.0 * scale(math.floor(view.zoom * 2) / 2)

    def _shape_items(self, s: Any, view: Viewport) -> int:
        return len(self.regions.shapes[s.id].rings) + (self._label_px(s, view) >= LABEL_MIN_PX)

    def _add_shape(self, frame: Frame, s: Any, level: int, view: Viewport) -> None:
        key = (s.id, level, math.floor(view.zoom * 2) / 2)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = self._draw_shape(s, level, view)
        frame.polygons.extend(drawn[0])
        if drawn[1] is not None:
            frame.labels.append(drawn[1])

    def _draw_shape(self, s: Any, level: int, view: Viewport) -> tuple[tuple[PolygonItem, ...], LabelItem | None]:
        """A shape's polygons (one per ring) and its label (None when too small at this zoom step)."""
        open_, overdue = self.tally.rolled(self.regions)
        hl = self.highlight[1] if self.highlight and self.highlight[0] == "region" else None
        region = self.store.get("region", s.id) or {}
        value = self._value(region, open_, overdue)
        tone = tone_for(self.colour_by, value, level)
        # Vertices closer than a quarter pixel (at the zoom step) to the outline cost and show nothing
        step = math.floor(view.zoom * 2) / 2
        tol = SIMPLIFY_PX * 360.0 / scale(step) * math.cos(math.radians(s.label_lonlat[1]))
        polygons = tuple(PolygonItem(s.id if i == 0 else f"{s.id}#{i}", s.id, level, simplify_ring(ring, tol), tone,
                                     value, s.id == hl)
                         for i, ring in enumerate(self.display_rings(s.id)))
        if self._label_px(s, view) < LABEL_MIN_PX:
            return polygons, None
        lon, lat = self.to_display(*s.label_lonlat)
        return polygons, LabelItem(s.id, s.id, lat, lon, *self._label_lines(region, value))

    def _label_lines(self, region: dict, value: float) -> tuple[str, str]:
        """A label's name and detail line. A short name other regions of its level share says where it
        is on the detail line ("第一网格" / "帝景城社区 · 3"): a dispatcher dropping a ticket on it must
        tell the four "第一网格" of a street apart."""
        name, detail = self.short_name(region), self._detail(value)
        if (region.get("level"), name) in self._shared_names:
            parent = self.store.get("region", region.get("parent_id") or "") if region.get("parent_id") else None
            if parent:
                where = self.short_name(parent)
                detail = f"{where} · {detail}" if detail else where
        return name, detail

    def all_label_lines(self) -> list[tuple[str, str]]:
        """(name, detail) of every region's label as it would be drawn now, the level drawn last and
        its neighbours first: the view makes their pictures while idle (widgets/map_markers.py)."""
        open_, overdue = self.tally.rolled(self.regions)
        near = self._level if self._level is not None else 3
        out = []
        for level in sorted(self.regions.by_level, key=lambda lv: abs(lv - near)):
            for s in self.regions.by_level[level]:
                region = self.store.get("region", s.id) or {}
                out.append(self._label_lines(region, self._value(region, open_, overdue)))
        return out

    def _find_shared_names(self) -> None:
        seen = Counter((r.get("level"), self.short_name(r)) for r in self.store.all("region"))
        self._shared_names = {key for key, n in seen.items() if n > 1}

    def _value(self, region: dict, open_: Any, overdue: Any) -> float:
        if self.colour_by == "open":
            return float(open_.get(region.get("id"), 0))
        if self.colour_by == "overdue":
            return float(overdue.get(region.get("id"), 0))
        if self.colour_by == "density":
            area = region.get("area_km2") or 0.0
            return (region.get("population") or 0) / area if area > 0 else 0.0
        return 0.0

    def short_name(self, region: dict) -> str:
        """The name without its parent's name in front ("帝景城社区第一网格" → "第一网格"): fits the polygon."""
        name = region.get("name") or region.get("id", "")
        parent = self.store.get("region", region.get("parent_id") or "") if region.get("parent_id") else None
        pname = (parent or {}).get("name") or ""
        return name[len(pname):] if pname and name.startswith(pname) and len(name) > len(pname) else name

    def _detail(self, value: float) -> str:
        fmt = self.detail_formats.get(self.colour_by)
        return fmt.replace("%1", f"{value:,.0f}") if fmt else ""

    def _highlighted(self, layer: str) -> str | None:
        kind = self._points[layer].kind
        return self.highlight[1] if self.highlight and self.highlight[0] == kind else None

    def _markers(self, name: str, view: Viewport, max_items: int, outer: float,
                 snapped: float) -> tuple[list[MarkerItem], list[tuple[float, Cluster]], bool]:
        """The layer's markers in view; the clusters up to `outer` px beyond (nearest first); False
        when the cap left some in view out (then nothing beyond may be added)."""
        layer = self._points[name]
        points = layer.get(self.store)
        base = 56.0 if name == "tickets" else 44.0
        last_zoom, last_cell = self._cells.get(name, (None, base))
        start = last_cell if last_zoom == snapped else base  # never shrink cells within one zoom step
        clusters, cell = cluster_with_cell(points, view, cell_px=start, max_items=max_items,
                                           margin_px=POINT_MARGIN_PX, fit_margin_px=POINT_FIT_MARGIN_PX,
                                           snapped=snapped)
        self._cells[name] = (snapped, cell)
        hl = self._highlighted(name)
        shown = [self._marker(layer.kind, c, hl) for c in clusters]
        around = clusters_around(points, view, cell, outer, {c.key for c in clusters}, snapped)
        near = [(d, c) for d, c in around if d > POINT_MARGIN_PX]
        return shown, near, len(near) == len(around)  # else the cap left some within the margin out

    def _marker(self, kind: str, c: Cluster, highlighted_id: str | None) -> MarkerItem:
        got = self._marked.get(id(c))
        if got is not None and got[0] is c:
            return got[1]
        marker = self._make_marker(kind, c, highlighted_id)
        self._marked[id(c)] = (c, marker)
        return marker

    def _make_marker(self, kind: str, c: Cluster, highlighted_id: str | None) -> MarkerItem:
        lon, lat = self.to_display(c.lon, c.lat)
        entity = self.store.get(kind, c.member_id) if c.member_id else None
        if entity is None:
            return MarkerItem(c.key, kind, None, lat, lon, c.count, c.worst, "", False)
        return MarkerItem(c.key, kind, c.member_id, lat, lon, 1, self._state(kind, entity),
                          entity.get("title") or entity.get("name") or entity.get("message") or c.member_id,
                          c.member_id == highlighted_id)

    @staticmethod
    def _state(kind: str, e: dict) -> str:
        if kind == "ticket":
            return e.get("sla_state") or "ok"
        if kind == "alarm":
            return e.get("status") or "active"
        if kind in ("camera", "gate"):
            return "online" if e.get("online") else "offline"
        return e.get("kind") or ""
