"""What the map knows about each grid: geometry index, open/overdue tickets rolled up, card summary.

Kept incrementally from Store changes (one ticket moves one count), read by the map scene each
frame. Positions are WGS-84; polygon rings are GeoJSON [lon, lat] lists as pushed (protocol §5.2).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from .map_lod import world_boxes

OPEN_STATUSES = frozenset({"reported", "accepted", "dispatched", "in_progress", "feedback", "verified"})
LEVEL_NAMES = {0: ("区", "District"), 1: ("街道", "Street"), 2: ("社区", "Community"), 3: ("网格", "Grid"),
               4: ("微网格", "Micro-grid")}


def is_open_ticket(t: dict | None) -> bool:
    return t is not None and t.get("status") in OPEN_STATUSES


def exterior_rings(geometry: Any) -> list[list[list[float]]]:
    """The outer rings of a Polygon / MultiPolygon ([] for anything else: drawn as nothing, never a crash)."""
    if not isinstance(geometry, dict):
        return []
    coords = geometry.get("coordinates")
    try:
        if geometry.get("type") == "Polygon":
            return [coords[0]] if coords else []
        if geometry.get("type") == "MultiPolygon":
            return [p[0] for p in coords if p]
    except (TypeError, IndexError, KeyError):
        return []
    return []


def ring_bbox(rings: Iterable[list[list[float]]]) -> tuple[float, float, float, float] | None:
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def ring_contains(ring: list[list[float]], lon: float, lat: float) -> bool:
    inside = False
    x1, y1 = ring[-1][0], ring[-1][1]
    for p in ring:
        x2, y2 = p[0], p[1]
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
        x1, y1 = x2, y2
    return inside


@dataclass
class RegionShape:
    id: str
    level: int
    rings: list[list[list[float]]]  # exterior rings, [lon, lat]
    bbox: tuple[float, float, float, float]
    label_lonlat: tuple[float, float]

    def contains(self, lon: float, lat: float) -> bool:
        b = self.bbox
        return b[0] <= lon <= b[2] and b[1] <= lat <= b[3] and any(ring_contains(r, lon, lat) for r in self.rings)


def polygon_problem(geometry: Any) -> str | None:
    """Why a pushed region polygon cannot be drawn (None when it can)."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        return f"polygon is not a GeoJSON Polygon or MultiPolygon ({kind!r})"
    rings = exterior_rings(geometry)
    if not rings:
        return "polygon has no coordinates"
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 3:
            return "polygon has a ring with fewer than 3 positions"
        for p in ring:
            if not (isinstance(p, (list, tuple)) and len(p) >= 2 and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in p[:2])):
                return f"polygon has an invalid position {p!r}"
    return None


def shape_of(region: dict) -> RegionShape | None:
    if polygon_problem(region.get("polygon")) is not None:
        return None
    rings = exterior_rings(region.get("polygon"))
    box = ring_bbox(rings)
    if box is None:
        return None
    c = region.get("centroid") or {}
    label = (c["lon"], c["lat"]) if c.get("lat") is not None and c.get("lon") is not None else \
        ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    return RegionShape(region["id"], int(region.get("level") or 0), rings, box, label)


class RegionIndex:
    """Region shapes by id and by level, rebuilt when regions change (rare)."""

    def __init__(self) -> None:
        self.shapes: dict[str, RegionShape] = {}
        self.parent: dict[str, str | None] = {}
        self.by_level: dict[int, list[RegionShape]] = {}
        self.version = object()
        self.problems: list[str] = []  # regions that cannot be drawn, each named
        self.bboxes_by_level: dict[int, np.ndarray] = {}
        self.world_boxes_by_level: dict[int, np.ndarray] = {}

    def rebuild(self, regions: Iterable[dict]) -> None:
        self.version = object()  # a new identity: tallies rolled up over the old tree are stale
        self.shapes.clear()
        self.parent.clear()
        self.problems = []
        for r in regions:
            self.parent[r["id"]] = r.get("parent_id")
            problem = polygon_problem(r.get("polygon"))
            s = shape_of(r) if problem is None else None
            if s is not None:
                self.shapes[s.id] = s
            elif r.get("polygon") is not None:  # no polygon at all is allowed (not drawn, not an error)
                self.problems.append(f"{r.get('name') or ''} {r['id']}: {problem}".strip())
        self.by_level = {}
        for s in self.shapes.values():
            self.by_level.setdefault(s.level, []).append(s)
        # per level, in the order of by_level: N × 4 arrays of lon/lat boxes and of world boxes
        self.bboxes_by_level = {lv: np.array([s.bbox for s in ss], dtype=float).reshape(-1, 4)
                                for lv, ss in self.by_level.items()}
        self.world_boxes_by_level = {lv: world_boxes(b) for lv, b in self.bboxes_by_level.items()}

    def ancestors(self, rid: str | None) -> list[str]:
        out, seen = [], set()
        while rid and rid not in seen:
            seen.add(rid)
            out.append(rid)
            rid = self.parent.get(rid)
        return out

    def region_at(self, lon: float, lat: float, level: int | None = None) -> str | None:
        """The region of `level` (or the finest containing one) at a WGS-84 point."""
        levels = [level] if level is not None else sorted(self.by_level, reverse=True)
        for lv in levels:
            for s in self.by_level.get(lv, ()):
                if s.contains(lon, lat):
                    return s.id
        return None


