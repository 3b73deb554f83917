"""The connection indicator of the status bar: what the console knows about its data, honestly.

It adapts `Store.sig_status` and keeps no state of its own: the text is a pure function of the
store's `ConnectionStatus`. It never says "live" unless the state is "live"; when the data on the
wall is cached or frozen, it says since when.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget

from widgets.bridge import bind
from widgets.theme import set_tone

# Tone of each connection state, from the one status scheme (widgets/theme.py).
STATE_TONES = {"live": "ok", "connecting": "info", "reconnecting": "at_risk", "offline": "overdue"}


# English sources, translated in context "StatusIndicator" (QT_TRANSLATE_NOOP marks them for lupdate).
TEXTS = {
    "live": QT_TRANSLATE_NOOP("StatusIndicator", "● Live"),
    "reconnecting": QT_TRANSLATE_NOOP("StatusIndicator", "Reconnecting since %1"),
    "as_of": QT_TRANSLATE_NOOP("StatusIndicator", ", data as of %1"),
    "offline_cached": QT_TRANSLATE_NOOP("StatusIndicator", "Offline, showing cached data from %1"),
    "offline_empty": QT_TRANSLATE_NOOP("StatusIndicator", "Offline, no data"),
    "connecting_cached": QT_TRANSLATE_NOOP("StatusIndicator", "Connecting…, showing cached data from %1"),
    "connecting": QT_TRANSLATE_NOOP("StatusIndicator", "Connecting…"),
    "tooltip": QT_TRANSLATE_NOOP("StatusIndicator", "State: %1 since %2"),
}


def _tr(key: str, arg: str = "", arg2: str = "") -> str:
    text = QCoreApplication.translate("StatusIndicator", TEXTS[key])
    return text.replace("%1", arg).replace("%2", arg2)


def local_time(dt: datetime | None, fmt: str) -> str:
    """Local wall-clock time of a (UTC-aware) datetime; naive values are taken as local already."""
    if dt is None:
        return "--:--"
    return (dt.astimezone() if dt.tzinfo else dt).strftime(fmt)


def describe(status) -> tuple[str, str, str]:
    """(text, tone, tooltip) for a `ConnectionStatus`: what the indicator shows in that state."""
    state = status.state
    as_of = status.data_as_of
    if state == "live":
        text = _tr("live")
    elif state == "reconnecting":
        text = _tr("reconnecting", local_time(status.since, "%H:%M:%S"))
        if as_of is not None:
            text += _tr("as_of", local_time(as_of, "%H:%M"))
    elif state == "offline":
        text = _tr("offline_cached", local_time(as_of, "%H:%M")) if as_of is not None else _tr("offline_empty")
    elif as_of is not None:  # connecting with a cache loaded
        text = _tr("connecting_cached", local_time(as_of, "%H:%M"))
    else:
        text = _tr("connecting")
    tooltip = _tr("tooltip", state, local_time(status.since, "%Y-%m-%d %H:%M:%S"))
    if status.detail:
        tooltip += "\n" + status.detail
    return text, STATE_TONES.get(state, "overdue"), tooltip


class StatusIndicator(QLabel):
    """Shows the store's connection status in the status colour of its state."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setObjectName("status_indicator")
        bind(self, store.sig_status, self._on_status)
        self._render()

    def _on_status(self, _status) -> None:
        self._render()

    def _render(self) -> None:
        text, tone, tooltip = describe(self._store.status)
        self.setText(text)
        self.setToolTip(tooltip)
        set_tone(self, tone)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

