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
from .fit_scroll import FitScroll
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
        # Built when first shown: five dashboards of pyqtgraph plots cost ~0.5 s, and the console
        # opens on the board; only "today" is built with the panel.
        self._factories = [lambda: KpiBoard(store, self.feed, self.live, big=40),
                           lambda: TicketDashboard(store, self.feed),
                           lambda: PopulationDashboard(store, self.feed),
                           lambda: StaffDashboard(store, self.feed),
                           lambda: AlarmDashboard(store, self.feed, self.live)]
        self._built: list[QWidget | None] = [None] * len(self._factories)
        self.tabs = QTabWidget()
        sized(self.tabs, 16, transparent=False)
        for _ in self._factories:
            self.tabs.addTab(QWidget(), "")
        self.page(0)
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

    def page(self, index: int) -> Any:
        """The dashboard of tab `index`, built (and put in its tab) on first use."""
        built = self._built[index]
        if built is None:
            built = self._built[index] = self._factories[index]()
            self._apply_root(built)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)  # swapping the placeholder is not the user changing tabs
            placeholder = self.tabs.widget(index)
            text = self.tabs.tabText(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, FitScroll(built), text)  # scrolls on a short screen
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            placeholder.deleteLater()
        return built

    @property
    def pages(self) -> list[Any]:
        return [self.page(i) for i in range(len(self._factories))]

    kpi = property(lambda self: self.page(0))
    tickets = property(lambda self: self.page(1))
    population = property(lambda self: self.page(2))
    staff = property(lambda self: self.page(3))
    alarms = property(lambda self: self.page(4))

    def current(self):
        return self.page(max(self.tabs.currentIndex(), 0))

    def refresh_current(self) -> None:
        if self.session.signed_in:
            self.current().refresh()
        self.current().schedule()

    def _on_tab(self, index: int) -> None:
        page = self.page(max(index, 0))
        stale = page.last_refresh is None or (page.now() - page.last_refresh).total_seconds() > REFRESH_S
        if stale and self.session.signed_in:
            page.refresh()
        page.schedule()

    def _on_status(self, status: Any) -> None:
        live = status.state == "live"
        if live and not self._was_live:
            self.refresh_current()  # back online: what we show may be old
        self._was_live = live

    def _apply_root(self, page: Any) -> None:
        """A dashboard with no region yet starts at the top of the street."""
        from .dashboard_base import default_root
        root = default_root(self.store)
        if page.region_id is None and root is not None:
            page.region_id = root
            if hasattr(page, "path"):
                page.path.set_region(root)

    def _on_reset(self) -> None:
        for page in self._built:
            if page is not None:
                self._apply_root(page)
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