class TicketTally:
    """Open and overdue tickets per region (own), kept per ticket; `rolled` adds descendants."""

    def __init__(self) -> None:
        self.open: Counter[str] = Counter()
        self.overdue: Counter[str] = Counter()
        self._counted: dict[str, tuple[str, bool]] = {}
        self._rolled: tuple[Counter[str], Counter[str], object] | None = None  # cached until a ticket or region moves

    def rebuild(self, tickets: Iterable[dict]) -> None:
        self.open.clear()
        self.overdue.clear()
        self._counted.clear()
        for t in tickets:
            self.update(t["id"], t)

    def update(self, tid: str, ticket: dict | None) -> None:
        self._rolled = None
        old = self._counted.pop(tid, None)
        if old is not None:
            self.open[old[0]] -= 1
            self.overdue[old[0]] -= old[1]
        if is_open_ticket(ticket) and ticket.get("region_id"):
            now = (ticket["region_id"], ticket.get("sla_state") == "overdue")
            self._counted[tid] = now
            self.open[now[0]] += 1
            self.overdue[now[0]] += now[1]

    def rolled(self, index: RegionIndex) -> tuple[Counter[str], Counter[str]]:
        """(open, overdue) per region including every region below it (cached between changes)."""
        if self._rolled is not None and self._rolled[2] is index.version:
            return self._rolled[0], self._rolled[1]
        open_, overdue = Counter(), Counter()
        for rid, n in self.open.items():
            if n:
                for a in index.ancestors(rid):
                    open_[a] += n
        for rid, n in self.overdue.items():
            if n:
                for a in index.ancestors(rid):
                    overdue[a] += n
        self._rolled = (open_, overdue, index.version)
        return open_, overdue


def region_summary(store: Any, region_id: str, index: RegionIndex, tally: TicketTally) -> dict[str, Any] | None:
    """The grid card: code, level, head, workers (phones as the server sent them: masked per role),
    households, population, open/overdue tickets and cameras, descendants included."""
    region = store.get("region", region_id)
    if region is None:
        return None
    below = {rid for rid in index.parent if region_id in index.ancestors(rid)} | {region_id}
    open_, overdue = tally.rolled(index)
    staff = [p for p in store.all("staff") if region_id in (p.get("region_ids") or ())]
    head = store.get("staff", region.get("head_id") or "") if region.get("head_id") else None
    workers = sorted((p for p in staff if p["id"] != (head or {}).get("id")), key=lambda p: (p.get("role", ""), p.get("name", "")))
    cameras = [c for c in store.all("camera") if c.get("region_id") in below]
    return {
        "id": region_id, "code": region.get("code") or region_id, "name": region.get("name") or region_id,
        "level": region.get("level"),
        "head": {"name": head.get("name", ""), "phone": head.get("phone", ""), "role": head.get("role", "")} if head else None,
        "workers": [{"name": p.get("name", ""), "role": p.get("role", ""), "phone": p.get("phone", "")} for p in workers],
        "households": region.get("households") or 0, "population": region.get("population") or 0,
        "open": open_.get(region_id, 0), "overdue": overdue.get(region_id, 0),
        "cameras": len(cameras), "cameras_online": sum(bool(c.get("online")) for c in cameras),
    }
