"""Briefing mode: the wall shows a playlist of pages full screen, for a presenter with a remote.

Pages are the big-number KPI page and the chart pages (built here), and widgets lent by the main
window (map, camera wall, board) through providers: `take()` hands a widget over, `give_back(w)`
returns it when the briefing ends, so nothing is built twice. Every page sits in one stacked widget
from the start, so switching is a single setCurrentIndex: no flash, no reload between pages.
The order, dwell and keys are `console.briefing.Playlist`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from console.briefing import PageSpec, Playlist
from console.stats_feed import StatsFeed
from console.stats_live import LiveCounters

from .charts_base import sized
from .dashboard_live import KpiBoard
from .dashboard_population import PopulationDashboard
from .dashboard_staff import AlarmDashboard, StaffDashboard
from .dashboard_tickets import TicketDashboard
from .screen_fit import keep_on_screen
from .theme import COLORS, set_tone

log = logging.getLogger(__name__)
TICK_MS = 250
REFRESH_S = 60
BUILT_IN = {"kpi": "核心指标", "tickets": "事件指标", "population": "人口结构", "staff": "绩效排名", "alarms": "报警统计"}
DEFAULT_PAGES = [("kpi", 20), ("tickets", 20), ("population", 20), ("staff", 15), ("alarms", 15)]
_KEY_NAMES = {Qt.Key.Key_PageDown: "PageDown", Qt.Key.Key_PageUp: "PageUp", Qt.Key.Key_Right: "Right",
              Qt.Key.Key_Left: "Left", Qt.Key.Key_Down: "Down", Qt.Key.Key_Up: "Up", Qt.Key.Key_Space: "Space",
              Qt.Key.Key_Period: "Period", Qt.Key.Key_B: "B", Qt.Key.Key_Escape: "Escape"}


@dataclass
class BriefingPage:
    """A page description: `provider` (with take()/give_back(widget)) lends a widget; None = built here."""

    key: str
    title: str = ""
    dwell: float = 20.0
    provider: Any = None


def _page(p: Any) -> BriefingPage:
    if isinstance(p, BriefingPage):
        return p
    if isinstance(p, dict):
        return BriefingPage(p["key"], p.get("title", ""), p.get("dwell", 20.0), p.get("provider"))
    return BriefingPage(p.key, getattr(p, "title", ""), getattr(p, "dwell", 20.0), getattr(p, "provider", None))


class BriefingWindow(QWidget):
    """Full-screen playlist; `start(screen)`, `stop()`; `sig_finished` when the briefing ended."""

    sig_finished = Signal()
    """The briefing ended (Esc, stop() or the window closed); every borrowed widget is back."""

    def __init__(self, store: Any, operations: Any, session: Any, pages: list[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("briefingWindow")
        keep_on_screen(self)  # full screen on a wall PC's bare X session too
        self.setStyleSheet(f"#briefingWindow {{ background: {COLORS['bg']}; }}")
        self.store, self.session = store, session
        self.feed = StatsFeed(operations)
        self.live = LiveCounters(store)
        specs = [_page(p) for p in pages] or [BriefingPage(k, BUILT_IN[k], d) for k, d in DEFAULT_PAGES]
        self.specs = [s if s.title else BriefingPage(s.key, BUILT_IN.get(s.key, s.key), s.dwell, s.provider)
                      for s in specs]
        self.playlist = Playlist([PageSpec(s.key, s.title, s.dwell) for s in self.specs])
        self.playlist.sig_page.connect(self._on_page)
        self.playlist.sig_paused.connect(lambda _p: self._update_bar())
        self.playlist.sig_leave.connect(self.stop)
        self.stack = QStackedWidget()
        self.title = QLabel()
        self.position = QLabel()
        self.paused_label = QLabel()
        for label, size in ((self.title, 22), (self.position, 18), (self.paused_label, 18)):
            sized(label, size, bold=label is self.title)
        set_tone(self.position, "muted")
        set_tone(self.paused_label, "at_risk")
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 4, 16, 4)
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.paused_label)
        bar.addWidget(self.position)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)
        self.borrowed: list[tuple[Any, QWidget]] = []
        self.dashboards: list[Any] = []
        self.running = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_S * 1000)
        self._refresh.timeout.connect(self.refresh)
        self._last_tick = 0.0

    # --- pages ------------------------------------------------------------------------------------

    def _build(self, spec: BriefingPage) -> QWidget:
        if spec.provider is not None:
            try:
                widget = spec.provider.take()
            except Exception as exc:  # noqa: BLE001 -- a page that cannot come must not stop the briefing
                log.exception("briefing page %s could not be borrowed", spec.key)
                return self._message(f"{spec.title}：无法显示 ({exc})")
            self.borrowed.append((spec.provider, widget))
            return widget
        makers = {"kpi": lambda: KpiBoard(self.store, self.feed, self.live, big=64),
                  "tickets": lambda: TicketDashboard(self.store, self.feed, big=44),
                  "population": lambda: PopulationDashboard(self.store, self.feed, big=44),
                  "staff": lambda: StaffDashboard(self.store, self.feed),
                  "alarms": lambda: AlarmDashboard(self.store, self.feed, self.live, big=48)}
        if spec.key not in makers:
            return self._message(f"{spec.title}：没有提供此页面 (no provider for page {spec.key!r})")
        board = makers[spec.key]()
        self.dashboards.append(board)
        return board

    def _message(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sized(label, 24)
        set_tone(label, "overdue")
        return label

    # --- control ----------------------------------------------------------------------------------

    def start(self, screen: QScreen | None = None) -> None:
        """Borrow and build every page, then show full screen on `screen` (the primary one if None)."""
        if self.running:
            return
        self.running = True
        for spec in self.specs:
            self.stack.addWidget(self._build(spec))
        self.refresh()
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.playlist.go(0)
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()
        self._last_tick = time.monotonic()
        self._timer.start()
        self._refresh.start()

    def stop(self) -> None:
        """Give every borrowed widget back and close; safe to call twice."""
        if not self.running:
            return
        self.running = False
        self._timer.stop()
        self._refresh.stop()
        for provider, widget in self.borrowed:
            self.stack.removeWidget(widget)
            widget.setParent(None)
            try:
                provider.give_back(widget)
            except Exception:  # noqa: BLE001
                log.exception("briefing could not give a page back")
        self.borrowed.clear()
        self.hide()
        self.sig_finished.emit()

    def refresh(self) -> None:
        if self.session is None or getattr(self.session, "signed_in", True):
            for board in self.dashboards:
                board.refresh()

    def _on_tick(self) -> None:
        now = time.monotonic()
        self.playlist.advance(now - self._last_tick)
        self._last_tick = now
        self._update_bar()

    def _on_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self._update_bar()

    def _update_bar(self) -> None:
        p = self.playlist
        self.title.setText(p.current.title)
        self.position.setText(f"{p.index + 1}/{len(p.pages)}  {p.remaining:.0f}s")
        self.paused_label.setText(self.tr("Paused") if p.paused else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        name = _KEY_NAMES.get(Qt.Key(event.key()))
        if name is not None and self.playlist.command(name):
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.stop()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._update_bar()
        super().changeEvent(event)
