"""Community life of the demo street: party organisations along the grids, volunteers and points,
micro-wishes and past notices."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from . import names
from .geography import Geography
from .people import People, age_on
from .staff import StaffPlan

BUILDINGS_PER_GROUP = (3, 5)


@dataclass
class PartyPlan:
    orgs: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)


def build_party(rng: random.Random, geo: Geography, staff: StaffPlan, people: People, now: datetime) -> PartyPlan:
    """社区党委 per community → 网格党支部 per grid → 党小组 per few buildings; members in their building's group.

    member_count counts the members of an organisation and of all organisations under it.
    """
    plan = PartyPlan()
    by_building: dict[str, list[dict[str, Any]]] = {}
    for p in people.party:
        by_building.setdefault(p["building_id"], []).append(p)
    grids = {g.id: g for g in geo.grids}
    for community in geo.communities:
        committee = {"id": f"PO-{community.id}", "name": f"中共{community.name}委员会", "kind": "committee",
                     "parent_id": None, "region_id": community.id,
                     "secretary_name": staff.names[staff.heads[community.id]], "member_count": 0,
                     "lat": 0.0, "lon": 0.0, "version": 1, "updated_at": now}
        # the committee sits in the community's 党群服务中心, in its first grid
        committee["lat"], committee["lon"] = _near(rng, grids[geo.grid_of_community[community.id][0]].centroid)
        plan.orgs.append(committee)
        for gid in geo.grid_of_community[community.id]:
            grid = grids[gid]
            branch = {"id": f"PO-{gid}", "name": f"{grid.name}党支部", "kind": "branch", "parent_id": committee["id"],
                      "region_id": gid, "secretary_name": staff.names[staff.heads[gid]], "member_count": 0,
                      "lat": 0.0, "lon": 0.0, "version": 1, "updated_at": now}
            branch["lat"], branch["lon"] = _near(rng, grid.centroid)
            plan.orgs.append(branch)
            buildings = [b for b in geo.buildings if b.grid_id == gid]
            k, start = 0, 0
            while start < len(buildings):
                size = rng.randint(*BUILDINGS_PER_GROUP)
                if len(buildings) - (start + size) < BUILDINGS_PER_GROUP[0]:
                    size = len(buildings) - start  # the remainder joins the last group
                chunk = buildings[start:start + size]
                start += size
                k += 1
                members = [p for b in chunk for p in by_building.get(b.id, [])]
                if k == 1:
                    secretary = staff.names[staff.by_region[gid]["party_group"][0]]
                elif members:
                    secretary = max(members, key=lambda p: (p["age"] if p["age"] <= 70 else 0, p["id"]))["name"]
                else:
                    secretary = staff.names[staff.by_region[gid]["party_group"][0]]
                group = {"id": f"PO-{gid}-{k:02d}", "name": f"{grid.name}第{names.chinese_ordinal(k)}党小组",
                         "kind": "group", "parent_id": branch["id"], "region_id": gid, "secretary_name": secretary,
                         "member_count": len(members), "version": 1, "updated_at": now,
                         "lat": round(sum(b.lat for b in chunk) / len(chunk), 7),
                         "lon": round(sum(b.lon for b in chunk) / len(chunk), 7)}
                plan.orgs.append(group)
                branch["member_count"] += len(members)
                for p in members:
                    plan.members.append({"resident_id": p["id"], "org_id": group["id"], "joined_on": p["joined_on"],
                                         "household_flag": True})
            committee["member_count"] += branch["member_count"]
    return plan


def _near(rng: random.Random, centroid: tuple[float, float]) -> tuple[float, float]:
    lat, lon = centroid
    return round(lat + rng.uniform(-2e-4, 2e-4), 7), round(lon + rng.uniform(-2e-4, 2e-4), 7)


@dataclass
class CommunityPlan:
    teams: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    wishes: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)


def build_community(rng: random.Random, geo: Geography, people: People, staff: StaffPlan, user_ids: dict[str, str],
                    today: date, now: datetime) -> CommunityPlan:
    """Volunteer teams and their activities with the points they earned and spent, micro-wishes, notices."""
    plan = CommunityPlan()
    community_of = {gid: c for c, gids in geo.grid_of_community.items() for gid in gids}
    names_of = {c.id: c.name for c in geo.communities}
    adults: dict[str, list[str]] = {}
    party: dict[str, list[str]] = {}
    needy: list[dict[str, Any]] = []
    party_ids = {p["id"] for p in people.party}
    for r in people.residents:
        c = community_of[r["region_id"]]
        age = age_on(r["birth_date"], today)
        if 16 <= age <= 75:
            adults.setdefault(c, []).append(r["id"])
        if r["id"] in party_ids and 25 <= age <= 70:
            party.setdefault(c, []).append(r["id"])
        if set(r["care_tags"]) & {"elderly_alone", "low_income", "left_behind_child", "disabled"}:
            needy.append(r)

    balance: dict[str, int] = {}
    last_earned: dict[str, datetime] = {}
    for c in geo.communities:
        kinds = rng.sample(names.VOLUNTEER_TEAM_KINDS, rng.randint(2, 3))
        for kind in kinds:
            team_id = f"VT-{len(plan.teams) + 1:02d}"
            pool = rng.sample(adults[c.id], rng.randint(25, 70))
            plan.teams.append({"id": team_id, "name": f"{c.name[:-2]}{kind}", "region_id": c.id,
                               "leader_resident_id": rng.choice(party[c.id]), "member_count": len(pool)})
            for _ in range(rng.randint(3, 6)):
                act_id = f"VA-{len(plan.activities) + 1:03d}"
                at = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
                at = at.replace(minute=0, second=0, microsecond=0)
                who = rng.sample(pool, rng.randint(6, min(30, len(pool))))
                pts = rng.choice([5, 5, 10, 10, 15, 20])
                month = at.astimezone(timezone(timedelta(hours=8))).month
                titles = [t for t in names.VOLUNTEER_ACTIVITIES if _in_season(t, month)]
                plan.activities.append({"id": act_id, "team_id": team_id, "at": at, "points": pts,
                                        "title": rng.choice(titles), "participants": len(who)})
                for rid in who:
                    plan.points.append({"resident_id": rid, "at": at + timedelta(hours=3), "delta": pts,
                                        "reason": f"参加志愿活动:{plan.activities[-1]['title']}", "activity_id": act_id})
                    balance[rid] = balance.get(rid, 0) + pts
                    last_earned[rid] = max(last_earned.get(rid, at), at + timedelta(hours=3))
    # Redemptions at the 爱心超市 come after the points were earned and never take a balance below zero.
    for rid in sorted(balance):
        item, cost = rng.choice(names.REDEMPTIONS)
        if balance[rid] >= cost and rng.random() < 0.5:
            at = last_earned[rid] + (now - last_earned[rid]) * rng.uniform(0.2, 0.9)
            plan.points.append({"resident_id": rid, "at": at.replace(microsecond=0), "delta": -cost,
                                "reason": f"爱心超市兑换:{item}", "activity_id": None})
            balance[rid] -= cost
    plan.points.sort(key=lambda p: (p["at"], p["resident_id"]))

    for k, r in enumerate(rng.sample(needy, min(40, len(needy))), start=1):
        status = rng.choices(["open", "claimed", "fulfilled"], [4, 3, 3])[0]
        c = community_of[r["region_id"]]
        plan.wishes.append({"id": f"W-{k:03d}", "resident_id": r["id"], "region_id": r["region_id"],
                            "title": rng.choice(names.WISHES), "status": status,
                            "claimed_by": None if status == "open" else rng.choice(party[c]),
                            "created_at": now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 12))})

    reached = sum(1 for r in people.residents if r["phone"]) + len(staff.staff)
    snow = _last_winter_day(rng, today)
    plan.notices.append({
        "id": "N-001", "title": "暴雪预警", "level": "urgent", "region_id": geo.street.id, "audience": "all",
        "body": "商河县气象台发布暴雪橙色预警:预计今夜到明天白天我街道有大到暴雪,局部积雪深度可达10厘米以上。"
                "请各社区、网格做好扫雪除冰准备,提醒居民减少外出,照看好独居老人,关注棚架、广告牌等安全。",
        "created_at": snow, "created_by": user_ids["duty"], "recipients": reached,
        "delivered": reached - rng.randint(20, 90),
        "extra": {"hazard": "暴雪", "signal": "橙色", "channels": ["sms", "app", "broadcast"], "delivered_in_s": 180,
                  "grid_heads_confirmed": len(geo.grids)}})
    plan.notices.append({
        "id": "N-002", "title": "关于开展燃气安全隐患入户排查的通知", "level": "info", "region_id": geo.street.id,
        "audience": "staff",
        "body": "各社区、网格:请于本周内完成辖区居民燃气安全入户排查,重点检查软管老化、无熄火保护灶具和独居老人家庭,"
                "发现隐患即时上报事件。",
        "created_at": now - timedelta(days=6, hours=3), "created_by": user_ids["leader"],
        "recipients": len(staff.staff), "delivered": len(staff.staff),
        "extra": {"channels": ["app"], "deadline": (today + timedelta(days=1)).isoformat()}})
    plan.notices.append({
        "id": "N-003", "title": f"{names_of[geo.communities[0].id]}停水通知", "level": "warning",
        "region_id": geo.communities[0].id, "audience": "residents",
        "body": "因供水管网维修,明日8:00-14:00帝景城小区及周边停水,请居民提前储水。",
        "created_at": now - timedelta(days=2, hours=5), "created_by": user_ids["duty"],
        "recipients": sum(1 for r in people.residents if r["phone"] and community_of[r["region_id"]] == geo.communities[0].id),
        "delivered": 0, "extra": {"channels": ["sms", "app"]}})
    plan.notices[-1]["delivered"] = plan.notices[-1]["recipients"] - rng.randint(5, 30)
    return plan


def _in_season(title: str, month: int) -> bool:
    """Snow is swept in winter and rivers watched in the flood season; everything else any time."""
    if "冬季" in title:
        return month in (12, 1, 2)
    if "汛期" in title:
        return month in (6, 7, 8, 9)
    return True


def _last_winter_day(rng: random.Random, today: date) -> datetime:
    """An evening in the most recent January before today, when snowstorms come (China time, stored as UTC)."""
    year = today.year if today.month > 1 else today.year - 1
    day = date(year, 1, rng.randint(5, 25))
    local = datetime(day.year, day.month, day.day, 17, rng.randint(0, 59), tzinfo=timezone(timedelta(hours=8)))
    return local.astimezone(timezone.utc)
