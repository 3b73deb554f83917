"""Plain records of the closed loop: tickets, actors, grids, timeline steps and responsibility holds.

Frozen dataclasses with no database and no I/O: `backend.db` converts rows to and from them, and
`backend.workflow` turns one into the next with `dataclasses.replace`. Enum fields are `StrEnum`
members, so they compare equal to (and store as) their plain string values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Iterable, Iterator, Mapping


class Status(StrEnum):
    """Where a ticket stands in the closed loop (DESIGN.md section 1)."""

    REPORTED = "reported"        # 上报/待受理
    ACCEPTED = "accepted"        # 已立案/待派遣
    DISPATCHED = "dispatched"    # 已派遣
    IN_PROGRESS = "in_progress"  # 处置中
    FEEDBACK = "feedback"        # 已反馈/待核查
    VERIFIED = "verified"        # 已核查/待评价
    CLOSED = "closed"            # 结单归档
    REJECTED = "rejected"        # 不予立案


TERMINAL = frozenset({Status.CLOSED, Status.REJECTED})

STATUS_ZH = {
    Status.REPORTED: "待受理", Status.ACCEPTED: "待派遣", Status.DISPATCHED: "已派遣",
    Status.IN_PROGRESS: "处置中", Status.FEEDBACK: "待核查", Status.VERIFIED: "待评价",
    Status.CLOSED: "已结单", Status.REJECTED: "不予立案",
}


class Stage(StrEnum):
    """The SLA stage whose clock runs; each has a limit per category."""

    ACCEPT = "accept"      # reported: accept or reject
    DISPATCH = "dispatch"  # accepted: dispatch to a grid
    HANDLE = "handle"      # dispatched / in_progress: handle and give feedback
    VERIFY = "verify"      # feedback: verify on site
    EVALUATE = "evaluate"  # verified: evaluate and close


STAGE_OF_STATUS: Mapping[Status, Stage | None] = {
    Status.REPORTED: Stage.ACCEPT,
    Status.ACCEPTED: Stage.DISPATCH,
    Status.DISPATCHED: Stage.HANDLE,
    Status.IN_PROGRESS: Stage.HANDLE,
    Status.FEEDBACK: Stage.VERIFY,
    Status.VERIFIED: Stage.EVALUATE,
    Status.CLOSED: None,
    Status.REJECTED: None,
}


class Source(StrEnum):
    """Where a report came from."""

    RESIDENT_APP = "resident_app"  # 一键报事
    PATROL = "patrol"              # grid-worker patrol
    HOTLINE = "hotline"
    CAMERA_AI = "camera_ai"
    SENSOR = "sensor"
    ALARM = "alarm"                # 一键报警
    OTHER = "other"


class Priority(StrEnum):
    """Urgent and emergency tickets always run on the wall clock."""

    NORMAL = "normal"
    URGENT = "urgent"
    EMERGENCY = "emergency"


class SlaState(StrEnum):
    """How much of the current stage's time is used."""

    OK = "ok"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"


class Role(StrEnum):
    """Console roles (same names as backend.auth.ROLES)."""

    ADMIN = "admin"
    LEADER = "leader"            # 分包领导: handles level-0 tickets
    DUTY = "duty"                # 值班: accepts or rejects reports
    DISPATCHER = "dispatcher"
    GRID_WORKER = "grid_worker"  # acts only inside their own grids


@dataclass(frozen=True)
class Actor:
    """Who performs an operation; `region_ids` is the grid scope of a grid worker."""

    user_id: str
    role: str
    region_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RegionInfo:
    """What the workflow needs of a grid: level 0 district … 3 grid, 4 micro-grid."""

    id: str
    level: int
    parent_id: str | None = None
    head_id: str | None = None


