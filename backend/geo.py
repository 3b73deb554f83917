"""Plane geometry of grid polygons, pure Python: point in polygon, area, centroid, bbox, nesting.

Geometries are GeoJSON dicts ({"type": "Polygon" | "MultiPolygon", "coordinates": ...}) in WGS-84,
positions [lon, lat]. Functions take and return points as (lat, lon), the order of the database
columns. At the size of a street (a few km) the equirectangular plane is exact enough: areas to well
under 0.1 %, and point-in-polygon decisions are the same as on the sphere.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from typing import Any, Iterable, Mapping, Sequence

Geometry = Mapping[str, Any]
Ring = Sequence[Sequence[float]]  # [[lon, lat], ...], closed (first == last)

EARTH_RADIUS_M = 6_371_008.8


def polygon(ring: Iterable[Sequence[float]], ndigits: int | None = None) -> dict[str, Any]:
    """A GeoJSON Polygon from one exterior ring of (lon, lat); the ring is closed if it is not."""
    pts = [[round(p[0], ndigits), round(p[1], ndigits)] if ndigits is not None else [p[0], p[1]] for p in ring]
    if pts[0] != pts[-1]:
        pts.append(list(pts[0]))
    return {"type": "Polygon", "coordinates": [pts]}


def parts(geom: Geometry) -> list[list[Ring]]:
    """The polygons of a geometry, each a list of rings: exterior first, then holes."""
    kind = geom["type"]
    if kind == "Polygon":
        return [geom["coordinates"]]
    if kind == "MultiPolygon":
        return list(geom["coordinates"])
    raise ValueError(f"not a polygon geometry: {kind!r}")


def vertices(geom: Geometry) -> list[tuple[float, float]]:
    """Every vertex as (lat, lon), closing points excluded."""
    out = []
    for poly in parts(geom):
        for ring in poly:
            out.extend((p[1], p[0]) for p in ring[:-1])
    return out


def bbox(geom: Geometry) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat)."""
    xs, ys = [], []
    for poly in parts(geom):
        for p in poly[0]:
            xs.append(p[0])
            ys.append(p[1])
    return min(xs), min(ys), max(xs), max(ys)


def _ring_contains(ring: Ring, x: float, y: float) -> bool:
    # Crossing number with half-open edges: a point on an edge shared by two polygons counts in one only.
    inside = False
    x1, y1 = ring[-1][0], ring[-1][1]
    for p in ring:
        x2, y2 = p[0], p[1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _segment_distance(x: float, y: float, x1: float, y1: float, x2: float, y2: float) -> float:
    dx, dy = x2 - x1, y2 - y1
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / d2))
    return math.hypot(x - x1 - t * dx, y - y1 - t * dy)


def boundary_distance(geom: Geometry, lat: float, lon: float) -> float:
    """Distance in degrees (plane) from the point to the nearest edge of any ring."""
    best = math.inf
    for poly in parts(geom):
        for ring in poly:
            for a, b in zip(ring, ring[1:]):
                best = min(best, _segment_distance(lon, lat, a[0], a[1], b[0], b[1]))
    return best


def contains(geom: Geometry, lat: float, lon: float, tol: float = 0.0) -> bool:
    """True when the point is inside (holes excluded), or within `tol` degrees of the boundary."""
    for poly in parts(geom):
        if _ring_contains(poly[0], lon, lat) and not any(_ring_contains(h, lon, lat) for h in poly[1:]):
            return True
    return tol > 0 and boundary_distance(geom, lat, lon) <= tol


def _ring_signed_area(ring: Ring) -> float:
    # Relative to the first vertex: products of raw degrees (117 × 37) would cancel away small areas.
    x0, y0 = ring[0][0], ring[0][1]
    s = 0.0
    for a, b in zip(ring, ring[1:]):
        s += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0)
    return s / 2


def is_ccw(ring: Ring) -> bool:
    """True for a counter-clockwise ring (the RFC 7946 orientation of exterior rings)."""
    return _ring_signed_area(ring) > 0


def area_m2(geom: Geometry) -> float:
    """Area in square metres (equirectangular projection at the geometry's mean latitude)."""
    _, lat0, _, lat1 = bbox(geom)
    kx = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians((lat0 + lat1) / 2))
    ky = math.radians(1) * EARTH_RADIUS_M
    total = 0.0
    for poly in parts(geom):
        rings = [abs(_ring_signed_area(r)) for r in poly]
        total += rings[0] - sum(rings[1:])
    return total * kx * ky


def area_km2(geom: Geometry) -> float:
    return area_m2(geom) / 1e6


def centroid(geom: Geometry) -> tuple[float, float]:
    """Area-weighted centroid as (lat, lon); the mean of the vertices for a degenerate geometry."""
    first = parts(geom)[0][0][0]
    x0, y0 = first[0], first[1]  # work relative to one vertex, or the products cancel (see above)
    ax = ay = at = 0.0
    for poly in parts(geom):
        for k, ring in enumerate(poly):
            sign = 1.0 if k == 0 else -1.0  # holes take their area away
            orient = 1.0 if _ring_signed_area(ring) >= 0 else -1.0
            for p, q in zip(ring, ring[1:]):
                px, py, qx, qy = p[0] - x0, p[1] - y0, q[0] - x0, q[1] - y0
                cross = (px * qy - qx * py) * orient * sign
                ax += (px + qx) * cross
                ay += (py + qy) * cross
                at += cross
    if abs(at) < 1e-30:
        vs = vertices(geom)
        return sum(v[0] for v in vs) / len(vs), sum(v[1] for v in vs) / len(vs)
    at *= 3  # sum(cross) is twice the area; centroid = sum((p+q) * cross) / (6 * area)
    return y0 + ay / at, x0 + ax / at


