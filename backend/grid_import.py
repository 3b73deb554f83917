"""`python -m backend import-grids FILE.geojson`: real grid boundaries into the database.

A GeoJSON FeatureCollection, one Feature per grid with properties `code`, `name`, `level` (0-4)
and `parent_code` (or `parent`), geometry Polygon or MultiPolygon in WGS-84. The whole file is
validated first — closed rings, valid polygons, unique codes, known parents one level up, children
inside their parent within a tolerance — and refused whole on any error (nothing half-imported),
every error naming the feature by index and code. A valid file is written in one transaction
through the single writer, so each new or changed region also goes out as a `region` event.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from . import geo
from .db import Database
from .db.convert import region_dict
from .db.models import Region
from .writer import Tx, Writer

DEFAULT_TOLERANCE_M = 5.0
M_PER_DEG = 111_320.0
MAX_CODE, MAX_NAME = 40, 100


class GridImportError(Exception):
    """The file was refused; `errors` lists every problem found, each naming its feature."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s) in the grid file")
        self.errors = errors


@dataclass
class GridFeature:
    index: int
    code: str
    name: str
    level: int
    parent_code: str | None
    geometry: dict[str, Any]
    households: int | None = None
    population: int | None = None


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _who(i: int, code: Any) -> str:
    return f"feature #{i}" + (f" (code {code})" if code not in (None, "") else "")


def _ring_problems(ring: Any) -> list[str]:
    if not isinstance(ring, list) or len(ring) < 4:
        return ["has fewer than 4 positions"]
    for p in ring:
        if not (isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                              and math.isfinite(v) for v in p[:2])):
            return [f"has an invalid position {p!r}"]
        if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90):
            return [f"has a position out of range {p[:2]!r} (expected [lon, lat] in degrees)"]
    out = []
    if ring[0][:2] != ring[-1][:2]:
        out.append("is not closed (the first and last positions differ)")
        return out
    if abs(geo._ring_signed_area(ring)) < 1e-14:
        out.append("has no area")
    n = len(ring) - 1
    for i in range(n):  # self-intersection: any two non-adjacent edges that cross or touch
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue
            if _segments_meet(ring[i], ring[i + 1], ring[j], ring[j + 1]):
                out.append(f"intersects itself (edges {i} and {j})")
                return out
    return out


