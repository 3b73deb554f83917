"""The tiles of the wall, laid out by the `console.wall.Wall` model, and the frame clock.

Tiles are kept across layout switches (a tile that keeps its camera keeps its stream: no
reconnect). One 20 ms timer asks every visible tile for a new picture, so each tile repaints at
most once per frame; a slower one runs the players' watchdogs and the OSD clock. Streams play only
while the grid is visible: hidden (panel behind a tab, window minimised) means no decoding.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from console.player import RetryPolicy, State
from console.wall import Wall, alarm_tiles, is_large
from widgets.bridge import bind
from widgets.camera_tile import CameraTile

log = logging.getLogger(__name__)

# Twice the cameras' 25 fps (PAL, the norm of Chinese CCTV): every picture is shown 40 ms after the
# one before it, and the wall's tiles repaint in 50 window updates a second. A 16 ms clock (62.5 Hz)
# showed them 32/48 ms apart and cost ~10 % more of the UI thread per picture (A/B on the 16-tile wall):
# each window update has a fixed cost, and fewer updates batch more tiles into each.
FRAME_MS = 20
WATCHDOG_MS = 250
PREBUILT_TILES = 36


class CameraGrid(QWidget):
    """Tiles for `wall.layout`, fed from the Store's cameras; keyboard navigation."""

    sig_snapshot_saved = Signal(str)

    def __init__(self, store: Any, wall: Wall, policy: RetryPolicy = RetryPolicy(),
                 snapshot_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera_grid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.store = store
        self.wall = wall
        self.policy = policy
        self.snapshot_dir = snapshot_dir or Path.home() / "Pictures" / "Gridline"
        self.tiles: list[CameraTile] = []
        self.active = False
        self.on_screen = True  # set_on_screen(False) while covered by another tab
        self.alarm_text = ""
        self.last_layout_ms = 0.0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self._frame_timer = QTimer(self)
        self._frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._on_frame)
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(WATCHDOG_MS)
        self._watchdog.timeout.connect(self._on_watchdog)
        self._ticks = 0
        self._shown: list[CameraTile] = []  # tiles with a camera on screen: the only ones the clocks visit
        for i in range(PREBUILT_TILES):
            self._tile(i).hide()  # built once, up front: a switch to 36 tiles only lays them out
        bind(self, wall.sig_layout, self._on_layout)
        bind(self, wall.sig_solo, self._on_layout)
        bind(self, wall.sig_tiles, self.refresh)
        bind(self, wall.sig_selected, self._on_selected)
        bind(self, wall.sig_group, self._on_group)
        bind(self, store.sig_changed, self._on_store_changed)
        bind(self, store.sig_reset, self.refresh)
        self._on_layout()

    # --- store ------------------------------------------------------------------------------------

    def describe(self, camera_id: str) -> tuple[str, str]:
        """(camera name, "community · grid") read from the Store when painting."""
        cam = self.store.get("camera", camera_id) or {}
        grid = self.store.get("region", cam.get("region_id") or "") or {}
        community = self.store.get("region", grid.get("parent_id") or "") or {}
        cname, gname = community.get("name") or "", grid.get("name") or ""
        # "帝景城社区第一网格" already names its community: say it once
        place = gname if cname and gname.startswith(cname) else " · ".join(x for x in (cname, gname) if x)
        return cam.get("name") or camera_id, place

    def _on_store_changed(self, changes: list) -> None:
        kinds = {c.kind for c in changes}
        if "camera" in kinds:
            ids = {c.id for c in changes if c.kind == "camera"}
            if any(t.camera_id in ids for t in self.tiles):
                self.refresh()
                for tile in self.tiles:
                    if tile.camera_id in ids:
                        tile.invalidate_osd()  # a new name shows at once, not at the next second
        if "region" in kinds:
            for tile in self.tiles:
                if tile.camera_id is not None:
                    tile.invalidate_osd()

    # --- layout -----------------------------------------------------------------------------------

    def _tile(self, index: int) -> CameraTile:
        while len(self.tiles) <= index:
            tile = CameraTile(len(self.tiles), self.describe, self.policy, self)
            tile.sig_clicked.connect(self._on_tile_clicked)
            tile.sig_activated.connect(self.wall.toggle_solo)
            tile.sig_dropped.connect(self.wall.assign)
            tile.sig_clear.connect(lambda i: self.wall.assign(i, None))
            tile.sig_snapshot.connect(self.snapshot)
            tile.sig_group_toggled.connect(self._toggle_group)
            self.tiles.append(tile)
        return self.tiles[index]

    def _on_layout(self, *_: Any) -> None:
        t0 = time.perf_counter()
        layout = self.wall.layout
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for r in range(self._grid.rowCount()):
            self._grid.setRowStretch(r, 0)
        for c in range(self._grid.columnCount()):
            self._grid.setColumnStretch(c, 0)
        solo = self.wall.solo
        for i, cell in enumerate(layout.cells):
            tile = self._tile(i)
            if solo is None:
                self._grid.addWidget(tile, cell.row, cell.col, cell.rows, cell.cols)
            elif i == solo:
                self._grid.addWidget(tile, 0, 0, layout.rows, layout.cols)
        for r in range(layout.rows):
            self._grid.setRowStretch(r, 1)
        for c in range(layout.cols):
            self._grid.setColumnStretch(c, 1)
        for i, tile in enumerate(self.tiles):
            tile.setVisible(i < layout.size and (solo is None or i == solo))
        self.refresh()
        self.last_layout_ms = (time.perf_counter() - t0) * 1000.0

    def refresh(self, *_: Any) -> None:
        """Give every tile what `wall.shown` says, playing only visible tiles of a visible grid."""
        layout = self.wall.layout
        group = set(alarm_tiles(layout)) if self.wall.popup is not None else set()
        shown: list[CameraTile] = []
        for i, tile in enumerate(self.tiles):
            in_layout = i < layout.size
            cid = self.wall.shown(i) if in_layout else None
            camera = self.store.get("camera", cid) if cid else None
            if cid and camera is None:
                camera = {"id": cid, "online": False, "urls": []}  # unknown to the store: clearly not live
            large = self.wall.solo == i or (in_layout and is_large(layout, i))
            visible = in_layout and (self.wall.solo is None or self.wall.solo == i)
            tile.selected = i == self.wall.selected
            tile.grouped = i in self.wall.tour_group
            tile.alarm_text = self.alarm_text if i in group else ""
            tile.show_camera(camera, large, self.active and visible)
            if visible and cid:
                shown.append(tile)
        self._shown = shown

    def _on_selected(self, index: int) -> None:
        for i, tile in enumerate(self.tiles):
            if tile.selected != (i == index):
                tile.selected = i == index
                tile.update()

    def _toggle_group(self, index: int) -> None:
        if 0 <= index < self.wall.layout.size:
            self.wall.toggle_tour_tile(index)

    def _on_group(self) -> None:
        group = set(self.wall.tour_group)
        for i, tile in enumerate(self.tiles):
            if tile.grouped != (i in group):
                tile.grouped = i in group
                tile.update()

    def _on_tile_clicked(self, index: int) -> None:
        self.wall.select(index)
        self.setFocus()

    # --- activity ---------------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        """Decode only while shown: the rest of the console keeps its CPU when the wall is hidden."""
        if active == self.active:
            return
        self.active = active
        if active:
            self._frame_timer.start()
            self._watchdog.start()
        else:
            self._frame_timer.stop()
            self._watchdog.stop()
        self.refresh()

    def set_on_screen(self, on_screen: bool) -> None:
        """The host says whether the wall can be seen (a dock behind another tab is "visible" to Qt
        but covered): decode only while it can."""
        self.on_screen = on_screen
        self.set_active(on_screen and self.isVisible())

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.set_active(self.on_screen)

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.set_active(False)

    def _on_frame(self) -> None:
        # 50 times a second: only the tiles on screen with a camera, at most one repaint each
        for tile in self._shown:
            if tile.poll_frame():
                tile.update_picture()

    def _on_watchdog(self) -> None:
        self._ticks += 1
        clock_due = self._ticks % (1000 // WATCHDOG_MS) == 0
        for tile in self._shown:
            tile.stream.tick()
            if clock_due and tile.state is not State.LIVE:
                tile.update()  # the OSD clock and "last picture N s ago" move without video

    def playing(self) -> list[CameraTile]:
        return [t for t in self.tiles if t.stream.engine_name is not None]

    # --- keyboard and snapshot --------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        moves = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down"}
        if key in moves:
            self.wall.move_selection(moves[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.wall.toggle_solo(self.wall.selected)
        elif key == Qt.Key.Key_Escape and self.wall.solo is not None:
            self.wall.set_solo(None)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.wall.assign(self.wall.selected, None)
        elif key == Qt.Key.Key_S and not event.modifiers():
            self.snapshot(self.wall.selected)
        elif key == Qt.Key.Key_T and not event.modifiers():
            self._toggle_group(self.wall.selected)
        else:
            super().keyPressEvent(event)

    def snapshot(self, index: int) -> Path | None:
        if not 0 <= index < len(self.tiles):
            return None
        path = self.tiles[index].snapshot(self.snapshot_dir)
        if path is not None:
            self.sig_snapshot_saved.emit(str(path))
        return path
