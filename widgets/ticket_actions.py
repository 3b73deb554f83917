"""The one path from a user gesture to a console operation, and the banner that reports it.

A drop, a context-menu item, a shortcut and a detail button all call `TicketActions.run`, so they
check the same rules (operations.check, before anything is sent), ask for the same inputs
(reason, result, note) and report refusals, conflicts and results the same way.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QWidget

from console import board

from .bridge import bind
from .i18n import localize, pick
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
ACTION_EN = {"accept": "Accept", "reject": "Reject", "dispatch": "Dispatch to its grid", "assign": "Dispatch",
             "escalate": "Escalate", "start": "Start handling", "feedback": "Report result",
             "verify_pass": "Verification passed", "verify_fail": "Verification failed (rework)",
             "evaluate": "Evaluate", "close": "Close", "extend": "Extend"}
# Free text the workflow requires: (argument, dialog label); the label is an English source string
# of context "TicketActions" (Chinese in resources/i18n/gridline_zh_CN.ts), translated when asked.
PROMPTS = {"reject": ("reason", QT_TRANSLATE_NOOP("TicketActions", "Reason for rejecting")),
           "escalate": ("reason", QT_TRANSLATE_NOOP("TicketActions", "Reason for escalating")),
           "feedback": ("result", QT_TRANSLATE_NOOP("TicketActions", "Handling result")),
           "verify_fail": ("note", QT_TRANSLATE_NOOP("TicketActions", "Reason for rework")),
           "extend": ("reason", QT_TRANSLATE_NOOP("TicketActions", "Reason for extending"))}
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


def _tr(text: str, *args: Any) -> str:
    """`text` translated in context "TicketActions", with %1, %2, … replaced by `args`."""
    out = QCoreApplication.translate("TicketActions", text)
    for i, arg in reversed(list(enumerate(args, 1))):
        out = out.replace(f"%{i}", str(arg))
    return out

# Texts passed to `_tr` at run time, listed here so that lupdate keeps them in the catalogue.
_RUNTIME_TEXTS = (
    QT_TRANSLATE_NOOP("TicketActions", "Ticket %1 is no longer on the board"),
    QT_TRANSLATE_NOOP("TicketActions", "%1 needs %2 (%3 required)"),
    QT_TRANSLATE_NOOP("TicketActions", "Satisfaction (1 very unsatisfied – 5 very satisfied)"),
    QT_TRANSLATE_NOOP("TicketActions", "Minutes to extend by"),
    QT_TRANSLATE_NOOP("TicketActions", "The ticket is already with this grid and person"),
    QT_TRANSLATE_NOOP("TicketActions", "The ticket has no grid yet: drop it on a grid or person in the dispatch panel"),
    QT_TRANSLATE_NOOP("TicketActions", "No workflow step from “%1” to “%2”"),
    QT_TRANSLATE_NOOP("TicketActions", "%1 did not take effect: %2"),
    QT_TRANSLATE_NOOP("TicketActions", "%1 was refused: %2"),
    QT_TRANSLATE_NOOP("TicketActions", "%1 done"),
)


def action_label(ui_action: str) -> str:
    """The label of a UI action (menu item, button) in the current language."""
    return pick(ACTIONS[ui_action][0], ACTION_EN.get(ui_action, ACTIONS[ui_action][0]))


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
        self.sig_message.emit(localize(reason), "overdue")

    def check(self, ui_action: str, ticket_id: str) -> tuple[bool, str]:
        ticket = self._store.get("ticket", ticket_id)
        if ticket is None:
            return False, _tr("Ticket %1 is no longer on the board", ticket_id)
        return self._ops.check(ACTIONS[ui_action][2], ticket)

    def run(self, ticket_id: str, ui_action: str, **args: Any) -> Any:
        """Check, ask for what the action needs, send; returns the Op, or None if refused/cancelled."""
        _, _, action, fixed = ACTIONS[ui_action]
        label = action_label(ui_action)
        ok, reason = self.check(ui_action, ticket_id)
        if not ok:
            self.refuse(reason)
            return None
        ticket = self._store.get("ticket", ticket_id)
        args = {**fixed, **args}
        if ui_action in PROMPTS and not args.get(PROMPTS[ui_action][0]):
            name, what = PROMPTS[ui_action][0], _tr(PROMPTS[ui_action][1])
            text = self.ask_text(f"{label} {ticket_id}", what)
            if text is None:
                return None
            if not text.strip():
                self.refuse(_tr("%1 needs %2 (%3 required)", label, what, name))
                return None
            args[name] = text.strip()
        if ui_action == "evaluate" and "satisfaction" not in args:
            value = self.ask_int(f"{action_label('evaluate')} {ticket_id}",
                                 _tr("Satisfaction (1 very unsatisfied – 5 very satisfied)"), 5, 1, 5)
            if value is None:
                return None
            args["satisfaction"] = value
        if ui_action == "extend" and "minutes" not in args:
            value = self.ask_int(f"{action_label('extend')} {ticket_id}", _tr("Minutes to extend by"), 60, 1, 7 * 24 * 60)
            if value is None:
                return None
            args["minutes"] = value
        if ui_action == "assign" and ticket.get("status") != "accepted":
            region = self._store.get("region", args.get("region_id") or "") or {}
            person = args.get("assignee_id") or region.get("head_id") or ticket.get("assignee_id")
            if (args.get("region_id") or ticket.get("region_id"), person) == (
                    ticket.get("region_id"), ticket.get("assignee_id")):
                self.refuse(_tr("The ticket is already with this grid and person"))
                return None
        if ui_action == "dispatch" and not ticket.get("region_id"):
            self.refuse(_tr("The ticket has no grid yet: drop it on a grid or person in the dispatch panel"))
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
            self.refuse(_tr("No workflow step from “%1” to “%2”", column_zh(from_key), column_zh(to_key)))
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
        message = localize(message)
        if code == "conflict":
            # The server's message says who did what; the core already settled the overlay.
            self.sig_message.emit(_tr("%1 did not take effect: %2", label, message), "at_risk")
        else:
            self.sig_message.emit(_tr("%1 was refused: %2", label, message), "overdue")

    def _on_succeeded(self, op: Any, data: Any) -> None:
        label = self._mine.pop(op.request_id, None)
        if label is not None:
            self.sig_message.emit(_tr("%1 done", label), "ok")


def column_zh(key: str | None) -> str:
    """A column's name (or the reject target's) in the current language."""
    if key == board.REJECT_TARGET:
        return pick("不予立案", "Rejected")
    return next((pick(c.zh, c.en) for c in board.COLUMNS if c.key == key), key or "?")


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
