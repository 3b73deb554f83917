"""The camera wall panel (视频墙): camera tree, wall toolbar, tiles; alarm pop-ups; detachable.

Built by the main window as `CameraWallPanel(store, operations, session)`.
- `show_camera(id)`: the map asks for a camera. It goes where it already is, else into the first
  free ordinary tile, else into the selected tile, and that tile is selected (no full screen: the
  duty officer keeps the wall they arranged).
- Drops of "application/x-gridline-camera" (camera id, UTF-8) on a tile put the camera there.
- Alarm pop-up: the newest `active` alarm with a camera or a place opens its nearest cameras in
  the bottom row of tiles, red-framed with the alarm text, until the alarm leaves `active`.
- `detach()` moves the tiles into their own window (another screen) and back.
- Streams decode only while the tiles are visible.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QScreen, QShortcut
from PySide6.QtWidgets import (QComboBox, QInputDialog, QLabel, QPushButton, QSizePolicy, QSpinBox,
                               QSplitter, QToolBar, QVBoxLayout, QWidget)

from console.player import RetryPolicy
from console.wall import LAYOUTS, MIN_DWELL, PresetBook, Wall, alarm_tiles, custom_layout, popup_for
from widgets.alarm_model import type_name
from widgets.bridge import bind
from widgets.camera_grid import CameraGrid
from widgets.camera_tree import CameraTree
from widgets.screen_fit import keep_on_screen

log = logging.getLogger(__name__)


TREE_WIDTH = 260  # the camera tree beside the tiles: community, grid and camera names fit


def default_presets_path() -> Path:
    try:
        from platformdirs import user_config_dir
        return Path(user_config_dir("gridline")) / "wall_presets.json"
    except ImportError:  # pragma: no cover
        return Path.home() / ".config" / "gridline" / "wall_presets.json"


class _WallWindow(QWidget):
    """The detached wall: a plain top-level window; closing it brings the tiles back."""

    def __init__(self, panel: "CameraWallPanel") -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.panel = panel
        self.setObjectName("camera_wall_window")
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        keep_on_screen(self)  # full screen on a wall PC's bare X session too
        toggle = QShortcut(QKeySequence("F11"), self)  # as the main window's wall mode
        toggle.activated.connect(self.toggle_full_screen)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def open_on(self, screens: list[QScreen], home: QScreen | None) -> None:
        """Full screen on a screen other than the console's (the wall's own display), else a window."""
        others = [s for s in screens if s is not home]
        if others:
            self.setScreen(others[0])
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.show()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.panel.detached:
            self.panel.detach()
        super().closeEvent(event)


class _StatusLine(QLabel):
    """The toolbar's message: the room left between the tour buttons and "Detach wall", never more.
    A long message is elided (whole in the tooltip) instead of pushing the detach button behind the
    toolbar's overflow arrow."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(0, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        room = self.contentsRect().adjusted(4, 0, -4, 0)
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        p.drawText(room, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        p.end()


class CameraWallPanel(QWidget):
    """Camera tree + toolbar + tiles of the wall."""

    def __init__(self, store: Any, operations: Any = None, session: Any = None, parent: QWidget | None = None,
                 presets_path: Path | None = None, policy: RetryPolicy = RetryPolicy(),
                 snapshot_dir: Path | None = None, layout_key: str = "16") -> None:
        super().__init__(parent)
        self.setObjectName("camera_wall")
        self.store, self.operations, self.session = store, operations, session
        self.wall = Wall(LAYOUTS[layout_key])
        self.presets = PresetBook(presets_path or default_presets_path())
        self._first_run = not self._restore_last_view()
        self.tree = CameraTree(store)
        self.grid = CameraGrid(store, self.wall, policy, snapshot_dir)
        self.tree.sig_camera_activated.connect(self._on_tree_activated)
        self.grid.sig_snapshot_saved.connect(self._on_snapshot)
        self._window: _WallWindow | None = None

        self.layout_buttons: dict[str, QPushButton] = {}
        # A tool bar, not a row of widgets: where the wall is narrow (a 1366 px laptop, English
        # words), the controls that do not fit go behind its » button instead of widening the window
        bar = QToolBar()
        bar.setObjectName("camera_wall_bar")
        bar.setMovable(False)
        for key in LAYOUTS:
            b = QPushButton(key)
            b.setCheckable(True)
            b.setObjectName(f"layout_{key}")
            b.clicked.connect(lambda _=False, k=key: self.set_layout(k))
            self.layout_buttons[key] = b
            bar.addWidget(b)
        self.custom_button = QPushButton()
        self.custom_button.clicked.connect(self._ask_custom_layout)
        bar.addWidget(self.custom_button)
        bar.addSeparator()
        self.preset_box = QComboBox()
        self.preset_box.setMinimumWidth(120)
        self.preset_box.activated.connect(self._on_preset_chosen)
        self.save_preset_button = QPushButton()
        self.save_preset_button.clicked.connect(self._ask_save_preset)
        bar.addWidget(self.preset_box)
        bar.addWidget(self.save_preset_button)
        bar.addSeparator()
        self.dwell = QSpinBox()
        self.dwell.setRange(int(MIN_DWELL), 600)
        self.dwell.setValue(10)
        self.tour_button = QPushButton()
        self.tour_button.clicked.connect(self._on_tour_button)
        self.pause_button = QPushButton()
        self.pause_button.clicked.connect(lambda: self.wall.set_tour_paused(not self.wall.tour_paused))
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.wall.next_page)
        for w in (self.dwell, self.tour_button, self.pause_button, self.next_button):
            bar.addWidget(w)
        self.status = _StatusLine()
        self._status_is_tour = False  # the status line shows the tour's text (cleared when it ends)
        self.status.setObjectName("camera_wall_status")
        bar.addWidget(self.status)
        self.detach_button = QPushButton()
        self.detach_button.clicked.connect(self.detach)
        bar.addWidget(self.detach_button)

        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("role", "panel-note")
        self.placeholder.hide()
        right = QWidget()
        self._right = QVBoxLayout(right)
        self._right.setContentsMargins(0, 0, 0, 0)
        self._right.addWidget(bar)
        self._right.addWidget(self.grid, 1)
        self._right.addWidget(self.placeholder, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([TREE_WIDTH, 1200])
        self._split = split
        self._split_fitted = False
        for button in bar.findChildren(QPushButton):  # sixteen controls in one row: narrow padding
            button.setProperty("compact", True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

        self._tour_timer = QTimer(self)
        self._tour_timer.timeout.connect(self._on_tour_timer)
        bind(self, self.wall.sig_tour, self._on_tour_changed)
        bind(self, self.wall.sig_group, lambda *_: self.retranslate())
        bind(self, self.wall.sig_layout, lambda *_: self._sync_layout_buttons())
        bind(self, store.sig_changed, self._on_store_changed)
        bind(self, store.sig_reset, self.update_popup)
        bind(self, store.sig_reset, self._fill_first_wall)
        # The view is kept a second after it changes (a layout switch and a few drops write once)
        self._remember = QTimer(self)
        self._remember.setSingleShot(True)
        self._remember.setInterval(1000)
        self._remember.timeout.connect(self._remember_view)
        bind(self, self.wall.sig_tiles, lambda *_: self._remember.start())
        self.retranslate()
        self._sync_layout_buttons()
        self._reload_presets()
        self.update_popup()
        self._fill_first_wall()

    # --- public face ------------------------------------------------------------------------------

    def show_camera(self, camera_id: str) -> None:
        """Show `camera_id` where it is, else in the first free tile, else the selected one."""
        self.wall.place(camera_id)

    def set_layout(self, key: str) -> None:
        self.wall.set_layout(LAYOUTS[key] if key in LAYOUTS else custom_layout(*map(int, key.split("x"))))
        self._sync_layout_buttons()

    def set_on_screen(self, on_screen: bool) -> None:
        """Called by the main window when the dock's tab is shown or covered; a detached wall has
        its own window and keeps playing."""
        self.grid.set_on_screen(on_screen or self.detached)

    @property
    def detached(self) -> bool:
        return self._window is not None

    def detach(self) -> None:
        """Move the tiles to their own window (for another screen), or bring them back."""
        if self._window is None:
            self._window = _WallWindow(self)
            self._window.setWindowTitle(self.tr("Camera wall"))
            self._right.removeWidget(self.grid)
            self._window.layout().addWidget(self.grid)
            self.placeholder.show()
            self._window.resize(max(960, self.grid.width()), max(540, self.grid.height()))
            self._window.open_on(QGuiApplication.screens(), self.window().screen())
            self.grid.show()
        else:
            window, self._window = self._window, None
            window.layout().removeWidget(self.grid)
            self._right.insertWidget(1, self.grid, 1)
            self.placeholder.hide()
            self.grid.setVisible(self.isVisible())
            window.hide()
            window.deleteLater()
        self.retranslate()

    # --- alarm pop-up -----------------------------------------------------------------------------

    def _on_store_changed(self, changes: list) -> None:
        if any(c.kind in ("alarm", "camera") for c in changes):
            self.update_popup()
        if self._first_run and any(c.kind == "camera" for c in changes):
            self._fill_first_wall()

    def _fill_first_wall(self, *_: Any) -> None:
        """The first time (no view kept yet) the wall opens on the first cameras of the tree, online
        ones first, not on empty tiles; from then on the view the operator left is restored."""
        if not self._first_run:
            return
        if not self.store.count("camera"):
            return  # the snapshot has not arrived yet
        self.tree.rebuild()  # now, not on its timer: the wall takes the tree's order
        ids = self.tree.visible_camera_ids() or [c["id"] for c in self.store.all("camera")]
        self._first_run = False
        if any(self.wall.assigned):
            return  # the operator was quicker
        online = sorted(ids, key=lambda cid: not (self.store.get("camera", cid) or {}).get("online"))
        self.wall.apply_preset({"layout": self.wall.layout.key, "cameras": online[:self.wall.layout.size]})

    # Laid out first while hidden (a dock tab behind the board, 200 px high), the splitter kept the
    # tree at the few pixels it had then and gave every later pixel to the tiles: the first time the
    # panel is seen at full width, once the splitter has that width, the tree gets its own
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_tree_soon()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_tree_soon()

    def _fit_tree_soon(self) -> None:
        if not self._split_fitted and self.isVisible() and self.width() >= 3 * TREE_WIDTH:
            QTimer.singleShot(0, self._fit_tree)

    def _fit_tree(self) -> None:
        width = self._split.width()
        if self._split_fitted or width < 3 * TREE_WIDTH:
            return
        self._split_fitted = True
        if self._split.sizes()[0] < TREE_WIDTH:
            self._split.setSizes([TREE_WIDTH, width - TREE_WIDTH])

    def update_popup(self, *_: Any) -> None:
        n = len(alarm_tiles(self.wall.layout))
        popup = popup_for(self.store.all("alarm"), self.store.all("camera"), n)
        if popup is not None:
            a = popup.alarm
            kind, message = type_name(a.get("type", "")), (a.get("message") or "").strip()
            # a message often is, or starts with, its event's name ("门禁强行开启: 锦绣华城小区南门"): say it once
            text = " ".join(x for x in (self.tr("ALARM"), "" if message.startswith(kind) else kind, message) if x)
            self.grid.alarm_text = text
        else:
            self.grid.alarm_text = ""
        self.wall.set_popup(popup)
        self.grid.refresh()

    # --- tours ------------------------------------------------------------------------------------

    def start_tour(self, camera_ids: list[str] | None = None, dwell: float | None = None) -> None:
        cams = camera_ids if camera_ids is not None else self.tree.visible_camera_ids()
        if not cams:
            self.status.setText(self.tr("No cameras to tour"))
            return
        self.wall.start_tour(cams, dwell if dwell is not None else self.dwell.value())

    def _on_tour_button(self) -> None:
        if self.wall.tour is None:
            self.start_tour()
        else:
            self.wall.stop_tour()

    def _on_tour_changed(self) -> None:
        tour = self.wall.tour
        if tour is None or self.wall.tour_paused:
            self._tour_timer.stop()
        elif not self._tour_timer.isActive() or self._tour_timer.interval() != int(tour.dwell * 1000):
            self._tour_timer.start(int(tour.dwell * 1000))
        self.retranslate()

    def _on_tour_timer(self) -> None:
        if self.wall.tour is not None and not self.wall.tour_paused:
            self.wall.next_page()
            self._tour_timer.start(int(self.wall.tour.dwell * 1000))  # a manual "next" restarts the dwell too

    # --- presets and layouts ----------------------------------------------------------------------

    def _restore_last_view(self) -> bool:
        """The wall comes back as it was left (layout and cameras), as a video wall's operators
        expect; False when no view was kept (the first run)."""
        last = self.presets.last()
        if last is None:
            return False
        try:
            self.wall.apply_preset(last)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            log.warning("wall: the last view in %s is unreadable (%s); starting empty", self.presets.path, exc)
        return True

    def _remember_view(self) -> None:
        try:
            self.presets.remember(self.wall.preset())
        except OSError as exc:  # a full or read-only disk costs the restore, not the wall
            log.warning("wall: cannot keep the last view in %s: %s", self.presets.path, exc)

    def _reload_presets(self) -> None:
        self.preset_box.clear()
        self.preset_box.addItem(self.tr("Presets…"), None)
        for name in self.presets.names():
            self.preset_box.addItem(name, name)

    def save_preset(self, name: str) -> None:
        self.presets.save(name, self.wall.preset())
        self._reload_presets()

    def apply_preset(self, name: str) -> None:
        self.wall.apply_preset(self.presets.presets[name])
        self._sync_layout_buttons()

    def _on_preset_chosen(self, row: int) -> None:
        name = self.preset_box.itemData(row)
        if name:
            self.apply_preset(name)

    def _ask_save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Preset name:"))
        if ok and name.strip():
            self.save_preset(name.strip())

    def _ask_custom_layout(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("Custom layout"), self.tr("Rows x columns (e.g. 3x5):"))
        if ok:
            try:
                rows, cols = (int(x) for x in text.lower().replace("×", "x").split("x"))
                self.wall.set_layout(custom_layout(rows, cols))
            except ValueError:
                self.status.setText(self.tr("Not a layout: %1").replace("%1", text))

    def _sync_layout_buttons(self) -> None:
        for key, b in self.layout_buttons.items():
            b.setChecked(key == self.wall.layout.key)

    # --- misc -------------------------------------------------------------------------------------

    def _on_tree_activated(self, camera_id: str) -> None:
        index = self.wall.place(camera_id)
        self.wall.set_solo(index)  # double-click in the tree: that camera, full screen
        self.grid.setFocus()

    def _on_snapshot(self, path: str) -> None:
        self.status.setText(self.tr("Snapshot saved: %1").replace("%1", path))

    def retranslate(self) -> None:
        self.custom_button.setText(self.tr("Custom…"))
        self.save_preset_button.setText(self.tr("Save preset"))
        self.dwell.setSuffix(self.tr(" s"))
        # "600 s" and the arrows; Qt's own hint is ~30 px wider, room the tour's page number needs
        self.dwell.setFixedWidth(self.dwell.minimumSizeHint().width() + 8)
        self.dwell.setToolTip(self.tr("Tour dwell time per page (at least 3 s)"))
        touring = self.wall.tour is not None
        self.tour_button.setText(self.tr("Stop tour") if touring else self.tr("Start tour"))
        self.pause_button.setText(self.tr("Resume") if self.wall.tour_paused else self.tr("Pause"))
        self.pause_button.setEnabled(touring)
        self.next_button.setText(self.tr("Next"))
        self.next_button.setEnabled(touring)
        self.detach_button.setText(self.tr("Attach wall") if self.detached else self.tr("Detach wall"))
        self.placeholder.setText(self.tr("The camera wall is in its own window."))
        if self.preset_box.count():
            self.preset_box.setItemText(0, self.tr("Presets…"))
        self.tour_button.setToolTip(self.tr("Tours the cameras listed in the tree (search narrows them) on the "
                                            "tour group, or on the whole wall without one. Ctrl+click tiles "
                                            "(or T) to make a tour group."))
        text = self._tour_text()
        if text or self._status_is_tour:  # a stopped tour's page number must not stay behind
            self.status.setText(text)
            self._status_is_tour = bool(text)

    def _tour_text(self) -> str:
        tour, group = self.wall.tour, self.wall.tour_group
        if tour is not None:
            # the group's tiles are marked on the wall: the page is all the toolbar has room for
            return self.tr("Tour page %1/%2").replace("%1", str(self.wall.tour_step + 1)).replace("%2", str(tour.pages))
        return self.tr("Tour group: %n tile(s)", "", len(group)) if group else ""

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.update_popup()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._window is not None:
            self.detach()
        super().closeEvent(event)
