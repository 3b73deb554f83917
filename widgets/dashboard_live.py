"""Today at a glance: live counters from the Store (every event, redrawn once per frame) and the
month's headline indicators from `stats.query`. The same page is the briefing's big-number page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.stats_feed import period_of
from console.stats_labels import STATUS, label

from .bridge import bind
from .charts_bars import CategoryBars
from .charts_base import ChartFrame, KpiTile, tr
from .dashboard_base import Dashboard, default_root
from .dashboard_tickets import INDICATORS, indicator_text, indicator_tone
from .i18n import is_english
from .charts_base import sized
from .theme import STATUS_COLORS, set_tone, ui_font

LIVE_TILES = [
    ("reported_today", QT_TRANSLATE_NOOP("Charts", "Reported today"), "info"),
    ("closed_today", QT_TRANSLATE_NOOP("Charts", "Closed today"), "ok"),
    ("open", QT_TRANSLATE_NOOP("Charts", "Open now"), None),
    ("overdue_open", QT_TRANSLATE_NOOP("Charts", "Overdue now"), "overdue"),
    ("at_risk_open", QT_TRANSLATE_NOOP("Charts", "At risk now"), "at_risk"),
    ("alarms_active", QT_TRANSLATE_NOOP("Charts", "Alarms waiting"), "overdue"),
]
OPEN_STATUSES = ("reported", "accepted", "dispatched", "in_progress", "feedback", "verified")
MONTH_HEADING = QT_TRANSLATE_NOOP("Charts", "This month")
TODAY_HEADING = QT_TRANSLATE_NOOP("Charts", "Today (live)")


class KpiBoard(Dashboard):
    """Big numbers: today's live counters, the month's indicators, and open tickets by status."""

    def __init__(self, store: Any, feed, live, parent: QWidget | None = None, big: int = 48) -> None:
        super().__init__(store, feed, parent)
        self.live = live
        self.region_id = default_root(store)
        bind(self, live.sig_changed, self.schedule)
        self.today_heading = QLabel()
        self.month_heading = QLabel()
        for h in (self.today_heading, self.month_heading):
            sized(h, max(big // 2, 18))
            set_tone(h, "muted")
        self.live_tiles = {k: KpiTile(caption, big=big) for k, caption, _ in LIVE_TILES}
        self.month_tiles = {f: KpiTile(caption, big=big) for f, caption, _, _ in INDICATORS}
        self.by_status = CategoryBars(slots=len(OPEN_STATUSES))
        self.status_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Open tickets by status (live)"), self.by_status)
        live_row = QHBoxLayout()
        for t in self.live_tiles.values():
            live_row.addWidget(t)
        month_row = QHBoxLayout()
        for t in self.month_tiles.values():
            month_row.addWidget(t)
        layout = QVBoxLayout(self)
        layout.addWidget(self.today_heading)
        layout.addLayout(live_row, 2)
        layout.addWidget(self.month_heading)
        layout.addLayout(month_row, 2)
        layout.addWidget(self.status_frame, 3)
        self.retranslate()

    def queries(self) -> dict[str, tuple[str, dict[str, Any]]]:
        return {"month": ("stats.query", {**period_of("month", self.now()).args, "region_id": self.region_id})}

    def retranslate(self) -> None:
        self.today_heading.setText(tr(TODAY_HEADING))
        self.month_heading.setText(tr(MONTH_HEADING))

    def redraw(self) -> None:
        for key, _, tone in LIVE_TILES:
            value = self.live.get(key)
            self.live_tiles[key].set_value(f"{value:,}", tone if value else ("ok" if tone == "overdue" else None))
        counts = self.live.snapshot()["open_by_status"]
        en = is_english()
        self.by_status.set_values([label(STATUS, s, en) for s in OPEN_STATUSES], [counts.get(s, 0) for s in OPEN_STATUSES],
                                  [STATUS_COLORS["info"]] * len(OPEN_STATUSES))
        month = self.data_for(None, "month")
        failed = self.failure("month")
        for field, tile in self.month_tiles.items():
            if month is None:
                tile.set_value("!" if failed else "…", "overdue" if failed else "muted")
            else:
                value = month["total"][field]
                tile.set_value(indicator_text(field, value), indicator_tone(field, value))
        self.month_heading.setText(tr(MONTH_HEADING) + (f" — {tr('Failed to load: %1').replace('%1', failed)}"
                                                        if failed else ""))
        set_tone(self.month_heading, "overdue" if failed else "muted")


__all__ = ["KpiBoard", "QGridLayout"]
