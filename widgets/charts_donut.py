"""Donut charts (the pie charts of the sources, with the total in the hole) drawn in a pyqtgraph view.

Slices are a fixed set of QGraphicsPathItems whose paths are replaced on update; the legend beside
the ring lists name, count and share, largest first. Small remainders are folded into "其他".
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QHBoxLayout, QLabel, QWidget

from .charts_base import SERIES, axis_font, text_item
from .charts_base import sized
from .theme import COLORS, ui_font

HOLE = 0.58  # inner radius as a share of the outer one


def fold(items: list[tuple[str, float]], slots: int, other: str) -> list[tuple[str, float]]:
    """Largest first; everything past `slots - 1` summed into one `other` slice."""
    items = sorted([(k, v) for k, v in items if v > 0], key=lambda kv: -kv[1])
    if len(items) <= slots:
        return items
    head, tail = items[: slots - 1], items[slots - 1:]
    return head + [(other, sum(v for _, v in tail))]


class DonutChart(QWidget):
    """A ring of up to `slots` slices with a legend; `set_values([(label, count), ...])`."""

    def __init__(self, slots: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slots = slots
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(COLORS["surface"])
        self.view.setAntialiasing(True)
        self.box = self.view.addViewBox(lockAspect=True, enableMouse=False)
        self.box.setMenuEnabled(False)
        self.box.setRange(QRectF(-1.05, -1.05, 2.1, 2.1), padding=0)
        self._slices = []
        for i in range(slots):
            item = QGraphicsPathItem()
            item.setBrush(QBrush(QColor(SERIES[i % len(SERIES)])))
            item.setPen(QPen(QColor(COLORS["surface"]), 0))
            item.setVisible(False)
            self.box.addItem(item)
            self._slices.append(item)
        self._center = text_item(anchor=(0.5, 0.5), size=20)
        self.box.addItem(self._center)
        self._center.setPos(0, 0)
        self.legend = QLabel()
        sized(self.legend, 15)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.legend, 2)
        self.items: list[tuple[str, float]] = []

    def set_values(self, items: list[tuple[str, float]], other_label: str = "其他", center: str = "") -> None:
        self.items = fold(items, self.slots, other_label)
        total = sum(v for _, v in self.items)
        angle = 90.0  # start at twelve o'clock, clockwise like printed pie charts
        rows = []
        for i, item in enumerate(self._slices):
            if i >= len(self.items) or total <= 0:
                item.setVisible(False)
                continue
            name, value = self.items[i]
            span = 360.0 * value / total
            item.setPath(_ring_path(angle, -span))
            item.setVisible(True)
            angle -= span
            color = SERIES[i % len(SERIES)]
            rows.append(f'<tr><td style="color:{color}">■</td><td>{name}</td>'
                        f'<td align="right">&nbsp;{value:g}</td>'
                        f'<td align="right" style="color:{COLORS["muted"]}">&nbsp;{100 * value / total:.1f}%</td></tr>')
        self.legend.setText("<table>" + "".join(rows) + "</table>")
        self._center.setText(center or (f"{total:g}" if total else ""))


def _ring_path(start_deg: float, span_deg: float) -> QPainterPath:
    # Scene y grows downwards in a pyqtgraph ViewBox with y up: compute points by hand, not arcTo.
    path = QPainterPath()
    steps = max(int(abs(span_deg) / 3), 2)
    outer = [_pt(1.0, start_deg + span_deg * k / steps) for k in range(steps + 1)]
    inner = [_pt(HOLE, start_deg + span_deg * k / steps) for k in range(steps, -1, -1)]
    path.moveTo(outer[0])
    for p in outer[1:] + inner:
        path.lineTo(p)
    path.closeSubpath()
    return path


def _pt(r: float, deg: float) -> QPointF:
    a = math.radians(deg)
    return QPointF(r * math.cos(a), r * math.sin(a))


__all__ = ["DonutChart", "fold", "axis_font"]
