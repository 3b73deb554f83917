"""Level of detail for the grid map: which grid level to draw, what is in view, the item budget.

DESIGN.md section 3 measured QtLocation: every map item costs frame time (1,000 markers 108 ms per
zoom frame offscreen), so the map never holds more than `ITEM_BUDGET` items. These functions are
pure: positions in, decisions out, tested without Qt. Screen maths uses Web Mercator "world"
coordinates: x, y in [0, 1) over the whole earth, times 256 · 2^zoom for pixels (the tile scheme).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np

ITEM_BUDGET = 500  # all things drawn at once: polygons, labels, markers, clusters (the grids and
# tickets are painted as one picture now, widgets/map_canvas.py: the budget bounds that repaint too)
POLYGON_BUDGET = 180  # grid polygons (each also has a label) — 360 items at most
MIN_GRID_PX = 48.0  # a grid narrower than this on screen is drawn as part of its parent
# Micro-grids are single buildings: worth drawing smaller, or zooming into a grid would never show them.
MIN_PX_BY_LEVEL = {4: 24.0}
TILE_PX = 256.0
LEVELS = (1, 2, 3, 4)  # street, community, grid, micro-grid (level 0 districts are not drawn)
MAX_LAT = 85.05112878


def world_xy(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator world coordinates in [0, 1): x east, y south (the tile scheme's orientation)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    s = math.sin(math.radians(lat))
    return (lon + 180.0) / 360.0, 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def world_boxes(lonlat_boxes: Any) -> np.ndarray:
    """(min_lon, min_lat, max_lon, max_lat) boxes (N × 4) as world (x0, y0, x1, y1) boxes, vectorised."""
    b = np.asarray(lonlat_boxes, dtype=float).reshape(-1, 4)
    s = np.sin(np.radians(np.clip(b[:, [3, 1]], -MAX_LAT, MAX_LAT)))  # north edge first: y grows south
    y = 0.5 - np.log((1 + s) / (1 - s)) / (4 * math.pi)
    return np.column_stack(((b[:, 0] + 180.0) / 360.0, y[:, 0], (b[:, 2] + 180.0) / 360.0, y[:, 1]))


def px_outside(boxes: np.ndarray, bounds: tuple[float, float, float, float], zoom: float) -> np.ndarray:
    """How far (pixels at `zoom`) each world box (N × 4) lies outside world `bounds`; 0 when they meet."""
    x0, y0, x1, y1 = bounds
    d = np.maximum.reduce([boxes[:, 0] - x1, x0 - boxes[:, 2], boxes[:, 1] - y1, y0 - boxes[:, 3],
                           np.zeros(len(boxes))])
    return d * scale(zoom)


def world_lonlat(x: float, y: float) -> tuple[float, float]:
    lon = x * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return lon, lat


def scale(zoom: float) -> float:
    """Pixels per world unit at `zoom`."""
    return TILE_PX * 2.0 ** zoom


@dataclass(frozen=True)
class Viewport:
    """What the map shows: centre (WGS-84), zoom and widget size in pixels."""

    lat: float
    lon: float
    zoom: float
    width: int
    height: int

    def world_bounds(self, margin_px: float = 0.0) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in world units, grown by `margin_px` on every side."""
        cx, cy = world_xy(self.lon, self.lat)
        s = scale(self.zoom)
        hw, hh = (self.width / 2 + margin_px) / s, (self.height / 2 + margin_px) / s
        return cx - hw, cy - hh, cx + hw, cy + hh

    def lonlat_bounds(self, margin_px: float = 0.0) -> tuple[float, float, float, float]:
        """(min_lon, min_lat, max_lon, max_lat)."""
        x0, y0, x1, y1 = self.world_bounds(margin_px)
        lon0, lat1 = world_lonlat(x0, y0)
        lon1, lat0 = world_lonlat(x1, y1)
        return lon0, lat0, lon1, lat1

    def px_width(self, min_lon: float, max_lon: float) -> float:
        return (max_lon - min_lon) / 360.0 * scale(self.zoom)

    def pixel_of(self, lon: float, lat: float) -> tuple[float, float]:
        """Widget pixel (x, y) of a position (no bearing or tilt: the map never rotates)."""
        cx, cy = world_xy(self.lon, self.lat)
        x, y = world_xy(lon, lat)
        s = scale(self.zoom)
        return self.width / 2 + (x - cx) * s, self.height / 2 + (y - cy) * s

    def lonlat_at(self, px: float, py: float) -> tuple[float, float]:
        """The position under widget pixel (px, py)."""
        cx, cy = world_xy(self.lon, self.lat)
        s = scale(self.zoom)
        return world_lonlat(cx + (px - self.width / 2) / s, cy + (py - self.height / 2) / s)


