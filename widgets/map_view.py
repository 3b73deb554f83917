"""The QtLocation map in a QQuickWidget: hosts resources/qml/MapView.qml, reports what the user
does (view moves, taps, marker clicks, camera drags, ticket drops) as Qt signals.

The widget knows pixels and display coordinates only; which grid is under a pixel, and what an
action means, is decided by the MapPanel with console/ functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject, QMimeData, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDrag
from PySide6.QtQuick import QQuickItem
from PySide6.QtQuickWidgets import QQuickWidget

from console.map_lod import Viewport

from . import map_markers
from .map_canvas import GridCanvas
from .map_models import KeyedListModel, marker_model
from .map_tiles import TileSource
from .theme import COLORS, STATUS_COLORS, pick_ui_family
from .ticket_models import TICKET_MIME, decode_drag

QML_PATH = Path(__file__).resolve().parents[1] / "resources" / "qml" / "MapView.qml"
CAMERA_MIME = "application/x-gridline-camera"
MARKER_LAYERS = ("alarms", "cameras", "gates", "party")  # map items each; tickets are on the canvas

# Grid fills: a sequential blue ramp for counts and density (status colours stay for status), and
# the status colours for the overdue view, where the colour *is* a status.
FILLS = {"q0": "#15314c", "q1": "#1d4a73", "q2": "#28679e", "q3": "#3a87c9", "q4": "#6fb6f2", "q5": "#a9d5ff",
         "none": COLORS["surface2"], "at_risk": STATUS_COLORS["at_risk"], "overdue": STATUS_COLORS["overdue"]}
QML_THEME = {"bg": COLORS["bg"], "text": COLORS["text"], "muted": COLORS["muted"], "gridLine": "#b8c8da",
             "highlight": "#ffffff", "status": dict(STATUS_COLORS), "camera": STATUS_COLORS["info"],
             "offline": "#6b7785", "gate": "#2bb3a3", "party": "#c2185b", "labelPx": 17,
             "labelBox": "#b3" + COLORS["bg"][1:],  # a grid label's backing chip: the background at 70 %
             "overlayAlpha": 0.62}  # grid fills and outlines over a base map (OutlineStyle)


def fill_of(tone: str) -> str:
    return FILLS.get(tone, FILLS["none"])


def _tint(base: str, colour: str, alpha: float) -> str:
    """`colour` at `alpha` over `base`, as QML's Qt.tint(base, Qt.alpha(colour, alpha)) blends it."""
    b, c = QColor(base), QColor(colour)
    mix = QColor.fromRgbF(*(x * alpha + y * (1 - alpha) for x, y in ((c.redF(), b.redF()), (c.greenF(), b.greenF()),
                                                                    (c.blueF(), b.blueF()))))
    return mix.name()


class OutlineStyle:
    """A grid's fill and outline as drawn. Over a base map the fill is translucent (the streets show
    through, the canvas's opacity); without one the background is plain, so the same colours are
    blended over it here, once per colour, and drawn opaque: the same picture, but a frame fills
    pixels instead of blending them. Worked out in Python, not in each delegate's bindings:
    Qt.tint() in the bindings of every delegate made creating 180 outlines 24.5 ms, not 22.6."""

    def __init__(self, plain: bool) -> None:
        self.plain = plain
        self._fills: dict[str, str] = {}
        grid_line = QML_THEME["gridLine"]
        self._line = _tint(QML_THEME["bg"], grid_line, QML_THEME["overlayAlpha"]) if plain else grid_line

    def fill(self, tone: str) -> str:
        got = self._fills.get(tone)
        if got is None:
            got = self._fills[tone] = _tint(QML_THEME["bg"], fill_of(tone), QML_THEME["overlayAlpha"]) if self.plain \
                else fill_of(tone)
        return got

    def line(self, highlighted: bool) -> str:
        return QML_THEME["highlight"] if highlighted else self._line

    @staticmethod
    def line_width(highlighted: bool, level: int) -> float:
        return 4.0 if highlighted else (2.5 if level <= 2 else 1.5)


def camera_mime(camera_id: str) -> QMimeData:
    """What a camera dragged off the map carries; the camera wall accepts it."""
    mime = QMimeData()
    mime.setData(CAMERA_MIME, camera_id.encode("utf-8"))
    mime.setText(camera_id)
    return mime


class MapBridge(QObject):
    """The QML side calls these slots; each becomes a Python signal of MapView."""

    def __init__(self, view: "MapView") -> None:
        super().__init__(view)
        self._view = view

    @Slot(float, float, float, float, float)
    def viewMoved(self, lat: float, lon: float, zoom: float, width: float, height: float) -> None:  # noqa: N802
        self._view._on_view_moved(lat, lon, zoom, int(width), int(height))

    @Slot()
    def userMoved(self) -> None:  # noqa: N802
        self._view.sig_user_moved.emit()

    @Slot(float, float)
    def mapTapped(self, x: float, y: float) -> None:  # noqa: N802
        ticket = self._view.canvas.ticket_at(x, y) if self._view.canvas is not None else None
        if ticket is not None:  # the tickets are painted on the canvas: a tap on one is its click
            self._view.sig_marker_clicked.emit("ticket", ticket.entity_id or "", ticket.lat, ticket.lon)
        else:
            self._view.sig_tapped.emit(x, y)

    @Slot(str, str, float, float)
    def markerClicked(self, kind: str, entity_id: str, lat: float, lon: float) -> None:  # noqa: N802
        self._view.sig_marker_clicked.emit(kind, entity_id, lat, lon)

    @Slot(str)
    def cameraDragged(self, camera_id: str) -> None:  # noqa: N802
        # Start the drag after the QML handler returns: QDrag.exec runs its own event loop.
        QTimer.singleShot(0, lambda: self._view.start_camera_drag(camera_id))


