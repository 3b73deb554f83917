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

from .map_lod import Viewport, scale, world_lonlat, world_xy

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
        xs = np.empty(n)
        ys = np.empty(n)
        for i, (lon, lat) in enumerate(lonlats):
            xs[i], ys[i] = world_xy(lon, lat)
        self.x, self.y = xs, ys
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


def cluster_with_cell(points: PointSet, view: Viewport, cell_px: float = 64.0, max_items: int | None = None,
                      margin_px: float = 32.0) -> tuple[list[Cluster], float]:
    """`cluster`, and the cell size it ended with (a caller starts there next frame, so a pan along
    the item cap does not flip every cluster between two cell sizes)."""
    if len(points) == 0 or (max_items is not None and max_items <= 0):
        return [], cell_px
    x0, y0, x1, y1 = view.world_bounds(margin_px)
    inside = np.nonzero((points.x >= x0) & (points.x <= x1) & (points.y >= y0) & (points.y <= y1))[0]
    if inside.size == 0:
        return [], cell_px
    xs, ys, sev = points.x[inside], points.y[inside], points.severity[inside]
    cell = cell_px
    # Cells follow the zoom in half-level steps: during a zoom animation the clusters (and so the
    # map items) stay the same for several frames instead of re-forming on every one.
    snapped = math.floor(view.zoom * 2) / 2
    while True:
        per_world = scale(snapped) / cell
        cx = np.floor(xs * per_world).astype(np.int64)
        cy = np.floor(ys * per_world).astype(np.int64)
        keys = cx * (1 << 32) + cy
        uniq, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if max_items is None or uniq.size <= max_items or cell > 4096:
            break
        cell *= 2
    worst = np.zeros(uniq.size, dtype=np.int8)
    np.maximum.at(worst, inv, sev)
    mx = np.bincount(inv, weights=xs) / counts
    my = np.bincount(inv, weights=ys) / counts
    first = np.empty(uniq.size, dtype=np.int64)
    first[inv[::-1]] = inside[::-1]  # the lowest point index in each cell (the last write wins)
    out = []
    for k in range(uniq.size):
        lon, lat = world_lonlat(float(mx[k]), float(my[k]))
        n = int(counts[k])
        member = points.ids[int(first[k])]
        key = member if n == 1 else f"c{int(cell)}:{int(uniq[k])}"
        out.append(Cluster(lat, lon, n, STATE_OF.get(int(worst[k]), "ok"), member if n == 1 else None, key))
    if max_items is not None and len(out) > max_items:
        out.sort(key=lambda c: (-SEVERITY[c.worst], -c.count))
        out = out[:max_items]
    return out, cell
