"""The ticket state machine, SLA clock, auto-dispatch and escalation, as pure functions.

Every operation takes the current `Ticket`, the acting `Actor`, the time `now` (aware UTC) and a
`WorkflowContext`, and returns an `Outcome` or raises `WorkflowError`. Nothing here touches a
database, a socket or a clock: the persistence layer saves `outcome.ticket` (its version is the old
one + 1, so a compare-and-set on the old version catches races), appends `outcome.steps` to the
timeline, closes the ticket's open hold at `outcome.hold_released_at` and inserts
`outcome.hold_opened`, then hands `outcome.notifications` to a notifier.

Records live in `backend.tickets`, permissions in `backend.rules`; both are re-exported here.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable

from .categories import CategoryTable
from .notify import Notification
from .rules import ACTIONS, ROLE_ACTIONS, TRANSITIONS, WorkflowError, check, forbidden, invalid
from .rules import allowed_actions as _allowed_actions
from .rules import can as _can
from .sla import category_of, clock_of, overdue_notice, sla_state, stage_fields
from .tickets import (TERMINAL, Actor, Hold, Priority, RegionIndex, RegionInfo, Role,
                      SlaState, Source, Stage, Status, Step, Ticket)
from .worktime import Clock, WorkCalendar

__all__ = [
    "ACTIONS", "TRANSITIONS", "Actor", "Clock", "Hold", "Outcome", "Priority", "RegionIndex", "RegionInfo", "Role",
    "SlaState", "Source", "Stage", "Status", "Step", "Ticket", "WorkflowContext", "WorkflowError",
    "accept", "allowed_actions", "assign", "can", "clock_of", "close", "create", "escalate", "evaluate", "extend",
    "feedback", "perform", "reject", "sla_state", "start", "sweep", "verify",
]

SYSTEM = "system"  # actor_id of automatic steps (auto-dispatch, SLA sweep)


@dataclass(frozen=True)
class WorkflowContext:
    """What operations need to know beyond the ticket: the grid tree, categories, calendar, and the
    leader in charge (分包领导) who takes level-0 tickets."""

    regions: RegionIndex
    categories: CategoryTable
    calendar: WorkCalendar
    leader_id: str | None = None

    @classmethod
    def load(cls, regions: RegionIndex, leader_id: str | None = None) -> WorkflowContext:
        """A context with the categories and calendar of `backend/config/`."""
        return cls(regions, CategoryTable.load(), WorkCalendar.load(), leader_id)


@dataclass(frozen=True)
class Outcome:
    """The result of one operation, ready to persist.

    `hold_released_at`: when not None, set `until` of the ticket's open responsibility hold to it.
    `hold_opened`: when not None, insert it as the ticket's new open hold.
    """

    ticket: Ticket
    steps: tuple[Step, ...]
    hold_released_at: datetime | None = None
    hold_opened: Hold | None = None
    notifications: tuple[Notification, ...] = ()


# --- building outcomes -----------------------------------------------------------------------------


def _holder(t: Ticket) -> tuple[str | None, str | None, int]:
    return t.assignee_id, t.region_id, t.level


def _step(t: Ticket, now: datetime, actor_id: str, action: str, from_status: Status | None, note: str) -> Step:
    return Step(now, actor_id, action, from_status, t.status, t.region_id, t.assignee_id, note)


def _assigned_notice(t: Ticket, now: datetime) -> Notification:
    what = "待核查 (to verify)" if t.status == Status.FEEDBACK else "待处置 (to handle)"
    return Notification(
        kind="assigned", ticket_id=t.id, stage=t.stage, region_id=t.region_id, assignee_id=t.assignee_id,
        due_at=t.due_at, at=now, message=f"工单 {t.id}「{t.title}」{what}")


def _finish(old: Ticket, changes: dict, now: datetime, ctx: WorkflowContext, actor_id: str, action: str,
            note: str, *, pre_steps: tuple[Step, ...] = (), notices: tuple[Notification, ...] = ()) -> Outcome:
    """Apply `changes`, bump the version, refresh the SLA state, and derive steps, holds, notices."""
    new = replace(old, **changes, version=old.version + 1, updated_at=now)
    state = sla_state(new, now, ctx)
    # A new deadline that is already past is a fresh overdue, even if the old one was overdue too.
    became_overdue = state == SlaState.OVERDUE and (old.sla_state != SlaState.OVERDUE or new.due_at != old.due_at)
    new = replace(new, sla_state=state, ever_overdue=new.ever_overdue or state == SlaState.OVERDUE)
    notes = list(notices)
    if became_overdue:
        notes.append(overdue_notice(new, now, ctx))
    released, opened = None, None
    if new.status in TERMINAL:
        released = now
    elif _holder(new) != _holder(old):
        released = now
        opened = Hold(new.assignee_id, new.region_id, new.level, now)
        if new.status in (Status.DISPATCHED, Status.FEEDBACK):
            notes.append(_assigned_notice(new, now))
    from_status = pre_steps[-1].to_status if pre_steps else old.status
    steps = (*pre_steps, _step(new, now, actor_id, action, from_status, note))
    return Outcome(new, steps, released, opened, tuple(notes))


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise invalid(f"时间必须带时区 (now must be timezone-aware UTC, got {now!r})")
    return now.astimezone(timezone.utc)  # stored times are UTC whatever zone the caller used


def _required(text: str, what_zh: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise invalid(f"请填写{what_zh} ({what} is required)")
    return text


def _start(action: str, ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext) -> datetime:
    """Refuse unless allowed; return `now` in UTC."""
    now = _utc(now)
    check(action, ticket, actor, ctx.regions)
    return now


def _grid_of(region_id: str, ctx: WorkflowContext) -> RegionInfo:
    """The level-3 grid for a region id of level 3 or 4."""
    region = ctx.regions.get(region_id)
    if region is None:
        raise invalid(f"未知网格 {region_id!r} (unknown region {region_id!r})")
    if region.level == 4:
        region = ctx.regions.at_level(region.id, 3) or region
    if region.level != 3:
        raise invalid(f"{region_id} 不是网格 (region {region_id!r} is level {region.level}; a level-3 grid is required)")
    return region


def _holder_at_level(ticket: Ticket, level: int, ctx: WorkflowContext) -> tuple[str | None, str | None]:
    """(region_id, assignee_id) that handles the ticket's origin at `level` (0 = the leader)."""
    origin = ticket.origin_region_id or ticket.region_id
    if level > 0:
        region = ctx.regions.at_level(origin, level) if origin else None
        if region is None:
            raise invalid(f"网格 {origin} 没有第 {level} 级上级 (grid {origin!r} has no level-{level} parent)")
        return region.id, region.head_id
    # Level 0: the district if the tree has one, else the top region; the person is the leader.
    chain = [ctx.regions[origin], *ctx.regions.ancestors(origin)] if origin in ctx.regions else []
    top = chain[-1] if chain else None
    return (top.id if top else ticket.region_id), ctx.leader_id or (top.head_id if top and top.level == 0 else None)


