"""User actions as operations (Anki style): checked, sent, shown optimistically, then settled.

Each action returns an `Op` at once. A refused action (board rules, permissions, missing
arguments) sends nothing and emits `sig_failed` with "forbidden"/"invalid"/"not_found". A sent
mutation shows its expected result as a Store overlay keyed by the request id; the reply drops
the overlay (the confirmed state shows through: the hub sends the event before the reply) and
emits `sig_succeeded` or `sig_failed` with the server's code and message as-is.
"""

from __future__ import annotations

import itertools
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from psygnal import Signal

from console import board
from console.protocol import ProtocolError, Reply
from console.store import Entity, Store

log = logging.getLogger(__name__)

NOT_SIGNED_IN = "尚未登录, 请等待连接 (not signed in yet)"
BUSY = "上一操作尚未完成 (the previous operation on it is still pending)"
# Free text the workflow requires (a blank one is refused here rather than as a bad frame).
_REQUIRED_TEXT = {"reject": "reason", "escalate": "reason", "feedback": "result", "extend": "reason"}


def _iso_now() -> str:
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Op:
    """One user action: its request id, request name and the entity it acts on.

    `refused` is the error code when it was refused before sending (sig_failed was emitted
    during the call, before the Op was returned), else None.
    """

    request_id: str
    name: str
    kind: str | None
    entity_id: str | None
    refused: str | None = None


