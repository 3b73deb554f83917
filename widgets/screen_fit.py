"""Maximised and full-screen windows on an X session with no window manager.

A wall PC often runs a bare X session (xinit straight into the console). There, maximize and
full screen are only flags on the window: nobody resizes it. `--wall` showed a 1280x720 window in
the corner of the wall, and a maximised window restored from the saved session sat 25 px down
(Qt's guess at a title bar). `fill_screen` gives such a window its screen's rectangle itself, a
moment after the window manager would have (so a real one always goes first).

With a window manager nothing changes: a full-screen window already covers its screen, and a
maximised window with a frame (a title bar) is the manager's business. Only an undecorated
maximised window is sized here, to the screen's available area.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtWidgets import QWidget

SETTLE_MS = 250  # after a show or a state change: a window manager has resized the window by then


def wanted_rect(window: QWidget) -> QRect | None:
    """The rectangle `window`'s state asks for where nobody else gives it one, or None."""
    screen = window.screen()
    if screen is None:
        return None
    if window.isFullScreen():
        return screen.geometry()
    if window.isMaximized() and window.frameGeometry() == window.geometry():
        return screen.availableGeometry()
    return None


def fill_screen(window: QWidget) -> bool:
    """Give a full-screen or undecorated maximised window the rectangle of its screen; True if moved."""
    if not window.isVisible():
        return False
    target = wanted_rect(window)
    if target is None or window.geometry() == target:
        return False
    state = window.windowState()
    window.setGeometry(target)
    if window.windowState() != state:  # Qt drops "maximised" on a resize: it is still meant
        window.setWindowState(state)
    return True


class _ScreenFit(QObject):
    """Checks its window a moment after each show and each change of window state."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(lambda: fill_screen(window))
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Show, QEvent.Type.WindowStateChange):
            self._timer.start()
        return False


def keep_on_screen(window: QWidget) -> _ScreenFit:
    """Watch `window` for the rest of its life (the watcher is its child)."""
    return _ScreenFit(window)
