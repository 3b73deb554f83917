"""Clustering of map points (tickets, cameras, ...) on a screen-space grid, with numpy.

Points are binned into square cells of `cell_px` screen pixels (at the zoom rounded down to a half
level) anchored to the world (not to the view), so panning does not reshuffle clusters. A cluster carries its member count, the worst state
inside (its colour) and, for a single member, that member's id (then it is drawn as the point
itself). 10,000 points cluster in about a millisecond; positions are projected once per change
of the points, never per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from .map_lod import MAX_LAT, Viewport, scale, world_lonlat

SEVERITY = {"ok": 0, "at_risk": 1, "overdue": 2}
STATE_OF = {v: k for k, v in SEVERITY.items()}


@dataclass(frozen=True)
class Cluster:
    """One drawn point: `count` members around (lat, lon), `worst` their worst state."""

    lat: float
    lon: float
    count: int
    worst: str
    member_id: str | None  # the id when count == 1
    key: str  # stable across frames while the cell and its membership stay (the model's row key)


class PointSet:
    """Ids with their world coordinates and severities, as numpy arrays."""

    def __init__(self, ids: Sequence[str], lonlats: Sequence[tuple[float, float]], severities: Sequence[int]) -> None:
        self.ids = list(ids)
        n = len(self.ids)
        ll = np.asarray(lonlats, dtype=float).reshape(n, 2) if n else np.zeros((0, 2))
        # world_xy, vectorised: a live batch re-projects all points, so no per-point Python here
        lat = np.radians(np.clip(ll[:, 1], -MAX_LAT, MAX_LAT))
        s = np.sin(lat)
        self.x = (ll[:, 0] + 180.0) / 360.0
        self.y = 0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)
        self.severity = np.asarray(severities, dtype=np.int8) if n else np.zeros(0, dtype=np.int8)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_entities(cls, entities: Iterable[dict], severity: Callable[[dict], int] = lambda e: 0,
                      position: Callable[[dict], tuple[float, float] | None] | None = None) -> "PointSet":
        """Entities with a `location` {lat, lon} (or `position(e)` → (lon, lat)); the rest are skipped."""
        ids, pts, sev = [], [], []
        for e in entities:
            if position is not None:
                p = position(e)
            else:
                loc = e.get("location") or None
                p = (loc["lon"], loc["lat"]) if loc and loc.get("lat") is not None and loc.get("lon") is not None \
                    else None
            if p is None:
                continue
            ids.append(e["id"])
            pts.append(p)
            sev.append(severity(e))
        return cls(ids, pts, sev)


def cluster(points: PointSet, view: Viewport, cell_px: float = 64.0, max_items: int | None = None,
            margin_px: float = 32.0) -> list[Cluster]:
    """Clusters of the points in view; the cell doubles until at most `max_items` remain."""
    return cluster_with_cell(points, view, cell_px, max_items, margin_px)[0]


class _Cells:
    """Every point of a PointSet binned at one (zoom step, cell size): the clusters of the whole
    world, computed once and reused while the view moves (a pan never re-forms a cluster)."""

    def __init__(self, points: PointSet, snapped: float, cell: float) -> None:
        per_world = scale(snapped) / cell
        cx = np.floor(points.x * per_world).astype(np.int64)
        cy = np.floor(points.y * per_world).astype(np.int64)
        uniq, inv, counts = np.unique(cx * (1 << 32) + cy, return_inverse=True, return_counts=True)
        self.worst = np.zeros(uniq.size, dtype=np.int8)
        np.maximum.at(self.worst, inv, points.severity)
        self.mx = np.bincount(inv, weights=points.x) / counts
        self.my = np.bincount(inv, weights=points.y) / counts
        self.first = np.empty(uniq.size, dtype=np.int64)
        idx = np.arange(len(points))
        self.first[inv[::-1]] = idx[::-1]  # the lowest point index in each cell (the last write wins)
        self.uniq, self.counts, self.cell = uniq, counts, cell
        self._made: dict[int, Cluster] = {}

    def in_view(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        x0, y0, x1, y1 = bounds
        return np.nonzero((self.mx >= x0) & (self.mx <= x1) & (self.my >= y0) & (self.my <= y1))[0]

    def px_outside(self, bounds: tuple[float, float, float, float], zoom: float) -> np.ndarray:
        """How far (pixels) each cluster's centre lies outside world `bounds` (0 inside)."""
        x0, y0, x1, y1 = bounds
        d = np.maximum.reduce([self.mx - x1, x0 - self.mx, self.my - y1, y0 - self.my, np.zeros(self.mx.size)])
        return d * scale(zoom)

    def cluster(self, k: int, ids: list[str]) -> Cluster:
        got = self._made.get(k)
        if got is None:
            lon, lat = world_lonlat(float(self.mx[k]), float(self.my[k]))
            n = int(self.counts[k])
            member = ids[int(self.first[k])]
            key = member if n == 1 else f"c{int(self.cell)}:{int(self.uniq[k])}"
            got = self._made[k] = Cluster(lat, lon, n, STATE_OF.get(int(self.worst[k]), "ok"),
                                          member if n == 1 else None, key)
        return got


