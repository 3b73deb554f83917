"""`stats.alarms`: how many alarms of each type were raised in a period, and how fast people answered."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db.convert import iso
from .db.models import Alarm
from .stats import LOCAL, MAX_DAYS
from .stats_people import grids_within
from .tickets import RegionIndex
from .writer import OpError


def alarm_counts(s: Session, regions: RegionIndex, *, since: datetime, until: datetime,
                 region_id: str | None) -> dict[str, Any]:
    """Alarms raised in [since, until): by type, by status now, by local day; acknowledgement times."""
    if until - since > timedelta(days=MAX_DAYS):
        raise OpError("invalid", f"时间段最长 {MAX_DAYS} 天 (period longer than {MAX_DAYS} days)")
    within = grids_within(regions, region_id)
    stmt = select(Alarm.type, Alarm.status, Alarm.raised_at, Alarm.acked_at).where(
        Alarm.raised_at >= since, Alarm.raised_at < until)
    if within is not None:
        stmt = stmt.where(Alarm.region_id.in_(within))
    by_type, by_status, by_day = Counter(), Counter(), Counter()
    acked, ack_seconds = 0, 0.0
    total = 0
    for type_, status, raised, acked_at in s.execute(stmt):
        total += 1
        by_type[type_] += 1
        by_status[status] += 1
        by_day[raised.astimezone(LOCAL).date().isoformat()] += 1
        if acked_at is not None:
            acked += 1
            ack_seconds += (acked_at - raised).total_seconds()
    days = []
    day = since.astimezone(LOCAL).date()
    while datetime.combine(day, datetime.min.time(), LOCAL) < until:
        days.append({"key": day.isoformat(), "count": by_day.get(day.isoformat(), 0)})
        day += timedelta(days=1)
    return {"since": iso(since), "until": iso(until), "region_id": region_id, "total": total,
            "by_type": dict(sorted(by_type.items())), "by_status": dict(sorted(by_status.items())),
            "acknowledged": acked, "avg_ack_seconds": ack_seconds / acked if acked else None, "days": days}
