"""Who may do what to a ticket, and when: the transition table, role table and grid scope.

Pure functions over plain records; `backend.workflow` calls `check` before every operation and
the console calls `allowed_actions` to decide which buttons to show.
"""

from __future__ import annotations

from typing import Mapping

from .tickets import STATUS_ZH, Actor, RegionIndex, Role, Status, Ticket

ACTIONS = ("accept", "reject", "assign", "escalate", "start", "feedback", "verify", "evaluate", "close", "extend")

ACTION_ZH = {
    "create": "上报", "accept": "受理", "reject": "不予立案", "assign": "派遣", "escalate": "上报上级",
    "start": "开始处置", "feedback": "反馈", "verify": "核查", "evaluate": "评价", "close": "结案", "extend": "延期",
}

# Statuses an action may start from. `create` has no "from": it makes the ticket.
TRANSITIONS: Mapping[str, frozenset[Status]] = {
    "accept": frozenset({Status.REPORTED}),
    "reject": frozenset({Status.REPORTED}),
    "assign": frozenset({Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS}),
    "escalate": frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
    "start": frozenset({Status.DISPATCHED}),
    "feedback": frozenset({Status.IN_PROGRESS}),
    "verify": frozenset({Status.FEEDBACK}),
    "evaluate": frozenset({Status.VERIFIED}),
    "close": frozenset({Status.VERIFIED}),
    "extend": frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
}

_ALL = frozenset({"create", *ACTIONS})
# Same split as the request permissions of backend.auth: the center routes and closes, grids handle.
ROLE_ACTIONS: Mapping[str, frozenset[str]] = {
    Role.ADMIN: _ALL,
    Role.LEADER: _ALL,
    Role.DISPATCHER: frozenset({"create", "accept", "reject", "assign", "escalate", "evaluate", "close", "extend"}),
    Role.DUTY: frozenset({"create", "accept", "reject"}),
    Role.GRID_WORKER: frozenset({"create", "start", "feedback", "verify"}),
}

# Handling a level-0 ticket is the leader's job (分包领导), whoever else may handle elsewhere.
_LEADER_HANDLING = frozenset({"start", "feedback"})


class WorkflowError(Exception):
    """An operation refused. `code` is "forbidden" (role or scope) or "invalid" (state or arguments);
    `message` is human-readable, Chinese then English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"WorkflowError({self.code!r}, {self.message!r})"


def forbidden(message: str) -> WorkflowError:
    return WorkflowError("forbidden", message)


def invalid(message: str) -> WorkflowError:
    return WorkflowError("invalid", message)


def in_scope(actor: Actor, region_id: str | None, regions: RegionIndex) -> bool:
    """Grid workers act only in or below their grids; every other role acts anywhere."""
    if actor.role != Role.GRID_WORKER:
        return True
    return any(regions.is_within(region_id, own) for own in actor.region_ids)


def check(action: str, ticket: Ticket, actor: Actor, regions: RegionIndex) -> None:
    """Raise `WorkflowError` unless `actor` may perform `action` on `ticket` now.

    Checked in this order, so the first refusal is the one reported: the role may do the action
    (forbidden), the ticket's status allows it (invalid), the ticket lies in the actor's grids
    (forbidden), then rules of the action itself.
    """
    if action not in TRANSITIONS:
        raise invalid(f"未知操作 {action!r} (unknown action {action!r})")
    verb = ACTION_ZH[action]
    if action not in ROLE_ACTIONS.get(actor.role, frozenset()):
        raise forbidden(f"角色 {actor.role} 无权{verb} (role {actor.role!r} may not {action})")
    if ticket.status not in TRANSITIONS[action]:
        raise invalid(f"工单状态为{STATUS_ZH[ticket.status]}, 不能{verb} "
                      f"(cannot {action} a ticket that is {ticket.status.value})")
    if not in_scope(actor, ticket.region_id, regions):
        raise forbidden(f"工单不在您的网格内, 不能{verb} "
                        f"(ticket region {ticket.region_id!r} is outside your grids)")
    if action in _LEADER_HANDLING and ticket.level == 0 and actor.role not in (Role.LEADER, Role.ADMIN):
        raise forbidden(f"该工单由分包领导处置, 您不能{verb} (level-0 tickets are handled by the leader)")
    if action == "escalate" and ticket.level <= 0:
        raise invalid("已上报至分包领导, 不能再上报 (already with the leader in charge; cannot escalate further)")
    if action == "evaluate" and ticket.satisfaction is not None:
        raise invalid("工单已评价 (ticket already evaluated)")


def can(action: str, ticket: Ticket, actor: Actor, regions: RegionIndex) -> tuple[bool, str]:
    """(True, "") when `check` passes, else (False, the refusal message)."""
    try:
        check(action, ticket, actor, regions)
    except WorkflowError as exc:
        return False, exc.message
    return True, ""


def allowed_actions(ticket: Ticket, actor: Actor, regions: RegionIndex) -> list[str]:
    """The actions `actor` may perform on `ticket` now, in `ACTIONS` order (for UI buttons)."""
    return [a for a in ACTIONS if can(a, ticket, actor, regions)[0]]
