"""Widgets floating over the map: the legend with layer switches, and the grid card (drill-down)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QPushButton,
                               QVBoxLayout, QWidget)

from console.map_stats import LEVEL_NAMES

from .dispatch_panel import ROLE_ZH
from .i18n import pick
from .map_view import FILLS, QML_THEME
from .theme import COLORS, STATUS_COLORS

OVERLAY_QSS = (f"QFrame#mapOverlay {{ background: rgba(19, 26, 34, 225); border: 1px solid {COLORS['border']};"
               f" border-radius: 8px; }} QFrame#mapOverlay QLabel {{ background: transparent; }}")


def _swatch(colour: str, round_: bool = False) -> QLabel:
    sw = QLabel()
    sw.setFixedSize(18, 18)
    sw.setStyleSheet(f"background: {colour}; border: 1px solid {COLORS['border']};"
                     f" border-radius: {9 if round_ else 3}px;")
    return sw


class MapLegend(QFrame):
    """Layer switches (grid levels and point layers) and the colour legend of the grid fill."""

    sig_layer_toggled = Signal(str, bool)
    sig_colour_mode = Signal(str)

    LAYERS = ("level1", "level2", "level3", "level4", "tickets", "alarms", "cameras", "gates", "party")
    MODES = ("open", "overdue", "density", "none")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapOverlay")
        self.setStyleSheet(OVERLAY_QSS)
        self.checks: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # always its size hint: nothing squeezed
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        swatches = {"tickets": _swatch(STATUS_COLORS["ok"], True), "alarms": _swatch(STATUS_COLORS["overdue"], True),
                    "cameras": _swatch(QML_THEME["camera"]), "gates": _swatch(QML_THEME["gate"]),
                    "party": _swatch(QML_THEME["party"])}
        for row, key in enumerate(self.LAYERS):
            box = QCheckBox()
            box.setChecked(True)
            box.toggled.connect(lambda on, k=key: self.sig_layer_toggled.emit(k, on))
            self.checks[key] = box
            grid.addWidget(box, row, 0)
            if key in swatches:
                grid.addWidget(swatches[key], row, 1)
        layout.addLayout(grid)
        self.sla_row = QLabel()  # the one status scheme, spelled out
        self.sla_row.setWordWrap(True)
        layout.addWidget(self.sla_row)
        self.mode = QComboBox()
        for m in self.MODES:
            self.mode.addItem("", m)
        self.mode.currentIndexChanged.connect(lambda i: self.sig_colour_mode.emit(self.mode.itemData(i)))
        layout.addWidget(self.mode)
        self.scale_box = QWidget()
        self.scale_layout = QGridLayout(self.scale_box)
        self.scale_layout.setContentsMargins(0, 0, 0, 0)
        self.scale_layout.setVerticalSpacing(2)
        layout.addWidget(self.scale_box)
        self._rows: list[tuple[str, str]] = []
        self.retranslate()

    def set_scale(self, rows: list[tuple[str, str]]) -> None:
        """The fill legend of the current frame: (tone, range text) rows."""
        if rows == self._rows:
            return
        self._rows = list(rows)
        while self.scale_layout.count():
            w = self.scale_layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        for i, (tone, text) in enumerate(rows):
            self.scale_layout.addWidget(_swatch(FILLS.get(tone, FILLS["none"])), i, 0)
            self.scale_layout.addWidget(QLabel(text), i, 1)
        self.adjustSize()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Layers"))
        names = {"level1": self.tr("Streets"), "level2": self.tr("Communities"), "level3": self.tr("Grids"),
                 "level4": self.tr("Micro-grids"), "tickets": self.tr("Tickets"), "alarms": self.tr("Alarms"),
                 "cameras": self.tr("Cameras"), "gates": self.tr("Gates"), "party": self.tr("Party organisations")}
        for key, box in self.checks.items():
            box.setText(names[key])
        modes = {"open": self.tr("Colour: open tickets"), "overdue": self.tr("Colour: overdue tickets"),
                 "density": self.tr("Colour: residents per km²"), "none": self.tr("Colour: none")}
        for i in range(self.mode.count()):
            self.mode.setItemText(i, modes[self.mode.itemData(i)])
        ok, risk, late = (f"<span style='color:{STATUS_COLORS[k]}'>●</span>" for k in ("ok", "at_risk", "overdue"))
        self.sla_row.setText(self.tr("%1 on time  %2 at risk  %3 overdue").replace("%1", ok).replace(
            "%2", risk).replace("%3", late))
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "mode"):
            self.retranslate()
        super().changeEvent(event)


class GridCard(QFrame):
    """The drill-down card of one grid: who runs it, who lives there, what is open, and "zoom into"."""

    sig_zoom_into = Signal(str)
    sig_closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapOverlay")
        self.setStyleSheet(OVERLAY_QSS)
        self.summary: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.setContentsMargins(14, 10, 14, 12)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setProperty("role", "panel-title")
        self.title.setWordWrap(True)
        self.close_button = QPushButton("✕")
        self.close_button.setFixedSize(44, 40)
        self.close_button.setStyleSheet("padding: 0; font-weight: bold;")  # the theme's padding hid the glyph
        self.close_button.clicked.connect(self._on_close)
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.body = QLabel()
        self.body.setMinimumWidth(340)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body)
        self.zoom_button = QPushButton()
        self.zoom_button.clicked.connect(lambda: self.summary and self.sig_zoom_into.emit(self.summary["id"]))
        layout.addWidget(self.zoom_button)
        self.hide()

    def show_summary(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        self.retranslate()
        self.show()
        self.raise_()

    def _on_close(self) -> None:
        self.hide()
        self.sig_closed.emit()

    def retranslate(self) -> None:
        self.zoom_button.setText(self.tr("Zoom into this grid"))
        s = self.summary
        if s is None:
            return
        zh, en = LEVEL_NAMES.get(s["level"], ("", ""))
        self.title.setText(f"{s['name']}")

        def row(label: str, value: Any, colour: str | None = None) -> str:
            v = f"<span style='color:{colour}'>{value}</span>" if colour else f"{value}"
            return f"<tr><td style='color:{COLORS['muted']}; padding-right:12px'>{label}</td><td>{v}</td></tr>"

        def person(p: dict) -> str:
            role = ROLE_ZH.get(p.get("role", ""), p.get("role", ""))
            phone = f" · {p['phone']}" if p.get("phone") else ""  # as the server sent it: masked per role
            return f"{p['name']}（{role}）{phone}"

        head = person(s["head"]) if s.get("head") else self.tr("none")
        workers = "<br>".join(person(p) for p in s["workers"][:8]) or self.tr("none")
        if len(s["workers"]) > 8:
            workers += "<br>" + self.tr("… and %1 more").replace("%1", str(len(s["workers"]) - 8))
        rows = [row(self.tr("Code"), s["code"]), row(self.tr("Level"), pick(zh, en)), row(self.tr("Head"), head),
                row(self.tr("Workers"), workers), row(self.tr("Households"), f"{s['households']:,}"),
                row(self.tr("Residents"), f"{s['population']:,}"),
                row(self.tr("Open tickets"), s["open"]),
                row(self.tr("Overdue tickets"), s["overdue"], STATUS_COLORS["overdue"] if s["overdue"] else None),
                row(self.tr("Cameras"), self.tr("%1 (%2 online)").replace("%1", str(s["cameras"])).replace(
                    "%2", str(s["cameras_online"])))]
        self.body.setText("<table>" + "".join(rows) + "</table>")
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "body"):
            self.retranslate()
        super().changeEvent(event)
