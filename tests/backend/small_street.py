"""A tiny street for fast hub tests: 1 street, 1 community, 2 grids, staff, users, a camera, an alarm."""

from __future__ import annotations

from datetime import date, datetime, timezone

from backend.db import Database
from backend.db.models import Alarm, Camera, CameraUrl, Region, Staff, StaffRegion
from backend.db.models_people import Building, Compound, House, Household, Resident
from backend.users import add_user, issue_token

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # Monday 10:00 in Shanghai, working time
STREET, COMMUNITY, GRID_A, GRID_B = "S1", "S1-C1", "S1-C1-G1", "S1-C1-G2"


def box(lon0: float, lat0: float, lon1: float, lat1: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]}


def build(url: str) -> dict[str, str]:
    """Create the schema and the tiny street; returns tokens by user name."""
    db = Database(url)
    db.upgrade()
    tokens = {}
    with db.session() as s:
        for rid, level, parent, name, poly, head in [
            (STREET, 1, None, "测试街道", box(117.0, 37.0, 117.2, 37.2), "P-LEADER"),
            (COMMUNITY, 2, STREET, "测试社区", box(117.0, 37.0, 117.2, 37.1), "P-SEC"),
            (GRID_A, 3, COMMUNITY, "第一网格", box(117.0, 37.0, 117.1, 37.1), "P-HEAD-A"),
            (GRID_B, 3, COMMUNITY, "第二网格", box(117.1, 37.0, 117.2, 37.1), "P-HEAD-B"),
        ]:
            c = poly["coordinates"][0]
            s.add(Region(id=rid, level=level, parent_id=parent, code=rid, name=name, polygon=poly,
                         centroid_lat=(c[0][1] + c[2][1]) / 2, centroid_lon=(c[0][0] + c[2][0]) / 2, head_id=head,
                         version=1, updated_at=NOW))
        s.flush()
        for sid, name, role, region, phone in [
            ("P-LEADER", "李街长", "street_leader", STREET, "13800000001"),
            ("P-SEC", "王书记", "community_secretary", COMMUNITY, "13800000002"),
            ("P-HEAD-A", "张网格长", "grid_head", GRID_A, "13800000003"),
            ("P-HEAD-B", "赵网格长", "grid_head", GRID_B, "13800000004"),
        ]:
            s.add(Staff(id=sid, name=name, role=role, phone=phone, version=1, updated_at=NOW))
            s.flush()
            s.add(StaffRegion(staff_id=sid, region_id=region, duty=role))
        s.add(Camera(id="CAM-1", name="北门", region_id=GRID_A, lat=37.05, lon=117.05, online=True, ai=True,
                     version=1, updated_at=NOW))
        s.flush()
        s.add(CameraUrl(camera_id="CAM-1", role="main", protocol="http-ts", url="{demo_media}/CAM-1/main.ts"))
        s.add(Alarm(id="A-1", type="one_key", status="active", region_id=GRID_A, lat=37.05, lon=117.05,
                    camera_id="CAM-1", raised_at=NOW, version=1, updated_at=NOW, message="一键报警"))
        s.add(Compound(id="C-1", name="幸福小区", region_id=GRID_A, address="幸福路1号"))
        s.flush()
        s.add(Building(id="B-1", compound_id="C-1", region_id=GRID_A, number="1", address="幸福路1号1号楼", floors=6,
                       units=2, lat=37.05, lon=117.05))
        s.flush()
        s.add(House(id="H-1", building_id="B-1", unit=1, floor=1, room="101", area_m2=90, usage="owner"))
        s.flush()
        s.add(Household(id="HH-1", house_id="H-1", region_id=GRID_A, head_resident_id="R-1", registration="family", size=1))
        s.flush()
        s.add(Resident(id="R-1", name="刘大爷", gender="男", ethnicity="汉族", birth_date=date(1940, 5, 6),
                       id_number="370126194005061234", phone="13912345678", registered_address="幸福路1号",
                       current_address="幸福路1号1号楼101", household_id="HH-1", relation_to_head="户主", house_id="H-1",
                       region_id=GRID_A, political_status="中共党员", education="初中", occupation="离退休",
                       employer="", marital_status="丧偶", resident_type="registered", move_in_date=date(1990, 1, 1),
                       health="良好", care_tags=["elderly_alone"], vaccination="已接种", vehicles=[],
                       native_place="山东商河"))
        add_user(s, "admin", "admin", "管理员", now=NOW)
        add_user(s, "leader", "leader", "李街长", staff_id="P-LEADER", now=NOW)
        add_user(s, "dispatcher", "dispatcher", "调度员", now=NOW)
        add_user(s, "duty", "duty", "值班员", now=NOW)
        add_user(s, "gw-a", "grid_worker", "张网格长", staff_id="P-HEAD-A", now=NOW)
        add_user(s, "gw-b", "grid_worker", "赵网格长", staff_id="P-HEAD-B", now=NOW)
        for name in ("admin", "leader", "dispatcher", "duty", "gw-a", "gw-b"):
            tokens[name] = issue_token(s, name)
    db.dispose()
    return tokens
