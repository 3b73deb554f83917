"""Unit-test helpers for the board widgets: a Store loaded from dicts and a recording `operations`.

The widgets are tested in isolation from the network and from console.operations: the recording
object answers `check` with the board's own rules (console.board.transition_allowed) and records
what would have been sent.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from psygnal import Signal

from console import board
from console.store import Store

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # Monday 10:00 in Shanghai
ALL_PERMISSIONS = frozenset(f"ticket.{a}" for a in board.ACTIONS) | {"ticket.get"}


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def regions() -> list[dict]:
    rows = [("S1", 1, None, "测试街道", "P-LEADER"), ("C1", 2, "S1", "幸福社区", "P-SEC1"),
            ("C2", 2, "S1", "和平社区", "P-SEC2"), ("G1", 3, "C1", "第一网格", "P-H1"),
            ("G2", 3, "C1", "第二网格", "P-H2"), ("G3", 3, "C2", "第三网格", "P-H3")]
    return [{"id": i, "version": 1, "level": lv, "parent_id": p, "code": i, "name": n, "head_id": h,
             "households": 400, "population": 1200} for i, lv, p, n, h in rows]


def staff() -> list[dict]:
    rows = [("P-LEADER", "李街长", "street_leader", ["S1"]), ("P-SEC1", "王书记", "community_secretary", ["C1"]),
            ("P-SEC2", "刘书记", "community_secretary", ["C2"]), ("P-H1", "张网格长", "grid_head", ["G1"]),
            ("P-W1", "陈网格员", "grid_worker", ["G1"]), ("P-H2", "赵网格长", "grid_head", ["G2"]),
            ("P-H3", "孙网格长", "grid_head", ["G3"])]
    return [{"id": i, "version": 1, "name": n, "role": r, "region_ids": rs, "phone": ""} for i, n, r, rs in rows]


def ticket(tid: str, status: str, *, region_id: str = "G1", assignee_id: str | None = "P-H1",
           category: str = "city_appearance", source: str = "hotline", priority: str = "normal",
           title: str = "路边垃圾堆放", due_in: float | None = 3600, age: float = 1800,
           sla_state: str = "ok", version: int = 1, level: int = 3, closed_ago: float | None = None) -> dict:
    """A ticket dict as the server pushes it; times are relative to NOW in seconds."""
    return {
        "id": tid, "version": version, "status": status, "category": category, "source": source,
        "priority": priority, "title": title, "description": "", "region_id": region_id,
        "origin_region_id": region_id, "assignee_id": assignee_id, "level": level,
        "location": {"lat": 37.05, "lon": 117.05}, "address": "幸福路1号",
        "created_at": iso(NOW - timedelta(seconds=age)),
        "stage_started_at": iso(NOW - timedelta(seconds=600)),
        "due_at": iso(NOW + timedelta(seconds=due_in)) if due_in is not None else None,
        "sla_state": sla_state, "satisfaction": None,
        "closed_at": iso(NOW - timedelta(seconds=closed_ago)) if closed_ago is not None else None,
    }


def basic_tickets() -> list[dict]:
    return [
        ticket("T-1", "reported", title="井盖缺失"),
        ticket("T-2", "reported", due_in=-120, sla_state="overdue", title="占道经营", region_id="G3",
               assignee_id="P-H3", category="street_order"),
        ticket("T-3", "accepted", title="违规广告牌", category="advertising", source="patrol"),
        ticket("T-4", "dispatched", region_id="G2", assignee_id="P-H2", priority="urgent", title="路灯不亮"),
        ticket("T-5", "in_progress", assignee_id="P-W1", title="噪音扰民", category="dispute"),
        ticket("T-6", "feedback", title="楼道堆物"),
        ticket("T-7", "verified", due_in=None, title="下水道堵塞"),
        ticket("T-8", "closed", due_in=None, closed_ago=600, title="共享单车乱停"),
        ticket("T-9", "closed", due_in=None, closed_ago=3 * 86400, title="上周已结"),  # not today
        ticket("T-10", "rejected", due_in=None, title="重复上报"),
    ]


def make_store(tickets: list[dict] | None = None, seq: int = 100) -> Store:
    store = Store()
    store.load(seq, {"region": regions(), "staff": staff(),
                     "ticket": basic_tickets() if tickets is None else tickets})
    return store


@dataclass(frozen=True)
class Ev:
    """An event as Store.apply reads it."""

    seq: int
    kind: str
    op: str
    id: str
    data: dict | None


def upsert(store: Store, entity: dict, kind: str = "ticket") -> None:
    store.apply([Ev(store.seq + 1, kind, "upsert", entity["id"], entity)])


@dataclass(frozen=True)
class FakeOp:
    request_id: str
    name: str
    kind: str | None
    entity_id: str | None
    refused: str | None = None


class FakeSession:
    sig_changed = Signal()

    def __init__(self, role: str = "admin", permissions: frozenset[str] = ALL_PERMISSIONS) -> None:
        self.user = {"id": "U-1", "name": "调度员", "role": role}
        self.role = role
        self.permissions = permissions
        self.signed_in = True


class RecordingOperations:
    """Records every request the widgets would send; `check` uses the board's rules."""

    sig_succeeded = Signal(object, object)
    sig_failed = Signal(object, str, str, object)

    def __init__(self, store: Store, session: FakeSession | None = None) -> None:
        self.store = store
        self.session = session or FakeSession()
        self.sent: list[tuple[str, str | None, dict[str, Any]]] = []  # (name, ticket id, args)
        self._ids = itertools.count(1)

    def check(self, action: str, ticket: dict) -> tuple[bool, str]:
        return board.transition_allowed(action, ticket, self.session.permissions, self.session.role)

    def _op(self, name: str, tid: str | None, args: dict[str, Any]) -> FakeOp:
        self.sent.append((name, tid, args))
        return FakeOp(f"r-{next(self._ids)}", name, "ticket" if tid else None, tid)

    def assign(self, ticket_id: str, region_id: str | None = None, assignee_id: str | None = None) -> FakeOp:
        return self._op("ticket.assign", ticket_id, {"region_id": region_id, "assignee_id": assignee_id})

    def escalate(self, ticket_id: str, reason: str) -> FakeOp:
        return self._op("ticket.escalate", ticket_id, {"reason": reason})

    def transition(self, ticket_id: str, action: str, **args: Any) -> FakeOp:
        return self._op(f"ticket.{action}", ticket_id, args)

    def request(self, name: str, args: dict[str, Any]) -> FakeOp:
        return self._op(name, None, args)

    def names(self) -> list[str]:
        return [n for n, _, _ in self.sent]


