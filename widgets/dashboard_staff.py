"""The monthly performance ranking of staff (`stats.staff`) and alarm counts (`stats.alarms`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHBoxLayout, QHeaderView, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from console.stats_feed import period_of
from console.stats_labels import ALARM_TYPE, fmt_rate, label

from .charts_bars import CategoryBars
from .charts_base import ChartFrame, KpiTile, rate_tone, tone_color
from .charts_trend import TrendChart
from .dashboard_base import Dashboard, PeriodSwitch, default_root
from .i18n import is_english
from .charts_base import sized
from .theme import ui_font

RANK_ROWS = 15


class StaffDashboard(Dashboard):
    """Score bars of the best staff and the ranking table (workload, on-time rate, satisfaction, score)."""

    def __init__(self, store: Any, feed, parent: QWidget | None = None) -> None:
        super().__init__(store, feed, parent)
        self.region_id = default_root(store)
        self.period_switch = PeriodSwitch("month")
        self.period_switch.sig_changed.connect(lambda _k: self.refresh())
        self.scores = CategoryBars(slots=RANK_ROWS, horizontal=True, fmt=lambda v: f"{v:.1f}")
        self.scores_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Performance score (0–100)"), self.scores)
        self.table = QTableWidget(RANK_ROWS, 8)
        sized(self.table, 15, transparent=False)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Staff ranking"), self.table)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.period_switch)
        body = QHBoxLayout()
        body.addWidget(self.scores_frame, 2)
        body.addWidget(self.table_frame, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.retranslate()

    def queries(self) -> dict[str, tuple[str, dict[str, Any]]]:
        period = self.period_switch.period(self.now()).args
        return {"staff": ("stats.staff", {**period, "region_id": self.region_id, "limit": RANK_ROWS})}

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Rank"), self.tr("Name"), self.tr("Duty"), self.tr("Grids"),
                                              self.tr("Workload"), self.tr("On-time rate"), self.tr("Satisfaction"),
                                              self.tr("Score")])

    def redraw(self) -> None:
        data = self.data_for(self.scores_frame, "staff")
        self.data_for(self.table_frame, "staff")
        if data is None:
            return
        rows = data["rows"]
        if not rows:
            self.scores_frame.set_state("empty")
            self.table_frame.set_state("empty")
            return
        self.scores.set_values([f"{r['rank']}. {r['name']}" for r in rows], [r["score"] for r in rows],
                               [tone_color(rate_tone(None if r["score"] is None else r["score"] / 100, 0.85, 0.7))
                                .name() for r in rows], limit=100)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            sat = "—" if r["satisfaction"] is None else f"{r['satisfaction']:.1f}"
            score = "—" if r["score"] is None else f"{r['score']:.1f}"
            cells = [str(r["rank"]), r["name"], r["role_name"] if not is_english() else r["role"],
                     "、".join(r["region_names"]), str(r["workload"]), fmt_rate(r["on_time_rate"]), sat, score]
            for j, text in enumerate(cells):
                item = self.table.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(i, j, item)
                item.setText(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter if j != 3 else Qt.AlignmentFlag.AlignLeft
                                      | Qt.AlignmentFlag.AlignVCenter)


class AlarmDashboard(Dashboard):
    """Alarms this month by type and per day, how fast they were answered, and today's live figures."""

    def __init__(self, store: Any, feed, live, parent: QWidget | None = None, big: int = 34) -> None:
        super().__init__(store, feed, parent)
        self.live = live
        self.region_id = default_root(store)
        from .bridge import bind
        bind(self, live.sig_changed, self.schedule)
        self.tiles = {
            "month": KpiTile(QT_TRANSLATE_NOOP("Charts", "Alarms this month"), big=big),
            "avg_ack": KpiTile(QT_TRANSLATE_NOOP("Charts", "Avg. time to acknowledge"), big=big),
            "today": KpiTile(QT_TRANSLATE_NOOP("Charts", "Alarms today"), big=big),
            "active": KpiTile(QT_TRANSLATE_NOOP("Charts", "Unacknowledged now"), big=big),
        }
        self.by_type = CategoryBars(slots=10, horizontal=True)
        self.type_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Alarms by type (this month)"), self.by_type)
        self.per_day = TrendChart(series=1, percent=False)
        self.day_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Alarms per day (30 days)"), self.per_day)
        kpis = QHBoxLayout()
        for t in self.tiles.values():
            kpis.addWidget(t)
        grid = QGridLayout()
        grid.addWidget(self.type_frame, 0, 0)
        grid.addWidget(self.day_frame, 0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(kpis)
        layout.addLayout(grid, 1)

    def queries(self) -> dict[str, tuple[str, dict[str, Any]]]:
        now = self.now()
        r = {"region_id": self.region_id}
        return {"month": ("stats.alarms", {**period_of("month", now).args, **r}),
                "days": ("stats.alarms", {**period_of("last30", now).args, **r})}

    def redraw(self) -> None:
        en = is_english()
        self.tiles["today"].set_value(str(self.live.get("alarms_today")), "info")
        active = self.live.get("alarms_active")
        self.tiles["active"].set_value(str(active), "overdue" if active else "ok")
        month = self.data_for(self.type_frame, "month")
        if month is None:
            failed = self.failure("month")
            for k in ("month", "avg_ack"):
                self.tiles[k].set_value("!" if failed else "…", "overdue" if failed else "muted")
        else:
            self.tiles["month"].set_value(str(month["total"]))
            avg = month["avg_ack_seconds"]
            self.tiles["avg_ack"].set_value("—" if avg is None else self.tr("%1 min").replace("%1", f"{avg / 60:.1f}"),
                                            "muted" if avg is None else ("ok" if avg <= 180 else "at_risk"))
            items = sorted(month["by_type"].items(), key=lambda kv: -kv[1])
            if not items:
                self.type_frame.set_state("empty")
            self.by_type.set_values([label(ALARM_TYPE, k, en) for k, _ in items], [v for _, v in items])
        days = self.data_for(self.day_frame, "days")
        if days is not None:
            self.per_day.set_series([d["key"] for d in days["days"]], [[d["count"] for d in days["days"]]],
                                    [self.tr("Alarms")])
