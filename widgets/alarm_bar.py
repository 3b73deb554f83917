"""The alarm bar: alarms that need a person, newest on top, blinking and sounding until acknowledged.

Reads everything from the Store through `AlarmModel` (no private copy of alarm state). Acting on
an alarm is an operation (`operations.ack_alarm`, `operations.alarm_to_ticket`); the optimistic
overlay and the server's event update the row. "Not loaded" is a failure and says so; it is never
shown as the empty "no active alarms".
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QListView, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from widgets.alarm_model import AlarmDelegate, AlarmModel, sound_family, type_name
from widgets.bridge import bind
from widgets.i18n import localize
from widgets.status_indicator import local_time
from widgets.theme import set_tone

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[1] / "resources" / "sounds"
BLINK_MS = 500  # 1 Hz flashing: noticeable from across the room, below photosensitivity limits


class AlarmSounds(QObject):
    """One QSoundEffect per alarm family, created lazily; silent (not failing) without audio."""

    def __init__(self, directory: Path = SOUNDS_DIR, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dir = directory
        self._effects: dict[str, Any] = {}
        self.muted = False
        self.last_family: str | None = None  # what was (or would have been) played: for tests
        try:
            from PySide6.QtMultimedia import QMediaDevices
            self.available = bool(QMediaDevices.audioOutputs())
        except ImportError:  # a build without QtMultimedia: the wall still blinks
            self.available = False

    def play(self, alarm_type: str) -> str | None:
        """Play the tone of `alarm_type`'s family; returns the family, or None when muted."""
        if self.muted:
            return None
        family = sound_family(alarm_type)
        self.last_family = family
        effect = self._effect(family) if self.available else None
        if effect is not None and not effect.isPlaying():
            effect.play()
        return family

    def _effect(self, family: str) -> Any:
        if family not in self._effects:
            from PySide6.QtMultimedia import QSoundEffect
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(self._dir / f"{family}.wav")))
            effect.setVolume(1.0)
            self._effects[family] = effect
        return self._effects[family]


