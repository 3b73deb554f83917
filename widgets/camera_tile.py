"""One tile of the camera wall: the picture, and an on-screen display that never lies about it.

The tile paints its engine's newest picture (at most once per frame: the grid's frame timer asks
`poll_frame()`), and over it the OSD: camera name and grid, the clock, the player state. Only a
live or frozen stream shows a picture; a frozen one is dimmed with a loud red "frozen" sign, and
every other state (connecting, reconnecting, offline, failed) shows a dark tile with the state in
large type, so a stale picture is never taken for live video.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from console.player import RetryPolicy, State, Stream
from widgets import video_qt, video_vlc
from widgets.theme import COLORS, pick_ui_family

log = logging.getLogger(__name__)

CAMERA_MIME = "application/x-gridline-camera"
STATE_TONES = {State.LIVE: "ok", State.BUFFERING: "info", State.CONNECTING: "info", State.RECONNECTING: "at_risk",
               State.FROZEN: "overdue", State.OFFLINE: "overdue", State.FAILED: "overdue", State.NO_SOURCE: "overdue",
               State.IDLE: "muted"}
_capabilities: dict[str, set[str]] | None = None
# how often a live tile reads libvlc's stream clock (a foreign call): a freeze is declared after
# seconds (RetryPolicy.freeze_after), so a quarter second of lag is plenty
PROGRESS_CHECK_S = 0.25
_FONTS: dict[tuple[int, bool], QFont] = {}
# The bottom chip (state and clock) is the same on every tile of one size and state: made once a
# second for all of them (made per tile: 16 text layouts a second; the UI thread 8.9 -> 8.6 % of a core).
_BOTTOM_CHIPS: dict[tuple[int, str, str], QPixmap] = {}
_COLORS: dict[str, QColor] = {}
_BLACK = QColor("#000000")


def _color(name: str) -> QColor:
    color = _COLORS.get(name)
    if color is None:
        color = _COLORS[name] = QColor(name)
    return color


def engine_capabilities() -> dict[str, set[str]]:
    """What each engine can open on this machine (computed once)."""
    global _capabilities
    if _capabilities is None:
        _capabilities = {"vlc": video_vlc.capabilities(), "qt": video_qt.capabilities()}
    return _capabilities


_clock = [0, ""]


def clock_text() -> str:
    """HH:MM:SS of now, formatted once per second for all tiles."""
    now = int(time.time())
    if now != _clock[0]:
        _clock[0], _clock[1] = now, datetime.now().strftime("%H:%M:%S")
    return _clock[1]


class _TimerHandle:
    def __init__(self, timer: QTimer) -> None:
        self.timer = timer

    def cancel(self) -> None:
        try:
            self.timer.stop()
            self.timer.deleteLater()
        except RuntimeError:  # already fired and deleted
            pass


def qt_scheduler(owner: QWidget) -> Callable[[float, Callable[[], None]], _TimerHandle]:
    """The player's scheduler on the UI thread: single-shot QTimers owned by the tile."""
    def schedule(delay: float, fn: Callable[[], None]) -> _TimerHandle:
        timer = QTimer(owner)
        timer.setSingleShot(True)
        timer.timeout.connect(fn)
        timer.timeout.connect(timer.deleteLater)
        timer.start(max(0, int(delay * 1000)))
        return _TimerHandle(timer)
    return schedule


