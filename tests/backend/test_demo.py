"""The demo street: counts, nested non-overlapping polygons, valid and consistent people, determinism.

The street is seeded once per module into a real SQLite file (seeding takes seconds).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from backend import geo, idcard
from backend.db import Database
from backend.db.models import Camera, CameraUrl, Gate, Region, Staff, StaffRegion, User
from backend.db.models_people import (Building, Compound, House, Household, Notice, PartyMember, PartyOrg,
                                      PointsEntry, Resident, VolunteerTeam, Wish)
from backend.db.session import sqlite_url
from backend.demo import seed_places_and_people
from backend.demo.geography import build_geography
from backend.demo.names import MOBILE_PREFIXES
from backend.demo.families import local_household

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=timezone.utc)
TODAY = date(2026, 11, 23)  # in China (UTC+8)
SEED = 7


def _age(birth: date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


def _seed(path):
    db = Database(sqlite_url(path))
    db.upgrade()
    started = time.perf_counter()
    info = seed_places_and_people(db, SEED, now=NOW)
    return db, info, time.perf_counter() - started


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db, info, seconds = _seed(tmp_path_factory.mktemp("demo") / "street.db")
    yield db, info, seconds
    db.dispose()


@pytest.fixture(scope="module")
def db(seeded):
    return seeded[0]


@pytest.fixture(scope="module")
def info(seeded):
    return seeded[1]


@pytest.fixture(scope="module")
def rows(db):
    """Every row the tests look at, loaded once (as plain tuples and objects detached from the session)."""
    with db.sessions() as s:
        data = {
            "regions": list(s.scalars(select(Region))),
            "residents": list(s.scalars(select(Resident))),
            "households": list(s.scalars(select(Household))),
            "houses": list(s.scalars(select(House))),
            "buildings": list(s.scalars(select(Building))),
            "compounds": list(s.scalars(select(Compound))),
            "staff": list(s.scalars(select(Staff))),
            "links": list(s.scalars(select(StaffRegion))),
            "users": list(s.scalars(select(User))),
            "cameras": list(s.scalars(select(Camera))),
            "urls": list(s.scalars(select(CameraUrl))),
            "gates": list(s.scalars(select(Gate))),
            "orgs": list(s.scalars(select(PartyOrg))),
            "members": list(s.scalars(select(PartyMember))),
        }
        s.expunge_all()
    return data


def _level(rows, level):
    return [r for r in rows["regions"] if r.level == level]


# --- size -----------------------------------------------------------------------------------------


def test_seeding_is_fast_enough(seeded):
    assert seeded[2] < 20, f"seeding took {seeded[2]:.1f} s"


def test_counts(rows, info):
    assert len(_level(rows, 1)) == 1
    assert len(_level(rows, 2)) == 4
    grids = _level(rows, 3)
    assert len(grids) >= 16
    per_grid = Counter(h.region_id for h in rows["households"])
    for g in grids:
        assert 300 <= per_grid[g.id] <= 500, g.name
        assert g.households == per_grid[g.id]
    assert len(rows["households"]) >= 8000
    assert len(rows["residents"]) >= 25000
    assert len(rows["staff"]) >= 120
    assert len(rows["cameras"]) >= 40
    assert len(rows["gates"]) >= 10
    assert 25 <= len(rows["compounds"]) <= 40
    assert len(_level(rows, 4)) == len(rows["buildings"])
    assert info.counts["residents"] == len(rows["residents"])
    assert info.counts["households"] == len(rows["households"])


def test_other_tables_are_filled(db):
    with db.sessions() as s:
        for model, least in ((VolunteerTeam, 8), (PointsEntry, 100), (Wish, 10), (Notice, 1)):
            assert s.query(model).count() >= least, model.__name__
        snow = s.scalar(select(Notice).where(Notice.title == "暴雪预警"))
        assert snow is not None and snow.recipients > 20000 and snow.delivered <= snow.recipients


# --- geometry --------------------------------------------------------------------------------------


def test_codes_are_hierarchical(rows):
    by_id = {r.id: r for r in rows["regions"]}
    street = _level(rows, 1)[0]
    assert street.id == street.code == "370126001" and street.name == "许商街道"
    for r in rows["regions"]:
        assert r.id == r.code
        assert len(r.code) == 9 + 3 * (r.level - 1)
        if r.level > 1:
            parent = by_id[r.parent_id]
            assert parent.level == r.level - 1
            assert r.code.startswith(parent.code) and r.code[len(parent.code):].isdigit()
        assert r.version == 1 and r.updated_at == NOW


def test_street_is_where_shanghe_is(rows):
    street = _level(rows, 1)[0]
    assert abs(street.centroid_lat - 37.309) < 0.005 and abs(street.centroid_lon - 117.157) < 0.005
    assert 6.0 < street.area_km2 < 9.0  # about 3 km x 2.5 km


def test_every_child_polygon_nests_in_its_parent(rows):
    by_id = {r.id: r for r in rows["regions"]}
    for r in rows["regions"]:
        ring = r.polygon["coordinates"][0]
        assert r.polygon["type"] == "Polygon" and ring[0] == ring[-1] and geo.is_ccw(ring)
        if r.parent_id:
            parent = by_id[r.parent_id]
            for lat, lon in geo.vertices(r.polygon):
                assert geo.contains(parent.polygon, lat, lon, tol=1e-9), (r.id, lat, lon)


def test_grids_tile_the_street_without_overlap(rows):
    street = _level(rows, 1)[0].polygon
    communities = _level(rows, 2)
    grids = _level(rows, 3)
    lon0, lat0, lon1, lat1 = geo.bbox(street)
    rng = random.Random(11)
    inside = 0
    for _ in range(6000):
        lat, lon = rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
        in_grids = [g for g in grids if geo.contains(g.polygon, lat, lon)]
        in_communities = [c for c in communities if geo.contains(c.polygon, lat, lon)]
        assert len(in_grids) <= 1 and len(in_communities) <= 1
        if geo.contains(street, lat, lon):
            inside += 1
            assert len(in_grids) == 1 and len(in_communities) == 1
            assert in_grids[0].parent_id == in_communities[0].id
        else:
            assert not in_grids and not in_communities
    assert inside > 4000


def test_areas_add_up(rows):
    for parent in _level(rows, 1) + _level(rows, 2):
        kids = [r for r in rows["regions"] if r.parent_id == parent.id and r.level == parent.level + 1]
        assert sum(k.area_km2 for k in kids) == pytest.approx(parent.area_km2, rel=1e-4)
    for r in _level(rows, 3):
        assert geo.contains(r.polygon, r.centroid_lat, r.centroid_lon)
        assert 0.05 < r.area_km2 < 1.0


def test_grid_boundaries_are_not_a_checkerboard(rows):
    # slightly irregular: grids have bent edges (more than 4 corners) and no two share the same width
    grids = _level(rows, 3)
    assert all(len(g.polygon["coordinates"][0]) > 8 for g in grids)
    assert len({round(g.area_km2, 3) for g in grids}) > len(grids) * 0.8


def test_buildings_are_footprints_that_do_not_overlap(rows):
    micro = _level(rows, 4)
    by_grid = defaultdict(list)
    for m in micro:
        by_grid[m.parent_id].append(m)
        assert 0.0002 < m.area_km2 < 0.003  # 200-3,000 m²
        assert re.fullmatch(r".+\d+号楼", m.name)
    for items in by_grid.values():
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                assert not geo.overlaps(a.polygon, b.polygon), (a.id, b.id)
    buildings = {b.region_id: b for b in rows["buildings"]}
    for m in micro:
        b = buildings[m.id]
        assert geo.contains(m.polygon, b.lat, b.lon)


def test_locator_agrees_with_brute_force(rows, info):
    grids = _level(rows, 3)
    lon0, lat0, lon1, lat1 = geo.bbox(_level(rows, 1)[0].polygon)
    rng = random.Random(12)
    for _ in range(4000):
        lat, lon = rng.uniform(lat0 - 0.003, lat1 + 0.003), rng.uniform(lon0 - 0.003, lon1 + 0.003)
        brute = [g.id for g in grids if geo.contains(g.polygon, lat, lon)]
        assert info.locate(lat, lon) == (brute[0] if brute else None)
    assert info.locate(0.0, 0.0) is None


def test_counts_sum_up_the_tree(rows):
    pop = Counter(r.region_id for r in rows["residents"])
    by_id = {r.id: r for r in rows["regions"]}
    for g in _level(rows, 3):
        assert g.population == pop[g.id]
    for r in rows["regions"]:
        kids = [k for k in rows["regions"] if k.parent_id == r.id]
        if kids:
            assert r.households == sum(k.households for k in kids), r.id
            assert r.population == sum(k.population for k in kids), r.id
    street = _level(rows, 1)[0]
    assert street.population == len(rows["residents"])
    assert all(by_id[h.region_id].level == 3 for h in rows["households"])


# --- people ----------------------------------------------------------------------------------------


def test_id_numbers_are_valid_unique_and_match_the_person(rows):
    seen = set()
    for r in rows["residents"]:
        assert idcard.is_valid(r.id_number, today=TODAY), r.id_number
        info = idcard.parse(r.id_number)
        assert info.birth_date == r.birth_date, r.id
        assert info.gender == r.gender, r.id
        assert r.id_number not in seen
        seen.add(r.id_number)
    registered = [r for r in rows["residents"] if r.resident_type == "registered"]
    local = sum(r.id_number.startswith("370126") for r in registered) / len(registered)
    assert local > 0.7
    floating = [r for r in rows["residents"] if r.resident_type == "floating"]
    assert sum(not r.id_number.startswith("3701") for r in floating) / len(floating) > 0.95
    overseas = [r for r in rows["residents"] if r.resident_type == "overseas"]
    assert overseas and all(r.id_number[:2] in ("81", "82", "83") for r in overseas)


def test_phones_are_unique_real_mobile_numbers(rows):
    phones = [r.phone for r in rows["residents"] if r.phone] + [s.phone for s in rows["staff"]]
    assert len(phones) == len(set(phones))
    for p in phones:
        assert re.fullmatch(r"1\d{10}", p) and p[:3] in MOBILE_PREFIXES
    assert len({s.phone for s in rows["staff"]}) == len(rows["staff"])
    assert all(r.phone for r in rows["residents"] if 16 <= _age(r.birth_date) < 80)
    assert not any(r.phone for r in rows["residents"] if _age(r.birth_date) < 12)


def test_floating_population_share_and_homes(rows):
    residents = rows["residents"]
    floating = [r for r in residents if r.resident_type == "floating"]
    assert 0.12 <= len(floating) / len(residents) <= 0.18
    usage = {h.id: h.usage for h in rows["houses"]}
    assert all(usage[r.house_id] == "rented" for r in floating)
    assert not any(r.registered_address.startswith("山东省济南市商河县") for r in floating)
    assert all(r.current_address.startswith("山东省济南市商河县许商街道") for r in residents)
    assert 1 <= sum(r.resident_type == "overseas" for r in residents) < 100


def test_party_members(rows):
    residents = {r.id: r for r in rows["residents"]}
    party = [r for r in residents.values() if r.political_status == "中共党员"]
    assert 0.03 <= len(party) / len(residents) <= 0.07
    assert {m.resident_id for m in rows["members"]} == {r.id for r in party}
    for m in rows["members"]:
        r = residents[m.resident_id]
        assert _age(r.birth_date) >= 18
        assert r.birth_date + timedelta(days=18 * 365) <= m.joined_on <= TODAY


def test_party_organisations_follow_the_grids(rows):
    orgs = {o.id: o for o in rows["orgs"]}
    kinds = Counter(o.kind for o in orgs.values())
    assert kinds["committee"] == 4 and kinds["branch"] == len(_level(rows, 3)) and kinds["group"] >= kinds["branch"]
    direct = Counter(m.org_id for m in rows["members"])
    assert all(orgs[m.org_id].kind == "group" for m in rows["members"])
    children = defaultdict(list)
    for o in orgs.values():
        if o.parent_id:
            children[o.parent_id].append(o)
    for o in orgs.values():
        expected = direct[o.id] + sum(c.member_count for c in children[o.id])
        assert o.member_count == expected, o.name
    regions = {r.id: r for r in rows["regions"]}
    for o in orgs.values():
        level = {"committee": 2, "branch": 3, "group": 3}[o.kind]
        assert regions[o.region_id].level == level
        assert geo.contains(regions[o.region_id].polygon, o.lat, o.lon) or o.kind == "committee"
    assert sum(o.member_count for o in orgs.values() if o.kind == "committee") == len(rows["members"])


def test_households_match_their_residents(rows):
    residents = defaultdict(list)
    for r in rows["residents"]:
        residents[r.household_id].append(r)
    houses = {h.id: h for h in rows["houses"]}
    buildings = {b.id: b for b in rows["buildings"]}
    micro_parent = {r.id: r.parent_id for r in _level(rows, 4)}
    used = Counter(h.house_id for h in rows["households"])
    assert max(used.values()) == 1  # one household per dwelling
    for h in rows["households"]:
        members = residents[h.id]
        assert h.size == len(members) >= 1
        heads = [m for m in members if m.relation_to_head == "户主"]
        assert len(heads) == 1 and heads[0].id == h.head_resident_id
        house = houses[h.house_id]
        assert house.usage in ("owner", "rented")
        assert h.region_id == micro_parent[buildings[house.building_id].region_id]
        for m in members:
            assert m.house_id == h.house_id and m.region_id == h.region_id
    empty = [h for h in rows["houses"] if h.usage in ("vacant", "commercial")]
    assert empty and not any(used[h.id] for h in empty)


def test_relations_and_marital_status_agree_with_ages(rows):
    residents = defaultdict(list)
    for r in rows["residents"]:
        residents[r.household_id].append(r)
    for members in residents.values():
        head = next(m for m in members if m.relation_to_head == "户主")
        ha = _age(head.birth_date)
        spouses = [m for m in members if m.relation_to_head == "配偶"]
        if spouses:
            assert head.marital_status == "已婚" and spouses[0].marital_status == "已婚"
            assert spouses[0].gender != head.gender
        for m in members:
            a = _age(m.birth_date)
            rel = m.relation_to_head
            if rel in ("子", "女"):
                assert ha - a >= 18 and m.gender == ("男" if rel == "子" else "女")
            elif rel in ("父", "母"):
                assert a - ha >= 18 and m.gender == ("男" if rel == "父" else "女")
            elif rel in ("孙子", "孙女", "外孙子", "外孙女"):
                assert ha - a >= 36
            if m.marital_status != "未婚":
                assert a >= 20
            if a < 20:
                assert m.marital_status == "未婚"


def test_schooling_and_work_agree_with_age(rows):
    for r in rows["residents"]:
        a = _age(r.birth_date)
        if a < 6:
            assert r.education == "学龄前" and r.occupation == "学龄前儿童"
        elif a < 18:
            assert r.occupation == "学生" and r.education in ("小学", "初中", "高中", "中专")
        if r.occupation == "学生":
            assert 6 <= a <= 22
        if r.occupation == "离退休人员":
            assert a >= 50
        if r.political_status == "少先队员":
            assert 6 <= a < 14


def test_age_pyramid_has_a_census_shape(rows):
    ages = [_age(r.birth_date) for r in rows["residents"]]
    n = len(ages)
    young = sum(a < 15 for a in ages) / n
    working = sum(15 <= a < 60 for a in ages) / n
    old = sum(a >= 60 for a in ages) / n
    assert 0.10 < young < 0.22 and 0.55 < working < 0.72 and 0.14 < old < 0.28
    assert max(ages) < 105


def test_special_care_tags(rows, info):
    sizes = {h.id: h.size for h in rows["households"]}
    alone = {r.id for r in rows["residents"] if "elderly_alone" in r.care_tags}
    for r in rows["residents"]:
        expected = sizes[r.household_id] == 1 and _age(r.birth_date) >= 70
        assert ("elderly_alone" in r.care_tags) == expected
    assert alone == {p.resident_id for p in info.elderly_alone}
    tags = Counter(t for r in rows["residents"] for t in r.care_tags)
    for tag in ("disabled", "low_income", "veteran", "left_behind_child", "empty_nest"):
        assert tags[tag] > 0, tag
    for r in rows["residents"]:
        if "veteran" in r.care_tags:
            assert r.military_service == "退役军人"
        if "left_behind_child" in r.care_tags:
            assert _age(r.birth_date) < 18


def test_every_field_is_filled(rows):
    optional = {"phone", "employer", "emergency_contact", "notes"}  # children have no phone, many no employer
    columns = [c.key for c in Resident.__table__.columns if c.key not in optional]
    for r in rows["residents"]:
        for c in columns:
            v = getattr(r, c)
            assert v is not None and (v != "" or c in optional), (r.id, c)
    assert sum(bool(r.emergency_contact) for r in rows["residents"]) == len(rows["residents"])
    surnames = Counter(r.name[0] for r in rows["residents"])
    assert {s for s, _ in surnames.most_common(4)} <= set("王李张刘陈")  # Shandong's commonest
    assert all(2 <= len(r.name) <= 4 for r in rows["residents"])
    ethnic = Counter(r.ethnicity for r in rows["residents"])
    assert ethnic["汉族"] / len(rows["residents"]) > 0.9 and ethnic["回族"] > 0


def test_vehicle_plates(rows):
    plates = [p for r in rows["residents"] for p in r.vehicles]
    assert len(plates) > 1000 and len(plates) == len(set(plates))
    for p in plates:
        assert re.fullmatch(r"[京津冀晋辽吉黑苏皖鲁豫川][A-Z][A-HJ-NP-Z0-9]{5,6}", p), p
    assert Counter(p[:2] for p in plates).most_common(1)[0][0] == "鲁A"


# --- staff, users, devices -------------------------------------------------------------------------


def test_staff_serve_their_grids(rows, info):
    staff = {s.id: s for s in rows["staff"]}
    duties = defaultdict(lambda: defaultdict(list))
    for link in rows["links"]:
        duties[link.region_id][staff[link.staff_id].role].append(link.staff_id)
    for g in _level(rows, 3):
        roles = duties[g.id]
        assert len(roles["grid_head"]) == 1 and roles["grid_head"][0] == g.head_id
        assert 2 <= len(roles["grid_worker"]) <= 4
        for role in ("grid_police", "property", "party_group"):
            assert len(roles[role]) == 1, (g.id, role)
        assert info.staff_by_grid[g.id]["grid_head"] == [g.head_id]
    for c in _level(rows, 2):
        assert staff[c.head_id].role == "community_secretary"
        assert duties[c.id]["street_leader"] == [info.leader_of[c.id]]
    street = _level(rows, 1)[0]
    assert staff[street.head_id].role == "street_leader" and street.head_id == info.street_leader_id
    for m in _level(rows, 4):
        assert staff[m.head_id].role == "grid_worker"


def test_users(rows, info):
    users = {u.name: u for u in rows["users"]}
    staff = {s.id: s for s in rows["staff"]}
    for name, role in (("admin", "admin"), ("leader", "leader"), ("duty", "duty"), ("dispatcher", "dispatcher")):
        assert users[name].role == role and users[name].password_hash is None
    assert staff[users["leader"].staff_id].role == "street_leader"
    links = defaultdict(set)
    for link in rows["links"]:
        links[link.staff_id].add(link.region_id)
    for g in _level(rows, 3):
        u = users[f"gw-{g.id}"]
        assert u.role == "grid_worker" and u.staff_id == g.head_id
        assert links[u.staff_id] == {g.id}
        assert re.search(r"[\u4e00-\u9fff]", u.display_name)
    assert set(info.users) == set(users)


def test_cameras(rows, info):
    urls = defaultdict(dict)
    for u in rows["urls"]:
        urls[u.camera_id][u.role] = u
    cams = rows["cameras"]
    for c in cams:
        assert c.kind in ("bullet", "dome", "face")
        assert info.locate(c.lat, c.lon) == c.region_id, c.name
        assert set(urls[c.id]) == {"main", "sub"}
        for role, u in urls[c.id].items():
            assert u.protocol == "http-ts" and u.url == f"{{demo_media}}/{c.id}/{role}.ts"
    assert 0.2 <= sum(c.ai for c in cams) / len(cams) <= 0.3
    assert any(c.name.endswith("门") for c in cams) and any(c.name.endswith("路口") for c in cams)
    assert len(info.cameras) == len(cams)


def test_gates(rows):
    compounds = {c.id: c for c in rows["compounds"]}
    grids = {r.id: r for r in _level(rows, 3)}
    kinds = Counter(g.kind for g in rows["gates"])
    assert kinds["pedestrian"] >= 5 and kinds["vehicle"] >= 5
    for g in rows["gates"]:
        assert compounds[g.compound_id].region_id == g.region_id
        assert geo.contains(grids[g.region_id].polygon, g.lat, g.lon)


def test_points_never_go_negative(db):
    with db.sessions() as s:
        entries = list(s.execute(select(PointsEntry.resident_id, PointsEntry.at, PointsEntry.delta)
                                 .order_by(PointsEntry.at, PointsEntry.id)))
    balance = Counter()
    for rid, _, delta in entries:
        balance[rid] += delta
        assert balance[rid] >= 0
    assert any(d < 0 for _, _, d in entries)


def test_demo_info_helpers(info):
    rng = random.Random(4)
    for gid in info.grid_ids:
        lat, lon = info.random_point_in(gid, rng)
        assert info.locate(lat, lon) == gid
        assert geo.contains(info.grid_polygons[gid], lat, lon)
    assert len(info.streets) >= 8 and all(s.endswith(("路", "街")) for s in info.streets)
    assert info.elderly_alone and all(info.locate(p.lat, p.lon) == p.region_id for p in info.elderly_alone)
    assert info.community_of(info.grid_ids[0]) in info.community_ids


# --- determinism -------------------------------------------------------------------------------------


def _digest(db: Database) -> str:
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in ("regions", "residents", "households", "houses", "staff", "cameras", "party_orgs",
                      "points_ledger", "users"):
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")):
                h.update(json.dumps(list(row), default=str, ensure_ascii=False).encode())
    return h.hexdigest()


def test_same_seed_gives_identical_rows(db, tmp_path):
    other, _, _ = _seed(tmp_path / "again.db")
    try:
        assert _digest(other) == _digest(db)
    finally:
        other.dispose()


def test_another_seed_gives_another_street():
    g7, g8 = build_geography(random.Random(7)), build_geography(random.Random(8))
    assert g7.grids[0].polygon != g8.grids[0].polygon
    assert [h.usage for h in g7.houses[:200]] != [h.usage for h in g8.houses[:200]]
    families = [[local_household(rng) for _ in range(20)] for rng in (random.Random(7), random.Random(8))]
    assert families[0] != families[1]


def test_refuses_a_seeded_database(db):
    with pytest.raises(ValueError):
        seed_places_and_people(db, SEED, now=NOW)
    with pytest.raises(ValueError):
        seed_places_and_people(Database("sqlite://"), SEED, now=datetime(2026, 1, 1))
