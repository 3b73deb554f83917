"""The 30-day trend: rates per day as lines over fixed numpy buffers (a day with nothing due is a gap)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from .charts_base import SERIES, init_plot, text_item
from .theme import COLORS, STATUS_COLORS

DAYS = 30


class TrendChart(pg.PlotWidget):
    """Up to `days` points per series; None values become NaN gaps, never a drop to zero."""

    def __init__(self, series: int = 2, days: int = DAYS, percent: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        init_plot(self)
        self.days, self.percent = days, percent
        self._x = np.arange(days, dtype=float)
        self._y = np.full((series, days), np.nan)
        colors = [STATUS_COLORS["info"], STATUS_COLORS["ok"], SERIES[1], SERIES[3]]
        # Empty until the first figures: an all-NaN series makes pyqtgraph warn while sizing its symbols.
        self._curves = [self.plot([], [], pen=pg.mkPen(colors[i % 4], width=3), connect="finite",
                                  symbol="o", symbolSize=6, symbolBrush=colors[i % 4], symbolPen=None)
                        for i in range(series)]
        self._legend = [text_item(colors[i % 4], anchor=(0, 0)) for i in range(series)]
        for t in self._legend:
            self.addItem(t)
        self.getPlotItem().setClipToView(True)
        self.n = 0

    def set_series(self, keys: list[str], values: list[list[float | None]], names: list[str],
                   top: float | None = None) -> None:
        n = min(len(keys), self.days)
        self.n = n
        self._y.fill(np.nan)
        scale = 100.0 if self.percent else 1.0
        for s, vals in enumerate(values[: len(self._curves)]):
            tail = vals[-n:] if n else []
            self._y[s, :n] = [np.nan if v is None else v * scale for v in tail]
            finite = np.isfinite(self._y[s, :n])
            if finite.any():
                self._curves[s].setData(self._x[:n], self._y[s, :n], connect="finite")
            else:  # nothing but "no data" days: an empty curve (all-NaN data makes pyqtgraph warn)
                self._curves[s].setData([], [])
        step = max(n // 6, 1)
        labels = keys[-n:]
        self.getAxis("bottom").setTicks([[(i, labels[i][5:]) for i in range(0, n, step)]])
        ymax = top if top is not None else (100.0 if self.percent else max(float(np.nanmax(self._y)) if
                                                                            np.isfinite(self._y).any() else 1.0, 1.0))
        self.setYRange(0, ymax * 1.15, padding=0)
        self.setXRange(-0.5, max(n, 1) - 0.5, padding=0)
        x = 0.0
        for t, name in zip(self._legend, names):
            t.setText(name)
            t.setPos(x, ymax * 1.14)
            x += max(n, 1) * 0.28
        for t in self._legend[len(names):]:
            t.setText("")
        self.getAxis("left").setLabel("%" if self.percent else "", color=COLORS["muted"])
