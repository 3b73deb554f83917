"""Ticket markers and grid labels of the map as cached pictures: the map's canvas paints them
(widgets/map_canvas.py), and QML can show them as `image://markers/...` (the benchmark's bare map).

A ticket marker is a disc in its SLA colour with its cluster's count. Drawn as a QML Rectangle and
Text, every re-bound marker (each re-forming of the clusters at a zoom step re-binds all of them)
laid its count out again, and every frame drew the glyphs of every count. As one picture per look
(state, count, highlight, pixel ratio), made once and cached by Qt Quick, a re-bound marker swaps a
texture and a frame draws one image per marker: a re-binding of 160 markers went from ~30 ms to
~8 ms offscreen, a pan frame of 160 markers from ~15 to ~8 ms.

A grid label (its name, and the value behind its colour) is a chip made the same way: creating
one was a box, two Texts and a layer (its own texture), and a level switch creates ~130 of them.
"""

from __future__ import annotations

import logging
import math
from typing import Any, Callable
from urllib.parse import unquote

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtQuick import QQuickImageProvider

PROVIDER = "markers"
SINGLE_PX = 20.0
COUNT_PX = 15  # the count's font size
MAX_COUNT_DRAWN = 99_999  # more than this in one cluster would not fit the disc: drawn as the maximum


def ticket_diameter(count: int) -> float:
    """The disc's diameter in logical pixels: a cluster grows with the log of its count (as the QML)."""
    return min(56.0, 28.0 + 6.0 * math.log(count)) if count > 1 else SINGLE_PX


def ticket_image(state: str, count: int, highlighted: bool, dpr: float, colours: dict[str, Any],
                 font_family: str) -> QImage:
    """One ticket marker: a disc in the state's colour, a border (the highlight's when highlighted), the
    count for a cluster; `dpr` device pixels per logical pixel (crisp on a high-density wall)."""
    d = ticket_diameter(count)
    side = max(1, math.ceil(d * dpr))
    img = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    img.setDevicePixelRatio(side / d)  # drawn at the disc's logical size, unscaled
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    border = 4.0 if highlighted else 2.0
    status = colours["status"]
    p.setPen(QPen(QColor(colours["highlight"] if highlighted else colours["bg"]), border))
    p.setBrush(QColor(status.get(state) or status["ok"]))
    inset = border / 2
    p.drawEllipse(QRectF(inset, inset, d - border, d - border))
    if count > 1:
        font = QFont(font_family)
        font.setPixelSize(COUNT_PX)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(colours["bg"]))
        p.drawText(QRectF(0, 0, d, d), Qt.AlignmentFlag.AlignCenter, str(min(count, MAX_COUNT_DRAWN)))
    p.end()
    return img


