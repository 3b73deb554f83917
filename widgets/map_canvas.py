"""The grid outlines, their labels and the ticket markers, painted as one picture on the map
(console/map_canvas.py says when it is moved and when painted again).

One QQuickPaintedItem among the Map's children, over the base map (z 5) and under the other
markers (cameras, gates, party organisations, alarms) and the highlight ring: what a frame shows is
set with `show()`, and `follow()` places the picture on every view move, in the same turn of the
event loop as the Map moves, so the two never part. A repaint is one QPainter pass over ~180
polygons, their labels and up to 160 tickets (a few ms), not ~500 QML items made or re-bound: the
clusters re-formed at the end of every zoom re-bound every ticket marker on the map.
The picture takes no input: a tap is hit-tested here (`ticket_at`) and, off the tickets, by the
MapPanel (`region_at_pixel`).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPolygonF, QTransform
from PySide6.QtQuick import QQuickItem, QQuickPaintedItem

from console.map_canvas import Painted, labels_fit, must_repaint, placement
from console.map_layers import LabelItem, MarkerItem, PolygonItem
from console.map_lod import Viewport, scale, world_xy

from .map_markers import ticket_diameter

CANVAS_Z = 5  # over the base map's tiles; grid labels were at 10, markers are at 11 and above
LABEL_LIFT_PX = 14  # a label's chip sits this far above its point: a marker placed there stays visible


class Drawn:
    """What the canvas shows of one kind (outlines, labels or tickets): the frame's items, by key."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._by_key: dict[str, Any] = {}

    def item(self, key: str) -> Any:
        return self._by_key.get(key)

    def take(self, items: Sequence[Any]) -> bool:
        """Hold `items`; False when they are those held already: the same frame, or a new frame that
        draws the same (a change elsewhere in the store); either costs no repaint."""
        if len(items) == len(self.items) and list(items) == self.items:  # `is` first, then by value
            return False
        self.items = list(items)
        self._by_key = {it.key: it for it in self.items}
        return True


