"""`import-grids`: a valid FeatureCollection lands in the database (with region events); every
kind of invalid file is refused whole, each error naming its feature."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from backend.db import Database
from backend.db.models import EventLog, Region
from backend.grid_import import GridImportError, import_grids, load_file
from tests.backend.small_street import COMMUNITY, build


def box(lon0, lat0, lon1, lat1):
    return {"type": "Polygon", "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]}


def feature(code, name, level, parent, geometry, **props):
    return {"type": "Feature", "properties": {"code": code, "name": name, "level": level, "parent_code": parent, **props},
            "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def valid_file():
    """A new community inside the tiny street's street (S1), with two grids in it."""
    return collection(
        feature("S1-C9", "新建社区", 2, "S1", box(117.0, 37.1, 117.2, 37.2), population=4200),
        feature("S1-C9-G1", "新建第一网格", 3, "S1-C9", box(117.0, 37.1, 117.1, 37.2), households=380),
        feature("S1-C9-G2", "新建第二网格", 3, "S1-C9", box(117.1, 37.1, 117.2, 37.2)))


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'g.db'}"
    build(url)
    d = Database(url)
    yield d
    d.dispose()


def regions(db):
    with db.session() as s:
        return {r.code: r for r in s.scalars(select(Region))}


def test_a_valid_file_creates_regions_with_parents_centroids_and_events(db):
    result = import_grids(db, valid_file())
    assert sorted(result.created) == ["S1-C9", "S1-C9-G1", "S1-C9-G2"] and result.updated == []
    got = regions(db)
    g1 = got["S1-C9-G1"]
    assert (g1.level, g1.parent_id, g1.name, g1.households) == (3, "S1-C9", "新建第一网格", 380)
    assert g1.centroid_lat == pytest.approx(37.15) and g1.centroid_lon == pytest.approx(117.05)
    assert g1.area_km2 > 50  # 0.1° × 0.1° at 37° N is about 98 km²
    assert got["S1-C9"].population == 4200
    with db.session() as s:
        events = s.scalars(select(EventLog).where(EventLog.kind == "region")).all()
    assert sorted(e.entity_id for e in events) == ["S1-C9", "S1-C9-G1", "S1-C9-G2"]
    assert json.loads(events[0].data)["polygon"]["type"] == "Polygon"


def test_reimporting_a_code_updates_the_region_and_bumps_its_version(db):
    import_grids(db, collection(feature(COMMUNITY, "改名社区", 2, "S1", box(117.0, 37.0, 117.2, 37.1))))
    r = regions(db)[COMMUNITY]
    assert (r.name, r.version) == ("改名社区", 2)


def refused(db, data) -> list[str]:
    before = len(regions(db))
    with pytest.raises(GridImportError) as exc:
        import_grids(db, data)
    assert len(regions(db)) == before  # nothing half-imported
    return exc.value.errors


def test_an_open_ring_is_refused_naming_the_feature(db):
    bad = box(117.0, 37.1, 117.1, 37.2)
    bad["coordinates"][0].pop()  # no closing position
    errors = refused(db, collection(*valid_file()["features"][:2], feature("S1-C9-G3", "开口网格", 3, "S1-C9", bad)))
    assert errors == ["feature #2 (code S1-C9-G3): ring 0 is not closed (the first and last positions differ)"]


def test_a_self_intersecting_polygon_is_refused(db):
    bow = {"type": "Polygon", "coordinates": [[[117.0, 37.1], [117.1, 37.2], [117.1, 37.1], [117.0, 37.2], [117.0, 37.1]]]}
    errors = refused(db, collection(valid_file()["features"][0], feature("S1-C9-G1", "八字网格", 3, "S1-C9", bow)))
    assert "feature #1 (code S1-C9-G1): ring 0 intersects itself (edges 0 and 2)" in errors
    assert all(e.startswith("feature #1 (code S1-C9-G1): ") for e in errors)  # (a bow tie also has no net area)


def test_a_child_outside_its_parent_is_refused_beyond_the_tolerance(db):
    f = valid_file()["features"]
    f[2]["geometry"] = box(117.1, 37.1, 117.25, 37.2)  # 0.05° (~4 km) past the community
    errors = refused(db, collection(*f))
    assert errors == ["feature #2 (code S1-C9-G2): lies outside its parent S1-C9 (tolerance 5 m)"]
    f[2]["geometry"] = box(117.1, 37.1, 117.20002, 37.2)  # ~2 m out: inside the tolerance
    assert "S1-C9-G2" in import_grids(db, collection(*f)).created


def test_duplicate_codes_unknown_parents_and_bad_properties_are_all_listed(db):
    f = valid_file()["features"]
    dup = feature("S1-C9-G1", "重复", 3, "S1-C9", box(117.0, 37.1, 117.05, 37.15))
    orphan = feature("X-G1", "无主网格", 3, "NOPE", box(117.0, 37.1, 117.05, 37.15))
    no_level = feature("S1-C9-G4", "无级别", "grid", "S1-C9", box(117.0, 37.1, 117.05, 37.15))
    point = feature("S1-C9-G5", "点", 3, "S1-C9", {"type": "Point", "coordinates": [117.0, 37.1]})
    errors = refused(db, collection(*f, dup, orphan, no_level, point, "junk"))
    assert "feature #3 (code S1-C9-G1): code already used by feature #1" in errors
    assert "feature #4 (code X-G1): parent code NOPE is neither in the file nor in the database" in errors
    assert any(e.startswith("feature #5 (code S1-C9-G4): property 'level' must be an integer 0-4") for e in errors)
    assert "feature #6 (code S1-C9-G5): geometry must be a Polygon or MultiPolygon, not 'Point'" in errors
    assert "feature #7: not a GeoJSON Feature with properties" in errors
    assert len(errors) == 5


def test_files_that_are_not_feature_collections_say_so(db, tmp_path):
    assert refused(db, {"type": "Feature"})[0].startswith("the file is not a GeoJSON FeatureCollection")
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(GridImportError) as exc:
        load_file(broken)
    assert "is not valid JSON" in exc.value.errors[0] and "line 1" in exc.value.errors[0]


def test_the_command_line_imports_and_refuses(db, tmp_path):
    url = str(db.engine.url)
    good, bad = tmp_path / "good.geojson", tmp_path / "bad.geojson"
    good.write_text(json.dumps(valid_file(), ensure_ascii=False), encoding="utf-8")
    f = valid_file()["features"]
    f[1]["properties"]["parent_code"] = "NOPE"
    bad.write_text(json.dumps(collection(*f), ensure_ascii=False), encoding="utf-8")
    run = lambda p: subprocess.run([sys.executable, "-m", "backend", "import-grids", str(p), "--db", url],
                                   capture_output=True, text=True, timeout=60)
    out = run(bad)
    assert out.returncode == 1 and "nothing imported" in out.stderr and "feature #1 (code S1-C9-G1)" in out.stderr
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Region)) == 4
    out = run(good)
    assert out.returncode == 0 and "3 new, 0 updated" in out.stderr