# --- operations ------------------------------------------------------------------------------------


def create(ticket_id: str, actor: Actor, now: datetime, ctx: WorkflowContext, *, category: str, title: str,
           description: str = "", source: str = Source.OTHER, priority: str | None = None,
           location: tuple[float, float] | None = None, region_id: str | None = None,
           locate: Callable[[float, float], str | None] | None = None, address: str = "",
           reporter_name: str = "", reporter_phone: str = "", alarm_id: str | None = None,
           note: str = "") -> Outcome:
    """Report a new ticket and route it to the level-3 grid that contains it.

    The grid is `region_id` if given (a level-4 micro-grid resolves to its grid), else
    `locate(lat, lon)` of `location`. The assignee is the grid's head. Categories flagged
    `auto_dispatch`, and patrol reports by a grid worker, skip acceptance and are dispatched at
    once (自动派遣); a patrolling worker's own report in their own grid is assigned to them.
    """
    now = _utc(now)
    if "create" not in ROLE_ACTIONS.get(actor.role, frozenset()):
        raise forbidden(f"角色 {actor.role} 无权上报 (role {actor.role!r} may not create)")
    if category not in ctx.categories:
        raise invalid(f"未知类别 {category!r} (unknown category {category!r})")
    cat = ctx.categories[category]
    ticket_id = _required(ticket_id, "工单号", "ticket_id")
    title = _required(title, "标题", "title")
    try:
        source, priority = Source(source), Priority(priority or cat.priority)
    except ValueError as exc:
        raise invalid(f"来源或优先级无效 ({exc})") from None
    if location is not None:
        lat, lon = float(location[0]), float(location[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise invalid(f"坐标无效 (location out of range: {location})")
        location = (lat, lon)
    if region_id is None and location is not None and locate is not None:
        region_id = locate(*location)
        if region_id is None:
            raise invalid(f"位置不在任何网格内, 请指定网格 (location {location} is outside every grid; give region_id)")
    if region_id is None:
        raise invalid("请提供位置或网格 (a location or a region_id is required)")
    grid = _grid_of(region_id, ctx)
    patrol = actor.role == Role.GRID_WORKER and source == Source.PATROL
    assignee = grid.head_id
    if patrol and actor.region_ids and any(ctx.regions.is_within(grid.id, own) for own in actor.region_ids):
        assignee = actor.user_id  # whoever found it on patrol handles it
    reported = Ticket(
        id=ticket_id, category=category, title=title, created_at=now, version=0, source=source,
        priority=priority, description=description, region_id=grid.id, origin_region_id=grid.id, level=3,
        assignee_id=assignee, location=location, address=address, reporter_name=reporter_name,
        reporter_phone=reporter_phone, alarm_id=alarm_id, updated_at=now)
    reported = replace(reported, **stage_fields(reported, Status.REPORTED, now, ctx))
    hold = Hold(assignee, grid.id, 3, now)
    if not (cat.auto_dispatch or patrol):
        t = replace(reported, version=1)
        return Outcome(t, (_step(t, now, actor.user_id, "create", None, note),), None, hold, ())
    first = _step(reported, now, actor.user_id, "create", None, note)
    changes = stage_fields(reported, Status.DISPATCHED, now, ctx)
    changes |= {"accepted_at": now, "dispatched_at": now, "handle_due_at": changes["due_at"]}
    why = "巡查上报, 自动派遣 (patrol report)" if patrol else "自动派遣 (auto-dispatch category)"
    out = _finish(reported, changes, now, ctx, SYSTEM, "auto_dispatch", why, pre_steps=(first,))
    notice = _assigned_notice(out.ticket, now)
    return replace(out, hold_released_at=None, hold_opened=hold, notifications=(notice, *out.notifications))


def accept(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, note: str = "") -> Outcome:
    """立案: the center accepts a report; the dispatch clock starts."""
    now = _start("accept", ticket, actor, now, ctx)
    changes = stage_fields(ticket, Status.ACCEPTED, now, ctx) | {"accepted_at": now}
    return _finish(ticket, changes, now, ctx, actor.user_id, "accept", note)


def reject(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, reason: str = "") -> Outcome:
    """不予立案: refuse a report (duplicate, not our business...); a reason is required."""
    now = _start("reject", ticket, actor, now, ctx)
    reason = _required(reason, "不予立案理由", "reason")
    return _finish(ticket, stage_fields(ticket, Status.REJECTED, now, ctx), now, ctx, actor.user_id, "reject", reason)


def assign(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, *, region_id: str | None = None,
           assignee_id: str | None = None, note: str = "") -> Outcome:
    """Dispatch an accepted ticket, or re-assign a dispatched / in-progress one.

    `region_id` (level 1–4; 4 resolves to its grid) sets the owning grid and the level, and the
    assignee defaults to that grid's head; `assignee_id` alone changes the person only. The first
    dispatch starts the handling clock and fixes `handle_due_at`; a first dispatch to a level-3
    grid also makes it the origin grid (a routing correction). Re-assignment keeps the running
    clock, so moving a ticket around does not buy time.
    """
    now = _start("assign", ticket, actor, now, ctx)
    if region_id is None and assignee_id is None:
        raise invalid("请指定网格或人员 (give region_id and/or assignee_id)")
    level, target = ticket.level, ticket.region_id
    person = assignee_id or ticket.assignee_id
    if region_id is not None:
        region = ctx.regions.get(region_id)
        if region is None:
            raise invalid(f"未知网格 {region_id!r} (unknown region {region_id!r})")
        if region.level == 4:
            region = _grid_of(region_id, ctx)
        if region.level <= 0:
            raise invalid("不能直接派给分包领导, 请使用上报 (use escalate to reach the leader)")
        level, target = region.level, region.id
        person = assignee_id or region.head_id
    changes: dict = {"region_id": target, "level": level, "assignee_id": person}
    if ticket.status == Status.ACCEPTED:
        changes |= stage_fields(ticket, Status.DISPATCHED, now, ctx)
        changes |= {"dispatched_at": now, "handle_due_at": changes["due_at"]}
        if level == 3:
            changes["origin_region_id"] = target
        return _finish(ticket, changes, now, ctx, actor.user_id, "dispatch", note)
    if (target, person, level) == (ticket.region_id, ticket.assignee_id, ticket.level):
        raise invalid("派遣对象未变化 (the ticket is already with this grid and person)")
    changes["status"] = Status.DISPATCHED  # the new holder has not started yet
    return _finish(ticket, changes, now, ctx, actor.user_id, "reassign", note)


def _escalation(ticket: Ticket, now: datetime, ctx: WorkflowContext) -> dict:
    """Field changes that move a ticket to the parent grid's level (or the leader at level 0)."""
    region = ctx.regions.get(ticket.region_id) if ticket.region_id else None
    if region is None:
        raise invalid(f"未知网格 {ticket.region_id!r} (unknown region {ticket.region_id!r})")
    parent = ctx.regions.parent(region.id)
    if parent is not None and parent.level > 0:
        level, target, person = parent.level, parent.id, parent.head_id
    else:
        # The top of the tree is the leader in charge: the district if there is one, else stay.
        level, target = 0, parent.id if parent is not None else region.id
        person = ctx.leader_id or (parent.head_id if parent is not None else None)
    changes = stage_fields(ticket, Status.DISPATCHED, now, ctx)
    return changes | {"level": level, "region_id": target, "assignee_id": person,
                      "escalation_count": ticket.escalation_count + 1}


def escalate(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, reason: str = "") -> Outcome:
    """逐级上报: hand the ticket to the parent grid (3 → 2 → 1 → 0 the leader), reason required.

    The new level gets a fresh handling clock; `handle_due_at` does not move, so a late ticket
    stays late in the on-time indicator.
    """
    now = _start("escalate", ticket, actor, now, ctx)
    reason = _required(reason, "上报理由", "reason")
    return _finish(ticket, _escalation(ticket, now, ctx), now, ctx, actor.user_id, "escalate", reason)


def start(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, note: str = "") -> Outcome:
    """The holder starts handling; the handling clock keeps running."""
    now = _start("start", ticket, actor, now, ctx)
    return _finish(ticket, {"status": Status.IN_PROGRESS}, now, ctx, actor.user_id, "start", note)


def feedback(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, result: str = "") -> Outcome:
    """The handler reports the result; verification starts. Handled above level 3, the ticket
    flows back to its origin grid (and that grid's head), which verifies on site."""
    now = _start("feedback", ticket, actor, now, ctx)
    result = _required(result, "处置结果", "result")
    changes = stage_fields(ticket, Status.FEEDBACK, now, ctx) | {"feedback_at": now}
    if ticket.level < 3 and ticket.origin_region_id in ctx.regions:
        origin = ctx.regions[ticket.origin_region_id]
        changes |= {"region_id": origin.id, "assignee_id": origin.head_id}
    return _finish(ticket, changes, now, ctx, actor.user_id, "feedback", result)


def verify(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, passed: bool,
           note: str = "") -> Outcome:
    """On-site check. Pass: wait for evaluation. Fail (返工, reason required): back to dispatched
    at the handling level, to that level's grid and head, with a fresh handling clock."""
    now = _start("verify", ticket, actor, now, ctx)
    if passed:
        return _finish(ticket, stage_fields(ticket, Status.VERIFIED, now, ctx), now, ctx, actor.user_id,
                       "verify", note)
    note = _required(note, "返工原因", "rework reason")
    changes = stage_fields(ticket, Status.DISPATCHED, now, ctx) | {"rework_count": ticket.rework_count + 1}
    if ticket.level < 3:
        region_id, person = _holder_at_level(ticket, ticket.level, ctx)
        changes |= {"region_id": region_id, "assignee_id": person}
    return _finish(ticket, changes, now, ctx, actor.user_id, "rework", note)


def evaluate(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, satisfaction: int,
             note: str = "") -> Outcome:
    """Record the reporter's satisfaction, 1 (very unhappy) to 5 (very happy); once per ticket."""
    now = _start("evaluate", ticket, actor, now, ctx)
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise invalid(f"满意度须为 1-5 (satisfaction must be an integer 1..5, got {satisfaction!r})")
    return _finish(ticket, {"satisfaction": satisfaction}, now, ctx, actor.user_id, "evaluate", note)


def close(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, note: str = "") -> Outcome:
    """结案: archive a verified ticket. On time means the accepted feedback came by `handle_due_at`."""
    now = _start("close", ticket, actor, now, ctx)
    on_time = (ticket.feedback_at is not None and ticket.handle_due_at is not None
               and ticket.feedback_at <= ticket.handle_due_at)
    changes = stage_fields(ticket, Status.CLOSED, now, ctx) | {"closed_at": now, "closed_on_time": on_time}
    return _finish(ticket, changes, now, ctx, actor.user_id, "close", note)


def extend(ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, minutes: float,
           reason: str = "") -> Outcome:
    """延期: push the handling deadline (and the running stage's) by `minutes` on the ticket's clock."""
    now = _start("extend", ticket, actor, now, ctx)
    reason = _required(reason, "延期理由", "reason")
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not minutes > 0:
        raise invalid(f"延期分钟数须为正数 (minutes must be positive, got {minutes!r})")
    clock = clock_of(ticket, ctx)
    changes: dict = {"extension_count": ticket.extension_count + 1}
    if ticket.handle_due_at is not None:
        changes["handle_due_at"] = ctx.calendar.add_minutes(ticket.handle_due_at, minutes, clock)
    if ticket.due_at is not None:
        changes["due_at"] = ctx.calendar.add_minutes(ticket.due_at, minutes, clock)
    return _finish(ticket, changes, now, ctx, actor.user_id, "extend", f"+{minutes:g} min: {reason}")


OPERATIONS: dict[str, Callable[..., Outcome]] = {
    "accept": accept, "reject": reject, "assign": assign, "escalate": escalate, "start": start,
    "feedback": feedback, "verify": verify, "evaluate": evaluate, "close": close, "extend": extend,
}

# Looked up once: inspect.signature costs more than the operation it checks.
_SIGNATURES = {name: inspect.signature(op) for name, op in OPERATIONS.items()}


def perform(action: str, ticket: Ticket, actor: Actor, now: datetime, ctx: WorkflowContext, **args) -> Outcome:
    """Run the operation named `action` (as in `ACTIONS`) with its keyword arguments."""
    op = OPERATIONS.get(action)
    if op is None:
        raise invalid(f"未知操作 {action!r} (unknown action {action!r})")
    try:
        _SIGNATURES[action].bind(ticket, actor, now, ctx, **args)
    except TypeError as exc:  # unknown or missing arguments in a request
        raise invalid(f"参数错误 (bad arguments for {action}: {exc})") from None
    return op(ticket, actor, now, ctx, **args)


def can(action: str, ticket: Ticket, actor: Actor, ctx: WorkflowContext) -> tuple[bool, str]:
    """(True, "") when `actor` may perform `action` on `ticket` now, else (False, why)."""
    return _can(action, ticket, actor, ctx.regions)


def allowed_actions(ticket: Ticket, actor: Actor, ctx: WorkflowContext) -> list[str]:
    """Actions `actor` may perform on `ticket` now (for UI buttons)."""
    return _allowed_actions(ticket, actor, ctx.regions)


# --- the SLA sweep ---------------------------------------------------------------------------------


def sweep(ticket: Ticket, now: datetime, ctx: WorkflowContext, auto_escalate: bool = False) -> Outcome | None:
    """Refresh the SLA state of one ticket; None when nothing changed.

    A stage that becomes overdue raises one "overdue" notification; the next sweep finds the state
    unchanged and stays silent. With `auto_escalate` and a category that allows it, an overdue
    handling stage is escalated to the parent level at once, which gets a fresh clock.
    """
    now = _utc(now)
    state = sla_state(ticket, now, ctx)
    if state == ticket.sla_state:
        return None
    marked = replace(ticket, sla_state=state, ever_overdue=ticket.ever_overdue or state == SlaState.OVERDUE)
    sla_step = _step(marked, now, SYSTEM, "sla", ticket.status, state.value)
    if (auto_escalate and state == SlaState.OVERDUE and ticket.stage == Stage.HANDLE and ticket.level > 0
            and category_of(ticket, ctx).auto_escalate and ticket.region_id in ctx.regions):
        changes = _escalation(ticket, now, ctx) | {"ever_overdue": True}
        return _finish(ticket, changes, now, ctx, SYSTEM, "escalate", "超时自动上报 (auto-escalated: overdue)",
                       pre_steps=(sla_step,), notices=(overdue_notice(marked, now, ctx),))
    out = _finish(ticket, {}, now, ctx, SYSTEM, "sla", state.value)
    return replace(out, steps=(sla_step,))