def many_tickets(n: int, seed: int = 1) -> list[dict]:
    """n open tickets spread over the columns and grids, for screenshots and timing."""
    rng = random.Random(seed)
    statuses = ["reported", "accepted", "dispatched", "in_progress", "feedback", "verified"]
    titles = ["路边垃圾堆放", "井盖缺失", "占道经营", "违规广告牌", "路灯不亮", "噪音扰民", "楼道堆物杂物",
              "下水道堵塞", "共享单车乱停", "绿化带破坏", "私搭乱建", "独居老人求助", "小区门禁损坏"]
    grids = [("G1", "P-H1"), ("G1", "P-W1"), ("G2", "P-H2"), ("G3", "P-H3")]
    cats = list(board.WALL_CLOCK_CATEGORIES | {"city_appearance", "advertising", "street_order", "dispute",
                                               "facility_repair", "livelihood"})
    out = []
    for i in range(n):
        g, p = rng.choice(grids)
        due = rng.uniform(-7200, 86400)
        out.append(ticket(f"T{20261123:08d}-{i:05d}", rng.choice(statuses), region_id=g, assignee_id=p,
                          category=rng.choice(sorted(cats)), title=rng.choice(titles),
                          priority=rng.choice(["normal"] * 6 + ["urgent", "emergency"]),
                          due_in=due, age=rng.uniform(60, 3 * 86400),
                          sla_state="overdue" if due < 0 else ("at_risk" if due < 1800 else "ok")))
    return out


def send_drop(target: Any, ticket_id: str, from_key: str | None, pos: Any = None) -> bool:
    """Drag a card onto `target` (a view's viewport, a drop zone) the way Qt delivers a real drag:
    enter, move, drop; returns whether the drop was accepted."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from widgets.ticket_models import encode_drag

    pos = pos or QPoint(20, 20)
    mime = encode_drag(ticket_id, from_key)
    args = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, QDragEnterEvent(pos, *args))
    QApplication.sendEvent(target, QDragMoveEvent(pos, *args))
    drop = QDropEvent(QPointF(pos), *args)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()
