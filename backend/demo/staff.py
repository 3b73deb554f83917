"""The people who work the grids (staff, with the grids they serve) and the console's logins."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import names
from .geography import Geography
from .people import Uniques


@dataclass
class StaffPlan:
    staff: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)  # StaffRegion rows
    by_region: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # region -> role -> staff ids
    heads: dict[str, str] = field(default_factory=dict)  # region -> head staff id
    names: dict[str, str] = field(default_factory=dict)  # staff id -> name
    street_head: str = ""


def _person_name(rng: random.Random, gender: str, birth_year: int) -> str:
    return names.SURNAMES_SHANDONG.pick(rng) + names.given_name(rng, gender, birth_year)


def build_staff(rng: random.Random, geo: Geography, uniques: Uniques, now: datetime) -> StaffPlan:
    """Street leaders, community secretaries and workers, and the five duties of every grid."""
    plan = StaffPlan()

    def add(role: str, region_id: str, duty: str | None = None, female: float = 0.45,
            born: tuple[int, int] = (1968, 1996)) -> str:
        sid = f"S-{len(plan.staff) + 1:04d}"
        gender = "女" if rng.random() < female else "男"
        name = _person_name(rng, gender, rng.randint(*born))
        plan.staff.append({"id": sid, "name": name, "role": role, "phone": uniques.phone(), "gender": gender,
                           "active": True, "version": 1, "updated_at": now})
        plan.names[sid] = name
        link(sid, region_id, duty or names.STAFF_DUTY[role])
        plan.by_region.setdefault(region_id, {}).setdefault(role, []).append(sid)
        return sid

    def link(sid: str, region_id: str, duty: str) -> None:
        plan.links.append({"staff_id": sid, "region_id": region_id, "duty": duty})

    street = geo.street.id
    plan.street_head = add("street_leader", street, "街道党工委书记", female=0.2, born=(1968, 1980))
    plan.heads[street] = plan.street_head
    add("street_leader", street, "街道办事处主任", female=0.3, born=(1970, 1982))
    for community in geo.communities:
        # 分包领导: a street leader in charge of one community, the last step of an escalation
        leader = add("street_leader", street, "分包领导", female=0.3, born=(1970, 1985))
        link(leader, community.id, "分包领导")
        plan.by_region.setdefault(community.id, {}).setdefault("street_leader", []).append(leader)
        plan.heads[community.id] = add("community_secretary", community.id, "社区党委书记、居委会主任",
                                       female=0.5, born=(1970, 1988))
        for _ in range(rng.randint(2, 3)):
            add("community_worker", community.id, female=0.65, born=(1985, 2000))
        for gid in geo.grid_of_community[community.id]:
            plan.heads[gid] = add("grid_head", gid, female=0.5, born=(1972, 1992))
            for _ in range(rng.randint(2, 4)):
                add("grid_worker", gid, female=0.6, born=(1975, 2001))
            add("grid_police", gid, "网格警务员(许商派出所)", female=0.15, born=(1978, 1998))
            add("property", gid, female=0.4, born=(1970, 1995))
            add("party_group", gid, female=0.45, born=(1960, 1985))
    # Each building (micro-grid) is looked after by one of its grid's workers.
    for m in geo.micro:
        workers = plan.by_region[m.parent_id]["grid_worker"]
        plan.heads[m.id] = workers[int(m.id[-3:]) % len(workers)]
    return plan


@dataclass
class UserPlan:
    users: list[dict[str, Any]]
    ids: dict[str, str]  # name -> user id
    staff_of: dict[str, str | None]  # name -> staff id


def build_users(geo: Geography, staff: StaffPlan, now: datetime) -> UserPlan:
    """admin, leader, duty, dispatcher, and one grid-worker login per grid (linked to the 网格长)."""
    rows: list[dict[str, Any]] = []

    def add(name: str, role: str, display: str, staff_id: str | None = None) -> None:
        rows.append({"id": f"U-{name}", "name": name, "display_name": display, "role": role, "staff_id": staff_id,
                     "password_hash": None, "created_at": now, "disabled": False})

    add("admin", "admin", "系统管理员")
    add("leader", "leader", f"{staff.names[staff.street_head]}(街道党工委书记)", staff.street_head)
    add("duty", "duty", "指挥中心值班员")
    add("dispatcher", "dispatcher", "指挥中心调度员")
    for grid in geo.grids:
        head = staff.heads[grid.id]
        add(f"gw-{grid.id}", "grid_worker", f"{staff.names[head]}({grid.name}网格长)", head)
    return UserPlan(rows, {r["name"]: r["id"] for r in rows}, {r["name"]: r["staff_id"] for r in rows})