def label_image(text: str, detail: str, dpr: float, colours: dict[str, Any], font_family: str) -> QImage:
    """A grid's label chip: the name (bold) over the detail line, on a translucent dark box (readable
    on light and dark fills alike); `dpr` device pixels per logical pixel."""
    name_font = QFont(font_family)
    name_font.setPixelSize(int(colours["labelPx"]))
    name_font.setBold(True)
    detail_font = QFont(font_family)
    detail_font.setPixelSize(int(colours["labelPx"]) - 3)
    nm, dm = QFontMetricsF(name_font), QFontMetricsF(detail_font)
    w = math.ceil(max(nm.horizontalAdvance(text), dm.horizontalAdvance(detail) if detail else 0.0)) + 10
    h = math.ceil(nm.height() + (dm.height() if detail else 0.0)) + 2
    img = QImage(max(1, math.ceil(w * dpr)), max(1, math.ceil(h * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    img.setDevicePixelRatio(dpr)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colours["labelBox"]))
    p.drawRoundedRect(QRectF(0, 0, w, h), 4, 4)
    p.setFont(name_font)
    p.setPen(QColor(colours["text"]))
    p.drawText(QRectF(0, 1, w, nm.height()), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
    if detail:
        p.setFont(detail_font)
        p.setPen(QColor(colours["muted"]))
        p.drawText(QRectF(0, 1 + nm.height(), w, dm.height()), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   detail)
    p.end()
    return img


class MarkerImages(QQuickImageProvider):
    """`image://markers/ticket/<state>/<count>/<0|1 highlighted>/<device pixel ratio>` and
    `image://markers/label/<device pixel ratio>/<name>/<detail>` (name and detail URI-encoded).

    Qt Quick caches each picture by its URL; the provider keeps them too (Qt's cache may drop one).
    A malformed id gives an empty picture and a logged warning, never an exception into QML."""

    def __init__(self, colours: dict[str, Any], font_family: str) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._colours = colours
        self._font = font_family
        self._made: dict[tuple, QImage] = {}  # by what a picture shows (_parse, _label_key)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
        try:
            key = _parse(image_id)
        except ValueError as exc:
            logging.getLogger(__name__).warning("map marker picture %r: %s", image_id, exc)
            img = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        else:
            img = self._picture(key)
        if size is not None:
            size.setWidth(img.width())
            size.setHeight(img.height())
        return img

    def has_label(self, text: str, detail: str, dpr: float) -> bool:
        return _label_key(text, detail, dpr) in self._made

    def warm_label(self, text: str, detail: str, dpr: float) -> None:
        """Make a label's picture ahead of need (idle time), so the map finds it made."""
        self.label_picture(text, detail, dpr)

    def label_picture(self, text: str, detail: str, dpr: float) -> QImage:
        """A grid label's picture (the map's canvas paints it, widgets/map_canvas.py): made once."""
        return self._picture(_label_key(text, detail, dpr))

    def ticket_picture(self, state: str, count: int, highlighted: bool, dpr: float) -> QImage:
        """A ticket marker's picture (the map's canvas paints it): made once per look."""
        return self._picture(_ticket_key(state, count, highlighted, dpr))

    def _picture(self, key: tuple) -> QImage:
        img = self._made.get(key)
        return img if img is not None else self._keep(key, self._make(key))

    def _keep(self, key: tuple, img: QImage) -> QImage:
        if len(self._made) > MAX_PICTURES:  # never grow without end (a street's labels and counts fit)
            self._made.clear()
        self._made[key] = img
        return img

    def _make(self, key: tuple) -> QImage:
        if key[0] == "label":
            return label_image(key[2], key[3], key[1], self._colours, self._font)
        _, state, count, highlighted, dpr = key
        return ticket_image(state, count, highlighted, dpr, self._colours, self._font)


MAX_PICTURES = 4096  # ~20 KB a label: at most ~80 MB


def _label_key(text: str, detail: str, dpr: float) -> tuple:
    return "label", _ratio(dpr), text, detail


def _ticket_key(state: str, count: int, highlighted: bool, dpr: float | str) -> tuple:
    return "ticket", state, max(1, count), highlighted, _ratio(dpr)


def _parse(image_id: str) -> tuple:
    """An image id as Qt hands it over (a "/" or "%" inside a name still encoded) → the picture's key."""
    kind, *parts = image_id.split("/")
    if kind == "label" and len(parts) == 3:
        return _label_key(unquote(parts[1]), unquote(parts[2]), _ratio(parts[0]))
    if kind == "ticket" and len(parts) == 4:
        state, count, highlighted, dpr = parts
        return _ticket_key(state, int(count), highlighted == "1", dpr)
    raise ValueError(f"unknown marker picture {kind!r} with {len(parts)} parts")


def _ratio(value: str | float) -> float:
    return max(0.5, min(4.0, float(value)))


class LabelWarmer:
    """Makes the pictures of the labels the map may show next while the UI thread is idle: a level
    switch creates ~130 labels and a pan into new grids a few dozen, each ~0.3 ms of text layout in
    the frame that shows it. `restart()` when what labels say may have changed (a snapshot, grids,
    the colouring, the language); `lines()` gives every region's (name, detail)."""

    PER_TICK = 6  # ~2 ms of the UI thread every TICK_MS
    TICK_MS = 40
    MOST = 1500  # labels made ahead at most (the drawn level's first): a third of the provider's keep

    def __init__(self, provider: MarkerImages, lines: Callable[[], list[tuple[str, str]]],
                 dpr: Callable[[], float], parent: QObject | None = None) -> None:
        self._provider, self._lines, self._dpr = provider, lines, dpr
        self._todo: list[tuple[str, str]] = []
        self._timer = QTimer(parent)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def pending(self) -> int:
        return len(self._todo)

    def restart(self) -> None:
        self._todo = list(reversed(self._lines()[:self.MOST]))  # popped from the end: in the order given
        self._timer.start()

    def finish(self) -> None:
        """Make the rest now (a bench or test that starts once the console has been idle a while)."""
        while self._todo:
            self._tick()

    def _tick(self) -> None:
        dpr = self._dpr()
        for _ in range(self.PER_TICK):
            if not self._todo:
                self._timer.stop()
                return
            self._provider.warm_label(*self._todo.pop(), dpr)


def install(engine: Any, colours: dict[str, Any], font_family: str) -> MarkerImages:
    """Give a QML engine the marker pictures (the map view and the bench's bare map both use it)."""
    provider = MarkerImages(colours, font_family)
    engine.addImageProvider(PROVIDER, provider)
    return provider
