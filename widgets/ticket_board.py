"""The real-time ticket board: one column per stage of the closed loop, live from the Store.

Each column is a QListView over a `TicketColumnModel` (ids only) painted by one delegate. One
1 s timer repaints the visible cards so their SLA countdowns tick; the models are not touched.
Every gesture — drag onto a column or drop zone, context menu, shortcut — goes through
`TicketActions`, which checks the workflow first and refuses at once, with the reason on the
banner, before anything is sent.

Shortcuts on a focused card: Enter 详情, A 受理, R 不予立案, D 派遣到本网格, E 上报上级,
S 开始处置, F 反馈, V 核查通过, W 返工, C 结案, Ctrl+←/→ move to the neighbouring column
(the same action as dragging there), ←/→ focus the neighbouring column, Menu key the context menu.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDrag, QKeyEvent, QRegion
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListView, QMenu, QVBoxLayout,
                               QWidget)

from console import board

from .board_filters import FilterBar
from .dispatch_panel import fill_dispatch_menu
from .i18n import pick
from .ticket_actions import ACTION_EN, ACTIONS, Banner, TicketActions, action_for_key, action_label, column_zh
from .ticket_card import STATUS_COLORS, TicketCardDelegate
from .ticket_models import TICKET_MIME, BoardModel, TicketColumnModel, TicketIdRole, decode_drag, utc_now

TICK_MS = 1000  # countdowns show seconds
TICK_FRAME_MS = 16  # between the columns' countdown repaints within one tick
RESORT_MS = 30_000  # urgency order drifts slowly (a card becoming overdue); re-sort twice a minute


def _accepts(event: Any) -> bool:
    return event.mimeData().hasFormat(TICKET_MIME)


def _take_drop(event: Any) -> tuple[str, str | None] | None:
    """(ticket id, source column) of a ticket drop, accepted as a copy; None (ignored) otherwise.

    Copy, not move: Qt must not remove the source row; the Store decides where the card goes."""
    got = decode_drag(event.mimeData())
    if got is None:
        event.ignore()
        return None
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
    return got


class TicketColumnView(QListView):
    """One column's cards: a drag source, a drop target and the keyboard path to every action."""

    sig_dropped = Signal(str, object, str)
    """(ticket id, from column key or None, this column's key)."""
    sig_key_action = Signal(str, str)
    """(ticket id, ui action of ticket_actions.ACTIONS) from a shortcut."""
    sig_open = Signal(str)
    sig_step = Signal(str, int)
    """(ticket id, -1 | +1): move the card to the neighbouring column."""
    sig_focus_step = Signal(int)
    sig_menu = Signal(str, QPoint)
    """(ticket id, global position) for the context menu."""

    def __init__(self, key: str, model: TicketColumnModel, delegate: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)  # lets Qt lay out 10,000 rows without asking each one's size
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDropIndicatorShown(False)
        self.setObjectName("boardColumn")
        self.setSpacing(0)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def update_countdowns(self, delegate: Any) -> None:
        """Repaint what a passing second changed on the visible cards (see TicketCardDelegate.tick_rect)."""
        model, viewport = self.model(), self.viewport()
        first = self.indexAt(QPoint(8, 8))
        if not first.isValid() or not hasattr(model, "ticket_at"):
            viewport.update()
            return
        region, bottom = QRegion(), viewport.height()
        for row in range(first.row(), model.rowCount()):
            rect = self.visualRect(model.index(row))
            if rect.top() > bottom:
                break
            ticket = model.ticket_at(row)
            if ticket is not None:
                region += delegate.tick_rect(ticket, rect, self.font())
        if not region.isEmpty():
            viewport.update(region)

    def current_ticket(self) -> str | None:
        idx = self.currentIndex()
        return idx.data(TicketIdRole) if idx.isValid() else None

    # --- drag -----------------------------------------------------------------------------------

    def startDrag(self, supported: Qt.DropAction) -> None:
        idx = self.currentIndex()
        if not idx.isValid():
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData([idx]))
        rect = self.visualRect(idx)
        drag.setPixmap(self.viewport().grab(rect))
        drag.setHotSpot(QPoint(rect.width() // 2, 16))
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)

    def _highlight(self, on: bool) -> None:
        self.setStyleSheet(f"QListView#boardColumn {{ border: 2px solid {STATUS_COLORS['info']}; }}" if on else "")

    def dragEnterEvent(self, event: Any) -> None:
        if _accepts(event):
            self._highlight(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction() if _accepts(event) else event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:
        self._highlight(False)

    def dropEvent(self, event: Any) -> None:
        self._highlight(False)
        got = _take_drop(event)
        if got is not None:
            self.sig_dropped.emit(got[0], got[1], self.key)

    # --- keyboard and menu ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        tid, key, ctrl = self.current_ticket(), event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            if ctrl and tid:
                self.sig_step.emit(tid, step)
            elif not ctrl:
                self.sig_focus_step.emit(step)
            return
        if tid and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_open.emit(tid)
            return
        if tid and key == Qt.Key.Key_Menu:
            self.sig_menu.emit(tid, self.viewport().mapToGlobal(self.visualRect(self.currentIndex()).center()))
            return
        action = action_for_key(event.text()) if tid and not ctrl else None
        if action:
            self.sig_key_action.emit(tid, action)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: Any) -> None:
        idx = self.indexAt(self.viewport().mapFromGlobal(event.globalPos()))
        if not idx.isValid():
            idx = self.currentIndex()
        if idx.isValid():
            self.setCurrentIndex(idx)
            self.sig_menu.emit(idx.data(TicketIdRole), event.globalPos())


class DropZone(QLabel):
    """A target outside the columns: 上报上级 (escalate) or 不予立案 (reject)."""

    sig_dropped = Signal(str, object)
    """(ticket id, from column key or None)."""

    def __init__(self, text: str, tone: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAcceptDrops(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(44)
        self._tone = tone
        self._style(False)

    def _style(self, hover: bool) -> None:
        colour = STATUS_COLORS[self._tone]
        self.setStyleSheet(f"QLabel {{ border: 2px dashed {colour}; border-radius: 6px; color: {colour};"
                           f" font-weight: bold; background: {colour + '33' if hover else 'transparent'}; }}")

    def dragEnterEvent(self, event: Any) -> None:
        if _accepts(event):
            self._style(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:
        self._style(False)

    def dropEvent(self, event: Any) -> None:
        self._style(False)
        got = _take_drop(event)
        if got is not None:
            self.sig_dropped.emit(*got)


class TicketBoard(QWidget):
    """Six columns with live counts, filters, drop zones and a banner for refusals and conflicts."""

    sig_open_ticket = Signal(str)
    """The user asked for a ticket's detail (Enter, double-click, menu)."""

    def __init__(self, store: Any, operations: Any, session: Any, parent: QWidget | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self._store = store
        self.session = session
        self.model = BoardModel(store, clock, self)
        self.delegate = TicketCardDelegate(store, clock, self)
        self.actions = TicketActions(store, operations, self)
        self.filters = FilterBar(store, self)
        self.banner = Banner(self)
        self.views: dict[str, TicketColumnView] = {}
        self.headers: dict[str, QLabel] = {}

        columns = QHBoxLayout()
        columns.setSpacing(8)
        for key, zh, en, _ in board.COLUMNS:
            pane = QFrame(self)
            pane.setObjectName("boardPane")
            box = QVBoxLayout(pane)
            box.setContentsMargins(0, 0, 0, 0)
            header = QLabel(pick(zh, en), pane)
            header.setObjectName("columnHeader")
            header.setToolTip(en)
            header.setStyleSheet("font-weight: bold; font-size: 18pt; padding: 4px 6px;")
            # a narrow screen wraps the count under the name: in English six headers of wall-size type
            # on one line each made the board 1,128 px wide, the window wider than a 1366-px laptop
            header.setWordWrap(True)
            view = TicketColumnView(key, self.model.columns[key], self.delegate, pane)
            box.addWidget(header)
            box.addWidget(view, 1)
            columns.addWidget(pane, 1)
            self.views[key], self.headers[key] = view, header
            view.sig_dropped.connect(self._on_dropped)
            view.sig_key_action.connect(self._on_key_action)
            view.sig_open.connect(self.sig_open_ticket)
            view.doubleClicked.connect(lambda idx: self.sig_open_ticket.emit(idx.data(TicketIdRole)))
            view.sig_step.connect(self._on_step)
            view.sig_focus_step.connect(self._on_focus_step)
            view.sig_menu.connect(self._on_menu)

        self.escalate_zone = DropZone(self.tr("⇧ Escalate — drop here"), "at_risk", self)
        self.reject_zone = DropZone(self.tr("✕ Reject — drop here"), "overdue", self)
        self.escalate_zone.sig_dropped.connect(lambda tid, _src: self.actions.run(tid, "escalate"))
        self.reject_zone.sig_dropped.connect(
            lambda tid, src: self.actions.drop_on_column(tid, src, board.REJECT_TARGET))
        zones = QHBoxLayout()
        zones.addWidget(self.escalate_zone)
        zones.addWidget(self.reject_zone)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filters)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addLayout(zones)

        self.filters.sig_filter_changed.connect(self.model.set_filter)
        self.filters.sig_sort_changed.connect(self.model.set_sort)
        self.model.sig_counts_changed.connect(self._on_counts)
        self.actions.sig_message.connect(self.banner.show_message)
        self._tick_pending: list[TicketColumnView] = []
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self._resort = QTimer(self, interval=RESORT_MS)
        self._resort.timeout.connect(self.model.refresh_clock)
        self._resort.start()
        self._on_counts()

    # --- queries --------------------------------------------------------------------------------

    def selected_ticket(self) -> str | None:
        view = next((v for v in self.views.values() if v.hasFocus()), None)
        return view.current_ticket() if view else None

    def select_ticket(self, ticket_id: str) -> bool:
        """Focus the ticket's card (e.g. from an alarm or a search); False if it is not shown."""
        key = self.model.column_of_id(ticket_id)
        if key is None:
            return False
        view = self.views[key]
        idx = view.model().index(view.model().row_of(ticket_id))
        view.setCurrentIndex(idx)
        view.scrollTo(idx)
        view.setFocus()
        return True

    # --- handlers -------------------------------------------------------------------------------

    def _on_tick(self) -> None:
        # Re-aligned to just after each whole second, so the shown seconds turn over on time.
        self._tick.start(TICK_MS - int(time.time() * 1000) % TICK_MS + 5)
        # One column per frame: no single frame repaints the whole board (a 30-40 ms stall once
        # a second on a wall display; six small repaints instead).
        self._tick_pending = [v for v in self.views.values() if v.isVisible()]
        self._tick_next()

    def _tick_next(self) -> None:
        if not self._tick_pending:
            return
        self._tick_pending.pop(0).update_countdowns(self.delegate)
        if self._tick_pending:
            QTimer.singleShot(TICK_FRAME_MS, self._tick_next)

    def _repaint_all(self) -> None:
        for view in self.views.values():
            view.viewport().update()

    def _on_counts(self) -> None:
        filtered = self.model.filter != board.Filter()
        for key, zh, en, _ in board.COLUMNS:
            shown, total, name = self.model.visible(key), self.model.totals[key], pick(zh, en)
            self.headers[key].setText(f"{name}  {shown} / {total}" if filtered else f"{name}  {total}")
            self.headers[key].setToolTip(pick(en, zh))  # the other language's name

    def _retranslate(self) -> None:
        self.escalate_zone.setText(self.tr("⇧ Escalate — drop here"))
        self.reject_zone.setText(self.tr("✕ Reject — drop here"))
        self._on_counts()
        self.delegate._on_names_changed()  # the cached card pictures hold the old language's labels
        self._repaint_all()

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "reject_zone"):
            self._retranslate()
        super().changeEvent(event)

    def _on_dropped(self, ticket_id: str, from_key: str | None, to_key: str) -> None:
        self.actions.drop_on_column(ticket_id, from_key or self.model.column_of_id(ticket_id), to_key)

    def _on_key_action(self, ticket_id: str, action: str) -> None:
        self.actions.run(ticket_id, action)

    def _on_step(self, ticket_id: str, step: int) -> None:
        keys = [c[0] for c in board.COLUMNS]
        here = self.model.column_of_id(ticket_id)
        i = keys.index(here) + step if here in keys else -1
        if 0 <= i < len(keys):
            self.actions.drop_on_column(ticket_id, here, keys[i])

    def _on_focus_step(self, step: int) -> None:
        keys = [c[0] for c in board.COLUMNS]
        here = next((k for k, v in self.views.items() if v.hasFocus()), keys[0])
        target = self.views[keys[(keys.index(here) + step) % len(keys)]]
        target.setFocus()
        if not target.currentIndex().isValid() and target.model().rowCount():
            target.setCurrentIndex(target.model().index(0))

    # --- context menu: the same actions as the drags and keys ------------------------------------

    def build_menu(self, ticket_id: str) -> QMenu:
        """The card's menu: detail, column moves, actions (disabled with the reason), dispatch to."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        ticket = self._store.get("ticket", ticket_id) or {}
        menu.addAction(self.tr("Open detail") + "\tEnter", lambda: self.sig_open_ticket.emit(ticket_id))
        here = self.model.column_of_id(ticket_id)
        menu.addSeparator()
        for (src, dst), spec in board.DROP_ACTIONS.items():
            if src == here:
                menu.addAction(self.tr("Move to “%1” · %2").replace("%1", column_zh(dst)).replace(
                    "%2", pick(spec.zh or spec[0], self._drop_label_en(spec))),
                               lambda d=dst: self.actions.drop_on_column(ticket_id, here, d))
        menu.addSeparator()
        status = ticket.get("status", "")
        for ui_action, (_, key, action, _) in ACTIONS.items():
            if ui_action == "assign" or status not in board.TRANSITIONS.get(action, ()):
                continue
            label = action_label(ui_action)
            item = QAction(f"{label}\t{key}" if key else label, menu)
            ok, reason = self.actions.check(ui_action, ticket_id)
            item.setEnabled(ok)
            item.setToolTip(reason)
            item.triggered.connect(lambda _=False, a=ui_action: self.actions.run(ticket_id, a))
            menu.addAction(item)
        if status in board.TRANSITIONS["assign"]:
            fill_dispatch_menu(menu.addMenu(self.tr("Dispatch to…")), self._store,
                               lambda rid, sid: self.actions.run(ticket_id, "assign", region_id=rid, assignee_id=sid))
        return menu

    @staticmethod
    def _drop_label_en(spec: Any) -> str:
        """English label of a column move (console.board.DropAction has only the Chinese one)."""
        action = spec[0]
        if action == "verify":
            return ACTION_EN["verify_pass" if dict(spec[1] if len(spec) > 1 else {}).get("passed", True)
                             else "verify_fail"]
        return ACTION_EN.get(action, action)

    def _on_menu(self, ticket_id: str, pos: QPoint) -> None:
        self.build_menu(ticket_id).exec(pos)
