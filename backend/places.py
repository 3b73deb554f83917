"""Place look-up for the map search: compounds (小区) and buildings (楼栋) by name, number or address.

Buildings are not pushed (there are hundreds to thousands per street and they rarely change), so
the console asks for them by text: "幸福里3号楼", "幸福路12号", "3号楼". Exact matches rank
before prefixes, prefixes before substrings; compounds sit at the mean position of their buildings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .db.models_people import Building, Compound

MAX_QUERY = 100


def _rank(q: str, *fields: str) -> int:
    best = 3
    for f in fields:
        f = (f or "").lower()
        if f == q:
            return 0
        best = min(best, 1 if f.startswith(q) else 2 if q in f else 3)
    return best


def search(s: Session, query: str, limit: int = 20) -> dict[str, Any]:
    q = " ".join(query.split()).lower()
    if not q:
        return {"places": []}
    like = f"%{q}%"
    compounds = s.execute(
        select(Compound.id, Compound.name, Compound.address, Compound.region_id,
               func.avg(Building.lat), func.avg(Building.lon))
        .join(Building, Building.compound_id == Compound.id)
        .where(or_(func.lower(Compound.name).like(like), func.lower(Compound.address).like(like)))
        .group_by(Compound.id, Compound.name, Compound.address, Compound.region_id)
        .limit(limit)).all()
    # "幸福里3号楼": the compound's name and the building's number together name a building.
    label = Compound.name + Building.number + "号楼"
    buildings = s.execute(
        select(Building.id, label, Building.address, Building.region_id, Building.lat, Building.lon,
               Compound.name, Building.number)
        .join(Compound, Compound.id == Building.compound_id)
        .where(or_(func.lower(label).like(like), func.lower(Building.address).like(like),
                   func.lower(Building.number + "号楼") == q))
        .limit(4 * limit)).all()
    places = [{"kind": "compound", "id": cid, "name": name, "address": addr, "region_id": region,
               "lat": lat, "lon": lon, "rank": _rank(q, name, addr)}
              for cid, name, addr, region, lat, lon in compounds if lat is not None]
    places += [{"kind": "building", "id": bid, "name": name, "address": addr, "region_id": region,
                "lat": lat, "lon": lon, "rank": _rank(q, name, addr, f"{number}号楼")}
               for bid, name, addr, region, lat, lon, _compound, number in buildings]
    # Shorter names first among equals: "幸福里小区3号楼" before "幸福里小区13号楼".
    places.sort(key=lambda p: (p["rank"], p["kind"] != "compound", len(p["name"]), p["name"]))
    return {"places": places[:limit]}
