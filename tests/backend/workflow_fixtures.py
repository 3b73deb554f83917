"""A small street for workflow tests, and helpers that drive a ticket to any status by real operations.

Tree (no district):  S1 street (1) ─ C1 community (2) ─ G1 grid (3) ─ B1 building (4)
                                   │                  └ G2 grid (3)
                                   └ C2 community (2) ─ G3 grid (3)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from backend import workflow as wf
from backend.categories import CategoryTable
from backend.tickets import Actor, RegionIndex, RegionInfo, Status
from backend.worktime import WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
UTC = timezone.utc

REGIONS = [
    RegionInfo("S1", 1, None, "s1-head"),
    RegionInfo("C1", 2, "S1", "c1-head"),
    RegionInfo("C2", 2, "S1", "c2-head"),
    RegionInfo("G1", 3, "C1", "g1-head"),
    RegionInfo("G2", 3, "C1", "g2-head"),
    RegionInfo("G3", 3, "C2", "g3-head"),
    RegionInfo("B1", 4, "G1", None),
]

ADMIN = Actor("u-admin", "admin")
LEADER = Actor("u-leader", "leader")
DUTY = Actor("u-duty", "duty")
DISPATCHER = Actor("u-disp", "dispatcher")
WORKER_G1 = Actor("w-g1", "grid_worker", frozenset({"G1"}))
WORKER_G3 = Actor("w-g3", "grid_worker", frozenset({"G3"}))
WORKER_C1 = Actor("w-c1", "grid_worker", frozenset({"C1"}))
WORKER_S1 = Actor("w-s1", "grid_worker", frozenset({"S1"}))
ROLES = {"admin": ADMIN, "leader": LEADER, "duty": DUTY, "dispatcher": DISPATCHER, "grid_worker": WORKER_G1}

CATEGORIES = CategoryTable.load()
CALENDAR = WorkCalendar.load()

# Monday 2026-11-23 09:00 in Shanghai: a plain working morning.
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=SH).astimezone(UTC)


def local(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=SH).astimezone(UTC)


def make_ctx(regions=REGIONS, leader_id="u-leader", categories=CATEGORIES) -> wf.WorkflowContext:
    return wf.WorkflowContext(RegionIndex(regions), categories, CALENDAR, leader_id)


def new_ticket(ctx, now=MONDAY_9, category="city_appearance", region_id="G1", **kw) -> wf.Ticket:
    return wf.create("T1", DUTY, now, ctx, category=category, title="垃圾堆放", region_id=region_id,
                     source=kw.pop("source", "hotline"), **kw).ticket


def drive(ctx, status: str, now=MONDAY_9, category="city_appearance", **kw) -> wf.Ticket:
    """A ticket in G1 brought to `status` by the real operations, one minute per step."""
    t = new_ticket(ctx, now, category, **kw)
    clock = [now]

    def tick():
        clock[0] += timedelta(minutes=1)
        return clock[0]

    if status == Status.REPORTED:
        return t
    if status == Status.REJECTED:
        return wf.reject(t, DUTY, tick(), ctx, reason="重复上报").ticket
    t = wf.accept(t, DUTY, tick(), ctx).ticket
    if status == Status.ACCEPTED:
        return t
    t = wf.assign(t, DISPATCHER, tick(), ctx, region_id="G1").ticket
    if status == Status.DISPATCHED:
        return t
    t = wf.start(t, WORKER_G1, tick(), ctx).ticket
    if status == Status.IN_PROGRESS:
        return t
    t = wf.feedback(t, WORKER_G1, tick(), ctx, result="已清理").ticket
    if status == Status.FEEDBACK:
        return t
    t = wf.verify(t, WORKER_G1, tick(), ctx, passed=True).ticket
    if status == Status.VERIFIED:
        return t
    t = wf.close(t, DISPATCHER, tick(), ctx).ticket
    assert status == Status.CLOSED, status
    return t