class _Geometry:
    """Where a tile of one size paints: made on resize (or a new picture size), not per picture."""

    def __init__(self, rect: QRect) -> None:
        self.rect = rect
        self.unit = max(11, min(22, rect.height() // 13))  # OSD type size
        self.image_size: tuple[int, int] | None = None
        self.target = rect
        self.letterbox: tuple[QRect, ...] = ()

    def fit(self, size: tuple[int, int]) -> None:
        self.image_size = size
        self.target = CameraTile._fit(size[0], size[1], self.rect)
        self.letterbox = CameraTile._letterbox(self.target, self.rect)


class CameraTile(QWidget):
    """A tile: one Stream over the libvlc and QtMultimedia engines, and its OSD."""

    sig_clicked = Signal(int)
    sig_activated = Signal(int)
    """Double-click: full screen on / off."""
    sig_dropped = Signal(int, str)
    """(tile index, camera id) dropped here."""
    sig_snapshot = Signal(int)
    sig_clear = Signal(int)
    sig_group_toggled = Signal(int)
    """Ctrl+click or the menu: put this tile in the tour group (轮巡组), or take it out."""

    def __init__(self, index: int, describe: Callable[[str], tuple[str, str]], policy: RetryPolicy = RetryPolicy(),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self._describe = describe  # camera id → (name, grid name), read from the Store at paint time
        self.setObjectName(f"camera_tile_{index}")
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # video covers the tile: skip the erase
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(64, 36)
        self.engines = {"vlc": video_vlc.VlcEngine(self), "qt": video_qt.QtEngine(self)}
        self.stream = Stream(self.engines, qt_scheduler(self), policy, capabilities=engine_capabilities())
        for engine in self.engines.values():
            engine.sig_event.connect(self.stream.handle)
        self.stream.sig_state.connect(self._on_state)
        self.camera_id: str | None = None
        # A live picture's whole paint, decided once (a second at most): the picture's rectangle and
        # the two labels with where they go. None whenever anything but the picture may change.
        self._plan: tuple | None = None
        self._selected = False
        self._grouped = False
        self._badge: tuple[int, QPixmap] | None = None  # (type size, the tour group's badge)
        self._alarm_text = ""
        self.painted = 0  # pictures painted (the benchmark reads it)
        self._image = None
        self._press: QPoint | None = None
        self._progress: tuple[int, int] = (-1, -1)
        self._progress_at = 0.0
        self._osd_key: tuple | None = None  # (clock, state, area, alarm, selected) of the labels
        self._osd_full: tuple | None = None  # the same and (name, grid, unit): what the bars show
        self._osd: tuple[QPixmap, QPoint, QPixmap, QPoint] | None = None
        self._geo: _Geometry | None = None
        self._texts: dict[State, str] | None = None

    # --- what the tile plays (the grid decides) ---------------------------------------------------

    def show_camera(self, camera: dict[str, Any] | None, large: bool, active: bool) -> None:
        """Play `camera` (None: empty) when `active`; stop decoding when not."""
        self.camera_id = camera.get("id") if camera else None
        if camera is None or not active:
            if self.stream.camera_id is not None or self.stream.state is not State.IDLE:
                self.stream.play(None)  # stop: nothing decodes for an empty or hidden tile
            self._image = None
        else:
            self.stream.play(camera, large)
        self.update()

    @property
    def state(self) -> State:
        return self.stream.state

    @property
    def selected(self) -> bool:
        return self._selected

    @selected.setter
    def selected(self, on: bool) -> None:
        if on != self._selected:
            self._selected, self._plan = on, None

    @property
    def grouped(self) -> bool:
        """In the tour group: a dashed frame and a "tour" badge say which tiles take the tour."""
        return self._grouped

    @grouped.setter
    def grouped(self, on: bool) -> None:
        if on != self._grouped:
            self._grouped, self._plan = on, None

    @property
    def alarm_text(self) -> str:
        """Non-empty: this tile belongs to an alarm pop-up (red frame, the alarm's text)."""
        return self._alarm_text

    @alarm_text.setter
    def alarm_text(self, text: str) -> None:
        if text != self._alarm_text:
            self._alarm_text, self._plan = text, None

    def update_picture(self) -> None:
        """A new picture (the grid's frame clock): repaint only the picture's rectangle when the rest of
        the tile (letterbox bars) stays as painted."""
        plan = self._plan
        if plan is None:
            self.update()
        else:
            self.update(plan[1])

    def poll_frame(self) -> bool:
        """UI thread, once per frame: take the newest picture; True if the tile must repaint."""
        name = self.stream.engine_name
        if name is None:
            return False
        engine = self.engines[name]
        if not engine.take():
            return False
        self._image = engine.image()
        generation = self.stream.st.generation
        if self.stream.state not in (State.LIVE, State.FROZEN):
            self.stream.note_frame(generation)  # the first picture of a fresh open is new by definition
        else:
            now = time.monotonic()
            if now - self._progress_at >= PROGRESS_CHECK_S:
                self._progress_at = now
                progress = (generation, engine.progress())
                if progress != self._progress:  # the stream clock moved: a real new picture
                    self._progress = progress
                    self.stream.note_frame(generation)
        return True

    def _on_state(self, state: State) -> None:
        if state not in (State.LIVE, State.FROZEN):
            self._image = None  # a picture is only ever shown for a live (or loudly frozen) stream
        self._plan = None
        self.update()

    # --- painting ---------------------------------------------------------------------------------

    @staticmethod
    def _font(px: int, bold: bool = False) -> QFont:
        key = (max(10, px), bold)
        font = _FONTS.get(key)
        if font is None:  # QFontDatabase lookups are slow: one QFont per size, made once
            family = pick_ui_family()
            font = QFont(family) if family else QFont()
            font.setPixelSize(key[0])
            font.setBold(bold)
            _FONTS[key] = font
        return font

    def state_text(self, state: State) -> str:
        texts = self._texts
        if texts is None:  # tr() nine times per painted picture was measurable: once per language
            texts = self._texts = {
                State.IDLE: self.tr("No camera"), State.CONNECTING: self.tr("Connecting"),
                State.BUFFERING: self.tr("Buffering"), State.LIVE: self.tr("Live"),
                State.FROZEN: self.tr("FROZEN: no picture"), State.RECONNECTING: self.tr("Reconnecting"),
                State.OFFLINE: self.tr("Camera offline"), State.FAILED: self.tr("Cannot play this stream"),
                State.NO_SOURCE: self.tr("No player for this stream"),
            }
        return texts[state]

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._texts, self._osd_key, self._plan, self._badge = None, None, None, None
        super().changeEvent(event)

    def invalidate_osd(self) -> None:
        """The camera's name or grid changed: render the bars again at the next paint."""
        self._osd_key = self._plan = None
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Runs 25 times a second per tile. A live tile's paint is the picture and two cached labels,
        # decided once a second (`_plan`): the UI thread reaches here cold (16 streams decode between
        # two frames), where each Python line and Qt call costs microseconds.
        plan = self._plan
        image = self._image
        if plan is not None and image is not None and plan[0] == int(time.time()) and image.width() == plan[6] \
                and image.height() == plan[7] and event.rect() == plan[1]:
            p = QPainter(self)
            p.drawImage(plan[1], image)
            p.drawPixmap(plan[3], plan[2])
            p.drawPixmap(plan[5], plan[4])
            p.end()
            self.painted += 1
            return
        self._plan = None
        p = QPainter(self)
        state = self.stream.state
        image = self._image if state is State.LIVE or state is State.FROZEN else None
        geo = self._geo
        if geo is None:
            geo = self._geo = self._geometry()
        r = geo.rect
        if image is not None:
            size = (image.width(), image.height())
            if geo.image_size != size:
                geo.fit(size)
                self.update()  # the letterbox bars moved: outside what this paint may cover
            for bar in geo.letterbox:  # fill only the letterbox bars: the picture covers the rest
                p.fillRect(bar, _BLACK)
            p.drawImage(geo.target, image)
            self.painted += 1
        else:
            p.fillRect(r, _BLACK)
        if self.camera_id is None:
            p.setPen(_color(COLORS["muted"]))
            p.setFont(self._font(geo.unit))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.tr("Drop a camera here"))
            self._paint_frame(p, r, state)
        else:
            self._paint_osd(p, geo, state)
            if image is not None and state is State.LIVE and not self._alarm_text and not self._selected \
                    and not self._grouped:
                top, top_at, bottom, bottom_at = self._osd
                self._plan = (_clock[0], geo.target, top, top_at, bottom, bottom_at, *geo.image_size)
        p.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._geo = self._plan = None
        super().resizeEvent(event)

    def _geometry(self) -> "_Geometry":
        return _Geometry(self.rect())

    @staticmethod
    def _fit(w: int, h: int, r: QRect) -> QRect:
        if w <= 0 or h <= 0:
            return r
        scale = min(r.width() / w, r.height() / h)
        tw, th = int(w * scale), int(h * scale)
        return QRect(r.x() + (r.width() - tw) // 2, r.y() + (r.height() - th) // 2, tw, th)

    @staticmethod
    def _letterbox(target: QRect, r: QRect) -> tuple[QRect, ...]:
        bars = []
        if target.width() < r.width():
            bars += [QRect(r.x(), r.y(), target.x() - r.x(), r.height()),
                     QRect(target.right() + 1, r.y(), r.right() - target.right(), r.height())]
        if target.height() < r.height():
            bars += [QRect(r.x(), r.y(), r.width(), target.y() - r.y()),
                     QRect(r.x(), target.bottom() + 1, r.width(), r.bottom() - target.bottom())]
        return tuple(b for b in bars if b.width() > 0 and b.height() > 0)

    def _paint_osd(self, p: QPainter, geo: "_Geometry", state: State) -> None:
        clock = clock_text()
        key = self._osd_key
        area = geo.target if state is State.LIVE or state is State.FROZEN else geo.rect
        if key is None or key[0] != clock or key[1] is not state or key[2] != area \
                or key[3] != self.alarm_text or key[4] != self.selected:
            # The labels change once a second at most: render them once, blit them with every
            # picture. The camera's name is read from the Store only here.
            name, grid = self._describe(self.camera_id)
            full = (clock, state, area, self.alarm_text, self.selected, name, grid)
            if full != self._osd_full:
                r = area
                # only the clock moved (once a second): the top label (name, grid, alarm band) is kept
                keep = (self._osd[0], self._osd[1] - r.topLeft()) \
                    if self._osd_full is not None and self._osd_full[1:] == full[1:] else None
                top, top_at, bottom, bottom_at = self._render_bars(r.width(), r.height(), geo.unit, name, grid, state,
                                                                   clock, keep)
                self._osd = (top, top_at + r.topLeft(), bottom, bottom_at + r.topLeft())
                self._osd_full = full
            self._osd_key = full[:5]
        top, top_at, bottom, bottom_at = self._osd
        r, unit = geo.rect, geo.unit
        if state is State.FROZEN:  # the stale picture dimmed under the labels and the loud sign
            p.fillRect(r, QColor(0, 0, 0, 110))
        p.drawPixmap(top_at, top)
        p.drawPixmap(bottom_at, bottom)
        if state is State.LIVE and not self.alarm_text and not self.selected and not self.grouped:
            return  # live video: the picture and two labels (the grid's gaps part the tiles)
        tone = COLORS.get(STATE_TONES.get(state, "muted"), COLORS["muted"])
        if state is State.FROZEN:
            self._centre_text(p, r, self.state_text(state), COLORS["overdue"], int(unit * 1.6))
            since = max(0.0, time.monotonic() - self.stream.last_frame)
            p.setFont(self._font(unit))
            p.drawText(r.adjusted(0, int(unit * 3.5), 0, 0), Qt.AlignmentFlag.AlignCenter,
                       self.tr("last picture %1 s ago").replace("%1", f"{since:.0f}"))
        elif state is not State.LIVE:
            self._centre_text(p, r, self.state_text(state), tone, int(unit * 1.4))
        self._paint_frame(p, r, state)

    # The labels are chips sized to their words, not bars across the tile: a translucent label
    # costs a blend of every pixel it covers with each picture (25 times a second per tile), and two
    # full-width bars darkened a quarter of the picture. The name and grid sit top left, the state and
    # clock bottom right.
    SHADE = QColor(0, 0, 0, 150)

    def _render_bars(self, width: int, height: int, unit: int, name: str, grid: str, state: State, clock: str,
                     top: tuple[QPixmap, QPoint] | None = None) -> tuple[QPixmap, QPoint, QPixmap, QPoint]:
        """(top label, where it goes in the tile, bottom label, where it goes); `top` is kept when given."""
        if top is None:
            top = self._render_top(width, unit, name, grid)
        bottom = self._render_bottom(unit, state, clock)
        margin = max(2, unit // 5)
        return top[0], top[1], bottom, QPoint(width - bottom.width() - margin, height - bottom.height() - margin)

    @staticmethod
    def _chip(width: int, height: int) -> tuple[QPixmap, QPainter]:
        chip = QPixmap(max(1, width), height)
        chip.fill(Qt.GlobalColor.transparent)
        p = QPainter(chip)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(CameraTile.SHADE)
        p.drawRoundedRect(QRect(0, 0, width, height), 4, 4)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        return chip, p

    def _render_top(self, width: int, unit: int, name: str, grid: str) -> tuple[QPixmap, QPoint]:
        """The camera's name (bold) and its grid in one chip, elided to the tile; with an alarm, the
        alarm's text in a red band across the tile under it."""
        margin, pad, height = max(2, unit // 5), max(4, unit // 2), int(unit * 1.5)
        name_font, grid_font = self._font(unit, bold=True), self._font(int(unit * 0.85))
        room = width - 2 * margin - 2 * pad
        name_metrics, grid_metrics = QFontMetrics(name_font), QFontMetrics(grid_font)
        name = name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
        name_w = name_metrics.horizontalAdvance(name)
        gap = pad
        grid_room = room - name_w - gap
        grid = grid_metrics.elidedText(grid, Qt.TextElideMode.ElideLeft, grid_room) if grid_room > unit * 2 else ""
        grid_w = grid_metrics.horizontalAdvance(grid) if grid else 0
        chip_w = pad + name_w + (gap + grid_w if grid else 0) + pad
        chip, p = self._chip(chip_w, height)
        p.setPen(QColor(COLORS["text"]))
        p.setFont(name_font)
        p.drawText(QRect(pad, 0, name_w + 1, height), Qt.AlignmentFlag.AlignVCenter, name)
        if grid:
            p.setFont(grid_font)
            p.setPen(QColor(COLORS["muted"]))
            p.drawText(QRect(pad + name_w + gap, 0, grid_w + 1, height), Qt.AlignmentFlag.AlignVCenter, grid)
        p.end()
        if not self.alarm_text:
            return chip, QPoint(margin, margin)
        band = int(unit * 1.7)
        top = QPixmap(width, margin + height + band)
        top.fill(Qt.GlobalColor.transparent)
        p = QPainter(top)
        p.drawPixmap(margin, margin, chip)
        p.fillRect(QRect(0, margin + height, width, band), QColor(COLORS["overdue"]))
        p.setPen(QColor("#ffffff"))
        p.setFont(name_font)
        p.drawText(QRect(8, margin + height, width - 16, band), Qt.AlignmentFlag.AlignVCenter,
                   name_metrics.elidedText(self.alarm_text, Qt.TextElideMode.ElideRight, width - 16))
        p.end()
        return top, QPoint(0, 0)

    def _render_bottom(self, unit: int, state: State, clock: str) -> QPixmap:
        """The state (a coloured dot and its word) and the clock in one chip, shared by the tiles."""
        text = self.state_text(state)
        key = (unit, text, clock)
        chip = _BOTTOM_CHIPS.get(key)
        if chip is None:
            if len(_BOTTOM_CHIPS) > 64:  # last seconds' chips: nobody shows them again
                _BOTTOM_CHIPS.clear()
            chip = _BOTTOM_CHIPS[key] = self._make_bottom(unit, state, text, clock)
        return chip

    def _make_bottom(self, unit: int, state: State, text: str, clock: str) -> QPixmap:
        pad, height = max(4, unit // 2), int(unit * 1.5)
        font = self._font(int(unit * 0.9), bold=True)
        metrics = QFontMetrics(font)
        dot = int(unit * 0.6)
        # the clock's box fits its widest digits: the chip keeps its size as the seconds run
        text_w, clock_w = metrics.horizontalAdvance(text), max(metrics.horizontalAdvance(clock),
                                                               metrics.horizontalAdvance("00:00:00"))
        chip, p = self._chip(pad + dot + 6 + text_w + pad + clock_w + pad, height)
        tone = QColor(COLORS.get(STATE_TONES.get(state, "muted"), COLORS["muted"]))
        p.setBrush(tone)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.drawEllipse(pad, height // 2 - dot // 2, dot, dot)
        p.setFont(font)
        p.setPen(tone)
        p.drawText(QRect(pad + dot + 6, 0, text_w + 1, height), Qt.AlignmentFlag.AlignVCenter, text)
        p.setPen(QColor(COLORS["text"]))
        p.drawText(QRect(pad + dot + 6 + text_w + pad, 0, clock_w + 1, height),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, clock)
        p.end()
        return chip

    def _centre_text(self, p: QPainter, r: QRect, text: str, color: str, px: int) -> None:
        p.setFont(self._font(px, bold=True))
        p.setPen(QColor(color))
        p.drawText(r.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def _paint_frame(self, p: QPainter, r: QRect, state: State) -> None:
        color, width = None, 0
        if self.alarm_text or state is State.FROZEN:
            color, width = COLORS["overdue"], 5
        elif self.selected:
            color, width = COLORS["info"], 3
        if self.grouped and not self.alarm_text:
            self._paint_group_mark(p, r, dashed=color is None)
        if color:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(color), width))
            p.drawRect(r.adjusted(width // 2, width // 2, -(width + 1) // 2, -(width + 1) // 2))
        elif not self.grouped:  # a group's dashed frame is its border
            p.setPen(_color(COLORS["border"]))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r.adjusted(0, 0, -1, -1))

    def _paint_group_mark(self, p: QPainter, r: QRect, dashed: bool) -> None:
        """A tile of the tour group: a dashed blue frame (a selection's solid one instead) and a badge."""
        tone = QColor(COLORS["info"])
        if dashed:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(tone, 3, Qt.PenStyle.DashLine))
            p.drawRect(r.adjusted(1, 1, -2, -2))
        unit = self._geo.unit if self._geo is not None else 12
        badge = self._badge
        if badge is None or badge[0] != unit:  # painted with every picture: made once per size and language
            font = self._font(int(unit * 0.9), bold=True)
            text = self.tr("Tour")
            pixmap = QPixmap(QFontMetrics(font).horizontalAdvance(text) + unit, int(unit * 1.5))
            pixmap.fill(tone)
            bp = QPainter(pixmap)
            bp.setFont(font)
            bp.setPen(QColor(COLORS["bg"]))
            bp.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
            bp.end()
            badge = self._badge = (unit, pixmap)
        margin = max(2, unit // 5)  # bottom left: no label there
        p.drawPixmap(r.x() + margin + 2, r.bottom() - badge[1].height() - margin - 1, badge[1])

    # --- snapshot ---------------------------------------------------------------------------------

    def snapshot(self, directory: Path) -> Path | None:
        """Save what the tile shows (picture and OSD) as PNG; None when there is no camera."""
        if self.camera_id is None:
            return None
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.camera_id}_{datetime.now().strftime('%Y%m%d-%H%M%S-%f')[:-3]}.png"
        return path if self.grab().save(str(path), "PNG") else None

    # --- mouse, drag and drop ---------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.button() == Qt.MouseButton.LeftButton:
            self.sig_group_toggled.emit(self.index)  # multi-select, as on Milestone's and Genetec's walls
        self.sig_clicked.emit(self.index)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._press is None or self.camera_id is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < 12:
            return
        self._press = None
        mime = QMimeData()
        mime.setData(CAMERA_MIME, QByteArray(self.camera_id.encode("utf-8")))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.sig_activated.emit(self.index)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        data = bytes(event.mimeData().data(CAMERA_MIME)).decode("utf-8", "replace").strip()
        if data:
            event.acceptProposedAction()
            self.sig_dropped.emit(self.index, data)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu = QMenu(self)
        menu.addAction(self.tr("Full screen"), lambda: self.sig_activated.emit(self.index))
        snap = menu.addAction(self.tr("Snapshot to PNG"), lambda: self.sig_snapshot.emit(self.index))
        clear = menu.addAction(self.tr("Clear tile"), lambda: self.sig_clear.emit(self.index))
        menu.addAction(self.tr("Remove from tour group (Ctrl+click, T)") if self.grouped
                       else self.tr("Add to tour group (Ctrl+click, T)"),
                       lambda: self.sig_group_toggled.emit(self.index))
        snap.setEnabled(self.camera_id is not None)
        clear.setEnabled(self.camera_id is not None)
        menu.exec(event.globalPos())
