"""Stand-in panels of the main window: places reserved for later work, and panels that failed.

A reserved place says what will come there (no fake content on a duty-room wall), and a panel
whose module failed to import or construct says so in the error colour, with the reason, instead
of taking the whole console down.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from widgets.theme import set_tone

log = logging.getLogger(__name__)

# Reserved places: key -> description (English source, translated in context "Panels").
PLANNED = {
    "map": QT_TRANSLATE_NOOP(
        "Panels", "The street map will come here: grid boundaries of every level, open tickets and "
                  "active alarms at their locations, cameras and gates."),
    "cameras": QT_TRANSLATE_NOOP(
        "Panels", "The camera wall will come here: live video of the cameras nearest to the selected "
                  "alarm or ticket, and a chosen set of fixed views."),
    "charts": QT_TRANSLATE_NOOP(
        "Panels", "Charts will come here: closure rate, on-time closure rate, rework rate and overdue "
                  "counts per community, grid and category."),
}


NOT_BUILT = QT_TRANSLATE_NOOP("Panels", "not built yet")
LOAD_FAILED = QT_TRANSLATE_NOOP("Panels", "This panel failed to load")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Panels", text)


class _MessagePanel(QWidget):
    """A centred title and note; subclasses fill them and retranslate on language change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setProperty("role", "panel-title")
        self.note = QLabel()
        self.note.setProperty("role", "panel-note")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.title, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addStretch(2)

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PlannedPanel(_MessagePanel):
    """A named place on the wall that later work fills; it says what will come, nothing more."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._title = title  # English source, translated in context "MainWindow" like the dock title
        self.setObjectName(f"planned_{key}")
        set_tone(self.title, "muted")
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("MainWindow", self._title) + " — " + _tr(NOT_BUILT))
        self.note.setText(_tr(PLANNED[self.key]))


class LoadFailedPanel(_MessagePanel):
    """Shown in place of a panel whose module could not be imported or built."""

    def __init__(self, module: str, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.module = module
        self.error = error
        self.setObjectName(f"failed_{module.rsplit('.', 1)[-1]}")
        set_tone(self.title, "overdue")
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_tr(LOAD_FAILED))
        self.note.setText(f"{self.module}\n{type(self.error).__name__}: {self.error}")


def load_panel(module: str, class_name: str, *args: Any, **kwargs: Any) -> QWidget:
    """`module.class_name(*args, **kwargs)`, or a `LoadFailedPanel` saying why it could not be built.

    Catches everything: a broken panel (even a syntax error in it) must not stop the alarms.
    """
    try:
        cls = getattr(importlib.import_module(module), class_name)
        return cls(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 -- reported on screen and in the log
        log.error("panel %s.%s failed to load:\n%s", module, class_name, traceback.format_exc())
        return LoadFailedPanel(module, exc)
