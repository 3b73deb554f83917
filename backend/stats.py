"""`stats.query`: indicators per region, category, source or day, from the database.

SQL narrows the rows to those that can be due in the period; `stats_frame.TicketFrame` counts them
with the rule of the reference `indicators.ticket_counts` (tested against it on random tickets).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from .db.convert import iso
from .db.models import Region, Ticket
from .indicators import Indicators
from .stats_frame import TicketFrame
from .tickets import RegionIndex, RegionInfo
from .writer import OpError

LOCAL = ZoneInfo("Asia/Shanghai")
MAX_DAYS = 400
_COLUMNS = (Ticket.id, Ticket.status, Ticket.category, Ticket.source, Ticket.origin_region_id, Ticket.created_at,
            Ticket.accepted_at, Ticket.dispatched_at, Ticket.feedback_at, Ticket.closed_at, Ticket.handle_due_at,
            Ticket.closed_on_time, Ticket.rework_count, Ticket.extension_count, Ticket.assignee_id, Ticket.satisfaction)


def _candidates(s: Session, since: datetime, until: datetime, origins: set[str] | None, category: str | None):
    stmt = select(*_COLUMNS).where(
        Ticket.status != "rejected", Ticket.accepted_at.is_not(None), Ticket.created_at < until,
        or_(Ticket.closed_at.is_(None), Ticket.closed_at >= since),
        or_(and_(Ticket.closed_at.is_not(None), Ticket.closed_at < until), Ticket.handle_due_at < until))
    if origins is not None:
        stmt = stmt.where(Ticket.origin_region_id.in_(origins))
    if category:
        stmt = stmt.where(Ticket.category == category)
    return list(s.execute(stmt))


def _as_dict(ind: Indicators) -> dict[str, Any]:
    return asdict(ind)


def query(s: Session, regions: RegionIndex, names: dict[str, str], *, since: datetime, until: datetime,
          region_id: str | None, group_by: str, level: int | None, category: str | None) -> dict[str, Any]:
    if until - since > timedelta(days=MAX_DAYS):
        raise OpError("invalid", f"时间段最长 {MAX_DAYS} 天 (period longer than {MAX_DAYS} days)")
    if group_by not in ("none", "category", "source", "region", "day"):
        raise OpError("invalid", f"未知分组 {group_by!r} (unknown group_by)")
    origins = None
    root: RegionInfo | None = None
    if region_id is not None:
        root = regions.get(region_id)
        if root is None:
            raise OpError("not_found", f"没有网格 {region_id} (no region {region_id})")
        origins = {rid for rid in regions if regions.is_within(rid, region_id)}
    column = {"category": "category", "source": "source", "region": "origin_region_id"}.get(group_by)
    frame = TicketFrame.load(s, since, until, origins, category, key=column)
    out: dict[str, Any] = {"since": iso(since), "until": iso(until), "region_id": region_id, "group_by": group_by,
                           "total": _as_dict(frame.counts(since, until)), "groups": []}
    if group_by == "none":
        return out
    if group_by == "day":
        day = since.astimezone(LOCAL).replace(hour=0, minute=0, second=0, microsecond=0)
        while day < until:
            nxt = day + timedelta(days=1)
            out["groups"].append({"key": day.date().isoformat(), "name": day.date().isoformat(),
                                  **_as_dict(frame.counts(max(day, since), min(nxt, until)))})
            day = nxt
        return out
    ancestor: dict[Any, str | None] | None = None
    if group_by == "region":
        target = level if level is not None else (root.level + 1 if root else 1)
        ancestor = {}
        for origin in frame.groups:
            anc = regions.at_level(origin, target) if origin in regions else None
            ancestor[origin] = anc.id if anc is not None else None
    groups = frame.grouped(since, until, ancestor)
    for key in sorted(groups):
        out["groups"].append({"key": key, "name": names.get(key, key), **_as_dict(groups[key][0])})
    return out


def live_counters(s: Session, now: datetime) -> dict[str, Any]:
    """Today's figures for the wall: reported today, closed today, open by status, overdue open."""
    start = now.astimezone(LOCAL).replace(hour=0, minute=0, second=0, microsecond=0)
    reported = s.scalar(select(func.count()).where(Ticket.created_at >= start)) or 0
    closed = s.scalar(select(func.count()).where(Ticket.closed_at >= start)) or 0
    by_status = dict(s.execute(select(Ticket.status, func.count()).where(Ticket.status.not_in(("closed", "rejected")))
                               .group_by(Ticket.status)).all())
    overdue = s.scalar(select(func.count()).where(Ticket.status.not_in(("closed", "rejected")),
                                                  Ticket.sla_state == "overdue")) or 0
    return {"reported_today": reported, "closed_today": closed, "open_by_status": by_status, "overdue_open": overdue}


def region_names(s: Session) -> dict[str, str]:
    return dict(s.execute(select(Region.id, Region.name)).all())