class GridCanvas(QQuickPaintedItem):
    """`style` (widgets.map_view.OutlineStyle) colours the outlines; `pictures`
    (widgets.map_markers.MarkerImages) makes the labels' chips and the tickets' discs at `dpr()`;
    `translucent`: outlines at this opacity (over a base map); `background`: without a base map, the
    map's plain colour, painted under everything: an opaque picture is copied onto each frame, not
    blended (offscreen, a zoom-out frame went from 3.7 to 3.3 ms).

    `zooming` is set by the MapPanel while a zoom is under way: the picture is then scaled with the
    map, and items that changed wait until it rests (or until it must be painted anyway)."""

    def __init__(self, map_item: QQuickItem, style: Any, pictures: Any, dpr: Callable[[], float],
                 translucent: float = 1.0, background: str | None = None) -> None:
        super().__init__(map_item)
        self.setZ(CANVAS_Z)
        self.setTransformOrigin(QQuickItem.TransformOrigin.TopLeft)
        self.setSmooth(False)  # scaled only during a zoom gesture: a quick nearest-pixel copy
        self.setAntialiasing(False)
        if background is not None:
            self.setFillColor(QColor(background))
            self.setOpaquePainting(True)
        self._style, self._pictures, self._dpr, self._alpha = style, pictures, dpr, translucent
        self.polygons, self.labels, self.tickets = Drawn(), Drawn(), Drawn()
        self.zooming = False
        self.painted: Painted | None = None  # the view the picture is (or is about to be) painted for
        self.paints = 0  # pictures painted (tests and the benchmark read it)
        self.label_rects: list[QRectF] = []  # where the last picture's labels went, in its logical pixels
        self._view: Viewport | None = None
        self._stale = False  # the items changed since the picture was asked for
        self._laid_out_for = 0.0
        self._shapes: dict[str, tuple[PolygonItem, QPolygonF]] = {}  # world-unit outline per item
        self._pens: dict[tuple[str, float], QPen] = {}
        self._brushes: dict[str, QBrush] = {}

    # --- what to show and where ------------------------------------------------------------------

    def show(self, polygons: Sequence[PolygonItem], labels: Sequence[LabelItem], tickets: Sequence[MarkerItem],
             laid_out_for: float) -> None:
        """A frame's outlines, labels and tickets; `laid_out_for`: the zoom step its labels were placed for."""
        changed = self.polygons.take(polygons)
        changed |= self.labels.take(labels)
        changed |= self.tickets.take(tickets)
        changed |= laid_out_for != self._laid_out_for
        self._laid_out_for = laid_out_for
        if changed:
            self.polygons.items.sort(key=lambda p: (p.level, p.highlighted))  # a highlight's border on top
            self.tickets.items.sort(key=lambda m: m.highlighted)
            self._stale = True
        self._check()

    def ticket_at(self, x: float, y: float) -> MarkerItem | None:
        """The ticket (or cluster) drawn at view pixel (x, y), the topmost first; None off the tickets."""
        view = self._view
        if view is None:
            return None
        for m in reversed(self.tickets.items):
            px, py = view.pixel_of(m.lon, m.lat)
            r = ticket_diameter(m.count) / 2
            if (x - px) ** 2 + (y - py) ** 2 <= r * r:
                return m
        return None

    def follow(self, view: Viewport) -> None:
        """The map moved: move the picture with it, or paint it anew where it cannot stand for the view."""
        self._view = view
        self._check()

    def _check(self) -> None:
        view = self._view
        if view is None:
            return
        if (self._stale and not self.zooming) or must_repaint(self.painted, view, self.zooming):
            self._repaint(view)
        else:
            self._place(*placement(self.painted, view))

    def _repaint(self, view: Viewport) -> None:
        self.painted = Painted.for_view(view)
        self._stale = False
        w, h = self.painted.size
        if (self.width(), self.height()) != (w, h):
            self.setSize(QSizeF(w, h))
        self._place(-self.painted.margin_x, -self.painted.margin_y, 1.0)
        self.update()

    def _place(self, x: float, y: float, k: float) -> None:
        if self.x() != x or self.y() != y:
            self.setPosition(QPointF(x, y))
        if self.scale() != k:
            self.setScale(k)

    # --- painting (the render pass of the map's widget, on the UI thread) -------------------------------

    def paint(self, p: QPainter) -> None:  # noqa: D102 (Qt override)
        painted = self.painted
        if painted is None:
            return
        self.paints += 1
        s = scale(painted.view.zoom)
        ox, oy = painted.origin()
        to_px = QTransform(s, 0.0, 0.0, s, -ox * s, -oy * s)  # world units → this picture's pixels
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setOpacity(self._alpha)
        for item in self.polygons.items:
            p.setPen(self._pen(item))
            p.setBrush(self._brush(item.tone))
            p.drawPolygon(to_px.map(self._shape(item)))
        p.setOpacity(1.0)
        rects = []
        dpr = self._dpr()
        labels = self.labels.items if labels_fit(self._laid_out_for, painted.view.zoom) else []
        for a in labels:
            img = self._pictures.label_picture(a.text, a.detail, dpr)
            x, y = world_xy(a.lon, a.lat)
            w, h = img.width() / img.devicePixelRatio(), img.height() / img.devicePixelRatio()  # logical size
            rect = QRectF(round((x - ox) * s - w / 2), round((y - oy) * s - h - LABEL_LIFT_PX), w, h)
            p.drawImage(rect.topLeft(), img)
            rects.append(rect)
        self.label_rects = rects
        for m in self.tickets.items:
            img = self._pictures.ticket_picture(m.state, m.count, m.highlighted, dpr)
            x, y = world_xy(m.lon, m.lat)
            d = ticket_diameter(m.count)
            p.drawImage(QPointF(round((x - ox) * s - d / 2), round((y - oy) * s - d / 2)), img)

    def _shape(self, item: PolygonItem) -> QPolygonF:
        got = self._shapes.get(item.key)
        if got is not None and got[0] is item:
            return got[1]
        shape = QPolygonF([QPointF(*world_xy(lon, lat)) for lat, lon in item.path])
        if len(self._shapes) > 8000:  # never grows without end: a street's levels fit many times over
            self._shapes.clear()
        self._shapes[item.key] = (item, shape)
        return shape

    def _pen(self, item: PolygonItem) -> QPen:
        colour = self._style.line(item.highlighted)
        width = self._style.line_width(item.highlighted, item.level)
        pen = self._pens.get((colour, width))
        if pen is None:
            pen = self._pens[(colour, width)] = QPen(QColor(colour), width)
        return pen

    def _brush(self, tone: str) -> QBrush:
        brush = self._brushes.get(tone)
        if brush is None:
            brush = self._brushes[tone] = QBrush(QColor(self._style.fill(tone)))
        return brush