def bbox_intersects(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def choose_level(bboxes_by_level: Mapping[int, Iterable[tuple[float, float, float, float]]], view: Viewport,
                 enabled: Iterable[int] = LEVELS, budget: int = POLYGON_BUDGET, min_px: float = MIN_GRID_PX,
                 current: int | None = None, slack: float = 0.8) -> int | None:
    """The finest enabled level whose regions are big enough on screen and few enough in view.

    `bboxes_by_level`: level → region bboxes (min_lon, min_lat, max_lon, max_lat), a list or an N × 4
    array (the RegionIndex keeps arrays: no conversion per frame). A level qualifies
    when the median visible region is at least `min_px` wide and at most `budget` regions are in view;
    when none qualifies, the coarsest enabled level with regions (so the map is never empty).
    The `current` level is judged with `slack` (80 % of the size, 125 % of the count): a pan along
    the threshold must not swap hundreds of polygons back and forth.
    """
    enabled = sorted(set(enabled))
    v0, a0, v1, a1 = view.lonlat_bounds(margin_px=64)
    coarsest = None
    for level in sorted(enabled, reverse=True):
        # vectorised: this runs every frame of a pan, over every grid of the level
        b = np.asarray(bboxes_by_level.get(level, ()), dtype=float).reshape(-1, 4)
        b = b[(b[:, 0] <= v1) & (v0 <= b[:, 2]) & (b[:, 1] <= a1) & (a0 <= b[:, 3])]
        if not len(b):
            continue
        coarsest = level
        widths = np.sort((b[:, 2] - b[:, 0]) / 360.0 * scale(view.zoom))
        k = slack if level == current else 1.0
        if len(b) <= budget / k and widths[len(widths) // 2] >= MIN_PX_BY_LEVEL.get(level, min_px) * k:
            return level
    return coarsest


def zoom_to_fit(bbox: tuple[float, float, float, float], width: int, height: int, padding_px: float = 40.0,
                max_zoom: float = 18.0) -> tuple[float, float, float]:
    """(lat, lon, zoom) showing the whole bbox in a `width` × `height` view."""
    x0, y1 = world_xy(bbox[0], bbox[1])
    x1, y0 = world_xy(bbox[2], bbox[3])
    w, h = max(x1 - x0, 1e-12), max(y1 - y0, 1e-12)
    avail_w, avail_h = max(width - 2 * padding_px, 32), max(height - 2 * padding_px, 32)
    zoom = math.log2(min(avail_w / (w * TILE_PX), avail_h / (h * TILE_PX)))
    lon, lat = world_lonlat((x0 + x1) / 2, (y0 + y1) / 2)
    return lat, lon, min(zoom, max_zoom)


def split_budget(demands: Mapping[str, int], budget: int, order: Iterable[str]) -> dict[str, int]:
    """Items allowed per layer: layers in `order` get what they ask for while the budget lasts."""
    left = budget
    out: dict[str, int] = {}
    for name in order:
        take = min(max(demands.get(name, 0), 0), left)
        out[name] = take
        left -= take
    return out


def simplify_ring(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """A ring (x, y points, not repeating the first at the end) without the vertices that lie within
    `tolerance` of the outline the others make (Douglas-Peucker; a ring is split at its first vertex
    and the one farthest from it). Every map polygon costs per vertex, in the model and in each frame
    of QtLocation; at a sub-pixel tolerance nothing visible is lost. At least three vertices stay."""
    n = len(points)
    if n <= 4 or tolerance <= 0:
        return list(points)
    far = max(range(1, n), key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2)
    keep = [False] * n
    keep[0] = keep[far] = True
    _mark(points + [points[0]], 0, far, tolerance, keep)
    _mark(points + [points[0]], far, n, tolerance, keep)
    out = [p for p, k in zip(points, keep) if k]
    return out if len(out) >= 3 else list(points)


def _mark(pts: list[tuple[float, float]], first: int, last: int, tol: float, keep: list[bool]) -> None:
    """Douglas-Peucker between pts[first] and pts[last], iteratively (no recursion limit on long rings)."""
    stack = [(first, last)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        len2 = dx * dx + dy * dy
        worst, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if len2 == 0.0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / len2))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > worst:
                worst, at = d2, i
        if worst > tol2:
            keep[at % len(keep)] = True
            stack.append((a, at))
            stack.append((at, b))
