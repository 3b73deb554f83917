"""`stats.staff` (the monthly performance ranking of staff) and `stats.overdue` (the overdue list).

A ticket is credited to its assignee (`assignee_id`: who holds it now, or held it when it closed),
with the same "due to close" rule as every indicator (`backend.indicators`), so the ranking and the
bulletin's tables can never disagree with `stats.query`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from .db.convert import iso
from .db.models import Staff, StaffRegion, Ticket
from .stats import MAX_DAYS
from .stats_frame import TicketFrame
from .stats_people import grids_within
from .tickets import RegionIndex
from .writer import OpError

# Score weights (sum 100): on time matters most, then closing at all, then what residents said.
W_ON_TIME, W_CLOSE, W_SATISFACTION = 50.0, 30.0, 20.0
ROLE_ZH = {"grid_head": "网格长", "grid_worker": "网格员", "grid_police": "网格警务员", "property": "物业管理员",
           "party_group": "网格党小组长", "community_secretary": "社区书记", "community_worker": "社区工作者",
           "street_leader": "街道领导"}


def _check_period(since: datetime, until: datetime) -> None:
    if until - since > timedelta(days=MAX_DAYS):
        raise OpError("invalid", f"时间段最长 {MAX_DAYS} 天 (period longer than {MAX_DAYS} days)")


def score(on_time_rate: float | None, close_rate: float | None, satisfaction: float | None) -> float | None:
    """0–100. Missing satisfaction (nobody evaluated) is left out and the other weights rescaled."""
    if on_time_rate is None or close_rate is None:
        return None
    parts = [(W_ON_TIME, on_time_rate), (W_CLOSE, close_rate)]
    if satisfaction is not None:
        parts.append((W_SATISFACTION, (satisfaction - 1) / 4))  # 1..5 stars onto 0..1
    weight = sum(w for w, _ in parts)
    return round(100.0 * sum(w * v for w, v in parts) / weight, 1)


def ranking(s: Session, regions: RegionIndex, names: dict[str, str], *, since: datetime, until: datetime,
            region_id: str | None, limit: int) -> dict[str, Any]:
    """Staff with tickets due to close in the period, best score first (ties: more work first)."""
    _check_period(since, until)
    within = grids_within(regions, region_id)
    frame = TicketFrame.load(s, since, until, within, None, key="assignee_id")
    groups = frame.grouped(since, until)
    groups = {sid: g for sid, g in groups.items() if g[0].due_to_close}
    staff = {st.id: st for st in s.scalars(select(Staff).where(Staff.id.in_(list(groups))))} if groups else {}
    served: dict[str, list[str]] = defaultdict(list)
    if groups:
        for sid, rid in s.execute(select(StaffRegion.staff_id, StaffRegion.region_id)
                                  .where(StaffRegion.staff_id.in_(list(groups)))):
            served[sid].append(rid)
    out = []
    for sid, (ind, rated, sat_sum) in groups.items():
        # Satisfaction of the tickets closed in the period (those the ranking credits as closed).
        sat = sat_sum / rated if rated else None
        st = staff.get(sid)
        regions_served = sorted(served.get(sid, []))
        out.append({"staff_id": sid, "name": st.name if st else sid, "role": st.role if st else "",
                    "role_name": ROLE_ZH.get(st.role, st.role) if st else "",
                    "region_ids": regions_served, "region_names": [names.get(r, r) for r in regions_served],
                    "workload": ind.due_to_close, "closed": ind.closed, "closed_on_time": ind.closed_on_time,
                    "overdue_open": ind.overdue_open, "close_rate": ind.close_rate, "on_time_rate": ind.on_time_rate,
                    "rework_rate": ind.rework_rate, "evaluated": rated, "satisfaction": sat,
                    "score": score(ind.on_time_rate, ind.close_rate, sat)})
    out.sort(key=lambda x: (-(x["score"] if x["score"] is not None else -1), -x["workload"], x["staff_id"]))
    for i, x in enumerate(out, 1):
        x["rank"] = i
    return {"since": iso(since), "until": iso(until), "region_id": region_id, "total": len(out), "rows": out[:limit],
            "weights": {"on_time": W_ON_TIME, "close": W_CLOSE, "satisfaction": W_SATISFACTION}}


def overdue(s: Session, regions: RegionIndex, names: dict[str, str], *, until: datetime, region_id: str | None,
            limit: int) -> dict[str, Any]:
    """Open tickets whose handling deadline passed before `until` (the indicator's overdue_open), oldest first.

    No reporter names or phones: the list goes out in bulletins.
    """
    within = grids_within(regions, region_id)
    # As the indicator counts it at `until`: a ticket closed later was still overdue then.
    cond = [Ticket.status != "rejected", Ticket.accepted_at.is_not(None), Ticket.created_at < until,
            Ticket.handle_due_at < until, or_(Ticket.closed_at.is_(None), Ticket.closed_at >= until)]
    stmt = select(Ticket.id, Ticket.title, Ticket.category, Ticket.origin_region_id, Ticket.region_id,
                  Ticket.assignee_id, Ticket.handle_due_at, Ticket.status, Ticket.rework_count,
                  Ticket.extension_count).where(and_(*cond)).order_by(Ticket.handle_due_at, Ticket.id)
    if within is not None:
        stmt = stmt.where(Ticket.origin_region_id.in_(within))
    rows = list(s.execute(stmt))
    staff_names = dict(s.execute(select(Staff.id, Staff.name).where(
        Staff.id.in_({r.assignee_id for r in rows[:limit] if r.assignee_id}))).all()) if rows else {}
    out = []
    for r in rows[:limit]:
        community = regions.at_level(r.origin_region_id, 2) if r.origin_region_id in regions else None
        out.append({"id": r.id, "title": r.title, "category": r.category, "status": r.status,
                    "origin_region_id": r.origin_region_id, "grid_name": names.get(r.origin_region_id, r.origin_region_id),
                    "community_id": community.id if community else None,
                    "community_name": names.get(community.id, community.id) if community else "",
                    "assignee_id": r.assignee_id, "assignee_name": staff_names.get(r.assignee_id, r.assignee_id or ""),
                    "handle_due_at": iso(r.handle_due_at),
                    "overdue_hours": round((until - r.handle_due_at) / timedelta(hours=1), 1),
                    "rework_count": r.rework_count, "extension_count": r.extension_count})
    return {"until": iso(until), "region_id": region_id, "total": len(rows), "rows": out}
