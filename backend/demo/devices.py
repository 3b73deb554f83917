"""Cameras at compound gates and road crossings, and the access gates of the 智安 compounds."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..geo import GridLocator
from .geography import M_PER_DEG_LAT, M_PER_DEG_LON, Geography

MEDIA = "{demo_media}"  # replaced at serve time by the demo media server's base URL
CROSSING_CAMERAS = 20
_COMPOUND_SUFFIXES = ("小区", "园", "苑", "院", "舍", "寓", "里", "湾", "郡", "庭", "邸", "府")


def compound_label(name: str) -> str:
    """"帝景城" -> "帝景城小区"; names that already say what they are stay as they are."""
    return name if name.endswith(_COMPOUND_SUFFIXES) else name + "小区"


@dataclass
class DevicePlan:
    cameras: list[dict[str, Any]] = field(default_factory=list)
    urls: list[dict[str, Any]] = field(default_factory=list)
    gates: list[dict[str, Any]] = field(default_factory=list)


def _offset(lat: float, lon: float, east_m: float, north_m: float) -> tuple[float, float]:
    return round(lat + north_m / M_PER_DEG_LAT, 7), round(lon + east_m / M_PER_DEG_LON, 7)


def build_devices(rng: random.Random, geo: Geography, locator: GridLocator, now: datetime) -> DevicePlan:
    plan = DevicePlan()

    def camera(name: str, lat: float, lon: float, region_id: str, kind: str, ai: bool) -> None:
        cid = f"CAM-{len(plan.cameras) + 1:03d}"
        plan.cameras.append({"id": cid, "name": name, "region_id": region_id, "lat": lat, "lon": lon,
                             "online": True, "ai": ai, "kind": kind, "version": 1, "updated_at": now})
        for role in ("main", "sub"):
            plan.urls.append({"camera_id": cid, "role": role, "protocol": "http-ts",
                              "url": f"{MEDIA}/{cid}/{role}.ts"})

    for comp in geo.compounds:
        label = compound_label(comp.name)
        for k, gate in enumerate(comp.gates):
            # 智安小区: a face-capture camera over the main gate; plain bullets elsewhere
            face = comp.smart and k == 0
            camera(f"{label}{gate.name}", gate.lat, gate.lon, comp.grid_id, "face" if face else "bullet", face)
            if comp.smart:
                for kind, dx, what in (("pedestrian", -6.0, "人行闸机"), ("vehicle", 8.0, "车辆道闸")):
                    if kind == "vehicle" and k > 0:
                        continue  # back gates are for people only
                    lat, lon = geo.mesh.latlon(gate.x + dx, gate.y)
                    plan.gates.append({"id": f"GATE-{len(plan.gates) + 1:02d}", "name": f"{label}{gate.name}{what}",
                                       "region_id": comp.grid_id, "compound_id": comp.id, "kind": kind,
                                       "lat": lat, "lon": lon, "online": True, "passes_today": 0,
                                       "last_pass_at": None, "version": 1, "updated_at": now})

    # Road crossings inside the street first, then crossings on its edge; domes look both ways.
    inner = [c for c in geo.crossings if not c.on_edge]
    edge = [c for c in geo.crossings if c.on_edge]
    rng.shuffle(inner)
    rng.shuffle(edge)
    for c in (inner + edge)[:CROSSING_CAMERAS]:
        for east, north in ((6, 6), (-6, 6), (-6, -6), (6, -6)):
            lat, lon = _offset(c.lat, c.lon, east, north)
            region = locator.locate(lat, lon)
            if region is not None:
                break
        else:
            continue
        kind = "dome" if rng.random() < 0.6 else "bullet"
        camera(c.name, lat, lon, region, kind, kind == "dome" and rng.random() < 0.3)
    # A quarter of the cameras run AI analysis (stranger, crowd, intrusion); top up with domes if short.
    want = round(len(plan.cameras) / 4)
    for cam in sorted(plan.cameras, key=lambda c: (c["kind"] != "dome", c["id"])):
        if sum(c["ai"] for c in plan.cameras) >= want:
            break
        cam["ai"] = True
    for cam in rng.sample(plan.cameras, 2):
        cam["online"] = False  # a couple of cameras are down, as in any real network
    return plan
