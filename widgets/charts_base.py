"""Building blocks of the dashboards: pyqtgraph in the wall theme, a titled chart frame that says
when it is loading, failed or has no data, big-number KPI tiles, and a once-per-frame redraw.

A failed fetch shows "加载失败 …" over the chart in the error colour, never zeros; an empty result
says "暂无数据". Charts keep fixed item buffers and update them with setOpts/setData, never rebuild.
"""

from __future__ import annotations

from typing import Callable

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from .theme import COLORS, STATUS_COLORS, set_tone, ui_font

FRAME_MS = 16
AXIS_POINT_SIZE = 14
# Categories (not statuses): hues that do not read as ok/at-risk/overdue.
SERIES = ["#4aa8ff", "#9b7bff", "#2cc6c0", "#f27ec2", "#c8a86b", "#7fb4d9", "#b39ddb", "#5fd3a7", "#e6a0a0",
          "#8a9bb0", "#d4c36a", "#6fa8dc"]
MALE, FEMALE = "#4aa8ff", "#f27ec2"

LOADING = QT_TRANSLATE_NOOP("Charts", "Loading…")
FAILED = QT_TRANSLATE_NOOP("Charts", "Failed to load: %1")
NO_DATA = QT_TRANSLATE_NOOP("Charts", "No data")


def tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def axis_font(size: int = AXIS_POINT_SIZE) -> QFont:
    return ui_font(size)


def style_plot(plot: pg.PlotItem, *, left: bool = True, bottom: bool = True) -> None:
    """Readable Chinese axis labels at wall distance; no mouse zoom (a wall is not explored)."""
    font = axis_font()
    for name, shown in (("left", left), ("bottom", bottom)):
        ax = plot.getAxis(name)
        ax.setVisible(shown)
        ax.setStyle(tickFont=font, tickTextOffset=6)
        if name == "bottom":  # measured from the glyphs drawn, it clipped the descenders of "To accept"
            ax.setHeight(QFontMetrics(font).height() + 6 + 5 + 4)
        ax.setTextPen(COLORS["text"])
        ax.setPen(COLORS["border"])
        ax.label.setFont(font)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(x=False, y=True, alpha=0.15)


def sized(widget: QWidget, point_size: int, bold: bool = False, transparent: bool = True) -> QWidget:
    """Set a widget's type size through its own stylesheet: the app's QSS (`QWidget { font-size }`)
    overrides setFont, so a big number has to say so in QSS too."""
    rules = [f"font-size: {point_size}pt;"]
    if bold:
        rules.append("font-weight: bold;")
    if transparent:
        rules.append("background: transparent;")
    widget.setStyleSheet(" ".join(rules))
    return widget


def init_plot(w: pg.PlotWidget) -> None:
    """Theme a freshly constructed PlotWidget (or subclass)."""
    # Per widget, not pg.setConfigOptions: other capabilities' plots keep their own settings.
    w.setBackground(COLORS["surface"])
    w.setAntialiasing(True)
    style_plot(w.getPlotItem())
    w.setMinimumHeight(180)


def text_item(color: str = COLORS["text"], size: int = AXIS_POINT_SIZE, anchor=(0.5, 1.0)) -> pg.TextItem:
    item = pg.TextItem("", color=color, anchor=anchor)
    item.setFont(axis_font(size))
    return item


class ChartFrame(QFrame):
    """A titled chart; `set_state` covers it with a loading / failed / no-data message."""

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title_source = title  # English source in context "Charts"
        self.setObjectName("chartFrame")
        self.setStyleSheet(f"#chartFrame {{ background: {COLORS['surface']}; border: 1px solid {COLORS['border']};"
                           f" border-radius: 6px; }}")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 17pt; font-weight: bold; padding: 2px 8px; background: transparent;")
        self.content = content
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        sized(self.message, 18)
        self._stack = QStackedLayout()
        self._stack.addWidget(content)
        self._stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(self._stack, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.state = "ok"
        self.detail = ""
        self.retranslate()

    def set_title(self, title: str) -> None:
        self._title_source = title
        self.retranslate()

    def set_state(self, state: str, detail: str = "") -> None:
        """'ok' shows the chart; 'loading', 'failed' (with the server's message) or 'empty' cover it."""
        self.state, self.detail = state, detail
        if state == "ok":
            self._stack.setCurrentIndex(0)
            return
        if state == "failed":
            self.message.setText(tr(FAILED).replace("%1", detail))
            set_tone(self.message, "overdue")
        else:
            self.message.setText(tr(LOADING) if state == "loading" else tr(NO_DATA))
            set_tone(self.message, "muted")
        self._stack.setCurrentIndex(1)

    def retranslate(self) -> None:
        self.title.setText(tr(self._title_source))
        if self.state != "ok":
            self.set_state(self.state, self.detail)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class KpiTile(QFrame):
    """One big number with its caption (结案率 82.4%); a tone colours the number."""

    def __init__(self, caption: str, big: int = 40, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption_source = caption
        self.setObjectName("kpiTile")
        self.setStyleSheet(f"#kpiTile {{ background: {COLORS['surface2']}; border-radius: 8px; }}")
        self.caption = QLabel()
        sized(self.caption, max(big // 3, 14))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)  # six captions on one line each ("On-time closure rate") widened the window
        set_tone(self.caption, "muted")
        self.value = QLabel("—")
        sized(self.value, big, bold=True)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.caption)
        self.retranslate()

    def set_value(self, text: str, tone: str | None = None) -> None:
        if self.value.text() != text:
            self.value.setText(text)
        set_tone(self.value, tone)

    def retranslate(self) -> None:
        self.caption.setText(tr(self._caption_source))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class FrameRedraw:
    """Coalesces redraw requests: `schedule()` any number of times, `redraw` runs once on the next frame."""

    def __init__(self, owner: QWidget, redraw: Callable[[], None]) -> None:
        self._timer = QTimer(owner)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(redraw)

    def schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()


def rate_tone(rate: float | None, good: float = 0.9, fair: float = 0.75, higher_is_better: bool = True) -> str | None:
    """ok / at_risk / overdue for a rate against thresholds; None (muted) when there is no data."""
    if rate is None:
        return "muted"
    if not higher_is_better:
        rate, good, fair = 1 - rate, 1 - good, 1 - fair
    return "ok" if rate >= good else "at_risk" if rate >= fair else "overdue"


def tone_color(tone: str | None) -> QColor:
    return QColor(STATUS_COLORS.get(tone or "", COLORS["muted"]))
