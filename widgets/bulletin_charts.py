"""Charts of a bulletin as PNG images for the HTML: the same pyqtgraph charts, drawn dark on white."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QWidget

from console.bulletin import Bulletin
from console.stats_labels import CATEGORY, label

from .charts_bars import CategoryBars
from .charts_base import STATUS_COLORS, rate_tone
from .charts_trend import TrendChart

PAPER, INK = "#ffffff", "#222222"
SIZE = (900, 520)


def _paper(plot) -> None:
    plot.setBackground(PAPER)
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setTextPen(INK)
        ax.setPen("#888888")


def _png(widget: QWidget, size: tuple[int, int] = SIZE) -> bytes:
    # Never shown: give the axes room explicitly, or the category names are clipped away.
    if hasattr(widget, "getAxis"):
        horizontal = getattr(widget, "horizontal", False)
        widget.getAxis("left").setWidth(170 if horizontal else 60)
        widget.getAxis("bottom").setHeight(44)
    widget.resize(*size)
    widget.ensurePolished()
    image = widget.grab()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def render_charts(b: Bulletin) -> dict[str, bytes]:
    """Caption -> PNG: closure rate per community and per grid, tickets by category, the daily trend."""
    out: dict[str, bytes] = {}
    for title, groups in (("各社区结案率", b.communities["groups"]), ("各网格结案率", b.grids["groups"])):
        if len(groups) < 2 and title == "各社区结案率":
            continue  # one community: the grid chart says more
        many = len(groups) > 8  # names side by side would overlap: lay the bars down
        bars = CategoryBars(slots=min(max(len(groups), 1), 40), horizontal=many, fmt=lambda v: f"{v * 100:.0f}%")
        bars.text_color = INK
        _paper(bars)
        tones = [STATUS_COLORS.get(rate_tone(g["close_rate"]) or "", "#999999") for g in groups]
        bars.set_values([g["name"] for g in groups], [g["close_rate"] for g in groups], tones, limit=1.0)
        out[title] = _png(bars, (SIZE[0], max(SIZE[1], 34 * len(groups) + 80)) if many else SIZE)
        bars.deleteLater()
    cats = sorted(b.categories["groups"], key=lambda g: -g["due_to_close"])
    if cats:
        bars = CategoryBars(slots=len(cats), horizontal=True)
        bars.text_color = INK
        _paper(bars)
        bars.set_values([label(CATEGORY, g["key"]) for g in cats], [g["due_to_close"] for g in cats])
        out["分类应结案数"] = _png(bars)
        bars.deleteLater()
    days = b.days["groups"]
    if days:
        trend = TrendChart(series=2, days=max(len(days), 1))
        _paper(trend)
        trend.set_series([d["key"] for d in days], [[d["close_rate"] for d in days], [d["on_time_rate"] for d in days]],
                         ["结案率", "按期结案率"])
        out["每日结案率"] = _png(trend)
        trend.deleteLater()
    return out
