"""The responsibility axis (责任轴) of a ticket: who held it, when, and for how long.

A horizontal bar chart painted with QPainter: one row per hold (person and grid), bars on one
shared time axis, the duration written on each bar, the current holder in the info colour and
still growing. The rows come from the `responsibility` list of a `ticket.get` reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from console import board

from .i18n import Bilingual
from .ticket_card import COLORS, STATUS_COLORS, span_text
from .ticket_models import utc_now

LEVEL_ZH = Bilingual({0: "分包领导", 1: "街道", 2: "社区", 3: "网格", 4: "微网格"},
                     {0: "Street leader", 1: "Street", 2: "Community", 3: "Grid", 4: "Micro-grid"})


@dataclass(frozen=True)
class HoldBar:
    """One row of the chart; `until` None means the holder still has the ticket."""

    label: str
    since: datetime
    until: datetime | None


def hold_bars(holds: list[dict], name_of: Callable[[dict], str]) -> list[HoldBar]:
    """Rows from the wire holds ({holder_id, region_id, level, since, until}), oldest first."""
    bars = []
    for h in holds:
        since = board.parse_time(h.get("since"))
        if since is not None:
            bars.append(HoldBar(name_of(h), since, board.parse_time(h.get("until"))))
    return sorted(bars, key=lambda b: b.since)


class ResponsibilityChart(QWidget):
    """Paints `HoldBar`s against time; asks for one row of height per hold."""

    ROW = 34
    AXIS = 30

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self._clock = clock
        self.bars: list[HoldBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMinimumHeight(self.ROW + self.AXIS)

    def set_bars(self, bars: list[HoldBar]) -> None:
        self.bars = list(bars)
        self.setMinimumHeight(max(len(self.bars), 1) * self.ROW + self.AXIS + 8)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, max(len(self.bars), 1) * self.ROW + self.AXIS + 8)

    def span(self) -> tuple[datetime, datetime]:
        now = self._clock()
        start = min(b.since for b in self.bars)
        end = max((b.until or now) for b in self.bars)
        return start, max(end, start + timedelta(minutes=1))  # a zero-length axis cannot be drawn

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        if not self.bars:
            p.setPen(QColor(COLORS["muted"]))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No responsibility records yet"))
            return
        now = self._clock()
        start, end = self.span()
        total = (end - start).total_seconds()
        label_w = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + 16, self.width() * 2 // 5)
        left, right = label_w, self.width() - 12
        width = max(right - left, 10)

        def x_of(t: datetime) -> int:
            return left + int(width * (t - start).total_seconds() / total)

        for i, bar in enumerate(self.bars):
            y = i * self.ROW + 4
            p.setPen(QColor(COLORS["text"]))
            p.drawText(QRect(0, y, label_w - 8, self.ROW - 8),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(bar.label, Qt.TextElideMode.ElideLeft, label_w - 8))
            x0, x1 = x_of(bar.since), x_of(bar.until or now)
            rect = QRect(x0, y + 4, max(x1 - x0, 3), self.ROW - 16)
            current = bar.until is None
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(STATUS_COLORS["info"] if current else COLORS["muted"]))
            p.drawRoundedRect(rect, 3, 3)
            text = span_text(((bar.until or now) - bar.since).total_seconds()) + (self.tr(" (holding)") if current else "")
            tw = fm.horizontalAdvance(text) + 8
            inside = rect.width() >= tw
            # Inside the bar when it fits, else just after it (or before, at the right edge).
            tx = rect.left() + 4 if inside else (rect.right() + 6 if rect.right() + tw < right else rect.left() - tw)
            p.setPen(QColor(COLORS["bg"] if inside else COLORS["text"]))
            p.drawText(QRect(tx, rect.top(), tw, rect.height()), Qt.AlignmentFlag.AlignVCenter, text)

        # The time axis: start, three ticks, end, in local time.
        axis_y = len(self.bars) * self.ROW + 6
        p.setPen(QPen(QColor(COLORS["border"]), 1))
        p.drawLine(left, axis_y, right, axis_y)
        p.setPen(QColor(COLORS["muted"]))
        fmt = "%H:%M" if board.local_day(start) == board.local_day(end) else "%m-%d %H:%M"
        for k in range(5):
            t = start + (end - start) * (k / 4)
            x = x_of(t)
            p.drawLine(x, axis_y, x, axis_y + 4)
            label = t.astimezone(board.LOCAL).strftime(fmt)
            lw = fm.horizontalAdvance(label)
            p.drawText(min(max(x - lw // 2, left - lw // 2), self.width() - lw - 2), axis_y + 4 + fm.ascent(), label)