def _segments_meet(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    def on(a, b, c) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    d1, d2, d3, d4 = orient(q1, q2, p1), orient(q1, q2, p2), orient(p1, p2, q1), orient(p1, p2, q2)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and 0 not in (d1, d2, d3, d4):
        return True
    return any(d == 0 and on(a, b, c) for d, a, b, c in ((d1, q1, q2, p1), (d2, q1, q2, p2), (d3, p1, p2, q1),
                                                           (d4, p1, p2, q2)))


def geometry_problems(geometry: Any) -> list[str]:
    """What is wrong with a Polygon / MultiPolygon geometry ([] when it is valid)."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        return [f"geometry must be a Polygon or MultiPolygon, not {kind!r}"]
    coords = geometry.get("coordinates")
    polys = [coords] if geometry["type"] == "Polygon" else coords
    if not isinstance(polys, list) or not polys or not all(isinstance(p, list) and p for p in polys):
        return ["geometry has no coordinates"]
    out = []
    for k, poly in enumerate(polys):
        for r, ring in enumerate(poly):
            where = f"ring {r}" if geometry["type"] == "Polygon" else f"polygon {k} ring {r}"
            out += [f"{where} {p}" for p in _ring_problems(ring)]
        if not out:
            for r, hole in enumerate(poly[1:], 1):
                if not geo.is_within({"type": "Polygon", "coordinates": [hole]}, {"type": "Polygon", "coordinates": [poly[0]]}):
                    out.append(f"ring {r} (a hole) is not inside the outer ring")
    return out


def parse_features(data: Any) -> tuple[list[GridFeature], list[str]]:
    """Features and the per-feature errors of a decoded FeatureCollection."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        return [], ["the file is not a GeoJSON FeatureCollection (expected {\"type\": \"FeatureCollection\", \"features\": [...]})"]
    if not data["features"]:
        return [], ["the FeatureCollection has no features"]
    features, errors = [], []
    for i, f in enumerate(data["features"]):
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(f, dict) or f.get("type") != "Feature" or not isinstance(props, dict):
            errors.append(f"{_who(i, None)}: not a GeoJSON Feature with properties")
            continue
        code, name, level = props.get("code"), props.get("name"), props.get("level")
        parent = props.get("parent_code", props.get("parent"))
        who, mine = _who(i, code), []
        if not isinstance(code, str) or not code.strip():
            mine.append("property 'code' is missing or empty")
        elif len(code) > MAX_CODE:
            mine.append(f"code is longer than {MAX_CODE} characters")
        if not isinstance(name, str) or not name.strip():
            mine.append("property 'name' is missing or empty")
        elif len(name) > MAX_NAME:
            mine.append(f"name is longer than {MAX_NAME} characters")
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            mine.append(f"property 'level' must be an integer 0-4 (0 district … 4 micro-grid), not {level!r}")
        if parent is not None and (not isinstance(parent, str) or not parent.strip()):
            mine.append(f"property 'parent_code' must be a code or null, not {parent!r}")
        if isinstance(level, int) and not isinstance(level, bool) and level >= 2 and parent is None:
            mine.append("a community, grid or micro-grid (level 2-4) needs a 'parent_code'")
        mine += geometry_problems(f.get("geometry"))
        extra = {}
        for key in ("households", "population"):
            v = props.get(key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                mine.append(f"property '{key}' must be a non-negative integer, not {v!r}")
            extra[key] = v
        if mine:
            errors += [f"{who}: {m}" for m in mine]
        else:
            features.append(GridFeature(i, code.strip(), name.strip(), level, parent.strip() if parent else None,
                                        f["geometry"], **extra))
    return features, errors


def validate(features: list[GridFeature], existing: dict[str, tuple[int, dict]], tolerance_m: float) -> list[str]:
    """Errors across features: duplicate codes, unknown parents, levels, children outside parents.
    `existing`: code → (level, polygon) of regions already in the database."""
    errors, seen = [], {}
    for f in features:
        if f.code in seen:
            errors.append(f"{_who(f.index, f.code)}: code already used by feature #{seen[f.code]}")
        else:
            seen[f.code] = f.index
    shapes = {code: (lv, poly) for code, (lv, poly) in existing.items()}
    shapes.update({f.code: (f.level, f.geometry) for f in features})
    tol = tolerance_m / M_PER_DEG
    for f in features:
        if f.parent_code is None:
            continue
        who = _who(f.index, f.code)
        if f.parent_code == f.code:
            errors.append(f"{who}: is its own parent")
            continue
        if f.parent_code not in shapes:
            errors.append(f"{who}: parent code {f.parent_code} is neither in the file nor in the database")
            continue
        plevel, ppoly = shapes[f.parent_code]
        if plevel >= f.level:
            errors.append(f"{who}: parent {f.parent_code} is level {plevel}, not above level {f.level}")
        elif not geo.is_within(f.geometry, ppoly, tol):
            errors.append(f"{who}: lies outside its parent {f.parent_code} (tolerance {tolerance_m:g} m)")
    return errors


def load_file(path: str | Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise GridImportError([f"cannot read {path}: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise GridImportError([f"{path} is not UTF-8 text: {exc}"]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise GridImportError([f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]) from exc


def import_grids(db: Database, data: Any, tolerance_m: float = DEFAULT_TOLERANCE_M) -> ImportResult:
    """Validate everything, then write everything in one transaction; raises GridImportError."""
    features, errors = parse_features(data)
    with db.session() as s:
        existing = {r.code: (r.level, r.polygon) for r in s.scalars(select(Region))}
    errors += validate(features, existing, tolerance_m)
    if errors:
        raise GridImportError(errors)
    result = ImportResult()

    def job(tx: Tx) -> dict[str, Any]:
        by_code = {r.code: r for r in tx.session.scalars(select(Region))}
        # Parents before children, so every parent id is known when its child is written.
        for f in sorted(features, key=lambda f: f.level):
            parent_id = by_code[f.parent_code].id if f.parent_code else None
            lat, lon = geo.centroid(f.geometry)
            values = dict(level=f.level, parent_id=parent_id, name=f.name, polygon=f.geometry,
                          centroid_lat=round(lat, 7), centroid_lon=round(lon, 7),
                          area_km2=round(geo.area_km2(f.geometry), 4), updated_at=tx.now)
            for key in ("households", "population"):
                if getattr(f, key) is not None:
                    values[key] = getattr(f, key)
            row = by_code.get(f.code)
            if row is None:
                row = Region(id=f.code, code=f.code, version=1, head_id=None,
                             households=values.pop("households", 0), population=values.pop("population", 0), **values)
                tx.session.add(row)
                by_code[f.code] = row
                result.created.append(f.code)
            else:
                for k, v in values.items():
                    setattr(row, k, v)
                row.version += 1
                result.updated.append(f.code)
            tx.session.flush()
            tx.emit("region", "upsert", row.id, region_dict(row))
        return {"created": len(result.created), "updated": len(result.updated)}

    writer = Writer(db, on_commit=lambda published: None)
    writer.start()
    try:
        done = writer.run_now(job, user_id="import-grids")
    finally:
        writer.stop()
    if not done.ok:
        raise GridImportError([f"the database refused the import: {(done.error or {}).get('message')}"])
    return result
