"""What ties the main window's panels together: one panel asks, another shows.

- the map asks for a ticket → ticket detail; for a camera → the camera wall (its dock raised);
- the alarm bar's current alarm → the map flies to it (the duty officer sees where it is);
- briefing mode borrows the map, camera wall and board from their docks and gives them back.

Kept out of main_window.py so that the window stays about docks, layouts and menus; every link
is tolerant of a panel that failed to load (a LoadFailedPanel has none of these methods).
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

log = logging.getLogger(__name__)

# Pages of a briefing, in order: (key, seconds on screen, lent by a dock or None = built by the briefing).
BRIEFING_PAGES: list[tuple[str, float, str | None]] = [
    ("kpi", 20, None), ("map", 30, "map"), ("tickets", 20, None), ("cameras", 30, "cameras"),
    ("board", 20, "board"), ("population", 20, None), ("staff", 15, None), ("alarms", 15, None),
]


def connect_panels(panels: dict[str, QWidget], docks: dict[str, QDockWidget],
                   open_ticket: Callable[[str], None]) -> None:
    """Connect what each panel offers to what the others can do."""
    map_panel, wall, alarms = panels.get("map"), panels.get("cameras"), panels.get("alarms")

    def show_camera(camera_id: str) -> None:
        show = getattr(wall, "show_camera", None)
        if callable(show):
            docks["cameras"].show()
            docks["cameras"].raise_()
            show(camera_id)

    if hasattr(map_panel, "sig_open_ticket"):
        map_panel.sig_open_ticket.connect(open_ticket)
    if hasattr(map_panel, "sig_show_camera"):
        map_panel.sig_show_camera.connect(show_camera)
    focus = getattr(map_panel, "focus", None)
    view = getattr(alarms, "view", None)
    if callable(focus) and view is not None:
        def follow_alarm(*_: Any) -> None:
            alarm = alarms.selected_alarm()
            if alarm is not None:
                focus("alarm", alarm["id"])

        view.selectionModel().currentChanged.connect(follow_alarm)


class DockLender:
    """Lends a dock's panel to the briefing window and takes it back, leaving a note meanwhile."""

    def __init__(self, dock: QDockWidget) -> None:
        self.dock = dock
        self._note: QLabel | None = None

    def take(self) -> QWidget:
        widget = self.dock.widget()
        self._note = QLabel(QCoreApplication.translate("PanelLinks", "Shown in briefing mode"))
        self._note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._note.setProperty("role", "panel-note")
        self.dock.setWidget(self._note)  # the dock lets go of the panel (it is reparented by the briefing)
        return widget

    def give_back(self, widget: QWidget) -> None:
        self.dock.setWidget(widget)
        widget.show()
        if self._note is not None:
            self._note.deleteLater()
            self._note = None


def briefing_pages(docks: dict[str, QDockWidget], titles: dict[str, str]) -> list[Any]:
    """The briefing playlist: built-in chart pages and the lent panels (skipping failed panels)."""
    from widgets.briefing import BUILT_IN, BriefingPage
    from widgets.panels import LoadFailedPanel

    pages = []
    for key, dwell, dock_key in BRIEFING_PAGES:
        if dock_key is None:
            pages.append(BriefingPage(key, BUILT_IN.get(key, key), dwell))
        elif dock_key in docks and not isinstance(docks[dock_key].widget(), LoadFailedPanel):
            pages.append(BriefingPage(key, titles.get(dock_key, key), dwell, DockLender(docks[dock_key])))
    return pages
