"""Map search: grid code or name, address, building, camera / gate / party organisation, ticket id.

Pure over the Store: returns ranked hits with a position (and a bbox for grids) to fly to.
Buildings and compounds are not pushed (protocol §5): the server answers `place.search` for them
and `place_hits` / `merged` fold its reply into the same ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .map_stats import is_open_ticket, ring_bbox, exterior_rings


@dataclass(frozen=True)
class SearchHit:
    kind: str  # region, ticket, camera, alarm, gate, party_org
    id: str
    label: str
    lat: float
    lon: float
    bbox: tuple[float, float, float, float] | None  # regions: fly to fit
    rank: int  # lower is better


def _loc(e: dict) -> tuple[float, float] | None:
    loc = e.get("location") or None
    if loc and loc.get("lat") is not None and loc.get("lon") is not None:
        return loc["lat"], loc["lon"]
    return None


def _rank(q: str, *fields: str) -> int | None:
    """0 exact, 1 prefix, 2 substring (of the best field), None when no field matches."""
    best = None
    for f in fields:
        if not f:
            continue
        f = f.lower()
        r = 0 if f == q else 1 if f.startswith(q) else 2 if q in f else None
        if r is not None and (best is None or r < best):
            best = r
    return best


def search(store: Any, text: str, limit: int = 12) -> list[SearchHit]:
    """Hits for `text`, best first: exact ids and codes, then prefixes, then substrings."""
    q = " ".join(text.split()).lower()
    if not q:
        return []
    hits: list[SearchHit] = []
    for r in store.all("region"):
        rank = _rank(q, r.get("code") or "", r["id"], r.get("name") or "")
        box = ring_bbox(exterior_rings(r.get("polygon")))
        if rank is None or box is None:
            continue
        c = r.get("centroid") or {}
        lat, lon = (c.get("lat"), c.get("lon")) if c.get("lat") is not None else ((box[1] + box[3]) / 2, (box[0] + box[2]) / 2)
        # Coarser grids first among equals: "幸福" should offer the community before its grids.
        hits.append(SearchHit("region", r["id"], f"{r.get('name') or r['id']} · {r.get('code') or r['id']}", lat, lon,
                              box, rank * 10 + int(r.get("level") or 0)))
    for t in store.all("ticket"):
        rank = _rank(q, t["id"])
        if rank is None:
            addr = _rank(q, t.get("address") or "")
            rank = None if addr is None else 20 + addr + (0 if is_open_ticket(t) else 5)
        else:
            rank = rank * 10
        p = _loc(t)
        if rank is not None and p:
            hits.append(SearchHit("ticket", t["id"], f"{t['id']} {t.get('title') or ''} · {t.get('address') or ''}",
                                  p[0], p[1], None, rank + 1))
    for kind in ("camera", "gate", "party_org"):
        for e in store.all(kind):
            rank = _rank(q, e["id"], e.get("name") or "")
            p = _loc(e)
            if rank is not None and p:
                hits.append(SearchHit(kind, e["id"], e.get("name") or e["id"], p[0], p[1], None, rank * 10 + 3))
    for a in store.all("alarm"):
        rank = _rank(q, a["id"])
        p = _loc(a)
        if rank is not None and p:
            hits.append(SearchHit("alarm", a["id"], f"{a['id']} {a.get('message') or ''}", p[0], p[1], None, rank * 10 + 2))
    hits.sort(key=lambda h: (h.rank, h.label))
    return hits[:limit]


PLACE_KIND_ZH = {"compound": "小区", "building": "楼栋"}


def place_hits(places: list[dict[str, Any]]) -> list[SearchHit]:
    """Hits from a `place.search` reply, on the scale of `search`'s ranks (exact, prefix, substring)."""
    hits = []
    for p in places:
        if p.get("lat") is None or p.get("lon") is None:
            continue
        kind = p.get("kind") or "building"
        label = f"{PLACE_KIND_ZH.get(kind, kind)} {p.get('name') or p.get('id')} · {p.get('address') or ''}"
        rank = int(p.get("rank", 2)) * 10 + (4 if kind == "compound" else 5)
        hits.append(SearchHit(kind, str(p.get("id")), label, float(p["lat"]), float(p["lon"]), None, rank))
    return hits


def merged(local: list[SearchHit], places: list[SearchHit], limit: int = 12) -> list[SearchHit]:
    """One list, best first; the local hits win ties (they are live on the map)."""
    both = [(h.rank, 0, i, h) for i, h in enumerate(local)] + [(h.rank, 1, i, h) for i, h in enumerate(places)]
    return [h for *_, h in sorted(both, key=lambda t: t[:3])][:limit]


def locate(store: Any, kind: str, entity_id: str) -> SearchHit | None:
    """Where an entity is (for `focus`): regions by their bbox, the rest by their location."""
    e = store.get(kind, entity_id)
    if e is None:
        return None
    if kind == "region":
        box = ring_bbox(exterior_rings(e.get("polygon")))
        if box is None:
            return None
        return SearchHit(kind, entity_id, e.get("name") or entity_id, (box[1] + box[3]) / 2, (box[0] + box[2]) / 2,
                         box, 0)
    p = _loc(e)
    return SearchHit(kind, entity_id, e.get("name") or e.get("title") or entity_id, p[0], p[1], None, 0) if p else None