class MapView(QQuickWidget):
    """The map surface. `viewport` is what it shows now (display coordinates)."""

    sig_view_moved = Signal()
    sig_user_moved = Signal()
    """The operator panned or zoomed (follow mode must not pull the map back then)."""
    sig_tapped = Signal(float, float)
    """A tap on the map background at widget pixel (x, y)."""
    sig_marker_clicked = Signal(str, str, float, float)
    """(kind, entity id or "" for a cluster, lat, lon in display coordinates)."""
    sig_ticket_dropped = Signal(str, float, float)
    """A ticket card dropped at widget pixel (x, y)."""
    sig_drag_over = Signal(float, float)
    sig_drag_left = Signal()

    def __init__(self, tiles: TileSource, start: tuple[float, float, float], parent: Any = None) -> None:
        super().__init__(parent)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        # The map paints every pixel of its rect (plain background without tiles): its parents need
        # not paint beneath it on each map frame (~1 ms of a software frame).
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAcceptDrops(True)
        self.setMinimumSize(320, 240)
        self.viewport = Viewport(start[0], start[1], start[2], max(self.width(), 1), max(self.height(), 1))
        self.markers: dict[str, KeyedListModel] = {name: marker_model(self) for name in MARKER_LAYERS}
        self.bridge = MapBridge(self)
        self.canvas: GridCanvas | None = None  # made once the QML is loaded (the map reports its size while loading)
        ctx = self.rootContext()
        theme = dict(QML_THEME, fontFamily=pick_ui_family() or "sans-serif")
        self.marker_images = map_markers.MarkerImages(theme, theme["fontFamily"])  # the canvas paints them
        for name, value in (("theme", theme), ("tiles", tiles.qml_config()),
                            ("start", {"lat": start[0], "lon": start[1], "zoom": start[2]}),
                            ("mapBridge", self.bridge),
                            ("alarmModel", self.markers["alarms"]),
                            ("cameraModel", self.markers["cameras"]), ("gateModel", self.markers["gates"]),
                            ("partyModel", self.markers["party"])):
            ctx.setContextProperty(name, value)
        self.setSource(QUrl.fromLocalFile(str(QML_PATH)))
        self.load_errors = [e.toString() for e in self.errors()]
        # The grid outlines and labels: one picture over the map, not an item each (widgets/map_canvas.py)
        map_item = self.rootObject().findChild(QQuickItem, "map") if self.rootObject() is not None else None
        plain = not tiles.configured
        self.canvas = GridCanvas(map_item, OutlineStyle(plain=plain), self.marker_images, self.devicePixelRatioF,
                                 1.0 if plain else QML_THEME["overlayAlpha"], QML_THEME["bg"] if plain else None)
        self.polygons, self.labels = self.canvas.polygons, self.canvas.labels
        self.canvas.follow(self.viewport)

    # --- commands -------------------------------------------------------------------------------------

    def fly_to(self, lat: float, lon: float, zoom: float, ms: int = 600) -> None:
        root = self.rootObject()
        if root is not None:
            QMetaObject.invokeMethod(root, "flyTo", Q_ARG("QVariant", lat), Q_ARG("QVariant", lon),
                                     Q_ARG("QVariant", zoom), Q_ARG("QVariant", ms))

    def set_ring(self, lat: float, lon: float, on: bool) -> None:
        root = self.rootObject()
        if root is not None:
            QMetaObject.invokeMethod(root, "setHighlight", Q_ARG("QVariant", lat), Q_ARG("QVariant", lon),
                                     Q_ARG("QVariant", on))

    def start_camera_drag(self, camera_id: str) -> Any:
        drag = QDrag(self)
        drag.setMimeData(camera_mime(camera_id))
        return drag.exec(Qt.DropAction.CopyAction)

    # --- QML → Python -----------------------------------------------------------------------------------

    def _on_view_moved(self, lat: float, lon: float, zoom: float, width: int, height: int) -> None:
        self.viewport = Viewport(lat, lon, zoom, max(width, 1), max(height, 1))
        self.sig_view_moved.emit()  # first: the panel says whether a zoom is under way
        if self.canvas is not None:
            self.canvas.follow(self.viewport)  # now, in the turn the map moves: the picture never lags it

    # --- dropping tickets (handled here, not in QML: the payload is the board's mime type) ---------------

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(TICKET_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(TICKET_MIME):
            event.acceptProposedAction()
            p = event.position()
            self.sig_drag_over.emit(p.x(), p.y())
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:
        self.sig_drag_left.emit()
        event.accept()

    def dropEvent(self, event: Any) -> None:
        got = decode_drag(event.mimeData())
        if got is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the board must not remove its card
        event.accept()
        p = event.position()
        self.sig_ticket_dropped.emit(got[0], p.x(), p.y())
