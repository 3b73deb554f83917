"""The statistics panel of the main window: dashboards as tabs over one StatsFeed and LiveCounters.

Period figures are asked for when a page is first shown, every `REFRESH_S` seconds for the page on
screen, when the connection comes back live, and on the refresh button; live counters follow the
Store's events without asking the server.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from console.stats_feed import StatsFeed
from console.stats_live import LiveCounters

from .bridge import bind
from .dashboard_live import KpiBoard
from .dashboard_population import PopulationDashboard
from .dashboard_staff import AlarmDashboard, StaffDashboard
from .dashboard_tickets import TicketDashboard
from .charts_base import sized
from .theme import ui_font

REFRESH_S = 60


class ChartsPanel(QWidget):
    """Tabs: today, ticket indicators, population, staff ranking, alarms."""

    def __init__(self, store: Any, operations: Any, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartsPanel")
        self.store, self.session = store, session
        self.feed = StatsFeed(operations)
        self.live = LiveCounters(store)
        self.kpi = KpiBoard(store, self.feed, self.live, big=40)
        self.tickets = TicketDashboard(store, self.feed)
        self.population = PopulationDashboard(store, self.feed)
        self.staff = StaffDashboard(store, self.feed)
        self.alarms = AlarmDashboard(store, self.feed, self.live)
        self.pages = [self.kpi, self.tickets, self.population, self.staff, self.alarms]
        self.tabs = QTabWidget()
        sized(self.tabs, 16, transparent=False)
        for page in self.pages:
            self.tabs.addTab(page, "")
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_current)
        self.tabs.setCornerWidget(self.refresh_button)
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_S * 1000)
        self.timer.timeout.connect(self.refresh_current)
        self.timer.start()
        self._was_live = store.status.state == "live"
        bind(self, store.sig_status, self._on_status)
        bind(self, store.sig_reset, self._on_reset)
        self.destroyed.connect(lambda *_: None)
        self.retranslate()
        self._on_tab(0)

    def current(self):
        return self.pages[max(self.tabs.currentIndex(), 0)]

    def refresh_current(self) -> None:
        if self.session.signed_in:
            self.current().refresh()
        self.current().schedule()

    def _on_tab(self, index: int) -> None:
        page = self.pages[max(index, 0)]
        stale = page.last_refresh is None or (page.now() - page.last_refresh).total_seconds() > REFRESH_S
        if stale and self.session.signed_in:
            page.refresh()
        page.schedule()

    def _on_status(self, status: Any) -> None:
        live = status.state == "live"
        if live and not self._was_live:
            self.refresh_current()  # back online: what we show may be old
        self._was_live = live

    def _on_reset(self) -> None:
        from .dashboard_base import default_root
        root = default_root(self.store)
        for page in (self.tickets, self.population):
            if page.region_id is None and root is not None:
                page.region_id = root
                page.path.set_region(root)
        for page in (self.kpi, self.staff, self.alarms):
            if page.region_id is None:
                page.region_id = root
        self.refresh_current()

    def retranslate(self) -> None:
        names = [self.tr("Today"), self.tr("Tickets"), self.tr("Population"), self.tr("Staff ranking"),
                 self.tr("Alarms")]
        for i, name in enumerate(names):
            self.tabs.setTabText(i, name)
        self.refresh_button.setText(self.tr("Refresh"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.timer.stop()
        super().closeEvent(event)
