"""决策参考: ticket indicators of a region and period, drill-down street → community → grid, the
30-day trend, by category and by source. Period figures come from `stats.query`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.stats_feed import period_of
from console.stats_labels import CATEGORY, SOURCE, fmt_hours, fmt_rate, label

from .charts_bars import CategoryBars
from .charts_base import ChartFrame, KpiTile, rate_tone, tone_color
from .charts_donut import DonutChart
from .charts_trend import TrendChart
from .dashboard_base import Dashboard, PeriodSwitch, RegionPath, child_level, default_root
from .i18n import is_english
from .charts_base import sized
from .theme import ui_font

# (indicator field, caption, is a rate, higher is better)
INDICATORS = [
    ("close_rate", QT_TRANSLATE_NOOP("Charts", "Closure rate"), True, True),
    ("on_time_rate", QT_TRANSLATE_NOOP("Charts", "On-time closure rate"), True, True),
    ("rework_rate", QT_TRANSLATE_NOOP("Charts", "Rework rate"), True, False),
    ("extension_rate", QT_TRANSLATE_NOOP("Charts", "Extension rate"), True, False),
    ("avg_handling_minutes", QT_TRANSLATE_NOOP("Charts", "Avg. handling (h)"), False, False),
    ("overdue_open", QT_TRANSLATE_NOOP("Charts", "Overdue open"), False, False),
]
THRESHOLDS = {"close_rate": (0.9, 0.75), "on_time_rate": (0.85, 0.7), "rework_rate": (0.1, 0.2),
              "extension_rate": (0.1, 0.2)}


def indicator_text(field: str, value: Any) -> str:
    if field == "avg_handling_minutes":
        return fmt_hours(value)
    if field == "overdue_open":
        return "—" if value is None else str(value)
    return fmt_rate(value)


def indicator_tone(field: str, value: Any) -> str | None:
    if field in THRESHOLDS:
        good, fair = THRESHOLDS[field]
        return rate_tone(value, good, fair, higher_is_better=field in ("close_rate", "on_time_rate"))
    if field == "overdue_open":
        return "muted" if value is None else ("ok" if value == 0 else "overdue")
    return None


class TicketDashboard(Dashboard):
    """KPIs of the chosen region and period, the chosen indicator per child region, trend, category, source."""

    def __init__(self, store: Any, feed, parent: QWidget | None = None, big: int = 34) -> None:
        super().__init__(store, feed, parent)
        self.region_id = default_root(store)
        self.period_switch = PeriodSwitch("month")
        self.period_switch.sig_changed.connect(lambda _k: self.refresh())
        self.path = RegionPath(store)
        self.path.sig_chosen.connect(self.drill)
        self.indicator = QComboBox()
        sized(self.indicator, 15, transparent=False)
        self.indicator.currentIndexChanged.connect(lambda _i: self.schedule())
        self.tiles = {f: KpiTile(caption, big=big) for f, caption, _, _ in INDICATORS}
        self.by_region = CategoryBars(slots=24)
        self.by_region.sig_bar_clicked.connect(self._on_region_bar)
        self.region_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "By region (click a bar to drill down)"),
                                       self.by_region)
        self.trend = TrendChart(series=2)
        self.trend_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Last 30 days"), self.trend)
        self.by_category = CategoryBars(slots=12, horizontal=True, fmt=lambda v: f"{v:g}")
        self.category_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Tickets due by category"), self.by_category)
        self.by_source = DonutChart(slots=7)
        self.source_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Tickets due by source"), self.by_source)
        self.stamp = QLabel()
        sized(self.stamp, 13)

        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(self.indicator)
        top.addWidget(self.period_switch)
        top.addWidget(self.stamp)
        kpis = QHBoxLayout()
        for t in self.tiles.values():
            kpis.addWidget(t)
        grid = QGridLayout()
        grid.addWidget(self.region_frame, 0, 0)
        grid.addWidget(self.trend_frame, 0, 1)
        grid.addWidget(self.category_frame, 1, 0)
        grid.addWidget(self.source_frame, 1, 1)
        for i in range(2):
            grid.setRowStretch(i, 1)
            grid.setColumnStretch(i, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(kpis)
        layout.addLayout(grid, 1)
        self.retranslate()
        self.path.set_region(self.region_id)

    # --- questions --------------------------------------------------------------------------------

    def queries(self) -> dict[str, tuple[str, dict[str, Any]]]:
        now = self.now()
        period = self.period_switch.period(now).args
        last30 = period_of("last30", now).args
        r = {"region_id": self.region_id}
        return {
            "regions": ("stats.query", {**period, **r, "group_by": "region"}),
            "trend": ("stats.query", {**last30, **r, "group_by": "day"}),
            "category": ("stats.query", {**period, **r, "group_by": "category"}),
            "source": ("stats.query", {**period, **r, "group_by": "source"}),
        }

    def drill(self, region_id: str | None) -> None:
        """Show `region_id` (its children in the region chart); refetches."""
        self.region_id = region_id
        self.path.set_region(region_id)
        self.refresh()

    def _on_region_bar(self, index: int) -> None:
        data = self.feed.data(self.key("regions"))
        if not data or index >= len(data["groups"]) or child_level(self.store, self.region_id) >= 3:
            return  # grids are the finest level the indicators are kept for
        self.drill(data["groups"][index]["key"])

    # --- painting ---------------------------------------------------------------------------------

    def redraw(self) -> None:
        en = is_english()
        regions = self.data_for(self.region_frame, "regions")
        failed = self.failure("regions")
        total = regions["total"] if regions else None
        for field, tile in self.tiles.items():
            if total is None:
                tile.set_value("!" if failed else "…", "overdue" if failed else "muted")
                continue
            tile.set_value(indicator_text(field, total[field]), indicator_tone(field, total[field]))
        if regions is not None:
            field = INDICATORS[max(self.indicator.currentIndex(), 0)][0]
            groups = regions["groups"]
            if not groups:
                self.region_frame.set_state("empty")
            values = [g[field] if field != "avg_handling_minutes" or g[field] is None else g[field] / 60
                      for g in groups]
            colors = [tone_color(indicator_tone(field, g[field])).name() for g in groups]
            is_rate = field in THRESHOLDS
            self.by_region.fmt = (lambda v: f"{v * 100:.1f}%") if is_rate else (lambda v: f"{v:.1f}" if
                                                                                 isinstance(v, float) else f"{v}")
            self.by_region.set_values([g["name"] for g in groups], values, colors, limit=1.0 if is_rate else None)
        trend = self.data_for(self.trend_frame, "trend")
        if trend is not None:
            groups = trend["groups"]
            self.trend.set_series([g["key"] for g in groups], [[g["close_rate"] for g in groups],
                                                               [g["on_time_rate"] for g in groups]],
                                  [self.tr("Closure rate"), self.tr("On-time closure rate")])
        cat = self.data_for(self.category_frame, "category")
        if cat is not None:
            groups = sorted(cat["groups"], key=lambda g: -g["due_to_close"])
            if not groups:
                self.category_frame.set_state("empty")
            self.by_category.set_values([label(CATEGORY, g["key"], en) for g in groups],
                                        [g["due_to_close"] for g in groups])
        src = self.data_for(self.source_frame, "source")
        if src is not None:
            if not src["groups"]:
                self.source_frame.set_state("empty")
            self.by_source.set_values([(label(SOURCE, g["key"], en), g["due_to_close"]) for g in src["groups"]],
                                      other_label=self.tr("Other"))
        if self.last_refresh is not None:
            self.stamp.setText(self.tr("as of %1").replace("%1", self.last_refresh.astimezone().strftime("%H:%M")))

    def retranslate(self) -> None:
        from .charts_base import tr
        current = self.indicator.currentIndex()
        self.indicator.blockSignals(True)
        self.indicator.clear()
        self.indicator.addItems([tr(caption) for _, caption, _, _ in INDICATORS])
        self.indicator.setCurrentIndex(max(current, 0))
        self.indicator.blockSignals(False)
        for field, caption, _, _ in INDICATORS:
            self.tiles[field]._caption_source = caption
            self.tiles[field].retranslate()