def cluster_with_cell(points: PointSet, view: Viewport, cell_px: float = 64.0, max_items: int | None = None,
                      margin_px: float = 32.0, fit_margin_px: float | None = None,
                      snapped: float | None = None) -> tuple[list[Cluster], float]:
    """`cluster`, and the cell size it ended with (a caller starts there next frame, so a pan along
    the item cap does not flip every cluster between two cell sizes).

    The cell grows until the clusters within `fit_margin_px` of the view (default `margin_px`) fit
    `max_items`: a caller that keeps clusters beyond the view, so that a pan needs no new frame,
    asks for room for them here. `snapped`: the zoom step the cells are made at (default the view's
    zoom rounded down to a half level; a caller may hold the last one while a zoom is under way).

    Clusters are formed over all points and then chosen by their centre being in view, so a cluster
    at the edge of the view keeps its count and position while the view moves.
    """
    if len(points) == 0 or (max_items is not None and max_items <= 0):
        return [], cell_px
    bounds = view.world_bounds(margin_px)
    fit_bounds = bounds if fit_margin_px is None else view.world_bounds(max(fit_margin_px, margin_px))
    cache = points.__dict__.setdefault("_cells", {})
    # Cells follow the zoom in half-level steps: during a zoom animation the clusters (and so the
    # map items) stay the same for several frames instead of re-forming on every one.
    if snapped is None:
        snapped = math.floor(view.zoom * 2) / 2
    cell = cell_px
    while True:
        cells = cache.get((snapped, cell))
        if cells is None:
            cells = cache[(snapped, cell)] = _Cells(points, snapped, cell)
        if max_items is None or cells.in_view(fit_bounds).size <= max_items or cell > 4096:
            break
        cell *= 2
    chosen = cells.in_view(bounds)
    out = [cells.cluster(int(k), points.ids) for k in chosen]
    if max_items is not None and len(out) > max_items:
        out.sort(key=lambda c: (-SEVERITY[c.worst], -c.count))
        out = out[:max_items]
    return out, cell


def clusters_around(points: PointSet, view: Viewport, cell_px: float, outer_px: float,
                    exclude: set[str] | frozenset[str] = frozenset(),
                    snapped: float | None = None) -> list[tuple[float, Cluster]]:
    """(distance, cluster) for the clusters of `cell_px` cells (as `cluster_with_cell` ended with)
    whose centre lies at most `outer_px` pixels outside the view, nearest first, leaving out the
    keys in `exclude` (those already drawn): what a frame may hold beyond the view's edges so that
    a pan brings nothing new."""
    if len(points) == 0:
        return []
    cache = points.__dict__.setdefault("_cells", {})
    if snapped is None:
        snapped = math.floor(view.zoom * 2) / 2
    cells = cache.get((snapped, cell_px))
    if cells is None:
        cells = cache[(snapped, cell_px)] = _Cells(points, snapped, cell_px)
    d = cells.px_outside(view.world_bounds(0.0), view.zoom)
    near = np.nonzero(d <= outer_px)[0]
    near = near[np.argsort(d[near], kind="stable")]
    out = []
    for k in near:
        c = cells.cluster(int(k), points.ids)
        if c.key not in exclude:
            out.append((float(d[k]), c))
    return out
