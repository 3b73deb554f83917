"""The one path from a user gesture to a console operation, and the banner that reports it.

A drop, a context-menu item, a shortcut and a detail button all call `TicketActions.run`, so they
check the same rules (operations.check, before anything is sent), ask for the same inputs
(reason, result, note) and report refusals, conflicts and results the same way.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QWidget

from console import board

from .bridge import bind
from .ticket_card import COLORS, STATUS_COLORS

# UI action -> (label, shortcut key, console action, fixed args). "dispatch" assigns to the ticket's
# current grid (the 待派遣 → 处置中 move); "assign" to a grid/person comes from the dispatch panel.
ACTIONS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "accept": ("受理", "A", "accept", {}),
    "reject": ("不予立案", "R", "reject", {}),
    "dispatch": ("派遣到本网格", "D", "assign", {}),
    "assign": ("派遣", "", "assign", {}),
    "escalate": ("上报上级", "E", "escalate", {}),
    "start": ("开始处置", "S", "start", {}),
    "feedback": ("反馈结果", "F", "feedback", {}),
    "verify_pass": ("核查通过", "V", "verify", {"passed": True}),
    "verify_fail": ("核查不通过(返工)", "W", "verify", {"passed": False}),
    "evaluate": ("评价", "", "evaluate", {}),
    "close": ("结案", "C", "close", {}),
    "extend": ("延期", "", "extend", {}),
}
# Free text the workflow requires: (argument, dialog label).
PROMPTS = {"reject": ("reason", "不予立案理由"), "escalate": ("reason", "上报理由"),
           "feedback": ("result", "处置结果"), "verify_fail": ("note", "返工原因"), "extend": ("reason", "延期理由")}
_ALIASES = {"verify_passed": "verify_pass", "verify_failed": "verify_fail", "rework": "verify_fail", "assign": "dispatch"}


def drop_action(from_key: str | None, to_key: str) -> str | None:
    """The UI action of dropping a card from one column onto another (console.board.DROP_ACTIONS)."""
    spec = board.DROP_ACTIONS.get((from_key, to_key))
    if spec is None:
        return None
    if isinstance(spec, str):
        return _ALIASES.get(spec, spec)
    action, args = (spec[0], spec[1] if len(spec) > 1 else {}) if isinstance(spec, tuple) else (
        spec.get("action"), spec)
    if action == "verify":
        return "verify_pass" if args.get("passed", True) else "verify_fail"
    return _ALIASES.get(action, action)


def action_for_key(text: str) -> str | None:
    key = text.upper()
    return next((a for a, spec in ACTIONS.items() if spec[1] and spec[1] == key), None)


class TicketActions(QObject):
    """Runs ticket actions for one view; `ask_text`/`ask_int` are replaceable (tests, kiosk mode)."""

    sig_message = Signal(str, str)
    """(text, tone): a refusal or failure ("overdue"), a conflict ("at_risk"), a success ("ok")."""

    def __init__(self, store: Any, operations: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self._ops = operations
        self._widget = parent
        self._mine: dict[str, str] = {}  # request id -> label, for the ops started here
        self._sending: str | None = None  # label of the op being sent (a refusal fires during the call)
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        self.ask_int: Callable[[str, str, int, int, int], int | None] = self._ask_int
        bind(self, operations.sig_failed, self._on_failed)
        bind(self, operations.sig_succeeded, self._on_succeeded)

    # --- running --------------------------------------------------------------------------------

    def refuse(self, reason: str) -> None:
        self.sig_message.emit(reason, "overdue")

    def check(self, ui_action: str, ticket_id: str) -> tuple[bool, str]:
        ticket = self._store.get("ticket", ticket_id)
        if ticket is None:
            return False, f"工单 {ticket_id} 已不在看板上 (ticket no longer on the board)"
        return self._ops.check(ACTIONS[ui_action][2], ticket)

    def run(self, ticket_id: str, ui_action: str, **args: Any) -> Any:
        """Check, ask for what the action needs, send; returns the Op, or None if refused/cancelled."""
        label, _, action, fixed = ACTIONS[ui_action]
        ok, reason = self.check(ui_action, ticket_id)
        if not ok:
            self.refuse(reason)
            return None
        ticket = self._store.get("ticket", ticket_id)
        args = {**fixed, **args}
        if ui_action in PROMPTS and not args.get(PROMPTS[ui_action][0]):
            name, what = PROMPTS[ui_action]
            text = self.ask_text(f"{label} {ticket_id}", what)
            if text is None:
                return None
            if not text.strip():
                self.refuse(f"{label}需要填写{what} ({name} required)")
                return None
            args[name] = text.strip()
        if ui_action == "evaluate" and "satisfaction" not in args:
            value = self.ask_int(f"评价 {ticket_id}", "满意度 (1 很不满意 – 5 很满意)", 5, 1, 5)
            if value is None:
                return None
            args["satisfaction"] = value
        if ui_action == "extend" and "minutes" not in args:
            value = self.ask_int(f"延期 {ticket_id}", "延期分钟数", 60, 1, 7 * 24 * 60)
            if value is None:
                return None
            args["minutes"] = value
        if ui_action == "assign" and ticket.get("status") != "accepted":
            region = self._store.get("region", args.get("region_id") or "") or {}
            person = args.get("assignee_id") or region.get("head_id") or ticket.get("assignee_id")
            if (args.get("region_id") or ticket.get("region_id"), person) == (
                    ticket.get("region_id"), ticket.get("assignee_id")):
                self.refuse("工单已在该网格和人员处, 派遣对象未变化 (already with this grid and person)")
                return None
        if ui_action == "dispatch" and not ticket.get("region_id"):
            self.refuse("工单尚无所属网格, 请拖到调度面板中的网格或人员 (drop it on a grid or person)")
            return None
        self._sending = f"{label} {ticket_id}"
        try:
            if ui_action == "dispatch":
                op = self._ops.assign(ticket_id, region_id=ticket["region_id"])
            elif ui_action == "assign":
                op = self._ops.assign(ticket_id, region_id=args.get("region_id"),
                                      assignee_id=args.get("assignee_id"))
            elif ui_action == "escalate":
                op = self._ops.escalate(ticket_id, args["reason"])
            else:
                op = self._ops.transition(ticket_id, action, **args)
        finally:
            self._sending = None
        if op is not None and getattr(op, "refused", None) is None:
            self._mine[op.request_id] = f"{label} {ticket_id}"
        return op

    def drop_on_column(self, ticket_id: str, from_key: str | None, to_key: str) -> Any:
        """A card dropped on a column: the column move's action, or a refusal with the reason."""
        if from_key == to_key:
            return None
        ui_action = drop_action(from_key, to_key)
        if ui_action is None:
            self.refuse(f"不能从「{column_zh(from_key)}」直接移到「{column_zh(to_key)}」"
                        f" (no workflow step from {from_key} to {to_key})")
            return None
        return self.run(ticket_id, ui_action)

    # --- dialogs --------------------------------------------------------------------------------

    def _ask_text(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self._widget, title, label, "")
        return text if ok else None

    def _ask_int(self, title: str, label: str, value: int, lo: int, hi: int) -> int | None:
        got, ok = QInputDialog.getInt(self._widget, title, label, value, lo, hi)
        return got if ok else None

    # --- replies --------------------------------------------------------------------------------

    def _on_failed(self, op: Any, code: str, message: str, data: Any) -> None:
        label = self._mine.pop(op.request_id, None) or self._sending
        if label is None:
            return
        if code == "conflict":
            # The server's message says who did what; the core already settled the overlay.
            self.sig_message.emit(f"{label} 未生效: {message}", "at_risk")
        else:
            self.sig_message.emit(f"{label} 被拒绝: {message}", "overdue")

    def _on_succeeded(self, op: Any, data: Any) -> None:
        label = self._mine.pop(op.request_id, None)
        if label is not None:
            self.sig_message.emit(f"{label} 已完成", "ok")


def column_zh(key: str | None) -> str:
    if key == board.REJECT_TARGET:
        return "不予立案"
    return next((c[1] for c in board.COLUMNS if c[0] == key), key or "?")


class Banner(QLabel):
    """A toast across the top of a view: refusals and conflicts must be seen, not only logged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.hide)

    def show_message(self, text: str, tone: str = "overdue") -> None:
        colour = STATUS_COLORS.get(tone, COLORS["muted"])
        self.setStyleSheet(f"QLabel#banner {{ background: {COLORS['surface2']}; color: {COLORS['text']};"
                           f" border: 2px solid {colour}; border-left: 10px solid {colour};"
                           f" padding: 8px 12px; font-weight: bold; }}")
        self.setText(text)
        self.show()
        self.raise_()
        # Refusals and conflicts stay longer than a success: the dispatcher must read who did what.
        self._timer.start(4000 if tone == "ok" else 10000)

    def mousePressEvent(self, event: Any) -> None:
        self.hide()
