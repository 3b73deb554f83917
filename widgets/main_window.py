"""The console's main window: dockable panels, saved layouts, wall mode, runtime language switch.

Every panel is a QDockWidget (movable, closable, floatable) so a command center arranges its own
wall; the arrangement is kept in QSettings, and named layouts ("day shift", "incident") can be
saved and recalled. The status bar's connection indicator stays visible in wall mode: the people
in the room must always know whether what they see is live.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox, QWidget)

from widgets import i18n
from widgets.alarm_bar import AlarmBar, AlarmSounds
from widgets.bridge import bind
from widgets.panel_links import briefing_pages, connect_panels
from widgets.panels import PlannedPanel, load_panel
from widgets.screen_fit import SETTLE_MS, keep_on_screen
from widgets.status_indicator import StatusIndicator

log = logging.getLogger(__name__)

# key -> (English dock title, module, class); module None = a reserved place (PlannedPanel).
PANELS: dict[str, tuple[str, str | None, str | None]] = {
    "board": (QT_TRANSLATE_NOOP("MainWindow", "Ticket board"), "widgets.ticket_board", "TicketBoard"),
    "detail": (QT_TRANSLATE_NOOP("MainWindow", "Ticket detail"), "widgets.ticket_detail", "TicketDetail"),
    "alarms": (QT_TRANSLATE_NOOP("MainWindow", "Alarms"), None, None),
    "dispatch": (QT_TRANSLATE_NOOP("MainWindow", "Dispatch"), "widgets.dispatch_panel", "DispatchPanel"),
    "map": (QT_TRANSLATE_NOOP("MainWindow", "Map"), "widgets.map_panel", "MapPanel"),
    "cameras": (QT_TRANSLATE_NOOP("MainWindow", "Camera wall"), "widgets.camera_wall", "CameraWallPanel"),
    "charts": (QT_TRANSLATE_NOOP("MainWindow", "Charts"), "widgets.charts_panel", "ChartsPanel"),
}
BOARD_SHARE = 0.75  # of the window's width, in the default layout
STATE_VERSION = 1  # bump when docks are added/renamed: restoreState then ignores old layouts
LAYOUTS_GROUP = "layouts"


class MainWindow(QMainWindow):
    """Hosts the panels around one Store; `operations`/`session` are passed to each panel."""

    def __init__(self, store: Any, operations: Any, session: Any, *, settings: QSettings | None = None,
                 sounds: AlarmSounds | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        keep_on_screen(self)  # --wall and maximised on a wall PC's bare X session
        self._store = store
        self._operations = operations
        self._session = session
        self.briefing: QWidget | None = None
        self.settings = settings if settings is not None else QSettings()
        self.docks: dict[str, QDockWidget] = {}
        self.panels: dict[str, QWidget] = {}
        self._wall_restore_maximized = False

        # Qt requires a central widget; an empty hidden one lets the docks share the whole window.
        central = QWidget(self)
        central.hide()
        self.setCentralWidget(central)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.GroupedDragging)

        for key, (title, module, cls) in PANELS.items():
            if key == "alarms":
                widget: QWidget = AlarmBar(store, operations, session, sounds=sounds)
            elif module is None:
                widget = PlannedPanel(key, title)
            else:
                widget = load_panel(module, cls, store, operations, session)
            self._add_dock(key, widget)
        self.alarm_bar: AlarmBar = self.panels["alarms"]  # type: ignore[assignment]
        self.alarm_bar.sig_active_count_changed.connect(lambda _n: self._update_alarm_title())
        board_open = getattr(self.panels["board"], "sig_open_ticket", None)
        if board_open is not None:
            board_open.connect(self._on_open_ticket)
        connect_panels(self.panels, self.docks, self._on_open_ticket)

        self.status_indicator = StatusIndicator(store)
        self.user_label = QLabel()
        self.user_label.setObjectName("user_label")
        self.statusBar().addWidget(self.status_indicator, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        session_changed = getattr(session, "sig_changed", None)
        if session_changed is not None:
            bind(self, session_changed, self._on_session)

        self._arrange_default()
        self._default_state = self.saveState(STATE_VERSION)
        self._build_actions()
        self._build_menus()
        self._retranslate()

    # --- docks and layouts ----------------------------------------------------------------------

    def _add_dock(self, key: str, widget: QWidget) -> None:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")  # saveState/restoreState find docks by object name
        dock.setWidget(widget)
        dock.setFeatures(self._dock_features())
        self.docks[key] = dock
        self.panels[key] = widget
        on_screen = getattr(widget, "set_on_screen", None)
        if callable(on_screen):  # a covered tab stays "visible" to Qt: tell the panel to rest
            dock.visibilityChanged.connect(on_screen)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

    @staticmethod
    def _dock_features() -> QDockWidget.DockWidgetFeature:
        f = QDockWidget.DockWidgetFeature
        return f.DockWidgetMovable | f.DockWidgetClosable | f.DockWidgetFloatable

    def _arrange_default(self) -> None:
        """Board wide on the left (map, cameras, charts as tabs beside it); alarms, dispatch and
        detail stacked on the right, so a ticket can be dragged from the board onto the grid tree."""
        d = self.docks
        for dock in d.values():
            dock.setFloating(False)
            dock.show()
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, d["board"])
        for key in ("map", "cameras", "charts"):
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, d[key])
            self.tabifyDockWidget(d["board"], d[key])
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, d["alarms"])
        self.splitDockWidget(d["alarms"], d["dispatch"], Qt.Orientation.Vertical)
        self.splitDockWidget(d["dispatch"], d["detail"], Qt.Orientation.Vertical)
        d["board"].raise_()
        self._sized = False  # proportions need the real window size: applied on the first show

    def _size_default(self) -> None:
        """Board three quarters of the width (six columns of cards; the right docks read well at
        ~480 px on a 1920 px screen); on the right, alarms get the most height: they are what the
        room must not miss. (Two thirds had only held while the board's minimum width overrode it:
        once it could narrow, the cards were elided beside 690 px docks.)"""
        d, width, height = self.docks, self.width(), self.height()
        self.resizeDocks([d["board"], d["alarms"]], [int(width * BOARD_SHARE), int(width * (1 - BOARD_SHARE))],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([d["alarms"], d["dispatch"], d["detail"]],
                         [int(height * 0.42), int(height * 0.26), int(height * 0.32)], Qt.Orientation.Vertical)
        self._sized = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._sized:
            QTimer.singleShot(0, self._size_default_on_show)  # after the first layout pass

    def _size_default_on_show(self) -> None:
        self._size_default()
        shown = self.size()

        def settled() -> None:
            # a window manager (or screen_fit on a bare X session) gives the window its final size
            # after the show; the right docks took all the extra width (half a wall screen)
            if self.size() != shown:
                self._size_default()
        QTimer.singleShot(SETTLE_MS + 50, self, settled)  # not after the window is gone

    def reset_layout(self) -> None:
        if not self.restoreState(self._default_state, STATE_VERSION):
            self._arrange_default()
        self._size_default()

    def save_session(self) -> None:
        """Remember the current arrangement for the next start."""
        self.settings.setValue("window/state", self.saveState(STATE_VERSION))
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()

    def restore_session(self) -> bool:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        restored = isinstance(state, QByteArray) and self.restoreState(state, STATE_VERSION)
        self._sized = self._sized or restored  # a restored arrangement keeps its own sizes
        return restored

    @staticmethod
    def _layout_key(name: str) -> str:
        # QSettings treats "/" as a group separator; a layout name is one flat key.
        return f"{LAYOUTS_GROUP}/{name.strip().replace('/', '-').replace(chr(92), '-')}"

    def layout_names(self) -> list[str]:
        self.settings.beginGroup(LAYOUTS_GROUP)
        names = sorted(self.settings.childKeys())
        self.settings.endGroup()
        return names

    def save_layout(self, name: str) -> None:
        self.settings.setValue(self._layout_key(name), self.saveState(STATE_VERSION))
        self.settings.sync()

    def restore_layout(self, name: str) -> bool:
        state = self.settings.value(self._layout_key(name))
        restored = isinstance(state, QByteArray) and self.restoreState(state, STATE_VERSION)
        self._sized = self._sized or restored
        return restored

    def delete_layout(self, name: str) -> None:
        self.settings.remove(self._layout_key(name))

    # --- wall mode and language -----------------------------------------------------------------

    @property
    def wall_mode(self) -> bool:
        return self.named_actions["wall"].isChecked()

    def set_wall_mode(self, on: bool) -> None:
        """Full screen without menus; panels are locked in place so a stray click moves nothing."""
        if self.named_actions["wall"].isChecked() != on:
            self.named_actions["wall"].setChecked(on)  # re-enters through the toggled signal
            return
        self.menuBar().setVisible(not on)
        features = QDockWidget.DockWidgetFeature.NoDockWidgetFeatures if on else self._dock_features()
        for dock in self.docks.values():
            dock.setFeatures(features)
        follow = getattr(self.panels.get("map"), "set_follow", None)
        if callable(follow):  # on the wall, new alarms and urgent tickets pull the map to them
            follow(on, float(self.settings.value("wall/follow_return_s", 30.0)))
        if on:
            self._wall_restore_maximized = self.isMaximized()
            self.showFullScreen()
        elif self._wall_restore_maximized:
            self.showMaximized()
        else:
            self.showNormal()

    def set_language(self, lang: str) -> None:
        i18n.install_language(lang)
        self.settings.setValue("language", lang)
        self._sync_language_checks()

    # --- actions and menus ----------------------------------------------------------------------

    def _action(self, name: str, shortcut: str | None = None, slot: Any = None, checkable: bool = False) -> QAction:
        act = QAction(self)
        act.setObjectName(f"action_{name}")
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        if slot is not None:
            (act.toggled if checkable else act.triggered).connect(slot)
        # On the window too: shortcuts must work while the menu bar is hidden (wall mode).
        self.addAction(act)
        self.named_actions[name] = act
        return act

    def _build_actions(self) -> None:
        self.named_actions: dict[str, QAction] = {}
        self._action("quit", "Ctrl+Q", self.close)
        self._action("wall", "F11", self.set_wall_mode, checkable=True)
        self._action("save_layout", "Ctrl+Shift+S", self._on_save_layout)
        self._action("reset_layout", "Ctrl+Shift+R", self.reset_layout)
        self._action("toggle_language", "Ctrl+L", self._on_toggle_language)
        self._action("mute", "Ctrl+M", self._on_mute, checkable=True)
        self._action("focus_alarms", "Ctrl+Shift+A", self._on_focus_alarms)
        self._action("shortcuts", "F1", self._on_show_shortcuts)
        self._action("about", None, self._on_about)
        self._action("briefing", "F5", self.start_briefing)
        self._action("bulletin", "Ctrl+B", self._on_bulletin)
        group = QActionGroup(self)
        for lang in i18n.LANGUAGES:
            act = self._action(f"lang_{lang}", None, lambda checked, l=lang: checked and self.set_language(l), True)
            act.setText(i18n.NATIVE_NAMES[lang])  # each language names itself
            group.addAction(act)
        for n, dock in enumerate(self.docks.values(), start=1):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(f"Ctrl+{n}"))
            self.addAction(toggle)
        self._sync_language_checks()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for name in ("file", "view", "layout", "alarms", "language", "help"):
            self.menus[name] = bar.addMenu("")
        a, m = self.named_actions, self.menus
        m["file"].addAction(a["bulletin"])
        m["file"].addSeparator()
        m["file"].addAction(a["quit"])
        for dock in self.docks.values():
            m["view"].addAction(dock.toggleViewAction())
        m["view"].addSeparator()
        m["view"].addAction(a["wall"])
        m["view"].addAction(a["briefing"])
        m["layout"].addAction(a["save_layout"])
        self.restore_menu = m["layout"].addMenu("")
        self.delete_menu = m["layout"].addMenu("")
        self.restore_menu.aboutToShow.connect(self._on_fill_layout_menus)
        self.delete_menu.aboutToShow.connect(self._on_fill_layout_menus)
        m["layout"].addAction(a["reset_layout"])
        for act in (self.alarm_bar.action_ack, self.alarm_bar.action_to_ticket):
            m["alarms"].addAction(act)
            self.addAction(act)
        m["alarms"].addSeparator()
        m["alarms"].addAction(a["mute"])
        m["alarms"].addAction(a["focus_alarms"])
        m["language"].addAction(a["lang_zh_CN"])
        m["language"].addAction(a["lang_en"])
        m["language"].addSeparator()
        m["language"].addAction(a["toggle_language"])
        m["help"].addAction(a["shortcuts"])
        m["help"].addAction(a["about"])

    def _sync_language_checks(self) -> None:
        current = i18n.current_language() or i18n.DEFAULT_LANGUAGE
        for lang in i18n.LANGUAGES:
            act = self.named_actions[f"lang_{lang}"]
            act.blockSignals(True)
            act.setChecked(lang == current)
            act.blockSignals(False)

    # --- handlers -------------------------------------------------------------------------------

    def _on_open_ticket(self, ticket_id: str) -> None:
        show = getattr(self.panels["detail"], "show_ticket", None)  # absent on a failed-load panel
        if callable(show):
            show(ticket_id)
        self.docks["detail"].show()
        self.docks["detail"].raise_()

    def start_briefing(self) -> None:
        """Full-screen playlist on the screen this window is on; the map, camera wall and board are
        lent to it and come back to their docks when it ends (Esc)."""
        if self.briefing is not None:
            return
        from widgets.briefing import BriefingWindow

        titles = {key: self.tr(title) for key, (title, _m, _c) in PANELS.items()}
        self.briefing = BriefingWindow(self._store, self._operations, self._session,
                                       briefing_pages(self.docks, titles))
        self.briefing.sig_finished.connect(self._on_briefing_finished)
        self.briefing.start(self.screen())

    def _on_briefing_finished(self) -> None:
        briefing, self.briefing = self.briefing, None
        if briefing is not None:
            briefing.deleteLater()
        self.activateWindow()

    def _on_bulletin(self) -> None:
        from widgets.bulletin_dialog import BulletinDialog

        dialog = BulletinDialog(self._store, self._operations, self._session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _on_session(self) -> None:
        self._update_user_label()

    def _on_save_layout(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save layout"), self.tr("Layout name:"))
        if ok and name.strip():
            self.save_layout(name)

    def _on_fill_layout_menus(self) -> None:
        names = self.layout_names()
        for menu, slot in ((self.restore_menu, self.restore_layout), (self.delete_menu, self.delete_layout)):
            menu.clear()
            for name in names:
                menu.addAction(name, lambda n=name, s=slot: s(n))
            if not names:
                menu.addAction(self.tr("(no saved layouts)")).setEnabled(False)

    def _on_toggle_language(self) -> None:
        current = i18n.current_language() or i18n.DEFAULT_LANGUAGE
        self.set_language("en" if current == "zh_CN" else "zh_CN")

    def _on_mute(self, muted: bool) -> None:
        self.alarm_bar.sounds.muted = muted

    def _on_focus_alarms(self) -> None:
        self.docks["alarms"].show()
        self.docks["alarms"].raise_()
        self.alarm_bar.view.setFocus()

    def _on_show_shortcuts(self) -> None:
        rows = [f"{act.shortcut().toString(QKeySequence.SequenceFormat.NativeText):<16} {act.text().replace('&', '')}"
                for act in self.actions_with_shortcuts()]
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Keyboard shortcuts"), "\n".join(rows), parent=self)
        box.setStyleSheet("QLabel { font-family: monospace; }")
        box.exec()

    def actions_with_shortcuts(self) -> list[QAction]:
        return [a for a in self.actions() if not a.shortcut().isEmpty()]

    def _on_about(self) -> None:
        QMessageBox.about(self, self.tr("About Gridline"), self.tr(
            "Gridline — command-center console for community grid governance."))

    # --- language -------------------------------------------------------------------------------

    def _update_alarm_title(self) -> None:
        n = self.alarm_bar.active_count()
        title = self.tr("Alarms")
        self.docks["alarms"].setWindowTitle(f"{title} ({n})" if n else title)

    def _update_user_label(self) -> None:
        user = getattr(self._session, "user", None) or {}
        text = f"{user.get('name', '')} · {user.get('role', '')}" if user else self.tr("Not signed in")
        self.user_label.setText(text)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Gridline — grid governance command center"))
        for key, (title, _m, _c) in PANELS.items():
            self.docks[key].setWindowTitle(self.tr(title))
        self._update_alarm_title()
        self._update_user_label()
        texts = {
            "quit": self.tr("Quit"), "wall": self.tr("Wall mode (full screen)"),
            "save_layout": self.tr("Save layout as…"), "reset_layout": self.tr("Reset to default layout"),
            "toggle_language": self.tr("Switch language"), "mute": self.tr("Mute alarm sounds"),
            "focus_alarms": self.tr("Go to alarms"), "shortcuts": self.tr("Keyboard shortcuts"),
            "about": self.tr("About Gridline"), "briefing": self.tr("Briefing mode"),
            "bulletin": self.tr("Bulletin…"),
        }
        for name, text in texts.items():
            self.named_actions[name].setText(text)
        for name, text in (("file", self.tr("&File")), ("view", self.tr("&View")), ("layout", self.tr("La&yout")),
                           ("alarms", self.tr("&Alarms")), ("language", self.tr("Lan&guage")),
                           ("help", self.tr("&Help"))):
            self.menus[name].setTitle(text)
        self.restore_menu.setTitle(self.tr("Restore layout"))
        self.delete_menu.setTitle(self.tr("Delete layout"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "menus"):
            self._retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.briefing is not None:
            self.briefing.stop()  # the lent panels come home before the layout is saved
        grid = getattr(self.panels.get("cameras"), "grid", None)
        if grid is not None:
            grid.set_active(False)  # streams stop before the window goes away
        if self.wall_mode:
            self.set_wall_mode(False)  # remember the normal arrangement, not the locked one
        self.save_session()
        super().closeEvent(event)
