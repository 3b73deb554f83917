"""The filter and sort bar above the ticket board.

It only builds a `console.board.Filter` from its controls and says when it changed; the board
model does the filtering. The community and grid lists come from the Store's regions.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from console import board

from .bridge import bind
from .i18n import pick
from .ticket_card import CATEGORY_ZH, PRIORITY_ZH, SOURCE_ZH
from .ticket_models import SORTS

SORTS_EN = {"urgency": "urgency", "oldest": "oldest first", "newest": "newest first"}


COMBO_MIN_PX = 96


class FilterBar(QWidget):
    """Community, grid, category, source, priority, overdue-only, text search and sort."""

    sig_filter_changed = Signal(object)
    """A new console.board.Filter."""
    sig_sort_changed = Signal(str)
    """A key of ticket_models.SORTS."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.community = self._combo("", [])
        self.grid = self._combo("", [])
        self.category = self._combo("", sorted(CATEGORY_ZH.items(), key=lambda kv: kv[1]))
        self.source = self._combo("", list(SOURCE_ZH.items()))
        self.priority = self._combo("", list(PRIORITY_ZH.items()))
        self.overdue = QCheckBox()
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search.setMinimumWidth(112)  # it takes all the room left; at 160 the English window missed a laptop
        self.sort = QComboBox()
        for key in SORTS:
            self.sort.addItem("", key)
        # Each combo is as wide as its words when there is room, and may narrow (eliding them) when
        # not: at their words' width the English filter row alone needed 1441 px, and with the docks
        # beside it the window no longer fitted a 1920 px screen
        for combo in (self.community, self.grid, self.category, self.source, self.priority, self.sort):
            combo.setMinimumWidth(COMBO_MIN_PX)
        self._retranslate()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.community, self.grid, self.category, self.source, self.priority, self.overdue):
            layout.addWidget(w)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.sort)

        # Typing is debounced: one re-filter per pause, not one per keystroke over 10,000 tickets.
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self._emit_filter)
        self.search.textChanged.connect(self._typing.start)
        self.community.currentIndexChanged.connect(self._on_community)
        for combo in (self.grid, self.category, self.source, self.priority):
            combo.currentIndexChanged.connect(self._emit_filter)
        self.overdue.toggled.connect(self._emit_filter)
        self.sort.currentIndexChanged.connect(lambda _: self.sig_sort_changed.emit(self.sort.currentData()))
        bind(self, store.sig_reset, self._on_store_reset)
        bind(self, store.sig_changed, self._on_store_changed)
        self._fill_regions()

    def _retranslate(self) -> None:
        """Texts in the current language; the item data (codes) and the selection stay."""
        for combo, text in ((self.community, self.tr("All communities")), (self.grid, self.tr("All grids")),
                            (self.category, self.tr("All categories")), (self.source, self.tr("All sources")),
                            (self.priority, self.tr("All priorities"))):
            combo.setItemText(0, text)
        for combo, table in ((self.category, CATEGORY_ZH), (self.source, SOURCE_ZH), (self.priority, PRIORITY_ZH)):
            for i in range(1, combo.count()):
                combo.setItemText(i, table.get(combo.itemData(i), combo.itemData(i)))
        self.overdue.setText(self.tr("Overdue only"))
        self.search.setPlaceholderText(self.tr("Search id / title / address …"))
        for i in range(self.sort.count()):
            key = self.sort.itemData(i)
            self.sort.setItemText(i, self.tr("Sort: %1").replace("%1", pick(SORTS[key], SORTS_EN.get(key, key))))

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "sort"):
            self._retranslate()
        super().changeEvent(event)

    @staticmethod
    def _combo(everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for code, name in items:
            combo.addItem(name, code)
        return combo

    def current_filter(self) -> Any:
        """The Filter the controls describe now."""
        return board.Filter(community=self.community.currentData(), grid=self.grid.currentData(),
                            category=self.category.currentData(), source=self.source.currentData(),
                            priority=self.priority.currentData(), overdue_only=self.overdue.isChecked(),
                            text=self.search.text().strip())

    def _emit_filter(self, *_: Any) -> None:
        self._typing.stop()
        self.sig_filter_changed.emit(self.current_filter())

    # --- region lists ---------------------------------------------------------------------------

    def _regions(self, level: int, parent_id: str | None = None) -> list[tuple[str, str]]:
        found = [r for r in self._store.all("region") if r.get("level") == level
                 and (parent_id is None or r.get("parent_id") == parent_id)]
        return [(r["id"], r.get("name", r["id"])) for r in sorted(found, key=lambda r: r.get("code") or r["id"])]

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        with QSignalBlocker(combo):
            while combo.count() > 1:
                combo.removeItem(1)
            for code, name in items:
                combo.addItem(name, code)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep is not None else 0)

    def _fill_regions(self) -> None:
        self._refill(self.community, self._regions(2))
        self._refill(self.grid, self._regions(3, self.community.currentData()))

    def _on_community(self, *_: Any) -> None:
        self._refill(self.grid, self._regions(3, self.community.currentData()))
        self._emit_filter()

    def _on_store_reset(self) -> None:
        self._fill_regions()

    def _on_store_changed(self, changes: list) -> None:
        if any(c.kind == "region" for c in changes):  # grids are rarely edited: refill on the spot
            self._fill_regions()