class RegionIndex(Mapping[str, RegionInfo]):
    """Grids by id, with the walks up the tree that routing and escalation need."""

    def __init__(self, regions: Iterable[RegionInfo] = ()):
        self._by_id: dict[str, RegionInfo] = {r.id: r for r in regions}

    def __getitem__(self, region_id: str) -> RegionInfo:
        return self._by_id[region_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def parent(self, region_id: str) -> RegionInfo | None:
        """The parent grid, or None at the top or for an unknown id."""
        region = self._by_id.get(region_id)
        if region is None or region.parent_id is None:
            return None
        return self._by_id.get(region.parent_id)

    def ancestors(self, region_id: str) -> list[RegionInfo]:
        """Parents from the nearest up to the top, excluding the region itself."""
        found: list[RegionInfo] = []
        seen = {region_id}
        parent = self.parent(region_id)
        # The seen set stops at a cycle in bad data instead of looping forever.
        while parent is not None and parent.id not in seen:
            found.append(parent)
            seen.add(parent.id)
            parent = self.parent(parent.id)
        return found

    def is_within(self, region_id: str | None, ancestor_id: str) -> bool:
        """True when `region_id` is `ancestor_id` or lies below it."""
        if region_id is None:
            return False
        if region_id == ancestor_id:
            return True
        return any(a.id == ancestor_id for a in self.ancestors(region_id))

    def at_level(self, region_id: str, level: int) -> RegionInfo | None:
        """The region itself or its ancestor at `level`, or None when the tree has no such level."""
        region = self._by_id.get(region_id)
        if region is None:
            return None
        for r in [region, *self.ancestors(region_id)]:
            if r.level == level:
                return r
        return None


@dataclass(frozen=True)
class Ticket:
    """A ticket (事件/工单) as the workflow sees it. Times are timezone-aware UTC.

    `region_id` is the grid that owns it now, `origin_region_id` the level-3 grid where it started
    (verification happens there), `level` the grid level handling it (3, 2, 1, or 0 = the leader
    in charge; it stays the handling level while the origin grid verifies, so a rework returns to
    it). `stage`/`stage_started_at`/`due_at` are the running SLA stage; `handle_due_at` is the
    overall handling deadline, fixed at the first dispatch and moved only by extensions.
    """

    id: str
    category: str
    title: str
    created_at: datetime
    version: int = 1
    status: Status = Status.REPORTED
    source: Source = Source.OTHER
    priority: Priority = Priority.NORMAL
    description: str = ""
    region_id: str | None = None
    origin_region_id: str | None = None
    level: int = 3
    assignee_id: str | None = None
    location: tuple[float, float] | None = None  # (lat, lon), WGS-84
    address: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    stage: Stage | None = Stage.ACCEPT
    stage_started_at: datetime | None = None
    due_at: datetime | None = None
    handle_due_at: datetime | None = None
    sla_state: SlaState = SlaState.OK
    ever_overdue: bool = False
    rework_count: int = 0
    escalation_count: int = 0
    extension_count: int = 0
    satisfaction: int | None = None
    accepted_at: datetime | None = None
    dispatched_at: datetime | None = None
    feedback_at: datetime | None = None
    closed_at: datetime | None = None
    closed_on_time: bool | None = None
    updated_at: datetime | None = None
    alarm_id: str | None = None  # the alarm this ticket was raised from, if any

    def __post_init__(self) -> None:
        # Rows from the database carry plain strings; coercing here makes bad values fail early.
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "source", Source(self.source))
        object.__setattr__(self, "priority", Priority(self.priority))
        object.__setattr__(self, "sla_state", SlaState(self.sla_state))
        if self.stage is not None:
            object.__setattr__(self, "stage", Stage(self.stage))
        if self.location is not None:
            object.__setattr__(self, "location", (float(self.location[0]), float(self.location[1])))

    @property
    def is_open(self) -> bool:
        """Neither closed nor rejected."""
        return self.status not in TERMINAL


@dataclass(frozen=True)
class Step:
    """One entry of the timeline (时间轴). `actor_id` is "system" for automatic steps."""

    at: datetime
    actor_id: str
    action: str
    from_status: Status | None
    to_status: Status
    region_id: str | None
    assignee_id: str | None
    note: str = ""


@dataclass(frozen=True)
class Hold:
    """One span of the responsibility axis (责任轴): who held the ticket, where, from when until when."""

    holder_id: str | None
    region_id: str | None
    level: int
    since: datetime
    until: datetime | None = None
