"""The SLA clock: which clock a ticket counts on, stage deadlines, and ok / at_risk / overdue."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .categories import Category
from .notify import Notification
from .tickets import STAGE_OF_STATUS, TERMINAL, SlaState, Stage, Status, Ticket
from .worktime import Clock

if TYPE_CHECKING:
    from .workflow import WorkflowContext

STAGE_ZH = {Stage.ACCEPT: "受理", Stage.DISPATCH: "派遣", Stage.HANDLE: "处置", Stage.VERIFY: "核查",
            Stage.EVALUATE: "评价"}


def category_of(ticket: Ticket, ctx: WorkflowContext) -> Category:
    """The ticket's category, or the fallback one for a code no longer configured."""
    return ctx.categories.lookup(ticket.category)


def clock_of(ticket: Ticket, ctx: WorkflowContext) -> Clock:
    """The clock the ticket's limits count on (urgent priorities force the wall clock)."""
    return category_of(ticket, ctx).clock_for(ticket.priority)


def stage_fields(ticket: Ticket, status: Status, now: datetime, ctx: WorkflowContext) -> dict:
    """Fields for `status` plus a fresh clock for the stage that status belongs to."""
    stage = STAGE_OF_STATUS[status]
    if stage is None:
        return {"status": status, "stage": None, "stage_started_at": None, "due_at": None}
    limit = category_of(ticket, ctx).limit(stage)
    due = ctx.calendar.add_minutes(now, limit, clock_of(ticket, ctx))
    return {"status": status, "stage": stage, "stage_started_at": now, "due_at": due}


def sla_state(ticket: Ticket, now: datetime, ctx: WorkflowContext) -> SlaState:
    """ok / at_risk (at least `at_risk_ratio` of the stage's time used) / overdue (past `due_at`).

    Time used is measured on the ticket's clock, so a working-clock ticket does not age over a
    weekend. Terminal tickets and tickets with no deadline are ok.
    """
    if ticket.stage is None or ticket.due_at is None or ticket.status in TERMINAL:
        return SlaState.OK
    if now > ticket.due_at:
        return SlaState.OVERDUE
    started = ticket.stage_started_at or ticket.due_at
    clock = clock_of(ticket, ctx)
    limit = ctx.calendar.minutes_between(started, ticket.due_at, clock)
    used = ctx.calendar.minutes_between(started, now, clock)
    if limit <= 0 or used >= ctx.categories.at_risk_ratio * limit:
        return SlaState.AT_RISK
    return SlaState.OK


def overdue_notice(t: Ticket, now: datetime, ctx: WorkflowContext) -> Notification:
    """The alert sent when the current stage of `t` runs out of time."""
    due = t.due_at.astimezone(ctx.calendar.tz).strftime("%m-%d %H:%M") if t.due_at else "-"
    return Notification(
        kind="overdue", ticket_id=t.id, stage=t.stage, region_id=t.region_id, assignee_id=t.assignee_id,
        due_at=t.due_at, at=now,
        message=f"工单 {t.id}「{t.title}」{STAGE_ZH.get(t.stage, '')}超时, 时限 {due} "
                f"(ticket {t.id} is overdue in stage {t.stage})")
