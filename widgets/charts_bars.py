"""Bar charts in pyqtgraph: categories (vertical or horizontal) and the age pyramid.

Each chart owns a fixed number of bar slots and value labels, created once; `set_values` updates
them with setOpts and hides the unused ones, so a live update never rebuilds the scene.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from .charts_base import FEMALE, MALE, SERIES, init_plot, text_item, tr, NO_DATA
from .theme import COLORS


class CategoryBars(pg.PlotWidget):
    """Up to `slots` labelled bars. A value of None is drawn as no bar with "无数据" (not as zero)."""

    sig_bar_clicked = Signal(int)
    """(index) of the bar under a click: dashboards drill down with it."""

    def __init__(self, slots: int = 12, horizontal: bool = False, fmt=lambda v: f"{v:g}",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        init_plot(self)
        self.slots, self.horizontal, self.fmt = slots, horizontal, fmt
        self.labels: list[str] = []
        self.values: list[float | None] = []
        self.text_color = COLORS["text"]  # dark on paper (bulletins)
        self._bars = pg.BarGraphItem(x=np.zeros(0), height=np.zeros(0), width=0.6)
        self.addItem(self._bars)
        anchor = (0.0, 0.5) if horizontal else (0.5, 1.0)
        self._texts = [text_item(anchor=anchor) for _ in range(slots)]
        for t in self._texts:
            t.setVisible(False)
            self.addItem(t)
        self.getPlotItem().showGrid(x=horizontal, y=not horizontal, alpha=0.15)
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_values(self, labels: list[str], values: list[float | None], colors: list[str] | None = None,
                   limit: float | None = None) -> None:
        """Bars for `labels` (at most `slots`); `limit` fixes the value axis (e.g. 1.0 for rates)."""
        labels, values = list(labels)[: self.slots], list(values)[: self.slots]
        self.labels, self.values = labels, values
        n = len(labels)
        pos = np.arange(n, dtype=float)
        vals = np.array([0.0 if v is None else float(v) for v in values], dtype=float)
        brushes = [QColor(c) for c in (colors or [SERIES[0]] * n)][:n]
        if self.horizontal:
            self._bars.setOpts(x0=np.zeros(n), y=pos, height=0.6, width=vals, x=None, brushes=brushes,
                               pen=pg.mkPen(None))
        else:
            self._bars.setOpts(x=pos, height=vals, width=0.6, y0=np.zeros(n), brushes=brushes, pen=pg.mkPen(None))
        top = max([limit or 0.0] + [v for v in vals if math.isfinite(v)] + [1e-9])
        for i, t in enumerate(self._texts):
            if i >= n:
                t.setVisible(False)
                continue
            v = values[i]
            t.setText(tr(NO_DATA) if v is None else self.fmt(v))
            t.setColor(COLORS["muted"] if v is None else self.text_color)
            t.setPos(*((float(vals[i]) + top * 0.01, i) if self.horizontal else (i, float(vals[i]) + top * 0.01)))
            t.setVisible(True)
        ticks = [[(i, label) for i, label in enumerate(labels)]]
        axis = self.getAxis("left" if self.horizontal else "bottom")
        axis.setTicks(ticks)
        value_axis = "bottom" if self.horizontal else "left"
        # Rates run 0..1: label the value axis in percent, as every figure around it is.
        self.getAxis(value_axis).setTicks([[(v, f"{v * 100:.0f}%") for v in (0.25, 0.5, 0.75, 1.0)]]
                                          if limit == 1.0 else None)
        span = top * 1.25  # room for the value labels
        if self.horizontal:
            self.setXRange(0, span, padding=0)
            self.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
            self.getViewBox().invertY(True)  # first item on top, as a ranking reads
        else:
            self.setYRange(0, span, padding=0)
            self.setXRange(-0.6, max(n, 1) - 0.4, padding=0)

    def _on_click(self, event) -> None:
        if not self.labels:
            return
        p = self.getViewBox().mapSceneToView(event.scenePos())
        i = round(p.y() if self.horizontal else p.x())
        if 0 <= i < len(self.labels):
            self.sig_bar_clicked.emit(i)


class PyramidChart(pg.PlotWidget):
    """The age pyramid: men to the left, women to the right, one row per age band (youngest at the bottom)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        init_plot(self)
        self._male = pg.BarGraphItem(x0=np.zeros(0), y=np.zeros(0), height=0.8, width=np.zeros(0),
                                     brush=QColor(MALE), pen=pg.mkPen(None))
        self._female = pg.BarGraphItem(x0=np.zeros(0), y=np.zeros(0), height=0.8, width=np.zeros(0),
                                       brush=QColor(FEMALE), pen=pg.mkPen(None))
        self.addItem(self._male)
        self.addItem(self._female)
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.15)
        self._legend_m = text_item(MALE, anchor=(0, 0))
        self._legend_f = text_item(FEMALE, anchor=(1, 0))
        for t in (self._legend_m, self._legend_f):
            self.addItem(t)
        self.bands: list[str] = []

    def set_values(self, bands: list[str], male: list[int], female: list[int], male_label: str,
                   female_label: str) -> None:
        n = len(bands)
        self.bands = list(bands)
        y = np.arange(n, dtype=float)
        m, f = np.array(male, dtype=float), np.array(female, dtype=float)
        self._male.setOpts(x0=-m, y=y, width=m, height=0.8)
        self._female.setOpts(x0=np.zeros(n), y=y, width=f, height=0.8)
        top = max(float(m.max(initial=0)), float(f.max(initial=0)), 1.0)
        self.setXRange(-top * 1.1, top * 1.1, padding=0)
        self.setYRange(-0.6, n + 0.6, padding=0)
        self.getAxis("left").setTicks([[(i, b) for i, b in enumerate(bands)]])
        step = _nice_step(top)
        ticks = [(v, f"{abs(v):g}") for v in np.arange(-math.floor(top / step) * step, top + step / 2, step)]
        self.getAxis("bottom").setTicks([ticks])
        self._legend_m.setText(f"{male_label} {int(m.sum())}")
        self._legend_f.setText(f"{female_label} {int(f.sum())}")
        self._legend_m.setPos(-top * 1.08, n + 0.5)
        self._legend_f.setPos(top * 1.08, n + 0.5)


def _nice_step(top: float) -> float:
    raw = top / 3
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
