"""Read-side queries that return wire dicts: the live set for snapshots, and event-log replay."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .convert import alarm_dict, camera_dict, gate_dict, party_org_dict, region_dict, staff_dict, ticket_dict
from .models import Alarm, Camera, CameraUrl, Counter, EventLog, Gate, Region, Staff, StaffRegion, Ticket
from .models_people import PartyOrg

# Finished tickets and alarms stay in the pushed set this long (the board shows 今日已结), then leave it
# with a `remove` event; older ones are fetched by request.
LIVE_RETENTION = timedelta(days=2)
TERMINAL_TICKET = ("closed", "rejected")


def head_seq(s: Session) -> int:
    return s.execute(select(Counter.value).where(Counter.name == "event_seq")).scalar() or 0


def live_tickets(s: Session, now: datetime) -> list[dict[str, Any]]:
    cutoff = now - LIVE_RETENTION
    rows = s.scalars(select(Ticket).where(or_(Ticket.status.not_in(TERMINAL_TICKET), Ticket.updated_at >= cutoff)))
    return [ticket_dict(t) for t in rows]


def live_alarms(s: Session, now: datetime) -> list[dict[str, Any]]:
    cutoff = now - LIVE_RETENTION
    rows = s.scalars(select(Alarm).where(or_(Alarm.status != "closed", Alarm.updated_at >= cutoff)))
    return [alarm_dict(a) for a in rows]


def cameras(s: Session, media_base: str) -> list[dict[str, Any]]:
    urls: dict[str, list[CameraUrl]] = defaultdict(list)
    for u in s.scalars(select(CameraUrl).order_by(CameraUrl.id)):
        urls[u.camera_id].append(u)
    return [camera_dict(c, urls[c.id], media_base) for c in s.scalars(select(Camera))]


def camera_one(s: Session, camera_id: str, media_base: str) -> dict[str, Any]:
    c = s.get(Camera, camera_id)
    urls = list(s.scalars(select(CameraUrl).where(CameraUrl.camera_id == camera_id).order_by(CameraUrl.id)))
    return camera_dict(c, urls, media_base)


def staff_all(s: Session) -> list[dict[str, Any]]:
    regions: dict[str, list[str]] = defaultdict(list)
    for link in s.scalars(select(StaffRegion).order_by(StaffRegion.region_id)):
        regions[link.staff_id].append(link.region_id)
    return [staff_dict(p, regions[p.id]) for p in s.scalars(select(Staff))]


def live_entities(s: Session, now: datetime, media_base: str = "") -> dict[str, dict[str, dict[str, Any]]]:
    """Every pushed kind, by id: what a snapshot holds."""
    lists = {
        "region": [region_dict(r) for r in s.scalars(select(Region).order_by(Region.level, Region.id))],
        "staff": staff_all(s),
        "camera": cameras(s, media_base),
        "gate": [gate_dict(g) for g in s.scalars(select(Gate))],
        "party_org": [party_org_dict(p) for p in s.scalars(select(PartyOrg))],
        "ticket": live_tickets(s, now),
        "alarm": live_alarms(s, now),
    }
    return {kind: {e["id"]: e for e in items} for kind, items in lists.items()}


def events_after(s: Session, seq: int, limit: int = 200_000) -> list[tuple] | None:
    """(seq, ts, kind, op, id, data_json) with seq > `seq` in order, or None when the log no longer reaches back that far."""
    first = s.execute(select(EventLog.seq).order_by(EventLog.seq).limit(1)).scalar()
    head = head_seq(s)
    if seq > head:
        return None
    if seq == head:
        return []
    if first is None or first > seq + 1:
        return None
    if head - seq > limit:
        return None  # cheaper as a snapshot, and a cut-short replay would leave a gap
    rows = s.execute(select(EventLog.seq, EventLog.ts, EventLog.kind, EventLog.op, EventLog.entity_id, EventLog.data)
                     .where(EventLog.seq > seq, EventLog.seq <= head).order_by(EventLog.seq))
    return [tuple(r) for r in rows]  # (seq, ts, kind, op, entity_id, data JSON text)
