"""The demo street 许商街道 (商河县): grids, compounds, dwellings, households and people, staff, devices.

`seed_places_and_people(db, seed, now=...)` fills an empty database and returns a `DemoInfo` with the
look-ups the next stage needs (ticket history and alarms go through the workflow; not here). Every
value comes from `random.Random(seed)` and `now`, so the same seed and `now` give the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import insert

from .. import geo as geometry
from ..db.models import Camera, CameraUrl, Gate, Region, Staff, StaffRegion, User
from ..db.models_people import (Building, Compound, House, Household, Notice, PartyMember, PartyOrg, PointsEntry,
                                Resident, VolunteerActivity, VolunteerTeam, Wish)
from ..db.session import Database
from ..geo import GridLocator
from .community import build_community, build_party
from .devices import build_devices, compound_label
from .geography import Geography, build_geography
from .people import Uniques, generate_people
from .staff import build_staff, build_users

CHINA_TZ = timezone(timedelta(hours=8))

__all__ = ["CameraInfo", "CompoundInfo", "DemoInfo", "GateInfo", "ResidentPlace", "seed_places_and_people"]


@dataclass(frozen=True)
class CameraInfo:
    id: str
    name: str
    region_id: str
    lat: float
    lon: float
    kind: str
    ai: bool


@dataclass(frozen=True)
class GateInfo:
    id: str
    name: str
    region_id: str
    compound_id: str
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True)
class CompoundInfo:
    id: str
    name: str
    region_id: str  # the level-3 grid
    address: str
    lat: float  # the main gate
    lon: float


@dataclass(frozen=True)
class ResidentPlace:
    """Where a resident lives, for alarms raised at home (care sensors, one-key alarm)."""

    resident_id: str
    name: str
    region_id: str  # the level-3 grid
    building_id: str
    lat: float
    lon: float
    address: str


@dataclass
class DemoInfo:
    """What the seeded street holds, with look-ups for the stage that writes tickets and alarms."""

    seed: int
    now: datetime
    counts: dict[str, int]
    street_id: str
    community_ids: list[str]
    grid_ids: list[str]  # level 3, in code order
    grid_polygons: dict[str, dict[str, Any]]
    polygons: dict[str, dict[str, Any]]  # every region, levels 1-4
    region_names: dict[str, str]
    parent_of: dict[str, str | None]
    head_of: dict[str, str | None]  # region -> staff id of its head
    staff_by_grid: dict[str, dict[str, list[str]]]  # grid -> role -> staff ids
    staff_by_region: dict[str, dict[str, list[str]]]  # any region with staff -> role -> staff ids
    staff_names: dict[str, str]
    leader_of: dict[str, str]  # community -> staff id of the street leader in charge (分包领导)
    street_leader_id: str  # 街道党工委书记, head of the street
    users: list[str]  # user names
    user_ids: dict[str, str]  # user name -> user id
    user_staff: dict[str, str | None]  # user name -> staff id
    cameras: list[CameraInfo]
    gates: list[GateInfo]
    compounds: list[CompoundInfo]
    elderly_alone: list[ResidentPlace]
    streets: list[str]  # road names, for addresses of reported places
    locator: GridLocator = field(repr=False)

    def locate(self, lat: float, lon: float) -> str | None:
        """The level-3 grid holding the point, or None outside the street."""
        return self.locator.locate(lat, lon)

    def random_point_in(self, region_id: str, rng: random.Random) -> tuple[float, float]:
        """A uniformly random (lat, lon) inside any region (street, community, grid or micro-grid)."""
        return geometry.random_point_in(self.polygons[region_id], rng)

    def community_of(self, grid_id: str) -> str:
        return self.parent_of[grid_id] or grid_id


def seed_places_and_people(db: Database, seed: int = 7, now: datetime | None = None) -> DemoInfo:
    """Fill an empty, upgraded database with the demo street; deterministic for a given (seed, now).

    `now` must be timezone-aware (default: the current time, which makes dates differ between runs).
    """
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not db.is_empty():
        raise ValueError("the database already holds regions; seed an empty one")
    today = now.astimezone(CHINA_TZ).date()
    rng = random.Random(seed)

    geo = build_geography(rng)
    uniques = Uniques(rng)
    staff = build_staff(rng, geo, uniques, now)
    people = generate_people(rng, geo, uniques, today, now)
    party = build_party(rng, geo, staff, people, now)
    users = build_users(geo, staff, now)
    locator = GridLocator({g.id: g.polygon for g in geo.grids})
    devices = build_devices(rng, geo, locator, now)
    community = build_community(rng, geo, people, staff, users.ids, today, now)
    _count_up(geo, people, staff.heads)

    buildings = {b.id: b for b in geo.buildings}
    regions = [{"id": r.id, "level": r.level, "parent_id": r.parent_id, "code": r.id, "name": r.name,
                "polygon": r.polygon, "centroid_lat": round(r.centroid[0], 7), "centroid_lon": round(r.centroid[1], 7),
                "head_id": r.head_id, "households": r.households, "population": r.population,
                "area_km2": r.area_km2, "version": 1, "updated_at": now} for r in geo.regions()]
    compounds = [{"id": c.id, "name": c.name, "region_id": c.grid_id, "address": f"许商街道{c.address}",
                  "property_company": c.property_company} for c in geo.compounds]
    building_rows = [{"id": b.id, "compound_id": b.compound_id, "region_id": b.region_id, "number": str(b.number),
                      "address": b.address, "floors": b.floors, "units": b.units, "lat": b.lat, "lon": b.lon,
                      "head_resident_id": people.building_heads.get(b.id)} for b in geo.buildings]
    houses = [{"id": h.id, "building_id": h.building_id, "unit": h.unit, "floor": h.floor, "room": h.room,
               "area_m2": h.area_m2, "usage": h.usage} for h in geo.houses]

    with db.session() as s:
        for model, rows in ((Region, regions), (Staff, staff.staff), (StaffRegion, staff.links), (User, users.users),
                            (Compound, compounds), (Building, building_rows), (House, houses),
                            (Household, people.households), (Resident, people.residents), (PartyOrg, party.orgs),
                            (PartyMember, party.members), (VolunteerTeam, community.teams),
                            (VolunteerActivity, community.activities), (PointsEntry, community.points),
                            (Wish, community.wishes), (Notice, community.notices), (Camera, devices.cameras),
                            (CameraUrl, devices.urls), (Gate, devices.gates)):
            if rows:
                s.execute(insert(model), rows)

    residents = {r["id"]: r for r in people.residents} if people.elderly_alone else {}
    elderly = []
    for rid, bid, name in people.elderly_alone:
        b = buildings[bid]
        elderly.append(ResidentPlace(rid, name, b.grid_id, bid, b.lat, b.lon, residents[rid]["current_address"]))
    counts = {
        "streets": 1, "communities": len(geo.communities), "grids": len(geo.grids), "micro_grids": len(geo.micro),
        "compounds": len(geo.compounds), "buildings": len(geo.buildings), "houses": len(geo.houses),
        "households": len(people.households), "residents": len(people.residents),
        "floating": sum(r["resident_type"] == "floating" for r in people.residents),
        "overseas": sum(r["resident_type"] == "overseas" for r in people.residents),
        "party_members": len(party.members), "party_orgs": len(party.orgs), "staff": len(staff.staff),
        "users": len(users.users), "cameras": len(devices.cameras), "gates": len(devices.gates),
        "volunteer_teams": len(community.teams), "volunteer_activities": len(community.activities),
        "points_entries": len(community.points), "wishes": len(community.wishes), "notices": len(community.notices),
        "elderly_alone": len(elderly),
    }
    return DemoInfo(
        seed=seed, now=now, counts=counts, street_id=geo.street.id, community_ids=[c.id for c in geo.communities],
        grid_ids=[g.id for g in geo.grids], grid_polygons={g.id: g.polygon for g in geo.grids},
        polygons={r.id: r.polygon for r in geo.regions()}, region_names={r.id: r.name for r in geo.regions()},
        parent_of={r.id: r.parent_id for r in geo.regions()}, head_of={r.id: r.head_id for r in geo.regions()},
        staff_by_grid={g.id: staff.by_region[g.id] for g in geo.grids}, staff_by_region=staff.by_region,
        staff_names=staff.names, leader_of={c.id: staff.by_region[c.id]["street_leader"][0] for c in geo.communities},
        street_leader_id=staff.street_head, users=[u["name"] for u in users.users], user_ids=users.ids,
        user_staff=users.staff_of,
        cameras=[CameraInfo(c["id"], c["name"], c["region_id"], c["lat"], c["lon"], c["kind"], c["ai"])
                 for c in devices.cameras],
        gates=[GateInfo(g["id"], g["name"], g["region_id"], g["compound_id"], g["kind"], g["lat"], g["lon"])
               for g in devices.gates],
        compounds=[CompoundInfo(c.id, compound_label(c.name), c.grid_id, f"许商街道{c.address}", c.gates[0].lat,
                                c.gates[0].lon) for c in geo.compounds],
        elderly_alone=elderly, streets=list(geo.roads), locator=locator)


def _count_up(geo: Geography, people, heads: dict[str, str]) -> None:
    """Households and population summed up the tree; heads from the staff plan."""
    for m in geo.micro:
        m.households, m.population = people.by_building.get(f"BLD-{m.id}", (0, 0))
    for g in geo.grids:
        g.households, g.population = people.by_grid.get(g.id, (0, 0))
    for c in geo.communities:
        kids = [g for g in geo.grids if g.parent_id == c.id]
        c.households, c.population = sum(g.households for g in kids), sum(g.population for g in kids)
    geo.street.households = sum(c.households for c in geo.communities)
    geo.street.population = sum(c.population for c in geo.communities)
    for r in geo.regions():
        r.head_id = heads.get(r.id)