class AlarmBar(QWidget):
    """Alarm list with acknowledge / to-ticket actions, for the alarms dock."""

    sig_active_count_changed = Signal(int)
    """The number of active (unacknowledged) alarms changed; the dock title shows it."""

    def __init__(self, store: Any, operations: Any, session: Any = None, sounds: AlarmSounds | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._operations = operations
        self._session = session
        self.sounds = sounds if sounds is not None else AlarmSounds(parent=self)
        self._last_active = -1
        self._message = ""  # last operation outcome shown in the banner (not alarm state)
        self._message_tone = "info"
        self._message_timer = QTimer(self)  # one timer: a newer message restarts the countdown
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(15_000)
        self._message_timer.timeout.connect(self._clear_message)

        self.model = AlarmModel(store, self, session)
        self.delegate = AlarmDelegate(self)
        self.view = QListView()
        self.view.setObjectName("alarm_list")
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.doubleClicked.connect(lambda _i: self.action_ack.trigger())

        self.empty_label = QLabel()
        self.empty_label.setObjectName("alarm_state")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)

        self.banner = QLabel()
        self.banner.setProperty("role", "banner")
        self.banner.setWordWrap(True)

        self.action_ack = QAction(self)
        self.action_ack.setShortcut(QKeySequence("Ctrl+K"))
        self.action_ack.triggered.connect(self._on_ack)
        self.action_to_ticket = QAction(self)
        self.action_to_ticket.setShortcut(QKeySequence("Ctrl+T"))
        self.action_to_ticket.triggered.connect(self._on_to_ticket)
        self.view.addActions([self.action_ack, self.action_to_ticket])
        self.ack_button = QPushButton()
        self.ack_button.setObjectName("ack_button")
        set_tone(self.ack_button, "overdue")
        self.ack_button.clicked.connect(self.action_ack.trigger)
        self.ticket_button = QPushButton()
        self.ticket_button.setObjectName("to_ticket_button")
        self.ticket_button.clicked.connect(self.action_to_ticket.trigger)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 4, 6, 6)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.ticket_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self._blink = QTimer(self)
        self._blink.setInterval(BLINK_MS)
        self._blink.timeout.connect(self._on_blink)

        self.model.sig_counts_changed.connect(self._refresh)
        self.model.sig_raised.connect(self._on_raised)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        bind(self, store.sig_status, self._on_status)
        for name in ("sig_failed", "sig_succeeded"):
            sig = getattr(operations, name, None)
            if sig is not None:  # a recording stand-in in unit tests has no signals
                bind(self, sig, getattr(self, "_on_op_failed" if name == "sig_failed" else "_on_op_succeeded"))
        self._retranslate()

    # --- state shown -----------------------------------------------------------------------------

    def is_loaded(self) -> bool:
        """Has the store ever held data (a snapshot or the cache)? Before that, alarms are unknown."""
        return self._store.seq > 0 or bool(self._store.kinds())

    def active_count(self) -> int:
        return self.model.active_count()

    @property
    def blinking(self) -> bool:
        return self._blink.isActive()

    def selected_alarm(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.alarm(index.row()) if index.isValid() else None

    def select_alarm(self, alarm_id: str) -> None:
        row = self.model.row_of(alarm_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    def _refresh(self) -> None:
        """Recompute what is shown: list / not loaded / no alarms, banner, blinking, count."""
        if not self.is_loaded():
            status = self._store.status
            text = self.tr("Alarms not loaded")
            if status.state in ("offline", "reconnecting") or status.detail:
                text += "\n" + (status.detail or self.tr("No connection and no cached data"))
            self.empty_label.setText(text)
            set_tone(self.empty_label, "overdue")  # the error colour: unknown is not "all clear"
            self.stack.setCurrentWidget(self.empty_label)
        elif self.model.rowCount() == 0:
            self.empty_label.setText(self.tr("No active alarms"))
            set_tone(self.empty_label, "muted")
            self.stack.setCurrentWidget(self.empty_label)
        else:
            self.stack.setCurrentWidget(self.view)
            self._select_newest_if_none()
        self._refresh_banner()
        active = self.active_count()
        if active and not self._blink.isActive():
            self._blink.start()
        elif not active and self._blink.isActive():
            self._blink.stop()
            self.delegate.blink_on = False
            self.view.viewport().update()
        if active != self._last_active:
            self._last_active = active
            self.sig_active_count_changed.emit(active)
        self._update_buttons()

    def _select_newest_if_none(self) -> None:
        """Nothing chosen yet: the newest alarm is the one to act on (Ctrl+K still asks a note).

        Only while visible: a hidden view scrolls to its current row on first show, with a
        viewport still a few pixels high, and the newest alarm would start scrolled out of sight.
        """
        if self.view.isVisible() and self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._select_newest_if_none()

    def _refresh_banner(self) -> None:
        status = self._store.status
        if self._message:
            text, tone = self._message, self._message_tone
        elif self.is_loaded() and status.state != "live":
            as_of = local_time(status.data_as_of, "%H:%M") if status.data_as_of else local_time(status.since, "%H:%M")
            text, tone = self.tr("Not live: alarms as of %1 may be out of date").replace("%1", as_of), "at_risk"
        else:
            text, tone = "", None
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        set_tone(self.banner, tone)

    def _update_buttons(self) -> None:
        alarm = self.selected_alarm()
        pending = alarm is not None and self._store.pending("alarm", alarm["id"])
        can_ack = alarm is not None and alarm.get("status") == "active" and not pending
        can_ticket = alarm is not None and not alarm.get("ticket_id") and not pending
        for action, button, ok in ((self.action_ack, self.ack_button, can_ack),
                                   (self.action_to_ticket, self.ticket_button, can_ticket)):
            action.setEnabled(ok)
            button.setEnabled(ok)

    # --- handlers --------------------------------------------------------------------------------

    def _on_status(self, _status: Any) -> None:
        self._refresh()

    def _on_blink(self) -> None:
        self.delegate.blink_on = not self.delegate.blink_on
        self.view.viewport().update()

    def _on_raised(self, alarms: list) -> None:
        # One tone per batch, the newest alarm's: a burst must not become a cacophony.
        newest = max(alarms, key=lambda a: a.get("raised_at") or "")
        self.sounds.play(newest.get("type", ""))
        self.view.scrollToTop()  # the new alarm is the top row: it must be in sight

    def ask_note(self, alarm: dict) -> str | None:
        """Ask the officer for the acknowledgement note; None when cancelled."""
        text, ok = QInputDialog.getText(
            self, self.tr("Acknowledge alarm"),
            self.tr("Note for %1 (what was done):").replace("%1", type_name(alarm.get("type", ""))))
        return text.strip() if ok else None

    def _on_ack(self) -> None:
        alarm = self.selected_alarm()
        if alarm is None or alarm.get("status") != "active":
            return
        note = self.ask_note(alarm)
        if note is None:
            return
        self._operations.ack_alarm(alarm["id"], note)
        self._update_buttons()

    def _on_to_ticket(self) -> None:
        alarm = self.selected_alarm()
        if alarm is None or alarm.get("ticket_id"):
            return
        self._operations.alarm_to_ticket(alarm["id"])
        self._update_buttons()

    def _show_message(self, text: str, tone: str) -> None:
        self._message, self._message_tone = text, tone
        self._refresh_banner()
        self._message_timer.start()

    def _clear_message(self) -> None:
        self._message = ""
        self._refresh_banner()

    def _on_op_failed(self, op: Any, code: str, message: str, data: Any) -> None:
        if getattr(op, "kind", None) == "alarm":
            self._show_message(self.tr("Failed: %1").replace("%1", localize(message) or code), "overdue")
        self._update_buttons()

    def _on_op_succeeded(self, op: Any, data: Any) -> None:
        if getattr(op, "name", "").endswith("to_ticket"):
            ticket = (data or {}).get("ticket") or {}
            self._show_message(self.tr("Ticket %1 created").replace("%1", ticket.get("id", "")), "info")
        self._update_buttons()

    # --- language --------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.action_ack.setText(self.tr("Acknowledge"))
        self.action_to_ticket.setText(self.tr("To ticket"))
        self.ack_button.setText(self.tr("Acknowledge") + "  (Ctrl+K)")
        self.ticket_button.setText(self.tr("To ticket") + "  (Ctrl+T)")
        self.model.retranslate()
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