class Operations:
    """Turns user actions into requests on `connection`, with optimistic overlays on `store`."""

    sig_succeeded = Signal(object, object)
    """(op, reply data): the server did it."""
    sig_failed = Signal(object, str, str, object)
    """(op, code, message, data): refused here or by the server; `data` is the server's error
    data (a conflict carries the current entity and who changed it) or None."""

    def __init__(self, store: Store, connection: Any, session: Any) -> None:
        self._store = store
        self._connection = connection
        self._session = session
        self._pending: dict[str, Op] = {}
        self._ids = itertools.count(1)

    def _new_id(self) -> str:
        # Random part: ids must stay unique per user across console restarts (server dedup).
        return f"c-{next(self._ids)}-{secrets.token_hex(4)}"

    @property
    def pending(self) -> dict[str, Op]:
        """Ops sent and not yet answered, by request id."""
        return dict(self._pending)

    # --- checks ---------------------------------------------------------------------------------

    def _ticket_refusal(self, action: str, ticket: Entity) -> tuple[str, str] | None:
        if not self._session.signed_in:
            return "forbidden", NOT_SIGNED_IN
        if self._store.pending("ticket", ticket.get("id", "")):
            return "invalid", BUSY
        return board.check_transition(action, ticket, self._session.permissions, self._session.role)

    def check(self, action: str, ticket: Entity) -> tuple[bool, str]:
        """(ok, reason): whether `action` on `ticket` would be sent, or why it is refused."""
        refusal = self._ticket_refusal(action, ticket)
        return (True, "") if refusal is None else (False, refusal[1])

    # --- ticket actions -------------------------------------------------------------------------

    def assign(self, ticket_id: str, region_id: str | None = None, assignee_id: str | None = None) -> Op:
        """Dispatch (派遣) or reassign (改派) to a grid, a person, or both."""
        args = {k: v for k, v in (("region_id", region_id), ("assignee_id", assignee_id)) if v is not None}
        return self.transition(ticket_id, "assign", **args)

    def escalate(self, ticket_id: str, reason: str) -> Op:
        """Hand the ticket to the parent grid (上报上级)."""
        return self.transition(ticket_id, "escalate", reason=reason)

    def transition(self, ticket_id: str, action: str, **args: Any) -> Op:
        """Any ticket action (accept, reject, assign, escalate, start, feedback, verify, evaluate,
        close, extend) with its arguments; ticket_id and version are added here."""
        op = Op(self._new_id(), f"ticket.{action}", "ticket", ticket_id)
        ticket = self._store.confirmed("ticket", ticket_id)
        if ticket is None:
            return self._refuse(op, "not_found", f"没有工单 {ticket_id} (no ticket {ticket_id})")
        refusal = self._ticket_refusal(action, ticket) or self._args_refusal(action, args)
        if refusal is not None:
            return self._refuse(op, *refusal)
        payload = {"ticket_id": ticket_id, "version": ticket["version"], **args}
        return self._send(op, payload, self._predict_ticket(action, ticket, args))

    @staticmethod
    def _args_refusal(action: str, args: dict[str, Any]) -> tuple[str, str] | None:
        if action == "assign" and args.get("region_id") is None and args.get("assignee_id") is None:
            return "invalid", "请选择派遣网格或人员 (assign needs a grid or a person)"
        if action == "verify" and args.get("passed") is False and not str(args.get("note") or "").strip():
            return "invalid", "请填写返工原因 (rework reason is required)"
        required = _REQUIRED_TEXT.get(action)
        if required is not None and not str(args.get(required) or "").strip():
            return "invalid", f"请填写{board.ACTION_ZH[action]}说明 ({required} is required)"
        return None

    def _predict_ticket(self, action: str, ticket: Entity, args: dict[str, Any]) -> Entity | None:
        """The ticket as it will most likely look once the server did `action` (the overlay)."""
        fresh_clock = {"due_at": None, "sla_state": "ok"}  # the new stage's deadline comes with the event
        if action in ("accept", "reject", "start", "feedback", "close"):
            status = {"accept": "accepted", "reject": "rejected", "start": "in_progress",
                      "feedback": "feedback", "close": "closed"}[action]
            changes: dict[str, Any] = {"status": status}
            if action != "start":
                changes.update(fresh_clock)
            if action == "close":
                changes["closed_at"] = _iso_now()  # so the card lands in 今日已结 at once
            return {**ticket, **changes}
        if action == "verify":
            return {**ticket, "status": "verified" if args.get("passed") else "dispatched", **fresh_clock}
        if action == "evaluate":
            return {**ticket, "satisfaction": args.get("satisfaction")}
        if action == "extend":
            return {**ticket, "extension_count": (ticket.get("extension_count") or 0) + 1}
        if action == "assign":
            changes = {"status": "dispatched"}
            if ticket.get("status") == "accepted":
                changes.update(fresh_clock)
            region = self._store.get("region", args["region_id"]) if args.get("region_id") else None
            if region is not None:
                changes.update(region_id=region["id"], level=region.get("level"),
                               assignee_id=region.get("head_id"))
            if args.get("assignee_id") is not None:
                changes["assignee_id"] = args["assignee_id"]
            return {**ticket, **changes}
        if action == "escalate":
            here = self._store.get("region", ticket.get("region_id") or "")
            parent = self._store.get("region", here.get("parent_id") or "") if here else None
            changes = {"status": "dispatched", **fresh_clock}
            if parent is not None and (parent.get("level") or 0) > 0:
                changes.update(region_id=parent["id"], level=parent["level"], assignee_id=parent.get("head_id"))
            else:
                changes["level"] = 0
            return {**ticket, **changes}
        return None

    def create_ticket(self, **args: Any) -> Op:
        """Report a new ticket (ticket.create); no overlay: the server assigns the id."""
        return self._simple(Op(self._new_id(), "ticket.create", "ticket", None), args)

    # --- alarms ---------------------------------------------------------------------------------

    def ack_alarm(self, alarm_id: str, note: str = "") -> Op:
        """Acknowledge an active alarm (确认); the server records its own time."""
        return self._alarm("ack", alarm_id, {"note": note}, lambda a: a.get("status") == "active",
                           "报警不是待处理状态 (alarm is not active)",
                           lambda a: {**a, "status": "acknowledged"})

    def close_alarm(self, alarm_id: str, note: str = "") -> Op:
        """Close an alarm (an active one is acknowledged too)."""
        return self._alarm("close", alarm_id, {"note": note}, lambda a: a.get("status") != "closed",
                           "报警已关闭 (alarm already closed)", lambda a: {**a, "status": "closed"})

    def alarm_to_ticket(self, alarm_id: str) -> Op:
        """Open a ticket from an alarm (转工单); category and title default server-side."""
        return self._alarm("to_ticket", alarm_id, {}, lambda a: not a.get("ticket_id"),
                           "报警已转为工单 (already a ticket)",
                           lambda a: {**a, "status": "acknowledged"} if a.get("status") == "active" else None)

    def _alarm(self, action: str, alarm_id: str, args: dict[str, Any], valid: Callable[[Entity], bool],
               invalid_reason: str, predict: Callable[[Entity], Entity | None]) -> Op:
        name = f"alarm.{action}"
        op = Op(self._new_id(), name, "alarm", alarm_id)
        alarm = self._store.confirmed("alarm", alarm_id)
        if alarm is None:
            return self._refuse(op, "not_found", f"没有报警 {alarm_id} (no alarm {alarm_id})")
        refusal = self._permission_refusal(name)
        if refusal is None and self._store.pending("alarm", alarm_id):
            refusal = ("invalid", BUSY)
        if refusal is None and not valid(alarm):
            refusal = ("invalid", invalid_reason)
        if refusal is not None:
            return self._refuse(op, *refusal)
        return self._send(op, {"alarm_id": alarm_id, "version": alarm["version"], **args}, predict(alarm))

    # --- reads and anything else ----------------------------------------------------------------

    def request(self, name: str, args: dict[str, Any]) -> Op:
        """Any request without an overlay (reads: ticket.get, resident.search, stats.query)."""
        return self._simple(Op(self._new_id(), name, None, None), args)

    def _simple(self, op: Op, args: dict[str, Any]) -> Op:
        refusal = self._permission_refusal(op.name)
        return self._refuse(op, *refusal) if refusal is not None else self._send(op, args, None)

    def _permission_refusal(self, name: str) -> tuple[str, str] | None:
        if not self._session.signed_in:
            return "forbidden", NOT_SIGNED_IN
        if name not in self._session.permissions:
            return "forbidden", f"角色 {self._session.role} 无权执行 {name} (role may not {name})"
        return None

    # --- sending and settling -------------------------------------------------------------------

    def _refuse(self, op: Op, code: str, reason: str) -> Op:
        op = Op(op.request_id, op.name, op.kind, op.entity_id, refused=code)
        self.sig_failed.emit(op, code, reason, None)
        return op

    def _send(self, op: Op, args: dict[str, Any], overlay: Entity | None) -> Op:
        try:
            self._connection.send_request(op.name, args, op.request_id)
        except ProtocolError as exc:  # the arguments fail the schema: nothing was sent
            return self._refuse(op, exc.code, exc.message)
        self._pending[op.request_id] = op
        # After sending is safe: the reply can only come through Feed.drain on this same thread.
        if overlay is not None and op.kind is not None and op.entity_id is not None:
            self._store.overlay(op.request_id, op.kind, op.entity_id, overlay)
        return op

    def on_reply(self, reply: Reply) -> None:
        """Settle the op of `reply` (called by Feed.drain); replies of unknown ids are ignored."""
        op = self._pending.pop(reply.id, None)
        if op is None:
            return
        self._store.settle(reply.id)
        if reply.ok:
            self.sig_succeeded.emit(op, reply.data or {})
        else:
            err = reply.error
            code, message, data = (err.code, err.message, err.data) if err is not None else ("internal", "", None)
            self.sig_failed.emit(op, code, message, data)
