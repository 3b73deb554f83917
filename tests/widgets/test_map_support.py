"""Shared data for the map tests: the demo street's real geography in a Store, with live things on it."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from backend import geo
from backend.demo.geography import build_geography
from console.store import ConnectionStatus, Store

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
_GEO = None


def demo_geography():
    global _GEO
    if _GEO is None:
        _GEO = build_geography(random.Random(7))
    return _GEO


def demo_regions() -> list[dict]:
    g = demo_geography()
    return [{"id": r.id, "version": 1, "level": r.level, "parent_id": r.parent_id, "code": r.id, "name": r.name,
             "polygon": r.polygon, "centroid": {"lat": r.centroid[0], "lon": r.centroid[1]},
             "head_id": f"P-{r.id}" if r.level == 3 else None, "households": r.households,
             "population": r.population, "area_km2": r.area_km2} for r in g.regions()]


def demo_state(tickets_per_grid: int = 3, seed: int = 3) -> dict[str, list[dict]]:
    """Regions of the demo street, a head per grid (phone masked as a duty officer sees it),
    open tickets in every grid (some overdue), a camera per grid and one active alarm."""
    rng = random.Random(seed)
    g = demo_geography()
    regions = demo_regions()
    staff, tickets, cameras = [], [], []
    n = 0
    for i, grid in enumerate(g.grids):
        staff.append({"id": f"P-{grid.id}", "version": 1, "name": f"网格长{i + 1}", "role": "grid_head",
                      "region_ids": [grid.id], "phone": f"138****{i:04d}"})
        staff.append({"id": f"W-{grid.id}", "version": 1, "name": f"网格员{i + 1}", "role": "grid_worker",
                      "region_ids": [grid.id], "phone": f"139****{i:04d}"})
        for k in range(rng.randint(0, 2 * tickets_per_grid) if tickets_per_grid else 0):
            lat, lon = geo.random_point_in(grid.polygon, rng)
            n += 1
            tickets.append({"id": f"T20261123-{n:04d}", "version": 1, "status": "dispatched", "priority": "normal",
                            "category": "city_appearance", "source": "patrol", "title": "垃圾堆放",
                            "region_id": grid.id, "assignee_id": f"P-{grid.id}", "level": 3,
                            "location": {"lat": lat, "lon": lon}, "address": f"许商街道幸福路{n}号",
                            "sla_state": "overdue" if k == 0 and i % 3 == 0 else "ok", "created_at": "2026-11-23T01:00:00Z"})
        lat, lon = geo.random_point_in(grid.polygon, rng)
        cameras.append({"id": f"CAM-{i + 1:03d}", "version": 1, "name": f"{grid.name}北门", "region_id": grid.id,
                        "location": {"lat": lat, "lon": lon}, "online": i % 5 != 0, "ai": True})
    lat, lon = geo.random_point_in(g.grids[0].polygon, rng)
    alarms = [{"id": "A-1", "version": 1, "type": "one_key", "status": "active", "message": "一键报警",
               "region_id": g.grids[0].id, "location": {"lat": lat, "lon": lon}, "camera_id": "CAM-001",
               "raised_at": "2026-11-23T01:59:00Z"}]
    g0 = g.grids[1]
    lat, lon = geo.random_point_in(g0.polygon, rng)
    gates = [{"id": "GATE-01", "version": 1, "name": "帝景城北门人行闸机", "region_id": g0.id, "kind": "pedestrian",
              "location": {"lat": lat, "lon": lon}, "online": True, "passes_today": 57}]
    lat, lon = geo.random_point_in(g0.polygon, rng)
    party = [{"id": f"PO-{g0.id}", "version": 1, "name": "第二网格党支部", "kind": "branch", "region_id": g0.id,
              "secretary_name": "网格长2", "member_count": 37, "location": {"lat": lat, "lon": lon}}]
    return {"region": regions, "staff": staff, "ticket": tickets, "camera": cameras, "alarm": alarms,
            "gate": gates, "party_org": party}


def demo_store(**kw) -> Store:
    s = Store()
    s.load(1, demo_state(**kw))
    s.set_status(ConnectionStatus("live", NOW))
    return s