def is_within(inner: Geometry, outer: Geometry, tol: float = 1e-9) -> bool:
    """True when every vertex of `inner` lies in `outer` or within `tol` degrees of its boundary."""
    return all(contains(outer, lat, lon, tol) for lat, lon in vertices(inner))


def _proper_cross(p1, p2, q1, q2, eps: float) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and \
           ((d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps))


def overlaps(a: Geometry, b: Geometry, tol: float = 1e-9) -> bool:
    """True when the interiors of two simple polygons overlap; shared edges and touching corners do not count.

    Overlap means an edge of one properly crosses an edge of the other, or a vertex or the centroid of
    one lies inside the other farther than `tol` from its boundary.
    """
    ba, bb = bbox(a), bbox(b)
    if ba[2] < bb[0] or bb[2] < ba[0] or ba[3] < bb[1] or bb[3] < ba[1]:
        return False
    eps = tol * tol
    edges_a = [(r[i], r[i + 1]) for poly in parts(a) for r in poly for i in range(len(r) - 1)]
    edges_b = [(r[i], r[i + 1]) for poly in parts(b) for r in poly for i in range(len(r) - 1)]
    for p1, p2 in edges_a:
        for q1, q2 in edges_b:
            if _proper_cross(p1, p2, q1, q2, eps):
                return True
    for g, h in ((a, b), (b, a)):
        for lat, lon in vertices(g) + [centroid(g)]:
            if contains(h, lat, lon) and boundary_distance(h, lat, lon) > tol:
                return True
    return False


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def random_point_in(geom: Geometry, rng: random.Random, max_tries: int = 10_000) -> tuple[float, float]:
    """A uniformly random (lat, lon) inside the geometry (rejection sampling in its bbox)."""
    lon0, lat0, lon1, lat1 = bbox(geom)
    for _ in range(max_tries):
        lat, lon = rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
        if contains(geom, lat, lon):
            return lat, lon
    raise ValueError("geometry too thin to sample")


class GridLocator:
    """Which polygon holds a point: a bucket index over the bboxes, then point in polygon.

    Built once from {id: geometry}; `locate` costs a few microseconds per candidate. When polygons
    share an edge, a point exactly on it is given to one of them; ties go to the smallest id.
    """

    def __init__(self, polygons_by_id: Mapping[str, Geometry], buckets: int | None = None):
        self._polys: dict[str, list[list[Ring]]] = {}
        self._bbox: dict[str, tuple[float, float, float, float]] = {}
        for rid in sorted(polygons_by_id):
            geom = polygons_by_id[rid]
            self._polys[rid] = [[[(p[0], p[1]) for p in ring] for ring in poly] for poly in parts(geom)]
            self._bbox[rid] = bbox(geom)
        if not self._bbox:
            self._edges_x, self._edges_y, self._cells = [0.0], [0.0], {}
            return
        n = buckets or max(4, int(math.sqrt(len(self._bbox)) * 3))
        x0 = min(b[0] for b in self._bbox.values())
        y0 = min(b[1] for b in self._bbox.values())
        x1 = max(b[2] for b in self._bbox.values())
        y1 = max(b[3] for b in self._bbox.values())
        self._edges_x = [x0 + (x1 - x0) * i / n for i in range(1, n)]
        self._edges_y = [y0 + (y1 - y0) * j / n for j in range(1, n)]
        self._cells: dict[tuple[int, int], list[str]] = {}
        for rid, (bx0, by0, bx1, by1) in self._bbox.items():
            for i in range(bisect_right(self._edges_x, bx0), bisect_right(self._edges_x, bx1) + 1):
                for j in range(bisect_right(self._edges_y, by0), bisect_right(self._edges_y, by1) + 1):
                    self._cells.setdefault((i, j), []).append(rid)
        self._extent = (x0, y0, x1, y1)

    def __len__(self) -> int:
        return len(self._polys)

    def candidates(self, lat: float, lon: float) -> list[str]:
        """Ids whose bbox bucket holds the point (a superset of the answer)."""
        if not self._polys:
            return []
        x0, y0, x1, y1 = self._extent
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return []
        return self._cells.get((bisect_right(self._edges_x, lon), bisect_right(self._edges_y, lat)), [])

    def locate(self, lat: float, lon: float) -> str | None:
        """The id of the polygon containing (lat, lon), or None outside all of them."""
        for rid in self.candidates(lat, lon):
            bx0, by0, bx1, by1 = self._bbox[rid]
            if not (bx0 <= lon <= bx1 and by0 <= lat <= by1):
                continue
            for poly in self._polys[rid]:
                if _ring_contains(poly[0], lon, lat) and not any(_ring_contains(h, lon, lat) for h in poly[1:]):
                    return rid
        return None
